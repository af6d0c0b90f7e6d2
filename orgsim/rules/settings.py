"""Settings for the points of law that are unsettled (shared/domain/succession-rules.md, 3, 12)."""

from __future__ import annotations

from enum import StrEnum

from attrs import frozen

__all__ = ["DayCount", "InaugurationReading", "PendingReading", "Settings"]


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


class PendingReading(StrEnum):
    """When a nomination stops being "pending in the Senate" (3346(a)(2); succession-rules.md,
    section 12)."""

    # The statute read literally: pending until the Senate confirms (the day of the vote is the
    # last day), rejects, or it is withdrawn or returned.
    CONFIRMATION = "until-confirmation"
    # As practice often has it: a confirmed nomination keeps acting service lawful until the
    # nominee takes office (is sworn in), which ends the vacancy itself.
    APPOINTMENT = "until-appointment"


@frozen(kw_only=True)
class Settings:
    """How the rules read the unsettled points; the defaults are documented in docs/rules.md."""

    day_count: DayCount = DayCount.DAY_ZERO
    inauguration_reading: InaugurationReading = InaugurationReading.GAO
    nomination_pending: PendingReading = PendingReading.CONFIRMATION
