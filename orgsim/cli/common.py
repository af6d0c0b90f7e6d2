"""What every command shares: date parsing, error handling, JSON output, exit codes."""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from orgsim import api
from orgsim.api import (
    Capacity,
    Holding,
    Lawfulness,
    OrgsimError,
    QueryError,
    RenderTimeout,
    ScenarioErrors,
    State,
    Terminated,
    Transition,
    UnknownId,
    describe,
    one_line,
)
from orgsim.cli import silence

__all__ = [
    "DATE",
    "EXIT_EXPECT",
    "EXIT_INPUT",
    "EXIT_OK",
    "IsoDate",
    "emit_json",
    "handle_errors",
    "lawful_lines",
    "say",
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
        try:
            return api.as_date(value if isinstance(value, dt.date) else str(value))
        except QueryError as err:
            self.fail(str(err), param, ctx)


DATE = IsoDate()


def say(text: str = "", *, err: bool = False) -> None:
    """Print one line of human output with control and escape characters made visible (`\\x1b`,
    `\\n`, bidi overrides...), so that text from a scenario can neither drive the terminal nor
    forge a line. JSON and DOT output are printed exactly, by other means."""
    click.echo(one_line(text), err=err)


def _tell(message: str) -> None:
    """An error message on stderr; if the reader of stderr has gone (`2>&1 | head -1`), the
    message is lost but the exit status must still say what went wrong, not "broken pipe"."""
    try:
        say(message, err=True)
    except BrokenPipeError:
        silence(sys.stderr)


def _fail(message: str, code: int = EXIT_INPUT) -> None:
    _tell(message)
    sys.exit(code)


def handle_errors(command: F) -> F:
    """Turn orgsim's errors into one-line messages and exit 2; never show a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except ScenarioErrors as err:
            for error in err.errors:
                _tell(str(error))
            sys.exit(EXIT_INPUT)
        except UnknownId as err:
            lists = {"post": "posts", "person": "people"}.get(err.kind)
            hint = f" (`orgsim list {lists}` lists them)" if lists and not err.suggestions else ""
            _fail(f"orgsim: {err}{hint}")
        except RenderTimeout as err:
            # The library speaks of its render time-out; here it is an option of the command.
            _fail(
                f"orgsim: {err.name}: dot did not finish within {err.seconds or 0:g} s"
                " (--render-timeout); the chart may be too large to lay out: try --focus POST,"
                " or a longer --render-timeout"
            )
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
            silence(sys.stdout)
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


# How a transition is tagged in text: what the sources say ("event"), what follows from the
# record alone (a resignation taking effect: "record"), the law's answer where the sources are
# silent ("assumed"), and what changes only in law ("law").
_TAGS = {"assumed": "assumed", "legal": "law   "}


def transition_lines(t: Transition) -> list[str]:
    """One line for the transition and one per finding."""
    tag = _TAGS.get(t.timeline, "record" if t.derived else "event ")
    hyp = " (hypothetical)" if t.event.hypothetical else ""
    lines = [f"{t.event.date.isoformat()}  {tag}  {describe(t.event, t.before)}{hyp}"]
    lines.extend(f"    {f.level}: {f.message} [{f.citation}]" for f in t.findings)
    return lines


def lawful_lines(h: Holding, state: State) -> list[str]:
    """What the legal timeline says of a holding, in lines of text."""
    s = h.legal
    if s is None:
        return []
    lines: list[str] = []
    if s.status is Lawfulness.UNLAWFUL:
        lines.append("NOT LAWFUL: " + "; ".join(f"{r.text} [{r.citation}]" for r in s.reasons))
    elif s.status is Lawfulness.UNDETERMINED:
        why = "; ".join(f"{r.text} [{r.citation}]" for r in s.reasons)
        lines.append(f"UNDETERMINED: {why}")
    if s.coverage:
        lines.append(f"coverage: {s.coverage}")
    holder_is_lawful = s.status is Lawfulness.LAWFUL and s.lawful == h.holder
    if holder_is_lawful and s.acting:
        lines.append(f"lawfully acting: {s.provision}: {s.basis}")
    elif holder_is_lawful:
        # A holder the law has a word on without acting: a recess appointee, for one.
        lines.append(f"lawfully holds the office: {s.provision}: {s.basis}")
    elif s.status is Lawfulness.LAWFUL and h.capacity == str(Capacity.PERFORMING_DUTIES):
        lines.append("lawfully performing delegated duties; not an acting officer")
    if s.lawful is not None and not holder_is_lawful:
        lines.append(f"who may lawfully act: {state.name(s.lawful)} ({s.provision}: {s.basis})")
    elif s.lawful is None and s.determined:
        lines.append(f"who may lawfully act: nobody ({s.basis}; {s.provision})")
    elif not s.determined:
        lines.append("who may lawfully act: undetermined" + (f" ({s.basis})" if s.basis else ""))
    if s.missing:
        lines.append(f"missing facts: {'; '.join(s.missing)}")
    if s.until is not None and (s.lawful is not None or not s.determined):
        label = "lawful until" if holder_is_lawful else "time limit for acting"
        lines.append(f"{label}: {s.until.isoformat()} ({s.until_reason}; {s.until_citation})")
    elif s.until_reason and (s.lawful is not None or not s.determined):
        # No last day yet (a nomination is pending, a sickness): the limit is a condition.
        lines.append(f"limit: {s.until_reason} ({s.until_citation})")
    if s.duties is not None:
        force = {
            Lawfulness.LAWFUL: "",
            Lawfulness.UNDETERMINED: "; whether the delegation has force is undetermined",
            Lawfulness.UNLAWFUL: "; but the delegation has no force",
        }[s.duties_status or Lawfulness.LAWFUL]
        lines.append(f"delegated duties: {state.name(s.duties)}{force}")
    if s.reserved is not None:
        lines.append(f"reserved duties: {s.reserved} [{s.reserved_citation}]")
    return lines
