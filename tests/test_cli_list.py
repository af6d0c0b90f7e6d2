"""`orgsim list` and ids you can find: a unique title or name stands for an id, and a person
given where a post is expected is named as such."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from orgsim.cli import cli

CBP = str(Path(__file__).resolve().parent.parent / "scenarios" / "cbp-2022.yaml")


def invoke(*args: str) -> tuple[int, str, str]:
    """Run orgsim in-process: exit code, stdout, stderr."""
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_list_posts_gives_every_post_with_its_title_and_holder() -> None:
    """One line per post, id first; JSON has the same posts with holder and capacity."""
    code, out, _ = invoke("list", "posts", CBP, "--at", "2022-11-13")
    assert code == 0
    lines = out.splitlines()
    assert any(
        line.startswith("cbp-commissioner ")
        and "Commissioner of U.S. Customs and Border Protection: Troy Miller (acting)" in line
        for line in lines
    )
    code, out, _ = invoke("list", "posts", CBP, "--at", "2022-11-13", "--json")
    rows = json.loads(out)
    assert len(rows) == len(lines)
    commissioner = next(r for r in rows if r["id"] == "cbp-commissioner")
    assert commissioner["holder"] == {
        "id": "troy-miller",
        "name": "Troy Miller",
        "capacity": "acting",
    }


def test_list_people_and_orders_with_match() -> None:
    """--match keeps only the rows whose id, title or name contains the text, any case."""
    code, out, _ = invoke("list", "people", CBP, "--match", "MILLER", "--at", "2022-11-13")
    assert code == 0
    assert out.splitlines() == [
        "troy-miller                  Troy Miller: Commissioner of U.S. Customs and Border"
        " Protection, Deputy Commissioner of CBP"
    ]
    code, out, _ = invoke("list", "orders", CBP, "--json")
    (order,) = json.loads(out)
    assert order["post"] == "dhs-secretary" and order["line"][0] == "dhs-deputy-secretary"
    code, out, _ = invoke("list", "posts", CBP, "--match", "no such thing")
    assert code == 0 and out.strip() == "no posts match `no such thing`"


@pytest.mark.parametrize(
    "name",
    [
        "Commissioner of U.S. Customs and Border Protection",
        "customs and border",
        "CBP-COMMISSIONER",
    ],
)
def test_a_unique_title_match_stands_for_the_post_id(name: str) -> None:
    """`who` answers the same for the id, the whole title, or a part only one title has."""
    by_id = invoke("who", CBP, "cbp-commissioner", "--at", "2022-11-13", "--json")
    by_name = invoke("who", CBP, name, "--at", "2022-11-13", "--json")
    assert by_name == by_id and by_id[0] == 0


def test_an_ambiguous_match_lists_the_candidates() -> None:
    """'commissioner' is in two titles: exit 2, both ids named."""
    code, _, err = invoke("who", CBP, "commissioner", "--at", "2022-11-13")
    assert code == 2
    assert "matches 2 posts" in err
    assert "`cbp-commissioner`" in err and "`cbp-deputy-commissioner`" in err


def test_a_person_where_a_post_is_expected_says_what_they_hold() -> None:
    """The issue's example: `troy-miller` is a person; they hold two posts on that date."""
    code, _, err = invoke("succession", CBP, "troy-miller", "--at", "2022-11-13")
    assert code == 2
    assert err.startswith(
        "orgsim: `troy-miller` is a person (Troy Miller, `troy-miller`), not a post;"
    )
    assert "they hold `cbp-commissioner`" in err and "`cbp-deputy-commissioner`" in err


@pytest.mark.exe
def test_focus_takes_a_title_too(tmp_path: Path) -> None:
    """chart --focus with a unique title draws the same chart as with the id."""
    charts = []
    for focus in ("cbp-commissioner", "Commissioner of U.S. Customs and Border Protection"):
        code, out, err = invoke(
            "chart", CBP, "--at", "2022-11-13", "--focus", focus, "-o", "-", "--format", "dot"
        )
        assert code == 0, err
        charts.append(out)
    assert charts[0] == charts[1]
