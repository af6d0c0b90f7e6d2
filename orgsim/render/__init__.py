"""Charts and the report: states and transitions to DOT text, DOT to files, files to HTML.

In a notebook a state or a transition draws itself (see orgsim.render.notebook);
``write_run_output(out, transitions=..., title=..., sources=...)`` writes the whole report.

Each name is imported from its module the first time it is used, so that a command that only
needs words (``capacity_words`` for ``orgsim who``) does not load Graphviz and Jinja2.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from orgsim.render.backend import (
        FORMATS,
        Failure,
        Rendered,
        chart_name,
        dot_available,
        render_charts,
        render_many,
        render_one,
    )
    from orgsim.render.dot import change_chart, state_chart, transition_charts
    from orgsim.render.highlight import Highlight
    from orgsim.render.notebook import chart_source, table_html
    from orgsim.render.report import MARKER, write_report, write_run_output
    from orgsim.render.words import capacity_words, change_words

__all__ = [
    "FORMATS",
    "MARKER",
    "Failure",
    "Highlight",
    "Rendered",
    "capacity_words",
    "change_chart",
    "change_words",
    "chart_name",
    "chart_source",
    "dot_available",
    "render_charts",
    "render_many",
    "render_one",
    "state_chart",
    "table_html",
    "transition_charts",
    "write_report",
    "write_run_output",
]

# name -> the module that defines it
_HOME = {
    "FORMATS": "backend",
    "Failure": "backend",
    "Rendered": "backend",
    "chart_name": "backend",
    "dot_available": "backend",
    "render_charts": "backend",
    "render_many": "backend",
    "render_one": "backend",
    "change_chart": "dot",
    "state_chart": "dot",
    "transition_charts": "dot",
    "Highlight": "highlight",
    "chart_source": "notebook",
    "table_html": "notebook",
    "MARKER": "report",
    "write_report": "report",
    "write_run_output": "report",
    "capacity_words": "words",
    "change_words": "words",
}


def __getattr__(name: str) -> Any:
    """Import a public name from its module on first use (PEP 562)."""
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
