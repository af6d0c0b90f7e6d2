"""Scenario files to a checked initial state, events and expectations; every problem located."""

from __future__ import annotations

import typing
from collections.abc import Iterable, Iterator
from pathlib import Path as FilePath
from typing import Any

import attrs
from attrs import evolve, frozen
from immutables import Map

from orgsim import events as ev
from orgsim.errors import EventError, InputError, Mark, ScenarioError, ScenarioErrors
from orgsim.files import read_input
from orgsim.model import (
    NOBODY,
    ActStatus,
    Appointment,
    Calendar,
    Capacity,
    Delegation,
    Expectation,
    Inauguration,
    Lawfulness,
    Nomination,
    People,
    Post,
    Route,
    State,
    SuccessionOrder,
    Tenure,
    Vacancy,
    VacancyReason,
)
from orgsim.rules import Settings
from orgsim.scenario import located
from orgsim.scenario.convert import converter, problems_of, suggest
from orgsim.scenario.located import Marks, Path, load_fast
from orgsim.scenario.spec import BranchSpec, HolderSpec, ScenarioSpec, SourceInfo

__all__ = ["Scenario", "load_scenario", "parse_scenario", "read_located"]

_POST_FIELDS = ("post", "reports_to", "first_assistant")
_PERSON_FIELDS = ("person", "by", "claimed_by")


@frozen
class Scenario:
    """A loaded scenario: the initial state, the events, the checks, and where each came from."""

    path: str
    title: str
    description: str | None
    initial: State
    events: tuple[ev.Event, ...]
    expectations: tuple[Expectation, ...]
    sources: dict[str, SourceInfo]
    settings: Settings
    marks: Marks = attrs.field(eq=False, repr=False)
    branches: tuple[BranchSpec, ...] = ()  # what-ifs off the main line (orgsim.api.replay_branch)

    def __repr__(self) -> str:
        title = self.title if len(self.title) <= 40 else self.title[:39] + "…"
        return (
            f"<Scenario {title!r} {self.path}: {len(self.initial.posts)} posts,"
            f" {len(self.events)} events, {len(self.expectations)} expectations>"
        )

    def mark_of(self, path: Path, *, key: bool = False) -> Mark | None:
        """Where a value (or key) of the file stands."""
        return self.marks.at(path, key=key)

    def locate(self, err: EventError) -> ScenarioError:
        """The event error as a scenario error at the event (and field) it concerns."""
        if err.index is None:
            return ScenarioError(err.message, Mark(self.path, 1, 1))
        path: Path = ("events", err.index)
        if err.field:
            path = (*path, err.field)
        return ScenarioError(err.message, self.mark_of(path))

    def expectation_mark(self, i: int) -> Mark | None:
        """Where the i-th expectation stands."""
        return self.mark_of(("expect", i))


class _Collector:
    def __init__(self, marks: Marks) -> None:
        self.marks = marks
        self.errors: list[ScenarioError] = list(marks.problems)
        self._seen = {e.mark for e in self.errors}
        # section -> the file's index of each item kept, when some items were left out
        self.remap: dict[str, list[int]] = {}
        self.raw_ids: dict[str, set[str]] = {}

    def add(self, message: str, path: Path, *, key: bool = False) -> None:
        if len(path) >= 2 and path[0] in self.remap and isinstance(path[1], int):
            path = (path[0], self.remap[str(path[0])][path[1]], *path[2:])
        mark = self.marks.at(path, key=key)
        if mark is not None and mark in self._seen:
            return  # a value that could not be read is already reported, more precisely
        self.errors.append(ScenarioError(message, mark))


