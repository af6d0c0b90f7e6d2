"""Filling in for a vacant office: designations, reported acting service, people who do not
take it up, changes of title, delegations of duties, and the assumptions the rules make where
the sources are silent."""

from __future__ import annotations

from attrs import evolve

from orgsim import events as ev
from orgsim.engine.apply.common import (
    Outcome,
    fill,
    filling_in,
    known_person,
    known_post,
    must_be_vacant,
    record_act,
    serving,
    vacate,
)
from orgsim.engine.apply.dispatch import apply
from orgsim.errors import EventError
from orgsim.model import (
    Act,
    ActType,
    Capacity,
    Change,
    ChangeKind,
    Delegation,
    Route,
    State,
    Tenure,
)

__all__ = ["ASSUMED_BASIS", "DELEGATION_BASIS"]

DELEGATION_BASIS = "delegation of the office's non-exclusive duties"
ASSUMED_BASIS = "by operation of law; not reported"


def _claimed(route: Route | None, basis: str | None) -> str:
    """The basis in words, as the sources give or claim it."""
    if basis:
        return basis
    if route is None:
        return ""
    return route.words or "basis not reported"


@apply.register
def _(event: ev.DesignateActing, state: State, *, act_id: str) -> Outcome:
    known_post(state, event.post)
    known_person(state, event.person)
    known_person(state, event.by, "by")
    known_person(state, event.claimed_by, "claimed_by")
    state, opened = filling_in(state, event.post, event.date)
    tenure = Tenure(
        event.post,
        event.person,
        Capacity.ACTING,
        event.date,
        _claimed(event.route, event.basis),
        route=event.route,
        claimed_by=event.claimed_by,
        by=event.by,
        act=act_id,
    )
    what = f"designates {state.name(event.person)} to act as {state.title(event.post)}"
    state = record_act(
        state, Act(act_id, event.post, event.by, event.date, ActType.DESIGNATION, what)
    )
    state, changes = fill(state, tenure)
    return Outcome(state, (*opened, *changes))


@apply.register
def _(event: ev.AssumeActing, state: State, *, act_id: str) -> Outcome:
    known_post(state, event.post)
    known_person(state, event.person)
    known_person(state, event.claimed_by, "claimed_by")
    state, opened = filling_in(state, event.post, event.date)
    tenure = Tenure(
        event.post,
        event.person,
        Capacity.ACTING,
        event.date,
        _claimed(event.route, event.basis),
        route=event.route,
        claimed_by=event.claimed_by,
        act=act_id,
        ref=event.ref,
    )
    state, changes = fill(state, tenure)
    return Outcome(state, (*opened, *changes))


@apply.register
def _(event: ev.DeclineActing, state: State, *, act_id: str) -> Outcome:
    known_post(state, event.post)
    known_person(state, event.person)
    vacancy = must_be_vacant(state, event.post)
    changes: list[Change] = []
    holder = state.holder(event.post)
    if holder is not None and holder.person == event.person:
        # The record says they did not take it up: whoever was put there (the rules' own
        # assumption, or an earlier report) leaves.
        state, changes = vacate(state, event.post, vacancy.reason, event.date, declined=True)
    vacancy = state.vacancies[event.post]
    state = state.but(
        vacancies=state.vacancies.set(
            event.post, evolve(vacancy, declined=vacancy.declined | {event.person})
        )
    )
    changes.append(
        Change(ChangeKind.LAWFULNESS, event.post, event.person, detail="does not take up acting")
    )
    return Outcome(state, tuple(changes))


