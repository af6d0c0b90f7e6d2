"""Large organisations as an atlas: readable linked charts instead of one huge one. No I/O.

A chart of more than `max_boxes` posts (about 60: what a page shows at a readable size) becomes
an overview and sub-charts. Each chart opens the tree from its top down, one office at a time in
the order they are drawn, while the boxes fit; an office that does not fit is drawn as one box
("Office: 37 posts, 2 vacant, 1 acting") that links to its own chart, planned the same way, so a
10,000-post organisation is a few hundred charts of at most about 60 boxes, each quick to lay
out. A sub-chart's top box links back to the chart it is part of.

`context_posts` picks, for one change, the posts worth drawing around it within the same budget:
the chain of command of every post it touched, those posts' own teams and their colleagues.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence

from attrs import frozen

from orgsim.model import Capacity, Legal, State
from orgsim.render.boxes import Unit
from orgsim.render.dot import natural_key, state_chart
from orgsim.render.highlight import Highlight

__all__ = [
    "DEFAULT_MAX_BOXES",
    "AtlasPage",
    "PagePlan",
    "Tree",
    "atlas",
    "context_posts",
    "folded_units",
    "page_stem",
    "plan_atlas",
]

DEFAULT_MAX_BOXES = 60
"""Boxes in one chart above which it is split into an atlas (a setting: --max-boxes)."""

_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")
_TREES: dict[tuple[int, frozenset[str] | None], tuple[object, Tree]] = {}
_TREES_KEPT = 8
_Marked = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]
_MARKED: dict[tuple[int, int], tuple[object, object, _Marked]] = {}


@frozen(slots=False)  # slots=False: room for the sizes and superiors it works out once
class Tree:
    """The reporting tree of the posts to chart: each post's subordinates among them, in the
    order charts draw them, and the posts with no superior among them."""

    roots: tuple[str, ...]
    below: Mapping[str, tuple[str, ...]]

    @classmethod
    def of(cls, state: State, posts: Collection[str] | None = None) -> Tree:
        """The tree of `posts` (default: all) as `state` has them."""
        # Consecutive states mostly share their map of posts (only holders change), and a report
        # asks for the same tree many times: keep the last few, keyed by the map itself.
        key = (id(state.posts), None if posts is None else frozenset(posts))
        hit = _TREES.get(key)
        if hit is not None and hit[0] is state.posts:
            return hit[1]
        tree = cls._build(state, posts)
        if len(_TREES) >= _TREES_KEPT:
            _TREES.pop(next(iter(_TREES)))
        _TREES[key] = (state.posts, tree)
        return tree

    @classmethod
    def _build(cls, state: State, posts: Collection[str] | None) -> Tree:
        wanted = set(state.posts.keys()) if posts is None else set(posts) & set(state.posts.keys())
        below: dict[str, list[str]] = {}
        roots: list[str] = []
        for post_id in sorted(wanted, key=natural_key):
            superior = state.posts[post_id].reports_to
            if superior in wanted and superior != post_id:
                below.setdefault(superior, []).append(post_id)
            else:
                roots.append(post_id)
        tree = cls(tuple(roots), {k: tuple(v) for k, v in below.items()})
        # Reporting lines are a forest (checked on load); a cycle among `posts` would leave
        # posts reachable from no root: draw each such post as a root too.
        reached = set(tree.walk(tree.roots))
        if len(reached) < len(wanted):
            extra = [p for p in sorted(wanted - reached, key=natural_key)]
            tree = cls((*roots, *extra), tree.below)
        return tree

    def size(self, post_id: str) -> int:
        """How many posts are at or below `post_id`."""
        sizes = self._sizes()
        return sizes.get(post_id, 1)

    def is_within(self, post_id: str, office: str) -> bool:
        """Whether `post_id` is `office` or below it."""
        up = self._superiors()
        current: str | None = post_id
        for _ in range(len(up) + 1):  # bounded: the tree has no cycles, but be sure
            if current == office:
                return True
            if current is None:
                return False
            current = up.get(current)
        return False

    def _superiors(self) -> dict[str, str]:
        cached: dict[str, str] | None = self.__dict__.get("_up_cache")
        if cached is None:
            cached = {child: boss for boss, team in self.below.items() for child in team}
            object.__setattr__(self, "_up_cache", cached)
        return cached

    def _sizes(self) -> dict[str, int]:
        cached: dict[str, int] | None = self.__dict__.get("_size_cache")
        if cached is None:
            cached = {}
            for post_id in reversed(list(self.walk(self.roots))):
                cached[post_id] = 1 + sum(cached.get(c, 1) for c in self.below.get(post_id, ()))
            object.__setattr__(self, "_size_cache", cached)
        return cached

    def walk(self, tops: Iterable[str]) -> Iterable[str]:
        """Every post at or below `tops`, each once, top down."""
        seen: set[str] = set()
        stack = list(reversed(list(tops)))
        while stack:
            post_id = stack.pop()
            if post_id in seen:
                continue
            seen.add(post_id)
            yield post_id
            stack.extend(reversed(self.below.get(post_id, ())))


@frozen
class PagePlan:
    """One chart of an atlas: which posts it draws, which of them are folded offices, and
    which chart it is part of."""

    key: str  # "" for the overview, else the first post at its top
    posts: tuple[str, ...]
    folded: tuple[str, ...]  # drawn as offices, each drawn on a page of its own or shared
    parent: str | None  # the key of the page this one is part of
    tops: tuple[str, ...] = ()  # the offices this page draws (none for the overview)


@frozen
class AtlasPage:
    """A chart of an atlas, ready to render: its file stem, title, DOT text and box count."""

    key: str
    stem: str
    title: str
    source: str
    boxes: int
    parent: str | None
    opens: tuple[str, ...]  # the offices whose teams this chart draws
    posts: tuple[str, ...] = ()  # every post it draws
    tops: tuple[str, ...] = ()  # the folded offices it draws (none for the overview)


def plan_atlas(
    state: State, *, posts: Collection[str] | None = None, max_boxes: int = DEFAULT_MAX_BOXES
) -> list[PagePlan]:
    """The pages of the atlas of `state` (or of `posts`): the overview first, then the pages of
    the offices folded in it, and so on. Offices folded in one page that are small enough share
    a page (drawn whole, side by side) rather than each taking a page of a few boxes. One page
    when everything fits, or when `max_boxes` is 0."""
    tree = Tree.of(state, posts)
    pages: list[PagePlan] = []
    todo: list[tuple[tuple[str, ...], str | None]] = [((), None)]
    while todo:
        tops, parent = todo.pop(0)
        key = tops[0] if tops else ""
        shown, folded = _open(tree, tops or tree.roots, max_boxes, must_open=bool(tops))
        pages.append(PagePlan(key, tuple(shown), tuple(folded), parent, tops))
        todo.extend((chunk, key) for chunk in _share(tree, folded, max_boxes))
    return pages


def _share(tree: Tree, folded: Sequence[str], max_boxes: int) -> list[tuple[str, ...]]:
    """Folded offices grouped into pages, in order: consecutive offices share a page while all
    their posts fit in it; an office too big for one page has its own (and folds in turn)."""
    pages: list[tuple[str, ...]] = []
    current: list[str] = []
    total = 0
    for office in folded:
        size = tree.size(office)
        if current and total + size > max_boxes:
            pages.append(tuple(current))
            current, total = [], 0
        current.append(office)
        total += size
    if current:
        pages.append(tuple(current))
    return pages


def _open(
    tree: Tree, tops: Sequence[str], max_boxes: int, *, must_open: bool
) -> tuple[list[str], list[str]]:
    """Open offices top down, breadth first, each whole or not at all, while the boxes fit.

    A page of one office always opens that office (its page would otherwise be the box that
    links to it); an office too wide for the budget alone is still drawn whole, its team as
    one compact grid."""
    shown = list(tops)
    if max_boxes <= 0:
        return list(tree.walk(tops)), []
    folded: list[str] = []
    queue = list(tops)
    first = True
    while queue:
        post_id = queue.pop(0)
        team = tree.below.get(post_id, ())
        if not team:
            continue
        if len(shown) + len(team) <= max_boxes or (first and must_open):
            shown.extend(team)
            queue.extend(team)
        else:
            folded.append(post_id)
        first = False
    return shown, folded


def unit_of(state: State, tree: Tree, post_id: str) -> Unit:
    """What an office holds: its posts, and how many are vacant, acting or performing duties."""
    vacant, acting, duties = (counts.get(post_id, 0) for counts in _marked_below(state, tree))
    return Unit(tree.size(post_id), vacant=vacant, acting=acting, duties=duties)


_BELOW: dict[tuple[int, int], tuple[object, object, tuple[dict[str, int], ...]]] = {}


def _marked_below(state: State, tree: Tree) -> tuple[dict[str, int], ...]:
    """For each kind of marked post (vacant, acting, performing duties): how many are at or
    below each post of `tree`. Counted once per tree and marks, by walking up from each marked
    post, rather than once per office (a run asks for every office of every chart)."""
    marked = _marked(state)
    key = (id(tree), id(marked))
    hit = _BELOW.get(key)
    if hit is not None and hit[0] is tree and hit[1] is marked:
        return hit[2]
    up = tree._superiors()
    result: list[dict[str, int]] = []
    for posts in marked:
        counts: dict[str, int] = {}
        for post_id in posts:
            current: str | None = post_id
            seen: set[str] = set()
            while current is not None and current not in seen:  # bounded, as is_within is
                seen.add(current)
                counts[current] = counts.get(current, 0) + 1
                current = up.get(current)
        result.append(counts)
    below = tuple(result)
    if len(_BELOW) >= _TREES_KEPT:
        _BELOW.pop(next(iter(_BELOW)))
    _BELOW[key] = (tree, marked, below)
    return below


def _marked(state: State) -> _Marked:
    """The vacant posts, those held by someone acting, and those by someone performing the
    duties: few in any state, so an office's counts are found by looking up from each."""
    key = (id(state.holdings), id(state.vacancies))
    hit = _MARKED.get(key)
    if hit is not None and hit[0] is state.holdings and hit[1] is state.vacancies:
        return hit[2]
    vacant = tuple(p for p in state.vacancies.keys() if p not in state.holdings)
    acting = tuple(p for p, t in state.holdings.items() if t.capacity is Capacity.ACTING)
    duties = tuple(p for p, t in state.holdings.items() if t.capacity is Capacity.PERFORMING_DUTIES)
    marked: _Marked = (vacant, acting, duties)
    if len(_MARKED) >= _TREES_KEPT:
        _MARKED.pop(next(iter(_MARKED)))
    _MARKED[key] = (state.holdings, state.vacancies, marked)
    return marked


