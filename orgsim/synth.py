"""Reproducible synthetic organisations and event streams, for benchmarks and scale tests.

The result is plain data in the scenario format, so it goes through the same loader and
checks as a hand-written scenario. Every event is valid in the state it meets: the
generator keeps a small model of who holds what.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

__all__ = ["synthesize"]

_FANOUT = 8
_AGENCY_SIZE = 200


def synthesize(*, posts: int, events: int, seed: int = 0) -> dict[str, Any]:
    """A scenario with `posts` posts and `events` events, the same for the same seed."""
    if posts < 3:
        raise ValueError("a synthetic organisation needs at least 3 posts")
    rng = random.Random(seed)
    start = dt.date(2000, 1, 1)
    organizations: list[dict[str, Any]] = [{"id": "gov", "name": "Synthetic Government"}]
    post_rows: list[dict[str, Any]] = [
        {"id": "president", "title": "President", "organization": "gov", "appointment": "elected"}
    ]
    # Tree: every post reports to one `_FANOUT` places above it; every agency head has a
    # career deputy as first assistant, so vacancies exercise the Vacancies Act.
    deputies: dict[str, str] = {}
    pas: list[str] = []
    career: list[str] = []
    for i in range(1, posts):
        parent = post_rows[(i - 1) // _FANOUT]["id"]
        agency = f"agency-{i // _AGENCY_SIZE}"
        if not any(o["id"] == agency for o in organizations[-1:]):
            organizations.append(
                {
                    "id": agency,
                    "name": f"Agency {i // _AGENCY_SIZE}",
                    "parent": "gov",
                    "executive_agency": True,
                }
            )
        is_pas = i % 4 == 1 and i + 1 < posts
        row: dict[str, Any] = {
            "id": f"p{i}",
            "title": f"Post {i}",
            "organization": agency,
            "reports_to": parent,
            "appointment": "pas" if is_pas else "career",
        }
        post_rows.append(row)
        if is_pas:
            pas.append(row["id"])
        else:
            career.append(row["id"])
    for p in pas:
        number = int(p[1:])
        deputy = f"p{number + 1}"
        for row in post_rows:
            if row["id"] == p:
                row["first_assistant"] = deputy
        deputies[p] = deputy
    people = [{"id": "potus", "name": "President Synthetic"}]
    holders: list[dict[str, Any]] = [
        {"post": "president", "person": "potus", "since": start.isoformat()}
    ]
    holder_of: dict[str, str | None] = {"president": "potus"}
    for row in post_rows[1:]:
        occupant = f"x{row['id']}"
        people.append({"id": occupant, "name": f"Person {row['id']}", "grade": "SES"})
        holders.append({"post": row["id"], "person": occupant, "since": start.isoformat()})
        holder_of[row["id"]] = occupant
    event_rows: list[dict[str, Any]] = []
    day = start
    nominee: dict[str, str] = {}
    confirmed: dict[str, str] = {}
    orders: dict[str, int] = {}  # PAS post -> versions of its order of succession
    parent_of = {row["id"]: row.get("reports_to") for row in post_rows}
    fresh = 0
    while len(event_rows) < events:
        if rng.random() < 0.3:
            day += dt.timedelta(days=1)
        when = day.isoformat()
        roll = rng.random()
        if 0.55 <= roll < 0.65 and pas:
            # The rarer events of a real record, a tenth of the stream: orders of succession
            # and their amendments, designations by the President, delegations of duties,
            # deaths. Each is valid in the state it meets; the rules judge it as they find it.
            _rare(event_rows, rng, when, pas, deputies, parent_of, holder_of, nominee, orders)
        elif roll < 0.35 and career:
            post = rng.choice(career)
            person = holder_of.get(post)
            if person is None:
                fresh += 1
                new = f"n{fresh}"
                event_rows.append(
                    {
                        "date": when,
                        "kind": "add-person",
                        "person": {"id": new, "name": f"New {fresh}"},
                    }
                )
                event_rows.append({"date": when, "kind": "appoint", "post": post, "person": new})
                holder_of[post] = new
            else:
                event_rows.append({"date": when, "kind": "resign", "post": post, "person": person})
                holder_of[post] = None
        elif roll < 0.55 and pas:
            post = rng.choice(pas)
            person = holder_of.get(post)
            if post in confirmed:
                who = confirmed.pop(post)
                event_rows.append({"date": when, "kind": "swear-in", "post": post, "person": who})
                holder_of[post] = who
            elif post in nominee:
                who = nominee.pop(post)
                if rng.random() < 0.7:
                    event_rows.append(
                        {
                            "date": when,
                            "kind": "confirm",
                            "post": post,
                            "person": who,
                            "yeas": 51,
                            "nays": 49,
                        }
                    )
                    confirmed[post] = who
                else:
                    event_rows.append(
                        {"date": when, "kind": "withdraw-nomination", "post": post, "person": who}
                    )
            elif person is not None and rng.random() < 0.5:
                event_rows.append({"date": when, "kind": "resign", "post": post, "person": person})
                # The deputy acts by operation of law; the engine records who.
                holder_of[post] = None
            else:
                fresh += 1
                new = f"n{fresh}"
                event_rows.append(
                    {
                        "date": when,
                        "kind": "add-person",
                        "person": {"id": new, "name": f"New {fresh}"},
                    }
                )
                event_rows.append(
                    {"date": when, "kind": "nominate", "post": post, "person": new, "by": "potus"}
                )
                nominee[post] = new
        else:
            event_rows.append({"date": when, "kind": "note", "text": f"day {when}"})
    return {
        "title": f"Synthetic organisation: {posts} posts, {events} events, seed {seed}",
        "date": start.isoformat(),
        "president": "president",
        "organizations": organizations,
        "posts": post_rows,
        "people": people,
        "holders": holders,
        "events": event_rows[:events],
    }


def _rare(
    rows: list[dict[str, Any]],
    rng: random.Random,
    when: str,
    pas: list[str],
    deputies: dict[str, str],
    parent_of: dict[str, str | None],
    holder_of: dict[str, str | None],
    nominee: dict[str, str],
    orders: dict[str, int],
) -> None:
    """One of the rarer events, chosen and made valid against the generator's model."""
    post = rng.choice(pas)
    roll = rng.random()
    if roll < 0.35:
        # An order of succession (by statute) for the post: its deputy, then the post above
        # it; amended later to name the post above first.
        line = [p for p in (deputies[post], parent_of.get(post)) if p and p != "president"]
        if post not in orders:
            orders[post] = 1
            rows.append(
                {
                    "date": when,
                    "kind": "issue-order",
                    "order": f"order-{post}",
                    "post": post,
                    "line": line,
                    "by": "potus",
                    "authority": "a synthetic statute",
                }
            )
        else:
            orders[post] += 1
            line = line if orders[post] % 2 else list(reversed(line))
            rows.append(
                {
                    "date": when,
                    "kind": "amend-order",
                    "order": f"order-{post}",
                    "line": line,
                    "by": "potus",
                }
            )
        return
    vacant = holder_of.get(post) is None
    if roll < 0.6 and vacant:
        # The President designates the holder of another Senate-confirmed post to act.
        others = [p for p in rng.sample(pas, min(5, len(pas))) if p != post and holder_of.get(p)]
        if others:
            person = holder_of[others[0]]
            assert person is not None
            rows.append(
                {
                    "date": when,
                    "kind": "designate-acting",
                    "post": post,
                    "person": person,
                    "by": "potus",
                }
            )
            holder_of[post] = person
            return
    if roll < 0.8 and vacant and holder_of.get(deputies[post]):
        # The duties of a vacant post are delegated to its deputy.
        rows.append(
            {
                "date": when,
                "kind": "delegate-duties",
                "post": post,
                "person": holder_of[deputies[post]],
                "by": "potus",
            }
        )
        return
    # A death: someone serving dies, and every post they hold falls vacant.
    candidates = [p for p in (post, deputies[post]) if holder_of.get(p)]
    if not candidates:
        rows.append({"date": when, "kind": "note", "text": f"day {when}"})
        return
    person = holder_of[candidates[0]]
    assert person is not None and person not in nominee.values()
    rows.append({"date": when, "kind": "death", "person": person})
    for held, holder in list(holder_of.items()):
        if holder == person:
            holder_of[held] = None
