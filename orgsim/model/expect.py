"""An expectation a scenario states about who holds a post on a date."""

from __future__ import annotations

import datetime as dt

from attrs import frozen

__all__ = ["Expectation"]


@frozen(kw_only=True)
class Expectation:
    """On `at`, `post` is held by `holder` in `capacity` (or is vacant / not recorded)."""

    post: str
    at: dt.date
    holder: str | None = None
    capacity: str | None = None  # a Capacity value, "vacant" or "not-recorded"
    lawful: bool | None = None
    note: str | None = None

    def __str__(self) -> str:
        if self.holder:
            what = self.holder + (f" ({self.capacity})" if self.capacity else "")
        elif self.capacity == "not-recorded":
            what = "holder not recorded"
        else:
            what = self.capacity or "anyone"
        return f"{self.post} on {self.at.isoformat()}: {what}"