def page_stem(prefix: str, key: str) -> str:
    """A page's file stem: the prefix for the overview, `<prefix>-<post>` for an office's."""
    return f"{prefix}-{_UNSAFE.sub('-', key).strip('.-') or 'office'}" if key else prefix


def atlas(
    state: State,
    *,
    title: str,
    prefix: str = "atlas",
    suffix: str = ".svg",
    posts: Collection[str] | None = None,
    max_boxes: int = DEFAULT_MAX_BOXES,
    highlight: Highlight | None = None,
    credit: str | None = None,
    href: Callable[[str], str] | None = None,
    legal: Legal | None = None,
) -> list[AtlasPage]:
    """The atlas of `state` as DOT texts: the overview (titled `title`) first, then a chart per
    folded office, linked both ways. Files are `<prefix>.<fmt>` and `<prefix>-<post>.<fmt>`;
    `href` turns a stem into the link written in the charts (default: stem + `suffix`);
    `legal` (the legal timeline on that day) has boxes say what the law makes of holders."""
    tree = Tree.of(state, posts)
    plans = plan_atlas(state, posts=posts, max_boxes=max_boxes)
    link = href or (lambda stem: stem + suffix)
    stems = _unique_stems(prefix, [plan.key for plan in plans])
    titles = {plan.key: _page_title(state, plan.tops) if plan.key else title for plan in plans}
    page_of = {top: plan.key for plan in plans for top in plan.tops}
    out: list[AtlasPage] = []
    for plan in plans:
        units = {
            office: _linked(
                unit_of(state, tree, office),
                link(stems[page_of[office]]),
                titles[page_of[office]],
            )
            for office in plan.folded
        }
        up = None
        if plan.parent is not None:
            up = {top: (link(stems[plan.parent]), titles[plan.parent]) for top in plan.tops}
        page_title = titles[plan.key]
        if plan.key:
            page_title = f"{page_title} ({state.date.isoformat()})"
        source = state_chart(
            state,
            title=page_title,
            posts=plan.posts,
            highlight=highlight,
            units=units,
            up=up,
            credit=credit,
            legal=legal,
        )
        shown = set(plan.posts)
        opens = tuple(p for p in plan.posts if shown.intersection(tree.below.get(p, ())))
        out.append(
            AtlasPage(
                plan.key,
                stems[plan.key],
                page_title,
                source,
                len(plan.posts),
                plan.parent,
                opens,
                plan.posts,
                plan.tops,
            )
        )
    return out


