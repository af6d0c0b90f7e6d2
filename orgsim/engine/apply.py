"""Apply one event to a state: check it can happen, then return the new state and its changes."""

from __future__ import annotations

import datetime as dt
from functools import singledispatch
from typing import TypeVar

from attrs import evolve, frozen
from immutables import Map

from orgsim import events as ev
from orgsim.errors import EventError
from orgsim.model import (
    Appointment,
    Capacity,
    Change,
    ChangeKind,
    Delegation,
    Finding,
    Level,
    Nomination,
    NominationOutcome,
    PendingResignation,
    State,
    SuccessionOrder,
    Tenure,
    Vacancy,
    VacancyReason,
)
from orgsim.rules import (
    Settings,
    acting_status,
    designation_eligibility,
    governing_order,
    issuer_lawful,
    listee_defect,
    nomination_bar,
    order_defect,
    removal_authority,
    reserved_duties,
)
from orgsim.rules.clock import nomination_ordinal
from orgsim.rules.removal import APPOINTMENTS_CLAUSE

__all__ = ["Outcome", "apply"]

T = TypeVar("T")

DELEGATION_BASIS = "delegation of the office's non-exclusive duties (5 U.S.C. 3348(a)(2), (b))"


@frozen
class Outcome:
    """What applying one event produced."""

    state: State
    changes: tuple[Change, ...] = ()
    findings: tuple[Finding, ...] = ()


# --- guards --------------------------------------------------------------------------------


def _known_post(state: State, post_id: str, field: str = "post") -> None:
    if post_id not in state.posts:
        raise EventError(f"unknown post `{post_id}`", field=field)


def _known_person(state: State, person_id: str | None, field: str = "person") -> None:
    if person_id is None:
        return
    if person_id not in state.people:
        raise EventError(f"unknown person `{person_id}`", field=field)
    died = state.deceased.get(person_id)
    if died is not None:
        raise EventError(f"{state.name(person_id)} died on {died.isoformat()}", field=field)


def _serving(state: State, post_id: str, person_id: str) -> Tenure:
    _known_post(state, post_id)
    _known_person(state, person_id)
    tenure = state.holder(post_id)
    if tenure is None or tenure.person != person_id:
        who = f"held by {state.name(tenure.person)}" if tenure else str(state.status(post_id))
        raise EventError(
            f"{state.name(person_id)} does not serve as {state.title(post_id)}"
            f" on {state.date.isoformat()} (the post is {who})",
            field="person",
        )
    return tenure


# --- shared state moves --------------------------------------------------------------------


def _vacate(
    state: State,
    post_id: str,
    reason: VacancyReason,
    day: dt.date,
    *,
    suspend: bool = False,
    declined: bool = False,
) -> tuple[State, list[Change]]:
    """Whoever serves leaves; an existing vacancy keeps its date, since the clock runs from it.

    `declined`: someone filling in steps down, and the rules do not seat them again.
    """
    tenure = state.holdings[post_id]
    changes = [Change(ChangeKind.LEFT, post_id, tenure.person, str(tenure.capacity))]
    vacancies = state.vacancies
    if post_id in vacancies and declined:
        old = vacancies[post_id]
        vacancies = vacancies.set(post_id, evolve(old, declined=old.declined | {tenure.person}))
    if post_id not in vacancies:
        vacancies = vacancies.set(
            post_id,
            Vacancy(
                post_id,
                day,
                reason,
                previous_holder=tenure.person,
                suspended=tenure if suspend else None,
                first_assistant=state.posts[post_id].first_assistant,
                first_assistant_fixed=True,
            ),
        )
        changes.append(Change(ChangeKind.VACATED, post_id, detail=str(reason)))
    delegations = state.delegations
    if post_id in delegations and delegations[post_id].person == tenure.person:
        delegations = delegations.delete(post_id)
    pending = state.pending.delete(post_id) if post_id in state.pending else state.pending
    state = state.but(
        holdings=state.holdings.delete(post_id),
        vacancies=vacancies,
        delegations=delegations,
        pending=pending,
    )
    return state, changes


