"""Popolo export and import, and org-chart CSV import: valid, deterministic, round-tripping."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import MINI_YAML
from jsonschema import Draft3Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT3

from orgsim import api, explore
from orgsim.cli import cli
from orgsim.errors import ScenarioErrors
from orgsim.interop import csv_to_scenario, dump_scenario, from_popolo, to_popolo
from orgsim.model import OrderAuthority
from orgsim.render import render_many, state_chart
from orgsim.render.backend import dot_available
from orgsim.scenario import parse_scenario

ROOT = Path(__file__).resolve().parent.parent
POPOLO = Path(__file__).resolve().parent / "data" / "popolo"
BASE = "http://www.popoloproject.com/schemas/"

CASES = [
    ("cbp-2022.yaml", "2022-11-08"),
    ("cbp-2022.yaml", "2022-11-13"),
    ("cbp-2022.yaml", "2023-07-01"),
    ("cbp-2021.yaml", "2021-01-20"),
    ("cbp-2021.yaml", "2021-06-01"),
    ("cbp-2021.yaml", "2021-12-20"),
]


def _validators() -> dict[str, Draft3Validator]:
    """One Draft 3 validator per Popolo type, `$ref`s resolved to the local copies."""
    resources = []
    for path in sorted(POPOLO.glob("*.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        resources.append((BASE + path.name, Resource.from_contents(schema, DRAFT3)))
    registry: Registry[Any] = Registry().with_resources(resources)
    out = {}
    for kind, name in (
        ("persons", "person"),
        ("organizations", "organization"),
        ("posts", "post"),
        ("memberships", "membership"),
    ):
        schema = json.loads((POPOLO / f"{name}.json").read_text(encoding="utf-8"))
        out[kind] = Draft3Validator(schema, registry=registry)
    return out


def _export(scenario: str, at: str, **kwargs: Any) -> dict[str, Any]:
    loaded = api.load(ROOT / "scenarios" / scenario)
    history = api.replay_scenario(loaded)
    return explore.export_popolo(loaded, history, dt.date.fromisoformat(at), **kwargs)


def _invoke(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.mark.parametrize(("scenario", "at"), CASES)
def test_popolo_export_is_valid_against_the_popolo_schemas(scenario: str, at: str) -> None:
    """Every person, organization, post and membership validates against its Popolo schema."""
    document = _export(scenario, at, with_past=True)
    validators = _validators()
    for kind, validator in validators.items():
        assert document[kind], kind
        for item in document[kind]:
            errors = sorted(validator.iter_errors(item), key=str)
            assert not errors, (kind, item.get("id"), [e.message for e in errors])


def test_the_schemas_reject_what_they_should() -> None:
    """The validators are live: a bad date and a wrongly typed name are caught."""
    validators = _validators()
    assert list(validators["memberships"].iter_errors({"start_date": "12 Nov 2022"}))
    assert list(validators["persons"].iter_errors({"name": 3}))
    # and through a $ref: a membership's embedded person
    assert list(validators["memberships"].iter_errors({"person": {"name": 3}}))


@pytest.mark.parametrize(("scenario", "at"), CASES)
def test_popolo_round_trip_gives_the_same_document(scenario: str, at: str, tmp_path: Path) -> None:
    """export, import, export: the second document is byte for byte the first."""
    first = tmp_path / "first.json"
    result = _invoke("export", str(ROOT / "scenarios" / scenario), "--at", at, "-o", str(first))
    assert result.exit_code == 0, result.output
    imported = tmp_path / "imported.yaml"
    result = _invoke("import", "popolo", str(first), "-o", str(imported))
    assert result.exit_code == 0, result.output
    second = tmp_path / "second.json"
    result = _invoke("export", str(imported), "--at", at, "-o", str(second))
    assert result.exit_code == 0, result.output
    assert second.read_text(encoding="utf-8") == first.read_text(encoding="utf-8")


def test_popolo_export_marks_acting_and_performing_the_duties() -> None:
    """The role says it in words; `extras.capacity` says it for machines."""
    acting = _export("cbp-2022.yaml", "2022-11-13")
    (m,) = [m for m in acting["memberships"] if m["post_id"] == "cbp-commissioner"]
    assert m["role"] == "Acting Commissioner of U.S. Customs and Border Protection"
    assert m["extras"]["capacity"] == "acting"
    assert m["start_date"] == "2022-11-12"
    duties = _export("cbp-2022.yaml", "2024-03-01")
    (m,) = [m for m in duties["memberships"] if m["post_id"] == "cbp-commissioner"]
    assert m["role"].startswith("Performing the Duties of Commissioner")
    assert m["extras"]["capacity"] == "performing-duties"


def test_popolo_export_with_history_ends_memberships() -> None:
    """With --history, Magnus's confirmed membership ends on the day he resigned."""
    document = _export("cbp-2022.yaml", "2022-11-13", with_past=True)
    ended = [m for m in document["memberships"] if m.get("end_date")]
    assert [(m["person_id"], m["end_date"]) for m in ended] == [("chris-magnus", "2022-11-12")]


