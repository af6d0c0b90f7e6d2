"""A post's history from a replay: who held it over time and how, the time limits that ran on
acting service, and the nominations; as data (`post_history`) and as a timeline picture.

Two lanes: the recorded holders (confirmed, acting, performing the duties, vacant, not
recorded), and, from the legal timeline, who could lawfully perform the office's duties (or
that nobody could, or that the record cannot tell); each period's end names the event or rule
that ended it. The picture is drawn by `orgsim.render.timeline` from plain lanes of periods.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from attrs import frozen

from orgsim.engine import History
from orgsim.events import Transition, describe
from orgsim.model import Capacity, Legal, NominationOutcome, State
from orgsim.render.timeline import Lane, Mark, Period, timeline_image

__all__ = ["MAX_HISTORIES", "PostHistory", "post_history", "post_history_json", "write_histories"]

RECORDED = "Recorded holder"
LAWFUL = "Who could lawfully act"


@frozen
class PostHistory:
    """Everything the timeline of one post shows."""

    post: str
    title: str
    start: dt.date
    end: dt.date
    lanes: tuple[Lane, ...]
    marks: tuple[Mark, ...]

    def image(self, *, fmt: str = "svg", credit: str | None = None, dpi: int = 192) -> bytes:
        """The timeline as an image."""
        return timeline_image(
            self.lanes,
            self.marks,
            title=f"{self.title}: holders {self.start.isoformat()} to {self.end.isoformat()}",
            end=self.end,
            fmt=fmt,
            credit=credit,
            dpi=dpi,
        )


def _status(state: State, post: str) -> tuple[str, str | None]:
    """How the post stands in a state: (kind, person)."""
    if post not in state.posts:
        return ("absent", None)
    tenure = state.holdings.get(post)
    if tenure is not None:
        return (str(tenure.capacity), tenure.person)
    if post in state.vacancies:
        return ("vacant", None)
    return ("not-recorded", None)


def _ended_by(t: Transition) -> str:
    """What ended a period: the event, or the rule (with its citation) that did."""
    text = describe(t.event, t.before)
    if t.derived and t.findings:
        return f"{text} [{t.findings[0].citation}]"
    return text


def post_history(history: History, post: str, *, end: dt.date | None = None) -> PostHistory:
    """The recorded holders of `post` over the whole replay (to `end`, default its last day),
    with the time limit of each acting period and every nomination to the post."""
    initial = history.initial
    transitions = history.transitions
    end = end or max([initial.date, *(t.event.date for t in transitions)])
    final = history.state_at(end)
    title = final.title(post) if post in final.posts else post
    current = _status(initial, post)
    tenure = initial.holdings.get(post)
    since = tenure.start if tenure is not None and tenure.start else initial.date
    state = initial
    periods: list[Period] = []
    lawful = _lawful(initial, history.legal_at(initial.date), post)
    lawful_since = initial.date
    lawful_periods: list[Period] = []
    for t in history.transitions_until(end):
        if t.event.date > end:
            break
        new = _status(t.after, post)
        if new != current:
            periods.append(_period(state, post, current, since, t.event.date, _ended_by(t)))
            current, since = new, t.event.date
        now = _lawful(t.after, t.legal, post)
        if now != lawful:
            lawful_periods.append(
                _period(state, post, lawful, lawful_since, t.event.date, _ended_by(t))
            )
            lawful, lawful_since = now, t.event.date
        state = t.after
    periods.append(_period(state, post, current, since, None, None))
    lawful_periods.append(_period(state, post, lawful, lawful_since, None, None))
    # A same-day handover shows no zero-day period between the two holders.
    periods = [p for p in periods if p.kind != "absent" and p.start != p.end]
    lawful_periods = [p for p in lawful_periods if p.kind != "absent" and p.start != p.end]
    return PostHistory(
        post,
        title,
        min([initial.date, *(p.start for p in periods)]),
        end,
        (Lane(RECORDED, tuple(periods)), Lane(LAWFUL, tuple(lawful_periods))),
        tuple(_limits(history, post, periods) + _nominations(history, post, end)),
    )


def _lawful(state: State, legal: Legal, post: str) -> tuple[str, str | None]:
    """Who could lawfully perform the post's duties: (kind, person)."""
    if post not in state.posts:
        return ("absent", None)
    standing = legal.standing(post)
    if standing is None:
        tenure = state.holdings.get(post)
        if tenure is not None:
            return ("lawful", tenure.person)
        return ("vacant", None) if post in state.vacancies else ("not-recorded", None)
    if not standing.determined:
        return ("undetermined", None)
    if standing.lawful is None:
        return ("nobody", None)
    return ("lawful", standing.lawful)


