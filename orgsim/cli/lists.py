"""`orgsim list`: the ids of posts, people and orders of succession, to find what to ask about."""

from __future__ import annotations

import datetime as dt
from typing import Any

import click

from orgsim import api
from orgsim.cli.common import DATE, emit_json, handle_errors
from orgsim.model import State
from orgsim.render import capacity_words

__all__ = ["list_"]

KINDS = ("posts", "people", "orders")


@click.command(name="list")
@click.argument("kind", type=click.Choice(KINDS))
@click.argument("scenario", type=click.Path(dir_okay=False))
@click.option(
    "--at",
    "at",
    type=DATE,
    default=None,
    help="Holders on this date (default: the last date the scenario names).",
)
@click.option("--match", default=None, metavar="TEXT", help="Only ids, titles or names with TEXT.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list.")
@handle_errors
def list_(kind: str, scenario: str, at: dt.date | None, match: str | None, as_json: bool) -> None:
    """List the posts, people or orders of succession of SCENARIO, with their ids.

    Posts come with their title and holder, people with their name and posts, orders with the
    post they govern and their line. Wherever a command expects a post or a person, a title or
    name that only one of them matches is accepted too.
    """
    loaded = api.load(scenario)
    day = at or api.horizon(loaded)
    state = api.replay_scenario(loaded, until=max(day, api.horizon(loaded))).state_at(day)
    rows = {"posts": _posts, "people": _people, "orders": _orders}[kind](state, match)
    if as_json:
        emit_json(rows)
        return
    if not rows:
        click.echo(f"no {kind} match `{match}`" if match else f"no {kind}")
        return
    for row in rows:
        click.echo(_line(kind, row))


def _wanted(text: str | None, *fields: str) -> bool:
    if text is None:
        return True
    wanted = " ".join(text.casefold().split())
    return any(wanted in " ".join(f.casefold().split()) for f in fields if f)


def _posts(state: State, match: str | None) -> list[dict[str, Any]]:
    rows = []
    for post in sorted(state.posts.values(), key=lambda p: p.id):
        tenure = state.holdings.get(post.id)
        holder = state.name(tenure.person) if tenure else ""
        if not _wanted(match, post.id, post.title, holder):
            continue
        rows.append(
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
    return rows


def _people(state: State, match: str | None) -> list[dict[str, Any]]:
    rows = []
    for person_id in sorted(state.people):
        name = state.people[person_id].name
        if not _wanted(match, person_id, name):
            continue
        held = [
            {"post": t.post, "title": state.title(t.post), "capacity": str(t.capacity)}
            for t in state.held_by(person_id)
        ]
        rows.append({"id": person_id, "name": name, "holds": held})
    return rows


def _orders(state: State, match: str | None) -> list[dict[str, Any]]:
    rows = []
    for order in sorted(state.orders.values(), key=lambda o: o.id):
        title = state.title(order.post) if order.post in state.posts else order.post
        if not _wanted(match, order.id, order.post, title):
            continue
        rows.append(
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
    return rows


def _line(kind: str, row: dict[str, Any]) -> str:
    """One row as text: the id first, padded, then what it is."""
    if kind == "posts":
        holder = row["holder"]
        who = (
            f"{holder['name']} ({capacity_words(holder['capacity'])})"
            if holder
            else ("VACANT" if row["vacant"] else "holder not recorded")
        )
        return f"{row['id']:<28} {row['title']}: {who}"
    if kind == "people":
        holds = ", ".join(h["title"] for h in row["holds"]) or "holds no post"
        return f"{row['id']:<28} {row['name']}: {holds}"
    return f"{row['id']:<28} for {row['title']} (`{row['post']}`): {' > '.join(row['line'])}"