def _fill(state: State, tenure: Tenure) -> tuple[State, list[Change]]:
    """Someone takes the post; a permanent holder ends the vacancy and its nominations."""
    post_id = tenure.post
    changes: list[Change] = []
    current = state.holdings.get(post_id)
    if current is not None and current.person != tenure.person:
        changes.append(Change(ChangeKind.LEFT, post_id, current.person, str(current.capacity)))
    pending = state.pending.get(post_id)
    if pending is not None and pending.person != tenure.person:
        # Whoever had resigned with effect later has gone already: nothing is left to resign.
        state = state.but(pending=state.pending.delete(post_id))
    if current is not None and current.person == tenure.person:
        changes.append(
            Change(
                ChangeKind.CAPACITY,
                post_id,
                tenure.person,
                str(tenure.capacity),
                tenure.basis,
                f"{current.capacity} -> {tenure.capacity}",
            )
        )
    else:
        changes.append(
            Change(ChangeKind.ARRIVED, post_id, tenure.person, str(tenure.capacity), tenure.basis)
        )
    state = state.but(holdings=state.holdings.set(post_id, tenure))
    if not tenure.capacity.is_temporary:
        state = state.but(
            vacancies=_without(state.vacancies, post_id),
            nominations=_without(state.nominations, post_id),
            delegations=_without(state.delegations, post_id),
        )
    return state, changes


def _without(table: Map[str, T], key: str) -> Map[str, T]:
    """The map less one key, if it has it."""
    return table.delete(key) if key in table else table


def _pending_nomination(state: State, post_id: str, person_id: str) -> int:
    for i, nomination in enumerate(state.nominations.get(post_id, ())):
        if nomination.person == person_id and nomination.outcome is NominationOutcome.PENDING:
            return i
    raise EventError(
        f"no pending nomination of {state.name(person_id)} as {state.title(post_id)}",
        field="person",
    )


def _set_nomination(state: State, post_id: str, i: int, nomination: Nomination) -> State:
    noms = list(state.nominations[post_id])
    noms[i] = nomination
    return state.but(nominations=state.nominations.set(post_id, tuple(noms)))


# --- apply -----------------------------------------------------------------------------------


@singledispatch
def apply(event: ev.Event, state: State, settings: Settings) -> Outcome:
    """Apply one event to the state it meets; raise EventError if it cannot happen."""
    if event.narrative:
        return Outcome(state)
    raise EventError(f"no rule applies events of kind {event.kind!r}", field="kind")


@apply.register
def _(event: ev.Refuse, state: State, settings: Settings) -> Outcome:
    _serving(state, event.post, event.person)
    return Outcome(state)


@apply.register
def _(event: ev.Travel, state: State, settings: Settings) -> Outcome:
    _known_person(state, event.person)
    return Outcome(state)


@apply.register
def _(event: ev.Meeting, state: State, settings: Settings) -> Outcome:
    for person in event.people:
        _known_person(state, person, "people")
    return Outcome(state)


@apply.register
def _(event: ev.CommitteeReport, state: State, settings: Settings) -> Outcome:
    _known_post(state, event.post)
    _pending_nomination(state, event.post, event.person)
    return Outcome(state)


@apply.register
def _(event: ev.AddOrganization, state: State, settings: Settings) -> Outcome:
    org = event.organization
    if org.id in state.organizations:
        raise EventError(f"organisation `{org.id}` already exists", field="organization")
    if org.parent is not None and org.parent not in state.organizations:
        raise EventError(f"unknown parent organisation `{org.parent}`", field="organization")
    return Outcome(state.but(organizations=state.organizations.set(org.id, org)))


@apply.register
def _(event: ev.AddPost, state: State, settings: Settings) -> Outcome:
    post = event.post
    if post.id in state.posts:
        raise EventError(f"post `{post.id}` already exists", field="post")
    if post.organization not in state.organizations:
        raise EventError(f"unknown organisation `{post.organization}`", field="post")
    for ref in (post.reports_to, post.first_assistant, post.appointed_by, *post.dotted_to):
        if ref is not None and ref not in state.posts:
            raise EventError(f"unknown post `{ref}`", field="post")
    state = state.but(
        posts=state.posts.set(post.id, post),
        vacancies=state.vacancies.set(
            post.id,
            Vacancy(
                post.id,
                event.date,
                VacancyReason.DEPARTURE,
                first_assistant=post.first_assistant,
                first_assistant_fixed=True,
            ),
        ),
    )
    return Outcome(state, (Change(ChangeKind.POST_ADDED, post.id),))


