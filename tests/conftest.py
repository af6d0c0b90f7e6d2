"""Shared fixtures: where the repository's scenarios are, copies of them with one edit, and a
small hand-written organisation for the engine tests."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from orgsim.scenario import Scenario, parse_scenario

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
CBP = SCENARIOS / "cbp-2022.yaml"

# A department with a Senate-confirmed Secretary and Administrator, each with a career deputy
# as first assistant, an elected President, and two people who hold nothing yet.
MINI_YAML = """\
title: A small department
date: 2024-01-01
president: president
organizations:
  - {id: executive, name: Executive Branch}
  - {id: dept, name: Department of Examples, parent: executive, executive_agency: true}
  - {id: bureau, name: Bureau of Samples, parent: dept}
posts:
  - {id: president, title: President, organization: executive, appointment: elected}
  - id: secretary
    title: Secretary
    organization: dept
    reports_to: president
    appointment: pas
    first_assistant: deputy-secretary
  - {id: deputy-secretary, title: Deputy Secretary, organization: dept, reports_to: secretary}
  - id: administrator
    title: Administrator
    organization: bureau
    reports_to: secretary
    appointment: pas
    first_assistant: deputy-administrator
  - id: deputy-administrator
    title: Deputy Administrator
    organization: bureau
    reports_to: administrator
  - {id: clerk, title: Clerk, organization: bureau, reports_to: deputy-administrator}
people:
  - {id: pat, name: Pat President}
  - {id: sam, name: Sam Secretary}
  - {id: dana, name: Dana Deputy}
  - {id: alex, name: Alex Administrator}
  - {id: drew, name: Drew Deputy}
  - {id: nia, name: Nia Nominee}
  - {id: kim, name: Kim Candidate}
holders:
  - {post: president, person: pat}
  - {post: secretary, person: sam}
  - {post: deputy-secretary, person: dana}
  - {post: administrator, person: alex}
  - {post: deputy-administrator, person: drew}
  - {post: clerk, vacant: true}
"""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked `exe` need Graphviz's `dot`: without it they skip, saying how to get it."""
    if shutil.which("dot") is not None:
        return
    skip = pytest.mark.skip(reason="Graphviz `dot` not found: apt-get install graphviz")
    for item in items:
        if "exe" in item.keywords:
            item.add_marker(skip)


def _parse(text: str, name: str = "mini.yaml") -> Scenario:
    return parse_scenario(text.encode("utf-8"), name)


@pytest.fixture
def mini() -> Scenario:
    """The small department, loaded, with no events."""
    return _parse(MINI_YAML)


@pytest.fixture
def cbp_text() -> str:
    """The text of scenarios/cbp-2022.yaml."""
    return CBP.read_text(encoding="utf-8")


@pytest.fixture
def cbp_copy(tmp_path: Path, cbp_text: str) -> Callable[..., Path]:
    """Write a copy of cbp-2022.yaml with `old` replaced by `new` (once), beside a copy of the
    files it includes (the whole scenarios folder is copied into tmp_path)."""
    folder = tmp_path / "scenarios"
    shutil.copytree(SCENARIOS, folder)

    def make(old: str = "", new: str = "", *, name: str = "cbp-copy.yaml") -> Path:
        text = cbp_text
        if old:
            assert old in text, f"{old!r} is not in cbp-2022.yaml"
            text = text.replace(old, new, 1)
        path = folder / name
        path.write_text(text, encoding="utf-8")
        return path

    return make


def line_col(text: str, needle: str, *, after: str = "") -> tuple[int, int]:
    """1-based line and column where `needle` first occurs (after `after`, when given)."""
    start = text.index(after) if after else 0
    offset = text.index(needle, start)
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col
