"""States and transitions that draw themselves in Jupyter: `State._repr_svg_` and
`Transition._repr_svg_` come here (registered on import, see orgsim.model.display).

With Graphviz, a state is its org chart (the atlas's overview for a large organisation) and a
transition is its "what changed" chart. Without it there is no SVG, and `_repr_html_` gives a
table instead, with a note saying what to install to see the chart.
"""

from __future__ import annotations

import html
from typing import Any

from orgsim.errors import RenderError
from orgsim.events import Transition, describe
from orgsim.model import State
from orgsim.model.display import register
from orgsim.render.atlas import DEFAULT_MAX_BOXES, atlas
from orgsim.render.backend import dot_available, render_one
from orgsim.render.dot import change_chart, state_chart, transition_charts
from orgsim.render.words import capacity_words, change_words

__all__ = ["chart_source", "table_html"]

_ROWS = 200  # rows of a table before the rest is counted
_STATUS_WORDS = {"not-recorded": "holder not recorded"}  # as the charts and `who` say it
_NO_DOT = (
    "Graphviz <code>dot</code> is not installed, so this is a table, not a chart "
    "(Debian/Ubuntu: <code>sudo apt-get install graphviz</code>; macOS: "
    "<code>brew install graphviz</code>)."
)


def chart_source(thing: State | Transition) -> str:
    """The DOT text a state or transition draws itself with."""
    if isinstance(thing, Transition):
        if thing.changes:
            return change_chart(thing)
        return transition_charts(thing)[1]
    if len(thing.posts) > DEFAULT_MAX_BOXES:
        title = f"The organisation on {thing.date.isoformat()}"
        return atlas(thing, title=title)[0].source  # the overview; folded offices stay folded
    return state_chart(thing)


def _svg(thing: Any) -> str | None:
    if not isinstance(thing, (State, Transition)) or not dot_available():
        return None
    try:
        return render_one(chart_source(thing), fmt="svg").decode("utf-8")
    except RenderError:
        return None  # the notebook shows the text repr instead of a traceback


def table_html(thing: State | Transition) -> str:
    """A state as a table of posts and who holds them; a transition as its changes."""
    if isinstance(thing, Transition):
        items = [change_words(c, thing.before, thing.after) for c in thing.changes]
        head = html.escape(f"{thing.event.date.isoformat()}: {describe(thing.event, thing.before)}")
        rows = "".join(f"<li>{html.escape(item)}</li>" for item in items) or "<li>no change</li>"
        return f"<div><p><strong>{head}</strong></p><ul>{rows}</ul></div>"
    lines = []
    posts = sorted(thing.posts.values(), key=lambda p: (p.title, p.id))
    for post in posts[:_ROWS]:
        tenure = thing.holdings.get(post.id)
        holder = (
            f"{thing.name(tenure.person)} ({capacity_words(tenure.capacity)})"
            if tenure
            else _STATUS_WORDS.get(str(thing.status(post.id)), str(thing.status(post.id)))
        )
        cells = (post.title, post.id, holder)
        lines.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
    more = len(posts) - _ROWS
    if more > 0:
        lines.append(f'<tr><td colspan="3">… and {more:,} more posts</td></tr>')
    caption = html.escape(f"The organisation on {thing.date.isoformat()}")
    return (
        f"<table><caption>{caption}</caption>"
        "<tr><th>Post</th><th>Id</th><th>Held by</th></tr>" + "".join(lines) + "</table>"
    )


def _html(thing: Any) -> str | None:
    if not isinstance(thing, (State, Transition)) or dot_available():
        return None  # with Graphviz the SVG is the picture; Jupyter prefers HTML if given
    return f"<div>{table_html(thing)}<p><em>{_NO_DOT}</em></p></div>"


register(svg=_svg, html=_html)
