"""Who may act in a vacant office (5 U.S.C. 3345, 3347), orders of succession, removal.

Law: shared/domain/succession-rules.md sections 2, 4, 5 and 6. Every test builds a small
scenario as YAML text, replays it through the real engine and reads the transitions.
"""

from __future__ import annotations

import datetime as dt

import pytest

from orgsim.api import replay_scenario
from orgsim.engine import History, Holding
from orgsim.errors import ScenarioErrors
from orgsim.events import ActingByLaw, Transition
from orgsim.model import ActStatus, Capacity, Finding, Lawfulness, Level, VacancyKind
from orgsim.rules import succession_line
from orgsim.scenario import Scenario, parse_scenario

LAWFUL, UNLAWFUL, UNDETERMINED = Lawfulness.LAWFUL, Lawfulness.UNLAWFUL, Lawfulness.UNDETERMINED

D = dt.date
VACANCY_DAY = D(2022, 11, 12)
DAY = dt.timedelta(days=1)

# A department whose Head (PAS) has a career Deputy as first assistant and two other PAS
# officers (Under Secretary, CFO); a second department with its own PAS head; people of every
# grade, agency and length of service the eligibility rules distinguish.
BASE = """\
title: Who may act
date: 2022-11-01
president: president
organizations:
  - {id: executive, name: Executive Branch}
  - {id: dept, name: Department, parent: executive, executive_agency: true}
  - {id: bureau, name: Bureau, parent: dept}
  - {id: other, name: Other Department, parent: executive, executive_agency: true}
posts:
  - {id: president, title: President, organization: executive, appointment: elected}
  - id: head
    title: Head
    organization: dept
    reports_to: president
    appointment: pas
    first_assistant: deputy
  - {id: deputy, title: Deputy, organization: dept, reports_to: head}
  - {id: under, title: Under Secretary, organization: dept, reports_to: head, appointment: pas}
  - {id: cfo, title: Chief Financial Officer, organization: bureau, reports_to: head,
     appointment: pas}
  - {id: other-head, title: Other Head, organization: other, reports_to: president,
     appointment: pas}
people:
  - {id: pat, name: Pat President}
  - {id: hana, name: Hana Head}
  - {id: dev, name: Dev Deputy, grade: SES, agency: dept, service_start: 2010-01-01}
  - {id: uma, name: Uma Under}
  - {id: carl, name: Carl CFO}
  - {id: olga, name: Olga Other}
  - {id: sally, name: Sally Senior, grade: SES, agency: dept, service_start: 2022-08-14}
  - {id: gina, name: Gina Fifteen, grade: GS-15, agency: dept, service_start: 2015-01-01}
  - {id: fred, name: Fred Fourteen, grade: GS-14, agency: dept, service_start: 2015-01-01}
  - {id: nora, name: Nora New, grade: SES, agency: dept, service_start: 2022-08-15}
  - {id: otto, name: Otto Outsider, grade: SES, agency: other, service_start: 2010-01-01}
  - {id: nick, name: Nick Nominee}
holders:
  - {post: president, person: pat}
  - {post: head, person: hana}
  - {post: deputy, person: dev, since: DEPUTY_SINCE}
  - {post: under, person: uma}
  - {post: cfo, person: carl}
  - {post: other-head, person: olga}
"""

RESIGN = "  - {date: 2022-11-12, kind: resign, post: head, person: hana}\n"


def scenario(
    events: str = "", *, extra: str = "", deputy_since: str = "2020-01-01", **replace: str
) -> Scenario:
    text = BASE.replace("DEPUTY_SINCE", deputy_since)
    for old, new in replace.items():
        assert old in text
        text = text.replace(old, new, 1)
    text += extra
    if events:
        text += "events:\n" + events
    return parse_scenario(text.encode(), "t.yaml")


def history(events: str = "", **kwargs: str) -> History:
    return replay_scenario(scenario(events, **kwargs))


def transitions_of(h: History, kind: str) -> list[Transition]:
    return [t for t in h.transitions if t.event.kind == kind]


