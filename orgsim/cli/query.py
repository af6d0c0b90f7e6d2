"""Questions asked of a replayed scenario: `who`, `succession`, `timeline`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

import click

from orgsim import api
from orgsim.cli.common import DATE, emit_json, handle_errors, say, transition_lines
from orgsim.engine import History
from orgsim.render import capacity_words
from orgsim.scenario import Scenario

__all__ = ["succession", "timeline", "who"]

F = TypeVar("F", bound=Callable[..., Any])


def _about_a_post(command: F) -> F:
    """The arguments and options of a question about one post on one date."""
    command = click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")(
        command
    )
    command = click.option(
        "--at", "at", type=DATE, required=True, help="The date asked about (YYYY-MM-DD)."
    )(command)
    command = click.argument("post")(command)
    return click.argument("scenario", type=click.Path(dir_okay=False))(command)


def _history_at(scenario: str, post: str, at: dt.date) -> tuple[Scenario, History, str]:
    """The scenario, its history, and the id of the post asked about (an id or a title)."""
    loaded = api.load(scenario)
    history = api.replay_scenario(loaded)
    return loaded, history, api.resolve_post(history.state_at(at), post)


@click.command()
@_about_a_post
@handle_errors
def who(scenario: str, post: str, at: dt.date, as_json: bool) -> None:
    """Who holds POST on a date, in what capacity, since when, and on what legal basis."""
    _, history, post = _history_at(scenario, post, at)
    holding = history.who(post, at)
    state = history.state_at(at)
    if as_json:
        emit_json(api.holding_json(holding, state))
        return
    say(f"{state.title(post)} on {at.isoformat()}:")
    if holding.holder:
        since = f" since {holding.since.isoformat()}" if holding.since else ""
        if not since and holding.since_note:
            since = f" since {holding.since_note}"
        say(f"  {holding.name} ({holding.holder}), {capacity_words(holding.capacity)}{since}")
        if holding.hypothetical:
            say("  (this rests on a step the scenario marks hypothetical)")
    else:
        say("  vacant" if holding.capacity == "vacant" else "  holder not recorded")
    say(f"  basis: {holding.basis}")
    if holding.lawful is False:
        say(f"  NOT LAWFUL: {holding.defect}")
        lawful = holding.lawful_acting
        say(f"  who may lawfully act: {history.state_at(at).name(lawful) if lawful else 'nobody'}")
    if holding.lawful_until:
        # For service already unlawful, the clock still says when any acting would end.
        label = "lawful until" if holding.lawful is not False else "time limit for acting"
        say(
            f"  {label}: {holding.lawful_until.isoformat()}"
            f" ({holding.until_reason}; {holding.until_citation})"
        )
    elif holding.until_reason:
        say(f"  limit: {holding.until_reason} ({holding.until_citation})")


@click.command()
@_about_a_post
@handle_errors
def succession(scenario: str, post: str, at: dt.date, as_json: bool) -> None:
    """The line of succession to POST on a date, and who would act for each kind of vacancy."""
    _, history, post = _history_at(scenario, post, at)
    answer = history.succession(post, at)
    state = history.state_at(at)
    if as_json:
        emit_json(api.succession_json(answer, state))
        return
    say(f"Line of succession to the {state.title(post)} on {at.isoformat()}:")
    if not answer.line:
        say("  (nobody: no first assistant and no order of succession)")
    for i, c in enumerate(answer.line, 1):
        who_ = f"{state.name(c.person)} ({c.person})" if c.person else "-"
        mark = "eligible" if c.eligible else "not eligible"
        say(f"  {i}. {state.title(c.post)}: {who_}, {mark}: {c.reason} [{c.basis}]")
    for kind, person in answer.would_act.items():
        say(f"  would act ({kind}): {state.name(person) if person else 'nobody'}")


@click.command()
@click.argument("scenario", type=click.Path(dir_okay=False))
@click.option(
    "--until",
    type=DATE,
    default=None,
    help="Run the clock on to this date (default: the last date the scenario names).",
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of transitions.")
@handle_errors
def timeline(scenario: str, until: dt.date | None, as_json: bool) -> None:
    """Every transition in order, those the rules derived marked as such."""
    loaded = api.load(scenario)
    history = api.replay_scenario(loaded, until=until or api.horizon(loaded))
    if as_json:
        emit_json([api.transition_json(t) for t in history.transitions])
        return
    for t in history.transitions:
        for line in transition_lines(t):
            say(line)
        for change in t.changes:
            say(f"    change: {change}")
