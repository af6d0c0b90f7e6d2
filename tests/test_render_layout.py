"""Chart layout and change marks: staff beside principals, shared bodies, steps, change charts."""

from __future__ import annotations

import datetime as dt
import re

import attrs
from render_samples import NEXT, base_state, resignation
from test_render_dot import attr, node_line

from orgsim.events import Transition
from orgsim.model import Capacity as Cap
from orgsim.model import Change, ChangeKind, Person, Post, State, Tenure
from orgsim.render import change_chart, state_chart, transition_charts


def with_posts(state: State, *posts: Post) -> State:
    """The state with extra posts added."""
    table = state.posts
    for post in posts:
        table = table.set(post.id, post)
    return attrs.evolve(state, posts=table)


def board_state() -> State:
    """The sample state plus a staff post and a three-seat board, two seats filled."""
    state = with_posts(
        base_state(),
        Post("chief-of-staff", "Chief of Staff", "cbp", reports_to="cbp-commissioner", staff=True),
        *(
            Post(
                f"seat-{i}",
                f"Member, seat {i}",
                "cbp",
                reports_to="cbp-commissioner",
                group="Board",
            )
            for i in (1, 2, 3)
        ),
        Post("board-clerk", "Clerk of the Board", "cbp", reports_to="seat-1"),
    )
    people = state.people.set("ann", Person("ann", "Ann Lee")).set("bo", Person("bo", "Bo Diaz"))
    holdings = state.holdings.set(
        "seat-1", Tenure("seat-1", "ann", Cap.CONFIRMED, dt.date(2020, 1, 1))
    ).set("seat-2", Tenure("seat-2", "bo", Cap.ACTING, dt.date(2022, 3, 1)))
    return attrs.evolve(state, people=people, holdings=holdings)


def test_staff_post_sits_on_its_principals_rank_joined_by_a_plain_line() -> None:
    """A staff post shares a rank=same subgraph with its principal; the line has no arrow."""
    source = state_chart(board_state())
    assert re.search(
        r'\{\s*rank=same\s*"post_cbp-commissioner"\s*"post_chief-of-staff"\s*\}', source
    )
    assert '"post_cbp-commissioner" -> "post_chief-of-staff" [color="#757575" dir=none]' in source
    assert "<B>Staff post</B>" in source


def test_seats_of_a_body_share_one_box_with_a_row_per_seat() -> None:
    """Group posts are one node listing every seat and holder; edges attach to that node."""
    source = state_chart(board_state())
    assert "post_seat-1" not in source
    box = next(line for line in source.splitlines() if line.strip().startswith("group_cbp_Board"))
    assert box.count("<TR>") == 4  # the header and three seats
    assert "Ann Lee" in box and "Bo Diaz" in box and "holder not recorded" in box
    assert 'STYLE="dashed" BGCOLOR="#ffe8b3"' in box  # the acting seat keeps the acting look
    assert source.count('"post_cbp-commissioner" -> group_cbp_Board') == 1
    assert 'group_cbp_Board -> "post_board-clerk"' in source


def test_many_leaf_subordinates_share_one_grid_reached_by_one_line() -> None:
    """Twenty leaf posts under one head are one grid node (five columns of four rows), one cell
    per post with a port; one reporting line reaches the grid, none reaches a cell."""
    extra = [Post(f"o{i:02}", f"Office {i}", "cbp", reports_to="cbp-counsel") for i in range(20)]
    source = state_chart(with_posts(base_state(), *extra))
    assert "post_o00" not in source
    grid = next(line for line in source.splitlines() if line.strip().startswith('"team_'))
    assert grid.count("<TR>") == 4 and grid.count("<TD PORT=") == 20
    assert all(f"<B>Office {i}</B>" in grid for i in range(20))
    edges = [line.strip() for line in source.splitlines() if '-> "team_' in line]
    assert edges == ['"post_cbp-counsel" -> "team_cbp-counsel_cbp"']


def test_a_few_leaf_subordinates_keep_their_own_boxes() -> None:
    """Four leaves under one head are not worth a grid: four boxes, four lines."""
    extra = [Post(f"o{i:02}", f"Office {i}", "cbp", reports_to="cbp-counsel") for i in range(4)]
    source = state_chart(with_posts(base_state(), *extra))
    assert "team_" not in source
    assert all(f'"post_cbp-counsel" -> post_o0{i}' in source for i in range(4))


def test_dotted_line_edge_does_not_constrain_the_layout() -> None:
    """dotted_to is a dashed edge with constraint=false, and the legend explains it."""
    source = state_chart(base_state())
    assert '"post_dhs-secretary" -> "post_cbp-cfo" [constraint=false style=dashed]' in source
    assert "dotted-line reporting" in source


def test_change_chart_strikes_the_departed_and_marks_the_arrival() -> None:
    """The change chart is the after state, with the leaver struck through beside the arrival."""
    line = node_line(change_chart(resignation()), "cbp-commissioner")
    assert "<S>Chris Magnus</S> (confirmed) left" in line
    assert "Troy Miller" in line and "now acting" in line
    assert attr(line, "color") == "#1565c0"
    assert "LEAVING" not in line


def test_a_person_stepping_up_gets_a_bold_blue_edge_from_their_old_post() -> None:
    """Miller, the deputy, becoming acting Commissioner draws deputy -> commissioner in blue."""
    for source in (change_chart(resignation()), transition_charts(resignation())[1]):
        edge = next(
            line
            for line in source.splitlines()
            if line.strip().startswith('"post_cbp-deputy" -> "post_cbp-commissioner"')
        )
        assert "Troy Miller" in edge and "#1565c0" in edge and "constraint=false" in edge


def test_abolished_post_is_drawn_struck_through_on_the_change_chart() -> None:
    """A post that exists only before the change appears as a dashed red ghost."""
    before = base_state()
    after = attrs.evolve(before, date=NEXT, posts=before.posts.delete("cbp-counsel"))
    t = Transition(
        resignation().event,
        before,
        after,
        (Change(ChangeKind.POST_ABOLISHED, post="cbp-counsel"),),
        seq=1,
    )
    line = node_line(change_chart(t), "cbp-counsel")
    assert "<S><B>Chief Counsel</B></S>" in line and "ABOLISHED" in line
    assert attr(line, "style") == "dashed,filled"
    assert "ABOLISHED" in node_line(transition_charts(t)[0], "cbp-counsel")


def test_moved_post_shows_its_old_superior_on_the_change_chart() -> None:
    """A post that changed superior keeps a grey 'moved from' edge from the old one."""
    before = base_state()
    moved = attrs.evolve(before.posts["usbp-chief"], reports_to="dhs-secretary")
    after = attrs.evolve(before, posts=before.posts.set("usbp-chief", moved))
    t = Transition(
        resignation().event, before, after, (Change(ChangeKind.MOVED, post="usbp-chief"),), seq=1
    )
    source = change_chart(t)
    assert "MOVED" in node_line(source, "usbp-chief")
    edge = next(
        line
        for line in source.splitlines()
        if line.strip().startswith('"post_cbp-commissioner" -> "post_usbp-chief"')
    )
    assert "constraint=false" in edge and 'tooltip="moved from here"' in edge
    assert "moved from" in source.split("Legend")[-1]
    assert "MOVING" in node_line(transition_charts(t)[0], "usbp-chief")
