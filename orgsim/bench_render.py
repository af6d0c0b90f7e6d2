"""Rendering benchmark: charts per second for each way of running `dot`.

Run ``python -m orgsim.bench_render [--charts N] [--posts P]``. It builds N distinct synthetic
states of P posts each, turns them into DOT text, then renders them to SVG: one `dot` process
per chart in sequence, one per chart on a thread per core, all in one batched process, and in
batches spread over the cores (what `orgsim run` does). Figures go in docs/performance.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from immutables import Map

from orgsim.model import (
    Capacity,
    Organization,
    People,
    Person,
    Post,
    State,
    Tenure,
    Vacancy,
    VacancyReason,
)
from orgsim.render import render_charts, render_many, state_chart
from orgsim.render.atlas import atlas
from orgsim.scenario import parse_scenario
from orgsim.synth import synthesize

__all__ = ["atlas_figures", "main", "synthetic_state"]


def synthetic_state(index: int, *, posts: int = 30) -> State:
    """A department of `posts` posts in three units, some acting, one vacant; `index` varies
    the names so that every state gives a distinct chart."""
    day = dt.date(2022, 1, 1) + dt.timedelta(days=index)
    orgs = {"dept": Organization("dept", "Department", executive_agency=True)}
    for unit in range(3):
        orgs[f"unit{unit}"] = Organization(f"unit{unit}", f"Bureau {unit + 1}", parent="dept")
    post_map: dict[str, Post] = {}
    people: dict[str, Person] = {}
    holdings: dict[str, Tenure] = {}
    vacancies: dict[str, Vacancy] = {}
    for i in range(posts):
        post_id = f"p{i}"
        if i == 0:
            post = Post(post_id, "Secretary", "dept", first_assistant="p1")
        elif i <= 3:
            post = Post(post_id, f"Under Secretary {i}", "dept", reports_to="p0")
        else:
            unit = (i - 4) % 3
            head = f"p{unit + 1}"
            post = Post(post_id, f"Director of Office {i}", f"unit{unit}", reports_to=head)
        post_map[post_id] = post
        if i % 11 == 7:
            vacancies[post_id] = Vacancy(post_id, day, VacancyReason.RESIGNATION)
            continue
        person = f"person{index}-{i}"
        people[person] = Person(person, f"Officer {index}-{i}")
        capacity = Capacity.ACTING if i % 5 == 2 else Capacity.CONFIRMED
        holdings[post_id] = Tenure(post_id, person, capacity, day)
    return State(
        date=day,
        organizations=Map(orgs),
        posts=Map(post_map),
        people=People(people.values()),
        holdings=Map(holdings),
        vacancies=Map(vacancies),
    )


def _rate(label: str, count: int, run: Callable[[Path], object]) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        run(Path(tmp))
        seconds = time.perf_counter() - start
    rate = count / seconds
    print(f"{label:<44} {rate:8.0f} charts/s  ({seconds:.2f} s)")
    return rate


def atlas_figures(posts: int, *, single: bool = True, timeout: float = 600.0) -> None:
    """Print, for a synthetic organisation of `posts` posts (`orgsim synth`): the atlas's chart
    count, largest chart, DOT build time, `dot` time and SVG bytes; with `single`, the same for
    one chart of every post (or that `dot` failed or timed out)."""
    scenario = parse_scenario(
        json.dumps(synthesize(posts=posts, events=0, seed=1)).encode("utf-8"), "synth.json"
    )
    state = scenario.initial
    start = time.perf_counter()
    pages = atlas(state, title="Synthetic", suffix=".svg")
    build = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        done = render_charts(
            [p.source for p in pages], Path(tmp), names={p.source: p.stem for p in pages}
        )
        seconds = time.perf_counter() - start
        size = sum(f.stat().st_size for f in Path(tmp).glob("*.svg"))
    largest = max(p.boxes for p in pages)
    print(
        f"{posts:>6} posts  atlas: {len(pages):>4} charts of <= {largest} posts,"
        f" DOT {build:.2f} s, dot {seconds:.2f} s, {size / 1e6:.1f} MB SVG,"
        f" {len(done.failed)} failed"
    )
    if not single:
        return
    start = time.perf_counter()
    source = state_chart(state, title="Synthetic")
    build = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        done = render_charts([source], Path(tmp), timeout=timeout)
        seconds = time.perf_counter() - start
        size = sum(f.stat().st_size for f in Path(tmp).glob("*.svg"))
    what = f"failed: {done.failed[source].reason}" if done.failed else f"{size / 1e6:.1f} MB SVG"
    print(f"{posts:>6} posts  one chart: DOT {build:.2f} s, dot {seconds:.2f} s, {what}")


def main(argv: list[str] | None = None) -> None:
    """Print charts per second for each method, with the machine it ran on."""
    parser = argparse.ArgumentParser(prog="python -m orgsim.bench_render", description=__doc__)
    parser.add_argument("--charts", type=int, default=300, help="distinct charts (default 300)")
    parser.add_argument("--posts", type=int, default=30, help="posts per chart (default 30)")
    parser.add_argument(
        "--atlas",
        default=None,
        metavar="SIZES",
        help="instead: atlas and single-chart figures for these organisation sizes (100,1000)",
    )
    args = parser.parse_args(argv)
    if shutil.which("dot") is None:
        raise SystemExit("Graphviz `dot` not found; install it first")
    cores = os.cpu_count() or 1
    version = subprocess.run(["dot", "-V"], capture_output=True, text=True, check=False).stderr
    print(f"{dt.date.today().isoformat()}, {cores} cores, {version.strip()}")
    if args.atlas:
        for size in args.atlas.split(","):
            atlas_figures(int(size))
        return
    start = time.perf_counter()
    sources = [state_chart(synthetic_state(i, posts=args.posts)) for i in range(args.charts)]
    build = time.perf_counter() - start
    n = len(set(sources))
    print(f"{n} distinct charts of {args.posts} posts; DOT text built at {n / build:.0f} charts/s")

    def method(name: str, jobs: int, batch: int = 64) -> Callable[[Path], object]:
        return lambda out: render_many(sources, out, method=name, jobs=jobs, batch_size=batch)

    _rate("one dot process per chart", n, method("per-chart", 1))
    _rate(f"one dot process per chart, {cores} threads", n, method("per-chart", cores))
    _rate("batched: one dot process for all", n, method("batched", 1, n))
    _rate("batched: 64 per process, in sequence", n, method("batched", 1))
    _rate(f"batched over {cores} processes (orgsim run)", n, method("batched", cores))


if __name__ == "__main__":
    main()
