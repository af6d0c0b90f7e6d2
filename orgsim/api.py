"""The library's front door: load, replay, query and serialise, as the CLI and notebooks use them.

>>> from orgsim.api import load, replay_scenario
>>> scenario = load("scenarios/cbp-2022.yaml")
>>> history = replay_scenario(scenario)
>>> history.who("cbp-commissioner", datetime.date(2022, 11, 13)).holder
'troy-miller'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from pathlib import Path

from attrs import frozen

from orgsim.errors import Mark, ScenarioError, ScenarioErrors
from orgsim.files import write_file
from orgsim.interop import Made, decode_csv, dump_scenario, read_csv, read_popolo
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
from orgsim.scenario import Scenario, load_scenario, read_located, scenario_of
from orgsim.scenario.located import load_located

__all__ = [
    "Imported",
    "branch_checks",
    "check_expectations",
    "event_errors",
    "finding_json",
    "holding_json",
    "horizon",
    "import_csv",
    "import_popolo",
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


@frozen
class Imported:
    """A scenario made from another format: the YAML text to save, the scenario it loads as
    (already replayed once, so it is known to load), and notes for the user."""

    text: str
    scenario: Scenario
    notes: list[str]

    def write(self, path: str | Path) -> Path:
        """Save the scenario file atomically (an OutputError names `path` on failure)."""
        return write_file(path, self.text)


def import_popolo(
    path: str | Path,
    *,
    date: dt.date | None = None,
    title: str | None = None,
    lang: str | None = None,
    warn: Callable[[str], None] | None = None,
) -> Imported:
    """A scenario made from a Popolo JSON file; every problem is located in that file.

    `date`: the day the file describes (memberships without dates are placed on it);
    `lang`: the language of names when the file gives several; `warn` is given each note
    (what was left out, located warnings) before the scenario is checked.
    """
    name = str(path)
    done = read_popolo(read_located(name), name, date=date, title=title, lang=lang)
    return _checked(done, warn)


def import_csv(
    path: str | Path,
    *,
    date: dt.date | None = None,
    title: str | None = None,
    columns: Mapping[str, str] | None = None,
    today: dt.date | None = None,
    warn: Callable[[str], None] | None = None,
) -> Imported:
    """A scenario made from an org-chart CSV file; every problem is located in that file.

    `columns` maps header names to fields (`orgsim.interop.FIELDS`); the scenario's date is
    `date`, else the latest `since` in the file, else `today` (default: today's date);
    `warn` as for `import_popolo`.
    """
    name = str(path)
    text, encoding = decode_csv(read_located(name))
    done = read_csv(
        text, name, date=date, title=title, columns=columns, default_date=today or dt.date.today()
    )
    if encoding not in ("UTF-8", "UTF-8 with BOM"):
        done.notes.insert(0, f"{name}: read as {encoding} (not UTF-8)")
    return _checked(done, warn)


def _checked(done: Made, warn: Callable[[str], None] | None) -> Imported:
    """The made scenario as YAML, loaded back and replayed; a problem either finds is
    located in the input file (never in the file not yet written)."""
    if warn is not None:
        for note in done.notes:
            warn(note)
    name = done.marks.file
    text = dump_scenario(done.data, source=Path(name).name)
    try:
        raw, _ = load_located(text.encode("utf-8"), name)
    except ScenarioError as err:
        why = f"the scenario made from this file cannot be read back: {err.message}"
        raise ScenarioErrors([ScenarioError(why, Mark(name, 1, 1))]) from None
    scenario = scenario_of(raw, done.marks, name)
    replay_scenario(scenario)
    return Imported(text, scenario, done.notes)
