"""One frozen class per kind of event; each carries every fact needed to apply it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import ClassVar

from attrs import field, frozen

from orgsim.model import (
    Capacity,
    NominationOutcome,
    OrderAuthority,
    Organization,
    Person,
    Post,
    VacancyKind,
)

__all__ = [
    "EVENT_KINDS",
    "AbolishPost",
    "AcceptResignation",
    "ActingEnds",
    "ActingLapses",
    "ActingReopens",
    "AddOrganization",
    "AddPerson",
    "AddPost",
    "Advance",
    "AmendOrder",
    "Appoint",
    "AssumeActing",
    "CommitteeReport",
    "Confirm",
    "Death",
    "DelegateDuties",
    "DesignateActing",
    "Event",
    "Inability",
    "IssueOrder",
    "Leave",
    "Meeting",
    "MovePost",
    "Nominate",
    "NominationFails",
    "Note",
    "Recovery",
    "Refuse",
    "RejectNomination",
    "Remove",
    "RequestResignation",
    "Resign",
    "ResignationTakesEffect",
    "ReturnNomination",
    "SetFirstAssistant",
    "Source",
    "SwearIn",
    "TermExpires",
    "Travel",
    "WithdrawNomination",
]


def _names(items: Iterable[str]) -> tuple[str, ...]:
    """The converter of a field of ids. A typed function, not `tuple` itself: with `tuple` the
    attrs plugin gives `__init__` an unsolvable `Iterable[_T_co]` and typed callers fail."""
    return tuple(items)


def _kinds(items: Iterable[VacancyKind]) -> frozenset[VacancyKind]:
    """The converter of a set of vacancy kinds (typed for the same reason as `_names`)."""
    return frozenset(items)


@frozen
class Source:
    """Where a fact comes from: a named source and a short quote."""

    ref: str | None = None
    quote: str | None = None


@frozen(kw_only=True)
class Event:
    """Something that happened on a date."""

    kind: ClassVar[str] = ""
    derived: ClassVar[bool] = False
    narrative: ClassVar[bool] = False  # no state change; told in the timeline and report

    date: dt.date
    source: Source | None = None
    hypothetical: bool = False
    note: str | None = None
    date_note: str | None = None  # when the day is approximate: what the sources do say


# --- structure --------------------------------------------------------------------------


@frozen(kw_only=True)
class AddOrganization(Event):
    """A new organisation or unit."""

    kind: ClassVar[str] = "add-organization"
    organization: Organization


@frozen(kw_only=True)
class AddPost(Event):
    """A new post."""

    kind: ClassVar[str] = "add-post"
    post: Post


@frozen(kw_only=True)
class AbolishPost(Event):
    """A post ceases to exist; it must be empty."""

    kind: ClassVar[str] = "abolish-post"
    post: str


@frozen(kw_only=True)
class MovePost(Event):
    """A post now reports elsewhere."""

    kind: ClassVar[str] = "move-post"
    post: str
    reports_to: str | None


@frozen(kw_only=True)
class SetFirstAssistant(Event):
    """A post is named first assistant to another (by regulation, order or statute)."""

    kind: ClassVar[str] = "set-first-assistant"
    post: str
    first_assistant: str | None
    by: str | None = None


@frozen(kw_only=True)
class IssueOrder(Event):
    """An order of succession for a post is issued (or a statute's order recorded)."""

    kind: ClassVar[str] = "issue-order"
    order: str
    post: str
    line: tuple[str, ...] = field(converter=_names)
    by: str | None = None
    covers: frozenset[VacancyKind] = field(
        default=frozenset({VacancyKind.ORDINARY}), converter=_kinds
    )
    skip_acting: bool = True
    authority: str = ""
    authority_kind: OrderAuthority = OrderAuthority.STATUTE


@frozen(kw_only=True)
class AmendOrder(Event):
    """An order of succession is amended; its earlier version stays in the history."""

    kind: ClassVar[str] = "amend-order"
    order: str
    line: tuple[str, ...] | None = None
    by: str | None = None
    covers: frozenset[VacancyKind] | None = None
    skip_acting: bool | None = None


# --- people and appointments ------------------------------------------------------------


@frozen(kw_only=True)
class AddPerson(Event):
    """Someone new enters the story."""

    kind: ClassVar[str] = "add-person"
    person: Person


@frozen(kw_only=True)
class Nominate(Event):
    """The President submits a nomination to the Senate."""

    kind: ClassVar[str] = "nominate"
    post: str
    person: str
    by: str | None = None  # the President's person id


@frozen(kw_only=True)
class NominationFails(Event):
    """A nomination ends without confirmation."""

    outcome: ClassVar[NominationOutcome] = NominationOutcome.WITHDRAWN
    post: str
    person: str


@frozen(kw_only=True)
class WithdrawNomination(NominationFails):
    """The President withdraws a nomination."""

    kind: ClassVar[str] = "withdraw-nomination"
    outcome: ClassVar[NominationOutcome] = NominationOutcome.WITHDRAWN


@frozen(kw_only=True)
class ReturnNomination(NominationFails):
    """The Senate returns a nomination to the President."""

    kind: ClassVar[str] = "return-nomination"
    outcome: ClassVar[NominationOutcome] = NominationOutcome.RETURNED


@frozen(kw_only=True)
class RejectNomination(NominationFails):
    """The Senate votes a nomination down."""

    kind: ClassVar[str] = "reject-nomination"
    outcome: ClassVar[NominationOutcome] = NominationOutcome.REJECTED
    yeas: int | None = None
    nays: int | None = None


@frozen(kw_only=True)
class CommitteeReport(Event):
    """A Senate committee reports a nomination, with its vote."""

    kind: ClassVar[str] = "committee-report"
    narrative: ClassVar[bool] = True
    post: str
    person: str
    committee: str
    yeas: int | None = None
    nays: int | None = None


@frozen(kw_only=True)
class Confirm(Event):
    """The Senate confirms a nominee, with the vote."""

    kind: ClassVar[str] = "confirm"
    post: str
    person: str
    yeas: int | None = None
    nays: int | None = None


@frozen(kw_only=True)
class SwearIn(Event):
    """A confirmed nominee takes the oath and the office."""

    kind: ClassVar[str] = "swear-in"
    post: str
    person: str


@frozen(kw_only=True)
class Appoint(Event):
    """Someone is appointed to a post that needs no Senate confirmation."""

    kind: ClassVar[str] = "appoint"
    post: str
    person: str
    by: str | None = None
    capacity: Capacity = Capacity.APPOINTED
    basis: str | None = None  # the basis a record claims (an import); default "appointed"
    ref: str | None = None  # the record's id in imported data (a Popolo membership id)


@frozen(kw_only=True)
class DesignateActing(Event):
    """The President (or an order's authority) directs someone to act in a vacant post."""

    kind: ClassVar[str] = "designate-acting"
    post: str
    person: str
    by: str | None = None
    route: str = "president"  # "president" (3345(a)(2)/(a)(3)) or "order" (agency statute)


@frozen(kw_only=True)
class DelegateDuties(Event):
    """The non-exclusive duties of a post are delegated to someone (3348)."""

    kind: ClassVar[str] = "delegate-duties"
    post: str
    person: str
    by: str | None = None


# --- departures -------------------------------------------------------------------------


@frozen(kw_only=True)
class RequestResignation(Event):
    """Someone asks an officer to resign."""

    kind: ClassVar[str] = "request-resignation"
    post: str
    by: str
    person: str | None = None  # defaults to whoever serves in the post


@frozen(kw_only=True)
class Refuse(Event):
    """An officer refuses a request to resign."""

    kind: ClassVar[str] = "refuse"
    narrative: ClassVar[bool] = True
    post: str
    person: str
    condition: str | None = None


@frozen(kw_only=True)
class Resign(Event):
    """An officer resigns, effective on a date (the same day when not given)."""

    kind: ClassVar[str] = "resign"
    post: str
    person: str
    effective: dt.date | None = None


@frozen(kw_only=True)
class AcceptResignation(Event):
    """Someone accepts a resignation."""

    kind: ClassVar[str] = "accept-resignation"
    post: str
    person: str
    by: str


@frozen(kw_only=True)
class Remove(Event):
    """An officer is removed from office."""

    kind: ClassVar[str] = "remove"
    post: str
    person: str
    by: str


@frozen(kw_only=True)
class Leave(Event):
    """An officer leaves the post; the sources do not say how."""

    kind: ClassVar[str] = "leave"
    post: str
    person: str


@frozen(kw_only=True)
class TermExpires(Event):
    """An officer's fixed term runs out; it counts as inability (5 U.S.C. 3345(c)(2))."""

    kind: ClassVar[str] = "term-expires"
    post: str
    person: str


@frozen(kw_only=True)
class Death(Event):
    """A person dies; every post they hold falls vacant."""

    kind: ClassVar[str] = "death"
    person: str


@frozen(kw_only=True)
class Inability(Event):
    """An officer becomes unable to perform the duties (sickness stops no clock)."""

    kind: ClassVar[str] = "inability"
    post: str
    person: str
    sickness: bool = False
    emergency: bool = False  # unavailable in a disaster or catastrophic emergency


@frozen(kw_only=True)
class Recovery(Event):
    """An officer who was unable returns to the post."""

    kind: ClassVar[str] = "recovery"
    post: str
    person: str


# --- narrative --------------------------------------------------------------------------


@frozen(kw_only=True)
class Travel(Event):
    """Someone travels somewhere; told, not applied."""

    kind: ClassVar[str] = "travel"
    narrative: ClassVar[bool] = True
    person: str
    place: str
    purpose: str | None = None


@frozen(kw_only=True)
class Meeting(Event):
    """A meeting; told, not applied."""

    kind: ClassVar[str] = "meeting"
    narrative: ClassVar[bool] = True
    people: tuple[str, ...] = field(converter=_names)
    place: str | None = None
    subject: str | None = None


@frozen(kw_only=True)
class Note(Event):
    """A dated remark in the story."""

    kind: ClassVar[str] = "note"
    narrative: ClassVar[bool] = True
    text: str


@frozen(kw_only=True)
class Advance(Event):
    """Time passes to this date; the rules may fire (limits running out)."""

    kind: ClassVar[str] = "advance"
    narrative: ClassVar[bool] = True


# --- derived: produced by the rules, never written in a scenario ------------------------


@frozen(kw_only=True)
class AssumeActing(Event):
    """By operation of law or an order, someone begins to act in a vacant post."""

    kind: ClassVar[str] = "assume-acting"
    derived: ClassVar[bool] = True
    post: str
    person: str
    basis: str  # why, in words
    route: str  # "first-assistant", "order", "resume" (a nomination), "lawful-again" (time)
    citation: str = ""
    lawful: bool = True
    defect: str | None = None
    basis_post: str | None = None  # the post whose holding qualifies the person


@frozen(kw_only=True)
class ResignationTakesEffect(Event):
    """A resignation tendered earlier takes effect."""

    kind: ClassVar[str] = "resignation-effective"
    derived: ClassVar[bool] = True
    post: str
    person: str


@frozen(kw_only=True)
class ActingLapses(Event):
    """The time limit runs out: the acting title ends (3346, 3348)."""

    kind: ClassVar[str] = "acting-lapses"
    derived: ClassVar[bool] = True
    post: str
    person: str
    last_day: dt.date
    basis: str  # why, in words
    performs_duties: bool
    citation: str = ""  # a delegation lets the person go on performing the duties


@frozen(kw_only=True)
class ActingEnds(Event):
    """The acting officer no longer holds the post that qualified them to act."""

    kind: ClassVar[str] = "acting-ends"
    derived: ClassVar[bool] = True
    post: str
    person: str
    basis_post: str
    citation: str


@frozen(kw_only=True)
class ActingReopens(Event):
    """Time alone opens a new period of lawful acting service in a vacant post (a
    transitional inauguration's extra time, 5 U.S.C. 3349a), so someone may act again."""

    kind: ClassVar[str] = "acting-reopens"
    derived: ClassVar[bool] = True
    post: str
    basis: str  # why, in words
    citation: str
    last_day: dt.date | None = None  # the new period's last day


EVENT_KINDS: dict[str, type[Event]] = {
    cls.kind: cls
    for cls in (
        AddOrganization,
        AddPost,
        AbolishPost,
        MovePost,
        SetFirstAssistant,
        IssueOrder,
        AmendOrder,
        AddPerson,
        Nominate,
        WithdrawNomination,
        ReturnNomination,
        RejectNomination,
        CommitteeReport,
        Confirm,
        SwearIn,
        Appoint,
        DesignateActing,
        DelegateDuties,
        RequestResignation,
        Refuse,
        Resign,
        AcceptResignation,
        Remove,
        Leave,
        TermExpires,
        Death,
        Inability,
        Recovery,
        Travel,
        Meeting,
        Note,
        Advance,
    )
}
"""The kinds a scenario may write, by their name in the file."""
