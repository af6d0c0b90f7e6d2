"""Benchmarks of loading, replay, memory, queries, chart building and start-up, each beside its
floor, and of how their costs grow with the size of the organisation.

A floor is the same job done by the simplest code that could do it, measured in the same run
on the same machine, so the figures say how far orgsim is from the machine's limit rather
than how fast the machine is. Every time is CPU time (of this process, or of a child for
`dot` and start-up), and a figure and its floor are measured in interleaved rounds (figure,
floor, floor, figure, ...) and reported as medians, so that a shared machine's changing load
falls on both alike. `orgsim bench` prints them; docs/performance.md records them with the
machine they came from.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import gc
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import attrs
from immutables import Map

from orgsim.engine import History, paused_gc, replay
from orgsim.engine.record import replay_record
from orgsim.errors import ExecutableNotFound
from orgsim.events import Transition
from orgsim.model import Capacity, Change, ChangeKind, State, Tenure, VacancyKind
from orgsim.render import dot_available, state_chart
from orgsim.rules import governing_order
from orgsim.scenario import Scenario, load_scenario, parse_scenario
from orgsim.synth import synthesize

__all__ = ["TARGETS", "machine", "report_lines", "run_benchmarks"]

# name -> (comparison, bound); ratios are times (figure / floor), so lower is better.
TARGETS: dict[str, tuple[str, float]] = {
    "load_per_holder_ratio": ("<=", 1.5),
    "load_100k_posts_s": ("<=", 10.0),
    "record_vs_floor": ("<=", 2.0),
    "judged_final_vs_floor": ("<=", 6.0),
    "judged_keep_vs_floor": ("<=", 8.0),
    "bytes_per_kept_state": ("<=", 1500),
    "who_vs_bisect": ("<=", 1.5),
    "dot_build_vs_dot": ("<=", 0.15),
    "who_start_vs_python": ("<=", 4.0),
}

# The memory of a kept state is measured on at most this many events (tracing allocations
# slows a replay several times; the bytes per state settle long before).
_MEMORY_EVENTS = 200_000
_CBP = Path(__file__).resolve().parent.parent / "scenarios" / "cbp-2022.yaml"
_WHO_AT = ("cbp-commissioner", "2022-11-13")


def machine() -> dict[str, Any]:
    """Where the figures come from, and how busy the machine was."""
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor()
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpu": model,
        "cpus": os.cpu_count(),
        "load_average": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None,
        "date": dt.date.today().isoformat(),
    }


# --- timing -----------------------------------------------------------------------------------


def _cpu(job: Callable[[], object]) -> float:
    """CPU seconds of this process spent in one run of `job`."""
    gc.collect()
    start = time.process_time()
    job()
    return time.process_time() - start


def _child_cpu(args: list[str], env: dict[str, str]) -> float:
    """CPU seconds (user and system) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(args, capture_output=True, check=True, env=env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def interleaved(jobs: dict[str, Callable[[], float]], rounds: int) -> dict[str, float]:
    """The median of each job's seconds over `rounds` rounds. The jobs take turns within each
    round, in the opposite order every other round, so that a change in the machine's load
    falls on all of them alike rather than on whichever ran last."""
    times: dict[str, list[float]] = {name: [] for name in jobs}
    for r in range(rounds):
        order = list(jobs) if r % 2 == 0 else list(reversed(jobs))
        for name in order:
            times[name].append(jobs[name]())
    return {name: statistics.median(values) for name, values in times.items()}


def _timed(job: Callable[[], object]) -> Callable[[], float]:
    return lambda: _cpu(job)


# --- floors -----------------------------------------------------------------------------------

_PLACEHOLDER = Tenure(post="-", person="-", capacity=Capacity.APPOINTED, start=dt.date(2000, 1, 1))


def _design_floor(scenario: Scenario, *, keep: bool) -> list[tuple[Transition, Map[str, Tenure]]]:
    """The floor for this design: per event only the records every transition builds (a
    write to a plain persistent map of who holds what, a new State, a Change, a Transition)
    and no rules at all. The map is a plain `immutables.Map` kept beside the state, so the
    floor does not include the upkeep of the state's own indexes (holdings by person)."""
    state = scenario.initial
    holders: Map[str, Tenure] = Map(state.holdings.items())
    kept: list[tuple[Transition, Map[str, Tenure]]] = []
    for index, event in enumerate(scenario.events):
        post = getattr(event, "post", None)
        person = getattr(event, "person", None)
        changes: tuple[Change, ...] = ()
        if isinstance(post, str) and isinstance(person, str):
            if post in holders:
                holders = holders.delete(post)
                changes = (Change(ChangeKind.LEFT, post, person),)
            else:
                holders = holders.set(post, _PLACEHOLDER)
                changes = (Change(ChangeKind.ARRIVED, post, person),)
            after = state.but(date=event.date)
        elif event.date != state.date:
            after = state.but(date=event.date)
        else:
            after = state
        transition = Transition(event, state, after, changes, (), index=index, seq=index + 1)
        if keep:
            kept.append((transition, holders))
        state = after
    return kept


def _last(transitions: Iterable[Transition]) -> Transition | None:
    last = None
    for transition in transitions:
        last = transition
    return last


def _kept_bytes(make: Callable[[], list[Any]]) -> tuple[int, int]:
    """Bytes held by what `make` returns (every transition of a replay), and its length."""
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    kept = make()
    gc.collect()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    return after - before, len(kept)


# --- the scenario, stored as a large scenario should be ----------------------------------------


def _write_scenario(folder: Path, name: str, data: dict[str, Any]) -> Path:
    """The organisation as JSON and its events as JSON Lines beside it; the JSON's path."""
    data = dict(data)
    events = data.pop("events")
    (folder / f"{name}.jsonl").write_text(
        "".join(json.dumps(e) + "\n" for e in events), encoding="utf-8"
    )
    path = folder / f"{name}.json"
    path.write_text(json.dumps({**data, "events_from": f"{name}.jsonl"}), encoding="utf-8")
    return path


# --- the measurements --------------------------------------------------------------------------


def _load_scale(folder: Path, posts: int, rounds: int, seed: int) -> dict[str, Any]:
    """Loading organisations of `posts` and four times as many (no events), and, for a
    full-size run (10,000 posts or more), of 100,000 posts: the time per holder should not grow
    with the size (a look-up per holder that scans every post would make it grow as fast as
    the size)."""
    sizes = [posts, 4 * posts]
    if posts >= 10_000 and 4 * posts < 100_000:
        sizes.append(100_000)
    files = {
        n: _write_scenario(folder, f"org-{n}", synthesize(posts=n, events=0, seed=seed))
        for n in sizes
    }
    seconds = interleaved(
        {str(n): _timed(functools.partial(load_scenario, files[n])) for n in sizes},
        rounds,
    )
    per = {n: seconds[str(n)] / n for n in sizes}
    big = max(sizes)
    return {
        "load_sizes": sizes,
        "load_us_per_holder": {str(n): per[n] * 1e6 for n in sizes},
        "load_per_holder_ratio": per[4 * posts] / per[posts],
        # Measured at 100,000 posts or more (scaled down to 100,000); None for a small run.
        "load_100k_posts_s": per[big] * 100_000 if big >= 100_000 else None,
    }


def _org(posts: int, seed: int) -> State:
    """The initial state of a synthetic organisation without events."""
    data = synthesize(posts=posts, events=0, seed=seed)
    return parse_scenario(json.dumps(data).encode(), f"org-{posts}.json").initial


def _lookup_scale(posts: int, rounds: int, seed: int) -> dict[str, Any]:
    """The look-ups the rules make per event (who holds what, the orders of a post, the chain
    of command) on organisations of `posts` and four times as many: the cost per call should
    stay flat."""
    per_call: dict[int, float] = {}
    states = {n: _org(n, seed) for n in (posts, 4 * posts)}
    calls = 2000

    def job(n: int) -> Callable[[], float]:
        state = states[n]
        rng = random.Random(seed)
        ids = sorted(state.posts.keys())
        asks = [rng.choice(ids) for _ in range(calls)]
        people = [state.holdings[p].person if p in state.holdings else "-" for p in asks]

        def run() -> None:
            for post_id, person in zip(asks, people, strict=True):
                list(state.held_by(person))
                governing_order(state, post_id, VacancyKind.ORDINARY)
                state.chain_of_command(post_id)

        return _timed(run)

    seconds = interleaved({str(n): job(n) for n in (posts, 4 * posts)}, rounds)
    for n in (posts, 4 * posts):
        per_call[n] = seconds[str(n)] / calls
    return {
        "lookup_us": {str(n): per_call[n] * 1e6 for n in per_call},
        "lookup_ratio": per_call[4 * posts] / per_call[posts],
    }


def _chart_scale(posts: int, rounds: int, seed: int) -> dict[str, Any]:
    """Building the DOT of one chart of every post, for `posts` and four times as many: the
    time per post should stay flat (dot's own time is another matter)."""
    sizes = (posts, 4 * posts)
    states = {n: _org(n, seed) for n in sizes}
    seconds = interleaved(
        {str(n): _timed(functools.partial(state_chart, states[n])) for n in sizes},
        rounds,
    )
    per = {n: seconds[str(n)] / n for n in sizes}
    return {
        "chart_us_per_post": {str(n): per[n] * 1e6 for n in sizes},
        "chart_per_post_ratio": per[4 * posts] / per[posts],
    }


def _startup(folder: Path, rounds: int) -> dict[str, Any]:
    """Start-up of `orgsim who` on the CBP scenario (or, outside a checkout, on a small
    synthetic one) beside `python -c pass`, as whole processes, with byte code cached as an
    installed package has it."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    if _CBP.is_file():
        who = [sys.executable, "-m", "orgsim", "who", str(_CBP), *_WHO_AT[:1], "--at", _WHO_AT[1]]
        scenario = "cbp-2022.yaml"
    else:
        path = _write_scenario(folder, "small", synthesize(posts=40, events=200, seed=1))
        who = [sys.executable, "-m", "orgsim", "who", str(path), "p1", "--at", "2000-01-20"]
        scenario = "a 40-post synthetic scenario"
    version = [sys.executable, "-m", "orgsim", "--version"]
    python = [sys.executable, "-c", "pass"]
    for args in (who, version, python):
        subprocess.run(args, capture_output=True, check=True, env=env)  # byte code written
    seconds = interleaved(
        {
            "who": lambda: _child_cpu(who, env),
            "version": lambda: _child_cpu(version, env),
            "python": lambda: _child_cpu(python, env),
        },
        3 * rounds,
    )
    return {
        "who_start_scenario": scenario,
        "who_start_ms": seconds["who"] * 1e3,
        "version_start_ms": seconds["version"] * 1e3,
        "python_start_ms": seconds["python"] * 1e3,
        "who_start_vs_python": seconds["who"] / seconds["python"],
    }


def run_benchmarks(
    *,
    posts: int,
    events: int,
    seed: int = 1,
    queries: int = 20_000,
    rounds: int = 3,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Measure everything on a synthetic organisation; return the figures and their floors."""
    if not dot_available():  # one figure times `dot`: say so now, not after minutes of work
        raise ExecutableNotFound()

    def step(what: str) -> None:
        if progress is not None:
            progress(what)

    figures: dict[str, Any] = {"posts": posts, "rounds": rounds, "machine": machine()}
    with tempfile.TemporaryDirectory(prefix="orgsim-bench-") as scratch:
        folder = Path(scratch)
        step("synthesising the scenario")
        path = _write_scenario(
            folder, "synthetic", synthesize(posts=posts, events=events, seed=seed)
        )
        step("loading")
        load_s = interleaved({"load": _timed(lambda: load_scenario(path))}, min(rounds, 3))
        scenario = load_scenario(path)
        figures["events"] = n = len(scenario.events)
        figures["load_events_per_s"] = n / load_s["load"]
        step("loading organisations of growing size")
        figures.update(_load_scale(folder, posts, rounds, seed))
        step("start-up")
        figures.update(_startup(folder, rounds))

    initial, settings = scenario.initial, scenario.settings
    step("replay, final state only, beside its floors")
    final = interleaved(
        {
            "floor": _timed(lambda: _design_floor(scenario, keep=False)),
            "record": _timed(lambda: _last(replay_record(initial, scenario.events))),
            "judged": _timed(lambda: _last(replay(initial, scenario.events, settings))),
        },
        rounds,
    )
    step("replay, keeping every state, beside its floor")

    def keep_floor() -> None:
        with paused_gc():
            _design_floor(scenario, keep=True)

    keep = interleaved(
        {
            "floor": _timed(keep_floor),
            "judged": _timed(lambda: History.run(initial, scenario.events, settings)),
        },
        rounds,
    )
    step("memory per kept state")
    sample = scenario.events[:_MEMORY_EVENTS]
    kept, count = _kept_bytes(lambda: list(replay(initial, sample, settings)))
    floor_kept, floor_count = _kept_bytes(
        lambda: _design_floor(attrs.evolve(scenario, events=tuple(sample)), keep=True)
    )
    figures.update(
        {
            "floor_final_events_per_s": n / final["floor"],
            "record_final_events_per_s": n / final["record"],
            "judged_final_events_per_s": n / final["judged"],
            "floor_keep_events_per_s": n / keep["floor"],
            "judged_keep_events_per_s": n / keep["judged"],
            "record_vs_floor": final["record"] / final["floor"],
            "judged_final_vs_floor": final["judged"] / final["floor"],
            "judged_keep_vs_floor": keep["judged"] / keep["floor"],
            "memory_events": len(sample),
            "bytes_per_kept_state": kept / max(count, 1),
            "floor_bytes_per_state": floor_kept / max(floor_count, 1),
        }
    )

    step("who --at beside its bisect floor")
    history = History.run(initial, scenario.events, settings)
    figures["transitions"] = len(history.transitions)
    rng = random.Random(seed)
    first, last = initial.date, history.final.date
    span = max(1, (last - first).days)
    post_ids = sorted(initial.posts.keys())
    asks = [
        (rng.choice(post_ids), first + dt.timedelta(days=rng.randrange(span + 1)))
        for _ in range(queries)
    ]
    dates = [t.event.date for t in history.transitions]
    afters = [t.after for t in history.transitions]

    def floor_lookup() -> None:
        for p, d in asks:
            i = bisect.bisect_right(dates, d)
            state = afters[i - 1] if i else initial
            state.holdings.get(p)

    who = interleaved(
        {
            "who": _timed(lambda: [history.who(p, d) for p, d in asks]),
            "bisect": _timed(floor_lookup),
        },
        max(rounds, 5),
    )
    figures.update(
        {
            "who_us": who["who"] / queries * 1e6,
            "bisect_us": who["bisect"] / queries * 1e6,
            "who_vs_bisect": who["who"] / who["bisect"],
        }
    )

    step("DOT building beside dot")
    shown = post_ids[:30]
    state = history.final
    source = state_chart(state, posts=shown)

    def run_dot() -> float:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(["dot", "-Tsvg"], input=source.encode(), capture_output=True, check=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)

    chart = interleaved(
        {
            "build": _timed(lambda: [state_chart(state, posts=shown) for _ in range(10)]),
            "dot": run_dot,
        },
        max(rounds, 5),
    )
    figures.update(
        {
            "dot_build_ms": chart["build"] / 10 * 1e3,
            "dot_ms": chart["dot"] * 1e3,
            "dot_build_vs_dot": chart["build"] / 10 / chart["dot"],
        }
    )
    step("look-ups and chart building on organisations of growing size")
    figures.update(_lookup_scale(min(posts, 10_000), rounds, seed))
    figures.update(_chart_scale(min(posts, 2_500), rounds, seed))
    figures["machine"]["load_average_after"] = machine()["load_average"]
    figures["targets"] = {
        name: {"target": f"{op} {value:g}", "met": _met(figures[name], op, value)}
        for name, (op, value) in TARGETS.items()
    }
    return figures


def _met(figure: float | None, op: str, value: float) -> bool | None:
    """Whether a figure meets its target; None when it was not measured."""
    if figure is None:
        return None
    return figure >= value if op == ">=" else figure <= value


# --- the report --------------------------------------------------------------------------------


def _row(name: str, value: str, floor: str = "", verdict: str = "") -> str:
    return f"  {name:<38} {value:>14}  {floor:<32} {verdict}".rstrip()


def report_lines(f: dict[str, Any]) -> list[str]:
    """The figures as `orgsim bench` prints them: one line each, with its floor and target."""

    def met(name: str) -> str:
        target = f["targets"][name]
        said = {True: "met", False: "NOT met", None: "not measured"}[target["met"]]
        return f"target {target['target']}: {said}"

    def ratio(name: str) -> str:
        return f"{f[name]:.2f}x; {met(name)}"

    m = f["machine"]
    sizes = f["load_sizes"]
    small, big = str(sizes[0]), str(4 * int(sizes[0]))
    look = sorted(f["lookup_us"], key=int)
    chart = sorted(f["chart_us_per_post"], key=int)
    return [
        f"orgsim bench: {f['posts']:,} posts, {f['events']:,} events, {f['transitions']:,}"
        f" transitions; CPU time, median of {f['rounds']} interleaved rounds",
        f"  Python {m['python']}, {m['cpus']} CPUs ({m['cpu'] or 'unknown'}), load average"
        f" {m['load_average']} before, {m['load_average_after']} after; {m['date']}",
        _row("load (JSON + JSON Lines)", f"{f['load_events_per_s']:,.0f} ev/s"),
        _row(
            f"load per holder, {int(big):,} posts",
            f"{f['load_us_per_holder'][big]:.1f} us",
            f"at {int(small):,} posts {f['load_us_per_holder'][small]:.1f} us",
            ratio("load_per_holder_ratio"),
        ),
        _row(
            "load 100,000 posts",
            "-" if f["load_100k_posts_s"] is None else f"{f['load_100k_posts_s']:.2f} s",
            "" if f["load_100k_posts_s"] is not None else "a run of 10,000 posts or more",
            met("load_100k_posts_s"),
        ),
        _row(
            "records alone (the floor), final state",
            f"{f['floor_final_events_per_s']:,.0f} ev/s",
            "per event: a map write, State, Change,",
            "Transition",
        ),
        _row(
            "recorded replay (no rules), final",
            f"{f['record_final_events_per_s']:,.0f} ev/s",
            "beside the floor",
            ratio("record_vs_floor"),
        ),
        _row(
            "judged replay, final state only",
            f"{f['judged_final_events_per_s']:,.0f} ev/s",
            "beside the floor",
            ratio("judged_final_vs_floor"),
        ),
        _row(
            "records alone, keeping every state",
            f"{f['floor_keep_events_per_s']:,.0f} ev/s",
            f"{f['floor_bytes_per_state']:,.0f} B per kept state",
        ),
        _row(
            "judged replay, keeping every state",
            f"{f['judged_keep_events_per_s']:,.0f} ev/s",
            "beside the floor",
            ratio("judged_keep_vs_floor"),
        ),
        _row(
            "memory per kept state",
            f"{f['bytes_per_kept_state']:,.0f} B",
            f"first {f['memory_events']:,} events",
            met("bytes_per_kept_state"),
        ),
        _row(
            "who --at (full answer)",
            f"{f['who_us']:.2f} us",
            f"bisect floor {f['bisect_us']:.2f} us",
            ratio("who_vs_bisect"),
        ),
        _row(
            "DOT building (30-post chart)",
            f"{f['dot_build_ms']:.2f} ms",
            f"dot itself {f['dot_ms']:.1f} ms",
            f"{f['dot_build_vs_dot']:.0%}; {met('dot_build_vs_dot')}",
        ),
        _row(
            f"look-ups per call, {int(look[1]):,} posts",
            f"{f['lookup_us'][look[1]]:.1f} us",
            f"at {int(look[0]):,} posts {f['lookup_us'][look[0]]:.1f} us",
            f"{f['lookup_ratio']:.2f}x (flat is 1x)",
        ),
        _row(
            f"one chart's DOT per post, {int(chart[1]):,} posts",
            f"{f['chart_us_per_post'][chart[1]]:.1f} us",
            f"at {int(chart[0]):,} posts {f['chart_us_per_post'][chart[0]]:.1f} us",
            f"{f['chart_per_post_ratio']:.2f}x (flat is 1x)",
        ),
        _row(
            "start-up: orgsim who",
            f"{f['who_start_ms']:.0f} ms",
            f"python -c pass {f['python_start_ms']:.0f} ms",
            ratio("who_start_vs_python"),
        ),
        _row("start-up: orgsim --version", f"{f['version_start_ms']:.0f} ms"),
    ]
