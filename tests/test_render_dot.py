"""DOT text for states and transitions: looks, structure, highlights, escaping, determinism."""

from __future__ import annotations

import re

import attrs
import pytest
from immutables import Map
from render_samples import DAY, base_state, narrative, resignation, with_name

from orgsim.model import (
    Capacity,
    Change,
    ChangeKind,
    Lawfulness,
    Legal,
    Organization,
    Post,
    Reason,
    Standing,
    Tenure,
)
from orgsim.render import Highlight, state_chart, transition_charts


def node_line(source: str, post_id: str) -> str:
    """The DOT statement that declares a post's node."""
    for line in source.splitlines():
        stripped = line.strip()
        if stripped.startswith((f'"post_{post_id}" [', f"post_{post_id} [")):
            return stripped
    raise AssertionError(f"no node for {post_id!r} in:\n{source}")


def attr(line: str, name: str) -> str | None:
    """One attribute's raw value from a node statement (quotes stripped)."""
    match = re.search(rf'\s{name}=("(?:[^"\\]|\\.)*"|[^\s\]]+)', line)
    return match.group(1).strip('"') if match else None


def html_label(line: str) -> str:
    """The inside of a node's HTML-like label, found by balancing angle brackets."""
    start = line.index("label=<") + len("label=<")
    depth = 1
    for end in range(start, len(line)):
        depth += {"<": 1, ">": -1}.get(line[end], 0)
        if depth == 0:
            return line[start:end]
    raise AssertionError(f"unbalanced label in {line!r}")


def test_vacant_post_says_vacant_in_a_grey_bold_dashed_box() -> None:
    """A vacant post is labelled VACANT with its date and drawn bold, dashed and grey."""
    line = node_line(state_chart(base_state()), "usbp-chief")
    assert "VACANT" in line
    assert "since 2022-06-01 (resignation)" in line
    assert attr(line, "style") == "bold,dashed,filled"
    assert attr(line, "fillcolor") == "#d9d9d9"


def test_post_without_recorded_holder_is_not_drawn_as_vacant() -> None:
    """'Holder not recorded' has its own words and look, distinct from a vacancy."""
    source = state_chart(base_state())
    unknown = node_line(source, "cbp-counsel")
    vacant = node_line(source, "usbp-chief")
    assert "holder not recorded" in unknown
    assert "VACANT" not in unknown
    assert attr(unknown, "style") == "dotted,filled"
    assert attr(unknown, "fillcolor") == "#ffffff"
    assert (attr(unknown, "style"), attr(unknown, "fillcolor")) != (
        attr(vacant, "style"),
        attr(vacant, "fillcolor"),
    )


def test_confirmed_holder_shows_name_capacity_and_start_in_a_solid_box() -> None:
    """A confirmed officer's box names them, says 'confirmed, since <date>' and is solid white."""
    line = node_line(state_chart(base_state()), "cbp-commissioner")
    assert "Chris Magnus" in line
    assert "confirmed, since 2021-12-13" in line
    assert attr(line, "style") == "solid,filled"
    assert attr(line, "fillcolor") == "#ffffff"


def test_acting_holder_has_a_dashed_amber_box() -> None:
    """An acting officer's box is dashed with a light amber fill and says 'acting'."""
    line = node_line(state_chart(base_state()), "cbp-deputy")
    assert "acting, since 2021-01-20" in line
    assert attr(line, "style") == "dashed,filled"
    assert attr(line, "fillcolor") == "#ffe8b3"


def test_performing_the_duties_has_a_dotted_blue_box() -> None:
    """Someone performing the duties gets a dotted, light blue box and says so in words."""
    line = node_line(state_chart(base_state()), "cbp-cfo")
    assert "performing the duties" in line
    assert attr(line, "style") == "dotted,filled"
    assert attr(line, "fillcolor") == "#d6eaf8"


def test_unlawful_service_gets_a_red_double_border_and_the_defect() -> None:
    """Service the legal timeline judges unlawful shows 'not lawful: <reason>' and
    peripheries=2 in red; without the legal timeline the box says nothing of it."""
    state = base_state()
    judged = Standing(
        "cbp-deputy",
        state.date,
        Lawfulness.UNLAWFUL,
        (Reason("acting-eligibility", "5 U.S.C. 3347(a)", "order not in force"),),
        holder=state.holdings["cbp-deputy"].person,
    )
    legal = Legal(standings=Map({"cbp-deputy": judged}))
    line = node_line(state_chart(state, legal=legal), "cbp-deputy")
    assert "not lawful: order not in force" in line
    assert attr(line, "peripheries") == "2"
    assert attr(line, "color") == "#b71c1c"
    plain = node_line(state_chart(state), "cbp-deputy")
    assert "not lawful" not in plain and attr(plain, "peripheries") != "2"


