"""Facts and law kept apart: what the record can say, what the legal timeline makes of it,
precedence in orders, acts and their fate, coverage, recess appointments, and the readings the
settings choose (shared/domain/succession-rules.md, sections 8-13)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orgsim.api import check_expectations, load, replay_branch, replay_scenario
from orgsim.engine import History
from orgsim.events import describe
from orgsim.model import ActStatus, Lawfulness, Level
from orgsim.scenario import parse_scenario

ROOT = Path(__file__).resolve().parent.parent
D = dt.date
DAY = dt.timedelta(days=1)
LAWFUL, UNLAWFUL, UNDETERMINED = Lawfulness.LAWFUL, Lawfulness.UNLAWFUL, Lawfulness.UNDETERMINED

# A department whose Head (PAS) has a career Deputy as first assistant, two other listed posts
# and a second department; the President and people with the facts the rules read.
BASE = """\
title: Facts and law
date: 2022-11-01
president: president
calendar: CALENDAR
organizations:
  - {id: executive, name: Executive Branch}
  - {id: dept, name: Department, parent: executive, executive_agency: true}
  - {id: other, name: Other Department, parent: executive, executive_agency: true}
posts:
  - {id: president, title: President, organization: executive, appointment: elected}
  - {id: head, title: Head, organization: dept, reports_to: president, appointment: pas,
     first_assistant: deputy COVERAGE}
  - {id: deputy, title: Deputy, organization: dept, reports_to: head}
  - {id: chief, title: Chief of Staff, organization: dept, reports_to: head}
  - {id: counsel, title: General Counsel, organization: dept, reports_to: head}
  - {id: under, title: Under Secretary, organization: dept, reports_to: head, appointment: pas}
  - {id: other-head, title: Other Head, organization: other, reports_to: president,
     appointment: pas}
people:
  - {id: pat, name: Pat President}
  - {id: hana, name: Hana Head}
  - {id: dev, name: Dev Deputy, grade: SES, agency: dept, service_start: 2010-01-01}
  - {id: cora, name: Cora Chief, grade: SES, agency: dept, service_start: 2010-01-01}
  - {id: gus, name: Gus Counsel, grade: SES, agency: dept, service_start: 2010-01-01}
  - {id: uma, name: Uma Under}
  - {id: olga, name: Olga Other}
  - {id: nick, name: Nick Nominee}
holders:
  - {post: president, person: pat, since: 2021-01-20}
  - {post: head, person: hana}
  - {post: deputy, person: dev, since: 2020-01-01}
  - {post: chief, person: cora}
  - {post: counsel, person: gus}
  - {post: under, person: uma}
  - {post: other-head, person: olga}
