"""Wikidata import: position held (P39) statements from a SPARQL result (real, from
proto-commons) and an entity file (hand-made), as posts, people and dated events."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from orgsim import api
from orgsim.cli import cli
from orgsim.errors import ScenarioErrors
from orgsim.interop import from_wikidata

DATA = Path(__file__).resolve().parent / "data"
SPARQL = DATA / "real" / "wikidata-mayor-of-london.json"
ENTITIES = DATA / "handmade" / "wikidata-entities.json"


def _invoke(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_a_real_sparql_result_imports_with_the_dated_holder(tmp_path: Path) -> None:
    """Sadiq Khan, from 2016-05-09, in the post of the position and district; the three
    statements without dates are left out with a note, not made current."""
    out = tmp_path / "w.yaml"
    result = _invoke("import", "wikidata", str(SPARQL), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "3 statements without dates" in result.output
    history = api.replay_scenario(api.load(out))
    post = "mayor-of-london-q23306"
    for day in ("2016-05-09", "2017-01-01", "2018-12-31"):
        assert history.who(post, dt.date.fromisoformat(day)).holder == "Q334155"
    state = history.initial
    assert state.posts[post].title == "Mayor of London for Greater London"
    assert [i.identifier for i in state.posts[post].identifiers] == ["Q38931"]
    assert state.organizations["Q1135166"].name == "Greater London Authority"
    assert state.holder(post) is not None
    assert state.holdings[post].ref == (
        "http://www.wikidata.org/entity/statement/Q334155-8f3d3dde-462f-8bea-1671-65d8512bd3c1"
    )


def test_the_sparql_result_agrees_with_the_same_publishers_popolo(tmp_path: Path) -> None:
    """The SPARQL result and the Popolo file built from it give the same dated holder."""
    wd, pp = tmp_path / "w.yaml", tmp_path / "p.yaml"
    assert _invoke("import", "wikidata", str(SPARQL), "-o", str(wd)).exit_code == 0
    popolo = DATA / "real" / "uk-greater-london-authority.json"
    assert _invoke("import", "popolo", str(popolo), "-o", str(pp)).exit_code == 0
    day = dt.date(2017, 6, 1)
    a = api.replay_scenario(api.load(wd)).state_at(day)
    b = api.replay_scenario(api.load(pp)).state_at(day)
    assert {t.person for t in a.holdings.values()} == {t.person for t in b.holdings.values()}


def test_entity_file_qualifiers_become_dated_events_and_warnings() -> None:
    """Start and end times, year precision, an "acting" role, replaces/replaced by that
    contradict the dates, and an unknown start: located warnings, nothing invented."""
    imported = from_wikidata(ENTITIES.read_bytes(), "e.json")
    data = imported.data
    assert data["date"] == dt.date(2010, 3, 1)
    kinds = [(e["date"].isoformat(), e["kind"], e["person"]) for e in data["events"]]
    assert kinds == [
        ("2014-06-01", "assume-acting", "Q90000002"),
        ("2014-06-30", "leave", "Q90000001"),
        ("2015-01-01", "leave", "Q90000002"),
    ]
    assert "capacity" not in data["events"][0]  # acting service is reported as such
    assert data["events"][2]["date_note"] == "The source gives 2015, not a day."
    warnings = [n for n in imported.notes if "warning" in n]
    assert warnings == [
        "e.json:14:24: warning: Q90000002 is recorded as succeeding Q90000001, but starts"
        " (2014-06-01) before Q90000001 leaves (2014-06-30)",
        "e.json:49:24: warning: the date is recorded as unknown",
    ]
    people = {p["id"]: p for p in data["people"]}
    assert people["Q90000001"]["other_names"] == [{"name": "Ada Exemple", "lang": "fr"}]
    assert "Q90000003" not in people  # no date at all, and no --date


def test_export_writes_the_qids_back_and_round_trips(tmp_path: Path) -> None:
    """Wikidata in, Popolo out (QIDs as identifiers, statement ids as membership ids), and
    Popolo in and out again: stable."""
    first = tmp_path / "w.yaml"
    assert _invoke("import", "wikidata", str(ENTITIES), "-o", str(first)).exit_code == 0
    one, two = tmp_path / "one.json", tmp_path / "two.json"
    args = ("--at", "2016-01-01", "--history")
    assert _invoke("export", str(first), *args, "-o", str(one)).exit_code == 0
    doc = json.loads(one.read_text(encoding="utf-8"))
    ada = next(p for p in doc["persons"] if p["id"] == "Q90000001")
    assert ada["identifiers"] == [{"identifier": "Q90000001", "scheme": "wikidata"}]
    assert {m["id"] for m in doc["memberships"]} == {"Q90000001$0001", "Q90000002$0001"}
    again = tmp_path / "p.yaml"
    assert _invoke("import", "popolo", str(one), "-o", str(again)).exit_code == 0
    assert _invoke("export", str(again), *args, "-o", str(two)).exit_code == 0
    assert two.read_text(encoding="utf-8") == one.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"head": {}}', "e.json:1:1: not a Wikidata file"),
        ('{"results": {"bindings": 3}}', "e.json:1:13: a SPARQL result needs `results.bindings`"),
        ('{"entities": {"Q1": {"claims": {"P39": 5}}}}', "e.json:1:40: P39 must be a list"),
        ('{"results": {"bindings": []}}', "e.json:1:1: no position held (P39) statement"),
    ],
)
def test_bad_wikidata_files_are_located_errors(text: str, message: str) -> None:
    """What cannot be read is an error at its place in the file."""
    with pytest.raises(ScenarioErrors) as err:
        from_wikidata(text.encode(), "e.json")
    assert str(err.value).startswith(message), str(err.value)
