"""The one function that applies an event; each family of events registers its own."""

from __future__ import annotations

from functools import singledispatch

from orgsim import events as ev
from orgsim.engine.apply.common import Outcome
from orgsim.errors import EventError
from orgsim.model import State

__all__ = ["apply"]


@singledispatch
def apply(event: ev.Event, state: State, *, act_id: str) -> Outcome:
    """Check that the event can happen in the recorded state it meets, and apply it: the new
    state and what changed. Raises EventError when it cannot happen (never for legal reasons:
    the rules judge, the record records). `act_id`: the id under which the event, when it is
    an act or seats someone, is judged."""
    if event.narrative or event.timeline == "legal":
        return Outcome(state)
    raise EventError(f"no rule applies events of kind {event.kind!r}", field="kind")
