"""Replaying a loaded scenario: the main line, its what-if branches and their checks, and the
answers as plain data. `orgsim.api` offers all of it; `orgsim.explore` builds on it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from orgsim.engine import Check, History, Holding, Moment, Succession, paused_gc, replay
from orgsim.engine.history import not_on_that_day
from orgsim.errors import EventError, ScenarioError, ScenarioErrors, UnknownPost
from orgsim.events import Transition, describe, describe_legal
from orgsim.model import ActVerdict, Change, Finding, Lawfulness, State
from orgsim.model.lookup import match_people, match_posts, resolve_person, resolve_post
from orgsim.scenario import Scenario
from orgsim.scenario.spec import BranchSpec

__all__ = [
    "act_json",
    "act_words",
    "branch_checks",
    "check_expectations",
    "event_errors",
    "finding_json",
    "holding_json",
    "horizon",
    "lawful_json",
    "match_people",
    "match_posts",
    "replay_branch",
    "replay_day",
    "replay_scenario",
    "require_post",
    "resolve_person",
    "resolve_post",
    "succession_json",
    "transition_json",
]


def replay_scenario(scenario: Scenario, *, until: dt.date | None = None) -> History:
    """Replay a scenario; an impossible event becomes a located ScenarioErrors."""
    try:
        with paused_gc():
            transitions = list(
                replay(scenario.initial, scenario.events, scenario.settings, until=until)
            )
    except EventError as err:
        raise ScenarioErrors([scenario.locate(err)]) from None
    return History(scenario.initial, transitions, scenario.settings, title=scenario.title)


def replay_day(scenario: Scenario, day: dt.date) -> Moment:
    """Replay a scenario to the end of `day` only, keeping only that day: the answers a
    question about one date needs, as `replay_scenario` would give them, at the cost of the
    events up to that day. (An impossible event after `day` is not seen.)

    >>> replay_day(scenario, datetime.date(2022, 11, 13)).who(
    ...     "cbp-commissioner", datetime.date(2022, 11, 13)
    ... ).holder
    'troy-miller'
    """
    try:
        return Moment(scenario.initial, scenario.events, scenario.settings, day=day)
    except EventError as err:
        raise ScenarioErrors([scenario.locate(err)]) from None


def replay_branch(
    scenario: Scenario,
    branch: BranchSpec,
    *,
    main: History | None = None,
    until: dt.date | None = None,
) -> History:
    """Replay a what-if: the main line's state on the branch's `from` date, then its events.

    >>> main = replay_scenario(scenario)
    >>> what_if = replay_branch(scenario, scenario.branches[0], main=main)

    The branch's history starts from that state, so its `state_at` before `from` is that state.
    """
    main = main or replay_scenario(scenario)
    point = main.point_at(branch.from_)
    start, legal = point.state, point.legal
    try:
        transitions = list(
            replay(start, branch.events, scenario.settings, until=until, legal=legal)
        )
    except EventError as err:
        b = scenario.branches.index(branch) if branch in scenario.branches else None
        if b is None:
            raise ScenarioErrors([ScenarioError(f"what-if: {err.message}")]) from None
        path: tuple[str | int, ...] = ("branches", b)
        if err.index is not None:
            path = (*path, "events", err.index, *((err.field,) if err.field else ()))
        raise ScenarioErrors([ScenarioError(err.message, scenario.mark_of(path))]) from None
    title = f"{scenario.title}: {branch.title}"
    return History(start, transitions, scenario.settings, legal=legal, title=title)


def branch_checks(branch: BranchSpec, history: History) -> list[Check]:
    """Every expectation of a branch, checked against the branch's history."""
    return [history.check(x) for x in branch.expect]


def event_errors(scenario: Scenario) -> list[ScenarioError]:
    """Every event that cannot happen in the state it meets, each located, in one pass."""
    errors: list[EventError] = []
    for _ in replay(scenario.initial, scenario.events, scenario.settings, errors=errors):
        pass
    return [scenario.locate(err) for err in errors]


def horizon(scenario: Scenario) -> dt.date:
    """The last date the scenario speaks of: its last event or its last expectation."""
    dates = [scenario.initial.date]
    dates.extend(e.date for e in scenario.events)
    dates.extend(x.at for x in scenario.expectations if x.at is not None)
    return max(dates)


def check_expectations(scenario: Scenario, history: History) -> list[Check]:
    """Every expectation of the scenario, checked against the history."""
    return [history.check(x) for x in scenario.expectations]


def require_post(scenario: Scenario, post_id: str, state: State) -> str:
    """The post meant by `post_id`: its id, or a unique title match (see `resolve_post`); for
    a post of the scenario that does not exist on the state's date, an UnknownPost that says
    when it does."""
    try:
        return resolve_post(state, post_id)
    except UnknownPost:
        absent = not_on_that_day(scenario.initial, scenario.events, post_id, state.date)
        if absent is None:
            raise
        raise absent from None


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def lawful_json(h: Holding, state: State | None = None) -> dict[str, Any]:
    """The legal timeline's answer for the post on the asked date, as plain data."""
    names = {h.holder: h.name or h.holder} if h.holder is not None else {}

    def _person(_: None, person: str | None, names: dict[str, str]) -> Any:
        if person is None:
            return None
        return {
            "id": person,
            "name": names.get(person) or (state.name(person) if state else person),
        }

    s = h.legal
    if s is None:
        # The law says nothing beyond "its holder holds it" (or nobody is recorded).
        return {
            "holder": _person(None, h.holder, names),
            "determined": True,
            "status": str(Lawfulness.LAWFUL) if h.holder else None,
            "provision": h.basis if h.holder else None,
            "route": None,
            "until": None,
            "until_reason": None,
            "until_citation": None,
            "reasons": [],
            "missing": [],
            "duties": None,
            "reserved": None,
        }
    return {
        "holder": _person(None, s.lawful, names),
        "determined": s.determined,
        "status": str(s.status) if s.status is not None else None,
        "provision": s.provision or None,
        "route": str(s.route) if s.route is not None else None,
        "basis": s.basis or None,
        "until": _iso(s.until),
        "until_reason": s.until_reason,
        "until_citation": s.until_citation,
        "reasons": [
            {"rule": str(r.rule), "citation": r.citation, "text": r.text, "status": str(r.status)}
            for r in s.reasons
        ],
        "missing": list(s.missing),
        "duties": (
            {**_person(None, s.duties, names), "status": str(s.duties_status)}
            if s.duties is not None
            else None
        ),
        "reserved": s.reserved,
    }


