"""The docs keep up with the code: every command has its section in docs/cli.md."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from orgsim.cli import cli

CLI_MD = Path(__file__).resolve().parent.parent / "docs" / "cli.md"


def _commands(group: click.Group, prefix: str = "") -> Iterator[str]:
    """Every command's full name, groups and their subcommands alike."""
    ctx = click.Context(group)
    for name in sorted(group.list_commands(ctx)):
        command = group.get_command(ctx, name)
        assert command is not None, name
        full = f"{prefix}{name}"
        yield full
        if isinstance(command, click.Group):
            yield from _commands(command, f"{full} ")


COMMANDS = list(_commands(cli))


def _headings() -> set[str]:
    text = CLI_MD.read_text(encoding="utf-8")
    return {m.group(1).strip() for m in re.finditer(r"^## orgsim (.+)$", text, re.MULTILINE)}


def test_the_command_list_is_found() -> None:
    """The walk sees the groups' subcommands, so the check below means something."""
    assert {"run", "import", "import csv", "import popolo"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_a_section_in_cli_md(command: str) -> None:
    """docs/cli.md has a `## orgsim <command>` heading for each registered command."""
    assert command in _headings(), f"docs/cli.md has no `## orgsim {command}` section"
