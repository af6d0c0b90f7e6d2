"""The published JSON Schema is derived from the model, current, and accepts every scenario."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from orgsim.scenario.schema import json_schema, organisation_schema

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))
ORG_FILES = sorted((ROOT / "scenarios" / "orgs").glob("*.yaml"))


def _plain(path: Path) -> Any:
    """The file as JSON would carry it: dates become ISO strings."""
    return json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))


def _validator(schema: dict[str, Any]) -> jsonschema.Draft7Validator:
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())


@pytest.mark.parametrize(
    ("name", "build"),
    [("scenario.schema.json", json_schema), ("organisation.schema.json", organisation_schema)],
)
def test_published_schema_is_the_one_the_model_derives(name: str, build: Any) -> None:
    """docs/ holds exactly what `python -m orgsim.scenario.schema` prints (regenerate if not)."""
    published = json.loads((ROOT / "docs" / name).read_text(encoding="utf-8"))
    assert published == build()


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_every_scenario_is_valid_against_the_schema(path: Path) -> None:
    """Each scenario in scenarios/ passes the schema an editor would check it with."""
    errors = list(_validator(json_schema()).iter_errors(_plain(path)))
    assert not errors, [e.message for e in errors]


@pytest.mark.parametrize("path", ORG_FILES, ids=lambda p: p.name)
def test_every_organisation_file_is_valid_against_its_schema(path: Path) -> None:
    """Included organisation files pass the organisation schema."""
    errors = list(_validator(organisation_schema()).iter_errors(_plain(path)))
    assert not errors, [e.message for e in errors]


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_scenarios_name_the_schema_in_their_first_line(path: Path) -> None:
    """The `$schema` comment YAML editors understand opens every scenario."""
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../docs/scenario.schema.json"


def test_schema_rejects_a_misspelt_event_kind_and_an_unknown_key() -> None:
    """The schema is strict: it catches what the loader would also reject."""
    data = _plain(ROOT / "scenarios" / "cbp-2022.yaml")
    data["events"][0]["kind"] = "travle"
    data["holders"][0]["sincee"] = "2021-01-20"
    messages = [e.message for e in _validator(json_schema()).iter_errors(data)]
    assert any("travle" in m for m in messages)
    assert any("sincee" in m for m in messages)
