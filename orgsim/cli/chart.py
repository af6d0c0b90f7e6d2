"""`orgsim chart`: one org chart on a date, whole or the neighbourhood of a post."""

from __future__ import annotations

import datetime as dt
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import click

from orgsim import api
from orgsim.cli.common import DATE, handle_errors
from orgsim.engine import History, Moment
from orgsim.errors import ExecutableNotFound, RenderError
from orgsim.render import FORMATS, dot_available
from orgsim.render.atlas import DEFAULT_MAX_BOXES, AtlasPage, atlas
from orgsim.render.backend import DEFAULT_DPI, render_charts
from orgsim.render.dot import count_boxes
from orgsim.scenario import Scenario

__all__ = [
    "MAX_PNG_BOXES",
    "chart",
    "credit_line",
    "focus_posts",
    "neighbourhood",
    "output_format",
    "progress_bar",
]

MAX_PNG_BOXES = 1000
"""Above this many boxes Graphviz shrinks a PNG until no label can be read."""


def neighbourhood(history: History | Moment, post_id: str, day: dt.date, depth: int) -> set[str]:
    """A post, its chain of command up, `depth` levels below it, and its line of succession."""
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


@contextmanager
def progress_bar(
    total: int, label: str = "Rendering charts"
) -> Iterator[Callable[[int], None] | None]:
    """A click progress bar on stderr when it is a terminal and there is much to do."""
    if total < 20 or not sys.stderr.isatty():
        yield None
        return
    with click.progressbar(length=total, label=label, file=sys.stderr) as bar:
        yield bar.update


def output_format(output: str | None, fmt: str | None) -> str:
    """The chart format: the -o file's suffix decides; --format must agree with it. Standard
    output (`-o -`, or no -o with --format dot) takes --format, default svg."""
    if output is None or output == "-":
        return fmt or "svg"
    suffix = Path(output).suffix.lstrip(".").lower()
    if suffix not in FORMATS:
        known = ", ".join(f".{f}" for f in sorted(FORMATS))
        raise click.BadParameter(
            f"{output}: the suffix {('.' + suffix) if suffix else '(none)'} names no chart"
            f" format; use {known}, or -o - for standard output",
            param_hint="-o/--output",
        )
    if fmt is not None and fmt != suffix:
        raise click.BadParameter(
            f"--format {fmt} clashes with -o {output} (a .{suffix} file); give one or the other",
            param_hint="--format",
        )
    return suffix


