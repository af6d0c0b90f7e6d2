"""Scenario files: YAML to checked objects, with the line and column of every problem."""

from orgsim.scenario.load import (
    Scenario,
    load_scenario,
    parse_scenario,
    read_located,
)
from orgsim.scenario.spec import ScenarioSpec, SourceInfo

__all__ = [
    "Scenario",
    "ScenarioSpec",
    "SourceInfo",
    "load_scenario",
    "parse_scenario",
    "read_located",
]
