"""`orgsim whatif`, `orgsim diff` and `orgsim depth`: hypotheticals and comparisons."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

import click

from orgsim import api, explore
from orgsim.cli.common import DATE, emit_json, handle_errors
from orgsim.errors import ScenarioError, ScenarioErrors
from orgsim.interop import SHORT_FORMS
from orgsim.model import Legal, State
from orgsim.render import FORMATS, Highlight, change_words, render_many, state_chart

__all__ = ["depth", "diff", "whatif"]

# \b keeps click from rewrapping the list into one paragraph.
_FORMS = "\b\n" + "\n".join(f"  {form}" for form in SHORT_FORMS)


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
    answer = explore.what_if(loaded, main, at, texts)
    if as_json:
        emit_json(explore.what_if_json(answer))
        return
    click.echo(f"What if, on {at.isoformat()}: {'; '.join(texts)} (hypothetical)")
    click.echo("Changes against the main line:")
    for change in answer.changes:
        click.echo(f"  {change_words(change, answer.main, answer.branch)}")
    if not answer.changes:
        click.echo("  (none)")
    click.echo("Who would serve (as recorded; who may lawfully act):")
    for post in answer.touched():
        click.echo(
            f"  {_serving(answer.branch, answer.branch_legal, post)}"
            f"  (main line: {_serving(answer.main, answer.main_legal, post)})"
        )
    if answer.findings:
        click.echo("Findings:")
    for f in answer.findings:
        click.echo(f"  {f.level}: {f.message} [{f.citation}]")


def _serving(state: State, legal: Legal, post: str) -> str:
    row = explore.holder_json(state, legal, post)
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
    result = explore.diff(history, start, end)
    if output is not None:
        _draw(result, Path(output))
    if as_json:
        emit_json(explore.diff_json(result))
        return
    click.echo(f"From {start.isoformat()} to {end.isoformat()}:")
    for change in result.changes:
        click.echo(f"  {change_words(change, result.before, result.after)}")
    if not result.changes:
        click.echo("  (no change)")
    if result.legal:
        click.echo("In law:")
    for line in result.legal:
        click.echo(f"  {line}")
    for t in result.transitions:
        for f in t.findings:
            click.echo(f"  {t.event.date.isoformat()} {f.level}: {f.message} [{f.citation}]")


def _draw(result: explore.Diff, target: Path) -> None:
    fmt = target.suffix.lstrip(".").lower()
    if fmt not in FORMATS:
        raise ScenarioErrors(
            [ScenarioError(f"{target}: the suffix must be one of {', '.join(sorted(FORMATS))}")]
        )
    source = state_chart(
        result.after,
        title=f"Changes from {result.start.isoformat()} to {result.end.isoformat()}",
        highlight=Highlight.from_changes(result.changes).after_side(),
    )
    with tempfile.TemporaryDirectory() as tmp:
        names = render_many([source], Path(tmp), fmt=fmt)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(Path(tmp) / names[source], target)
    click.echo(f"wrote {target}", err=True)


@click.command()
@click.argument("scenario", type=click.Path(dir_okay=False))
@click.option("--at", "at", type=DATE, required=True, help="The date asked about (YYYY-MM-DD).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list, one entry per post.")
@handle_errors
def depth(scenario: str, at: dt.date, as_json: bool) -> None:
    """For each Senate-confirmed post: how many vacancies in a row until nobody may act."""
    loaded = api.load(scenario)
    history = api.replay_scenario(loaded)
    depths = explore.succession_depth(history, at)
    state = history.state_at(at)
    if as_json:
        emit_json(explore.depth_json(depths, state))
        return
    click.echo(f"Succession depth on {at.isoformat()} (FLAG: one vacancy leaves nobody to act):")
    for d in depths:
        shown = "?" if d.depth is None else str(d.depth)
        flag = "  FLAG" if d.flagged else ""
        click.echo(f"  {state.title(d.post)} ({d.post}): depth {shown}{flag}")
        if d.note:
            click.echo(f"    {d.note}")
        for i, s in enumerate(d.steps, 1):
            last = i == len(d.steps)
            nobody = "who may act cannot be told" if last and not d.determined else "nobody may act"
            acting = state.name(s.acting) if s.acting else nobody
            click.echo(f"    {i}. {state.name(s.vacated)} leaves -> {acting}")