def _structure_partially(raw: dict[str, Any], c: _Collector) -> ScenarioSpec | None:
    """The scenario less the items that could not be structured, so that the checks of ids
    and dates still run and report their problems in the same pass."""
    hints = typing.get_type_hints(ScenarioSpec)
    kwargs: dict[str, Any] = {}
    for f in attrs.fields(ScenarioSpec):
        if f.name not in raw:
            continue
        value, tp = raw[f.name], hints[f.name]
        if typing.get_origin(tp) is tuple and isinstance(value, list):
            item_type = typing.get_args(tp)[0]
            kept, where = [], []
            for i, item in enumerate(value):
                try:
                    kept.append(converter.structure(item, item_type))
                    where.append(i)
                except Exception:  # noqa: BLE001 -- already reported; leave the item out
                    if isinstance(item, dict) and isinstance(item.get("id"), str):
                        c.raw_ids.setdefault(f.name, set()).add(item["id"])
            kwargs[f.name] = tuple(kept)
            c.remap[f.name] = where
            continue
        try:
            kwargs[f.name] = converter.structure(value, tp)
        except Exception:  # noqa: BLE001 -- already reported
            if f.default is attrs.NOTHING:
                return None  # without a title or a date there is nothing more to check
    try:
        return ScenarioSpec(**kwargs)
    except TypeError:
        return None


def _unique(c: _Collector, items: Iterable[Any], section: str) -> set[str]:
    seen: set[str] = set()
    for i, item in enumerate(items):
        if item.id in seen:
            c.add(f"duplicate id `{item.id}` in {section}", (section, i, "id"))
        seen.add(item.id)
    return seen


def _ref(c: _Collector, value: str | None, known: set[str], what: str, path: Path) -> None:
    if value is not None and value not in known:
        c.add(f"unknown {what} `{value}`{suggest(value, known)}", path)


def _event_refs(event: ev.Event) -> Iterator[tuple[str, str, str]]:
    """(field, kind of id, id) for every id an event refers to."""
    for f in attrs.fields(type(event)):
        value = getattr(event, f.name)
        if f.name in _POST_FIELDS and isinstance(value, str):
            yield f.name, "post", value
        elif f.name in _PERSON_FIELDS and isinstance(value, str):
            yield f.name, "person", value
        elif f.name == "people":
            for p in value:
                yield f.name, "person", p
        elif f.name == "line":
            for p in value or ():
                yield f.name, "post", p