@apply.register
def _(event: ev.AbolishPost, state: State, settings: Settings) -> Outcome:
    _known_post(state, event.post)
    holder = state.holder(event.post)
    if holder is not None:
        raise EventError(
            f"cannot abolish {state.title(event.post)}: {state.name(holder.person)} serves in it",
            field="post",
        )
    users = sorted(
        p.id
        for p in state.posts.values()
        if event.post in (p.reports_to, p.first_assistant) and p.id != event.post
    )
    if users:
        raise EventError(
            f"cannot abolish {state.title(event.post)}: {', '.join(users)} refer to it",
            field="post",
        )
    state = state.but(
        posts=state.posts.delete(event.post),
        vacancies=state.vacancies.delete(event.post)
        if event.post in state.vacancies
        else state.vacancies,
        nominations=state.nominations.delete(event.post)
        if event.post in state.nominations
        else state.nominations,
    )
    return Outcome(state, (Change(ChangeKind.POST_ABOLISHED, event.post),))


@apply.register
def _(event: ev.MovePost, state: State, settings: Settings) -> Outcome:
    _known_post(state, event.post)
    if event.reports_to is not None:
        _known_post(state, event.reports_to, "reports_to")
        if event.reports_to == event.post or event.post in state.chain_of_command(event.reports_to):
            raise EventError(
                f"moving {event.post} under {event.reports_to} would make a reporting cycle",
                field="reports_to",
            )
    post = evolve(state.post(event.post), reports_to=event.reports_to)
    return Outcome(
        state.but(posts=state.posts.set(post.id, post)),
        (Change(ChangeKind.MOVED, post.id, detail=f"now reports to {event.reports_to}"),),
    )


@apply.register
def _(event: ev.SetFirstAssistant, state: State, settings: Settings) -> Outcome:
    _known_post(state, event.post)
    if event.first_assistant is not None:
        _known_post(state, event.first_assistant, "first_assistant")
    post = evolve(state.post(event.post), first_assistant=event.first_assistant)
    findings: list[Finding] = []
    if event.post in state.vacancies:
        # A first assistant created after the vacancy does not qualify (D.D.C. 2020).
        findings.append(
            Finding(
                Level.WARNING,
                "first-assistant-after-vacancy",
                "5 U.S.C. 3345(a)(1); L.M.-M. v. Cuccinelli, 442 F. Supp. 3d 1 (D.D.C. 2020)",
                f"{state.title(event.first_assistant)} was named first assistant after the"
                f" {state.title(event.post)} fell vacant; it does not qualify for this vacancy",
                event.date,
                post=event.post,
            )
        )
    return Outcome(
        state.but(posts=state.posts.set(post.id, post)),
        (Change(ChangeKind.FIRST_ASSISTANT, post.id, detail=f"{event.first_assistant}"),),
        tuple(findings),
    )


def _issuer_findings(
    state: State, by: str | None, day: dt.date, what: str, post: str | None
) -> tuple[bool, str | None, list[Finding]]:
    judgement = issuer_lawful(state, by, post)
    if judgement.ok:
        return True, None, []
    return (
        False,
        judgement.reason,
        [
            Finding(
                Level.VIOLATION,
                "issuer-not-lawful",
                judgement.citation,
                f"{what} has no force or effect: {judgement.reason}",
                day,
                post=post,
                person=by,
            )
        ],
    )


@apply.register
def _(event: ev.IssueOrder, state: State, settings: Settings) -> Outcome:
    _known_post(state, event.post)
    _known_person(state, event.by, "by")
    for line_post in event.line:
        _known_post(state, line_post, "line")
    if event.order in state.orders:
        raise EventError(f"order `{event.order}` already exists; amend it", field="order")
    lawful, defect, findings = _issuer_findings(
        state, event.by, event.date, f"Order of succession {event.order}", event.post
    )
    order = SuccessionOrder(
        event.order,
        event.post,
        event.line,
        issued_by=event.by,
        issued_on=event.date,
        covers=event.covers,
        skip_acting=event.skip_acting,
        authority=event.authority,
        authority_kind=event.authority_kind,
        lawful=lawful,
        defect=defect,
    )
    return Outcome(
        state.but(orders=state.orders.set(order.id, order)),
        (Change(ChangeKind.ORDER, event.post, detail=f"{order.id} issued"),),
        tuple(findings),
    )


