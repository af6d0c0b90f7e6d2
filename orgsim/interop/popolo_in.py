"""Popolo (https://www.popoloproject.com/) in: as publishers write it, and as orgsim exports it.

Publishers seldom write `posts`: they put a person in an organisation with a role, often for
an area ("member" of the House of Commons for Aberavon). Such memberships become posts keyed
by organisation, role and area; several people in one such post at once become seats of one
body. Dates come from the membership, else from its legislative period (`events`), else from
the import's `date`; a membership with none is kept in its post's note, not taken as current.

orgsim's own exports carry what Popolo has no field for in `extras`; those come back too.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from typing import Any

from orgsim.errors import Mark
from orgsim.interop.popolo import ACTING_PREFIX, GENERATOR
from orgsim.interop.reading import (
    ORIGIN,
    Day,
    Imported,
    Reader,
    canonical,
    load_document,
    pick_name,
    slug,
    take_origins,
)
from orgsim.interop.timeline import Holding, Timeline, build
from orgsim.model import Capacity
from orgsim.scenario.located import Path

__all__ = ["from_popolo"]

Item = tuple[Path, dict[str, Any]]
_NOT_RECORDED = str(Capacity.NOT_RECORDED)


def _text(value: Any) -> str | None:
    """A text value from an export's extras, or None when it is anything else."""
    return value if isinstance(value, str) else None


def _extras(item: Mapping[str, Any]) -> dict[str, Any]:
    extras = item.get("extras")
    return extras if isinstance(extras, dict) else {}


def _capacity_from_role(role: str | None) -> str | None:
    if not role:
        return None
    if role.startswith(ACTING_PREFIX) or role.lower().startswith("acting "):
        return str(Capacity.ACTING)
    if "performing the duties" in role.lower():
        return str(Capacity.PERFORMING_DUTIES)
    return None


def _clean(data: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v not in (None, (), [], {}, "")}


class _Document:
    """The document's lists, indexed by id, duplicates merged when identical."""

    def __init__(self, r: Reader, doc: Any) -> None:
        self.r = r
        self.memberships: list[Item] = []
        self.bare = isinstance(doc, list)  # memberships alone: people and bodies named by id
        if isinstance(doc, list):
            # A bare array of memberships, as some APIs return them.
            for i, m in enumerate(doc):
                if isinstance(m, dict):
                    self.memberships.append(((i,), m))
                else:
                    r.fail("each membership must be an object", (i,))
            doc = {}
        elif isinstance(doc, dict):
            self.memberships = r.items(doc, "memberships")
        else:
            r.fail("a Popolo file must be an object (or a list of memberships)", ())
            r.stop_if_failed()
        self.meta: dict[str, Any] = doc.get("meta") if isinstance(doc.get("meta"), dict) else {}
        self.orgs = self._index(r.items(doc, "organizations"), "organization")
        self.persons = self._index(r.items(doc, "persons"), "person")
        self.posts = self._index(r.items(doc, "posts"), "post")
        self.areas = self._index(r.items(doc, "areas"), "area")
        self.events = self._index(r.items(doc, "events"), "event")
        # Popolo lets a membership embed its person, organisation or post.
        for path, m in self.memberships:
            for key, table, what in (
                ("person", self.persons, "person"),
                ("organization", self.orgs, "organization"),
                ("post", self.posts, "post"),
            ):
                inner = m.get(key)
                if isinstance(inner, dict):
                    self._add(table, (*path, key), inner, what)

    def _index(self, items: list[Item], what: str) -> dict[str, Item]:
        table: dict[str, Item] = {}
        for path, item in items:
            self._add(table, path, item, what)
        return table

    def _add(self, table: dict[str, Item], path: Path, item: dict[str, Any], what: str) -> None:
        oid = self.r.ident(item, "id", path)
        if oid is None:
            if "id" not in item:
                self.r.fail(f"this {what} has no `id`", path)
            return
        first = table.get(oid)
        if first is None:
            table[oid] = (path, item)
        elif canonical(first[1]) != canonical(item):
            where = self.r.mark((*first[0], "id"))
            self.r.fail(
                f"duplicate {what} id `{oid}` (first at line {where.line}, column"
                f" {where.column}, with different content)",
                (*path, "id"),
            )


