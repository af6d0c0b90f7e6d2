"""Decisions the engine asks for: who fills a vacancy, and what falls due as time passes."""

from __future__ import annotations

import datetime as dt

from orgsim.events import ActingLapses, AssumeActing, Event, ResignationTakesEffect
from orgsim.model import Capacity, Finding, Level, State
from orgsim.rules.clock import Limit, acting_limit
from orgsim.rules.settings import Settings
from orgsim.rules.vacancies import FIRST_ASSISTANT, succession_line, successor

__all__ = [
    "acting_status",
    "fill_vacancy",
    "next_due",
    "nobody_may_act",
    "resume_on_nomination",
]

NO_ACTING = "5 U.S.C. 3348(a)(2), (b)"


def acting_status(state: State, post_id: str, settings: Settings, on: dt.date) -> Limit | None:
    """The Vacancies Act limit for acting service in a vacant post, or None if none applies."""
    vacancy = state.vacancies.get(post_id)
    post = state.posts.get(post_id)
    if vacancy is None or post is None or not post.fvra:
        return None
    return acting_limit(
        vacancy, state.nominations.get(post_id, ()), state.calendar, settings, on=on
    )


def nobody_may_act(state: State, post_id: str, day: dt.date, why: str) -> Finding:
    """The finding for a vacancy nobody may fill: only the agency head does reserved duties."""
    head = state.agency_of(post_id)
    agency = state.organizations[head].name if head else None
    head_words = f"the head of the agency ({agency})" if agency else "the head of the agency"
    return Finding(
        Level.WARNING,
        "no-acting-officer",
        NO_ACTING,
        f"Nobody may act as {state.title(post_id)} ({why}); the office stays vacant and only"
        f" {head_words} may perform the functions and duties reserved to it",
        day,
        post=post_id,
    )


def fill_vacancy(
    state: State, post_id: str, settings: Settings, *, day: dt.date
) -> tuple[list[Event], list[Finding]]:
    """Who acts the day a Vacancies Act post falls vacant (3345(a)(1) or the governing order)."""
    post = state.posts[post_id]
    vacancy = state.vacancies.get(post_id)
    if vacancy is None or not post.fvra or post_id in state.holdings:
        return [], []
    limit = acting_status(state, post_id, settings, day)
    if limit is not None and not limit.lawful:
        return [], [nobody_may_act(state, post_id, day, limit.reason)]
    candidate = successor(
        state,
        post_id,
        vacancy.reason.kind,
        vacated_holder=vacancy.previous_holder,
        vacancy_since=vacancy.since,
    )
    if candidate is None or candidate.person is None:
        line = succession_line(
            state,
            post_id,
            vacancy.reason.kind,
            vacated_holder=vacancy.previous_holder,
            vacancy_since=vacancy.since,
        )
        why = "; ".join(f"{state.title(c.post)}: {c.reason}" for c in line) or (
            "no first assistant and no order of succession"
        )
        return [], [nobody_may_act(state, post_id, day, why)]
    event = AssumeActing(
        date=day,
        post=post_id,
        person=candidate.person,
        basis=f"{candidate.basis} ({candidate.reason})",
        route=candidate.route,
    )
    return [event], []


def resume_on_nomination(
    state: State, post_id: str, settings: Settings, *, day: dt.date
) -> list[Event]:
    """A first or second nomination lets the first assistant act again (3346(a)(2))."""
    post = state.posts[post_id]
    holder = state.holder(post_id)
    if post_id not in state.vacancies or not post.fvra:
        return []
    if holder is not None and holder.capacity is not Capacity.PERFORMING_DUTIES:
        return []
    limit = acting_status(state, post_id, settings, day)
    if limit is None or not limit.lawful:
        return []
    vacancy = state.vacancies[post_id]
    candidate = successor(
        state,
        post_id,
        vacancy.reason.kind,
        vacated_holder=vacancy.previous_holder,
        vacancy_since=vacancy.since,
    )
    if candidate is None or candidate.person is None:
        return []
    if holder is not None and holder.person != candidate.person:
        return []
    return [
        AssumeActing(
            date=day,
            post=post_id,
            person=candidate.person,
            basis=f"{FIRST_ASSISTANT} and 5 U.S.C. 3346(a)(2) (a nomination is pending)"
            if candidate.route == "first-assistant"
            else f"{candidate.basis}; 5 U.S.C. 3346(a)(2) (a nomination is pending)",
            route="resume",
        )
    ]


def next_due(state: State, settings: Settings) -> Event | None:
    """The earliest event that time alone brings about: a resignation or a lapse."""
    due: list[tuple[dt.date, str, Event]] = []
    for post_id in state.pending:
        pending = state.pending[post_id]
        due.append(
            (
                pending.effective,
                post_id,
                ResignationTakesEffect(date=pending.effective, post=post_id, person=pending.person),
            )
        )
    for post_id in state.vacancies:
        tenure = state.holdings.get(post_id)
        # Service already judged unlawful stays on record as it happened; only lawful
        # service is ended by the clock.
        if tenure is None or tenure.capacity is not Capacity.ACTING or not tenure.lawful:
            continue
        limit = acting_status(state, post_id, settings, state.date)
        if limit is None or limit.last_day is None:
            continue
        day = limit.last_day + dt.timedelta(days=1) if limit.lawful else state.date
        delegation = state.delegations.get(post_id)
        performs = (
            delegation is not None and delegation.person == tenure.person and delegation.lawful
        )
        due.append(
            (
                day,
                post_id,
                ActingLapses(
                    date=day,
                    post=post_id,
                    person=tenure.person,
                    last_day=limit.last_day,
                    basis=f"{limit.reason} [{limit.citation}]",
                    performs_duties=performs,
                ),
            )
        )
    if not due:
        return None
    return min(due, key=lambda d: (d[0], d[1]))[2]
