"""Departures: requests to resign, resignations (at once or later), removals, departures the
sources do not explain, expired terms, deaths, inability and recovery."""

from __future__ import annotations

from attrs import evolve

from orgsim import events as ev
from orgsim.engine.apply.common import Outcome, fill, known_person, known_post, serving, vacate
from orgsim.engine.apply.dispatch import apply
from orgsim.errors import EventError
from orgsim.model import Change, ChangeKind, PendingResignation, State, VacancyReason

__all__: list[str] = []


@apply.register
def _(event: ev.RequestResignation, state: State, *, act_id: str) -> Outcome:
    known_post(state, event.post)
    known_person(state, event.by, "by")
    holder = state.holder(event.post)
    if holder is None:
        raise EventError(f"nobody serves as {state.title(event.post)} to ask", field="post")
    if event.person is not None and event.person != holder.person:
        serving(state, event.post, event.person)
    return Outcome(state)


def _leave(state: State, post: str, person: str, reason: VacancyReason, day: object) -> Outcome:
    held = serving(state, post, person)
    state, changes = vacate(state, post, reason, state.date, declined=held.capacity.is_temporary)
    return Outcome(state, tuple(changes))


@apply.register
def _(event: ev.Resign, state: State, *, act_id: str) -> Outcome:
    serving(state, event.post, event.person)
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
    return _leave(state, event.post, event.person, VacancyReason.RESIGNATION, event.date)


@apply.register
def _(event: ev.ResignationTakesEffect, state: State, *, act_id: str) -> Outcome:
    return _leave(state, event.post, event.person, VacancyReason.RESIGNATION, event.date)


@apply.register
def _(event: ev.AcceptResignation, state: State, *, act_id: str) -> Outcome:
    known_post(state, event.post)
    known_person(state, event.person)
    known_person(state, event.by, "by")
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
def _(event: ev.Remove, state: State, *, act_id: str) -> Outcome:
    # Recorded whoever removes: whether they had the authority is the rules' judgement.
    known_person(state, event.by, "by")
    return _leave(state, event.post, event.person, VacancyReason.REMOVAL, event.date)


@apply.register
def _(event: ev.Leave, state: State, *, act_id: str) -> Outcome:
    return _leave(state, event.post, event.person, VacancyReason.DEPARTURE, event.date)


@apply.register
def _(event: ev.TermExpires, state: State, *, act_id: str) -> Outcome:
    serving(state, event.post, event.person)
    state, changes = vacate(state, event.post, VacancyReason.TERM_EXPIRED, event.date)
    return Outcome(state, tuple(changes))


@apply.register
def _(event: ev.Death, state: State, *, act_id: str) -> Outcome:
    known_person(state, event.person)
    changes: list[Change] = []
    for tenure in list(state.held_by(event.person)):
        state, left = vacate(
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
def _(event: ev.Inability, state: State, *, act_id: str) -> Outcome:
    serving(state, event.post, event.person)
    if event.sickness:
        reason = VacancyReason.SICKNESS
    elif event.emergency:
        reason = VacancyReason.ABSENCE
    else:
        reason = VacancyReason.INABILITY
    state, changes = vacate(state, event.post, reason, event.date, suspend=True)
    return Outcome(state, tuple(changes))


@apply.register
def _(event: ev.Recovery, state: State, *, act_id: str) -> Outcome:
    known_post(state, event.post)
    vacancy = state.vacancies.get(event.post)
    if vacancy is None or vacancy.suspended is None or vacancy.suspended.person != event.person:
        raise EventError(
            f"{state.name(event.person)} was not unable to serve as {state.title(event.post)}",
            field="person",
        )
    # A permanent holder's return ends the vacancy (and its nominations) in `fill`.
    state, changes = fill(state, vacancy.suspended)
    return Outcome(state, tuple(changes))
