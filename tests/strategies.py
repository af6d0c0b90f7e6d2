"""Hypothesis strategies: small generated organisations and valid histories of events for them.

An organisation has an elected President and a few Senate-confirmed posts `head-i`, each with a
career deputy `deputy-i` as first assistant. People hold some of them; a few spare people hold
nothing. Events are generated against a deliberately simple reference model of who holds what
(`Model`), so every event is valid in the state it meets; the tests then check that the engine
agrees with the model and keeps its invariants.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import yaml
from attrs import define, field, frozen
from hypothesis import strategies as st
from immutables import Map

from orgsim import events as ev
from orgsim.model import (
    Appointment,
    Capacity,
    Organization,
    Person,
    Post,
    State,
    Tenure,
    Vacancy,
    VacancyReason,
)

__all__ = [
    "START",
    "Model",
    "OrgSpec",
    "broken_scenario_bytes",
    "histories",
    "org_specs",
    "to_state",
    "to_yaml",
]

START = dt.date(2024, 1, 1)
PRESIDENT = "president"


def head(i: int) -> str:
    """The id of the i-th Senate-confirmed post."""
    return f"head-{i}"


def deputy(i: int) -> str:
    """The id of the first assistant to the i-th Senate-confirmed post."""
    return f"deputy-{i}"


@frozen
class OrgSpec:
    """A generated organisation: who holds each head and deputy post at the start (None: vacant)."""

    heads: tuple[str | None, ...]
    deputies: tuple[str | None, ...]
    people: tuple[str, ...]  # everyone, the President first

    @property
    def size(self) -> int:
        """How many Senate-confirmed posts there are."""
        return len(self.heads)


@st.composite
def org_specs(draw: st.DrawFn, *, max_heads: int = 3, spare: int = 3) -> OrgSpec:
    """An organisation of 1..max_heads PAS posts with deputies, some held, some vacant."""
    n = draw(st.integers(1, max_heads))
    people = ["person-0"]  # the President
    heads: list[str | None] = []
    deputies: list[str | None] = []
    for i in range(n):
        heads.append(f"person-{len(people)}" if draw(st.booleans()) or i == 0 else None)
        if heads[-1]:
            people.append(heads[-1])
        deputies.append(f"person-{len(people)}" if draw(st.integers(0, 3)) else None)
        if deputies[-1]:
            people.append(deputies[-1])
    people.extend(f"person-{len(people) + k}" for k in range(spare))
    return OrgSpec(tuple(heads), tuple(deputies), tuple(people))


def _posts(spec: OrgSpec) -> list[Post]:
    posts = [Post(PRESIDENT, "President", "executive", appointment=Appointment.ELECTED)]
    for i in range(spec.size):
        posts.append(
            Post(
                head(i),
                f"Head {i}",
                "dept",
                reports_to=PRESIDENT,
                appointment=Appointment.PAS,
                first_assistant=deputy(i),
            )
        )
        posts.append(Post(deputy(i), f"Deputy {i}", "dept", reports_to=head(i)))
    return posts


def _orgs() -> list[Organization]:
    return [
        Organization("executive", "Executive Branch"),
        Organization("dept", "Department", parent="executive", executive_agency=True),
    ]


def to_state(spec: OrgSpec) -> State:
    """The organisation as an initial State, built by hand."""
    holdings = {PRESIDENT: Tenure(PRESIDENT, spec.people[0], Capacity.ELECTED, None)}
    vacancies = {}
    for i in range(spec.size):
        for post, person, capacity in (
            (head(i), spec.heads[i], Capacity.CONFIRMED),
            (deputy(i), spec.deputies[i], Capacity.APPOINTED),
        ):
            if person is None:
                vacancies[post] = Vacancy(post, START, VacancyReason.DEPARTURE)
            else:
                holdings[post] = Tenure(post, person, capacity, None)
    return State(
        date=START,
        organizations=Map({o.id: o for o in _orgs()}),
        posts=Map({p.id: p for p in _posts(spec)}),
        people=Map({p: Person(p, p.replace("-", " ").title()) for p in spec.people}),
        holdings=Map(holdings),
        vacancies=Map(vacancies),
        president_post=PRESIDENT,
    )


def _event_data(event: ev.Event) -> dict[str, Any]:
    data: dict[str, Any] = {"date": event.date, "kind": event.kind}
    for name in ("post", "person", "effective", "by"):
        value = getattr(event, name, None)
        if value is not None:
            data[name] = value
    return data


def to_yaml(spec: OrgSpec, events: Sequence[ev.Event] = ()) -> str:
    """The organisation (and events) as scenario YAML text."""
    holders: list[dict[str, Any]] = [{"post": PRESIDENT, "person": spec.people[0]}]
    for i in range(spec.size):
        for post, person in ((head(i), spec.heads[i]), (deputy(i), spec.deputies[i])):
            holders.append(
                {"post": post, "person": person} if person else {"post": post, "vacant": True}
            )
    posts = []
    for p in _posts(spec):
        data: dict[str, Any] = {
            "id": p.id,
            "title": p.title,
            "organization": p.organization,
            "appointment": str(p.appointment),
        }
        if p.reports_to:
            data["reports_to"] = p.reports_to
        if p.first_assistant:
            data["first_assistant"] = p.first_assistant
        posts.append(data)
    doc = {
        "title": "Generated organisation",
        "date": START,
        "president": PRESIDENT,
        "organizations": [
            {
                "id": o.id,
                "name": o.name,
                **({"parent": o.parent} if o.parent else {}),
                "executive_agency": o.executive_agency,
            }
            for o in _orgs()
        ],
        "posts": posts,
        "people": [{"id": p, "name": p.replace("-", " ").title()} for p in spec.people],
        "holders": holders,
        "events": [_event_data(e) for e in events],
    }
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True)


@define
class Model:
    """A deliberately dumb model of who holds what, and the rule that a first assistant acts."""

    spec: OrgSpec
    holds: dict[str, tuple[str, Capacity]] = field(factory=dict)
    vacant_since_by: dict[str, str | None] = field(factory=dict)  # head -> who left it
    pending: dict[int, str] = field(factory=dict)  # head index -> nominee
    awaiting: dict[int, str] = field(factory=dict)  # head index -> confirmed, not sworn in

    @classmethod
    def start(cls, spec: OrgSpec) -> Model:
        """The model of the initial organisation."""
        model = cls(spec)
        model.holds[PRESIDENT] = (spec.people[0], Capacity.ELECTED)
        for i in range(spec.size):
            head_holder, deputy_holder = spec.heads[i], spec.deputies[i]
            if head_holder:
                model.holds[head(i)] = (head_holder, Capacity.CONFIRMED)
            else:
                model.vacant_since_by[head(i)] = None
            if deputy_holder:
                model.holds[deputy(i)] = (deputy_holder, Capacity.APPOINTED)
        model.settle()  # a vacancy the scenario starts with is filled by the rules too
        return model

    def free(self) -> list[str]:
        """People who hold nothing and are not nominated: the pool for appointments."""
        busy = {person for person, _ in self.holds.values()}
        busy |= set(self.pending.values()) | set(self.awaiting.values())
        return [p for p in self.spec.people if p not in busy]

    def fill(self, i: int) -> None:
        """3345(a)(1): the deputy acts in a vacant head post if he or she holds the deputy post."""
        if head(i) in self.holds or head(i) not in self.vacant_since_by:
            return
        fa = self.holds.get(deputy(i))
        if fa is None or fa[1].is_temporary or fa[0] == self.vacant_since_by.get(head(i)):
            return
        self.holds[head(i)] = (fa[0], Capacity.ACTING)

    def settle(self) -> None:
        """At the end of each day, where the record leaves a vacant head post empty, the rules
        assume that whoever may act does (nothing in these histories reports who took over)."""
        for i in range(self.spec.size):
            self.fill(i)

    def choices(self) -> list[tuple[str, int]]:
        """Every (action, post index) that is valid now."""
        out: list[tuple[str, int]] = []
        free = bool(self.free())
        for i in range(self.spec.size):
            h = self.holds.get(head(i))
            if h is not None and h[1] is Capacity.CONFIRMED:
                out.append(("resign-head", i))
            if deputy(i) in self.holds:
                out.append(("resign-deputy", i))
            elif free:
                out.append(("appoint-deputy", i))
            vacant = head(i) in self.vacant_since_by
            if vacant and free and i not in self.pending and i not in self.awaiting:
                out.append(("nominate", i))
            if i in self.pending:
                out.append(("confirm", i))
            if i in self.awaiting:
                out.append(("swear-in", i))
        return out

    def apply(self, action: str, i: int, day: dt.date, person: str | None) -> ev.Event:
        """Update the model and return the event that does the same to the engine (the day
        is settled by the caller when the next event falls on a later day)."""
        return self._apply(action, i, day, person)

    def _apply(self, action: str, i: int, day: dt.date, person: str | None) -> ev.Event:
        if action == "resign-head":
            who = self.holds.pop(head(i))[0]
            self.vacant_since_by[head(i)] = who
            return ev.Resign(date=day, post=head(i), person=who)
        if action == "resign-deputy":
            who = self.holds.pop(deputy(i))[0]
            acting = self.holds.get(head(i))
            if acting == (who, Capacity.ACTING):
                # Acting as first assistant (the rules' assumption) ends with the
                # first-assistant post (3345(a)(1)).
                del self.holds[head(i)]
            return ev.Resign(date=day, post=deputy(i), person=who)
        if action == "appoint-deputy":
            assert person is not None
            self.holds[deputy(i)] = (person, Capacity.APPOINTED)
            return ev.Appoint(date=day, post=deputy(i), person=person)
        if action == "nominate":
            assert person is not None
            self.pending[i] = person
            return ev.Nominate(date=day, post=head(i), person=person)
        if action == "confirm":
            who = self.pending.pop(i)
            self.awaiting[i] = who
            return ev.Confirm(date=day, post=head(i), person=who)
        if action == "swear-in":
            who = self.awaiting.pop(i)
            self.holds[head(i)] = (who, Capacity.CONFIRMED)
            del self.vacant_since_by[head(i)]
            return ev.SwearIn(date=day, post=head(i), person=who)
        raise AssertionError(action)


@st.composite
def histories(
    draw: st.DrawFn, *, max_events: int = 15, max_gap: int = 5
) -> tuple[OrgSpec, list[ev.Event], Model]:
    """An organisation, a valid sequence of events with nondecreasing dates, and the model's
    view of who holds what at the end. Gaps stay small, so no 210-day limit runs out."""
    spec = draw(org_specs())
    model = Model.start(spec)
    events: list[ev.Event] = []
    day = START
    for _ in range(draw(st.integers(0, max_events))):
        choices = model.choices()
        if not choices:
            break
        action, i = draw(st.sampled_from(choices))
        person = None
        if action in ("appoint-deputy", "nominate"):
            person = draw(st.sampled_from(model.free()))
        gap = draw(st.integers(0, max_gap))
        if gap:
            model.settle()  # the day before is over
            choices = model.choices()
            if (action, i) not in choices:
                continue
        day = day + dt.timedelta(days=gap)
        if action in ("appoint-deputy", "nominate") and person not in model.free():
            continue
        events.append(model.apply(action, i, day, person))
    model.settle()
    return spec, events, model


def broken_scenario_bytes(base: str) -> st.SearchStrategy[bytes]:
    """A valid scenario text damaged by cutting, inserting or replacing a slice."""

    @st.composite
    def damage(draw: st.DrawFn) -> bytes:
        text = base.encode("utf-8")
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, min(len(text), start + 40)))
        insert = draw(
            st.one_of(
                st.just(b""),
                st.binary(max_size=12),
                st.sampled_from(
                    [
                        b":",
                        b"- ",
                        b"{",
                        b"]",
                        b"!!python/object:os.system ",
                        b"\t",
                        b"&a ",
                        b"*a",
                        b"\n  ",
                        b"'",
                        b"2022-13-45",
                        b"~",
                        b"kind: resign",
                    ]
                ),
            )
        )
        return text[:start] + insert + text[end:]

    return damage()
