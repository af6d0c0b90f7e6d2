"""A state or a transition as DOT text: organisations as clusters, posts as boxes. No I/O."""

from __future__ import annotations

import html
import itertools
import re
import textwrap
import urllib.parse
from collections.abc import Collection, Iterator
from typing import Any

import graphviz

from orgsim.events import Transition
from orgsim.model import Capacity, NominationOutcome, PostStatus, State
from orgsim.render.highlight import Highlight
from orgsim.render.words import capacity_words

__all__ = ["Highlight", "state_chart", "transition_charts"]

_FONT = "Helvetica,Arial,sans-serif"
_INK = "#424242"
_MUTED = "#757575"
_OUT_COLOUR = "#c62828"  # before: who or what is going
_IN_COLOUR = "#1565c0"  # after: what is new; dark enough to read as black in greyscale
_UNLAWFUL_COLOUR = "#b71c1c"
_MARK_PENWIDTH = "3.5"  # thick, so a highlight still shows when colour is lost
_TITLE_WIDTH = 28  # characters per line of a post title; dot does not wrap labels

# Every look a post box can have. The legend is drawn from this same table so the two agree.
_LOOKS: dict[str, dict[str, str]] = {
    "held": {"style": "solid,filled", "fillcolor": "#ffffff", "color": _INK},
    "acting": {"style": "dashed,filled", "fillcolor": "#ffe8b3", "color": _INK},
    "duties": {"style": "dotted,filled", "fillcolor": "#d6eaf8", "color": _INK},
    "vacant": {"style": "bold,dashed,filled", "fillcolor": "#d9d9d9", "color": _INK},
    "not-recorded": {"style": "dotted,filled", "fillcolor": "#ffffff", "color": _MUTED},
}

_LEGEND: tuple[tuple[str, str, str, dict[str, str]], ...] = (
    ("held", "Confirmed", "also elected, appointed", {}),
    ("acting", "Acting", "dashed, amber", {}),
    ("duties", "Performing the duties", "dotted, blue", {}),
    ("vacant", "VACANT", "bold dashed, grey", {}),
    ("not-recorded", "Holder not recorded", "not vacant: unknown", {}),
    ("held", "Not lawful", "double red border", {"peripheries": "2", "color": _UNLAWFUL_COLOUR}),
    ("held", "Leaving", "before a change", {"color": _OUT_COLOUR, "penwidth": _MARK_PENWIDTH}),
    ("held", "Changed", "after a change", {"color": _IN_COLOUR, "penwidth": _MARK_PENWIDTH}),
)

# Graphviz rejects or mangles control characters inside labels; none of them carry meaning here.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def state_chart(
    state: State,
    *,
    title: str | None = None,
    highlight: Highlight | None = None,
    posts: Collection[str] | None = None,
    legend: bool = True,
    first_assistants: bool = True,
) -> str:
    """The organisation chart of `state` as DOT source (optionally only the given posts)."""
    highlight = highlight or Highlight()
    shown = sorted(set(state.posts.keys()) if posts is None else set(posts) & set(state.posts))
    chart = graphviz.Digraph(
        name="orgchart",
        graph_attr={
            "rankdir": "TB",
            "newrank": "true",
            "nodesep": "0.3",
            "ranksep": "0.5",
            "fontname": _FONT,
            "labelloc": "t",
            "fontsize": "16",
            "label": _html(f"<B>{_esc(title or f'Organisation on {state.date.isoformat()}')}</B>"),
        },
        node_attr={"shape": "box", "fontname": _FONT, "fontsize": "11", "margin": "0.12,0.06"},
        edge_attr={"color": _INK, "arrowsize": "0.7", "fontname": _FONT, "fontsize": "8"},
    )
    if legend:
        _add_legend(chart)
    _add_clusters(chart, state, shown, highlight)
    _add_edges(chart, state, shown, first_assistants=first_assistants)
    source: str = chart.source
    return source


def transition_charts(t: Transition, *, posts: Collection[str] | None = None) -> tuple[str, str]:
    """The (before, after) charts of a transition, each marking its side of the change."""
    highlight = Highlight.from_changes(t.changes)
    return (
        state_chart(t.before, highlight=highlight.before_side(), posts=posts),
        state_chart(t.after, highlight=highlight.after_side(), posts=posts),
    )


# --- names and text -----------------------------------------------------------------------


def _node(post_id: str) -> str:
    # Percent-encoding keeps ids injective and free of ':' (a port separator in edges) and '"'.
    return "post_" + urllib.parse.quote(post_id, safe="")