"""

RESIGN = "  - {date: 2022-11-12, kind: resign, post: head, person: hana}\n"
VACANCY = D(2022, 11, 12)
LAST = VACANCY + 210 * DAY


def history(
    events: str = "",
    *,
    extra: str = "",
    calendar: str = "{}",
    coverage: str = "",
    **replace: str,
) -> History:
    text = BASE.replace("CALENDAR", calendar).replace(" COVERAGE", coverage)
    for old, new in replace.items():
        assert old in text, old
        text = text.replace(old, new, 1)
    text += extra
    if events:
        text += "events:\n" + events
    return replay_scenario(parse_scenario(text.encode(), "t.yaml"))


def findings(h: History, rule: str) -> list[str]:
    return [f.message for t in h.transitions for f in t.findings if f.rule == rule]


# --- the recorded timeline: what the record can say ------------------------------------------


def test_a_recorded_acting_officer_is_never_moved_by_the_rules_even_past_the_limit() -> None:
    """Dev is reported acting. After day 210 the record still has him acting (the rules never
    remove a recorded holder); the legal timeline says he serves unlawfully, and nobody may."""
    h = history(
        RESIGN + "  - {date: 2022-11-12, kind: assume-acting, post: head, person: dev,"
        " route: first-assistant, claimed_by: hana}\n"
    )
    later = h.who("head", LAST + 30 * DAY)
    assert (later.holder, later.capacity, later.assumed, later.claimed_by) == (
        "dev",
        "acting",
        False,
        "hana",
    )
    assert later.lawful is UNLAWFUL
    assert later.legal is not None and later.legal.lawful is None
    assert not [t for t in h.transitions if t.event.kind == "assumption-ends"]


def test_a_first_assistant_who_does_not_take_up_the_role_is_passed_over() -> None:
    """The record says Dev declined: no assumption seats him, and, with nobody further in
    line, nobody may act."""
    h = history(RESIGN + "  - {date: 2022-11-12, kind: decline-acting, post: head, person: dev}\n")
    who = h.who("head", VACANCY)
    assert (who.holder, who.capacity) == (None, "vacant")
    assert who.legal is not None and who.legal.lawful is None and who.legal.determined
    assert findings(h, "no-acting-officer")


def test_a_same_day_handover_leaves_no_assumed_tenure_of_zero_days() -> None:
    """Hana resigns and Nick is sworn in the same day: the day is settled at its end, so no
    acting officer is assumed in between."""
    h = history(
        "  - {date: 2022-11-02, kind: nominate, post: head, person: nick, by: pat}\n"
        "  - {date: 2022-11-10, kind: confirm, post: head, person: nick}\n"
        + RESIGN
        + "  - {date: 2022-11-12, kind: swear-in, post: head, person: nick}\n"
    )
    assert [t.event.kind for t in h.transitions if t.event.date == VACANCY] == [
        "resign",
        "swear-in",
    ]
    assert h.who("head", VACANCY).holder == "nick"


def test_a_holder_on_the_start_date_can_be_serving_unlawfully() -> None:
    """Uma is recorded on the start date as exercising the Head's authority by delegation:
    the legal timeline judges that service from the first day, unlawful (3347(b))."""
    h = history(
        **{
            "  - {post: head, person: hana}\n": (
                "  - {post: head, person: uma, capacity: acting, route: delegation,"
                " vacant_since: 2022-10-01, claimed_by: uma}\n"
            )
        }
    )
    first = h.transitions[0]
    assert first.event.kind == "record-opens"
    assert [f.rule for f in first.findings] == ["delegation-not-acting"]
    who = h.who("head", D(2022, 11, 1))
    assert (who.holder, who.lawful) == ("uma", UNLAWFUL)
    assert who.legal is not None and who.legal.lawful == "dev"


def test_a_designation_by_an_issuer_not_reported_is_undetermined_and_never_the_presidents() -> None:
    """Olga is "named acting" with no issuer: not printed or judged as the President's."""
    h = history(
        RESIGN + "  - {date: 2022-11-13, kind: designate-acting, post: head, person: olga}\n"
    )
    who = h.who("head", D(2022, 11, 13))
    assert who.lawful is UNDETERMINED
    (t,) = [t for t in h.transitions if t.event.kind == "designate-acting"]
    text = describe(t.event, t.before)
    assert "who designated is not reported" in text and "President" not in text


def test_a_delegation_takes_effect_whenever_nobody_may_act_whatever_the_reason() -> None:
    """Duties delegated to Cora: when nobody may act (the deputy post vacant, so no first
    assistant), she may perform the delegable duties; when Dev is back as deputy and may
    act, the delegation is not what the law turns to."""
    h = history(
        "  - {date: 2022-11-05, kind: delegate-duties, post: head, person: cora, by: hana}\n"
        "  - {date: 2022-11-06, kind: resign, post: deputy, person: dev}\n"
        + RESIGN
        + "  - {date: 2022-11-20, kind: appoint, post: deputy, person: gus}\n"
    )
    before = h.who("head", VACANCY).legal
    assert before is not None and before.lawful is None and before.duties == "cora"
    assert before.duties_status is LAWFUL
    after = h.who("head", D(2022, 11, 20)).legal
    assert after is not None and after.lawful == "gus" and after.duties is None


# --- precedence in orders of succession (section 8) -------------------------------------------


def order(line: str, *, covers: str = "[death-resignation-inability]", by: str = "hana") -> str:
    return (
        f"  - {{date: 2022-11-02, kind: issue-order, order: o, post: head, line: {line},"
        f' by: {by}, covers: {covers}, authority: "Dept. statute"}}\n'
    )


NO_DEPUTY = "  - {date: 2022-11-03, kind: resign, post: deputy, person: dev}\n"


def designate_by_order(person: str) -> str:
    return (
        f"  - {{date: 2022-11-12, kind: designate-acting, post: head, person: {person},"
        f" by: pat, route: order}}\n"
    )


def test_designating_someone_further_down_while_someone_above_is_available_passes_them_over() -> (
    None
):
    """The order lists the Chief of Staff, then the General Counsel: designating the Counsel
    while the Chief is available is without authority, and the finding names the Chief."""
    h = history(order("[chief, counsel]") + NO_DEPUTY + RESIGN + designate_by_order("gus"))
    passed = findings(h, "passed-over")
    assert passed and "Cora Chief" in passed[0]
    who = h.who("head", VACANCY)
    assert (who.holder, who.lawful) == ("gus", UNLAWFUL)
    assert who.legal is not None and who.legal.lawful == "cora"


