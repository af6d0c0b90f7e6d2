"""Plain data to attrs objects with cattrs, strictly, with every problem located by its path."""

from __future__ import annotations

import datetime as dt
import difflib
import sys
from enum import Enum
from typing import Any

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, override

from orgsim.events import EVENT_KINDS, Event
from orgsim.model import (
    ActType,
    Appointment,
    Capacity,
    Coverage,
    NominationOutcome,
    OrderAuthority,
    Route,
    VacancyKind,
    out_of_range,
)
from orgsim.rules import DayCount, InaugurationReading, PendingReading
from orgsim.scenario.located import Path
from orgsim.scenario.spec import BranchSpec

__all__ = ["Problem", "converter", "problems_of", "suggest"]


class Problem(ValueError):
    """A problem at a place inside the value being structured (`subpath` below it)."""

    def __init__(self, message: str, subpath: Path = (), *, key: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.subpath = subpath
        self.key = key


def suggest(word: str, choices: Any) -> str:
    """A "did you mean" hint for a misspelt name, or nothing."""
    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return f"; did you mean `{close[0]}`?" if close else ""


def _describe(value: Any) -> str:
    text = repr(value)
    return (text[:40] + "...") if len(text) > 43 else text


# Strings this short are ids and kinds, repeated by every event that names them.
_INTERN_UP_TO = 64


def _str(value: Any, _: Any) -> str:
    if isinstance(value, str):
        # One object per id: a million events naming the same post share one string, and a
        # look-up whose key is the very object stored finds it without comparing text.
        return sys.intern(value) if len(value) <= _INTERN_UP_TO else value
    raise Problem(f"expected text, got {_describe(value)}")


def _int(value: Any, _: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise Problem(f"expected a whole number, got {_describe(value)}")


def _bool(value: Any, _: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise Problem(f"expected true or false, got {_describe(value)}")


def _date(value: Any, _: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        raise Problem(f"expected a date (YYYY-MM-DD), got a date and time {value.isoformat()}")
    day: dt.date | None = None
    if isinstance(value, dt.date):
        day = value
    elif isinstance(value, str):
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            pass
    if day is None:
        raise Problem(f"expected a date (YYYY-MM-DD), got {_describe(value)}")
    why = out_of_range(day)
    if why is not None:
        raise Problem(why)
    return day


def _enum(value: Any, cls: type[Enum]) -> Enum:
    allowed = [str(m.value) for m in cls]
    if isinstance(value, str) and value in allowed:
        return cls(value)
    raise Problem(
        f"expected one of {', '.join(allowed)}; got {_describe(value)}{suggest(value, allowed)}"
    )


def _event(value: Any, _: Any) -> Event:
    if not isinstance(value, dict):
        raise Problem(f"an event must be a mapping with `date` and `kind`, got {_describe(value)}")
    kind = value.get("kind")
    if kind is None:
        raise Problem("event has no `kind`")
    if not isinstance(kind, str) or kind not in EVENT_KINDS:
        raise Problem(f"unknown event kind `{kind}`{suggest(kind, EVENT_KINDS)}", ("kind",))
    rest = {k: v for k, v in value.items() if k != "kind"}
    return converter.structure(rest, EVENT_KINDS[kind])


_KINDS: dict[type, str] = {
    str: "text",
    bool: "true/false",
    int: "a number",
    float: "a number",
    list: "a list",
    type(None): "nothing",
    dt.date: "a date",
}


def _record_hook(conv: cattrs.Converter) -> Any:
    """Records (`{id: ..., name: ...}`) as cattrs makes them, once the value is known to be a
    mapping: anything else would reach cattrs' own code and come out in Python's words
    ("'str' object has no attribute 'keys'")."""

    def factory(cls: type) -> Any:
        base: Any = make_dict_structure_fn(
            cls, conv, _cattrs_forbid_extra_keys=True, _cattrs_detailed_validation=True
        )

        def hook(value: Any, _: Any) -> Any:
            if not isinstance(value, dict):
                got = _KINDS.get(type(value), type(value).__name__)
                raise Problem(f"expected a mapping of fields (key: value), got {got}")
            return base(value, cls)

        return hook

    return factory


def _branch_hook(conv: cattrs.Converter) -> Any:
    """Structure a branch, whose start date the file writes as `from` (a Python keyword)."""
    base = make_dict_structure_fn(
        BranchSpec,
        conv,
        _cattrs_forbid_extra_keys=True,
        _cattrs_detailed_validation=True,
        from_=override(rename="from"),
    )

    def rename(path: Path) -> Path:
        return ("from", *path[1:]) if path[:1] == ("from_",) else path

    def hook(value: Any, _: Any) -> BranchSpec:
        if isinstance(value, dict) and "from_" in value:
            raise Problem("unknown key `from_`; did you mean `from`?", ("from_",), key=True)
        try:
            return base(value, BranchSpec)
        except Exception as exc:  # noqa: BLE001 -- re-raised as located problems below
            found = [Problem(p.message, rename(p.subpath), key=p.key) for p in problems_of(exc)]
            raise ClassValidationError("invalid branch", found, BranchSpec) from None

    return hook


def _make() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    # Class hooks: cattrs looks primitives up before predicate hooks. StrEnum is a str, so
    # each enum gets its own (more specific) hook below.
    conv.register_structure_hook(str, _str)
    conv.register_structure_hook(int, _int)
    conv.register_structure_hook(bool, _bool)
    conv.register_structure_hook(dt.date, _date)
    for enum in (
        ActType,
        Appointment,
        Capacity,
        Coverage,
        NominationOutcome,
        OrderAuthority,
        Route,
        VacancyKind,
        DayCount,
        InaugurationReading,
        PendingReading,
    ):
        conv.register_structure_hook(enum, _enum)
    conv.register_structure_hook_factory(attrs.has, _record_hook(conv))
    # By predicate, not by class: a class hook would also catch every Event subclass.
    conv.register_structure_hook_func(lambda t: t is Event, _event)
    conv.register_structure_hook(BranchSpec, _branch_hook(conv))
    return conv


converter = _make()


def problems_of(exc: BaseException, path: Path = ()) -> list[Problem]:
    """Flatten a cattrs error tree into problems with absolute paths."""
    if isinstance(exc, (ClassValidationError, IterableValidationError)):
        found: list[Problem] = []
        for inner in exc.exceptions:
            sub = path
            for note in getattr(inner, "__notes__", []):
                if isinstance(note, AttributeValidationNote):
                    sub = (*path, note.name)
                elif isinstance(note, IterableValidationNote):
                    sub = (*path, note.index)
            found.extend(problems_of(inner, sub))
        return found
    if isinstance(exc, ForbiddenExtraKeysError):
        return [
            Problem(
                f"unknown key `{key}`{suggest(key, _fields_of(exc.cl))}", (*path, key), key=True
            )
            for key in sorted(exc.extra_fields)
        ]
    if isinstance(exc, Problem):
        return [Problem(exc.message, (*path, *exc.subpath), key=exc.key)]
    if isinstance(exc, KeyError):
        name = exc.args[0] if exc.args else "?"
        return [Problem(f"missing required key `{name}`", path)]
    if isinstance(exc, TypeError) and "required" in str(exc):
        return [Problem(f"missing required key: {exc}", path)]
    return [Problem(f"invalid value: {exc}", path)]


def _fields_of(cls: Any) -> list[str]:
    try:
        import attrs

        return [f.name for f in attrs.fields(cls)]
    except Exception:  # noqa: BLE001 -- only a hint; any class without attrs fields gives none
        return []