def _page_title(state: State, tops: Sequence[str]) -> str:
    """ "Office of X", or for offices sharing a page "Offices of X, Y and 3 more"."""
    names = [state.title(top) for top in tops]
    if len(names) == 1:
        return f"Office of {names[0]}"
    if len(names) <= 3:
        return f"Offices of {', '.join(names[:-1])} and {names[-1]}"
    return f"Offices of {names[0]}, {names[1]} and {len(names) - 2} more"


def _linked(unit: Unit, href: str, target: str) -> Unit:
    return Unit(unit.posts, unit.vacant, unit.acting, unit.duties, href=href, target=target)


def _unique_stems(prefix: str, keys: Sequence[str]) -> dict[str, str]:
    """File stems per page key; two ids that clean to the same stem get a number."""
    stems: dict[str, str] = {}
    taken: set[str] = set()
    for key in keys:
        stem = page_stem(prefix, key)
        base, n = stem, 2
        while stem in taken:
            stem, n = f"{base}-{n}", n + 1
        taken.add(stem)
        stems[key] = stem
    return stems


def context_posts(
    state: State,
    touched: Iterable[str],
    *,
    posts: Collection[str] | None = None,
    max_boxes: int = DEFAULT_MAX_BOXES,
) -> set[str]:
    """The posts to draw around a change to `touched` posts, within `max_boxes`.

    Always the chain of command of each touched post; then, while they fit, each touched post's
    own team, then its colleagues (its superior's team)."""
    tree = Tree.of(state, posts)
    wanted = set(state.posts.keys()) if posts is None else set(posts) & set(state.posts.keys())
    touched = [p for p in dict.fromkeys(touched) if p in wanted]
    chosen: set[str] = set()
    for post_id in touched:
        chosen.add(post_id)
        chosen.update(p for p in state.chain_of_command(post_id) if p in wanted)
    for layer in ("team", "colleagues"):
        for post_id in touched:
            if layer == "team":
                extra = set(tree.below.get(post_id, ()))
            else:
                superior = state.posts[post_id].reports_to
                extra = set(tree.below.get(superior, ())) if superior in wanted else set()
            if len(chosen | extra) <= max_boxes or max_boxes <= 0:
                chosen |= extra
    return chosen


def folded_units(
    state: State,
    chosen: Collection[str],
    *,
    posts: Collection[str] | None = None,
    href: Callable[[str], tuple[str, str] | None] | None = None,
) -> dict[str, Unit]:
    """The posts of `chosen` with posts below them left out, as offices holding those posts;
    `href` gives the (link, title) of the chart that draws an office, where there is one."""
    tree = Tree.of(state, posts)
    chosen = set(chosen)
    units: dict[str, Unit] = {}
    for post_id in sorted(chosen & set(state.posts.keys()), key=natural_key):
        if any(child not in chosen for child in tree.below.get(post_id, ())):
            unit = unit_of(state, tree, post_id)
            link = href(post_id) if href else None
            units[post_id] = _linked(unit, *link) if link else unit
    return units
