"""The Vacancies Act clock (orgsim.rules.clock) at its edges, and the engine's lapse.

Law: shared/domain/succession-rules.md section 3 (5 U.S.C. 3346, 3348(c), 3349a) and
section 4 (3348). Dates are chosen so that every boundary is tested on both sides.
"""

from __future__ import annotations

import datetime as dt
from typing import TypedDict, Unpack

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orgsim.api import replay_scenario
from orgsim.engine import History
from orgsim.events import ActingByLaw, TimeRunsOut
from orgsim.model import (
    Calendar,
    Capacity,
    Inauguration,
    Lawfulness,
    Level,
    Nomination,
    NominationOutcome,
    Vacancy,
    VacancyReason,
)
from orgsim.rules import (
    DayCount,
    InaugurationReading,
    Limit,
    PendingReading,
    Period,
    Settings,
    acting_limit,
    lawful_periods,
    merge,
)
from orgsim.scenario import parse_scenario

D = dt.date
DAY = dt.timedelta(days=1)
VACANCY_DAY = D(2022, 11, 12)  # the CBP Commissioner's resignation
LAST_DAY = D(2023, 6, 10)  # day 210, counting the vacancy as day 0
NO_CALENDAR = Calendar()


def vacancy(
    since: dt.date = VACANCY_DAY, reason: VacancyReason = VacancyReason.RESIGNATION
) -> Vacancy:
    return Vacancy("office", since, reason)


def nomination(
    submitted: dt.date,
    outcome: NominationOutcome = NominationOutcome.PENDING,
    outcome_date: dt.date | None = None,
    person: str = "nominee",
    president: str | None = None,
) -> Nomination:
    return Nomination("office", person, submitted, outcome, outcome_date, president=president)


def limit_on(
    on: dt.date,
    *,
    since: dt.date = VACANCY_DAY,
    reason: VacancyReason = VacancyReason.RESIGNATION,
    nominations: tuple[Nomination, ...] = (),
    calendar: Calendar = NO_CALENDAR,
    settings: Settings | None = None,
) -> Limit:
    return acting_limit(
        vacancy(since, reason), nominations, calendar, settings or Settings(), on=on
    )


class LimitOptions(TypedDict, total=False):
    """The keyword arguments of `limit_on` besides the day and the settings."""

    since: dt.date
    reason: VacancyReason
    nominations: tuple[Nomination, ...]
    calendar: Calendar


def lawful_on(
    on: dt.date, *, settings: Settings | None = None, **kwargs: Unpack[LimitOptions]
) -> bool:
    return limit_on(on, settings=settings, **kwargs).lawful


# --- 210 days from the vacancy (3346(a)(1)) ----------------------------------------------------


def test_day_209_and_day_210_are_lawful_with_day_zero_counting() -> None:
    """With the vacancy as day 0, days 209 and 210 (2023-06-10) are inside the limit."""
    assert lawful_on(VACANCY_DAY + 209 * DAY)
    limit = limit_on(LAST_DAY)
    assert limit.lawful
    assert limit.last_day == LAST_DAY == VACANCY_DAY + 210 * DAY
    assert "3346(a)(1)" in limit.citation


def test_day_211_is_not_lawful_and_cites_3348() -> None:
    """The day after day 210 is outside the limit; the limit names the last lawful day."""
    limit = limit_on(LAST_DAY + DAY)
    assert not limit.lawful
    assert limit.last_day == LAST_DAY
    assert "3348" in limit.citation


def test_vacancy_day_itself_is_lawful() -> None:
    """Service may begin on the day the office falls vacant."""
    assert lawful_on(VACANCY_DAY)
    assert not lawful_on(VACANCY_DAY - DAY)


def test_day_one_counting_ends_one_day_earlier() -> None:
    """Settings(day_count=DAY_ONE) counts the vacancy as day 1: the last day is 2023-06-09."""
    settings = Settings(day_count=DayCount.DAY_ONE)
    limit = limit_on(LAST_DAY - DAY, settings=settings)
    assert limit.lawful and limit.last_day == LAST_DAY - DAY
    assert not lawful_on(LAST_DAY, settings=settings)


def test_sickness_has_no_limit() -> None:
    """A vacancy caused by sickness has no time limit (3346(a))."""
    limit = limit_on(VACANCY_DAY + 5000 * DAY, reason=VacancyReason.SICKNESS)
    assert limit.lawful and limit.last_day is None
    assert "3346(a)" in limit.citation


@pytest.mark.parametrize(
    "reason",
    [r for r in VacancyReason if r is not VacancyReason.SICKNESS],
)
def test_every_other_reason_runs_210_days(reason: VacancyReason) -> None:
    """Death, resignation, removal, inability and the rest all run the 210-day clock."""
    assert lawful_on(LAST_DAY, reason=reason)
    assert not lawful_on(LAST_DAY + DAY, reason=reason)


# --- nominations (3346(a)(2), (b)) --------------------------------------------------------------


