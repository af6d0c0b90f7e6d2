"""Who may act in a vacant office (5 U.S.C. 3345, 3347; agency orders of succession)."""

from __future__ import annotations

import datetime as dt
import re

from attrs import frozen

from orgsim.model import (
    Appointment,
    Capacity,
    NominationOutcome,
    OrderAuthority,
    State,
    SuccessionOrder,
    Tenure,
    VacancyKind,
)

__all__ = [
    "Candidate",
    "Judgement",
    "designation_eligibility",
    "first_assistant_of",
    "governing_order",
    "issuer_lawful",
    "listee_defect",
    "nomination_bar",
    "order_defect",
    "succession_line",
    "successor",
    "vacancy_line",
    "vacancy_successor",
]

FIRST_ASSISTANT = "5 U.S.C. 3345(a)(1)"
OTHER_PAS = "5 U.S.C. 3345(a)(2)"
SENIOR_EMPLOYEE = "5 U.S.C. 3345(a)(3)"
NOMINATION_BAR = "5 U.S.C. 3345(b)(1); NLRB v. SW General, 580 U.S. 288 (2017)"
QUALIFYING_DAYS = 90
LOOKBACK_DAYS = 365
_SENIOR_GRADE = re.compile(r"^(SES|ES|SL|ST|EX(-\w+)?|GS-15|GS-15/\d+)$", re.IGNORECASE)


@frozen
class Judgement:
    """A yes or no with the reason and the citation it rests on."""

    ok: bool
    reason: str
    citation: str
    post: str | None = None  # the post whose holding the judgement rests on, if any


@frozen
class Candidate:
    """One place in a line of succession and whether its holder could act now."""

    post: str
    person: str | None
    eligible: bool
    reason: str
    basis: str  # the citation an acting officer from this place would serve under
    route: str  # "first-assistant" or "order"
    order: str | None = None
    detail: str = ""  # the judgement of the holder alone, without the place in the line


def first_assistant_of(state: State, post_id: str) -> str | None:
    """The first-assistant post that counts: for an open vacancy, the one in place when it
    arose (one named later does not qualify); otherwise the post's own."""
    post = state.post(post_id)
    vacancy = state.vacancies.get(post_id)
    return vacancy.first_assistant_of(post) if vacancy is not None else post.first_assistant


def issuer_lawful(state: State, person: str | None, post_id: str | None = None) -> Judgement:
    """Whether someone issuing an order, designation or delegation is lawfully serving.

    With `post_id`, the issuer must lawfully hold that post or one above it: the office,
    not just the person, must have authority over it.
    """
    if person is None:
        return Judgement(True, "the issuer is not recorded", "")
    tenures = list(state.held_by(person))
    if post_id is not None and post_id in state.posts:
        over = {post_id, *state.chain_of_command(post_id)}
        tenures = [t for t in tenures if t.post in over]
        if not tenures:
            return Judgement(
                False,
                f"{state.name(person)} holds no office with authority over the"
                f" {state.title(post_id)} on {state.date.isoformat()}",
                "5 U.S.C. 3348(d)",
            )
    if not tenures:
        return Judgement(
            False,
            f"{state.name(person)} holds no office on {state.date.isoformat()}",
            "5 U.S.C. 3348(d)",
        )
    if not any(t.lawful for t in tenures):
        defects = "; ".join(t.defect or "not lawfully serving" for t in tenures)
        return Judgement(
            False, f"{state.name(person)} is not lawfully serving ({defects})", "5 U.S.C. 3348(d)"
        )
    return Judgement(True, f"{state.name(person)} is lawfully serving", "")


def governing_order(state: State, post_id: str, kind: VacancyKind) -> SuccessionOrder | None:
    """The order of succession in force for this post and kind of vacancy, if any."""
    orders = [
        o for o in state.orders.values() if o.post == post_id and kind in o.covers and o.lawful
    ]
    if not orders:
        return None
    return max(orders, key=lambda o: (o.issued_on or dt.date.min, o.version, o.id))


def _first_assistant_days(tenure: Tenure, vacancy_since: dt.date) -> int | None:
    """Days served as first assistant in the 365 days before the vacancy; None if unknown."""
    if tenure.start is None:
        return None
    window_start = vacancy_since - dt.timedelta(days=LOOKBACK_DAYS)
    start = max(tenure.start, window_start)
    return max(0, (vacancy_since - start).days)


