"""docs/scenario-format.md keeps up with the format: every YAML example reads as the format
says (a whole scenario loads and its checks hold; a fragment has the shape of the keys it
shows), and every key, event kind and event field the format accepts is documented."""

from __future__ import annotations

import json
import re
import typing
from pathlib import Path
from typing import Any

import attrs
import pytest
import yaml

from orgsim.api import check_expectations, replay_scenario
from orgsim.events import EVENT_KINDS, Event, catalogue
from orgsim.model import (
    ActType,
    Capacity,
    Coverage,
    Expectation,
    LawfulExpectation,
    Organization,
    Person,
    Post,
    Route,
)
from orgsim.rules import PendingReading
from orgsim.scenario import parse_scenario, spec
from orgsim.scenario.convert import converter

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "scenario-format.md"
TEXT = PAGE.read_text(encoding="utf-8")
YAML_BLOCKS = re.findall(r"```yaml\n(.*?)```", TEXT, re.S)
JSON_BLOCKS = re.findall(r"```json\n(.*?)```", TEXT, re.S)
HINTS = typing.get_type_hints(spec.ScenarioSpec)
COMMON = {"date", "source", "hypothetical", "note", "date_note"}


def test_the_page_has_examples() -> None:
    """The walk finds the page's examples, so the checks below mean something."""
    assert len(YAML_BLOCKS) >= 20
    assert any(b.lstrip().startswith("{") for b in JSON_BLOCKS)


@pytest.mark.parametrize("block", YAML_BLOCKS, ids=[b.strip()[:50] for b in YAML_BLOCKS])
def test_every_yaml_example_reads_as_the_format_says(block: str) -> None:
    """A whole scenario (title and date) loads and its expectations hold; an indented list is
    events; any other block is top-level keys, each structured as the format reads it."""
    data = yaml.safe_load(block)
    if isinstance(data, list):
        for item in data:
            assert isinstance(converter.structure(item, Event), Event)
        return
    assert isinstance(data, dict), block
    if "title" in data and "date" in data:
        scenario = parse_scenario(block.encode(), "example.yaml")
        history = replay_scenario(scenario)
        assert all(check.ok for check in check_expectations(scenario, history))
        return
    for key, value in data.items():
        assert key in HINTS, f"`{key}` is not a top-level key"
        converter.structure(value, HINTS[key])


def test_every_events_file_example_is_events() -> None:
    """The JSON Lines example: each line one event of the format."""
    lines = [
        line
        for block in JSON_BLOCKS
        if block.lstrip().startswith('{"date"')
        for line in block.splitlines()
        if line.strip()
    ]
    assert lines
    for line in lines:
        assert isinstance(converter.structure(json.loads(line), Event), Event)


def _row(name: str) -> str:
    """The table row documenting an event kind."""
    rows = [r for r in TEXT.splitlines() if r.startswith(f"| `{name}` | ") and r.count("|") >= 4]
    kinds = [r for r in rows if "`" in r.split("|")[2] or r.split("|")[2].strip() == "(none)"]
    assert kinds, f"no table row for the event kind `{name}`"
    return kinds[-1]


DERIVED = sorted(
    (
        cls
        for cls in vars(catalogue).values()
        if isinstance(cls, type) and issubclass(cls, Event) and cls.derived
    ),
    key=lambda cls: cls.kind,
)


@pytest.mark.parametrize("cls", [*EVENT_KINDS.values(), *DERIVED], ids=lambda c: c.kind)
def test_every_event_kind_and_each_of_its_fields_is_documented(cls: type[Event]) -> None:
    """Each kind a scenario may write, and each the rules derive, has a row naming its
    fields."""
    row = _row(cls.kind)
    for f in attrs.fields(cls):
        if f.name not in COMMON:
            assert f"`{f.name}`" in row, f"`{cls.kind}` does not document `{f.name}`"


def test_the_count_of_kinds_is_right() -> None:
    """The page says how many kinds a scenario may write."""
    assert f"The {len(EVENT_KINDS)} kinds below" in TEXT


CLASSES: list[type] = [
    spec.ScenarioSpec,
    spec.SourceInfo,
    spec.HolderSpec,
    spec.OrderSpec,
    spec.NominationSpec,
    spec.DelegationSpec,
    spec.InaugurationSpec,
    spec.PeriodSpec,
    spec.CalendarSpec,
    spec.SettingsSpec,
    spec.BranchSpec,
    Organization,
    Post,
    Person,
    Expectation,
    LawfulExpectation,
]


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_every_key_of_the_format_is_documented(cls: type[Any]) -> None:
    """Every key the loader accepts appears on the page as `key`."""
    for f in attrs.fields(cls):
        name = {"from_": "from"}.get(f.name, f.name)
        assert f"`{name}`" in TEXT, f"{cls.__name__}.{name} is not documented"


def test_every_value_of_the_new_settings_and_enums_is_documented() -> None:
    """The values a file may write for the settings, routes, coverage and act types."""
    for enum in (ActType, Capacity, Coverage, Route, PendingReading):
        for member in enum:
            assert f"`{member.value}`" in TEXT, f"{enum.__name__}.{member.value}"
