"""The indexes the engine keeps beside the states (never inside them): when time next changes
each post, and which posts' judgements depend on which."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from attrs import evolve, field, frozen
from immutables import Map

from orgsim.model import Legal, State, empty_map
from orgsim.rules import silent_on

__all__ = ["SHORTCUTS", "Cursor", "DueIndex", "named_by", "restructured", "structure_of"]

# Shortcuts that save work without changing any result (`Cursor.quiet`: not judging again
# posts the law is silent on). The one seam for tests: tests/test_shortcuts.py replays with
# this off and on and compares every transition.
SHORTCUTS = True


@frozen
class DueIndex:
    """Post id -> the first day on which time alone changes the post, with the earliest kept
    at hand so that asking "is anything due?" costs nothing."""

    table: Map[str, dt.date] = field(factory=empty_map)
    first: tuple[dt.date, str] | None = None

    def updated(self, days: dict[str, dt.date | None]) -> DueIndex:
        """The index with these posts' days set (None: nothing due for the post)."""
        if all(self.table.get(p) == d for p, d in days.items()):
            return self  # most events change nothing that time will bring: share the index
        with self.table.mutate() as m:
            for post_id, day in days.items():
                if day is None:
                    m.pop(post_id, None)
                else:
                    m[post_id] = day
            table: Map[str, dt.date] = m.finish()
        first: tuple[dt.date, str] | None
        if self.first is not None and self.first[1] not in days:
            fresh = [(d, p) for p, d in days.items() if d is not None]
            first = min([self.first, *fresh])
        else:
            first = min(((d, p) for p, d in table.items()), default=None)
        return DueIndex(table, first)

    def due_on(self, day: dt.date) -> list[str]:
        """Every post due on exactly this day, in id order."""
        return sorted(p for p, d in self.table.items() if d == day)


def _sets(table: dict[str, set[str]]) -> Map[str, frozenset[str]]:
    return Map({k: frozenset(v) for k, v in table.items()})


def structure_of(state: State) -> Map[str, frozenset[str]]:
    """Post id -> the posts whose line of succession names it: as first assistant (of the post,
    or of an open vacancy), or in any version of an order of succession."""
    deps: dict[str, set[str]] = {}
    for post in state.posts.values():
        if post.first_assistant:
            deps.setdefault(post.first_assistant, set()).add(post.id)
    for vacancy in state.vacancies.values():
        if vacancy.first_assistant:
            deps.setdefault(vacancy.first_assistant, set()).add(vacancy.post)
    for order_id, order in state.orders.items():
        for version in state.order_versions_of(order_id):
            for line_post in version.posts():
                deps.setdefault(line_post, set()).add(order.post)
    return _sets(deps)


def named_by(state: State, post_id: str) -> frozenset[str]:
    """The posts one post's lines of succession name (the inverse of `structure_of`, for one
    post): its first assistant, its open vacancy's, and every post of every version of its
    orders."""
    names: set[str] = set()
    post = state.posts.get(post_id)
    if post is not None and post.first_assistant:
        names.add(post.first_assistant)
    vacancy = state.vacancies.get(post_id)
    if vacancy is not None and vacancy.first_assistant:
        names.add(vacancy.first_assistant)
    for order_id in state.orders.group(post_id):
        for version in state.order_versions_of(order_id):
            names.update(version.posts())
    return frozenset(names)


def _same_structure(before: State, after: State) -> bool:
    """Whether nothing a line of succession is made of can differ between two states."""
    return (
        before.posts is after.posts
        and before.vacancies is after.vacancies
        and before.orders is after.orders
        and before.order_versions is after.order_versions
    )


def restructured(
    structure: Map[str, frozenset[str]], before: State, after: State, posts: Iterable[str]
) -> Map[str, frozenset[str]]:
    """The structure index after a transition that changed only these posts' records: each
    post's names compared before and after, and only the differences written, so that the
    cost follows the change, not the size of the organisation."""
    if _same_structure(before, after):
        return structure
    for post_id in posts:
        was, now = named_by(before, post_id), named_by(after, post_id)
        for gone in was - now:
            rest = structure.get(gone, frozenset()) - {post_id}
            structure = structure.set(gone, rest) if rest else structure.delete(gone)
        for new in now - was:
            structure = structure.set(new, structure.get(new, frozenset()) | {post_id})
    return structure


