"""Narrative events: told in the timeline and report, changing nothing; their names checked."""

from __future__ import annotations

from orgsim import events as ev
from orgsim.engine.apply.common import (
    Outcome,
    known_person,
    known_post,
    pending_nomination,
    serving,
)
from orgsim.engine.apply.dispatch import apply
from orgsim.model import State

__all__: list[str] = []


@apply.register
def _(event: ev.Refuse, state: State, *, act_id: str) -> Outcome:
    serving(state, event.post, event.person)
    return Outcome(state)


@apply.register
def _(event: ev.Travel, state: State, *, act_id: str) -> Outcome:
    known_person(state, event.person)
    return Outcome(state)


@apply.register
def _(event: ev.Meeting, state: State, *, act_id: str) -> Outcome:
    for person in event.people:
        known_person(state, person, "people")
    return Outcome(state)


@apply.register
def _(event: ev.CommitteeReport, state: State, *, act_id: str) -> Outcome:
    known_post(state, event.post)
    pending_nomination(state, event.post, event.person)
    return Outcome(state)
