"""A replayed history and the questions asked of it: who held a post on a date as the record
has it, who could lawfully perform its duties, and what became of the acts taken."""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import gc
from collections.abc import Iterator, Mapping, Sequence
from typing import NamedTuple

from attrs import frozen

from orgsim import events as ev
from orgsim.engine.replay import Point, advance, replay, start
from orgsim.errors import QueryError, UnknownPost
from orgsim.model import (
    NOBODY,
    ActVerdict,
    Expectation,
    Lawfulness,
    Legal,
    Standing,
    State,
    Tenure,
    Vacancy,
    VacancyKind,
)
from orgsim.model.lookup import as_date, unknown_post
from orgsim.rules import Candidate, Settings, acting_status, pick, succession_line

__all__ = [
    "Check",
    "History",
    "Holding",
    "Moment",
    "Succession",
    "events_until",
    "holding_at",
    "not_on_that_day",
    "paused_gc",
    "succession_at",
]


_NOT_NAMED = "the sources do not name the holder"


class Holding(NamedTuple):
    """The answer to "who holds this post on this date, and what does the law say of it?".

    The recorded holder (`holder`, `capacity`, `since`, `basis`, `assumed`) and, in `legal`,
    the legal timeline's judgement of the post that day (None: the law says nothing beyond
    "its holder holds it"). A named tuple rather than a frozen attrs class: queries build one
    per answer, and a tuple is built several times faster (immutable all the same)."""

    post: str
    at: dt.date
    holder: str | None
    name: str | None
    capacity: str  # a Capacity value, "vacant" or "not-recorded"
    since: dt.date | None
    basis: str
    legal: Standing | None = None
    since_note: str | None = None  # when the sources give no exact start
    hypothetical: bool = False  # the answer rests on a step the scenario marks hypothetical
    assumed: bool = False  # the law's answer where the sources are silent, not a report
    route: str | None = None  # the claimed basis for filling in
    claimed_by: str | None = None

    @property
    def lawful(self) -> Lawfulness | None:
        """Whether the recorded holder serves lawfully (None: nobody recorded)."""
        if self.legal is not None:
            return self.legal.status
        return Lawfulness.LAWFUL if self.holder is not None else None

    @property
    def lawful_holder(self) -> str | None:
        """Who could lawfully perform the functions and duties that day."""
        if self.legal is not None:
            return self.legal.lawful
        return self.holder


@frozen
class Check:
    """One expectation, whether the history meets it, and what differed when it does not."""

    expectation: Expectation
    ok: bool
    actual: Holding | None
    differences: tuple[str, ...] = ()
    verdict: ActVerdict | None = None

    def __str__(self) -> str:
        if self.ok:
            return f"{self.expectation}: ok"
        return f"{self.expectation}: FAILED: {'; '.join(self.differences)}"


@frozen
class Succession:
    """The line of succession to a post on a date and who would act for each kind of vacancy."""

    post: str
    at: dt.date
    line: tuple[Candidate, ...]
    would_act: dict[str, str | None]
    determined: dict[str, bool]
    why_nobody: str | None = None  # when the open vacancy's time has run out


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


_NEVER = dt.date.max.toordinal() + 1


_Entry = tuple[Tenure | None, Vacancy | None, Standing | None]


def _post_index(
    base: Point, transitions: Sequence[ev.Transition]
) -> dict[str, tuple[list[int], list[_Entry]]]:
    """Post id -> the day numbers on which what `who` reads of the post changed (its holder,
    its vacancy, its legal standing), and what it became: built from each transition's
    changes and the posts it judged again, so that `who` bisects a short list of its own."""
    index: dict[str, tuple[list[int], list[_Entry]]] = {}
    day = base.state.date.toordinal()
    state, standings = base.state, base.legal.standings
    for post_id in state.posts.keys():
        entry = (
            state.holdings.get(post_id),
            state.vacancies.get(post_id),
            standings.get(post_id),
        )
        index[post_id] = ([day], [entry])
    for t in transitions:
        posts = {c.post for c in t.changes if c.post is not None}
        posts.update(t.rejudged)
        if not posts:
            continue
        day = t.event.date.toordinal()
        after, standings = t.after, t.legal.standings
        for post_id in posts:
            entry = (
                after.holdings.get(post_id),
                after.vacancies.get(post_id),
                standings.get(post_id),
            )
            log = index.get(post_id)
            if log is None:
                index[post_id] = ([day], [entry])
                continue
            days, entries = log
            if days[-1] == day:
                entries[-1] = entry
            else:
                days.append(day)
                entries.append(entry)
    return index