def _check(spec: ScenarioSpec, c: _Collector) -> None:
    orgs = _unique(c, spec.organizations, "organizations")
    posts = _unique(c, spec.posts, "posts")
    people = _unique(c, spec.people, "people")
    orders = _unique(c, spec.orders, "orders")
    # Items left out for their own problems still name their ids: no echoes of those.
    orgs |= c.raw_ids.get("organizations", set())
    posts |= c.raw_ids.get("posts", set())
    people |= c.raw_ids.get("people", set())
    orders |= c.raw_ids.get("orders", set())
    # Ids that events create count as known; the engine checks they exist by the time used.
    for event in spec.events:
        if isinstance(event, ev.AddPost):
            posts.add(event.post.id)
        elif isinstance(event, ev.AddPerson):
            people.add(event.person.id)
        elif isinstance(event, ev.AddOrganization):
            orgs.add(event.organization.id)
        elif isinstance(event, ev.IssueOrder):
            orders.add(event.order)
    for i, org in enumerate(spec.organizations):
        _ref(c, org.parent, orgs, "organisation", ("organizations", i, "parent"))
    for i, post in enumerate(spec.posts):
        where = ("posts", i)
        _ref(c, post.organization, orgs, "organisation", (*where, "organization"))
        for name in ("reports_to", "first_assistant", "appointed_by"):
            _ref(c, getattr(post, name), posts, "post", (*where, name))
        for j, target in enumerate(post.dotted_to):
            _ref(c, target, posts, "post", (*where, "dotted_to", j))
        if post.first_assistant == post.id:
            c.add("a post cannot be its own first assistant", (*where, "first_assistant"))
    _check_cycles(spec, c)
    _check_org_nesting(spec, c)
    _ref(c, spec.president, posts, "post", ("president",))
    held: set[str] = set()
    for i, h in enumerate(spec.holders):
        where = ("holders", i)
        _ref(c, h.post, posts, "post", (*where, "post"))
        _ref(c, h.person, people, "person", (*where, "person"))
        _ref(c, h.by, people, "person", (*where, "by"))
        _ref(c, h.claimed_by, people, "person", (*where, "claimed_by"))
        if h.post in held:
            c.add(f"post `{h.post}` has more than one holder", (*where, "post"))
        held.add(h.post)
        if h.vacant == (h.person is not None):
            c.add("give either `person` or `vacant: true`", where)
        if h.since is not None and h.since > spec.date:
            c.add(
                f"`since` {h.since.isoformat()} is after the scenario's date"
                f" {spec.date.isoformat()}",
                (*where, "since"),
            )
    for i, o in enumerate(spec.orders):
        _ref(c, o.post, posts, "post", ("orders", i, "post"))
        _ref(c, o.by, people, "person", ("orders", i, "by"))
        for j, p in enumerate(o.line):
            _ref(c, p, posts, "post", ("orders", i, "line", j))
    for i, d in enumerate(spec.delegations):
        _ref(c, d.post, posts, "post", ("delegations", i, "post"))
        _ref(c, d.person, people, "person", ("delegations", i, "person"))
        _ref(c, d.by, people, "person", ("delegations", i, "by"))
    for i, n in enumerate(spec.nominations):
        _ref(c, n.post, posts, "post", ("nominations", i, "post"))
        _ref(c, n.person, people, "person", ("nominations", i, "person"))
        _ref(c, n.by, people, "person", ("nominations", i, "by"))
        if n.submitted > spec.date:
            c.add(
                f"`submitted` {n.submitted.isoformat()} is after the scenario's date"
                f" {spec.date.isoformat()}: write it as a `nominate` event",
                ("nominations", i, "submitted"),
            )
    _check_sources(spec, c)
    previous = spec.date
    for i, event in enumerate(spec.events):
        if event.date < previous:
            c.add(
                f"event dated {event.date.isoformat()} comes after one dated"
                f" {previous.isoformat()}: events must be in date order",
                ("events", i, "date"),
            )
        previous = max(previous, event.date)
        for name, kind, value in _event_refs(event):
            known = posts if kind == "post" else people
            index_path: Path = ("events", i, name)
            _ref(c, value, known, kind, index_path)
        if isinstance(event, ev.AmendOrder):
            _ref(c, event.order, orders, "order", ("events", i, "order"))
    acts = _check_acts(spec.events, c, ("events",))
    for i, x in enumerate(spec.expect):
        if x.at is not None and x.at < spec.date:
            c.add(
                f"expectation dated {x.at.isoformat()} is before the scenario's date"
                f" {spec.date.isoformat()}",
                ("expect", i, "at"),
            )
        _check_expectation(c, x, ("expect", i), posts, people, acts)
    _check_branches(spec, c, posts, people, orders, acts)


_CAPACITIES = {str(cap) for cap in Capacity} | {"vacant", "not-recorded"}
_STATUSES = {str(s) for s in Lawfulness}
_VERDICTS = {str(s) for s in ActStatus}


def _check_acts(
    events: Iterable[ev.Event], c: _Collector, where: Path, known: Iterable[str] = ()
) -> set[str]:
    """Act ids: each used once, and a ratification names an act recorded before it."""
    acts = set(known)
    for i, event in enumerate(events):
        act = _act_id(event, i)
        given = getattr(event, "id", None)
        if isinstance(given, str) and isinstance(event, ev.ACT_EVENTS):
            if given in acts:
                c.add(f"act id `{given}` is used twice", (*where, i, "id"))
            acts.add(given)
        elif act is not None:
            acts.add(act)
        if isinstance(event, ev.TakeAct) and event.ratifies is not None:
            _ref(c, event.ratifies, acts, "act", (*where, i, "ratifies"))
    return acts


