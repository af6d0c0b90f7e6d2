"""Judging one event: what the law says of it when it happens, from the recorded state it meets
and the legal timeline so far. The engine applies the event whatever the verdict; the verdict
says what has force, what does not, and why."""

from __future__ import annotations

import datetime as dt
from functools import singledispatch

from attrs import evolve, frozen

from orgsim import events as ev
from orgsim.model import (
    ActStatus,
    ActType,
    ActVerdict,
    Appointment,
    Capacity,
    Finding,
    Lawfulness,
    Legal,
    Level,
    Nomination,
    NominationOutcome,
    Route,
    State,
    combine,
)
from orgsim.rules.acts import issuer_status, judge_act, ratify, seat_status, seat_verdict
from orgsim.rules.clock import nomination_ordinal
from orgsim.rules.eligibility import FIRST_ASSISTANT, counted_nominations, nomination_bar
from orgsim.rules.findings import FindingId, finding
from orgsim.rules.orders import IN_NAME_ONLY
from orgsim.rules.recess import RECESS_CLAUSE, recess_judgement
from orgsim.rules.removal import removal_authority
from orgsim.rules.settings import Settings

__all__ = ["Verdict", "judge", "seat_id"]


@frozen
class Verdict:
    """What the law says of one event: findings, and the acts it judged (new verdicts, or an
    earlier act's verdict changed by a ratification)."""

    findings: tuple[Finding, ...] = ()
    acts: tuple[ActVerdict, ...] = ()


def seat_id(post: str, person: str, day: dt.date) -> str:
    """The id under which the judgement of someone's seating in an office is kept."""
    return f"seat:{post}:{person}:{day.isoformat()}"


_LEVEL = {
    Lawfulness.UNLAWFUL: Level.VIOLATION,
    Lawfulness.UNDETERMINED: Level.WARNING,
    Lawfulness.LAWFUL: Level.INFO,
}


def _no_force(status: Lawfulness) -> str:
    return "has no force" if status is Lawfulness.UNLAWFUL else "may have no force"


def _without(status: Lawfulness) -> str:
    return "is without authority" if status is Lawfulness.UNLAWFUL else "may be without authority"


@singledispatch
def judge(
    event: ev.Event, before: State, legal: Legal, settings: Settings, *, act_id: str
) -> Verdict:
    """What the law says of an event, judged on the state it meets."""
    return Verdict()


@judge.register
def _(
    event: ev.RequestResignation, before: State, legal: Legal, settings: Settings, *, act_id: str
) -> Verdict:
    holder = before.holder(event.post)
    if holder is None:
        return Verdict()
    authority = removal_authority(before, event.by, event.post)
    if authority.allowed:
        return Verdict()
    return Verdict(
        (
            finding(
                Level.INFO,
                FindingId.REMOVAL_AUTHORITY,
                authority.citation,
                f"{before.name(event.by)} asks for the resignation but cannot remove"
                f" {before.name(holder.person)}: {authority.reason}",
                event.date,
                post=event.post,
                person=holder.person,
            ),
        )
    )


@judge.register
def _(event: ev.Remove, before: State, legal: Legal, settings: Settings, *, act_id: str) -> Verdict:
    authority = removal_authority(before, event.by, event.post)
    if authority.allowed:
        return Verdict()
    return Verdict(
        (
            finding(
                Level.VIOLATION,
                FindingId.REMOVAL_WITHOUT_AUTHORITY,
                authority.citation,
                f"{before.name(event.by)} removes {before.name(event.person)} without the"
                f" authority to do so: {authority.reason}; the record shows the departure, the"
                " removal itself has no legal basis",
                event.date,
                post=event.post,
                person=event.person,
            ),
        )
    )