def findings_of(h: History, kind: str) -> list[Finding]:
    return [f for t in transitions_of(h, kind) for f in t.findings]


def designate(person: str, by: str = "pat", date: str = "2022-11-13") -> str:
    return f"  - {{date: {date}, kind: designate-acting, post: head, person: {person}, by: {by}}}\n"


def designated(person: str, by: str = "pat") -> tuple[History, list[Finding]]:
    h = history(RESIGN + designate(person, by))
    return h, findings_of(h, "designate-acting")


def defect(who: Holding) -> str:
    """Why the legal timeline says the recorded holder does not (or may not) serve lawfully."""
    return "; ".join(r.text for r in who.legal.reasons) if who.legal is not None else ""


def provision(who: Holding) -> str:
    """The provision the lawful performer serves under."""
    return who.legal.provision if who.legal is not None else ""


# --- the first assistant (3345(a)(1)) -------------------------------------------------------


def test_first_assistant_acts_automatically_by_a_derived_transition() -> None:
    """On a resignation nobody reports who took over, so the first assistant is assumed to
    act the same day: a derived transition, marked as an assumption."""
    h = history(RESIGN)
    (assume,) = transitions_of(h, "acting-by-law")
    assert assume.derived and assume.index is None and assume.timeline == "assumed"
    assert isinstance(assume.event, ActingByLaw)  # the kind asked for; narrows the type
    assert assume.event.date == VACANCY_DAY
    assert (assume.event.person, assume.event.route) == ("dev", "first-assistant")
    assert "3345(a)(1)" in assume.event.citation
    who = h.who("head", VACANCY_DAY)
    assert (who.holder, who.capacity, who.lawful, who.assumed) == ("dev", "acting", LAWFUL, True)
    assert "3345(a)(1)" in provision(who)
    # The first assistant keeps the first-assistant post too.
    assert h.who("deputy", VACANCY_DAY).holder == "dev"


def test_without_a_first_assistant_nobody_acts_and_a_finding_says_so() -> None:
    """No first assistant and no order: the office stays vacant with a 3348 warning."""
    h = history(RESIGN, **{"    first_assistant: deputy\n": ""})
    assert h.who("head", VACANCY_DAY).capacity == "vacant"
    (finding,) = [f for f in findings_of(h, "resign") if f.rule == "no-acting-officer"]
    assert finding.level is Level.WARNING and "3348" in finding.citation


# --- designation by the President (3345(a)(2), (a)(3)) ---------------------------------------


def test_president_may_designate_a_senate_confirmed_officer_of_another_post() -> None:
    """3345(a)(2): the holder of another PAS office may be directed to act."""
    h, findings = designated("olga")
    who = h.who("head", D(2022, 11, 13))
    assert (who.holder, who.capacity, who.lawful) == ("olga", "acting", LAWFUL)
    assert "3345(a)(2)" in provision(who)
    assert not [f for f in findings if f.level is Level.VIOLATION]


@pytest.mark.parametrize("person", ["sally", "gina"])
def test_president_may_designate_a_senior_employee_of_the_agency(person: str) -> None:
    """3345(a)(3): same agency, 90 days of service in the year before, GS-15 or above."""
    h, findings = designated(person)
    who = h.who("head", D(2022, 11, 13))
    assert (who.holder, who.capacity, who.lawful) == (person, "acting", LAWFUL)
    assert "3345(a)(3)" in provision(who)
    assert not [f for f in findings if f.level is Level.VIOLATION]


@pytest.mark.parametrize(
    ("person", "why"),
    [
        ("fred", "GS-14"),
        ("nora", "89 of the 90 days"),
        ("otto", "same agency"),
    ],
)
def test_ineligible_designee_serves_unlawfully_with_a_violation(person: str, why: str) -> None:
    """GS-14, 89 days of service or another agency: the designation is without authority,
    the service unlawful, each with a violation."""
    h, findings = designated(person)
    who = h.who("head", D(2022, 11, 13))
    assert (who.holder, who.capacity, who.lawful) == (person, "acting", UNLAWFUL)
    assert why in defect(who)
    violations = [f for f in findings if f.level is Level.VIOLATION]
    assert [f.rule for f in violations] == ["acting-eligibility", "defect-carried"]
    assert "3345(a)(3)" in violations[0].citation
    # The query names who would lawfully act instead: the first assistant.
    assert who.legal is not None and who.legal.lawful == "dev"


