"""The domain model: read-only queries on a state, frozen records, and the small enum rules."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from conftest import MINI_YAML
from hypothesis import given, settings
from hypothesis import strategies as st
from immutables import Map

from orgsim.engine import replay
from orgsim.model import (
    Appointment,
    Capacity,
    Holdings,
    Nomination,
    NominationOutcome,
    Orders,
    Organization,
    People,
    Person,
    Post,
    PostStatus,
    State,
    SuccessionOrder,
    Tenure,
    Vacancy,
    VacancyReason,
)
from orgsim.scenario import parse_scenario

DAY = dt.date(2024, 3, 1)


def org_state() -> State:
    """Executive > Department (an executive agency) > Bureau > Office, with five posts:
    a held Secretary and Administrator, a vacant Deputy, an unrecorded Clerk, and Dana
    holding two posts (one of them acting)."""
    orgs = [
        Organization("executive", "Executive Branch"),
        Organization("dept", "Department", parent="executive", executive_agency=True),
        Organization("bureau", "Bureau", parent="dept"),
        Organization("office", "Office", parent="bureau"),
        Organization("loose", "Unattached office"),
    ]
    posts = [
        Post("secretary", "Secretary", "dept"),
        Post("administrator", "Administrator", "bureau", reports_to="secretary"),
        Post("deputy", "Deputy Administrator", "bureau", reports_to="administrator"),
        Post("clerk", "Clerk", "office", reports_to="deputy"),
        Post("adviser", "Adviser", "loose"),
    ]
    people = [Person("sam", "Sam"), Person("alex", "Alex"), Person("dana", "Dana")]
    holdings = {
        "secretary": Tenure("secretary", "sam", Capacity.CONFIRMED, DAY),
        "administrator": Tenure("administrator", "dana", Capacity.ACTING, DAY),
        "adviser": Tenure("adviser", "dana", Capacity.APPOINTED, DAY),
    }
    vacancies = {
        "deputy": Vacancy("deputy", DAY, VacancyReason.RESIGNATION),
        "administrator": Vacancy("administrator", DAY, VacancyReason.RESIGNATION),
    }
    return State(
        date=DAY,
        organizations=Map({o.id: o for o in orgs}),
        posts=Map({p.id: p for p in posts}),
        people=Map({p.id: p for p in people}),
        holdings=Map(holdings),
        vacancies=Map(vacancies),
    )


def test_a_post_with_a_holder_is_held_even_while_its_vacancy_is_open() -> None:
    """An acting holder in a vacant office makes the post `held`, not `vacant`."""
    state = org_state()
    assert state.status("secretary") is PostStatus.HELD
    assert state.status("administrator") is PostStatus.HELD


def test_a_post_with_only_a_vacancy_is_vacant() -> None:
    """No holder and an open vacancy: the post is `vacant`."""
    assert org_state().status("deputy") is PostStatus.VACANT


def test_a_post_with_neither_holder_nor_vacancy_is_not_recorded() -> None:
    """No holder and no vacancy: the sources do not say, so `not-recorded`."""
    state = org_state()
    assert state.status("clerk") is PostStatus.NOT_RECORDED
    assert state.holder("clerk") is None


def test_chain_of_command_lists_the_posts_above_nearest_first() -> None:
    """The clerk reports to the deputy, who reports to the administrator, then the Secretary."""
    state = org_state()
    assert state.chain_of_command("clerk") == ["deputy", "administrator", "secretary"]
    assert state.chain_of_command("secretary") == []


def test_chain_of_command_stops_at_a_cycle_instead_of_looping() -> None:
    """A (corrupt) reporting cycle ends the chain rather than hanging the query."""
    state = org_state()
    looped = attrs.evolve(state.post("secretary"), reports_to="clerk")
    state = attrs.evolve(state, posts=state.posts.set("secretary", looped))
    chain = state.chain_of_command("clerk")
    assert chain == ["deputy", "administrator", "secretary", "clerk"]
    assert len(chain) == len(set(chain))


def test_chain_of_command_stops_at_an_unknown_post() -> None:
    """A dangling `reports_to` is not followed."""
    state = org_state()
    dangling = attrs.evolve(state.post("secretary"), reports_to="nowhere")
    state = attrs.evolve(state, posts=state.posts.set("secretary", dangling))
    assert state.chain_of_command("administrator") == ["secretary"]


def test_agency_of_finds_the_nearest_executive_agency_up_the_organisations() -> None:
    """A post in a unit nested under the department belongs to the department's agency."""
    state = org_state()
    assert state.agency_of("clerk") == "dept"
    assert state.agency_of("administrator") == "dept"
    assert state.agency_of("secretary") == "dept"