@click.command()
@click.argument("scenario", type=click.Path(dir_okay=False))
@click.option("--at", "at", type=DATE, required=True, help="The date to chart (YYYY-MM-DD).")
@click.option("--focus", default=None, metavar="POST", help="Draw only this post's neighbourhood.")
@click.option(
    "--depth",
    type=click.IntRange(min=0),
    default=1,
    show_default=True,
    help="With --focus: how many levels below the post to draw.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted(FORMATS)),
    default=None,
    help="Output format; dot is the Graphviz source. Default: the -o file's suffix, else svg.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True),
    default=None,
    help="File to write; its suffix (.svg, .png, .pdf, .dot) is the format; - is standard"
    " output. Default: chart-<date>.<format>; with --format dot: standard output.",
)
@click.option(
    "--max-boxes",
    type=click.IntRange(min=0),
    default=DEFAULT_MAX_BOXES,
    show_default=True,
    help="Above this many boxes, draw an atlas: an overview and a linked chart per folded"
    " office, written beside the -o file; 0 draws one chart whatever its size.",
)
@click.option(
    "--dpi",
    type=click.IntRange(min=24, max=1200),
    default=DEFAULT_DPI,
    show_default=True,
    help="PNG resolution (96 is Graphviz's own size; the default is twice that).",
)
@handle_errors
def chart(
    scenario: str,
    at: dt.date,
    focus: str | None,
    depth: int,
    fmt: str | None,
    output: str | None,
    max_boxes: int,
    dpi: int,
) -> None:
    """Draw the organisation of SCENARIO on a date, whole or around one post.

    The neighbourhood of a post (--focus) is its chain of command up, --depth levels below it,
    and the posts in its line of succession. A chart of more than --max-boxes boxes becomes an
    atlas: an overview whose folded offices link to their own charts, written beside it.
    """
    to_stdout = output == "-" or (output is None and fmt == "dot")
    fmt = output_format(output, fmt)
    loaded = api.load(scenario)
    history = api.replay_day(loaded, at)
    state = history.state_at(at)
    posts: set[str] | None = None
    title = f"{loaded.title}: organisation on {at.isoformat()}"
    if focus is not None:
        focus = api.require_post(loaded, focus, state)
        posts = neighbourhood(history, focus, at, depth)
        title = f"{state.title(focus)} and its neighbourhood on {at.isoformat()}"
    boxes = len(posts) if posts is not None else len(state.posts)
    target = Path(f"chart-{at.isoformat()}.{fmt}" if output in (None, "-") else output)
    pages = atlas(
        state,
        title=title,
        prefix=target.stem,
        suffix=f".{fmt}",
        posts=posts,
        max_boxes=max_boxes,
        credit=credit_line(loaded),
    )
    largest = max(page.boxes for page in pages)
    if fmt == "png" and largest > MAX_PNG_BOXES:
        raise RenderError(
            f"{scenario}: --format png: {largest} boxes is more than a PNG can show legibly"
            f" (limit {MAX_PNG_BOXES}); use --format svg or pdf, --max-boxes N or --focus POST"
        )
    if fmt != "dot" and not dot_available():
        raise ExecutableNotFound()
    if to_stdout:
        _to_stdout(pages[0].source, fmt, dpi)
        if len(pages) > 1:
            click.echo(
                f"{boxes} posts: the overview only, of an atlas of {len(pages)} charts;"
                " write them all with -o FILE, or one chart with --max-boxes 0",
                err=True,
            )
        return
    _write_pages(pages, target, fmt, dpi)
    if len(pages) == 1:
        click.echo(f"{boxes} posts drawn: {target}", err=True)
    else:
        click.echo(
            f"{boxes} posts drawn as an atlas of {len(pages)} charts of at most {largest}"
            f" boxes: {target} (the overview) and {target.stem}-*.{fmt} beside it",
            err=True,
        )


def credit_line(loaded: Scenario) -> str:
    """The line under every chart: the scenario's title, its sources and orgsim."""
    return f"{loaded.title}. Drawn by orgsim from the scenario's sources."


def _to_stdout(source: str, fmt: str, dpi: int) -> None:
    """Write one chart to standard output: DOT as text, anything else as dot draws it."""
    if fmt == "dot":
        click.echo(source, nl=False)
        return
    with tempfile.TemporaryDirectory(prefix="orgsim-chart-") as scratch:
        done = render_charts([source], Path(scratch), fmt=fmt, dpi=dpi)
        if done.failed:
            raise RenderError(f"{done.failed[source].reason}; try --focus POST --depth 2")
        data = (Path(scratch) / done.files[source]).read_bytes()
    sys.stdout.buffer.write(data)
    sys.stdout.flush()


def _write_pages(pages: Sequence[AtlasPage], target: Path, fmt: str, dpi: int) -> None:
    """Render every page beside `target` (the overview is `target` itself); all or nothing."""
    target.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    try:
        names = {page.source: page.stem for page in pages}
        done = render_charts(names, scratch, names=names, fmt=fmt, dpi=dpi)
        if done.failed:
            source, failure = next(iter(done.failed.items()))
            raise RenderError(
                f"{failure.name} ({names and count_boxes(source)} boxes) could not be drawn:"
                f" {failure.reason}; try --focus POST --depth 2, or a smaller --max-boxes"
            )
        for page in pages:
            (scratch / done.files[page.source]).replace(target.parent / f"{page.stem}.{fmt}")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
