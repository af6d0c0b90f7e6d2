"""A replayed history and the questions asked of it: who held a post on a date, and why."""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import gc
from collections.abc import Callable, Iterator, Sequence
from typing import Any, NamedTuple

from attrs import frozen

from orgsim import events as ev
from orgsim.engine.replay import advance, replay
from orgsim.errors import QueryError
from orgsim.model import Capacity, Expectation, State, Tenure, VacancyKind
from orgsim.rules import (
    Candidate,
    Settings,
    acting_status,
    succession_line,
    successor,
    vacancy_successor,
)

__all__ = ["Check", "History", "Holding", "Succession", "paused_gc"]


_NOT_NAMED = "the sources do not name the holder"
_NO_LIMIT = (
    "not an acting officer: performs delegated duties, with no time limit, but none"
    " of the duties reserved to the office"
)
_NO_LIMIT_CITATION = "5 U.S.C. 3348(a)(2), (b)"
_ACTING = Capacity.ACTING
_PERFORMING = Capacity.PERFORMING_DUTIES
_new_holding: Callable[[type[Holding], tuple[Any, ...]], Holding] = tuple.__new__


class Holding(NamedTuple):
    """The answer to "who holds this post on this date, and why?".

    A named tuple rather than a frozen attrs class: queries build one per answer, and a
    tuple is built several times faster (immutable all the same)."""

    post: str
    at: dt.date
    holder: str | None
    name: str | None
    capacity: str  # a Capacity value, "vacant" or "not-recorded"
    since: dt.date | None
    basis: str
    lawful: bool | None
    defect: str | None = None
    lawful_until: dt.date | None = None
    until_reason: str | None = None
    until_citation: str | None = None
    since_note: str | None = None  # when the sources give no exact start
    lawful_acting: str | None = None  # when the service is not lawful: who may lawfully act
    hypothetical: bool = False  # the answer rests on a step the sources do not establish


@frozen
class Check:
    """One expectation and whether the history meets it."""

    expectation: Expectation
    ok: bool
    actual: Holding

    def __str__(self) -> str:
        got = (
            f"{self.actual.holder} ({self.actual.capacity})"
            if self.actual.holder
            else ("holder not recorded" if self.actual.capacity == "not-recorded" else "vacant")
        )
        verdict = "ok" if self.ok else f"FAILED: got {got}"
        return f"{self.expectation}: {verdict}"


@frozen
class Succession:
    """The line of succession to a post on a date and who would act for each kind of vacancy."""

    post: str
    at: dt.date
    line: tuple[Candidate, ...]
    would_act: dict[str, str | None]


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector: a replay allocates many small acyclic objects, and
    collecting while a long history is kept alive rescans all of it again and again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _quiet_until(state: State) -> int:
    """The day number on which time alone first changes the state; -1 when not indexed."""
    due = state.due
    if due is None:
        return -1
    return _NEVER if due.first is None else due.first[0].toordinal()


_NEVER = dt.date.max.toordinal() + 1