def test_agency_of_is_none_when_no_organisation_above_is_an_agency() -> None:
    """A post outside any executive agency has no agency."""
    assert org_state().agency_of("adviser") is None


def test_held_by_lists_every_post_a_person_serves_in_by_post_id() -> None:
    """Dana serves as acting Administrator and as Adviser; Alex serves nowhere."""
    state = org_state()
    assert [(t.post, t.capacity) for t in state.held_by("dana")] == [
        ("administrator", Capacity.ACTING),
        ("adviser", Capacity.APPOINTED),
    ]
    assert list(state.held_by("alex")) == []
    assert list(state.held_by("nobody-at-all")) == []


def test_names_and_titles_fall_back_to_the_id() -> None:
    """Unknown people and posts are shown by their id; None shows as nothing."""
    state = org_state()
    assert state.name("sam") == "Sam"
    assert state.name("ghost") == "ghost"
    assert state.name(None) == ""
    assert state.title("clerk") == "Clerk"
    assert state.title("ghost-post") == "ghost-post"


@pytest.mark.parametrize(
    ("record", "field", "value"),
    [
        (Person("sam", "Sam"), "name", "Samuel"),
        (Post("p", "Title", "dept"), "reports_to", "other"),
        (Tenure("p", "sam", Capacity.CONFIRMED, DAY), "capacity", Capacity.ACTING),
        (Vacancy("p", DAY, VacancyReason.DEATH), "since", DAY),
        (Nomination("p", "sam", DAY), "outcome", NominationOutcome.CONFIRMED),
        (Organization("dept", "Department"), "parent", "executive"),
        (State(date=DAY), "date", DAY),
    ],
    ids=lambda v: type(v).__name__ if not isinstance(v, str) else v,
)
def test_records_and_states_refuse_assignment(record: object, field: str, value: object) -> None:
    """Every record is frozen: assigning to a field raises FrozenInstanceError."""
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        setattr(record, field, value)


def test_a_changed_record_is_a_new_object_and_the_old_one_is_untouched() -> None:
    """`evolve` gives a new tenure; the original keeps its capacity."""
    tenure = Tenure("p", "sam", Capacity.CONFIRMED, DAY)
    changed = attrs.evolve(tenure, capacity=Capacity.ACTING)
    assert tenure.capacity is Capacity.CONFIRMED
    assert changed.capacity is Capacity.ACTING


@pytest.mark.parametrize(
    ("capacity", "temporary"),
    [
        (Capacity.ACTING, True),
        (Capacity.PERFORMING_DUTIES, True),
        (Capacity.CONFIRMED, False),
        (Capacity.ELECTED, False),
        (Capacity.APPOINTED, False),
        (Capacity.NOT_RECORDED, False),
    ],
)
def test_only_acting_and_performing_duties_are_temporary(
    capacity: Capacity, temporary: bool
) -> None:
    """Acting officers and those performing the duties fill in; every other capacity holds."""
    assert capacity.is_temporary is temporary


@pytest.mark.parametrize(
    ("outcome", "failed"),
    [
        (NominationOutcome.WITHDRAWN, True),
        (NominationOutcome.RETURNED, True),
        (NominationOutcome.REJECTED, True),
        (NominationOutcome.PENDING, False),
        (NominationOutcome.CONFIRMED, False),
    ],
)
def test_withdrawn_returned_and_rejected_nominations_have_failed(
    outcome: NominationOutcome, failed: bool
) -> None:
    """The outcomes that restart the clock (3346(b)) have failed; pending and confirmed have not."""
    assert outcome.failed is failed