def _refs(
    r: Reader, item: Mapping[str, Any], path: Path, names: list[dict[str, Any]]
) -> dict[str, Any]:
    """The item's `identifiers`, `links` and `other_names` as a scenario writes them; entries
    that are not what Popolo says they are are warnings and left out."""
    ids: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []
    for key, out, need in (
        ("identifiers", ids, ("scheme", "identifier")),
        ("links", links, ("url",)),
    ):
        value = item.get(key)
        if value is None:
            continue
        if not isinstance(value, list):
            r.warn(f"`{key}` should be a list; ignored", (*path, key))
            continue
        for i, entry in enumerate(value):
            if isinstance(entry, dict) and all(isinstance(entry.get(k), str) for k in need):
                extra = {"note": entry["note"]} if isinstance(entry.get("note"), str) else {}
                out.append({k: entry[k] for k in need} | extra)
            else:
                r.warn(
                    f"each of `{key}` needs {' and '.join(need)} as text; one left out",
                    (*path, key, i),
                )
    others = item.get("other_names")
    if isinstance(others, list):
        for entry in others:
            if isinstance(entry, dict) and isinstance(entry.get("name"), str) and entry["name"]:
                names.append(
                    _clean(
                        {
                            "name": entry["name"],
                            "lang": entry.get("lang")
                            if isinstance(entry.get("lang"), str)
                            else None,
                            "note": entry.get("note")
                            if isinstance(entry.get("note"), str)
                            else None,
                        }
                    )
                )
    return {"identifiers": ids, "links": links, "other_names": names}


