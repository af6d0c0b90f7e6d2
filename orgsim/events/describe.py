"""Each event in plain words, with the names and titles of the state it happened in."""

from __future__ import annotations

from functools import singledispatch

from orgsim.events import catalogue as ev
from orgsim.events.transition import Transition
from orgsim.model import Route, Standing, State

__all__ = ["describe", "describe_legal"]


def _vote(yeas: int | None, nays: int | None) -> str:
    return f" ({yeas}-{nays})" if yeas is not None and nays is not None else ""


@singledispatch
def describe(event: ev.Event, state: State) -> str:
    """A one-sentence account of the event."""
    return event.kind


@describe.register
def _(event: ev.AddOrganization, state: State) -> str:
    return f"Organisation created: {event.organization.name}"


@describe.register
def _(event: ev.AddPost, state: State) -> str:
    return f"Post created: {event.post.title}"


@describe.register
def _(event: ev.AbolishPost, state: State) -> str:
    return f"Post abolished: {state.title(event.post)}"


@describe.register
def _(event: ev.MovePost, state: State) -> str:
    target = state.title(event.reports_to) if event.reports_to else "nobody"
    return f"{state.title(event.post)} now reports to {target}"


@describe.register
def _(event: ev.SetFirstAssistant, state: State) -> str:
    fa = state.title(event.first_assistant) if event.first_assistant else "no post"
    return f"{fa} named first assistant to the {state.title(event.post)}"


@describe.register
def _(event: ev.IssueOrder, state: State) -> str:
    by = f" by {state.name(event.by)}" if event.by else ""
    line = ", ".join(state.title(p) for p in event.line)
    return f"Order of succession for the {state.title(event.post)} issued{by}: {line}"


@describe.register
def _(event: ev.AmendOrder, state: State) -> str:
    by = f" by {state.name(event.by)}" if event.by else ""
    return f"Order of succession {event.order} amended{by}"


@describe.register
def _(event: ev.AddPerson, state: State) -> str:
    return f"{event.person.name} enters the record"


@describe.register
def _(event: ev.Nominate, state: State) -> str:
    by = state.name(event.by) if event.by else "The President"
    return f"{by} nominates {state.name(event.person)} as {state.title(event.post)}"


@describe.register
def _(event: ev.NominationFails, state: State) -> str:
    extra = ""
    if isinstance(event, ev.RejectNomination):
        extra = _vote(event.yeas, event.nays)
    return (
        f"Nomination of {state.name(event.person)} as {state.title(event.post)}"
        f" {event.outcome}{extra}"
    )


@describe.register
def _(event: ev.CommitteeReport, state: State) -> str:
    return (
        f"{event.committee} reports the nomination of {state.name(event.person)}"
        f"{_vote(event.yeas, event.nays)}"
    )


@describe.register
def _(event: ev.Confirm, state: State) -> str:
    return (
        f"The Senate confirms {state.name(event.person)} as {state.title(event.post)}"
        f"{_vote(event.yeas, event.nays)}"
    )


@describe.register
def _(event: ev.SwearIn, state: State) -> str:
    return f"{state.name(event.person)} is sworn in as {state.title(event.post)}"


@describe.register
def _(event: ev.Appoint, state: State) -> str:
    by = f" by {state.name(event.by)}" if event.by else ""
    return f"{state.name(event.person)} is appointed {state.title(event.post)}{by}"


def _claim(route: str | None, claimed_by: str | None, state: State) -> str:
    """ ", claiming to act as first assistant (so says X)" in words, or nothing."""
    words = Route(route).words if route else ""
    said = f" (so says {state.name(claimed_by)})" if claimed_by else ""
    return f", {words}{said}" if words else said


@describe.register
def _(event: ev.DesignateActing, state: State) -> str:
    if event.by is None:
        # Never taken to be the President's: only a claimed route other than a presidential
        # direction is worth saying.
        route = None if event.route == "president" else event.route
        claim = _claim(route, event.claimed_by, state)
        return (
            f"{state.name(event.person)} is designated to act as {state.title(event.post)}"
            f"{claim} (who designated is not reported)"
        )
    claim = _claim(event.route, event.claimed_by, state)
    return (
        f"{state.name(event.by)} designates {state.name(event.person)} to act as"
        f" {state.title(event.post)}{claim}"
    )


@describe.register
def _(event: ev.AssumeActing, state: State) -> str:
    claim = _claim(event.route, event.claimed_by, state)
    return f"{state.name(event.person)} becomes acting {state.title(event.post)}{claim}"


@describe.register
def _(event: ev.DeclineActing, state: State) -> str:
    return f"{state.name(event.person)} does not take up acting as {state.title(event.post)}"


@describe.register
def _(event: ev.Retitle, state: State) -> str:
    claim = _claim(event.route, event.claimed_by, state)
    words = {
        "acting": "acting",
        "performing-duties": "performing the duties of the office",
    }.get(str(event.capacity), str(event.capacity))
    return f"{state.name(event.person)} goes on as {state.title(event.post)}: now {words}{claim}"


@describe.register
def _(event: ev.PerformDuties, state: State) -> str:
    claim = _claim(None, event.claimed_by, state)
    return (
        f"{state.name(event.person)} performs the duties of the {state.title(event.post)}"
        f" (not acting){claim}"
    )


@describe.register
def _(event: ev.RecessAppoint, state: State) -> str:
    by = state.name(event.by) if event.by else "The President"
    return f"{by} appoints {state.name(event.person)} as {state.title(event.post)} during a recess"


@describe.register
def _(event: ev.TakeAct, state: State) -> str:
    what = event.what or str(event.type)
    if event.ratifies:
        return (
            f"{state.name(event.person)}, as {state.title(event.post)}, ratifies {event.ratifies}"
        )
    return f"{state.name(event.person)}, as {state.title(event.post)}: {what}"