def _period(
    state: State,
    post: str,
    status: tuple[str, str | None],
    start: dt.date,
    end: dt.date | None,
    ended_by: str | None,
) -> Period:
    kind, person = status
    return Period(start, end, state.name(person) if person else "", kind, ended_by)


def _limits(history: History, post: str, periods: Sequence[Period]) -> list[Mark]:
    """The last lawful day of each acting period, as the rules give it, and why."""
    marks: list[Mark] = []
    seen: set[dt.date] = set()
    for period in periods:
        if period.kind != str(Capacity.ACTING):
            continue
        # A holding given on the start date may have begun before the record does.
        legal = history.who(post, max(period.start, history.initial.date)).legal
        until = legal.until if legal is not None else None
        if legal is not None and until is not None and until not in seen:
            seen.add(until)
            reason = legal.until_reason or "time limit"
            marks.append(Mark(until, f"last day of acting: {reason}", "limit"))
    return marks


def _nominations(history: History, post: str, end: dt.date) -> list[Mark]:
    """Each nomination to the post, and its outcome when there is one by `end`."""
    found: dict[tuple[str, dt.date], Any] = {}
    for state in [history.initial, *(t.after for t in history.transitions)]:
        if state.date > end:
            break
        for nomination in state.nominations.get(post, ()):
            found[(nomination.person, nomination.submitted)] = (nomination, state)
    marks: list[Mark] = []
    for nomination, state in found.values():
        name = state.name(nomination.person)
        marks.append(Mark(nomination.submitted, f"{name} nominated", "nomination"))
        if nomination.outcome is not NominationOutcome.PENDING and nomination.outcome_date:
            marks.append(
                Mark(nomination.outcome_date, f"{name}: {nomination.outcome}", "nomination")
            )
    return marks


def post_history_json(h: PostHistory) -> dict[str, Any]:
    """The `history --json` object."""

    def iso(day: dt.date | None) -> str | None:
        return day.isoformat() if day else None

    return {
        "post": h.post,
        "title": h.title,
        "from": iso(h.start),
        "to": iso(h.end),
        "lanes": [
            {
                "name": lane.name,
                "periods": [
                    {
                        "from": iso(p.start),
                        "to": iso(p.end),
                        "holder": p.label or None,
                        "kind": p.kind,
                        "ended_by": p.ended_by,
                    }
                    for p in lane.periods
                ],
            }
            for lane in h.lanes
        ],
        "marks": [{"day": iso(m.day), "label": m.label, "kind": m.kind} for m in h.marks],
    }


MAX_HISTORIES = 100
"""Posts whose timeline a report draws: those that changed most, since each takes a moment."""

_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")


def write_histories(
    folder: Path,
    history: History,
    *,
    end: dt.date,
    fmt: str = "svg",
    credit: str | None = None,
    limit: int = MAX_HISTORIES,
) -> tuple[list[dict[str, str]], int]:
    """Draw the timeline of each post the replay changed (the `limit` that changed most) into
    `folder/history/`; return what the report shows for each (title, file, alt), in title
    order, and how many changed posts were left out."""
    counts = Counter(
        c.post for t in history.transitions if t.event.date <= end for c in t.changes if c.post
    )
    chosen = [post for post, _ in counts.most_common(limit)]
    final = history.state_at(end)
    chosen.sort(key=lambda p: (final.title(p) if p in final.posts else p).casefold())
    (folder / "history").mkdir(parents=True, exist_ok=True)
    shown = []
    for post in chosen:
        timeline = post_history(history, post, end=end)
        name = f"history/{_UNSAFE.sub('-', post).strip('.-') or 'post'}.{fmt}"
        (folder / name).write_bytes(timeline.image(fmt=fmt, credit=credit))
        periods = "; ".join(
            f"{p.start.isoformat()}: {p.label + ', ' if p.label else ''}{p.kind}"
            for lane in timeline.lanes
            for p in lane.periods
        )
        shown.append(
            {"title": timeline.title, "post": post, "file": name, "alt": f"Holders: {periods}"}
        )
    return shown, max(0, len(counts) - len(chosen))
