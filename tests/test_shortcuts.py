"""Speed shortcuts change no result: with `orgsim.engine.cursor.SHORTCUTS` off, the replay
judges every post a change touches again; on, it skips the posts the law is silent on. Both
give the same transitions, and the rules' own account of when they are silent holds."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import histories, to_state

from orgsim import events as ev
from orgsim.engine import History, cursor, replay
from orgsim.engine.history import holding_at
from orgsim.errors import UnknownPost
from orgsim.model import Lawfulness, Standing, State
from orgsim.rules import Settings, derive, due_date, silent_on, standing, time_events
from orgsim.scenario import load_scenario, parse_scenario
from orgsim.synth import synthesize

ROOT = Path(__file__).resolve().parent.parent
replay_module = sys.modules["orgsim.engine.replay"]  # the module (the package exports `replay`)


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


def _plain_act_id(event: ev.Event, state: State) -> str:
    """The act id as the engine first wrote it, with getattr and join: the reference."""
    given = getattr(event, "id", None)
    if isinstance(given, str):
        return given
    if isinstance(event, (ev.AssumeActing, ev.ActingByLaw, ev.Retitle)):
        return f"seat:{event.post}:{event.person}:{event.date.isoformat()}"
    about = ":".join(
        str(v) for v in (getattr(event, "post", None), getattr(event, "person", None)) if v
    )
    base = f"{event.kind}@{event.date.isoformat()}" + (f":{about}" if about else "")
    if base not in state.acts:
        return base
    n = 2
    while f"{base}#{n}" in state.acts:
        n += 1
    return f"{base}#{n}"


def test_act_ids_are_made_as_the_plain_code_makes_them() -> None:
    """The engine's quicker act ids (fields looked up once per class) equal the plain ones
    for every event, recorded and derived, of a synthetic history and the shipped ones."""
    cases = [load_scenario(ROOT / "scenarios" / n) for n in ("cbp-2022.yaml", "blm-2019-2020.yaml")]
    data = synthesize(posts=120, events=2000, seed=13)
    cases.append(parse_scenario(json.dumps(data).encode(), "synthetic.json"))
    seen: set[str] = set()
    for scenario in cases:
        for t in replay(scenario.initial, scenario.events, scenario.settings):
            assert replay_module._act_id(t.event, t.before) == _plain_act_id(t.event, t.before)
            seen.add(t.event.kind)
    assert {"add-person", "acting-by-law", "note", "issue-order", "death"} <= seen


_DAYS = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2020, 1, 4))
_NAMES = st.none() | st.sampled_from(["ana", "bo"])
_STANDINGS = st.builds(
    Standing,
    post=st.sampled_from(["p1", "p2"]),
    since=_DAYS,
    status=st.none() | st.sampled_from(list(Lawfulness)),
    lawful=_NAMES,
    determined=st.booleans(),
    provision=st.sampled_from(["", "5 U.S.C. 3345(a)(1)"]),
    until=st.none() | _DAYS,
    holder=_NAMES,
    acting=st.booleans(),
)


@settings(max_examples=300, deadline=None)
@given(_STANDINGS, _STANDINGS, st.booleans())
def test_judgements_compare_as_evolve_would(a: Standing, b: Standing, same_day: bool) -> None:
    """Two judgements say the same thing (the day aside) exactly when `evolve` says so."""
    if same_day:
        b = attrs.evolve(a, since=b.since)
    expected = a == attrs.evolve(b, since=a.since)
    assert derive._same(a, b) is expected
    assert derive._same(None, b) is False and derive._same(None, None) is True


def _assert_who_by_post_is_who_by_point(history: History, days: list[dt.date]) -> None:
    known = {p for t in history.transitions for p in t.after.posts.keys()}
    posts = [*sorted(known | set(history.initial.posts.keys())), "no-such-post"]
    for day in days:
        point = history._point(day)
        for post in posts:
            if post not in point.state.posts:  # not yet, no longer, or never a post
                with pytest.raises(UnknownPost):
                    history.who(post, day)
                continue
            expected = holding_at(point, post, day, history._names, {})
            assert history.who(post, day) == expected, (post, day)


def _days_around(history: History) -> list[dt.date]:
    named = {history.initial.date, *(t.event.date for t in history.transitions)}
    one = dt.timedelta(days=1)
    days = {d + k * one for d in named for k in (-1, 0, 1)} | {max(named) + 400 * one}
    return sorted(d for d in days if d >= history.initial.date)


@pytest.mark.parametrize("name", ["cbp-2021.yaml", "cbp-2022.yaml", "blm-2019-2020.yaml"])
def test_who_from_each_posts_own_index_is_who_from_the_point_on_the_shipped_scenarios(
    name: str,
) -> None:
    """`History.who` reads a post's own short index; the answer is the one the point at the
    end of the day gives, on every day the scenario names and either side of it."""
    scenario = load_scenario(ROOT / "scenarios" / name)
    history = History.run(scenario.initial, scenario.events, scenario.settings)
    _assert_who_by_post_is_who_by_point(history, _days_around(history))


def test_who_from_each_posts_own_index_is_who_from_the_point_on_a_synthetic_org() -> None:
    """On a generated organisation (every kind of event synth writes), on sampled days."""
    data = synthesize(posts=80, events=1500, seed=17)
    scenario = parse_scenario(json.dumps(data).encode(), "synthetic.json")
    history = History.run(scenario.initial, scenario.events, scenario.settings)
    _assert_who_by_post_is_who_by_point(history, _days_around(history)[::7])


@settings(max_examples=60, deadline=None)
@given(histories(max_gap=90))
def test_who_from_each_posts_own_index_is_who_from_the_point_after_any_history(
    history_: tuple,  # type: ignore[type-arg]
) -> None:
    """After any generated history (long gaps: limits run out), on every day around it."""
    spec, events, _ = history_
    history = History.run(to_state(spec), events, Settings())
    _assert_who_by_post_is_who_by_point(history, _days_around(history))
