"""The `orgsim` command: parsing, printing and exit codes over the library (orgsim.api).

Each group of commands lives in its own module, imported only when one of its commands
runs, so that `orgsim --version` and a single query do not pay for all the others.
"""

from __future__ import annotations

import importlib
import os
import signal
import sys
from collections.abc import Callable
from types import FrameType
from typing import Any, TextIO

import click

from orgsim import __version__

__all__ = ["COMMANDS", "cli", "main"]

# name -> (module, attribute), in the order `orgsim --help` lists them.
COMMANDS: dict[str, tuple[str, str]] = {
    "run": ("orgsim.cli.run", "run"),
    "validate": ("orgsim.cli.run", "validate"),
    "who": ("orgsim.cli.query", "who"),
    "succession": ("orgsim.cli.query", "succession"),
    "timeline": ("orgsim.cli.query", "timeline"),
    "acts": ("orgsim.cli.query", "acts"),
    "chart": ("orgsim.cli.chart", "chart"),
    "history": ("orgsim.cli.history", "history"),
    "list": ("orgsim.cli.lists", "list_"),
    "export": ("orgsim.cli.interop", "export"),
    "import": ("orgsim.cli.interop", "import_"),
    "whatif": ("orgsim.cli.whatif", "whatif"),
    "diff": ("orgsim.cli.whatif", "diff"),
    "depth": ("orgsim.cli.whatif", "depth"),
    "synth": ("orgsim.cli.scale", "synth"),
    "bench": ("orgsim.cli.scale", "bench"),
}


class LazyGroup(click.Group):
    """A group whose commands are imported the first time they are asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command name, in the documented order."""
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """Import the command's module and return the command, or None if unknown."""
        if cmd_name not in COMMANDS:
            return None
        module, attribute = COMMANDS[cmd_name]
        command: Any = getattr(importlib.import_module(module), attribute)
        return command if isinstance(command, click.Command) else None


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="orgsim")
def cli() -> None:
    """Replay who holds which office under the rules of succession, and chart it."""


def _terminate(signum: int, frame: FrameType | None) -> None:
    api = sys.modules.get("orgsim.api")
    if api is None:
        raise SystemExit(143)  # no command has started: nothing to clean up
    raise api.Terminated


def main() -> None:
    """Entry point of the `orgsim` console script."""
    # SIGTERM (`kill`, a CI runner's time-out, systemd) unwinds like Ctrl-C: temporary output
    # is removed and `dot` children are stopped on the way out.
    signal.signal(signal.SIGTERM, _terminate)
    # Not click's standalone mode: it reports a usage error after its own handling of a
    # closed pipe, so a usage error whose reader had gone (`2>&1 | head -1`) ended in
    # Python's exit 1, which here means "an expectation failed".
    try:
        code = cli.main(prog_name="orgsim", standalone_mode=False)
    except click.ClickException as err:
        _report(err.show)
        sys.exit(err.exit_code)
    except click.Abort:
        _report(lambda: click.echo("Aborted!", err=True))
        sys.exit(1)
    except BrokenPipeError:  # click's own output (--help) met a closed pipe
        silence(sys.stdout, sys.stderr)
        sys.exit(141)  # 128 + SIGPIPE, as a shell reports a killed writer
    sys.exit(code if isinstance(code, int) else 0)


def silence(*streams: TextIO) -> None:
    """Send what is left to write on these streams to /dev/null: their reader has gone."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    for stream in streams:
        os.dup2(devnull, stream.fileno())


def _report(show: Callable[[], None]) -> None:
    try:
        show()
    except BrokenPipeError:
        silence(sys.stdout, sys.stderr)