def test_same_state_gives_byte_identical_dot_whatever_the_insertion_order() -> None:
    """Ids are visited in sorted order, so equal states give identical text."""
    state = base_state()
    shuffled = attrs.evolve(
        state,
        posts=Map(reversed(list(state.posts.items()))),
        organizations=Map(reversed(list(state.organizations.items()))),
        holdings=Map(reversed(list(state.holdings.items()))),
    )
    assert state_chart(state) == state_chart(state)
    assert state_chart(state) == state_chart(shuffled)


@pytest.mark.parametrize(
    "name",
    [
        '<script>alert("x")</script>',
        'Ann & Bob\'s "office"',
        "back\\slash \\N \\l",
        "line\nbreak\ttab",
        "Łukasz Żółć — 李小龍",
    ],
)
def test_user_text_is_escaped_in_html_labels(name: str) -> None:
    """Names with markup, quotes, backslashes, newlines or non-Latin letters stay inert text."""
    source = state_chart(with_name(base_state(), "magnus", name))
    line = node_line(source, "cbp-commissioner")
    assert "<script>" not in source
    assert "\n" not in line
    # Every '<' left in the label belongs to the markup orgsim wrote, never to the name.
    assert not re.search(r"<(?!/?(B|I|BR|FONT)\b)", html_label(line))
    if "<" in name:
        assert "&lt;script&gt;" in line


def test_title_is_escaped_and_defaults_to_the_date() -> None:
    """The chart title says the state's date unless given, and user titles are escaped."""
    assert "Organisation on 2022-11-12" in state_chart(base_state())
    assert "A &amp; B &lt;i&gt;" in state_chart(base_state(), title="A & B <i>")


def test_organisations_nest_as_clusters_holding_their_posts() -> None:
    """Each organisation is a cluster inside its parent's, and posts sit in their own."""
    source = state_chart(base_state())
    dhs = source.index("subgraph cluster_org_dhs {")
    cbp = source.index("subgraph cluster_org_cbp {")
    assert dhs < source.index('"post_dhs-secretary" [') < cbp < source.index('"post_cbp-deputy" [')
    # cbp is nested: its block is indented one level deeper than dhs's (which sits inside the
    # invisible cluster that carries the title).
    assert "\n\t\t\tsubgraph cluster_org_cbp {" in source
    assert "\n\t\tsubgraph cluster_org_dhs {" in source


def test_organisations_with_a_parent_cycle_are_still_drawn() -> None:
    """Broken parent links (a cycle) never drop posts from the chart."""
    state = base_state()
    orgs = state.organizations.set("a", Organization("a", "A", parent="b")).set(
        "b", Organization("b", "B", parent="a")
    )
    posts = state.posts.set("lost", Post("lost", "Lost Post", "b"))
    source = state_chart(attrs.evolve(state, organizations=orgs, posts=posts))
    assert "Lost Post" in node_line(source, "lost")
    assert source.count("subgraph cluster_org_a {") == 1
    assert source.count("subgraph cluster_org_b {") == 1


def test_reporting_lines_are_solid_and_dotted_lines_dashed_without_constraint() -> None:
    """reports_to draws superior -> subordinate; dotted_to draws a dashed, unconstrained edge."""
    source = state_chart(base_state())
    assert '"post_dhs-secretary" -> "post_cbp-commissioner"\n' in source
    assert '"post_dhs-secretary" -> "post_cbp-cfo" [constraint=false style=dashed]' in source


def test_first_assistant_edge_is_thin_grey_and_optional() -> None:
    """The first-assistant relation is a dotted grey edge that can be left out."""
    source = state_chart(base_state())
    edge = next(line for line in source.splitlines() if "first assistant" in line)
    assert edge.strip().startswith('"post_cbp-commissioner" -> "post_cbp-deputy"')
    assert "constraint=false" in edge and "style=dotted" in edge
    assert "first assistant" not in state_chart(base_state(), first_assistants=False)


