"""What-if, diff and depth: questions that replay a scenario and compare states.

>>> import datetime
>>> from orgsim import api, explore
>>> scenario = api.load("scenarios/cbp-2022.yaml")
>>> main = api.replay_scenario(scenario)
>>> answer = explore.what_if(scenario, main, datetime.date(2022, 11, 20), ["resign troy-miller"])
>>> answer.branch.holder("cbp-commissioner") is None
True
>>> [d.depth for d in explore.succession_depth(main, datetime.date(2022, 11, 13))]
[1, 1, 2, None]

Builds on `orgsim.replays`; the front door (`orgsim.api`) offers it, and nothing below imports it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import attrs
from attrs import evolve, frozen

from orgsim import replays
from orgsim.engine import Check, History, replay
from orgsim.errors import EventError, ScenarioError, ScenarioErrors
from orgsim.events import Event, Note, Transition, describe, describe_legal
from orgsim.interop import departure_events, parse_event, to_popolo
from orgsim.model import Appointment, Change, ChangeKind, Finding, Legal, State, Tenure
from orgsim.model.diff import diff_states
from orgsim.model.lookup import as_date
from orgsim.render.atlas import DEFAULT_MAX_BOXES
from orgsim.render.backend import DEFAULT_TIMEOUT
from orgsim.render.branch import BranchRow, write_branch_page
from orgsim.scenario import Scenario
from orgsim.scenario.spec import BranchSpec

__all__ = [
    "Depth",
    "DepthStep",
    "Diff",
    "WhatIf",
    "branch_rows",
    "change_json",
    "depth_json",
    "diff",
    "diff_json",
    "export_popolo",
    "holder_json",
    "past_tenures",
    "rule_steps",
    "succession_depth",
    "what_if",
    "what_if_json",
    "write_branch_pages",
]


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def change_json(change: Change, before: State, after: State) -> dict[str, Any]:
    """One change as plain data, with titles and names looked up."""
    person = change.person
    return {
        "kind": str(change.kind),
        "post": change.post,
        "title": (after if change.post in after.posts else before).title(change.post),
        "person": {"id": person, "name": after.name(person) or before.name(person)}
        if person
        else None,
        "capacity": change.capacity,
        "basis": change.basis,
        "detail": change.detail,
    }


# --- Popolo ----------------------------------------------------------------------------------


def past_tenures(history: History, day: dt.date) -> list[Tenure]:
    """Every tenure that ended on or before `day`, with its end date set."""
    ended: list[Tenure] = []
    for t in history.transitions_until(day):
        for change in t.changes:
            if change.kind is ChangeKind.LEFT and change.post is not None:
                tenure = t.before.holder(change.post)
                if tenure is not None:
                    ended.append(evolve(tenure, end=t.event.date))
            elif change.kind is ChangeKind.CAPACITY and change.post is not None:
                tenure = t.before.holder(change.post)
                if tenure is not None:
                    ended.append(evolve(tenure, end=t.event.date))
    return ended


def export_popolo(
    scenario: Scenario, history: History, day: dt.date, *, with_past: bool = False
) -> dict[str, Any]:
    """The state on `day` as a Popolo document (with ended memberships too, if asked)."""
    past = past_tenures(history, day) if with_past else ()
    return to_popolo(
        history.state_at(day),
        title=scenario.title,
        settings=scenario.settings,
        past=past,
        start=history.initial.date if with_past else None,
        # Only a history says which steps the rules took: an import of a snapshot takes its
        # holders as they stand.
        derived=rule_steps(history, day, (ChangeKind.ARRIVED, ChangeKind.CAPACITY))
        if with_past
        else (),
        ended_by_rule=rule_steps(history, day, (ChangeKind.LEFT, ChangeKind.CAPACITY))
        if with_past
        else (),
    )


def rule_steps(
    history: History, day: dt.date, kinds: tuple[ChangeKind, ...]
) -> set[tuple[str, str, dt.date]]:
    """The (post, person, date) of every change of these kinds that a rule made by `day`:
    with ARRIVED, the tenures a rule began; with LEFT, those a rule ended."""
    made: set[tuple[str, str, dt.date]] = set()
    for t in history.transitions_until(day):
        if t.derived:
            for change in t.changes:
                if change.kind in kinds and change.person and change.post is not None:
                    made.add((change.post, change.person, t.event.date))
    return made


# --- diff ------------------------------------------------------------------------------------


@frozen
class Diff:
    """What differs between two dates, as recorded and in law, and the transitions that
    happened in between."""

    start: dt.date
    end: dt.date
    before: State
    after: State
    changes: tuple[Change, ...]
    transitions: tuple[Transition, ...]
    legal: tuple[str, ...] = ()  # how the legal timeline's answers differ, post by post


def diff(history: History, start: dt.date | str, end: dt.date | str) -> Diff:
    """Compare the states (recorded and legal) at the end of `start` and of `end` (dates, or
    YYYY-MM-DD text)."""
    start, end = as_date(start), as_date(end)
    if end < start:
        raise ScenarioErrors([ScenarioError("the end date must not be before the start date")])
    first, last = history.point_at(start), history.point_at(end)
    before, after = first.state, last.state
    between = tuple(t for t in history.transitions_until(end) if t.event.date > start)
    # The two ends as one transition, so the legal difference reads like a timeline's.
    span = Transition(
        Note(date=end, text="from start to end"),
        before,
        after,
        legal=last.legal,
        legal_before=first.legal,
    )
    return Diff(
        start, end, before, after, diff_states(before, after), between, tuple(describe_legal(span))
    )


def diff_json(d: Diff) -> dict[str, Any]:
    """The `diff --json` object."""
    return {
        "from": d.start.isoformat(),
        "to": d.end.isoformat(),
        "changes": [change_json(c, d.before, d.after) for c in d.changes],
        "legal": list(d.legal),
        "events": [
            {
                "date": t.event.date.isoformat(),
                "kind": t.event.kind,
                "derived": t.derived,
                "timeline": t.timeline,
                "description": describe(t.event, t.before),
            }
            for t in d.transitions
        ],
        "findings": [replays.finding_json(f) for t in d.transitions for f in t.findings],
    }


# --- what if ---------------------------------------------------------------------------------


@frozen
class WhatIf:
    """Ad hoc hypothetical events on a date, against the main line on that date."""

    at: dt.date
    texts: tuple[str, ...]
    main: State
    branch: State
    transitions: tuple[Transition, ...]
    changes: tuple[Change, ...]
    main_legal: Legal = attrs.field(factory=Legal)
    branch_legal: Legal = attrs.field(factory=Legal)

    @property
    def findings(self) -> tuple[Finding, ...]:
        """What the rules said along the way."""
        return tuple(f for t in self.transitions for f in t.findings)

    def touched(self) -> list[str]:
        """The posts whose holder, or what the law says of them, differs from the main
        line's, in id order."""
        kinds = (ChangeKind.LEFT, ChangeKind.ARRIVED, ChangeKind.VACATED, ChangeKind.CAPACITY)
        posts = {c.post for c in self.changes if c.kind in kinds and c.post}
        # An acting officer who loses the post their service rests on is still recorded
        # acting: only the legal timeline shows the change.
        for post in set(self.main_legal.standings) | set(self.branch_legal.standings):
            if _judged(self.main_legal, post) != _judged(self.branch_legal, post):
                posts.add(post)
        return sorted(posts)


