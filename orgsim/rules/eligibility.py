"""Who may act in a vacant office, person by person (5 U.S.C. 3345): the first assistant, a
Senate-confirmed officer or a senior employee the President directs, and the nomination bar.
Every answer is three-valued: where a fact is missing the answer is undetermined."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from attrs import frozen

from orgsim.model import (
    Appointment,
    Capacity,
    Lawfulness,
    Nomination,
    NominationOutcome,
    State,
    Tenure,
    Vacancy,
)
from orgsim.rules.findings import FindingId

__all__ = [
    "FIRST_ASSISTANT",
    "NOMINATION_BAR",
    "OTHER_PAS",
    "SENIOR_EMPLOYEE",
    "Judgement",
    "counted_nominations",
    "designation_eligibility",
    "first_assistant_of",
    "held_by",
    "nomination_bar",
]

FIRST_ASSISTANT = "5 U.S.C. 3345(a)(1)"
OTHER_PAS = "5 U.S.C. 3345(a)(2)"
SENIOR_EMPLOYEE = "5 U.S.C. 3345(a)(3)"
NOMINATION_BAR = "5 U.S.C. 3345(b)(1); NLRB v. SW General, 580 U.S. 288 (2017)"
QUALIFYING_DAYS = 90
LOOKBACK_DAYS = 365
_SENIOR_GRADE = re.compile(r"^(SES|ES|SL|ST|EX(-\w+)?|GS-15|GS-15/\d+)$", re.IGNORECASE)
_GRADE_KNOWN = re.compile(r"^(GS-\d+(/\d+)?|SES|ES|SL|ST|EX(-\w+)?)$", re.IGNORECASE)


@frozen
class Judgement:
    """A three-valued answer with the reason, the citation it rests on, and what is missing."""

    status: Lawfulness
    reason: str
    citation: str
    post: str | None = None  # the post whose holding the judgement rests on, if any
    missing: tuple[str, ...] = ()
    rule: str = FindingId.ACTING_ELIGIBILITY

    @property
    def ok(self) -> bool:
        """Whether the answer is a plain yes."""
        return self.status is Lawfulness.LAWFUL


def first_assistant_of(state: State, post_id: str) -> str | None:
    """The first-assistant post that counts: for an open vacancy, the one in place when it
    arose (one named later does not qualify); otherwise the post's own."""
    post = state.post(post_id)
    vacancy = state.vacancies.get(post_id)
    return vacancy.first_assistant_of(post) if vacancy is not None else post.first_assistant


def held_by(state: State, person: str) -> Iterator[Tenure]:
    """Every post the person serves in now (in post-id order)."""
    return state.held_by(person)


def counted_nominations(state: State, post_id: str) -> tuple[Nomination, ...]:
    """The nominations that count for the clock and the bar: the President's. A nomination
    the record says someone else made has no force (only the President nominates)."""
    noms = state.nominations.get(post_id, ())
    president = state.president()
    if president is None or all(n.president in (None, president) for n in noms):
        return noms
    # A nomination recorded as made by someone who is not the President has no force; one
    # made by an earlier President (recorded with their id) still counts.
    presidents = _presidents(state)
    return tuple(n for n in noms if n.president is None or n.president in presidents)


def _presidents(state: State) -> set[str]:
    """Everyone the record shows as President: the holder now and each inauguration's."""
    found = {i.president for i in state.calendar.inaugurations if i.president}
    now = state.president()
    if now:
        found.add(now)
    return found


def _nominal(state: State, post_id: str) -> bool:
    """The sources say the post is a first assistant in name only: it counts as none."""
    post = state.posts.get(post_id)
    return bool(post is not None and post.nominal_first_assistant)


def _first_assistant_days(tenure: Tenure, vacancy_since: dt.date) -> int | None:
    """Days served as first assistant in the 365 days before the vacancy; None if unknown."""
    if tenure.start is None:
        return None
    window_start = vacancy_since - dt.timedelta(days=LOOKBACK_DAYS)
    start = max(tenure.start, window_start)
    return max(0, (vacancy_since - start).days)


