"""A Hypothesis state machine that drives the real engine through generated organisations.

Each rule builds a real event and replays it exactly as `orgsim.engine.replay` does, one day
per event (the clock first, then the event, then the end of the day). The invariants hold the
engine to shared/DESIGN.md ("Invariants") beside deliberately simple references written from
the statute (tests/reference_law.py), which never call the code under test: the Vacancies Act
clock, and who could lawfully act in each vacant office and whether its recorded holder serves
lawfully. Another invariant holds the two timelines apart: no rule ever removes or replaces a
holder the record names.

Choices are drawn as integer indexes into the options the state offers, so a failing example
prints as a Python program of rule calls that replays deterministically.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from typing import TypeVar

import reference_law as ref
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)
from immutables import Map
from strategies_rules import COVERS, order_specs, person_facts

from orgsim import events as ev
from orgsim.engine import replay
from orgsim.model import (
    Appointment,
    Calendar,
    Capacity,
    ChangeKind,
    Inauguration,
    Legal,
    NominationOutcome,
    Organization,
    Person,
    Post,
    Route,
    State,
    SuccessionOrder,
    Tenure,
)
from orgsim.rules import Settings, acting_limit

START = dt.date(2022, 1, 3)
DAY = dt.timedelta(days=1)
SETTINGS = Settings()
PRESIDENT = "pat"

T = TypeVar("T")
# What strategies_rules draws: (grade, agency, days of service) and
# (post index, line indexes, index into COVERS, skip_acting).
PersonFacts = tuple[str | None, str | None, int | None]
OrderSpec = tuple[int, tuple[int, ...], int, bool]


def pick(options: Sequence[T], i: int) -> T:
    """The i-th option, wrapping round; options are sorted so the choice is reproducible."""
    return options[i % len(options)]


class SuccessionMachine(RuleBasedStateMachine):
    """A President, 2-4 Senate-confirmed posts each with a career deputy as first assistant."""

    # --- set-up --------------------------------------------------------------------------

    @initialize(
        n_posts=st.integers(2, 4),
        deputy_days=st.lists(st.integers(0, 400), min_size=4, max_size=4),
        pool=st.lists(person_facts(), min_size=2, max_size=5),
        orders=st.lists(order_specs(), max_size=2),
        inauguration=st.one_of(st.none(), st.integers(-100, 900)),
    )
    def build(
        self,
        n_posts: int,
        deputy_days: list[int],
        pool: list[PersonFacts],
        orders: list[OrderSpec],
        inauguration: int | None,
    ) -> None:
        # A transitional inauguration, days from the start (before it, or long after): its
        # extra time (3349a) may fall while someone acts, or after the office has lapsed.
        self.inauguration = None if inauguration is None else START + inauguration * DAY
        self.pas = [f"p{i}" for i in range(n_posts)]
        self.deputies = [f"d{i}" for i in range(n_posts)]
        self.line_posts = self.pas + self.deputies
        posts: dict[str, Post] = {
            "president": Post(
                "president", "President", "executive", appointment=Appointment.ELECTED
            )
        }
        people: dict[str, Person] = {PRESIDENT: Person(PRESIDENT, "Pat President")}
        holdings: dict[str, Tenure] = {
            "president": Tenure("president", PRESIDENT, Capacity.ELECTED, dt.date(2021, 1, 20))
        }
        for i, (pas, deputy) in enumerate(zip(self.pas, self.deputies, strict=True)):
            posts[pas] = Post(
                pas,
                f"Officer {i}",
                "dept",
                reports_to="president" if i == 0 else "p0",
                appointment=Appointment.PAS,
                first_assistant=deputy,
            )
            posts[deputy] = Post(
                deputy, f"Deputy {i}", "dept", reports_to=pas, appointment=Appointment.OTHER
            )
            start = START - deputy_days[i] * DAY
            people[f"h{i}"] = Person(f"h{i}", f"Holder {i}")
            people[f"a{i}"] = Person(
                f"a{i}", f"Assistant {i}", grade="SES", agency="dept", service_start=start
            )
            holdings[pas] = Tenure(pas, f"h{i}", Capacity.CONFIRMED, dt.date(2021, 6, 1))
            holdings[deputy] = Tenure(deputy, f"a{i}", Capacity.APPOINTED, start)
        for j, (grade, agency, days) in enumerate(pool):
            people[f"x{j}"] = Person(
                f"x{j}",
                f"Pool {j}",
                grade=grade,
                agency=agency,
                service_start=None if days is None else START - days * DAY,
            )
        state_orders: dict[str, SuccessionOrder] = {}
        for k, (post_i, line, covers_i, skip) in enumerate(orders):
            post = pick(self.pas, post_i)
            state_orders[f"o{k}"] = SuccessionOrder(
                f"o{k}",
                post,
                tuple(dict.fromkeys(pick(self.line_posts, x) for x in line)),
                covers=frozenset(COVERS[covers_i]),
                skip_acting=skip,
                authority=f"Order o{k}",
            )
        self.initial = State(
            date=START,
            organizations=Map(
                {
                    "executive": Organization("executive", "Executive Branch"),
                    "dept": Organization("dept", "Department", "executive", True),
                    "other": Organization("other", "Other Department", "executive", True),
                }
            ),
            posts=Map(posts),
            people=Map(people),
            holdings=Map(holdings),
            orders=Map(state_orders),
            president_post="president",
            calendar=Calendar(
                inaugurations=()
                if self.inauguration is None
                else (Inauguration(self.inauguration, transitional=True),)
            ),
        )
        self.state = self.initial
        self.legal: Legal | None = None  # judged afresh by the first replay
        self.events: list[ev.Event] = []
        self.new_transitions: list[ev.Transition] = []
        self.dead: set[str] = set()
        # What the reference logs as events happen (never read from the code under test):
        # each version of each order with its force, each designation's verdict, each
        # delegation's force, and the people's facts.
        self.versions: list[ref.Version] = [
            ref.Version(
                o.id, o.post, {k: o.line for k in o.covers}, o.skip_acting, None, 1, ref.LAWFUL
            )
            for o in state_orders.values()
        ]
        self.designated: dict[str, tuple[str, str, str | None, bool]] = {}
        self.delegated: dict[str, tuple[str, str]] = {}
        self.facts = {
            pid: (p.grade, p.agency, p.service_start) for pid, p in self.initial.people.items()
        }
        self.statuses: dict[str, str] = {}

    # --- applying events exactly as replay() does ------------------------------------------

    @property
    def today(self) -> dt.date:
        return self.state.date

    def apply(self, event: ev.Event) -> None:
        """Replay one more event from the current state and legal timeline: the public fold,
        one day at a time."""
        produced = list(replay(self.state, [event], SETTINGS, legal=self.legal))
        self.events.append(event)
        self.new_transitions = produced
        if produced:
            self.state, self.legal = produced[-1].after, produced[-1].legal

    def next_day(self) -> dt.date:
        """Each event on a day of its own: the rules settle a day at its end."""
        return self.today + DAY

    def people(self) -> list[str]:
        """Everyone alive; the dead are kept in the state but chosen for nothing."""
        return sorted(p for p in self.state.people.keys() if p not in self.dead)

    def nominable(self) -> list[tuple[str, str]]:
        """(post, person) pairs a nomination may name: a vacant office, no pending duplicate."""
        pending = set(self.pending())
        return [
            (post, person)
            for post in self.vacant_pas()
            for person in self.people()
            if person != PRESIDENT and (post, person) not in pending
        ]

    def held(self, posts: list[str]) -> list[str]:
        """The posts someone still holds when the next event happens: a resignation taking
        effect by then has emptied its post first."""
        leaving = {p for p, r in self.state.pending.items() if r.effective <= self.next_day()}
        return [p for p in posts if p in self.state.holdings and p not in leaving]

    def vacant_pas(self) -> list[str]:
        return [p for p in self.pas if p in self.state.vacancies]

    def pending(self) -> list[tuple[str, str]]:
        return sorted(
            (post, n.person)
            for post, noms in self.state.nominations.items()
            for n in noms
            # A nominee who has died can be neither confirmed nor withdrawn usefully here.
            if n.outcome is NominationOutcome.PENDING and n.person not in self.dead
        )

    def office_holders(self) -> list[str]:
        return sorted({t.person for t in self.state.holdings.values()} - {PRESIDENT})

    # --- what the reference judges as events happen -------------------------------------------

    def chain(self, post: str) -> list[str]:
        """The post and every post above it."""
        out = [post]
        above = self.state.posts[post].reports_to
        while above is not None:
            out.append(above)
            above = self.state.posts[above].reports_to
        return out

    def issuer_force(self, by: str | None, post: str) -> str:
        """An order, amendment or delegation has force when its issuer serves lawfully in the
        post or above it (acting in it counts as far as that service is lawful)."""
        if by is None:
            return ref.UNDETERMINED
        found = []
        for above in self.chain(post):
            tenure = self.state.holdings.get(above)
            if tenure is None or tenure.person != by:
                continue
            if tenure.capacity is Capacity.PERFORMING_DUTIES:
                found.append(ref.UNLAWFUL)
            elif tenure.capacity.is_temporary:
                found.append(self.statuses.get(above, ref.LAWFUL))
            else:
                found.append(ref.LAWFUL)
        if not found:
            return ref.UNLAWFUL
        return ref.LAWFUL if ref.LAWFUL in found else ref.worst(found)

    def counted(self, post: str) -> tuple:  # type: ignore[type-arg]
        return self.state.nominations.get(post, ())

    def recorded_status(self, post: str) -> str | None:
        """Whether the recorded holder of a vacant office serves lawfully, by the reference."""
        state = self.state
        tenure = state.holdings.get(post)
        vacancy = state.vacancies.get(post)
        if tenure is None or vacancy is None:
            return None
        clock = ref.clock(vacancy, self.counted(post), self.today, self.inauguration)
        bar = ref.bar(state, post, tenure.person, vacancy)
        if tenure.capacity is Capacity.PERFORMING_DUTIES:
            delegated = self.delegated.get(post)
            if delegated is None or delegated[0] != tenure.person:
                return ref.UNDETERMINED
            return delegated[1]
        if tenure.assumed:
            basis = tenure.basis_post
            held = state.holdings.get(basis or "")
            outright = tenure.route is Route.FIRST_ASSISTANT
            holds = (
                held is not None
                and held.person == tenure.person
                and not (outright and held.capacity.is_temporary)
            )
            return ref.worst(
                [ref.LAWFUL if clock else ref.UNLAWFUL, ref.LAWFUL if holds else ref.UNLAWFUL, bar]
            )
        person, status, basis, outright = self.designated[post]
        assert person == tenure.person, (post, person, tenure)
        holds = True
        if basis is not None:
            held = state.holdings.get(basis)
            holds = (
                held is not None
                and held.person == person
                and not (outright and held.capacity.is_temporary)
            )
        return ref.worst(
            [
                status,
                ref.LAWFUL if clock else ref.UNLAWFUL,
                ref.LAWFUL if holds else ref.UNLAWFUL,
                bar,
            ]
        )

    def refresh_statuses(self) -> None:
        self.statuses = {p: s for p in self.pas if (s := self.recorded_status(p)) is not None}

    # --- departures ------------------------------------------------------------------------

    @precondition(lambda self: self.held(self.line_posts))
    @rule(i=st.integers(0, 7), delay=st.sampled_from([0, 0, 0, 20]))
    def resign(self, i: int, delay: int) -> None:
        post = pick(self.held(self.line_posts), i)
        person = self.state.holdings[post].person
        day = self.next_day()
        self.apply(ev.Resign(date=day, post=post, person=person, effective=day + delay * DAY))

    @precondition(lambda self: self.office_holders())
    @rule(i=st.integers(0, 20))
    def death(self, i: int) -> None:
        person = pick(self.office_holders(), i)
        self.dead.add(person)
        self.apply(ev.Death(date=self.next_day(), person=person))

    @precondition(lambda self: self.held(self.line_posts))
    @rule(i=st.integers(0, 7), j=st.integers(0, 20))
    def remove(self, i: int, j: int) -> None:
        """Whoever the record says removed someone, the removal is recorded; one without the
        authority (only the President removes a PAS officer) is a violation, never refused."""
        post = pick(self.held(self.line_posts), i)
        person = self.state.holdings[post].person
        by = pick([PRESIDENT, *self.people()], j)
        allowed = by == PRESIDENT and post in self.pas
        if post in self.deputies:
            allowed = any(
                (h := self.state.holdings.get(above)) is not None and h.person == by
                for above in self.chain(post)[1:]
            )
        self.apply(ev.Remove(date=self.next_day(), post=post, person=person, by=by))
        assert self.state.holder(post) is None or self.state.holder(post).person != person  # type: ignore[union-attr]
        flagged = any(
            f.rule == "removal-without-authority" for t in self.new_transitions for f in t.findings
        )
        assert flagged == (not allowed), (by, post, person)

    @precondition(lambda self: self.held(self.pas))
    @rule(i=st.integers(0, 3), how=st.sampled_from(["plain", "sickness", "emergency"]))
    def inability(self, i: int, how: str) -> None:
        post = pick(self.held(self.pas), i)
        person = self.state.holdings[post].person
        self.apply(
            ev.Inability(
                date=self.next_day(),
                post=post,
                person=person,
                sickness=how == "sickness",
                emergency=how == "emergency",
            )
        )

    # --- appointments ----------------------------------------------------------------------

    @precondition(lambda self: self.nominable())
    @rule(i=st.integers(0, 40))
    def nominate(self, i: int) -> None:
        post, person = pick(self.nominable(), i)
        self.apply(ev.Nominate(date=self.next_day(), post=post, person=person, by=PRESIDENT))

    @precondition(lambda self: self.pending())
    @rule(i=st.integers(0, 7))
    def confirm_and_swear_in(self, i: int) -> None:
        post, person = pick(self.pending(), i)
        self.apply(ev.Confirm(date=self.next_day(), post=post, person=person, yeas=51, nays=49))
        if person not in self.dead:
            self.apply(ev.SwearIn(date=self.next_day(), post=post, person=person))

    @precondition(lambda self: self.pending())
    @rule(i=st.integers(0, 7), how=st.sampled_from(["withdraw", "reject", "return"]))
    def nomination_fails(self, i: int, how: str) -> None:
        post, person = pick(self.pending(), i)
        kind = {
            "withdraw": ev.WithdrawNomination,
            "reject": ev.RejectNomination,
            "return": ev.ReturnNomination,
        }[how]
        self.apply(kind(date=self.next_day(), post=post, person=person))

    @precondition(lambda self: self.vacant_pas())
    @rule(i=st.integers(0, 3), j=st.integers(0, 20), by_president=st.booleans())
    def designate_acting(self, i: int, j: int, by_president: bool) -> None:
        post = pick(self.vacant_pas(), i)
        others = [p for p in self.people() if p != PRESIDENT]
        if not others:
            return
        person = pick(others, j)
        by = PRESIDENT if by_president else pick(others, j + 1)
        day = self.next_day()
        # Judged on the day, by the reference: the state on that day (nothing falls due
        # between today and tomorrow that the designation's judgement reads).
        status, basis, outright = ref.designation(
            self.state, post, person, by, PRESIDENT, self.facts
        )
        self.apply(ev.DesignateActing(date=day, post=post, person=person, by=by))
        self.designated[post] = (person, status, basis, outright)

    @rule(i=st.integers(0, 3), j=st.integers(0, 20), k=st.integers(0, 20))
    def delegate_duties(self, i: int, j: int, k: int) -> None:
        post = pick(self.pas, i)
        person = pick(self.people(), j)
        by = pick([PRESIDENT, *self.people()], k)
        force = self.issuer_force(by, post)
        self.apply(ev.DelegateDuties(date=self.next_day(), post=post, person=person, by=by))
        self.delegated[post] = (person, force)

    @precondition(lambda self: bool([d for d in self.deputies if d not in self.state.holdings]))
    @rule(i=st.integers(0, 3), j=st.integers(0, 20))
    def appoint_deputy(self, i: int, j: int) -> None:
        post = pick([d for d in self.deputies if d not in self.state.holdings], i)
        others = [p for p in self.people() if p != PRESIDENT]
        if not others:
            return
        person = pick(others, j)
        self.apply(ev.Appoint(date=self.next_day(), post=post, person=person, by=PRESIDENT))

    # --- orders of succession --------------------------------------------------------------

    @rule(spec=order_specs(), k=st.integers(0, 20))
    def issue_order(self, spec: OrderSpec, k: int) -> None:
        post_i, line, covers_i, skip = spec
        post = pick(self.pas, post_i)
        order = f"o{len(self.state.orders) + 10}"
        by = pick([None, PRESIDENT, *self.people()], k)
        listed = tuple(dict.fromkeys(pick(self.line_posts, x) for x in line))
        day = self.next_day()
        force = self.issuer_force(by, post)
        self.apply(
            ev.IssueOrder(
                date=day,
                order=order,
                post=post,
                line=listed,
                by=by,
                covers=frozenset(COVERS[covers_i]),
                skip_acting=skip,
                authority=f"Order {order}",
            )
        )
        lines = {kind: listed for kind in COVERS[covers_i]}
        self.versions.append(ref.Version(order, post, lines, skip, day, 1, force))

    @precondition(lambda self: self.state.orders)
    @rule(i=st.integers(0, 7), spec=order_specs(), k=st.integers(0, 20))
    def amend_order(self, i: int, spec: OrderSpec, k: int) -> None:
        order = pick(sorted(self.state.orders.keys()), i)
        _, line, covers_i, skip = spec
        by = pick([None, PRESIDENT, *self.people()], k)
        listed = tuple(dict.fromkeys(pick(self.line_posts, x) for x in line))
        day = self.next_day()
        mine = [v for v in self.versions if v.order == order]
        last, first = mine[-1], mine[0]
        force = ref.worst([self.issuer_force(by, last.post), first.force])
        self.apply(
            ev.AmendOrder(
                date=day,
                order=order,
                line=listed,
                by=by,
                covers=frozenset(COVERS[covers_i]),
                skip_acting=skip,
            )
        )
        # Only the lists of the kinds named change; the others stay as they were.
        lines = dict(last.lines)
        lines.update({kind: listed for kind in COVERS[covers_i]})
        self.versions.append(
            ref.Version(order, last.post, lines, skip, day, last.number + 1, force)
        )

    # --- time --------------------------------------------------------------------------------

    @rule(days=st.integers(1, 400))
    def time_passes(self, days: int) -> None:
        self.apply(ev.Note(date=self.today + days * DAY, text=f"{days} days later"))

    # --- invariants ----------------------------------------------------------------------------

    @invariant()
    def one_holder_per_post(self) -> None:
        state = self.state
        for post_id, tenure in state.holdings.items():
            assert tenure.post == post_id, (post_id, tenure)
            assert post_id in state.posts and tenure.person in state.people
            if tenure.capacity.is_temporary:
                # Acting and performing the duties exist only in a vacancy.
                assert post_id in state.vacancies, tenure
        for post_id in state.vacancies:
            holder = state.holdings.get(post_id)
            assert holder is None or holder.capacity.is_temporary, holder

    @invariant()
    def no_rule_removes_or_replaces_a_recorded_holder(self) -> None:
        """The legal timeline never moves the record; assumptions move only assumptions; what
        follows from the record alone (a resignation's date) moves only the one resigning."""
        for t in self.new_transitions:
            if not t.derived:
                continue
            if t.timeline == "legal":
                assert t.after.holdings == t.before.holdings, t.event
                continue
            for change in t.changes:
                if change.kind not in (ChangeKind.LEFT, ChangeKind.CAPACITY):
                    continue
                assert change.post is not None
                before = t.before.holdings.get(change.post)
                assert before is not None
                if t.timeline == "assumed":
                    assert before.assumed, f"{t.event.kind} moved {before}, whom the record names"
                else:
                    assert isinstance(t.event, ev.ResignationTakesEffect), t.event
                    assert before.person == t.event.person

    @invariant()
    def reference_clock_agrees(self) -> None:
        state = self.state
        for post_id in self.pas:
            vacancy = state.vacancies.get(post_id)
            if vacancy is None:
                continue
            noms = state.nominations.get(post_id, ())
            expected = ref.clock(vacancy, noms, state.date, self.inauguration)
            got = acting_limit(vacancy, noms, state.calendar, SETTINGS, on=state.date)
            assert got.lawful == expected, (post_id, vacancy, noms, state.date, got)

    @invariant()
    def reference_agrees_on_who_may_lawfully_act(self) -> None:
        """For each vacant office: whether its recorded holder serves lawfully, and who could
        lawfully act (or that nobody could, or that the record cannot tell), as the reference
        reads the statute, equal the legal timeline's."""
        if self.legal is None:
            return
        self.refresh_statuses()
        state = self.state
        for post_id in self.pas:
            vacancy = state.vacancies.get(post_id)
            if vacancy is None:
                continue
            standing = self.legal.standing(post_id)
            assert standing is not None, post_id
            expected_status = self.statuses.get(post_id)
            got_status = str(standing.status) if standing.status is not None else None
            assert got_status == expected_status, (post_id, got_status, expected_status, standing)
            clock = ref.clock(vacancy, self.counted(post_id), state.date, self.inauguration)
            tenure = state.holdings.get(post_id)
            if not clock:
                expected: tuple[str | None, bool] = (None, True)
            elif (
                tenure is not None
                and tenure.capacity is Capacity.ACTING
                and expected_status == ref.LAWFUL
            ):
                expected = (tenure.person, True)
            else:
                expected = ref.pick(ref.line(state, post_id, self.versions, self.statuses))
                acting = tenure is not None and tenure.capacity is Capacity.ACTING
                holder = tenure.person if tenure is not None else None
                if acting and expected_status == ref.UNDETERMINED and expected[0] != holder:
                    # Either the recorded acting officer (if their service is lawful) or the
                    # line's answer: the record cannot tell which.
                    expected = (None, False)
            assert (standing.lawful, standing.determined) == expected, (post_id, standing)

    @invariant()
    def an_office_the_law_fills_is_not_left_empty(self) -> None:
        """At the end of each day, a vacant office nobody is recorded in, where the law names
        someone who may act, has them acting, marked as an assumption."""
        if self.legal is None:
            return
        for post_id in self.pas:
            standing = self.legal.standing(post_id)
            tenure = self.state.holdings.get(post_id)
            if standing is None or post_id not in self.state.vacancies:
                continue
            if standing.lawful is not None and standing.determined:
                assert tenure is not None, (post_id, standing)
                if tenure.assumed or tenure.capacity is Capacity.ACTING:
                    continue
                assert tenure.capacity is Capacity.PERFORMING_DUTIES and not tenure.assumed

    def teardown(self) -> None:
        events = getattr(self, "events", None)
        if not events:
            return
        # The machine replayed one event at a time; the whole list at once must agree.
        whole = list(replay(self.initial, events, SETTINGS))
        assert whole[-1].after == self.state, "replaying the events gives another final state"
        assert whole[-1].legal == self.legal, "replaying the events gives another legal timeline"


SuccessionMachine.TestCase.settings = settings(
    max_examples=int(os.environ.get("ORGSIM_STATEFUL_EXAMPLES", 200)),
    stateful_step_count=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


# The engine keeps its invariants under every generated sequence of events. (Hypothesis's
# documented form: mypy cannot take the generated `SuccessionMachine.TestCase` as a base class.)
TestSuccessionMachine = SuccessionMachine.TestCase
