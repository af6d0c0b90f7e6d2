"""Benchmarks of replay, memory, queries, chart building and start-up, each beside its floor.

A floor is the same job done by the simplest code that could do it, measured in the same
run on the same machine, so the figures say how far orgsim is from the machine's limit
rather than how fast the machine is. `orgsim bench` prints them; docs/performance.md
records them with the machine they came from.
"""

from __future__ import annotations

import bisect
import datetime as dt
import gc
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from orgsim.engine import History, paused_gc, replay
from orgsim.errors import ExecutableNotFound
from orgsim.events import Transition
from orgsim.model import Capacity, Change, ChangeKind, Tenure
from orgsim.render import dot_available, state_chart
from orgsim.scenario import Scenario, load_scenario
from orgsim.synth import synthesize

__all__ = ["TARGETS", "machine", "run_benchmarks"]

TARGETS = {
    "replay_final_events_per_s": (">=", 250_000),
    "replay_keep_events_per_s": (">=", 100_000),
    "bytes_per_kept_state": ("<=", 1_500),
    "who_vs_bisect": ("<=", 2.0),
    "dot_build_vs_dot": ("<=", 0.15),
}


def machine() -> dict[str, Any]:
    """Where the figures come from."""
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "date": dt.date.today().isoformat(),
    }


