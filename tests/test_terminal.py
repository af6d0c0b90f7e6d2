"""Terminal safety: text from a scenario (names, titles, notes, quotes) reaches the terminal with
its control and escape characters made visible, in every command's human output, so a scenario
can neither clear the screen, write the clipboard (OSC 52), reorder text (bidi overrides) nor
forge a line; `--json` keeps the text exactly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINI_YAML

from orgsim.cli import cli

CLEAR = "\x1b[2J\x1b[H"
CLIPBOARD = "\x1b]52;c;ZWNobyBwd25lZA==\x07"
FORGED = "\n2024-02-01  event  Forged line\r"
BIDI = "\u202e"
HOSTILE = f"Sam{CLEAR}{CLIPBOARD}{FORGED}{BIDI}Secretary"
RAW = ("\x1b", "\x07", "\r", "\u202e")

SCENARIO = MINI_YAML.replace(
    "{id: sam, name: Sam Secretary}", "{id: sam, name: " + json.dumps(HOSTILE) + "}"
).replace("title: Secretary", "title: " + json.dumps("Secretary" + CLEAR)) + (
    "events:\n"
    "  - date: 2024-02-01\n"
    "    kind: resign\n"
    "    post: secretary\n"
    "    person: sam\n"
    "    note: " + json.dumps("note" + CLIPBOARD + FORGED) + "\n"
)
COMMANDS = [
    ["validate", "@"],
    ["run", "@", "--out", "@out", "--format", "dot"],
    ["who", "@", "secretary", "--at", "2024-01-15"],
    ["succession", "@", "secretary", "--at", "2024-01-15"],
    ["timeline", "@"],
    ["whatif", "@", "--at", "2024-01-15", "--event", "resign sam"],
    ["diff", "@", "--from", "2024-01-01", "--to", "2024-02-02"],
    ["depth", "@", "--at", "2024-01-15"],
    ["who", "@", "secretaryy", "--at", "2024-01-15"],  # an error quoting a hostile title
]


@pytest.fixture
def scenario(tmp_path: Path) -> Path:
    path = tmp_path / "s.yaml"
    path.write_text(SCENARIO, encoding="utf-8")
    return path


@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c[:1] + c[2:3]) for c in COMMANDS])
def test_scenario_text_never_reaches_the_terminal_raw(scenario: Path, command: list[str]) -> None:
    """No escape, bell, carriage return or bidi override is printed; each shows as `\\x1b`...;
    and no line of output starts with the forged text."""
    args = [str(scenario) if a == "@" else a for a in command]
    args = [str(scenario.parent / "out") if a == "@out" else a for a in args]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code in (0, 1, 2), result.output
    printed = result.stdout + result.stderr
    for raw in RAW:
        assert raw not in printed, (raw, printed)
    assert not any(line.startswith("2024-02-01  event  Forged") for line in printed.splitlines())
    if "Sam" in printed:
        assert "\\x1b[2J" in printed or "\\x1b]52" in printed


def test_json_output_keeps_the_text_exactly(scenario: Path) -> None:
    """`--json` is for programs: the name comes back byte for byte, escaped only as JSON."""
    result = CliRunner().invoke(
        cli, ["who", str(scenario), "secretary", "--at", "2024-01-15", "--json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["holder"]["name"] == HOSTILE
