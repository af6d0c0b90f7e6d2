"""`orgsim whatif`, `orgsim diff` and `orgsim depth`: hypotheticals and comparisons."""

from __future__ import annotations

import datetime as dt

import click

from orgsim import api
from orgsim.cli.common import DATE, emit_json, handle_errors, say

__all__ = ["depth", "diff", "whatif"]

# \b keeps click from rewrapping the list into one paragraph.
_FORMS = "\b\n" + "\n".join(f"  {form}" for form in api.SHORT_FORMS)


@click.command(
    epilog="Short forms of --event (PERSON and POST are the scenario's ids):\n\n" + _FORMS
)
@click.argument("scenario", type=click.Path(dir_okay=False))
@click.option("--at", "at", type=DATE, required=True, help="The day it happens (YYYY-MM-DD).")
@click.option(
    "--event",
    "texts",
    multiple=True,
    required=True,
    help='A hypothetical event in short form, e.g. "resign troy-miller"; repeatable.',
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@handle_errors
def whatif(scenario: str, at: dt.date, texts: tuple[str, ...], as_json: bool) -> None:
    """What would change, and who would act, if the --event(s) happened on a date."""
    loaded = api.load(scenario)
    main = api.replay_scenario(loaded)
    answer = api.what_if(loaded, main, at, texts)
    if as_json:
        emit_json(api.what_if_json(answer))
        return
    say(f"What if, on {at.isoformat()}: {'; '.join(texts)} (hypothetical)")
    say("Changes against the main line:")
    for change in answer.changes:
        say(f"  {api.change_words(change, answer.main, answer.branch)}")
    if not answer.changes:
        say("  (none)")
    say("Who would serve (as recorded; who may lawfully act):")
    for post in answer.touched():
        say(
            f"  {_serving(answer.branch, answer.branch_legal, post)}"
            f"  (main line: {_serving(answer.main, answer.main_legal, post)})"
        )
    if answer.findings:
        say("Findings:")
    for f in answer.findings:
        say(f"  {f.level}: {f.message} [{f.citation}]")


def _serving(state: api.State, legal: api.Legal, post: str) -> str:
    row = api.holder_json(state, legal, post)
    held = (
        f"{row['holder']['name']} ({row['capacity']}{', assumed' if row['assumed'] else ''})"
        if row["holder"]
        else f"nobody ({row['capacity']})"
    )
    lawful = (
        row["lawful_holder"]["name"]
        if row["lawful_holder"]
        else ("nobody" if row["determined"] else "undetermined")
    )
    if not row["judged"]:
        lawful = "not judged (the Vacancies Act does not govern the post)"
    status = "" if row["status"] in (None, "lawful") else f", {str(row['status']).upper()}"
    return f"{state.title(post)}: {held}{status}; may lawfully act: {lawful}"


@click.command()
@click.argument("scenario", type=click.Path(dir_okay=False))
@click.option("--from", "start", type=DATE, required=True, help="The earlier date.")
@click.option("--to", "end", type=DATE, required=True, help="The later date.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    default=None,
    help="Also draw a change chart: .svg, .png, .pdf or .dot by the file's suffix.",
)
@handle_errors
def diff(scenario: str, start: dt.date, end: dt.date, as_json: bool, output: str | None) -> None:
    """What changed between two dates: who left or arrived, capacities, posts."""
    loaded = api.load(scenario)
    history = api.replay_scenario(loaded, until=max(end, api.horizon(loaded)))
    result = api.diff(history, start, end)
    if output is not None:
        api.diff_chart(result, output)
        say(f"wrote {output}", err=True)
    if as_json:
        emit_json(api.diff_json(result))
        return
    say(f"From {start.isoformat()} to {end.isoformat()}:")
    for change in result.changes:
        say(f"  {api.change_words(change, result.before, result.after)}")
    if not result.changes:
        say("  (no change)")
    if result.legal:
        say("In law:")
    for line in result.legal:
        say(f"  {line}")
    for t in result.transitions:
        for f in t.findings:
            say(f"  {t.event.date.isoformat()} {f.level}: {f.message} [{f.citation}]")


@click.command()
@click.argument("scenario", type=click.Path(dir_okay=False))
@click.option("--at", "at", type=DATE, required=True, help="The date asked about (YYYY-MM-DD).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list, one entry per post.")
@handle_errors
def depth(scenario: str, at: dt.date, as_json: bool) -> None:
    """For each Senate-confirmed post: how many vacancies in a row until nobody may act."""
    loaded = api.load(scenario)
    history = api.replay_scenario(loaded)
    depths = api.succession_depth(history, at)
    state = history.state_at(at)
    if as_json:
        emit_json(api.depth_json(depths, state))
        return
    say(f"Succession depth on {at.isoformat()} (FLAG: one vacancy leaves nobody to act):")
    for d in depths:
        shown = "?" if d.depth is None else str(d.depth)
        flag = "  FLAG" if d.flagged else ""
        say(f"  {state.title(d.post)} ({d.post}): depth {shown}{flag}")
        if d.note:
            say(f"    {d.note}")
        for i, s in enumerate(d.steps, 1):
            last = i == len(d.steps)
            nobody = "who may act cannot be told" if last and not d.determined else "nobody may act"
            acting = state.name(s.acting) if s.acting else nobody
            say(f"    {i}. {state.name(s.vacated)} leaves -> {acting}")
