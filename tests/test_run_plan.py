"""`orgsim run` plans its charts by what they show before building any DOT text: the report is
the one drawing every chart directly gave, equal keys mean equal charts, and a big run says
what it will draw and how far it has got."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT
from hypothesis import given, settings
from strategies import histories, to_state

import orgsim.cli.run
import orgsim.render.report
from orgsim import api
from orgsim.api.running import sources_of
from orgsim.cli import cli
from orgsim.engine import replay
from orgsim.events import Transition
from orgsim.model import Person
from orgsim.render.atlas import DEFAULT_MAX_BOXES, atlas, context_posts, folded_units
from orgsim.render.dot import (
    ChartCache,
    ChartPlan,
    Highlight,
    change_chart,
    change_plan,
    transition_charts,
    transition_plans,
)
from orgsim.render.report import ATLAS_DIR, _touched, _Words, chart_stem
from orgsim.render.timeline import Lane, Period, timeline_image
from orgsim.rules import Settings
from orgsim.synth import synthesize

SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))


def reference_charts(
    transitions: Sequence[Transition],
    title: str,
    sources: Mapping[str, Mapping[str, str]],
    where: Mapping[str, tuple[str, str]],
    posts: Collection[str] | None = None,
    max_boxes: int = DEFAULT_MAX_BOXES,
) -> dict[str, str]:
    """Every chart file the report had before charts were planned: each transition's three
    charts built as DOT text, identical texts merged afterwards (the first names the file)."""
    files: dict[str, str] = {}
    seen: set[str] = set()
    for t in transitions:
        if not t.changes:
            continue
        words = _Words.of(t, title, sources)
        titles = (words.before, words.after)
        sizes = [
            len(s.posts) if posts is None else len(set(posts) & set(s.posts.keys()))
            for s in (t.before, t.after)
        ]
        if max_boxes <= 0 or max(sizes) <= max_boxes:
            before, after = transition_charts(t, posts=posts, titles=titles, credit=words.credit)
            change = change_chart(t, posts=posts, title=words.change, credit=words.credit)
        else:
            touched = _touched(t)
            if not touched:
                continue
            chosen = context_posts(t.before, touched, posts=posts, max_boxes=max_boxes)
            chosen |= context_posts(t.after, touched, posts=posts, max_boxes=max_boxes)
            units = tuple(
                folded_units(s, chosen, posts=posts, href=where.get) for s in (t.before, t.after)
            )
            before, after = transition_charts(
                t, posts=chosen, units=(units[0], units[1]), titles=titles, credit=words.credit
            )
            change = change_chart(
                t, posts=chosen, units=units[1], title=words.change, credit=words.credit
            )
        for source, role in zip(
            (before, after, change), ("before", "after", "change"), strict=True
        ):
            if source not in seen:
                seen.add(source)
                files[f"{chart_stem(t)}-{role}.dot"] = source
    return files


def where_of(transitions: Sequence[Transition], title: str) -> dict[str, tuple[str, str]]:
    """The atlas links a report's folded offices point to, as the report works them out."""
    final = transitions[-1].after
    pages = atlas(
        final,
        title=f"{title}: the organisation on {final.date.isoformat()}",
        suffix=".dot",
        legal=transitions[-1].legal,
    )
    return {
        office: (f"{ATLAS_DIR}/{page.stem}.dot", page.title)
        for page in pages
        for office in page.opens
    }


