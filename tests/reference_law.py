"""A deliberately simple reading of the Vacancies Act for the state machine (test_stateful.py).

It reads the recorded state as plain facts and answers, for a vacant Senate-confirmed office,
"who could lawfully act?" and "does its recorded holder serve lawfully?", written from
shared/domain/succession-rules.md (sections 2, 3, 5, 8, 13) without calling orgsim.rules.
Three-valued: "lawful", "unlawful", "undetermined" (a fact the answer needs is missing).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from attrs import frozen

from orgsim.model import (
    Capacity,
    Nomination,
    NominationOutcome,
    State,
    Vacancy,
    VacancyKind,
    VacancyReason,
)

DAY = dt.timedelta(days=1)
LAWFUL, UNLAWFUL, UNDETERMINED = "lawful", "unlawful", "undetermined"
SENIOR = ("GS-15", "SES")


def worst(values: Iterable[str]) -> str:
    """All conditions together."""
    seen = set(values)
    return UNLAWFUL if UNLAWFUL in seen else UNDETERMINED if UNDETERMINED in seen else LAWFUL


def clock(
    vacancy: Vacancy,
    nominations: tuple[Nomination, ...],
    day: dt.date,
    inauguration: dt.date | None = None,
) -> bool:
    """3346 and 3349a read literally, day 0 counting, no Senate calendar: 210 days from the
    vacancy; a first or second nomination keeps service lawful while it is pending (until the
    Senate's vote on a confirmation, the day before a failure), and a failed one gives a
    fresh 210 days; a third gives nothing; sickness has no limit; a vacancy that exists in the
    60 days from a transitional inauguration is also lawful from then to 210 days after the
    later of inauguration + 90 and vacancy + 90."""
    if vacancy.reason is VacancyReason.SICKNESS:
        return vacancy.since <= day
    if vacancy.since <= day <= vacancy.since + 210 * DAY:
        return True
    if inauguration is not None and vacancy.since <= inauguration + 59 * DAY:
        opens = max(inauguration, vacancy.since)
        if opens <= day <= opens + (90 + 210) * DAY:
            return True
    ordered = sorted(nominations, key=lambda n: (n.submitted, n.person))
    for nomination in ordered[:2]:
        if nomination.submitted > day:
            continue
        outcome, ended = nomination.outcome, nomination.outcome_date
        if outcome is NominationOutcome.PENDING:
            return True
        assert ended is not None
        if outcome is NominationOutcome.CONFIRMED:
            if day <= ended:
                return True
            continue
        if day < ended or day <= ended + 210 * DAY:
            return True
    return False


@frozen
class Version:
    """One version of an order of succession, as the machine logged it."""

    order: str
    post: str
    lines: Mapping[VacancyKind, tuple[str, ...]]
    skip_acting: bool
    issued_on: dt.date | None  # None: on record when the history begins
    number: int
    force: str


def governing(
    versions: Iterable[Version], post: str, kind: VacancyKind, since: dt.date
) -> tuple[Version | None, str]:
    """Of the orders for `post`, the version in force on the day the vacancy arose: issued by
    then, with force (a version without it leaves the one before in force), covering the kind;
    of several orders, the latest issued or amended. The second value is "undetermined" when
    a newer version's force is unknown."""
    by_order: dict[str, list[Version]] = {}
    for v in versions:
        if v.post == post:
            by_order.setdefault(v.order, []).append(v)
    best: tuple[tuple[dt.date, int, str], Version, str] | None = None
    for order, chain in by_order.items():
        status = LAWFUL
        for v in sorted(chain, key=lambda v: v.number, reverse=True):
            if v.issued_on is not None and v.issued_on > since:
                continue
            if v.force == UNLAWFUL:
                continue
            if v.force == UNDETERMINED:
                status = UNDETERMINED
                continue
            if kind not in v.lines:
                break
            key = (v.issued_on or dt.date.min, v.number, order)
            if best is None or key > best[0]:
                best = (key, v, status)
            break
    return (best[1], best[2]) if best else (None, LAWFUL)


def bar(state: State, post: str, person: str, vacancy: Vacancy) -> str:
    """3345(b)(1): a pending nominee to the office may act only as its first assistant of 90
    days in the year before the vacancy."""
    nominated = any(
        n.person == person and n.outcome is NominationOutcome.PENDING
        for n in state.nominations.get(post, ())
    )
    if not nominated:
        return LAWFUL
    fa = state.holdings.get(vacancy.first_assistant or "")
    if fa is None or fa.person != person:
        return UNLAWFUL
    if fa.start is None:
        return UNDETERMINED
    return LAWFUL if fa.start <= vacancy.since - 90 * DAY else UNLAWFUL


@frozen
class Place:
    """A place in the line: who holds it and whether they could act (three-valued)."""

    post: str
    person: str | None
    status: str


def line(
    state: State,
    post: str,
    versions: Iterable[Version],
    statuses: Mapping[str, str],
) -> list[Place]:
    """The line for the post's open vacancy: its first assistant by operation of law, then the
    governing order's listees in the order listed (in an emergency, the order first)."""
    vacancy = state.vacancies[post]
    kind = (
        VacancyKind.EMERGENCY if vacancy.reason is VacancyReason.ABSENCE else VacancyKind.ORDINARY
    )
    gone = {vacancy.previous_holder, *vacancy.declined}

    def place(listed: str, *, outright: bool) -> Place:
        tenure = state.holdings.get(listed)
        if tenure is None:
            return Place(listed, None, UNLAWFUL if listed in state.vacancies else UNDETERMINED)
        if tenure.person in gone:
            return Place(listed, tenure.person, UNLAWFUL)
        if outright and tenure.capacity.is_temporary:
            return Place(listed, tenure.person, UNLAWFUL)
        own = statuses.get(listed, LAWFUL) if tenure.capacity.is_temporary else LAWFUL
        return Place(listed, tenure.person, worst([own, bar(state, post, tenure.person, vacancy)]))

    fa_post = vacancy.first_assistant
    first = [place(fa_post, outright=True)] if fa_post else []
    version, certain = governing(versions, post, kind, vacancy.since)
    listed: list[Place] = []
    if version is not None:
        for q in version.lines[kind]:
            if q == fa_post and first and kind is VacancyKind.ORDINARY:
                continue
            p = place(q, outright=version.skip_acting)
            if certain == UNDETERMINED and p.status == LAWFUL:
                p = Place(p.post, p.person, UNDETERMINED)
            listed.append(p)
    if kind is VacancyKind.EMERGENCY:
        return listed + [p for p in first if p.post not in {q.post for q in listed}]
    return first + listed


def pick(places: list[Place]) -> tuple[str | None, bool]:
    """The first available, eligible place: (its holder, whether that is certain)."""
    for p in places:
        if p.status == LAWFUL:
            return p.person, True
        if p.status == UNDETERMINED:
            return None, False
    return None, True


def designation(
    state: State,
    post: str,
    person: str,
    by: str | None,
    president: str,
    facts: Mapping[str, tuple[str | None, str | None, dt.date | None]],
) -> tuple[str, str | None, bool]:
    """A presidential direction (3345(a)): only the President directs; the designee is the
    first assistant, a Senate-confirmed officer of another office, or a senior employee of
    the same agency (90 of the 365 days before the vacancy, GS-15 or above). Returns the
    status, the post the service rests on, and whether it must be held outright."""
    vacancy = state.vacancies[post]
    by_ok = UNDETERMINED if by is None else LAWFUL if by == president else UNLAWFUL
    fa = state.holdings.get(vacancy.first_assistant or "")
    if fa is not None and fa.person == person and not fa.capacity.is_temporary:
        return worst([by_ok]), vacancy.first_assistant, True
    for other, tenure in state.holdings.items():
        if (
            other != post
            and tenure.person == person
            and tenure.capacity is Capacity.CONFIRMED
            and state.posts[other].appointment == "pas"
        ):
            return worst([by_ok]), other, True
    grade, agency, start = facts.get(person, (None, None, None))
    checks = []
    checks.append(UNDETERMINED if agency is None else LAWFUL if agency == "dept" else UNLAWFUL)
    if start is None:
        checks.append(UNDETERMINED)
    else:
        window = vacancy.since - 365 * DAY
        served = (vacancy.since - max(start, window)).days
        checks.append(LAWFUL if served >= 90 else UNLAWFUL)
    checks.append(UNDETERMINED if grade is None else LAWFUL if grade in SENIOR else UNLAWFUL)
    return worst([by_ok, *checks]), None, False
