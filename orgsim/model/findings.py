"""What a transition changed, and what the law says about it."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from attrs import frozen

__all__ = ["Change", "ChangeKind", "Finding", "Level"]


class Level(StrEnum):
    """How serious a finding is."""

    INFO = "info"
    WARNING = "warning"
    VIOLATION = "violation"


@frozen
class Finding:
    """A statement of what a rule says about a transition, with the rule's citation."""

    level: Level
    rule: str  # a stable id, e.g. "removal-authority"
    citation: str  # e.g. "5 U.S.C. 3345(a)(1)"
    message: str
    date: dt.date
    post: str | None = None
    person: str | None = None
    until: dt.date | None = None  # the date a limit runs to, where the finding is about one

    def __str__(self) -> str:
        return f"{self.level}: {self.message} [{self.citation}]"


class ChangeKind(StrEnum):
    """The kinds of change a transition can make."""

    ARRIVED = "arrived"
    LEFT = "left"
    CAPACITY = "capacity"
    VACATED = "vacated"
    POST_ADDED = "post-added"
    POST_ABOLISHED = "post-abolished"
    MOVED = "moved"
    FIRST_ASSISTANT = "first-assistant"
    PERSON_ADDED = "person-added"
    NOMINATED = "nominated"
    NOMINATION_ENDED = "nomination-ended"
    CONFIRMED = "confirmed"
    RESIGNATION_TENDERED = "resignation-tendered"
    DELEGATED = "delegated"
    ORDER = "order"
    LAWFULNESS = "lawfulness"


@frozen
class Change:
    """One difference between the state before and after a transition."""

    kind: ChangeKind
    post: str | None = None
    person: str | None = None
    capacity: str | None = None
    basis: str = ""
    detail: str = ""

    def __str__(self) -> str:
        parts = [str(self.kind)]
        if self.person:
            parts.append(self.person)
        if self.post:
            parts.append(f"@{self.post}")
        if self.capacity:
            parts.append(f"({self.capacity})")
        if self.detail:
            parts.append(f"- {self.detail}")
        return " ".join(parts)