def _quiet_until(point: Point) -> int:
    """The day number on which time alone first changes the point's state."""
    first = point.cursor.due.first
    return _NEVER if first is None else first[0].toordinal()


class History:
    """Every transition of a replay, with logarithmic look-up by date."""

    def __init__(
        self,
        initial: State,
        transitions: Sequence[ev.Transition],
        settings: Settings | None = None,
        *,
        legal: Legal | None = None,
        title: str | None = None,
    ) -> None:
        self.initial = initial
        self.title = title  # the scenario's, when replayed from one: for the repr
        self.transitions = tuple(transitions)
        self.settings = settings or Settings()
        self._dates = [t.event.date for t in self.transitions]
        # The look-up index: each distinct day (as a day number) with the point at its end,
        # and the first day on which time alone changes it.
        # Before any transition: the start as the replay judged it (without the assumptions
        # the first day settles, which are transitions of that day).
        base = start(initial, self.settings, legal)[1]
        self._days: list[int] = [initial.date.toordinal()]
        self._points: list[Point] = [base]
        self._quiet: list[int] = [_quiet_until(base)]
        for t in self.transitions:
            number, point = t.event.date.toordinal(), Point.after(t)
            if self._days[-1] == number:
                self._points[-1] = point
                self._quiet[-1] = _quiet_until(point)
            else:
                self._days.append(number)
                self._points.append(point)
                self._quiet.append(_quiet_until(point))
        # People are only ever added, never changed or removed, so the last state names
        # everyone any state names; a plain dict answers faster than each state's map.
        self._names = {p.id: p.name for p in self.final.people.values()}
        self._iso: dict[dt.date, str] = {}
        self._by_post = _post_index(base, self.transitions)
        # Up to this day number the transitions say all there is (later, time alone may
        # change a post: `who` then runs the clock on from the last point).
        self._exact_until = max(self._days[-1], self._quiet[-1] - 1)

    @classmethod
    def run(
        cls,
        initial: State,
        events: Sequence[ev.Event],
        settings: Settings | None = None,
        *,
        legal: Legal | None = None,
    ) -> History:
        """Replay the events and keep every transition."""
        settings = settings or Settings()
        with paused_gc():
            transitions = list(replay(initial, events, settings, legal=legal))
        return cls(initial, transitions, settings, legal=legal)

    def __repr__(self) -> str:
        n = len(self.transitions)
        title = ""
        if self.title:
            short = self.title if len(self.title) <= 40 else self.title[:39] + "…"
            title = f" {short!r}"
        if not n:
            return f"<History{title} no transitions, from {self.initial.date.isoformat()}>"
        first, last = self.transitions[0].event.date, self.transitions[-1].event.date
        counted = f"{n} transition{'s' if n != 1 else ''}"
        return f"<History{title} {counted} {first.isoformat()}..{last.isoformat()}>"

    @property
    def final(self) -> State:
        """The recorded state after the last transition."""
        return self.transitions[-1].after if self.transitions else self.initial

    @property
    def final_legal(self) -> Legal:
        """The legal timeline after the last transition."""
        return self._points[-1].legal

    def _point(self, day: dt.date) -> Point:
        """The point at the end of `day`, with whatever time brings by then; its state's own
        `date` may be earlier (queries that pass `day` explicitly need no more)."""
        if day < self.initial.date:
            raise QueryError(
                f"{day.isoformat()} is before the scenario begins"
                f" ({self.initial.date.isoformat()}); it says nothing about that date"
            )
        number = day.toordinal()
        i = bisect.bisect_right(self._days, number) - 1
        point = self._points[i]
        if self._quiet[i] > number:
            return point  # nothing falls due by then: the common, cheap case
        passed = advance(point, day, self.settings)
        return Point.after(passed[-1]) if passed else point

    def point_at(self, day: dt.date | str) -> Point:
        """The recorded state, legal timeline and indexes at the end of `day` (a date, or
        YYYY-MM-DD text, as every date these queries take)."""
        day = as_date(day)
        point = self._point(day)
        if point.state.date == day:
            return point
        return point.on(day)

    def state_at(self, day: dt.date | str) -> State:
        """The recorded state at the end of `day`, with the clock run on past the last event."""
        return self.point_at(day).state

    def legal_at(self, day: dt.date | str) -> Legal:
        """The legal timeline at the end of `day`."""
        return self._point(as_date(day)).legal

    def transitions_until(self, day: dt.date | str) -> list[ev.Transition]:
        """Every transition up to `day`, including what the clock brings after the last event."""
        day = as_date(day)
        i = bisect.bisect_right(self._dates, day)
        done = list(self.transitions[:i])
        if not done:
            return advance(self._points[0], day, self.settings)
        return done + advance(Point.after(done[-1]), day, self.settings)

    def tenure_at(self, post_id: str, day: dt.date | str) -> Tenure | None:
        """Who serves in the post at the end of `day` (the bare look-up under `who`); an
        UnknownPost when no such post exists that day."""
        state = self._point(as_date(day)).state
        tenure = state.holdings.get(post_id)
        if tenure is None and post_id not in state.posts:
            raise self._unknown_post(post_id, state, day)
        return tenure

    def _unknown_post(self, post_id: str, state: State, day: dt.date | str) -> UnknownPost:
        """No post `post_id` on `day`: because it exists only on other days, or not at all."""
        events = [t.event for t in self.transitions]
        absent = not_on_that_day(self.initial, events, post_id, as_date(day))
        return absent if absent is not None else unknown_post(state, post_id)

    def who(self, post_id: str, day: dt.date | str) -> Holding:
        """Who holds the post at the end of `day` as the record has it, and what the law
        says of the post that day: from the post's own index (a short list to bisect), or,
        before the scenario or where time alone may change things after the last
        transition, from the point at that day. An UnknownPost when no such post exists that
        day."""
        when: dt.date = day if day.__class__ is dt.date else as_date(day)
        number = when.toordinal()
        if number > self._exact_until or number < self._days[0]:
            point = self._point(when)
            if post_id not in point.state.posts:
                raise self._unknown_post(post_id, point.state, when)
            return holding_at(point, post_id, when, self._names, self._iso)
        log = self._by_post.get(post_id)
        i = 0 if log is None else bisect.bisect_right(log[0], number)
        if log is None or i == 0:  # no state of the history has it, or not yet
            raise self._unknown_post(post_id, self._point(when).state, when)
        tenure, vacancy, standing = log[1][i - 1]
        if tenure is None and vacancy is None:
            # Rare: a post with no holder recorded, or one abolished by then.
            state = self._point(when).state
            if post_id not in state.posts:
                raise self._unknown_post(post_id, state, when)
        return _holding(post_id, when, tenure, vacancy, standing, self._names, self._iso)

    def acts(self, post_id: str | None = None) -> list[ActVerdict]:
        """Every act judged (not the seating of acting officers), in the order taken, with its
        verdict as it stands at the end of the history."""
        if post_id is not None and post_id not in self.final.posts:
            if post_id not in self.initial.posts:
                raise unknown_post(self.final, post_id)
        verdicts = [
            v
            for v in self.final_legal.acts.values()
            if v.kind != "seating" and (post_id is None or v.post == post_id)
        ]
        return sorted(
            verdicts, key=lambda v: (v.date, v.index if v.index is not None else -1, v.act)
        )

    def check(self, expectation: Expectation) -> Check:
        """Whether the history meets one expectation, and what differed if not."""
        if expectation.act is not None:
            return self._check_act(expectation)
        if expectation.post is None or expectation.at is None:
            return Check(expectation, False, None, ("an expectation names a post and a date",))
        actual = self.who(expectation.post, expectation.at)
        diffs: list[str] = []
        x = expectation
        if x.holder is not None and actual.holder != x.holder:
            diffs.append(f"holder is {actual.holder or 'nobody'}, not {x.holder}")
        if x.capacity is not None and actual.capacity != x.capacity:
            diffs.append(f"capacity is {actual.capacity}, not {x.capacity}")
        if x.assumed is not None and actual.assumed != x.assumed:
            diffs.append("the holding is assumed" if actual.assumed else "the holding is reported")
        if x.lawful is not None:
            diffs.extend(_lawful_differences(x, actual))
        return Check(expectation, not diffs, actual, tuple(diffs))

    def _check_act(self, expectation: Expectation) -> Check:
        legal = self.final_legal if expectation.at is None else self.legal_at(expectation.at)
        verdict = legal.act(expectation.act)
        if verdict is None:
            return Check(expectation, False, None, (f"no act `{expectation.act}` was judged",))
        if expectation.verdict is not None and str(verdict.status) != expectation.verdict:
            return Check(
                expectation,
                False,
                None,
                (f"the act is {verdict.status}, not {expectation.verdict}",),
                verdict,
            )
        return Check(expectation, True, None, (), verdict)

    def succession(self, post_id: str, day: dt.date | str) -> Succession:
        """The line of succession to the post on `day` and who would act if it fell vacant,
        or, while it is vacant, who may act in that vacancy (nobody once its time has run
        out)."""
        day = as_date(day)
        point = self.point_at(day)
        if post_id not in point.state.posts:
            raise self._unknown_post(post_id, point.state, day)
        return succession_at(point, post_id, day, self.settings)


