"""Expectations a scenario states: who holds a post on a date (and what the law says of it),
or what becomes of an act."""

from __future__ import annotations

import datetime as dt

from attrs import frozen

__all__ = ["Expectation", "LawfulExpectation"]

NOBODY = "nobody"


@frozen(kw_only=True)
class LawfulExpectation:
    """What the legal timeline should say of a post on the expectation's date.

    `holder`: who could lawfully perform the functions and duties (a person id, or "nobody");
    `status`: whether the recorded holder serves lawfully (lawful, unlawful, undetermined);
    `provision`: text the citation must contain; `until`: the last lawful day of acting;
    `duties`: who may perform the delegable duties when nobody may act (a person id)."""

    holder: str | None = None
    status: str | None = None
    provision: str | None = None
    until: dt.date | None = None
    duties: str | None = None

    def __str__(self) -> str:
        parts = []
        if self.holder is not None:
            parts.append(f"lawfully {self.holder}")
        if self.status is not None:
            parts.append(f"service {self.status}")
        if self.provision is not None:
            parts.append(f"under {self.provision}")
        if self.until is not None:
            parts.append(f"until {self.until.isoformat()}")
        if self.duties is not None:
            parts.append(f"duties {self.duties}")
        return ", ".join(parts)


@frozen(kw_only=True)
class Expectation:
    """On `at`, `post` is held by `holder` in `capacity` (or is vacant / not recorded), and
    the law says `lawful` of it; or: the act `act` is judged `verdict` (on `at`, or at the end
    of the history)."""

    post: str | None = None
    at: dt.date | None = None
    holder: str | None = None
    capacity: str | None = None  # a Capacity value, "vacant" or "not-recorded"
    assumed: bool | None = None  # the holding is the law's answer, not reported
    lawful: LawfulExpectation | None = None
    act: str | None = None  # an act id
    verdict: str | None = None  # an ActStatus value
    note: str | None = None

    def __str__(self) -> str:
        if self.act is not None:
            on = f" on {self.at.isoformat()}" if self.at else ""
            return f"act {self.act}{on}: {self.verdict or 'judged'}"
        if self.holder:
            what = self.holder + (f" ({self.capacity})" if self.capacity else "")
        elif self.capacity == "not-recorded":
            what = "holder not recorded"
        else:
            what = self.capacity or "anyone"
        if self.assumed is not None:
            what += ", assumed" if self.assumed else ", as reported"
        if self.lawful is not None:
            what += f"; {self.lawful}"
        at = self.at.isoformat() if self.at else "?"
        return f"{self.post} on {at}: {what}"
