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


RULES_MD = CLI_MD.parent / "rules.md"


def test_the_findings_table_in_rules_md_lists_every_finding_id_and_no_other() -> None:
    """docs/rules.md's "Findings at a glance" names exactly the ids of FindingId, so every
    statement the rules can make is documented, and the table names nothing the code lacks."""
    from orgsim.rules.findings import FindingId

    text = RULES_MD.read_text(encoding="utf-8")
    table = text.split("## Findings at a glance", 1)[1].split("\n## ", 1)[0]
    documented = re.findall(r"^\| `([a-z0-9-]+)` \|", table, re.MULTILINE)
    assert len(documented) == len(set(documented)), "an id is listed twice"
    assert set(documented) == {str(f) for f in FindingId}


def test_every_finding_the_shipped_scenarios_produce_has_a_documented_id() -> None:
    """What the replay actually says (not only what the enumeration declares) is in the table."""
    from orgsim.api import load, replay_scenario

    text = RULES_MD.read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([a-z0-9-]+)` \|", text, re.MULTILINE))
    root = CLI_MD.parent.parent
    files = [
        *sorted((root / "scenarios").glob("*.yaml")),
        *sorted((root / "docs" / "examples").glob("*.yaml")),
    ]
    seen: set[str] = set()
    for path in files:
        if "include" not in path.read_text(encoding="utf-8") and path.parent.name == "examples":
            continue  # an organisation file, not a scenario
        history = replay_scenario(load(path))
        seen |= {f.rule for t in history.transitions for f in t.findings}
    assert seen, "the scenarios produced no findings at all"
    assert seen <= documented, sorted(seen - documented)