def test_first_nomination_pending_across_the_limit_keeps_service_lawful() -> None:
    """A first nomination submitted within the 210 days keeps acting lawful while pending."""
    noms = (nomination(D(2023, 5, 1)),)
    for day in (LAST_DAY, LAST_DAY + DAY, D(2025, 1, 1)):
        limit = limit_on(day, nominations=noms)
        assert limit.lawful, day
        assert limit.last_day is None  # open-ended while pending
    assert "3346(a)(2)" in limit_on(LAST_DAY + DAY, nominations=noms).citation


def test_nomination_after_the_limit_ran_out_makes_service_lawful_again() -> None:
    """Acting service may resume once a first nomination is submitted, even after day 210."""
    noms = (nomination(D(2023, 8, 1)),)
    assert not lawful_on(D(2023, 7, 31), nominations=noms)
    assert lawful_on(D(2023, 8, 1), nominations=noms)


def test_read_literally_a_confirmed_nomination_stops_being_pending_on_the_vote() -> None:
    """3346(a)(2) read literally (the default): the extension lasts while the nomination is
    pending, and a confirmation ends that; the day of the vote is its last day."""
    noms = (nomination(D(2023, 5, 1), NominationOutcome.CONFIRMED, D(2023, 7, 1)),)
    assert lawful_on(D(2023, 7, 1), nominations=noms)
    assert not lawful_on(D(2023, 7, 2), nominations=noms)
    assert not lawful_on(D(2023, 7, 15), nominations=noms)


def test_in_practice_a_confirmed_nomination_counts_as_pending_until_the_oath() -> None:
    """The other reading (setting `nomination_pending: until-appointment`): a confirmed
    nominee has not yet taken office, and the acting officer may go on meanwhile."""
    noms = (nomination(D(2023, 5, 1), NominationOutcome.CONFIRMED, D(2023, 7, 1)),)
    practice = Settings(nomination_pending=PendingReading.APPOINTMENT)
    assert lawful_on(D(2023, 7, 15), nominations=noms, settings=practice)
    assert lawful_on(D(2024, 7, 15), nominations=noms, settings=practice)


@pytest.mark.parametrize(
    "outcome",
    [NominationOutcome.WITHDRAWN, NominationOutcome.RETURNED, NominationOutcome.REJECTED],
)
def test_first_failure_after_the_limit_gives_a_fresh_210_days(outcome: NominationOutcome) -> None:
    """3346(b)(1): after the first nomination fails, 210 days run from the failure."""
    failed = D(2023, 8, 1)  # after LAST_DAY; the nomination kept the clock open till then
    noms = (nomination(D(2023, 5, 1), outcome, failed),)
    assert lawful_on(failed - DAY, nominations=noms)
    fresh_last = failed + 210 * DAY
    assert fresh_last == D(2024, 2, 27)
    limit = limit_on(fresh_last, nominations=noms)
    assert limit.lawful and limit.last_day == fresh_last
    assert "3346(b)(1)" in limit.citation
    after = limit_on(fresh_last + DAY, nominations=noms)
    assert not after.lawful and after.last_day == fresh_last


def test_first_failure_within_the_210_days_extends_past_the_original_end() -> None:
    """A failure inside the first 210 days still restarts the count from the failure date."""
    failed = D(2023, 2, 1)
    noms = (nomination(D(2023, 1, 1), NominationOutcome.WITHDRAWN, failed),)
    assert lawful_on(failed + 210 * DAY, nominations=noms)
    assert not lawful_on(failed + 211 * DAY, nominations=noms)


def test_second_failure_gives_another_210_days() -> None:
    """3346(b)(2): after a second nomination fails, another 210 days run from that failure."""
    first = nomination(D(2023, 5, 1), NominationOutcome.WITHDRAWN, D(2023, 8, 1), person="a")
    second = nomination(D(2024, 1, 2), NominationOutcome.REJECTED, D(2024, 5, 1), person="b")
    noms = (first, second)
    # Pending second nomination covers the days after the first fresh period ran out.
    assert lawful_on(D(2024, 3, 15), nominations=noms)
    fresh_last = D(2024, 5, 1) + 210 * DAY
    limit = limit_on(fresh_last, nominations=noms)
    assert limit.lawful and limit.last_day == fresh_last
    assert "3346(b)(2)" in limit.citation
    assert not lawful_on(fresh_last + DAY, nominations=noms)


def test_second_nomination_submitted_after_a_gap_revives_service() -> None:
    """A second nomination after the first fresh 210 days ran out: lawful while pending."""
    first = nomination(D(2023, 5, 1), NominationOutcome.WITHDRAWN, D(2023, 8, 1), person="a")
    second = nomination(D(2024, 6, 1), person="b")
    assert not lawful_on(D(2024, 5, 31), nominations=(first, second))
    assert lawful_on(D(2024, 6, 1), nominations=(first, second))