def _check_expectation(
    c: _Collector,
    x: Expectation,
    where: Path,
    posts: set[str],
    people: set[str],
    acts: set[str],
) -> None:
    """An expectation names a post and a date, or an act; every id and value known."""
    if x.act is not None:
        _ref(c, x.act, acts, "act", (*where, "act"))
        if x.verdict is not None and x.verdict not in _VERDICTS:
            c.add(
                f"unknown verdict `{x.verdict}`{suggest(x.verdict, _VERDICTS)}",
                (*where, "verdict"),
            )
        return
    if x.post is None or x.at is None:
        c.add("an expectation names a `post` and a date `at` (or an `act`)", where)
        return
    _ref(c, x.post, posts, "post", (*where, "post"))
    _ref(c, x.holder, people, "person", (*where, "holder"))
    if x.capacity is not None and x.capacity not in _CAPACITIES:
        c.add(
            f"unknown capacity `{x.capacity}`{suggest(x.capacity, _CAPACITIES)}",
            (*where, "capacity"),
        )
    if x.lawful is not None:
        lawful = x.lawful
        if lawful.holder not in (None, NOBODY, "undetermined"):
            _ref(c, lawful.holder, people, "person", (*where, "lawful", "holder"))
        if lawful.duties not in (None, NOBODY):
            _ref(c, lawful.duties, people, "person", (*where, "lawful", "duties"))
        if lawful.status is not None and lawful.status not in (*_STATUSES, "none"):
            c.add(
                f"unknown status `{lawful.status}`{suggest(lawful.status, _STATUSES)}",
                (*where, "lawful", "status"),
            )


def _check_branches(
    spec: ScenarioSpec,
    c: _Collector,
    posts: set[str],
    people: set[str],
    orders: set[str],
    acts: set[str],
) -> None:
    """Branches: unique ids, dates on or after the branch's `from`, every id known."""
    _unique(c, spec.branches, "branches")
    for b, branch in enumerate(spec.branches):
        where: Path = ("branches", b)
        if branch.from_ < spec.date:
            c.add(
                f"`from` {branch.from_.isoformat()} is before the scenario's date"
                f" {spec.date.isoformat()}",
                (*where, "from"),
            )
        known_posts, known_people = set(posts), set(people)
        for event in branch.events:
            if isinstance(event, ev.AddPost):
                known_posts.add(event.post.id)
            elif isinstance(event, ev.AddPerson):
                known_people.add(event.person.id)
        previous = branch.from_
        for i, event in enumerate(branch.events):
            at: Path = (*where, "events", i)
            if event.date < previous:
                what = "the branch's `from` date" if previous == branch.from_ else "one dated"
                c.add(
                    f"event dated {event.date.isoformat()} comes before {what}"
                    f" {previous.isoformat()}: branch events must be in date order, from `from` on",
                    (*at, "date"),
                )
            previous = max(previous, event.date)
            for name, kind, value in _event_refs(event):
                _ref(c, value, known_posts if kind == "post" else known_people, kind, (*at, name))
            if isinstance(event, ev.AmendOrder):
                _ref(c, event.order, orders, "order", (*at, "order"))
        branch_acts = _check_acts(branch.events, c, (*where, "events"), acts)
        for i, x in enumerate(branch.expect):
            at = (*where, "expect", i)
            _check_expectation(c, x, at, known_posts, known_people, branch_acts)
            if x.at is not None and x.at < branch.from_:
                c.add(
                    f"expectation dated {x.at.isoformat()} is before the branch's `from` date"
                    f" {branch.from_.isoformat()}",
                    (*at, "at"),
                )


def _check_cycles(spec: ScenarioSpec, c: _Collector) -> None:
    parent = {p.id: p.reports_to for p in spec.posts}
    index = {p.id: i for i, p in enumerate(spec.posts)}
    # Each post is walked once: a walk stops at a post an earlier walk passed (whatever lies
    # above it is known), so a deep chain costs its length, not its length squared.
    done: set[str] = set()
    for start in sorted(parent):
        walk: dict[str, int] = {}  # post -> its place in this walk
        node: str | None = start
        while node is not None and node in parent and node not in done and node not in walk:
            walk[node] = len(walk)
            node = parent[node]
        done.update(walk)
        if node is not None and node in walk:
            cycle = list(walk)[walk[node] :]
            c.add(
                "reporting lines form a cycle: " + " -> ".join([*cycle, node]),
                ("posts", index[node], "reports_to"),
            )