@apply.register
def _(event: ev.AmendOrder, state: State, settings: Settings) -> Outcome:
    if event.order not in state.orders:
        raise EventError(f"unknown order `{event.order}`", field="order")
    _known_person(state, event.by, "by")
    for line_post in event.line or ():
        _known_post(state, line_post, "line")
    old = state.orders[event.order]
    lawful, defect, findings = _issuer_findings(
        state, event.by, event.date, f"The amendment of {event.order}", old.post
    )
    if not lawful and old.lawful:
        # An amendment without force changes nothing: the version in force stays so.
        return Outcome(
            state,
            (
                Change(
                    ChangeKind.ORDER,
                    old.post,
                    detail=f"{old.id}: amendment without force; version {old.version} stays",
                ),
            ),
            tuple(findings),
        )
    if not old.lawful:
        lawful = False
        defect = f"amends an order without force ({old.defect})"
        findings.append(
            Finding(
                Level.VIOLATION,
                "defect-carried",
                "5 U.S.C. 3348(d)",
                f"The amendment of {event.order} rests on an order without force: {old.defect}",
                event.date,
                post=old.post,
            )
        )
    new = evolve(
        old,
        line=event.line if event.line is not None else old.line,
        covers=event.covers if event.covers is not None else old.covers,
        skip_acting=event.skip_acting if event.skip_acting is not None else old.skip_acting,
        issued_by=event.by,
        issued_on=event.date,
        version=old.version + 1,
        lawful=lawful,
        defect=defect,
    )
    return Outcome(
        state.but(orders=state.orders.set(new.id, new)),
        (Change(ChangeKind.ORDER, old.post, detail=f"{new.id} amended (version {new.version})"),),
        tuple(findings),
    )


@apply.register
def _(event: ev.AddPerson, state: State, settings: Settings) -> Outcome:
    if event.person.id in state.people:
        raise EventError(f"person `{event.person.id}` already exists", field="person")
    return Outcome(
        state.but(people=state.people.set(event.person.id, event.person)),
        (Change(ChangeKind.PERSON_ADDED, person=event.person.id),),
    )


@apply.register
def _(event: ev.Nominate, state: State, settings: Settings) -> Outcome:
    _known_post(state, event.post)
    _known_person(state, event.person)
    _known_person(state, event.by, "by")
    post = state.post(event.post)
    if post.appointment is not Appointment.PAS:
        raise EventError(
            f"{post.title} is not a Senate-confirmed post; nobody is nominated to it",
            field="post",
        )
    president = state.president()
    if event.by is not None and president is not None and event.by != president:
        raise EventError(
            f"only the President ({state.name(president)}) nominates; {state.name(event.by)}"
            " cannot",
            field="by",
        )
    existing = state.nominations.get(event.post, ())
    if any(n.person == event.person and n.outcome is NominationOutcome.PENDING for n in existing):
        raise EventError(
            f"{state.name(event.person)} is already nominated as {post.title}", field="person"
        )
    nomination = Nomination(event.post, event.person, event.date, president=event.by or president)
    state = state.but(nominations=state.nominations.set(event.post, (*existing, nomination)))
    findings: list[Finding] = []
    ordinal = nomination_ordinal(
        state.nominations[event.post], nomination, state.calendar, settings
    )
    if event.post in state.vacancies and ordinal <= 2:
        findings.append(
            Finding(
                Level.INFO,
                "nomination-extends-clock",
                "5 U.S.C. 3346(a)(2)",
                f"{'First' if ordinal == 1 else 'Second'} nomination: acting service may go on"
                " while it is pending",
                event.date,
                post=event.post,
                person=event.person,
            )
        )
    elif event.post in state.vacancies:
        findings.append(
            Finding(
                Level.INFO,
                "third-nomination",
                "5 U.S.C. 3346(b)(2)",
                f"Nomination number {ordinal}: a third or later nomination gives no more time",
                event.date,
                post=event.post,
                person=event.person,
            )
        )
    changes: list[Change] = [Change(ChangeKind.NOMINATED, event.post, event.person)]
    acting = state.holder(event.post)
    vacancy = state.vacancies.get(event.post)
    # The bar is on acting officers; someone performing delegated duties is not one (3348).
    if (
        acting is not None
        and acting.person == event.person
        and acting.capacity is Capacity.ACTING
        and vacancy is not None
    ):
        bar = nomination_bar(state, event.post, event.person, vacancy.since)
        if bar.ok:
            findings.append(
                Finding(
                    Level.INFO,
                    "nomination-bar",
                    bar.citation,
                    f"{state.name(event.person)} may keep acting while nominated: {bar.reason}",
                    event.date,
                    post=event.post,
                    person=event.person,
                )
            )
        else:
            defect = f"nominated to the office he or she acts in: {bar.reason}"
            state = state.but(
                holdings=state.holdings.set(
                    event.post, evolve(acting, lawful=False, defect=defect)
                ),
            )
            changes.append(Change(ChangeKind.LAWFULNESS, event.post, event.person, detail=defect))
            findings.append(
                Finding(
                    Level.VIOLATION,
                    "nomination-bar",
                    bar.citation,
                    f"{state.name(event.person)} may not go on acting: {bar.reason}",
                    event.date,
                    post=event.post,
                    person=event.person,
                )
            )
    return Outcome(state, tuple(changes), tuple(findings))


