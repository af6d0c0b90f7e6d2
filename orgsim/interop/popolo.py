"""Popolo (https://www.popoloproject.com/) in and out: persons, organizations, posts, memberships.

A state becomes one Popolo document. What Popolo has no field for (capacities, first
assistants, orders of succession, the Vacancies Act clock's start) travels in `extras`
objects, as Open Civic Data and most Popolo producers carry extensions; a membership's `role`
also says it in words ("Acting Commissioner of ..."), so plain Popolo readers see it too.

`orgsim.interop.popolo_in` reads such a document (or one a publisher wrote) back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping
from typing import Any

from orgsim.model import (
    Capacity,
    Delegation,
    Identifier,
    Link,
    OrderAuthority,
    Organization,
    OtherName,
    Person,
    Post,
    State,
    Tenure,
)
from orgsim.rules import Settings

__all__ = ["ACTING_PREFIX", "DUTIES_PREFIX", "GENERATOR", "role_of", "to_popolo"]

GENERATOR = "orgsim"
ACTING_PREFIX = "Acting "
DUTIES_PREFIX = "Performing the Duties of "


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
    start: dt.date | None = None,
    derived: Collection[tuple[str, str, dt.date]] = (),
    ended_by_rule: Collection[tuple[str, str, dt.date]] = (),
) -> dict[str, Any]:
    """The state as one Popolo document; `past` adds memberships that have ended.

    `start`: the day the history begins (the scenario's date), written as `meta.start` so
    that an import puts the past memberships back on the timeline. `derived`: the (post,
    person, start) of tenures the rules made rather than the scenario recorded; they are
    marked `extras.derived`, and an import leaves them to the rules again; `ended_by_rule`:
    the (post, person, end) of tenures a rule ended (`extras.end_derived`).
    Lists are sorted by id, so the same state always gives the same document.
    """
    settings = settings or Settings()
    made, ended = frozenset(derived), frozenset(ended_by_rule)
    memberships = [_membership(state, t, made, ended) for t in state.holdings.values()]
    memberships.extend(_membership(state, t, made, ended) for t in past if t.end is not None)
    memberships.sort(key=lambda m: (m["post_id"], m.get("start_date") or "", m["id"]))
    calendar = state.calendar
    meta = _clean(
        {
            "generator": GENERATOR,
            "date": state.date.isoformat(),
            "start": _iso(start),
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


def _refs(
    identifiers: Iterable[Identifier], links: Iterable[Link], other_names: Iterable[OtherName]
) -> dict[str, Any]:
    """Popolo's `identifiers`, `links` and `other_names`, in the order the record keeps."""
    return {
        "identifiers": [{"scheme": i.scheme, "identifier": i.identifier} for i in identifiers],
        "links": [_clean({"url": x.url, "note": x.note}) for x in links],
        "other_names": [
            _clean({"name": o.name, "lang": o.lang, "note": o.note}) for o in other_names
        ],
    }


def _organization(org: Organization) -> dict[str, Any]:
    return _clean(
        {
            "id": org.id,
            "name": org.name,
            "classification": org.classification,
            "parent_id": org.parent,
            **_refs(org.identifiers, org.links, org.other_names),
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
    return _clean(
        {
            "id": person.id,
            "name": person.name,
            **_refs(person.identifiers, person.links, person.other_names),
            "extras": _clean(extras),
        }
    )


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
        # Popolo posts have no `identifiers`; the position's ids travel here.
        "identifiers": [{"scheme": i.scheme, "identifier": i.identifier} for i in post.identifiers],
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
            "links": [_clean({"url": x.url, "note": x.note}) for x in post.links],
            "extras": _clean(extras),
        }
    )


def _membership(
    state: State,
    tenure: Tenure,
    derived: frozenset[tuple[str, str, dt.date]],
    ended: frozenset[tuple[str, str, dt.date]],
) -> dict[str, Any]:
    title = state.title(tenure.post)
    start = _iso(tenure.start)
    # An assumption (the law's answer where the sources were silent) is the rules' to make.
    made = tenure.assumed or (
        tenure.start is not None and (tenure.post, tenure.person, tenure.start) in derived
    )
    stop = tenure.end is not None and (tenure.post, tenure.person, tenure.end) in ended
    extras = {
        "derived": made or None,
        "end_derived": stop or None,
        "capacity": str(tenure.capacity),
        "basis": tenure.basis,
        "since_note": tenure.since_note,
        # What the record claims, never what the law makes of it (the rules judge afresh).
        "route": str(tenure.route) if tenure.route is not None else None,
        "claimed_by": tenure.claimed_by,
        "by": tenure.by,
    }
    post = state.posts.get(tenure.post)
    return _clean(
        {
            "id": tenure.ref
            or f"{tenure.person}@{tenure.post}" + (f"@{start}" if tenure.end and start else ""),
            "person_id": tenure.person,
            "post_id": tenure.post,
            "organization_id": post.organization if post else None,
            "role": role_of(title, tenure.capacity),
            "start_date": start,
            "end_date": _iso(tenure.end),
            "extras": _clean(extras),
        }
    )
