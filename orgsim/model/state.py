"""The immutable state of an organisation at one moment, and read-only queries on it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from enum import StrEnum
from typing import Any

from attrs import field, frozen
from immutables import Map

from orgsim.model.display import html_of, svg_of
from orgsim.model.grouped import Holdings, Orders
from orgsim.model.people import People
from orgsim.model.records import (
    Act,
    Delegation,
    Nomination,
    Organization,
    Person,
    Post,
    SuccessionOrder,
    Tenure,
    Vacancy,
)

__all__ = [
    "Calendar",
    "Inauguration",
    "PendingResignation",
    "PostStatus",
    "State",
    "empty_map",
]


def empty_map() -> Map[Any, Any]:
    """A fresh empty persistent map."""
    return Map()


class PostStatus(StrEnum):
    """What a chart or query can say about a post."""

    HELD = "held"
    VACANT = "vacant"
    NOT_RECORDED = "not-recorded"


@frozen
class Inauguration:
    """A presidential inauguration; transitional when the President is new (5 U.S.C. 3349a)."""

    date: dt.date
    president: str | None = None  # person id
    transitional: bool = True


@frozen
class Calendar:
    """Dates the Vacancies Act clock depends on; empty means none supplied."""

    inaugurations: tuple[Inauguration, ...] = ()
    # (first day, last day) of periods the Senate is not in session
    recesses: tuple[tuple[dt.date, dt.date], ...] = ()
    # (adjourned, reconvened) of sine die adjournments
    sine_die: tuple[tuple[dt.date, dt.date], ...] = ()
    # (first day, last day) of the Senate's sessions: a recess commission ends with the next
    sessions: tuple[tuple[dt.date, dt.date], ...] = ()


@frozen
class PendingResignation:
    """A resignation tendered but not yet in effect."""

    post: str
    person: str
    tendered: dt.date
    effective: dt.date
    accepted_by: str | None = None


def _as_people(value: People | Mapping[str, Person] | Iterable[Person]) -> People:
    """People as given, or built from a mapping or a list of Person records."""
    return value if isinstance(value, People) else People(value)


def _as_holdings(value: Holdings | Mapping[str, Tenure]) -> Holdings:
    """Holdings as given, or indexed by person from a mapping of post id to tenure."""
    return value if isinstance(value, Holdings) else Holdings(value)


def _as_orders(value: Orders | Mapping[str, SuccessionOrder]) -> Orders:
    """Orders as given, or indexed by post from a mapping of order id to order."""
    return value if isinstance(value, Orders) else Orders(value)


@frozen
class State:
    """Everything true of the organisation on `date`; changed only by `attrs.evolve`."""

    date: dt.date
    organizations: Map[str, Organization] = field(factory=empty_map)
    posts: Map[str, Post] = field(factory=empty_map)
    # Only ever added to, so all the states of a replay share one log (see People).
    people: People = field(factory=People, converter=_as_people)
    # post id -> who serves (de facto); `holdings.group(person)`: the posts a person serves in
    holdings: Holdings = field(factory=Holdings, converter=_as_holdings)
    vacancies: Map[str, Vacancy] = field(factory=empty_map)  # post id -> open vacancy
    nominations: Map[str, tuple[Nomination, ...]] = field(factory=empty_map)  # for the vacancy
    # order id -> current version; `orders.group(post)`: the orders for a post
    orders: Orders = field(factory=Orders, converter=_as_orders)
    delegations: Map[str, Delegation] = field(factory=empty_map)  # post id -> delegated duties
    pending: Map[str, PendingResignation] = field(factory=empty_map)
    awaiting_oath: Map[str, str] = field(factory=empty_map)  # post id -> confirmed person id
    calendar: Calendar = field(factory=Calendar)
    president_post: str | None = None
    deceased: Map[str, dt.date] = field(factory=empty_map)  # person id -> date of death
    acts: Map[str, Act] = field(factory=empty_map)  # act id -> the act, as recorded
    # post id -> the act that named its current first assistant (events with `by` only)
    first_assistant_acts: Map[str, str] = field(factory=empty_map)
    # order id -> its earlier versions, oldest first (the current one is in `orders`)
    order_versions: Map[str, tuple[SuccessionOrder, ...]] = field(factory=empty_map)

    def is_unfilled(self, post_id: str) -> bool:
        """Whether a Vacancies Act post is vacant with nobody recorded serving in it."""
        post = self.posts.get(post_id)
        return (
            post is not None
            and post.fvra
            and post_id in self.vacancies
            and post_id not in self.holdings
        )

    def order_versions_of(self, order_id: str) -> tuple[SuccessionOrder, ...]:
        """Every version of an order, oldest first."""
        current = self.orders.get(order_id)
        earlier = self.order_versions.get(order_id, ())
        return (*earlier, current) if current is not None else earlier

    def __repr__(self) -> str:
        vacant = len(self.vacancies)
        open_ = f" ({vacant} vacant)" if vacant else ""
        return (
            f"<State {self.date.isoformat()}: {len(self.posts)} posts{open_},"
            f" {len(self.people)} people>"
        )

    def _repr_svg_(self) -> str | None:
        """The org chart, for Jupyter (None without Graphviz: then `_repr_html_` answers)."""
        return svg_of(self)

    def _repr_html_(self) -> str | None:
        """A table of posts and holders, for Jupyter when the chart cannot be drawn."""
        return html_of(self)

    # --- read-only queries -------------------------------------------------------------

    def but(self, **changes: Any) -> State:
        """A copy with some fields changed: `attrs.evolve` for the engine's hot path."""
        keys = tuple(changes)
        copier = _COPIERS.get(keys)
        if copier is None:
            copier = _COPIERS[keys] = _make_copier(keys)
        changed: State = copier(self, changes)
        return changed

    def post(self, post_id: str) -> Post:
        """The post with this id (UnknownPost, a KeyError, when unknown)."""
        post = self.posts.get(post_id)
        if post is None:
            from orgsim.model.lookup import unknown_post  # it reads the state: imported late

            raise unknown_post(self, post_id)
        return post

    def holder(self, post_id: str) -> Tenure | None:
        """The tenure of whoever serves in the post now, if anyone is recorded."""
        return self.holdings.get(post_id)

    def status(self, post_id: str) -> PostStatus:
        """Held, vacant, or holder not recorded."""
        if post_id in self.holdings:
            return PostStatus.HELD
        if post_id in self.vacancies:
            return PostStatus.VACANT
        return PostStatus.NOT_RECORDED

    def held_by(self, person_id: str) -> Iterator[Tenure]:
        """Every post the person serves in now, in post-id order."""
        holdings = self.holdings
        for post_id in holdings.group(person_id):
            yield holdings[post_id]

    def chain_of_command(self, post_id: str) -> list[str]:
        """The posts above this one, nearest first."""
        chain: list[str] = []
        seen: set[str] = set()  # a list's `in` would make a deep chain quadratic
        current = self.post(post_id).reports_to
        while current is not None and current not in seen and current in self.posts:
            chain.append(current)
            seen.add(current)
            current = self.posts[current].reports_to
        return chain

    def subordinates(self, post_id: str) -> list[str]:
        """The posts that report directly to this one, in id order."""
        return sorted(p.id for p in self.posts.values() if p.reports_to == post_id)

    def agency_of(self, post_id: str) -> str | None:
        """The executive agency a post belongs to: its nearest organisation marked as one."""
        org_id: str | None = self.post(post_id).organization
        seen: set[str] = set()
        while org_id is not None and org_id in self.organizations and org_id not in seen:
            seen.add(org_id)
            org = self.organizations[org_id]
            if org.executive_agency:
                return org.id
            org_id = org.parent
        return None

    def president(self) -> str | None:
        """The person id of the President, when recorded."""
        if self.president_post is None:
            return None
        tenure = self.holdings.get(self.president_post)
        return tenure.person if tenure else None

    def name(self, person_id: str | None) -> str:
        """A person's name, or the id when the person is unknown."""
        if person_id is None:
            return ""
        person = self.people.get(person_id)
        return person.name if person else person_id

    def title(self, post_id: str | None) -> str:
        """A post's title, or the id when the post is unknown."""
        if post_id is None:
            return ""
        post = self.posts.get(post_id)
        return post.title if post else post_id


