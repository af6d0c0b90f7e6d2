"""Real files other projects publish (tests/data/real/README.md): each imports into a non-empty
organisation with the publisher's holders, `who --at` agrees with the file on sampled dates,
and export -> import -> export is stable.

The reference for "the publisher's holders" reads the raw JSON directly with the plain rule a
reader would apply (a membership covers the days from its start, or its legislative period's,
up to its end; one with no date at all covers nothing unless the file's day is given), and
never calls orgsim.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from orgsim import api
from orgsim.cli import cli

REAL = Path(__file__).resolve().parent / "data" / "real"

# file, import options, (posts, people, holdings), sampled dates, the day to export at
CORPUS: list[tuple[str, tuple[str, ...], tuple[int, int, int], tuple[str, ...], str]] = [
    (
        "ep-nigeria-senate.json",
        (),
        (3, 3, 3),
        ("2015-06-09", "2016-06-01", "2017-02-10"),
        "2017-02-10",
    ),
    (
        "uk-commons-2017.json",
        (),
        (2, 3, 4),
        ("2018-01-01", "2018-05-20", "2018-07-24"),
        "2018-12-31",
    ),
    (
        "uk-greater-london-authority.json",
        (),
        (1, 4, 1),
        ("2016-05-07", "2016-05-08", "2018-01-01"),
        "2018-01-01",
    ),
    (
        "au-vic-councils.json",
        (),
        (10, 20, 11),
        ("2013-06-22", "2014-03-01", "2016-10-23"),
        "2017-10-04",
    ),
    (
        "au-vic-councils.json",
        ("--date", "2017-10-04"),
        (20, 20, 24),
        ("2015-04-01", "2016-10-22", "2017-10-04"),
        "2017-10-04",
    ),
]


def _invoke(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _day(text: Any) -> dt.date | None:
    return dt.date.fromisoformat(text) if isinstance(text, str) and len(text) == 10 else None


def _name(value: Any) -> str:
    return value if isinstance(value, str) else value.get("lang:en") or min(value.values())


def reference_holders(doc: dict[str, Any], day: dt.date, as_of: dt.date | None) -> set[str]:
    """The names of the people the raw file places in an office (not a party) on `day`."""
    periods = {e["id"]: e for e in doc.get("events", [])}
    parties = {o["id"] for o in doc["organizations"] if o.get("classification") == "party"}
    names = {p["id"]: _name(p["name"]) for p in doc["persons"]}
    out: set[str] = set()
    for m in doc["memberships"]:
        if m.get("organization_id") in parties:
            continue
        period = periods.get(m.get("legislative_period_id"), {})
        start = _day(m.get("start_date")) or _day(period.get("start_date"))
        end = _day(m.get("end_date")) or _day(period.get("end_date"))
        if start is None and end is None:
            if as_of is None or day < as_of:
                continue
            start = as_of
        if (start is None or start <= day) and (end is None or day < end):
            out.add(names[m["person_id"]])
    return out


def _ids(case: tuple[Any, ...]) -> str:
    return f"{case[0]}{'-dated' if case[1] else ''}"


@pytest.mark.parametrize("case", CORPUS, ids=_ids)
def test_real_file_imports_with_the_publishers_holders(
    case: tuple[str, tuple[str, ...], tuple[int, int, int], tuple[str, ...], str],
    tmp_path: Path,
) -> None:
    """Counts of posts, people and holdings; on each sampled date, the people orgsim has in
    office are the people the file has in office."""
    name, options, (posts, people, holdings), dates, _ = case
    out = tmp_path / "s.yaml"
    result = _invoke("import", "popolo", str(REAL / name), "-o", str(out), *options)
    assert result.exit_code == 0, result.output
    scenario = api.load(out)
    state = scenario.initial
    appointed = [e for e in scenario.events if e.kind == "appoint"]
    assert (len(state.posts), len(state.people), len(state.holdings) + len(appointed)) == (
        posts,
        people,
        holdings,
    )
    history = api.replay_scenario(scenario)
    doc = json.loads((REAL / name).read_text(encoding="utf-8"))
    as_of = dt.date.fromisoformat(options[1]) if options else None
    for text in dates:
        day = dt.date.fromisoformat(text)
        at = history.state_at(day)
        found = {at.name(t.person) for t in at.holdings.values()}
        assert found == reference_holders(doc, day, as_of), text
        assert found, f"nobody in office on {text}"


@pytest.mark.parametrize("case", CORPUS, ids=_ids)
def test_real_file_export_import_export_is_stable(
    case: tuple[str, tuple[str, ...], tuple[int, int, int], tuple[str, ...], str],
    tmp_path: Path,
) -> None:
    """Import, export with --history, import that, export again: the two exports are equal."""
    name, options, _, _, at = case
    first = tmp_path / "a.yaml"
    assert _invoke("import", "popolo", str(REAL / name), "-o", str(first), *options).exit_code == 0
    one, two = tmp_path / "one.json", tmp_path / "two.json"
    assert _invoke("export", str(first), "--at", at, "--history", "-o", str(one)).exit_code == 0
    again = tmp_path / "b.yaml"
    result = _invoke("import", "popolo", str(one), "-o", str(again))
    assert result.exit_code == 0, result.output
    assert _invoke("export", str(again), "--at", at, "--history", "-o", str(two)).exit_code == 0
    assert two.read_text(encoding="utf-8") == one.read_text(encoding="utf-8")


def test_lewisham_east_by_election_is_on_the_timeline(tmp_path: Path) -> None:
    """Heidi Alexander until 2018-05-09, vacant, Janet Daby from 2018-06-14."""
    out = tmp_path / "uk.yaml"
    assert (
        _invoke("import", "popolo", str(REAL / "uk-commons-2017.json"), "-o", str(out)).exit_code
        == 0
    )
    history = api.replay_scenario(api.load(out))
    post = "house-of-commons-member-of-parliament-q3336099"
    assert history.who(post, dt.date(2018, 5, 8)).holder == "Q259359"
    assert history.who(post, dt.date(2018, 5, 9)).capacity == "vacant"
    assert history.who(post, dt.date(2018, 6, 14)).holder == "Q55003337"


def test_welsh_names_with_lang(tmp_path: Path) -> None:
    """--lang cy takes the Welsh name where the file gives one, English elsewhere."""
    out = tmp_path / "cy.yaml"
    args = ("import", "popolo", str(REAL / "uk-commons-2017.json"), "-o", str(out), "--lang", "cy")
    assert _invoke(*args).exit_code == 0
    state = api.load(out).initial
    assert state.name("Q575881") == "Ian Paisley"
    assert state.name("Q259359") == "Heidi Alexander"
    assert state.organizations["Q11005"].name == "Tŷ'r Cyffredin"


def test_undated_mayors_are_kept_but_not_current(tmp_path: Path) -> None:
    """Three Mayors of London with no dates are listed in the post's note, not seated."""
    out = tmp_path / "gla.yaml"
    result = _invoke(
        "import", "popolo", str(REAL / "uk-greater-london-authority.json"), "-o", str(out)
    )
    assert "3 memberships without dates" in result.output
    state = api.load(out).initial
    (post,) = state.posts.values()
    assert post.note is not None
    assert all(q in post.note for q in ("Q18530507", "Q18936120", "Q27171252"))
    holder = state.holder(post.id)
    assert holder is not None and holder.person == "Q334155"


