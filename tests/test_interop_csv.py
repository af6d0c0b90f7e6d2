"""Org-chart CSV as tools export it: usual headers, managers by name, placeholders, job shares,
delimiters and encodings; every problem located."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from orgsim import api
from orgsim.cli import cli
from orgsim.errors import ScenarioErrors
from orgsim.interop import csv_to_scenario, decode_csv, dump_scenario
from orgsim.scenario import parse_scenario

DATA = Path(__file__).resolve().parent / "data"
HANDMADE = DATA / "handmade"
REAL = DATA / "real"
DAY = dt.date(2024, 1, 1)


def _invoke(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _load(data: dict[str, Any]) -> Any:
    return parse_scenario(dump_scenario(data, source="t.csv").encode(), "t.yaml").initial


def test_a_typical_hr_export_imports_without_options(tmp_path: Path) -> None:
    """Employee ID, Name, Job Title, Manager ID, Department: no option needed; "Vacant" is a
    vacancy, one id on two rows is a job share, departments are organisations."""
    out = tmp_path / "hr.yaml"
    result = _invoke("import", "csv", str(HANDMADE / "hr-typical.csv"), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "no date in the file" in result.output
    state = api.load(out).initial
    assert state.posts["E210"].reports_to == "E200"
    assert state.posts["E210"].organization == "finance"
    assert state.organizations["operations"].name == "Operations"
    assert state.holder("E220") is None and "E220" in state.vacancies
    seats = {p: state.holder(p) for p in ("E310", "E310-2")}
    assert {t.person for t in seats.values() if t} == {"sam-cole", "ada-brook"}
    assert state.posts["E310-2"].group == "Fleet Manager"
    assert state.posts["E310-2"].reports_to == "E300"


def test_managers_named_by_name_import_without_options(tmp_path: Path) -> None:
    """A Supervisor column of names: the top names itself; N/D and TBC are vacancies."""
    out = tmp_path / "names.yaml"
    result = _invoke("import", "csv", str(HANDMADE / "managers-by-name.csv"), "-o", str(out))
    assert result.exit_code == 0, result.output
    state = api.load(out).initial
    assert state.posts["maria-lopez"].reports_to is None
    assert state.posts["ken-ito"].reports_to == "maria-lopez"
    assert state.posts["jo-banks"].reports_to == "ken-ito"
    assert state.posts["jo-banks"].organization == "research"
    vacant = sorted(p for p in state.posts if p in state.vacancies)
    assert vacant == ["analyst", "press-officer"]
    assert len(state.people) == 3


def test_cp1252_semicolon_file_with_mapped_columns(tmp_path: Path) -> None:
    """Windows-1252 bytes and `;` are detected; --column maps headers orgsim does not know."""
    out = tmp_path / "fr.yaml"
    result = _invoke(
        "import",
        "csv",
        str(HANDMADE / "cp1252-semicolon.csv"),
        "-o",
        str(out),
        "--date",
        "2024-01-01",
        "--column",
        "Nom=name",
        "--column",
        "Poste=title",
        "--column",
        "Responsable=reports_to",
    )
    assert result.exit_code == 0, result.output
    assert "read as cp1252" in result.output
    state = api.load(out).initial
    assert state.name("renee-dupre") == "Renée Dupré"
    assert state.posts["2"].reports_to == "1"


def test_drawio_example_imports(tmp_path: Path) -> None:
    """draw.io's own org-chart CSV: `#` lines skipped, manager by name, refs as dotted lines."""
    imported = csv_to_scenario((REAL / "drawio-orgchart.csv").read_text(), "d.csv", date=DAY)
    data, notes = imported.data, imported.notes
    state = _load(data)
    assert len(state.posts) == 4 and len(state.people) == 4
    assert {p.reports_to for p in state.posts.values()} == {None, "emi"}
    assert state.posts["rdo"].dotted_to == ("emo", "tva")
    assert any("columns not used" in n and "email" in n for n in notes)


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        ("Name,Title\nRenée,Chef\n".encode(), "UTF-8"),
        (b"\xef\xbb\xbf" + "Name,Title\nRenée,Chef\n".encode(), "UTF-8 with BOM"),
        ("Name,Title\nRenée,Chef\n".encode("utf-16"), "UTF-16"),
        ("Name,Title\nRenée,Chef\n".encode("cp1252"), "cp1252"),
    ],
)
def test_encodings_are_detected(raw: bytes, encoding: str) -> None:
    """The same text in four encodings reads the same."""
    text, found = decode_csv(raw, "t.csv")
    assert found == encoding
    imported = csv_to_scenario(text, "t.csv", date=DAY)
    data = imported.data
    assert data["people"] == [{"id": "renee", "name": "Renée"}]


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiters_are_detected(delimiter: str) -> None:
    """Comma, semicolon, tab and bar."""
    rows = [["Employee ID", "Name", "Job Title", "Manager ID"], ["1", "A B", "Head", ""]]
    rows.append(["2", "C D", "Deputy", "1"])
    text = "\n".join(delimiter.join(r) for r in rows) + "\n"
    imported = csv_to_scenario(text, "t.csv", date=DAY)
    data = imported.data
    assert [p.get("reports_to") for p in data["posts"]] == [None, "1"]


