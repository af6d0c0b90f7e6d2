"""Finding the post or person a text names: an id, or a title or name that only one matches;
otherwise an UnknownPost or UnknownPerson that says what the text does name (a person given
for a post, several posts) or suggests the close ids."""

from __future__ import annotations

import datetime as dt
import difflib

from orgsim.errors import QueryError, UnknownPerson, UnknownPost
from orgsim.model.records import out_of_range
from orgsim.model.state import State

__all__ = [
    "as_date",
    "match_people",
    "match_posts",
    "resolve_person",
    "resolve_post",
    "unknown_person",
    "unknown_post",
]

_LISTED = 8  # candidates named in one message


def _matches(text: str, *fields: str) -> int:
    """How well `text` names a record: 2 whole (id, title or name), 1 in part, 0 not at all."""
    wanted = " ".join(text.casefold().split())
    values = [" ".join(f.casefold().split()) for f in fields if f]
    if wanted in values:
        return 2
    return 1 if wanted and any(wanted in v for v in values) else 0


def match_posts(state: State, text: str) -> list[str]:
    """Posts whose id or title is `text` (ignoring case and spacing), else contains it."""
    scores = {p.id: _matches(text, p.id, p.title) for p in state.posts.values()}
    best = max(scores.values(), default=0)
    return sorted(p for p, score in scores.items() if score == best and best)


def match_people(state: State, text: str) -> list[str]:
    """People whose id or name is `text` (ignoring case and spacing), else contains it."""
    scores = {pid: _matches(text, pid, state.people[pid].name) for pid in state.people}
    best = max(scores.values(), default=0)
    return sorted(p for p, score in scores.items() if score == best and best)


def _close(text: str, ids: list[str]) -> list[str]:
    return difflib.get_close_matches(text, ids, n=3)


def unknown_post(state: State, text: str) -> UnknownPost:
    """The error for a text that names no single post on the state's date."""
    found = match_posts(state, text)
    if len(found) > 1:
        listed = "; ".join(f"`{p}` ({state.title(p)})" for p in found[:_LISTED])
        more = f" and {len(found) - _LISTED} more" if len(found) > _LISTED else ""
        return UnknownPost(
            text,
            f"`{text}` matches {len(found)} posts: {listed}{more}; give its id",
            suggestions=found,
        )
    people = [text] if text in state.people else match_people(state, text)
    if len(people) == 1:
        person = people[0]
        held = list(state.held_by(person))
        what = (
            "; ".join(f"`{t.post}` ({state.title(t.post)})" for t in held)
            if held
            else f"no post on {state.date.isoformat()}"
        )
        named = f"{state.name(person)}, `{person}`"
        message = f"`{text}` is a person ({named}), not a post; they hold {what}"
        return UnknownPost(text, message, suggestions=[t.post for t in held])
    close = _close(text, list(state.posts.keys()))
    hint = f"; did you mean `{close[0]}`?" if close else ""
    return UnknownPost(text, f"unknown post `{text}`{hint}", suggestions=close)


def unknown_person(state: State, text: str) -> UnknownPerson:
    """The error for a text that names no single person."""
    found = match_people(state, text)
    if len(found) > 1:
        listed = "; ".join(f"`{p}` ({state.name(p)})" for p in found[:_LISTED])
        return UnknownPerson(
            text,
            f"`{text}` matches {len(found)} people: {listed}; give their id",
            suggestions=found,
        )
    posts = [text] if text in state.posts else match_posts(state, text)
    if len(posts) == 1:
        post = posts[0]
        holder = state.holdings.get(post)
        who = f"held by `{holder.person}` ({state.name(holder.person)})" if holder else "not held"
        return UnknownPerson(
            text,
            f"`{text}` is a post ({state.title(post)}), not a person; it is {who}",
            suggestions=[holder.person] if holder else [],
        )
    close = _close(text, list(state.people.keys()))
    hint = f"; did you mean `{close[0]}`?" if close else ""
    return UnknownPerson(text, f"unknown person `{text}`{hint}", suggestions=close)


def resolve_post(state: State, text: str) -> str:
    """The id of the post `text` names: an id, or a title (whole or in part) that only one post
    matches; otherwise UnknownPost."""
    if text in state.posts:
        return text
    found = match_posts(state, text)
    if len(found) == 1:
        return found[0]
    raise unknown_post(state, text)


def resolve_person(state: State, text: str) -> str:
    """The id of the person `text` names: an id, or a name (whole or in part) that only one
    person matches; otherwise UnknownPerson."""
    if text in state.people:
        return text
    found = match_people(state, text)
    if len(found) == 1:
        return found[0]
    raise unknown_person(state, text)


def as_date(value: dt.date | str) -> dt.date:
    """A date given as a date or as ISO text (`"2022-11-13"`); anything else is a QueryError."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            day = dt.date.fromisoformat(value.strip())
        except ValueError:
            raise QueryError(f"{value!r} is not a date in the form YYYY-MM-DD") from None
        why = out_of_range(day)
        if why is not None:
            raise QueryError(why)
        return day
    raise QueryError(f"expected a date or YYYY-MM-DD text, got {type(value).__name__}")
