"""Org charts from spreadsheets: the columns Visio's and Lucidchart's org-chart importers use.

Columns: `id`, `name`, `title`, `reports_to`, and optionally `organisation` (or
`organization`), `capacity` and `since`. Each row is one post and the person in it; an empty
`name` means the post is vacant. `reports_to` names another row's `id`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from typing import Any

from orgsim.errors import Mark, ScenarioError, ScenarioErrors
from orgsim.model import Appointment, Capacity

__all__ = ["REQUIRED", "csv_to_scenario"]

REQUIRED = ("id", "name", "title", "reports_to")
OPTIONAL = ("organisation", "organization", "capacity", "since")
_SLUG = re.compile(r"[^a-z0-9]+")
_APPOINTMENT = {
    Capacity.CONFIRMED: Appointment.PAS,
    Capacity.ELECTED: Appointment.ELECTED,
}


def _slug(text: str) -> str:
    return _SLUG.sub("-", text.lower()).strip("-") or "x"


def _columns(line: str) -> list[int]:
    """1-based columns where each field of one physical CSV line starts (quotes respected)."""
    starts = [1]
    quoted = False
    for i, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
        elif ch == "," and not quoted:
            starts.append(i + 2)
    return starts


class _Rows:
    """The rows of the file with the line and column of each field."""

    def __init__(self, text: str, name: str) -> None:
        self.name = name
        self.lines = text.splitlines()
        self.errors: list[ScenarioError] = []

    def mark(self, line: int, field: int) -> Mark:
        cols = _columns(self.lines[line - 1]) if 0 < line <= len(self.lines) else [1]
        return Mark(self.name, line, cols[field] if field < len(cols) else cols[-1])

    def fail(self, message: str, line: int, field: int = 0) -> None:
        self.errors.append(ScenarioError(message, self.mark(line, field)))


def csv_to_scenario(
    text: str, name: str, *, date: dt.date | None = None, title: str | None = None
) -> dict[str, Any]:
    """The CSV as the plain data of a scenario file; every bad row is a located error.

    The scenario's date is `date`, else the latest `since`; with neither it is an error.
    """
    text = text.removeprefix("\ufeff")
    rows = _Rows(text, name)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise ScenarioErrors([ScenarioError("the file is empty", Mark(name, 1, 1))]) from None
    except csv.Error as err:
        raise ScenarioErrors([ScenarioError(f"CSV: {err}", Mark(name, 1, 1))]) from None
    names = [h.strip().lower().replace(" ", "_").replace("-", "_") for h in header]
    col = {h: i for i, h in enumerate(names)}
    missing = [c for c in REQUIRED if c not in col]
    if missing:
        rows.fail(f"missing column(s): {', '.join(missing)} (need {', '.join(REQUIRED)})", 1)
    for i, h in enumerate(names):
        if h not in REQUIRED and h not in OPTIONAL:
            rows.fail(
                f"unknown column `{header[i]}` (ignored columns are errors, to be safe)", 1, i
            )
    if rows.errors:
        raise ScenarioErrors(rows.errors)
    org_col = col.get("organisation", col.get("organization"))

    records: list[tuple[int, list[str]]] = []
    start = 2
    try:
        for record in reader:
            records.append((start, record))
            start = reader.line_num + 1
    except csv.Error as err:
        raise ScenarioErrors(
            [ScenarioError(f"CSV: {err}", Mark(name, reader.line_num, 1))]
        ) from None

    def cell(record: list[str], key: str | int | None) -> str:
        index = col.get(key) if isinstance(key, str) else key
        if index is None or index >= len(record):
            return ""
        return record[index].strip()

    line_of: dict[str, int] = {}
    parent: dict[str, str] = {}
    posts: list[dict[str, Any]] = []
    people: list[dict[str, Any]] = []
    holders: list[dict[str, Any]] = []
    orgs: dict[str, str] = {}
    person_ids: set[str] = set()
    latest: dt.date | None = None
    default_org = _slug(title or name.rsplit("/", 1)[-1].rsplit(".", 1)[0])
    for line, record in records:
        if not any(v.strip() for v in record):
            continue  # blank lines are allowed
        if len(record) != len(header):
            rows.fail(f"{len(record)} fields, but the header has {len(header)}", line)
            continue
        post_id = cell(record, "id")
        if not post_id:
            rows.fail("empty `id`", line, col["id"])
            continue
        if post_id in line_of:
            rows.fail(
                f"duplicate id `{post_id}` (first on line {line_of[post_id]})", line, col["id"]
            )
            continue
        line_of[post_id] = line
        post_title = cell(record, "title")
        if not post_title:
            rows.fail("empty `title`", line, col["title"])
        boss = cell(record, "reports_to")
        if boss:
            parent[post_id] = boss
        org_name = cell(record, org_col) if org_col is not None else ""
        org_id = _slug(org_name) if org_name else default_org
        orgs.setdefault(org_id, org_name or (title or default_org))
        capacity: Capacity | None = None
        raw_capacity = cell(record, "capacity")
        if raw_capacity:
            try:
                capacity = Capacity(raw_capacity.lower())
            except ValueError:
                allowed = ", ".join(str(c) for c in Capacity)
                rows.fail(
                    f"unknown capacity `{raw_capacity}` (one of {allowed})", line, col["capacity"]
                )
        since: dt.date | None = None
        raw_since = cell(record, "since")
        if raw_since:
            try:
                since = dt.date.fromisoformat(raw_since)
            except ValueError:
                rows.fail(f"bad date `{raw_since}`: expected YYYY-MM-DD", line, col["since"])
            else:
                latest = max(latest, since) if latest else since
        post: dict[str, Any] = {
            "id": post_id,
            "title": post_title or post_id,
            "organization": org_id,
        }
        if boss:
            post["reports_to"] = boss
        if capacity in _APPOINTMENT:
            post["appointment"] = str(_APPOINTMENT[capacity])
        posts.append(post)
        person_name = cell(record, "name")
        if not person_name:
            holders.append({"post": post_id, "vacant": True})
            continue
        person_id = base = _slug(person_name)
        n = 2
        while person_id in person_ids:
            person_id, n = f"{base}-{n}", n + 1
        person_ids.add(person_id)
        people.append({"id": person_id, "name": person_name})
        holder: dict[str, Any] = {"post": post_id, "person": person_id}
        if capacity is not None:
            holder["capacity"] = str(capacity)
        if since is not None:
            holder["since"] = since
        holders.append(holder)

    for post_id, boss in parent.items():
        if boss not in line_of:
            rows.fail(f"unknown reports_to `{boss}`", line_of[post_id], col["reports_to"])
    _cycles(rows, parent, line_of, col["reports_to"])
    day = date or latest
    if day is None and not rows.errors:
        rows.fail("no date: give --date, or fill the `since` column", 1)
    if rows.errors:
        rows.errors.sort(key=lambda e: (e.mark.line, e.mark.column) if e.mark else (0, 0))
        raise ScenarioErrors(rows.errors)
    assert day is not None
    return {
        "title": title or f"Imported from {name}",
        "date": day,
        "organizations": [{"id": k, "name": v} for k, v in sorted(orgs.items())],
        "posts": posts,
        "people": people,
        "holders": holders,
    }


def _cycles(rows: _Rows, parent: dict[str, str], line_of: dict[str, int], field: int) -> None:
    reported: set[str] = set()
    done: set[str] = set()
    for start in sorted(parent, key=lambda p: line_of[p]):
        path: list[str] = []
        node: str | None = start
        while node is not None and node in parent and node not in path and node not in done:
            path.append(node)
            node = parent.get(node)
        done.update(path)
        if node is not None and node in path and node not in reported:
            cycle = path[path.index(node) :]
            reported.update(cycle)
            last = max(cycle, key=lambda p: line_of[p])
            rows.fail(
                "reports_to forms a cycle: " + " -> ".join([*cycle, node]), line_of[last], field
            )
