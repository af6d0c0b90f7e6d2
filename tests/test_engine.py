"""The engine: applying events to small states, the transitions the rules derive, purity,
determinism, and the date look-ups of a replayed history."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
from conftest import CBP

from orgsim import events as ev
from orgsim.engine import History, replay
from orgsim.errors import EventError, OrgsimError
from orgsim.model import Capacity, ChangeKind, Lawfulness, Level, State
from orgsim.rules import Settings
from orgsim.scenario import Scenario, load_scenario

D1 = dt.date(2024, 2, 1)
D2 = dt.date(2024, 2, 2)
D3 = dt.date(2024, 2, 10)
D4 = dt.date(2024, 2, 20)


def run(initial: State, *events: ev.Event, until: dt.date | None = None) -> list[ev.Transition]:
    """Every transition of replaying the events from the initial state."""
    return list(replay(initial, list(events), Settings(), until=until))


def derived_acting(transitions: list[ev.Transition], post: str) -> list[ev.Transition]:
    """The assumptions that make someone acting in `post` (the law's answer where nothing
    reports who took over)."""
    return [
        t
        for t in transitions
        if t.derived and isinstance(t.event, ev.ActingByLaw) and t.event.post == post
    ]


# --- vacancies and the first assistant ----------------------------------------------------


def test_resigning_a_senate_confirmed_post_makes_its_first_assistant_acting_that_day(
    mini: Scenario,
) -> None:
    """The Administrator resigns and nothing reports who took over: at the end of the day the
    Deputy Administrator is assumed to act under 3345(a)(1), marked as an assumption."""
    ts = run(mini.initial, ev.Resign(date=D1, post="administrator", person="alex"))
    acting = derived_acting(ts, "administrator")
    assert len(acting) == 1
    t = acting[0]
    assert isinstance(t.event, ev.ActingByLaw)  # derived_acting keeps only these; narrows
    assert t.derived is True and t.index is None and t.timeline == "assumed"
    assert t.event.date == D1
    assert t.event.person == "drew"
    assert "3345(a)(1)" in t.event.citation
    tenure = t.after.holder("administrator")
    assert tenure is not None
    assert (tenure.person, tenure.capacity, tenure.start) == ("drew", Capacity.ACTING, D1)
    assert tenure.assumed and tenure.basis == "by operation of law; not reported"
    judged = t.legal.standing("administrator")
    assert judged is not None and judged.status is Lawfulness.LAWFUL
    assert "3345(a)(1)" in judged.provision and judged.lawful == "drew"
    # The deputy keeps the deputy's post as well.
    assert t.after.holder("deputy-administrator").person == "drew"  # type: ignore[union-attr]


def test_the_resignation_itself_is_not_derived_and_opens_a_vacancy(mini: Scenario) -> None:
    """The scenario's own event comes first, not derived, and records who left."""
    ts = run(mini.initial, ev.Resign(date=D1, post="administrator", person="alex"))
    first = ts[0]
    assert first.derived is False and first.index == 0
    kinds = {(c.kind, c.post, c.person) for c in first.changes}
    assert (ChangeKind.LEFT, "administrator", "alex") in kinds
    assert (ChangeKind.VACATED, "administrator", None) in kinds
    vacancy = ts[-1].after.vacancies["administrator"]
    assert vacancy.since == D1 and vacancy.previous_holder == "alex"


def test_a_resignation_effective_later_takes_effect_on_that_date(mini: Scenario) -> None:
    """Tendered on D1, effective D3: Alex serves until D3, then the rules end his tenure."""
    ts = run(
        mini.initial,
        ev.Resign(date=D1, post="administrator", person="alex", effective=D3),
        ev.Note(date=D4, text="later"),
    )
    tendered = ts[0]
    assert tendered.after.holder("administrator").person == "alex"  # type: ignore[union-attr]
    assert [c.kind for c in tendered.changes] == [ChangeKind.RESIGNATION_TENDERED]
    effective = [t for t in ts if isinstance(t.event, ev.ResignationTakesEffect)]
    assert len(effective) == 1
    assert effective[0].derived is True
    assert effective[0].event.date == D3
    assert effective[0].after.holder("administrator") is None
    end_of_d3 = [t for t in ts if t.event.date == D3][-1].after
    assert end_of_d3.holder("administrator").person == "drew"  # type: ignore[union-attr]
    acting = derived_acting(ts, "administrator")
    assert [t.event.date for t in acting] == [D3]


