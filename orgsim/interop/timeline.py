"""Dated holdings (who held which post, from when, until when) as a scenario's start state and
dated events, with seats for bodies that several people sit in at once.

Importers (Popolo, Wikidata) read their format into `Holding`s; `build` turns them into the
`posts`, `holders` and `events` of a scenario. Only recorded facts come out: an `appoint`
where a holding starts and a `leave` where it ends; the rules judge them on replay.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from attrs import evolve, frozen

from orgsim.errors import Mark
from orgsim.interop.reading import ORIGIN

__all__ = ["Holding", "Timeline", "build"]

_NEVER = dt.date.max


@frozen
class Holding:
    """One person's time in one post, as a source records it."""

    post: str
    person: str
    start: dt.date | None  # the first day held; None: the source does not say
    end: dt.date | None  # the day they left; None: still held, or the source does not say
    capacity: str | None = None  # None: the post's default capacity
    basis: str | None = None  # the legal basis the source claims
    # For someone filling in (orgsim's own exports): the route claimed, who claimed it, and
    # who designated them.
    route: str | None = None
    claimed_by: str | None = None
    by: str | None = None
    start_note: str | None = None  # the source's own words when it gives no exact start
    end_note: str | None = None
    period: str | None = None  # where the dates come from, when not from the record itself
    ref: str | None = None  # the record's id in the source (a membership or statement id)
    mark: Mark | None = None  # where the record is in the input file
    undated: bool = False  # placed on the --date day because the source gives no dates
    # orgsim's own exports: the rules began this holding (or ended it), and will again on
    # replay, so no event is written for that step.
    derived: bool = False
    end_by_rule: bool = False

    @property
    def dated(self) -> bool:
        """The source gives a start or an end."""
        return self.start is not None or self.end is not None


@frozen
class Timeline:
    """A scenario's posts, start state and events, and notes on what could not be placed."""

    date: dt.date
    posts: list[dict[str, Any]]
    holders: list[dict[str, Any]]
    events: list[dict[str, Any]]
    notes: list[str]
    unplaced: dict[str, list[Holding]]  # post id -> holdings with no dates (kept, not placed)
    refs: dict[tuple[str, str, dt.date | None], str]  # (seat, person, start) -> record id


def _where(h: Holding) -> str:
    return f"{h.mark}: " if h.mark else ""


def _merge_same_person(holdings: list[Holding], notes: list[str]) -> list[Holding]:
    """One person's overlapping or repeated holdings of one post become one: two records of
    the same service (two languages, two sources) are not two seats."""
    out: list[Holding] = []
    by_key: dict[tuple[str, str], list[Holding]] = defaultdict(list)
    for h in holdings:
        by_key[(h.post, h.person)].append(h)
    for (post, person), group in by_key.items():
        group.sort(key=lambda h: (h.start or dt.date.min, h.end or _NEVER))
        current = group[0]
        for h in group[1:]:
            current_end = current.end or _NEVER
            if h.start is None or h.start < current_end or h == current:
                end = None if current.end is None or h.end is None else max(current.end, h.end)
                if h != current and (h.start, h.end) != (current.start, current.end):
                    notes.append(
                        f"{_where(h)}{person} in {post}: overlaps an earlier record of the same"
                        " service; merged"
                    )
                current = evolve(current, end=end, end_note=current.end_note or h.end_note)
            else:
                out.append(current)
                current = h
        out.append(current)
    return out


def _seats(holdings: list[Holding]) -> list[list[Holding]]:
    """Holdings of one post shared out over as few seats as hold them without overlap."""
    seats: list[list[Holding]] = []
    ends: list[dt.date] = []
    for h in sorted(holdings, key=lambda h: (h.start, h.end or _NEVER, h.person)):
        assert h.start is not None
        for i, free_from in enumerate(ends):
            if free_from <= h.start:
                seats[i].append(h)
                ends[i] = h.end or _NEVER
                break
        else:
            seats.append([h])
            ends.append(h.end or _NEVER)
    return seats


def _seat_ids(post: str, n: int, taken: set[str]) -> list[str]:
    ids = [post]
    k = 2
    while len(ids) < n:
        candidate = f"{post}-{k}"
        if candidate not in taken:
            ids.append(candidate)
            taken.add(candidate)
        k += 1
    return ids