class _Import:
    """One import: the document, the options, and what has been built so far."""

    def __init__(self, doc: _Document, lang: str | None) -> None:
        self.d = doc
        self.r = doc.r
        self.lang = lang
        self.ours = doc.meta.get("generator") == GENERATOR
        self.posts: dict[str, dict[str, Any]] = {}
        self.derived: dict[tuple[str, str, str | None], str] = {}
        self.post_marks: dict[str, Mark] = {}
        self.holdings: list[Holding] = []
        self.skipped: Counter[str] = Counter()

    # --- names ---------------------------------------------------------------------------

    def languages(self, item: Mapping[str, Any], chosen: str) -> list[dict[str, Any]]:
        """A multilingual name's other languages, as other names."""
        value = item.get("name")
        if not isinstance(value, Mapping):
            return []
        return [
            {"name": text.strip(), "lang": str(k).removeprefix("lang:")}
            for k, text in sorted(value.items())
            if isinstance(text, str) and text.strip() and text.strip() != chosen
        ]

    def name_of(self, item: Mapping[str, Any], fallback: str) -> str:
        """The item's name in the chosen language, else a sensible fallback."""
        name = pick_name(item.get("name"), self.lang)
        if name:
            return name
        others = item.get("other_names")
        if isinstance(others, list):
            named = [o for o in others if isinstance(o, dict) and isinstance(o.get("name"), str)]
            for o in named:
                if self.lang and o.get("lang") == self.lang:
                    return str(o["name"])
        given = item.get("given_name")
        family = item.get("family_name")
        parts = [p.strip() for p in (given, family) if isinstance(p, str) and p.strip()]
        if parts:
            return " ".join(parts)
        label = pick_name(item.get("label"), self.lang)
        return label or fallback

    # --- organisations, people, posts -----------------------------------------------------

    def organizations(self, used: set[str]) -> list[dict[str, Any]]:
        """The organisations posts belong to, and the ones above them."""
        keep: set[str] = set()
        for oid in sorted(used):
            seen: set[str] = set()
            while oid in self.d.orgs and oid not in seen:
                seen.add(oid)
                keep.add(oid)
                parent = self.d.orgs[oid][1].get("parent_id")
                if not isinstance(parent, str):
                    break
                if parent not in self.d.orgs:
                    self.r.fail(
                        f"unknown organization `{parent}`", (*self.d.orgs[oid][0], "parent_id")
                    )
                    break
                oid = parent
        if self.ours:
            keep = set(self.d.orgs)
        out = []
        for oid in sorted(keep):
            path, o = self.d.orgs[oid]
            parent = o.get("parent_id") if isinstance(o.get("parent_id"), str) else None
            name = self.name_of(o, oid)
            kind = o.get("classification")
            out.append(
                _clean(
                    {
                        ORIGIN: self.r.mark(path),
                        "id": oid,
                        "name": name,
                        "parent": parent if parent in keep else None,
                        "executive_agency": bool(_extras(o).get("executive_agency")) or None,
                        "classification": kind if isinstance(kind, str) else None,
                        **_refs(self.r, o, path, self.languages(o, name)),
                    }
                )
            )
        return out

    def people(self, used: set[str]) -> list[dict[str, Any]]:
        """The people who hold (or held) a post; others are left out."""
        out = []
        ids = set(self.d.persons) if self.ours else used
        for pid in sorted(ids):
            path, p = self.d.persons[pid]
            extras = _extras(p)
            service = self.r.day(extras.get("service_start"), (*path, "extras", "service_start"))
            name = self.name_of(p, pid)
            out.append(
                _clean(
                    {
                        ORIGIN: self.r.mark(path),
                        "id": pid,
                        "name": name,
                        **_refs(self.r, p, path, self.languages(p, name)),
                        "grade": extras.get("grade"),
                        "agency": extras.get("agency"),
                        "service_start": service.first if service and service.exact else None,
                        "note": extras.get("note"),
                    }
                )
            )
        return out

    def explicit_post(self, pid: str) -> str:
        """A post the document lists, read once."""
        if pid in self.posts:
            return pid
        path, p = self.d.posts[pid]
        org = self.r.ident(p, "organization_id", path)
        if org is None:
            self.r.fail("a post needs an `organization_id`", path)
        elif org not in self.d.orgs:
            self.r.fail(f"unknown organization `{org}`", (*path, "organization_id"))
        extras = _extras(p)
        for key in ("reports_to", "first_assistant", "appointed_by"):
            ref = extras.get(key)
            if isinstance(ref, str) and ref not in self.d.posts:
                self.r.fail(f"unknown post `{ref}`", (*path, "extras", key))
        title = pick_name(p.get("label"), self.lang) or pick_name(p.get("role"), self.lang) or pid
        self.posts[pid] = _clean(
            {
                ORIGIN: self.r.mark(path),
                "id": pid,
                "title": title,
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
                "identifiers": extras.get("identifiers"),
                "links": _refs(self.r, p, path, [])["links"],
            }
        )
        self.post_marks[pid] = self.r.mark(path)
        return pid

    def derived_post(self, org: str, role: str, area: str | None, path: Path) -> str:
        """The post a membership of `org` with `role` (for `area`) stands for; its id is made
        from the organisation's name, the role and the area."""
        key = (org, role.lower(), area)
        if key in self.derived:
            return self.derived[key]
        org_name = self.name_of(self.d.orgs[org][1], org)
        base = "-".join(slug(x) for x in (org_name, role, *([area] if area else [])))
        pid, n = base, 2
        while pid in self.posts or pid in self.d.posts:
            pid, n = f"{base}-{n}", n + 1
        self.derived[key] = pid
        area_name = None
        if area is not None:
            # Areas are often published separately; the id still tells seats apart.
            area_name = self.name_of(self.d.areas[area][1], area) if area in self.d.areas else area
        title = role[:1].upper() + role[1:]
        if area_name:
            title += f" for {area_name}"
        self.posts[pid] = {
            ORIGIN: self.r.mark(path),
            "id": pid,
            "title": title,
            "organization": org,
            "appointment": "other",
        }
        self.post_marks[pid] = self.r.mark(path)
        return pid

    # --- memberships ---------------------------------------------------------------------

    def period(self, m: Mapping[str, Any], path: Path) -> tuple[Day | None, Day | None, str]:
        """The start and end of the membership's legislative period, and its name."""
        pid = m.get("legislative_period_id")
        if not isinstance(pid, str):
            return None, None, ""
        if pid not in self.d.events:
            self.r.warn(f"unknown legislative period `{pid}`", (*path, "legislative_period_id"))
            return None, None, ""
        epath, e = self.d.events[pid]
        start = self.r.day(e.get("start_date"), (*epath, "start_date"))
        end = self.r.day(e.get("end_date"), (*epath, "end_date"))
        return start, end, self.name_of(e, pid)

    def membership(self, path: Path, m: dict[str, Any]) -> None:
        """One membership as a holding (or a note on why it is not one)."""
        extras = _extras(m)
        person = self.r.ident(m, "person_id", path)
        if person is None and isinstance(m.get("person"), dict):
            person = self.r.ident(m["person"], "id", (*path, "person"))
        if person is None:
            self.r.fail("a membership needs a `person_id`", path)
            return
        if person not in self.d.persons and self.d.bare:
            self.d.persons[person] = ((*path, "person_id"), {"id": person})
        if person not in self.d.persons:
            self.r.fail(f"unknown person `{person}`", (*path, "person_id"))
            return
        post = self.r.ident(m, "post_id", path)
        if post is None and isinstance(m.get("post"), dict):
            post = self.r.ident(m["post"], "id", (*path, "post"))
        role = pick_name(m.get("role"), self.lang)
        if post is not None:
            if post not in self.d.posts:
                self.r.fail(f"unknown post `{post}`", (*path, "post_id"))
                return
            post = self.explicit_post(post)
        else:
            org = self.r.ident(m, "organization_id", path)
            if org is None and isinstance(m.get("organization"), dict):
                org = self.r.ident(m["organization"], "id", (*path, "organization"))
            if org is None:
                self.r.warn("a membership with neither `post_id` nor `organization_id`", path)
                return
            if org not in self.d.orgs and self.d.bare:
                self.d.orgs[org] = ((*path, "organization_id"), {"id": org})
            if org not in self.d.orgs:
                self.r.fail(f"unknown organization `{org}`", (*path, "organization_id"))
                return
            if self.d.orgs[org][1].get("classification") == "party" and not role:
                self.skipped["party memberships (not offices)"] += 1
                return
            area = self.r.ident(m, "area_id", path)
            post = self.derived_post(org, role or "member", area, path)
            code = m.get("role_code")
            if (
                isinstance(code, str)
                and code.startswith("Q")
                and "identifiers" not in self.posts[post]
            ):
                # proto-commons files name the position's Wikidata item
                self.posts[post]["identifiers"] = [{"scheme": "wikidata", "identifier": code}]
        start = self.r.day(m.get("start_date"), (*path, "start_date"))
        end = self.r.day(m.get("end_date"), (*path, "end_date"))
        p_start, p_end, p_name = self.period(m, path)
        start_note = end_note = period = None
        if (start is None and p_start is not None) or (end is None and p_end is not None):
            period = f"dates from the legislative period {p_name}"
        start = start or p_start
        end = end or p_end
        if start is not None and start.text:
            start_note = start.text
        if end is not None and end.text:
            end_note = end.text
        if start is not None and end is not None and end.first < start.first:
            self.r.warn(
                f"ends ({end.first.isoformat()}) before it starts ({start.first.isoformat()});"
                " skipped",
                (*path, "end_date"),
            )
            return
        if self.ours:
            capacity = extras.get("capacity") or _capacity_from_role(role)
            start_note = start_note or extras.get("since_note")
        else:
            capacity = _capacity_from_role(role) or _NOT_RECORDED
        self.holdings.append(
            Holding(
                post=post,
                person=person,
                start=start.first if start else None,
                end=end.first if end else None,
                capacity=capacity,
                basis=extras.get("basis") if self.ours else None,
                route=_text(extras.get("route")) if self.ours else None,
                claimed_by=_text(extras.get("claimed_by")) if self.ours else None,
                by=_text(extras.get("by")) if self.ours else None,
                start_note=start_note,
                end_note=end_note,
                period=period,
                ref=m.get("id") if isinstance(m.get("id"), str) else None,
                mark=self.r.mark(path),
                derived=self.ours and bool(extras.get("derived")),
                end_by_rule=self.ours and bool(extras.get("end_derived")),
            )
        )