class _Names(Mapping[str, str]):
    """Person id -> name, read from one state's people as asked (a Moment answers a few
    questions, so building a dict of everyone would cost more than it saves)."""

    def __init__(self, state: State) -> None:
        self._people = state.people

    def __getitem__(self, key: str) -> str:
        return self._people[key].name

    def __iter__(self) -> Iterator[str]:
        return iter(self._people)

    def __len__(self) -> int:
        return len(self._people)


def not_on_that_day(
    initial: State, events: Sequence[ev.Event], post_id: str, day: dt.date
) -> UnknownPost | None:
    """For a post the scenario has on other days only, the UnknownPost that says when it
    exists ("added on ...; abolished on ..."); None when neither the initial state nor any
    event has it. Asked only on the way to an error: a scan of the events is fine."""
    said = []
    if post_id in initial.posts:
        said.append(f"it exists from the start, {initial.date.isoformat()}")
    for event in events:
        if isinstance(event, ev.AddPost) and event.post.id == post_id:
            said.append(f"added on {event.date.isoformat()}")
        elif isinstance(event, ev.AbolishPost) and event.post == post_id:
            said.append(f"abolished on {event.date.isoformat()}")
    if not said:
        return None
    return UnknownPost(
        post_id,
        f"post `{post_id}` does not exist on {day.isoformat()} ({'; '.join(said)})",
        suggestions=[post_id],
    )


