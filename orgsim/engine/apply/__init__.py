"""Applying events to the recorded state, one module per family of events: guards and state
moves only; the rules judge (orgsim.rules.judge)."""

from orgsim.engine.apply import acting, acts, appointments, departures, narrative, orders, structure
from orgsim.engine.apply.common import Outcome
from orgsim.engine.apply.dispatch import apply

__all__ = [
    "Outcome",
    "acting",
    "acts",
    "apply",
    "appointments",
    "departures",
    "narrative",
    "orders",
    "structure",
]