def _list(r: Reader, value: Any, path: Path) -> list[Any]:
    """A list the file should hold here; anything else is an error at its place."""
    if value is None:
        return []
    if not isinstance(value, list):
        r.fail("expected a list", path)
        return []
    return value


def _day_of(r: Reader, value: Any, path: Path) -> dt.date | None:
    day = r.day(value, path)
    return day.first if day and day.exact else None


def from_popolo(
    data: bytes,
    name: str,
    *,
    date: dt.date | None = None,
    title: str | None = None,
    lang: str | None = None,
) -> Imported:
    """A Popolo file as the plain data of a scenario file, with notes (located warnings, what
    was left out) and where each item comes from. Raises ScenarioErrors with every problem
    located in the input.

    `date`: the day the file describes; memberships with no dates are placed on it.
    `lang`: the language to take names in when the file gives several.
    """
    doc, marks = load_document(data, name)
    r = Reader(marks, name)
    d = _Document(r, doc)
    imp = _Import(d, lang)
    for path, m in d.memberships:
        imp.membership(path, m)
    if imp.ours:
        for pid in sorted(d.posts):
            imp.explicit_post(pid)
    r.stop_if_failed()

    start: dt.date | None = None
    as_of = date
    if imp.ours:
        start = date or _day_of(r, d.meta.get("start"), ("meta", "start"))
        start = start or _day_of(r, d.meta.get("date"), ("meta", "date"))
        as_of = start
    timeline = build(
        imp.posts,
        imp.holdings,
        as_of=as_of,
        start=start,
        undated_note=None if imp.ours else "dates not recorded",
    )
    if timeline is None:
        if not imp.holdings:
            r.fail("no memberships in a post or an organisation: nothing to import", ())
        else:
            r.fail(
                "no membership gives a date, and none has a legislative period with one:"
                " give the import the date of the day the file describes",
                (),
            )
        r.stop_if_failed()
    assert timeline is not None
    notes = r.notes() + timeline.notes
    for why, n in sorted(imp.skipped.items()):
        notes.append(f"{n} membership{'s' if n != 1 else ''} skipped: {why}")
    posts = _with_unplaced(timeline, notes)
    used_orgs = {p["organization"] for p in posts if isinstance(p.get("organization"), str)}
    people_used = {h["person"] for h in timeline.holders if "person" in h}
    people_used |= {e["person"] for e in timeline.events if "person" in e}
    people_used |= {h.person for hs in timeline.unplaced.values() for h in hs}
    scenario: dict[str, Any] = {
        "title": title or d.meta.get("title") or f"Imported from {name}",
        "date": timeline.date,
        "president": d.meta.get("president_post") if imp.ours else None,
        "settings": d.meta.get("settings") if imp.ours else None,
        "calendar": _calendar(r, d.meta) if imp.ours else None,
        "organizations": imp.organizations(used_orgs),
        "posts": posts,
        "people": imp.people(people_used),
        "holders": timeline.holders,
    }
    if imp.ours:
        _orgsim_extras(r, d, timeline, scenario, notes)
    scenario["events"] = timeline.events
    r.stop_if_failed()
    out = _clean(scenario)
    origins = take_origins(out)
    for key, at in (
        ("president", ("meta", "president_post")),
        ("calendar", ("meta", "calendar")),
        ("settings", ("meta", "settings")),
        ("title", ("meta", "title")),
    ):
        if key in out:
            origins[(key,)] = r.mark(at)
    return Imported(out, notes, origins)