def _rests_on(state: State, legal: Legal, post_id: str) -> str | None:
    """The post someone filling in for `post_id` holds and serves on the strength of."""
    tenure = state.holdings.get(post_id)
    if tenure is None or not tenure.capacity.is_temporary:
        return None
    verdict = legal.act(tenure.act)
    if verdict is not None and verdict.basis_post is not None:
        return verdict.basis_post
    return tenure.basis_post


@frozen
class Cursor:
    """The engine's indexes after one transition. Persistent maps, so that every transition
    keeps its own cheaply, and a history can advance time from any of them."""

    due: DueIndex = field(factory=DueIndex)
    structure: Map[str, frozenset[str]] = field(factory=empty_map)
    resting: Map[str, frozenset[str]] = field(factory=empty_map)
    # What each post rests on now (the inverse of `resting`, to update it).
    basis: Map[str, str] = field(factory=empty_map)

    @classmethod
    def of(cls, state: State, legal: Legal) -> Cursor:
        """Every index built afresh for a state."""
        basis: dict[str, str] = {}
        resting: dict[str, set[str]] = {}
        for post_id in state.holdings.keys():
            on = _rests_on(state, legal, post_id)
            if on is not None:
                basis[post_id] = on
                resting.setdefault(on, set()).add(post_id)
        return cls(DueIndex(), structure_of(state), _sets(resting), Map(basis))

    def but(self, *, due: DueIndex) -> Cursor:
        """A copy with a new due index (the engine's hot path: a plain constructor call
        rather than `attrs.evolve`)."""
        return Cursor(due, self.structure, self.resting, self.basis)

    def dependents(self, post_id: str) -> frozenset[str]:
        """The posts whose judgement may change when this post's holder or judgement does."""
        return self.structure.get(post_id, frozenset()) | self.resting.get(post_id, frozenset())

    def quiet(self, before: State, after: State, legal: Legal, posts: Iterable[str]) -> bool:
        """Whether judging these posts again after a change could find nothing: the law is
        silent on each (`rules.silent_on`), none has a standing or a due date, and no line of
        succession or acting service names it or is named by it, before or after. Then the
        cascade (judging again, due dates, the day's settlement) can be skipped: a career
        post changing hands is most of a large organisation's events."""
        if not SHORTCUTS:
            return False
        structure, resting, basis = self.structure, self.resting, self.basis
        due, standings = self.due.table, legal.standings
        for post_id in posts:
            if (
                post_id in structure
                or post_id in resting
                or post_id in basis
                or post_id in due
                or post_id in standings
                or not silent_on(after, post_id)
                or named_by(after, post_id)
                or named_by(before, post_id)
            ):
                return False
        return True

    def moved(
        self,
        state: State,
        legal: Legal,
        posts: Iterable[str],
        *,
        before: State | None = None,
    ) -> Cursor:
        """The indexes after a change to these posts; with `before` (the state the change
        began from), the structure index follows the change too."""
        posts = tuple(posts)
        resting, basis = self.resting, self.basis
        for post_id in posts:
            was, now = basis.get(post_id), _rests_on(state, legal, post_id)
            if was == now:
                continue
            if was is not None:
                rest = resting.get(was, frozenset()) - {post_id}
                resting = resting.set(was, rest) if rest else resting.delete(was)
                basis = basis.delete(post_id)
            if now is not None:
                resting = resting.set(now, resting.get(now, frozenset()) | {post_id})
                basis = basis.set(post_id, now)
        changes: dict[str, Any] = {}
        if before is not None:
            structure = restructured(self.structure, before, state, posts)
            if structure is not self.structure:
                changes["structure"] = structure
        if resting is not self.resting:
            changes["resting"] = resting
            changes["basis"] = basis
        return evolve(self, **changes) if changes else self
