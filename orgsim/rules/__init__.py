"""The law: decisions and judgements, each with its citation. Rules return events, verdicts
and findings; they never change a state."""

from orgsim.rules.acts import Seat, issuer_status, judge_act, ratify, seat_status, seat_verdict
from orgsim.rules.clock import Limit, Period, acting_limit, lawful_periods, merge
from orgsim.rules.derive import (
    assumptions,
    due_date,
    rejudge,
    standing_findings,
    time_events,
)
from orgsim.rules.eligibility import (
    Judgement,
    counted_nominations,
    designation_eligibility,
    first_assistant_of,
    nomination_bar,
)
from orgsim.rules.findings import FindingId, finding
from orgsim.rules.judge import Verdict, judge, seat_id
from orgsim.rules.orders import (
    Candidate,
    Governing,
    Pick,
    governing_order,
    order_defect,
    pick,
    succession_line,
    vacancy_line,
)
from orgsim.rules.recess import commission_end, recess_judgement
from orgsim.rules.removal import APPOINTMENTS_CLAUSE, Authority, removal_authority
from orgsim.rules.settings import DayCount, InaugurationReading, PendingReading, Settings
from orgsim.rules.standing import acting_status, reserved_duties, silent_on, standing

__all__ = [
    "APPOINTMENTS_CLAUSE",
    "Authority",
    "Candidate",
    "DayCount",
    "FindingId",
    "Governing",
    "InaugurationReading",
    "Judgement",
    "Limit",
    "PendingReading",
    "Period",
    "Pick",
    "Seat",
    "Settings",
    "Verdict",
    "acting_limit",
    "acting_status",
    "assumptions",
    "commission_end",
    "counted_nominations",
    "designation_eligibility",
    "due_date",
    "finding",
    "first_assistant_of",
    "governing_order",
    "issuer_status",
    "judge",
    "judge_act",
    "lawful_periods",
    "merge",
    "nomination_bar",
    "order_defect",
    "pick",
    "ratify",
    "recess_judgement",
    "rejudge",
    "removal_authority",
    "reserved_duties",
    "seat_id",
    "seat_status",
    "seat_verdict",
    "silent_on",
    "standing",
    "standing_findings",
    "succession_line",
    "time_events",
    "vacancy_line",
]