def _with_unplaced(timeline: Timeline, notes: list[str]) -> list[dict[str, Any]]:
    """Posts, with the people the file lists in them without any date named in a note."""
    posts = []
    count = 0
    for p in timeline.posts:
        undated = timeline.unplaced.get(p["id"], [])
        if undated:
            count += len(undated)
            names = ", ".join(sorted({h.person for h in undated}))
            listed = f"Listed without dates (not placed on the timeline): {names}."
            p = dict(p, note=f"{p['note']} {listed}" if p.get("note") else listed)
        posts.append(p)
    if count:
        places = sum(1 for p in timeline.posts if timeline.unplaced.get(p["id"]))
        notes.append(
            f"{count} membership{'s' if count != 1 else ''} without dates in {places}"
            f" post{'s' if places != 1 else ''}: kept in the posts' notes, not taken as"
            " current; give the import the date of the day the file describes to place them"
        )
    return posts


def _calendar(r: Reader, meta: Mapping[str, Any]) -> dict[str, Any] | None:
    cal = meta.get("calendar")
    if not isinstance(cal, dict):
        return None
    path: Path = ("meta", "calendar")

    def periods(key: str) -> list[dict[str, Any]]:
        out = []
        for i, pair in enumerate(_list(r, cal.get(key), (*path, key))):
            if isinstance(pair, list) and len(pair) == 2:
                a = _day_of(r, pair[0], (*path, key, i, 0))
                b = _day_of(r, pair[1], (*path, key, i, 1))
                if a and b:
                    out.append({"start": a, "end": b})
        return out

    inaugurations = []
    for i, item in enumerate(_list(r, cal.get("inaugurations"), (*path, "inaugurations"))):
        if isinstance(item, dict):
            day = _day_of(r, item.get("date"), (*path, "inaugurations", i, "date"))
            if day:
                inaugurations.append(_clean({**item, "date": day}))
    return _clean(
        {
            "inaugurations": inaugurations,
            "recesses": periods("recesses"),
            "sine_die": periods("sine_die"),
        }
    )