@describe.register
def _(event: ev.DelegateDuties, state: State) -> str:
    by = f" by {state.name(event.by)}" if event.by else ""
    return (
        f"The duties of the {state.title(event.post)} are delegated"
        f" to {state.name(event.person)}{by}"
    )


@describe.register
def _(event: ev.RequestResignation, state: State) -> str:
    holder = state.holder(event.post)
    person = event.person or (holder.person if holder else None)
    return (
        f"{state.name(event.by)} asks {state.name(person)} to resign as {state.title(event.post)}"
    )


@describe.register
def _(event: ev.Refuse, state: State) -> str:
    cond = f": {event.condition}" if event.condition else ""
    return f"{state.name(event.person)} refuses to resign{cond}"


@describe.register
def _(event: ev.Resign, state: State) -> str:
    when = ""
    if event.effective and event.effective != event.date:
        when = f", effective {event.effective.isoformat()}"
    return f"{state.name(event.person)} resigns as {state.title(event.post)}{when}"


@describe.register
def _(event: ev.AcceptResignation, state: State) -> str:
    return f"{state.name(event.by)} accepts the resignation of {state.name(event.person)}"


@describe.register
def _(event: ev.Remove, state: State) -> str:
    return f"{state.name(event.by)} removes {state.name(event.person)} as {state.title(event.post)}"


@describe.register
def _(event: ev.Leave, state: State) -> str:
    return f"{state.name(event.person)} leaves the post of {state.title(event.post)}"


@describe.register
def _(event: ev.TermExpires, state: State) -> str:
    return f"{state.name(event.person)}'s term as {state.title(event.post)} expires"


@describe.register
def _(event: ev.Death, state: State) -> str:
    return f"{state.name(event.person)} dies"


@describe.register
def _(event: ev.Inability, state: State) -> str:
    why = " through sickness" if event.sickness else ""
    return f"{state.name(event.person)} becomes unable to serve{why}"


@describe.register
def _(event: ev.Recovery, state: State) -> str:
    return f"{state.name(event.person)} returns to the post of {state.title(event.post)}"


@describe.register
def _(event: ev.Travel, state: State) -> str:
    purpose = f" ({event.purpose})" if event.purpose else ""
    return f"{state.name(event.person)} travels to {event.place}{purpose}"


@describe.register
def _(event: ev.Meeting, state: State) -> str:
    names = [state.name(p) for p in event.people]
    who = " and ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else "".join(names)
    where = f" ({event.place})" if event.place else ""
    about = f": {event.subject}" if event.subject else ""
    return f"{who} meet{where}{about}"


@describe.register
def _(event: ev.Note, state: State) -> str:
    return event.text


@describe.register
def _(event: ev.Advance, state: State) -> str:
    return f"Time passes to {event.date.isoformat()}"


@describe.register
def _(event: ev.ActingByLaw, state: State) -> str:
    return (
        f"{state.name(event.person)} acts as {state.title(event.post)} by operation of law"
        " (assumed: not reported)"
    )


@describe.register
def _(event: ev.AssumptionEnds, state: State) -> str:
    then = "goes on performing the delegated duties" if event.performs_duties else "no longer acts"
    return (
        f"{state.name(event.person)} {then} as {state.title(event.post)}: {event.why}"
        " (assumed: not reported)"
    )


@describe.register
def _(event: ev.ResignationTakesEffect, state: State) -> str:
    return f"The resignation of {state.name(event.person)} takes effect"


@describe.register
def _(event: ev.TimeRunsOut, state: State) -> str:
    return (
        f"The time for acting as {state.title(event.post)} runs out after"
        f" {event.last_day.isoformat()}"
    )


@describe.register
def _(event: ev.ActingLawfulAgain, state: State) -> str:
    return f"Acting service as {state.title(event.post)} may lawfully begin again: {event.basis}"


@describe.register
def _(event: ev.CommissionEnds, state: State) -> str:
    return (
        f"The recess commission of {state.name(event.person)} as {state.title(event.post)}"
        f" expired after {event.last_day.isoformat()}"
    )


@describe.register
def _(event: ev.RecordOpens, state: State) -> str:
    return "What the law says of the record on its first day"


def describe_legal(t: Transition) -> list[str]:
    """How the legal timeline's answer changed with a transition, post by post, in words."""
    lines: list[str] = []
    before, after = t.legal_before.standings, t.legal.standings
    if before is after:
        return lines
    for post in sorted(set(before.keys()) | set(after.keys())):
        old, new = before.get(post), after.get(post)
        parts: list[str] = []
        was, now = _may_act(old, t.before, post), _may_act(new, t.after, post)
        if was != now:
            parts.append(f"who may lawfully act: {was} -> {now}")
        old_status = _service(old, t.before)
        new_status = _service(new, t.after)
        if old_status != new_status and new_status:
            same = old_status is not None and old_status[0] == new_status[0]
            was_status = old_status[1] if same and old_status is not None else "new"
            parts.append(f"{new_status[0]}'s service: {was_status} -> {new_status[1]}")
        if parts:
            lines.append(f"{t.after.title(post)}: " + "; ".join(parts))
    return lines


def _may_act(s: Standing | None, state: State, post: str) -> str:
    if s is None:
        held = state.holder(post) if post in state.posts else None
        return state.name(held.person) if held is not None else "its holder (not recorded)"
    if s.lawful is not None:
        return state.name(s.lawful)
    return "nobody" if s.determined else "undetermined"


def _service(s: Standing | None, state: State) -> tuple[str, str] | None:
    if s is None or s.holder is None or s.status is None:
        return None
    return state.name(s.holder), str(s.status)