def nomination_bar(state: State, post_id: str, person: str, vacancy_since: dt.date) -> Judgement:
    """3345(b)(1): a nominee to the office may not act, with its two exceptions."""
    pending = [
        n
        for n in state.nominations.get(post_id, ())
        if n.person == person and n.outcome in (NominationOutcome.PENDING,)
    ]
    if not pending:
        return Judgement(True, "not nominated to the office", NOMINATION_BAR)
    fa_post = first_assistant_of(state, post_id)
    fa_tenure = state.holder(fa_post) if fa_post else None
    if fa_tenure is not None and fa_tenure.person == person:
        if fa_tenure.capacity is Capacity.CONFIRMED and state.post(fa_post or "").appointment is (
            Appointment.PAS
        ):
            return Judgement(
                True, "nominated, but a Senate-confirmed first assistant", "5 U.S.C. 3345(b)(2)"
            )
        days = _first_assistant_days(fa_tenure, vacancy_since)
        if days is None:
            return Judgement(
                False,
                "nominated to the office, and the start of service as first assistant is not"
                " recorded, so the 90-day exception cannot be shown",
                NOMINATION_BAR,
            )
        if days >= QUALIFYING_DAYS:
            return Judgement(
                True,
                f"nominated, but served {days} days as first assistant in the year before"
                " the vacancy",
                "5 U.S.C. 3345(b)(1)(A)",
            )
        return Judgement(
            False,
            f"nominated to the office after only {days} days as first assistant in the year"
            " before the vacancy (90 needed)",
            NOMINATION_BAR,
        )
    return Judgement(
        False,
        "nominated to the office and not its first assistant for 90 days before the vacancy",
        NOMINATION_BAR,
    )


def _senior_grade(grade: str | None) -> bool:
    return grade is not None and bool(_SENIOR_GRADE.match(grade.strip()))


def designation_eligibility(
    state: State, post_id: str, person: str, vacancy_since: dt.date
) -> Judgement:
    """Whether the President may direct this person to act (3345(a)(1)-(3))."""
    fa_post = first_assistant_of(state, post_id)
    fa = state.holder(fa_post) if fa_post else None
    if fa is not None and fa.person == person:
        return Judgement(True, "the first assistant", FIRST_ASSISTANT, fa_post)
    for tenure in state.held_by(person):
        if (
            tenure.post != post_id
            and tenure.capacity is Capacity.CONFIRMED
            and state.post(tenure.post).appointment is Appointment.PAS
        ):
            return Judgement(
                True,
                f"serves in another Senate-confirmed office ({state.title(tenure.post)})",
                OTHER_PAS,
                tenure.post,
            )
    who = state.people.get(person)
    agency = state.agency_of(post_id)
    if who is None:
        return Judgement(False, f"{person} is not a known person", "5 U.S.C. 3345(a)")
    problems: list[str] = []
    if agency is None or who.agency != agency:
        problems.append(
            f"not an officer or employee of the same agency ({agency or 'agency not recorded'})"
        )
    if who.service_start is None:
        problems.append("length of service not recorded")
    else:
        served = min(
            LOOKBACK_DAYS,
            (
                vacancy_since - max(who.service_start, vacancy_since - dt.timedelta(LOOKBACK_DAYS))
            ).days,
        )
        if served < QUALIFYING_DAYS:
            problems.append(f"served {max(served, 0)} of the 90 days needed in the year before")
    if not _senior_grade(who.grade):
        problems.append(
            f"grade {who.grade} is below GS-15"
            if who.grade
            else "grade not recorded (GS-15 or above is needed)"
        )
    if problems:
        return Judgement(
            False,
            "not eligible: neither first assistant nor Senate-confirmed elsewhere, and "
            + "; ".join(problems),
            SENIOR_EMPLOYEE,
        )
    return Judgement(
        True,
        f"senior employee of the agency since {who.service_start}, grade {who.grade}",
        SENIOR_EMPLOYEE,
    )


def _judge_holder(
    state: State,
    post_id: str,
    line_post: str,
    *,
    excluded: frozenset[str],
    skip_acting: bool,
    vacancy_since: dt.date,
) -> tuple[str | None, bool, str]:
    tenure = state.holder(line_post)
    if tenure is None:
        status = state.status(line_post)
        return None, False, "vacant" if status == "vacant" else "holder not recorded"
    if tenure.person in excluded:
        return tenure.person, False, "has left this office, or stepped down from acting in it"
    if skip_acting and tenure.capacity.is_temporary:
        return tenure.person, False, f"holds the post only as {tenure.capacity}"
    if not tenure.lawful:
        return tenure.person, False, f"not lawfully serving ({tenure.defect})"
    bar = nomination_bar(state, post_id, tenure.person, vacancy_since)
    if not bar.ok:
        return tenure.person, False, bar.reason
    return tenure.person, True, f"serves as {state.title(line_post)}, {tenure.capacity}"


NO_STATUTE = "5 U.S.C. 3347(a), (b)"
DELEGATION_ONLY = "5 U.S.C. 3347(b)"


def order_defect(state: State, post_id: str, order: SuccessionOrder) -> tuple[str, str] | None:
    """Why an order cannot put anyone in a Vacancies Act office as acting, with the citation;
    None when it can (or the Act does not govern the office)."""
    if not state.post(post_id).fvra:
        return None
    if not order.authority:
        return "the order rests on no statute", NO_STATUTE
    if order.authority_kind is OrderAuthority.DELEGATION:
        return (
            f"the order rests on a general power to delegate ({order.authority}), which is"
            " not a statute that provides for acting officers",
            DELEGATION_ONLY,
        )
    return None