def test_third_nomination_gives_no_extension() -> None:
    """A third nomination neither extends while pending nor restarts the count when it fails."""
    first = nomination(D(2023, 5, 1), NominationOutcome.WITHDRAWN, D(2023, 8, 1), person="a")
    second = nomination(D(2024, 1, 2), NominationOutcome.REJECTED, D(2024, 5, 1), person="b")
    second_last = D(2024, 5, 1) + 210 * DAY
    third = nomination(second_last + 30 * DAY, person="c")
    noms = (first, second, third)
    assert not lawful_on(third.submitted, nominations=noms)
    assert not lawful_on(third.submitted + 100 * DAY, nominations=noms)
    # A third nomination pending before the second period ends adds nothing either.
    early_third = nomination(D(2024, 6, 1), person="c")
    assert lawful_on(second_last, nominations=(first, second, early_third))
    assert not lawful_on(second_last + DAY, nominations=(first, second, early_third))
    failed_third = nomination(D(2024, 6, 1), NominationOutcome.WITHDRAWN, D(2024, 7, 1), person="c")
    assert not lawful_on(second_last + DAY, nominations=(first, second, failed_third))


def test_nomination_order_is_by_submission_date_not_list_order() -> None:
    """Which nomination is first depends on when it was submitted, not on list order."""
    first = nomination(D(2023, 5, 1), NominationOutcome.WITHDRAWN, D(2023, 8, 1), person="a")
    second = nomination(D(2024, 1, 2), NominationOutcome.REJECTED, D(2024, 5, 1), person="b")
    third = nomination(D(2025, 1, 1), person="c")
    assert limit_on(D(2025, 2, 1), nominations=(third, second, first)) == limit_on(
        D(2025, 2, 1), nominations=(first, second, third)
    )


# --- inauguration rule (3349a) -----------------------------------------------------------------

INAUGURATION = D(2021, 1, 20)
TRANSITION = Calendar(inaugurations=(Inauguration(INAUGURATION, transitional=True),))


def test_vacancy_on_inauguration_day_runs_210_days_from_inauguration_plus_90() -> None:
    """Vacancy on inauguration day: the count starts on inauguration + 90 (2021-04-20)."""
    last = D(2021, 11, 16)
    limit = limit_on(last, since=INAUGURATION, calendar=TRANSITION)
    assert limit.lawful and limit.last_day == last
    assert "3349a" in limit.citation
    assert not lawful_on(last + DAY, since=INAUGURATION, calendar=TRANSITION)
    # Service is lawful from the vacancy itself, before the deemed start of the count.
    assert lawful_on(INAUGURATION, since=INAUGURATION, calendar=TRANSITION)


def test_vacancy_on_day_59_of_the_window_runs_from_vacancy_plus_90() -> None:
    """The 60th day of the window (inauguration + 59): 210 days from vacancy + 90."""
    since = INAUGURATION + 59 * DAY
    last = since + 90 * DAY + 210 * DAY
    assert last == D(2022, 1, 14)
    limit = limit_on(last, since=since, calendar=TRANSITION)
    assert limit.lawful and limit.last_day == last
    assert not lawful_on(last + DAY, since=since, calendar=TRANSITION)


def test_vacancy_on_day_60_after_inauguration_gets_no_extension() -> None:
    """Inauguration + 60 is outside the 60-day window: the plain 210 days apply."""
    since = INAUGURATION + 60 * DAY
    last = since + 210 * DAY
    limit = limit_on(last, since=since, calendar=TRANSITION)
    assert limit.lawful and limit.last_day == last
    assert "3349a" not in limit.citation
    assert not lawful_on(last + DAY, since=since, calendar=TRANSITION)


def test_vacancy_existing_before_inauguration_is_extended() -> None:
    """A vacancy that began before the inauguration exists during the window: 3349a applies."""
    since = D(2020, 12, 1)
    last = INAUGURATION + 90 * DAY + 210 * DAY
    limit = limit_on(last, since=since, calendar=TRANSITION)
    assert limit.lawful and limit.last_day == last


def test_non_transitional_inauguration_gives_no_extension() -> None:
    """A second-term inauguration is not transitional: no 3349a extension."""
    calendar = Calendar(inaugurations=(Inauguration(INAUGURATION, transitional=False),))
    assert not lawful_on(INAUGURATION + 211 * DAY, since=INAUGURATION, calendar=calendar)


def _gao_olc_case() -> tuple[Calendar, tuple[Nomination, ...], dt.date]:
    """A vacancy in 2019; two nominations by the old President fail; then a new President."""
    calendar = Calendar(inaugurations=(Inauguration(INAUGURATION, "new", transitional=True),))
    noms = (
        nomination(D(2019, 2, 1), NominationOutcome.WITHDRAWN, D(2019, 3, 1), "a", "old"),
        nomination(D(2019, 4, 1), NominationOutcome.REJECTED, D(2019, 5, 1), "b", "old"),
        nomination(D(2022, 1, 3), person="c", president="new"),
    )
    return calendar, noms, D(2022, 2, 1)


