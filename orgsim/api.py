"""The library's front door: load, replay, query and serialise, as the CLI and notebooks use them.

>>> from orgsim.api import load, replay_scenario
>>> scenario = load("scenarios/cbp-2022.yaml")
>>> history = replay_scenario(scenario)
>>> history.who("cbp-commissioner", datetime.date(2022, 11, 13)).holder
'troy-miller'
"""

from __future__ import annotations

from pathlib import Path

from orgsim.replays import (
    branch_checks,
    check_expectations,
    event_errors,
    finding_json,
    holding_json,
    horizon,
    replay_branch,
    replay_scenario,
    require_post,
    succession_json,
    transition_json,
)
from orgsim.scenario import Scenario, load_scenario

__all__ = [
    "branch_checks",
    "check_expectations",
    "event_errors",
    "finding_json",
    "holding_json",
    "horizon",
    "load",
    "replay_branch",
    "replay_scenario",
    "require_post",
    "succession_json",
    "transition_json",
]


def load(path: str | Path) -> Scenario:
    """Read and check a scenario file (raises ScenarioErrors with every problem located)."""
    return load_scenario(path)
