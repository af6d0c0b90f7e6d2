"""A JSON Schema for scenario files, derived from the attrs classes that define the format.

Run `python -m orgsim.scenario.schema` to print it; docs/scenario.schema.json is its output
and a test keeps the two the same. Editors that understand the `# yaml-language-server:
$schema=...` comment at the top of a scenario use it to complete and check the file.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import types
import typing
from enum import Enum
from typing import Any

import attrs

from orgsim.events import EVENT_KINDS, Event
from orgsim.scenario.spec import ScenarioSpec

__all__ = ["INCLUDABLE", "json_schema", "main", "organisation_schema"]

SCHEMA_URL = "http://json-schema.org/draft-07/schema#"
INCLUDABLE = ("sources", "organizations", "posts", "people", "orders")
# Where a file's key differs from the attribute's name (Python keywords).
_RENAMED = {"from_": "from"}


class _Builder:
    def __init__(self) -> None:
        self.definitions: dict[str, Any] = {}

    def of(self, tp: Any) -> dict[str, Any]:
        origin = typing.get_origin(tp)
        args = typing.get_args(tp)
        if tp is str:
            return {"type": "string"}
        if tp is bool:
            return {"type": "boolean"}
        if tp is int:
            return {"type": "integer"}
        if tp is dt.date:
            return {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
        if isinstance(tp, type) and issubclass(tp, Enum):
            return {"enum": [m.value for m in tp]}
        if origin in (typing.Union, types.UnionType):
            options = [a for a in args if a is not type(None)]
            schema = (
                self.of(options[0])
                if len(options) == 1
                else {"anyOf": [self.of(a) for a in options]}
            )
            if len(options) < len(args):
                return {"anyOf": [schema, {"type": "null"}]}
            return schema
        if origin in (tuple, list):
            item = args[0] if args else Any
            return {"type": "array", "items": self.of(item)}
        if origin is frozenset:
            return {"type": "array", "items": self.of(args[0]), "uniqueItems": True}
        if origin is dict:
            return {"type": "object", "additionalProperties": self.of(args[1])}
        if tp is Event:
            return {"$ref": "#/definitions/event"}
        if attrs.has(tp):
            return self.ref(tp)
        return {}

    def ref(self, cls: type) -> dict[str, Any]:
        name = cls.__name__
        if name not in self.definitions:
            self.definitions[name] = {}  # placeholder against recursion
            self.definitions[name] = self.object(cls)
        return {"$ref": f"#/definitions/{name}"}

    def object(self, cls: type, *, extra: dict[str, Any] | None = None) -> dict[str, Any]:
        hints = typing.get_type_hints(cls)
        properties: dict[str, Any] = dict(extra or {})
        required: list[str] = []
        for field in attrs.fields(cls):
            key = _RENAMED.get(field.name, field.name)
            properties[key] = self.of(hints[field.name])
            if field.default is attrs.NOTHING:
                required.append(key)
        out: dict[str, Any] = {
            "type": "object",
            "properties": properties,
            "additionalProperties": False,
        }
        if cls.__doc__:
            out["description"] = cls.__doc__.strip().splitlines()[0]
        if extra:
            required = [*extra, *required]
        if required:
            out["required"] = required
        return out

    def events(self) -> dict[str, Any]:
        choices = []
        for kind, cls in sorted(EVENT_KINDS.items()):
            body = self.object(cls, extra={"kind": {"const": kind}})
            choices.append(body)
        return {
            "type": "object",
            "required": ["date", "kind"],
            "properties": {"kind": {"enum": sorted(EVENT_KINDS)}},
            "oneOf": choices,
        }


def json_schema() -> dict[str, Any]:
    """The schema of a whole scenario file."""
    builder = _Builder()
    body = builder.object(ScenarioSpec)
    builder.definitions["event"] = builder.events()
    return {
        "$schema": SCHEMA_URL,
        "$id": "https://github.com/orgsim/orgsim/docs/scenario.schema.json",
        "title": "orgsim scenario",
        **body,
        "definitions": dict(sorted(builder.definitions.items())),
    }


def organisation_schema() -> dict[str, Any]:
    """The schema of a file a scenario `include:`s: organisations, posts, people, sources."""
    whole = json_schema()
    return {
        "$schema": SCHEMA_URL,
        "$id": "https://github.com/orgsim/orgsim/docs/organisation.schema.json",
        "title": "orgsim organisation file (included by scenarios)",
        "type": "object",
        "properties": {k: whole["properties"][k] for k in INCLUDABLE},
        "additionalProperties": False,
        "definitions": whole["definitions"],
    }


def main(argv: list[str] | None = None) -> None:
    """Print the scenario schema, or with `organisation` the included-file schema, as JSON."""
    args = sys.argv[1:] if argv is None else argv
    if args[:1] in (["-h"], ["--help"]):
        sys.stdout.write(
            "usage: python -m orgsim.scenario.schema [organisation]\n"
            "Print the JSON Schema of a scenario file, or with `organisation` of a file a\n"
            "scenario includes.\n"
        )
        return
    schema = organisation_schema() if args[:1] == ["organisation"] else json_schema()
    sys.stdout.write(json.dumps(schema, indent=2, sort_keys=False, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