@judge.register
def _(
    event: ev.Nominate, before: State, legal: Legal, settings: Settings, *, act_id: str
) -> Verdict:
    found: list[Finding] = []
    president = before.president()
    if event.by is not None and president is not None and event.by != president:
        found.append(
            finding(
                Level.VIOLATION,
                FindingId.NOMINATION_NOT_BY_PRESIDENT,
                "U.S. Const. art. II, § 2, cl. 2",
                f"only the President ({before.name(president)}) nominates; a nomination by"
                f" {before.name(event.by)} has no force and does not run the clock",
                event.date,
                post=event.post,
                person=event.person,
            )
        )
        return Verdict(tuple(found))
    if event.post not in before.vacancies:
        return Verdict()
    nomination = Nomination(event.post, event.person, event.date, president=event.by or president)
    noms = (*counted_nominations(before, event.post), nomination)
    ordinal = nomination_ordinal(noms, nomination, before.calendar, settings)
    if ordinal <= 2:
        found.append(
            finding(
                Level.INFO,
                FindingId.NOMINATION_EXTENDS_CLOCK,
                "5 U.S.C. 3346(a)(2)",
                f"{'First' if ordinal == 1 else 'Second'} nomination: acting service may go on"
                " while it is pending",
                event.date,
                post=event.post,
                person=event.person,
            )
        )
    else:
        found.append(
            finding(
                Level.INFO,
                FindingId.THIRD_NOMINATION,
                "5 U.S.C. 3346(b)(2)",
                f"Nomination number {ordinal}: a third or later nomination gives no more time",
                event.date,
                post=event.post,
                person=event.person,
            )
        )
    acting = before.holder(event.post)
    if acting is not None and acting.person == event.person and acting.capacity is Capacity.ACTING:
        after = before.but(nominations=before.nominations.set(event.post, noms))
        bar = nomination_bar(after, event.post, event.person, before.vacancies[event.post])
        if bar.ok:
            found.append(
                finding(
                    Level.INFO,
                    FindingId.NOMINATION_BAR,
                    bar.citation,
                    f"{before.name(event.person)} may keep acting while nominated: {bar.reason}",
                    event.date,
                    post=event.post,
                    person=event.person,
                )
            )
    return Verdict(tuple(found))


@judge.register
def _(
    event: ev.NominationFails, before: State, legal: Legal, settings: Settings, *, act_id: str
) -> Verdict:
    if event.post not in before.vacancies:
        return Verdict()
    noms = counted_nominations(before, event.post)
    mine = next(
        (n for n in noms if n.person == event.person and n.outcome is NominationOutcome.PENDING),
        None,
    )
    if mine is None:
        return Verdict()
    ordinal = nomination_ordinal(noms, mine, before.calendar, settings)
    if ordinal > 2:
        return Verdict()
    return Verdict(
        (
            finding(
                Level.INFO,
                FindingId.NOMINATION_FAILED,
                f"5 U.S.C. 3346(b)({ordinal})",
                f"Nomination {event.outcome}: a fresh 210 days of acting service run from"
                f" {event.date.isoformat()}",
                event.date,
                post=event.post,
                person=event.person,
            ),
        )
    )


@judge.register
def _(
    event: ev.SetFirstAssistant, before: State, legal: Legal, settings: Settings, *, act_id: str
) -> Verdict:
    issued = Verdict()
    if event.by is not None:
        named = (
            f"the {before.title(event.first_assistant)}"
            if event.first_assistant is not None
            else "no post"
        )
        issued = _issued(
            before,
            legal,
            act_id=act_id,
            kind=ActType.ORDER,
            by=event.by,
            post=event.post,
            what=f"The naming of {named} as first assistant to the {before.title(event.post)}",
            day=event.date,
            hypothetical=event.hypothetical,
        )
    if event.post not in before.vacancies or event.first_assistant is None:
        return issued
    nominal = (
        " and, the sources say, in name only, so it does not"
        if event.in_name_only
        else "; one in name only does not"
    )
    late = finding(
        Level.WARNING,
        FindingId.FIRST_ASSISTANT_AFTER_VACANCY,
        f"{FIRST_ASSISTANT}; shared/domain/succession-rules.md, 2"
        + (f"; {IN_NAME_ONLY.split('; ', 1)[1]}" if event.in_name_only else ""),
        f"The {before.title(event.first_assistant)} was named first assistant after the"
        f" {before.title(event.post)} fell vacant: whether it counts for this vacancy is"
        f" unsettled{nominal}",
        event.date,
        post=event.post,
    )
    return Verdict((*issued.findings, late), issued.acts)


