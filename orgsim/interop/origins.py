"""Where each part of an imported scenario came from in the input file.

An importer builds a scenario as plain data; before it is written, the scenario is loaded and
replayed like any other, and a problem found then must point at the input (the file the user
has), never at the output (not yet written, and not theirs). So each object an importer makes
is tagged with the input value it was made from (`tag`); `untag` takes the tags out and gives a
`Traced` table of marks, which locates a path of the scenario at the input value it came from:
a field at the same key of the input object when the input has one (`reports_to`, or
`extras.reports_to`, or `person_id` for `person`), else the input object itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from attrs import field, frozen

from orgsim.errors import Mark
from orgsim.scenario.located import Marks, Path

__all__ = ["ORIGIN", "Made", "Origin", "Traced", "made", "tag", "untag"]


class _OriginKey:
    """The dict key of a tag: not a string, so no file can hold it."""

    def __repr__(self) -> str:
        return "ORIGIN"


ORIGIN: Any = _OriginKey()


@frozen
class Origin:
    """The input value an output object was made from: a path in the input document
    (resolved only when a problem needs it) or a mark; `fields` names the input path (or
    mark) of output keys the defaults would not find."""

    where: Path | Mark
    fields: Mapping[str, Path | Mark] = field(factory=dict)


def tag(data: dict[Any, Any], where: Path | Mark | None, **fields: Path | Mark) -> dict[Any, Any]:
    """`data`, tagged as made from the input value at `where` (nothing when None)."""
    if where is not None:
        data[ORIGIN] = Origin(where, fields)
    return data


def untag(data: Any) -> tuple[Any, dict[Path, Origin]]:
    """The data without its tags, and each tag by the path of the object that carried it."""
    origins: dict[Path, Origin] = {}

    def walk(value: Any, path: Path) -> Any:
        if isinstance(value, dict):
            origin = value.get(ORIGIN)
            if isinstance(origin, Origin):
                origins[path] = origin
            return {k: walk(v, (*path, k)) for k, v in value.items() if k is not ORIGIN}
        if isinstance(value, list):
            return [walk(v, (*path, i)) for i, v in enumerate(value)]
        return value

    return walk(data, ()), origins


class Traced(Marks):
    """The marks of a scenario made from an input file: every path is located in the input."""

    def __init__(self, source: Marks, origins: Mapping[Path, Origin]) -> None:
        super().__init__(source.file)
        self.source = source
        self.origins = dict(origins)

    def at(self, path: Path, *, key: bool = False) -> Mark | None:
        """The input mark of the value the scenario's `path` was made from (at worst, the input
        file's start)."""
        for cut in range(len(path), -1, -1):
            origin = self.origins.get(path[:cut])
            if origin is None:
                continue
            if cut < len(path):
                found = self._field(origin, path[cut], path[cut + 1 :])
                if found is not None:
                    return found
            if isinstance(origin.where, Mark):
                return origin.where
            return self.source.at(origin.where) or self._start()
        return self._start()

    def _field(self, origin: Origin, name: Any, rest: Path) -> Mark | None:
        """The mark of an output field in the input object, if the input has it."""
        base = origin.where
        given = origin.fields.get(name) if isinstance(name, str) else None
        if isinstance(given, Mark):
            return given
        if given is not None:
            candidates = [given]
        elif isinstance(name, str) and not isinstance(base, Mark):
            candidates = [
                (*base, name),
                (*base, "extras", name),
                (*base, f"{name}_id"),
                (*base, "extras", f"{name}_id"),
            ]
        else:
            return None
        values = self.source.everything().values
        for candidate in candidates:
            for path in ((*candidate, *rest), candidate):
                if path in values:
                    return values[path]
        return None

    def _start(self) -> Mark:
        return Mark(self.file, 1, 1)


@frozen
class Made:
    """A scenario an importer made: its plain data (what the scenario file will hold), notes
    for the user, and marks that locate each part of it in the input file."""

    data: dict[str, Any]
    notes: list[str]
    marks: Marks


def made(data: dict[str, Any], notes: list[str], source: Marks) -> Made:
    """The tagged data an importer built, as plain data with its marks in the input."""
    clean, origins = untag(data)
    return Made(clean, notes, Traced(source, origins))
