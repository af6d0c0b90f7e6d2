"""A Hypothesis state machine that drives the real engine through generated organisations.

Each rule builds a real event and applies it exactly as `orgsim.engine.replay` does (the clock
first, then the event and everything the rules derive the same day). The invariants hold the
engine to shared/DESIGN.md ("Invariants") next to a deliberately simple reference model of the
Vacancies Act clock written from the statute (shared/domain/succession-rules.md, section 3).

Choices are drawn as integer indexes into the options the state offers, so a failing example
prints as a Python program of rule calls that replays deterministically.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from typing import TypeVar

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
from orgsim.errors import EventError
from orgsim.model import (
    Appointment,
    Calendar,
    Capacity,
    ChangeKind,
    Inauguration,
    Nomination,
    NominationOutcome,
    Organization,
    Person,
    Post,
    State,
    SuccessionOrder,
    Tenure,
    Vacancy,
    VacancyReason,
)
from orgsim.rules import Settings, acting_limit, successor

START = dt.date(2022, 1, 3)
DAY = dt.timedelta(days=1)
SETTINGS = Settings()
PRESIDENT = "pat"
SENIOR = ("GS-15", "SES")
TEMPORARY = (str(Capacity.ACTING), str(Capacity.PERFORMING_DUTIES))

T = TypeVar("T")
# What strategies_rules draws: (grade, agency, days of service) and
# (post index, line indexes, index into COVERS, skip_acting).
PersonFacts = tuple[str | None, str | None, int | None]
OrderSpec = tuple[int, tuple[int, ...], int, bool]


# --- the deliberately simple reference clock (day 0 counting, no Senate calendar) ------------


def reference_lawful(
    vacancy: Vacancy,
    nominations: tuple[Nomination, ...],
    day: dt.date,
    inauguration: dt.date | None = None,
) -> bool:
    """5 U.S.C. 3346 and 3349a read literally: 210 days from the vacancy; the first and second
    nominations keep service lawful while pending and give a fresh 210 days when they fail;
    a third gives nothing; sickness has no limit; a vacancy that exists in the 60 days from a
    transitional inauguration is also lawful from then to 210 days after the later of
    inauguration + 90 and vacancy + 90."""
    if vacancy.reason is VacancyReason.SICKNESS:
        return vacancy.since <= day
    if vacancy.since <= day <= vacancy.since + 210 * DAY:
        return True
    if inauguration is not None and vacancy.since <= inauguration + 59 * DAY:
        opens = max(inauguration, vacancy.since)
        if opens <= day <= opens + (90 + 210) * DAY:
            return True
    ordered = sorted(nominations, key=lambda n: (n.submitted, n.person))
    for nomination in ordered[:2]:
        if nomination.submitted > day:
            continue
        failed = nomination.outcome in (
            NominationOutcome.WITHDRAWN,
            NominationOutcome.RETURNED,
            NominationOutcome.REJECTED,
        )
        if not failed:
            return True  # pending (or confirmed and awaiting the oath)
        assert nomination.outcome_date is not None
        if day < nomination.outcome_date:
            return True  # still pending on that day
        if day <= nomination.outcome_date + 210 * DAY:
            return True
    return False


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
        self.events: list[ev.Event] = []
        self.new_transitions: list[ev.Transition] = []
        self.stepped_down: dict[str, set[str]] = {}
        self.dead: set[str] = set()
        self.fa_at_vacancy: dict[str, tuple[str | None, dt.date | None]] = {}

    # --- applying events exactly as replay() does ------------------------------------------

    @property
    def today(self) -> dt.date:
        return self.state.date

    def apply(self, event: ev.Event) -> None:
        """Replay one more event from the current state: the public fold, one step at a time."""
        produced = list(replay(self.state, [event], SETTINGS))
        self.events.append(event)
        self.state, self.new_transitions = produced[-1].after, produced
        for transition in produced:
            for change in transition.changes:
                if change.kind is ChangeKind.LEFT and change.capacity in TEMPORARY:
                    # A LEFT change always names the post and the person; this narrows the type.
                    assert change.post is not None and change.person is not None
                    # Whoever steps down from acting is not put back by the same rule.
                    self.stepped_down.setdefault(change.post, set()).add(change.person)
        for transition in produced:
            for change in transition.changes:
                if change.kind is ChangeKind.VACATED and change.post in self.pas:
                    # Who was first assistant when the vacancy arose, and since when.
                    after = transition.after
                    fa_post = after.vacancies[change.post].first_assistant_of(
                        after.posts[change.post]
                    )
                    fa = after.holdings.get(fa_post) if fa_post else None
                    self.fa_at_vacancy[change.post] = (fa.person, fa.start) if fa else (None, None)
        for post in list(self.stepped_down):
            if post not in self.state.vacancies:
                del self.stepped_down[post]

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
        return [p for p in posts if p in self.state.holdings]

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

    # --- departures ------------------------------------------------------------------------

    @precondition(lambda self: self.held(self.line_posts))
    @rule(i=st.integers(0, 7), delay=st.sampled_from([0, 0, 0, 20]))
    def resign(self, i: int, delay: int) -> None:
        post = pick(self.held(self.line_posts), i)
        person = self.state.holdings[post].person
        effective = self.today + delay * DAY
        self.apply(ev.Resign(date=self.today, post=post, person=person, effective=effective))

    @precondition(lambda self: self.office_holders())
    @rule(i=st.integers(0, 20))
    def death(self, i: int) -> None:
        person = pick(self.office_holders(), i)
        self.dead.add(person)
        self.apply(ev.Death(date=self.today, person=person))

    @precondition(lambda self: self.held(self.line_posts))
    @rule(i=st.integers(0, 7))
    def remove_by_president(self, i: int) -> None:
        post = pick(self.held(self.line_posts), i)
        person = self.state.holdings[post].person
        self.apply(ev.Remove(date=self.today, post=post, person=person, by=PRESIDENT))

    @precondition(lambda self: self.held(self.line_posts))
    @rule(i=st.integers(0, 7), j=st.integers(0, 20))
    def remove_by_someone_else(self, i: int, j: int) -> None:
        """Reference: only the President removes a PAS officer; anyone above a career deputy
        in the chain of command removes the deputy."""
        post = pick(self.held(self.line_posts), i)
        person = self.state.holdings[post].person
        others = [p for p in self.people() if p != PRESIDENT]
        if not others:
            return
        by = pick(others, j)
        allowed = False
        if post in self.deputies:
            above = self.state.posts[post].reports_to
            while above is not None:
                holder = self.state.holdings.get(above)
                allowed = allowed or (holder is not None and holder.person == by)
                above = self.state.posts[above].reports_to
        event = ev.Remove(date=self.today, post=post, person=person, by=by)
        if allowed:
            self.apply(event)
            return
        before = self.state
        try:
            self.apply(event)
        except EventError:
            assert self.state is before
        else:
            raise AssertionError(f"{by} removed {person} from {post} without the authority")

    @precondition(lambda self: self.held(self.pas))
    @rule(i=st.integers(0, 3), how=st.sampled_from(["plain", "sickness", "emergency"]))
    def inability(self, i: int, how: str) -> None:
        post = pick(self.held(self.pas), i)
        person = self.state.holdings[post].person
        self.apply(
            ev.Inability(
                date=self.today,
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
        self.apply(ev.Nominate(date=self.today, post=post, person=person, by=PRESIDENT))

    @precondition(lambda self: self.pending())
    @rule(i=st.integers(0, 7))
    def confirm_and_swear_in(self, i: int) -> None:
        post, person = pick(self.pending(), i)
        self.apply(ev.Confirm(date=self.today, post=post, person=person, yeas=51, nays=49))
        self.apply(ev.SwearIn(date=self.today, post=post, person=person))

    @precondition(lambda self: self.pending())
    @rule(i=st.integers(0, 7), how=st.sampled_from(["withdraw", "reject", "return"]))
    def nomination_fails(self, i: int, how: str) -> None:
        post, person = pick(self.pending(), i)
        kind = {
            "withdraw": ev.WithdrawNomination,
            "reject": ev.RejectNomination,
            "return": ev.ReturnNomination,
        }[how]
        self.apply(kind(date=self.today, post=post, person=person))

    @precondition(lambda self: self.vacant_pas())
    @rule(i=st.integers(0, 3), j=st.integers(0, 20), by_president=st.booleans())
    def designate_acting(self, i: int, j: int, by_president: bool) -> None:
        post = pick(self.vacant_pas(), i)
        others = [p for p in self.people() if p != PRESIDENT]
        if not others:
            return
        person = pick(others, j)
        by = PRESIDENT if by_president else pick(others, j + 1)
        self.apply(ev.DesignateActing(date=self.today, post=post, person=person, by=by))

    @rule(i=st.integers(0, 3), j=st.integers(0, 20), k=st.integers(0, 20))
    def delegate_duties(self, i: int, j: int, k: int) -> None:
        post = pick(self.pas, i)
        person = pick(self.people(), j)
        by = pick([PRESIDENT, *self.people()], k)
        self.apply(ev.DelegateDuties(date=self.today, post=post, person=person, by=by))

    @precondition(lambda self: bool([d for d in self.deputies if d not in self.state.holdings]))
    @rule(i=st.integers(0, 3), j=st.integers(0, 20))
    def appoint_deputy(self, i: int, j: int) -> None:
        post = pick([d for d in self.deputies if d not in self.state.holdings], i)
        others = [p for p in self.people() if p != PRESIDENT]
        if not others:
            return
        person = pick(others, j)
        self.apply(ev.Appoint(date=self.today, post=post, person=person, by=PRESIDENT))

    # --- orders of succession --------------------------------------------------------------

    @rule(spec=order_specs(), k=st.integers(0, 20))
    def issue_order(self, spec: OrderSpec, k: int) -> None:
        post_i, line, covers_i, skip = spec
        post = pick(self.pas, post_i)
        order = f"o{len(self.state.orders) + 10}"
        by = pick([None, PRESIDENT, *self.people()], k)
        self.apply(
            ev.IssueOrder(
                date=self.today,
                order=order,
                post=post,
                line=tuple(dict.fromkeys(pick(self.line_posts, x) for x in line)),
                by=by,
                covers=frozenset(COVERS[covers_i]),
                skip_acting=skip,
                authority=f"Order {order}",
            )
        )

    @precondition(lambda self: self.state.orders)
    @rule(i=st.integers(0, 7), spec=order_specs(), k=st.integers(0, 20))
    def amend_order(self, i: int, spec: OrderSpec, k: int) -> None:
        order = pick(sorted(self.state.orders.keys()), i)
        _, line, covers_i, skip = spec
        by = pick([None, PRESIDENT, *self.people()], k)
        self.apply(
            ev.AmendOrder(
                date=self.today,
                order=order,
                line=tuple(dict.fromkeys(pick(self.line_posts, x) for x in line)),
                by=by,
                covers=frozenset(COVERS[covers_i]),
                skip_acting=skip,
            )
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
    def reference_clock_agrees(self) -> None:
        state = self.state
        for post_id in self.pas:
            vacancy = state.vacancies.get(post_id)
            if vacancy is None:
                continue
            noms = state.nominations.get(post_id, ())
            expected = reference_lawful(vacancy, noms, state.date, self.inauguration)
            got = acting_limit(vacancy, noms, state.calendar, SETTINGS, on=state.date)
            assert got.lawful == expected, (post_id, vacancy, noms, state.date, got)
            tenure = state.holdings.get(post_id)
            if tenure is not None and tenure.capacity is Capacity.ACTING and tenure.lawful:
                assert expected, f"{tenure.person} acts lawfully in {post_id} past the limit"

    @invariant()
    def lawful_acting_officers_are_eligible(self) -> None:
        state = self.state
        for post_id in self.pas:
            tenure = state.holdings.get(post_id)
            if tenure is None or tenure.capacity is not Capacity.ACTING or not tenure.lawful:
                continue
            vacancy = state.vacancies[post_id]
            person = state.people[tenure.person]
            basis = tenure.basis
            fa_post = vacancy.first_assistant_of(state.posts[post_id])
            if "3345(a)(1)" in basis:
                fa = state.holdings.get(fa_post) if fa_post else None
                assert fa is not None and fa.person == person.id, (
                    f"{person.id} acts in {post_id} as first assistant without holding"
                    f" {fa_post} ({fa})"
                )
            elif "3345(a)(2)" in basis:
                assert any(
                    t.post != post_id
                    and t.capacity is Capacity.CONFIRMED
                    and state.posts[t.post].appointment is Appointment.PAS
                    for t in state.held_by(person.id)
                ), f"{person.id} acts in {post_id} under (a)(2) without another PAS office"
            elif "3345(a)(3)" in basis:
                assert person.agency == "dept" and person.grade in SENIOR, person
                assert person.service_start is not None
                assert person.service_start <= vacancy.since - 90 * DAY, (person, vacancy)
            else:
                assert "Order o" in basis, basis
            # The nomination bar (3345(b)(1)): a pending nominee may act only after 90 days as
            # first assistant in the year before the vacancy.
            nominated = any(
                n.person == person.id and n.outcome is NominationOutcome.PENDING
                for n in state.nominations.get(post_id, ())
            )
            if nominated:
                fa_person, fa_start = self.fa_at_vacancy.get(post_id, (None, None))
                assert fa_person == person.id, (post_id, person.id, fa_person)
                assert fa_start is not None and fa_start <= vacancy.since - 90 * DAY, fa_start

    @invariant()
    def orders_acting_comes_from_the_line(self) -> None:
        for transition in self.new_transitions:
            event = transition.event
            if isinstance(event, ev.AssumeActing) and event.route == "order":
                before = transition.before
                vacancy = before.vacancies[event.post]
                orders = [
                    o
                    for o in before.orders.values()
                    if o.post == event.post and o.lawful and vacancy.reason.kind in o.covers
                ]
                assert any(
                    (h := before.holdings.get(p)) is not None and h.person == event.person
                    for o in orders
                    for p in o.line
                ), (event, orders)

    @invariant()
    def vacancies_with_an_eligible_successor_are_filled(self) -> None:
        state = self.state
        for post_id in self.pas:
            vacancy = state.vacancies.get(post_id)
            if vacancy is None or post_id in state.holdings:
                continue
            noms = state.nominations.get(post_id, ())
            if not acting_limit(vacancy, noms, state.calendar, SETTINGS, on=state.date).lawful:
                continue
            candidate = successor(
                state,
                post_id,
                vacancy.reason.kind,
                vacated_holder=vacancy.previous_holder,
                vacancy_since=vacancy.since,
                excluded=frozenset(self.stepped_down.get(post_id, ())),
            )
            assert candidate is None or candidate.person is None, (
                f"{post_id} is vacant on {state.date} although {candidate.person} may act"
                f" ({candidate.reason})"
            )

    def teardown(self) -> None:
        events = getattr(self, "events", None)
        if not events:
            return
        # The machine replayed one event at a time; the whole list at once must agree.
        whole = [t.after for t in replay(self.initial, events, SETTINGS)]
        assert whole[-1] == self.state, "replaying the events gives another final state"
        for k in sorted({len(events) // 2}):
            if not 0 < k < len(events):
                continue
            first = [t.after for t in replay(self.initial, events[:k], SETTINGS)]
            rest = [t.after for t in replay(first[-1], events[k:], SETTINGS)]
            assert first + rest == whole, f"replaying {k} events and then the rest differs"


SuccessionMachine.TestCase.settings = settings(
    max_examples=int(os.environ.get("ORGSIM_STATEFUL_EXAMPLES", 200)),
    stateful_step_count=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


# The engine keeps its invariants under every generated sequence of events. (Hypothesis's
# documented form: mypy cannot take the generated `SuccessionMachine.TestCase` as a base class.)
TestSuccessionMachine = SuccessionMachine.TestCase
