"""Orders of succession: issued, and amended version by version (earlier versions are kept,
since the version in force when a vacancy arose is the one that governs it)."""

from __future__ import annotations

from attrs import evolve

from orgsim import events as ev
from orgsim.engine.apply.common import Outcome, known_person, known_post, record_act
from orgsim.engine.apply.dispatch import apply
from orgsim.errors import EventError
from orgsim.model import Act, ActType, Change, ChangeKind, State, SuccessionOrder, VacancyKind

__all__: list[str] = []


@apply.register
def _(event: ev.IssueOrder, state: State, *, act_id: str) -> Outcome:
    known_post(state, event.post)
    known_person(state, event.by, "by")
    for line_post in event.line:
        known_post(state, line_post, "line")
    if event.order in state.orders:
        raise EventError(f"order `{event.order}` already exists; amend it", field="order")
    order = SuccessionOrder(
        event.order,
        event.post,
        event.line,
        issued_by=event.by,
        issued_on=event.date,
        covers=event.covers,
        skip_acting=event.skip_acting,
        authority=event.authority,
        authority_kind=event.authority_kind,
        act=act_id,
    )
    what = f"issues order of succession {order.id} for the {state.title(event.post)}"
    state = record_act(state, Act(act_id, event.post, event.by, event.date, ActType.ORDER, what))
    return Outcome(
        state.but(orders=state.orders.set(order.id, order)),
        (Change(ChangeKind.ORDER, event.post, detail=f"{order.id} issued"),),
    )


def amended(old: SuccessionOrder, event: ev.AmendOrder, act_id: str) -> SuccessionOrder:
    """The next version of an order: the lists of the kinds of vacancy the amendment names
    (all of them when it names none) take its line; the others stay as they were."""
    lines = old.by_kind()
    targets = event.covers if event.covers is not None else (set(lines) or {VacancyKind.ORDINARY})
    for kind in targets:
        lines[kind] = event.line if event.line is not None else lines.get(kind, old.line)
    ordered = sorted(lines.items())
    distinct = len({line for _, line in ordered}) > 1
    main = lines.get(VacancyKind.ORDINARY, ordered[0][1])
    return evolve(
        old,
        line=main,
        covers=frozenset(lines),
        lines=tuple(ordered) if distinct else (),
        skip_acting=event.skip_acting if event.skip_acting is not None else old.skip_acting,
        issued_by=event.by,
        issued_on=event.date,
        version=old.version + 1,
        act=act_id,
    )


@apply.register
def _(event: ev.AmendOrder, state: State, *, act_id: str) -> Outcome:
    if event.order not in state.orders:
        raise EventError(f"unknown order `{event.order}`", field="order")
    known_person(state, event.by, "by")
    for line_post in event.line or ():
        known_post(state, line_post, "line")
    old = state.orders[event.order]
    new = amended(old, event, act_id)
    earlier = (*state.order_versions.get(old.id, ()), old)
    what = f"amends order of succession {old.id} (version {new.version})"
    state = record_act(state, Act(act_id, old.post, event.by, event.date, ActType.ORDER, what))
    return Outcome(
        state.but(
            orders=state.orders.set(new.id, new),
            order_versions=state.order_versions.set(old.id, earlier),
        ),
        (Change(ChangeKind.ORDER, old.post, detail=f"{new.id} amended (version {new.version})"),),
    )