@apply.register
def _(event: ev.NominationFails, state: State, settings: Settings) -> Outcome:
    _known_post(state, event.post)
    i = _pending_nomination(state, event.post, event.person)
    nomination = evolve(
        state.nominations[event.post][i], outcome=event.outcome, outcome_date=event.date
    )
    state = _set_nomination(state, event.post, i, nomination)
    ordinal = nomination_ordinal(
        state.nominations[event.post], nomination, state.calendar, settings
    )
    findings: list[Finding] = []
    if event.post in state.vacancies and ordinal <= 2:
        findings.append(
            Finding(
                Level.INFO,
                "nomination-failed",
                f"5 U.S.C. 3346(b)({ordinal})",
                f"Nomination {event.outcome}: a fresh 210 days of acting service run from"
                f" {event.date.isoformat()}",
                event.date,
                post=event.post,
                person=event.person,
            )
        )
    return Outcome(
        state,
        (Change(ChangeKind.NOMINATION_ENDED, event.post, event.person, detail=str(event.outcome)),),
        tuple(findings),
    )


@apply.register
def _(event: ev.Confirm, state: State, settings: Settings) -> Outcome:
    _known_post(state, event.post)
    _known_person(state, event.person)
    i = _pending_nomination(state, event.post, event.person)
    nomination = evolve(
        state.nominations[event.post][i],
        outcome=NominationOutcome.CONFIRMED,
        outcome_date=event.date,
        yeas=event.yeas,
        nays=event.nays,
    )
    state = _set_nomination(state, event.post, i, nomination)
    state = state.but(awaiting_oath=state.awaiting_oath.set(event.post, event.person))
    vote = f" ({event.yeas}-{event.nays})" if event.yeas is not None else ""
    return Outcome(
        state, (Change(ChangeKind.CONFIRMED, event.post, event.person, detail=f"confirmed{vote}"),)
    )


@apply.register
def _(event: ev.SwearIn, state: State, settings: Settings) -> Outcome:
    _known_post(state, event.post)
    _known_person(state, event.person)
    if state.awaiting_oath.get(event.post) != event.person:
        raise EventError(
            f"{state.name(event.person)} has not been confirmed as {state.title(event.post)}",
            field="person",
        )
    tenure = Tenure(
        event.post,
        event.person,
        Capacity.CONFIRMED,
        event.date,
        basis=f"appointed by the President with the Senate's consent ({APPOINTMENTS_CLAUSE})",
    )
    state, changes = _fill(state, tenure)
    state = state.but(awaiting_oath=state.awaiting_oath.delete(event.post))
    return Outcome(state, tuple(changes))


@apply.register
def _(event: ev.Appoint, state: State, settings: Settings) -> Outcome:
    _known_post(state, event.post)
    _known_person(state, event.person)
    _known_person(state, event.by, "by")
    post = state.post(event.post)
    # A capacity other than the default records a holding known from elsewhere (an import):
    # only a plain `appoint` to a Senate-confirmed post skips the steps it must take.
    if post.appointment is Appointment.PAS and event.capacity is Capacity.APPOINTED:
        raise EventError(
            f"{post.title} is Senate-confirmed: use nominate, confirm and swear-in",
            field="post",
        )
    holder = state.holder(event.post)
    if holder is not None and not holder.capacity.is_temporary:
        raise EventError(
            f"{post.title} is held by {state.name(holder.person)}; the post must be left first",
            field="post",
        )
    by = f" by {state.name(event.by)}" if event.by else ""
    basis = event.basis or f"appointed{by}"
    tenure = Tenure(
        event.post, event.person, event.capacity, event.date, basis=basis, ref=event.ref
    )
    state, changes = _fill(state, tenure)
    return Outcome(state, tuple(changes))


