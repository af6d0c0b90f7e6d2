"""Plain words for capacities and changes, shared by the charts and the report."""

from __future__ import annotations

from orgsim.model import Capacity, Change, ChangeKind, State

__all__ = ["capacity_words", "change_words"]

_CAPACITY_WORDS: dict[Capacity, str] = {
    Capacity.CONFIRMED: "confirmed",
    Capacity.ELECTED: "elected",
    Capacity.APPOINTED: "appointed",
    Capacity.ACTING: "acting",
    Capacity.PERFORMING_DUTIES: "performing the duties",
    Capacity.RECESS: "recess-appointed",
    Capacity.NOT_RECORDED: "capacity not recorded",
}


def capacity_words(capacity: Capacity | str | None) -> str:
    """The capacity as a reader would say it ("performing the duties", not "performing-duties")."""
    if capacity is None:
        return ""
    try:
        return _CAPACITY_WORDS[Capacity(capacity)]
    except (ValueError, KeyError):
        # A capacity string the model does not know yet still reads better than nothing.
        return str(capacity).replace("-", " ")


def change_words(change: Change, before: State, after: State) -> str:
    """One change in a sentence, with names and titles looked up in the states around it."""
    # Posts that were abolished only have a title in `before`; new ones only in `after`.
    title = after.title(change.post) if change.post in after.posts else before.title(change.post)
    person = (
        after.name(change.person) if change.person in after.people else before.name(change.person)
    )
    cap = capacity_words(change.capacity)
    kind = change.kind
    if kind is ChangeKind.ARRIVED:
        text = f"{person} takes up the post of {title}" + (f" ({cap})" if cap else "")
    elif kind is ChangeKind.LEFT:
        text = f"{person} leaves the post of {title}"
    elif kind is ChangeKind.CAPACITY:
        text = f"{person} now serves as {title}" + (f" ({cap})" if cap else "")
    elif kind is ChangeKind.VACATED:
        text = f"The post of {title} is vacant"
    elif kind is ChangeKind.POST_ADDED:
        text = f"New post: {title}"
    elif kind is ChangeKind.POST_ABOLISHED:
        text = f"Post abolished: {title}"
    elif kind is ChangeKind.MOVED:
        text = f"{title} moves in the organisation"
    elif kind is ChangeKind.PERSON_ADDED:
        text = f"{person} enters the record"
    else:
        # The remaining kinds carry their substance in `detail`; the generic form is honest.
        return _with_detail(str(change), "", change.basis)
    return _with_detail(text, change.detail, change.basis)


def _with_detail(text: str, detail: str, basis: str) -> str:
    if detail:
        text = f"{text} — {detail}"
    if basis:
        text = f"{text} [{basis}]"
    return text
