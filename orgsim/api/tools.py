"""Large synthetic organisations, and what replaying, querying and drawing them costs."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from orgsim.files import write_file

__all__ = ["bench", "bench_lines", "synth"]


def synth(path: str | Path, *, posts: int = 1000, events: int = 10_000, seed: int = 0) -> int:
    """Write a reproducible synthetic organisation and event stream as a scenario file (JSON,
    fast to load, or YAML by the suffix), atomically; return how many events it holds."""
    from orgsim.synth import synthesize  # imported when used: it is large

    data = synthesize(posts=posts, events=events, seed=seed)
    target = Path(path)
    if target.suffix in (".yaml", ".yml"):
        import yaml

        text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    else:
        text = json.dumps(data, indent=None, separators=(",", ":"), ensure_ascii=False) + "\n"
    write_file(target, text)  # never a half-written scenario
    return len(data["events"])


def bench(
    *,
    posts: int = 10_000,
    events: int = 100_000,
    seed: int = 1,
    queries: int = 20_000,
    rounds: int = 3,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Measure loading, replay, memory, queries, chart building and start-up beside their
    floors, each figure and its floor in `rounds` interleaved rounds (the figures `orgsim bench
    --json` prints); `progress` is told what is being measured."""
    from orgsim.bench import run_benchmarks  # imported when used: it is large

    figures: dict[str, Any] = run_benchmarks(
        posts=posts, events=events, seed=seed, queries=queries, rounds=rounds, progress=progress
    )
    return figures


def bench_lines(figures: dict[str, Any]) -> list[str]:
    """The lines `orgsim bench` prints for the figures `bench` returned."""
    from orgsim.bench import report_lines

    return list(report_lines(figures))
