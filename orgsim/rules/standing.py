"""The legal timeline, post by post: whether the recorded holder of a vacant office serves
lawfully, who could lawfully perform its functions and duties, until when, and who may perform
them when nobody may act (5 U.S.C. 3345-3349c; shared/domain/succession-rules.md, 2-13)."""

from __future__ import annotations

import datetime as dt

from orgsim.model import (
    ActStatus,
    Appointment,
    Capacity,
    Coverage,
    Lawfulness,
    Legal,
    Reason,
    Route,
    Standing,
    State,
    Tenure,
    Vacancy,
    combine,
)
from orgsim.rules.acts import seat_verdict
from orgsim.rules.clock import Limit, acting_limit
from orgsim.rules.eligibility import counted_nominations, nomination_bar
from orgsim.rules.findings import FindingId
from orgsim.rules.orders import pick, vacancy_line
from orgsim.rules.recess import RECESS_CLAUSE, commission_end
from orgsim.rules.removal import APPOINTMENTS_CLAUSE
from orgsim.rules.settings import Settings

__all__ = [
    "NO_ACTING",
    "acting_status",
    "reserved_duties",
    "silent_on",
    "standing",
]

NO_ACTING = "5 U.S.C. 3348(a)(2), (b)"
OUTSIDE_ACT = "5 U.S.C. 3349c"
OUTSIDE_3348 = "5 U.S.C. 3348(e)"


def acting_status(state: State, post_id: str, settings: Settings, on: dt.date) -> Limit | None:
    """The Vacancies Act limit for acting service in a vacant post, or None if none applies."""
    vacancy = state.vacancies.get(post_id)
    post = state.posts.get(post_id)
    if vacancy is None or post is None or not post.fvra or post.coverage is Coverage.OUTSIDE_ACT:
        return None
    return acting_limit(
        vacancy, counted_nominations(state, post_id), state.calendar, settings, on=on
    )


def reserved_duties(state: State, post_id: str) -> tuple[str, str]:
    """Who may perform the duties reserved to a vacant office, in words, and the citation:
    the head of the agency, or nobody when the office is itself the agency's head."""
    post = state.posts[post_id]
    if post.coverage is not Coverage.FULL:
        return (
            "section 3348 does not apply to this office, so it does not say who performs its"
            " reserved duties",
            OUTSIDE_3348,
        )
    head = state.agency_of(post_id)
    agency = state.organizations[head].name if head else None
    reports_to = post.reports_to
    if head is not None and (reports_to is None or state.agency_of(reports_to) != head):
        return (
            f"as the office heads the agency ({agency}), nobody may perform the functions"
            " and duties reserved to it",
            "5 U.S.C. 3348(a)(2), (b)(2)",
        )
    head_words = f"the head of the agency ({agency})" if agency else "the head of the agency"
    return f"only {head_words} may perform the functions and duties reserved to it", NO_ACTING


def _reasons(pairs: tuple[tuple[str, str, str], ...], status: Lawfulness) -> list[Reason]:
    return [Reason(rule, citation, text, status) for rule, citation, text in pairs]


def _acting(
    state: State,
    legal: Legal,
    tenure: Tenure,
    vacancy: Vacancy,
    limit: Limit | None,
) -> tuple[Lawfulness, list[Reason], list[str], str, str, str | None]:
    """The recorded acting holder's service: (status, defects, missing facts, the provision
    it rests on, the basis in words, the post it rests on)."""
    post_id = tenure.post
    statuses: list[Lawfulness] = []
    reasons: list[Reason] = []
    missing: list[str] = []
    verdict = legal.act(tenure.act)
    if verdict is not None and verdict.kind in ("seating", "designation"):
        status = verdict.status.has_force
        statuses.append(status)
        if status is not Lawfulness.LAWFUL:
            # Service on the strength of a designation without authority carries its defect;
            # a seating (operation of law, a report) fails for its own reason.
            rule = (
                FindingId.DEFECT_CARRIED
                if verdict.kind == "designation"
                else verdict.rule or FindingId.ACTING_ELIGIBILITY
            )
            for text in verdict.reasons:
                reasons.append(Reason(rule, verdict.citation, text, status))
            missing.extend(verdict.missing)
        citation, words, basis = verdict.citation, verdict.what, verdict.basis_post
    else:
        seat = seat_verdict(
            state, legal, post_id, tenure.person, tenure.route or Route.NOT_REPORTED, tenure.by
        )
        statuses.append(seat.status)
        reasons.extend(_reasons(seat.reasons, seat.status))
        missing.extend(seat.missing)
        citation, words, basis = seat.citation, seat.words, seat.basis_post
    basis = basis or tenure.basis_post
    if basis is not None and basis != post_id:
        held = state.holder(basis)
        # A listee under an order that does not pass over acting holders may hold the listed
        # post as acting; a first assistant, or a Senate-confirmed officer of another
        # office, must hold it outright.
        outright = tenure.route is not Route.ORDER
        if (
            held is None
            or held.person != tenure.person
            or (outright and held.capacity.is_temporary)
        ):
            statuses.append(Lawfulness.UNLAWFUL)
            reasons.append(
                Reason(
                    FindingId.ACTING_BASIS_LOST,
                    citation or "5 U.S.C. 3345(a)",
                    f"no longer holds the post of {state.title(basis)}, on which the acting"
                    " service rests",
                )
            )
    if limit is not None and not limit.lawful:
        statuses.append(Lawfulness.UNLAWFUL)
        reasons.append(Reason(FindingId.ACTING_TIME_LIMIT, limit.citation, limit.reason))
    bar = nomination_bar(state, post_id, tenure.person, vacancy)
    statuses.append(bar.status)
    if not bar.ok:
        reasons.append(Reason(FindingId.NOMINATION_BAR, bar.citation, bar.reason, bar.status))
        missing.extend(bar.missing)
    return combine(statuses), reasons, missing, citation, words, basis