def test_popolo_export_is_deterministic_on_the_command_line() -> None:
    """Two runs print the same text, with sorted keys."""
    args = ("export", str(ROOT / "scenarios" / "cbp-2022.yaml"), "--at", "2022-11-13")
    first, second = _invoke(*args), _invoke(*args)
    assert first.exit_code == 0
    assert first.output == second.output
    assert list(json.loads(first.output)) == [
        "memberships",
        "meta",
        "organizations",
        "persons",
        "posts",
    ]


def test_popolo_import_of_foreign_data_infers_acting_from_the_role(tmp_path: Path) -> None:
    """A plain Popolo file without orgsim extras imports as a timeline: "Acting ..." roles
    become acting, a year-only start is kept in words, an undated membership is not current."""
    doc = {
        "organizations": [{"id": "agency", "name": "Agency"}],
        "persons": [{"id": "ann", "name": "Ann"}, {"id": "bo", "name": "Bo"}],
        "posts": [
            {"id": "head", "label": "Head", "organization_id": "agency"},
            {"id": "deputy", "label": "Deputy", "organization_id": "agency"},
        ],
        "memberships": [
            {
                "person_id": "ann",
                "post_id": "head",
                "role": "Acting Head",
                "start_date": "2024-03-01",
            },
            {"person_id": "bo", "post_id": "deputy", "start_date": "2023"},
            {"person_id": "bo", "organization_id": "agency"},
        ],
    }
    imported = from_popolo(json.dumps(doc).encode(), "foreign.json")
    data, notes = imported.data, imported.notes
    assert data["date"] == dt.date(2023, 1, 1)
    holders = {h["post"]: h for h in data["holders"]}
    assert holders["deputy"]["since_note"] == "2023"
    (appoint,) = data["events"]
    # Acting service is reported as such (the rules then judge it; nothing is assumed).
    assert (appoint["date"], appoint["kind"], appoint["person"]) == (
        dt.date(2024, 3, 1),
        "assume-acting",
        "ann",
    )
    member = next(p for p in data["posts"] if p["id"] == "agency-member")
    assert "bo" in member["note"] and "agency-member" not in holders
    assert any("without dates" in n for n in notes)
    scenario = parse_scenario(dump_scenario(data, source="foreign.json").encode(), "x.yaml")
    history = api.replay_scenario(scenario)
    assert history.who("head", dt.date(2024, 2, 29)).holder is None
    assert history.who("head", dt.date(2024, 3, 1)).holder == "ann"


def test_popolo_import_errors_are_located(tmp_path: Path) -> None:
    """An unknown post in a membership is reported at its line and column, exit 2."""
    bad = tmp_path / "bad.json"
    bad.write_text(
        '{"organizations": [{"id": "a", "name": "A"}],\n'
        ' "persons": [{"id": "p", "name": "P"}],\n'
        ' "posts": [],\n'
        ' "memberships": [{"person_id": "p", "post_id": "nope", "start_date": "2024-01-01"}]}\n',
        encoding="utf-8",
    )
    result = _invoke("import", "popolo", str(bad), "-o", str(tmp_path / "out.yaml"))
    assert result.exit_code == 2
    assert f"{bad}:4:" in result.output and "unknown post `nope`" in result.output
    assert not (tmp_path / "out.yaml").exists()


# --- CSV -------------------------------------------------------------------------------------


def _org_csv(rows: int, seed: int = 6) -> str:
    """A tree of `rows` posts: each reports to an earlier one; some vacant, some acting."""
    rng = random.Random(seed)
    lines = ["id,name,title,reports_to,organisation,capacity,since"]
    for i in range(rows):
        boss = "" if i == 0 else f"p{rng.randrange(max(0, i - 50), i)}"
        name = "" if i % 37 == 5 else f"Person {i}"
        capacity = "acting" if i % 53 == 7 else ""
        org = f"Division {i % 9}" if i else "Head Office"
        lines.append(f"p{i},{name},Officer {i},{boss},{org},{capacity},2024-0{1 + i % 9}-15")
    return "\n".join(lines) + "\n"