def holding_json(h: Holding, state: State | None = None) -> dict[str, Any]:
    """The `who --json` object: the recorded holder at the top level, the legal timeline's
    answer under `lawful`; with the state of that day, the holder's identifiers (a Wikidata
    QID...) and the id of the record the holding comes from, when there are any."""
    holder: dict[str, Any] | None = {"id": h.holder, "name": h.name} if h.holder else None
    if holder is not None and state is not None:
        person = state.people.get(h.holder) if h.holder else None
        if person is not None and person.identifiers:
            holder["identifiers"] = [
                {"scheme": i.scheme, "identifier": i.identifier} for i in person.identifiers
            ]
        tenure = state.holdings.get(h.post)
        if tenure is not None and tenure.ref:
            holder["record"] = tenure.ref
    return {
        "post": h.post,
        "at": h.at.isoformat(),
        "holder": holder,
        "capacity": h.capacity,
        "since": _iso(h.since),
        "since_note": h.since_note,
        "basis": h.basis,
        "route": h.route,
        "claimed_by": h.claimed_by,
        "assumed": h.assumed,
        "hypothetical": h.hypothetical,
        "lawful": lawful_json(h, state),
    }


def act_words(v: ActVerdict, state: State) -> str:
    """What an act did, in words: a designation, a delegation, an order, or the act as told."""
    subject = state.name(v.subject) if v.subject else ""
    office = state.title(v.post) if v.post else "the office"
    if v.kind == "designation":
        return f"designates {subject} to act as {office} ({v.what})"
    if v.kind == "delegation":
        return f"delegates the duties of the {office} to {subject}"
    if v.kind == "recess-appointment":
        return f"appoints {subject} as {office} during a recess ({v.what})"
    return v.what


def act_json(v: ActVerdict, state: State) -> dict[str, Any]:
    """One act and its verdict, for `orgsim acts --json`."""
    return {
        "act": v.act,
        "kind": v.kind,
        "date": v.date.isoformat(),
        "post": v.post,
        "by": {"id": v.person, "name": state.name(v.person)} if v.person else None,
        "subject": {"id": v.subject, "name": state.name(v.subject)} if v.subject else None,
        "what": act_words(v, state),
        "verdict": str(v.status),
        "citation": v.citation,
        "reasons": list(v.reasons),
        "missing": list(v.missing),
        "reserved": v.reserved,
        "rests_on": v.rests_on,
        "ratified_by": v.ratified_by,
        "ratified_on": _iso(v.ratified_on),
        "ratified_in": v.ratified_in,
        "hypothetical": v.hypothetical,
    }


def finding_json(f: Finding) -> dict[str, Any]:
    """One finding as plain data."""
    return {
        "level": str(f.level),
        "rule": f.rule,
        "citation": f.citation,
        "message": f.message,
        "date": f.date.isoformat(),
        "post": f.post,
        "person": f.person,
        "until": _iso(f.until),
    }


def _change_json(c: Change) -> dict[str, Any]:
    return {
        "kind": str(c.kind),
        "post": c.post,
        "person": c.person,
        "capacity": c.capacity,
        "basis": c.basis,
        "detail": c.detail,
    }


def transition_json(t: Transition) -> dict[str, Any]:
    """One transition as plain data for `timeline --json`."""
    return {
        "seq": t.seq,
        "date": t.event.date.isoformat(),
        "kind": t.event.kind,
        "index": t.index,
        "derived": t.derived,
        "timeline": t.timeline,
        "cause": t.cause,
        "hypothetical": t.event.hypothetical,
        "description": describe(t.event, t.before),
        "changes": [_change_json(c) for c in t.changes],
        "findings": [finding_json(f) for f in t.findings],
        # What changed in the legal timeline, as the text's `law:` lines say it.
        "legal": describe_legal(t),
    }


def succession_json(s: Succession, state: State) -> dict[str, Any]:
    """The `succession --json` object."""
    return {
        "post": s.post,
        "at": s.at.isoformat(),
        "line": [
            {
                "post": c.post,
                "holder": {"id": c.person, "name": state.name(c.person)} if c.person else None,
                "eligible": c.eligible,
                # Three-valued, as the text says it: `eligible` alone cannot tell "no" from
                # "cannot be told on the facts recorded".
                "status": str(c.status),
                "reason": c.reason,
                "basis": c.basis,
                "route": c.route,
            }
            for c in s.line
        ],
        "would_act": dict(s.would_act),
        "determined": dict(s.determined),
        "why_nobody": s.why_nobody,
    }