def _cluster(org_id: str) -> str:
    return "cluster_org_" + urllib.parse.quote(org_id, safe="")


def _esc(text: str) -> str:
    """User text made safe inside an HTML-like label."""
    return html.escape(_CONTROL.sub(" ", text), quote=True)


def _html(inner: str) -> str:
    # graphviz.quote() passes '<...>' through unquoted, which is what marks an HTML-like label.
    return f"<{inner}>"


def _small(text: str, *, colour: str | None = None, bold: bool = False) -> str:
    inner = f"<B>{text}</B>" if bold else text
    colour_attr = f' COLOR="{colour}"' if colour else ""
    return f'<FONT POINT-SIZE="9"{colour_attr}>{inner}</FONT>'


# --- posts ----------------------------------------------------------------------------------


def _post_attrs(state: State, post_id: str, highlight: Highlight) -> dict[str, str]:
    """The label and look of one post's box."""
    post = state.posts[post_id]
    title_lines = textwrap.wrap(post.title, _TITLE_WIDTH) or [post.id]
    lines = ["<BR/>".join(f"<B>{_esc(line)}</B>" for line in title_lines)]
    extra: dict[str, str] = {}
    status = state.status(post_id)
    if status is PostStatus.HELD:
        tenure = state.holdings[post_id]
        look = _LOOKS[_capacity_look(tenure.capacity)]
        lines.append(_esc(state.name(tenure.person)))
        when = ""
        if tenure.start:
            when = f", since {tenure.start.isoformat()}"
        elif tenure.since_note:
            when = f", since {tenure.since_note}"
        lines.append(_small(_esc(capacity_words(tenure.capacity) + when)))
        if not tenure.lawful:
            lines.append(
                _small(
                    _esc(f"not lawful: {tenure.defect or 'see findings'}"),
                    colour=_UNLAWFUL_COLOUR,
                    bold=True,
                )
            )
            extra = {"peripheries": "2", "color": _UNLAWFUL_COLOUR}
    elif status is PostStatus.VACANT:
        vacancy = state.vacancies[post_id]
        look = _LOOKS["vacant"]
        lines.append("<B>VACANT</B>")
        lines.append(_small(_esc(f"since {vacancy.since.isoformat()} ({vacancy.reason})")))
    else:
        look = _LOOKS["not-recorded"]
        lines.append(f'<I><FONT COLOR="{_MUTED}">holder not recorded</FONT></I>')
    lines.extend(_side_lines(state, post_id))
    tags_out, tags_in = _tags(state, post_id, highlight)
    if tags_out:
        lines.append(_small(_esc(", ".join(tags_out)), colour=_OUT_COLOUR, bold=True))
        extra = {**extra, "color": _OUT_COLOUR, "penwidth": _MARK_PENWIDTH}
    elif tags_in:
        extra = {**extra, "color": _IN_COLOUR, "penwidth": _MARK_PENWIDTH}
    if tags_in:
        lines.append(_small(_esc(", ".join(tags_in)), colour=_IN_COLOUR, bold=True))
    return {**look, **extra, "label": _html("<BR/>".join(lines))}


def _capacity_look(capacity: Capacity) -> str:
    if capacity is Capacity.ACTING:
        return "acting"
    if capacity is Capacity.PERFORMING_DUTIES:
        return "duties"
    return "held"


def _side_lines(state: State, post_id: str) -> Iterator[str]:
    """Delegated duties and pending nominations: facts about the post beside its holder."""
    holder = state.holdings.get(post_id)
    delegation = state.delegations.get(post_id)
    if delegation is not None and (holder is None or holder.person != delegation.person):
        yield _small(_esc(f"duties delegated to {state.name(delegation.person)}"))
    for nomination in state.nominations.get(post_id, ()):
        if nomination.outcome is NominationOutcome.PENDING:
            yield _small(_esc(f"nominee: {state.name(nomination.person)}"))