def test_legend_lists_the_looks_the_chart_uses_below_it() -> None:
    """The legend is the graph label at the bottom and names each look used, and only those."""
    source = state_chart(base_state())
    legend = next(line for line in source.splitlines() if line.strip().startswith("label=<<TABLE"))
    assert "labelloc=b" in source
    for words in ("Confirmed", "Acting", "Performing the duties", "VACANT", "Holder not recorded"):
        assert f"<B>{words}</B>" in legend
    for unused in ("Not lawful", "Leaving", "Staff post", "Shared body"):
        assert unused not in legend
    assert "Legend" not in state_chart(base_state(), legend=False)
    before, after = transition_charts(resignation())
    assert "<B>Leaving</B>" in before and "<B>Arrived / changed</B>" in after


def test_posts_option_draws_only_those_posts_and_their_edges() -> None:
    """A neighbourhood chart leaves out other posts and edges that would dangle."""
    source = state_chart(base_state(), posts={"cbp-commissioner", "cbp-deputy", "nope"})
    assert "Deputy Commissioner" in source
    assert "Secretary of Homeland Security" not in source
    assert "post_dhs-secretary" not in source
    assert "cluster_org_dhs" in source  # still drawn: it holds the cluster of cbp


def test_arrival_is_marked_after_and_departure_before() -> None:
    """LEFT marks the post 'LEAVING' before; ARRIVED as acting marks it 'now acting' after."""
    before, after = transition_charts(resignation())
    leaving = node_line(before, "cbp-commissioner")
    arriving = node_line(after, "cbp-commissioner")
    assert "LEAVING" in leaving and attr(leaving, "color") == "#c62828"
    assert "now acting" in arriving and "LEAVING" not in arriving
    assert attr(arriving, "color") == "#1565c0"
    assert attr(arriving, "penwidth") == "3.5"
    assert "Troy Miller" in arriving
    # Untouched posts look exactly as on a plain chart.
    assert node_line(after, "cbp-deputy") == node_line(state_chart(base_state()), "cbp-deputy")


def test_confirmed_arrival_is_marked_new() -> None:
    """Someone arriving in a non-temporary capacity is tagged NEW."""
    t = resignation()
    tenure = Tenure("cbp-commissioner", "miller", Capacity.CONFIRMED, t.after.date)
    t = attrs.evolve(
        t, after=attrs.evolve(t.after, holdings=t.after.holdings.set("cbp-commissioner", tenure))
    )
    assert "NEW" in node_line(transition_charts(t)[1], "cbp-commissioner")


def test_vacated_post_is_marked_now_vacant_after() -> None:
    """A post left empty is tagged LEAVING before and 'now VACANT' after."""
    t = resignation()
    after = attrs.evolve(t.after, holdings=t.after.holdings.delete("cbp-commissioner"))
    t = attrs.evolve(
        t,
        after=after,
        changes=(
            Change(ChangeKind.LEFT, post="cbp-commissioner", person="magnus"),
            Change(ChangeKind.VACATED, post="cbp-commissioner"),
        ),
    )
    before, after_dot = transition_charts(t)
    assert "LEAVING" in node_line(before, "cbp-commissioner")
    assert "now VACANT" in node_line(after_dot, "cbp-commissioner")


def test_transition_that_changes_nothing_gives_plain_identical_charts() -> None:
    """A narrative event's before and after charts equal the plain chart, so they dedupe."""
    before, after = transition_charts(narrative())
    assert before == after == state_chart(base_state(date=DAY))


def test_highlight_from_changes_sorts_posts_by_what_happened() -> None:
    """Each change kind lands in its own set, and the sides split before from after."""
    highlight = Highlight.from_changes(
        [
            Change(ChangeKind.LEFT, post="a"),
            Change(ChangeKind.ARRIVED, post="a"),
            Change(ChangeKind.CAPACITY, post="b"),
            Change(ChangeKind.POST_ADDED, post="c"),
            Change(ChangeKind.POST_ABOLISHED, post="d"),
            Change(ChangeKind.VACATED, post="e"),
            Change(ChangeKind.PERSON_ADDED, person="x"),
        ]
    )
    assert highlight.leaving == {"a", "e"}
    assert highlight.arrived == {"a"}
    assert highlight.capacity == {"b"}
    assert highlight.added == {"c"}
    assert highlight.abolished == {"d"}
    assert highlight.before_side().incoming == frozenset()
    assert highlight.after_side().outgoing == frozenset()
    assert not Highlight.from_changes([])
