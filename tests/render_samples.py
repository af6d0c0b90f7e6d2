"""Small hand-built states and transitions for the render tests (no engine involved)."""

from __future__ import annotations

import datetime as dt

import attrs
from immutables import Map

from orgsim.events import Note, Resign, Source, Transition
from orgsim.model import (
    Capacity,
    Change,
    ChangeKind,
    Finding,
    Level,
    Organization,
    Person,
    Post,
    State,
    Tenure,
    Vacancy,
    VacancyReason,
)

__all__ = ["DAY", "NEXT", "base_state", "narrative", "resignation", "with_name"]

DAY = dt.date(2022, 11, 12)
NEXT = dt.date(2022, 11, 13)


def base_state(*, date: dt.date = DAY) -> State:
    """DHS > CBP with a confirmed Secretary, a confirmed Commissioner, an acting Deputy,
    a vacant post, a post whose holder is not recorded and one performed by delegation."""
    orgs = {
        "dhs": Organization("dhs", "Department of Homeland Security", executive_agency=True),
        "cbp": Organization("cbp", "U.S. Customs and Border Protection", parent="dhs"),
    }
    posts = {
        "dhs-secretary": Post("dhs-secretary", "Secretary of Homeland Security", "dhs"),
        "cbp-commissioner": Post(
            "cbp-commissioner",
            "Commissioner of CBP",
            "cbp",
            reports_to="dhs-secretary",
            first_assistant="cbp-deputy",
        ),
        "cbp-deputy": Post(
            "cbp-deputy", "Deputy Commissioner", "cbp", reports_to="cbp-commissioner"
        ),
        "usbp-chief": Post(
            "usbp-chief", "Chief of the Border Patrol", "cbp", reports_to="cbp-commissioner"
        ),
        "cbp-cfo": Post(
            "cbp-cfo",
            "Chief Financial Officer",
            "cbp",
            reports_to="cbp-commissioner",
            dotted_to=("dhs-secretary",),
        ),
        "cbp-counsel": Post("cbp-counsel", "Chief Counsel", "cbp", reports_to="cbp-commissioner"),
    }
    people = {
        "mayorkas": Person("mayorkas", "Alejandro Mayorkas"),
        "magnus": Person("magnus", "Chris Magnus"),
        "miller": Person("miller", "Troy Miller"),
        "ortiz": Person("ortiz", "Raul Ortiz"),
    }
    holdings = {
        "dhs-secretary": Tenure(
            "dhs-secretary", "mayorkas", Capacity.CONFIRMED, dt.date(2021, 2, 2)
        ),
        "cbp-commissioner": Tenure(
            "cbp-commissioner", "magnus", Capacity.CONFIRMED, dt.date(2021, 12, 13)
        ),
        "cbp-deputy": Tenure("cbp-deputy", "miller", Capacity.ACTING, dt.date(2021, 1, 20)),
        "cbp-cfo": Tenure("cbp-cfo", "ortiz", Capacity.PERFORMING_DUTIES, dt.date(2022, 1, 1)),
    }
    vacancies = {
        "usbp-chief": Vacancy("usbp-chief", dt.date(2022, 6, 1), VacancyReason.RESIGNATION)
    }
    return State(
        date=date,
        organizations=Map(orgs),
        posts=Map(posts),
        people=Map(people),
        holdings=Map(holdings),
        vacancies=Map(vacancies),
    )


def with_name(state: State, person_id: str, name: str) -> State:
    """The state with one person's name replaced (for escaping tests)."""
    person = attrs.evolve(state.people[person_id], name=name)
    return attrs.evolve(state, people=state.people.set(person_id, person))


def resignation(*, seq: int = 1, ref: str | None = "nyt-2022-11-12") -> Transition:
    """Magnus resigns; Miller, the first assistant, becomes acting Commissioner."""
    before = base_state()
    miller = Tenure(
        "cbp-commissioner", "miller", Capacity.ACTING, NEXT, basis="5 U.S.C. 3345(a)(1)"
    )
    after = attrs.evolve(
        before,
        date=NEXT,
        holdings=before.holdings.set("cbp-commissioner", miller),
    )
    event = Resign(
        date=NEXT,
        post="cbp-commissioner",
        person="magnus",
        source=Source(ref=ref, quote="Magnus said he would not resign."),
    )
    changes = (
        Change(ChangeKind.LEFT, post="cbp-commissioner", person="magnus"),
        Change(ChangeKind.ARRIVED, post="cbp-commissioner", person="miller", capacity="acting"),
    )
    findings = (
        Finding(
            Level.INFO,
            rule="first-assistant",
            citation="5 U.S.C. 3345(a)(1)",
            message="The first assistant acts by operation of law",
            date=NEXT,
            post="cbp-commissioner",
        ),
    )
    return Transition(event, before, after, changes, findings, index=0, seq=seq)


def narrative(*, seq: int = 0, text: str = "Magnus travels to Colombia") -> Transition:
    """A note: nothing changes, the date stays the same."""
    state = base_state()
    return Transition(Note(date=DAY, text=text), state, state, index=seq, seq=seq)