@apply.register
def _(event: ev.DesignateActing, state: State, settings: Settings) -> Outcome:
    _known_post(state, event.post)
    _known_person(state, event.person)
    _known_person(state, event.by, "by")
    vacancy = state.vacancies.get(event.post)
    if vacancy is None:
        holder = state.holder(event.post)
        raise EventError(
            f"{state.title(event.post)} is not vacant"
            + (f" ({state.name(holder.person)} serves)" if holder else " (holder not recorded)"),
            field="post",
        )
    findings: list[Finding] = []
    defects: list[str] = []
    basis_post: str | None = None
    if event.route == "order":
        order = governing_order(state, event.post, vacancy.reason.kind)
        listed = [
            p
            for p in (order.line if order else ())
            if (h := state.holder(p)) is not None and h.person == event.person
        ]
        basis = (order.authority if order else "") or "agency order of succession"
        citation = basis
        if not listed:
            defects.append("not in the governing order of succession for this vacancy")
            citation = "5 U.S.C. 3347(a)"
        else:
            basis_post = listed[0]
        order_problem = order_defect(state, event.post, order) if order is not None else None
        if order_problem is not None:
            defects.append(f"{order_problem[0]}, and only such a statute displaces the Act")
            citation = order_problem[1]
        elif order is not None and listed:
            unfit = listee_defect(state, event.post, order, event.person, vacancy.since)
            if unfit is not None:
                defects.append(unfit)
                citation = "5 U.S.C. 3345(a)"
    else:
        president = state.president()
        if event.by is not None and event.by != president:
            defects.append(
                f"only the President may direct an acting officer, not {state.name(event.by)}"
            )
        judgement = designation_eligibility(state, event.post, event.person, vacancy.since)
        basis, citation, basis_post = judgement.reason, judgement.citation, judgement.post
        if not judgement.ok:
            defects.append(judgement.reason)
    bar = nomination_bar(state, event.post, event.person, vacancy.since)
    if not bar.ok:
        defects.append(bar.reason)
    limit = acting_status(state, event.post, settings, event.date)
    if limit is not None and not limit.lawful:
        defects.append(f"{limit.reason} [{limit.citation}]")
    issuer = issuer_lawful(state, event.by, event.post if event.route == "order" else None)
    if event.by is not None and not issuer.ok:
        defects.append(f"designated by someone not lawfully serving ({issuer.reason})")
    defect = "; ".join(defects) or None
    tenure = Tenure(
        event.post,
        event.person,
        Capacity.ACTING,
        event.date,
        basis=f"{basis} [{citation}]",
        lawful=defect is None,
        defect=defect,
        basis_post=basis_post,
    )
    if defect is not None:
        findings.append(
            Finding(
                Level.VIOLATION,
                "acting-eligibility",
                citation,
                f"{state.name(event.person)} may not lawfully act as {state.title(event.post)}:"
                f" {defect}",
                event.date,
                post=event.post,
                person=event.person,
            )
        )
    state, changes = _fill(state, tenure)
    return Outcome(state, tuple(changes), tuple(findings))


@apply.register
def _(event: ev.DelegateDuties, state: State, settings: Settings) -> Outcome:
    _known_post(state, event.post)
    _known_person(state, event.person)
    _known_person(state, event.by, "by")
    lawful, defect, findings = _issuer_findings(
        state,
        event.by,
        event.date,
        f"The delegation of the {state.title(event.post)}'s duties",
        event.post,
    )
    delegation = Delegation(event.post, event.person, event.date, event.by, lawful, defect)
    state = state.but(delegations=state.delegations.set(event.post, delegation))
    changes = [Change(ChangeKind.DELEGATED, event.post, event.person)]
    if event.post in state.vacancies and event.post not in state.holdings:
        tenure = Tenure(
            event.post,
            event.person,
            Capacity.PERFORMING_DUTIES,
            event.date,
            basis=DELEGATION_BASIS,
            lawful=lawful,
            defect=defect,
        )
        state, filled = _fill(state, tenure)
        changes.extend(filled)
    return Outcome(state, tuple(changes), tuple(findings))


@apply.register
def _(event: ev.RequestResignation, state: State, settings: Settings) -> Outcome:
    _known_post(state, event.post)
    _known_person(state, event.by, "by")
    holder = state.holder(event.post)
    if holder is None:
        raise EventError(f"nobody serves as {state.title(event.post)} to ask", field="post")
    if event.person is not None and event.person != holder.person:
        _serving(state, event.post, event.person)
    authority = removal_authority(state, event.by, event.post)
    findings: tuple[Finding, ...] = ()
    if not authority.allowed:
        findings = (
            Finding(
                Level.INFO,
                "removal-authority",
                authority.citation,
                f"{state.name(event.by)} asks for the resignation but cannot remove"
                f" {state.name(holder.person)}: {authority.reason}",
                event.date,
                post=event.post,
                person=holder.person,
            ),
        )
    return Outcome(state, (), findings)