def test_the_first_available_listee_is_lawfully_designated() -> None:
    """With the Chief's post vacant, the Counsel is the first available listee."""
    h = history(
        order("[chief, counsel]")
        + NO_DEPUTY
        + "  - {date: 2022-11-04, kind: resign, post: chief, person: cora}\n"
        + RESIGN
        + designate_by_order("gus")
    )
    who = h.who("head", VACANCY)
    assert (who.holder, who.lawful) == ("gus", LAWFUL)


def test_an_order_amended_after_the_vacancy_does_not_govern_it() -> None:
    """The order is amended after the vacancy to put the Counsel first: the version in force
    on the day the vacancy arose governs, so designating him passes the Chief over."""
    h = history(
        order("[chief, counsel]")
        + NO_DEPUTY
        + RESIGN
        + "  - {date: 2022-11-13, kind: amend-order, order: o, line: [counsel], by: uma}\n"
        + "  - {date: 2022-11-14, kind: designate-acting, post: head, person: gus, by: uma,"
        " route: order}\n"
    )
    assert findings(h, "order-not-governing")
    who = h.who("head", D(2022, 11, 14))
    assert who.lawful is UNLAWFUL and findings(h, "passed-over")


def test_amending_one_kind_of_vacancys_list_leaves_the_others_as_they_were() -> None:
    """An amendment of the emergency list only: the ordinary list stays [chief, counsel]."""
    h = history(
        order("[chief, counsel]", covers="[death-resignation-inability, disaster-or-emergency]")
        + "  - {date: 2022-11-05, kind: amend-order, order: o, line: [counsel],"
        " covers: [disaster-or-emergency], by: hana}\n"
    )
    current = h.state_at(D(2022, 11, 5)).orders["o"]
    from orgsim.model import VacancyKind

    assert current.line_for(VacancyKind.ORDINARY) == ("chief", "counsel")
    assert current.line_for(VacancyKind.EMERGENCY) == ("counsel",)
    assert current.version == 2


def test_an_order_issued_by_someone_not_lawfully_in_office_has_no_force_nor_what_rests_on_it() -> (
    None
):
    """Olga, head of another department, issues the Head's order: it has no force, so the
    Counsel it lists cannot be designated under it."""
    h = history(order("[counsel]", by="olga") + NO_DEPUTY + RESIGN + designate_by_order("gus"))
    assert findings(h, "issuer-not-lawful")
    assert h.who("head", VACANCY).lawful is UNLAWFUL


# --- a relabelled first assistant (L.M.-M. v. Cuccinelli; succession-rules.md, section 2) -----


def relabel(when: str, *, in_name_only: str = "", by: str = "hana") -> str:
    """The Chief of Staff's post is named the Head's first assistant on `when`, and Cora,
    who holds it, is reported acting as first assistant once the Head has resigned."""
    flag = f", in_name_only: {in_name_only}" if in_name_only else ""
    return (
        f"  - {{date: {when}, kind: set-first-assistant, post: head, first_assistant: chief,"
        f" by: {by}{flag}}}\n"
    )


CORA_CLAIMS = (
    "  - {date: 2022-11-14, kind: assume-acting, post: head, person: cora,"
    " route: first-assistant, claimed_by: uma}\n"
)


def test_a_post_named_first_assistant_after_the_vacancy_is_undetermined_unless_in_name_only() -> (
    None
):
    """After the vacancy, whether a newly named first assistant counts is unsettled (the court
    left it open), so Cora's service is undetermined with the missing fact; where the sources
    say the post is a first assistant in name only, it is unlawful, citing the case."""
    unknown = history(RESIGN + relabel("2022-11-13", by="uma") + CORA_CLAIMS)
    who = unknown.who("head", D(2022, 11, 15))
    assert (who.holder, who.lawful) == ("cora", UNDETERMINED)
    assert who.legal is not None
    assert any("in name only" in m for m in who.legal.missing)
    assert findings(unknown, "first-assistant-after-vacancy")
    nominal = history(RESIGN + relabel("2022-11-13", in_name_only="true", by="uma") + CORA_CLAIMS)
    who = nominal.who("head", D(2022, 11, 15))
    assert (who.holder, who.lawful) == ("cora", UNLAWFUL)
    assert who.legal is not None
    assert any("L.M.-M." in r.citation for r in who.legal.reasons)
    assert who.legal.lawful == "dev"  # the Deputy, the first assistant at the vacancy


