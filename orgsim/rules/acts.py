"""Acts of an office and what becomes of them (shared/domain/succession-rules.md, 9): who may
issue an order, a designation or a delegation; whether someone was seated with authority; and
whether a rule, a directive or a decision stands, is void (3348(d)), can be ratified, or was."""

from __future__ import annotations

import datetime as dt

from attrs import evolve, frozen

from orgsim.model import (
    Act,
    ActStatus,
    ActVerdict,
    Capacity,
    Coverage,
    Lawfulness,
    Legal,
    PostStatus,
    Route,
    State,
    combine,
)
from orgsim.rules.eligibility import FIRST_ASSISTANT, Judgement, designation_eligibility
from orgsim.rules.findings import FindingId
from orgsim.rules.orders import first_assistant_defect, governing_order, pick, vacancy_line

__all__ = [
    "VOID",
    "Seat",
    "issuer_status",
    "judge_act",
    "ratify",
    "seat_status",
    "seat_verdict",
]

VOID = "5 U.S.C. 3348(d)(1), (2)"
WITHOUT_AUTHORITY = (
    "U.S. Const. art. II, § 2, cl. 2; 5 U.S.C. 706(2); ratifiable: Guedes v. ATF, 920 F.3d 1"
    " (D.C. Cir. 2019)"
)
AGENCY_HEAD = "5 U.S.C. 3348(b)(1)"


def issuer_status(state: State, legal: Legal, person: str | None, post_id: str | None) -> Judgement:
    """Whether someone issuing an order, a designation or a delegation for a post serves
    lawfully in it or in an office above it (the office, not just the person, must have
    authority over it); undetermined when the issuer is not reported."""
    if person is None:
        return Judgement(
            Lawfulness.UNDETERMINED,
            "who issued it is not reported",
            "5 U.S.C. 3348(d)",
            missing=("who issued it",),
            rule=FindingId.ISSUER_NOT_REPORTED,
        )
    tenures = list(state.held_by(person))
    if post_id is not None and post_id in state.posts:
        over = {post_id, *state.chain_of_command(post_id)}
        tenures = [t for t in tenures if t.post in over]
        unknown = [p for p in sorted(over) if state.status(p) is PostStatus.NOT_RECORDED]
        if not tenures and unknown:
            # A post with authority over this one has no recorded holder: the issuer may
            # have held it, and the record cannot tell.
            return Judgement(
                Lawfulness.UNDETERMINED,
                f"{state.name(person)} holds no recorded office with authority over the"
                f" {state.title(post_id)} on {state.date.isoformat()}, and who held"
                f" {', '.join(f'the post of {state.title(p)}' for p in unknown)} is not"
                " recorded",
                "5 U.S.C. 3348(d)",
                missing=tuple(
                    f"who held the post of {state.title(p)} on {state.date.isoformat()}"
                    for p in unknown
                ),
                rule=FindingId.ISSUER_NOT_REPORTED,
            )
        if not tenures:
            return Judgement(
                Lawfulness.UNLAWFUL,
                f"{state.name(person)} holds no office with authority over the"
                f" {state.title(post_id)} on {state.date.isoformat()}",
                "5 U.S.C. 3348(d)",
                rule=FindingId.ISSUER_NOT_LAWFUL,
            )
    if not tenures:
        return Judgement(
            Lawfulness.UNLAWFUL,
            f"{state.name(person)} holds no office on {state.date.isoformat()}",
            "5 U.S.C. 3348(d)",
            rule=FindingId.ISSUER_NOT_LAWFUL,
        )
    statuses: list[tuple[Lawfulness, str, tuple[str, ...]]] = []
    for tenure in tenures:
        standing = legal.standing(tenure.post)
        if standing is None or standing.status is None:
            return Judgement(Lawfulness.LAWFUL, f"{state.name(person)} serves lawfully", "")
        # Someone performing delegated duties has no authority of the office to pass on.
        acting = standing.acting or tenure.capacity is not Capacity.PERFORMING_DUTIES
        status = standing.status if acting else Lawfulness.UNLAWFUL
        if status is Lawfulness.LAWFUL:
            return Judgement(Lawfulness.LAWFUL, f"{state.name(person)} serves lawfully", "")
        why = "; ".join(r.text for r in standing.reasons) or (
            "performs delegated duties only" if not acting else "not lawfully serving"
        )
        statuses.append((status, why, standing.missing))
    status = combine(s for s, _, _ in statuses)
    why = "; ".join(w for _, w, _ in statuses)
    missing = tuple(m for _, _, ms in statuses for m in ms)
    if status is Lawfulness.UNDETERMINED:
        return Judgement(
            status,
            f"whether {state.name(person)} serves lawfully is undetermined ({why})",
            "5 U.S.C. 3348(d)",
            missing=missing,
            rule=FindingId.ISSUER_NOT_REPORTED,
        )
    return Judgement(
        status,
        f"{state.name(person)} is not lawfully serving ({why})",
        "5 U.S.C. 3348(d)",
        rule=FindingId.ISSUER_NOT_LAWFUL,
    )