@pytest.mark.parametrize(
    ("reading", "lawful"),
    [(InaugurationReading.OLC, True), (InaugurationReading.GAO, False)],
)
def test_new_presidents_nomination_after_two_failures(
    reading: InaugurationReading, lawful: bool
) -> None:
    """OLC: a new President's first nomination extends the time; GAO: it is a third, no time."""
    calendar, noms, day = _gao_olc_case()
    since = D(2019, 1, 1)
    # 3349a alone ran out on 2021-11-16 (210 days from inauguration + 90).
    assert not lawful_on(D(2021, 11, 17), since=since, calendar=calendar, nominations=noms[:2])
    limit = limit_on(
        day,
        since=since,
        calendar=calendar,
        nominations=noms,
        settings=Settings(inauguration_reading=reading),
    )
    assert limit.lawful is lawful
    if lawful:
        assert limit.last_day is None and "3346(a)(2)" in limit.citation


def test_olc_new_presidents_failed_nomination_restarts_the_count() -> None:
    """OLC: when the new President's first nomination fails, 210 fresh days follow."""
    calendar, noms, _ = _gao_olc_case()
    failed = D(2022, 3, 1)
    noms = (*noms[:2], nomination(D(2022, 1, 3), NominationOutcome.RETURNED, failed, "c", "new"))
    olc = Settings(inauguration_reading=InaugurationReading.OLC)
    kwargs: LimitOptions = {"since": D(2019, 1, 1), "calendar": calendar, "nominations": noms}
    assert lawful_on(failed + 210 * DAY, settings=olc, **kwargs)
    assert not lawful_on(failed + 211 * DAY, settings=olc, **kwargs)
    assert not lawful_on(failed + DAY, settings=Settings(), **kwargs)


# --- Senate calendar: sine die (3346(c)) and 3348(c) --------------------------------------------


def test_vacancy_during_sine_die_adjournment_counts_from_reconvening() -> None:
    """3346(c): a vacancy arising while the Senate is adjourned sine die counts from its return."""
    adjourned, reconvened = D(2022, 12, 23), D(2023, 1, 3)
    calendar = Calendar(sine_die=((adjourned, reconvened),))
    for since in (adjourned, D(2022, 12, 25), reconvened - DAY):
        last = reconvened + 210 * DAY
        limit = limit_on(last, since=since, calendar=calendar)
        assert limit.lawful and limit.last_day == last, since
        assert "3346(c)" in limit.citation
        assert not lawful_on(last + DAY, since=since, calendar=calendar)


@pytest.mark.parametrize("since", [D(2022, 12, 22), D(2023, 1, 3)])
def test_vacancy_outside_the_sine_die_adjournment_is_not_moved(since: dt.date) -> None:
    """The day before adjournment and the day of reconvening are ordinary vacancies."""
    calendar = Calendar(sine_die=((D(2022, 12, 23), D(2023, 1, 3)),))
    limit = limit_on(since + 210 * DAY, since=since, calendar=calendar)
    assert limit.lawful and limit.last_day == since + 210 * DAY
    assert "3346(c)" not in limit.citation


@pytest.mark.parametrize(
    "recess",
    [
        (D(2023, 6, 1), D(2023, 6, 15)),
        (LAST_DAY, D(2023, 6, 15)),  # begins on the last day
        (D(2023, 6, 1), LAST_DAY),  # ends on the last day
    ],
)
def test_last_day_in_recess_moves_to_second_day_back_in_session(
    recess: tuple[dt.date, dt.date],
) -> None:
    """3348(c): a last day when the Senate is out moves to its second day back in session."""
    calendar = Calendar(recesses=(recess,))
    moved = recess[1] + 2 * DAY
    limit = limit_on(moved, calendar=calendar)
    assert limit.lawful and limit.last_day == moved
    assert "3348(c)" in limit.citation
    assert not lawful_on(moved + DAY, calendar=calendar)


@pytest.mark.parametrize(
    "recess",
    [(D(2023, 6, 1), LAST_DAY - DAY), (LAST_DAY + DAY, D(2023, 6, 20))],
)
def test_recess_not_containing_the_last_day_changes_nothing(
    recess: tuple[dt.date, dt.date],
) -> None:
    """A recess ending the day before, or starting the day after, the last day moves nothing."""
    limit = limit_on(LAST_DAY, calendar=Calendar(recesses=(recess,)))
    assert limit.lawful and limit.last_day == LAST_DAY
    assert not lawful_on(LAST_DAY + DAY, calendar=Calendar(recesses=(recess,)))


def test_fresh_period_after_failure_is_also_moved_out_of_recess() -> None:
    """3348(c) applies to the fresh 210 days after a failed nomination too."""
    failed = D(2023, 8, 1)
    fresh_last = failed + 210 * DAY
    calendar = Calendar(recesses=((fresh_last - 3 * DAY, fresh_last + 3 * DAY),))
    noms = (nomination(D(2023, 5, 1), NominationOutcome.WITHDRAWN, failed),)
    moved = fresh_last + 5 * DAY
    limit = limit_on(moved, nominations=noms, calendar=calendar)
    assert limit.lawful and limit.last_day == moved


# --- lawful_periods and merge ------------------------------------------------------------------