# One copier per set of changed fields, in the order the call site names them.
_COPIERS: dict[tuple[str, ...], Any] = {}


def _make_copier(keys: tuple[str, ...]) -> Any:
    """Straight-line code copying a State with these fields changed.

    The engine copies a state several times per event, and a generic evolve spends most of
    its time looking up fields that did not change; this sets each slot once, without the
    frozen class's checks, running the converters of the changed fields as `attrs.evolve`
    would (State has no validators)."""
    import attrs

    fields = attrs.fields(State)
    names = [f.name for f in fields]
    unknown = [k for k in keys if k not in names]
    if unknown:
        raise TypeError(f"State has no field {unknown[0]!r}")
    namespace: dict[str, Any] = {"new": object.__new__, "State": State}
    lines = ["def copy(s, changes):", "    o = new(State)"]
    for f in fields:
        name = f.name
        namespace[f"set_{name}"] = State.__dict__[name].__set__
        value = f"changes[{name!r}]" if name in keys else f"s.{name}"
        if name in keys and f.converter is not None:
            namespace[f"convert_{name}"] = f.converter
            value = f"convert_{name}({value})"
        lines.append(f"    set_{name}(o, {value})")
    lines.append("    return o")
    exec("\n".join(lines) + "\n", namespace)
    return namespace["copy"]