@frozen
class Seat:
    """The judgement of how someone came to act in a vacant post, made when they were seated:
    by which route, under which provision, resting on which post."""

    status: Lawfulness
    reasons: tuple[tuple[str, str, str], ...]  # (finding id, citation, words) of each defect
    citation: str  # the provision the service rests on, when lawful
    words: str  # the basis in words
    basis_post: str | None = None
    missing: tuple[str, ...] = ()
    route: Route | None = None  # the route judged (for a basis not reported: the one inferred)


def _first_assistant_seat(state: State, legal: Legal, post_id: str, person: str) -> Seat:
    vacancy = state.vacancies[post_id]
    post = state.posts[post_id]
    fa_post = vacancy.first_assistant_of(post)
    later = post.first_assistant if post.first_assistant != fa_post else None
    holds = {t.post: t for t in state.held_by(person)}
    if fa_post is not None and fa_post in holds and not holds[fa_post].capacity.is_temporary:
        words = f"serves as {state.title(fa_post)}, {holds[fa_post].capacity}"
        defect = first_assistant_defect(state, legal, post_id, fa_post)
        if defect is not None:
            status, why, citation, missing, rule = defect
            return Seat(
                status,
                ((rule, citation, why),),
                citation,
                words,
                fa_post,
                missing,
                route=Route.FIRST_ASSISTANT,
            )
        return Seat(
            Lawfulness.LAWFUL, (), FIRST_ASSISTANT, words, fa_post, route=Route.FIRST_ASSISTANT
        )
    if later is not None and later in holds:
        # A post named first assistant after the vacancy: one in name only does not count
        # (L.M.-M.); whether one with substance counts is unsettled (the court left it open).
        nominal = state.posts[later].nominal_first_assistant
        if nominal:
            defect = first_assistant_defect(state, legal, post_id, later)
            assert defect is not None
            reasons: tuple[tuple[str, str, str], ...] = ((defect[4], defect[2], defect[1]),)
            status = Lawfulness.UNLAWFUL
        else:
            reasons = (
                (
                    FindingId.FIRST_ASSISTANT_AFTER_VACANCY,
                    f"{FIRST_ASSISTANT}; shared/domain/succession-rules.md, 2",
                    f"the {state.title(later)} was named first assistant after the office fell"
                    f" vacant on {vacancy.since.isoformat()}; whether such a post counts for"
                    " this vacancy is unsettled (one in name only does not)",
                ),
            )
            status = Lawfulness.UNDETERMINED
        return Seat(
            status,
            reasons,
            reasons[0][1],
            "claims to act as first assistant",
            later,
            ()
            if nominal is not None
            else (f"whether the {state.title(later)} is a first assistant in name only",),
            route=Route.FIRST_ASSISTANT,
        )
    if fa_post is None:
        why = "the office had no first assistant when it fell vacant"
    elif fa_post in holds:
        why = f"holds the first-assistant post ({state.title(fa_post)}) only as acting"
    else:
        why = f"does not hold the first-assistant post ({state.title(fa_post)})"
    return Seat(
        Lawfulness.UNLAWFUL,
        ((FindingId.ACTING_ELIGIBILITY, FIRST_ASSISTANT, why),),
        FIRST_ASSISTANT,
        "claims to act as first assistant",
        route=Route.FIRST_ASSISTANT,
    )