def test_identifiers_links_and_record_ids_survive_a_round_trip(tmp_path: Path) -> None:
    """Wikidata QIDs, links, other names, classification and membership ids are kept on
    import, shown by `who --json`, written back on export and kept again on re-import."""
    first = tmp_path / "uk.yaml"
    assert (
        _invoke("import", "popolo", str(REAL / "uk-commons-2017.json"), "-o", str(first)).exit_code
        == 0
    )
    state = api.load(first).initial
    daby_statement = (
        "http://www.wikidata.org/entity/statement/Q55003337-b7adb072-48b3-3b90-690e-60520f1754a7"
    )
    post = "house-of-commons-member-of-parliament-q3336099"
    answer = json.loads(_invoke("who", str(first), post, "--at", "2018-07-01", "--json").output)
    assert answer["holder"]["identifiers"] == [{"scheme": "wikidata", "identifier": "Q55003337"}]
    assert answer["holder"]["record"] == daby_statement
    exported = tmp_path / "uk.json"
    args = ("export", str(first), "--at", "2018-12-31", "--history", "-o", str(exported))
    assert _invoke(*args).exit_code == 0
    doc = json.loads(exported.read_text(encoding="utf-8"))
    person = next(p for p in doc["persons"] if p["id"] == "Q259359")
    assert person["identifiers"] == [{"identifier": "Q259359", "scheme": "wikidata"}]
    assert person["links"][0]["url"].startswith("https://www.facebook.com/")
    paisley = next(p for p in doc["persons"] if p["id"] == "Q575881")
    assert paisley["other_names"] == [{"lang": "cy", "name": "Ian Paisley"}]
    (commons,) = [o for o in doc["organizations"] if o["id"] == "Q11005"]
    assert commons["classification"] == "branch"
    assert daby_statement in {m["id"] for m in doc["memberships"]}
    position = next(p for p in doc["posts"] if p["id"] == post)
    assert position["extras"]["identifiers"] == [{"identifier": "Q16707842", "scheme": "wikidata"}]
    again = tmp_path / "again.yaml"
    assert _invoke("import", "popolo", str(exported), "-o", str(again)).exit_code == 0
    back = api.load(again).initial
    assert back.people["Q575881"] == state.people["Q575881"]
    assert back.organizations["Q11005"] == state.organizations["Q11005"]
