"""Persistent maps that also know, for each group of their values, which keys hold it: who
serves in which posts (holdings by person), which orders govern which post (orders by post).

A look-up by group ("every post this person serves in") would otherwise scan and sort every
entry, once per event that asks, which makes replay quadratic in the size of the
organisation. Both maps are persistent, so every state of a replay keeps its own view
cheaply; a change copies one path of each.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, ClassVar, Generic, Self, TypeVar, overload

from immutables import Map

from orgsim.model.records import SuccessionOrder, Tenure

__all__ = ["Grouped", "Holdings", "Orders"]

V = TypeVar("V")


class Grouped(Mapping[str, V], Generic[V]):
    """Id -> value, with the ids of each group kept sorted; immutable (`set` and `delete`
    return new maps). Subclasses say how a value's group is found."""

    __slots__ = ("_groups", "_map")

    _map: Map[str, V]
    _groups: Map[str, tuple[str, ...]]
    # Which group a value belongs to; a staticmethod in each subclass.
    group_of: ClassVar[Any]

    def __init__(self, items: Mapping[str, V] | Iterable[tuple[str, V]] = ()) -> None:
        table = Map(items)
        groups: dict[str, list[str]] = {}
        for key, value in table.items():
            groups.setdefault(self.group_of(value), []).append(key)
        self._map = table
        self._groups = Map({g: tuple(sorted(keys)) for g, keys in groups.items()})

    @classmethod
    def _made(cls, table: Map[str, V], groups: Map[str, tuple[str, ...]]) -> Self:
        made = object.__new__(cls)
        made._map = table
        made._groups = groups
        return made

    # --- the Mapping protocol, straight to the persistent map ---------------------------------

    def __getitem__(self, key: str) -> V:
        return self._map[key]

    @overload
    def get(self, key: str, /) -> V | None: ...
    @overload
    def get(self, key: str, /, default: V) -> V: ...
    @overload
    def get(self, key: str, /, default: Any) -> Any: ...

    def get(self, key: str, /, default: Any = None) -> Any:
        """The value for `key`, or `default`."""
        return self._map.get(key, default)

    def __contains__(self, key: object) -> bool:
        return key in self._map

    def __iter__(self) -> Iterator[str]:
        return iter(self._map)

    def __len__(self) -> int:
        return len(self._map)

    def keys(self) -> Any:
        """The ids."""
        return self._map.keys()

    def values(self) -> Any:
        """The values."""
        return self._map.values()

    def items(self) -> Any:
        """(id, value) pairs."""
        return self._map.items()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Grouped):
            return self._map == other._map
        if isinstance(other, Map):
            return self._map == other
        return super().__eq__(other)

    def __hash__(self) -> int:
        return hash(self._map)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({dict(self._map.items())!r})"

    # --- changes and the group look-up ----------------------------------------------------------

    def group(self, name: str | None) -> tuple[str, ...]:
        """The ids of every value in the group, in id order."""
        if name is None:
            return ()
        return self._groups.get(name, ())

    def set(self, key: str, value: V) -> Self:
        """A map with `key` set to `value`."""
        groups = self._groups
        new = self.group_of(value)
        old = self._map.get(key)
        if old is not None:
            was = self.group_of(old)
            if was == new:
                return self._made(self._map.set(key, value), groups)
            groups = _without(groups, was, key)
        keys = groups.get(new, ())
        at = bisect.bisect_left(keys, key)
        groups = groups.set(new, (*keys[:at], key, *keys[at:]))
        return self._made(self._map.set(key, value), groups)

    def delete(self, key: str) -> Self:
        """A map without `key` (KeyError when it has none, as with a persistent map)."""
        old = self._map[key]
        return self._made(self._map.delete(key), _without(self._groups, self.group_of(old), key))


def _without(groups: Map[str, tuple[str, ...]], name: str, key: str) -> Map[str, tuple[str, ...]]:
    rest = tuple(k for k in groups.get(name, ()) if k != key)
    return groups.set(name, rest) if rest else groups.delete(name)


def _person(tenure: Tenure) -> str:
    return tenure.person


def _post(order: SuccessionOrder) -> str:
    return order.post


class Holdings(Grouped[Tenure]):
    """Post id -> the tenure of whoever serves in it, grouped by person."""

    __slots__ = ()
    group_of = staticmethod(_person)


class Orders(Grouped[SuccessionOrder]):
    """Order id -> the current version of an order of succession, grouped by the post it
    fills."""

    __slots__ = ()
    group_of = staticmethod(_post)
