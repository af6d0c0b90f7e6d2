"""Lines of succession: the first assistant and the governing version of an order, read in the
order listed (shared/domain/succession-rules.md, 5 and 8; 5 U.S.C. 3345(a)(1), 3347)."""

from __future__ import annotations

import datetime as dt

from attrs import frozen

from orgsim.model import (
    Lawfulness,
    Legal,
    OrderAuthority,
    State,
    SuccessionOrder,
    Vacancy,
    VacancyKind,
    VacancyReason,
    combine,
)
from orgsim.rules.eligibility import FIRST_ASSISTANT, designation_eligibility, nomination_bar
from orgsim.rules.findings import FindingId

__all__ = [
    "IN_NAME_ONLY",
    "NO_STATUTE",
    "Candidate",
    "Governing",
    "Pick",
    "first_assistant_defect",
    "governing_order",
    "order_defect",
    "pick",
    "succession_line",
    "vacancy_line",
]

NO_STATUTE = "5 U.S.C. 3347(a), (b)"
DELEGATION_ONLY = "5 U.S.C. 3347(b)"


@frozen
class Candidate:
    """One place in a line of succession and whether its holder could act now (three-valued:
    `status` LAWFUL is available and eligible)."""

    post: str
    person: str | None
    status: Lawfulness
    reason: str
    basis: str  # the citation an acting officer from this place would serve under
    route: str  # "first-assistant" or "order"
    order: str | None = None
    detail: str = ""  # the judgement of the holder alone, without the place in the line
    missing: tuple[str, ...] = ()
    defect_citation: str = ""  # the provision a defect rests on, when it is not `basis`

    @property
    def eligible(self) -> bool:
        """Available and eligible, as far as the facts show."""
        return self.status is Lawfulness.LAWFUL


@frozen
class Pick:
    """Who the line names: the first available, eligible place; `determined` False when a
    place before it cannot be judged on the facts recorded."""

    candidate: Candidate | None
    determined: bool = True

    @property
    def person(self) -> str | None:
        """The person the line names, when it names one for certain."""
        return self.candidate.person if self.candidate is not None and self.determined else None


@frozen
class Governing:
    """The version of an order that governs a vacancy, and whether that is certain."""

    order: SuccessionOrder | None
    status: Lawfulness = Lawfulness.LAWFUL  # UNDETERMINED: a newer version's force is unknown
    newer: tuple[SuccessionOrder, ...] = ()  # versions issued after the vacancy (not governing)


def _force(legal: Legal | None, order: SuccessionOrder) -> Lawfulness:
    """Whether an order's version has force: the verdict on the act that issued it (an order on
    record when the scenario begins has force)."""
    verdict = legal.act(order.act) if legal is not None else None
    return Lawfulness.LAWFUL if verdict is None else verdict.status.has_force


def governing_order(
    state: State,
    post_id: str,
    kind: VacancyKind,
    *,
    on: dt.date | None = None,
    legal: Legal | None = None,
) -> Governing:
    """The version of an order of succession in force for this post and kind of vacancy on
    `on` (the day the vacancy arose): issued by then, with force, covering the kind. A
    version without force leaves the one before it in force; of several orders, the most
    recently issued or amended governs."""
    day = on or state.date
    best: tuple[tuple[dt.date, int, str], SuccessionOrder, Lawfulness] | None = None
    newer: list[SuccessionOrder] = []
    for order_id in state.orders.group(post_id):
        status = Lawfulness.LAWFUL
        for version in reversed(state.order_versions_of(order_id)):
            if version.issued_on is not None and version.issued_on > day:
                if version.line_for(kind) is not None:
                    newer.append(version)
                continue
            force = _force(legal, version)
            if force is Lawfulness.UNLAWFUL:
                continue  # an amendment without force changes nothing
            if force is Lawfulness.UNDETERMINED:
                status = Lawfulness.UNDETERMINED
                continue
            if version.line_for(kind) is None:
                break  # the version in force does not cover this kind of vacancy
            key = (version.issued_on or dt.date.min, version.version, order_id)
            if best is None or key > best[0]:
                best = (key, version, status)
            break
    if best is None:
        return Governing(None, Lawfulness.LAWFUL, tuple(newer))
    return Governing(best[1], best[2], tuple(newer))


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