def test_a_first_assistant_in_name_only_never_counts_even_when_named_before_the_vacancy() -> None:
    """Named before the vacancy but in name only: not a first assistant, so the law's answer
    passes over its holder, and a claim to act as first assistant is unlawful."""
    h = history(relabel("2022-11-05", in_name_only="true") + RESIGN + CORA_CLAIMS)
    who = h.who("head", D(2022, 11, 15))
    assert (who.holder, who.lawful) == ("cora", UNLAWFUL)
    assert who.legal is not None and who.legal.lawful is None
    line = h.succession("head", D(2022, 11, 15)).line
    assert line[0].post == "chief" and line[0].status is UNLAWFUL
    same_day = history(relabel("2022-11-05", in_name_only="false") + RESIGN + CORA_CLAIMS)
    assert same_day.who("head", D(2022, 11, 15)).lawful is LAWFUL


def test_a_first_assistant_named_by_someone_without_authority_over_the_office_does_not_count() -> (
    None
):
    """Olga, head of another department, names the Chief of Staff first assistant before the
    vacancy: the naming has no force (an act without authority), and Cora's claim carries
    its defect."""
    h = history(relabel("2022-11-05", by="olga") + RESIGN + CORA_CLAIMS)
    assert findings(h, "issuer-not-lawful")
    who = h.who("head", D(2022, 11, 15))
    assert (who.holder, who.lawful) == ("cora", UNLAWFUL)
    assert who.legal is not None
    assert any(r.rule == "defect-carried" for r in who.legal.reasons)
    assert any(v.kind == "order" and v.person == "olga" for v in h.acts())


def test_an_issuer_who_may_hold_an_unrecorded_office_above_is_undetermined_not_unlawful() -> None:
    """Nick holds no recorded office, and the Head's post has no recorded holder: he may have
    been the Head, so his naming of a first assistant has undetermined force, with the
    missing fact, where an issuer with every office above recorded is without authority."""
    text = (
        "  - {date: 2022-11-05, kind: set-first-assistant, post: deputy,"
        " first_assistant: chief, by: nick}\n"
    )
    unknown = history(text, **{"  - {post: head, person: hana}\n": ""})
    (verdict,) = [v for v in unknown.acts() if v.person == "nick"]
    assert verdict.status is ActStatus.UNDETERMINED
    assert any("Head" in m for m in verdict.missing)
    known = history(text)
    (verdict,) = [v for v in known.acts() if v.person == "nick"]
    assert verdict.status is ActStatus.WITHOUT_AUTHORITY


def test_a_listee_nominated_to_the_office_is_barred_whatever_else_is_undetermined() -> None:
    """Nick acts as Under Secretary on a designation whose lawfulness cannot be told (his grade
    is not recorded); the Head's order lists the Under Secretary. Nominated to the Head's
    office, he is barred from acting in it (3345(b)(1)): the line says unlawful, not
    undetermined (found by the state machine against its reference)."""
    h = history(
        "  - {date: 2022-11-02, kind: issue-order, order: o, post: head, line: [under],"
        ' by: hana, skip_acting: false, authority: "Dept. statute"}\n'
        + NO_DEPUTY
        + "  - {date: 2022-11-04, kind: resign, post: under, person: uma}\n"
        + "  - {date: 2022-11-05, kind: designate-acting, post: under, person: nick, by: pat,"
        " route: president}\n"
        + RESIGN
        + "  - {date: 2022-11-13, kind: nominate, post: head, person: nick, by: pat}\n"
    )
    assert h.who("under", D(2022, 11, 14)).lawful is UNDETERMINED
    line = h.succession("head", D(2022, 11, 14)).line
    under = next(c for c in line if c.post == "under")
    assert under.status is UNLAWFUL and "nominated" in under.reason


# A property test: for random orders, availabilities and designations, a designation under
# the order is lawful exactly when the designee is the first available, eligible listee, and
# `succession` names that same person.

LISTABLE = ("chief", "counsel", "under")
HOLDERS = {"chief": "cora", "counsel": "gus", "under": "uma"}


