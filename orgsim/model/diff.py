"""What differs between two states: who left or arrived where, capacities, posts. Pure."""

from __future__ import annotations

from orgsim.model.findings import Change, ChangeKind
from orgsim.model.state import State

__all__ = ["diff_states"]


def _arrow(before: object, after: object) -> str:
    return f"{before or '-'} -> {after or '-'}"


def diff_states(before: State, after: State) -> tuple[Change, ...]:
    """The changes that lead from `before` to `after`, post by post in id order.

    Only the two states are compared, so a person who left and came back in between shows no
    change; the transitions between two dates tell the story, this tells the outcome.
    """
    changes: list[Change] = []
    for person_id in sorted(set(after.people.keys()) - set(before.people.keys())):
        changes.append(Change(ChangeKind.PERSON_ADDED, person=person_id))
    for post_id in sorted(set(before.posts.keys()) | set(after.posts.keys())):
        changes.extend(_post_changes(before, after, post_id))
    for order_id in sorted(set(before.orders.keys()) | set(after.orders.keys())):
        old, new = before.orders.get(order_id), after.orders.get(order_id)
        if old != new:
            either = new or old
            post = either.post if either is not None else None
            detail = "issued" if old is None else "revoked" if new is None else "amended"
            changes.append(Change(ChangeKind.ORDER, post, detail=f"order {order_id} {detail}"))
    return tuple(changes)


def _post_changes(before: State, after: State, post_id: str) -> list[Change]:
    old_post, new_post = before.posts.get(post_id), after.posts.get(post_id)
    if old_post is None:
        return [Change(ChangeKind.POST_ADDED, post_id, detail=after.title(post_id))]
    if new_post is None:
        return [Change(ChangeKind.POST_ABOLISHED, post_id, detail=before.title(post_id))]
    out: list[Change] = []
    if old_post.reports_to != new_post.reports_to:
        out.append(
            Change(
                ChangeKind.MOVED, post_id, detail=_arrow(old_post.reports_to, new_post.reports_to)
            )
        )
    if old_post.first_assistant != new_post.first_assistant:
        out.append(
            Change(
                ChangeKind.FIRST_ASSISTANT,
                post_id,
                detail=_arrow(old_post.first_assistant, new_post.first_assistant),
            )
        )
    was, now = before.holder(post_id), after.holder(post_id)
    if was is not None and now is not None and was.person == now.person:
        if was.capacity is not now.capacity:
            out.append(
                Change(
                    ChangeKind.CAPACITY,
                    post_id,
                    now.person,
                    str(now.capacity),
                    now.basis,
                    detail=_arrow(was.capacity, now.capacity),
                )
            )
    else:
        if was is not None:
            out.append(Change(ChangeKind.LEFT, post_id, was.person, str(was.capacity)))
        if post_id in after.vacancies and post_id not in before.vacancies:
            out.append(
                Change(ChangeKind.VACATED, post_id, detail=str(after.vacancies[post_id].reason))
            )
        if now is not None:
            out.append(
                Change(ChangeKind.ARRIVED, post_id, now.person, str(now.capacity), now.basis)
            )
    old_d, new_d = before.delegations.get(post_id), after.delegations.get(post_id)
    if new_d is not None and (old_d is None or old_d.person != new_d.person):
        out.append(Change(ChangeKind.DELEGATED, post_id, new_d.person))
    old_n = {(n.person, n.submitted): n for n in before.nominations.get(post_id, ())}
    for n in after.nominations.get(post_id, ()):
        previous = old_n.get((n.person, n.submitted))
        if previous is None:
            out.append(Change(ChangeKind.NOMINATED, post_id, n.person, detail=str(n.outcome)))
        elif previous.outcome != n.outcome:
            out.append(
                Change(
                    ChangeKind.NOMINATION_ENDED,
                    post_id,
                    n.person,
                    detail=_arrow(previous.outcome, n.outcome),
                )
            )
    return out