def _judged(legal: Legal, post: str) -> tuple[object, ...]:
    """What the law says of a post, its date aside (for comparing two lines)."""
    s = legal.standing(post)
    if s is None:
        return ()
    return (s.status, s.lawful, s.determined, tuple(r.text for r in s.reasons))


def what_if(scenario: Scenario, main: History, at: dt.date | str, texts: Sequence[str]) -> WhatIf:
    """Replay the short-form events (see orgsim.interop.shortform) on the main line's `at`."""
    at = as_date(at)
    if not texts:
        raise ScenarioErrors([ScenarioError("give at least one event")])
    point = main.point_at(at)
    start = state = point.state
    legal = point.legal
    done: list[Transition] = []
    for text in texts:
        events = parse_event(text, state, at)
        try:
            steps = list(replay(state, events, scenario.settings, legal=legal))
        except EventError as err:
            raise ScenarioErrors([ScenarioError(f"event {text!r}: {err.message}")]) from None
        seq = done[-1].seq if done else 0
        done.extend(evolve(t, seq=t.seq + seq) for t in steps)
        if steps:
            state, legal = steps[-1].after, steps[-1].legal
    return WhatIf(
        at,
        tuple(texts),
        start,
        state,
        tuple(done),
        diff_states(start, state),
        point.legal,
        legal,
    )


