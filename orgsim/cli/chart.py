"""`orgsim chart`: one org chart on a date, whole or the neighbourhood of a post."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from orgsim import api
from orgsim.cli.common import DATE, handle_errors, say

__all__ = ["chart", "output_format", "progress_bar"]


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
    if suffix not in api.FORMATS:
        known = ", ".join(f".{f}" for f in sorted(api.FORMATS))
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
    type=click.Choice(sorted(api.FORMATS)),
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
    default=api.DEFAULT_MAX_BOXES,
    show_default=True,
    help="Above this many boxes, draw an atlas: an overview and a linked chart per folded"
    " office, written beside the -o file; 0 draws one chart whatever its size.",
)
@click.option(
    "--dpi",
    type=click.IntRange(min=24, max=1200),
    default=api.DEFAULT_DPI,
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
    target = Path(f"chart-{at.isoformat()}.{fmt}" if output in (None, "-") else output)
    plan = api.chart(
        scenario, at, focus=focus, depth=depth, fmt=fmt, max_boxes=max_boxes, name=target.stem
    )
    boxes, pages = plan.boxes, len(plan.pages)
    if plan.png_too_large:
        raise api.RenderError(
            f"{scenario}: --format png: {plan.largest} boxes is more than a PNG can show"
            " legibly; use --format svg or pdf, --max-boxes N or --focus POST"
        )
    if to_stdout:
        if fmt == "dot":
            click.echo(plan.source, nl=False)
        else:
            sys.stdout.buffer.write(plan.image(dpi=dpi))
            sys.stdout.flush()
        if pages > 1:
            say(
                f"{boxes} posts: the overview only, of an atlas of {pages} charts;"
                " write them all with -o FILE, or one chart with --max-boxes 0",
                err=True,
            )
        return
    plan.write(target, dpi=dpi)
    if pages == 1:
        say(f"{boxes} posts drawn: {target}", err=True)
    else:
        say(
            f"{boxes} posts drawn as an atlas of {pages} charts of at most {plan.largest}"
            f" boxes: {target} (the overview) and {target.stem}-*.{fmt} beside it",
            err=True,
        )
