"""What the rules derive as the record moves and time passes: the legal timeline's standings
(judged again for the posts a change touches), its findings, the assumptions that fill the
recorded timeline where the sources are silent, and what time alone changes."""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Iterable

import attrs
from immutables import Map

from orgsim import events as ev
from orgsim.model import (
    Capacity,
    Coverage,
    Finding,
    Lawfulness,
    Legal,
    Level,
    Standing,
    State,
)
from orgsim.rules.clock import next_lawful_start
from orgsim.rules.eligibility import counted_nominations
from orgsim.rules.findings import FindingId, finding
from orgsim.rules.recess import commission_end
from orgsim.rules.settings import Settings
from orgsim.rules.standing import NO_ACTING, acting_status, standing

__all__ = [
    "assumptions",
    "due_date",
    "rejudge",
    "standing_findings",
    "time_events",
]

# Judging again follows dependencies (a listee's own standing decides their place in a line);
# a real chain is never longer than the number of posts, so this bounds a loop in the rules.
_MAX_ROUNDS = 64


def rejudge(
    state: State,
    legal: Legal,
    posts: Iterable[str],
    settings: Settings,
    *,
    day: dt.date,
    dependents: Callable[[str], Iterable[str]],
) -> tuple[Legal, list[tuple[Standing | None, Standing | None]]]:
    """The legal timeline with these posts judged again on `day`, and then every post whose
    judgement depends on one that changed; with the (old, new) pairs that differ."""
    standings = legal.standings
    changed: list[tuple[Standing | None, Standing | None]] = []
    todo = sorted(set(posts))
    rounds = 0
    while todo and rounds < _MAX_ROUNDS:
        rounds += 1
        nxt: set[str] = set()
        current = Legal(standings, legal.acts)
        for post_id in todo:
            old = standings.get(post_id)
            new = standing(state, current, post_id, settings, day=day)
            if _same(old, new):
                continue
            standings = (
                standings.set(post_id, new) if new is not None else _drop(standings, post_id)
            )
            current = Legal(standings, legal.acts)
            changed.append((old, new))
            nxt.update(dependents(post_id))
        todo = sorted(nxt)
    if standings is legal.standings:
        return legal, changed
    return Legal(standings, legal.acts), changed


def _drop(standings: Map[str, Standing], post_id: str) -> Map[str, Standing]:
    return standings.delete(post_id) if post_id in standings else standings


# Every field of a judgement but the day it was made, read in one call (comparing these is
# what `old == evolve(new, since=old.since)` does, without building a record per comparison).
_JUDGEMENT = operator.attrgetter(*(f.name for f in attrs.fields(Standing) if f.name != "since"))


def _same(old: Standing | None, new: Standing | None) -> bool:
    """Whether a new judgement says nothing new (the day it was made aside)."""
    if old is None or new is None:
        return old is new
    return bool(_JUDGEMENT(old) == _JUDGEMENT(new))


_LEVELS = {
    Lawfulness.UNLAWFUL: Level.VIOLATION,
    Lawfulness.UNDETERMINED: Level.WARNING,
}


