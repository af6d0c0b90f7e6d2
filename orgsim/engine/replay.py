"""Replay: a pure fold of dated events over the recorded state, beside the legal timeline the
rules derive from it.

Each recorded event is checked against the recorded state and applied (orgsim.engine.apply),
then judged (orgsim.rules.judge) and the posts it touches are judged again. At the end of each
day, where the record says nobody took over a vacant office, the rules' answer is filled in as
an assumption. Time alone changes the legal timeline (limits running out) and brings recorded
resignations into effect.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from attrs import evolve, frozen
from attrs import fields as attrs_fields

from orgsim import events as ev
from orgsim.engine.apply import Outcome, apply
from orgsim.engine.cursor import Cursor
from orgsim.errors import EventError
from orgsim.model import (
    ActStatus,
    ActVerdict,
    Capacity,
    Change,
    ChangeKind,
    Finding,
    Lawfulness,
    Legal,
    Route,
    State,
)
from orgsim.rules import (
    Settings,
    assumptions,
    due_date,
    issuer_status,
    judge,
    rejudge,
    seat_id,
    seat_status,
    seat_verdict,
    standing_findings,
    time_events,
)

__all__ = ["Point", "advance", "replay", "start"]

# A bound on derived transitions per settlement: each one seats or moves an assumed holder, so
# a real cascade is never longer than the number of posts; more means the rules loop.
_MAX_CASCADE = 10_000
_NONE: frozenset[str] = frozenset()


@frozen
class Point:
    """Where a replay stands: the recorded state, the legal timeline, the engine's indexes,
    the number of the last transition, and the posts changed since the day was last settled
    (a day's business: a transition keeps no such set, so the point after one is taken to be
    settled, as every day in a finished replay is)."""

    state: State
    legal: Legal
    cursor: Cursor
    seq: int = 0
    touched: frozenset[str] = frozenset()

    def on(self, day: dt.date) -> Point:
        """The same point with the recorded state's date moved on to `day`."""
        return Point(self.state.but(date=day), self.legal, self.cursor, self.seq, self.touched)

    @classmethod
    def after(cls, transition: ev.Transition) -> Point:
        """The point a transition leaves the replay at."""
        return cls(transition.after, transition.legal, transition.cursor, transition.seq)


# The implementation of `apply` and of `judge` for each kind of event, found once: a
# singledispatch call looks the class up in a weak dictionary every time, twice per
# transition. Registrations happen at import, before any replay; a cache keyed by the size of
# the registry would see a later one.
_HANDLERS: dict[tuple[int, int, type], tuple[Any, Any]] = {}


def _handlers(cls: type) -> tuple[Any, Any]:
    """The `apply` and `judge` implementations for events of this class."""
    key = (len(apply.registry), len(judge.registry), cls)
    found = _HANDLERS.get(key)
    if found is None:
        found = _HANDLERS[key] = (apply.dispatch(cls), judge.dispatch(cls))
    return found


# Per class of event: whether it has an `id`, a `post` and a `person` field (asking every
# event with getattr and a default costs a caught AttributeError for each field it lacks).
_ID_FIELDS: dict[type, tuple[bool, bool, bool]] = {}


def _id_fields(cls: type) -> tuple[bool, bool, bool]:
    found = _ID_FIELDS.get(cls)
    if found is None:
        names = {f.name for f in attrs_fields(cls)}
        found = _ID_FIELDS[cls] = ("id" in names, "post" in names, "person" in names)
    return found


def _act_id(event: ev.Event, state: State) -> str:
    """The id under which an act (or the seating of someone) is judged and kept: its own, or
    one made from what it is about, unique among the acts on record."""
    has_id, has_post, has_person = _id_fields(type(event))
    if has_id:
        given = event.id  # type: ignore[attr-defined]
        if isinstance(given, str):
            return given
    if isinstance(event, (ev.AssumeActing, ev.ActingByLaw, ev.Retitle)):
        return seat_id(event.post, event.person, event.date)
    base = event.kind + "@" + event.date.isoformat()
    # What it is about, as `":".join(str(v) for v in (post, person) if v)` would add it.
    post = event.post if has_post else None  # type: ignore[attr-defined]
    if post:
        base += ":" + str(post)
    person = event.person if has_person else None  # type: ignore[attr-defined]
    if person:
        base += ":" + str(person)
    if base not in state.acts:
        return base
    n = 2
    while f"{base}#{n}" in state.acts:
        n += 1
    return f"{base}#{n}"


