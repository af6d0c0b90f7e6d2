"""A transition: one event, the state before and after, and what changed."""

from __future__ import annotations

from attrs import frozen

from orgsim.events.catalogue import Event
from orgsim.model import Change, Finding, State

__all__ = ["Transition"]


@frozen
class Transition:
    """The record every reader (charts, report, queries, tests) works from."""

    event: Event
    before: State
    after: State
    changes: tuple[Change, ...] = ()
    findings: tuple[Finding, ...] = ()
    index: int | None = None  # the event's place in the scenario; None when derived
    cause: int | None = None  # for a derived transition: the scenario event that led to it
    seq: int = 0  # position in the whole replay

    @property
    def derived(self) -> bool:
        """Whether the rules produced this transition rather than the scenario."""
        return self.event.derived