def standing_findings(
    state: State, pairs: Iterable[tuple[Standing | None, Standing | None]], day: dt.date
) -> list[Finding]:
    """What the law says as judgements change: someone begins to serve lawfully or not, or
    nobody may act, or who may act can no longer be told."""
    found: list[Finding] = []
    for old, new in pairs:
        if new is None:
            continue
        post, title = new.post, state.title(new.post)
        if new.holder is not None:
            same = (
                old is not None
                and old.holder == new.holder
                and old.status is new.status
                and old.acting == new.acting
            )
            if same or _time_alone(old, new):
                continue
            name = state.name(new.holder)
            if new.status is Lawfulness.LAWFUL and new.acting:
                until = f" until {new.until.isoformat()}" if new.until else ""
                found.append(
                    finding(
                        Level.INFO,
                        FindingId.ACTING_OFFICER,
                        new.provision,
                        f"{name} acts lawfully as {title}{until} ({new.basis})",
                        day,
                        post=post,
                        person=new.holder,
                        until=new.until,
                    )
                )
            elif new.status is Lawfulness.LAWFUL and new.reserved is not None:
                found.append(_performing(state, new, day))
            elif new.status in _LEVELS:
                first = next((r for r in new.reasons if r.status is new.status), None)
                rule = FindingId(first.rule) if first else FindingId.ACTING_ELIGIBILITY
                level = _LEVELS[new.status]
                if rule is FindingId.ACTING_TIME_LIMIT:
                    level = Level.WARNING  # said with the time running out; see TimeRunsOut
                held = state.holder(post)
                what = (
                    "acting"
                    if new.acting
                    else "performing the duties of the"
                    if held is not None and held.capacity is Capacity.PERFORMING_DUTIES
                    else "holding the office of"
                )
                verb = (
                    "does not serve lawfully"
                    if new.status is Lawfulness.UNLAWFUL
                    else "may or may not serve lawfully"
                )
                missing = f"; missing: {'; '.join(new.missing)}" if new.missing else ""
                found.append(
                    finding(
                        level,
                        rule,
                        first.citation if first else new.provision,
                        f"{name}, recorded as {what} {title}, {verb}:"
                        f" {'; '.join(r.text for r in new.reasons)}{missing}",
                        day,
                        post=post,
                        person=new.holder,
                    )
                )
            continue
        if new.lawful is None and new.determined:
            was_nobody = (
                old is not None and old.holder is None and old.lawful is None and old.determined
            )
            if was_nobody:
                continue
            found.append(
                finding(
                    Level.WARNING,
                    FindingId.NO_ACTING_OFFICER,
                    new.reserved_citation or NO_ACTING,
                    f"Nobody may act as {title} ({new.basis}); the office stays vacant and"
                    f" {new.reserved}" + _duties_words(state, new),
                    day,
                    post=post,
                )
            )
        elif not new.determined and new.coverage == "":
            if old is not None and old.holder is None and not old.determined:
                continue
            found.append(
                finding(
                    Level.WARNING,
                    FindingId.ACTING_UNDETERMINED,
                    new.provision,
                    f"Who may act as {title} cannot be told from the record ({new.basis});"
                    f" missing: {'; '.join(new.missing) or 'see the line of succession'}",
                    day,
                    post=post,
                )
            )
    return found


def _time_alone(old: Standing | None, new: Standing) -> bool:
    """The same holder's lawful service ends only because time ran out: the transition that
    says so (TimeRunsOut) already has the finding."""
    return (
        old is not None
        and old.holder == new.holder
        and old.status is Lawfulness.LAWFUL
        and new.status is Lawfulness.UNLAWFUL
        and all(r.rule in _TIME_RULES for r in new.reasons)
    )


# Reasons time alone brings, each said by the transition that brings it.
_TIME_RULES = frozenset({FindingId.ACTING_TIME_LIMIT, FindingId.RECESS_COMMISSION_ENDS})


def _duties_words(state: State, new: Standing) -> str:
    if new.duties is None:
        return ""
    force = {
        Lawfulness.LAWFUL: "",
        Lawfulness.UNDETERMINED: " (whether the delegation has force is undetermined)",
        Lawfulness.UNLAWFUL: " (but the delegation has no force)",
    }[new.duties_status or Lawfulness.LAWFUL]
    return f"; {state.name(new.duties)} may perform the delegated duties{force}"


def _performing(state: State, new: Standing, day: dt.date) -> Finding:
    assert new.holder is not None
    return finding(
        Level.INFO,
        FindingId.PERFORMING_DUTIES,
        NO_ACTING,
        f"{state.name(new.holder)} performs the delegated duties of the"
        f" {state.title(new.post)}, but is not acting: {new.reserved}",
        day,
        post=new.post,
        person=new.holder,
    )