def _order_seat(
    state: State, legal: Legal, post_id: str, person: str, prefer: str | None = None
) -> Seat:
    vacancy = state.vacancies[post_id]
    line = vacancy_line(state, post_id, legal=legal)
    # Someone listed more than once (holding two listed posts) is judged at the place they
    # act from: the one named, else the first where they may act, else the first.
    listed = [c for c in line if c.person == person and c.route == "order"]
    mine = next((c for c in listed if c.post == prefer), None) or next(
        (c for c in listed if c.status is Lawfulness.LAWFUL), listed[0] if listed else None
    )
    if mine is None:
        governing = governing_order(
            state, post_id, vacancy.reason.kind, on=vacancy.since, legal=legal
        )
        reasons: list[tuple[str, str, str]] = []
        for newer in governing.newer:
            if person in {h.person for p in newer.posts() if (h := state.holder(p)) is not None}:
                reasons.append(
                    (
                        FindingId.ORDER_NOT_GOVERNING,
                        "5 U.S.C. 3347(a)",
                        f"{newer.id} (version {newer.version}, issued"
                        f" {newer.issued_on.isoformat() if newer.issued_on else '?'}) came after"
                        f" the vacancy of {vacancy.since.isoformat()} and does not govern it",
                    )
                )
        reasons.append(
            (
                FindingId.ACTING_ELIGIBILITY,
                "5 U.S.C. 3347(a)",
                "not in the order of succession that governs this vacancy"
                if governing.order is not None
                else "no order of succession governs this vacancy",
            )
        )
        return Seat(
            Lawfulness.UNLAWFUL,
            tuple(reasons),
            "5 U.S.C. 3347(a)",
            "claims to act under an order of succession",
            route=Route.ORDER,
        )
    chosen = pick(line)
    first = chosen.candidate
    if first is not None and first.person != person and first.post != mine.post:
        listed_before = line.index(first) < line.index(mine)
        if listed_before and chosen.determined:
            return Seat(
                Lawfulness.UNLAWFUL,
                (
                    (
                        FindingId.PASSED_OVER,
                        f"{mine.basis} (read in the order listed)",
                        f"passes over {state.name(first.person)} ({state.title(first.post)}),"
                        " who comes first in the line and is available and eligible",
                    ),
                ),
                mine.basis,
                f"{mine.order}: {mine.detail}",
                mine.post,
                route=Route.ORDER,
            )
        if listed_before:
            return Seat(
                Lawfulness.UNDETERMINED,
                (
                    (
                        FindingId.ACTING_UNDETERMINED,
                        mine.basis,
                        f"the {state.title(first.post)}, listed before, may have been available"
                        f" ({first.reason})",
                    ),
                ),
                mine.basis,
                f"{mine.order}: {mine.detail}",
                mine.post,
                first.missing,
                route=Route.ORDER,
            )
    if mine.status is not Lawfulness.LAWFUL:
        return Seat(
            mine.status,
            ((FindingId.ACTING_ELIGIBILITY, mine.defect_citation or mine.basis, mine.reason),),
            mine.basis,
            f"{mine.order}: {mine.detail}",
            mine.post,
            mine.missing,
            route=Route.ORDER,
        )
    return Seat(
        Lawfulness.LAWFUL,
        (),
        mine.basis,
        f"{mine.order}: {mine.detail}",
        mine.post,
        route=Route.ORDER,
    )


