"""Frozen records: people, organisations, posts, tenures, nominations, vacancies, orders."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from attrs import frozen

__all__ = [
    "EARLIEST",
    "LATEST",
    "Act",
    "ActType",
    "Appointment",
    "Capacity",
    "Coverage",
    "Delegation",
    "Identifier",
    "Link",
    "Nomination",
    "NominationOutcome",
    "OrderAuthority",
    "Organization",
    "OtherName",
    "Person",
    "Post",
    "Route",
    "SuccessionOrder",
    "Tenure",
    "Vacancy",
    "VacancyKind",
    "VacancyReason",
    "out_of_range",
]

# The dates orgsim accepts. The rules count forward and back from them (210 days, 90 more
# after an inauguration, the Senate's return), so a margin of centuries keeps every such
# sum a real date, and no office anyone models lies outside it.
EARLIEST = dt.date(1000, 1, 1)
LATEST = dt.date(8999, 12, 31)


def out_of_range(day: dt.date) -> str | None:
    """Why orgsim cannot work with this date, or None when it can."""
    if EARLIEST <= day <= LATEST:
        return None
    return (
        f"{day.isoformat()} is outside the dates orgsim works with"
        f" ({EARLIEST.isoformat()} to {LATEST.isoformat()})"
    )


class Appointment(StrEnum):
    """How a post is filled, which decides who may fill and remove it."""

    PAS = "pas"  # presidential appointment with Senate confirmation
    PA = "pa"  # presidential appointment without the Senate
    ELECTED = "elected"
    CAREER = "career"
    OTHER = "other"


class OrderAuthority(StrEnum):
    """What an order of succession rests on, which decides whether it can fill a Vacancies Act
    office and who on it may act (5 U.S.C. 3347; 3345(a))."""

    STATUTE = "statute"  # a statute that provides for acting officers (3347(a)(1))
    EXECUTIVE_ORDER = "executive-order"  # the President's standing designations (3345(a))
    DELEGATION = "delegation"  # a general power to delegate: no basis to act (3347(b))


class Capacity(StrEnum):
    """In what capacity a person holds a post."""

    CONFIRMED = "confirmed"
    ELECTED = "elected"
    APPOINTED = "appointed"
    ACTING = "acting"
    PERFORMING_DUTIES = "performing-duties"
    RECESS = (
        "recess-appointed"  # holds the office on a commission that expires (art. II, § 2, cl. 3)
    )
    NOT_RECORDED = "not-recorded"  # the person is known, the capacity is not

    @property
    def is_temporary(self) -> bool:
        """Acting officers and those performing the duties fill in; others hold the post."""
        return self in (Capacity.ACTING, Capacity.PERFORMING_DUTIES)


class Route(StrEnum):
    """The legal route by which someone fills in for a vacant office, as the sources claim it
    (or as the rules seat someone): what the rules then judge (5 U.S.C. 3345-3347)."""

    FIRST_ASSISTANT = "first-assistant"  # by operation of law (3345(a)(1))
    PRESIDENT = "president"  # directed by the President (3345(a)(2), (a)(3))
    ORDER = "order"  # under an order of succession resting on a statute (3347(a))
    DELEGATION = (
        "delegation"  # a delegation of the office's functions (not a basis to act: 3347(b))
    )
    NOT_REPORTED = "not-reported"  # the sources do not say on what basis

    @property
    def words(self) -> str:
        """The route as a claim in words ("as first assistant"); empty when not reported."""
        return _ROUTE_WORDS[self]


_ROUTE_WORDS = {
    Route.FIRST_ASSISTANT: "as first assistant",
    Route.PRESIDENT: "under the President's authority",
    Route.ORDER: "under an order of succession",
    Route.DELEGATION: "by a delegation of the office's authority",
    Route.NOT_REPORTED: "",
}


class Coverage(StrEnum):
    """How much of the Vacancies Act governs a Senate-confirmed office."""

    FULL = "full"
    # 3348(e): section 3348 (vacancy, void acts) does not apply; 3345-3347 still do.
    OUTSIDE_3348 = "outside-3348"
    # 3349c: sections 3345-3349b do not apply at all (multi-member boards, FERC, STB, ...).
    OUTSIDE_ACT = "outside-3345-3349b"


class ActType(StrEnum):
    """What kind of act of an office an official took (shared/domain/succession-rules.md, 9)."""

    RULE = "rule"
    DIRECTIVE = "directive"
    MEMO = "memo"
    COMPLAINT = "complaint"
    DECISION = "decision"
    DESIGNATION = "designation"
    DELEGATION = "delegation"
    ORDER = "order"  # issuing or amending an order of succession
    RATIFICATION = "ratification"
    OTHER = "other"


class VacancyReason(StrEnum):
    """Why a post fell vacant (5 U.S.C. 3345(a), 3346(a))."""

    DEATH = "death"
    RESIGNATION = "resignation"
    REMOVAL = "removal"
    INABILITY = "inability"
    SICKNESS = "sickness"  # inability by sickness: no time limit (3346(a))
    TERM_EXPIRED = "term-expired"  # counts as inability (3345(c)(2))
    DEPARTURE = "departure"  # the holder left; the sources do not say how
    ABSENCE = "absence"  # unavailable in a disaster or catastrophic emergency

    @property
    def kind(self) -> VacancyKind:
        """The kind of vacancy that selects the governing order of succession."""
        return VacancyKind.EMERGENCY if self is VacancyReason.ABSENCE else VacancyKind.ORDINARY


class VacancyKind(StrEnum):
    """The kinds of vacancy orders of succession distinguish."""

    ORDINARY = "death-resignation-inability"
    EMERGENCY = "disaster-or-emergency"


class NominationOutcome(StrEnum):
    """What became of a nomination."""

    PENDING = "pending"
    CONFIRMED = "confirmed"
    WITHDRAWN = "withdrawn"
    RETURNED = "returned"
    REJECTED = "rejected"

    @property
    def failed(self) -> bool:
        """Rejected, withdrawn or returned: the outcomes that restart the clock (3346(b))."""
        return self in (
            NominationOutcome.WITHDRAWN,
            NominationOutcome.RETURNED,
            NominationOutcome.REJECTED,
        )


@frozen
class Identifier:
    """An id the thing has elsewhere: a Wikidata QID (`scheme: wikidata`), a register number."""

    scheme: str
    identifier: str


@frozen
class Link:
    """A web page about the thing."""

    url: str
    note: str | None = None


@frozen
class OtherName:
    """Another name the thing goes by, in a language or of a kind (`note`)."""

    name: str
    lang: str | None = None
    note: str | None = None


# Identifiers, links and other names come from other data (Popolo, Wikidata) and go back
# to it on export; the rules never read them.


@frozen
class Person:
    """Someone who may hold posts, with the facts eligibility rules read."""

    id: str
    name: str
    grade: str | None = None  # pay grade, e.g. "GS-15" or "SES"
    agency: str | None = None  # organisation id of the executive agency they serve in
    service_start: dt.date | None = None  # in that agency
    note: str | None = None
    identifiers: tuple[Identifier, ...] = ()
    links: tuple[Link, ...] = ()
    other_names: tuple[OtherName, ...] = ()


@frozen
class Organization:
    """An organisation or unit; units nest through `parent`."""

    id: str
    name: str
    parent: str | None = None
    executive_agency: bool = False  # an "Executive agency" in the FVRA's sense (5 U.S.C. 105)
    classification: str | None = None  # as a source classifies it: "legislature", "branch"
    identifiers: tuple[Identifier, ...] = ()
    links: tuple[Link, ...] = ()
    other_names: tuple[OtherName, ...] = ()


@frozen
class Post:
    """An office: its place in the organisation and how it is filled."""

    id: str
    title: str
    organization: str
    reports_to: str | None = None
    appointment: Appointment = Appointment.CAREER
    first_assistant: str | None = None
    # Where this post is named another's first assistant: whether it is one in name only,
    # without the substance of a first assistant (L.M.-M. v. Cuccinelli): True or False as
    # the sources say; None: not recorded.
    nominal_first_assistant: bool | None = None
    appointed_by: str | None = None  # post that appoints and removes; default: the President
    vacancies_act: bool | None = None  # None: applies exactly when the post is PAS
    coverage: Coverage = Coverage.FULL  # where the Act governs, which parts of it do
    dotted_to: tuple[str, ...] = ()  # matrix reporting that does not move the post in the tree
    statute: str | None = None  # the law that creates the post or says how it is filled
    note: str | None = None
    # How charts draw the post; neither changes who reports to whom or who may act.
    # `staff`: an assistant or staff post, drawn beside its principal (`reports_to`) on the
    # same rank rather than below it. `group`: posts sharing a group name in one organisation
    # are seats of one body (commissioners, board members): drawn as one box that lists each
    # seat and its holder, while each seat keeps its own single holder.
    staff: bool = False
    group: str | None = None
    identifiers: tuple[Identifier, ...] = ()  # e.g. the Wikidata item of the position
    links: tuple[Link, ...] = ()

    @property
    def fvra(self) -> bool:
        """Whether the Federal Vacancies Reform Act governs acting service in this post."""
        if self.vacancies_act is not None:
            return self.vacancies_act
        return self.appointment is Appointment.PAS


@frozen
class Tenure:
    """One person's time in one post, in one capacity, as the record has it: what the sources
    say (or claim), never what the law makes of it (that is the legal timeline's)."""

    post: str
    person: str
    capacity: Capacity
    start: dt.date | None
    basis: str = ""  # the basis in words, as reported or claimed
    end: dt.date | None = None
    since_note: str | None = None  # when the sources give no exact start: what they do say
    hypothetical: bool = False  # rests on a step the sources do not establish
    # For acting service: the post whose holding qualifies the person (the first-assistant
    # post, another Senate-confirmed office, a post in an order's line).
    basis_post: str | None = None
    route: Route | None = None  # the basis claimed for filling in (None: a permanent holder)
    claimed_by: str | None = None  # who made the claim, as reported (person id)
    by: str | None = None  # who designated or appointed, as reported (None: not reported)
    act: str | None = None  # the act (designation, delegation) the service rests on
    assumed: bool = False  # not reported: the law's answer where the sources are silent
    expires: dt.date | None = None  # a recess commission's last day, as the record gives it
    ref: str | None = None  # the record's id in imported data (a Popolo membership id)


@frozen
class Nomination:
    """A presidential nomination to a post and what became of it."""

    post: str
    person: str
    submitted: dt.date
    outcome: NominationOutcome = NominationOutcome.PENDING
    outcome_date: dt.date | None = None
    president: str | None = None  # person id of the nominating President
    yeas: int | None = None
    nays: int | None = None


@frozen
class Vacancy:
    """An open vacancy in a post, from which the Vacancies Act clock runs."""

    post: str
    since: dt.date
    reason: VacancyReason
    previous_holder: str | None = None
    suspended: Tenure | None = None  # an officer unable to serve, who returns on recovery
    # The first assistant when the vacancy arose: one named later does not qualify for it.
    # Unless `first_assistant_fixed`, the post's current first assistant stands in.
    first_assistant: str | None = None
    first_assistant_fixed: bool = False
    # People who stepped down from acting in this vacancy: the rules do not seat them again.
    declined: frozenset[str] = frozenset()

    def first_assistant_of(self, post: Post) -> str | None:
        """The first-assistant post that counts for this vacancy."""
        return self.first_assistant if self.first_assistant_fixed else post.first_assistant


@frozen
class SuccessionOrder:
    """One version of an ordered line of posts that act when a post falls vacant, with a line
    for each kind of vacancy it covers."""

    id: str
    post: str
    line: tuple[str, ...]
    issued_by: str | None = None  # person id; None for a statute
    issued_on: dt.date | None = None
    covers: frozenset[VacancyKind] = frozenset({VacancyKind.ORDINARY})
    skip_acting: bool = True
    authority: str = ""  # the statute or order it rests on, e.g. "6 U.S.C. 113(g)(2)"
    authority_kind: OrderAuthority = OrderAuthority.STATUTE
    version: int = 1
    # Lines that differ by kind of vacancy, after an amendment of one kind's list; empty:
    # `line` for every kind in `covers`.
    lines: tuple[tuple[VacancyKind, tuple[str, ...]], ...] = ()
    act: str | None = None  # the act that issued or amended this version (None: on record)

    def line_for(self, kind: VacancyKind) -> tuple[str, ...] | None:
        """The line for this kind of vacancy, or None when this version does not cover it."""
        if self.lines:
            for covered, line in self.lines:
                if covered is kind:
                    return line
            return None
        return self.line if kind in self.covers else None

    def by_kind(self) -> dict[VacancyKind, tuple[str, ...]]:
        """Every kind of vacancy this version covers, with its line."""
        if self.lines:
            return dict(self.lines)
        return {kind: self.line for kind in sorted(self.covers)}

    def posts(self) -> set[str]:
        """Every post any of its lines names."""
        return {p for line in self.by_kind().values() for p in line}


@frozen
class Delegation:
    """Delegated, non-exclusive duties of a post, performed by a person (5 U.S.C. 3348)."""

    post: str
    person: str
    since: dt.date
    by: str | None = None  # None: the sources do not say who delegated
    hypothetical: bool = False
    act: str | None = None  # the delegation as an act, judged in the legal timeline


@frozen
class Act:
    """An act of an office on a date by the person who took it, as recorded (a rule, a
    directive, a decision, a ratification...); the legal timeline judges whether it stands."""

    id: str
    post: str  # the office whose act it is
    person: str | None  # who took it (None: the sources do not say)
    date: dt.date
    type: ActType = ActType.OTHER
    what: str = ""
    # Whether a statute or regulation reserves the function to the officer alone (3348(a)(2));
    # None: the sources do not say.
    reserved: bool | None = None
    reserved_by: str | None = None  # the provision that reserves it
    ratifies: str | None = None  # for a ratification: the act it ratifies
    hypothetical: bool = False
    index: int | None = None  # the scenario event that recorded it