def test_ambiguous_and_unknown_managers_are_located_errors() -> None:
    """A manager name two people share, or nobody has, is an error at its cell."""
    text = "Name,Title,Manager\nAl,Head,\nBo,A,Al\nBo,B,Al\nCy,C,Bo\nDi,D,Zed\n"
    with pytest.raises(ScenarioErrors) as err:
        csv_to_scenario(text, "t.csv", date=DAY)
    lines = str(err.value).splitlines()
    assert lines == [
        "t.csv:5:6: manager `Bo` is ambiguous: more than one person has that name (lines 3, 4);"
        " use ids",
        "t.csv:6:6: unknown manager `Zed`: no such id or name",
    ]


@pytest.mark.parametrize("top", ["", "self", "None", "N/A", "-"])
def test_the_top_is_marked_in_the_usual_ways(top: str) -> None:
    """Empty, a self-reference or a marker: the row reports to nobody."""
    mark = "1" if top == "self" else ("" if top == "-" else top)
    text = f"Employee ID,Name,Job Title,Manager ID\n1,A,Head,{mark}\n2,B,Deputy,1\n"
    imported = csv_to_scenario(text, "t.csv", date=DAY)
    data = imported.data
    assert "reports_to" not in data["posts"][0]


NAMES = st.lists(
    st.text(alphabet="abcdefghij", min_size=1, max_size=5), min_size=1, max_size=30, unique=True
)


@settings(max_examples=60, deadline=None)
@given(names=NAMES, data=st.data())
def test_managers_by_name_give_the_same_tree_as_managers_by_id(
    names: list[str], data: st.DataObject
) -> None:
    """Property: a random tree written with manager ids and with manager names imports to
    the same reporting lines (the reference is the tree drawn, not the importer)."""
    parent = [None] + [data.draw(st.integers(0, i - 1)) for i in range(1, len(names))]
    by_id = ["Employee ID,Name,Job Title,Manager ID"]
    by_name = ["Name,Job Title,Manager"]
    for i, name in enumerate(names):
        boss = parent[i]
        by_id.append(f"e{i},{name},T{i},{'' if boss is None else f'e{boss}'}")
        by_name.append(f"{name},T{i},{'' if boss is None else names[boss]}")
    a = csv_to_scenario("\n".join(by_id) + "\n", "a.csv", date=DAY).data
    b = csv_to_scenario("\n".join(by_name) + "\n", "b.csv", date=DAY).data
    tree_a = {p["title"]: p.get("reports_to") for p in a["posts"]}
    title_of = {p["id"]: p["title"] for p in b["posts"]}
    tree_b = {p["title"]: title_of.get(p.get("reports_to", "")) for p in b["posts"]}
    expected = {
        f"T{i}": (None if parent[i] is None else f"T{parent[i]}") for i in range(len(names))
    }
    assert {k: (v and f"T{v[1:]}") for k, v in tree_a.items()} == expected
    assert tree_b == expected
