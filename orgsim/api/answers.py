"""Load a scenario, replay it, and ask it questions: who held a post, who would act, what
happened, which acts stand. Every function takes a scenario file's path, a loaded Scenario or
(for questions) a History, names posts and people by id or by a title or name only one
matches, and takes dates as `datetime.date` or ISO text ("2022-11-13").
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from orgsim.engine import History, Holding, Moment, Succession
from orgsim.errors import UnknownPost
from orgsim.events import Transition
from orgsim.model import ActVerdict, State
from orgsim.model.lookup import as_date, resolve_post
from orgsim.replays import horizon, replay_day, replay_scenario, require_post
from orgsim.scenario import Scenario, load_scenario

__all__ = [
    "Source",
    "acts",
    "load",
    "loaded_scenario",
    "replay",
    "state_at",
    "succession",
    "timeline",
    "who",
]

Source = str | Path | Scenario
"""A scenario: the path of its file, or the Scenario `load` made of it."""


def load(path: str | Path) -> Scenario:
    """Read and check a scenario file (raises ScenarioErrors with every problem located)."""
    return load_scenario(path)


def loaded_scenario(source: Source) -> Scenario:
    """The scenario itself, loading it when given its path."""
    return source if isinstance(source, Scenario) else load_scenario(source)


def replay(source: Source, *, until: dt.date | str | None = None) -> History:
    """Replay a scenario to `until` (default: the last date it names); an impossible event
    is a located ScenarioErrors."""
    scenario = loaded_scenario(source)
    return replay_scenario(scenario, until=as_date(until) if until else horizon(scenario))


def _history(source: Source | History, at: dt.date) -> History | Moment:
    """A history that reaches `at`: the one given, or a replay of the scenario to the end of
    that day and no further (a question about one date needs nothing later)."""
    if isinstance(source, History):
        return source
    return replay_day(loaded_scenario(source), at)


def _asked(source: Source | History, post: str, day: dt.date) -> tuple[History | Moment, str]:
    """The history that answers for `day` and the id of the post meant; for a post that
    exists only on other days, an UnknownPost that says so."""
    if isinstance(source, History):
        try:
            return source, resolve_post(source.state_at(day), post)
        except UnknownPost:
            return source, post  # History's own UnknownPost also says when a post exists
    scenario = loaded_scenario(source)
    moment = replay_day(scenario, day)
    return moment, require_post(scenario, post, moment.state_at(day))


def who(source: Source | History, post: str, at: dt.date | str) -> Holding:
    """Who held `post` on `at` as the record has it, and what the law says of it (`.legal`).

    An unknown post is an UnknownPost (a KeyError) that suggests the ids meant, or says what
    a person given instead holds, or when a post of the scenario exists.
    """
    day = as_date(at)
    history, post_id = _asked(source, post, day)
    return history.who(post_id, day)


def succession(source: Source | History, post: str, at: dt.date | str) -> Succession:
    """The line of succession to `post` on `at`, and who would act for each kind of vacancy."""
    day = as_date(at)
    history, post_id = _asked(source, post, day)
    return history.succession(post_id, day)


def state_at(source: Source | History, at: dt.date | str) -> State:
    """The organisation on `at`, as the record has it."""
    day = as_date(at)
    return _history(source, day).state_at(day)


def timeline(source: Source | History, *, until: dt.date | str | None = None) -> list[Transition]:
    """Every transition in order: the scenario's events and what the rules derived."""
    if isinstance(source, History):
        return source.transitions_until(as_date(until)) if until else list(source.transitions)
    return list(replay(source, until=until).transitions)


def acts(source: Source | History, post: str | None = None) -> list[ActVerdict]:
    """Every act taken (of `post`, when given), with its verdict at the end of the history."""
    history = source if isinstance(source, History) else replay(source)
    if post is not None:
        post = resolve_post(history.final, post)
    return history.acts(post)