@apply.register
def _(event: ev.Resign, state: State, settings: Settings) -> Outcome:
    held = _serving(state, event.post, event.person)
    effective = event.effective or event.date
    if effective < event.date:
        raise EventError("a resignation cannot take effect before it is made", field="effective")
    if effective > event.date:
        pending = PendingResignation(event.post, event.person, event.date, effective)
        return Outcome(
            state.but(pending=state.pending.set(event.post, pending)),
            (
                Change(
                    ChangeKind.RESIGNATION_TENDERED,
                    event.post,
                    event.person,
                    detail=f"effective {effective.isoformat()}",
                ),
            ),
        )
    state, changes = _vacate(
        state,
        event.post,
        VacancyReason.RESIGNATION,
        event.date,
        declined=held.capacity.is_temporary,
    )
    return Outcome(state, tuple(changes))


@apply.register
def _(event: ev.ResignationTakesEffect, state: State, settings: Settings) -> Outcome:
    held = _serving(state, event.post, event.person)
    state, changes = _vacate(
        state,
        event.post,
        VacancyReason.RESIGNATION,
        event.date,
        declined=held.capacity.is_temporary,
    )
    return Outcome(state, tuple(changes))


@apply.register
def _(event: ev.AcceptResignation, state: State, settings: Settings) -> Outcome:
    _known_post(state, event.post)
    _known_person(state, event.person)
    _known_person(state, event.by, "by")
    pending = state.pending.get(event.post)
    vacancy = state.vacancies.get(event.post)
    tendered = (pending is not None and pending.person == event.person) or (
        vacancy is not None
        and vacancy.previous_holder == event.person
        and vacancy.reason is VacancyReason.RESIGNATION
    )
    if not tendered:
        raise EventError(
            f"{state.name(event.person)} has not resigned as {state.title(event.post)}",
            field="person",
        )
    if pending is not None and pending.person == event.person:
        state = state.but(
            pending=state.pending.set(event.post, evolve(pending, accepted_by=event.by))
        )
    return Outcome(state)


@apply.register
def _(event: ev.Remove, state: State, settings: Settings) -> Outcome:
    held = _serving(state, event.post, event.person)
    _known_person(state, event.by, "by")
    authority = removal_authority(state, event.by, event.post)
    if not authority.allowed:
        raise EventError(
            f"{state.name(event.by)} cannot remove {state.name(event.person)}:"
            f" {authority.reason} [{authority.citation}]",
            field="by",
        )
    state, changes = _vacate(
        state, event.post, VacancyReason.REMOVAL, event.date, declined=held.capacity.is_temporary
    )
    return Outcome(state, tuple(changes))


@apply.register
def _(event: ev.Leave, state: State, settings: Settings) -> Outcome:
    held = _serving(state, event.post, event.person)
    state, changes = _vacate(
        state, event.post, VacancyReason.DEPARTURE, event.date, declined=held.capacity.is_temporary
    )
    return Outcome(state, tuple(changes))


@apply.register
def _(event: ev.TermExpires, state: State, settings: Settings) -> Outcome:
    _serving(state, event.post, event.person)
    state, changes = _vacate(state, event.post, VacancyReason.TERM_EXPIRED, event.date)
    return Outcome(state, tuple(changes))


@apply.register
def _(event: ev.Death, state: State, settings: Settings) -> Outcome:
    _known_person(state, event.person)
    changes: list[Change] = []
    for tenure in list(state.held_by(event.person)):
        state, left = _vacate(
            state,
            tenure.post,
            VacancyReason.DEATH,
            event.date,
            declined=tenure.capacity.is_temporary,
        )
        changes.extend(left)
    state = state.but(deceased=state.deceased.set(event.person, event.date))
    return Outcome(state, tuple(changes))


@apply.register
def _(event: ev.Inability, state: State, settings: Settings) -> Outcome:
    _serving(state, event.post, event.person)
    if event.sickness:
        reason = VacancyReason.SICKNESS
    elif event.emergency:
        reason = VacancyReason.ABSENCE
    else:
        reason = VacancyReason.INABILITY
    state, changes = _vacate(state, event.post, reason, event.date, suspend=True)
    return Outcome(state, tuple(changes))