def _issued(
    before: State,
    legal: Legal,
    *,
    act_id: str,
    kind: ActType,
    by: str | None,
    post: str,
    what: str,
    day: dt.date,
    hypothetical: bool,
    rests_on: ActVerdict | None = None,
) -> Verdict:
    """An order, an amendment or a delegation: it has force when its issuer lawfully serves
    in the post or above it, and what it rests on has force."""
    issuer = issuer_status(before, legal, by, post)
    statuses = [issuer.status]
    reasons = [] if issuer.ok else [issuer.reason]
    missing = list(issuer.missing)
    found: list[Finding] = []
    if not issuer.ok:
        found.append(
            finding(
                _LEVEL[issuer.status],
                FindingId(issuer.rule),
                issuer.citation,
                f"{what} {_no_force(issuer.status)}: {issuer.reason}",
                day,
                post=post,
                person=by,
            )
        )
    if rests_on is not None and rests_on.status.has_force is not Lawfulness.LAWFUL:
        statuses.append(rests_on.status.has_force)
        reasons.append(
            f"rests on {rests_on.act}, which has no force ({'; '.join(rests_on.reasons)})"
        )
        found.append(
            finding(
                _LEVEL[rests_on.status.has_force],
                FindingId.DEFECT_CARRIED,
                "5 U.S.C. 3348(d)",
                f"{what} rests on {rests_on.act}, which has no force",
                day,
                post=post,
            )
        )
    status = combine(statuses)
    verdict = ActVerdict(
        act_id,
        str(kind),
        day,
        post,
        by,
        what,
        ActStatus.VALID
        if status is Lawfulness.LAWFUL
        else ActStatus.UNDETERMINED
        if status is Lawfulness.UNDETERMINED
        else ActStatus.WITHOUT_AUTHORITY,
        citation=issuer.citation or "5 U.S.C. 3348(d)",
        reasons=tuple(reasons) or ("issued by someone lawfully serving",),
        missing=tuple(missing),
        hypothetical=hypothetical,
    )
    return Verdict(tuple(found), (verdict,))


@judge.register
def _(
    event: ev.IssueOrder, before: State, legal: Legal, settings: Settings, *, act_id: str
) -> Verdict:
    verdict = _issued(
        before,
        legal,
        act_id=act_id,
        kind=ActType.ORDER,
        by=event.by,
        post=event.post,
        what=f"Order of succession {event.order}",
        day=event.date,
        hypothetical=event.hypothetical,
    )
    return _order_note(verdict, before, event.post, event.order, event.date)


def _order_note(verdict: Verdict, before: State, post: str, order: str, day: dt.date) -> Verdict:
    """An order issued or amended while its post is vacant does not govern that vacancy."""
    vacancy = before.vacancies.get(post)
    if vacancy is None or not before.posts[post].fvra:
        return verdict
    note = finding(
        Level.INFO,
        FindingId.ORDER_NOT_GOVERNING,
        "5 U.S.C. 3347(a); the order as in force when the vacancy arose",
        f"{order} as issued or amended on {day.isoformat()} does not govern the vacancy that"
        f" arose on {vacancy.since.isoformat()}: the version in force that day does",
        day,
        post=post,
    )
    return Verdict((*verdict.findings, note), verdict.acts)


@judge.register
def _(
    event: ev.AmendOrder, before: State, legal: Legal, settings: Settings, *, act_id: str
) -> Verdict:
    order = before.orders.get(event.order)
    if order is None:
        return Verdict()
    first = before.order_versions_of(event.order)[0]
    verdict = _issued(
        before,
        legal,
        act_id=act_id,
        kind=ActType.ORDER,
        by=event.by,
        post=order.post,
        what=f"The amendment of {event.order}",
        day=event.date,
        hypothetical=event.hypothetical,
        rests_on=legal.act(first.act),
    )
    return _order_note(verdict, before, order.post, event.order, event.date)


