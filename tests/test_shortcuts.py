"""Speed shortcuts change no result: with `orgsim.engine.cursor.SHORTCUTS` off, the replay
judges every post a change touches again; on, it skips the posts the law is silent on. Both
give the same transitions, and the rules' own account of when they are silent holds."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from strategies import histories, to_state

from orgsim import events as ev
from orgsim.engine import cursor, replay
from orgsim.model import State
from orgsim.rules import Settings, due_date, silent_on, standing, time_events
from orgsim.scenario import load_scenario, parse_scenario
from orgsim.synth import synthesize

ROOT = Path(__file__).resolve().parent.parent


def _both(
    initial: State, events: list[ev.Event], settings_: Settings, monkeypatch: pytest.MonkeyPatch
) -> tuple[list[ev.Transition], list[ev.Transition]]:
    monkeypatch.setattr(cursor, "SHORTCUTS", False)
    plain = list(replay(initial, events, settings_))
    monkeypatch.setattr(cursor, "SHORTCUTS", True)
    quick = list(replay(initial, events, settings_))
    return plain, quick


def _assert_same(plain: list[ev.Transition], quick: list[ev.Transition]) -> None:
    assert len(plain) == len(quick)
    for a, b in zip(plain, quick, strict=True):
        assert a == b  # event, states, changes, findings, place, legal timeline
        assert a.cursor.due == b.cursor.due and a.cursor.structure == b.cursor.structure


@pytest.mark.parametrize("name", ["cbp-2021.yaml", "cbp-2022.yaml", "blm-2019-2020.yaml"])
def test_shortcuts_change_nothing_on_the_shipped_scenarios(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real scenarios replay the same with the shortcuts off and on."""
    scenario = load_scenario(ROOT / "scenarios" / name)
    _assert_same(*_both(scenario.initial, list(scenario.events), scenario.settings, monkeypatch))


def test_shortcuts_change_nothing_on_a_synthetic_org(monkeypatch: pytest.MonkeyPatch) -> None:
    """A generated organisation, most of whose events change career posts' holders."""
    data = synthesize(posts=200, events=3000, seed=11)
    scenario = parse_scenario(json.dumps(data).encode(), "synthetic.json")
    _assert_same(*_both(scenario.initial, list(scenario.events), scenario.settings, monkeypatch))


@settings(max_examples=60, deadline=None)
@given(histories(max_gap=60))
def test_shortcuts_change_nothing_after_any_generated_history(history: tuple) -> None:  # type: ignore[type-arg]
    """Any generated history replays the same with the shortcuts off and on."""
    spec, events, _ = history
    initial = to_state(spec)
    with pytest.MonkeyPatch.context() as monkeypatch:
        _assert_same(*_both(initial, events, Settings(), monkeypatch))


def _states(initial: State, events: list[ev.Event]) -> Iterator[tuple[State, ev.Transition]]:
    for t in replay(initial, events, Settings()):
        yield t.after, t


@settings(max_examples=60, deadline=None)
@given(histories(max_gap=60))
def test_where_the_rules_say_they_are_silent_they_judge_nothing(history: tuple) -> None:  # type: ignore[type-arg]
    """Of a post `silent_on` names, in any state of any generated history: no standing, no
    day on which time changes it, nothing time brings."""
    spec, events, _ = history
    for state, t in _states(to_state(spec), events):
        for post in state.posts.keys():
            if not silent_on(state, post):
                continue
            day = state.date
            assert standing(state, t.legal, post, Settings(), day=day) is None
            assert due_date(state, t.legal, post, Settings(), after=day) is None
            assert time_events(state, t.legal, post, Settings(), day=day) == []