@apply.register
def _(event: ev.Recovery, state: State, settings: Settings) -> Outcome:
    _known_post(state, event.post)
    vacancy = state.vacancies.get(event.post)
    if vacancy is None or vacancy.suspended is None or vacancy.suspended.person != event.person:
        raise EventError(
            f"{state.name(event.person)} was not unable to serve as {state.title(event.post)}",
            field="person",
        )
    # A permanent holder's return ends the vacancy (and its nominations) in _fill.
    state, changes = _fill(state, vacancy.suspended)
    return Outcome(state, tuple(changes))


@apply.register
def _(event: ev.AssumeActing, state: State, settings: Settings) -> Outcome:
    tenure = Tenure(
        event.post,
        event.person,
        Capacity.ACTING,
        event.date,
        basis=f"{event.citation}: {event.basis}" if event.citation else event.basis,
        lawful=event.lawful,
        defect=event.defect,
        basis_post=event.basis_post,
    )
    state, changes = _fill(state, tenure)
    how = {
        "first-assistant": "by operation of law, as first assistant",
        "order": "under the order of succession",
        "resume": "again, now that a nomination is pending",
        "lawful-again": "again, now that time has made acting service lawful again",
    }.get(event.route, "")
    finding = Finding(
        Level.INFO,
        "acting-officer",
        event.citation,
        f"{state.name(event.person)} acts as {state.title(event.post)} {how} ({event.basis})",
        event.date,
        post=event.post,
        person=event.person,
    )
    return Outcome(state, tuple(changes), (finding,))


@apply.register
def _(event: ev.ActingLapses, state: State, settings: Settings) -> Outcome:
    tenure = _serving(state, event.post, event.person)
    findings = [
        Finding(
            Level.INFO,
            "acting-time-limit",
            f"{event.citation}; 5 U.S.C. 3348" if event.citation else "5 U.S.C. 3346; 3348",
            f"{state.name(event.person)}'s acting service as {state.title(event.post)} ends"
            f" after {event.last_day.isoformat()}, its last lawful day: {event.basis}",
            event.date,
            post=event.post,
            person=event.person,
            until=event.last_day,
        )
    ]
    if event.performs_duties:
        new = evolve(
            tenure, capacity=Capacity.PERFORMING_DUTIES, start=event.date, basis=DELEGATION_BASIS
        )
        state, changes = _fill(state, new)
        words, citation = reserved_duties(state, event.post)
        findings.append(
            Finding(
                Level.INFO,
                "performing-duties",
                citation,
                f"{state.name(event.person)} goes on performing the delegated duties of the"
                f" {state.title(event.post)}, but is no longer acting: {words}",
                event.date,
                post=event.post,
                person=event.person,
            )
        )
        return Outcome(state, tuple(changes), tuple(findings))
    # The rules then find nobody may act (the clock has run out) and say so, citing 3348.
    state, changes = _vacate(state, event.post, state.vacancies[event.post].reason, event.date)
    return Outcome(state, tuple(changes), tuple(findings))


@apply.register
def _(event: ev.ActingReopens, state: State, settings: Settings) -> Outcome:
    _known_post(state, event.post)
    until = f", until {event.last_day.isoformat()}" if event.last_day else ""
    service = f"acting service as {state.title(event.post)}"
    words = f"{service} is lawful again{until}: {event.basis}"
    # A change to the post, so that the rules look at it again: whoever they name acts.
    change = Change(ChangeKind.LAWFULNESS, event.post, detail=words, basis=event.citation)
    finding = Finding(
        Level.INFO,
        "acting-time-reopens",
        event.citation,
        f"Time alone makes {service} lawful again{until}: {event.basis}",
        event.date,
        post=event.post,
        until=event.last_day,
    )
    return Outcome(state, (change,), (finding,))


@apply.register
def _(event: ev.ActingEnds, state: State, settings: Settings) -> Outcome:
    _serving(state, event.post, event.person)
    state, changes = _vacate(
        state, event.post, state.vacancies[event.post].reason, event.date, declined=True
    )
    finding = Finding(
        Level.INFO,
        "acting-basis-lost",
        event.citation,
        f"{state.name(event.person)} no longer acts as {state.title(event.post)}: the acting"
        f" service rested on holding the post of {state.title(event.basis_post)}, which"
        f" {state.name(event.person)} has left",
        event.date,
        post=event.post,
        person=event.person,
    )
    return Outcome(state, tuple(changes), (finding,))