def test_a_later_resignation_takes_effect_when_the_clock_runs_past_it(mini: Scenario) -> None:
    """With no later event, asking the history about a later day still applies it."""
    history = History.run(
        mini.initial, [ev.Resign(date=D1, post="administrator", person="alex", effective=D3)]
    )
    assert history.who("administrator", D3 - dt.timedelta(days=1)).holder == "alex"
    after = history.who("administrator", D3)
    assert (after.holder, after.capacity, after.since) == ("drew", "acting", D3)


def test_a_resignation_cannot_take_effect_before_it_is_made(mini: Scenario) -> None:
    """An `effective` date before the event date is an input error."""
    with pytest.raises(EventError):
        run(mini.initial, ev.Resign(date=D3, post="administrator", person="alex", effective=D1))


def test_no_acting_officer_when_the_first_assistant_post_is_vacant(mini: Scenario) -> None:
    """The deputy leaves first; when the Administrator resigns nobody may act; a finding says so."""
    ts = run(
        mini.initial,
        ev.Resign(date=D1, post="deputy-administrator", person="drew"),
        ev.Resign(date=D2, post="administrator", person="alex"),
    )
    assert derived_acting(ts, "administrator") == []
    assert ts[-1].after.holder("administrator") is None
    rules = [f.rule for t in ts for f in t.findings]
    assert "no-acting-officer" in rules


# --- removal authority ---------------------------------------------------------------------


def test_request_to_resign_by_the_secretary_notes_she_cannot_remove(mini: Scenario) -> None:
    """The Secretary may ask, but the finding says removal is not hers, with a citation."""
    ts = run(mini.initial, ev.RequestResignation(date=D1, post="administrator", by="sam"))
    assert len(ts) == 1
    (finding,) = ts[0].findings
    assert finding.rule == "removal-authority"
    assert finding.citation.strip() != ""
    assert "art. II" in finding.citation
    assert finding.post == "administrator" and finding.person == "alex"
    assert "President" in finding.message
    assert ts[0].after == ts[0].before


def test_request_to_resign_by_the_president_needs_no_finding(mini: Scenario) -> None:
    """The President has the power to remove, so there is nothing to remark."""
    ts = run(mini.initial, ev.RequestResignation(date=D1, post="administrator", by="pat"))
    assert [f.rule for f in ts[0].findings if f.rule == "removal-authority"] == []


def test_removal_by_someone_without_the_power_is_recorded_and_judged_naming_the_president(
    mini: Scenario,
) -> None:
    """The Secretary cannot remove a Senate-confirmed officer. If the record says she did,
    the removal is recorded as it happened and a violation says who could have."""
    ts = run(mini.initial, ev.Remove(date=D1, post="administrator", person="alex", by="sam"))
    assert "administrator" in ts[0].after.vacancies
    assert ts[0].after.vacancies["administrator"].previous_holder == "alex"
    (finding,) = [f for f in ts[0].findings if f.rule == "removal-without-authority"]
    assert finding.level is Level.VIOLATION and "President" in finding.message


def test_removal_by_the_president_vacates_the_post_and_the_deputy_acts(mini: Scenario) -> None:
    """The President removes the Administrator; the vacancy is a removal and the deputy acts."""
    ts = run(mini.initial, ev.Remove(date=D1, post="administrator", person="alex", by="pat"))
    final = ts[-1].after
    assert final.vacancies["administrator"].reason == "removal"
    assert final.holder("administrator").person == "drew"  # type: ignore[union-attr]
    assert len(derived_acting(ts, "administrator")) == 1