def nomination_bar(state: State, post_id: str, person: str, vacancy: Vacancy) -> Judgement:
    """3345(b)(1): a nominee to the office may not act, with its two exceptions (a first
    assistant for 90 days of the year before the vacancy; a Senate-confirmed first assistant)."""
    pending = [
        n
        for n in counted_nominations(state, post_id)
        if n.person == person and n.outcome is NominationOutcome.PENDING
    ]
    if not pending:
        return Judgement(Lawfulness.LAWFUL, "not nominated to the office", NOMINATION_BAR)
    fa_post = vacancy.first_assistant_of(state.post(post_id))
    fa_tenure = state.holder(fa_post) if fa_post and not _nominal(state, fa_post) else None
    bar = FindingId.NOMINATION_BAR
    if fa_tenure is not None and fa_tenure.person == person:
        fa_pas = state.posts[fa_post or ""].appointment is Appointment.PAS
        if fa_tenure.capacity is Capacity.CONFIRMED and fa_pas:
            return Judgement(
                Lawfulness.LAWFUL,
                "nominated, but a Senate-confirmed first assistant",
                "5 U.S.C. 3345(b)(2)",
                rule=bar,
            )
        days = _first_assistant_days(fa_tenure, vacancy.since)
        if days is None:
            return Judgement(
                Lawfulness.UNDETERMINED,
                "nominated to the office; the start of service as first assistant is not"
                " recorded, so whether the 90-day exception applies cannot be told",
                NOMINATION_BAR,
                missing=(f"when {state.name(person)} became {state.title(fa_post)}",),
                rule=bar,
            )
        if days >= QUALIFYING_DAYS:
            return Judgement(
                Lawfulness.LAWFUL,
                f"nominated, but served {days} days as first assistant in the year before"
                " the vacancy",
                "5 U.S.C. 3345(b)(1)(A)",
                rule=bar,
            )
        return Judgement(
            Lawfulness.UNLAWFUL,
            f"nominated to the office after only {days} days as first assistant in the year"
            " before the vacancy (90 needed)",
            NOMINATION_BAR,
            rule=bar,
        )
    return Judgement(
        Lawfulness.UNLAWFUL,
        "nominated to the office and not its first assistant for 90 days before the vacancy",
        NOMINATION_BAR,
        rule=bar,
    )


def _senior(grade: str | None) -> Lawfulness:
    """Whether a grade is paid at least the GS-15 minimum; undetermined when not recorded or
    not a grade orgsim can read."""
    if grade is None:
        return Lawfulness.UNDETERMINED
    text = grade.strip()
    if _SENIOR_GRADE.match(text):
        return Lawfulness.LAWFUL
    return Lawfulness.UNLAWFUL if _GRADE_KNOWN.match(text) else Lawfulness.UNDETERMINED


def designation_eligibility(
    state: State, post_id: str, person: str, vacancy_since: dt.date
) -> Judgement:
    """Whether this person may act under 3345(a): as first assistant, or if the President
    directs them, as a Senate-confirmed officer or a senior employee of the same agency."""
    fa_post = first_assistant_of(state, post_id)
    fa = state.holder(fa_post) if fa_post and not _nominal(state, fa_post) else None
    if fa is not None and fa.person == person and not fa.capacity.is_temporary:
        return Judgement(Lawfulness.LAWFUL, "the first assistant", FIRST_ASSISTANT, fa_post)
    for tenure in state.held_by(person):
        if (
            tenure.post != post_id
            and tenure.capacity is Capacity.CONFIRMED
            and state.post(tenure.post).appointment is Appointment.PAS
        ):
            return Judgement(
                Lawfulness.LAWFUL,
                f"serves in another Senate-confirmed office ({state.title(tenure.post)})",
                OTHER_PAS,
                tenure.post,
            )
    who = state.people.get(person)
    if who is None:
        return Judgement(Lawfulness.UNLAWFUL, f"{person} is not a known person", SENIOR_EMPLOYEE)
    agency = state.agency_of(post_id)
    problems: list[str] = []
    missing: list[str] = []
    if agency is None:
        missing.append(f"the executive agency of the {state.title(post_id)}")
    elif who.agency is None:
        missing.append(f"the agency {who.name} served in")
    elif who.agency != agency:
        problems.append(f"not an officer or employee of the same agency ({agency})")
    if who.service_start is None:
        missing.append(f"when {who.name} began to serve in the agency")
    else:
        window = vacancy_since - dt.timedelta(LOOKBACK_DAYS)
        served = min(LOOKBACK_DAYS, (vacancy_since - max(who.service_start, window)).days)
        if served < QUALIFYING_DAYS:
            problems.append(f"served {max(served, 0)} of the 90 days needed in the year before")
    senior = _senior(who.grade)
    if senior is Lawfulness.UNLAWFUL:
        problems.append(f"grade {who.grade} is below GS-15")
    elif senior is Lawfulness.UNDETERMINED:
        missing.append(
            f"{who.name}'s grade" + (f" ({who.grade!r} is not a grade)" if who.grade else "")
        )
    head = "neither first assistant nor Senate-confirmed elsewhere, and "
    if problems:
        return Judgement(
            Lawfulness.UNLAWFUL, "not eligible: " + head + "; ".join(problems), SENIOR_EMPLOYEE
        )
    if missing:
        return Judgement(
            Lawfulness.UNDETERMINED,
            "eligible as a senior employee only if the facts not recorded allow it: "
            + "; ".join(missing),
            SENIOR_EMPLOYEE,
            missing=tuple(missing),
            rule=FindingId.ACTING_UNDETERMINED,
        )
    return Judgement(
        Lawfulness.LAWFUL,
        f"senior employee of the agency since {who.service_start}, grade {who.grade}",
        SENIOR_EMPLOYEE,
    )
