"""`orgsim run` and `orgsim validate`: replay, render, report, check."""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import click

from orgsim import api
from orgsim.cli.chart import progress_bar
from orgsim.cli.common import (
    DATE,
    EXIT_EXPECT,
    EXIT_INPUT,
    handle_errors,
    say,
    transition_lines,
)

__all__ = ["run", "validate"]


@click.command()
@click.argument("scenario", type=click.Path(dir_okay=False))
@click.option(
    "--out",
    "out",
    type=click.Path(file_okay=False),
    default="out",
    show_default=True,
    help="Folder for the charts and index.html (replaced as a whole).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted(api.FORMATS)),
    default="svg",
    show_default=True,
    help="Chart format.",
)
@click.option(
    "--until",
    type=DATE,
    default=None,
    help="Run the clock to this date (default: the last date the scenario names).",
)
@click.option("--focus", default=None, metavar="POST", help="Chart only this post's neighbourhood.")
@click.option(
    "--depth",
    type=click.IntRange(min=0),
    default=1,
    show_default=True,
    help="With --focus: how many levels below the post to chart.",
)
@click.option(
    "--render-timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=api.DEFAULT_TIMEOUT,
    show_default=True,
    metavar="SECONDS",
    help="Longest any one `dot` process may run; a chart that takes longer is named in the"
    " report instead of drawn.",
)
@click.option(
    "--max-boxes",
    type=click.IntRange(min=0),
    default=api.DEFAULT_MAX_BOXES,
    show_default=True,
    help="Above this many posts, draw each change around the posts it touched, and the"
    " organisation as an atlas of linked charts of at most this many boxes; 0: never.",
)
@click.option(
    "--dpi",
    type=click.IntRange(min=24, max=1200),
    default=api.DEFAULT_DPI,
    show_default=True,
    help="PNG resolution (with --format png).",
)
@click.option("--strict", is_flag=True, help="Exit 1 when any finding is a violation.")
@click.option("--quiet", "-q", is_flag=True, help="Print only failures and the summary.")
@handle_errors
def run(
    scenario: str,
    out: str,
    fmt: str,
    until: dt.date | None,
    focus: str | None,
    depth: int,
    render_timeout: float,
    max_boxes: int,
    dpi: int,
    strict: bool,
    quiet: bool,
) -> None:
    """Replay SCENARIO, draw every chart, write the report and check the expectations."""
    loaded = api.load(scenario)
    api.require_renderer(fmt)
    prepared = api.prepare_run(loaded, until=until, focus=focus, depth=depth)
    history, checks = prepared.history, prepared.checks
    if not quiet:
        for t in history.transitions:
            for line in transition_lines(t):
                say(line)
    for check in checks:
        if not check.ok or not quiet:
            mark = prepared.expectation_mark(check) if not check.ok else None
            say(f"{mark}: expect {check}" if mark else f"expect {check}")
    report = prepared.write(
        out,
        fmt=fmt,
        render_timeout=render_timeout,
        max_boxes=max_boxes,
        dpi=dpi,
        progress=_progress(quiet),
        warn=lambda text: say(f"warning: {text}", err=True),
        tell=None if quiet else _tell,
    )
    for branch in report.branches:
        for check in branch.checks:
            if not check.ok or not quiet:
                say(f"what-if expect {check}")
        say(f"what-if: {branch.page} ({branch.branch.title})")
    held = len(checks) - len(prepared.failed)
    say(
        f"{_count(len(history.transitions), 'transition')}, {held} of"
        f" {_count(len(checks), 'expectation')} {'holds' if len(checks) == 1 else 'hold'},"
        f" {_count(prepared.violations, 'violation')}; report: {report.index}"
    )
    if not report.ok or (strict and prepared.violations):
        sys.exit(EXIT_EXPECT)


_EVERY = 5.0  # seconds between progress lines when standard error is not a terminal


def _tell(text: str) -> None:
    """A line about long work, on standard error."""
    say(text, err=True)


def _progress(quiet: bool) -> api.ProgressBar:
    """A progress bar on a terminal; elsewhere, unless quiet, a plain line every few seconds."""

    @contextmanager
    def lines(total: int) -> Iterator[Callable[[int], None] | None]:
        if sys.stderr.isatty():
            with progress_bar(total) as bar:
                yield bar
            return
        if quiet:
            yield None
            return
        done, last = 0, time.monotonic()

        def update(count: int) -> None:
            nonlocal done, last
            done += count
            if time.monotonic() - last >= _EVERY and done < total:
                last = time.monotonic()
                say(f"drawn {done} of {total} charts", err=True)

        yield update

    return lines


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@handle_errors
def validate(files: tuple[str, ...]) -> None:
    """Check scenario FILES: format, ids, dates and every event in order; exit 0 or 2."""
    problems: list[str] = []
    for done in api.validate(files):
        if not done.ok or done.scenario is None:
            problems.extend(str(e) for e in done.problems)
            continue
        say(
            f"{done.path}: ok ({_count(len(done.scenario.events), 'event')},"
            f" {_count(len(done.scenario.expectations), 'expectation')})"
        )
    for problem in problems:
        say(problem, err=True)
    if problems:
        sys.exit(EXIT_INPUT)