def _president_seat(state: State, post_id: str, person: str, by: str | None) -> Seat:
    vacancy = state.vacancies[post_id]
    reasons: list[tuple[str, str, str]] = []
    statuses: list[Lawfulness] = []
    missing: list[str] = []
    president = state.president()
    if by is None:
        statuses.append(Lawfulness.UNDETERMINED)
        reasons.append(
            (
                FindingId.ISSUER_NOT_REPORTED,
                "5 U.S.C. 3345(a)(2), (a)(3)",
                "who designated is not reported; only the President may direct an acting officer",
            )
        )
        missing.append(f"whether the President directed {state.name(person)} to act")
    elif by != president:
        statuses.append(Lawfulness.UNLAWFUL)
        reasons.append(
            (
                FindingId.ACTING_ELIGIBILITY,
                "5 U.S.C. 3345(a)(2), (a)(3)",
                f"only the President may direct an acting officer, not {state.name(by)}",
            )
        )
    judgement = designation_eligibility(state, post_id, person, vacancy.since)
    statuses.append(judgement.status)
    if not judgement.ok:
        reasons.append((judgement.rule, judgement.citation, judgement.reason))
        missing.extend(judgement.missing)
    return Seat(
        combine(statuses),
        tuple(reasons),
        judgement.citation,
        judgement.reason,
        judgement.post,
        tuple(missing),
        route=Route.PRESIDENT,
    )


def seat_verdict(
    state: State,
    legal: Legal,
    post_id: str,
    person: str,
    route: Route,
    by: str | None,
    *,
    basis_post: str | None = None,
) -> Seat:
    """How someone came to act in the vacant post, judged on the day they were seated
    (`basis_post`: the post they are said to act from, where the record or the rules name
    it)."""
    if route is Route.FIRST_ASSISTANT:
        return _first_assistant_seat(state, legal, post_id, person)
    if route is Route.ORDER:
        seat = _order_seat(state, legal, post_id, person, basis_post)
        if by is not None and seat.status is not Lawfulness.UNLAWFUL:
            issuer = issuer_status(state, legal, by, post_id)
            if not issuer.ok:
                seat = evolve(
                    seat,
                    status=combine([seat.status, issuer.status]),
                    reasons=(
                        *seat.reasons,
                        (
                            issuer.rule,
                            issuer.citation,
                            f"designated by someone who may not: {issuer.reason}",
                        ),
                    ),
                    missing=(*seat.missing, *issuer.missing),
                )
        return seat
    if route is Route.PRESIDENT:
        return _president_seat(state, post_id, person, by)
    if route is Route.DELEGATION:
        return Seat(
            Lawfulness.UNLAWFUL,
            (
                (
                    FindingId.DELEGATION_NOT_ACTING,
                    "5 U.S.C. 3347(b); 3345(a)",
                    "a delegation of the office's functions does not make an acting officer:"
                    " only the first assistant, a person the President directs, or an order"
                    " resting on a statute can",
                ),
            ),
            "5 U.S.C. 3347(b)",
            "exercises the office's authority by delegation",
            route=Route.DELEGATION,
        )
    # The basis is not reported: judge the routes the facts allow.
    first = _first_assistant_seat(state, legal, post_id, person)
    if first.status is Lawfulness.LAWFUL:
        return evolve(first, words=f"{first.words} (basis not reported: as first assistant)")
    listed = _order_seat(state, legal, post_id, person)
    if listed.status is Lawfulness.LAWFUL:
        return listed
    direct = _president_seat(state, post_id, person, None)
    vacancy = state.vacancies[post_id]
    judgement = designation_eligibility(state, post_id, person, vacancy.since)
    if judgement.status is Lawfulness.UNLAWFUL:
        return Seat(
            Lawfulness.UNLAWFUL,
            (
                (
                    FindingId.ACTING_ELIGIBILITY,
                    "5 U.S.C. 3345(a)",
                    "the basis is not reported, and none fits: not the first assistant, not"
                    f" first in a governing order, and {judgement.reason}",
                ),
            ),
            "5 U.S.C. 3345(a)",
            "basis not reported",
            route=Route.NOT_REPORTED,
        )
    return evolve(direct, route=Route.NOT_REPORTED, words="basis not reported")


