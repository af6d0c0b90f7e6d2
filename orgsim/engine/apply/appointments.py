"""Appointments: nominations and what becomes of them, confirmation, the oath, appointments
without the Senate, and recess appointments."""

from __future__ import annotations

from attrs import evolve

from orgsim import events as ev
from orgsim.engine.apply.common import (
    Outcome,
    fill,
    known_person,
    known_post,
    pending_nomination,
)
from orgsim.engine.apply.dispatch import apply
from orgsim.errors import EventError
from orgsim.model import (
    Appointment,
    Capacity,
    Change,
    ChangeKind,
    Nomination,
    NominationOutcome,
    State,
    Tenure,
)

__all__: list[str] = []

CONFIRMED_BASIS = "appointed by the President with the Senate's consent"


def _set_nomination(state: State, post_id: str, i: int, nomination: Nomination) -> State:
    noms = list(state.nominations[post_id])
    noms[i] = nomination
    return state.but(nominations=state.nominations.set(post_id, tuple(noms)))


@apply.register
def _(event: ev.Nominate, state: State, *, act_id: str) -> Outcome:
    known_post(state, event.post)
    known_person(state, event.person)
    known_person(state, event.by, "by")
    post = state.post(event.post)
    if post.appointment is not Appointment.PAS:
        raise EventError(
            f"{post.title} is not a Senate-confirmed post; nobody is nominated to it",
            field="post",
        )
    existing = state.nominations.get(event.post, ())
    if any(n.person == event.person and n.outcome is NominationOutcome.PENDING for n in existing):
        raise EventError(
            f"{state.name(event.person)} is already nominated as {post.title}", field="person"
        )
    # Recorded as the record has it: who nominated, when the record says (the rules decide
    # whether a nomination by anyone but the President counts).
    nomination = Nomination(
        event.post, event.person, event.date, president=event.by or state.president()
    )
    state = state.but(nominations=state.nominations.set(event.post, (*existing, nomination)))
    return Outcome(state, (Change(ChangeKind.NOMINATED, event.post, event.person),))


@apply.register
def _(event: ev.NominationFails, state: State, *, act_id: str) -> Outcome:
    known_post(state, event.post)
    i = pending_nomination(state, event.post, event.person)
    nomination = evolve(
        state.nominations[event.post][i], outcome=event.outcome, outcome_date=event.date
    )
    state = _set_nomination(state, event.post, i, nomination)
    return Outcome(
        state,
        (Change(ChangeKind.NOMINATION_ENDED, event.post, event.person, detail=str(event.outcome)),),
    )


@apply.register
def _(event: ev.Confirm, state: State, *, act_id: str) -> Outcome:
    known_post(state, event.post)
    known_person(state, event.person)
    i = pending_nomination(state, event.post, event.person)
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
def _(event: ev.SwearIn, state: State, *, act_id: str) -> Outcome:
    known_post(state, event.post)
    known_person(state, event.person)
    if state.awaiting_oath.get(event.post) != event.person:
        raise EventError(
            f"{state.name(event.person)} has not been confirmed as {state.title(event.post)}"
            " (record the confirmation first)",
            field="person",
        )
    tenure = Tenure(event.post, event.person, Capacity.CONFIRMED, event.date, CONFIRMED_BASIS)
    state, changes = fill(state, tenure)
    state = state.but(awaiting_oath=state.awaiting_oath.delete(event.post))
    return Outcome(state, tuple(changes))


def _not_held(state: State, post_id: str) -> None:
    holder = state.holder(post_id)
    if holder is not None and not holder.capacity.is_temporary:
        raise EventError(
            f"{state.title(post_id)} is held by {state.name(holder.person)}; the post must be"
            " left first",
            field="post",
        )


@apply.register
def _(event: ev.Appoint, state: State, *, act_id: str) -> Outcome:
    known_post(state, event.post)
    known_person(state, event.person)
    known_person(state, event.by, "by")
    _not_held(state, event.post)
    by = f" by {state.name(event.by)}" if event.by else ""
    tenure = Tenure(
        event.post,
        event.person,
        event.capacity,
        event.date,
        event.basis or f"appointed{by}",
        by=event.by,
        ref=event.ref,
    )
    state, changes = fill(state, tenure)
    return Outcome(state, tuple(changes))


@apply.register
def _(event: ev.RecessAppoint, state: State, *, act_id: str) -> Outcome:
    known_post(state, event.post)
    known_person(state, event.person)
    known_person(state, event.by, "by")
    post = state.post(event.post)
    if post.appointment is not Appointment.PAS:
        raise EventError(
            f"{post.title} is not a Senate-confirmed post; a recess appointment fills only such"
            " a post",
            field="post",
        )
    _not_held(state, event.post)
    tenure = Tenure(
        event.post,
        event.person,
        Capacity.RECESS,
        event.date,
        "recess appointment",
        expires=event.expires,
        by=event.by,
        act=act_id,
    )
    state, changes = fill(state, tenure)
    return Outcome(state, tuple(changes))
