"""How a state or a transition shows itself in a notebook (Jupyter calls `_repr_svg_` and
`_repr_html_`). Drawing is `orgsim.render`'s work, which sits above the records: it registers
its drawing functions here when imported, so the records can offer them without importing it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["Drawer", "html_of", "register", "svg_of"]

Drawer = Callable[[Any], "str | None"]
"""Given a state or a transition: its picture as SVG (or HTML) text, or None for none."""

_drawers: dict[str, Drawer] = {}


def register(*, svg: Drawer, html: Drawer) -> None:
    """Set the functions that draw a state or a transition (orgsim.render does, on import)."""
    _drawers["svg"] = svg
    _drawers["html"] = html


def svg_of(thing: Any) -> str | None:
    """The thing's chart as SVG, or None when no drawer is registered or `dot` is missing."""
    draw = _drawers.get("svg")
    return draw(thing) if draw is not None else None


def html_of(thing: Any) -> str | None:
    """An HTML stand-in for the chart (a table) when it cannot be drawn as SVG; else None."""
    draw = _drawers.get("html")
    return draw(thing) if draw is not None else None
