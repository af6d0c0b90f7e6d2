"""The engine's indexes (due dates, which acting service rests on which post, which posts
depend on which), kept beside the states, always say what a full recomputation from the
recorded state and the legal timeline would say."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from strategies import histories, to_state

from orgsim.engine import Cursor, replay
from orgsim.events import Transition
from orgsim.model import Capacity
from orgsim.rules import Settings, due_date
from orgsim.scenario import load_scenario, parse_scenario
from orgsim.synth import synthesize

ROOT = Path(__file__).resolve().parent.parent


def _assert_indexes_agree(t: Transition, settings_: Settings) -> None:
    state, legal, cursor = t.after, t.legal, t.cursor
    fresh = Cursor.of(state, legal)
    assert cursor.structure == fresh.structure
    assert cursor.resting == fresh.resting
    assert cursor.basis == fresh.basis
    watched = (
        set(state.vacancies.keys())
        | set(state.pending.keys())
        | {p for p, h in state.holdings.items() if h.capacity is Capacity.RECESS}
    )
    days = {p: due_date(state, legal, p, settings_, after=state.date) for p in watched}
    expected = {p: d for p, d in days.items() if d is not None}
    assert dict(cursor.due.table.items()) == expected
    first = min(((d, p) for p, d in expected.items()), default=None)
    assert cursor.due.first == first


@pytest.mark.parametrize("name", ["cbp-2021.yaml", "cbp-2022.yaml"])
def test_indexes_agree_after_every_transition_of_the_cbp_scenarios(name: str) -> None:
    """Along the real scenarios, every state's indexes match a recomputation."""
    scenario = load_scenario(ROOT / "scenarios" / name)
    for t in replay(scenario.initial, scenario.events, scenario.settings):
        _assert_indexes_agree(t, scenario.settings)


def test_indexes_agree_along_a_synthetic_history() -> None:
    """On a generated organisation with resignations, nominations and appointments."""
    data = synthesize(posts=120, events=1500, seed=5)
    scenario = parse_scenario(json.dumps(data).encode(), "synthetic.json")
    for t in replay(scenario.initial, scenario.events, scenario.settings):
        _assert_indexes_agree(t, scenario.settings)


@settings(max_examples=60, deadline=None)
@given(histories())
def test_indexes_agree_after_any_generated_history(history: tuple) -> None:  # type: ignore[type-arg]
    """After any generated sequence of events the indexes are exact."""
    spec, events, _ = history
    state = to_state(spec)
    for t in replay(state, events, Settings()):
        _assert_indexes_agree(t, Settings())
