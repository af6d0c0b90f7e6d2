"""Questions asked of a replayed scenario: `who`, `succession`, `timeline`, `acts`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

import click

from orgsim import api
from orgsim.cli.common import (
    DATE,
    emit_json,
    handle_errors,
    lawful_lines,
    say,
    transition_lines,
)

__all__ = ["acts", "succession", "timeline", "who"]

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


def _history_at(scenario: str, post: str, at: dt.date) -> tuple[api.Scenario, api.Moment, str]:
    """The scenario, its replay up to the end of `at` (no further: the answer needs nothing
    later), and the id of the post asked about (an id or a title)."""
    loaded = api.load(scenario)
    moment = api.replay_day(loaded, at)
    return loaded, moment, api.require_post(loaded, post, moment.state_at(at))


@click.command()
@_about_a_post
@handle_errors
def who(scenario: str, post: str, at: dt.date, as_json: bool) -> None:
    """Who held POST on a date as the record has it, and who could lawfully act, until when."""
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
        say(f"  {holding.name} ({holding.holder}), {api.capacity_words(holding.capacity)}{since}")
        if holding.assumed:
            say("  (assumed: by operation of law; the sources do not report who took over)")
        if holding.hypothetical:
            say("  (this rests on a step the scenario marks hypothetical)")
    else:
        say("  vacant" if holding.capacity == "vacant" else "  holder not recorded")
    claimed = f" (claimed by {state.name(holding.claimed_by)})" if holding.claimed_by else ""
    say(f"  basis: {holding.basis}{claimed}")
    for line in lawful_lines(holding, state):
        say(f"  {line}")


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
        mark = {"lawful": "eligible", "unlawful": "not eligible"}.get(str(c.status), "undetermined")
        say(f"  {i}. {state.title(c.post)}: {who_}, {mark}: {c.reason} [{c.basis}]")
    if answer.why_nobody:
        say(f"  nobody may act in this vacancy: {answer.why_nobody}")
    for kind, person in answer.would_act.items():
        if person:
            named = state.name(person)
        elif not answer.determined.get(kind, True):
            named = "undetermined (a place before the first eligible one cannot be judged)"
        else:
            named = "nobody"
        say(f"  would act ({kind}): {named}")


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
        for line in api.describe_legal(t):
            say(f"    law: {line}")


@click.command()
@click.argument("scenario", type=click.Path(dir_okay=False))
@click.option("--post", "post", default=None, help="Only the acts of this office.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of acts.")
@handle_errors
def acts(scenario: str, post: str | None, as_json: bool) -> None:
    """Every act of an office (designations, delegations, orders, rules, decisions,
    ratifications) with its verdict: valid, void, without authority, ratified, undetermined."""
    loaded = api.load(scenario)
    history = api.replay_scenario(loaded, until=api.horizon(loaded))
    state = history.final
    if post is not None:
        post = api.require_post(loaded, post, state)  # a unique title stands for the id
    verdicts = history.acts(post)
    if as_json:
        emit_json([api.act_json(v, state) for v in verdicts])
        return
    if not verdicts:
        say("No acts recorded." if post is None else f"No acts of the {state.title(post)}.")
    for v in verdicts:
        by = state.name(v.person) if v.person else "(by someone not reported)"
        hyp = " (hypothetical)" if v.hypothetical else ""
        who = f"{by}: " if v.person else ""
        tail = "" if v.person else f" {by}"
        say(f"{v.date.isoformat()}  {v.act}: {who}{api.act_words(v, state)}{tail}{hyp}")
        cite = f" [{v.citation}]" if v.citation else ""
        say(f"    {str(v.status).upper()}: {'; '.join(v.reasons)}{cite}")
        if v.missing:
            say(f"    missing: {'; '.join(v.missing)}")
        if v.ratified_by:
            say(
                f"    ratified by {state.name(v.ratified_by)} on"
                f" {v.ratified_on.isoformat() if v.ratified_on else '?'} ({v.ratified_in})"
            )
