"""Who is on record in a state: a persistent mapping of person id to Person that only grows."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, overload

from orgsim.model.records import Person

__all__ = ["People"]


class _Log:
    """The records that the views of one line of states share, in the order they were added.

    A sealed log is never added to: the first addition copies it. Logs built from a list (a
    scenario's people) are sealed, so that a replay never grows its initial state's log and
    keeps nothing of its own alive through it."""

    __slots__ = ("index", "records", "sealed")

    def __init__(self, records: list[Person], *, sealed: bool) -> None:
        self.records = records
        self.index = {p.id: i for i, p in enumerate(records)}
        self.sealed = sealed


class People(Mapping[str, Person]):
    """Person id -> Person, as of one state; immutable like the state that holds it.

    People are only ever added (never changed or removed), so all the states of a replay
    share one log of records, each seeing the first `len(view)` of them. Adding a person
    costs a list append and a dict entry, where a persistent map copies a path of nodes
    (about 1 KB with tens of thousands of people) for every state kept. A view that is not
    the log's latest (a what-if branching off an earlier state), or whose log is sealed (a
    scenario's initial people), copies its part of the log before it adds, so no view ever
    sees people from another line of states.
    """

    __slots__ = ("_log", "_n")

    _log: _Log
    _n: int

    def __init__(self, records: Iterable[Person] | Mapping[str, Person] = ()) -> None:
        people = list(records.values() if isinstance(records, Mapping) else records)
        if len({p.id for p in people}) != len(people):
            raise ValueError("a person id appears twice")
        self._log = _Log(people, sealed=True)
        self._n = len(people)

    @classmethod
    def _view(cls, log: _Log, n: int) -> People:
        view = object.__new__(cls)
        view._log = log
        view._n = n
        return view

    @overload
    def get(self, key: str, /) -> Person | None: ...
    @overload
    def get(self, key: str, /, default: Person) -> Person: ...
    @overload
    def get(self, key: str, /, default: Any) -> Any: ...

    def get(self, key: str, /, default: Any = None) -> Any:
        """The person with this id, or `default` when there is none in this state."""
        i = self._log.index.get(key)
        if i is None or i >= self._n:
            return default
        return self._log.records[i]

    def __getitem__(self, key: str) -> Person:
        i = self._log.index.get(key)
        if i is None or i >= self._n:
            raise KeyError(key)
        return self._log.records[i]

    def __contains__(self, key: object) -> bool:
        i = self._log.index.get(key) if isinstance(key, str) else None
        return i is not None and i < self._n

    def __iter__(self) -> Iterator[str]:
        return (p.id for p in itertools.islice(self._log.records, self._n))

    def __len__(self) -> int:
        return self._n

    def __eq__(self, other: object) -> bool:
        if isinstance(other, People) and other._log is self._log:
            return other._n == self._n
        return super().__eq__(other)

    def __hash__(self) -> int:
        # Equal views hold the same number of people, so this agrees with __eq__.
        return hash((People, self._n))

    def __repr__(self) -> str:
        return f"People({list(itertools.islice(self._log.records, self._n))!r})"

    def set(self, key: str, person: Person) -> People:
        """A view with this person added (or, rarely, their record replaced)."""
        if key != person.id:
            raise ValueError(f"person `{person.id}` filed under `{key}`")
        log = self._log
        if key in self:
            records = list(itertools.islice(log.records, self._n))
            records[log.index[key]] = person
            return People(records)
        if log.sealed or self._n != len(log.records):
            log = _Log(list(itertools.islice(log.records, self._n)), sealed=False)
        log.records.append(person)
        log.index[key] = self._n
        return People._view(log, self._n + 1)