@apply.register
def _(event: ev.Retitle, state: State, *, act_id: str) -> Outcome:
    tenure = serving(state, event.post, event.person)
    known_person(state, event.claimed_by, "claimed_by")
    if not tenure.capacity.is_temporary or not event.capacity.is_temporary:
        raise EventError(
            "retitle changes only how someone fills in for a vacant office (acting or"
            f" performing-duties); {state.name(event.person)} serves as {tenure.capacity}",
            field="capacity",
        )
    delegation = state.delegations.get(event.post)
    act: str | None = act_id
    if event.capacity is Capacity.PERFORMING_DUTIES:
        act = delegation.act if delegation and delegation.person == event.person else None
    new = evolve(
        tenure,
        capacity=event.capacity,
        start=event.date,
        basis=_claimed(event.route, event.basis)
        or (DELEGATION_BASIS if event.capacity is Capacity.PERFORMING_DUTIES else tenure.basis),
        route=event.route if event.route is not None else tenure.route,
        claimed_by=event.claimed_by,
        act=act,
        assumed=False,
        since_note=None,
        hypothetical=event.hypothetical,
    )
    state, changes = fill(state, new)
    return Outcome(state, tuple(changes))


@apply.register
def _(event: ev.DelegateDuties, state: State, *, act_id: str) -> Outcome:
    known_post(state, event.post)
    known_person(state, event.person)
    known_person(state, event.by, "by")
    delegation = Delegation(
        event.post, event.person, event.date, event.by, hypothetical=event.hypothetical, act=act_id
    )
    state = state.but(delegations=state.delegations.set(event.post, delegation))
    what = f"delegates the duties of the {state.title(event.post)} to {state.name(event.person)}"
    state = record_act(
        state, Act(act_id, event.post, event.by, event.date, ActType.DELEGATION, what)
    )
    return Outcome(state, (Change(ChangeKind.DELEGATED, event.post, event.person),))


@apply.register
def _(event: ev.PerformDuties, state: State, *, act_id: str) -> Outcome:
    known_post(state, event.post)
    known_person(state, event.person)
    known_person(state, event.claimed_by, "claimed_by")
    state, opened = filling_in(state, event.post, event.date)
    delegation = state.delegations.get(event.post)
    tenure = Tenure(
        event.post,
        event.person,
        Capacity.PERFORMING_DUTIES,
        event.date,
        event.basis or DELEGATION_BASIS,
        route=Route.DELEGATION,
        claimed_by=event.claimed_by,
        by=delegation.by if delegation and delegation.person == event.person else None,
        act=delegation.act if delegation and delegation.person == event.person else None,
        ref=event.ref,
    )
    state, changes = fill(state, tenure)
    return Outcome(state, (*opened, *changes))


@apply.register
def _(event: ev.ActingByLaw, state: State, *, act_id: str) -> Outcome:
    must_be_vacant(state, event.post)
    current = state.holder(event.post)
    if current is not None and not current.assumed:
        raise EventError(
            f"the rules may not displace {state.name(current.person)}, whom the record has"
            f" in the post of {state.title(event.post)}",
            field="post",
        )
    tenure = Tenure(
        event.post,
        event.person,
        Capacity.ACTING,
        event.date,
        ASSUMED_BASIS,
        basis_post=event.basis_post,
        route=event.route,
        act=act_id,
        assumed=True,
    )
    state, changes = fill(state, tenure)
    return Outcome(state, tuple(changes))


@apply.register
def _(event: ev.AssumptionEnds, state: State, *, act_id: str) -> Outcome:
    tenure = serving(state, event.post, event.person)
    if not tenure.assumed:
        raise EventError(
            f"the rules may not move {state.name(event.person)}, whom the record has in the"
            f" post of {state.title(event.post)}",
            field="person",
        )
    if event.performs_duties:
        delegation = state.delegations.get(event.post)
        new = evolve(
            tenure,
            capacity=Capacity.PERFORMING_DUTIES,
            start=event.date,
            basis=f"{DELEGATION_BASIS}; {ASSUMED_BASIS}",
            route=Route.DELEGATION,
            act=delegation.act if delegation is not None else None,
        )
        state, changes = fill(state, new)
        return Outcome(state, tuple(changes))
    vacancy = state.vacancies[event.post]
    state, changes = vacate(state, event.post, vacancy.reason, event.date)
    return Outcome(state, tuple(changes))