def _best(fn: Callable[[], Any], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def _bare_fold(scenario: Scenario) -> dict[str, str]:
    """The floor for replay: one dict write per event, no rules, no history."""
    holders: dict[str, str] = {}
    for event in scenario.events:
        post = getattr(event, "post", None)
        person = getattr(event, "person", None)
        if isinstance(post, str) and isinstance(person, str):
            holders[post] = person
    return holders


_PLACEHOLDER = Tenure(post="-", person="-", capacity=Capacity.APPOINTED, start=dt.date(2000, 1, 1))


def _design_floor(scenario: Scenario, *, keep: bool) -> list[Transition]:
    """The floor for this design: per event only the records every transition builds (a
    persistent-map write, a new State, a Change, a Transition) and no rules at all."""
    state = scenario.initial
    kept: list[Transition] = []
    for index, event in enumerate(scenario.events):
        post = getattr(event, "post", None)
        person = getattr(event, "person", None)
        changes: tuple[Change, ...] = ()
        after = state
        if isinstance(post, str) and isinstance(person, str):
            holdings = state.holdings
            if post in holdings:
                after = state.but(date=event.date, holdings=holdings.delete(post))
                changes = (Change(ChangeKind.LEFT, post, person),)
            else:
                after = state.but(date=event.date, holdings=holdings.set(post, _PLACEHOLDER))
                changes = (Change(ChangeKind.ARRIVED, post, person),)
        elif event.date != state.date:
            after = state.but(date=event.date)
        transition = Transition(event, state, after, changes, (), index=index, seq=index + 1)
        if keep:
            kept.append(transition)
        state = after
    return kept


def _replay_final(scenario: Scenario) -> Any:
    last = None
    for transition in replay(scenario.initial, scenario.events, scenario.settings):
        last = transition
    return last


def _kept_bytes(
    scenario: Scenario, make: Callable[[], list[Transition]] | None = None
) -> tuple[int, int]:
    """Bytes held by keeping every transition, and how many transitions there are."""
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    if make is None:
        transitions = list(replay(scenario.initial, scenario.events, scenario.settings))
    else:
        transitions = make()
    gc.collect()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    return after - before, len(transitions)


def _dot_seconds(source: str) -> float:
    def run() -> None:
        subprocess.run(["dot", "-Tsvg"], input=source.encode(), capture_output=True, check=True)

    return _best(run)


def _startup(args: list[str]) -> float:
    return _best(lambda: subprocess.run(args, capture_output=True, check=True), repeat=5)


def run_benchmarks(
    *, posts: int, events: int, seed: int = 1, queries: int = 20_000
) -> dict[str, Any]:
    """Measure everything on a synthetic organisation; return the figures and their floors."""
    if not dot_available():  # one figure times `dot`: say so now, not after minutes of work
        raise ExecutableNotFound()
    data = synthesize(posts=posts, events=events, seed=seed)
    with tempfile.TemporaryDirectory(prefix="orgsim-bench-") as folder:
        # The way a large scenario should be kept: the organisation in JSON, the event
        # stream in JSON Lines beside it.
        lines = "".join(json.dumps(e) + "\n" for e in data.pop("events"))
        Path(folder, "events.jsonl").write_text(lines, encoding="utf-8")
        Path(folder, "synthetic.json").write_text(
            json.dumps({**data, "events_from": "events.jsonl"}), encoding="utf-8"
        )
        start = time.perf_counter()
        scenario = load_scenario(Path(folder, "synthetic.json"))
        load_s = time.perf_counter() - start
    n = len(scenario.events)

    floor_s = _best(lambda: _bare_fold(scenario))
    final_s = _best(lambda: _replay_final(scenario), repeat=2)
    keep_s = _best(
        lambda: History.run(scenario.initial, scenario.events, scenario.settings), repeat=2
    )
    kept, count = _kept_bytes(scenario)
    design_final_s = _best(lambda: _design_floor(scenario, keep=False))
    with paused_gc():
        design_keep_s = _best(lambda: _design_floor(scenario, keep=True))
    design_kept, design_count = _kept_bytes(scenario, lambda: _design_floor(scenario, keep=True))

    history = History.run(scenario.initial, scenario.events, scenario.settings)
    rng = random.Random(seed)
    first, last = scenario.initial.date, history.final.date
    span = max(1, (last - first).days)
    post_ids = sorted(scenario.initial.posts.keys())
    asks = [
        (rng.choice(post_ids), first + dt.timedelta(days=rng.randrange(span + 1)))
        for _ in range(queries)
    ]
    dates = [t.event.date for t in history.transitions]
    who_s = _best(lambda: [history.who(p, d) for p, d in asks])
    lookup_s = _best(lambda: [history.tenure_at(p, d) for p, d in asks])
    afters = [t.after for t in history.transitions]

    def floor_lookup() -> None:
        for p, d in asks:
            i = bisect.bisect_right(dates, d)
            state = afters[i - 1] if i else scenario.initial
            state.holdings.get(p)

    bisect_s = _best(floor_lookup)

    # A readable chart: the top of the tree, about 30 posts.
    shown = post_ids[:30]
    state = history.final
    build_s = _best(lambda: [state_chart(state, posts=shown) for _ in range(20)]) / 20
    source = state_chart(state, posts=shown)
    dot_s = _dot_seconds(source)

    cli_s = _startup([sys.executable, "-m", "orgsim", "--version"])
    python_s = _startup([sys.executable, "-c", "pass"])

    figures: dict[str, Any] = {
        "posts": posts,
        "events": n,
        "transitions": count,
        "load_events_per_s": n / load_s,
        "bare_fold_events_per_s": n / floor_s,
        "replay_final_events_per_s": n / final_s,
        "replay_keep_events_per_s": n / keep_s,
        "bytes_per_kept_state": kept / max(count, 1),
        "design_floor_final_events_per_s": n / design_final_s,
        "design_floor_keep_events_per_s": n / design_keep_s,
        "design_floor_bytes_per_state": design_kept / max(design_count, 1),
        "who_us": who_s / queries * 1e6,
        "bisect_us": bisect_s / queries * 1e6,
        "who_vs_bisect": who_s / bisect_s,
        "tenure_at_us": lookup_s / queries * 1e6,
        "tenure_at_vs_bisect": lookup_s / bisect_s,
        "dot_build_ms": build_s * 1e3,
        "dot_ms": dot_s * 1e3,
        "dot_build_vs_dot": build_s / dot_s,
        "cli_start_ms": cli_s * 1e3,
        "python_start_ms": python_s * 1e3,
        "machine": machine(),
    }
    figures["targets"] = {
        name: {
            "target": f"{op} {value}",
            "met": figures[name] >= value if op == ">=" else figures[name] <= value,
        }
        for name, (op, value) in TARGETS.items()
    }
    return figures
