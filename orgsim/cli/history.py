"""`orgsim history`: one post's holders over time, as text, JSON or a timeline picture."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from orgsim import api
from orgsim.cli.common import DATE, emit_json, handle_errors, say

__all__ = ["history"]

_FORMATS = ("svg", "png", "pdf")


@click.command()
@click.argument("scenario", type=click.Path(dir_okay=False))
@click.argument("post")
@click.option(
    "--until",
    type=DATE,
    default=None,
    help="Run the clock to this date (default: the last date the scenario names).",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    default=None,
    help="Draw the timeline into this file; its suffix (.svg, .png, .pdf) is the format.",
)
@click.option(
    "--dpi",
    type=click.IntRange(min=24, max=1200),
    default=192,
    show_default=True,
    help="PNG resolution.",
)
@handle_errors
def history(
    scenario: str, post: str, until: dt.date | None, as_json: bool, output: str | None, dpi: int
) -> None:
    """The holders of POST over time: who, how (confirmed, acting, performing the duties,
    vacant), from when to when, what ended each period, time limits and nominations.

    With -o, also draws it as a timeline chart (matplotlib).
    """
    fmt = None
    if output is not None:
        fmt = Path(output).suffix.lstrip(".").lower()
        if fmt not in _FORMATS:
            raise click.BadParameter(
                f"{output}: use a .svg, .png or .pdf file", param_hint="-o/--output"
            )
    loaded = api.load(scenario)
    timeline = api.post_timeline(loaded, post, until=until)
    post = timeline.post
    if output is not None and fmt is not None:
        image = timeline.image(fmt=fmt, credit=api.credit_line(loaded), dpi=dpi)
        api.write_file(output, image)
    if as_json:
        emit_json(api.post_history_json(timeline))
    else:
        say(f"{timeline.title} (`{post}`), {timeline.start} to {timeline.end}:")
        for lane in timeline.lanes:
            say(f"  {lane.name}:")
            for p in lane.periods:
                until_ = p.end.isoformat() if p.end else "…"
                who = f"{p.label}, " if p.label else ""
                say(f"    {p.start} to {until_}  {who}{api.capacity_words(p.kind) or p.kind}")
                if p.ended_by:
                    say(f"      ended: {p.ended_by}")
        for mark in timeline.marks:
            say(f"  {mark.day}  {mark.label}")
    if output is not None:
        say(f"timeline: {output}", err=True)