@settings(max_examples=60, deadline=None)
@given(
    line=st.lists(st.sampled_from(LISTABLE), min_size=1, max_size=3, unique=True),
    vacant=st.sets(st.sampled_from(LISTABLE)),
    acting=st.sets(st.sampled_from(LISTABLE)),
    skip=st.booleans(),
    deputy_available=st.booleans(),
    choice=st.integers(0, 2),
)
def test_a_designation_is_lawful_iff_it_names_the_first_available_eligible_listee(
    line: list[str],
    vacant: set[str],
    acting: set[str],
    skip: bool,
    deputy_available: bool,
    choice: int,
) -> None:
    acting -= vacant
    replace: dict[str, str] = {}
    events = (
        f"  - {{date: 2022-11-02, kind: issue-order, order: o, post: head,"
        f" line: [{', '.join(line)}], by: hana, skip_acting: {str(skip).lower()},"
        ' authority: "Dept. statute"}\n'
    )
    for post in sorted(acting):
        # The holder serves in the listed post only as acting (directed by the President as
        # a senior employee, so lawfully).
        old = f"  - {{post: {post}, person: {HOLDERS[post]}}}\n"
        if old in BASE:
            replace[old] = (
                f"  - {{post: {post}, person: {HOLDERS[post]}, capacity: acting, by: pat,"
                " route: president}\n"
            )
    for post in sorted(vacant):
        events += f"  - {{date: 2022-11-03, kind: leave, post: {post}, person: {HOLDERS[post]}}}\n"
    if not deputy_available:
        events += NO_DEPUTY
    uma = "  - {id: uma, name: Uma Under}\n"
    replace[uma] = (
        "  - {id: uma, name: Uma Under, grade: SES, agency: dept, service_start: 2010-01-01}\n"
    )
    designee_post = line[choice % len(line)]
    designee = HOLDERS[designee_post]
    before = history(events, **replace)
    succession = before.succession("head", D(2022, 11, 11))
    first = succession.would_act["death-resignation-inability"]
    # The reference: the first assistant, then the line in order; a listee is available when
    # the post is held, and (with skip_acting) held outright.
    expected = None if not deputy_available else "dev"
    if expected is None:
        for post in line:
            if post in vacant or (skip and post in acting):
                continue
            expected = HOLDERS[post]
            break
    assert first == expected
    if designee_post in vacant:
        return  # nobody to designate from that post
    h = history(events + RESIGN + designate_by_order(designee), **replace)
    lawful = h.who("head", VACANCY).lawful
    assert (lawful is LAWFUL) == (designee == expected), (line, vacant, acting, skip, designee)
    # Passed over: someone available and eligible comes before the designee in the line.
    above = expected is not None and (
        expected == "dev"
        or line.index(next(p for p, w in HOLDERS.items() if w == expected))
        < line.index(designee_post)
    )
    assert bool(findings(h, "passed-over")) == (designee != expected and above)


# --- acts and their fate (section 9) ------------------------------------------------------------


def act(act_id: str, person: str, *, reserved: str = "true", day: str = "2022-11-20") -> str:
    return (
        f"  - {{date: {day}, kind: act, id: {act_id}, post: head, person: {person},"
        f" type: rule, what: a rule, reserved: {reserved}}}\n"
    )


def ratify(act_id: str, by: str, target: str, day: str = "2022-11-25") -> str:
    return (
        f"  - {{date: {day}, kind: act, id: {act_id}, post: head, person: {by},"
        f" type: ratification, ratifies: {target}}}\n"
    )


DESIGNATE_GUS_BADLY = (
    "  - {date: 2022-11-13, kind: designate-acting, post: head, person: gus, by: uma}\n"
)


def test_a_lawful_acting_officers_acts_are_valid() -> None:
    h = history(RESIGN + act("r1", "dev"))
    assert h.final_legal.acts["r1"].status is ActStatus.VALID


def test_every_verdict_on_an_act_says_why() -> None:
    """Valid acts too: an acting officer's names the basis, a confirmed holder's the office
    (a lawful holding has no defects, so its reasons must come from elsewhere)."""
    h = history(act("r0", "hana", day="2022-11-05") + RESIGN + act("r1", "dev") + act("r2", "gus"))
    acts = h.final_legal.acts
    assert [acts[a].status for a in ("r0", "r1")] == [ActStatus.VALID, ActStatus.VALID]
    assert all(
        acts[a].reasons and all(r.strip() for r in acts[a].reasons) for a in ("r0", "r1", "r2")
    )
    assert "Dev Deputy lawfully acts" in acts["r1"].reasons[0]


def test_a_reserved_function_performed_without_authority_is_void_and_cannot_be_ratified() -> None:
    """Gus, designated by the Under Secretary (not the President), takes a reserved rule: void
    under 3348(d); a later lawful officer's ratification fails."""
    h = history(
        RESIGN
        + DESIGNATE_GUS_BADLY
        + act("r1", "gus")
        + "  - {date: 2022-11-24, kind: resign, post: head, person: gus}\n"
        + "  - {date: 2022-11-24, kind: assume-acting, post: head, person: dev,"
        " route: first-assistant}\n" + ratify("fix", "dev", "r1")
    )
    verdict = h.final_legal.acts["r1"]
    assert verdict.status is ActStatus.VOID and "3348(d)" in verdict.citation
    assert verdict.rests_on is not None  # his authority rested on the designation
    assert findings(h, "ratification-fails")