def test_lawful_periods_lists_base_pending_and_fresh_periods_in_start_order() -> None:
    """One period for the vacancy, one while the nomination pends, one after it failed."""
    noms = (nomination(D(2023, 5, 1), NominationOutcome.WITHDRAWN, D(2023, 8, 1)),)
    periods = lawful_periods(vacancy(), noms, NO_CALENDAR, Settings())
    assert [(p.start, p.end) for p in periods] == [
        (VACANCY_DAY, LAST_DAY),
        (D(2023, 5, 1), D(2023, 7, 31)),
        (D(2023, 8, 1), D(2024, 2, 27)),
    ]
    assert [p.citation for p in periods] == [
        "5 U.S.C. 3346(a)(1)",
        "5 U.S.C. 3346(a)(2)",
        "5 U.S.C. 3346(b)(1)",
    ]


def test_merge_joins_overlapping_and_touching_periods() -> None:
    """Overlapping or adjacent periods become one; a gap keeps them apart."""
    a = Period(D(2023, 1, 1), D(2023, 1, 10), "a", "A")
    touching = Period(D(2023, 1, 11), D(2023, 1, 20), "b", "B")
    gap = Period(D(2023, 1, 22), D(2023, 1, 30), "c", "C")
    merged = merge([gap, touching, a])
    assert [(p.start, p.end) for p in merged] == [
        (D(2023, 1, 1), D(2023, 1, 20)),
        (D(2023, 1, 22), D(2023, 1, 30)),
    ]
    assert merged[0].citation == "B"  # the later basis names the merged end


def test_merge_open_period_swallows_everything_after_it() -> None:
    """An open-ended period (nomination pending) absorbs every later period."""
    open_ = Period(D(2023, 1, 1), None, "open", "O")
    later = Period(D(2023, 2, 1), D(2023, 3, 1), "later", "L")
    overlapping = Period(D(2022, 12, 1), D(2023, 1, 5), "early", "E")
    merged = merge([later, open_, overlapping])
    assert [(p.start, p.end) for p in merged] == [(D(2022, 12, 1), None)]


def test_merge_keeps_longer_period_when_a_shorter_one_is_inside() -> None:
    """A period wholly inside another does not shorten it."""
    outer = Period(D(2023, 1, 1), D(2023, 12, 31), "outer", "O")
    inner = Period(D(2023, 3, 1), D(2023, 4, 1), "inner", "I")
    assert merge([outer, inner]) == [outer]


def test_merge_of_nothing_is_nothing() -> None:
    """No periods merge to no periods."""
    assert merge([]) == []


# --- the engine's lapse ------------------------------------------------------------------------

LAPSE_YAML = """\
title: Lapse
date: 2022-11-01
president: president
organizations:
  - {{id: executive, name: Executive Branch}}
  - {{id: dept, name: Department, parent: executive, executive_agency: true}}
posts:
  - {{id: president, title: President, organization: executive, appointment: elected}}
  - id: head
    title: Head
    organization: dept
    reports_to: president
    appointment: pas
    first_assistant: deputy
  - {{id: deputy, title: Deputy, organization: dept, reports_to: head}}
people:
  - {{id: pat, name: Pat President}}
  - {{id: hana, name: Hana Head}}
  - {{id: dev, name: Dev Deputy, grade: SES, agency: dept, service_start: 2015-01-01}}
  - {{id: nick, name: Nick Nominee}}
holders:
  - {{post: president, person: pat}}
  - {{post: head, person: hana}}
  - {{post: deputy, person: dev, since: 2020-01-01}}
events:
  - {{date: 2022-11-12, kind: resign, post: head, person: hana}}
{extra}
"""


def lapse_history(extra: str = "") -> History:
    scenario = parse_scenario(LAPSE_YAML.format(extra=extra).encode(), "lapse.yaml")
    return replay_scenario(scenario)


LAWFUL = Lawfulness.LAWFUL


def until(h: History, day: dt.date) -> dt.date | None:
    """The last lawful day of acting service in the head's office on `day`."""
    legal = h.who("head", day).legal
    return legal.until if legal is not None else None


def test_first_assistant_acts_through_day_210_then_the_post_is_vacant() -> None:
    """Without a delegation, the assumed acting service ends the day after day 210 (the
    legal timeline first, then the assumption with it) and the office stays vacant."""
    history = lapse_history("  - {date: 2023-07-01, kind: note, text: later}")
    on_last = history.who("head", LAST_DAY)
    assert (on_last.holder, on_last.capacity, on_last.lawful) == ("dev", "acting", LAWFUL)
    assert until(history, LAST_DAY) == LAST_DAY
    after = history.who("head", LAST_DAY + DAY)
    assert after.holder is None and after.capacity == "vacant"
    runs_out = [t for t in history.transitions if t.event.kind == "time-runs-out"]
    assert len(runs_out) == 1
    assert isinstance(runs_out[0].event, TimeRunsOut)  # the kind asked for; narrows the type
    assert runs_out[0].event.date == LAST_DAY + DAY
    assert runs_out[0].event.last_day == LAST_DAY
    ends = history.transitions[history.transitions.index(runs_out[0]) + 1]
    assert ends.event.kind == "assumption-ends" and ends.timeline == "assumed"
    (limit,) = [f for f in runs_out[0].findings if f.rule == "acting-time-limit"]
    assert limit.until == LAST_DAY
    rules = {f.rule: f for f in ends.findings}
    assert "no-acting-officer" in rules
    assert "3348" in rules["no-acting-officer"].citation
    assert "(b)" in rules["no-acting-officer"].citation


