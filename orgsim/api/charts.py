"""Org charts as files: one date's organisation (an atlas of linked charts when it is large),
the changes between two dates, and a post's holders over time.

Every file is written atomically: a chart that cannot be drawn, a full disk or Ctrl-C leaves
the previous file as it was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from attrs import field, frozen

from orgsim.api.answers import Source, loaded_scenario
from orgsim.engine import History, Moment
from orgsim.errors import ExecutableNotFound, RenderError, ScenarioError, ScenarioErrors
from orgsim.explore import Diff
from orgsim.files import scratch_folder, write_file
from orgsim.holders import PostHistory, post_history
from orgsim.model import State
from orgsim.model.lookup import as_date, resolve_post
from orgsim.render import FORMATS, Highlight, dot_available, render_one, state_chart
from orgsim.render.atlas import DEFAULT_MAX_BOXES, AtlasPage, atlas
from orgsim.render.backend import DEFAULT_DPI, render_charts
from orgsim.render.dot import count_boxes
from orgsim.replays import horizon, replay_day, replay_scenario
from orgsim.scenario import Scenario

__all__ = [
    "MAX_PNG_BOXES",
    "ChartPlan",
    "chart",
    "credit_line",
    "diff_chart",
    "focus_posts",
    "neighbourhood",
    "post_timeline",
    "require_renderer",
]

MAX_PNG_BOXES = 1000
"""Above this many boxes Graphviz shrinks a PNG until no label can be read."""


def require_renderer(fmt: str) -> None:
    """Raise ExecutableNotFound when `fmt` needs Graphviz and `dot` is not installed."""
    if fmt != "dot" and not dot_available():
        raise ExecutableNotFound()


def credit_line(scenario: Scenario | str) -> str:
    """The line under every chart: the scenario's title (or the title given), its sources and
    orgsim."""
    title = scenario if isinstance(scenario, str) else scenario.title
    return f"{title}. Drawn by orgsim from the scenario's sources."


def neighbourhood(
    history: History | Moment, post_id: str, day: dt.date | str, depth: int
) -> set[str]:
    """A post, its chain of command up, `depth` levels below it, and its line of succession."""
    day = as_date(day)
    state = history.state_at(day)
    below: dict[str, list[str]] = {}
    for post in state.posts.values():
        if post.reports_to is not None:
            below.setdefault(post.reports_to, []).append(post.id)
    chosen = {post_id, *state.chain_of_command(post_id)}
    level = [post_id]
    for _ in range(max(0, depth)):
        level = [child for parent in level for child in below.get(parent, ())]
        chosen.update(level)
    chosen.update(c.post for c in history.succession(post_id, day).line)
    return chosen & set(state.posts.keys())


def focus_posts(history: History, post_id: str, days: list[dt.date], depth: int) -> set[str]:
    """The neighbourhood of a post on every one of `days`, so charts on all of them agree."""
    chosen: set[str] = set()
    for day in sorted(set(days)):
        if post_id in history.state_at(day).posts:
            chosen |= neighbourhood(history, post_id, day, depth)
    return chosen


@frozen
class ChartPlan:
    """One date's org chart, ready to draw: its pages (one, or an atlas's overview first and a
    chart per folded office), how many posts they draw, and in which format."""

    state: State
    pages: tuple[AtlasPage, ...]
    boxes: int
    fmt: str
    # The same pages under another file name (an atlas's charts link to each other by name).
    renamed: Callable[[str], tuple[AtlasPage, ...]] = field(eq=False, repr=False)

    @property
    def largest(self) -> int:
        """The boxes of the largest page."""
        return max(page.boxes for page in self.pages)

    @property
    def png_too_large(self) -> bool:
        """A PNG of the largest page would be shrunk past reading (over MAX_PNG_BOXES boxes)."""
        return self.fmt == "png" and self.largest > MAX_PNG_BOXES

    def _check_png(self) -> None:
        if self.png_too_large:
            raise RenderError(
                f"a PNG of {self.largest} boxes is more than a PNG can show legibly (limit"
                f" {MAX_PNG_BOXES}); draw SVG or PDF, smaller charts, or a post's neighbourhood"
            )

    @property
    def source(self) -> str:
        """The DOT text of the first page (the whole chart, or the atlas's overview)."""
        return self.pages[0].source

    def image(self, *, dpi: int = DEFAULT_DPI) -> bytes:
        """The first page as `dot` draws it in the plan's format ("dot": the DOT text)."""
        if self.fmt == "dot":
            return self.source.encode("utf-8")
        self._check_png()
        require_renderer(self.fmt)
        return render_one(self.source, fmt=self.fmt, dpi=dpi)

    def write(self, target: str | Path, *, dpi: int = DEFAULT_DPI) -> list[Path]:
        """Draw every page, then write each beside `target` (the first page is `target`
        itself), each file atomically; nothing is written unless every page could be drawn.
        Returns the files written, the first page first."""
        target = Path(target)
        self._check_png()
        require_renderer(self.fmt)
        pages = self.pages if target.stem == self.pages[0].stem else self.renamed(target.stem)
        written = []
        with scratch_folder(target) as scratch:
            names = {page.source: page.stem for page in pages}
            done = render_charts(names, scratch, names=names, fmt=self.fmt, dpi=dpi)
            if done.failed:
                source, failure = next(iter(done.failed.items()))
                raise RenderError(
                    f"{failure.name} ({count_boxes(source)} boxes) could not be drawn:"
                    f" {failure.reason}; draw a post's neighbourhood, or smaller charts"
                )
            for page in pages:
                data = (scratch / done.files[page.source]).read_bytes()
                written.append(write_file(target.parent / f"{page.stem}.{self.fmt}", data))
        return written

    def _repr_svg_(self) -> str | None:
        if not dot_available():
            return None
        return render_one(self.source, fmt="svg").decode("utf-8")


def chart(
    source: Source | History,
    at: dt.date | str,
    *,
    focus: str | None = None,
    depth: int = 1,
    fmt: str = "svg",
    max_boxes: int = DEFAULT_MAX_BOXES,
    name: str = "chart",
    scenario: Scenario | None = None,
) -> ChartPlan:
    """The org chart of the organisation on `at`, whole or the neighbourhood of `focus` (its
    chain of command, `depth` levels below it and its line of succession). Above `max_boxes`
    boxes (0: never) it is an atlas: an overview whose folded offices link to their own
    charts, named `<name>-<office>.<fmt>` beside `<name>.<fmt>`. A History's charts are
    titled with the scenario it was replayed from (or `scenario`, when given)."""
    if fmt not in FORMATS:
        raise ValueError(f"fmt: expected one of {sorted(FORMATS)}, got {fmt!r}")
    day = as_date(at)
    history: History | Moment
    if isinstance(source, History):
        history = source
        named = scenario.title if scenario else source.title or "The organisation"
    else:
        loaded = loaded_scenario(source)
        history = replay_day(loaded, day)  # the chart needs nothing after that day
        named = loaded.title
    state = history.state_at(day)
    posts: set[str] | None = None
    title = f"{named}: organisation on {day.isoformat()}"
    if focus is not None:
        focus = resolve_post(state, focus)
        posts = neighbourhood(history, focus, day, depth)
        title = f"{state.title(focus)} and its neighbourhood on {day.isoformat()}"
    boxes = len(posts) if posts is not None else len(state.posts)

    def pages(prefix: str) -> tuple[AtlasPage, ...]:
        return tuple(
            atlas(
                state,
                title=title,
                prefix=prefix,
                suffix=f".{fmt}",
                posts=posts,
                max_boxes=max_boxes,
                credit=credit_line(named),
                legal=history.legal_at(day),
            )
        )

    return ChartPlan(state, pages(name), boxes, fmt, pages)


def diff_chart(result: Diff, target: str | Path) -> Path:
    """Draw the later state of a diff with the changed posts marked, in the format the file's
    suffix names (.svg, .png, .pdf or .dot), atomically."""
    target = Path(target)
    fmt = target.suffix.lstrip(".").lower()
    if fmt not in FORMATS:
        raise ScenarioErrors(
            [ScenarioError(f"{target}: the suffix must be one of {', '.join(sorted(FORMATS))}")]
        )
    source = state_chart(
        result.after,
        title=f"Changes from {result.start.isoformat()} to {result.end.isoformat()}",
        highlight=Highlight.from_changes(result.changes).after_side(),
    )
    require_renderer(fmt)
    return write_file(target, render_one(source, fmt=fmt))


def post_timeline(
    source: Source | History, post: str, *, until: dt.date | str | None = None
) -> PostHistory:
    """The holders of `post` over time (who, how, from when to when, what ended each period),
    its time limits and nominations; `.image()` draws it."""
    if isinstance(source, History):
        history = source
        end = as_date(until) if until else history.final.date
    else:
        loaded = loaded_scenario(source)
        end = as_date(until) if until else horizon(loaded)
        history = replay_scenario(loaded, until=end)
    return post_history(history, resolve_post(history.state_at(end), post), end=end)
