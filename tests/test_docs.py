"""The docs keep up with the code: every command has its section in docs/cli.md; the README's
test command is what CI runs; the README draws the layering that lint-imports enforces."""

from __future__ import annotations

import pkgutil
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

import orgsim
from orgsim.cli import cli

ROOT = Path(__file__).resolve().parent.parent
CLI_MD = ROOT / "docs" / "cli.md"
README = ROOT / "README.md"


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


def _readme_blocks(language: str) -> list[str]:
    """The README's fenced blocks whose info string is `language` ("" for none)."""
    blocks: list[str] = []
    current: list[str] | None = None
    info = ""
    for line in README.read_text(encoding="utf-8").splitlines(keepends=True):
        if line.startswith("```"):
            if current is None:
                current, info = [], line[3:].strip()
            else:
                if info == language:
                    blocks.append("".join(current))
                current = None
        elif current is not None:
            current.append(line)
    return blocks


def test_the_readme_test_command_is_the_one_ci_runs() -> None:
    """The README's "run the tests" command is the last line of .ci/run, word for word."""
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()[-1]
    commands = [b.strip() for b in _readme_blocks("sh") if ".ci/setup test" in b]
    assert commands == [ci]


def test_the_readme_draws_every_top_level_module_in_the_layers_lint_imports_checks() -> None:
    """Each line of the README's drawing is one layer of the import-linter contract, in order,
    and together they name every module and package directly under orgsim."""
    (drawing,) = [b for b in _readme_blocks("") if b.startswith("cli ")]
    drawn = [re.split(r"\s{2,}", line.strip())[0] for line in drawing.splitlines()]
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (contract,) = [c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers"]
    layers = [layer.replace("orgsim.", "") for layer in contract["layers"]]
    assert drawn == layers
    named = {name.strip() for line in drawn for name in line.split("|")}
    modules = {m.name for m in pkgutil.iter_modules(orgsim.__path__)} - {"__main__"}
    assert named == modules


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
    from orgsim.api import ScenarioErrors, load, replay_scenario

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
        try:
            history = replay_scenario(load(path))
        except ScenarioErrors:
            if path.parent.name == "examples":
                continue  # an example of an error (validate's); the doc test checks what it says
            raise
        seen |= {f.rule for t in history.transitions for f in t.findings}
    assert seen, "the scenarios produced no findings at all"
    assert seen <= documented, sorted(seen - documented)