def _check_org_nesting(spec: ScenarioSpec, c: _Collector) -> None:
    """Organisations nest as a forest no deeper than MAX_DEPTH levels: a chart draws each
    level as a box inside its parent's."""
    parent = {o.id: o.parent for o in spec.organizations}
    index = {o.id: i for i, o in enumerate(spec.organizations)}
    depth: dict[str, int] = {}
    for start in parent:
        chain: list[str] = []
        node: str | None = start
        while node is not None and node in parent and node not in depth and node not in chain:
            chain.append(node)
            node = parent[node]
        if node is not None and node in chain:
            cycle = chain[chain.index(node) :]
            c.add(
                "organisations form a cycle: " + " -> ".join([*cycle, node]),
                ("organizations", index[node], "parent"),
            )
            for org in chain:
                depth[org] = 0
            continue
        below = depth.get(node, 0) if node is not None else 0
        for org in reversed(chain):
            below += 1
            depth[org] = below
            if below == located.MAX_DEPTH + 1:
                c.add(
                    f"organisations nested deeper than {located.MAX_DEPTH} levels",
                    ("organizations", index[org], "parent"),
                )


def _check_sources(spec: ScenarioSpec, c: _Collector) -> None:
    def check(source: ev.Source | None, path: Path) -> None:
        if source is not None and source.ref is not None and source.ref not in spec.sources:
            c.add(
                f"unknown source `{source.ref}`{suggest(source.ref, spec.sources)}",
                (*path, "source", "ref"),
            )

    for i, h in enumerate(spec.holders):
        check(h.source, ("holders", i))
    for i, o in enumerate(spec.orders):
        check(o.source, ("orders", i))
    for i, d in enumerate(spec.delegations):
        check(d.source, ("delegations", i))
    for i, e in enumerate(spec.events):
        check(e.source, ("events", i))


def _default_capacity(h: HolderSpec, post: Post) -> Capacity:
    if h.capacity is not None:
        return h.capacity
    return {
        Appointment.PAS: Capacity.CONFIRMED,
        Appointment.ELECTED: Capacity.ELECTED,
    }.get(post.appointment, Capacity.APPOINTED)


_BASIS = {
    Capacity.CONFIRMED: "appointed by the President with the Senate's consent",
    Capacity.ELECTED: "elected",
    Capacity.APPOINTED: "appointed",
    Capacity.ACTING: "acting",
    Capacity.PERFORMING_DUTIES: "performing delegated duties",
    Capacity.RECESS: "recess appointment",
    Capacity.NOT_RECORDED: "capacity not recorded in the sources",
}


def _nominations(spec: ScenarioSpec) -> dict[str, tuple[Nomination, ...]]:
    """Nominations made before the scenario's date, per post, in the order written."""
    out: dict[str, tuple[Nomination, ...]] = {}
    for n in spec.nominations:
        nomination = Nomination(
            n.post, n.person, n.submitted, n.outcome, n.outcome_date, president=n.by
        )
        out[n.post] = (*out.get(n.post, ()), nomination)
    return out