def events_until(events: Sequence[ev.Event], day: dt.date) -> Sequence[ev.Event]:
    """The events dated up to `day` (events come in date order: those after are cut off)."""
    for i, event in enumerate(events):
        if event.date > day:
            return events[:i]
    return events


class Moment:
    """The answers on one day, from a replay of the events up to its end that keeps only the
    last point: what a question about one date needs (`orgsim who`, `succession`, `chart
    --at`), at the cost of the events before it rather than of the whole scenario. It answers
    as `History` does for that day, and refuses any other day."""

    def __init__(
        self,
        initial: State,
        events: Sequence[ev.Event],
        settings: Settings | None = None,
        *,
        day: dt.date | str,
        legal: Legal | None = None,
    ) -> None:
        self.initial = initial
        self.settings = settings = settings or Settings()
        self.day = day = as_date(day)
        if day < initial.date:
            raise QueryError(
                f"{day.isoformat()} is before the scenario begins"
                f" ({initial.date.isoformat()}); it says nothing about that date"
            )
        last: ev.Transition | None = None
        for transition in replay(
            initial, events_until(events, day), settings, until=day, legal=legal
        ):
            last = transition  # only the last is kept
        point = Point.after(last) if last is not None else start(initial, settings, legal)[1]
        if point.state.date != day:
            point = point.on(day)
        self.point = point
        self._names = _Names(point.state)
        self._iso: dict[dt.date, str] = {}

    def _check(self, day: dt.date | str) -> dt.date:
        day = as_date(day)
        if day != self.day:
            raise QueryError(
                f"this replay stopped at the end of {self.day.isoformat()}; it cannot answer"
                f" for {day.isoformat()}"
            )
        return day

    def _require(self, post_id: str) -> None:
        if post_id not in self.point.state.posts:
            raise unknown_post(self.point.state, post_id)

    def point_at(self, day: dt.date | str) -> Point:
        """The recorded state, legal timeline and indexes at the end of the day."""
        self._check(day)
        return self.point

    def state_at(self, day: dt.date | str) -> State:
        """The recorded state at the end of the day."""
        self._check(day)
        return self.point.state

    def legal_at(self, day: dt.date | str) -> Legal:
        """The legal timeline at the end of the day."""
        self._check(day)
        return self.point.legal

    def who(self, post_id: str, day: dt.date | str) -> Holding:
        """As `History.who`, for the day."""
        day = self._check(day)
        self._require(post_id)
        return holding_at(self.point, post_id, day, self._names, self._iso)

    def succession(self, post_id: str, day: dt.date | str) -> Succession:
        """As `History.succession`, for the day."""
        day = self._check(day)
        self._require(post_id)
        return succession_at(self.point, post_id, day, self.settings)


