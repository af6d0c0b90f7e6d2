"""Acts of an office: recorded as taken; whether they stand is the legal timeline's."""

from __future__ import annotations

from orgsim import events as ev
from orgsim.engine.apply.common import Outcome, known_person, known_post, record_act
from orgsim.engine.apply.dispatch import apply
from orgsim.errors import EventError
from orgsim.model import ActType, State

__all__: list[str] = []


@apply.register
def _(event: ev.TakeAct, state: State, *, act_id: str) -> Outcome:
    known_post(state, event.post)
    known_person(state, event.person)
    if event.type is ActType.RATIFICATION and event.ratifies is None:
        raise EventError(
            "a ratification must name the act it ratifies (`ratifies`)", field="ratifies"
        )
    if event.ratifies is not None and event.ratifies not in state.acts:
        raise EventError(f"unknown act `{event.ratifies}`", field="ratifies")
    return Outcome(record_act(state, event.as_act()))