def test_a_designee_whose_facts_are_not_recorded_is_undetermined_never_unlawful() -> None:
    """Nick's grade, agency and service are not recorded: whether he may act under 3345(a)(3)
    is undetermined, with the missing facts listed; it is not a violation."""
    h, findings = designated("nick")
    who = h.who("head", D(2022, 11, 13))
    assert (who.holder, who.lawful) == ("nick", UNDETERMINED)
    assert who.legal is not None
    missing = "; ".join(who.legal.missing)
    assert "grade" in missing and "agency" in missing and "began to serve" in missing
    assert not [f for f in findings if f.level is Level.VIOLATION]
    assert [f.level for f in findings] == [Level.WARNING, Level.WARNING]


def test_designation_by_someone_other_than_the_president_is_a_violation() -> None:
    """Only the President may direct an acting officer, even an eligible one."""
    h, findings = designated("olga", by="uma")
    who = h.who("head", D(2022, 11, 13))
    assert who.lawful is UNLAWFUL and "only the President" in defect(who)
    violations = [f.rule for f in findings if f.level is Level.VIOLATION]
    assert violations == ["acting-eligibility", "defect-carried"]


def test_a_designation_whose_issuer_is_not_reported_is_not_taken_to_be_the_presidents() -> None:
    """ "X was designated to act" with no issuer: never printed or judged as the President's;
    whether it had force is undetermined, with that fact listed as missing."""
    h = history(
        RESIGN + "  - {date: 2022-11-13, kind: designate-acting, post: head, person: olga}\n"
    )
    (t,) = transitions_of(h, "designate-acting")
    assert "who designated is not reported" in h_text(t)
    assert "President directs" not in h_text(t)
    who = h.who("head", D(2022, 11, 13))
    assert who.lawful is UNDETERMINED
    assert who.legal is not None and any("President directed" in m for m in who.legal.missing)


def h_text(t: Transition) -> str:
    """The transition's description."""
    from orgsim.events import describe

    return describe(t.event, t.before)


def test_designating_into_an_office_that_is_not_vacant_is_an_input_error() -> None:
    """A designation needs a vacancy; an office held by its confirmed officer has none."""
    with pytest.raises(ScenarioErrors, match="held by Hana Head; record how the post fell vacant"):
        history(designate("olga"))


def test_designation_after_the_210_days_ran_out_is_a_violation() -> None:
    """With no nomination, a designation after day 210 is unlawful (3346, 3348)."""
    h = history(RESIGN + designate("olga", date="2023-06-11"))
    who = h.who("head", D(2023, 6, 11))
    assert (who.holder, who.lawful) == ("olga", UNLAWFUL)
    (finding,) = [f for f in findings_of(h, "designate-acting") if f.rule == "acting-time-limit"]
    assert "3346" in finding.citation and "time ran out" in finding.message


def test_designation_on_day_210_is_lawful() -> None:
    """On the last day of the 210 the President may still designate."""
    h = history(RESIGN + designate("olga", date="2023-06-10"))
    assert h.who("head", D(2023, 6, 10)).lawful is LAWFUL


# --- the nomination bar (3345(b)(1)) --------------------------------------------------------

NOMINATE_DEV = "  - {date: 2022-12-01, kind: nominate, post: head, person: dev, by: pat}\n"
# The record says Dev took up acting (so the rules make no assumption, and never move him).
DEV_ACTS = (
    "  - {date: 2022-11-12, kind: assume-acting, post: head, person: dev, route: first-assistant}\n"
)


def test_nominating_the_first_assistant_with_90_days_lets_him_keep_acting() -> None:
    """First assistant for 90+ days in the year before the vacancy: may act while nominated."""
    h = history(RESIGN + DEV_ACTS + NOMINATE_DEV, deputy_since="2022-08-14")
    who = h.who("head", D(2022, 12, 1))
    assert (who.holder, who.capacity, who.lawful) == ("dev", "acting", LAWFUL)
    bar = [f for f in findings_of(h, "nominate") if f.rule == "nomination-bar"]
    assert [f.level for f in bar] == [Level.INFO]
    assert "3345(b)(1)" in bar[0].citation


