"""Wikidata in: "position held" (P39) statements as posts, people and dated events.

Two shapes of file are read:

- a SPARQL query's JSON result (`{"head": {"vars": ...}, "results": {"bindings": [...]}}`),
  one row per statement, its variables named as queries usually name them (below);
- an entity JSON file (`{"entities": {"Q...": {"labels": ..., "claims": {"P39": [...]}}}}`),
  as Special:EntityData serves it, whose P39 statements carry their qualifiers: start time
  (P580), end time (P582), replaces (P1365), replaced by (P1366), electoral district (P768)
  and "of" (P642) for the organisation.

A statement becomes a holding of the post its position (and district, and organisation)
names, from its start to its end. Unknown or contradictory dates are located warnings, and the
statement is kept with what can be used. Only what the statements record comes out; the rules
judge it on replay.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from orgsim.interop.reading import (
    ORIGIN,
    Day,
    Imported,
    Reader,
    load_document,
    pick_name,
    slug,
    take_origins,
)
from orgsim.interop.timeline import Holding, build
from orgsim.model import Capacity
from orgsim.scenario.located import Path

__all__ = ["SPARQL_VARIABLES", "from_wikidata"]

# What each SPARQL variable may be called; `<name>_<lang>` and `<name>Label` give labels.
SPARQL_VARIABLES: dict[str, tuple[str, ...]] = {
    "person": ("item", "person", "politician", "human", "officeholder", "holder"),
    "position": ("role", "position", "office", "post", "positionHeld"),
    "start": ("start", "startTime", "start_time", "start_date", "from"),
    "end": ("end", "endTime", "end_time", "end_date", "to"),
    "statement": ("statement", "st", "ps"),
    "organization": ("org", "organization", "organisation", "of"),
    "district": ("district", "area", "constituency", "electoralDistrict"),
    "replaces": ("replaces", "predecessor"),
    "replaced_by": ("replacedBy", "replaced_by", "successor"),
    "acting": ("acting",),
}
_QID = re.compile(r"(Q\d+)$")
_WIKIBASE_TIME = re.compile(r"^[+]?(\d{4})-(\d{2})-(\d{2})T")
_NOT_RECORDED = str(Capacity.NOT_RECORDED)


def _qid(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    found = _QID.search(value)
    return found.group(1) if found else None


class _Statements:
    """The holdings, people and posts read so far, with their labels."""

    def __init__(self, r: Reader, lang: str | None, title: str | None, name: str) -> None:
        self.r = r
        self.lang = lang
        self.people: dict[str, dict[str, Any]] = {}
        self.posts: dict[str, dict[str, Any]] = {}
        self.orgs: dict[str, dict[str, Any]] = {}
        self.holdings: list[Holding] = []
        self.links: list[tuple[str, str, str, Path]] = []  # (statement person, kind, other, path)
        self.default_org = slug(title or name.rsplit("/", 1)[-1].rsplit(".", 1)[0])
        self.default_org_name = title or self.default_org

    def person(self, qid: str, names: dict[str, str], path: Path) -> None:
        """Add a person (or more of their names)."""
        entry = self.people.setdefault(
            qid,
            {
                ORIGIN: self.r.mark(path),
                "id": qid,
                "name": qid,
                "identifiers": [{"scheme": "wikidata", "identifier": qid}],
                "_names": {},
            },
        )
        entry["_names"].update(names)

    def post(
        self,
        position: str,
        labels: dict[str, str],
        org: tuple[str, dict[str, str]] | None,
        district: tuple[str, dict[str, str]] | None,
        path: Path,
    ) -> str:
        """The post for a position (in a district, of an organisation)."""
        org_id = org[0] if org else self.default_org
        if org is not None:
            self.orgs.setdefault(
                org[0],
                {
                    ORIGIN: self.r.mark(path),
                    "id": org[0],
                    "name": org[0],
                    "identifiers": [{"scheme": "wikidata", "identifier": org[0]}],
                    "_names": dict(org[1]),
                },
            )
        else:
            self.orgs.setdefault(
                org_id, {"id": org_id, "name": org_id, "_names": {"": self.default_org_name}}
            )
        role = pick_name(labels, self.lang) or position
        pid = "-".join(slug(x) for x in (role, *([district[0]] if district else [])))
        if pid in self.posts and self.posts[pid]["_key"] != (
            position,
            org_id,
            district and district[0],
        ):
            pid = f"{pid}-{slug(org_id)}"
        if pid not in self.posts:
            where = pick_name(district[1], self.lang) or district[0] if district else None
            self.posts[pid] = {
                ORIGIN: self.r.mark(path),
                "id": pid,
                "title": f"{role} for {where}" if where else role,
                "organization": org_id,
                "appointment": "other",
                "identifiers": [{"scheme": "wikidata", "identifier": position}],
                "_key": (position, org_id, district and district[0]),
            }
        return pid

    def holding(
        self,
        path: Path,
        person: str,
        post: str,
        start: tuple[Day | None, Path],
        end: tuple[Day | None, Path],
        *,
        ref: str | None,
        acting: bool,
    ) -> None:
        """One statement as a holding; dates that contradict each other are warnings."""
        first, last = start[0], end[0]
        if first is not None and last is not None and last.first < first.first:
            self.r.warn(
                f"ends ({last.first.isoformat()}) before it starts ({first.first.isoformat()});"
                " the end is left out",
                end[1],
            )
            last = None
        self.holdings.append(
            Holding(
                post=post,
                person=person,
                start=first.first if first else None,
                end=last.first if last else None,
                capacity=str(Capacity.ACTING) if acting else _NOT_RECORDED,
                start_note=first.text if first else None,
                end_note=last.text if last else None,
                ref=ref,
                mark=self.r.mark(path),
            )
        )

    def check_succession(self) -> None:
        """ "Replaces" and "replaced by" against the dates: a successor who starts before the
        predecessor ends is a located warning (both statements are kept)."""
        spans = {(h.person, h.post): h for h in self.holdings}
        told: set[tuple[str, str]] = set()
        for person, kind, other, path in self.links:
            mine = next((h for (p, _), h in spans.items() if p == person), None)
            theirs = next((h for (p, _), h in spans.items() if p == other), None)
            if mine is None or theirs is None:
                continue
            before, after = (theirs, mine) if kind == "replaces" else (mine, theirs)
            if (before.person, after.person) in told:
                continue
            if before.end and after.start and after.start < before.end:
                told.add((before.person, after.person))
                self.r.warn(
                    f"{after.person} is recorded as succeeding {before.person}, but starts"
                    f" ({after.start.isoformat()}) before {before.person} leaves"
                    f" ({before.end.isoformat()})",
                    path,
                )


def _labels(row: Mapping[str, Any], base: str) -> dict[str, str]:
    """The labels a SPARQL row gives for variable `base`: `base_en`, `baseLabel`, ..."""
    out: dict[str, str] = {}
    for key, cell in row.items():
        if not isinstance(cell, dict) or not isinstance(cell.get("value"), str):
            continue
        if key == f"{base}Label":
            out[str(cell.get("xml:lang") or "")] = cell["value"]
        elif key.startswith(f"{base}_") and key != f"{base}_jurisdiction":
            suffix = key[len(base) + 1 :].removeprefix("name_")
            if len(suffix) <= 3 and suffix.isalpha():
                out[suffix] = cell["value"]
    return {f"lang:{k}" if k else "lang:en": v for k, v in out.items()}


def _cell(row: Mapping[str, Any], names: tuple[str, ...]) -> tuple[str | None, Any]:
    for name in names:
        cell = row.get(name)
        if isinstance(cell, dict) and "value" in cell:
            return name, cell["value"]
    return None, None


def _read_sparql(s: _Statements, doc: Mapping[str, Any]) -> None:
    results = doc.get("results")
    bindings = results.get("bindings") if isinstance(results, dict) else None
    if not isinstance(bindings, list):
        s.r.fail("a SPARQL result needs `results.bindings`, a list", ("results",))
        return
    v = SPARQL_VARIABLES
    for i, row in enumerate(bindings):
        path: Path = ("results", "bindings", i)
        if not isinstance(row, dict):
            s.r.fail("each binding must be an object", path)
            continue
        pvar, pvalue = _cell(row, v["person"])
        person = _qid(pvalue)
        rvar, rvalue = _cell(row, v["position"])
        position = _qid(rvalue)
        if person is None or position is None:
            missing = "person (?item)" if person is None else "position (?role)"
            s.r.warn(f"no {missing} as a Wikidata item; row left out", path)
            continue
        s.person(person, _labels(row, pvar or "item") | _labels(row, "name"), path)
        ovar, ovalue = _cell(row, v["organization"])
        dvar, dvalue = _cell(row, v["district"])
        org = (q, _labels(row, ovar or "org")) if (q := _qid(ovalue)) else None
        district = (
            (q, _labels(row, f"{dvar}_name") | _labels(row, dvar or "district"))
            if (q := _qid(dvalue))
            else None
        )
        post = s.post(position, _labels(row, rvar or "role"), org, district, (*path, rvar or ""))
        svar, start_raw = _cell(row, v["start"])
        evar, end_raw = _cell(row, v["end"])
        start_at: Path = (*path, svar or "start", "value")
        end_at: Path = (*path, evar or "end", "value")
        start = s.r.day(start_raw, start_at)
        end = s.r.day(end_raw, end_at)
        start = _precise(s, start, row.get(f"{svar}Precision") or row.get(f"{svar}_precision"))
        end = _precise(s, end, row.get(f"{evar}Precision") or row.get(f"{evar}_precision"))
        _, stmt = _cell(row, v["statement"])
        _, acting = _cell(row, v["acting"])
        s.holding(
            path,
            person,
            post,
            (start, start_at),
            (end, end_at),
            ref=stmt if isinstance(stmt, str) else None,
            acting=str(acting).lower() in ("true", "1", "yes"),
        )
        for kind in ("replaces", "replaced_by"):
            kvar, other = _cell(row, v[kind])
            if (q := _qid(other)) is not None:
                s.links.append((person, kind, q, (*path, kvar or kind)))


def _precise(s: _Statements, day: Day | None, cell: Any) -> Day | None:
    """A SPARQL date whose precision variable says year or month is that year or month."""
    if day is None or not isinstance(cell, dict):
        return day
    try:
        precision = int(str(cell.get("value")))
    except ValueError:
        return day
    text = day.first.isoformat()
    if precision == 9:
        return Day(day.first.replace(month=1, day=1), day.first.replace(month=12, day=31), text[:4])
    if precision == 10:
        return Day(day.first.replace(day=1), day.first, text[:7])
    return day


def _time(s: _Statements, snaks: Any, path: Path) -> tuple[Day | None, Path]:
    """The first value of a time qualifier, with its precision; "unknown value" warns."""
    if not isinstance(snaks, list) or not snaks:
        return None, path
    snak, at = snaks[0], (*path, 0)
    if not isinstance(snak, dict):
        s.r.warn("a qualifier must be an object", at)
        return None, at
    if snak.get("snaktype") in ("somevalue", "novalue"):
        s.r.warn("the date is recorded as unknown", at)
        return None, at
    value = (
        (snak.get("datavalue") or {}).get("value")
        if isinstance(snak.get("datavalue"), dict)
        else None
    )
    if not isinstance(value, dict):
        s.r.warn("a time qualifier without a time", at)
        return None, at
    at = (*at, "datavalue", "value", "time")
    time, precision = value.get("time"), value.get("precision")
    found = _WIKIBASE_TIME.match(time) if isinstance(time, str) else None
    if found is None:
        s.r.warn(f"not a Wikidata time: {time!r}", at)
        return None, at
    if isinstance(precision, int) and precision < 9:
        s.r.warn(
            f"the date is only known to {'a decade' if precision == 8 else 'a century or more'}", at
        )
        return None, at
    year, month, day = (int(g) for g in found.groups())
    # Wikidata writes the unknown parts of a year or a month as 00.
    if precision == 9:
        text = f"{year:04d}"
    elif precision == 10:
        text = f"{year:04d}-{month:02d}"
    else:
        text = f"{year:04d}-{month:02d}-{day:02d}"
    return s.r.day(text, at), at


def _item(snaks: Any) -> str | None:
    if isinstance(snaks, list) and snaks and isinstance(snaks[0], dict):
        value = (
            (snaks[0].get("datavalue") or {}).get("value")
            if isinstance(snaks[0].get("datavalue"), dict)
            else None
        )
        if isinstance(value, dict):
            return _qid(value.get("id"))
    return None


def _entity_labels(entity: Any) -> dict[str, str]:
    labels = entity.get("labels") if isinstance(entity, dict) else None
    if not isinstance(labels, dict):
        return {}
    return {
        f"lang:{k}": v["value"]
        for k, v in labels.items()
        if isinstance(v, dict) and isinstance(v.get("value"), str)
    }


def _read_entities(s: _Statements, doc: Mapping[str, Any]) -> None:
    entities = doc.get("entities")
    if not isinstance(entities, dict):
        s.r.fail("an entity file needs `entities`, an object", ())
        return
    labels = {k: _entity_labels(e) for k, e in entities.items()}
    for qid, entity in entities.items():
        claims = entity.get("claims") if isinstance(entity, dict) else None
        statements = claims.get("P39") if isinstance(claims, dict) else None
        if statements is None:
            continue
        base: Path = ("entities", qid, "claims", "P39")
        if not isinstance(statements, list):
            s.r.fail("P39 must be a list of statements", base)
            continue
        person = _qid(qid) or qid
        for j, st in enumerate(statements):
            path: Path = (*base, j)
            if not isinstance(st, dict):
                s.r.fail("each statement must be an object", path)
                continue
            main = st.get("mainsnak")
            position = _item([main]) if isinstance(main, dict) else None
            if position is None:
                s.r.warn("a P39 statement without a position item; left out", path)
                continue
            s.person(person, labels.get(qid, {}), ("entities", qid))
            q = st.get("qualifiers") if isinstance(st.get("qualifiers"), dict) else {}
            assert isinstance(q, dict)
            qpath: Path = (*path, "qualifiers")
            org_q, district_q = _item(q.get("P642")), _item(q.get("P768"))
            org = (org_q, labels.get(org_q, {})) if org_q else None
            district = (district_q, labels.get(district_q, {})) if district_q else None
            post = s.post(position, labels.get(position, {}), org, district, path)
            start = _time(s, q.get("P580"), (*qpath, "P580"))
            end = _time(s, q.get("P582"), (*qpath, "P582"))
            has_role = q.get("P2868")
            roles = (
                [_item([x]) for x in has_role if isinstance(x, dict)]
                if isinstance(has_role, list)
                else []
            )
            acting = any(
                "acting" in " ".join(labels.get(r, {}).values()).lower() for r in roles if r
            )
            ref = st.get("id") if isinstance(st.get("id"), str) else None
            s.holding(path, person, post, start, end, ref=ref, acting=acting)
            for prop, kind in (("P1365", "replaces"), ("P1366", "replaced_by")):
                other = _item(q.get(prop))
                if other is not None:
                    s.links.append((person, kind, other, (*qpath, prop)))


def from_wikidata(
    data: bytes,
    name: str,
    *,
    date: dt.date | None = None,
    title: str | None = None,
    lang: str | None = None,
) -> Imported:
    """P39 statements (a SPARQL JSON result or an entity JSON file) as a scenario's data.

    `date`: the day the file describes; statements with no dates are placed on it.
    Raises ScenarioErrors with every problem located in the input.
    """
    doc, marks = load_document(data, name)
    r = Reader(marks, name)
    if not isinstance(doc, dict) or not ({"results", "entities"} & set(doc)):
        r.fail("not a Wikidata file: expected a SPARQL JSON result or an entity JSON file", ())
        r.stop_if_failed()
    s = _Statements(r, lang, title, name)
    if "results" in doc:
        _read_sparql(s, doc)
    else:
        _read_entities(s, doc)
    r.stop_if_failed()
    s.check_succession()
    timeline = build(s.posts, s.holdings, as_of=date)
    if timeline is None:
        r.fail(
            "no position held (P39) with a date: give the import the date of the day the file"
            " describes"
            if s.holdings
            else "no position held (P39) statement with a person and a position",
            (),
        )
        r.stop_if_failed()
    assert timeline is not None
    notes = r.notes() + timeline.notes
    unplaced = sum(len(v) for v in timeline.unplaced.values())
    if unplaced:
        notes.append(
            f"{unplaced} statement{'s' if unplaced != 1 else ''} without dates left out; give the"
            " import the date of the day the file describes to place them"
        )
    people = []
    for qid, p in sorted(s.people.items()):
        names = p.pop("_names")
        p["name"] = pick_name(names, lang) or qid
        others = [
            {"name": text, "lang": k.removeprefix("lang:")}
            for k, text in sorted(names.items())
            if text != p["name"] and k.startswith("lang:")
        ]
        if others:
            p["other_names"] = others
        people.append(p)
    orgs = []
    for oid, o in sorted(s.orgs.items()):
        names = o.pop("_names")
        o["name"] = pick_name(names, lang) or names.get("") or oid
        orgs.append(o)
    posts = []
    for p in timeline.posts:
        p = {k: v for k, v in p.items() if k != "_key"}
        posts.append(p)
    placed = {h["person"] for h in timeline.holders if "person" in h}
    placed |= {e["person"] for e in timeline.events}
    scenario: dict[str, Any] = {
        "title": title or f"Imported from {name}",
        "date": timeline.date,
        "organizations": orgs,
        "posts": posts,
        "people": [p for p in people if p["id"] in placed],
        "holders": timeline.holders,
        "events": timeline.events,
    }
    if not scenario["events"]:
        del scenario["events"]
    return Imported(scenario, notes, take_origins(scenario))
