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
    fresh = 0
    while len(event_rows) < events:
        if rng.random() < 0.3:
            day += dt.timedelta(days=1)
        when = day.isoformat()
        roll = rng.random()
        if roll < 0.35 and career:
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
