"""Decisions the engine asks for: who fills a vacancy, and what falls due as time passes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from immutables import Map

from orgsim.events import (
    ActingEnds,
    ActingLapses,
    ActingReopens,
    AssumeActing,
    Event,
    ResignationTakesEffect,
)
from orgsim.model import Capacity, Change, ChangeKind, DueIndex, Finding, Level, State
from orgsim.rules.clock import Limit, acting_limit, next_lawful_start
from orgsim.rules.settings import Settings
from orgsim.rules.vacancies import first_assistant_of, vacancy_line, vacancy_successor

__all__ = [
    "acting_status",
    "due_date",
    "fill_vacancy",
    "index_due",
    "lost_basis",
    "next_due",
    "nobody_may_act",
    "reserved_duties",
    "resume_acting",
    "resume_on_nomination",
    "seat_eligible",
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


def reserved_duties(state: State, post_id: str) -> tuple[str, str]:
    """Who may perform the duties reserved to a vacant office, in words, and the citation:
    the head of the agency, or nobody when the office is itself the agency's head."""
    head = state.agency_of(post_id)
    agency = state.organizations[head].name if head else None
    reports_to = state.posts[post_id].reports_to
    if head is not None and (reports_to is None or state.agency_of(reports_to) != head):
        return (
            f"as the office heads the agency ({agency}), nobody may perform the functions"
            " and duties reserved to it",
            "5 U.S.C. 3348(a)(2), (b)(2)",
        )
    head_words = f"the head of the agency ({agency})" if agency else "the head of the agency"
    return f"only {head_words} may perform the functions and duties reserved to it", NO_ACTING


def nobody_may_act(state: State, post_id: str, day: dt.date, why: str) -> Finding:
    """The finding for a vacancy nobody may fill, and who may do the reserved duties."""
    words, citation = reserved_duties(state, post_id)
    return Finding(
        Level.WARNING,
        "no-acting-officer",
        citation,
        f"Nobody may act as {state.title(post_id)} ({why}); the office stays vacant and {words}",
        day,
        post=post_id,
    )


def fill_vacancy(
    state: State,
    post_id: str,
    settings: Settings,
    *,
    day: dt.date,
    hypothetical: bool = False,
    excluded: frozenset[str] = frozenset(),
) -> tuple[list[Event], list[Finding]]:
    """Who acts the day a Vacancies Act post falls vacant (3345(a)(1) or the governing order)."""
    post = state.posts[post_id]
    vacancy = state.vacancies.get(post_id)
    if vacancy is None or not post.fvra or post_id in state.holdings:
        return [], []
    limit = acting_status(state, post_id, settings, day)
    if limit is not None and not limit.lawful:
        return [], [nobody_may_act(state, post_id, day, limit.reason)]
    line = vacancy_line(state, post_id, excluded=excluded)
    candidate = next((c for c in line if c.eligible), None)
    if candidate is None or candidate.person is None:
        why = "; ".join(f"{state.title(c.post)}: {c.reason}" for c in line) or (
            "no first assistant and no order of succession"
        )
        return [], [nobody_may_act(state, post_id, day, why)]
    event = AssumeActing(
        date=day,
        post=post_id,
        person=candidate.person,
        basis=candidate.detail,
        citation=candidate.basis,
        route=candidate.route,
        hypothetical=hypothetical,
        basis_post=candidate.post,
    )
    return [event], []


def lost_basis(state: State, changes: Iterable[Change], *, day: dt.date) -> list[Event]:
    """Acting service that rested on a post its holder has just left ends with it."""
    if state.resting is None:
        state = state.with_indexes()
    resting = state.resting or Map()
    ended: list[Event] = []
    for change in changes:
        if change.kind is not ChangeKind.LEFT or change.post is None or change.person is None:
            continue
        for post_id in sorted(resting.get(change.post, ())):
            tenure = state.holdings.get(post_id)
            if tenure is None or tenure.person != change.person:
                continue
            as_first_assistant = change.post == first_assistant_of(state, post_id)
            ended.append(
                ActingEnds(
                    date=day,
                    post=post_id,
                    person=tenure.person,
                    basis_post=change.post,
                    citation="5 U.S.C. 3345(a)(1)" if as_first_assistant else "5 U.S.C. 3345(a)",
                )
            )
    return ended


def seat_eligible(
    state: State,
    settings: Settings,
    *,
    day: dt.date,
    hypothetical: bool = False,
    near: Iterable[str] | None = None,
) -> list[Event]:
    """Vacancies nobody fills that now have an eligible successor (a deputy appointed
    after the vacancy, a new order) are filled, quietly: their findings were said before.

    `near`: only vacancies that these posts could change (the posts themselves, and those
    they may supply a successor for); every unfilled vacancy when None."""
    seated: list[Event] = []
    if state.dependents is None:
        state = state.with_indexes()
    if near is None:
        candidates = {p for p in state.vacancies.keys() if state.is_unfilled(p)}
    else:
        dependents = state.dependents or Map()
        is_unfilled = state.is_unfilled
        candidates = set()
        for post_id in near:
            if is_unfilled(post_id):
                candidates.add(post_id)
            candidates.update(p for p in dependents.get(post_id, ()) if is_unfilled(p))
    for post_id in sorted(candidates):
        events, _ = fill_vacancy(state, post_id, settings, day=day, hypothetical=hypothetical)
        seated.extend(events)
    return seated


