"""The engine: applies events, asks the rules for derived ones, yields transitions."""

from orgsim.engine.apply import Outcome, apply
from orgsim.engine.history import Check, History, Holding, Succession, paused_gc
from orgsim.engine.replay import advance, replay, step

__all__ = [
    "Check",
    "History",
    "Holding",
    "Outcome",
    "Succession",
    "advance",
    "apply",
    "paused_gc",
    "replay",
    "step",
]