def holder_json(state: State, legal: Legal, post: str) -> dict[str, Any]:
    """Who serves in a post as recorded, and what the law says of it, as plain data."""
    tenure = state.holder(post)
    standing = legal.standing(post)
    lawful: str | None
    if standing is not None:
        lawful = standing.lawful
    else:
        lawful = tenure.person if tenure else None
    return {
        "post": post,
        "title": state.title(post),
        "holder": {"id": tenure.person, "name": state.name(tenure.person)} if tenure else None,
        "capacity": str(tenure.capacity) if tenure else str(state.status(post)),
        "basis": tenure.basis if tenure else None,
        "assumed": tenure.assumed if tenure else False,
        "status": str(standing.status)
        if standing is not None and standing.status is not None
        else ("lawful" if tenure else None),
        "lawful_holder": {"id": lawful, "name": state.name(lawful)} if lawful else None,
        "determined": standing.determined if standing is not None else True,
        # False for a vacant post the Vacancies Act does not govern: the law orgsim models
        # says nothing of who fills it.
        "judged": standing is not None or tenure is not None,
    }


def what_if_json(w: WhatIf) -> dict[str, Any]:
    """The `whatif --json` object."""
    return {
        "at": w.at.isoformat(),
        "events": list(w.texts),
        "changes": [change_json(c, w.main, w.branch) for c in w.changes],
        "would_act": [holder_json(w.branch, w.branch_legal, p) for p in w.touched()],
        "main_line": [holder_json(w.main, w.main_legal, p) for p in w.touched()],
        "timeline": [replays.transition_json(t) for t in w.transitions],
        "findings": [replays.finding_json(f) for f in w.findings],
    }


# --- depth -----------------------------------------------------------------------------------


@frozen
class DepthStep:
    """One simulated vacancy: who left, and who the rules then have act (None: nobody)."""

    vacated: str
    acting: str | None
    basis: str | None
    findings: tuple[Finding, ...] = ()


@frozen
class Depth:
    """How many successive vacancies a post absorbs before nobody may lawfully act."""

    post: str
    depth: int | None  # None when the holder is not recorded, so nobody can be vacated
    steps: tuple[DepthStep, ...]
    note: str = ""
    # False when the chain ends because the record cannot tell who would act next: `depth`
    # is then how many vacancies are certainly absorbed, not where nobody may act.
    determined: bool = True

    @property
    def flagged(self) -> bool:
        """A single vacancy (or none) leaves the post with nobody lawfully acting."""
        return self.determined and self.depth is not None and self.depth <= 1


def _lawful(state: State, legal: Legal, post_id: str) -> str | None:
    """Who may lawfully perform the post's duties: its holder, unless the law says otherwise."""
    standing = legal.standing(post_id)
    if standing is not None:
        return standing.lawful
    tenure = state.holder(post_id)
    return tenure.person if tenure is not None else None


def _determined(legal: Legal, post_id: str) -> bool:
    standing = legal.standing(post_id)
    return standing is None or standing.determined


def _untold(legal: Legal, post_id: str, vacancies: int) -> str:
    """Why the chain stops where the record cannot tell who would act."""
    standing = legal.standing(post_id)
    why = f" ({standing.basis})" if standing is not None and standing.basis else ""
    count = "1 vacancy" if vacancies == 1 else f"{vacancies} vacancies"
    return f"after {count}, who may act cannot be told from the record{why}"