def test_a_delegable_act_without_authority_is_ratified_by_a_lawful_officer() -> None:
    """The same, but the function is not reserved: without authority, then ratified by Dev,
    lawfully acting; it stands from the ratification on (Guedes v. ATF)."""
    h = history(
        RESIGN
        + DESIGNATE_GUS_BADLY
        + act("r1", "gus", reserved="false")
        + "  - {date: 2022-11-24, kind: resign, post: head, person: gus}\n"
        + "  - {date: 2022-11-24, kind: assume-acting, post: head, person: dev,"
        " route: first-assistant}\n" + ratify("fix", "dev", "r1")
    )
    assert h.legal_at(D(2022, 11, 24)).acts["r1"].status is ActStatus.WITHOUT_AUTHORITY
    verdict = h.final_legal.acts["r1"]
    assert verdict.status is ActStatus.RATIFIED
    assert (verdict.ratified_by, verdict.ratified_on) == ("dev", D(2022, 11, 25))


def test_whether_a_function_is_reserved_may_be_unknown() -> None:
    """Reserved or not is not recorded: void or without authority cannot be told apart."""
    h = history(
        RESIGN
        + DESIGNATE_GUS_BADLY
        + "  - {date: 2022-11-20, kind: act, id: r1, post: head, person: gus, what: a memo}\n"
    )
    verdict = h.final_legal.acts["r1"]
    assert verdict.status is ActStatus.UNDETERMINED
    assert any("reserves the function" in m for m in verdict.missing)


def test_outside_3348_a_reserved_act_is_without_authority_not_void() -> None:
    """An office outside section 3348 (3348(e)): no 3348(d) voidness."""
    h = history(
        RESIGN + DESIGNATE_GUS_BADLY + act("r1", "gus"), coverage=", coverage: outside-3348"
    )
    assert h.final_legal.acts["r1"].status is ActStatus.WITHOUT_AUTHORITY


# --- coverage (section 10) ---------------------------------------------------------------------


def test_an_office_outside_3345_3349b_is_undetermined_with_the_reason() -> None:
    """3349c: the Act says nothing of who acts; the office's own statute would."""
    h = history(RESIGN, coverage=", coverage: outside-3345-3349b")
    who = h.who("head", VACANCY)
    assert who.holder is None and who.legal is not None and not who.legal.determined
    assert "3349c" in who.legal.provision
    assert not [t for t in h.transitions if t.event.kind == "acting-by-law"]


def test_an_office_outside_3348_still_has_the_clock_and_says_so() -> None:
    h = history(RESIGN, coverage=", coverage: outside-3348")
    who = h.who("head", VACANCY)
    assert who.holder == "dev" and who.legal is not None
    assert "3348(e)" in who.legal.coverage
    after = h.who("head", LAST + DAY).legal
    assert (
        after is not None
        and after.reserved is not None
        and "3348(e)" in (after.reserved_citation or "")
    )


# --- recess appointments (section 11) ------------------------------------------------------------

RECESS_CALENDAR = (
    "{recesses: [{start: 2022-12-10, end: 2023-01-02}, {start: 2023-02-10, end: 2023-02-13}],"
    " sessions: [{start: 2022-01-03, end: 2023-01-02}, {start: 2023-01-03, end: 2024-01-02}]}"
)


def test_a_recess_appointment_in_a_long_recess_holds_the_office_until_the_next_session_ends() -> (
    None
):
    h = history(
        RESIGN
        + "  - {date: 2022-12-15, kind: recess-appoint, post: head, person: nick, by: pat}\n",
        calendar=RECESS_CALENDAR,
    )
    who = h.who("head", D(2023, 6, 1))
    assert (who.holder, who.capacity, who.lawful) == ("nick", "recess-appointed", LAWFUL)
    assert who.legal is not None and who.legal.until == D(2024, 1, 2)
    after = h.who("head", D(2024, 1, 3))
    assert after.holder == "nick" and after.lawful is UNLAWFUL  # the record keeps him
    ends = [
        f
        for t in h.transitions_until(D(2024, 1, 3))
        for f in t.findings
        if f.rule == "recess-commission-ends"
    ]
    assert len(ends) == 1 and ends[0].date == D(2024, 1, 3)


def test_every_command_answers_about_a_recess_appointed_holder(tmp_path: Path) -> None:
    """The worked example of docs/rules.md: `who`, `timeline` and a chart all name the
    capacity (a capacity the words table missed once crashed `who`)."""
    from click.testing import CliRunner

    from orgsim.cli import cli
    from orgsim.model import Capacity
    from orgsim.render.words import capacity_words

    assert all(capacity_words(c) for c in Capacity)
    example = ROOT / "docs" / "examples" / "recess.yaml"
    runner = CliRunner()
    who = runner.invoke(cli, ["who", str(example), "head", "--at", "2025-06-01"])
    assert who.exit_code == 0, who.output
    assert "Nick Nominee (nick), recess-appointed since 2024-08-15" in who.output
    for args in (
        ["timeline", str(example)],
        ["chart", str(example), "--at", "2025-06-01", "-o", str(tmp_path / "c.dot")],
    ):
        done = runner.invoke(cli, args)
        assert done.exit_code == 0, done.output


