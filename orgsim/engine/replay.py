"""Replay: a pure fold of dated events over the state, with the transitions the rules derive."""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Callable, Iterator, Sequence

from attrs import evolve

from orgsim import events as ev
from orgsim.engine.apply import Outcome, apply
from orgsim.errors import EventError
from orgsim.model import Change, ChangeKind, Finding, State
from orgsim.rules import (
    Settings,
    fill_vacancy,
    index_due,
    lost_basis,
    next_due,
    resume_acting,
    seat_eligible,
)

__all__ = ["advance", "replay", "step"]

# A bound on derived transitions per step: each one fills or empties a post, so a real cascade
# is never longer than the number of posts; more means the rules loop.
_MAX_CASCADE = 10_000
# Changes after which the index of which posts depend on which is rebuilt.
_STRUCTURE = frozenset(
    {
        ChangeKind.POST_ADDED,
        ChangeKind.POST_ABOLISHED,
        ChangeKind.FIRST_ASSISTANT,
        ChangeKind.ORDER,
        ChangeKind.MOVED,
    }
)


# Event class -> its rule in `apply`: singledispatch's own lookup costs more than the rule
# does for the commonest events.
_HANDLERS: dict[type, Callable[[ev.Event, State, Settings], Outcome]] = {}


def _emptied(transition: ev.Transition, latest: State) -> list[str]:
    """Vacancies-Act posts this transition left with nobody serving, top of the tree first."""
    posts = {
        c.post
        for c in transition.changes
        if c.kind in (ChangeKind.LEFT, ChangeKind.VACATED, ChangeKind.POST_ADDED)
        and c.post is not None
        and c.post in latest.vacancies
        and c.post not in latest.holdings
    }
    if len(posts) < 2:
        return list(posts)
    return sorted(posts, key=lambda p: (len(latest.chain_of_command(p)), p))


def _mark_hypothetical(state: State, changes: tuple[Change, ...]) -> State:
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


def _transition(
    event: ev.Event,
    state: State,
    settings: Settings,
    *,
    index: int | None,
    cause: int | None,
    seq: int,
) -> ev.Transition:
    try:
        handler = _HANDLERS.get(event.__class__)
        if handler is None:
            handler = _HANDLERS[event.__class__] = apply.dispatch(event.__class__)
        outcome = handler(event, state, settings)
    except EventError as err:
        if err.index is None:
            err.index = index if index is not None else cause
        raise
    after = outcome.state
    if event.hypothetical:
        after = _mark_hypothetical(after, outcome.changes)
    touched = {c.post for c in outcome.changes if c.post is not None}
    if touched or after.due is None:
        structure = any(c.kind in _STRUCTURE for c in outcome.changes)
        after = after.with_indexes(
            outcome.changes,
            structure=structure,
            due=index_due(after, settings, touched),
            before=state,
        )
    return ev.Transition(
        event,
        state,
        after,
        outcome.changes,
        outcome.findings,
        index=index,
        cause=cause,
        seq=seq,
    )


def _lawful_again(event: ev.Event) -> tuple[str, str, str, str] | None:
    """The post in which this event makes acting lawful again, why, the citation and the
    route the successor acts by; None when it does no such thing."""
    if isinstance(event, ev.Nominate):
        return event.post, "a nomination is pending", "5 U.S.C. 3346(a)(2)", "resume"
    if isinstance(event, ev.ActingReopens):
        return event.post, event.basis, event.citation, "lawful-again"
    return None