def resume_on_nomination(
    state: State, post_id: str, settings: Settings, *, day: dt.date, hypothetical: bool = False
) -> list[Event]:
    """A first or second nomination lets the first assistant act again (3346(a)(2))."""
    return resume_acting(
        state,
        post_id,
        settings,
        day=day,
        hypothetical=hypothetical,
        because="a nomination is pending",
        citation="5 U.S.C. 3346(a)(2)",
        route="resume",
    )


def resume_acting(
    state: State,
    post_id: str,
    settings: Settings,
    *,
    day: dt.date,
    because: str,
    citation: str,
    route: str,
    hypothetical: bool = False,
) -> list[Event]:
    """When acting service is lawful again in a vacancy nobody acts in (a nomination, a new
    President's extra time), whoever the rules name acts again: in the empty post, or in
    place of merely performing the duties."""
    post = state.posts[post_id]
    holder = state.holder(post_id)
    if post_id not in state.vacancies or not post.fvra:
        return []
    if holder is not None and holder.capacity is not Capacity.PERFORMING_DUTIES:
        return []
    limit = acting_status(state, post_id, settings, day)
    if limit is None or not limit.lawful:
        return []
    candidate = vacancy_successor(state, post_id)
    if candidate is None or candidate.person is None:
        return []
    if holder is not None and holder.person != candidate.person:
        return []
    return [
        AssumeActing(
            date=day,
            post=post_id,
            person=candidate.person,
            basis=f"{candidate.detail}; {because}",
            citation=f"{candidate.basis}; {citation}",
            route=route,
            hypothetical=hypothetical,
            basis_post=candidate.post,
        )
    ]


def _due_events(
    state: State, post_id: str, settings: Settings, *, reopens_after: dt.date | None = None
) -> list[Event]:
    """What time alone will bring about in this post: a resignation, a lapse, acting made
    lawful again by a period that starts after `reopens_after` (by default the state's date:
    the rules have just looked at the post, so only a later start is news)."""
    found: list[Event] = []
    pending = state.pending.get(post_id)
    if pending is not None:
        found.append(
            ResignationTakesEffect(date=pending.effective, post=post_id, person=pending.person)
        )
    tenure = state.holdings.get(post_id)
    vacancy = state.vacancies.get(post_id)
    if vacancy is not None and (tenure is None or tenure.capacity is Capacity.PERFORMING_DUTIES):
        # Nobody acts, and time alone may make acting lawful again (3349a).
        post = state.posts.get(post_id)
        if post is not None and post.fvra:
            period = next_lawful_start(
                vacancy,
                state.nominations.get(post_id, ()),
                state.calendar,
                settings,
                after=state.date if reopens_after is None else reopens_after,
            )
            if period is not None:
                found.append(
                    ActingReopens(
                        date=period.start,
                        post=post_id,
                        basis=period.reason,
                        citation=period.citation,
                        last_day=period.end,
                    )
                )
    # Service already judged unlawful stays on record as it happened; only lawful service
    # is ended by the clock.
    if (
        post_id in state.vacancies
        and tenure is not None
        and tenure.capacity is Capacity.ACTING
        and tenure.lawful
    ):
        limit = acting_status(state, post_id, settings, state.date)
        if limit is not None and limit.last_day is not None:
            day = limit.last_day + dt.timedelta(days=1) if limit.lawful else state.date
            delegation = state.delegations.get(post_id)
            performs = (
                delegation is not None and delegation.person == tenure.person and delegation.lawful
            )
            found.append(
                ActingLapses(
                    date=day,
                    post=post_id,
                    person=tenure.person,
                    last_day=limit.last_day,
                    basis=limit.reason,
                    citation=limit.citation,
                    performs_duties=performs,
                    hypothetical=tenure.hypothetical
                    or (performs and delegation is not None and delegation.hypothetical),
                )
            )
    return found


def due_date(state: State, post_id: str, settings: Settings) -> dt.date | None:
    """The first day on which time alone changes this post, if it ever does."""
    dates = [e.date for e in _due_events(state, post_id, settings)]
    return min(dates) if dates else None


def index_due(state: State, settings: Settings, posts: Iterable[str] | None = None) -> DueIndex:
    """The due-date index of a state, recomputed for `posts` (for every post when None)."""
    if posts is None or state.due is None:
        index = DueIndex()
        posts = set(state.pending.keys()) | set(state.vacancies.keys())
    else:
        index = state.due
    return index.updated(
        {p: due_date(state, p, settings) if p in state.posts else None for p in posts}
    )


def next_due(state: State, settings: Settings, *, until: dt.date | None = None) -> Event | None:
    """The earliest event that time alone brings about (by `until`): a resignation or a lapse."""
    due = state.due if state.due is not None else index_due(state, settings)
    if due.first is None:
        return None
    day, post_id = due.first
    if until is not None and day > until:
        return None
    # The index says what falls due on `day`; another post's step may already have moved the
    # state's date to `day`, so a period starting then still counts as starting after the
    # day before.
    events = _due_events(state, post_id, settings, reopens_after=day - dt.timedelta(days=1))
    return min(events, key=lambda e: e.date) if events else None
