"""The library's front door: load, replay, query and serialise, as the CLI and notebooks use them.

>>> from orgsim.api import load, replay_scenario
>>> scenario = load("scenarios/cbp-2022.yaml")
>>> history = replay_scenario(scenario)
>>> history.who("cbp-commissioner", datetime.date(2022, 11, 13)).holder
'troy-miller'
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from orgsim.engine import Check, History, Holding, Moment, Succession, paused_gc, replay
from orgsim.errors import EventError, Mark, ScenarioError, ScenarioErrors
from orgsim.events import Transition, describe
from orgsim.model import ActVerdict, Change, Finding, Lawfulness, State
from orgsim.scenario import Scenario, load_scenario, parse_scenario
from orgsim.scenario.located import load_located
from orgsim.scenario.spec import BranchSpec

if TYPE_CHECKING:
    # Imported where used: a question such as `orgsim who` does not load the importers.
    from orgsim.interop import Imported

__all__ = [
    "act_json",
    "act_words",
    "branch_checks",
    "check_expectations",
    "checked_import",
    "event_errors",
    "finding_json",
    "holding_json",
    "horizon",
    "lawful_json",
    "load",
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


def load(path: str | Path) -> Scenario:
    """Read and check a scenario file (raises ScenarioErrors with every problem located)."""
    return load_scenario(path)


def replay_scenario(scenario: Scenario, *, until: dt.date | None = None) -> History:
    """Replay a scenario; an impossible event becomes a located ScenarioErrors."""
    try:
        with paused_gc():
            transitions = list(
                replay(scenario.initial, scenario.events, scenario.settings, until=until)
            )
    except EventError as err:
        raise ScenarioErrors([scenario.locate(err)]) from None
    return History(scenario.initial, transitions, scenario.settings)


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
    return History(start, transitions, scenario.settings, legal=legal)


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


def checked_import(imported: Imported, *, source: str) -> tuple[str, Scenario]:
    """An importer's result as YAML text, and the scenario it loads as, checked by loading
    and replaying it.

    The output file does not exist yet, so a problem found here is reported where the item
    it concerns came from in the input `source` (from the importer's origins).
    """
    from orgsim.interop import dump_scenario

    text = dump_scenario(imported.data, source=Path(source).name)
    try:
        scenario = parse_scenario(text.encode("utf-8"), "(imported scenario)")
        replay_scenario(scenario)
    except ScenarioErrors as err:
        raise ScenarioErrors([_in_input(e, text, imported, source) for e in err.errors]) from None
    return text, scenario


def _in_input(error: ScenarioError, text: str, imported: Imported, source: str) -> ScenarioError:
    """A problem in the scenario an import made, moved to the input item it came from."""
    if error.mark is not None:
        _, marks = load_located(text.encode("utf-8"), "(imported scenario)")
        spot = (error.mark.line, error.mark.column)
        table = {(m.line, m.column): p for p, m in (*marks.keys.items(), *marks.values.items())}
        path = table.get(spot)
        while path is not None:
            if path in imported.origins:
                return ScenarioError(error.message, imported.origins[path])
            path = path[:-1] if path else None
    return ScenarioError(
        f"the data does not make a valid scenario: {error.message}", Mark(source, 1, 1)
    )


def require_post(scenario: Scenario, post_id: str, state: State) -> str:
    """The post meant by `post_id`: its id, or a unique title match (see `resolve_post`)."""
    return resolve_post(state, post_id)


def _matches(text: str, *fields: str) -> int:
    """How well `text` names a record: 2 whole (id, title or name), 1 in part, 0 not at all."""
    wanted = " ".join(text.casefold().split())
    values = [" ".join(f.casefold().split()) for f in fields if f]
    if wanted in values:
        return 2
    return 1 if wanted and any(wanted in v for v in values) else 0


def match_posts(state: State, text: str) -> list[str]:
    """Posts whose id or title is `text` (ignoring case and spacing), else contains it."""
    scores = {p.id: _matches(text, p.id, p.title) for p in state.posts.values()}
    best = max(scores.values(), default=0)
    return sorted(p for p, score in scores.items() if score == best and best)


def match_people(state: State, text: str) -> list[str]:
    """People whose id or name is `text` (ignoring case and spacing), else contains it."""
    scores = {pid: _matches(text, pid, state.people[pid].name) for pid in state.people}
    best = max(scores.values(), default=0)
    return sorted(p for p, score in scores.items() if score == best and best)


def resolve_post(state: State, text: str) -> str:
    """The id of the post `text` names: an id, or a title (whole or in part) that only one post
    matches. Otherwise a clean error that lists the candidates, says when `text` is a person
    (and what they hold), or suggests a close id."""
    if text in state.posts:
        return text
    found = match_posts(state, text)
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        listed = "; ".join(f"`{p}` ({state.title(p)})" for p in found[:8])
        more = f" and {len(found) - 8} more" if len(found) > 8 else ""
        raise _one_error(f"`{text}` matches {len(found)} posts: {listed}{more}; give its id")
    people = [text] if text in state.people else match_people(state, text)
    if len(people) == 1:
        person = people[0]
        held = list(state.held_by(person))
        what = (
            "; ".join(f"`{t.post}` ({state.title(t.post)})" for t in held)
            if held
            else f"no post on {state.date.isoformat()}"
        )
        raise _one_error(
            f"`{text}` is a person ({state.name(person)}, `{person}`), not a post; they hold {what}"
        )
    import difflib

    close = difflib.get_close_matches(text, list(state.posts.keys()), n=1)
    hint = f"; did you mean `{close[0]}`?" if close else ""
    raise _one_error(f"unknown post `{text}`{hint} (`orgsim list posts` lists them)")


def resolve_person(state: State, text: str) -> str:
    """The id of the person `text` names: an id, or a name (whole or in part) only one person
    matches; otherwise a clean error listing the candidates or saying `text` is a post."""
    if text in state.people:
        return text
    found = match_people(state, text)
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        listed = "; ".join(f"`{p}` ({state.name(p)})" for p in found[:8])
        raise _one_error(f"`{text}` matches {len(found)} people: {listed}; give their id")
    if text in state.posts or len(match_posts(state, text)) == 1:
        post = text if text in state.posts else match_posts(state, text)[0]
        holder = state.holdings.get(post)
        who = f"held by `{holder.person}` ({state.name(holder.person)})" if holder else "not held"
        raise _one_error(f"`{text}` is a post ({state.title(post)}), not a person; it is {who}")
    raise _one_error(f"unknown person `{text}` (`orgsim list people` lists them)")


def _one_error(message: str) -> ScenarioErrors:
    return ScenarioErrors([ScenarioError(message)])


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