def build(
    posts: Mapping[str, dict[str, Any]],
    holdings: Iterable[Holding],
    *,
    as_of: dt.date | None = None,
    start: dt.date | None = None,
    undated_note: str | None = "dates not recorded",
) -> Timeline | None:
    """The timeline of the holdings; None when no holding has a date and `as_of` is not given.

    `as_of` places holdings with no dates at all on that day (the file describes it), with
    `undated_note` as their `since_note`. `start` fixes the scenario's date (else: the
    earliest date any holding gives, or `as_of`).
    """
    notes: list[str] = []
    placed: list[Holding] = []
    unplaced: dict[str, list[Holding]] = defaultdict(list)
    for h in holdings:
        if h.dated:
            placed.append(h)
        elif as_of is not None:
            placed.append(evolve(h, start=as_of, undated=True))
        else:
            unplaced[h.post].append(h)
    dates = [d for h in placed for d in (h.start, h.end) if d is not None]
    day = start or (min(dates) if dates else None)
    if day is None:
        return None
    kept: list[Holding] = []
    for h in _merge_same_person(placed, notes):
        if h.end is not None and h.end < day:
            notes.append(
                f"{_where(h)}{h.person} left {h.post} on {h.end.isoformat()}, before the"
                f" scenario's date {day.isoformat()}; not carried"
            )
            continue
        if h.start is None:
            note = h.start_note or ("start not recorded" if undated_note else None)
            h = evolve(h, start=day, start_note=note, undated=True)
        kept.append(h)

    by_post: dict[str, list[Holding]] = defaultdict(list)
    for h in kept:
        by_post[h.post].append(h)
    taken = set(posts)
    out_posts: list[dict[str, Any]] = []
    holders: list[dict[str, Any]] = []
    events: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
    refs: dict[tuple[str, str, dt.date | None], str] = {}
    for post_id, post in posts.items():
        seats = _seats(by_post.get(post_id, []))
        ids = _seat_ids(post_id, max(1, len(seats)), taken)
        for n, seat_id in enumerate(ids):
            seat = dict(post, id=seat_id)
            if len(ids) > 1:
                seat.setdefault("group", post.get("title", post_id))
            out_posts.append(seat)
            first = True
            for h in seats[n] if n < len(seats) else []:
                assert h.start is not None
                if h.ref:
                    refs[(seat_id, h.person, h.start)] = h.ref
                if first and h.start <= day:
                    holders.append(_holder(seat_id, h, undated_note))
                elif not h.derived:
                    events.append(((h.start, 1, seat_id, h.person), _appoint(seat_id, h)))
                first = False
                if h.end is not None and not h.end_by_rule:
                    # A holding that starts and ends on one day leaves after it arrives.
                    order = 2 if h.end == h.start else 0
                    events.append(((h.end, order, seat_id, h.person), _leave(seat_id, h)))
    events.sort(key=lambda e: e[0])
    return Timeline(day, out_posts, holders, [e for _, e in events], notes, dict(unplaced), refs)


def _tagged(item: dict[str, Any], h: Holding) -> dict[str, Any]:
    if h.mark is not None:
        item[ORIGIN] = h.mark
    return item


def _holder(post: str, h: Holding, undated_note: str | None) -> dict[str, Any]:
    holder: dict[str, Any] = _tagged({"post": post, "person": h.person}, h)
    if h.capacity:
        holder["capacity"] = h.capacity
    if h.basis:
        holder["basis"] = h.basis
    holder.update(_claim(h))
    if h.ref:
        holder["ref"] = h.ref
    if h.start_note:
        holder["since_note"] = h.start_note
    elif h.undated:
        if undated_note:
            holder["since_note"] = undated_note
    else:
        assert h.start is not None
        holder["since"] = h.start
    if h.period:
        holder["note"] = f"The record gives no dates; {h.period}."
    return holder


def _claim(h: Holding) -> dict[str, str]:
    """The route, claimant and designator of someone filling in, as the record has them."""
    out = {"route": h.route, "claimed_by": h.claimed_by, "by": h.by}
    return {k: v for k, v in out.items() if v is not None}


def _appoint(post: str, h: Holding) -> dict[str, Any]:
    """The event that begins a holding: acting service and performing the duties are
    reported as such (with any claimed route); anything else is an appointment."""
    assert h.start is not None
    kind = {"acting": "assume-acting", "performing-duties": "perform-duties"}.get(
        h.capacity or "", "appoint"
    )
    event = _tagged({"date": h.start, "kind": kind, "post": post, "person": h.person}, h)
    if kind == "appoint" and h.capacity:
        event["capacity"] = h.capacity
    if h.basis:
        event["basis"] = h.basis
    elif h.capacity == "not-recorded":
        event["basis"] = "capacity not recorded in the sources"  # not "appointed": unknown
    claim = _claim(h)
    if kind == "assume-acting":
        event.update({k: v for k, v in claim.items() if k != "by"})
    elif kind == "perform-duties" and "claimed_by" in claim:
        event["claimed_by"] = claim["claimed_by"]
    if h.ref:
        event["ref"] = h.ref
    if h.undated:
        event["date_note"] = (
            "The source gives no dates; placed on the day the import was asked for."
        )
    elif h.start_note:
        event["date_note"] = f"The source gives {h.start_note}, not a day."
    elif h.period:
        event["date_note"] = f"The record gives no dates; {h.period}."
    return event


def _leave(post: str, h: Holding) -> dict[str, Any]:
    assert h.end is not None
    event = _tagged({"date": h.end, "kind": "leave", "post": post, "person": h.person}, h)
    if h.end_note:
        event["date_note"] = f"The source gives {h.end_note}, not a day."
    elif h.period:
        event["date_note"] = f"The record gives no dates; {h.period}."
    return event