def _judge_holder(
    state: State,
    legal: Legal | None,
    post_id: str,
    line_post: str,
    vacancy: Vacancy,
    *,
    excluded: frozenset[str],
    skip_acting: bool,
) -> tuple[str | None, Lawfulness, str, tuple[str, ...]]:
    """Whether the holder of a place in the line is available and could act."""
    tenure = state.holder(line_post)
    if tenure is None:
        if line_post in state.vacancies:
            return None, Lawfulness.UNLAWFUL, "vacant", ()
        return (
            None,
            Lawfulness.UNDETERMINED,
            "holder not recorded",
            (f"who held the post of {state.title(line_post)} on {state.date.isoformat()}",),
        )
    if tenure.person in excluded:
        return (
            tenure.person,
            Lawfulness.UNLAWFUL,
            "has left this office, or does not take up acting in it",
            (),
        )
    if skip_acting and tenure.capacity.is_temporary:
        return tenure.person, Lawfulness.UNLAWFUL, f"holds the post only as {tenure.capacity}", ()
    own = legal.standing(line_post) if legal is not None else None
    bar = nomination_bar(state, post_id, tenure.person, vacancy)
    if bar.status is Lawfulness.UNLAWFUL:
        # Barred outright: whatever is undetermined about their own service does not matter.
        return tenure.person, bar.status, bar.reason, ()
    if own is not None and own.status is not None and own.status is not Lawfulness.LAWFUL:
        why = "; ".join(r.text for r in own.reasons) or "see its findings"
        if own.status is Lawfulness.UNLAWFUL:
            return tenure.person, Lawfulness.UNLAWFUL, f"not lawfully serving ({why})", ()
        return (
            tenure.person,
            Lawfulness.UNDETERMINED,
            f"serving lawfully or not: {why}",
            own.missing,
        )
    if bar.status is not Lawfulness.LAWFUL:
        return tenure.person, bar.status, bar.reason, bar.missing
    return (
        tenure.person,
        Lawfulness.LAWFUL,
        f"serves as {state.title(line_post)}, {tenure.capacity}",
        (),
    )


IN_NAME_ONLY = "5 U.S.C. 3345(a)(1); L.M.-M. v. Cuccinelli, 442 F. Supp. 3d 1 (D.D.C. 2020)"


def first_assistant_defect(
    state: State, legal: Legal | None, post_id: str, fa_post: str
) -> tuple[Lawfulness, str, str, tuple[str, ...], FindingId] | None:
    """Why the post named first assistant to `post_id` does not (or may not) count as one:
    the sources say it is a first assistant in name only, or it was named by an act without
    force. (status, reason, citation, missing facts, finding id), or None when sound."""
    named = state.posts.get(fa_post)
    if named is not None and named.nominal_first_assistant:
        return (
            Lawfulness.UNLAWFUL,
            f"the {named.title} is a first assistant in name only: a label without the"
            " substance of a first assistant does not make one",
            IN_NAME_ONLY,
            (),
            FindingId.ACTING_ELIGIBILITY,
        )
    act_id = state.first_assistant_acts.get(post_id)
    post = state.posts.get(post_id)
    if act_id is None or legal is None or post is None or post.first_assistant != fa_post:
        return None
    verdict = legal.act(act_id)
    if verdict is None or verdict.status.has_force is Lawfulness.LAWFUL:
        return None
    status = verdict.status.has_force
    force = "has no force" if status is Lawfulness.UNLAWFUL else "may have no force"
    return (
        status,
        f"named first assistant by {act_id}, which {force} ({'; '.join(verdict.reasons)})",
        "5 U.S.C. 3348(d)",
        verdict.missing,
        FindingId.DEFECT_CARRIED,
    )