def assumptions(
    state: State, legal: Legal, *, day: dt.date, posts: Iterable[str]
) -> list[ev.Event]:
    """Where the record says nobody took over a vacant office, the law's answer (someone acts
    by operation of law, marked as an assumption); and where the law no longer has an
    assumed holder act, the assumption changes with it. Recorded holders are never moved."""
    out: list[ev.Event] = []
    for post_id in sorted(set(posts)):
        std = legal.standing(post_id)
        if std is None or post_id not in state.vacancies:
            continue
        tenure = state.holdings.get(post_id)
        if tenure is None:
            if std.lawful is not None and std.determined and std.route is not None:
                out.append(_seat(std, day))
            continue
        if not tenure.assumed:
            continue
        if tenure.capacity is Capacity.ACTING and std.status is not Lawfulness.LAWFUL:
            delegation = state.delegations.get(post_id)
            verdict = legal.act(delegation.act) if delegation is not None else None
            performs = (
                delegation is not None
                and delegation.person == tenure.person
                and (verdict is None or verdict.status.has_force is not Lawfulness.UNLAWFUL)
            )
            first = std.reasons[0] if std.reasons else None
            out.append(
                ev.AssumptionEnds(
                    date=day,
                    post=post_id,
                    person=tenure.person,
                    why=first.text if first else "the law no longer has them act",
                    citation=first.citation if first else NO_ACTING,
                    rule=first.rule if first else FindingId.ACTING_ELIGIBILITY,
                    performs_duties=performs,
                    hypothetical=tenure.hypothetical,
                )
            )
        elif (
            tenure.capacity is Capacity.PERFORMING_DUTIES
            and std.lawful is not None
            and std.determined
            and std.route is not None
        ):
            out.append(_seat(std, day))
    return out


def _seat(std: Standing, day: dt.date) -> ev.ActingByLaw:
    assert std.lawful is not None and std.route is not None
    return ev.ActingByLaw(
        date=day,
        post=std.post,
        person=std.lawful,
        basis=std.basis,
        route=std.route,
        citation=std.provision,
        basis_post=std.basis_post,
    )


def due_date(
    state: State, legal: Legal, post_id: str, settings: Settings, *, after: dt.date
) -> dt.date | None:
    """The first day after `after` on which time alone changes this post: a resignation takes
    effect, the time for acting runs out or opens again, a recess commission expires."""
    dates: list[dt.date] = []
    pending = state.pending.get(post_id)
    if pending is not None and pending.effective > after:
        dates.append(pending.effective)
    elif pending is not None:
        dates.append(after + dt.timedelta(days=1))
    post = state.posts.get(post_id)
    vacancy = state.vacancies.get(post_id)
    if (
        vacancy is not None
        and post is not None
        and post.fvra
        and post.coverage is not Coverage.OUTSIDE_ACT
    ):
        limit = acting_status(state, post_id, settings, after)
        if limit is not None and limit.lawful and limit.last_day is not None:
            # Whoever acts or could act, the legal timeline's answer changes that day.
            dates.append(limit.last_day + dt.timedelta(days=1))
        elif limit is not None and not limit.lawful:
            period = next_lawful_start(
                vacancy,
                counted_nominations(state, post_id),
                state.calendar,
                settings,
                after=after,
            )
            if period is not None:
                dates.append(period.start)
    tenure = state.holdings.get(post_id)
    if tenure is not None and tenure.capacity is Capacity.RECESS:
        end = tenure.expires or commission_end(state, tenure.start or after)
        if end is not None and end >= after:
            dates.append(end + dt.timedelta(days=1))
    return min(dates) if dates else None


def time_events(
    state: State, legal: Legal, post_id: str, settings: Settings, *, day: dt.date
) -> list[ev.Event]:
    """What time alone brings about in this post on `day`."""
    out: list[ev.Event] = []
    pending = state.pending.get(post_id)
    if pending is not None and pending.effective <= day:
        out.append(ev.ResignationTakesEffect(date=day, post=post_id, person=pending.person))
    post = state.posts.get(post_id)
    vacancy = state.vacancies.get(post_id)
    yesterday = day - dt.timedelta(days=1)
    if vacancy is not None and post is not None and post.fvra:
        before = acting_status(state, post_id, settings, yesterday)
        now = acting_status(state, post_id, settings, day)
        if before is not None and now is not None:
            if before.lawful and not now.lawful and before.last_day is not None:
                out.append(
                    ev.TimeRunsOut(
                        date=day,
                        post=post_id,
                        last_day=before.last_day,
                        basis=before.reason,
                        citation=before.citation,
                    )
                )
            elif not before.lawful and now.lawful:
                out.append(
                    ev.ActingLawfulAgain(
                        date=day,
                        post=post_id,
                        basis=now.reason,
                        citation=now.citation,
                        last_day=now.last_day,
                    )
                )
    tenure = state.holdings.get(post_id)
    if tenure is not None and tenure.capacity is Capacity.RECESS:
        end = tenure.expires or commission_end(state, tenure.start or day)
        if end is not None and end == yesterday:
            out.append(
                ev.CommissionEnds(date=day, post=post_id, person=tenure.person, last_day=end)
            )
    return out
