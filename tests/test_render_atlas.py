"""The atlas of a large organisation: pages of bounded size that together show every post, each
folded office linked to its own page and back; and the posts drawn around one change."""

from __future__ import annotations

import datetime as dt
import re

from hypothesis import given, settings
from hypothesis import strategies as st
from immutables import Map

from orgsim.model import (
    Capacity,
    Organization,
    People,
    Person,
    Post,
    State,
    Tenure,
    Vacancy,
    VacancyReason,
)
from orgsim.render.atlas import Tree, atlas, context_posts, folded_units, plan_atlas, unit_of

DAY = dt.date(2024, 1, 1)
SETTINGS = settings(max_examples=40, deadline=None)


@st.composite
def trees(draw: st.DrawFn, max_posts: int = 90) -> State:
    """A random reporting forest: post i reports to an earlier post or to nobody; each post is
    held (confirmed, acting or performing duties), vacant, or its holder is not recorded."""
    n = draw(st.integers(1, max_posts))
    # Bias towards wide teams and deep chains alike: the parent is drawn from a small window
    # of recent posts or from the first few.
    posts: dict[str, Post] = {}
    holdings: dict[str, Tenure] = {}
    vacancies: dict[str, Vacancy] = {}
    people: list[Person] = []
    for i in range(n):
        parent = None
        if i and draw(st.integers(0, 19)):
            parent = draw(st.integers(max(0, i - 12), i - 1) | st.integers(0, min(i - 1, 3)))
        post_id = f"p{i}"
        posts[post_id] = Post(
            post_id, f"Post {i}", "org", reports_to=None if parent is None else f"p{parent}"
        )
        status = draw(st.sampled_from(["confirmed", "acting", "duties", "vacant", "unknown"]))
        if status == "vacant":
            vacancies[post_id] = Vacancy(post_id, DAY, VacancyReason.RESIGNATION)
        elif status != "unknown":
            capacity = {
                "confirmed": Capacity.CONFIRMED,
                "acting": Capacity.ACTING,
                "duties": Capacity.PERFORMING_DUTIES,
            }[status]
            people.append(Person(f"h{i}", f"Holder {i}"))
            holdings[post_id] = Tenure(post_id, f"h{i}", capacity, DAY)
    return State(
        date=DAY,
        organizations=Map({"org": Organization("org", "Organisation")}),
        posts=Map(posts),
        people=People(people),
        holdings=Map(holdings),
        vacancies=Map(vacancies),
    )


def below_reference(state: State, office: str) -> list[str]:
    """Every post at or below `office`, found by climbing from each post (no Tree involved)."""
    return [p for p in state.posts if p == office or office in state.chain_of_command(p)]


@SETTINGS
@given(trees(), st.integers(0, 70))
def test_atlas_pages_are_bounded_cover_every_post_and_link_both_ways(
    state: State, max_boxes: int
) -> None:
    """Each page has at most `max_boxes` posts unless one office's team alone is wider; every
    post is on a page; each folded office has one page, part of the page that folds it."""
    plans = plan_atlas(state, max_boxes=max_boxes)
    keys = [plan.key for plan in plans]
    assert keys[0] == "" and len(set(keys)) == len(keys)
    by_key = {plan.key: plan for plan in plans}
    tree = Tree.of(state)
    page_of = {top: plan for plan in plans for top in plan.tops}
    tops = [top for plan in plans for top in plan.tops]
    assert sorted(tops) == sorted(office for plan in plans for office in plan.folded)
    assert len(set(tops)) == len(tops)  # each folded office is drawn on exactly one page
    for plan in plans:
        if max_boxes == 0:
            assert len(plans) == 1
        elif len(plan.posts) > max_boxes:
            # Only one office's own page may overflow, with its team and nothing more; or the
            # overview, with the tops of the tree and nothing more.
            if plan.key:
                assert plan.tops == (plan.key,)
                assert set(plan.posts) == {plan.key, *tree.below[plan.key]}
            else:
                assert set(plan.posts) == set(tree.roots)
        for office in plan.folded:
            assert office in plan.posts
            assert page_of[office].parent == plan.key and by_key[page_of[office].key]
            assert not set(tree.below.get(office, ())) & set(plan.posts)
        if len(plan.tops) > 1:  # offices sharing a page are drawn whole
            assert set(plan.posts) == set(tree.walk(plan.tops))
    shown = {p for plan in plans for p in plan.posts}
    assert shown == set(state.posts.keys())
    # Each post's team is drawn whole on exactly one page: where it is opened.
    for post_id, team in tree.below.items():
        opened = [plan.key for plan in plans if {post_id, *team} <= set(plan.posts)]
        assert len(opened) == 1, (post_id, opened)


@SETTINGS
@given(trees(), st.data())
def test_an_office_counts_its_posts_vacancies_and_acting_holders(
    state: State, data: st.DataObject
) -> None:
    """unit_of agrees with counting by hand from every post's chain of command."""
    office = data.draw(st.sampled_from(sorted(state.posts.keys())))
    inside = below_reference(state, office)
    unit = unit_of(state, Tree.of(state), office)
    assert unit.posts == len(inside)
    assert unit.vacant == sum(1 for p in inside if p in state.vacancies)
    capacities = [state.holdings[p].capacity for p in inside if p in state.holdings]
    assert unit.acting == capacities.count(Capacity.ACTING)
    assert unit.duties == capacities.count(Capacity.PERFORMING_DUTIES)


@SETTINGS
@given(trees(), st.data(), st.integers(10, 70))
def test_context_keeps_the_chain_of_command_and_folds_what_it_leaves_out(
    state: State, data: st.DataObject, max_boxes: int
) -> None:
    """Around a touched post: it and its whole chain of command always; its team and its
    colleagues only within the budget; every drawn post with posts left out below it is an
    office."""
    touched = data.draw(st.sampled_from(sorted(state.posts.keys())))
    chosen = context_posts(state, [touched], max_boxes=max_boxes)
    required = {touched, *state.chain_of_command(touched)}
    assert required <= chosen
    assert len(chosen) <= max(max_boxes, len(required))
    units = folded_units(state, chosen)
    for post_id in chosen:
        left_out = [p for p in state.subordinates(post_id) if p not in chosen]
        assert (post_id in units) == bool(left_out)


def test_a_large_atlas_links_every_office_to_a_page_that_links_back() -> None:
    """In the DOT text: each folded office's box has a URL to its page's file, and that page's
    top box has a URL back to the page that folds it."""
    state = deep_state(400)
    pages = atlas(state, title="Everything", suffix=".svg")
    assert len(pages) > 1
    files = {page.stem + ".svg": page for page in pages}
    for page in pages:
        for target in re.findall(r'URL="([^"]+)"', page.source):
            assert target in files, target
        if page.parent is not None:
            parent = next(p for p in pages if p.key == page.parent)
            assert f'URL="{parent.stem}.svg"' in page.source
            assert re.search(f'(URL|HREF)="{page.stem}.svg"', parent.source)
    assert pages[0].title == "Everything"


def deep_state(n: int) -> State:
    """n posts, each of the first ones with eight subordinates (as `orgsim synth` builds)."""
    posts = {
        f"p{i}": Post(f"p{i}", f"Post {i}", "org", reports_to=f"p{(i - 1) // 8}" if i else None)
        for i in range(n)
    }
    return State(
        date=DAY,
        organizations=Map({"org": Organization("org", "Organisation")}),
        posts=Map(posts),
        people=People([]),
        holdings=Map({}),
        vacancies=Map({}),
    )
