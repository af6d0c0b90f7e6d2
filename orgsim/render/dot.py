"""A state or a transition as DOT text: organisations as clusters, posts as boxes. No I/O.

Layout choices, all of which leave the reporting tree as the model says it is:
- staff posts sit on their principal's rank, joined by a short line, instead of below it;
- the seats of one body (`Post.group`) share one box with a row per seat;
- a post with many subordinates that have none of their own draws them as one grid of cells
  under it, reached by one line (d3-org-chart's compact mode), so a wide team grows
  downwards rather than into one unreadably wide row, and no fan of lines merges into a band;
- a post can be drawn as an office: everything below it folded into its box, which links to
  the chart that draws that part (see `orgsim.render.atlas`);
- dotted-line reporting, first assistants and people's steps between posts are drawn as
  edges that do not constrain the layout, and such edges never carry a label: Graphviz 2.43
  (Debian's) corrupts its heap ("double free") when one process lays out several charts with
  labelled `constraint=false` edges, and fails with "trouble in init_rank" on large ones. What
  a label said is in the legend, the boxes and the edge's tooltip instead;
- the legend sits below the chart and lists only the looks the chart uses;
- a chart of more than a hundred-odd boxes runs left to right, so it grows down the page.
"""

from __future__ import annotations

import functools
import math
import re
import urllib.parse
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any

import graphviz

from orgsim.events import Transition
from orgsim.model import Legal, State
from orgsim.render.boxes import Box, Unit, ghost_box, group_box, post_box, seat_key, team_box
from orgsim.render.highlight import Highlight
from orgsim.render.looks import FONT, IN_COLOUR, INK, MUTED, esc, html_label, legend_label

__all__ = [
    "ChartCache",
    "ChartPlan",
    "Highlight",
    "change_chart",
    "change_plan",
    "count_boxes",
    "natural_key",
    "node_name",
    "state_chart",
    "transition_charts",
    "transition_plans",
]

_STACK_AFTER = 4  # more leaf subordinates than this share one grid
_MAX_COLUMNS = 6
# Above this many boxes a chart is drawn left to right: an org's width is in its lower levels,
# and a long page scrolls better than a wide one, at full size, with no label shrunk.
_SIDEWAYS_AFTER = 120


class ChartCache:
    """Boxes already drawn, by what they show, so that a run's many charts of much the same
    organisation lay out each unchanged box once. Keys name records by identity (see
    `boxes.seat_key`); each entry keeps its records alive, so a key is never reused for others.
    """

    def __init__(self) -> None:
        self._boxes: dict[tuple[object, ...], tuple[str, frozenset[str], tuple[object, ...]]] = {}

    def node(
        self, key: tuple[object, ...], keep: tuple[object, ...], name: str, draw: Callable[[], Box]
    ) -> tuple[str, frozenset[str]]:
        """The DOT line of node `name` drawing the box `key` stands for, and its legend keys."""
        hit = self._boxes.get(key)
        if hit is None:
            box = draw()
            scratch = graphviz.Digraph()
            scratch.node(name, **box.attrs)
            hit = (scratch.body[-1], box.used, keep)
            if len(self._boxes) >= _CACHE_BOXES:
                self._boxes.clear()  # a bound on memory; a miss only costs a redraw
            self._boxes[key] = hit
        return hit[0], hit[1]


_CACHE_BOXES = 50_000  # boxes kept: hits come from recent charts; a line is up to a few KB


def state_chart(
    state: State,
    *,
    title: str | None = None,
    highlight: Highlight | None = None,
    posts: Collection[str] | None = None,
    legend: bool = True,
    first_assistants: bool = True,
    units: Mapping[str, Unit] | None = None,
    up: Mapping[str, tuple[str, str]] | None = None,
    credit: str | None = None,
    legal: Legal | None = None,
    cache: ChartCache | None = None,
) -> str:
    """The organisation chart of `state` as DOT source (optionally only the given posts).

    `units` draws those posts as offices with what is below them folded in; `up` gives a post
    an (href, title) link to the chart it is part of; `credit` is a line under the chart;
    `legal` (the legal timeline) has boxes say what the law makes of their holders; `cache`
    reuses boxes other charts drew (the text is the same with or without it).
    """
    return ChartPlan(
        state,
        highlight or Highlight(),
        posts=posts,
        title=title or f"Organisation on {state.date.isoformat()}",
        legend=legend,
        first_assistants=first_assistants,
        units=units,
        up=up,
        credit=credit,
        legal=legal,
    ).source(cache)