def _actor_authority(
    state: State, legal: Legal, post_id: str, person: str
) -> tuple[Lawfulness, str, str | None, bool, tuple[str, ...]]:
    """Whether a person may perform the office's functions on the day: (status, why, the act
    their authority rests on, whether they perform only delegated duties, missing facts)."""
    tenure = state.holder(post_id)
    standing = legal.standing(post_id)
    if tenure is not None and tenure.person == person:
        if standing is None or standing.status is None:
            return (
                Lawfulness.LAWFUL,
                f"{state.name(person)} holds the office",
                tenure.act,
                False,
                (),
            )
        # A lawful holding has no defects to list: then say what makes it lawful.
        why = "; ".join(r.text for r in standing.reasons) or (
            f"{state.name(person)} lawfully acts in the office ({standing.basis})"
            if standing.acting
            else f"{state.name(person)} holds the office"
        )
        delegated = tenure.capacity is Capacity.PERFORMING_DUTIES
        return standing.status, why, tenure.act, delegated, standing.missing
    delegation = state.delegations.get(post_id)
    if delegation is not None and delegation.person == person:
        verdict = legal.act(delegation.act)
        status = Lawfulness.LAWFUL if verdict is None else verdict.status.has_force
        return status, "performs delegated duties", delegation.act, True, ()
    return (
        Lawfulness.UNLAWFUL,
        f"{state.name(person)} neither holds nor acts in the office",
        None,
        False,
        (),
    )


def _agency_head(state: State, post_id: str, person: str) -> bool:
    """Whether the person lawfully heads the agency of a post that is not itself its head
    (who may perform reserved duties when nobody may act: 3348(b)(1))."""
    agency = state.agency_of(post_id)
    if agency is None:
        return False
    for tenure in state.held_by(person):
        if tenure.capacity.is_temporary or tenure.post == post_id:
            continue
        above = state.posts[tenure.post].reports_to
        if state.agency_of(tenure.post) == agency and (
            above is None or state.agency_of(above) != agency
        ):
            return True
    return False


