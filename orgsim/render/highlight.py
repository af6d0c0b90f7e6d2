"""Which posts a transition touched, split into what the before and after charts should mark."""

from __future__ import annotations

from collections.abc import Iterable

from attrs import field, frozen

from orgsim.model import Change, ChangeKind

__all__ = ["Highlight"]


def _posts() -> frozenset[str]:
    return frozenset()


def _to_posts(values: Iterable[str]) -> frozenset[str]:
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

    `leaving` and `abolished` belong on the chart before the change; the rest on the chart after.
    """

    leaving: frozenset[str] = field(factory=_posts, converter=_to_posts)
    abolished: frozenset[str] = field(factory=_posts, converter=_to_posts)
    arrived: frozenset[str] = field(factory=_posts, converter=_to_posts)
    capacity: frozenset[str] = field(factory=_posts, converter=_to_posts)
    vacated: frozenset[str] = field(factory=_posts, converter=_to_posts)
    added: frozenset[str] = field(factory=_posts, converter=_to_posts)
    moved: frozenset[str] = field(factory=_posts, converter=_to_posts)
    other: frozenset[str] = field(factory=_posts, converter=_to_posts)

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
        return cls(**{name: frozenset(posts) for name, posts in sets.items()})

    def before_side(self) -> Highlight:
        """Only what the chart before the change should mark."""
        return Highlight(leaving=self.leaving, abolished=self.abolished)

    def after_side(self) -> Highlight:
        """Only what the chart after the change should mark."""
        return Highlight(
            arrived=self.arrived,
            capacity=self.capacity,
            vacated=self.vacated,
            added=self.added,
            moved=self.moved,
            other=self.other,
        )

    @property
    def outgoing(self) -> frozenset[str]:
        """Posts marked as losing their holder or their existence."""
        return self.leaving | self.abolished

    @property
    def incoming(self) -> frozenset[str]:
        """Posts marked on the after side: new holder or capacity, vacancy, new or moved post."""
        return self.arrived | self.capacity | self.vacated | self.added | self.moved | self.other

    def __bool__(self) -> bool:
        return bool(self.outgoing or self.incoming)


_FIELDS = ("leaving", "abolished", "arrived", "capacity", "vacated", "added", "moved", "other")
