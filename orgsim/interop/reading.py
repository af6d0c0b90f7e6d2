"""Reading other people's files: located problems, names in several languages, loose dates.

Shared by the Popolo and Wikidata importers. Every problem is kept with the place in the
input it concerns: errors stop the import (exit 2), warnings are printed and the value is
treated as unknown.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from attrs import frozen

from orgsim.errors import Mark, ScenarioError, ScenarioErrors
from orgsim.model import out_of_range
from orgsim.scenario.located import Marks, Path, load_fast

__all__ = [
    "ORIGIN",
    "Day",
    "Imported",
    "Reader",
    "canonical",
    "load_document",
    "pick_name",
    "slug",
    "take_origins",
]

_DAY = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
# Wikidata writes times as "+2016-07-13T00:00:00Z" (precision is given beside it).
_TIME = re.compile(r"^[+]?(\d{4})-(\d{2})-(\d{2})T00:00:00Z$")
_SLUG = re.compile(r"[^a-z0-9]+")


# Importers tag each item they build with the place in the input it comes from, under this key;
# `take_origins` collects the tags (and removes them) before the data is written.
ORIGIN = "__origin__"


@frozen
class Imported:
    """What an importer made: the scenario's plain data, notes for the user (located
    warnings, what was left out), and where each item of the data comes from in the input
    (scenario path -> mark), so that a problem found later is reported in the input."""

    data: dict[str, Any]
    notes: list[str]
    origins: dict[Path, Mark]


def take_origins(data: Any, path: Path = ()) -> dict[Path, Mark]:
    """Remove the ORIGIN tags from the data, returning them by path."""
    found: dict[Path, Mark] = {}
    if isinstance(data, dict):
        mark = data.pop(ORIGIN, None)
        if isinstance(mark, Mark):
            found[path] = mark
        for key, value in data.items():
            found.update(take_origins(value, (*path, key)))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            found.update(take_origins(value, (*path, i)))
    return found


def slug(text: str) -> str:
    """A lower-case id made of letters, digits and hyphens ("x" for text with none); accents
    are dropped ("Renée" -> "renee")."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return _SLUG.sub("-", plain.lower()).strip("-") or "x"


@frozen
class Day:
    """A date as a file gives it: the first and last day it may mean, and its own words when
    it names a year or a month rather than a day."""

    first: dt.date
    last: dt.date
    text: str | None = None  # "2015" or "2015-06": the source gives no day

    @property
    def exact(self) -> bool:
        """The source names the day itself."""
        return self.first == self.last


def load_document(data: bytes, name: str) -> tuple[Any, Marks]:
    """Parse a JSON (or YAML) file with the marks of every value; a bad file is a located
    error."""
    try:
        return load_fast(data, name if name.endswith(".json") else name + ".json")
    except ScenarioError as err:
        if err.mark is not None and err.mark.file != name:
            err = ScenarioError(err.message, Mark(name, err.mark.line, err.mark.column))
        raise ScenarioErrors([err]) from None


def pick_name(value: Any, lang: str | None) -> str | None:
    """A name given as text or as `{"lang:en": ..., "lang:cy": ...}`: the asked language,
    else English, else the first language in alphabetical order."""
    if isinstance(value, str):
        return value.strip() or None
    if not isinstance(value, Mapping):
        return None
    texts = {
        str(k).removeprefix("lang:"): v.strip()
        for k, v in value.items()
        if isinstance(v, str) and v.strip()
    }
    for choice in (lang, "en"):
        if choice and choice in texts:
            return texts[choice]
    return texts[min(texts)] if texts else None


class Reader:
    """Walks a parsed document, collecting located errors and warnings."""

    def __init__(self, marks: Marks, name: str) -> None:
        self.marks = marks
        self.name = name
        self.errors: list[ScenarioError] = []
        self.warnings: list[ScenarioError] = []

    def mark(self, path: Path) -> Mark:
        """Where the value at `path` is (the file's start when nothing nearer is known)."""
        return self.marks.at(path) or Mark(self.name, 1, 1)

    def fail(self, message: str, path: Path) -> None:
        """An error: the import stops after the pass, with every error listed."""
        self.errors.append(ScenarioError(message, self.mark(path)))

    def warn(self, message: str, path: Path) -> None:
        """A warning: printed, and the value is treated as unknown."""
        self.warnings.append(ScenarioError(f"warning: {message}", self.mark(path)))

    def stop_if_failed(self) -> None:
        """Raise every error found so far."""
        if self.errors:
            raise ScenarioErrors(self.errors)

    def notes(self) -> list[str]:
        """The warnings as lines, in file order."""
        return [str(w) for w in ScenarioErrors(self.warnings).errors]

    def items(self, doc: Mapping[str, Any], key: str) -> list[tuple[Path, dict[str, Any]]]:
        """The objects of the list `doc[key]`, each with its path; other entries are errors."""
        value = doc.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(f"`{key}` must be a list", (key,))
            return []
        out: list[tuple[Path, dict[str, Any]]] = []
        for i, item in enumerate(value):
            if isinstance(item, dict):
                out.append(((key, i), item))
            else:
                self.fail(f"each of `{key}` must be an object, got {_kind(item)}", (key, i))
        return out

    def ident(self, item: Mapping[str, Any], key: str, path: Path) -> str | None:
        """An id (text, or a number written as text); anything else is an error."""
        value = item.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            self.fail(f"`{key}` must be text, got {_kind(value)}", (*path, key))
            return None
        text = str(value).strip()
        if not text:
            self.fail(f"`{key}` is empty", (*path, key))
            return None
        return text

    def text(self, item: Mapping[str, Any], key: str, path: Path) -> str | None:
        """Optional free text; a value of another type is a warning and is ignored."""
        value = item.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if not isinstance(value, str):
            self.warn(f"`{key}` should be text, got {_kind(value)}; ignored", (*path, key))
            return None
        return value.strip()

    def day(self, value: Any, path: Path) -> Day | None:
        """A date written YYYY, YYYY-MM or YYYY-MM-DD (or as a Wikidata time); anything else
        is a warning and counts as unknown."""
        if value is None or value == "":
            return None
        text = value if isinstance(value, str) else None
        found = _DAY.match(text) if text else None
        if text and not found:
            found = _TIME.match(text)
        if text is None or found is None:
            self.warn(f"not a date (YYYY-MM-DD, YYYY-MM or YYYY): {_short(value)}", path)
            return None
        year, month, day = (int(g) if g else None for g in found.groups())
        assert year is not None
        try:
            if month is None:
                first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
            elif day is None:
                end = calendar.monthrange(year, month)[1] if 1 <= month <= 12 else 0
                first, last = dt.date(year, month, 1), dt.date(year, month, end)
            else:
                first = last = dt.date(year, month, day)
        except ValueError:
            self.warn(f"not a real date: {_short(value)}", path)
            return None
        why = out_of_range(first) or out_of_range(last)
        if why is not None:
            self.warn(why, path)
            return None
        return Day(first, last, None if first == last else text)


def canonical(value: Any) -> str:
    """The value as canonical JSON, to tell identical duplicates from different ones."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, str):
        return f"text {_short(value)}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