def test_a_recorded_acting_officer_stays_in_the_record_past_the_limit() -> None:
    """Where the record says Dev took up acting, the rules never end it: the legal timeline
    says he serves unlawfully from the day after day 210, and nobody may act."""
    history = lapse_history(
        "  - {date: 2022-11-12, kind: assume-acting, post: head, person: dev,"
        " route: first-assistant}"
    )
    after = history.who("head", LAST_DAY + DAY)
    assert (after.holder, after.capacity, after.assumed) == ("dev", "acting", False)
    assert after.lawful is Lawfulness.UNLAWFUL
    assert after.legal is not None and after.legal.lawful is None and after.legal.determined
    assert "assumption-ends" not in [t.event.kind for t in history.transitions]


def test_lapse_is_found_by_state_at_without_a_later_event() -> None:
    """History.who runs the clock past the last event: the lapse happens without a later event."""
    history = lapse_history()
    assert history.who("head", LAST_DAY).capacity == "acting"
    assert history.who("head", LAST_DAY + DAY).capacity == "vacant"


def test_with_day_one_settings_the_lapse_comes_a_day_earlier() -> None:
    """settings: day_count: day1 moves the lapse to 2023-06-10."""
    text = LAPSE_YAML.format(extra="").replace(
        "president: president\n", "president: president\nsettings: {day_count: day1}\n", 1
    )
    history = replay_scenario(parse_scenario(text.encode(), "lapse1.yaml"))
    assert history.who("head", LAST_DAY - DAY).capacity == "acting"
    assert history.who("head", LAST_DAY).capacity == "vacant"


def test_with_a_delegation_the_first_assistant_goes_on_performing_the_duties() -> None:
    """A delegation of the duties turns the acting officer into one performing the duties."""
    history = lapse_history(
        "  - {date: 2022-11-12, kind: delegate-duties, post: head, person: dev, by: pat}\n"
        "  - {date: 2023-07-01, kind: note, text: later}"
    )
    assert history.who("head", LAST_DAY).capacity == "acting"
    after = history.who("head", LAST_DAY + DAY)
    assert (after.holder, after.capacity) == ("dev", str(Capacity.PERFORMING_DUTIES))
    assert after.since == LAST_DAY + DAY and after.assumed
    assert after.legal is not None and after.legal.duties == "dev"
    assert after.legal.reserved_citation is not None and "3348" in after.legal.reserved_citation
    ends = next(t for t in history.transitions if t.event.kind == "assumption-ends")
    assert ends.event.date == LAST_DAY + DAY
    assert all(f.level is not Level.VIOLATION for f in ends.findings)


def test_delegation_by_the_officer_who_already_left_does_not_save_the_acting_officer() -> None:
    """A delegation signed by someone holding no office has no force (3348(d)): vacant."""
    history = lapse_history(
        "  - {date: 2022-11-12, kind: delegate-duties, post: head, person: dev, by: hana}"
    )
    delegation = next(t for t in history.transitions if t.event.kind == "delegate-duties")
    assert any(f.rule == "issuer-not-lawful" for f in delegation.findings)
    assert history.who("head", LAST_DAY + DAY).capacity == "vacant"


def test_nomination_after_the_lapse_lets_the_first_assistant_act_again() -> None:
    """A first nomination after the lapse revives acting service (3346(a)(2))."""
    history = lapse_history(
        "  - {date: 2023-08-01, kind: nominate, post: head, person: nick, by: pat}"
    )
    assert history.who("head", D(2023, 7, 31)).capacity == "vacant"
    back = history.who("head", D(2023, 8, 1))
    assert (back.holder, back.capacity, back.lawful) == ("dev", "acting", LAWFUL)
    assert back.legal is not None and back.legal.until_citation == "5 U.S.C. 3346(a)(2)"
    assert back.legal.until is None  # open while the nomination is pending


def test_nomination_after_the_lapse_revives_acting_from_performing_duties() -> None:
    """Performing the duties after the lapse, then a nomination: acting again (3346(a)(2))."""
    history = lapse_history(
        "  - {date: 2022-11-12, kind: delegate-duties, post: head, person: dev, by: pat}\n"
        "  - {date: 2023-08-01, kind: nominate, post: head, person: nick, by: pat}"
    )
    assert history.who("head", D(2023, 7, 31)).capacity == "performing-duties"
    back = history.who("head", D(2023, 8, 1))
    assert (back.holder, back.capacity) == ("dev", "acting")
    assert back.legal is not None and back.legal.until_citation == "5 U.S.C. 3346(a)(2)"


def test_withdrawal_after_revival_gives_210_fresh_days_then_lapses_again() -> None:
    """Revived by a nomination, the acting officer lapses 210 days after its withdrawal."""
    history = lapse_history(
        "  - {date: 2023-08-01, kind: nominate, post: head, person: nick, by: pat}\n"
        "  - {date: 2023-09-01, kind: withdraw-nomination, post: head, person: nick}"
    )
    fresh_last = D(2023, 9, 1) + 210 * DAY
    assert history.who("head", fresh_last).capacity == "acting"
    assert until(history, fresh_last) == fresh_last
    assert history.who("head", fresh_last + DAY).capacity == "vacant"