@judge.register
def _(
    event: ev.DelegateDuties, before: State, legal: Legal, settings: Settings, *, act_id: str
) -> Verdict:
    verdict = _issued(
        before,
        legal,
        act_id=act_id,
        kind=ActType.DELEGATION,
        by=event.by,
        post=event.post,
        what=f"The delegation of the {before.title(event.post)}'s duties",
        day=event.date,
        hypothetical=event.hypothetical,
    )
    acts = tuple(evolve(a, subject=event.person) for a in verdict.acts)
    return Verdict(verdict.findings, acts)


def _seating(
    before: State,
    legal: Legal,
    *,
    act_id: str,
    kind: str,
    post: str,
    person: str,
    route: Route,
    by: str | None,
    day: dt.date,
    hypothetical: bool,
    basis_post: str | None = None,
) -> ActVerdict:
    seat = seat_verdict(before, legal, post, person, route, by, basis_post=basis_post)
    return ActVerdict(
        act_id,
        kind,
        day,
        post,
        by,
        seat.words,
        seat_status(seat),
        citation=seat.citation,
        reasons=tuple(text for _, _, text in seat.reasons),
        missing=seat.missing,
        subject=person,
        basis_post=seat.basis_post,
        hypothetical=hypothetical,
        rule=str(seat.reasons[0][0]) if seat.reasons else "",
    )


@judge.register
def _(
    event: ev.DesignateActing, before: State, legal: Legal, settings: Settings, *, act_id: str
) -> Verdict:
    if event.post not in before.vacancies:
        return Verdict()
    seat = seat_verdict(before, legal, event.post, event.person, event.route, event.by)
    verdict = _seating(
        before,
        legal,
        act_id=act_id,
        kind=str(ActType.DESIGNATION),
        post=event.post,
        person=event.person,
        route=event.route,
        by=event.by,
        day=event.date,
        hypothetical=event.hypothetical,
    )
    found: list[Finding] = []
    if seat.status is not Lawfulness.LAWFUL:
        rule, citation, _ = (
            seat.reasons[0]
            if seat.reasons
            else (
                FindingId.ACTING_ELIGIBILITY,
                seat.citation,
                "",
            )
        )
        who = before.name(event.by) if event.by else "someone not reported"
        found.append(
            finding(
                _LEVEL[seat.status],
                FindingId(rule),
                citation,
                f"The designation of {before.name(event.person)} by {who} to act as"
                f" {before.title(event.post)}"
                f" {_without(seat.status)}: {'; '.join(text for _, _, text in seat.reasons)}",
                event.date,
                post=event.post,
                person=event.person,
            )
        )
    return Verdict(tuple(found), (verdict,))


@judge.register
def _(
    event: ev.AssumeActing, before: State, legal: Legal, settings: Settings, *, act_id: str
) -> Verdict:
    if event.post not in before.vacancies:
        return Verdict()
    return Verdict(
        (),
        (
            _seating(
                before,
                legal,
                act_id=act_id,
                kind="seating",
                post=event.post,
                person=event.person,
                route=event.route,
                by=None,
                day=event.date,
                hypothetical=event.hypothetical,
            ),
        ),
    )


@judge.register
def _(
    event: ev.Retitle, before: State, legal: Legal, settings: Settings, *, act_id: str
) -> Verdict:
    if event.capacity is not Capacity.ACTING or event.post not in before.vacancies:
        return Verdict()
    return Verdict(
        (),
        (
            _seating(
                before,
                legal,
                act_id=act_id,
                kind="seating",
                post=event.post,
                person=event.person,
                route=event.route or Route.NOT_REPORTED,
                by=None,
                day=event.date,
                hypothetical=event.hypothetical,
            ),
        ),
    )