def _mark_hypothetical(state: State, changes: Iterable[Change]) -> State:
    """Whoever a hypothetical step seats, or whatever it delegates, rests on that step."""
    holdings, delegations = state.holdings, state.delegations
    for change in changes:
        post = change.post
        if post is None:
            continue
        if change.kind in (ChangeKind.ARRIVED, ChangeKind.CAPACITY) and post in holdings:
            holdings = holdings.set(post, evolve(holdings[post], hypothetical=True))
        if change.kind is ChangeKind.DELEGATED and post in delegations:
            delegations = delegations.set(post, evolve(delegations[post], hypothetical=True))
    return state.but(holdings=holdings, delegations=delegations)


def _touched(
    event: ev.Event, outcome: Outcome, verdicts: tuple[ActVerdict, ...], state: State
) -> set[str]:
    """The posts whose judgement an event may change: those it changed, the post a legal
    event is about, and the posts whose holder serves on the strength of an act it judged
    (a ratified designation)."""
    posts = {c.post for c in outcome.changes if c.post is not None}
    post = getattr(event, "post", None)
    if (
        isinstance(post, str)
        and post in state.posts
        and (event.timeline == "legal" or isinstance(event, (ev.Nominate, ev.NominationFails)))
    ):
        posts.add(post)
    if verdicts and isinstance(event, ev.TakeAct) and event.ratifies is not None:
        for post_id, tenure in state.holdings.items():
            if tenure.act == event.ratifies:
                posts.add(post_id)
        delegated = [p for p, d in state.delegations.items() if d.act == event.ratifies]
        posts.update(delegated)
    return posts


def _transition(
    point: Point,
    event: ev.Event,
    settings: Settings,
    *,
    index: int | None,
    cause: int | None,
) -> tuple[ev.Transition, Point]:
    """Apply one event, judge it, and judge again what it touches: the transition, and the
    point it leaves the replay at."""
    seq = point.seq + 1
    act_id = _act_id(event, point.state)
    before = point.state
    apply_, judge_ = _handlers(type(event))
    try:
        outcome = apply_(event, before, act_id=act_id)
    except EventError as err:
        if err.index is None:
            err.index = index if index is not None else cause
        raise
    verdict = judge_(event, before, point.legal, settings, act_id=act_id)
    legal = point.legal
    if verdict.acts:
        acts = legal.acts
        for act in verdict.acts:
            acts = acts.set(act.act, act)
        legal = Legal(legal.standings, acts)
    after = outcome.state
    if event.hypothetical:
        after = _mark_hypothetical(after, outcome.changes)
    touched = _touched(event, outcome, verdict.acts, after)
    findings: list[Finding] = list(verdict.findings)
    cursor = point.cursor
    rejudged: tuple[str, ...] = ()
    touched_today = point.touched
    if touched and not cursor.quiet(before, after, legal, touched):
        cursor = cursor.moved(after, legal, touched, before=before)
        judged = set(touched)
        for post_id in touched:
            judged.update(cursor.dependents(post_id))
        legal, pairs = rejudge(
            after, legal, judged, settings, day=after.date, dependents=cursor.dependents
        )
        findings.extend(standing_findings(after, pairs, after.date))
        if pairs:
            rejudged = tuple(std.post for pair in pairs for std in pair if std is not None)
        moved = set(touched)
        moved.update(std.post for pair in pairs for std in pair if std is not None)
        cursor = cursor.moved(after, legal, moved)
        days = {p: due_date(after, legal, p, settings, after=after.date) for p in moved}
        cursor = cursor.but(due=cursor.due.updated(days))
        if not moved <= touched_today:
            touched_today = touched_today | moved
    transition = ev.Transition(
        event,
        before,
        after,
        outcome.changes,
        tuple(findings),
        index=index,
        cause=cause,
        seq=seq,
        legal=legal,
        legal_before=point.legal,
        cursor=cursor,
        rejudged=rejudged,
    )
    return transition, Point(after, legal, cursor, seq, touched_today)