def _initial_state(spec: ScenarioSpec) -> State:
    holdings: dict[str, Tenure] = {}
    vacancies: dict[str, Vacancy] = {}
    post_of: dict[str, Post] = {}  # the first post of each id, looked up once per holder
    for p in spec.posts:
        post_of.setdefault(p.id, p)
    for h in spec.holders:
        vacant = True  # an empty post, or one whose holder only fills in
        if not h.vacant and h.person is not None:
            capacity = _default_capacity(h, post_of[h.post])
            acting = capacity is Capacity.ACTING
            holdings[h.post] = Tenure(
                h.post,
                h.person,
                capacity,
                h.since,
                h.basis or (h.route.words if h.route is not None else "") or _BASIS[capacity],
                since_note=h.since_note,
                hypothetical=h.hypothetical,
                route=h.route
                if h.route is not None or not capacity.is_temporary
                else (Route.NOT_REPORTED if acting else Route.DELEGATION),
                claimed_by=h.claimed_by,
                by=h.by,
                act=f"holder:{h.post}" if acting else None,
                ref=h.ref,
            )
            vacant = capacity.is_temporary
        if vacant:
            since = h.vacant_since or h.since or spec.date
            vacancies[h.post] = Vacancy(
                h.post,
                since,
                VacancyReason.DEPARTURE,
                first_assistant=post_of[h.post].first_assistant if h.post in post_of else None,
                first_assistant_fixed=True,
            )
    orders = {
        o.id: SuccessionOrder(
            o.id,
            o.post,
            o.line,
            issued_by=o.by,
            issued_on=o.issued_on,
            covers=o.covers,
            skip_acting=o.skip_acting,
            authority=o.authority,
            authority_kind=o.authority_kind,
        )
        for o in spec.orders
    }
    delegations = {
        d.post: Delegation(
            d.post, d.person, d.since, d.by, hypothetical=d.hypothetical, act=f"delegation:{d.post}"
        )
        for d in spec.delegations
    }
    calendar = Calendar(
        inaugurations=tuple(
            Inauguration(i.date, i.president, i.transitional) for i in spec.calendar.inaugurations
        ),
        recesses=tuple((p.start, p.end) for p in spec.calendar.recesses),
        sine_die=tuple((p.start, p.end) for p in spec.calendar.sine_die),
        sessions=tuple((p.start, p.end) for p in spec.calendar.sessions),
    )
    president = spec.president or (
        "president" if any(p.id == "president" for p in spec.posts) else None
    )
    return State(
        date=spec.date,
        organizations=Map({o.id: o for o in spec.organizations}),
        posts=Map({p.id: p for p in spec.posts}),
        people=People(spec.people),
        holdings=Map(holdings),
        vacancies=Map(vacancies),
        orders=Map(orders),
        delegations=Map(delegations),
        nominations=Map(_nominations(spec)),
        calendar=calendar,
        president_post=president,
    )


_INCLUDABLE_LISTS = ("organizations", "posts", "people", "orders")
_INCLUDABLE = (*_INCLUDABLE_LISTS, "sources")


def _shifted(path: Path, offsets: dict[str, int]) -> Path:
    if len(path) >= 2 and isinstance(path[0], str) and path[0] in offsets:
        index = path[1]
        if isinstance(index, int):
            return (path[0], index + offsets[path[0]], *path[2:])
    return path


def _read_beside(
    raw: dict[str, Any], marks: Marks, key: str, base: FilePath | None, limit: int
) -> tuple[FilePath, bytes]:
    """Read the file a scenario names under `key`: a path inside the scenario's own folder."""
    ref = raw.pop(key)
    where = marks.at((key,))
    if not isinstance(ref, str):
        raise ScenarioErrors([ScenarioError(f"`{key}` takes a file path", where)])
    if "\0" in ref or not ref.strip():
        why = "has a NUL character in it" if "\0" in ref else "is empty"
        raise ScenarioErrors([ScenarioError(f"`{key}`: the path {why}", where)])
    try:
        folder = (base or FilePath(".")).resolve()
        target = (folder / ref).resolve()
    except (OSError, RuntimeError) as err:  # RuntimeError: a symlink loop, before Python 3.13
        reason = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
        raise ScenarioErrors([ScenarioError(f"cannot read `{ref}`: {reason}", where)]) from None
    # A scenario from elsewhere must not make orgsim read files outside its own folder.
    if FilePath(ref).is_absolute() or not target.is_relative_to(folder):
        raise ScenarioErrors(
            [ScenarioError(f"`{key}: {ref}` must be a path inside the scenario's folder", where)]
        )
    try:
        return target, read_input(target, limit=limit)
    except InputError as err:
        raise ScenarioErrors([ScenarioError(f"cannot read `{ref}`: {err}", where)]) from None


