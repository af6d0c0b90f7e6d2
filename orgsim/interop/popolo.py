"""Popolo (https://www.popoloproject.com/) in and out: persons, organizations, posts, memberships.

A state becomes one Popolo document. What Popolo has no field for (capacities, first
assistants, orders of succession, the Vacancies Act clock's start) travels in `extras`
objects, as Open Civic Data and most Popolo producers carry extensions; a membership's `role`
also says it in words ("Acting Commissioner of ..."), so plain Popolo readers see it too.

Importing reads such a document (or one from elsewhere, with fewer extras) back into the
plain data of a scenario file; `dump_scenario` writes it as YAML.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

from orgsim.errors import Mark, ScenarioError, ScenarioErrors
from orgsim.model import (
    Capacity,
    Delegation,
    OrderAuthority,
    Organization,
    Person,
    Post,
    State,
    Tenure,
)
from orgsim.rules import Settings
from orgsim.scenario.located import Marks, Path, load_located

__all__ = ["GENERATOR", "from_popolo", "role_of", "to_popolo"]

GENERATOR = "orgsim"
ACTING_PREFIX = "Acting "
DUTIES_PREFIX = "Performing the Duties of "
_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _clean(data: Mapping[str, Any]) -> dict[str, Any]:
    """Drop empty values so that documents stay small and compare equal after a round trip."""
    return {k: v for k, v in data.items() if v not in (None, (), [], {}, "")}


def role_of(title: str, capacity: Capacity) -> str:
    """The membership's role in words: "Acting Commissioner", "Performing the Duties of ..."."""
    if capacity is Capacity.ACTING:
        return ACTING_PREFIX + title
    if capacity is Capacity.PERFORMING_DUTIES:
        return DUTIES_PREFIX + title
    return title


# --- export -----------------------------------------------------------------------------------


def to_popolo(
    state: State,
    *,
    title: str | None = None,
    settings: Settings | None = None,
    past: Iterable[Tenure] = (),
) -> dict[str, Any]:
    """The state as one Popolo document; `past` adds memberships that have ended.

    Lists are sorted by id, so the same state always gives the same document.
    """
    settings = settings or Settings()
    memberships = [_membership(state, t) for t in state.holdings.values()]
    memberships.extend(_membership(state, t) for t in past if t.end is not None)
    memberships.sort(key=lambda m: (m["post_id"], m.get("start_date") or "", m["id"]))
    calendar = state.calendar
    meta = _clean(
        {
            "generator": GENERATOR,
            "date": state.date.isoformat(),
            "title": title,
            "president_post": state.president_post,
            "settings": {
                "day_count": str(settings.day_count),
                "inauguration_reading": str(settings.inauguration_reading),
            },
            "calendar": _clean(
                {
                    "inaugurations": [
                        _clean(
                            {
                                "date": i.date.isoformat(),
                                "president": i.president,
                                "transitional": i.transitional,
                            }
                        )
                        for i in calendar.inaugurations
                    ],
                    "recesses": [[a.isoformat(), b.isoformat()] for a, b in calendar.recesses],
                    "sine_die": [[a.isoformat(), b.isoformat()] for a, b in calendar.sine_die],
                }
            ),
        }
    )
    return {
        "meta": meta,
        "organizations": [_organization(o) for _, o in sorted(state.organizations.items())],
        "persons": [_person(p) for _, p in sorted(state.people.items())],
        "posts": [_post(state, p) for _, p in sorted(state.posts.items())],
        "memberships": memberships,
    }


def _organization(org: Organization) -> dict[str, Any]:
    return _clean(
        {
            "id": org.id,
            "name": org.name,
            "parent_id": org.parent,
            "extras": _clean({"executive_agency": org.executive_agency or None}),
        }
    )


def _person(person: Person) -> dict[str, Any]:
    extras = {
        "grade": person.grade,
        "agency": person.agency,
        "service_start": _iso(person.service_start),
        "note": person.note,
    }
    return _clean({"id": person.id, "name": person.name, "extras": _clean(extras)})


