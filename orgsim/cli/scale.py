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


def _row(name: str, value: str, floor: str = "", verdict: str = "") -> str:
    return f"  {name:<34} {value:>14}  {floor:<30} {verdict}".rstrip()


@click.command()
@click.option("--posts", type=click.IntRange(min=3), default=10_000, show_default=True)
@click.option("--events", type=click.IntRange(min=1), default=100_000, show_default=True)
@click.option("--seed", type=int, default=1, show_default=True)
@click.option("--queries", type=click.IntRange(min=1), default=20_000, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the figures as one JSON object.")
@handle_errors
def bench(posts: int, events: int, seed: int, queries: int, as_json: bool) -> None:
    """Measure replay, memory, queries, chart building and start-up beside their floors."""
    f: dict[str, Any] = api.bench(posts=posts, events=events, seed=seed, queries=queries)
    if as_json:
        emit_json(f)
        return

    def met(name: str) -> str:
        target = f["targets"][name]
        return f"target {target['target']}: {'met' if target['met'] else 'NOT met'}"

    m = f["machine"]
    say(
        f"orgsim bench: {f['posts']:,} posts, {f['events']:,} events, {f['transitions']:,}"
        f" transitions; Python {m['python']}, {m['cpus']} CPUs, {m['date']}"
    )
    say(_row("load (JSON scenario)", f"{f['load_events_per_s']:,.0f} ev/s"))
    say(
        _row(
            "replay, final state only",
            f"{f['replay_final_events_per_s']:,.0f} ev/s",
            f"floor {f['bare_fold_events_per_s']:,.0f} ev/s",
            met("replay_final_events_per_s"),
        )
    )
    say(
        _row(
            "replay, keeping every state",
            f"{f['replay_keep_events_per_s']:,.0f} ev/s",
            "",
            met("replay_keep_events_per_s"),
        )
    )
    say(
        _row(
            "memory per kept state",
            f"{f['bytes_per_kept_state']:,.0f} B",
            "",
            met("bytes_per_kept_state"),
        )
    )
    say(
        _row(
            "records alone, final state only",
            f"{f['design_floor_final_events_per_s']:,.0f} ev/s",
            "no rules: the design's floor",
        )
    )
    say(
        _row(
            "records alone, keeping every state",
            f"{f['design_floor_keep_events_per_s']:,.0f} ev/s",
            f"{f['design_floor_bytes_per_state']:,.0f} B per kept state",
        )
    )
    say(
        _row(
            "who --at (full answer)",
            f"{f['who_us']:.2f} us",
            f"bisect floor {f['bisect_us']:.2f} us",
            f"{f['who_vs_bisect']:.2f}x; {met('who_vs_bisect')}",
        )
    )
    say(
        _row(
            "tenure look-up under who",
            f"{f['tenure_at_us']:.2f} us",
            f"bisect floor {f['bisect_us']:.2f} us",
            f"{f['tenure_at_vs_bisect']:.2f}x",
        )
    )
    say(
        _row(
            "DOT building (30-post chart)",
            f"{f['dot_build_ms']:.2f} ms",
            f"dot itself {f['dot_ms']:.1f} ms",
            f"{f['dot_build_vs_dot']:.0%}; {met('dot_build_vs_dot')}",
        )
    )
    say(
        _row(
            "CLI start-up (orgsim --version)",
            f"{f['cli_start_ms']:.0f} ms",
            f"python -c pass {f['python_start_ms']:.0f} ms",
        )
    )