def _performing(
    state: State, legal: Legal, tenure: Tenure
) -> tuple[Lawfulness, list[Reason], list[str]]:
    """Someone performing delegated duties: lawful as far as the delegation has force."""
    delegation = state.delegations.get(tenure.post)
    if delegation is None or delegation.person != tenure.person:
        return (
            Lawfulness.UNDETERMINED,
            [
                Reason(
                    FindingId.PERFORMING_DUTIES,
                    NO_ACTING,
                    f"no delegation of the office's duties to {state.name(tenure.person)} is"
                    " recorded",
                    Lawfulness.UNDETERMINED,
                )
            ],
            [f"who delegated the duties to {state.name(tenure.person)}"],
        )
    verdict = legal.act(delegation.act)
    if verdict is None:
        return Lawfulness.LAWFUL, [], []
    status = verdict.status.has_force
    if status is Lawfulness.LAWFUL:
        return status, [], []
    rule = (
        FindingId.ISSUER_NOT_REPORTED
        if status is Lawfulness.UNDETERMINED
        else FindingId.ISSUER_NOT_LAWFUL
    )
    reasons = [
        Reason(rule, verdict.citation, f"the delegation: {text}", status)
        for text in verdict.reasons
    ]
    return status, reasons, list(verdict.missing)


def _filled(
    state: State, legal: Legal, post_id: str, tenure: Tenure | None, day: dt.date
) -> Standing | None:
    """A post that is not vacant: a judgement only where the appointment is in question."""
    if tenure is None:
        return None
    post = state.posts[post_id]
    if tenure.capacity is Capacity.RECESS:
        verdict = legal.act(tenure.act)
        end = tenure.expires or commission_end(state, tenure.start or day)
        if verdict is not None and verdict.status is not ActStatus.VALID:
            status = verdict.status.has_force
            return Standing(
                post_id,
                day,
                status,
                tuple(
                    Reason(FindingId.RECESS_APPOINTMENT, RECESS_CLAUSE, text, status)
                    for text in verdict.reasons
                ),
                verdict.missing,
                lawful=None,
                determined=False,
                holder=tenure.person,
            )
        if end is not None and day > end:
            return Standing(
                post_id,
                day,
                Lawfulness.UNLAWFUL,
                (
                    Reason(
                        FindingId.RECESS_COMMISSION_ENDS,
                        RECESS_CLAUSE,
                        f"the recess commission expired after {end.isoformat()}",
                    ),
                ),
                ("who may act once a recess commission has expired",),
                lawful=None,
                determined=False,
                holder=tenure.person,
            )
        return Standing(
            post_id,
            day,
            Lawfulness.LAWFUL,
            lawful=tenure.person,
            provision=RECESS_CLAUSE,
            basis="recess appointment",
            until=end,
            until_reason="the commission expires at the end of the Senate's next session",
            until_citation=RECESS_CLAUSE,
            holder=tenure.person,
        )
    if post.appointment is Appointment.PAS and tenure.capacity is Capacity.APPOINTED:
        return Standing(
            post_id,
            day,
            Lawfulness.UNLAWFUL,
            (
                Reason(
                    FindingId.APPOINTMENT_WITHOUT_CONSENT,
                    APPOINTMENTS_CLAUSE,
                    "appointed to a Senate-confirmed office without the Senate's consent",
                ),
            ),
            ("who may act while the appointment is in question",),
            lawful=None,
            determined=False,
            holder=tenure.person,
        )
    return None


def silent_on(state: State, post_id: str) -> bool:
    """Whether the law has nothing to say of the post as it stands, whoever serves in it or
    leaves it: an office outside the Vacancies Act and not Senate-confirmed, with no
    resignation pending, held (if at all) by someone who holds it rather than fills in for it
    and not on a recess commission. Of such a post, `standing` is None, `due_date` None,
    `time_events` and `assumptions` empty, so the engine need not judge it again when its
    holder changes (unless another post's line or acting service depends on it: the engine's
    own indexes say that)."""
    post = state.posts.get(post_id)
    if post is None or post.fvra or post.appointment is Appointment.PAS:
        return False
    if post_id in state.pending:
        return False
    tenure = state.holdings.get(post_id)
    return tenure is None or not (
        tenure.capacity.is_temporary or tenure.capacity is Capacity.RECESS
    )