def transition_charts(
    t: Transition,
    *,
    posts: Collection[str] | None = None,
    titles: tuple[str, str] | None = None,
    units: tuple[Mapping[str, Unit], Mapping[str, Unit]] | None = None,
    credit: str | None = None,
    cache: ChartCache | None = None,
) -> tuple[str, str]:
    """The (before, after) charts of a transition, each marking its side of the change."""
    before, after = transition_plans(t, posts=posts, titles=titles, units=units, credit=credit)
    return before.source(cache), after.source(cache)


def transition_plans(
    t: Transition,
    *,
    posts: Collection[str] | None = None,
    titles: tuple[str, str] | None = None,
    units: tuple[Mapping[str, Unit], Mapping[str, Unit]] | None = None,
    credit: str | None = None,
    highlight: Highlight | None = None,
) -> tuple[ChartPlan, ChartPlan]:
    """The (before, after) charts of a transition, planned but not yet drawn."""
    if highlight is None:
        highlight = Highlight.from_transition(t)
    # A side that marks no post draws no step either (as state_chart treats a falsy highlight).
    before_side, after_side = (
        highlight.before_side() or Highlight(),
        highlight.after_side() or Highlight(),
    )
    before_title, after_title = titles or (None, None)
    before_units, after_units = units or (None, None)
    return (
        ChartPlan(
            t.before,
            before_side,
            posts=posts,
            title=before_title or f"Organisation on {t.before.date.isoformat()}",
            units=before_units,
            credit=credit,
            legal=t.legal_before,
        ),
        ChartPlan(
            t.after,
            after_side,
            posts=posts,
            title=after_title or f"Organisation on {t.after.date.isoformat()}",
            units=after_units,
            credit=credit,
            legal=t.legal,
        ),
    )


def change_chart(
    t: Transition,
    *,
    posts: Collection[str] | None = None,
    title: str | None = None,
    legend: bool = True,
    units: Mapping[str, Unit] | None = None,
    credit: str | None = None,
    cache: ChartCache | None = None,
) -> str:
    """One chart of what a transition changed: the state after it, with who left struck through,
    arrivals and new posts marked, abolished posts drawn as they were, and people's moves."""
    plan = change_plan(t, posts=posts, title=title, legend=legend, units=units, credit=credit)
    return plan.source(cache)


def change_plan(
    t: Transition,
    *,
    posts: Collection[str] | None = None,
    title: str | None = None,
    legend: bool = True,
    units: Mapping[str, Unit] | None = None,
    credit: str | None = None,
    highlight: Highlight | None = None,
) -> ChartPlan:
    """A transition's change chart (see `change_chart`), planned but not yet drawn."""
    return ChartPlan(
        t.after,
        Highlight.from_transition(t) if highlight is None else highlight,
        posts=posts,
        title=title or f"What changed on {t.event.date.isoformat()}",
        legend=legend,
        first_assistants=True,
        previous=t.before,
        units=units,
        credit=credit,
        legal=t.legal,
    )


_NODE_LINE = re.compile(r'^\s*"?(?:post|group|unit)_[^\s"]*"? \[', re.MULTILINE)


def count_boxes(source: str) -> int:
    """How many boxes (posts, shared bodies, collapsed units) a chart's DOT text draws."""
    return len(_NODE_LINE.findall(source))


@functools.lru_cache(maxsize=65536)
def natural_key(text: str) -> tuple[tuple[int, str], ...]:
    """A sort key that puts "p9" before "p10": runs of digits compare as numbers."""
    return tuple(
        (int(part), "") if part.isdigit() else (-1, part) for part in re.split(r"(\d+)", text)
    )