def test_a_holding_that_began_before_the_record_can_be_charted_and_reported(
    tmp_path: Path,
) -> None:
    """An acting holder on the start date whose service began before it (`since` earlier than
    the scenario's date): `history` and `run` answer from the record's first day instead of
    asking about a day before it (found on a real case)."""
    from click.testing import CliRunner

    from orgsim.cli import cli

    text = (
        BASE.replace("CALENDAR", "{}")
        .replace(" COVERAGE", "")
        .replace(
            "  - {post: head, person: hana}\n",
            "  - {post: head, person: dev, capacity: acting, route: first-assistant,"
            " since: 2022-10-01}\n",
        )
    )
    path = tmp_path / "s.yaml"
    path.write_text(
        text + "events:\n  - {date: 2022-11-20, kind: resign, post: deputy, person: dev}\n"
    )
    runner = CliRunner()
    done = runner.invoke(cli, ["history", str(path), "head"])
    assert done.exit_code == 0, done.output
    assert "last day of acting: 210 days from the vacancy" in done.output
    ran = runner.invoke(cli, ["run", str(path), "--out", str(tmp_path / "out"), "--format", "dot"])
    assert ran.exit_code == 0, ran.output


def test_a_lawful_acting_officers_act_says_why_it_stands() -> None:
    """A valid act gives its reason in words, not an empty string."""
    h = history(
        RESIGN + "  - {date: 2022-11-20, kind: act, id: r1, post: head, person: dev, type: rule,"
        " reserved: true}\n"
    )
    (verdict,) = [v for v in h.acts() if v.act == "r1"]
    assert verdict.status is ActStatus.VALID
    assert all(reason.strip() for reason in verdict.reasons) and verdict.reasons


def test_a_recess_of_fewer_than_ten_days_is_presumptively_too_short() -> None:
    h = history(
        RESIGN
        + "  - {date: 2023-02-11, kind: recess-appoint, post: head, person: nick, by: pat}\n",
        calendar=RECESS_CALENDAR,
    )
    assert h.who("head", D(2023, 2, 11)).lawful is UNLAWFUL
    assert any("Noel Canning" in m for m in findings(h, "recess-appointment"))


# --- the clock: nominations, exceptions, recesses, the section 12 setting ----------------------


def test_nomination_findings_say_first_second_third_and_which_failure() -> None:
    """Each nomination says which it is; each failure which paragraph gives fresh time."""
    h = history(
        RESIGN + "  - {date: 2022-12-01, kind: nominate, post: head, person: nick, by: pat}\n"
        "  - {date: 2022-12-10, kind: withdraw-nomination, post: head, person: nick}\n"
        "  - {date: 2022-12-15, kind: nominate, post: head, person: olga, by: pat}\n"
        "  - {date: 2022-12-20, kind: reject-nomination, post: head, person: olga}\n"
        "  - {date: 2022-12-22, kind: nominate, post: head, person: uma, by: pat}\n"
    )
    by_kind = [
        (f.rule, f.citation, f.message.split(":")[0])
        for t in h.transitions
        for f in t.findings
        if f.rule in ("nomination-extends-clock", "third-nomination", "nomination-failed")
    ]
    assert by_kind == [
        ("nomination-extends-clock", "5 U.S.C. 3346(a)(2)", "First nomination"),
        ("nomination-failed", "5 U.S.C. 3346(b)(1)", "Nomination withdrawn"),
        ("nomination-extends-clock", "5 U.S.C. 3346(a)(2)", "Second nomination"),
        ("nomination-failed", "5 U.S.C. 3346(b)(2)", "Nomination rejected"),
        ("third-nomination", "5 U.S.C. 3346(b)(2)", "Nomination number 3"),
    ]


def test_a_senate_confirmed_first_assistant_may_keep_acting_while_nominated() -> None:
    """3345(b)(2): the bar does not apply to a first assistant confirmed by the Senate, even
    one in the post for less than 90 days."""
    h = history(
        RESIGN
        + "  - {date: 2022-11-12, kind: assume-acting, post: head, person: dev}\n"
        + "  - {date: 2022-12-01, kind: nominate, post: head, person: dev, by: pat}\n",
        **{
            "  - {id: deputy, title: Deputy, organization: dept, reports_to: head}\n": (
                "  - {id: deputy, title: Deputy, organization: dept, reports_to: head,"
                " appointment: pas}\n"
            ),
            "  - {post: deputy, person: dev, since: 2020-01-01}\n": (
                "  - {post: deputy, person: dev, capacity: confirmed, since: 2022-10-01}\n"
            ),
        },
    )
    assert h.who("head", D(2022, 12, 1)).lawful is LAWFUL
    (bar,) = [f for t in h.transitions for f in t.findings if f.rule == "nomination-bar"]
    assert bar.level is Level.INFO and "3345(b)(2)" in bar.citation