def holding_at(
    point: Point,
    post_id: str,
    day: dt.date,
    names: Mapping[str, str],
    iso_of: dict[dt.date, str],
) -> Holding:
    """Who holds the post at the point (the end of `day`) as the record has it, and what the
    law says of the post that day. `names`: person id -> name; `iso_of`: a cache of dates
    written out (both kept by the caller across queries)."""
    state = point.state
    return _holding(
        post_id,
        day,
        state.holdings.get(post_id),
        state.vacancies.get(post_id),
        point.legal.standings.get(post_id),
        names,
        iso_of,
    )


def _holding(
    post_id: str,
    day: dt.date,
    tenure: Tenure | None,
    vacancy: Vacancy | None,
    standing: Standing | None,
    names: Mapping[str, str],
    iso_of: dict[dt.date, str],
) -> Holding:
    """The answer to `who` from what the record and the law hold for the post that day."""
    if tenure is None:
        if vacancy is None:
            return Holding(post_id, day, None, None, "not-recorded", None, _NOT_NAMED, standing)
        since = vacancy.since
        iso = iso_of.get(since)
        if iso is None:
            iso = iso_of[since] = since.isoformat()  # slower than a look-up
        # Concatenation, not an f-string: formatting an enum runs Python code.
        basis = "vacant since " + iso + " (" + str(vacancy.reason) + ")"
        return Holding(post_id, day, None, None, "vacant", since, basis, standing)
    person = tenure.person
    return Holding(
        post_id,
        day,
        person,
        names.get(person, person),
        str(tenure.capacity),
        tenure.start,
        tenure.basis,
        standing,
        tenure.since_note,
        tenure.hypothetical,
        tenure.assumed,
        str(tenure.route) if tenure.route is not None else None,
        tenure.claimed_by,
    )


def succession_at(point: Point, post_id: str, day: dt.date, settings: Settings) -> Succession:
    """The line of succession to the post at the point (the end of `day`): see
    `History.succession`."""
    state, legal = point.state, point.legal
    vacancy = state.vacancies.get(post_id)
    would: dict[str, str | None] = {}
    determined: dict[str, bool] = {}
    why_nobody: str | None = None
    limit = acting_status(state, post_id, settings, day) if vacancy else None
    if limit is not None and not limit.lawful:
        why_nobody = f"{limit.reason} [{limit.citation}]"
    line: tuple[Candidate, ...] = ()
    for kind in VacancyKind:
        # While the post is vacant, its own vacancy's kind and line; otherwise the line if
        # its holder left on `day` for this kind of reason.
        own = vacancy is not None
        if own and vacancy is not None and kind is not vacancy.reason.kind:
            continue
        candidates = succession_line(
            state, post_id, kind, vacancy=vacancy if own else None, legal=legal
        )
        if kind is VacancyKind.ORDINARY or (own and not line):
            line = tuple(candidates)
        chosen = pick(candidates)
        would[str(kind)] = None if why_nobody else chosen.person
        determined[str(kind)] = True if why_nobody else chosen.determined
    return Succession(post_id, day, line, would, determined, why_nobody)


def _lawful_differences(x: Expectation, actual: Holding) -> list[str]:
    """What differs between the legal timeline and what an expectation says of it."""
    assert x.lawful is not None
    want = x.lawful
    diffs: list[str] = []
    standing = actual.legal
    lawful_holder = actual.lawful_holder
    if want.holder is not None:
        got = lawful_holder or NOBODY
        if standing is not None and not standing.determined:
            got = "undetermined"
        if got != want.holder:
            diffs.append(f"who may lawfully act is {got}, not {want.holder}")
    if want.status is not None:
        status = str(actual.lawful) if actual.lawful is not None else "none"
        if status != want.status:
            diffs.append(f"the recorded holder's service is {status}, not {want.status}")
    if want.provision is not None:
        provision = standing.provision if standing is not None else ""
        if want.provision not in provision:
            diffs.append(f"the provision is {provision or 'none'}, not {want.provision}")
    if want.until is not None:
        until = standing.until if standing is not None else None
        if until != want.until:
            diffs.append(
                f"acting may last until {until.isoformat() if until else 'no set day'},"
                f" not {want.until.isoformat()}"
            )
    if want.duties is not None:
        duties = standing.duties if standing is not None else None
        if (duties or NOBODY) != want.duties:
            diffs.append(f"the delegated duties fall to {duties or NOBODY}, not {want.duties}")
    return diffs