def _post(state: State, post: Post) -> dict[str, Any]:
    vacancy = state.vacancies.get(post.id)
    delegation: Delegation | None = state.delegations.get(post.id)
    orders = sorted((o for o in state.orders.values() if o.post == post.id), key=lambda o: o.id)
    extras = {
        "appointment": str(post.appointment),
        "reports_to": post.reports_to,
        "first_assistant": post.first_assistant,
        "appointed_by": post.appointed_by,
        "vacancies_act": post.vacancies_act,
        "dotted_to": list(post.dotted_to),
        "statute": post.statute,
        "note": post.note,
        # How the chart draws the post; left out when it is drawn the ordinary way.
        "staff": post.staff or None,
        "group": post.group,
        "vacant_since": _iso(vacancy.since) if vacancy else None,
        "delegation": _clean(
            {
                "person_id": delegation.person,
                "since": delegation.since.isoformat(),
                "by": delegation.by,
            }
        )
        if delegation
        else None,
        "succession_orders": [
            _clean(
                {
                    "id": o.id,
                    "line": list(o.line),
                    "by": o.issued_by,
                    "issued_on": _iso(o.issued_on),
                    "covers": sorted(str(k) for k in o.covers),
                    "skip_acting": o.skip_acting,
                    "authority": o.authority,
                    # The default is left out, as the scenario format leaves it out.
                    "authority_kind": None
                    if o.authority_kind is OrderAuthority.STATUTE
                    else str(o.authority_kind),
                }
            )
            for o in orders
        ],
        # Nominations for the open vacancy: they extend or restart the acting officer's time.
        "nominations": [
            _clean(
                {
                    "person_id": n.person,
                    "submitted": n.submitted.isoformat(),
                    "outcome": str(n.outcome),
                    "outcome_date": _iso(n.outcome_date),
                    "by": n.president,
                }
            )
            for n in state.nominations.get(post.id, ())
        ],
    }
    return _clean(
        {
            "id": post.id,
            "label": post.title,
            "organization_id": post.organization,
            "extras": _clean(extras),
        }
    )


def _membership(state: State, tenure: Tenure) -> dict[str, Any]:
    title = state.title(tenure.post)
    start = _iso(tenure.start)
    extras = {
        "capacity": str(tenure.capacity),
        "basis": tenure.basis,
        "since_note": tenure.since_note,
        # What the record claims, never what the law makes of it (the rules judge afresh).
        "route": str(tenure.route) if tenure.route is not None else None,
        "claimed_by": tenure.claimed_by,
        "by": tenure.by,
        "assumed": True if tenure.assumed else None,
    }
    post = state.posts.get(tenure.post)
    return _clean(
        {
            "id": f"{tenure.person}@{tenure.post}" + (f"@{start}" if tenure.end and start else ""),
            "person_id": tenure.person,
            "post_id": tenure.post,
            "organization_id": post.organization if post else None,
            "role": role_of(title, tenure.capacity),
            "start_date": start,
            "end_date": _iso(tenure.end),
            "extras": _clean(extras),
        }
    )


# --- import -----------------------------------------------------------------------------------


