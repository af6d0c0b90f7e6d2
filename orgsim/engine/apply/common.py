"""What every family of events shares: the outcome record, guards, and the two state moves
(someone leaves a post; someone takes one). No legal reasoning: that is the rules'."""

from __future__ import annotations

import datetime as dt
from typing import TypeVar

from attrs import evolve, frozen
from immutables import Map

from orgsim.errors import EventError
from orgsim.model import (
    Act,
    Change,
    ChangeKind,
    NominationOutcome,
    State,
    Tenure,
    Vacancy,
    VacancyReason,
)

__all__ = [
    "Outcome",
    "fill",
    "filling_in",
    "known_person",
    "known_post",
    "must_be_vacant",
    "pending_nomination",
    "record_act",
    "serving",
    "vacate",
    "without",
]

T = TypeVar("T")


@frozen
class Outcome:
    """What applying one event produced: the recorded state after it, and what changed."""

    state: State
    changes: tuple[Change, ...] = ()


def known_post(state: State, post_id: str, field: str = "post") -> None:
    """The post must exist."""
    if post_id not in state.posts:
        raise EventError(f"unknown post `{post_id}`", field=field)


def known_person(state: State, person_id: str | None, field: str = "person") -> None:
    """The person, when named, must exist and be alive: the dead do nothing."""
    if person_id is None:
        return
    if person_id not in state.people:
        raise EventError(f"unknown person `{person_id}`", field=field)
    died = state.deceased.get(person_id)
    if died is not None:
        raise EventError(f"{state.name(person_id)} died on {died.isoformat()}", field=field)


def serving(state: State, post_id: str, person_id: str) -> Tenure:
    """The person must serve in the post (in any capacity): the tenure."""
    known_post(state, post_id)
    known_person(state, person_id)
    tenure = state.holder(post_id)
    if tenure is None or tenure.person != person_id:
        who = f"held by {state.name(tenure.person)}" if tenure else str(state.status(post_id))
        raise EventError(
            f"{state.name(person_id)} does not serve as {state.title(post_id)}"
            f" on {state.date.isoformat()} (the post is {who})",
            field="person",
        )
    return tenure


def without(table: Map[str, T], key: str) -> Map[str, T]:
    """The map less one key, if it has it."""
    return table.delete(key) if key in table else table


def vacate(
    state: State,
    post_id: str,
    reason: VacancyReason,
    day: dt.date,
    *,
    suspend: bool = False,
    declined: bool = False,
) -> tuple[State, list[Change]]:
    """Whoever serves leaves; an existing vacancy keeps its date, since the clock runs from it.

    `declined`: someone filling in steps down, and no assumption seats them again.
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
    pending = without(state.pending, post_id)
    state = state.but(
        holdings=state.holdings.delete(post_id),
        vacancies=vacancies,
        delegations=delegations,
        pending=pending,
    )
    return state, changes


def fill(state: State, tenure: Tenure) -> tuple[State, list[Change]]:
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
            vacancies=without(state.vacancies, post_id),
            nominations=without(state.nominations, post_id),
            delegations=without(state.delegations, post_id),
        )
    return state, changes


def pending_nomination(state: State, post_id: str, person_id: str) -> int:
    """The index of the person's pending nomination to the post (an error when none)."""
    for i, nomination in enumerate(state.nominations.get(post_id, ())):
        if nomination.person == person_id and nomination.outcome is NominationOutcome.PENDING:
            return i
    raise EventError(
        f"no pending nomination of {state.name(person_id)} as {state.title(post_id)}",
        field="person",
    )


def must_be_vacant(state: State, post_id: str) -> Vacancy:
    """The post must be vacant (someone may fill in for it): the vacancy."""
    vacancy = state.vacancies.get(post_id)
    if vacancy is None:
        holder = state.holder(post_id)
        raise EventError(
            f"{state.title(post_id)} is not vacant"
            + (f" ({state.name(holder.person)} serves)" if holder else " (holder not recorded)"),
            field="post",
        )
    return vacancy


def filling_in(state: State, post_id: str, day: dt.date) -> tuple[State, list[Change]]:
    """Someone is reported filling in for the post: it must be vacant, or have no recorded
    holder, in which case the report itself says it is vacant (since when, the record does
    not say: from this day)."""
    if post_id in state.vacancies:
        return state, []
    holder = state.holder(post_id)
    if holder is not None:
        raise EventError(
            f"{state.title(post_id)} is held by {state.name(holder.person)}; record how the"
            " post fell vacant first",
            field="post",
        )
    vacancy = Vacancy(
        post_id,
        day,
        VacancyReason.DEPARTURE,
        first_assistant=state.posts[post_id].first_assistant,
        first_assistant_fixed=True,
    )
    state = state.but(vacancies=state.vacancies.set(post_id, vacancy))
    return state, [Change(ChangeKind.VACATED, post_id, detail="not reported before this day")]


def record_act(state: State, act: Act) -> State:
    """The act joins the record (an id may be used once)."""
    if act.id in state.acts:
        raise EventError(f"act `{act.id}` is already recorded", field="id")
    return state.but(acts=state.acts.set(act.id, act))