def test_nominating_the_first_assistant_with_89_days_bars_him() -> None:
    """First assistant for only 72 days before the vacancy: the bar makes acting unlawful."""
    h = history(RESIGN + DEV_ACTS + NOMINATE_DEV, deputy_since="2022-09-01")
    assert h.who("head", D(2022, 11, 30)).lawful is LAWFUL
    who = h.who("head", D(2022, 12, 1))
    assert (who.holder, who.capacity, who.lawful) == ("dev", "acting", UNLAWFUL)
    assert "72 days" in defect(who)
    bar = [f for f in findings_of(h, "nominate") if f.rule == "nomination-bar"]
    assert [f.level for f in bar] == [Level.VIOLATION]
    assert "3345(b)(1)" in bar[0].citation


def test_nominating_the_first_assistant_on_the_boundary_of_89_days_bars_him() -> None:
    """Exactly 89 days as first assistant (from 2022-08-15) is one short of the 90 needed."""
    h = history(RESIGN + DEV_ACTS + NOMINATE_DEV, deputy_since="2022-08-15")
    assert h.who("head", D(2022, 12, 1)).lawful is UNLAWFUL


def test_a_barred_first_assistant_assumed_to_act_stops_with_the_assumption() -> None:
    """Where nothing reports Dev acting, the rules assumed it; once the bar makes it unlawful
    the assumption follows the law and the office is left empty, with nobody able to act."""
    h = history(RESIGN + NOMINATE_DEV, deputy_since="2022-09-01")
    assert h.who("head", D(2022, 11, 30)).assumed
    who = h.who("head", D(2022, 12, 1))
    assert (who.holder, who.capacity) == (None, "vacant")
    assert [t.event.kind for t in h.transitions if t.event.date == D(2022, 12, 1)] == [
        "nominate",
        "assumption-ends",
    ]


def test_designating_a_pending_nominee_who_is_not_first_assistant_is_a_violation() -> None:
    """A pending nominee to the office may not be directed to act (SW General)."""
    h = history(
        RESIGN
        + "  - {date: 2022-11-13, kind: nominate, post: head, person: olga, by: pat}\n"
        + designate("olga", date="2022-11-14")
    )
    who = h.who("head", D(2022, 11, 14))
    assert (who.holder, who.lawful) == ("olga", UNLAWFUL)
    assert "nominated" in defect(who)


# --- orders of succession (agency statutes; 3347) -------------------------------------------

EMERGENCY_ORDER = """\
  - {date: 2022-11-02, kind: issue-order, order: eo-1, post: head, line: [under, cfo], by: BY,
     covers: [disaster-or-emergency], skip_acting: SKIP, authority: "Dept. Order 1"}
"""
EMERGENCY = "  - {date: 2022-11-12, kind: inability, post: head, person: hana, emergency: true}\n"


def order_events(*, by: str = "hana", skip: str = "true") -> str:
    return EMERGENCY_ORDER.replace("BY", by).replace("SKIP", skip)


def test_ordinary_vacancy_follows_the_first_assistant_despite_an_emergency_order() -> None:
    """An order covering only emergencies does not govern a resignation."""
    h = history(order_events() + RESIGN)
    assert h.who("head", VACANCY_DAY).holder == "dev"


def test_emergency_inability_takes_the_orders_line_first() -> None:
    """Unavailable in an emergency: the order's line governs before the first assistant."""
    h = history(order_events() + EMERGENCY)
    who = h.who("head", VACANCY_DAY)
    assert (who.holder, who.capacity, who.lawful) == ("uma", "acting", LAWFUL)
    assert "Dept. Order 1" in provision(who)
    (assume,) = transitions_of(h, "acting-by-law")
    assert isinstance(assume.event, ActingByLaw)  # the kind asked for; narrows the type
    assert assume.event.route == "order"


