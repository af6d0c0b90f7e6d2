"""The library's front door, as a notebook user meets it: `import orgsim`, ids and names that
answer or say what was meant, dates as text, short reprs, charts that draw themselves, and an
`orgsim.api` that does everything the command does."""

from __future__ import annotations

import ast
import datetime as dt
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import histories, to_state

import orgsim
from orgsim import api
from orgsim.cli import cli
from orgsim.errors import OrgsimError, QueryError, UnknownPerson, UnknownPost
from orgsim.render import notebook

ROOT = Path(__file__).resolve().parent.parent
CBP = str(ROOT / "scenarios" / "cbp-2022.yaml")
DAY = dt.date(2022, 11, 13)


@pytest.fixture(scope="module")
def cbp() -> api.History:
    """The CBP 2022 scenario, replayed once for the module."""
    return orgsim.replay(CBP)


def test_import_orgsim_is_cheap_and_its_names_load_the_front_door() -> None:
    """`import orgsim` alone does not import the library; `orgsim.replay` does."""
    code = (
        "import sys, orgsim; before = 'orgsim.api' in sys.modules; orgsim.replay;"
        " print(before, 'orgsim.api' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "True"]


def test_every_name_import_orgsim_offers_is_the_front_doors() -> None:
    """Each public name of `orgsim` is the object of the same name in orgsim.api."""
    for name in orgsim.__all__:
        if name != "__version__":
            assert getattr(orgsim, name) is (api if name == "api" else getattr(api, name))
    with pytest.raises(AttributeError):
        orgsim.no_such_name  # noqa: B018 -- the attribute access is the test


def test_a_post_is_named_by_its_id_or_a_unique_title(cbp: api.History) -> None:
    """The id and the post's whole title, in any case, give the same answer."""
    by_id = orgsim.who(cbp, "cbp-commissioner", DAY)
    by_title = orgsim.who(cbp, "commissioner of u.s. customs and border protection", DAY)
    assert by_id == by_title
    assert by_id.holder == "troy-miller"


def test_a_person_given_for_a_post_says_what_they_hold(cbp: api.History) -> None:
    """The issue's example: `troy-miller` is a person; they hold the two posts they hold."""
    with pytest.raises(UnknownPost) as caught:
        orgsim.who(cbp, "troy-miller", DAY)
    error = caught.value
    assert isinstance(error, OrgsimError) and isinstance(error, KeyError)
    assert isinstance(error, LookupError)
    assert str(error).startswith("`troy-miller` is a person (Troy Miller, `troy-miller`)")
    held = {t.post for t in cbp.state_at(DAY).held_by("troy-miller")}
    assert set(error.suggestions) == held == {"cbp-commissioner", "cbp-deputy-commissioner"}
    assert "--" not in str(error)  # the library does not speak of the command's options


def test_a_misspelt_post_suggests_the_close_ids(cbp: api.History) -> None:
    """The error names what was asked and offers the ids it may have meant."""
    with pytest.raises(UnknownPost) as caught:
        cbp.who("cbp-commish", DAY)
    assert caught.value.id == "cbp-commish"
    assert caught.value.suggestions[0] == "cbp-commissioner"
    assert "did you mean `cbp-commissioner`?" in str(caught.value)


def test_unknown_people_and_posts_given_for_people(cbp: api.History) -> None:
    """A post given where a person is expected says who holds it."""
    state = cbp.state_at(DAY)
    with pytest.raises(UnknownPerson, match=r"is a post .*held by `troy-miller`"):
        api.resolve_person(state, "cbp-commissioner")
    with pytest.raises(UnknownPerson, match="unknown person `nobody-at-all`"):
        api.resolve_person(state, "nobody-at-all")
    with pytest.raises(UnknownPost):
        state.post("nobody-at-all")
    assert api.resolve_person(state, "Troy Miller") == "troy-miller"


def test_succession_and_acts_refuse_an_unknown_post(cbp: api.History) -> None:
    """No question about a post that does not exist is answered as if it did."""
    for ask in (
        lambda: cbp.succession("cbp-comissioner", DAY),
        lambda: cbp.tenure_at("cbp-comissioner", DAY),
        lambda: cbp.acts("cbp-comissioner"),
    ):
        with pytest.raises(UnknownPost, match="cbp-commissioner"):
            ask()


@settings(max_examples=40, deadline=None)
@given(histories(max_events=8), st.text(min_size=1, max_size=12))
def test_who_answers_exactly_the_posts_of_the_day_and_refuses_the_rest(
    case: Any, text: str
) -> None:
    """For any text: an id of a post of that day answers for that post; any other text either
    names one post by title or raises UnknownPost whose suggestions are real post ids."""
    spec, events, _ = case
    initial = to_state(spec)
    history = api.History.run(initial, events)
    day = history.final.date
    state = history.state_at(day)
    for post in state.posts:
        assert history.who(post, day).post == post
    try:
        answer = api.who(history, text, day)
    except UnknownPost as error:
        assert text not in state.posts
        assert set(error.suggestions) <= set(state.posts) | set(state.people)
    else:
        assert answer.post in state.posts
        titled = [p.id for p in state.posts.values() if text.casefold() in p.title.casefold()]
        assert text in state.posts or answer.post in titled


@settings(max_examples=30, deadline=None)
@given(histories(max_events=8), st.integers(0, 60))
def test_a_date_as_iso_text_answers_as_the_date_itself(case: Any, offset: int) -> None:
    """who, succession and state_at take "YYYY-MM-DD" and answer as for the date."""
    spec, events, _ = case
    history = api.History.run(to_state(spec), events)
    day = history.initial.date + dt.timedelta(days=offset)
    text = day.isoformat()
    assert history.state_at(text) == history.state_at(day)
    for post in sorted(history.state_at(day).posts):
        assert history.who(post, text) == history.who(post, day)
        assert history.succession(post, text) == history.succession(post, day)


@pytest.mark.parametrize("text", ["2022-13-01", "13 November 2022", "", "2022/11/13"])
def test_a_date_that_is_not_iso_text_is_a_clear_error(cbp: api.History, text: str) -> None:
    with pytest.raises(QueryError, match="YYYY-MM-DD"):
        cbp.who("cbp-commissioner", text)


def test_reprs_are_short_and_say_what_the_object_is(cbp: api.History) -> None:
    """History, State, Transition and Scenario show a line a reader can use."""
    first, last = cbp.transitions[0].event.date, cbp.transitions[-1].event.date
    assert re.fullmatch(
        rf"<History 'CBP, November 2022[^']*' {len(cbp.transitions)} transitions"
        rf" {first.isoformat()}\.\.{last.isoformat()}>",
        repr(cbp),
    )
    state = cbp.state_at(DAY)
    assert repr(state) == (
        f"<State {DAY.isoformat()}: {len(state.posts)} posts ({len(state.vacancies)} vacant),"
        f" {len(state.people)} people>"
    )
    t = cbp.transitions[0]
    assert repr(t).startswith(f"<Transition #{t.seq} {t.event.date.isoformat()} {t.event.kind}: ")
    assert len(repr(t)) < 120
    assert repr(orgsim.load(CBP)).startswith("<Scenario 'CBP, November 2022")


def _svg_text(svg: str) -> str:
    root = ET.fromstring(svg)
    return " ".join(t for el in root.iter() for t in (el.text, el.tail) if t)


@pytest.mark.exe
def test_a_state_and_a_transition_draw_themselves_with_graphviz(cbp: api.History) -> None:
    """Jupyter gets SVG naming the holders, and no HTML stand-in that would hide it."""
    state = cbp.state_at(DAY)
    svg = state._repr_svg_()
    assert svg is not None
    text = _svg_text(svg)
    for post in state.posts.values():
        assert post.title in text or post.id in text
    assert state._repr_html_() is None
    change = next(t for t in cbp.transitions if t.changes)
    assert change._repr_svg_() is not None and change._repr_html_() is None


def test_without_graphviz_a_state_shows_a_table_and_says_what_to_install(
    cbp: api.History, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No `dot`: no SVG, and an HTML table of every post and holder with a note."""
    monkeypatch.setattr(notebook, "dot_available", lambda: False)
    state = cbp.state_at(DAY)
    assert state._repr_svg_() is None
    page = state._repr_html_()
    assert page is not None and "apt-get install graphviz" in page
    for post in state.posts.values():
        assert f"<td>{post.id}</td>" in page
    assert "Troy Miller" in page
    # Posts whose holder the sources do not name say so in words, as the charts do.
    assert "<td>holder not recorded</td>" in page and "not-recorded" not in page
    change = next(t for t in cbp.transitions if t.changes)
    assert change._repr_svg_() is None
    listed = change._repr_html_()
    assert listed is not None and listed.count("<li>") == len(change.changes)


def test_the_command_imports_only_the_front_door() -> None:
    """Every module of orgsim.cli imports orgsim.api (or orgsim.cli, or the version) and no
    other part of orgsim: whatever the command does, the library offers."""
    for path in sorted((ROOT / "orgsim" / "cli").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = (
                    [node.module]
                    if node.module != "orgsim"
                    else [f"orgsim.{a.name}" for a in node.names]
                )
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            for name in names:
                if name.startswith("orgsim"):
                    allowed = ("orgsim.api", "orgsim.cli", "orgsim.__version__")
                    assert name.startswith(allowed), f"{path.name} imports {name}"


_FLAG = re.compile(r"(^|[\s(`])--[a-z]")
_SPEAKERS = re.compile(r"(Error|Errors|fail|warn)$")


def _strings(node: ast.AST) -> list[str]:
    return [
        n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    ]


def test_library_errors_do_not_speak_of_the_commands_options() -> None:
    """Outside orgsim.cli (and the timing tools, which are commands of their own), no error or
    warning the library raises names a command-line option: a notebook has none."""
    skip = {"cli", "bench.py", "bench_render.py"}
    for path in sorted((ROOT / "orgsim").rglob("*.py")):
        if skip & set(path.relative_to(ROOT / "orgsim").parts):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if not _SPEAKERS.search(name):
                continue
            for text in _strings(node):
                assert not _FLAG.search(text), f"{path.name}:{node.lineno}: {text!r}"


@pytest.mark.exe
def test_the_library_runs_what_orgsim_run_runs(tmp_path: Path) -> None:
    """orgsim.run writes the same report folder as the command, and says the same about it."""
    from click.testing import CliRunner

    from orgsim.cli import cli

    report = orgsim.run(CBP, tmp_path / "lib", fmt="dot")
    result = CliRunner().invoke(
        cli, ["run", CBP, "--out", str(tmp_path / "cli"), "--format", "dot", "-q"]
    )
    assert result.exit_code == 0, result.output
    names = {p.relative_to(tmp_path / "lib") for p in (tmp_path / "lib").rglob("*")}
    assert names == {p.relative_to(tmp_path / "cli") for p in (tmp_path / "cli").rglob("*")}
    assert report.index == (tmp_path / "lib" / "index.html").resolve()
    assert report.ok and all(c.ok for c in report.run.checks)
    assert [b.page.name for b in report.branches] == [
        p.name for p in (tmp_path / "cli").glob("branch-*.html")
    ]


def test_the_library_validates_as_the_command_does(tmp_path: Path) -> None:
    """validate: a scenario per good file, every located problem for a bad one."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: x\ndate: 2024-02-30\n", encoding="utf-8")
    good, broken = orgsim.validate([CBP, bad])
    assert good.ok and good.scenario is not None and not good.problems
    assert not broken.ok and broken.scenario is None
    assert all(p.mark is not None and p.mark.file == str(bad) for p in broken.problems)


@pytest.mark.exe
def test_an_atlas_written_under_another_name_links_its_own_files(
    cbp: api.History, tmp_path: Path
) -> None:
    """A chart planned as an atlas and written to any file name: every link in every page
    names a page that was written."""
    plan = orgsim.chart(cbp, DAY, max_boxes=3)
    assert len(plan.pages) > 1
    written = plan.write(tmp_path / "whole.svg")
    assert written[0] == tmp_path / "whole.svg"
    names = {path.name for path in written}
    for path in written:
        links = re.findall(r'xlink:href="([^"#]+)"', path.read_text(encoding="utf-8"))
        assert set(links) <= names, (path.name, links)
    assert any(re.findall(r'xlink:href="([^"#]+)"', p.read_text()) for p in written)


def test_what_if_diff_and_depth_take_dates_as_text(cbp: api.History) -> None:
    """The questions orgsim.explore answers take ISO text as the dates themselves."""
    start, end = dt.date(2022, 11, 8), DAY
    assert api.diff(cbp, "2022-11-08", "2022-11-13") == api.diff(cbp, start, end)
    assert api.succession_depth(cbp, "2022-11-13") == api.succession_depth(cbp, end)
    loaded = orgsim.load(CBP)
    by_text = api.what_if(loaded, cbp, "2022-11-20", ["resign troy-miller"])
    by_date = api.what_if(loaded, cbp, dt.date(2022, 11, 20), ["resign troy-miller"])
    assert by_text.changes == by_date.changes


_LIFE = """\
title: A post added, then abolished
date: 2024-01-01
organizations:
  - {id: executive, name: Executive Branch}
  - {id: agency, name: Tiny Agency, parent: executive, executive_agency: true}
posts:
  - {id: president, title: President, organization: executive, appointment: elected}
  - {id: director, title: Director, organization: agency, reports_to: president}
  - {id: old-unit, title: Head of Old Unit, organization: agency, reports_to: director}
people:
  - {id: pat, name: Pat President}
holders:
  - {post: president, person: pat, since: 2021-01-20}
events:
  - {date: 2024-01-05, kind: add-post, post: {id: policy-head, title: Head of Policy,
     organization: agency, reports_to: director}}
  - {date: 2024-01-10, kind: abolish-post, post: old-unit}
  - {date: 2024-03-01, kind: abolish-post, post: policy-head}
"""


@pytest.mark.parametrize(
    ("post", "day", "when"),
    [
        ("policy-head", "2024-01-04", "added on 2024-01-05; abolished on 2024-03-01"),
        ("policy-head", "2024-03-01", "added on 2024-01-05; abolished on 2024-03-01"),
        ("old-unit", "2024-02-01", "it exists from the start, 2024-01-01; abolished on 2024-01-10"),
    ],
)
def test_a_post_asked_about_on_a_day_it_does_not_exist_says_when_it_does(
    tmp_path: Path, post: str, day: str, when: str
) -> None:
    """From a file (replayed only to that day), from a History, through who and succession,
    and through the command: the answer names when the post exists, not "unknown post"."""
    path = tmp_path / "life.yaml"
    path.write_text(_LIFE, encoding="utf-8")
    expected = f"post `{post}` does not exist on {day} ({when})"
    for source in (str(path), orgsim.replay(path)):
        for ask in (orgsim.who, orgsim.succession):
            with pytest.raises(UnknownPost) as caught:
                ask(source, post, day)
            assert str(caught.value).strip("'\"") == expected
    done = CliRunner().invoke(cli, ["who", str(path), post, "--at", day])
    assert done.exit_code == 2 and expected in done.output
    assert "orgsim list posts" not in done.output  # it would list the last day's posts