def test_sickness_vacancy_never_lapses_in_the_engine() -> None:
    """An officer unable through sickness: the first assistant acts without a time limit."""
    text = LAPSE_YAML.format(extra="").replace(
        "kind: resign, post: head, person: hana}",
        "kind: inability, post: head, person: hana, sickness: true}",
    )
    history = replay_scenario(parse_scenario(text.encode(), "sick.yaml"))
    far = history.who("head", D(2026, 1, 1))
    assert (far.holder, far.capacity, far.lawful) == ("dev", "acting", LAWFUL)
    assert until(history, D(2026, 1, 1)) is None


# --- time alone reopens acting (3349a) ---------------------------------------------------------

# A transitional inauguration after the lapse (a test date, not a historical one).
REOPENS = D(2023, 9, 1)
NEW_LAST_DAY = REOPENS + 90 * DAY + 210 * DAY  # inauguration + 90, then 210 days (day 0)


def reopen_history(extra: str = "") -> History:
    text = LAPSE_YAML.format(extra=extra).replace(
        "president: president\n",
        "president: president\n"
        f"calendar: {{inaugurations: [{{date: {REOPENS.isoformat()}, transitional: true}}]}}\n",
        1,
    )
    return replay_scenario(parse_scenario(text.encode(), "reopen.yaml"))


def test_an_inauguration_after_the_lapse_seats_the_first_assistant_again_by_itself() -> None:
    """After the lapse the office is vacant; on the inauguration the 3349a time lets the first
    assistant act again, with no event in the scenario on that day."""
    history = reopen_history("  - {date: 2024-12-01, kind: note, text: later}")
    assert history.who("head", LAST_DAY + DAY).capacity == "vacant"
    assert history.who("head", REOPENS - DAY).capacity == "vacant"
    again = history.who("head", REOPENS)
    assert (again.holder, again.capacity, again.lawful) == ("dev", "acting", LAWFUL)
    assert again.since == REOPENS
    assert until(history, REOPENS) == NEW_LAST_DAY
    assert again.legal is not None and again.legal.until_citation is not None
    assert "3349a(b)" in again.legal.until_citation
    reopened = [t for t in history.transitions if t.event.kind == "acting-lawful-again"]
    assert [t.event.date for t in reopened] == [REOPENS]
    found = [f for f in reopened[0].findings if f.rule == "acting-time-reopens"]
    assert len(found) == 1 and "3349a(b)" in found[0].citation
    assert found[0].until == NEW_LAST_DAY
    seated = history.transitions[history.transitions.index(reopened[0]) + 1]
    assert seated.event.kind == "acting-by-law" and seated.event.date == REOPENS
    assert isinstance(seated.event, ActingByLaw)  # the kind asked for; narrows the type
    assert seated.event.person == "dev" and "3345(a)(1)" in seated.event.citation
    # The new period runs out in its turn, and nothing reopens after it.
    assert history.who("head", NEW_LAST_DAY).capacity == "acting"
    assert history.who("head", NEW_LAST_DAY + DAY).capacity == "vacant"
    assert [t.event.kind for t in history.transitions].count("time-runs-out") == 2


def test_an_inauguration_turns_performing_the_duties_back_into_acting() -> None:
    """With a delegation the first assistant performs the duties after the lapse, and acts
    again from the inauguration."""
    history = reopen_history(
        "  - {date: 2022-11-12, kind: delegate-duties, post: head, person: dev, by: pat}"
    )
    between = history.who("head", REOPENS - DAY)
    assert (between.holder, between.capacity) == ("dev", str(Capacity.PERFORMING_DUTIES))
    again = history.who("head", REOPENS)
    assert (again.holder, again.capacity) == ("dev", "acting")
    assert until(history, REOPENS) == NEW_LAST_DAY


def test_an_inauguration_while_someone_lawfully_acts_adds_time_without_a_reseating() -> None:
    """When the acting officer is still within the 210 days, the extra time lengthens the
    service: nothing lapses in between and nothing reopens."""
    early = D(2023, 1, 20)
    text = LAPSE_YAML.format(extra="  - {date: 2024-12-01, kind: note, text: later}").replace(
        "president: president\n",
        "president: president\n"
        f"calendar: {{inaugurations: [{{date: {early.isoformat()}, transitional: true}}]}}\n",
        1,
    )
    history = replay_scenario(parse_scenario(text.encode(), "early.yaml"))
    kinds = [t.event.kind for t in history.transitions]
    assert "acting-lawful-again" not in kinds
    runs_out = [t.event.date for t in history.transitions if t.event.kind == "time-runs-out"]
    assert runs_out == [early + 301 * DAY]  # only the lengthened period's end
    assert history.who("head", LAST_DAY + DAY).capacity == "acting"
    assert until(history, LAST_DAY + DAY) == early + 300 * DAY