@judge.register
def _(
    event: ev.ActingByLaw, before: State, legal: Legal, settings: Settings, *, act_id: str
) -> Verdict:
    verdict = _seating(
        before,
        legal,
        act_id=act_id,
        kind="seating",
        post=event.post,
        person=event.person,
        route=event.route,
        by=None,
        day=event.date,
        hypothetical=event.hypothetical,
        basis_post=event.basis_post,
    )
    how = {
        Route.FIRST_ASSISTANT: "by operation of law, as first assistant",
        Route.ORDER: "under the order of succession",
    }.get(event.route, "by operation of law")
    note = finding(
        Level.INFO,
        FindingId.ACTING_ASSUMED,
        event.citation,
        f"{before.name(event.person)} acts as {before.title(event.post)} {how}"
        f" ({event.basis}): assumed, since the sources do not report who took over",
        event.date,
        post=event.post,
        person=event.person,
    )
    return Verdict((note,), (verdict,))


@judge.register
def _(
    event: ev.TakeAct, before: State, legal: Legal, settings: Settings, *, act_id: str
) -> Verdict:
    act = event.as_act()
    verdict = judge_act(before, legal, act)
    who, office = before.name(event.person), before.title(event.post)
    if event.ratifies is not None:
        target = legal.act(event.ratifies)
        if target is None:
            return Verdict((), (verdict,))
        cured, words, took = ratify(before, legal, verdict, target, event.date)
        note = finding(
            Level.INFO if took else Level.VIOLATION,
            FindingId.ACT_RATIFIED if took else FindingId.RATIFICATION_FAILS,
            "5 U.S.C. 3348(d)(2); Guedes v. ATF, 920 F.3d 1 (D.C. Cir. 2019)",
            f"{who}, as {office}, ratifies {event.ratifies}: {words}",
            event.date,
            post=event.post,
            person=event.person,
        )
        return Verdict((note,), (verdict, *(() if cured is None else (cured,))))
    rule, level = {
        ActStatus.VALID: (FindingId.ACT_VALID, Level.INFO),
        ActStatus.VOID: (FindingId.ACT_VOID, Level.VIOLATION),
        ActStatus.WITHOUT_AUTHORITY: (FindingId.ACT_WITHOUT_AUTHORITY, Level.VIOLATION),
        ActStatus.UNDETERMINED: (FindingId.ACT_UNDETERMINED, Level.WARNING),
        ActStatus.RATIFIED: (FindingId.ACT_RATIFIED, Level.INFO),
    }[verdict.status]
    words = {
        ActStatus.VALID: "stands",
        ActStatus.VOID: "is void",
        ActStatus.WITHOUT_AUTHORITY: "is without authority",
        ActStatus.UNDETERMINED: "may not stand",
        ActStatus.RATIFIED: "stands",
    }[verdict.status]
    note = finding(
        level,
        rule,
        verdict.citation,
        f"{event.id} ({event.what or event.type}) by {who} as {office} {words}:"
        f" {'; '.join(verdict.reasons)}",
        event.date,
        post=event.post,
        person=event.person,
    )
    return Verdict((note,), (verdict,))


@judge.register
def _(
    event: ev.Appoint, before: State, legal: Legal, settings: Settings, *, act_id: str
) -> Verdict:
    post = before.posts.get(event.post)
    if post is None or post.appointment is not Appointment.PAS:
        return Verdict()
    if event.capacity is not Capacity.APPOINTED:
        return Verdict()
    return Verdict(
        (
            finding(
                Level.VIOLATION,
                FindingId.APPOINTMENT_WITHOUT_CONSENT,
                "U.S. Const. art. II, § 2, cl. 2",
                f"{before.name(event.person)} is appointed {post.title}, a Senate-confirmed"
                " office, without the Senate's consent (and not during a recess)",
                event.date,
                post=event.post,
                person=event.person,
            ),
        )
    )


