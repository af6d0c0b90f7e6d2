"""The legal timeline's records: what the law makes of the recorded one, post by post and act
by act. The rules (orgsim.rules) derive them; nothing here judges anything."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import StrEnum
from typing import Any

from attrs import field, frozen
from immutables import Map

from orgsim.model.records import Route

__all__ = [
    "ActStatus",
    "ActVerdict",
    "Lawfulness",
    "Legal",
    "Reason",
    "Standing",
    "combine",
]


class Lawfulness(StrEnum):
    """Three-valued: where the facts needed are missing the answer is undetermined, never
    unlawful (shared/domain/succession-rules.md, 13)."""

    LAWFUL = "lawful"
    UNLAWFUL = "unlawful"
    UNDETERMINED = "undetermined"


def combine(values: Iterable[Lawfulness]) -> Lawfulness:
    """All conditions together: unlawful if any is, else undetermined if any is, else lawful."""
    seen = set(values)
    if Lawfulness.UNLAWFUL in seen:
        return Lawfulness.UNLAWFUL
    if Lawfulness.UNDETERMINED in seen:
        return Lawfulness.UNDETERMINED
    return Lawfulness.LAWFUL


class ActStatus(StrEnum):
    """What becomes of an act of an office (shared/domain/succession-rules.md, 9)."""

    VALID = "valid"
    VOID = "void"  # 3348(d): no force or effect, and may not be ratified
    WITHOUT_AUTHORITY = "without-authority"  # may be set aside, or ratified by a lawful official
    RATIFIED = "ratified"  # cured from the ratification on
    UNDETERMINED = "undetermined"

    @property
    def has_force(self) -> Lawfulness:
        """Whether the act has force, three-valued."""
        if self in (ActStatus.VALID, ActStatus.RATIFIED):
            return Lawfulness.LAWFUL
        if self is ActStatus.UNDETERMINED:
            return Lawfulness.UNDETERMINED
        return Lawfulness.UNLAWFUL


@frozen
class Reason:
    """One ground of a judgement: the finding id it belongs to, its citation, and words."""

    rule: str
    citation: str
    text: str
    status: Lawfulness = Lawfulness.UNLAWFUL  # what this ground alone makes of the service


@frozen
class Standing:
    """What the law says of one post on a day: whether its recorded holder serves lawfully,
    who could lawfully perform its functions and duties, until when, and who may perform the
    duties when nobody may act (5 U.S.C. 3345-3349c)."""

    post: str
    since: dt.date  # the day this judgement was made (it holds until the next one)
    # The recorded holder's service: None when nobody is recorded in the post.
    status: Lawfulness | None
    reasons: tuple[Reason, ...] = ()  # why the service is unlawful or undetermined
    missing: tuple[str, ...] = ()  # the facts that would settle an undetermined answer
    # Who could lawfully perform the functions and duties; `determined` False: the facts do
    # not settle who (then `lawful` is None).
    lawful: str | None = None
    determined: bool = True
    provision: str = ""  # the citation the lawful performer serves under, or why nobody may
    route: Route | None = None
    basis: str = ""  # the lawful performer's basis in words
    until: dt.date | None = None  # the last day acting service may lawfully last
    until_reason: str | None = None
    until_citation: str | None = None
    # When nobody may lawfully act: who may perform the delegable duties, and whether that
    # delegation has force; and who may perform the duties reserved to the office.
    duties: str | None = None
    duties_status: Lawfulness | None = None
    reserved: str | None = None
    reserved_citation: str | None = None
    acting: bool = False  # the recorded holder serves as acting officer (not just performing)
    coverage: str = ""  # words on which parts of the Act govern, when not all
    holder: str | None = None  # the recorded holder this judges (None: nobody recorded)
    basis_post: str | None = None  # the post whose holding qualifies the lawful performer


@frozen
class ActVerdict:
    """An act of an office, judged: valid, void, without authority (ratifiable), ratified, or
    undetermined, with why, and what it rests on."""

    act: str
    kind: str  # an ActType value: designation, delegation, order, rule, ratification...
    date: dt.date
    post: str | None
    person: str | None  # who took it (None: not reported)
    what: str
    status: ActStatus
    citation: str = ""
    reasons: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    reserved: bool | None = None
    # The act (a designation, a delegation) its author's authority rests on.
    rests_on: str | None = None
    subject: str | None = None  # who the act designates or delegates to
    rule: str = ""  # the finding id of its main defect, when it has one
    basis_post: str | None = None  # for a seating: the post whose holding qualifies
    ratified_by: str | None = None
    ratified_on: dt.date | None = None
    ratified_in: str | None = None  # the ratifying act
    hypothetical: bool = False
    index: int | None = None  # the scenario event that recorded it


def _empty() -> Map[Any, Any]:
    return Map()


@frozen
class Legal:
    """The legal timeline at one moment: standings of the posts the law has something to say
    about (vacant Vacancies Act offices, and holders whose appointment is in question), and
    every act judged so far. Persistent maps, so that the states of a replay share them."""

    standings: Map[str, Standing] = field(factory=_empty)
    acts: Map[str, ActVerdict] = field(factory=_empty)

    def standing(self, post_id: str) -> Standing | None:
        """The judgement of a post, if the law has one beyond "its holder holds it"."""
        return self.standings.get(post_id)

    def act(self, act_id: str | None) -> ActVerdict | None:
        """The verdict on an act, if it was judged."""
        return self.acts.get(act_id) if act_id is not None else None