def _include(
    raw: dict[str, Any], marks: Marks, base: FilePath | None
) -> tuple[dict[str, Any], Marks]:
    """Merge an `include:`d organisation file (its lists first) into the scenario's data."""
    where = marks.at(("include",))
    target, data = _read_beside(raw, marks, "include", base, located.MAX_BYTES)
    try:
        included, inc_marks = load_fast(data, str(target))
        inc_marks = inc_marks.everything()
    except ScenarioError as err:
        raise ScenarioErrors([err]) from None
    if not isinstance(included, dict):
        raise ScenarioErrors([ScenarioError("an included file must be a mapping", where)])
    errors = [
        ScenarioError(
            f"an included file may hold only {', '.join(_INCLUDABLE)}; not `{key}`",
            inc_marks.at((key,), key=True),
        )
        for key in included
        if key not in _INCLUDABLE
    ]
    if errors:
        raise ScenarioErrors(errors)
    merged = dict(raw)
    offsets: dict[str, int] = {}
    for section in _INCLUDABLE_LISTS:
        theirs, ours = included.get(section, []), raw.get(section, [])
        if isinstance(theirs, list) and isinstance(ours, list) and (theirs or ours):
            merged[section] = [*theirs, *ours]
            offsets[section] = len(theirs)
    if isinstance(included.get("sources"), dict) and isinstance(raw.get("sources", {}), dict):
        merged["sources"] = {**included["sources"], **raw.get("sources", {})}
    marks = marks.everything()
    combined = Marks(marks.file)
    combined.problems = [*inc_marks.problems, *marks.problems]
    for path, mark in inc_marks.values.items():
        if path:
            combined.values[path] = mark
    for path, mark in inc_marks.keys.items():
        combined.keys[path] = mark
    for path, mark in marks.values.items():
        combined.values[_shifted(path, offsets)] = mark
    for path, mark in marks.keys.items():
        combined.keys[_shifted(path, offsets)] = mark
    return merged, combined


def _events_from(
    raw: dict[str, Any], marks: Marks, base: FilePath | None
) -> tuple[dict[str, Any], Marks]:
    """Append the events of an `events_from:` file (JSON Lines or a JSON list), located."""
    ref = raw.get("events_from")
    stream = isinstance(ref, str) and ref.endswith(".jsonl")
    limit = (
        located.MAX_STREAM_BYTES
        if stream
        else located.MAX_JSON_BYTES
        if isinstance(ref, str) and ref.endswith(".json")
        else located.MAX_BYTES
    )
    target, data = _read_beside(raw, marks, "events_from", base, limit)
    name = str(target)
    inline = raw.get("events", [])
    if not isinstance(inline, list):
        return raw, marks  # the structure check reports `events` itself
    events: list[Any] = []
    if name.endswith(".jsonl"):
        try:
            text = located.decode(data, name, limit=located.MAX_STREAM_BYTES)
        except ScenarioError as err:
            raise ScenarioErrors([err]) from None
        del data
        lines = located.StreamMarks(text, name)
        problems: list[ScenarioError] = []
        total = 0
        offset = 0
        for number, line_text in enumerate(text.split("\n"), 1):
            start, offset = offset, offset + len(line_text) + 1
            if not line_text.strip():
                continue
            try:
                value, count = located.parse_json_line(line_text, name, number)
            except ScenarioError as err:
                problems.append(err)
                continue
            total += count
            if total > located.MAX_STREAM_VALUES:
                problems.append(
                    ScenarioError(
                        f"too large: more than {located.MAX_STREAM_VALUES:,} values (the limit"
                        " for a JSON Lines file)",
                        Mark(name, number, 1),
                    )
                )
                break
            lines.add(number, start)
            events.append(value)
        if problems:
            raise ScenarioErrors(problems)
        found: Marks = lines
    else:
        try:
            value, found = load_fast(data, name)
        except ScenarioError as err:
            raise ScenarioErrors([err]) from None
        if not isinstance(value, list):
            raise ScenarioErrors([ScenarioError("expected a list of events", Mark(name, 1, 1))])
        events = value
    marks.attach(len(inline), found)
    return {**raw, "events": [*inline, *events]}, marks