def _settle(
    point: Point, settings: Settings, *, cause: int | None
) -> tuple[list[ev.Transition], Point]:
    """The end of the day: where the record leaves a vacant office empty, the law's answer is
    assumed; where the law no longer has an assumed holder act, the assumption follows it."""
    out: list[ev.Transition] = []
    while point.touched:
        near: set[str] = set(point.touched)
        for post_id in point.touched:
            near.update(point.cursor.dependents(post_id))
        point = Point(point.state, point.legal, point.cursor, point.seq)
        for event in assumptions(point.state, point.legal, day=point.state.date, posts=near):
            if len(out) >= _MAX_CASCADE:
                raise EventError("the succession rules did not settle", index=cause)
            transition, point = _transition(point, event, settings, index=None, cause=cause)
            out.append(transition)
    return out, point


def _advance(
    point: Point, until: dt.date, settings: Settings, *, cause: int | None
) -> tuple[list[ev.Transition], Point]:
    """Let time run to the start of `until`: on each day something falls due, the day before
    is settled, then what time brings about happens (a resignation takes effect, the time for
    acting runs out or opens again). A day other than `until` is settled when the next one
    comes; `until` itself is left open for its recorded events."""
    out: list[ev.Transition] = []
    while True:
        first = point.cursor.due.first
        if first is None or first[0] > until:
            if point.state.date < until:
                # The last day something fell due is over before `until` begins.
                settled, point = _settle(point, settings, cause=cause)
                out.extend(settled)
            return out, point
        day = first[0]
        if day > point.state.date:
            settled, point = _settle(point, settings, cause=cause)
            out.extend(settled)
            point = point.on(day)
        posts = point.cursor.due.due_on(day)
        for post_id in posts:
            for event in time_events(point.state, point.legal, post_id, settings, day=day):
                transition, point = _transition(point, event, settings, index=None, cause=cause)
                out.append(transition)
        # Whatever was due has happened, or was no longer due: look again from today.
        days = {p: due_date(point.state, point.legal, p, settings, after=day) for p in posts}
        cursor = point.cursor.but(due=point.cursor.due.updated(days))
        point = Point(point.state, point.legal, cursor, point.seq, point.touched)


def advance(
    point: Point, until: dt.date, settings: Settings, *, cause: int | None = None
) -> list[ev.Transition]:
    """Everything time brings about up to the end of `until`, each day settled."""
    passed, point = _advance(point, until, settings, cause=cause)
    if point.state.date < until:
        point = point.on(until)
    settled, _ = _settle(point, settings, cause=cause)
    return passed + settled


def start(
    initial: State, settings: Settings, legal: Legal | None = None
) -> tuple[list[ev.Transition], Point]:
    """What the law says of the record on its first day (how each acting holder came to act,
    each delegation; then every post judged), and the point a replay starts from. With
    `legal` (a what-if branching off a history) that judgement is taken as it stands."""
    fresh = legal is None
    if legal is None:
        legal = _judge_start(initial)
    cursor = Cursor.of(initial, legal)
    posts = (
        set(initial.vacancies.keys())
        | set(initial.pending.keys())
        | {p for p, t in initial.holdings.items() if t.capacity is not Capacity.CONFIRMED}
    )
    findings: tuple[Finding, ...] = ()
    if fresh:
        legal, pairs = rejudge(
            initial, legal, posts, settings, day=initial.date, dependents=cursor.dependents
        )
        cursor = Cursor.of(initial, legal)
        findings = tuple(standing_findings(initial, pairs, initial.date))
    days = {p: due_date(initial, legal, p, settings, after=initial.date) for p in posts}
    touched = frozenset(initial.vacancies.keys()) if fresh else _NONE
    cursor = cursor.but(due=cursor.due.updated(days))
    point = Point(initial, legal, cursor, 0, touched)
    out: list[ev.Transition] = []
    if findings:
        opening = ev.Transition(
            ev.RecordOpens(date=initial.date),
            initial,
            initial,
            (),
            findings,
            seq=1,
            legal=legal,
            legal_before=Legal(),
            cursor=cursor,
            rejudged=tuple(sorted(legal.standings.keys())),
        )
        out.append(opening)
        point = Point(initial, legal, cursor, opening.seq, touched)
    settled, point = _settle(point, settings, cause=None)
    return out + settled, point