def test_a_one_day_recess_over_the_last_day_moves_it_to_the_second_day_back() -> None:
    """3348(c) with a recess of one day on day 210: the last day is the second day after."""
    h = history(RESIGN, calendar="{recesses: [{start: 2023-06-10, end: 2023-06-10}]}")
    assert h.who("head", VACANCY).legal.until == D(2023, 6, 12)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("reading", "lawful_after_vote"),
    [("until-confirmation", False), ("until-appointment", True)],
)
def test_the_setting_decides_when_a_confirmed_nomination_stops_being_pending(
    reading: str, lawful_after_vote: bool
) -> None:
    """After day 210, confirmed on a day and sworn in three days later: in between, acting is
    lawful only under the practice reading."""
    h = history(
        RESIGN + "  - {date: 2023-05-01, kind: nominate, post: head, person: nick, by: pat}\n"
        "  - {date: 2023-07-01, kind: confirm, post: head, person: nick}\n"
        "  - {date: 2023-07-04, kind: swear-in, post: head, person: nick}\n",
        extra=f"settings: {{nomination_pending: {reading}}}\n",
    )
    assert h.who("head", D(2023, 7, 1)).lawful_holder == "dev"
    between = h.who("head", D(2023, 7, 2))
    assert (between.lawful_holder == "dev") is lawful_after_vote


# --- queries: the asked date, and succession with an open vacancy ------------------------------


def test_who_may_lawfully_act_is_computed_for_the_asked_date_not_the_last_event() -> None:
    """The last event is the resignation; asked after day 210, nobody may act."""
    h = history(RESIGN)
    assert h.who("head", VACANCY + 10 * DAY).lawful_holder == "dev"
    assert h.who("head", LAST + DAY).lawful_holder is None


def test_succession_respects_an_open_vacancys_clock() -> None:
    """After the limit, `succession` does not say the first assistant would act."""
    h = history(RESIGN + "  - {date: 2022-11-12, kind: assume-acting, post: head, person: dev}\n")
    assert h.succession("head", VACANCY).would_act["death-resignation-inability"] == "dev"
    late = h.succession("head", LAST + DAY)
    assert late.would_act["death-resignation-inability"] is None
    assert late.why_nobody is not None and "ran out" in late.why_nobody


def test_a_failed_expectation_says_what_differed() -> None:
    h = history(RESIGN)
    from orgsim.model import Expectation, LawfulExpectation

    check = h.check(
        Expectation(
            post="head",
            at=LAST + DAY,
            holder="dev",
            capacity="acting",
            lawful=LawfulExpectation(holder="dev", status="lawful"),
        )
    )
    assert not check.ok
    assert "holder is nobody, not dev" in check.differences
    assert any("who may lawfully act is nobody, not dev" in d for d in check.differences)
    # Nobody is recorded: the status is named as the expectation would write it.
    assert "the recorded holder's service is none, not lawful" in check.differences


# --- the worked case -------------------------------------------------------------------------


def test_the_blm_scenario_reproduces_the_courts_outcome() -> None:
    """Bullock v. BLM: Pendley served unlawfully (a delegation, never directed by the
    President, past the 210 days, then while nominated); the three protest decisions are void
    under 3348(d), each with its citation; the ratification what-if shows a void act stays
    void while a delegable one is cured."""
    scenario = load(ROOT / "scenarios" / "blm-2019-2020.yaml")
    h = replay_scenario(scenario)
    assert all(c.ok for c in check_expectations(scenario, h))
    who = h.who("blm-director", D(2020, 7, 15))
    reasons = {r.rule for r in who.legal.reasons}  # type: ignore[union-attr]
    assert {"delegation-not-acting", "nomination-bar", "defect-carried"} & reasons
    for act_id in ("miles-city-protests", "lewistown-protests", "missoula-protests"):
        verdict = h.final_legal.acts[act_id]
        assert verdict.status is ActStatus.VOID
        assert "3348(d)" in verdict.citation and "1610.5-2" in verdict.citation
    (branch,) = scenario.branches
    what_if = replay_branch(scenario, branch, main=h)
    assert what_if.final_legal.acts["miles-city-protests"].status is ActStatus.VOID
    assert what_if.final_legal.acts["what-if-directive"].status is ActStatus.RATIFIED
