"""The `orgsim` command: parsing, printing and exit codes over the library (orgsim.api)."""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import attrs
import click

from orgsim import __version__, api
from orgsim.engine import History
from orgsim.errors import ExecutableNotFound, OrgsimError, ScenarioErrors
from orgsim.events import Transition, describe
from orgsim.model import Level
from orgsim.render import FORMATS, dot_available, write_run_output
from orgsim.scenario import Scenario

__all__ = ["main"]

EXIT_OK, EXIT_EXPECT, EXIT_INPUT = 0, 1, 2
F = TypeVar("F", bound=Callable[..., Any])


class IsoDate(click.ParamType):  # type: ignore[type-arg]  # generic only in newer click
    """A date written YYYY-MM-DD."""

    name = "DATE"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> dt.date:
        """Parse the value or fail with a usage error (exit 2)."""
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            self.fail(f"{value!r} is not a date in the form YYYY-MM-DD", param, ctx)


DATE = IsoDate()


def _fail(message: str, code: int = EXIT_INPUT) -> None:
    click.echo(message, err=True)
    sys.exit(code)


def handle_errors(command: F) -> F:
    """Turn orgsim's errors into one-line messages and exit 2; never show a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except ScenarioErrors as err:
            for error in err.errors:
                click.echo(str(error), err=True)
            sys.exit(EXIT_INPUT)
        except OrgsimError as err:
            _fail(f"orgsim: {err}")
        except KeyboardInterrupt:
            _fail("orgsim: interrupted", 130)
        except BrokenPipeError:
            # The reader (e.g. `| head`) has gone: stop quietly, as Unix tools do.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(EXIT_EXPECT)
        except Exception as err:
            if os.environ.get("ORGSIM_DEBUG"):
                raise
            _fail(
                f"orgsim: internal error: {type(err).__name__}: {err}"
                " (set ORGSIM_DEBUG=1 for details, and please report it)",
                70,
            )

    return wrapper  # type: ignore[return-value]


def _emit_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False))


def _sources(scenario: Scenario) -> dict[str, dict[str, str]]:
    return {
        ref: {k: str(v) for k, v in attrs.asdict(info).items() if v is not None}
        for ref, info in scenario.sources.items()
    }


def _transition_lines(t: Transition) -> list[str]:
    tag = "rule " if t.derived else "event"
    hyp = " (hypothetical)" if t.event.hypothetical else ""
    lines = [f"{t.event.date.isoformat()}  {tag}  {describe(t.event, t.before)}{hyp}"]
    lines.extend(f"    {f.level}: {f.message} [{f.citation}]" for f in t.findings)
    return lines


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="orgsim")
def cli() -> None:
    """Replay who holds which office under the rules of succession, and chart it."""


@cli.command()
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
@click.option("--strict", is_flag=True, help="Exit 1 when any finding is a violation.")
@click.option("--quiet", "-q", is_flag=True, help="Print only failures and the summary.")
@handle_errors
def run(
    scenario: str, out: str, fmt: str, until: dt.date | None, strict: bool, quiet: bool
) -> None:
    """Replay SCENARIO, draw every chart, write the report and check the expectations."""
    loaded = api.load(scenario)
    if fmt != "dot" and not dot_available():
        raise ExecutableNotFound()
    history = api.replay_scenario(loaded, until=until or api.horizon(loaded))
    checks = api.check_expectations(loaded, history)
    if not quiet:
        for t in history.transitions:
            for line in _transition_lines(t):
                click.echo(line)
    failed = [c for c in checks if not c.ok]
    for check in checks:
        if not check.ok or not quiet:
            mark = loaded.expectation_mark(check_index(loaded, check))
            prefix = f"{mark}: " if not check.ok and mark else ""
            click.echo(f"{prefix}expect {check}")
    index = write_run_output(
        Path(out),
        transitions=history.transitions,
        title=loaded.title,
        sources=_sources(loaded),
        fmt=fmt,
        checks=[(str(c), c.ok) for c in checks],
        summary=loaded.description,
    )
    violations = sum(
        1 for t in history.transitions for f in t.findings if f.level is Level.VIOLATION
    )
    click.echo(
        f"{len(history.transitions)} transitions, {len(checks) - len(failed)} of {len(checks)}"
        f" expectations hold, {violations} violations; report: {index}"
    )
    if failed:
        sys.exit(EXIT_EXPECT)
    if strict and violations:
        sys.exit(EXIT_EXPECT)


def check_index(scenario: Scenario, check: Any) -> int:
    """The position of a checked expectation in the scenario."""
    return scenario.expectations.index(check.expectation)


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@handle_errors
def validate(files: tuple[str, ...]) -> None:
    """Check scenario FILES: format, ids, dates and every event in order; exit 0 or 2."""
    problems: list[str] = []
    for file in files:
        try:
            loaded = api.load(file)
            api.replay_scenario(loaded)
        except ScenarioErrors as err:
            problems.extend(str(e) for e in err.errors)
            continue
        click.echo(
            f"{file}: ok ({len(loaded.events)} events, {len(loaded.expectations)} expectations)"
        )
    for problem in problems:
        click.echo(problem, err=True)
    if problems:
        sys.exit(EXIT_INPUT)


def _history_at(scenario: str, post: str | None, at: dt.date) -> tuple[Scenario, History]:
    loaded = api.load(scenario)
    history = api.replay_scenario(loaded)
    if post is not None:
        api.require_post(loaded, post, history.state_at(at))
    return loaded, history


@cli.command()
@click.argument("scenario", type=click.Path(dir_okay=False))
@click.argument("post")
@click.option("--at", "at", type=DATE, required=True, help="The date asked about (YYYY-MM-DD).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@handle_errors
def who(scenario: str, post: str, at: dt.date, as_json: bool) -> None:
    """Who holds POST on a date, in what capacity, since when, and on what legal basis."""
    _, history = _history_at(scenario, post, at)
    holding = history.who(post, at)
    if as_json:
        _emit_json(api.holding_json(holding))
        return
    state = history.state_at(at)
    click.echo(f"{state.title(post)} on {at.isoformat()}:")
    if holding.holder:
        since = f" since {holding.since.isoformat()}" if holding.since else ""
        if not since and holding.since_note:
            since = f" since {holding.since_note}"
        click.echo(f"  {holding.name} ({holding.holder}), {holding.capacity}{since}")
    else:
        click.echo(f"  {holding.capacity}")
    click.echo(f"  basis: {holding.basis}")
    if holding.lawful is False:
        click.echo(f"  NOT LAWFUL: {holding.defect}")
        lawful = holding.lawful_acting
        click.echo(
            f"  who may lawfully act: {history.state_at(at).name(lawful) if lawful else 'nobody'}"
        )
    if holding.lawful_until:
        click.echo(
            f"  lawful until: {holding.lawful_until.isoformat()}"
            f" ({holding.until_reason}; {holding.until_citation})"
        )
    elif holding.until_reason:
        click.echo(f"  limit: {holding.until_reason} ({holding.until_citation})")


@cli.command()
@click.argument("scenario", type=click.Path(dir_okay=False))
@click.argument("post")
@click.option("--at", "at", type=DATE, required=True, help="The date asked about (YYYY-MM-DD).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@handle_errors
def succession(scenario: str, post: str, at: dt.date, as_json: bool) -> None:
    """The line of succession to POST on a date, and who would act for each kind of vacancy."""
    _, history = _history_at(scenario, post, at)
    answer = history.succession(post, at)
    state = history.state_at(at)
    if as_json:
        _emit_json(api.succession_json(answer, state))
        return
    click.echo(f"Line of succession to the {state.title(post)} on {at.isoformat()}:")
    if not answer.line:
        click.echo("  (nobody: no first assistant and no order of succession)")
    for i, c in enumerate(answer.line, 1):
        who_ = f"{state.name(c.person)} ({c.person})" if c.person else "-"
        mark = "eligible" if c.eligible else "not eligible"
        click.echo(f"  {i}. {state.title(c.post)}: {who_}, {mark}: {c.reason} [{c.basis}]")
    for kind, person in answer.would_act.items():
        click.echo(f"  would act ({kind}): {state.name(person) if person else 'nobody'}")


@cli.command()
@click.argument("scenario", type=click.Path(dir_okay=False))
@click.option(
    "--until",
    type=DATE,
    default=None,
    help="Run the clock on to this date (default: the last date the scenario names).",
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of transitions.")
@handle_errors
def timeline(scenario: str, until: dt.date | None, as_json: bool) -> None:
    """Every transition in order, those the rules derived marked as such."""
    loaded = api.load(scenario)
    history = api.replay_scenario(loaded, until=until or api.horizon(loaded))
    if as_json:
        _emit_json([api.transition_json(t) for t in history.transitions])
        return
    for t in history.transitions:
        for line in _transition_lines(t):
            click.echo(line)
        for change in t.changes:
            click.echo(f"    change: {change}")


def main() -> None:
    """Entry point of the `orgsim` console script."""
    cli(prog_name="orgsim")