def test_a_post_is_under_the_vacancies_act_exactly_when_senate_confirmed_unless_told() -> None:
    """`fvra` follows the appointment kind, and an explicit `vacancies_act` overrides it."""
    assert Post("p", "P", "o", appointment=Appointment.PAS).fvra is True
    assert Post("p", "P", "o", appointment=Appointment.CAREER).fvra is False
    assert Post("p", "P", "o", appointment=Appointment.PAS, vacancies_act=False).fvra is False
    assert Post("p", "P", "o", appointment=Appointment.PA, vacancies_act=True).fvra is True


# --- People: the persistent, growing record of who is on file ---------------------------------


def _person(i: int) -> Person:
    return Person(f"p{i}", f"Person {i}")


def test_people_views_share_one_log_but_never_see_later_additions() -> None:
    """Each view sees exactly the people added up to it, in the order they were added."""
    first = People([_person(0)])
    second = first.set("p1", _person(1))
    third = second.set("p2", _person(2))
    assert list(first) == ["p0"] and len(first) == 1
    assert "p1" not in first and first.get("p1") is None
    assert list(second) == ["p0", "p1"] and second["p1"] == _person(1)
    assert list(third.values()) == [_person(0), _person(1), _person(2)]
    with pytest.raises(KeyError):
        second["p2"]


def test_people_branching_from_an_earlier_view_keeps_each_line_apart() -> None:
    """Two lines of states that add different people from the same view each see their own."""
    base = People([_person(0)]).set("p1", _person(1))
    main = base.set("p2", _person(2))
    branch = base.set("p3", _person(3))
    assert list(main) == ["p0", "p1", "p2"]
    assert list(branch) == ["p0", "p1", "p3"]
    assert "p3" not in main and "p2" not in branch
    assert list(base) == ["p0", "p1"]
    # Adding again on the main line still works after the branch copied its part.
    assert list(main.set("p4", _person(4))) == ["p0", "p1", "p2", "p4"]


def test_people_compare_by_content_with_each_other_and_with_maps() -> None:
    """Equal content is equal, whichever log it sits in; the hash agrees with equality."""
    grown = People([_person(0)]).set("p1", _person(1))
    built = People([_person(0), _person(1)])
    assert grown == built and hash(grown) == hash(built)
    assert grown == Map({"p0": _person(0), "p1": _person(1)})
    assert grown != People([_person(0)])
    assert grown.set("p0", Person("p0", "Renamed"))["p0"].name == "Renamed"
    assert grown["p0"].name == "Person 0"
    with pytest.raises(ValueError, match="appears twice"):
        People([_person(0), _person(0)])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 30)), max_size=40))
def test_people_agree_with_a_dict_per_view_however_they_branch(
    steps: list[tuple[int, int]],
) -> None:
    """Each step adds a person to any earlier view (a new line of states when that view is
    not the latest): every view then holds exactly what a plain dict built the same way holds."""
    views = [People()]
    models: list[dict[str, Person]] = [{}]
    for parent, number in steps:
        at = parent % len(views)
        person = _person(number)
        views.append(views[at].set(person.id, person))
        models.append({**models[at], person.id: person})
    for view, model in zip(views, models, strict=True):
        assert dict(view.items()) == model
        assert len(view) == len(model)
        assert all(view.get(key) == value for key, value in model.items())
        assert all((key in view) == (key in model) for key in (f"p{i}" for i in range(31)))


def test_replaying_twice_from_one_initial_state_gives_the_same_people() -> None:
    """A second replay from the same initial state (whose log the first one extended) sees
    only its own additions, state by state."""
    text = MINI_YAML + (
        "events:\n"
        "  - {date: 2024-02-01, kind: add-person, person: {id: newt, name: Newt New}}\n"
        "  - {date: 2024-02-02, kind: note, text: later}\n"
    )
    scenario = parse_scenario(text.encode(), "people.yaml")
    first = list(replay(scenario.initial, scenario.events, scenario.settings))
    second = list(replay(scenario.initial, scenario.events, scenario.settings))
    assert "newt" not in scenario.initial.people
    # The initial state's own log is not grown by either replay (nothing is kept alive by it).
    assert len(list(scenario.initial.people.values())) == len(scenario.initial.people)
    assert scenario.initial.people._log.records == list(scenario.initial.people.values())
    for a, b in zip(first, second, strict=True):
        assert a.after.people == b.after.people
        assert ("newt" in a.after.people) == (a.event.date >= dt.date(2024, 2, 1))