def test_a_1000_row_csv_imports_validates_and_builds_a_chart(tmp_path: Path) -> None:
    """1,000 rows: the command writes a scenario that loads and replays; the chart builds."""
    source = tmp_path / "org.csv"
    source.write_text(_org_csv(1000), encoding="utf-8")
    out = tmp_path / "org.yaml"
    result = _invoke("import", "csv", str(source), "-o", str(out))
    assert result.exit_code == 0, result.output
    scenario = api.load(out)
    assert len(scenario.initial.posts) == 1000
    assert scenario.initial.date == dt.date(2024, 9, 15)
    assert _invoke("validate", str(out)).exit_code == 0
    dot = state_chart(scenario.initial)
    assert dot.count("post_p") >= 1000


@pytest.mark.exe
@pytest.mark.skipif(not dot_available(), reason="needs Graphviz dot")
def test_a_1000_row_csv_renders_with_dot(tmp_path: Path) -> None:
    """The imported 1,000-post chart renders to SVG."""
    imported = csv_to_scenario(_org_csv(1000), "org.csv")
    data = imported.data
    scenario = parse_scenario(dump_scenario(data, source="org.csv").encode(), "org.yaml")
    source = state_chart(scenario.initial, legend=False)
    names = render_many([source], tmp_path, fmt="svg")
    assert (tmp_path / names[source]).stat().st_size > 10_000


BAD_CSV = """\
id,name,title,reports_to,capacity,since
ceo,Ann Boss,Chief,,confirmed,2024-01-01
cto,Bob,CTO,ceo,,2024-02-30
x,Cy,X,y,bogus,
y,Di,Y,x,,
ceo,Ed,Dup,,,
z,,Z,nope,,
"""


def test_csv_errors_are_located_and_exit_2(tmp_path: Path) -> None:
    """Bad date, bad capacity, cycle, duplicate id, unknown reports_to: each at FILE:LINE:COL."""
    source = tmp_path / "bad.csv"
    source.write_text(BAD_CSV, encoding="utf-8")
    result = _invoke("import", "csv", str(source), "-o", str(tmp_path / "out.yaml"))
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert lines == [
        f"{source}:3:18: bad date `2024-02-30`: expected YYYY-MM-DD",
        f"{source}:4:10: unknown capacity `bogus` (one of confirmed, elected, appointed, acting,"
        " performing-duties, recess-appointed, not-recorded)",
        f"{source}:5:8: reports_to forms a cycle: x -> y -> x",
        f"{source}:6:1: id `ceo` again (first on line 2) with another title",
        f"{source}:7:6: unknown reports_to `nope`: no such id or name",
    ]
    assert not (tmp_path / "out.yaml").exists()


def test_csv_without_name_or_title_and_without_a_date_are_errors() -> None:
    """The header must name a person or a post; a date must come from somewhere."""
    with pytest.raises(ScenarioErrors, match=r"t.csv:1:1: no column for the person's name"):
        csv_to_scenario("id,reports_to\na,\n", "t.csv")
    with pytest.raises(ScenarioErrors, match="give the import a date"):
        csv_to_scenario("id,name,title,reports_to\na,A,T,\n", "t.csv")
    imported = csv_to_scenario(
        "id,name,title,reports_to\na,A,T,\n", "t.csv", date=dt.date(2024, 1, 1)
    )
    data = imported.data
    assert data["holders"] == [{"post": "a", "person": "a"}]


def test_csv_rows_with_the_same_name_are_different_people() -> None:
    """Names are not ids: two rows named alike get two person ids."""
    text = "id,name,title,reports_to\na,Pat,A,\nb,Pat,B,a\n"
    imported = csv_to_scenario(text, "t.csv", date=dt.date(2024, 1, 1))
    data = imported.data
    assert [p["id"] for p in data["people"]] == ["pat", "pat-2"]


def test_to_popolo_is_a_pure_function_of_the_state() -> None:
    """The library function gives equal documents for equal states."""
    loaded = api.load(ROOT / "scenarios" / "cbp-2022.yaml")
    state = api.replay_scenario(loaded).state_at(dt.date(2022, 11, 13))
    assert to_popolo(state, title="x") == to_popolo(state, title="x")


