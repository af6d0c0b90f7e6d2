"""docs/interop.md's console examples run as written, from the repository's root, and print
what the page shows."""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from orgsim.cli import cli

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "interop.md"


def _sessions() -> list[list[tuple[str, list[str]]]]:
    """Each ```console block as (command, expected output lines) pairs."""
    blocks = re.findall(r"```console\n(.*?)```", PAGE.read_text(encoding="utf-8"), re.S)
    out = []
    for block in blocks:
        steps: list[tuple[str, list[str]]] = []
        for line in block.splitlines():
            if line.startswith("$ "):
                steps.append((line[2:], []))
            else:
                steps[-1][1].append(line)
        out.append(steps)
    return out


SESSIONS = _sessions()


def test_the_page_has_examples() -> None:
    """The walk finds the page's examples (so the test below checks something)."""
    assert sum(len(s) for s in SESSIONS) >= 8


@pytest.mark.parametrize("steps", SESSIONS, ids=[s[0][0][:60] for s in SESSIONS])
def test_console_example_runs_as_shown(
    steps: list[tuple[str, list[str]]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each command gives the lines shown (outputs are written in a scratch folder)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "tests").symlink_to(ROOT / "tests")
    for command, expected in steps:
        argv = shlex.split(command)
        assert argv[0] == "orgsim"
        result = CliRunner().invoke(cli, argv[1:], catch_exceptions=False, env=dict(os.environ))
        assert result.output.splitlines() == expected, command
