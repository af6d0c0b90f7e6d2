"""The Vacancies Act clock: how long acting service may last (5 U.S.C. 3346, 3348(c), 3349a)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Sequence

from attrs import frozen

from orgsim.model import Calendar, Nomination, NominationOutcome, Vacancy, VacancyReason
from orgsim.rules.settings import DayCount, InaugurationReading, PendingReading, Settings

__all__ = [
    "LIMIT_DAYS",
    "Limit",
    "Period",
    "acting_limit",
    "lawful_periods",
    "merge",
    "next_lawful_start",
    "nomination_ordinal",
]

LIMIT_DAYS = 210
INAUGURATION_WINDOW = 60
INAUGURATION_DELAY = 90
DAY = dt.timedelta(days=1)


@frozen
class Period:
    """A stretch of days (inclusive) in which acting service is lawful; `end` None: open."""

    start: dt.date
    end: dt.date | None
    reason: str
    citation: str

    def covers(self, day: dt.date) -> bool:
        """Whether the day falls inside the period."""
        return self.start <= day and (self.end is None or day <= self.end)


@frozen
class Limit:
    """Until when acting service is lawful on a given day, and why."""

    lawful: bool
    last_day: dt.date | None  # None with lawful=True: no fixed end (nomination pending, sickness)
    reason: str
    citation: str


def _days(start: dt.date, settings: Settings) -> dt.date:
    """The last day of a 210-day period that starts on `start`."""
    if settings.day_count is DayCount.DAY_ZERO:
        return start + dt.timedelta(days=LIMIT_DAYS)
    return start + dt.timedelta(days=LIMIT_DAYS - 1)


def _out_of_session(calendar: Calendar) -> list[tuple[dt.date, dt.date]]:
    """The stretches (first and last day) the Senate is not in session: listed recesses, and
    sine die adjournments up to the day before it reconvenes."""
    stretches = list(calendar.recesses)
    stretches.extend((adjourned, back - DAY) for adjourned, back in calendar.sine_die)
    return sorted((first, last) for first, last in stretches if first <= last)


def _next_in_session(day: dt.date, stretches: list[tuple[dt.date, dt.date]]) -> dt.date:
    """The first day on or after `day` that no stretch out of session covers."""
    moved = True
    while moved:  # stretches may overlap or follow one another: go until none covers it
        moved = False
        for first, last in stretches:
            if first <= day <= last:
                day, moved = last + DAY, True
    return day


def _in_session_adjust(day: dt.date, calendar: Calendar) -> tuple[dt.date, bool]:
    """3348(c): a last day when the Senate is out moves to its second day back in session
    (a day out of session in between, such as a further recess, does not count)."""
    stretches = _out_of_session(calendar)
    if _next_in_session(day, stretches) == day:
        return day, False
    first_back = _next_in_session(day, stretches)
    return _next_in_session(first_back + DAY, stretches), True


def _period(start: dt.date, reason: str, citation: str, calendar: Calendar, s: Settings) -> Period:
    end, moved = _in_session_adjust(_days(start, s), calendar)
    if moved:
        reason += "; moved to the Senate's second day back in session"
        citation += "; 5 U.S.C. 3348(c)"
    return Period(start, end, reason, citation)


def _start_of_count(vacancy: Vacancy, calendar: Calendar) -> tuple[dt.date, str, str]:
    """When the 210 days begin, after the sine die rule (3346(c))."""
    start, reason, citation = vacancy.since, "210 days from the vacancy", "5 U.S.C. 3346(a)(1)"
    for adjourned, reconvened in calendar.sine_die:
        if adjourned <= vacancy.since < reconvened:
            start = reconvened
            reason = "210 days from the Senate's return after a sine die adjournment"
            citation = "5 U.S.C. 3346(c)"
    return start, reason, citation


def _inauguration_periods(vacancy: Vacancy, calendar: Calendar, settings: Settings) -> list[Period]:
    """3349a: a vacancy that exists in the 60 days from a transitional inauguration gets 210
    days from the later of inauguration + 90 and vacancy + 90. The extra time exists only
    from the inauguration on: it does not make lapsed service before it lawful."""
    periods = []
    for inauguration in calendar.inaugurations:
        if not inauguration.transitional:
            continue
        window_end = inauguration.date + dt.timedelta(days=INAUGURATION_WINDOW - 1)
        if vacancy.since > window_end:
            continue
        deemed = max(
            inauguration.date + dt.timedelta(days=INAUGURATION_DELAY),
            vacancy.since + dt.timedelta(days=INAUGURATION_DELAY),
        )
        extended = _period(
            deemed,
            "the vacancy existed within 60 days of the inauguration on"
            f" {inauguration.date.isoformat()}: 210 days from {deemed.isoformat()}",
            "5 U.S.C. 3349a(b)",
            calendar,
            settings,
        )
        periods.append(
            Period(
                max(inauguration.date, vacancy.since),
                extended.end,
                extended.reason,
                extended.citation,
            )
        )
    return periods


def _counted(
    nominations: Sequence[Nomination], calendar: Calendar, settings: Settings
) -> list[tuple[int, Nomination]]:
    """Each nomination with its ordinal: first, second, third... for the vacancy."""
    ordered = sorted(nominations, key=lambda n: (n.submitted, n.person))
    resets = sorted(i.date for i in calendar.inaugurations if i.transitional)
    counted: list[tuple[int, Nomination]] = []
    count = 0
    era: dt.date | None = None
    for nomination in ordered:
        if settings.inauguration_reading is InaugurationReading.OLC:
            current = max((d for d in resets if d <= nomination.submitted), default=None)
            if current != era:
                era, count = current, 0
        count += 1
        counted.append((count, nomination))
    return counted


def nomination_ordinal(
    nominations: Sequence[Nomination],
    nomination: Nomination,
    calendar: Calendar,
    settings: Settings,
) -> int:
    """Whether this is the first, second, third... nomination for the vacancy, as counted
    under the settings (GAO: per vacancy; OLC: afresh for each new President)."""
    for ordinal, counted in _counted(list(nominations), calendar, settings):
        if counted == nomination:
            return ordinal
    return len(nominations) + 1


def lawful_periods(
    vacancy: Vacancy,
    nominations: Iterable[Nomination],
    calendar: Calendar,
    settings: Settings,
) -> list[Period]:
    """Every period in which acting service in this vacancy is lawful, in start order."""
    if vacancy.reason is VacancyReason.SICKNESS:
        return [
            Period(vacancy.since, None, "the vacancy is caused by sickness", "5 U.S.C. 3346(a)")
        ]
    start, reason, citation = _start_of_count(vacancy, calendar)
    base = _period(start, reason, citation, calendar, settings)
    # Service may begin on the day of the vacancy even when the count starts later.
    periods = [Period(vacancy.since, base.end, base.reason, base.citation)]
    periods.extend(_inauguration_periods(vacancy, calendar, settings))
    ordinal_words = {1: "first", 2: "second"}
    for ordinal, nomination in _counted(list(nominations), calendar, settings):
        if ordinal > 2:
            continue  # a third nomination gives no further time (3346(a)(2), (b)(2))
        word = ordinal_words[ordinal]
        failed = nomination.outcome.failed and nomination.outcome_date is not None
        pending_end = nomination.outcome_date - DAY if failed and nomination.outcome_date else None
        confirmed = (
            nomination.outcome is NominationOutcome.CONFIRMED
            and nomination.outcome_date is not None
        )
        if confirmed and settings.nomination_pending is PendingReading.CONFIRMATION:
            # Read literally, the extension ends with the Senate's vote; the day of the vote
            # is the last day it was pending. (Under the other reading a confirmed nomination
            # stays pending until the nominee takes office, which ends the vacancy itself.)
            pending_end = nomination.outcome_date
        periods.append(
            Period(
                nomination.submitted,
                pending_end,
                f"while the {word} nomination ({nomination.person},"
                f" {nomination.submitted.isoformat()}) is pending",
                "5 U.S.C. 3346(a)(2)",
            )
        )
        if failed and nomination.outcome_date is not None:
            periods.append(
                _period(
                    nomination.outcome_date,
                    f"210 days after the {word} nomination was {nomination.outcome}"
                    f" on {nomination.outcome_date.isoformat()}",
                    f"5 U.S.C. 3346(b)({ordinal})",
                    calendar,
                    settings,
                )
            )
    return sorted(periods, key=lambda p: (p.start, p.end or dt.date.max))


def merge(periods: Sequence[Period]) -> list[Period]:
    """Join overlapping or touching periods; the later basis names the merged one's end."""
    merged: list[Period] = []
    for period in sorted(periods, key=lambda p: p.start):
        if merged:
            last = merged[-1]
            if last.end is None:
                continue
            if period.start <= last.end + DAY:
                if period.end is None or period.end > last.end:
                    merged[-1] = Period(last.start, period.end, period.reason, period.citation)
                continue
        merged.append(period)
    return merged


