"""`orgsim chart`: one org chart on a date, whole or the neighbourhood of a post."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from orgsim import api
from orgsim.cli.common import DATE, handle_errors
from orgsim.engine import History
from orgsim.errors import ExecutableNotFound, RenderError
from orgsim.render import FORMATS, dot_available, state_chart
from orgsim.render.backend import render_charts

__all__ = ["MAX_PNG_BOXES", "chart", "neighbourhood", "progress_bar"]

MAX_PNG_BOXES = 1000
"""Above this many boxes Graphviz shrinks a PNG until no label can be read."""


def neighbourhood(history: History, post_id: str, day: dt.date, depth: int) -> set[str]:
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
    help="Output format; dot is the Graphviz source. Default: from the -o file's suffix, else svg.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    default=None,
    help="File to write (default: chart-<date>.<format>; with --format dot: standard output).",
)
@handle_errors
def chart(
    scenario: str,
    at: dt.date,
    focus: str | None,
    depth: int,
    fmt: str | None,
    output: str | None,
) -> None:
    """Draw the organisation of SCENARIO on a date, whole or around one post.

    The neighbourhood of a post (--focus) is its chain of command up, --depth levels below it,
    and the posts in its line of succession.
    """
    if fmt is None:
        suffix = Path(output).suffix.lstrip(".").lower() if output else ""
        fmt = suffix if suffix in FORMATS else "svg"
    loaded = api.load(scenario)
    history = api.replay_scenario(loaded, until=max(at, api.horizon(loaded)))
    state = history.state_at(at)
    posts: set[str] | None = None
    title = f"{loaded.title}: organisation on {at.isoformat()}"
    if focus is not None:
        api.require_post(loaded, focus, state)
        posts = neighbourhood(history, focus, at, depth)
        title = f"{state.title(focus)} and its neighbourhood on {at.isoformat()}"
    boxes = len(posts) if posts is not None else len(state.posts)
    if fmt == "png" and boxes > MAX_PNG_BOXES:
        raise RenderError(
            f"{scenario}: --format png: {boxes} boxes is more than a PNG can show legibly"
            f" (limit {MAX_PNG_BOXES}); use --format svg or pdf, or --focus POST --depth N"
        )
    source = state_chart(state, title=title, posts=posts)
    if fmt == "dot" and output is None:
        click.echo(source, nl=False)
        return
    if fmt != "dot" and not dot_available():
        raise ExecutableNotFound()
    target = Path(output or f"chart-{at.isoformat()}.{fmt}")
    target.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "dot":
        target.write_text(source, encoding="utf-8")
    else:
        scratch = target.parent / f".{target.name}.tmp"
        try:
            done = render_charts([source], scratch, names={source: target.stem}, fmt=fmt)
            if done.failed:
                raise RenderError(
                    f"{target.name} ({boxes} boxes) could not be drawn:"
                    f" {done.failed[source].reason}; try --focus POST --depth 2"
                )
            (scratch / done.files[source]).replace(target)
        finally:
            for leftover in scratch.glob("*") if scratch.exists() else ():
                leftover.unlink()
            if scratch.exists():
                scratch.rmdir()
    click.echo(f"{boxes} posts drawn: {target}", err=True)