def _judge_start(initial: State) -> Legal:
    """The verdicts on what the record holds on its first day: how each acting holder came to
    act (their route, as the record claims it), and each delegation (who issued it), judged
    as of that day."""
    acts: dict[str, ActVerdict] = {}
    legal = Legal()
    for post_id, tenure in initial.holdings.items():
        acting = tenure.capacity is Capacity.ACTING and post_id in initial.vacancies
        if tenure.act is None or not acting:
            continue
        seat = seat_verdict(
            initial, legal, post_id, tenure.person, tenure.route or Route.NOT_REPORTED, tenure.by
        )
        acts[tenure.act] = ActVerdict(
            tenure.act,
            "designation" if tenure.by is not None else "seating",
            tenure.start or initial.date,
            post_id,
            tenure.by,
            seat.words,
            seat_status(seat),
            citation=seat.citation,
            reasons=tuple(text for _, _, text in seat.reasons),
            missing=seat.missing,
            subject=tenure.person,
            basis_post=seat.basis_post,
            hypothetical=tenure.hypothetical,
            rule=str(seat.reasons[0][0]) if seat.reasons else "",
        )
    for post_id, delegation in initial.delegations.items():
        if delegation.act is None:
            continue
        issuer = issuer_status(initial, legal, delegation.by, post_id)
        acts[delegation.act] = ActVerdict(
            delegation.act,
            "delegation",
            delegation.since,
            post_id,
            delegation.by,
            f"delegates the duties of the {initial.title(post_id)} to"
            f" {initial.name(delegation.person)}",
            _issued_status(issuer.status),
            citation=issuer.citation,
            reasons=(issuer.reason,),
            missing=issuer.missing,
            subject=delegation.person,
            hypothetical=delegation.hypothetical,
        )
    return Legal(acts=legal.acts.update(acts))


def _issued_status(status: Lawfulness) -> ActStatus:
    if status is Lawfulness.LAWFUL:
        return ActStatus.VALID
    if status is Lawfulness.UNDETERMINED:
        return ActStatus.UNDETERMINED
    return ActStatus.WITHOUT_AUTHORITY


def replay(
    initial: State,
    events: Sequence[ev.Event],
    settings: Settings | None = None,
    *,
    until: dt.date | None = None,
    errors: list[EventError] | None = None,
    legal: Legal | None = None,
) -> Iterator[ev.Transition]:
    """Fold the events over the initial state, yielding every transition in order.

    `legal`: the legal timeline the initial state stands in (a what-if branching off a
    history); by default it is judged afresh. With an `errors` list, an event that cannot
    happen is recorded there and skipped, so that one pass finds every such event; without
    it, the first one is raised.
    """
    settings = settings or Settings()
    opening, point = start(initial, settings, legal)
    yield from opening
    for index, event in enumerate(events):
        try:
            if event.date < point.state.date:
                raise EventError(
                    f"event dated {event.date.isoformat()} comes after one dated"
                    f" {point.state.date.isoformat()}: events must be in date order",
                    index=index,
                    field="date",
                )
            made: list[ev.Transition] = []
            here = point
            if event.date > here.state.date:
                settled, here = _settle(here, settings, cause=None)
                made.extend(settled)
                passed, here = _advance(here, event.date, settings, cause=None)
                made.extend(passed)
                here = here.on(event.date)
            transition, here = _transition(here, event, settings, index=index, cause=None)
            made.append(transition)
        except EventError as err:
            if errors is None:
                raise
            err.index = index if err.index is None else err.index
            errors.append(err)
            continue
        yield from made
        point = here
    tail, point = _settle(point, settings, cause=None)
    yield from tail
    if until is not None and until > point.state.date:
        yield from advance(point, until, settings)
