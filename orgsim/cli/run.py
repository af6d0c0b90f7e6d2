"""`orgsim run` and `orgsim validate`: replay, render, report, check."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import click

from orgsim import api, explore, holders
from orgsim.cli.chart import credit_line, focus_posts, progress_bar
from orgsim.cli.common import (
    DATE,
    EXIT_EXPECT,
    EXIT_INPUT,
    handle_errors,
    say,
    sources_of,
    transition_lines,
)
from orgsim.engine import Check
from orgsim.errors import ExecutableNotFound, ScenarioErrors
from orgsim.model import Level
from orgsim.render import FORMATS, dot_available, write_run_output
from orgsim.render.atlas import DEFAULT_MAX_BOXES
from orgsim.render.backend import DEFAULT_DPI, DEFAULT_TIMEOUT
from orgsim.scenario import Scenario

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
    type=click.Choice(sorted(FORMATS)),
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
    default=DEFAULT_TIMEOUT,
    show_default=True,
    metavar="SECONDS",
    help="Longest any one `dot` process may run; a chart that takes longer is named in the"
    " report instead of drawn.",
)
@click.option(
    "--max-boxes",
    type=click.IntRange(min=0),
    default=DEFAULT_MAX_BOXES,
    show_default=True,
    help="Above this many posts, draw each change around the posts it touched, and the"
    " organisation as an atlas of linked charts of at most this many boxes; 0: never.",
)
@click.option(
    "--dpi",
    type=click.IntRange(min=24, max=1200),
    default=DEFAULT_DPI,
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
    if fmt != "dot" and not dot_available():
        raise ExecutableNotFound()
    history = api.replay_scenario(loaded, until=until or api.horizon(loaded))
    checks = api.check_expectations(loaded, history)
    posts = None
    if focus is not None:
        focus = api.require_post(loaded, focus, history.final)
        days = [t.event.date for t in history.transitions] or [loaded.initial.date]
        posts = focus_posts(history, focus, days, depth)
    if not quiet:
        for t in history.transitions:
            for line in transition_lines(t):
                say(line)
    failed = [c for c in checks if not c.ok]
    for check in checks:
        if not check.ok or not quiet:
            mark = loaded.expectation_mark(check_index(loaded, check))
            prefix = f"{mark}: " if not check.ok and mark else ""
            say(f"{prefix}expect {check}")
    # What-if branches: one page each beside index.html (written inside the same atomic
    # swap), with their own expectations.
    written: list[tuple[Path, list[Check]]] = []

    def branch_pages(folder: Path) -> list[tuple[str, str]]:
        written.extend(
            explore.write_branch_pages(
                loaded,
                history,
                folder,
                fmt=fmt,
                render_timeout=render_timeout,
                max_boxes=max_boxes,
            )
        )
        return [
            (page.name, branch.title)
            for (page, _), branch in zip(written, loaded.branches, strict=True)
        ]

    end = until or api.horizon(loaded)

    def timelines(folder: Path) -> tuple[list[dict[str, str]], int]:
        image = fmt if fmt in ("svg", "png") else "svg"
        return holders.write_histories(
            folder, history, end=end, fmt=image, credit=credit_line(loaded)
        )

    index = write_run_output(
        Path(out),
        transitions=history.transitions,
        title=loaded.title,
        sources=sources_of(loaded),
        fmt=fmt,
        checks=[(str(c), c.ok) for c in checks],
        summary=loaded.description,
        posts=posts,
        progress=progress_bar,
        extra_pages=branch_pages,
        render_timeout=render_timeout,
        warn=lambda text: say(f"warning: {text}", err=True),
        max_boxes=max_boxes,
        dpi=dpi,
        acts=[api.act_json(v, history.final) for v in history.acts()],
        histories=timelines,
    )
    branch_failed: list[Check] = []
    for (page, branch_checks), branch in zip(written, loaded.branches, strict=True):
        for check in branch_checks:
            if not check.ok or not quiet:
                say(f"what-if expect {check}")
        branch_failed.extend(c for c in branch_checks if not c.ok)
        say(f"what-if: {Path(out) / page.name} ({branch.title})")
    violations = sum(
        1 for t in history.transitions for f in t.findings if f.level is Level.VIOLATION
    )
    held = len(checks) - len(failed)
    say(
        f"{_count(len(history.transitions), 'transition')}, {held} of"
        f" {_count(len(checks), 'expectation')} {'holds' if len(checks) == 1 else 'hold'},"
        f" {_count(violations, 'violation')}; report: {index}"
    )
    if failed or branch_failed:
        sys.exit(EXIT_EXPECT)
    if strict and violations:
        sys.exit(EXIT_EXPECT)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def check_index(scenario: Scenario, check: Any) -> int:
    """The position of a checked expectation in the scenario."""
    return scenario.expectations.index(check.expectation)


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@handle_errors
def validate(files: tuple[str, ...]) -> None:
    """Check scenario FILES: format, ids, dates and every event in order; exit 0 or 2."""
    problems: list[str] = []
    for file in files:
        try:
            loaded = api.load(file)
        except ScenarioErrors as err:
            problems.extend(str(e) for e in err.errors)
            continue
        impossible = api.event_errors(loaded)
        if impossible:
            problems.extend(str(e) for e in impossible)
            continue
        say(
            f"{file}: ok ({_count(len(loaded.events), 'event')},"
            f" {_count(len(loaded.expectations), 'expectation')})"
        )
    for problem in problems:
        say(problem, err=True)
    if problems:
        sys.exit(EXIT_INPUT)