def test_the_reseating_says_why_in_words() -> None:
    """The legal change names the reason (time, not a nomination); the assumption that
    follows says it is one."""
    history = reopen_history("  - {date: 2024-12-01, kind: note, text: later}")
    (reopened,) = [t for t in history.transitions if t.event.kind == "acting-lawful-again"]
    finding = next(f for f in reopened.findings if f.rule == "acting-time-reopens")
    assert "Time alone makes acting service" in finding.message
    assert "nomination" not in finding.message
    seated = history.transitions[history.transitions.index(reopened) + 1]
    (assumed,) = [f for f in seated.findings if f.rule == "acting-assumed"]
    assert "sources do not report" in assumed.message


def literal_3349a(since: dt.date, inauguration: dt.date | None, day: dt.date) -> bool:
    """3346(a)(1) and 3349a read literally, no nominations, day 0 counting: lawful for 210
    days from the vacancy; with a transitional inauguration and a vacancy that exists within
    its first 60 days, also from the inauguration to 210 days after the later of inauguration
    + 90 and vacancy + 90."""
    if since <= day <= since + 210 * DAY:
        return True
    if inauguration is None or since > inauguration + 59 * DAY:
        return False
    deemed = max(inauguration, since) + 90 * DAY
    return max(inauguration, since) <= day <= deemed + 210 * DAY


@settings(max_examples=60, deadline=None)
@given(
    inauguration_offset=st.one_of(st.none(), st.integers(min_value=-30, max_value=500)),
    delegated=st.booleans(),
)
def test_the_first_assistant_acts_exactly_while_the_literal_clock_says_lawful(
    inauguration_offset: int | None, delegated: bool
) -> None:
    """With a first assistant who is always eligible and no nominations, the engine has them
    acting on exactly the days the statute, read literally, allows, whenever the inauguration
    falls (before, during or after the 210 days, or long after), and otherwise not acting:
    the office vacant, or the duties performed under a delegation."""
    since = D(2022, 11, 12)
    inauguration = None if inauguration_offset is None else since + inauguration_offset * DAY
    calendar = (
        ""
        if inauguration is None
        else f"calendar: {{inaugurations: [{{date: {inauguration.isoformat()},"
        " transitional: true}]}\n"
    )
    delegation = (
        "  - {date: 2022-11-12, kind: delegate-duties, post: head, person: dev, by: pat}"
        if delegated
        else ""
    )
    text = LAPSE_YAML.format(extra=delegation).replace(
        "president: president\n", "president: president\n" + calendar, 1
    )
    history = replay_scenario(parse_scenario(text.encode(), "literal.yaml"))
    for offset in range(0, 900, 3):
        day = since + offset * DAY
        answer = history.who("head", day)
        if literal_3349a(since, inauguration, day):
            assert (answer.holder, answer.capacity, answer.lawful) == ("dev", "acting", LAWFUL), day
        elif delegated:
            assert (answer.holder, answer.capacity) == ("dev", "performing-duties"), day
        else:
            assert answer.capacity == "vacant", day


def test_a_recess_right_after_the_first_day_back_is_not_counted_as_in_session() -> None:
    """The Senate comes back for one day and goes out again: its second day in session is
    the first day after the second recess."""
    first_recess = (D(2023, 6, 3), D(2023, 6, 11))
    second_recess = (D(2023, 6, 13), D(2023, 6, 20))
    limit = limit_on(LAST_DAY, calendar=Calendar(recesses=(second_recess, first_recess)))
    assert limit.lawful and limit.last_day == D(2023, 6, 21)
    assert "3348(c)" in limit.citation


def test_a_sine_die_adjournment_over_the_last_day_moves_it_too() -> None:
    """A sine die adjournment is time out of session: the last day moves to the second day
    after the Senate reconvenes (the reconvening day is the first)."""
    calendar = Calendar(sine_die=((D(2023, 6, 1), D(2023, 6, 15)),))
    limit = limit_on(LAST_DAY, calendar=calendar)
    assert limit.lawful and limit.last_day == D(2023, 6, 16)
    assert not lawful_on(D(2023, 6, 17), calendar=calendar)


def test_an_office_left_empty_inside_its_time_is_looked_at_again_when_the_new_period_opens() -> (
    None
):
    """The deputy leaves the day after the vacancy, so nobody can act while the 210 days run;
    a new deputy is appointed after they ran out; the inauguration's period opens later and
    seats the new deputy, although nothing lapsed in between."""
    history = reopen_history(
        "  - {date: 2022-11-13, kind: leave, post: deputy, person: dev}\n"
        "  - {date: 2023-08-01, kind: appoint, post: deputy, person: nick}\n"
        "  - {date: 2024-12-01, kind: note, text: later}"
    )
    assert history.who("head", VACANCY_DAY + DAY).capacity == "vacant"
    assert history.who("head", D(2023, 8, 1)).capacity == "vacant"
    assert history.who("head", REOPENS - DAY).capacity == "vacant"
    again = history.who("head", REOPENS)
    assert (again.holder, again.capacity) == ("nick", "acting")
    assert until(history, REOPENS) == NEW_LAST_DAY
