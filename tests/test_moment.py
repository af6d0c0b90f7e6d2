"""Questions about one date replay only up to that date (`Moment`, what `who`, `succession` and
`chart --at` use) and give exactly the answers the whole history gives."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from strategies import histories, to_state

from orgsim import api
from orgsim.engine import History, Moment
from orgsim.engine.history import events_until
from orgsim.errors import EventError, QueryError
from orgsim.rules import Settings
from orgsim.scenario import Scenario, load_scenario, parse_scenario
from orgsim.synth import synthesize

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = sorted((ROOT / "scenarios").glob("*.yaml"))


def _assert_same_answers(
    history: History, moment: Moment, day: dt.date, posts: Iterable[str]
) -> None:
    assert moment.state_at(day) == history.state_at(day)
    assert moment.legal_at(day) == history.legal_at(day)
    for post in posts:
        assert moment.who(post, day) == history.who(post, day), (post, day)
        assert moment.succession(post, day) == history.succession(post, day), (post, day)


def _days_of(scenario: Scenario) -> list[dt.date]:
    """Every day an event or expectation names, the days either side, and a year on."""
    named = {scenario.initial.date, *(e.date for e in scenario.events)}
    named |= {x.at for x in scenario.expectations if x.at is not None}
    one = dt.timedelta(days=1)
    days = {d + k * one for d in named for k in (-1, 0, 1)} | {max(named) + 365 * one}
    return sorted(d for d in days if d >= scenario.initial.date)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_a_replay_up_to_a_day_answers_as_the_whole_history_on_the_shipped_scenarios(
    path: Path,
) -> None:
    """On every day the scenario names (and either side of it), for every post: the same
    holder, capacity, legal standing, line of succession, state and legal timeline."""
    scenario = load_scenario(path)
    history = api.replay_scenario(scenario)
    for day in _days_of(scenario):
        moment = api.replay_day(scenario, day)
        _assert_same_answers(history, moment, day, sorted(moment.state_at(day).posts.keys()))


def test_a_replay_up_to_a_day_answers_as_the_whole_history_on_a_synthetic_org() -> None:
    """On a generated organisation of 150 posts and 1,500 events, on days spread over it."""
    data = synthesize(posts=150, events=1500, seed=3)
    scenario = parse_scenario(json.dumps(data).encode(), "synthetic.json")
    history = api.replay_scenario(scenario)
    first, last = scenario.initial.date, scenario.events[-1].date
    span = (last - first).days
    for k in range(0, span + 40, max(1, span // 12)):
        day = first + dt.timedelta(days=k)
        moment = api.replay_day(scenario, day)
        _assert_same_answers(history, moment, day, sorted(moment.state_at(day).posts.keys()))


@settings(max_examples=60, deadline=None)
@given(histories(max_gap=90), st.integers(min_value=0, max_value=1500))
def test_a_replay_up_to_any_day_answers_as_the_whole_history(
    history_: tuple,  # type: ignore[type-arg]
    offset: int,
) -> None:
    """After any generated history (gaps long enough for acting limits to run out), on any
    day: the same answers, post by post."""
    spec, events, _ = history_
    initial = to_state(spec)
    try:
        history = History.run(initial, events, Settings())
    except EventError:
        assume(False)  # the generator's model does not follow limits running out
    day = initial.date + dt.timedelta(days=offset)
    moment = Moment(initial, events, Settings(), day=day)
    _assert_same_answers(history, moment, day, sorted(initial.posts.keys()))


def test_a_moment_answers_only_for_its_own_day() -> None:
    """Asked about another day, or a day before the scenario, it says so (no wrong answer)."""
    scenario = load_scenario(ROOT / "scenarios" / "cbp-2022.yaml")
    day = dt.date(2022, 11, 13)
    moment = api.replay_day(scenario, day)
    with pytest.raises(QueryError, match="stopped at the end of 2022-11-13"):
        moment.who("cbp-commissioner", day + dt.timedelta(days=1))
    with pytest.raises(QueryError, match="before the scenario begins"):
        api.replay_day(scenario, scenario.initial.date - dt.timedelta(days=1))


def test_only_the_events_up_to_the_day_are_replayed() -> None:
    """The events after the day are cut off before replaying (what makes an early question
    cheap on a long scenario)."""
    scenario = load_scenario(ROOT / "scenarios" / "cbp-2022.yaml")
    day = dt.date(2022, 11, 13)
    kept = events_until(scenario.events, day)
    assert all(e.date <= day for e in kept)
    assert all(e.date > day for e in scenario.events[len(kept) :])
    assert 0 < len(kept) < len(scenario.events)
