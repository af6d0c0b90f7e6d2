"""The scenario file format: what may be written, as attrs classes (the model is not the format)."""

from __future__ import annotations

import datetime as dt

from attrs import field, frozen

from orgsim.events import Event, Source
from orgsim.model import (
    Capacity,
    Expectation,
    NominationOutcome,
    OrderAuthority,
    Organization,
    Person,
    Post,
    Route,
    VacancyKind,
)
from orgsim.rules import DayCount, InaugurationReading, PendingReading

__all__ = [
    "BranchSpec",
    "CalendarSpec",
    "DelegationSpec",
    "HolderSpec",
    "InaugurationSpec",
    "NominationSpec",
    "OrderSpec",
    "PeriodSpec",
    "ScenarioSpec",
    "SettingsSpec",
    "SourceInfo",
]


@frozen(kw_only=True)
class SourceInfo:
    """A named source that events cite by `ref`."""

    title: str
    publisher: str | None = None
    author: str | None = None
    date: dt.date | None = None
    url: str | None = None
    note: str | None = None


@frozen(kw_only=True)
class HolderSpec:
    """Who serves in a post when the scenario begins (or that it is vacant)."""

    post: str
    person: str | None = None
    capacity: Capacity | None = None  # default from the post: confirmed, elected or appointed
    since: dt.date | None = None
    since_note: str | None = None  # what the sources say when they give no exact day
    vacant: bool = False
    vacant_since: dt.date | None = None  # for acting holders: when the vacancy began
    basis: str | None = None  # the basis in the sources' words
    # For someone filling in (acting, performing the duties): the basis claimed, who claimed
    # it, and who designated them (left out: not reported).
    route: Route | None = None
    claimed_by: str | None = None
    by: str | None = None
    source: Source | None = None
    hypothetical: bool = False
    note: str | None = None
    ref: str | None = None  # the record's id in imported data (a Popolo membership id)


@frozen(kw_only=True)
class OrderSpec:
    """An order of succession in force when the scenario begins."""

    id: str
    post: str
    line: tuple[str, ...]
    by: str | None = None
    issued_on: dt.date | None = None
    covers: frozenset[VacancyKind] = field(default=frozenset({VacancyKind.ORDINARY}))
    skip_acting: bool = True
    authority: str = ""
    authority_kind: OrderAuthority = OrderAuthority.STATUTE
    source: Source | None = None


@frozen(kw_only=True)
class NominationSpec:
    """A nomination to the vacant post made before the scenario begins (it runs the clock)."""

    post: str
    person: str
    submitted: dt.date
    outcome: NominationOutcome = NominationOutcome.PENDING
    outcome_date: dt.date | None = None
    by: str | None = None  # the nominating President's person id


@frozen(kw_only=True)
class DelegationSpec:
    """Duties of a post delegated to someone when the scenario begins."""

    post: str
    person: str
    since: dt.date
    by: str | None = None
    source: Source | None = None
    hypothetical: bool = False
    note: str | None = None


@frozen(kw_only=True)
class InaugurationSpec:
    """A presidential inauguration (transitional when the President is new)."""

    date: dt.date
    president: str | None = None
    transitional: bool = True


@frozen(kw_only=True)
class PeriodSpec:
    """A span of days, both ends included."""

    start: dt.date
    end: dt.date


@frozen(kw_only=True)
class CalendarSpec:
    """Inaugurations and the Senate's calendar, when the clock needs them."""

    inaugurations: tuple[InaugurationSpec, ...] = ()
    recesses: tuple[PeriodSpec, ...] = ()  # the Senate is not in session
    sine_die: tuple[PeriodSpec, ...] = ()  # start: adjourned sine die, end: reconvened
    sessions: tuple[PeriodSpec, ...] = ()  # the Senate's sessions (recess commissions end with one)


@frozen(kw_only=True)
class SettingsSpec:
    """The readings of the unsettled points of law (docs/rules.md)."""

    day_count: DayCount = DayCount.DAY_ZERO
    inauguration_reading: InaugurationReading = InaugurationReading.GAO
    nomination_pending: PendingReading = PendingReading.CONFIRMATION


@frozen(kw_only=True)
class BranchSpec:
    """A what-if: hypothetical events replayed from the main line's state on date `from`.

    The file writes the start date as `from`, a Python keyword, hence `from_` here.
    """

    id: str
    title: str
    from_: dt.date
    description: str | None = None
    events: tuple[Event, ...] = ()
    expect: tuple[Expectation, ...] = ()


@frozen(kw_only=True)
class ScenarioSpec:
    """A whole scenario file."""

    title: str
    date: dt.date  # the day the initial state describes
    description: str | None = None
    include: str | None = None  # an organisation file whose lists come first (path relative)
    # A JSON Lines (.jsonl: one event per line) or JSON (.json: a list) file of further
    # events, after those written here: large event streams load far faster than YAML.
    events_from: str | None = None
    president: str | None = None  # the post id of the President
    settings: SettingsSpec = field(factory=SettingsSpec)
    calendar: CalendarSpec = field(factory=CalendarSpec)
    sources: dict[str, SourceInfo] = field(factory=dict)
    organizations: tuple[Organization, ...] = ()
    posts: tuple[Post, ...] = ()
    people: tuple[Person, ...] = ()
    holders: tuple[HolderSpec, ...] = ()
    orders: tuple[OrderSpec, ...] = ()
    delegations: tuple[DelegationSpec, ...] = ()
    nominations: tuple[NominationSpec, ...] = ()
    events: tuple[Event, ...] = ()
    expect: tuple[Expectation, ...] = ()
    branches: tuple[BranchSpec, ...] = ()  # what-ifs off the main line
