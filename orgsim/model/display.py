"""How a state or a transition shows itself in a notebook (Jupyter calls `_repr_svg_` and
`_repr_html_`). Drawing is `orgsim.render`'s work, which sits above the records: its notebook
module registers its drawing functions here when imported, so the records can offer them
without importing it. Nothing imports that module up front (a text answer such as `orgsim who`
must not pay for Graphviz and Jinja2), so the first picture asked for imports it by name.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

__all__ = ["Drawer", "html_of", "register", "svg_of"]

Drawer = Callable[[Any], "str | None"]
"""Given a state or a transition: its picture as SVG (or HTML) text, or None for none."""

_drawers: dict[str, Drawer] = {}

# The module that registers the drawing: named, not imported, since it sits above this one.
_DRAWING = "orgsim.render.notebook"


def register(*, svg: Drawer, html: Drawer) -> None:
    """Set the functions that draw a state or a transition (orgsim.render.notebook does)."""
    _drawers["svg"] = svg
    _drawers["html"] = html


def _drawer(kind: str) -> Drawer | None:
    if kind not in _drawers:
        try:
            importlib.import_module(_DRAWING)  # registers itself
        except ImportError:  # the records used without the rest of the package
            return None
    return _drawers.get(kind)


def svg_of(thing: Any) -> str | None:
    """The thing's chart as SVG, or None when no drawer is registered or `dot` is missing."""
    draw = _drawer("svg")
    return draw(thing) if draw is not None else None


def html_of(thing: Any) -> str | None:
    """An HTML stand-in for the chart (a table) when it cannot be drawn as SVG; else None."""
    draw = _drawer("html")
    return draw(thing) if draw is not None else None