class _Reader:
    """Collects located problems while reading a Popolo document."""

    def __init__(self, marks: Marks) -> None:
        self.marks = marks
        self.errors: list[ScenarioError] = []

    def fail(self, message: str, path: Path) -> None:
        self.errors.append(ScenarioError(message, self.marks.at(path)))

    def text(self, item: Mapping[str, Any], key: str, path: Path, *, required: bool) -> str | None:
        value = item.get(key)
        if value is None:
            if required:
                self.fail(f"missing `{key}`", path)
            return None
        if not isinstance(value, str) or not value.strip():
            self.fail(f"`{key}` must be non-empty text, got {value!r}", (*path, key))
            return None
        return value

    def date(self, value: Any, path: Path) -> dt.date | None:
        if value is None:
            return None
        if isinstance(value, str) and _FULL_DATE.match(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        self.fail(f"expected a date YYYY-MM-DD, got {value!r}", path)
        return None

    def items(self, doc: Mapping[str, Any], key: str) -> list[tuple[Path, dict[str, Any]]]:
        value = doc.get(key, [])
        if not isinstance(value, list):
            self.fail(f"`{key}` must be a list", (key,))
            return []
        out: list[tuple[Path, dict[str, Any]]] = []
        for i, item in enumerate(value):
            if isinstance(item, dict):
                out.append(((key, i), item))
            else:
                self.fail(f"each of `{key}` must be an object", (key, i))
        return out


def _extras(item: Mapping[str, Any]) -> dict[str, Any]:
    extras = item.get("extras")
    return extras if isinstance(extras, dict) else {}


def _capacity_from_role(role: Any) -> str | None:
    if not isinstance(role, str):
        return None
    if role.startswith(ACTING_PREFIX):
        return str(Capacity.ACTING)
    if "Performing the Duties" in role:
        return str(Capacity.PERFORMING_DUTIES)
    return None


def from_popolo(
    data: bytes, name: str, *, date: dt.date | None = None, title: str | None = None
) -> tuple[dict[str, Any], list[str]]:
    """A Popolo document as the plain data of a scenario file, and notes on what was dropped.

    The scenario's date is `date`, else the document's `meta.date`, else the latest start date.
    Raises ScenarioErrors with every problem located in the input.
    """
    try:
        doc, marks = load_located(data, name)
    except ScenarioError as err:
        raise ScenarioErrors([err]) from None
    if not isinstance(doc, dict):
        raise ScenarioErrors(
            [ScenarioError("a Popolo document must be an object", Mark(name, 1, 1))]
        )
    r = _Reader(marks)
    notes: list[str] = []
    meta = doc.get("meta") if isinstance(doc.get("meta"), dict) else {}
    assert isinstance(meta, dict)

    orgs = r.items(doc, "organizations")
    persons = r.items(doc, "persons")
    posts = r.items(doc, "posts")
    memberships = r.items(doc, "memberships")
    org_ids = {o.get("id") for _, o in orgs}
    person_ids = {p.get("id") for _, p in persons}
    post_ids = {p.get("id") for _, p in posts}

    starts: list[str] = [m["start_date"] for _, m in memberships if _full(m.get("start_date"))]
    day = date or r.date(meta.get("date"), ("meta", "date"))
    if day is None:
        full = sorted(starts)
        if not full:
            r.fail("no date: give --date (the document has no meta.date and no start dates)", ())
            raise ScenarioErrors(r.errors)
        day = dt.date.fromisoformat(full[-1])

    out_orgs = []
    for path, o in orgs:
        oid = r.text(o, "id", path, required=True)
        parent = o.get("parent_id")
        if parent is not None and parent not in org_ids:
            r.fail(f"unknown organization `{parent}`", (*path, "parent_id"))
        out_orgs.append(
            _clean(
                {
                    "id": oid,
                    "name": o.get("name") or oid,
                    "parent": parent,
                    "executive_agency": bool(_extras(o).get("executive_agency")) or None,
                }
            )
        )

    out_people = []
    for path, p in persons:
        pid = r.text(p, "id", path, required=True)
        extras = _extras(p)
        out_people.append(
            _clean(
                {
                    "id": pid,
                    "name": p.get("name") or pid,
                    "grade": extras.get("grade"),
                    "agency": extras.get("agency"),
                    "service_start": r.date(
                        extras.get("service_start"), (*path, "extras", "service_start")
                    ),
                    "note": extras.get("note"),
                }
            )
        )

    out_posts, orders, delegations, nominations, vacant_since = [], [], [], [], {}
    for path, p in posts:
        pid = r.text(p, "id", path, required=True)
        org = r.text(p, "organization_id", path, required=True)
        if org is not None and org not in org_ids:
            r.fail(f"unknown organization `{org}`", (*path, "organization_id"))
        extras = _extras(p)
        for key in ("reports_to", "first_assistant", "appointed_by"):
            ref = extras.get(key)
            if ref is not None and ref not in post_ids:
                r.fail(f"unknown post `{ref}`", (*path, "extras", key))
        out_posts.append(
            _clean(
                {
                    "id": pid,
                    "title": p.get("label") or p.get("role") or pid,
                    "organization": org,
                    "reports_to": extras.get("reports_to"),
                    "appointment": extras.get("appointment"),
                    "first_assistant": extras.get("first_assistant"),
                    "appointed_by": extras.get("appointed_by"),
                    "vacancies_act": extras.get("vacancies_act"),
                    "dotted_to": extras.get("dotted_to"),
                    "statute": extras.get("statute"),
                    "note": extras.get("note"),
                    "staff": extras.get("staff"),
                    "group": extras.get("group"),
                }
            )
        )
        since = r.date(extras.get("vacant_since"), (*path, "extras", "vacant_since"))
        if pid is not None and since is not None:
            vacant_since[pid] = since
        for j, o in enumerate(extras.get("succession_orders") or []):
            if isinstance(o, dict):
                orders.append(
                    _clean(
                        {
                            "id": o.get("id"),
                            "post": pid,
                            "line": o.get("line"),
                            "by": o.get("by"),
                            "issued_on": r.date(
                                o.get("issued_on"),
                                (*path, "extras", "succession_orders", j, "issued_on"),
                            ),
                            "covers": o.get("covers"),
                            "skip_acting": o.get("skip_acting"),
                            "authority": o.get("authority"),
                            "authority_kind": o.get("authority_kind"),
                        }
                    )
                )
        d = extras.get("delegation")
        if isinstance(d, dict):
            delegations.append(
                _clean(
                    {
                        "post": pid,
                        "person": d.get("person_id"),
                        "since": r.date(d.get("since"), (*path, "extras", "delegation", "since")),
                        "by": d.get("by"),
                    }
                )
            )
        for k, n in enumerate(extras.get("nominations") or []):
            if isinstance(n, dict):
                at = (*path, "extras", "nominations", k)
                nominations.append(
                    _clean(
                        {
                            "post": pid,
                            "person": n.get("person_id"),
                            "submitted": r.date(n.get("submitted"), (*at, "submitted")),
                            "outcome": n.get("outcome"),
                            "outcome_date": r.date(n.get("outcome_date"), (*at, "outcome_date")),
                            "by": n.get("by"),
                        }
                    )
                )

    holders: list[dict[str, Any]] = []
    held: set[str] = set()
    for path, m in memberships:
        post = m.get("post_id")
        if post is None:
            notes.append(f"{'.'.join(map(str, path))}: not a membership in a post; skipped")
            continue
        if post not in post_ids:
            r.fail(f"unknown post `{post}`", (*path, "post_id"))
            continue
        person = m.get("person_id")
        if person not in person_ids:
            r.fail(f"unknown person `{person}`", (*path, "person_id"))
            continue
        extras = _extras(m)
        start_raw = m.get("start_date")
        start = r.date(start_raw, (*path, "start_date")) if _full(start_raw) else None
        end = r.date(m.get("end_date"), (*path, "end_date")) if _full(m.get("end_date")) else None
        if end is not None and end <= day:
            notes.append(f"{post}: {person}'s membership ended {end.isoformat()}; not carried")
            continue
        if start is not None and start > day:
            notes.append(f"{post}: {person}'s membership starts after {day.isoformat()}; skipped")
            continue
        if extras.get("assumed") is True:
            # The law's answer where the sources were silent: the rules will give it again.
            notes.append(f"{post}: {person} was assumed to act, not reported; not carried")
            continue
        if post in held:
            r.fail(f"post `{post}` has more than one current membership", (*path, "post_id"))
            continue
        held.add(post)
        capacity = extras.get("capacity") or _capacity_from_role(m.get("role"))
        since_note = extras.get("since_note")
        if since_note is None and isinstance(start_raw, str) and not _full(start_raw):
            since_note = start_raw  # Popolo allows a year or a month; keep it as words
        temporary = capacity in (str(Capacity.ACTING), str(Capacity.PERFORMING_DUTIES))
        holders.append(
            _clean(
                {
                    "post": post,
                    "person": person,
                    "capacity": capacity,
                    "since": start,
                    "since_note": since_note,
                    "vacant_since": vacant_since.get(post) if temporary else None,
                    "basis": extras.get("basis"),
                    "route": extras.get("route") if temporary else None,
                    "claimed_by": extras.get("claimed_by") if temporary else None,
                    "by": extras.get("by") if temporary else None,
                }
            )
        )
    for post in sorted(set(vacant_since) - held):
        holders.append({"post": post, "vacant": True, "vacant_since": vacant_since[post]})
    if r.errors:
        raise ScenarioErrors(r.errors)

    calendar = meta.get("calendar") if isinstance(meta.get("calendar"), dict) else {}
    assert isinstance(calendar, dict)
    scenario: dict[str, Any] = {
        "title": title or meta.get("title") or f"Imported from {name}",
        "date": day,
        "president": meta.get("president_post"),
        "settings": meta.get("settings"),
        "calendar": _clean(
            {
                "inaugurations": [
                    _clean({**i, "date": dt.date.fromisoformat(i["date"])})
                    for i in calendar.get("inaugurations", [])
                ],
                "recesses": [_period(p) for p in calendar.get("recesses", [])],
                "sine_die": [_period(p) for p in calendar.get("sine_die", [])],
            }
        ),
        "organizations": out_orgs,
        "posts": out_posts,
        "people": out_people,
        "holders": holders,
        "orders": orders,
        "delegations": delegations,
        "nominations": nominations,
    }
    return _clean(scenario), notes


def _full(value: Any) -> bool:
    return isinstance(value, str) and bool(_FULL_DATE.match(value))


def _period(pair: list[str]) -> dict[str, dt.date]:
    return {"start": dt.date.fromisoformat(pair[0]), "end": dt.date.fromisoformat(pair[1])}