def listee_defect(
    state: State, post_id: str, order: SuccessionOrder, person: str, vacancy_since: dt.date
) -> str | None:
    """Why a person an executive order lists may not act under it: its listees are the
    President's designations made in advance, so each must qualify under 3345(a)."""
    if order.authority_kind is not OrderAuthority.EXECUTIVE_ORDER or not state.post(post_id).fvra:
        return None
    judgement = designation_eligibility(state, post_id, person, vacancy_since)
    if judgement.ok:
        return None
    return (
        f"an executive order's listees must qualify under the Vacancies Act, and this one"
        f" does not ({judgement.reason}) [5 U.S.C. 3345(a)]"
    )


def succession_line(
    state: State,
    post_id: str,
    kind: VacancyKind = VacancyKind.ORDINARY,
    *,
    vacated_holder: str | None = None,
    vacancy_since: dt.date | None = None,
    excluded: frozenset[str] = frozenset(),
) -> list[Candidate]:
    """The ordered places that would act if the post fell vacant for this kind of reason."""
    post = state.post(post_id)
    since = vacancy_since or state.date
    if vacated_holder is None:
        current = state.holder(post_id)
        vacated_holder = current.person if current else None
    excluded = excluded | ({vacated_holder} if vacated_holder else set())
    vacancy = state.vacancies.get(post_id)
    if vacancy is not None:
        excluded = excluded | vacancy.declined
    # For an open vacancy, its first assistant is the one in place when it arose.
    fa_post = first_assistant_of(state, post_id)
    fa_entry: list[Candidate] = []
    if fa_post and post.fvra and fa_post in state.posts:
        person, ok, reason = _judge_holder(
            state,
            post_id,
            fa_post,
            excluded=excluded,
            # The first assistant must hold the post, not just fill it, to act (3345(a)(1)).
            skip_acting=True,
            vacancy_since=since,
        )
        fa_entry.append(
            Candidate(
                fa_post,
                person,
                ok,
                f"first assistant: {reason}",
                FIRST_ASSISTANT,
                "first-assistant",
                detail=reason,
            )
        )
    order = governing_order(state, post_id, kind)
    order_entries: list[Candidate] = []
    if order is not None:
        # An agency's own order is no basis for acting in a Vacancies Act office unless a
        # statute provides for it (3347); an order records its statute as its authority.
        defect = order_defect(state, post_id, order)
        # An executive order's line passes over those who hold a listed post only as acting.
        skip = order.skip_acting or order.authority_kind is OrderAuthority.EXECUTIVE_ORDER
        for line_post in order.line:
            if line_post not in state.posts:
                continue
            if line_post == fa_post and fa_entry and kind is not VacancyKind.EMERGENCY:
                continue
            person, ok, reason = _judge_holder(
                state,
                post_id,
                line_post,
                excluded=excluded,
                skip_acting=skip,
                vacancy_since=since,
            )
            if defect is not None:
                ok = False
                reason = f"{reason}; but {defect[0]} ({defect[1]})"
            elif ok and person is not None:
                unfit = listee_defect(state, post_id, order, person, since)
                if unfit is not None:
                    ok = False
                    reason = f"{reason}; but {unfit}"
            order_entries.append(
                Candidate(
                    line_post,
                    person,
                    ok,
                    f"{order.id}: {reason}",
                    order.authority or NO_STATUTE,
                    "order",
                    order.id,
                    detail=reason,
                )
            )
    if kind is VacancyKind.EMERGENCY:
        # In a disaster or emergency the order governs, in its own order; the first
        # assistant comes after it only when the order does not list that post.
        listed = {c.post for c in order_entries}
        return order_entries + [c for c in fa_entry if c.post not in listed]
    return fa_entry + order_entries


def successor(
    state: State,
    post_id: str,
    kind: VacancyKind,
    *,
    vacated_holder: str | None,
    vacancy_since: dt.date,
    excluded: frozenset[str] = frozenset(),
) -> Candidate | None:
    """The first eligible place in the line, or None when nobody may act."""
    for candidate in succession_line(
        state,
        post_id,
        kind,
        vacated_holder=vacated_holder,
        vacancy_since=vacancy_since,
        excluded=excluded,
    ):
        if candidate.eligible:
            return candidate
    return None


def vacancy_line(
    state: State, post_id: str, *, excluded: frozenset[str] = frozenset()
) -> list[Candidate]:
    """The line of succession for the post's open vacancy, read with the vacancy's own kind,
    the holder who left and the day it arose."""
    vacancy = state.vacancies[post_id]
    return succession_line(
        state,
        post_id,
        vacancy.reason.kind,
        vacated_holder=vacancy.previous_holder,
        vacancy_since=vacancy.since,
        excluded=excluded,
    )


def vacancy_successor(state: State, post_id: str) -> Candidate | None:
    """The first eligible place in the line for the post's open vacancy, or None."""
    return next((c for c in vacancy_line(state, post_id) if c.eligible), None)
