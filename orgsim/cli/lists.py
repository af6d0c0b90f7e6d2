"""`orgsim list`: the ids of posts, people and orders of succession, to find what to ask about."""

from __future__ import annotations

import datetime as dt
from typing import Any

import click

from orgsim import api
from orgsim.cli.common import DATE, emit_json, handle_errors, say

__all__ = ["list_"]


@click.command(name="list")
@click.argument("kind", type=click.Choice(api.LIST_KINDS))
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
    state = api.state_at(loaded, at or api.horizon(loaded))
    rows = api.list_rows(state, kind, match=match)
    if as_json:
        emit_json(rows)
        return
    if not rows:
        say(f"no {kind} match `{match}`" if match else f"no {kind}")
        return
    for row in rows:
        say(_line(kind, row))


def _line(kind: str, row: dict[str, Any]) -> str:
    """One row as text: the id first, padded, then what it is."""
    if kind == "posts":
        holder = row["holder"]
        who = (
            f"{holder['name']} ({api.capacity_words(holder['capacity'])})"
            if holder
            else ("VACANT" if row["vacant"] else "holder not recorded")
        )
        return f"{row['id']:<28} {row['title']}: {who}"
    if kind == "people":
        holds = ", ".join(h["title"] for h in row["holds"]) or "holds no post"
        return f"{row['id']:<28} {row['name']}: {holds}"
    return f"{row['id']:<28} for {row['title']} (`{row['post']}`): {' > '.join(row['line'])}"