@judge.register
def _(
    event: ev.RecessAppoint, before: State, legal: Legal, settings: Settings, *, act_id: str
) -> Verdict:
    status, why, ends = recess_judgement(before, event.date)
    ends = event.expires or ends
    until = f"; the commission runs to {ends.isoformat()}" if ends else ""
    level = _LEVEL[status]
    return Verdict(
        (
            finding(
                level,
                FindingId.RECESS_APPOINTMENT,
                "U.S. Const. art. II, § 2, cl. 3; NLRB v. Noel Canning, 573 U.S. 513 (2014)",
                f"{before.name(event.person)} is appointed {before.title(event.post)} during a"
                f" recess: {why}{until}",
                event.date,
                post=event.post,
                person=event.person,
                until=ends,
            ),
        ),
        (
            ActVerdict(
                act_id,
                "recess-appointment",
                event.date,
                event.post,
                event.by,
                why,
                ActStatus.VALID
                if status is Lawfulness.LAWFUL
                else ActStatus.UNDETERMINED
                if status is Lawfulness.UNDETERMINED
                else ActStatus.WITHOUT_AUTHORITY,
                citation=RECESS_CLAUSE,
                reasons=(why,),
                subject=event.person,
                hypothetical=event.hypothetical,
            ),
        ),
    )


@judge.register
def _(
    event: ev.TimeRunsOut, before: State, legal: Legal, settings: Settings, *, act_id: str
) -> Verdict:
    tenure = before.holder(event.post)
    recorded = tenure is not None and tenure.capacity is Capacity.ACTING and not tenure.assumed
    who = ""
    if recorded and tenure is not None:
        who = (
            f"; {before.name(tenure.person)} is recorded as still acting, so from"
            f" {event.date.isoformat()} serves without authority unless the sources show"
            " otherwise"
        )
    return Verdict(
        (
            finding(
                Level.WARNING if recorded else Level.INFO,
                FindingId.ACTING_TIME_LIMIT,
                f"{event.citation}; 5 U.S.C. 3348",
                f"Acting service as {before.title(event.post)} may last until"
                f" {event.last_day.isoformat()}, its last lawful day ({event.basis}){who}",
                event.date,
                post=event.post,
                person=tenure.person if tenure else None,
                until=event.last_day,
            ),
        )
    )


@judge.register
def _(
    event: ev.ActingLawfulAgain, before: State, legal: Legal, settings: Settings, *, act_id: str
) -> Verdict:
    until = f", until {event.last_day.isoformat()}" if event.last_day else ""
    return Verdict(
        (
            finding(
                Level.INFO,
                FindingId.ACTING_TIME_REOPENS,
                event.citation,
                f"Time alone makes acting service as {before.title(event.post)} lawful"
                f" again{until}: {event.basis}",
                event.date,
                post=event.post,
                until=event.last_day,
            ),
        )
    )


@judge.register
def _(
    event: ev.CommissionEnds, before: State, legal: Legal, settings: Settings, *, act_id: str
) -> Verdict:
    return Verdict(
        (
            finding(
                Level.WARNING,
                FindingId.RECESS_COMMISSION_ENDS,
                RECESS_CLAUSE,
                f"The recess commission of {before.name(event.person)} as"
                f" {before.title(event.post)} expired after {event.last_day.isoformat()}",
                event.date,
                post=event.post,
                person=event.person,
            ),
        )
    )


@judge.register
def _(
    event: ev.AssumptionEnds, before: State, legal: Legal, settings: Settings, *, act_id: str
) -> Verdict:
    then = "goes on performing the delegated duties" if event.performs_duties else "no longer acts"
    rule = FindingId(event.rule) if event.rule else FindingId.ACTING_ELIGIBILITY
    return Verdict(
        (
            finding(
                Level.INFO,
                rule,
                event.citation,
                f"{before.name(event.person)} {then} as {before.title(event.post)}"
                f" ({event.why}): assumed, like the acting service it ends",
                event.date,
                post=event.post,
                person=event.person,
            ),
        )
    )