@functools.lru_cache(maxsize=16_384)
def _merged(
    vacancy: Vacancy,
    nominations: tuple[Nomination, ...],
    calendar: Calendar,
    settings: Settings,
) -> tuple[Period, ...]:
    """The merged periods of a vacancy, remembered: the inputs are frozen records, and the
    engine and every query about the same vacancy ask again and again."""
    return tuple(merge(lawful_periods(vacancy, nominations, calendar, settings)))


def acting_limit(
    vacancy: Vacancy,
    nominations: Iterable[Nomination],
    calendar: Calendar,
    settings: Settings,
    *,
    on: dt.date,
) -> Limit:
    """Whether acting service is lawful on `on`, and until when."""
    periods = _merged(vacancy, tuple(nominations), calendar, settings)
    for period in periods:
        if period.covers(on):
            return Limit(True, period.end, period.reason, period.citation)
    ended = [p for p in periods if p.end is not None and p.end < on]
    if ended:
        last = ended[-1]
        assert last.end is not None
        return Limit(
            False,
            last.end,
            f"the time ran out after {last.end.isoformat()} ({last.reason})",
            f"{last.citation}; 5 U.S.C. 3348",
        )
    return Limit(False, None, "no period of lawful acting service", "5 U.S.C. 3346")


def next_lawful_start(
    vacancy: Vacancy,
    nominations: Iterable[Nomination],
    calendar: Calendar,
    settings: Settings,
    *,
    after: dt.date,
) -> Period | None:
    """The next period of lawful acting service that time alone opens after `after` (a
    transitional inauguration's extra time, 3349a). Merged periods never touch, so any that
    starts later follows days on which acting is not lawful: whether service is lawful on
    `after` or not, acting becomes lawful again on that period's first day."""
    periods = _merged(vacancy, tuple(nominations), calendar, settings)
    return next((p for p in periods if p.start > after), None)
