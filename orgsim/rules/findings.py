"""The one enumeration of finding ids: every statement the rules make has one of these.

docs/rules.md lists each id in its "Findings at a glance" table; a test holds the two equal.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from orgsim.model import Finding, Level

__all__ = ["FindingId", "finding"]


class FindingId(StrEnum):
    """A stable id for each kind of finding (the `rule` field of a Finding)."""

    # Removal and resignation (section 6 of the domain notes)
    REMOVAL_AUTHORITY = "removal-authority"
    REMOVAL_WITHOUT_AUTHORITY = "removal-without-authority"
    # Nominations and the clock (sections 2, 3, 12)
    NOMINATION_EXTENDS_CLOCK = "nomination-extends-clock"
    THIRD_NOMINATION = "third-nomination"
    NOMINATION_FAILED = "nomination-failed"
    NOMINATION_NOT_BY_PRESIDENT = "nomination-not-by-president"
    NOMINATION_BAR = "nomination-bar"
    # Who may act (sections 2, 5, 8)
    ACTING_OFFICER = "acting-officer"
    ACTING_ASSUMED = "acting-assumed"
    ACTING_ELIGIBILITY = "acting-eligibility"
    ACTING_UNDETERMINED = "acting-undetermined"
    PASSED_OVER = "passed-over"
    FIRST_ASSISTANT_AFTER_VACANCY = "first-assistant-after-vacancy"
    DELEGATION_NOT_ACTING = "delegation-not-acting"
    ORDER_NOT_GOVERNING = "order-not-governing"
    NO_ACTING_OFFICER = "no-acting-officer"
    ACTING_BASIS_LOST = "acting-basis-lost"
    ACTING_TIME_LIMIT = "acting-time-limit"
    ACTING_TIME_REOPENS = "acting-time-reopens"
    PERFORMING_DUTIES = "performing-duties"
    # Who issued what, and what rests on it (sections 5, 9)
    ISSUER_NOT_LAWFUL = "issuer-not-lawful"
    ISSUER_NOT_REPORTED = "issuer-not-reported"
    DEFECT_CARRIED = "defect-carried"
    # Acts and their fate (section 9)
    ACT_VALID = "act-valid"
    ACT_VOID = "act-void"
    ACT_WITHOUT_AUTHORITY = "act-without-authority"
    ACT_UNDETERMINED = "act-undetermined"
    ACT_RATIFIED = "act-ratified"
    RATIFICATION_FAILS = "ratification-fails"
    # Offices with different coverage (section 10)
    COVERAGE = "coverage"
    # Appointments (sections 6, 11)
    APPOINTMENT_WITHOUT_CONSENT = "appointment-without-consent"
    RECESS_APPOINTMENT = "recess-appointment"
    RECESS_COMMISSION_ENDS = "recess-commission-ends"


def finding(
    level: Level,
    rule: FindingId,
    citation: str,
    message: str,
    date: dt.date,
    *,
    post: str | None = None,
    person: str | None = None,
    until: dt.date | None = None,
) -> Finding:
    """A finding with one of the enumerated ids (the only way the rules make one)."""
    return Finding(level, str(rule), citation, message, date, post, person, until)
