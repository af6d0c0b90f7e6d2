"""The recorded timeline alone: the events checked against the recorded state and applied, and
the resignations that take effect on the day the record gives; no rules at all. Nothing is
judged and nothing is assumed, so where the sources are silent about who took over a vacant
office the post stays empty here (the judged replay fills in the law's answer, marked as an
assumption), and an event about someone only the law seated cannot happen here.

For the callers that need only what the sources say (and for `orgsim bench`, which measures
what the rules cost). The states equal the judged replay's exactly until the judged replay
first assumes someone acts; after that, they equal it with the assumed holders left out, and
what their leaving touches (a delegation to them ends, they are listed as having stepped
down): tests/test_record.py holds the two to that.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence

from orgsim import events as ev
from orgsim.engine.replay import _act_id, _handlers, _mark_hypothetical
from orgsim.errors import EventError
from orgsim.model import Legal, State

__all__ = ["replay_record"]

_NO_JUDGEMENT = Legal()  # every transition's legal timeline here: nothing judged


def _apply(state: State, event: ev.Event, *, index: int | None, seq: int) -> ev.Transition:
    """One event applied to the recorded state (its index set on an error)."""
    try:
        outcome = _handlers(type(event))[0](event, state, act_id=_act_id(event, state))
    except EventError as err:
        if err.index is None:
            err.index = index
        raise
    after = outcome.state
    if event.hypothetical:
        after = _mark_hypothetical(after, outcome.changes)
    return ev.Transition(
        event,
        state,
        after,
        outcome.changes,
        index=index,
        seq=seq,
        legal=_NO_JUDGEMENT,
        legal_before=_NO_JUDGEMENT,
    )


def _time_passes(state: State, until: dt.date, seq: int) -> Iterator[ev.Transition]:
    """The resignations that take effect up to the start of `until`, day by day and, on one
    day, in post order (as the judged replay brings them)."""
    while True:
        due = min(
            ((p.effective, post) for post, p in state.pending.items() if p.effective <= until),
            default=None,
        )
        if due is None:
            return
        day, post = due
        if day > state.date:
            state = state.but(date=day)
        event = ev.ResignationTakesEffect(date=day, post=post, person=state.pending[post].person)
        seq += 1
        transition = _apply(state, event, index=None, seq=seq)
        yield transition
        state = transition.after


def replay_record(
    initial: State, events: Sequence[ev.Event], *, until: dt.date | None = None
) -> Iterator[ev.Transition]:
    """Fold the events over the initial state without the rules, yielding every transition
    (the scenario's events and the resignations taking effect); with `until`, time runs on to
    that day. The first event that cannot happen is raised."""
    state, seq = initial, 0
    for index, event in enumerate(events):
        if event.date < state.date:
            raise EventError(
                f"event dated {event.date.isoformat()} comes after one dated"
                f" {state.date.isoformat()}: events must be in date order",
                index=index,
                field="date",
            )
        if event.date > state.date:
            for passed in _time_passes(state, event.date, seq):
                yield passed
                state, seq = passed.after, passed.seq
            state = state.but(date=event.date)
        seq += 1
        transition = _apply(state, event, index=index, seq=seq)
        yield transition
        state = transition.after
    if until is not None and until > state.date:
        yield from _time_passes(state, until, seq)
