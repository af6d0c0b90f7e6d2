"""The engine's indexes (due dates, which acting service rests on which post, which posts
depend on which) always say what a full recomputation from the state would say."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from strategies import histories, to_state

from orgsim.engine import replay
from orgsim.model import State
from orgsim.rules import Settings, index_due
from orgsim.scenario import load_scenario, parse_scenario
from orgsim.synth import synthesize

ROOT = Path(__file__).resolve().parent.parent


def _assert_indexes_agree(state: State, settings_: Settings) -> None:
    fresh = state.but(due=None, resting=None, dependents=None).with_indexes()
    assert state.resting == fresh.resting
    assert state.dependents == fresh.dependents
    assert state.due is not None
    assert state.due.table == index_due(state, settings_).table
    assert state.due.first == index_due(state, settings_).first


@pytest.mark.parametrize("name", ["cbp-2021.yaml", "cbp-2022.yaml"])
def test_indexes_agree_after_every_transition_of_the_cbp_scenarios(name: str) -> None:
    """Along the real scenarios, every state's indexes match a recomputation."""
    scenario = load_scenario(ROOT / "scenarios" / name)
    for t in replay(scenario.initial, scenario.events, scenario.settings):
        _assert_indexes_agree(t.after, scenario.settings)


def test_indexes_agree_along_a_synthetic_history() -> None:
    """On a generated organisation with resignations, nominations and appointments."""
    data = synthesize(posts=120, events=1500, seed=5)
    scenario = parse_scenario(json.dumps(data).encode(), "synthetic.json")
    for t in replay(scenario.initial, scenario.events, scenario.settings):
        _assert_indexes_agree(t.after, scenario.settings)


@settings(max_examples=60, deadline=None)
@given(histories())
def test_indexes_agree_after_any_generated_history(history: tuple) -> None:  # type: ignore[type-arg]
    """After any generated sequence of events the indexes are exact."""
    spec, events, _ = history
    state = to_state(spec)
    for t in replay(state, events, Settings()):
        _assert_indexes_agree(t.after, Settings())