def test_popolo_round_trip_keeps_what_an_order_rests_on(tmp_path: Path) -> None:
    """An executive order's kind survives export and import: the re-imported order still
    holds its listees to the Vacancies Act."""
    text = (ROOT / "scenarios" / "cbp-2022.yaml").read_text(encoding="utf-8")
    folder = tmp_path / "s"
    folder.mkdir()
    (folder / "orgs").mkdir()
    org = (ROOT / "scenarios" / "orgs" / "dhs-cbp.yaml").read_text(encoding="utf-8")
    (folder / "orgs" / "dhs-cbp.yaml").write_text(org, encoding="utf-8")
    assert "\norders:" not in text
    text += (
        "orders:\n"
        "  - {id: backstop, post: cbp-commissioner, line: [usbp-chief],"
        ' authority: "Executive Order (hypothetical)", authority_kind: executive-order}\n'
    )
    (folder / "s.yaml").write_text(text, encoding="utf-8")
    exported = tmp_path / "out.json"
    result = _invoke("export", str(folder / "s.yaml"), "--at", "2022-11-08", "-o", str(exported))
    assert result.exit_code == 0, result.output
    imported = tmp_path / "imported.yaml"
    result = _invoke("import", "popolo", str(exported), "-o", str(imported))
    assert result.exit_code == 0, result.output
    order = api.load(imported).initial.orders["backstop"]
    assert order.authority_kind is OrderAuthority.EXECUTIVE_ORDER


def test_popolo_round_trip_keeps_how_posts_are_drawn() -> None:
    """A staff post and a group of seats come back from Popolo as they went out."""
    text = MINI_YAML.replace(
        "  - {id: clerk, title: Clerk, organization: bureau, reports_to: deputy-administrator}",
        "  - {id: clerk, title: Clerk, organization: bureau, reports_to: deputy-administrator,"
        " staff: true, group: Front office}",
    )
    assert "staff: true" in text
    state = parse_scenario(text.encode(), "drawn.yaml").initial
    document = json.dumps(to_popolo(state, title="drawn")).encode()
    imported = from_popolo(document, "drawn.json")
    data = imported.data
    clerk = next(p for p in data["posts"] if p["id"] == "clerk")
    assert (clerk.get("staff"), clerk.get("group")) == (True, "Front office")
    plain = next(p for p in data["posts"] if p["id"] == "administrator")
    assert "staff" not in plain and "group" not in plain


def test_a_bare_array_of_memberships_imports() -> None:
    """Some APIs return memberships alone: people and bodies are named by their ids, and
    embedded `person` objects give names."""
    doc = [
        {
            "person_id": "p1",
            "organization_id": "board",
            "role": "chair",
            "start_date": "2020-01-01",
        },
        {
            "person": {"id": "p2", "given_name": "Rosa", "family_name": "Diaz"},
            "organization_id": "board",
            "role": "member",
            "start_date": "2020-02-01",
        },
    ]
    data = from_popolo(json.dumps(doc).encode(), "bare.json").data
    names = {p["id"]: p["name"] for p in data["people"]}
    assert names == {"p1": "p1", "p2": "Rosa Diaz"}
    assert [o["id"] for o in data["organizations"]] == ["board"]
    assert sorted(p["title"] for p in data["posts"]) == ["Chair", "Member"]


def test_duplicate_ids_are_merged_when_identical_and_located_otherwise() -> None:
    """Two organisations with one id: merged when the same, an error at the second's `id`
    (with the first's place) when not."""
    same = (
        '{"organizations": [{"id": "o", "name": "O"}, {"id": "o", "name": "O"}],\n'
        ' "persons": [{"id": "p", "name": "P"}],\n'
        ' "memberships": [{"person_id": "p", "organization_id": "o", "role": "head",'
        ' "start_date": "2020-01-01"}]}\n'
    )
    assert [o["id"] for o in from_popolo(same.encode(), "d.json").data["organizations"]] == ["o"]
    different = same.replace('{"id": "o", "name": "O"}]', '{"id": "o", "name": "Other"}]')
    with pytest.raises(ScenarioErrors) as err:
        from_popolo(different.encode(), "d.json")
    assert str(err.value) == (
        "d.json:1:53: duplicate organization id `o` (first at line 1, column 27, with"
        " different content)"
    )