def test_recovery_after_an_emergency_returns_the_officer() -> None:
    """The officer who was unavailable returns to the post on recovery."""
    h = history(
        order_events()
        + EMERGENCY
        + "  - {date: 2022-11-20, kind: recovery, post: head, person: hana}\n"
    )
    who = h.who("head", D(2022, 11, 20))
    assert (who.holder, who.capacity) == ("hana", "confirmed")


def test_recovery_after_an_ordinary_inability_returns_the_officer() -> None:
    """An officer unable to serve (not sick) returns on recovery; the vacancy closes."""
    h = history(
        "  - {date: 2022-11-12, kind: inability, post: head, person: hana}\n"
        "  - {date: 2022-11-20, kind: recovery, post: head, person: hana}\n"
    )
    assert h.who("head", VACANCY_DAY).holder == "dev"
    who = h.who("head", D(2022, 11, 20))
    assert (who.holder, who.capacity) == ("hana", "confirmed")
    assert "head" not in h.state_at(D(2022, 11, 20)).vacancies


# Uma acts as Under Secretary, directed by the President as a senior employee (3345(a)(3)).
ACTING_UNDER = """\
  - {post: under, person: uma, capacity: acting, by: pat, route: president}
"""
UMA_SENIOR = {
    "  - {id: uma, name: Uma Under}\n": (
        "  - {id: uma, name: Uma Under, grade: SES, agency: dept, service_start: 2010-01-01}\n"
    )
}


def test_skip_acting_passes_over_someone_holding_a_listed_post_only_as_acting() -> None:
    """skip_acting: true skips the acting Under Secretary; the CFO acts."""
    s = {"  - {post: under, person: uma}\n": ACTING_UNDER, **UMA_SENIOR}
    h = history(order_events(skip="true") + EMERGENCY, **s)
    assert h.who("head", VACANCY_DAY).holder == "carl"


def test_without_skip_acting_the_acting_holder_of_a_listed_post_acts() -> None:
    """skip_acting: false lets the acting Under Secretary act in the Head's place."""
    s = {"  - {post: under, person: uma}\n": ACTING_UNDER, **UMA_SENIOR}
    h = history(order_events(skip="false") + EMERGENCY, **s)
    assert h.who("under", VACANCY_DAY).lawful is LAWFUL
    assert h.who("head", VACANCY_DAY).holder == "uma"


def test_order_issued_by_someone_holding_no_office_is_ignored_with_a_violation() -> None:
    """An order signed by someone with no office has no force: issuer-not-lawful, not used."""
    h = history(order_events(by="nick") + EMERGENCY)
    (finding,) = findings_of(h, "issue-order")
    assert (finding.level, finding.rule) == (Level.VIOLATION, "issuer-not-lawful")
    assert "3348(d)" in finding.citation
    order = h.state_at(D(2022, 11, 2)).orders["eo-1"]
    verdict = h.legal_at(D(2022, 11, 2)).act(order.act)
    assert verdict is not None and verdict.status is ActStatus.WITHOUT_AUTHORITY
    # The order is ignored: the first assistant acts instead of the Under Secretary.
    assert h.who("head", VACANCY_DAY).holder == "dev"


def test_amending_an_unlawful_order_carries_the_defect() -> None:
    """An amendment by a lawful officer of an order without force is itself without force."""
    h = history(
        order_events(by="nick")
        + "  - {date: 2022-11-05, kind: amend-order, order: eo-1, line: [cfo], by: hana}\n"
        + EMERGENCY
    )
    findings = findings_of(h, "amend-order")
    assert [(f.level, f.rule) for f in findings] == [(Level.VIOLATION, "defect-carried")]
    order = h.state_at(D(2022, 11, 5)).orders["eo-1"]
    assert order.version == 2 and order.line == ("cfo",)
    verdict = h.legal_at(D(2022, 11, 5)).act(order.act)
    assert verdict is not None and verdict.status is ActStatus.WITHOUT_AUTHORITY
    assert h.who("head", VACANCY_DAY).holder == "dev"