def _follow(
    transition: ev.Transition, settings: Settings, *, cause: int | None, seq: int
) -> Iterator[ev.Transition]:
    """The transition, then the rules' consequences of it: vacancies filled, acting resumed."""
    queue = deque([transition])
    latest = transition.after
    hypothetical = transition.event.hypothetical
    produced = 0
    touched: set[str] = set()
    while queue:
        current = queue.popleft()
        touched.update(c.post for c in current.changes if c.post is not None)
        derived: list[ev.Event] = []
        findings: list[Finding] = []
        # Later consequences must see every earlier one, so the rules read the latest state.
        for post_id in _emptied(current, latest):
            # Whoever has just left the post (an acting officer stepping down) does not
            # return to it by the same rule.
            gone = frozenset(
                c.person
                for c in current.changes
                if c.kind is ChangeKind.LEFT and c.post == post_id and c.person
            )
            events, said = fill_vacancy(
                latest,
                post_id,
                settings,
                day=current.event.date,
                hypothetical=current.event.hypothetical,
                excluded=gone,
            )
            derived.extend(events)
            findings.extend(said)
        derived[:0] = lost_basis(latest, current.changes, day=current.event.date)
        again = _lawful_again(current.event)
        if again is not None:
            post_id, because, citation, route = again
            derived.extend(
                resume_acting(
                    latest,
                    post_id,
                    settings,
                    day=current.event.date,
                    because=because,
                    citation=citation,
                    route=route,
                    hypothetical=current.event.hypothetical,
                )
            )
        if findings:
            current = evolve(current, findings=(*current.findings, *findings))
        yield current
        if not queue and not derived and touched:
            # The cascade has settled: seat anyone who has become eligible meanwhile (a
            # deputy appointed after the vacancy, a new order of succession).
            derived = seat_eligible(
                latest,
                settings,
                day=current.event.date,
                hypothetical=hypothetical,
                near=touched,
            )
            touched = set()
        for event in derived:
            if current.event.hypothetical and not event.hypothetical:
                # What follows from a hypothetical step is hypothetical too.
                event = evolve(event, hypothetical=True)
            produced += 1
            if produced > _MAX_CASCADE:
                raise EventError("the succession rules did not settle", index=cause)
            seq += 1
            nxt = _transition(event, latest, settings, index=None, cause=cause, seq=seq)
            latest = nxt.after
            queue.append(nxt)


def step(
    state: State, event: ev.Event, settings: Settings, *, index: int | None, seq: int
) -> list[ev.Transition]:
    """Apply one scenario event and everything the rules derive from it the same day."""
    first = _transition(event, state, settings, index=index, cause=None, seq=seq)
    if not isinstance(event, ev.Nominate) and all(c.post is None for c in first.changes):
        # No post changed, so no rule has anything to act on.
        return [first]
    return list(_follow(first, settings, cause=index, seq=seq))


def advance(
    state: State, until: dt.date, settings: Settings, *, seq: int, cause: int | None = None
) -> list[ev.Transition]:
    """Let time run to `until` (inclusive): resignations take effect, limits run out."""
    out: list[ev.Transition] = []
    while True:
        due = next_due(state, settings, until=until)
        if due is None or due.date > until:
            break
        due_state = state.but(date=max(state.date, due.date))
        first = _transition(due, due_state, settings, index=None, cause=cause, seq=seq + 1)
        chain = list(_follow(first, settings, cause=cause, seq=seq + 1))
        out.extend(chain)
        seq = chain[-1].seq
        state = chain[-1].after
    return out


def replay(
    initial: State,
    events: Sequence[ev.Event],
    settings: Settings | None = None,
    *,
    until: dt.date | None = None,
    errors: list[EventError] | None = None,
) -> Iterator[ev.Transition]:
    """Fold the events over the initial state, yielding every transition in order.

    With an `errors` list, an event that cannot happen is recorded there and skipped, so
    that one pass finds every such event; without it, the first one is raised.
    """
    settings = settings or Settings()
    state = initial.with_indexes(due=index_due(initial, settings))
    seq = 0
    # A vacancy the scenario starts with is filled by the rules like any other.
    for event in seat_eligible(state, settings, day=state.date):
        for transition in _follow(
            _transition(event, state, settings, index=None, cause=None, seq=seq + 1),
            settings,
            cause=None,
            seq=seq + 1,
        ):
            seq = transition.seq
            state = transition.after
            yield transition
    for index, event in enumerate(events):
        try:
            if event.date < state.date:
                raise EventError(
                    f"event dated {event.date.isoformat()} comes after one dated"
                    f" {state.date.isoformat()}: events must be in date order",
                    index=index,
                    field="date",
                )
            # What the clock brings about is caused by time, not by the event before it.
            due = state.due
            passed = (
                advance(state, event.date, settings, seq=seq)
                if due is None or (due.first is not None and due.first[0] <= event.date)
                else []
            )
            if event.date != state.date or passed:
                moved = passed[-1].after if passed else state
                start = moved.but(date=event.date)
            else:
                start = state
            made = step(
                start, event, settings, index=index, seq=(passed[-1].seq if passed else seq) + 1
            )
        except EventError as err:
            if errors is None:
                raise
            err.index = index if err.index is None else err.index
            errors.append(err)
            continue
        for transition in (*passed, *made):
            seq = transition.seq
            state = transition.after
            yield transition
    if until is not None and until > state.date:
        yield from advance(state, until, settings, seq=seq)
