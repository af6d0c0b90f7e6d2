"""Hypothetical events written in a few words, for `orgsim whatif --event`.

The short forms (PERSON and POST are ids, as in the scenario):

    resign PERSON [POST]            resigns POST, or every post they hold, the same day
    leave PERSON [POST]             leaves POST, or every post they hold (how, the sources skip)
    die PERSON                      dies; every post they hold falls vacant
    remove PERSON [POST] by PERSON  removed from POST (or their only post) by someone
    nominate PERSON to POST [by PERSON]   the President (default) nominates
    designate PERSON to POST [by PERSON]  the President (default) directs them to act
    delegate POST to PERSON [by PERSON]   the post's delegable duties go to PERSON
    appoint PERSON to POST [by PERSON]    appointment to a post without Senate confirmation

When someone leaves every post they hold, the lower posts go first: a deputy who left the
acting post first would still be the first assistant and the rules would pick them again.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable

from orgsim import events as ev
from orgsim.errors import ScenarioError
from orgsim.model import State

__all__ = ["SHORT_FORMS", "departure_events", "parse_event"]

SHORT_FORMS = (
    "resign PERSON [POST]",
    "leave PERSON [POST]",
    "die PERSON",
    "remove PERSON [POST] by PERSON",
    "nominate PERSON to POST [by PERSON]",
    "designate PERSON to POST [by PERSON]",
    "delegate POST to PERSON [by PERSON]",
    "appoint PERSON to POST [by PERSON]",
)


class _Words:
    def __init__(self, text: str, state: State) -> None:
        self.text = text
        self.state = state

    def fail(self, message: str) -> ScenarioError:
        return ScenarioError(f"event {self.text!r}: {message}")

    def _known(self, value: str, known: Iterable[str], what: str) -> str:
        choices = list(known)
        if value not in choices:
            close = difflib.get_close_matches(value, choices, n=1)
            hint = f"; did you mean `{close[0]}`?" if close else ""
            raise self.fail(f"unknown {what} `{value}`{hint}")
        return value

    def person(self, value: str) -> str:
        return self._known(value, self.state.people.keys(), "person")

    def post(self, value: str) -> str:
        return self._known(value, self.state.posts.keys(), "post")


def departure_events(
    state: State, person: str, day: dt.date, *, resign: bool = True, hypothetical: bool = True
) -> list[ev.Event]:
    """One resignation (or departure) per post the person holds: the posts they only fill
    in for first (once they step down there the rules do not seat them again, and acting
    that rests on another post would end with it), then the rest, lowest in the tree first."""
    posts = [
        t.post
        for t in sorted(
            state.held_by(person),
            key=lambda t: (
                not t.capacity.is_temporary,
                -len(state.chain_of_command(t.post)),
                t.post,
            ),
        )
    ]
    kind: type[ev.Resign] | type[ev.Leave] = ev.Resign if resign else ev.Leave
    return [kind(date=day, post=p, person=person, hypothetical=hypothetical) for p in posts]


def _split_by(words: list[str]) -> tuple[list[str], str | None]:
    if "by" in words:
        i = words.index("by")
        if i != len(words) - 2:
            return words, None
        return words[:i], words[i + 1]
    return words, None


def parse_event(text: str, state: State, day: dt.date) -> list[ev.Event]:
    """The events one short form stands for, checked against the state on `day`."""
    w = _Words(text, state)
    words = text.split()
    if not words:
        raise w.fail("empty; write e.g. `resign troy-miller`")
    verb, rest = words[0].lower(), words[1:]
    rest, by = _split_by(rest)
    if by is not None:
        w.person(by)
    president = state.president()

    def held_post(person: str, post: str | None) -> str:
        if post is not None:
            w.post(post)
            tenure = state.holder(post)
            if tenure is None or tenure.person != person:
                raise w.fail(f"{state.name(person)} does not serve as {state.title(post)}")
            return post
        held = [t.post for t in state.held_by(person)]
        if len(held) != 1:
            which = ", ".join(held) or "none"
            raise w.fail(f"{state.name(person)} holds {len(held)} posts ({which}); name one")
        return held[0]

    if verb in ("resign", "leave") and len(rest) in (1, 2) and by is None:
        person = w.person(rest[0])
        if len(rest) == 2:
            post = held_post(person, rest[1])
            cls: type[ev.Resign] | type[ev.Leave] = ev.Resign if verb == "resign" else ev.Leave
            return [cls(date=day, post=post, person=person, hypothetical=True)]
        found = departure_events(state, person, day, resign=verb == "resign")
        if not found:
            raise w.fail(f"{state.name(person)} holds no post on {day.isoformat()}")
        return found
    if verb in ("die", "dies", "death") and len(rest) == 1 and by is None:
        return [ev.Death(date=day, person=w.person(rest[0]), hypothetical=True)]
    if verb == "remove" and len(rest) in (1, 2) and by is not None:
        person = w.person(rest[0])
        post = held_post(person, rest[1] if len(rest) == 2 else None)
        return [ev.Remove(date=day, post=post, person=person, by=by, hypothetical=True)]
    if len(rest) == 3 and rest[1] == "to":
        if verb == "delegate":
            post, person = w.post(rest[0]), w.person(rest[2])
            return [ev.DelegateDuties(date=day, post=post, person=person, by=by, hypothetical=True)]
        person, post = w.person(rest[0]), w.post(rest[2])
        if verb == "nominate":
            return [
                ev.Nominate(
                    date=day, post=post, person=person, by=by or president, hypothetical=True
                )
            ]
        if verb == "designate":
            return [
                ev.DesignateActing(
                    date=day, post=post, person=person, by=by or president, hypothetical=True
                )
            ]
        if verb == "appoint":
            return [ev.Appoint(date=day, post=post, person=person, by=by, hypothetical=True)]
    forms = "; ".join(SHORT_FORMS)
    raise w.fail(f"not a short form I know: {forms}")