def test_amending_a_lawful_order_changes_the_line() -> None:
    """A lawful amendment replaces the line; the version goes up."""
    h = history(
        order_events()
        + "  - {date: 2022-11-05, kind: amend-order, order: eo-1, line: [cfo], by: hana}\n"
        + EMERGENCY
    )
    assert not findings_of(h, "amend-order")
    assert h.state_at(D(2022, 11, 5)).orders["eo-1"].version == 2
    assert h.who("head", VACANCY_DAY).holder == "carl"


def test_order_resting_on_no_statute_gives_no_basis_to_act() -> None:
    """An agency order without a statute behind it cannot fill a Vacancies Act office (3347)."""
    h = history(
        "  - {date: 2022-11-02, kind: issue-order, order: o, post: head, line: [under],"
        " by: hana, covers: [disaster-or-emergency]}\n" + EMERGENCY
    )
    assert h.who("head", VACANCY_DAY).holder == "dev"


def test_designation_under_an_order_of_someone_not_listed_is_a_violation() -> None:
    """route: order names someone the governing order does not list: 3347(a)."""
    h = history(
        order_events()
        + EMERGENCY
        + "  - {date: 2022-11-13, kind: designate-acting, post: head, person: gina,"
        " route: order}\n"
    )
    who = h.who("head", D(2022, 11, 13))
    assert (who.holder, who.lawful) == ("gina", UNLAWFUL)
    violation = next(f for f in findings_of(h, "designate-acting") if f.level is Level.VIOLATION)
    assert "3347(a)" in violation.citation


# --- removal authority (section 6) ------------------------------------------------------------

REMOVE_BY_HEAD = "  - {date: 2022-11-12, kind: remove, post: under, person: uma, by: hana}\n"


def test_secretary_cannot_remove_a_senate_confirmed_officer() -> None:
    """A removal by the department head of a PAS officer is recorded as the sources tell it,
    and judged: a violation says only the President may remove."""
    h = history(REMOVE_BY_HEAD)
    (finding,) = [f for f in findings_of(h, "remove") if f.rule.startswith("removal")]
    assert (finding.level, finding.rule) == (Level.VIOLATION, "removal-without-authority")
    assert "only the President" in finding.message
    assert h.who("under", VACANCY_DAY).holder is None


def test_president_may_remove_a_senate_confirmed_officer() -> None:
    """The President removes a PAS officer; the office falls vacant."""
    h = history("  - {date: 2022-11-12, kind: remove, post: under, person: uma, by: pat}\n")
    assert h.who("under", VACANCY_DAY).capacity == "vacant"
    assert h.state_at(VACANCY_DAY).vacancies["under"].reason == "removal"


def test_request_for_resignation_by_the_secretary_is_recorded_with_an_info_finding() -> None:
    """Asking is allowed; the finding says the asker cannot remove the officer."""
    h = history("  - {date: 2022-11-09, kind: request-resignation, post: under, by: hana}\n")
    (finding,) = findings_of(h, "request-resignation")
    assert (finding.level, finding.rule) == (Level.INFO, "removal-authority")
    assert h.who("under", D(2022, 11, 9)).holder == "uma"


def test_nobody_removes_the_elected_president() -> None:
    """The President is elected; a recorded removal by anyone is a violation."""
    h = history("  - {date: 2022-11-12, kind: remove, post: president, person: pat, by: pat}\n")
    (finding,) = [f for f in findings_of(h, "remove") if f.rule.startswith("removal")]
    assert finding.rule == "removal-without-authority" and "elected" in finding.message


# --- History.succession --------------------------------------------------------------------


def test_succession_lists_the_line_with_eligibility_and_who_would_act_per_kind() -> None:
    """The line names the first assistant and the order's posts; would_act is per kind."""
    h = history(order_events())
    succession = h.succession("head", D(2022, 11, 3))
    assert [(c.post, c.person, c.eligible) for c in succession.line] == [
        ("deputy", "dev", True)
    ]  # the emergency order does not govern ordinary vacancies
    assert succession.would_act == {
        str(VacancyKind.ORDINARY): "dev",
        str(VacancyKind.EMERGENCY): "uma",
    }


