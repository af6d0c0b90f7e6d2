"""One frozen class per kind of event; each carries every fact needed to apply it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import ClassVar

from attrs import field, frozen

from orgsim.model import (
    Act,
    ActType,
    Capacity,
    NominationOutcome,
    OrderAuthority,
    Organization,
    Person,
    Post,
    Route,
    VacancyKind,
)

__all__ = [
    "ACT_EVENTS",
    "EVENT_KINDS",
    "AbolishPost",
    "AcceptResignation",
    "ActingByLaw",
    "ActingLawfulAgain",
    "AddOrganization",
    "AddPerson",
    "AddPost",
    "Advance",
    "AmendOrder",
    "Appoint",
    "AssumeActing",
    "AssumptionEnds",
    "CommissionEnds",
    "CommitteeReport",
    "Confirm",
    "Death",
    "DeclineActing",
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
    "PerformDuties",
    "RecessAppoint",
    "RecordOpens",
    "Recovery",
    "Refuse",
    "RejectNomination",
    "Remove",
    "RequestResignation",
    "Resign",
    "ResignationTakesEffect",
    "Retitle",
    "ReturnNomination",
    "SetFirstAssistant",
    "Source",
    "SwearIn",
    "TakeAct",
    "TermExpires",
    "TimeRunsOut",
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
    derived: ClassVar[bool] = False  # produced by the engine, never written in a scenario
    narrative: ClassVar[bool] = False  # no state change; told in the timeline and report
    # Which timeline the event belongs to: "recorded" (what the sources say, and what follows
    # from it alone, such as a resignation's effective date), "assumed" (the law's answer
    # where the sources are silent, marked so everywhere) or "legal" (the law's judgement
    # changes; the recorded state does not).
    timeline: ClassVar[str] = "recorded"

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
    by: str | None = None  # who named it (an act judged like an order); None: not reported
    # The sources say the named post is a first assistant in name only (or is not): True /
    # False; None: they do not say.
    in_name_only: bool | None = None
    id: str | None = None  # the act's id, when `by` is given


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
    id: str | None = None  # the act's id (default: given by the loader)


@frozen(kw_only=True)
class AmendOrder(Event):
    """An order of succession is amended; its earlier versions stay in the history. With
    `covers`, only the lists for those kinds of vacancy change."""

    kind: ClassVar[str] = "amend-order"
    order: str
    line: tuple[str, ...] | None = None
    by: str | None = None
    covers: frozenset[VacancyKind] | None = None
    skip_acting: bool | None = None
    id: str | None = None


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
    """Someone is designated to act in a vacant post: by the President (3345(a)(2), (a)(3)),
    under an order of succession, or by a delegation the sources call a designation. `by`
    left out: the sources do not say who designated (never taken to be the President)."""

    kind: ClassVar[str] = "designate-acting"
    post: str
    person: str
    by: str | None = None
    route: Route = Route.PRESIDENT
    claimed_by: str | None = None
    basis: str | None = None  # the basis in the sources' words
    id: str | None = None


@frozen(kw_only=True)
class AssumeActing(Event):
    """The sources report that someone began to act in a vacant post ("X became acting
    director"), with the basis claimed, if any, and who claimed it."""

    kind: ClassVar[str] = "assume-acting"
    post: str
    person: str
    route: Route = Route.NOT_REPORTED
    claimed_by: str | None = None
    basis: str | None = None
    ref: str | None = None  # the record's id in imported data


@frozen(kw_only=True)
class DeclineActing(Event):
    """Someone the law would have act (a first assistant, a listee) does not take up the
    role: the sources must say so (shared/domain/succession-rules.md, 8)."""

    kind: ClassVar[str] = "decline-acting"
    post: str
    person: str


@frozen(kw_only=True)
class Retitle(Event):
    """Someone who fills in for a vacant post goes on in another capacity or title (acting
    becomes performing the duties, or the reverse), as the sources report it."""

    kind: ClassVar[str] = "retitle"
    post: str
    person: str
    capacity: Capacity
    route: Route | None = None
    claimed_by: str | None = None
    basis: str | None = None


@frozen(kw_only=True)
class DelegateDuties(Event):
    """The non-exclusive duties of a post are delegated to someone (3348). `by` left out: the
    sources do not say who delegated. It records the delegation; whether the delegate then
    performs the duties is a fact of its own (`perform-duties`)."""

    kind: ClassVar[str] = "delegate-duties"
    post: str
    person: str
    by: str | None = None
    id: str | None = None


@frozen(kw_only=True)
class PerformDuties(Event):
    """The sources report someone performing the duties of a vacant office (a "Senior Official
    Performing the Duties"), not acting in it: by a delegation, recorded or not."""

    kind: ClassVar[str] = "perform-duties"
    post: str
    person: str
    claimed_by: str | None = None
    basis: str | None = None
    ref: str | None = None  # the record's id in imported data


@frozen(kw_only=True)
class RecessAppoint(Event):
    """The President fills a vacancy during a recess of the Senate by a commission that
    expires at the end of the Senate's next session (U.S. Const. art. II, § 2, cl. 3)."""

    kind: ClassVar[str] = "recess-appoint"
    post: str
    person: str
    by: str | None = None
    expires: dt.date | None = None  # the commission's last day, when the sources give it
    id: str | None = None  # the appointment's id as an act (made from its kind and place)


@frozen(kw_only=True)
class TakeAct(Event):
    """An act of an office by the person who took it: a rule, a directive, a decision, a
    ratification of an earlier act... Whether it stands is the legal timeline's question."""

    kind: ClassVar[str] = "act"
    id: str
    post: str
    person: str
    type: ActType = ActType.OTHER
    what: str = ""
    reserved: bool | None = None  # reserved to the officer alone by statute or regulation
    reserved_by: str | None = None
    ratifies: str | None = None  # for a ratification: the act ratified

    def as_act(self) -> Act:
        """The act as the record keeps it."""
        return Act(
            self.id,
            self.post,
            self.person,
            self.date,
            self.type,
            self.what,
            self.reserved,
            self.reserved_by,
            self.ratifies,
            self.hypothetical,
        )


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


# --- derived: produced by the engine, never written in a scenario ------------------------


@frozen(kw_only=True)
class ResignationTakesEffect(Event):
    """A resignation tendered earlier takes effect (on the date the record gives)."""

    kind: ClassVar[str] = "resignation-effective"
    derived: ClassVar[bool] = True
    post: str
    person: str


@frozen(kw_only=True)
class ActingByLaw(Event):
    """Where the sources do not say who took over a vacant post, the law's answer: someone
    acts by operation of law or under the governing order. An assumption, not a report."""

    kind: ClassVar[str] = "acting-by-law"
    derived: ClassVar[bool] = True
    timeline: ClassVar[str] = "assumed"
    post: str
    person: str
    basis: str  # why, in words
    route: Route
    citation: str = ""
    basis_post: str | None = None  # the post whose holding qualifies the person


@frozen(kw_only=True)
class AssumptionEnds(Event):
    """Someone the rules assumed to act no longer does in law (time ran out, their basis is
    gone), so the assumption changes with it: they go on performing delegated duties, or
    the post is empty again. Only assumed holders are ever moved by the rules."""

    kind: ClassVar[str] = "assumption-ends"
    derived: ClassVar[bool] = True
    timeline: ClassVar[str] = "assumed"
    post: str
    person: str
    why: str
    citation: str
    rule: str = ""  # the finding id of the reason it ends
    performs_duties: bool = False


@frozen(kw_only=True)
class TimeRunsOut(Event):
    """The Vacancies Act time for acting service in a vacant post runs out (3346, 3348):
    the legal timeline changes; the recorded one does not."""

    kind: ClassVar[str] = "time-runs-out"
    derived: ClassVar[bool] = True
    timeline: ClassVar[str] = "legal"
    post: str
    last_day: dt.date
    basis: str
    citation: str


@frozen(kw_only=True)
class ActingLawfulAgain(Event):
    """Time alone opens a new period of lawful acting service in a vacant post (a
    transitional inauguration's extra time, 5 U.S.C. 3349a)."""

    kind: ClassVar[str] = "acting-lawful-again"
    derived: ClassVar[bool] = True
    timeline: ClassVar[str] = "legal"
    post: str
    basis: str
    citation: str
    last_day: dt.date | None = None


@frozen(kw_only=True)
class RecordOpens(Event):
    """The record's first day, when the law has something to say of it (an acting holder
    on the start date who serves unlawfully, say)."""

    kind: ClassVar[str] = "record-opens"
    derived: ClassVar[bool] = True
    timeline: ClassVar[str] = "legal"


@frozen(kw_only=True)
class CommissionEnds(Event):
    """A recess appointee's commission expires at the end of the Senate's next session."""

    kind: ClassVar[str] = "commission-ends"
    derived: ClassVar[bool] = True
    timeline: ClassVar[str] = "legal"
    post: str
    person: str
    last_day: dt.date


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
        RecessAppoint,
        DesignateActing,
        AssumeActing,
        DeclineActing,
        Retitle,
        DelegateDuties,
        PerformDuties,
        TakeAct,
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

ACT_EVENTS: tuple[type[Event], ...] = (
    SetFirstAssistant,
    DesignateActing,
    DelegateDuties,
    IssueOrder,
    AmendOrder,
    TakeAct,
    RecessAppoint,
)
"""Events that are acts of an office, each judged and listed by `orgsim acts`."""
