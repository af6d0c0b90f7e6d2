"""A transition: one event, the state before and after, what changed, and what the law says."""

from __future__ import annotations

from typing import Any

from attrs import field, frozen

from orgsim.events.catalogue import Event
from orgsim.model import Change, Finding, Legal, State
from orgsim.model.display import html_of, svg_of

__all__ = ["Transition"]


@frozen
class Transition:
    """The record every reader (charts, report, queries, tests) works from: the recorded
    state before and after, and the legal timeline after (`legal`) and before."""

    event: Event
    before: State
    after: State
    changes: tuple[Change, ...] = ()
    findings: tuple[Finding, ...] = ()
    index: int | None = None  # the event's place in the scenario; None when derived
    cause: int | None = None  # for a derived transition: the scenario event that led to it
    seq: int = 0  # position in the whole replay
    legal: Legal = field(factory=Legal)
    legal_before: Legal = field(factory=Legal, eq=False, repr=False)
    # The engine's own indexes after this transition (orgsim.engine.cursor); not part of
    # what happened, so not compared.
    cursor: Any = field(default=None, eq=False, repr=False)
    # The posts whose legal standing this transition changed (what `legal` and
    # `legal_before` differ in), so that an index by post need not compare the two.
    rejudged: tuple[str, ...] = field(default=(), eq=False, repr=False)

    def __repr__(self) -> str:
        from orgsim.events.describe import describe

        text = describe(self.event, self.before)
        if len(text) > 70:
            text = text[:69] + "…"
        return f"<Transition #{self.seq} {self.event.date.isoformat()} {self.event.kind}: {text}>"

    def _repr_svg_(self) -> str | None:
        """What changed, as a chart, for Jupyter (None without Graphviz)."""
        return svg_of(self)

    def _repr_html_(self) -> str | None:
        """The changes as a list, for Jupyter when the chart cannot be drawn."""
        return html_of(self)

    @property
    def derived(self) -> bool:
        """Whether the engine produced this transition rather than the scenario."""
        return self.event.derived

    @property
    def timeline(self) -> str:
        """ "recorded", "assumed" (the law's answer where the sources are silent) or "legal"."""
        return self.event.timeline
