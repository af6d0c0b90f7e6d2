"""The recorded timeline replayed without the rules (`replay_record`) says what the judged
replay's recorded timeline says, with the judged replay's assumptions (the law's answer where
the sources are silent) left out."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from strategies import histories, to_state

from orgsim import events as ev
from orgsim.engine import replay
from orgsim.engine.record import replay_record
from orgsim.errors import EventError
from orgsim.model import State
from orgsim.rules import Settings
from orgsim.scenario import load_scenario, parse_scenario
from orgsim.synth import synthesize

ROOT = Path(__file__).resolve().parent.parent


def _recorded(state: State, *, exact: bool) -> dict[str, Any]:
    """Everything the recorded state holds. Unless `exact`: the holders the law was assumed to
    seat left out, and what their leaving touches (who stepped down from filling in for a
    vacancy, delegations to them, which end when they leave)."""
    fields = {
        "date": state.date,
        "holdings": dict(state.holdings.items()),
        "vacancies": dict(state.vacancies.items()),
        "nominations": dict(state.nominations.items()),
        "orders": dict(state.orders.items()),
        "order_versions": dict(state.order_versions.items()),
        "delegations": dict(state.delegations.items()),
        "pending": dict(state.pending.items()),
        "awaiting_oath": dict(state.awaiting_oath.items()),
        "deceased": dict(state.deceased.items()),
        "acts": dict(state.acts.items()),
        "people": dict(state.people.items()),
        "posts": dict(state.posts.items()),
        "organizations": dict(state.organizations.items()),
    }
    if not exact:
        fields["holdings"] = {p: t for p, t in state.holdings.items() if not t.assumed}
        fields["vacancies"] = {
            p: attrs.evolve(v, declined=frozenset()) for p, v in state.vacancies.items()
        }
        del fields["delegations"]
    return fields


def _assert_record_agrees(initial: State, events: list[ev.Event], settings_: Settings) -> None:
    """After each scenario event, and for each resignation taking effect, the two replays'
    recorded states agree: exactly while the judged replay has assumed nothing, and with its
    assumptions left out after."""
    judged: list[tuple[ev.Transition, bool]] = []  # each recorded step, and whether the law
    assumed = False  # had been assumed to seat anyone by then
    for t in replay(initial, events, settings_):
        assumed = assumed or t.event.timeline == "assumed"
        if t.event.timeline == "recorded":
            judged.append((t, assumed))
    alone = list(replay_record(initial, events))
    assert [(t.event, t.index) for t in alone] == [(t.event, t.index) for t, _ in judged]
    for mine, (theirs, assumed_yet) in zip(alone, judged, strict=True):
        exact = not assumed_yet
        assert _recorded(mine.after, exact=exact) == _recorded(theirs.after, exact=exact), (
            mine.event
        )
        assert mine.findings == ()


@pytest.mark.parametrize("name", ["cbp-2021.yaml", "cbp-2022.yaml", "blm-2019-2020.yaml"])
def test_the_record_alone_agrees_with_the_judged_replay_on_the_shipped_scenarios(
    name: str,
) -> None:
    """The real scenarios: every recorded step, the same recorded state."""
    scenario = load_scenario(ROOT / "scenarios" / name)
    _assert_record_agrees(scenario.initial, list(scenario.events), scenario.settings)


def test_the_record_alone_agrees_with_the_judged_replay_on_a_synthetic_org() -> None:
    """A generated organisation with every kind of event synth writes."""
    data = synthesize(posts=200, events=3000, seed=7)
    scenario = parse_scenario(json.dumps(data).encode(), "synthetic.json")
    _assert_record_agrees(scenario.initial, list(scenario.events), scenario.settings)


@settings(max_examples=80, deadline=None)
@given(histories(max_gap=60))
def test_the_record_alone_agrees_after_any_generated_history(history: tuple) -> None:  # type: ignore[type-arg]
    """After any generated history the two agree; where the record alone refuses an event,
    it is one about a holder only the law seated (which the record alone cannot know)."""
    spec, events, _ = history
    initial = to_state(spec)
    try:
        judged = list(replay(initial, events, Settings()))
    except EventError:
        return  # not a history the engine accepts at all
    try:
        _assert_record_agrees(initial, events, Settings())
    except EventError as err:
        assert err.index is not None
        event = events[err.index]
        before = next(t.before for t in judged if t.index == err.index)
        holder = before.holdings.get(getattr(event, "post", ""))
        assert holder is not None and holder.assumed, (event, err)