# --- Grouped maps: holdings by person, orders by post -------------------------------------------


def _tenure(post: str, person: str) -> Tenure:
    return Tenure(post, person, Capacity.APPOINTED, DAY)


_GROUP_STEPS = st.lists(
    st.tuples(
        st.integers(min_value=0),  # which earlier map the step starts from
        st.sampled_from([f"post-{i}" for i in range(8)]),
        st.none() | st.sampled_from([f"who-{i}" for i in range(4)]),  # None: delete the post
    ),
    max_size=40,
)


@settings(max_examples=200, deadline=None)
@given(_GROUP_STEPS)
def test_holdings_group_by_person_as_a_scan_of_a_plain_dict_would(
    steps: list[tuple[int, str, str | None]],
) -> None:
    """However holdings are set and deleted, from whichever earlier map, each map holds what a
    plain dict built the same way holds, and `group(person)` (what `State.held_by` reads)
    names exactly the posts a sorted scan of that dict finds for the person."""
    maps = [Holdings()]
    models: list[dict[str, Tenure]] = [{}]
    for parent, post, person in steps:
        at = parent % len(maps)
        if person is None:
            if post not in models[at]:
                continue
            maps.append(maps[at].delete(post))
            models.append({k: v for k, v in models[at].items() if k != post})
        else:
            maps.append(maps[at].set(post, _tenure(post, person)))
            models.append({**models[at], post: _tenure(post, person)})
    for held, model in zip(maps, models, strict=True):
        assert dict(held.items()) == model and len(held) == len(model)
        assert held == Holdings(model) and hash(held) == hash(Holdings(model))
        for person in [f"who-{i}" for i in range(4)]:
            scan = tuple(sorted(p for p, t in model.items() if t.person == person))
            assert held.group(person) == scan


def test_state_takes_plain_maps_of_holdings_and_orders_and_indexes_them() -> None:
    """A State built (or copied with `but` or `attrs.evolve`) from plain maps gets the grouped
    ones, so `held_by` and the orders of a post work whatever the caller passed."""
    state = org_state()
    assert isinstance(state.holdings, Holdings) and isinstance(state.orders, Orders)
    dana = [t.post for t in state.held_by("dana")]
    assert dana == sorted(p for p, t in state.holdings.items() if t.person == "dana")
    plain = Map({"secretary": _tenure("secretary", "dana")})
    for copy in (state.but(holdings=plain), attrs.evolve(state, holdings=plain)):
        assert isinstance(copy.holdings, Holdings)
        assert [t.post for t in copy.held_by("dana")] == ["secretary"]
    order = SuccessionOrder("o1", "secretary", ("deputy",))
    copy = state.but(orders={"o1": order})
    assert isinstance(copy.orders, Orders) and copy.orders.group("secretary") == ("o1",)


_STATE_FIELDS = [f.name for f in attrs.fields(State)]


@settings(max_examples=100, deadline=None)
@given(st.sets(st.sampled_from(_STATE_FIELDS)), st.booleans())
def test_state_but_gives_what_attrs_evolve_gives(fields: set[str], plain: bool) -> None:
    """`State.but`, the engine's fast copy, equals `attrs.evolve` for any set of changed
    fields, converters included (plain dicts and maps in, the state's own types out)."""
    state = org_state()
    other = attrs.evolve(
        state,
        date=DAY.replace(day=2),
        holdings=Map({"secretary": _tenure("secretary", "alex")}),
        orders=Map({"o1": SuccessionOrder("o1", "secretary", ("deputy",))}),
        people=Map({"alex": Person("alex", "Alex")}),
        vacancies=Map(),
    )
    changes = {name: getattr(other, name) for name in fields}
    if plain:  # what a caller may pass: plain mappings where the state converts them
        for name in {"holdings", "orders", "people"} & fields:
            changes[name] = dict(changes[name].items())
    fast, slow = state.but(**changes), attrs.evolve(state, **changes)
    assert fast == slow
    for name in _STATE_FIELDS:
        assert type(getattr(fast, name)) is type(getattr(slow, name)), name
