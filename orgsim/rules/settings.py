"""Settings for the points of law that are unsettled (shared/domain/succession-rules.md, 3)."""

from __future__ import annotations

from enum import StrEnum

from attrs import frozen

__all__ = ["DayCount", "InaugurationReading", "Settings"]


class DayCount(StrEnum):
    """Whether the vacancy date is day 0 or day 1 of the 210 days."""

    # Day 0: the count starts the day after the vacancy, as federal time periods usually do.
    DAY_ZERO = "day0"
    DAY_ONE = "day1"


class InaugurationReading(StrEnum):
    """Whether a new President's nominations extend the time after two earlier ones failed."""

    # GAO B-334564 (2023): no; the two nominations are counted per vacancy.
    GAO = "gao"
    # OLC (October 2022): yes; each President's first and second nominations count afresh.
    OLC = "olc"


@frozen(kw_only=True)
class Settings:
    """How the rules read the unsettled points; the defaults are documented in docs/rules.md."""

    day_count: DayCount = DayCount.DAY_ZERO
    inauguration_reading: InaugurationReading = InaugurationReading.GAO