def test_succession_with_an_order_covering_both_kinds() -> None:
    """An order for every kind: the first assistant leads the ordinary line, the order follows."""
    h = history(
        "  - {date: 2022-11-02, kind: issue-order, order: o, post: head, line: [under, cfo],"
        " by: hana, covers: [death-resignation-inability, disaster-or-emergency],"
        " authority: Dept. Order 2}\n"
        "  - {date: 2022-11-03, kind: resign, post: deputy, person: dev}\n"
    )
    succession = h.succession("head", D(2022, 11, 3))
    assert [(c.post, c.eligible, c.route) for c in succession.line] == [
        ("deputy", False, "first-assistant"),
        ("under", True, "order"),
        ("cfo", True, "order"),
    ]
    assert "vacant" in succession.line[0].reason
    assert succession.would_act == {
        str(VacancyKind.ORDINARY): "uma",
        str(VacancyKind.EMERGENCY): "uma",
    }


def test_succession_marks_an_acting_holder_of_the_first_assistant_post_ineligible() -> None:
    """Someone only acting as first assistant cannot act for the principal (3345(a)(1))."""
    s = {
        "  - {post: deputy, person: dev, since: 2020-01-01}\n": (
            "  - {post: deputy, person: dev, capacity: acting}\n"
        )
    }
    h = history(**s)
    succession = h.succession("head", D(2022, 11, 3))
    assert [(c.post, c.eligible) for c in succession.line] == [("deputy", False)]
    assert succession.would_act[str(VacancyKind.ORDINARY)] is None
    assert Capacity.ACTING in succession.line[0].reason


# --- found by the state machine (tests/test_stateful.py) --------------------------------------


def test_pending_resignation_of_someone_replaced_meanwhile_does_not_break_replay() -> None:
    """An acting officer tenders a resignation for later, a confirmed officer takes the post
    first: when the date comes there is nothing to resign, and replay must go on."""
    h = history(
        RESIGN
        + "  - {date: 2022-11-13, kind: resign, post: head, person: dev, effective: 2022-12-01}\n"
        "  - {date: 2022-11-14, kind: nominate, post: head, person: nick, by: pat}\n"
        "  - {date: 2022-11-15, kind: confirm, post: head, person: nick}\n"
        "  - {date: 2022-11-15, kind: swear-in, post: head, person: nick}\n"
        "  - {date: 2022-12-02, kind: note, text: later}\n"
    )
    who = h.who("head", D(2022, 12, 2))
    assert (who.holder, who.capacity) == ("nick", "confirmed")


def test_first_assistant_who_leaves_the_first_assistant_post_no_longer_acts_lawfully() -> None:
    """3345(a)(1) lets the first assistant act; one who stops being first assistant does not
    go on acting lawfully under that paragraph."""
    h = history(RESIGN + "  - {date: 2022-11-20, kind: resign, post: deputy, person: dev}\n")
    who = h.who("head", D(2022, 11, 20))
    assert not (who.holder == "dev" and who.capacity == "acting" and who.lawful is LAWFUL)


def test_other_pas_designee_who_leaves_that_office_no_longer_acts_lawfully() -> None:
    """3345(a)(2) rests on serving in another PAS office; after leaving it, the basis is gone."""
    h = history(
        RESIGN
        + designate("olga")
        + "  - {date: 2022-11-20, kind: resign, post: other-head, person: olga}\n"
    )
    who = h.who("head", D(2022, 11, 20))
    assert (who.holder, who.capacity, who.lawful) == ("olga", "acting", UNLAWFUL)
    assert "no longer holds the post of Other Head" in defect(who)


def test_first_assistant_appointed_after_the_vacancy_is_seated_or_not_named_as_successor() -> None:
    """The engine and History.succession must agree: if a new deputy may act, he acts."""
    h = history(
        "  - {date: 2022-11-10, kind: resign, post: deputy, person: dev}\n"
        + RESIGN
        + "  - {date: 2022-11-20, kind: appoint, post: deputy, person: gina, by: pat}\n"
    )
    day = D(2022, 11, 20)
    would = h.succession("head", day).would_act[str(VacancyKind.ORDINARY)]
    who = h.who("head", day)
    assert who.holder == would, (who.holder, who.capacity, would)