def test_the_elected_president_cannot_be_removed_by_anyone(mini: Scenario) -> None:
    """Not even the President's own act removes an elected office's holder: a recorded
    removal is a violation."""
    ts = run(mini.initial, ev.Remove(date=D1, post="president", person="pat", by="pat"))
    assert any(f.rule == "removal-without-authority" for f in ts[0].findings)


# --- impossible events ----------------------------------------------------------------------


def test_resigning_a_post_one_does_not_hold_is_an_error(mini: Scenario) -> None:
    """Sam is the Secretary, not the Administrator."""
    with pytest.raises(EventError) as caught:
        run(mini.initial, ev.Resign(date=D1, post="administrator", person="sam"))
    assert "does not serve" in str(caught.value)


def test_resigning_twice_is_an_error(mini: Scenario) -> None:
    """After the first resignation the second one meets a post Alex no longer holds."""
    with pytest.raises(EventError) as caught:
        run(
            mini.initial,
            ev.Resign(date=D1, post="administrator", person="alex"),
            ev.Resign(date=D2, post="administrator", person="alex"),
        )
    assert caught.value.index == 1


def test_confirmation_without_a_nomination_is_an_error(mini: Scenario) -> None:
    """The Senate cannot confirm someone the President never nominated."""
    with pytest.raises(EventError) as caught:
        run(mini.initial, ev.Confirm(date=D1, post="administrator", person="nia"))
    assert "nomination" in str(caught.value)


def test_swearing_in_without_confirmation_is_an_error(mini: Scenario) -> None:
    """A nominee who is not yet confirmed cannot take the oath."""
    with pytest.raises(EventError):
        run(
            mini.initial,
            ev.Resign(date=D1, post="administrator", person="alex"),
            ev.Nominate(date=D2, post="administrator", person="nia"),
            ev.SwearIn(date=D3, post="administrator", person="nia"),
        )


def test_events_about_unknown_people_are_errors(mini: Scenario) -> None:
    """A person the state does not know cannot be appointed."""
    with pytest.raises(EventError):
        run(mini.initial, ev.Appoint(date=D1, post="clerk", person="stranger"))


def test_events_out_of_date_order_are_refused(mini: Scenario) -> None:
    """Replay refuses an event dated before the one it follows."""
    with pytest.raises(EventError) as caught:
        run(mini.initial, ev.Note(date=D3, text="a"), ev.Note(date=D1, text="b"))
    assert caught.value.index == 1


# --- nominations ------------------------------------------------------------------------------


def test_nominate_confirm_swear_in_fills_the_post_and_ends_the_vacancy(mini: Scenario) -> None:
    """Nia is nominated, confirmed and sworn in: she holds the post, confirmed; nobody acts."""
    ts = run(
        mini.initial,
        ev.Resign(date=D1, post="administrator", person="alex"),
        ev.Nominate(date=D2, post="administrator", person="nia"),
        ev.Confirm(date=D3, post="administrator", person="nia", yeas=60, nays=40),
        ev.SwearIn(date=D4, post="administrator", person="nia"),
    )
    confirmed_only = next(t for t in ts if isinstance(t.event, ev.Confirm)).after
    assert confirmed_only.holder("administrator").person == "drew"  # type: ignore[union-attr]
    final = ts[-1].after
    tenure = final.holder("administrator")
    assert tenure is not None
    assert (tenure.person, tenure.capacity, tenure.start) == ("nia", Capacity.CONFIRMED, D4)
    assert "administrator" not in final.vacancies
    assert "administrator" not in final.nominations
    assert "administrator" not in final.awaiting_oath
    swear = ts[-1]
    kinds = {(c.kind, c.person) for c in swear.changes}
    assert (ChangeKind.LEFT, "drew") in kinds and (ChangeKind.ARRIVED, "nia") in kinds
    # Drew goes back to being only the deputy.
    assert [t.post for t in final.held_by("drew")] == ["deputy-administrator"]


