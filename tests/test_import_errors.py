"""An import whose scenario does not load or replay is reported at the input's own lines and
columns, never at the output file (which is not written)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from orgsim import api
from orgsim.cli import cli
from orgsim.errors import ScenarioErrors
from orgsim.scenario.located import load_located

ROOT = Path(__file__).resolve().parent.parent


def exported(tmp_path: Path) -> dict[str, Any]:
    """CBP 2022 as orgsim exports it to Popolo, with its history."""
    out = tmp_path / "cbp.json"
    result = CliRunner().invoke(
        cli,
        ["export", str(ROOT / "scenarios/cbp-2022.yaml"), "--at", "2022-11-13", "--history"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.stderr
    out.write_text(result.stdout, encoding="utf-8")
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def import_popolo(folder: Path, document: dict[str, Any]) -> tuple[int, str, str]:
    """Import the document through the CLI: exit code, standard error, the input's text."""
    text = json.dumps(document, indent=1)
    (folder / "in.json").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(
        cli,
        ["import", "popolo", str(folder / "in.json"), "-o", str(folder / "out.yaml")],
        catch_exceptions=False,
    )
    return result.exit_code, result.stderr, text


def test_a_bad_value_the_scenario_check_finds_is_located_at_the_input_item(
    tmp_path: Path,
) -> None:
    """`extras.appointment` of a post is copied into the scenario; the scenario's check
    refuses it, and the error names the input file at the post it came from."""
    document = exported(tmp_path)
    document["posts"][0]["extras"]["appointment"] = "by-acclaim"
    code, stderr, text = import_popolo(tmp_path, document)
    assert code == 2
    _, marks = load_located(text.encode("utf-8"), "in.json")
    post = marks.at(("posts", 0))
    assert post is not None
    assert f"in.json:{post.line}:{post.column}: " in stderr, stderr
    assert "out.yaml" not in stderr
    assert not (tmp_path / "out.yaml").exists()


def test_an_event_that_cannot_happen_on_replay_is_located_at_what_it_came_from(
    tmp_path: Path,
) -> None:
    """Two later nominations of one person to one office: the second `nominate` event fails
    on replay, and the error points at that nomination in the input."""
    document = exported(tmp_path)
    document["posts"][0]["extras"]["nominations"] = [
        {"person_id": "raul-ortiz", "submitted": "2022-12-01"},
        {"person_id": "raul-ortiz", "submitted": "2022-12-05"},
    ]
    code, stderr, text = import_popolo(tmp_path, document)
    assert code == 2, stderr
    assert "is already nominated" in stderr
    _, marks = load_located(text.encode("utf-8"), "in.json")
    second = marks.at(("posts", 0, "extras", "nominations", 1))
    assert second is not None
    assert f"in.json:{second.line}:{second.column}: " in stderr, stderr
    assert "out.yaml" not in stderr


def test_the_api_raises_located_errors_for_a_damaged_csv(tmp_path: Path) -> None:
    """The library's import answers as the CLI does: ScenarioErrors naming the CSV's line."""
    (tmp_path / "org.csv").write_text(
        "id,name,title,reports_to\nceo,Ann,Chief,\ncto,Bob,CTO,nobody\n", encoding="utf-8"
    )
    with pytest.raises(ScenarioErrors) as caught:
        api.import_csv(tmp_path / "org.csv", title="T")
    (error,) = caught.value.errors
    assert error.mark is not None
    assert (error.mark.file, error.mark.line) == (str(tmp_path / "org.csv"), 3)