def succession_line(
    state: State,
    post_id: str,
    kind: VacancyKind = VacancyKind.ORDINARY,
    *,
    vacated_holder: str | None = None,
    vacancy: Vacancy | None = None,
    excluded: frozenset[str] = frozenset(),
    legal: Legal | None = None,
) -> list[Candidate]:
    """The ordered places that would act if the post fell (or is) vacant for this kind of
    reason: the first assistant by operation of law, then the governing order's line (in an
    emergency the order first). `vacancy`: the open vacancy, or the one a departure today
    would open."""
    post = state.post(post_id)
    if vacancy is None:
        vacancy = state.vacancies.get(post_id)
    if vacancy is None:
        # The vacancy a departure today would open.
        cause = VacancyReason.ABSENCE if kind is VacancyKind.EMERGENCY else VacancyReason.DEPARTURE
        vacancy = Vacancy(
            post_id,
            state.date,
            cause,
            first_assistant=post.first_assistant,
            first_assistant_fixed=True,
        )
    if vacated_holder is None:
        vacated_holder = vacancy.previous_holder
        if vacated_holder is None and post_id not in state.vacancies:
            current = state.holder(post_id)
            vacated_holder = current.person if current else None
    excluded = excluded | vacancy.declined | ({vacated_holder} if vacated_holder else set())
    fa_post = vacancy.first_assistant_of(post)
    fa_entry: list[Candidate] = []
    if fa_post and post.fvra and fa_post in state.posts:
        # The first assistant must hold the post, not just fill it, to act (3345(a)(1)).
        person, status, reason, missing = _judge_holder(
            state, legal, post_id, fa_post, vacancy, excluded=excluded, skip_acting=True
        )
        nominal = first_assistant_defect(state, legal, post_id, fa_post)
        if nominal is not None and person is not None and status is not Lawfulness.UNLAWFUL:
            status = combine([status, nominal[0]])
            reason = f"{reason}; but {nominal[1]} [{nominal[2]}]"
            missing = (*missing, *nominal[3])
        fa_entry.append(
            Candidate(
                fa_post,
                person,
                status,
                f"first assistant: {reason}",
                FIRST_ASSISTANT,
                "first-assistant",
                detail=reason,
                missing=missing,
            )
        )
    governing = governing_order(state, post_id, kind, on=vacancy.since, legal=legal)
    order = governing.order
    order_entries: list[Candidate] = []
    if order is not None:
        # An agency's own order is no basis for acting in a Vacancies Act office unless a
        # statute provides for it (3347); an order records its statute as its authority.
        defect = order_defect(state, post_id, order)
        # An executive order's line passes over those who hold a listed post only as acting.
        skip = order.skip_acting or order.authority_kind is OrderAuthority.EXECUTIVE_ORDER
        for line_post in order.line_for(kind) or ():
            if line_post not in state.posts:
                continue
            if line_post == fa_post and fa_entry and kind is not VacancyKind.EMERGENCY:
                continue
            person, status, reason, missing = _judge_holder(
                state, legal, post_id, line_post, vacancy, excluded=excluded, skip_acting=skip
            )
            cited = ""
            if defect is not None:
                status = Lawfulness.UNLAWFUL
                reason = f"{reason}; but {defect[0]} ({defect[1]})"
                cited = defect[1]
            elif status is not Lawfulness.UNLAWFUL and person is not None:
                fit = _listee_fit(state, post_id, order, person, vacancy.since)
                if fit is not None:
                    status = fit[0] if fit[0] is Lawfulness.UNLAWFUL else status
                    if fit[0] is Lawfulness.UNDETERMINED and status is Lawfulness.LAWFUL:
                        status = Lawfulness.UNDETERMINED
                    reason = f"{reason}; but {fit[1]}"
                    missing = (*missing, *fit[2])
                    cited = "5 U.S.C. 3345(a)"
            if governing.status is Lawfulness.UNDETERMINED and status is Lawfulness.LAWFUL:
                status = Lawfulness.UNDETERMINED
                reason = f"{reason}; but whether a newer version of the order has force is unknown"
            order_entries.append(
                Candidate(
                    line_post,
                    person,
                    status,
                    f"{order.id}: {reason}",
                    order.authority or NO_STATUTE,
                    "order",
                    order.id,
                    detail=reason,
                    missing=missing,
                    defect_citation=cited,
                )
            )
    if kind is VacancyKind.EMERGENCY:
        # In a disaster or emergency the order governs, in its own order; the first
        # assistant comes after it only when the order does not list that post.
        listed = {c.post for c in order_entries}
        return order_entries + [c for c in fa_entry if c.post not in listed]
    return fa_entry + order_entries


def _listee_fit(
    state: State, post_id: str, order: SuccessionOrder, person: str, since: dt.date
) -> tuple[Lawfulness, str, tuple[str, ...]] | None:
    """Why a person an executive order lists may not (or may not certainly) act under it: its
    listees are the President's designations made in advance, so each must qualify under
    3345(a)."""
    if order.authority_kind is not OrderAuthority.EXECUTIVE_ORDER or not state.post(post_id).fvra:
        return None
    judgement = designation_eligibility(state, post_id, person, since)
    if judgement.ok:
        return None
    return (
        judgement.status,
        "an executive order's listees must qualify under the Vacancies Act, and this one"
        f" {'does not' if judgement.status is Lawfulness.UNLAWFUL else 'may not'}"
        f" ({judgement.reason}) [5 U.S.C. 3345(a)]",
        judgement.missing,
    )


def vacancy_line(
    state: State,
    post_id: str,
    *,
    legal: Legal | None = None,
    excluded: frozenset[str] = frozenset(),
) -> list[Candidate]:
    """The line of succession for the post's open vacancy, read with the vacancy's own kind,
    the holder who left and the day it arose."""
    vacancy = state.vacancies[post_id]
    return succession_line(
        state, post_id, vacancy.reason.kind, vacancy=vacancy, excluded=excluded, legal=legal
    )


def pick(line: list[Candidate]) -> Pick:
    """The first available, eligible place in the line; undetermined when a place before it
    cannot be judged on the facts recorded; nobody when none qualifies."""
    for candidate in line:
        if candidate.status is Lawfulness.LAWFUL:
            return Pick(candidate)
        if candidate.status is Lawfulness.UNDETERMINED:
            return Pick(candidate, determined=False)
    return Pick(None)
