"""Recess appointments (U.S. Const. art. II, § 2, cl. 3; shared/domain/succession-rules.md, 11)."""

from __future__ import annotations

import datetime as dt

from orgsim.model import Lawfulness, State

__all__ = ["RECESS_CLAUSE", "commission_end", "recess_judgement"]

RECESS_CLAUSE = "U.S. Const. art. II, § 2, cl. 3"
MIN_RECESS_DAYS = 10


def commission_end(state: State, day: dt.date) -> dt.date | None:
    """The last day of a recess commission given on `day`: the end of the Senate's next
    session, when the scenario's calendar lists the sessions."""
    following = sorted(s for s in state.calendar.sessions if s[0] > day)
    return following[0][1] if following else None


def recess_judgement(state: State, day: dt.date) -> tuple[Lawfulness, str, dt.date | None]:
    """Whether a recess appointment on `day` falls in a recess long enough (Noel Canning: fewer
    than 10 days is presumptively too short), and the commission's last day when the Senate's
    sessions are known (the end of its next session)."""
    recesses = [(a, b) for a, b in state.calendar.recesses if a <= day <= b]
    recesses += [(a, b - dt.timedelta(days=1)) for a, b in state.calendar.sine_die if a <= day < b]
    if not recesses:
        if not state.calendar.recesses and not state.calendar.sine_die:
            return Lawfulness.UNDETERMINED, "the scenario's calendar records no recess", None
        return Lawfulness.UNLAWFUL, "the Senate was not in recess that day", None
    first, last = min(a for a, _ in recesses), max(b for _, b in recesses)
    length = (last - first).days + 1
    if length < MIN_RECESS_DAYS:
        return (
            Lawfulness.UNLAWFUL,
            f"the recess lasted {length} days; fewer than 10 is presumptively too short"
            " (NLRB v. Noel Canning, 573 U.S. 513 (2014))",
            None,
        )
    return Lawfulness.LAWFUL, f"during a recess of {length} days", commission_end(state, day)
