"""`orgsim synth` and `orgsim bench`: large synthetic organisations and what they cost."""

from __future__ import annotations

from typing import Any

import click

from orgsim import api
from orgsim.cli.common import emit_json, handle_errors, say

__all__ = ["bench", "synth"]


@click.command()
@click.option("--posts", type=click.IntRange(min=3), default=1000, show_default=True)
@click.option("--events", type=click.IntRange(min=0), default=10_000, show_default=True)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    required=True,
    help="Scenario file to write: .json (fast to load) or .yaml.",
)
@handle_errors
def synth(posts: int, events: int, seed: int, output: str) -> None:
    """Write a reproducible synthetic organisation and event stream as a scenario."""
    written = api.synth(output, posts=posts, events=events, seed=seed)
    say(f"{output}: {posts} posts, {written} events (seed {seed})")


@click.command()
@click.option("--posts", type=click.IntRange(min=3), default=10_000, show_default=True)
@click.option("--events", type=click.IntRange(min=1), default=100_000, show_default=True)
@click.option("--seed", type=int, default=1, show_default=True)
@click.option("--queries", type=click.IntRange(min=1), default=20_000, show_default=True)
@click.option(
    "--rounds",
    type=click.IntRange(min=1),
    default=3,
    show_default=True,
    help="Interleaved rounds of each figure and its floor; the median is reported.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the figures as one JSON object.")
@click.option("-q", "--quiet", is_flag=True, help="Do not say on stderr what is being measured.")
@handle_errors
def bench(
    posts: int, events: int, seed: int, queries: int, rounds: int, as_json: bool, quiet: bool
) -> None:
    """Measure loading, replay, memory, queries, chart building and start-up beside their
    floors, and how their costs grow with the size of the organisation."""

    def progress(what: str) -> None:
        if not quiet:
            say(f"orgsim bench: {what}...", err=True)

    figures: dict[str, Any] = api.bench(
        posts=posts, events=events, seed=seed, queries=queries, rounds=rounds, progress=progress
    )
    if as_json:
        emit_json(figures)
        return
    for line in api.bench_lines(figures):
        say(line)