def judge_act(state: State, legal: Legal, act: Act) -> ActVerdict:
    """Whether an act of an office stands: valid (its author lawfully performs the office's
    functions, or the delegated ones for a function not reserved), void (a reserved function
    performed by someone not lawfully acting: 3348(d)), without authority (may be set aside or
    ratified), or undetermined."""
    post = state.posts[act.post]
    base = ActVerdict(
        act.id,
        str(act.type),
        act.date,
        act.post,
        act.person,
        act.what,
        ActStatus.VALID,
        reserved=act.reserved,
        hypothetical=act.hypothetical,
        index=act.index,
    )
    if act.person is None:
        return evolve(
            base,
            status=ActStatus.UNDETERMINED,
            reasons=("who took it is not reported",),
            missing=("who took the act",),
        )
    status, why, rests_on, delegated, missing = _actor_authority(state, legal, act.post, act.person)
    base = evolve(base, rests_on=rests_on)
    standing = legal.standing(act.post)
    if status is Lawfulness.LAWFUL and not delegated:
        return evolve(base, citation=standing.provision if standing else "", reasons=(why,))
    if status is Lawfulness.LAWFUL and delegated:
        if act.reserved is False:
            return evolve(
                base,
                citation="5 U.S.C. 3348(a)(2)",
                reasons=("a delegated function, not reserved to the office",),
            )
        why = "performs delegated duties only; not an acting officer"
    nobody = standing is not None and standing.lawful is None and standing.determined
    if nobody and _agency_head(state, act.post, act.person):
        # While nobody may act, the head of the agency performs the duties reserved to the
        # office (3348(b)(1)); the delegable ones are the agency's to perform as well.
        why = (
            "the head of the agency performs a duty reserved to the vacant office"
            if act.reserved
            else "the head of the agency performs a delegable duty of the vacant office"
        )
        return evolve(base, citation=AGENCY_HEAD, reasons=(why,))
    if status is Lawfulness.UNDETERMINED:
        return evolve(
            base,
            status=ActStatus.UNDETERMINED,
            citation=VOID if act.reserved else WITHOUT_AUTHORITY,
            reasons=(f"whether {state.name(act.person)} serves lawfully is undetermined: {why}",),
            missing=missing,
        )
    covered = post.fvra and post.coverage is Coverage.FULL
    if act.reserved is None:
        return evolve(
            base,
            status=ActStatus.UNDETERMINED,
            citation=f"{VOID}; {WITHOUT_AUTHORITY}",
            reasons=(
                f"{state.name(act.person)} was not lawfully performing the office's functions"
                f" ({why}); void if the function is reserved to the office, otherwise"
                " without authority",
            ),
            missing=("whether a statute or regulation reserves the function to the office alone",),
        )
    if act.reserved and covered:
        reserved_by = f" by {act.reserved_by}" if act.reserved_by else ""
        return evolve(
            base,
            status=ActStatus.VOID,
            citation=VOID + (f"; {act.reserved_by}" if act.reserved_by else ""),
            reasons=(
                f"a function reserved to the office{reserved_by}, performed by someone not"
                f" lawfully acting ({why}): no force or effect, and it may not be ratified",
            ),
        )
    where = (
        " (section 3348 does not apply to this office: 5 U.S.C. 3348(e))"
        if act.reserved and post.coverage is Coverage.OUTSIDE_3348
        else ""
    )
    return evolve(
        base,
        status=ActStatus.WITHOUT_AUTHORITY,
        citation=WITHOUT_AUTHORITY,
        reasons=(
            f"taken by someone not lawfully serving ({why}){where}: it may be set aside, or"
            " ratified by an official who may lawfully perform it",
        ),
    )


def ratify(
    state: State, legal: Legal, ratification: ActVerdict, target: ActVerdict, day: dt.date
) -> tuple[ActVerdict | None, str, bool]:
    """What a ratification does to the act it ratifies: (the act's new verdict or None when
    unchanged, the words, whether the ratification took effect)."""
    if ratification.status is not ActStatus.VALID:
        return (
            None,
            f"the ratification has no effect: its author may not perform the office's"
            f" functions ({'; '.join(ratification.reasons)})",
            False,
        )
    if target.status is ActStatus.VOID:
        return (
            None,
            f"{target.act} is void under 5 U.S.C. 3348(d)(1) and may not be ratified (3348(d)(2))",
            False,
        )
    if target.status in (ActStatus.VALID, ActStatus.RATIFIED):
        return None, f"{target.act} already stands; there is nothing to cure", False
    if target.status is ActStatus.UNDETERMINED and target.reserved is not False:
        return (
            None,
            f"{target.act} cannot be told apart from a void act on the facts recorded, so the"
            " ratification's effect is undetermined",
            False,
        )
    cured = evolve(
        target,
        status=ActStatus.RATIFIED,
        ratified_by=ratification.person,
        ratified_on=day,
        ratified_in=ratification.act,
        reasons=(
            *target.reasons,
            f"ratified by {state.name(ratification.person)} on {day.isoformat()}, which cures"
            " the defect from then on",
        ),
    )
    return cured, f"{target.act} is ratified and stands from {day.isoformat()}", True


def seat_status(seat: Seat) -> ActStatus:
    """A seat's judgement as the status of the act (or operation of law) that seated someone."""
    if seat.status is Lawfulness.LAWFUL:
        return ActStatus.VALID
    if seat.status is Lawfulness.UNDETERMINED:
        return ActStatus.UNDETERMINED
    return ActStatus.WITHOUT_AUTHORITY