def test_nominating_someone_to_a_post_that_is_not_senate_confirmed_is_an_error(
    mini: Scenario,
) -> None:
    """Nobody is nominated to a career post."""
    with pytest.raises(EventError):
        run(mini.initial, ev.Nominate(date=D1, post="clerk", person="nia"))


def test_only_the_president_nominates(mini: Scenario) -> None:
    """A nomination the record says the Secretary made is recorded, has no force (a
    violation says so) and does not run the clock: after 210 days nobody may act."""
    ts = run(
        mini.initial,
        ev.Resign(date=D1, post="administrator", person="alex"),
        ev.Nominate(date=D2, post="administrator", person="nia", by="sam"),
        until=D1 + dt.timedelta(days=230),
    )
    nominate = next(t for t in ts if isinstance(t.event, ev.Nominate))
    assert [f.rule for f in nominate.findings] == ["nomination-not-by-president"]
    assert len(nominate.after.nominations["administrator"]) == 1
    judged = ts[-1].legal.standing("administrator")
    assert judged is not None and judged.lawful is None and judged.determined


def test_a_failed_nomination_is_recorded_with_its_date(mini: Scenario) -> None:
    """The withdrawn nomination stays in the record with outcome and date."""
    ts = run(
        mini.initial,
        ev.Resign(date=D1, post="administrator", person="alex"),
        ev.Nominate(date=D2, post="administrator", person="nia"),
        ev.WithdrawNomination(date=D3, post="administrator", person="nia"),
    )
    (nomination,) = ts[-1].after.nominations["administrator"]
    assert nomination.outcome == "withdrawn" and nomination.outcome_date == D3
    assert any(f.rule == "nomination-failed" for f in ts[-1].findings)


# --- narrative events and purity --------------------------------------------------------------


@pytest.mark.parametrize(
    "event",
    [
        ev.Travel(date=D1, person="alex", place="El Paso"),
        ev.Meeting(date=D1, people=("sam", "alex"), subject="confidence"),
        ev.Note(date=D1, text="a remark"),
        ev.Refuse(date=D1, post="administrator", person="alex", condition="unless asked"),
    ],
    ids=lambda e: e.kind,
)
def test_narrative_events_leave_the_state_as_it_was(mini: Scenario, event: ev.Event) -> None:
    """Travel, meetings, notes and refusals are told, not applied: nothing changes."""
    ts = run(mini.initial, event)
    assert len(ts) == 1
    assert ts[0].after == ts[0].before
    assert ts[0].changes == ()
    assert ts[0].after.holdings == mini.initial.holdings
    assert ts[0].after.vacancies == mini.initial.vacancies


def test_replay_does_not_change_the_initial_state(mini: Scenario) -> None:
    """States are values: the initial state equals a copy of itself after a replay."""
    snapshot = copy.deepcopy(mini.initial)
    ts = run(
        mini.initial,
        ev.Resign(date=D1, post="administrator", person="alex"),
        ev.Nominate(date=D2, post="administrator", person="nia"),
    )
    assert mini.initial == snapshot
    assert ts[0].before.holder("administrator").person == "alex"  # type: ignore[union-attr]
    assert "administrator" in ts[-1].after.vacancies
    assert "administrator" not in mini.initial.vacancies


def test_every_before_state_survives_later_transitions(mini: Scenario) -> None:
    """Each transition's `before` still shows its own moment once the replay is over."""
    ts = run(
        mini.initial,
        ev.Resign(date=D1, post="administrator", person="alex"),
        ev.Resign(date=D2, post="secretary", person="sam"),
    )
    snapshots = [copy.deepcopy(t.before) for t in ts]
    again = run(
        mini.initial,
        ev.Resign(date=D1, post="administrator", person="alex"),
        ev.Resign(date=D2, post="secretary", person="sam"),
    )
    assert [t.before for t in ts] == snapshots == [t.before for t in again]
    assert ts[0].before.holder("administrator").person == "alex"  # type: ignore[union-attr]
    assert ts[0].before.holder("secretary").person == "sam"  # type: ignore[union-attr]


