"""The `orgsim` command: parsing, printing and exit codes over the library (orgsim.api).

Each group of commands lives in its own module; this one only assembles them.
"""

from __future__ import annotations

import click

from orgsim import __version__
from orgsim.cli.chart import chart
from orgsim.cli.interop import export, import_
from orgsim.cli.query import succession, timeline, who
from orgsim.cli.run import run, validate
from orgsim.cli.whatif import depth, diff, whatif

__all__ = ["cli", "main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="orgsim")
def cli() -> None:
    """Replay who holds which office under the rules of succession, and chart it."""


for _command in (run, validate, who, succession, timeline, chart):
    cli.add_command(_command)
for _command in (export, import_, whatif, diff, depth):  # interop and what-if (issue 6)
    cli.add_command(_command)


def main() -> None:
    """Entry point of the `orgsim` console script."""
    cli(prog_name="orgsim")
