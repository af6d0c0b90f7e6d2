"""The engine: applies events to the recorded state, asks the rules to judge them and for the
assumptions and time's effects, and yields transitions."""

from orgsim.engine.apply import Outcome, apply
from orgsim.engine.cursor import Cursor, DueIndex
from orgsim.engine.history import Check, History, Holding, Moment, Succession, paused_gc
from orgsim.engine.replay import Point, advance, replay, start

__all__ = [
    "Check",
    "Cursor",
    "DueIndex",
    "History",
    "Holding",
    "Moment",
    "Outcome",
    "Point",
    "Succession",
    "advance",
    "apply",
    "paused_gc",
    "replay",
    "start",
]
