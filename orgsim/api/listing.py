"""The posts, people and orders of succession of an organisation on a date, as rows of plain
data: what `orgsim list` prints, to find the ids to ask about."""

from __future__ import annotations

from typing import Any

from orgsim.model import State

__all__ = ["KINDS", "rows"]

KINDS = ("posts", "people", "orders")


def rows(state: State, kind: str, *, match: str | None = None) -> list[dict[str, Any]]:
    """The `kind` ("posts", "people" or "orders") of the state, each a dict, in id order;
    with `match`, only those whose id, title or name contains it (ignoring case)."""
    table = {"posts": _posts, "people": _people, "orders": _orders}
    if kind not in table:
        raise ValueError(f"kind: expected one of {list(KINDS)}, got {kind!r}")
    return table[kind](state, match)


def _wanted(text: str | None, *fields: str) -> bool:
    if text is None:
        return True
    wanted = " ".join(text.casefold().split())
    return any(wanted in " ".join(f.casefold().split()) for f in fields if f)


def _posts(state: State, match: str | None) -> list[dict[str, Any]]:
    out = []
    for post in sorted(state.posts.values(), key=lambda p: p.id):
        tenure = state.holdings.get(post.id)
        holder = state.name(tenure.person) if tenure else ""
        if not _wanted(match, post.id, post.title, holder):
            continue
        out.append(
            {
                "id": post.id,
                "title": post.title,
                "organization": post.organization,
                "reports_to": post.reports_to,
                "holder": (
                    {"id": tenure.person, "name": holder, "capacity": str(tenure.capacity)}
                    if tenure
                    else None
                ),
                "vacant": post.id in state.vacancies,
            }
        )
    return out


def _people(state: State, match: str | None) -> list[dict[str, Any]]:
    out = []
    for person_id in sorted(state.people):
        name = state.people[person_id].name
        if not _wanted(match, person_id, name):
            continue
        held = [
            {"post": t.post, "title": state.title(t.post), "capacity": str(t.capacity)}
            for t in state.held_by(person_id)
        ]
        out.append({"id": person_id, "name": name, "holds": held})
    return out


def _orders(state: State, match: str | None) -> list[dict[str, Any]]:
    out = []
    for order in sorted(state.orders.values(), key=lambda o: o.id):
        title = state.title(order.post) if order.post in state.posts else order.post
        if not _wanted(match, order.id, order.post, title):
            continue
        out.append(
            {
                "id": order.id,
                "post": order.post,
                "title": title,
                "line": list(order.line),
                "issued_by": order.issued_by,
                "issued_on": order.issued_on.isoformat() if order.issued_on else None,
                "authority": order.authority,
            }
        )
    return out
