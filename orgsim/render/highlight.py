"""Which posts a transition touched, split into what the before and after charts should mark."""

from __future__ import annotations

from collections.abc import Iterable

from attrs import evolve, field, frozen

from orgsim.events import Transition
from orgsim.model import Change, ChangeKind

__all__ = ["Highlight"]


def _posts() -> frozenset[str]:
    return frozenset()


def _to_posts(values: Iterable[str]) -> frozenset[str]:
    return frozenset(values)


def _steps() -> frozenset[tuple[str, str]]:
    return frozenset()


def _to_steps(values: Iterable[tuple[str, str]]) -> frozenset[tuple[str, str]]:
    return frozenset(values)


# Kinds that change what a post's box says without moving anyone in or out of it.
_OTHER_KINDS = frozenset(
    {
        ChangeKind.LAWFULNESS,
        ChangeKind.DELEGATED,
        ChangeKind.FIRST_ASSISTANT,
        ChangeKind.NOMINATED,
        ChangeKind.NOMINATION_ENDED,
        ChangeKind.CONFIRMED,
    }
)


@frozen
class Highlight:
    """Post ids to mark on a chart, by what happened to them.

    `leaving`, `abolished`, `moving` and the start of each step belong on the chart before the
    change; the rest on the chart after; a change chart shows both. A step (from, to) is someone
    who served in post `from` before the change taking up post `to`.
    """

    leaving: frozenset[str] = field(factory=_posts, converter=_to_posts)
    abolished: frozenset[str] = field(factory=_posts, converter=_to_posts)
    arrived: frozenset[str] = field(factory=_posts, converter=_to_posts)
    capacity: frozenset[str] = field(factory=_posts, converter=_to_posts)
    vacated: frozenset[str] = field(factory=_posts, converter=_to_posts)
    added: frozenset[str] = field(factory=_posts, converter=_to_posts)
    moved: frozenset[str] = field(factory=_posts, converter=_to_posts)
    other: frozenset[str] = field(factory=_posts, converter=_to_posts)
    moving: frozenset[str] = field(factory=_posts, converter=_to_posts)
    steps: frozenset[tuple[str, str]] = field(factory=_steps, converter=_to_steps)

    @classmethod
    def from_transition(cls, t: Transition) -> Highlight:
        """What the transition's changes touched, with the steps people took between posts."""
        base = cls.from_changes(t.changes)
        steps: set[tuple[str, str]] = set()
        for change in t.changes:
            if change.kind is not ChangeKind.ARRIVED or change.post is None:
                continue
            for tenure in t.before.held_by(change.person or ""):
                if tenure.post != change.post and tenure.post in t.after.posts:
                    steps.add((tenure.post, change.post))
        return evolve(base, moving=base.moved, steps=steps)

    @classmethod
    def from_changes(cls, changes: Iterable[Change]) -> Highlight:
        """Collect the posts each kind of change touched."""
        sets: dict[str, set[str]] = {name: set() for name in _FIELDS}
        for change in changes:
            if change.post is None:
                continue
            kind = change.kind
            if kind in (ChangeKind.LEFT, ChangeKind.VACATED):
                sets["leaving"].add(change.post)
            if kind is ChangeKind.VACATED:
                sets["vacated"].add(change.post)
            elif kind is ChangeKind.ARRIVED:
                sets["arrived"].add(change.post)
            elif kind is ChangeKind.CAPACITY:
                sets["capacity"].add(change.post)
            elif kind is ChangeKind.POST_ADDED:
                sets["added"].add(change.post)
            elif kind is ChangeKind.POST_ABOLISHED:
                sets["abolished"].add(change.post)
            elif kind is ChangeKind.MOVED:
                sets["moved"].add(change.post)
            elif kind in _OTHER_KINDS:
                sets["other"].add(change.post)
        return cls(
            leaving=sets["leaving"],
            abolished=sets["abolished"],
            arrived=sets["arrived"],
            capacity=sets["capacity"],
            vacated=sets["vacated"],
            added=sets["added"],
            moved=sets["moved"],
            other=sets["other"],
        )

    def before_side(self) -> Highlight:
        """Only what the chart before the change should mark."""
        return Highlight(
            leaving=self.leaving, abolished=self.abolished, moving=self.moving, steps=self.steps
        )

    def after_side(self) -> Highlight:
        """Only what the chart after the change should mark."""
        return Highlight(
            arrived=self.arrived,
            capacity=self.capacity,
            vacated=self.vacated,
            added=self.added,
            moved=self.moved,
            other=self.other,
            steps=self.steps,
        )

    @property
    def stepping(self) -> frozenset[str]:
        """Posts whose holder takes up another post."""
        return frozenset(start for start, _ in self.steps)

    @property
    def outgoing(self) -> frozenset[str]:
        """Posts marked as losing their holder or their existence, or about to move."""
        return self.leaving | self.abolished | self.moving

    @property
    def incoming(self) -> frozenset[str]:
        """Posts marked on the after side: new holder or capacity, vacancy, new or moved post."""
        return self.arrived | self.capacity | self.vacated | self.added | self.moved | self.other

    def __bool__(self) -> bool:
        return bool(self.outgoing or self.incoming)


_FIELDS = ("leaving", "abolished", "arrived", "capacity", "vacated", "added", "moved", "other")
