"""Charts and the report: states and transitions to DOT text, DOT to files, files to HTML.

In a notebook a state or a transition draws itself (importing this package registers the
drawing, see orgsim.render.notebook); ``write_run_output(out, transitions=..., title=...,
sources=...)`` writes the whole report.
"""

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
