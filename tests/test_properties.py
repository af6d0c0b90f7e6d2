"""Properties of the engine over generated organisations and histories (Hypothesis)."""

from __future__ import annotations

import re
from collections import Counter

from conftest import MINI_YAML
from hypothesis import HealthCheck, given, settings
from strategies import (
    Model,
    OrgSpec,
    broken_scenario_bytes,
    histories,
    org_specs,
    to_state,
    to_yaml,
)

from orgsim import api
from orgsim import events as ev
from orgsim.engine import replay
from orgsim.errors import ScenarioErrors
from orgsim.model import Appointment, State
from orgsim.rules import Settings
from orgsim.scenario import parse_scenario

LOCATED = re.compile(r"^damaged\.yaml:[1-9]\d*:[1-9]\d*: \S")
FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

History = tuple[OrgSpec, list[ev.Event], Model]


def transitions(spec: OrgSpec, events: list[ev.Event]) -> list[ev.Transition]:
    """Replay the events over the generated organisation."""
    return list(replay(to_state(spec), events, Settings()))


def final(spec: OrgSpec, ts: list[ev.Transition]) -> State:
    """The state after the last transition (the initial one when there is none)."""
    return ts[-1].after if ts else to_state(spec)


@FAST
@given(histories())
def test_every_post_has_at_most_one_holder_after_any_history(history: History) -> None:
    """Each holding is keyed by its own post; no person appears twice in one post; every holder
    and post is known."""
    spec, events, _ = history
    for t in transitions(spec, events):
        state = t.after
        for post_id, tenure in state.holdings.items():
            assert tenure.post == post_id
            assert post_id in state.posts
            assert tenure.person in state.people
        pairs = Counter((t.post, t.person) for t in state.holdings.values())
        assert max(pairs.values(), default=1) == 1
        for person in state.people:
            held = [t.post for t in state.held_by(person)]
            assert len(held) == len(set(held))


@FAST
@given(histories())
def test_a_vacated_office_with_an_available_first_assistant_is_filled_the_same_day(
    history: History,
) -> None:
    """At the end of every day, a Senate-confirmed post the record leaves empty, whose first
    assistant's post someone holds (not just acts in) who did not just leave the office, has
    that person acting by operation of law, marked as an assumption (nothing in these
    histories reports who took over)."""
    spec, events, _ = history
    ts = transitions(spec, events)
    ends = {t.event.date: t.after for t in ts}  # the state at the end of each day
    for day, state in ends.items():
        for post_id, vacancy in state.vacancies.items():
            post = state.posts[post_id]
            if post.appointment is not Appointment.PAS:
                continue
            fa = state.holder(post.first_assistant) if post.first_assistant else None
            if fa is None or fa.capacity.is_temporary or fa.person == vacancy.previous_holder:
                continue
            tenure = state.holder(post_id)
            assert tenure is not None, f"{post_id} left empty on {day} though {fa.person} could act"
            assert tenure.person == fa.person and tenure.capacity == "acting"
            assert tenure.assumed and tenure.route == "first-assistant"


@FAST
@given(histories())
def test_the_engine_agrees_with_a_simple_model_of_who_holds_what(history: History) -> None:
    """After any valid history, each post's holder and capacity are what the reference model
    (who resigned, who was appointed, sworn in, and the first assistant acting) says."""
    spec, events, model = history
    state = final(spec, transitions(spec, events))
    engine = {post: (t.person, t.capacity) for post, t in state.holdings.items()}
    assert engine == model.holds


@FAST
@given(histories())
def test_replay_is_deterministic(history: History) -> None:
    """Replaying the same events from equal states twice gives equal transitions."""
    spec, events, _ = history
    assert transitions(spec, events) == transitions(spec, events)


@FAST
@given(histories(), org_specs())
def test_replaying_a_prefix_then_the_rest_ends_in_the_same_state(
    history: History, _: OrgSpec
) -> None:
    """For every cut between two days, replaying events[:k] and then events[k:] from its end
    (its recorded state and its legal timeline) gives the same states, recorded and legal.
    (A day is the unit the rules settle: a cut inside one would settle it twice.)"""
    spec, events, _model = history
    ts = transitions(spec, events)
    whole = final(spec, ts)
    whole_legal = ts[-1].legal if ts else None
    for k in range(len(events) + 1):
        if 0 < k < len(events) and events[k - 1].date == events[k].date:
            continue
        head = list(replay(to_state(spec), events[:k], Settings()))
        middle = head[-1].after if head else to_state(spec)
        legal = head[-1].legal if head else None
        tail = list(replay(middle, events[k:], Settings(), legal=legal))
        assert (tail[-1].after if tail else middle) == whole
        end_legal = tail[-1].legal if tail else legal
        if whole_legal is not None and end_legal is not None:
            assert end_legal == whole_legal


@FAST
@given(histories())
def test_replay_leaves_the_initial_state_unchanged(history: History) -> None:
    """The initial state equals a freshly built one after the replay."""
    spec, events, _ = history
    initial = to_state(spec)
    transitions_ = list(replay(initial, events, Settings()))
    assert initial == to_state(spec)
    if transitions_:
        assert transitions_[0].before.holdings == initial.holdings


@FAST
@given(histories())
def test_a_generated_scenario_file_loads_to_the_same_organisation_and_events(
    history: History,
) -> None:
    """Written as YAML and loaded, the organisation, holders and events are the ones generated,
    and replaying the file gives the same holders as replaying the hand-built state."""
    spec, events, model = history
    scenario = parse_scenario(to_yaml(spec, events).encode("utf-8"), "generated.yaml")
    built = to_state(spec)
    loaded = scenario.initial
    assert loaded.posts == built.posts
    assert loaded.people == built.people
    assert loaded.organizations == built.organizations
    assert {p: (t.person, t.capacity) for p, t in loaded.holdings.items()} == {
        p: (t.person, t.capacity) for p, t in built.holdings.items()
    }
    assert set(loaded.vacancies.keys()) == set(built.vacancies.keys())
    assert list(scenario.events) == events
    history_ = api.replay_scenario(scenario)
    assert {p: (t.person, t.capacity) for p, t in history_.final.holdings.items()} == model.holds


@settings(max_examples=200, deadline=None)
@given(broken_scenario_bytes(MINI_YAML))
def test_any_damaged_scenario_gives_a_result_or_a_clean_error(data: bytes) -> None:
    """Cut, splice or corrupt a valid file: loading and replaying either works or raises
    ScenarioErrors, whose every line is located as FILE:LINE:COL: message."""
    try:
        scenario = parse_scenario(data, "damaged.yaml")
        api.replay_scenario(scenario)
    except ScenarioErrors as err:
        assert err.errors
        for error in err.errors:
            text = str(error)
            assert "\n" not in text, f"a problem takes one line: {text!r}"
            assert LOCATED.match(text), text
