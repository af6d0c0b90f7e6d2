"""Decisions: who may act, for how long, who may remove whom. Rules return, never mutate."""

from orgsim.rules.clock import Limit, Period, acting_limit, lawful_periods, merge
from orgsim.rules.fill import (
    acting_status,
    due_date,
    fill_vacancy,
    index_due,
    lost_basis,
    next_due,
    nobody_may_act,
    reserved_duties,
    resume_acting,
    resume_on_nomination,
    seat_eligible,
)
from orgsim.rules.removal import Authority, removal_authority
from orgsim.rules.settings import DayCount, InaugurationReading, Settings
from orgsim.rules.vacancies import (
    Candidate,
    Judgement,
    designation_eligibility,
    governing_order,
    issuer_lawful,
    listee_defect,
    nomination_bar,
    order_defect,
    succession_line,
    successor,
)

__all__ = [
    "Authority",
    "Candidate",
    "DayCount",
    "InaugurationReading",
    "Judgement",
    "Limit",
    "Period",
    "Settings",
    "acting_limit",
    "acting_status",
    "designation_eligibility",
    "due_date",
    "fill_vacancy",
    "governing_order",
    "index_due",
    "issuer_lawful",
    "lawful_periods",
    "listee_defect",
    "lost_basis",
    "merge",
    "next_due",
    "nobody_may_act",
    "nomination_bar",
    "order_defect",
    "removal_authority",
    "reserved_duties",
    "resume_acting",
    "resume_on_nomination",
    "seat_eligible",
    "succession_line",
    "successor",
]