@functools.lru_cache(maxsize=65536)  # every chart names its boxes again: quote each id once
def node_name(post_id: str) -> str:
    """The DOT node of a post's own box (the <title> of its group in SVG)."""
    # Percent-encoding keeps ids injective and free of ':' (a port separator in edges) and '"'.
    return "post_" + urllib.parse.quote(post_id, safe="")


_node = node_name


@functools.lru_cache(maxsize=65536)
def _group_node(org_id: str, group: str) -> str:
    return "group_" + urllib.parse.quote(org_id, safe="") + "_" + urllib.parse.quote(group, safe="")


@functools.lru_cache(maxsize=65536)
def _team_node(superior: str, org_id: str) -> str:
    return (
        "team_" + urllib.parse.quote(superior, safe="") + "_" + urllib.parse.quote(org_id, safe="")
    )


def _columns(members: int) -> int:
    """Two columns for a small team, as d3-org-chart's compact mode; nearer a square above."""
    return 2 if members <= 12 else min(_MAX_COLUMNS, math.ceil(math.sqrt(members)))


@functools.lru_cache(maxsize=65536)
def _cluster(org_id: str) -> str:
    return "cluster_org_" + urllib.parse.quote(org_id, safe="")


class ChartPlan:
    """One chart, laid out but not drawn: which posts it shows in which boxes. `key()` says what
    it would show without building its text; `source()` builds the text."""

    def __init__(
        self,
        state: State,
        highlight: Highlight,
        *,
        posts: Collection[str] | None,
        title: str,
        previous: State | None = None,
        units: Mapping[str, Unit] | None = None,
        up: Mapping[str, tuple[str, str]] | None = None,
        credit: str | None = None,
        legal: Legal | None = None,
        legend: bool = True,
        first_assistants: bool = True,
        known: Mapping[str, tuple[tuple[object, ...], tuple[object, ...]]] | None = None,
    ) -> None:
        self.state = state
        # Box keys already worked out for this very chart (by `key()` of the plan it repeats).
        self.known = dict(known or {})
        self.posts = posts
        self.legal = legal
        self.units = dict(units or {})
        self.up = dict(up or {})
        self.credit = credit
        self.highlight = highlight
        self.previous = previous
        self.title = title
        self.legend = legend
        self.first_assistants = first_assistants
        wanted = set(state.posts.keys()) if posts is None else set(posts)
        self.shown = sorted(wanted & set(state.posts.keys()), key=natural_key)
        self.ghosts: list[str] = []
        if previous is not None:
            self.ghosts = sorted(
                p for p in highlight.abolished if p in previous.posts and p not in state.posts
            )
            self.ghosts = [p for p in self.ghosts if posts is None or p in wanted]
        self.used: set[str] = set()
        self.cache: ChartCache | None = None
        # Which node each post is drawn in: its own, or its body's shared box.
        self.node_of: dict[str, str] = {}
        self.groups: dict[str, list[str]] = {}
        for post_id in self.shown:
            post = state.posts[post_id]
            if post.group:
                node = _group_node(post.organization, post.group)
                self.groups.setdefault(node, []).append(post_id)
                self.node_of[post_id] = node
            else:
                self.node_of[post_id] = _node(post_id)
        for post_id in self.ghosts:
            self.node_of[post_id] = _node(post_id)
        self.port_of: dict[str, str] = {}
        self.teams: dict[str, list[str]] = {}
        self._gather_teams()

    def _gather_teams(self) -> None:
        """Subordinates with nobody below them on the chart, many under one superior in one
        organisation, become one grid (a team); each keeps a port for lines to it."""
        state, node_of = self.state, self.node_of
        superiors = {
            state.posts[p].reports_to for p in [*self.shown, *self.ghosts] if p in state.posts
        }
        if self.previous is not None:
            superiors |= {self.previous.posts[p].reports_to for p in self.ghosts}
        candidates: dict[tuple[str, str], list[str]] = {}
        for post_id in self.shown:
            post = state.posts[post_id]
            if (
                post.reports_to in node_of
                and post_id not in superiors
                and node_of[post_id] == _node(post_id)
                and not post.staff
                and post.reports_to not in self.ghosts
            ):
                candidates.setdefault((post.reports_to, post.organization), []).append(post_id)
        for (superior, org_id), members in candidates.items():
            if len(members) <= _STACK_AFTER:
                continue
            team = _team_node(superior, org_id)
            self.teams[team] = members
            for i, post_id in enumerate(members):
                self.node_of[post_id] = team
                self.port_of[post_id] = f"s{i}"

    def _end(self, post_id: str) -> str:
        """Where a line to or from a post ends: its box, or its cell in a team's grid."""
        port = self.port_of.get(post_id)
        return f"{self.node_of[post_id]}:{port}" if port else self.node_of[post_id]

    @property
    def boxes(self) -> int:
        """How many posts the chart draws, each in a box or a cell of a team's grid."""
        return len(self.shown) + len(self.ghosts)

    def recipe(self) -> Callable[[], ChartPlan]:
        """How to lay the same chart out again later, holding only what it was made from (not
        the layout), so that a plan of many charts stays small."""
        return functools.partial(
            ChartPlan,
            self.state,
            self.highlight,
            posts=self.posts,
            title=self.title,
            previous=self.previous,
            units=self.units,
            up=self.up,
            credit=self.credit,
            legal=self.legal,
            legend=self.legend,
            first_assistants=self.first_assistants,
            known=self.known,
        )

    def key(self) -> tuple[object, ...]:
        """What the chart shows, as a hashable key: charts with equal keys have equal text.

        Records are named by identity (see `boxes.seat_key`): the key is valid while the states
        it was made from are alive, as a run's transitions are."""
        state, previous = self.state, self.previous
        boxes = tuple(self._box_key(node)[0] for node in dict.fromkeys(self.node_of.values()))
        h = self.highlight
        return (
            self.title,
            self.credit,
            self.legend,
            self.first_assistants,
            id(state.posts),
            id(state.organizations),
            id(previous.posts) if previous is not None else None,
            tuple(self.shown),
            tuple(self.ghosts),
            h.steps,
            h.moved,
            boxes,
        )

    def _box_key(self, node: str) -> tuple[tuple[object, ...], tuple[object, ...]]:
        """What the box of `node` shows (everything `_box` reads), and the records it names."""
        known = self.known.get(node)
        if known is None:
            known = self.known[node] = self._new_box_key(node)
        return known

    def _new_box_key(self, node: str) -> tuple[tuple[object, ...], tuple[object, ...]]:
        state, h, previous, legal = self.state, self.highlight, self.previous, self.legal
        if node in self.teams:
            members = self.teams[node]
            seats = [seat_key(state, p, h, previous, legal) for p in members]
            key: tuple[object, ...] = (
                "team",
                node,
                tuple(k for k, _ in seats),
                tuple(self.port_of[p] for p in members),
                tuple(self.units.get(p) for p in members),
                tuple(state.title(p) for p in members if p in self.units),
            )
            return key, tuple(r for _, records in seats for r in records)
        if node in self.groups:
            members = self.groups[node]
            seats = [seat_key(state, p, h, previous, legal) for p in members]
            return ("group", node, tuple(k for k, _ in seats)), tuple(
                r for _, records in seats for r in records
            )
        post_id = urllib.parse.unquote(node.removeprefix("post_"))
        if post_id in state.posts:
            seat, records = seat_key(state, post_id, h, previous, legal)
            unit, up = self.units.get(post_id), self.up.get(post_id)
            return ("post", node, seat, unit, up), records
        assert previous is not None  # only ghosts are drawn from the earlier state
        post, tenure = previous.posts[post_id], previous.holdings.get(post_id)
        name = previous.name(tenure.person) if tenure is not None else None
        return ("ghost", node, id(post), id(tenure), name), (post, tenure)

    def source(self, cache: ChartCache | None = None) -> str:
        """The chart's DOT text; `cache` reuses boxes drawn before (the text is the same)."""
        self.used = set()
        self.cache = cache
        chart = graphviz.Digraph(
            name="orgchart",
            graph_attr={
                "rankdir": "LR" if len(self.shown) > _SIDEWAYS_AFTER else "TB",
                "newrank": "true",
                "nodesep": "0.3",
                "ranksep": "0.45",
                "fontname": FONT,
            },
            node_attr={"shape": "box", "fontname": FONT, "fontsize": "11", "margin": "0.12,0.06"},
            edge_attr={"color": INK, "arrowsize": "0.7", "fontname": FONT, "fontsize": "8"},
        )
        # The title belongs to an invisible outer cluster so the graph's own label, at the
        # bottom, can hold the legend.
        with chart.subgraph(name="cluster_chart") as body:
            body.attr(
                label=html_label(f'<FONT POINT-SIZE="16"><B>{esc(self.title)}</B></FONT>'),
                labelloc="t",
                labeljust="c",
                peripheries="0",
            )
            self._clusters(body)
        self._edges(chart)
        self._layout(chart)
        label = legend_label(self.used) if self.legend else None
        if self.credit:
            credit = f'<FONT POINT-SIZE="9" COLOR="{MUTED}">{esc(self.credit)}</FONT>'
            label = (
                f'<TABLE BORDER="0" CELLSPACING="2"><TR><TD>{label}</TD></TR>'
                f'<TR><TD ALIGN="LEFT">{credit}</TD></TR></TABLE>'
                if label
                else credit
            )
        if label is not None:
            chart.attr(label=html_label(label), labelloc="b", labeljust="c")
        source: str = chart.source
        return source

    # --- boxes in their organisations -------------------------------------------------------

    def _box(self, node: str) -> Box:
        if node in self.teams:
            members = self.teams[node]
            return team_box(
                self.state,
                members,
                self.highlight,
                columns=_columns(len(members)),
                ports=[self.port_of[p] for p in members],
                previous=self.previous,
                units=self.units,
                legal=self.legal,
            )
        if node in self.groups:
            members = self.groups[node]
            name = self.state.posts[members[0]].group or ""
            return group_box(
                self.state, name, members, self.highlight, previous=self.previous, legal=self.legal
            )
        post_id = urllib.parse.unquote(node.removeprefix("post_"))
        if post_id in self.state.posts:
            return post_box(
                self.state,
                post_id,
                self.highlight,
                previous=self.previous,
                unit=self.units.get(post_id),
                up=self.up.get(post_id),
                legal=self.legal,
            )
        assert self.previous is not None  # only ghosts are drawn from the earlier state
        return ghost_box(self.previous, post_id)

    def _clusters(self, chart: Any) -> None:
        """Nest organisations as clusters and place each box in its organisation's cluster."""
        state = self.state
        by_org: dict[str | None, list[str]] = {}
        for post_id in [*self.shown, *self.ghosts]:
            post = state.posts.get(post_id) or self.previous.posts[post_id]  # type: ignore[union-attr]
            org = post.organization if post.organization in state.organizations else None
            nodes = by_org.setdefault(org, [])
            if self.node_of[post_id] not in nodes:
                nodes.append(self.node_of[post_id])
        children: dict[str | None, list[str]] = {}
        for org_id in sorted(state.organizations.keys()):
            parent = state.organizations[org_id].parent
            children.setdefault(parent if parent in state.organizations else None, []).append(
                org_id
            )
        # An organisation is drawn only when it or a unit below it has a post on this chart.
        occupied: set[str] = set()
        for start in by_org:
            unit = start
            while unit is not None and unit not in occupied:
                occupied.add(unit)
                parent = state.organizations[unit].parent
                unit = parent if parent in state.organizations else None
        visited: set[str] = set()

        def place(graph: Any, nodes: Sequence[str]) -> None:
            for node in nodes:
                if self.cache is not None:
                    key, keep = self._box_key(node)
                    draw = functools.partial(self._box, node)
                    line, used = self.cache.node(key, keep, node, draw)
                    self.used |= used
                    graph.body.append(line)
                    continue
                box = self._box(node)
                self.used |= box.used
                graph.node(node, **box.attrs)

        def draw(graph: Any, org_id: str) -> None:
            visited.add(org_id)
            with graph.subgraph(name=_cluster(org_id)) as sub:
                sub.attr(
                    label=html_label(f"<B>{esc(state.organizations[org_id].name)}</B>"),
                    style="rounded",
                    color="#9e9e9e",
                    fontsize="12",
                    labeljust="l",
                    labelloc="t",
                    peripheries="1",  # the outer title cluster has none; its units do
                )
                place(sub, by_org.get(org_id, ()))
                for child in children.get(org_id, ()):
                    if child not in visited and child in occupied:
                        draw(sub, child)

        place(chart, by_org.get(None, ()))
        # Organisations whose parents form a cycle have no root; draw them as roots, once each.
        for org_id in [*children.get(None, ()), *sorted(state.organizations.keys())]:
            if org_id not in visited and org_id in occupied:
                draw(chart, org_id)

    # --- lines between boxes ------------------------------------------------------------------

    def _edges(self, chart: Any) -> None:
        """Reporting lines solid; dotted-line reporting dashed; first assistants thin and grey."""
        state, node_of = self.state, self.node_of
        drawn: set[tuple[str, str]] = set()
        for post_id in self.shown:
            post = state.posts[post_id]
            head = node_of[post_id]
            if post.reports_to in node_of and post.reports_to not in self.ghosts:
                tail = node_of[post.reports_to]
                if tail != head and (tail, head) not in drawn:
                    drawn.add((tail, head))
                    if post.staff:
                        chart.edge(tail, head, dir="none", color=MUTED)
                    else:
                        chart.edge(tail, head)
            # Test each dotted line against the boxes drawn (not a set of every box per post,
            # which made a big chart's edges quadratic).
            for superior in sorted({s for s in post.dotted_to if s in node_of}):
                if node_of[superior] != head:
                    chart.edge(
                        self._end(superior), self._end(post_id), style="dashed", constraint="false"
                    )
                    self.used.add("dotted-line")
        self._change_edges(chart)
        if not self.first_assistants:
            return
        for post_id in self.shown:
            assistant = state.posts[post_id].first_assistant
            if assistant in node_of and node_of[assistant] != node_of[post_id]:
                chart.edge(
                    self._end(post_id),
                    self._end(assistant),
                    style="dotted",
                    color="#9e9e9e",
                    fontcolor=MUTED,
                    constraint="false",
                    arrowsize="0.5",
                    tooltip="first assistant",
                )
                self.used.add("first-assistant")

    def _change_edges(self, chart: Any) -> None:
        """People's steps from one post to another, posts' old superiors, abolished posts' lines."""
        node_of = self.node_of
        for start, end in sorted(self.highlight.steps):
            if start in node_of and end in node_of and node_of[start] != node_of[end]:
                person = self.state.holdings.get(end)
                who = self.state.name(person.person) if person else ""
                chart.edge(
                    self._end(start),
                    self._end(end),
                    color=IN_COLOUR,
                    fontcolor=IN_COLOUR,
                    penwidth="2.5",
                    style="bold",
                    constraint="false",
                    # No backslash: dot reads escapes such as \\N inside attribute strings.
                    tooltip=f"{who.replace(chr(92), '/')} moves here" if who else "moves here",
                )
                self.used.add("step")
        if self.previous is None:
            return
        for post_id in sorted(self.highlight.moved & set(node_of)):
            old = self.previous.posts.get(post_id)
            if old is not None and old.reports_to in node_of:
                if node_of[old.reports_to] == node_of[post_id]:
                    continue
                chart.edge(
                    self._end(old.reports_to),
                    self._end(post_id),
                    style="dashed",
                    color=MUTED,
                    fontcolor=MUTED,
                    constraint="false",
                    tooltip="moved from here",
                )
                self.used.add("moved-from")
        for post_id in self.ghosts:
            superior = self.previous.posts[post_id].reports_to
            if superior in node_of and node_of[superior] != node_of[post_id]:
                chart.edge(self._end(superior), self._end(post_id), style="dashed", color=MUTED)

    # --- placement that does not change the tree --------------------------------------------

    def _layout(self, chart: Any) -> None:
        """Staff beside their principal (wide teams are already grids: see _gather_teams)."""
        state, node_of = self.state, self.node_of
        for post_id in self.shown:
            post = state.posts[post_id]
            if (
                post.staff
                and post.reports_to in node_of
                and node_of[post.reports_to] != node_of[post_id]
            ):
                with chart.subgraph() as beside:
                    beside.attr(rank="same")
                    beside.node(node_of[post.reports_to])
                    beside.node(node_of[post_id])
