"""Who may remove whom (shared/domain/succession-rules.md, section 6)."""

from __future__ import annotations

from attrs import frozen

from orgsim.model import Appointment, State

__all__ = ["APPOINTMENTS_CLAUSE", "Authority", "removal_authority"]

APPOINTMENTS_CLAUSE = "U.S. Const. art. II, § 2, cl. 2"


@frozen
class Authority:
    """Whether someone may remove the holder of a post, why, and on what authority."""

    allowed: bool
    reason: str
    citation: str
    remover_post: str | None = None  # the post whose holder may remove


def removal_authority(state: State, by: str, post_id: str) -> Authority:
    """Decide whether person `by` may remove whoever holds `post_id`."""
    post = state.post(post_id)
    title = post.title
    if post.appointment is Appointment.ELECTED:
        return Authority(
            False,
            f"the {title} is elected; no official can remove the holder",
            "U.S. Const. art. II, § 4",
        )
    if post.appointment in (Appointment.PAS, Appointment.PA):
        remover = post.appointed_by or state.president_post
        citation = APPOINTMENTS_CLAUSE
        if post.statute:
            citation = f"{post.statute}; {citation}"
        holder = state.holder(remover) if remover else None
        remover_title = state.title(remover) if remover else "the President"
        kind = "Senate-confirmed" if post.appointment is Appointment.PAS else "presidential"
        if holder is not None and holder.person == by:
            return Authority(
                True,
                f"{state.name(by)} holds the post of {remover_title}, which appoints and removes"
                f" the {title}",
                citation,
                remover,
            )
        return Authority(
            False,
            f"the {title} is a {kind} officer; only the {remover_title}"
            f" ({state.name(holder.person) if holder else 'holder not recorded'})"
            " may remove the holder",
            citation,
            remover,
        )
    # Career and other posts: the appointing post when named, otherwise the chain of command.
    candidates = [post.appointed_by] if post.appointed_by else state.chain_of_command(post_id)
    for candidate in candidates:
        if candidate is None:
            continue
        holder = state.holder(candidate)
        if holder is not None and holder.person == by:
            return Authority(
                True,
                f"{state.name(by)} serves as {state.title(candidate)}, above the {title}",
                "chain of command",
                candidate,
            )
    return Authority(
        False,
        f"{state.name(by)} holds no post with authority over the {title}",
        "chain of command",
        None,
    )