def cbp() -> Scenario:
    """The CBP 2022 scenario."""
    return load_scenario(CBP)


def test_replay_is_deterministic() -> None:
    """Two replays of the same scenario give equal transitions."""
    s = cbp()
    one = list(replay(s.initial, s.events, s.settings, until=dt.date(2023, 7, 1)))
    two = list(replay(s.initial, s.events, s.settings, until=dt.date(2023, 7, 1)))
    assert one == two
    assert [t.seq for t in one] == sorted({t.seq for t in one})


def _day_cuts(events: tuple[ev.Event, ...] | list[ev.Event]) -> list[int]:
    """The places between two days: the rules settle a day at its end, so a cut inside one
    would settle it twice."""
    return [
        k
        for k in range(len(events) + 1)
        if k in (0, len(events)) or events[k - 1].date < events[k].date
    ]


@pytest.mark.parametrize("k", _day_cuts(load_scenario(CBP).events))
def test_replaying_a_prefix_then_the_rest_gives_the_same_final_state(k: int) -> None:
    """Stopping after the last event of a day and continuing from that state and legal
    timeline ends where the whole replay does, with the same transitions on the way."""
    s = cbp()
    whole = list(replay(s.initial, s.events, s.settings))
    head = list(replay(s.initial, s.events[:k], s.settings))
    middle = head[-1].after if head else s.initial
    legal = head[-1].legal if head else None
    tail = list(replay(middle, s.events[k:], s.settings, legal=legal))
    final = tail[-1].after if tail else middle
    assert final == whole[-1].after
    assert (tail[-1].legal if tail else legal) == whole[-1].legal
    assert [t.event for t in head + tail] == [t.event for t in whole]


def test_replaying_a_prefix_then_the_rest_in_the_small_department(mini: Scenario) -> None:
    """The same holds where a resignation is pending across the cut."""
    events = [
        ev.Resign(date=D1, post="administrator", person="alex", effective=D3),
        ev.Nominate(date=D2, post="administrator", person="nia"),
        ev.Resign(date=D4, post="secretary", person="sam"),
    ]
    whole = run(mini.initial, *events)
    for k in _day_cuts(events):
        head = run(mini.initial, *events[:k])
        middle = head[-1].after if head else mini.initial
        legal = head[-1].legal if head else None
        tail = list(replay(middle, events[k:], Settings(), legal=legal))
        final = tail[-1].after if tail else middle
        assert final == whole[-1].after, k


# --- the history and its look-ups -------------------------------------------------------------


def test_who_answers_for_the_end_of_the_day_asked_about() -> None:
    """Magnus serves until he resigns on 12 November; Miller acts from that day on."""
    s = cbp()
    history = History.run(s.initial, s.events, s.settings)
    assert history.who("cbp-commissioner", dt.date(2022, 11, 1)).holder == "chris-magnus"
    assert history.who("cbp-commissioner", dt.date(2022, 11, 11)).holder == "chris-magnus"
    on_the_day = history.who("cbp-commissioner", dt.date(2022, 11, 12))
    assert (on_the_day.holder, on_the_day.capacity) == ("troy-miller", "acting")
    assert on_the_day.since == dt.date(2022, 11, 12)


def test_state_at_finds_the_state_after_the_last_event_on_or_before_the_day() -> None:
    """Between events the state is the one the last event left; before the start, the initial."""
    s = cbp()
    history = History.run(s.initial, s.events, s.settings)
    day = dt.date(2022, 11, 10)
    state = history.state_at(day)
    assert state.date == day
    last_before = [t for t in history.transitions if t.event.date <= day][-1]
    assert state.holdings == last_before.after.holdings
    with pytest.raises(OrgsimError):  # before the scenario begins it says nothing
        history.state_at(dt.date(2022, 1, 1))
    assert history.state_at(s.initial.date).holdings == s.initial.holdings