class History:
    """Every transition of a replay, with logarithmic look-up by date."""

    def __init__(
        self,
        initial: State,
        transitions: Sequence[ev.Transition],
        settings: Settings | None = None,
    ) -> None:
        self.initial = initial
        self.transitions = tuple(transitions)
        self.settings = settings or Settings()
        self._dates = [t.event.date for t in self.transitions]
        # The look-up index: each distinct day (as a day number) with the state at its end.
        # Many transitions share a day, and numbers made together sit together in memory, so
        # a look-up's bisect reads fewer, nearer values than one over every transition's date.
        # Beside each, the first day on which time alone changes that state (-1: unknown),
        # so that a look-up need not read the state's own index to know nothing falls due.
        self._days: list[int] = [initial.date.toordinal()]
        self._day_states: list[State] = [initial]
        self._quiet: list[int] = [_quiet_until(initial)]
        for t in self.transitions:
            number, after = t.event.date.toordinal(), t.after
            if self._days[-1] == number:
                self._day_states[-1] = after
                self._quiet[-1] = _quiet_until(after)
            else:
                self._days.append(number)
                self._day_states.append(after)
                self._quiet.append(_quiet_until(after))
        # People are only ever added, never changed or removed, so the last state names
        # everyone any state names; a plain dict answers faster than each state's map.
        self._names = {p.id: p.name for p in self.final.people.values()}
        self._iso: dict[dt.date, str] = {}

    @classmethod
    def run(
        cls, initial: State, events: Sequence[ev.Event], settings: Settings | None = None
    ) -> History:
        """Replay the events and keep every transition."""
        settings = settings or Settings()
        with paused_gc():
            transitions = list(replay(initial, events, settings))
        return cls(initial, transitions, settings)

    @property
    def final(self) -> State:
        """The state after the last transition."""
        return self.transitions[-1].after if self.transitions else self.initial

    def state_at(self, day: dt.date) -> State:
        """The state at the end of `day`, with the clock run on past the last event."""
        state = self._settled(day)
        return state if state.date == day else state.but(date=day)

    def _settled(self, day: dt.date) -> State:
        """The last state on or before `day`, with whatever the clock brings by then; its
        own `date` may be earlier (queries that pass `day` explicitly need no more)."""
        if day < self.initial.date:
            raise QueryError(
                f"{day.isoformat()} is before the scenario begins"
                f" ({self.initial.date.isoformat()}); it says nothing about that date"
            )
        number = day.toordinal()
        i = bisect.bisect_right(self._days, number) - 1
        if self._quiet[i] > number:
            return self._day_states[i]  # nothing falls due by then: the common, cheap case
        state = self._day_states[i]
        j = bisect.bisect_right(self._dates, day)
        seq = self.transitions[j - 1].seq if j else 0
        for transition in advance(state, day, self.settings, seq=seq):
            state = transition.after
        return state

    def transitions_until(self, day: dt.date) -> list[ev.Transition]:
        """Every transition up to `day`, including what the clock brings after the last event."""
        i = bisect.bisect_right(self._dates, day)
        done = list(self.transitions[:i])
        state = done[-1].after if done else self.initial
        seq = done[-1].seq if done else 0
        return done + advance(state, day, self.settings, seq=seq)

    def tenure_at(self, post_id: str, day: dt.date) -> Tenure | None:
        """Who serves in the post at the end of `day` (the bare look-up under `who`)."""
        return self._settled(day).holdings.get(post_id)

    def who(self, post_id: str, day: dt.date) -> Holding:
        """Who serves in the post at the end of `day`, in what capacity, and on what basis."""
        state = self._settled(day)
        tenure = state.holdings.get(post_id)
        if tenure is None:
            vacancy = state.vacancies.get(post_id)
            if vacancy is None:
                return Holding(post_id, day, None, None, "not-recorded", None, _NOT_NAMED, None)
            since = vacancy.since
            iso = self._iso.get(since)
            if iso is None:
                iso = self._iso[since] = since.isoformat()  # slower than a look-up
            return _new_holding(
                Holding,
                (
                    post_id,
                    day,
                    None,
                    None,
                    "vacant",
                    since,
                    # Concatenation, not an f-string: formatting an enum runs Python code.
                    "vacant since " + iso + " (" + str(vacancy.reason) + ")",
                    None,
                    None,
                    None,
                    None,
                    None,
                    None,
                    None,
                    False,
                ),
            )
        capacity = tenure.capacity
        until: dt.date | None
        until_reason: str | None
        until_citation: str | None
        if capacity is _ACTING:
            limit = acting_status(state, post_id, self.settings, day)
            if limit is not None:
                until, until_reason, until_citation = limit.last_day, limit.reason, limit.citation
            else:
                until = until_reason = until_citation = None
        elif capacity is _PERFORMING:
            until, until_reason, until_citation = None, _NO_LIMIT, _NO_LIMIT_CITATION
        else:
            until = until_reason = until_citation = None
        lawful = tenure.lawful
        person = tenure.person
        # tuple.__new__ straight away: the named tuple's own __new__ is one more Python call.
        return _new_holding(
            Holding,
            (
                post_id,
                day,
                person,
                self._names.get(person, person),
                str(capacity),
                tenure.start,
                tenure.basis,
                lawful,
                tenure.defect,
                until,
                until_reason,
                until_citation,
                tenure.since_note,
                self._lawful_acting(state, post_id) if lawful is False else None,
                tenure.hypothetical,
            ),
        )

    def _lawful_acting(self, state: State, post_id: str) -> str | None:
        """Who the rules would have act, when the person serving does so unlawfully."""
        vacancy = state.vacancies.get(post_id)
        if vacancy is None:
            return None
        limit = acting_status(state, post_id, self.settings, state.date)
        if limit is not None and not limit.lawful:
            return None
        chosen = vacancy_successor(state, post_id)
        return chosen.person if chosen else None

    def check(self, expectation: Expectation) -> Check:
        """Whether the history meets one expectation."""
        actual = self.who(expectation.post, expectation.at)
        ok = True
        if expectation.holder is not None and actual.holder != expectation.holder:
            ok = False
        if expectation.capacity is not None and actual.capacity != expectation.capacity:
            ok = False
        if expectation.lawful is not None and actual.lawful != expectation.lawful:
            ok = False
        return Check(expectation, ok, actual)

    def succession(self, post_id: str, day: dt.date) -> Succession:
        """The line of succession to the post on `day` and who would act if it fell vacant."""
        state = self.state_at(day)
        vacancy = state.vacancies.get(post_id)
        current = state.holder(post_id)
        # While the post is vacant, the line is the one for that vacancy (whoever acts now
        # stands in it); otherwise it is the line if the holder left on `day`.
        if vacancy is not None:
            vacated, since = vacancy.previous_holder, vacancy.since
        else:
            vacated, since = (current.person if current else None), day
        line = tuple(
            succession_line(
                state, post_id, VacancyKind.ORDINARY, vacated_holder=vacated, vacancy_since=since
            )
        )
        would: dict[str, str | None] = {}
        for kind in VacancyKind:
            chosen = successor(state, post_id, kind, vacated_holder=vacated, vacancy_since=since)
            would[str(kind)] = chosen.person if chosen else None
        return Succession(post_id, day, line, would)