def standing(
    state: State, legal: Legal, post_id: str, settings: Settings, *, day: dt.date
) -> Standing | None:
    """What the law says of a post on `day`, or None when it says nothing beyond "its holder
    holds it" (a filled post, or an office outside the Vacancies Act)."""
    post = state.posts.get(post_id)
    if post is None:
        return None
    tenure = state.holdings.get(post_id)
    vacancy = state.vacancies.get(post_id)
    if vacancy is None:
        return _filled(state, legal, post_id, tenure, day)
    if not post.fvra:
        return None
    if post.coverage is Coverage.OUTSIDE_ACT:
        words = (
            "sections 3345-3349b do not apply to this office (5 U.S.C. 3349c); its own statute"
            " says who may act, which orgsim does not model"
        )
        return Standing(
            post_id,
            day,
            Lawfulness.UNDETERMINED if tenure is not None else None,
            (Reason(FindingId.COVERAGE, OUTSIDE_ACT, words, Lawfulness.UNDETERMINED),),
            ("what the office's own statute says of acting service",),
            lawful=None,
            determined=False,
            provision=OUTSIDE_ACT,
            acting=tenure is not None and tenure.capacity is Capacity.ACTING,
            coverage=words,
        )
    limit = acting_status(state, post_id, settings, day)
    status: Lawfulness | None = None
    reasons: list[Reason] = []
    missing: list[str] = []
    citation = words = ""
    acting = False
    seated_on: str | None = None
    if tenure is not None:
        if tenure.capacity is Capacity.ACTING:
            acting = True
            status, reasons, missing, citation, words, seated_on = _acting(
                state, legal, tenure, vacancy, limit
            )
        elif tenure.capacity is Capacity.PERFORMING_DUTIES:
            status, reasons, missing = _performing(state, legal, tenure)
            words = "performs delegated duties; not an acting officer"
            citation = NO_ACTING
        else:
            status = Lawfulness.LAWFUL
    coverage = ""
    if post.coverage is Coverage.OUTSIDE_3348:
        coverage = (
            "section 3348 does not apply to this office (5 U.S.C. 3348(e)); who may act and"
            " for how long still follow 3345-3347"
        )
    basis_post: str | None = None
    route: Route | None = None
    if limit is not None and not limit.lawful:
        lawful, determined, provision, basis = None, True, limit.citation, limit.reason
    elif acting and status is Lawfulness.LAWFUL and tenure is not None:
        lawful, determined, provision, basis = tenure.person, True, citation, words
        route, basis_post = tenure.route, seated_on
    else:
        line = vacancy_line(state, post_id, legal=legal)
        chosen = pick(line)
        candidate = chosen.candidate
        lawful, determined = chosen.person, chosen.determined
        if (
            acting
            and status is Lawfulness.UNDETERMINED
            and tenure is not None
            and lawful != tenure.person
        ):
            # If the recorded acting officer serves lawfully, they are the answer; if not,
            # the line's: the record cannot tell which.
            other = state.name(lawful) if lawful is not None else "nobody"
            lawful, determined = None, False
            candidate = None
            provision = citation or "5 U.S.C. 3345(a)"
            basis = f"{state.name(tenure.person)} if their service is lawful; otherwise {other}"
        elif candidate is not None and chosen.determined:
            provision, basis = candidate.basis, candidate.detail
            route, basis_post = Route(candidate.route), candidate.post
        elif candidate is not None:
            provision = candidate.basis
            basis = candidate.reason
            missing.extend(m for m in candidate.missing if m not in missing)
        elif determined:
            provision = "5 U.S.C. 3345(a); 3348(a)"
            basis = "; ".join(f"{state.title(c.post)}: {c.reason}" for c in line) or (
                "no first assistant and no order of succession"
            )
    duties = duties_status = None
    reserved = reserved_citation = None
    if lawful is None and determined:
        delegation = state.delegations.get(post_id)
        if delegation is not None:
            duties = delegation.person
            verdict = legal.act(delegation.act)
            duties_status = Lawfulness.LAWFUL if verdict is None else verdict.status.has_force
        reserved, reserved_citation = reserved_duties(state, post_id)
    until = until_reason = until_citation = None
    if limit is not None:
        until, until_reason, until_citation = limit.last_day, limit.reason, limit.citation
    return Standing(
        post_id,
        day,
        status,
        tuple(reasons),
        tuple(missing),
        lawful=lawful,
        determined=determined,
        provision=provision,
        route=route,
        basis=basis,
        until=until,
        until_reason=until_reason,
        until_citation=until_citation,
        duties=duties,
        duties_status=duties_status,
        reserved=reserved,
        reserved_citation=reserved_citation,
        acting=acting,
        coverage=coverage,
        holder=tenure.person if tenure is not None else None,
        basis_post=basis_post,
    )