def _tags(state: State, post_id: str, highlight: Highlight) -> tuple[list[str], list[str]]:
    """Short words for what a change did to the post: (going, coming)."""
    going: list[str] = []
    if post_id in highlight.abolished:
        going.append("ABOLISHED")
    elif post_id in highlight.leaving:
        going.append("LEAVING")
    coming: list[str] = []
    tenure = state.holdings.get(post_id)
    capacity = tenure.capacity if tenure else None
    if post_id in highlight.added:
        coming.append("NEW POST")
    if post_id in highlight.arrived:
        temporary = capacity is not None and capacity.is_temporary
        coming.append(f"now {capacity_words(capacity)}" if temporary else "NEW")
    if post_id in highlight.capacity and post_id not in highlight.arrived and capacity:
        coming.append(f"now {capacity_words(capacity)}")
    if post_id in highlight.vacated and tenure is None:
        coming.append("now VACANT")
    if post_id in highlight.moved:
        coming.append("MOVED")
    if post_id in highlight.other and not coming:
        coming.append("CHANGED")
    return going, coming


# --- organisations, edges, legend ---------------------------------------------------------


def _add_clusters(chart: Any, state: State, shown: list[str], highlight: Highlight) -> None:
    """Nest organisations as clusters and place each post in its organisation's cluster."""
    by_org: dict[str | None, list[str]] = {}
    for post_id in shown:
        org = state.posts[post_id].organization
        by_org.setdefault(org if org in state.organizations else None, []).append(post_id)
    children: dict[str | None, list[str]] = {}
    for org_id in sorted(state.organizations.keys()):
        parent = state.organizations[org_id].parent
        children.setdefault(parent if parent in state.organizations else None, []).append(org_id)

    # An organisation is drawn only when it or a unit below it has a post on this chart.
    occupied: set[str] = set()
    for start in by_org:
        unit = start
        while unit is not None and unit not in occupied:
            occupied.add(unit)
            parent = state.organizations[unit].parent
            unit = parent if parent in state.organizations else None
    visited: set[str] = set()

    def draw(graph: Any, org_id: str) -> None:
        visited.add(org_id)
        with graph.subgraph(name=_cluster(org_id)) as sub:
            sub.attr(
                label=_html(f"<B>{_esc(state.organizations[org_id].name)}</B>"),
                style="rounded",
                color="#9e9e9e",
                fontsize="12",
                labeljust="l",
            )
            for post_id in by_org.get(org_id, ()):
                sub.node(_node(post_id), **_post_attrs(state, post_id, highlight))
            for child in children.get(org_id, ()):
                if child not in visited and child in occupied:
                    draw(sub, child)

    for post_id in by_org.get(None, ()):
        chart.node(_node(post_id), **_post_attrs(state, post_id, highlight))
    # Organisations whose parents form a cycle have no root; draw them as roots, once each.
    for org_id in [*children.get(None, ()), *sorted(state.organizations.keys())]:
        if org_id not in visited and org_id in occupied:
            draw(chart, org_id)


def _add_edges(chart: Any, state: State, shown: list[str], *, first_assistants: bool) -> None:
    """Reporting lines solid; dotted-line reporting dashed; first assistants thin and grey."""
    included = set(shown)
    for post_id in shown:
        post = state.posts[post_id]
        if post.reports_to in included:
            chart.edge(_node(post.reports_to), _node(post_id))
        for superior in sorted(set(post.dotted_to) & included):
            chart.edge(_node(superior), _node(post_id), style="dashed", constraint="false")
    if not first_assistants:
        return
    for post_id in shown:
        assistant = state.posts[post_id].first_assistant
        if assistant in included and assistant != post_id:
            chart.edge(
                _node(post_id),
                _node(assistant),
                style="dotted",
                color="#9e9e9e",
                fontcolor=_MUTED,
                constraint="false",
                arrowsize="0.5",
                label="first assistant",
            )


def _add_legend(chart: Any) -> None:
    """One sample box per look, built from the same table the posts use."""
    with chart.subgraph(name="cluster_legend") as legend:
        legend.attr(label="Legend", style="rounded", color="#bdbdbd", fontsize="10")
        for index, (look, name, note, extra) in enumerate(_LEGEND):
            label = _html(f"<B>{_esc(name)}</B><BR/>{_small(_esc(note))}")
            legend.node(f"legend_{index}", fontsize="9", **{**_LOOKS[look], **extra}, label=label)
        # Two rows of samples: invisible edges fix the order in a row and stack the rows,
        # so the legend stays compact and reads the same on every chart.
        half = (len(_LEGEND) + 1) // 2
        for row in (range(half), range(half, len(_LEGEND))):
            with legend.subgraph() as same_rank:
                same_rank.attr(rank="same")
                for left, right in itertools.pairwise(row):
                    same_rank.edge(f"legend_{left}", f"legend_{right}", style="invis")
        legend.edge("legend_0", f"legend_{half}", style="invis")