def _post_depth(history: History, post_id: str, day: dt.date) -> Depth:
    point = history.point_at(day)
    state, legal = point.state, point.legal
    tenure = state.holder(post_id)
    current = _lawful(state, legal, post_id)
    if tenure is None and current is None:
        if post_id in state.vacancies:
            return Depth(post_id, 0, (), "vacant, and nobody may lawfully act")
        return Depth(post_id, None, (), "holder not recorded: nobody to vacate")
    if current is None:
        if not _determined(legal, post_id):
            return Depth(post_id, 0, (), _untold(legal, post_id, 0), determined=False)
        return Depth(post_id, 0, (), "nobody may lawfully act")
    steps: list[DepthStep] = []
    seen = {current}
    # Each step removes one more person, so the loop ends within the number of people.
    while True:
        events: list[Event] = list(
            departure_events(state, current, day, resign=False, hypothetical=True)
        )
        transitions = list(replay(state, events, history.settings, legal=legal))
        if transitions:
            state, legal = transitions[-1].after, transitions[-1].legal
        new = _lawful(state, legal, post_id)
        findings = tuple(f for t in transitions for f in t.findings if f.post == post_id)
        if new is None or new in seen:
            steps.append(DepthStep(current, None, None, findings))
            if new is None and not _determined(legal, post_id):
                note = _untold(legal, post_id, len(steps))
                return Depth(post_id, len(steps), tuple(steps), note, determined=False)
            return Depth(post_id, len(steps), tuple(steps))
        standing = legal.standing(post_id)
        basis = standing.basis if standing is not None else None
        steps.append(DepthStep(current, new, basis, findings))
        seen.add(new)
        current = new


def succession_depth(history: History, day: dt.date | str) -> list[Depth]:
    """For each Senate-confirmed post on `day`, in id order, its depth and each step."""
    day = as_date(day)
    state = history.state_at(day)
    return [
        _post_depth(history, post.id, day)
        for _, post in sorted(state.posts.items())
        if post.appointment is Appointment.PAS and post.fvra
    ]


def depth_json(depths: Iterable[Depth], state: State) -> list[dict[str, Any]]:
    """The `depth --json` list."""
    return [
        {
            "post": d.post,
            "title": state.title(d.post),
            "depth": d.depth,
            "flagged": d.flagged,
            "determined": d.determined,
            "note": d.note or None,
            "steps": [
                {
                    "vacated": {"id": s.vacated, "name": state.name(s.vacated)},
                    "acting": {"id": s.acting, "name": state.name(s.acting)} if s.acting else None,
                    "basis": s.basis,
                    "findings": [replays.finding_json(f) for f in s.findings],
                }
                for s in d.steps
            ],
        }
        for d in depths
    ]


# --- branches --------------------------------------------------------------------------------


def branch_rows(branch: BranchSpec, main: History, what_if_history: History) -> list[BranchRow]:
    """For each branch event: the main line and the branch at the end of that event."""
    rows: list[BranchRow] = []
    for i, event in enumerate(branch.events):
        own = [t for t in what_if_history.transitions if i in (t.index, t.cause)]
        if not own:
            continue
        day = event.date
        main_point = main.point_at(day)
        main_state = main_point.state
        after = own[-1].after
        rows.append(
            BranchRow(
                date_text=day.isoformat(),
                text=describe(event, own[0].before),
                main=main_state,
                branch=after,
                changes=diff_states(main_state, after),
                findings=tuple(f for t in own for f in t.findings),
                hypothetical=event.hypothetical,
                main_legal=main_point.legal,
                branch_legal=own[-1].legal,
            )
        )
    return rows


def write_branch_pages(
    scenario: Scenario,
    main: History,
    out: Path,
    *,
    fmt: str = "svg",
    render_timeout: float | None = DEFAULT_TIMEOUT,
    max_boxes: int = DEFAULT_MAX_BOXES,
) -> list[tuple[Path, list[Check]]]:
    """Write `branch-<id>.html` for every branch of the scenario into `out`; check each.
    `render_timeout`: the seconds any one `dot` process may take (None: no limit); above
    `max_boxes` posts, charts are drawn around what each branch event changes."""
    written: list[tuple[Path, list[Check]]] = []
    for branch in scenario.branches:
        until = max([branch.from_, *(x.at for x in branch.expect if x.at is not None)])
        history = replays.replay_branch(scenario, branch, main=main, until=until)
        checks = replays.branch_checks(branch, history)
        page = write_branch_page(
            out,
            branch_id=branch.id,
            title=branch.title,
            description=branch.description,
            start=branch.from_.isoformat(),
            rows=branch_rows(branch, main, history),
            checks=[(str(c), c.ok) for c in checks],
            fmt=fmt,
            render_timeout=render_timeout,
            max_boxes=max_boxes,
        )
        written.append((page, checks))
    return written