def _orgsim_extras(
    r: Reader, d: _Document, timeline: Timeline, scenario: dict[str, Any], notes: list[str]
) -> None:
    """What orgsim's own export keeps in `extras`: vacancies, orders, delegations, nominations
    (as they stood on the exported day; those after the scenario's date are left out)."""
    day = timeline.date
    held = {h["post"]: h for h in scenario["holders"]}
    orders, delegations, nominations = [], [], []
    events: list[dict[str, Any]] = []
    for pid in sorted(d.posts):
        path, p = d.posts[pid]
        extras = _extras(p)
        since = _day_of(r, extras.get("vacant_since"), (*path, "extras", "vacant_since"))
        if since is not None and since <= day:
            holder = held.get(pid)
            if holder is None:
                scenario["holders"].append(
                    {ORIGIN: r.mark(path), "post": pid, "vacant": True, "vacant_since": since}
                )
            elif holder.get("capacity") in (
                str(Capacity.ACTING),
                str(Capacity.PERFORMING_DUTIES),
            ):
                holder["vacant_since"] = since
        orders_at = (*path, "extras", "succession_orders")
        for j, o in enumerate(_list(r, extras.get("succession_orders"), orders_at)):
            if isinstance(o, dict):
                at = (*path, "extras", "succession_orders", j)
                orders.append(
                    _clean(
                        {
                            ORIGIN: r.mark(at),
                            "id": o.get("id"),
                            "post": pid,
                            "line": o.get("line"),
                            "by": o.get("by"),
                            "issued_on": _day_of(r, o.get("issued_on"), (*at, "issued_on")),
                            "covers": o.get("covers"),
                            "skip_acting": o.get("skip_acting"),
                            "authority": o.get("authority"),
                            "authority_kind": o.get("authority_kind"),
                        }
                    )
                )
        dl = extras.get("delegation")
        if isinstance(dl, dict):
            at = (*path, "extras", "delegation")
            since_d = _day_of(r, dl.get("since"), (*at, "since"))
            facts = {
                ORIGIN: r.mark(at),
                "post": pid,
                "person": dl.get("person_id"),
                "by": dl.get("by"),
            }
            if since_d is not None and since_d <= day:
                delegations.append(_clean({**facts, "since": since_d}))
            elif since_d is not None:
                events.append(_clean({"date": since_d, "kind": "delegate-duties", **facts}))
                # The delegation itself seats the delegate when nobody serves.
                duties = {
                    "post": pid,
                    "person": facts["person"],
                    "date": since_d,
                    "kind": "appoint",
                    "capacity": str(Capacity.PERFORMING_DUTIES),
                }
                timeline.events[:] = [
                    e for e in timeline.events if {k: e.get(k) for k in duties} != duties
                ]
        nominations_at = (*path, "extras", "nominations")
        for k, n in enumerate(_list(r, extras.get("nominations"), nominations_at)):
            if not isinstance(n, dict):
                continue
            at = (*path, "extras", "nominations", k)
            submitted = _day_of(r, n.get("submitted"), (*at, "submitted"))
            outcome_date = _day_of(r, n.get("outcome_date"), (*at, "outcome_date"))
            if submitted is None:
                continue
            if submitted > day:
                made = _nomination_events(pid, n, submitted, outcome_date)
                events.extend({ORIGIN: r.mark(at), **e} for e in made)
                continue
            nominations.append(
                _clean(
                    {
                        ORIGIN: r.mark(at),
                        "post": pid,
                        "person": n.get("person_id"),
                        "submitted": submitted,
                        "outcome": n.get("outcome")
                        if not outcome_date or outcome_date <= day
                        else None,
                        "outcome_date": outcome_date
                        if outcome_date and outcome_date <= day
                        else None,
                        "by": n.get("by"),
                    }
                )
            )
    scenario["orders"] = orders
    scenario["delegations"] = delegations
    scenario["nominations"] = nominations
    timeline.events.extend(events)
    timeline.events.sort(key=lambda e: e["date"])  # stable: a day's order is kept


_OUTCOME_EVENTS = {
    "withdrawn": "withdraw-nomination",
    "returned": "return-nomination",
    "rejected": "reject-nomination",
    "confirmed": "confirm",
}


def _nomination_events(
    post: str, n: Mapping[str, Any], submitted: dt.date, outcome_date: dt.date | None
) -> list[dict[str, Any]]:
    """A nomination made after the scenario's date, as the events that record it."""
    person = n.get("person_id")
    out = [
        _clean(
            {
                "date": submitted,
                "kind": "nominate",
                "post": post,
                "person": person,
                "by": n.get("by"),
            }
        )
    ]
    kind = _OUTCOME_EVENTS.get(str(n.get("outcome")))
    if kind and outcome_date is not None:
        out.append({"date": outcome_date, "kind": kind, "post": post, "person": person})
    return out
