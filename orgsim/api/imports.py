"""Scenarios made from other formats (Popolo JSON, Wikidata, org-chart CSV), and Popolo out.

An import is checked before anything is written: the scenario it makes is loaded back and
replayed, and every problem is located in the input file, never in the output.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping
from pathlib import Path

from attrs import frozen

from orgsim.api.answers import loaded_scenario
from orgsim.errors import Mark, ScenarioError, ScenarioErrors
from orgsim.explore import export_popolo
from orgsim.files import write_file
from orgsim.interop import (
    Imported,
    csv_to_scenario,
    decode_csv,
    dump_scenario,
    from_popolo,
    from_wikidata,
)
from orgsim.model.lookup import as_date
from orgsim.replays import replay_scenario
from orgsim.scenario import Scenario, parse_scenario, read_located
from orgsim.scenario.located import load_located

__all__ = [
    "ImportedScenario",
    "Warn",
    "checked_import",
    "export",
    "import_csv",
    "import_popolo",
    "import_wikidata",
    "popolo_text",
]


def popolo_text(
    scenario: str | Path | Scenario, at: dt.date | str, *, with_past: bool = False
) -> str:
    """Who held which post on `at` as Popolo JSON text (sorted keys, stable order); with
    `with_past`, memberships that ended by then too."""
    loaded = loaded_scenario(scenario)
    history = replay_scenario(loaded)
    document = export_popolo(loaded, history, as_date(at), with_past=with_past)
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def export(
    scenario: str | Path | Scenario, at: dt.date | str, path: str | Path, *, with_past: bool = False
) -> Path:
    """Write `popolo_text` to `path`, atomically."""
    return write_file(path, popolo_text(scenario, at, with_past=with_past))


@frozen
class ImportedScenario:
    """A scenario made from another format: the YAML text to save, the scenario it loads as
    (already replayed once, so it is known to load), and notes for the user."""

    text: str
    scenario: Scenario
    notes: list[str]

    def write(self, path: str | Path) -> Path:
        """Save the scenario file atomically (an OutputError names `path` on failure)."""
        return write_file(path, self.text)


Warn = Callable[[str], None]
"""Given each note of an import (what was left out, located warnings) as it is known."""


def import_popolo(
    path: str | Path,
    *,
    date: dt.date | None = None,
    title: str | None = None,
    lang: str | None = None,
    warn: Warn | None = None,
) -> ImportedScenario:
    """A scenario made from a Popolo JSON file; every problem is located in that file.

    `date`: the day the file describes (memberships without dates are placed on it);
    `lang`: the language of names when the file gives several; `warn` is given each note
    before the scenario is checked.
    """
    name = str(path)
    made = from_popolo(read_located(name), name, date=date, title=title, lang=lang)
    return _checked(made, name, warn)


def import_wikidata(
    path: str | Path,
    *,
    date: dt.date | None = None,
    title: str | None = None,
    lang: str | None = None,
    warn: Warn | None = None,
) -> ImportedScenario:
    """A scenario made from Wikidata "position held" (P39) statements (a SPARQL JSON result
    or an entity JSON file); every problem is located in that file. Options as for
    `import_popolo`."""
    name = str(path)
    made = from_wikidata(read_located(name), name, date=date, title=title, lang=lang)
    return _checked(made, name, warn)


def import_csv(
    path: str | Path,
    *,
    date: dt.date | None = None,
    title: str | None = None,
    columns: Mapping[str, str] | None = None,
    today: dt.date | None = None,
    warn: Warn | None = None,
) -> ImportedScenario:
    """A scenario made from an org-chart CSV file; every problem is located in that file.

    `columns` maps header names to fields (`orgsim.interop.FIELDS`); the scenario's date is
    `date`, else the latest `since` in the file, else `today` (default: today's date);
    `warn` as for `import_popolo`.
    """
    name = str(path)
    text, encoding = decode_csv(read_located(name), name)
    made = csv_to_scenario(
        text, name, date=date, title=title, columns=columns, default_date=today or dt.date.today()
    )
    if encoding not in ("UTF-8", "UTF-8 with BOM"):
        made.notes.insert(0, f"{name}: read as {encoding} (not UTF-8)")
    return _checked(made, name, warn)


def _checked(made: Imported, source: str, warn: Warn | None) -> ImportedScenario:
    if warn is not None:
        for note in made.notes:
            warn(note)
    text, scenario = checked_import(made, source=source)
    return ImportedScenario(text, scenario, made.notes)


def checked_import(imported: Imported, *, source: str) -> tuple[str, Scenario]:
    """An importer's result as YAML text, and the scenario it loads as, checked by loading
    and replaying it.

    The output file does not exist yet, so a problem found here is reported where the item
    it concerns came from in the input `source` (from the importer's origins).
    """
    text = dump_scenario(imported.data, source=Path(source).name)
    try:
        scenario = parse_scenario(text.encode("utf-8"), "(imported scenario)")
        replay_scenario(scenario)
    except ScenarioErrors as err:
        raise ScenarioErrors([_in_input(e, text, imported, source) for e in err.errors]) from None
    return text, scenario


def _in_input(error: ScenarioError, text: str, imported: Imported, source: str) -> ScenarioError:
    """A problem in the scenario an import made, moved to the input item it came from."""
    if error.mark is not None:
        _, marks = load_located(text.encode("utf-8"), "(imported scenario)")
        spot = (error.mark.line, error.mark.column)
        table = {(m.line, m.column): p for p, m in (*marks.keys.items(), *marks.values.items())}
        path = table.get(spot)
        while path is not None:
            if path in imported.origins:
                return ScenarioError(error.message, imported.origins[path])
            path = path[:-1] if path else None
    return ScenarioError(
        f"the data does not make a valid scenario: {error.message}", Mark(source, 1, 1)
    )