def test_who_on_a_post_nobody_is_recorded_in_says_so() -> None:
    """The El Paso sector chief is not named in the sources."""
    s = cbp()
    history = History.run(s.initial, s.events, s.settings)
    h = history.who("usbp-el-paso-sector-chief", dt.date(2022, 11, 13))
    assert (h.holder, h.capacity) == (None, "not-recorded")


def test_miller_is_still_acting_on_31_may_2023() -> None:
    """Within the 210 days from the vacancy of 12 November 2022 he is acting commissioner."""
    s = cbp()
    history = History.run(s.initial, s.events, s.settings)
    h = history.who("cbp-commissioner", dt.date(2023, 5, 31))
    assert (h.holder, h.capacity, h.lawful) == ("troy-miller", "acting", Lawfulness.LAWFUL)
    assert h.legal is not None and h.legal.until == dt.date(2023, 6, 10)


def test_on_1_july_2023_the_record_still_has_miller_acting_and_the_law_says_nobody_may() -> None:
    """After the 210 days nobody may lawfully act; the record (which does not date the end
    of his acting title) still has him acting, so that service is unlawful, while the
    (hypothetical) delegation lets him perform the duties not reserved to the office."""
    s = cbp()
    history = History.run(s.initial, s.events, s.settings)
    h = history.who("cbp-commissioner", dt.date(2023, 7, 1))
    assert (h.holder, h.capacity) == ("troy-miller", "acting")
    assert h.lawful is Lawfulness.UNLAWFUL
    assert h.legal is not None and h.legal.lawful is None and h.legal.determined
    assert h.legal.duties == "troy-miller"


def test_the_time_for_acting_runs_out_the_day_after_the_last_lawful_day() -> None:
    """Day-zero counting: 12 November 2022 + 210 days is 10 June 2023, the last lawful day;
    on the 11th the legal timeline changes and the recorded one does not."""
    s = cbp()
    history = History.run(s.initial, s.events, s.settings)
    assert history.who("cbp-commissioner", dt.date(2023, 6, 10)).lawful is Lawfulness.LAWFUL
    after = history.who("cbp-commissioner", dt.date(2023, 6, 11))
    assert (after.capacity, after.lawful) == ("acting", Lawfulness.UNLAWFUL)
    runs_out = [
        t
        for t in history.transitions_until(dt.date(2023, 7, 1))
        if isinstance(t.event, ev.TimeRunsOut)
    ]
    assert len(runs_out) == 1 and runs_out[0].derived and runs_out[0].timeline == "legal"
    assert runs_out[0].event.date == dt.date(2023, 6, 11)
    assert runs_out[0].before == runs_out[0].after.but(date=runs_out[0].before.date)
    assert any(
        f.rule == "acting-time-limit" and f.level is Level.WARNING for f in runs_out[0].findings
    )


def test_without_a_delegation_the_office_is_left_vacant_when_the_time_runs_out(
    mini: Scenario,
) -> None:
    """Drew is assumed to act from 1 February 2024; 210 days later the assumption ends, the
    office is vacant and a warning says so."""
    history = History.run(mini.initial, [ev.Resign(date=D1, post="administrator", person="alex")])
    last_day = D1 + dt.timedelta(days=210)
    assert history.who("administrator", last_day).capacity == "acting"
    after = history.who("administrator", last_day + dt.timedelta(days=1))
    assert (after.holder, after.capacity) == (None, "vacant")
    rules = [
        f.rule
        for t in history.transitions_until(last_day + dt.timedelta(days=1))
        for f in t.findings
    ]
    assert "no-acting-officer" in rules