def charts_in(folder: Path) -> dict[str, str]:
    """The chart files at the top of a report folder (not the atlas's or the timelines')."""
    return {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.dot")}


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_a_shipped_scenarios_report_has_the_charts_drawing_each_directly_gave(
    tmp_path: Path, path: Path
) -> None:
    """For every shipped scenario the report folder (DOT format) holds exactly the chart files,
    byte for byte, that building every transition's charts and merging equal texts gave."""
    report = api.run(path, tmp_path / "out", fmt="dot")
    loaded, transitions = report.run.scenario, report.run.history.transitions
    expected = reference_charts(
        transitions, loaded.title, sources_of(loaded), where_of(transitions, loaded.title)
    )
    assert expected
    assert charts_in(tmp_path / "out") == expected


def test_a_synthetic_report_drawn_around_each_change_is_unchanged(tmp_path: Path) -> None:
    """Above --max-boxes (charts drawn around each change, offices folded and linked to the
    atlas) the report's charts are also those drawing each chart directly gave."""
    scenario = tmp_path / "s.json"
    scenario.write_text(json.dumps(synthesize(posts=150, events=120, seed=3)), encoding="utf-8")
    report = api.run(scenario, tmp_path / "out", fmt="dot")
    loaded, transitions = report.run.scenario, report.run.history.transitions
    expected = reference_charts(
        transitions, loaded.title, sources_of(loaded), where_of(transitions, loaded.title)
    )
    assert len(expected) > 100
    assert charts_in(tmp_path / "out") == expected


def plans_of(transitions: Sequence[Transition]) -> list[ChartPlan]:
    """Every chart a run could draw of these transitions, all with the same title, plus each
    state on its own: so that charts of states that look alike meet under one title."""
    plans: list[ChartPlan] = []
    for t in transitions:
        highlight = Highlight.from_transition(t)
        plans.extend(transition_plans(t, titles=("T", "T"), highlight=highlight))
        plans.append(change_plan(t, title="T", highlight=highlight))
        for state, legal in ((t.before, t.legal_before), (t.after, t.legal)):
            plans.append(ChartPlan(state, Highlight(), posts=None, title="T", legal=legal))
    return plans


@settings(max_examples=40, deadline=None)
@given(histories(max_events=10))
def test_charts_with_equal_keys_have_equal_text(history: tuple) -> None:  # type: ignore[type-arg]
    """Over any generated history, two charts with equal keys have equal DOT text, and drawing
    with a cache of boxes other charts drew gives the same text as drawing afresh."""
    spec, events, _ = history
    transitions = list(replay(to_state(spec), events, Settings()))
    cache = ChartCache()
    text_of: dict[object, str] = {}
    for plan in plans_of(transitions):
        text = plan.recipe()().source()
        assert plan.source(cache) == text
        assert text_of.setdefault(plan.key(), text) == text


def test_charts_of_the_same_picture_share_a_key_and_a_renamed_holder_does_not() -> None:
    """The key finds equal charts of different transitions (a state charted after one change
    and before the next), and tells apart a chart whose only difference is a holder's name."""
    transitions = api.prepare_run(ROOT / "scenarios" / "cbp-2022.yaml").history.transitions
    plans = plans_of(transitions)
    keys = [plan.key() for plan in plans]
    assert len(set(keys)) < len(keys)
    state = transitions[0].after
    tenure = next(iter(state.holdings.values()))
    person = state.people[tenure.person]
    renamed = state.but(people=state.people.set(person.id, Person(person.id, person.name + "x")))
    one = ChartPlan(state, Highlight(), posts=None, title="T")
    other = ChartPlan(renamed, Highlight(), posts=None, title="T")
    assert one.key() != other.key()
    assert one.source() != other.source()


def run_cli(*args: str) -> tuple[int, str]:
    """`orgsim run` in-process; its exit code and standard error (not a terminal)."""
    result = CliRunner().invoke(cli, ["run", *args], catch_exceptions=False)
    return result.exit_code, result.stderr


def test_a_big_run_says_what_it_will_draw_and_how_far_it_got(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On standard error that is not a terminal, a run of many charts says up front how many
    charts of how many boxes it will draw and prints plain progress lines; -q prints neither."""
    scenario = tmp_path / "s.json"
    scenario.write_text(json.dumps(synthesize(posts=150, events=120, seed=3)), encoding="utf-8")
    monkeypatch.setattr(orgsim.cli.run, "_EVERY", 0.0)
    monkeypatch.setattr(orgsim.render.report, "_TELL_EVERY", 0.0)
    code, err = run_cli(str(scenario), "--format", "dot", "--out", str(tmp_path / "o"))
    assert code == 0
    lines = err.splitlines()
    assert any(line.startswith("planning charts: ") for line in lines)
    assert any(re.fullmatch(r"drawn \d+ of \d+ charts", line) for line in lines)
    plan = [line for line in lines if re.match(r"drawing \d+ charts", line)]
    drawn = sum(1 for _ in (tmp_path / "o").rglob("*.dot"))  # the charts and the atlas
    assert len(plan) == 1
    assert plan[0].startswith(f"drawing {drawn} charts of ") and " boxes in all" in plan[0]
    assert re.fullmatch(r"writing index.html \(\d+ transitions\)", lines[-1])
    code, err = run_cli(str(scenario), "--format", "dot", "--out", str(tmp_path / "q"), "-q")
    assert code == 0
    assert "drawing" not in err


def test_a_small_run_says_nothing_more_than_before(tmp_path: Path) -> None:
    """The shipped scenarios draw few charts: no plan line, standard error stays empty."""
    code, err = run_cli(str(ROOT / "scenarios" / "cbp-2022.yaml"), "--out", str(tmp_path / "o"))
    assert code == 0
    assert err == ""


def test_a_long_timeline_draws_its_last_periods_and_says_so() -> None:
    """A post held by hundreds of people in turn (a long synthetic run) gets a timeline of its
    last 40 periods, titled as such, instead of minutes of unreadable bars; a short one is
    drawn whole under its own title."""
    start = dt.date(2000, 1, 1)
    periods = tuple(
        Period(
            start + dt.timedelta(days=10 * i),
            start + dt.timedelta(days=10 * i + 10),
            f"Holder {i}",
            "acting",
            ended_by="resigned",
        )
        for i in range(300)
    )
    end = start + dt.timedelta(days=3010)
    svg = timeline_image([Lane("Recorded holder", periods)], title="Post", end=end).decode()
    assert "Holder 299" in svg and "Holder 260" in svg
    assert "Holder 259<" not in svg and "Holder 0<" not in svg
    assert "the last 40 periods from 2007-02-13; 300 in all" in svg
    short = timeline_image([Lane("Recorded holder", periods[:5])], title="Post", end=end).decode()
    assert "Holder 0" in short and "in all" not in short