# --- what an order rests on: statute, executive order, delegation (3347; 3345(a)) -----------

ANALYST = {
    "  - {id: other-head,": (
        "  - {id: analyst, title: Analyst, organization: dept, reports_to: head}\n"
        "  - {id: other-head,"
    ),
    "  - {post: other-head, person: olga}\n": "  - {post: other-head, person: olga}\n"
    "  - {post: analyst, person: fred}\n",
}


def kind_order(kind: str, line: str = "[analyst, cfo]", skip: str = "true") -> str:
    return (
        f"  - {{date: 2022-11-02, kind: issue-order, order: k, post: head, line: {line},"
        f" by: hana, covers: [disaster-or-emergency], skip_acting: {skip},"
        f' authority: "Authority K", authority_kind: {kind}}}\n'
    )


def test_a_statutes_order_needs_no_vacancies_act_eligibility() -> None:
    """Under a statute (3347(a)(1)) the first person on the line acts: Fred, a GS-14."""
    h = history(kind_order("statute") + EMERGENCY, **ANALYST)
    assert h.who("head", VACANCY_DAY).holder == "fred"


def test_an_executive_orders_listees_must_qualify_under_the_vacancies_act() -> None:
    """An executive order is the President's designation in advance: Fred (GS-14) does not
    qualify under 3345(a), so the next listee, the Senate-confirmed CFO, acts."""
    h = history(kind_order("executive-order") + EMERGENCY, **ANALYST)
    who = h.who("head", VACANCY_DAY)
    assert (who.holder, who.capacity, who.lawful) == ("carl", "acting", LAWFUL)
    line = succession_line(h.state_at(VACANCY_DAY - DAY), "head", VacancyKind.EMERGENCY)
    analyst = next(c for c in line if c.post == "analyst")
    assert not analyst.eligible and "must qualify under the Vacancies Act" in analyst.reason
    assert "GS-14 is below GS-15" in analyst.reason


def test_an_executive_order_passes_over_acting_holders_whatever_skip_acting_says() -> None:
    """Its listees must hold the listed office, not merely act in it."""
    s = {"  - {post: under, person: uma}\n": ACTING_UNDER}
    h = history(kind_order("executive-order", line="[under, cfo]", skip="false") + EMERGENCY, **s)
    assert h.who("head", VACANCY_DAY).holder == "carl"


def test_an_order_under_a_general_power_to_delegate_gives_no_basis_to_act() -> None:
    """A general power to delegate is not a statute providing for acting officers (3347(b)):
    nobody on the line acts, and the first assistant does."""
    h = history(kind_order("delegation", line="[under, cfo]") + EMERGENCY)
    assert h.who("head", VACANCY_DAY).holder == "dev"
    line = succession_line(h.state_at(VACANCY_DAY - DAY), "head", VacancyKind.EMERGENCY)
    under = next(c for c in line if c.post == "under")
    assert not under.eligible and "general power to delegate" in under.reason
    assert "3347(b)" in under.reason


def test_designating_an_executive_orders_unqualified_listee_is_a_violation() -> None:
    """route: order, under an executive order, of a listee who fails 3345(a): unlawful."""
    h = history(
        kind_order("executive-order", line="[analyst]")
        + "  - {date: 2022-11-12, kind: inability, post: head, person: hana, emergency: true}\n"
        + "  - {date: 2022-11-12, kind: leave, post: deputy, person: dev}\n"
        + "  - {date: 2022-11-13, kind: designate-acting, post: head, person: fred,"
        " route: order}\n",
        **ANALYST,
    )
    who = h.who("head", D(2022, 11, 13))
    assert (who.holder, who.lawful) == ("fred", UNLAWFUL)
    violation = next(f for f in findings_of(h, "designate-acting") if f.level is Level.VIOLATION)
    assert "3345(a)" in violation.citation
    assert "must qualify under the Vacancies Act" in violation.message