def parse_scenario(data: bytes, name: str, *, base: FilePath | None = None) -> Scenario:
    """Parse and check scenario bytes; raise ScenarioErrors listing every problem found.

    `base` is the folder an `include:` is read relative to (the scenario's own folder).
    """
    try:
        raw, marks = load_fast(data, name)
    except ScenarioError as err:
        raise ScenarioErrors([err]) from None
    if not isinstance(raw, dict):
        raise ScenarioErrors(
            [ScenarioError("a scenario must be a mapping of keys", Mark(name, 1, 1))]
        )
    if "include" in raw:
        raw, marks = _include(raw, marks, base)
    if "events_from" in raw:
        raw, marks = _events_from(raw, marks, base)
    c = _Collector(marks)
    try:
        spec = converter.structure(raw, ScenarioSpec)
    except Exception as exc:  # noqa: BLE001 -- cattrs raises groups; each becomes a located problem
        for problem in problems_of(exc):
            c.add(problem.message, problem.subpath, key=problem.key)
        partial = _structure_partially(raw, c)
        if partial is not None:
            _check(partial, c)
        raise ScenarioErrors(c.errors) from None
    _check(spec, c)
    if c.errors:
        raise ScenarioErrors(c.errors)
    settings = Settings(
        day_count=spec.settings.day_count,
        inauguration_reading=spec.settings.inauguration_reading,
        nomination_pending=spec.settings.nomination_pending,
    )
    branches = tuple(
        evolve(b, events=_with_act_ids(b.events, prefix=f"{b.id}/")) for b in spec.branches
    )
    return Scenario(
        name,
        spec.title,
        spec.description,
        _initial_state(spec),
        _with_act_ids(spec.events),
        spec.expect,
        dict(spec.sources),
        settings,
        marks,
        branches,
    )


def _act_id(event: ev.Event, i: int, prefix: str = "") -> str | None:
    """The id an act event goes by: its own, or one made from its kind and place."""
    if not isinstance(event, ev.ACT_EVENTS):
        return None
    given = getattr(event, "id", None)
    return given if isinstance(given, str) else f"{prefix}{event.kind}-{i + 1}"


def _with_act_ids(events: tuple[ev.Event, ...], *, prefix: str = "") -> tuple[ev.Event, ...]:
    """The events, each act that names no id given one from its kind and place in the file
    (`designate-acting-4`), so that `orgsim acts` and expectations can name it."""
    out: list[ev.Event] = []
    for i, event in enumerate(events):
        act = _act_id(event, i, prefix)
        if act is not None and getattr(event, "id", None) is None:
            event = evolve(event, id=act)  # type: ignore[call-arg]
        out.append(event)
    return tuple(out)


def load_scenario(path: str | FilePath) -> Scenario:
    """Read and check a scenario file."""
    name = str(path)
    return parse_scenario(read_located(name), name, base=FilePath(path).parent)


def read_located(name: str) -> bytes:
    """The bytes of an input file named on the command line (a scenario, or an importer's
    input), or a ScenarioErrors at its 1:1 saying why it cannot be read."""
    # JSON may be larger than YAML: it parses in linear time with no aliases to expand.
    limit = located.MAX_JSON_BYTES if name.endswith(".json") else located.MAX_BYTES
    try:
        return read_input(name, limit=limit)
    except InputError as err:
        raise ScenarioErrors([ScenarioError(f"cannot read: {err}", Mark(name, 1, 1))]) from None
