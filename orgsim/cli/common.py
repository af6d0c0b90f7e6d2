"""What every command shares: date parsing, error handling, JSON output, exit codes."""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import attrs
import click

from orgsim.errors import OrgsimError, ScenarioErrors, Terminated, one_line
from orgsim.events import Transition, describe
from orgsim.model import out_of_range
from orgsim.scenario import Scenario

__all__ = [
    "DATE",
    "EXIT_EXPECT",
    "EXIT_INPUT",
    "EXIT_OK",
    "IsoDate",
    "emit_json",
    "handle_errors",
    "say",
    "sources_of",
    "transition_lines",
]

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
            day = value
        else:
            try:
                day = dt.date.fromisoformat(str(value))
            except ValueError:
                self.fail(f"{value!r} is not a date in the form YYYY-MM-DD", param, ctx)
        why = out_of_range(day)
        if why is not None:
            self.fail(why, param, ctx)
        return day


DATE = IsoDate()


def say(text: str = "", *, err: bool = False) -> None:
    """Print one line of human output with control and escape characters made visible (`\\x1b`,
    `\\n`, bidi overrides...), so that text from a scenario can neither drive the terminal nor
    forge a line. JSON and DOT output are printed exactly, by other means."""
    click.echo(one_line(text), err=err)


def _fail(message: str, code: int = EXIT_INPUT) -> None:
    say(message, err=True)
    sys.exit(code)


def handle_errors(command: F) -> F:
    """Turn orgsim's errors into one-line messages and exit 2; never show a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except ScenarioErrors as err:
            for error in err.errors:
                say(str(error), err=True)
            sys.exit(EXIT_INPUT)
        except OrgsimError as err:
            _fail(f"orgsim: {err}")
        except Terminated:
            _fail("orgsim: terminated", 143)  # 128 + SIGTERM, as a shell reports it
        except click.ClickException:
            raise  # a usage error found inside the command: click reports it (exit 2)
        except KeyboardInterrupt:
            _fail("orgsim: interrupted", 130)
        except BrokenPipeError:
            # The reader (e.g. `| head`) has gone: stop quietly, as Unix tools do.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(141)  # 128 + SIGPIPE, as a shell reports a killed writer
        except Exception as err:
            if os.environ.get("ORGSIM_DEBUG"):
                raise
            _fail(
                f"orgsim: internal error: {type(err).__name__}: {err}"
                " (set ORGSIM_DEBUG=1 for details, and please report it)",
                70,
            )

    return wrapper  # type: ignore[return-value]


def emit_json(data: Any) -> None:
    """Print data as stable, sorted, indented JSON."""
    click.echo(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False))


def sources_of(scenario: Scenario) -> dict[str, dict[str, str]]:
    """The scenario's named sources as plain text fields, for the report."""
    return {
        ref: {k: str(v) for k, v in attrs.asdict(info).items() if v is not None}
        for ref, info in scenario.sources.items()
    }


def transition_lines(t: Transition) -> list[str]:
    """One line for the transition and one per finding."""
    tag = "rule " if t.derived else "event"
    hyp = " (hypothetical)" if t.event.hypothetical else ""
    lines = [f"{t.event.date.isoformat()}  {tag}  {describe(t.event, t.before)}{hyp}"]
    lines.extend(f"    {f.level}: {f.message} [{f.citation}]" for f in t.findings)
    return lines
