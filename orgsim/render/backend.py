"""The one place that runs Graphviz `dot`: DOT text in, one file per distinct chart out.

Starting `dot` costs far more than laying out a 30-post chart, so distinct charts are written
to files and rendered many to a process (`dot -Tsvg -O a.dot b.dot ...`), with the batches
spread over the cores. `python -m orgsim.bench_render` measures the alternatives.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

from orgsim.errors import ExecutableNotFound, RenderError

__all__ = [
    "DEFAULT_TIMEOUT",
    "FORMATS",
    "METHODS",
    "Progress",
    "chart_name",
    "dot_available",
    "render_many",
]

FORMATS = frozenset({"svg", "png", "pdf", "dot"})
"""The output formats `render_many` writes; "dot" writes the source itself."""

METHODS = ("batched", "per-chart")
"""How `render_many` runs `dot`: many charts per process, or one process per chart."""

DEFAULT_TIMEOUT = 120.0
"""Seconds one `dot` process may run before it is stopped and the chart reported as failed."""

Progress = Callable[[int], None]
"""Called with the number of charts just finished (a click progress bar's `update` fits)."""

_DOT = "dot"
_T = TypeVar("_T")
_BATCH = 64  # charts per `dot` process: big enough to amortise start-up, small enough to report


def dot_available() -> bool:
    """Whether the Graphviz `dot` program is on PATH."""
    return shutil.which(_DOT) is not None


def chart_name(source: str, *, fmt: str = "svg") -> str:
    """The file name a chart gets: named by its content, so equal charts share one file."""
    digest = hashlib.sha256(source.encode("utf-8")).hexdigest()[:12]
    return f"chart-{digest}.{fmt}"


def render_many(
    sources: Iterable[str],
    out_dir: Path,
    *,
    fmt: str = "svg",
    keep_source: bool = False,
    progress: Progress | None = None,
    method: str = "batched",
    jobs: int | None = None,
    batch_size: int = _BATCH,
    timeout: float | None = DEFAULT_TIMEOUT,
) -> dict[str, str]:
    """Render each distinct DOT text once into `out_dir`; map every text to its file name.

    With `keep_source`, the DOT text is also written beside each rendered file. `progress` is
    called as charts finish; `jobs` caps the `dot` processes running at once (default: cores);
    `batch_size` caps the charts given to one batched `dot` process; `timeout` is the seconds
    any one `dot` process may run (None: no limit). A failure or time-out raises RenderError
    naming the chart.
    """
    if fmt not in FORMATS:
        raise ValueError(f"fmt: expected one of {sorted(FORMATS)}, got {fmt!r}")
    if method not in METHODS:
        raise ValueError(f"method: expected one of {list(METHODS)}, got {method!r}")
    # dict.fromkeys dedupes while keeping first-seen order, so names and errors are stable.
    distinct = list(dict.fromkeys(sources))
    names = {source: chart_name(source, fmt=fmt) for source in distinct}
    out_dir.mkdir(parents=True, exist_ok=True)
    if fmt == "dot" or keep_source:
        for source in distinct:
            (out_dir / chart_name(source, fmt="dot")).write_text(source, encoding="utf-8")
    if fmt == "dot" or not distinct:
        if progress is not None and distinct:
            progress(len(distinct))
        return names
    executable = shutil.which(_DOT)
    if executable is None:
        raise ExecutableNotFound()
    workers = max(1, min(jobs or os.cpu_count() or 1, len(distinct)))
    if method == "per-chart":

        def one(source: str) -> None:
            _run_dot(executable, source, out_dir / names[source], fmt=fmt, timeout=timeout)
            if progress is not None:
                progress(1)

        _each(one, distinct, workers)
        return names

    with tempfile.TemporaryDirectory(prefix=".dot-", dir=out_dir) as scratch:
        inputs = []
        for source in distinct:
            path = Path(scratch) / chart_name(source, fmt="dot")
            path.write_text(source, encoding="utf-8")
            inputs.append(path)
        # Even batches, at least one per worker, none above batch_size charts.
        count = max(workers, -(-len(inputs) // max(1, batch_size)))
        batches = [inputs[i::count] for i in range(count)]

        def batch(paths: Sequence[Path]) -> None:
            _run_batch(executable, paths, out_dir, fmt=fmt, timeout=timeout)
            if progress is not None:
                progress(len(paths))

        _each(batch, [b for b in batches if b], workers)
    return names


def _each(work: Callable[[_T], None], items: Sequence[_T], workers: int) -> None:
    """Run `work` on every item; each job is a separate `dot` process, so threads suffice."""
    if workers == 1:
        for item in items:
            work(item)
        return
    with ThreadPoolExecutor(max_workers=workers) as pool:
        # map() re-raises the first failure in input order, whatever finished first.
        for _ in pool.map(work, items):
            pass


def _run_batch(
    executable: str, paths: Sequence[Path], out_dir: Path, *, fmt: str, timeout: float | None
) -> None:
    """Render several chart files in one `dot` process (-O writes `<input>.<fmt>` beside each)."""
    try:
        returncode, stderr = _dot([executable, f"-T{fmt}", "-O", *map(str, paths)], None, timeout)
    except subprocess.TimeoutExpired:
        # dot takes the files in order, so the first without its output is the one it was on.
        stuck = next((p for p in paths if not Path(f"{p}.{fmt}").exists()), paths[-1])
        raise RenderError(_timed_out(f"{stuck.stem}.{fmt}", timeout)) from None
    if returncode != 0:
        # Find the chart that failed, for a message that names it.
        for path in paths:
            source = path.read_text(encoding="utf-8")
            _run_dot(executable, source, out_dir / f"{path.stem}.{fmt}", fmt=fmt, timeout=timeout)
        raise RenderError(f"dot failed: {_first_line(stderr, returncode)}")
    for path in paths:
        os.replace(f"{path}.{fmt}", out_dir / f"{path.stem}.{fmt}")


def _run_dot(
    executable: str, source: str, target: Path, *, fmt: str, timeout: float | None
) -> None:
    """Run `dot` on one chart and write its output to `target`."""
    try:
        returncode, output = _dot([executable, f"-T{fmt}"], source.encode("utf-8"), timeout)
    except subprocess.TimeoutExpired:
        raise RenderError(_timed_out(target.name, timeout)) from None
    if returncode != 0:
        raise RenderError(f"{target.name}: dot failed: {_first_line(output, returncode)}")
    target.write_bytes(output)


def _dot(args: list[str], data: bytes | None, timeout: float | None) -> tuple[int, bytes]:
    """Run `dot`; return its exit status and its output (stdout, or stderr when it failed).

    On a time-out (or Ctrl-C) subprocess.run kills `dot` before the exception goes on.
    """
    try:
        if data is None:  # the charts are files named in `args`
            done = subprocess.run(args, capture_output=True, check=False, timeout=timeout)
        else:
            done = subprocess.run(
                args, input=data, capture_output=True, check=False, timeout=timeout
            )
    except FileNotFoundError as error:  # removed between which() and here
        raise ExecutableNotFound() from error
    return done.returncode, done.stdout if done.returncode == 0 else done.stderr


def _timed_out(name: str, timeout: float | None) -> str:
    return (
        f"{name}: dot did not finish within {timeout:g} s (--render-timeout); the chart may be"
        " too large to lay out: try --focus POST, or a longer --render-timeout"
    )


def _first_line(stderr: bytes, returncode: int) -> str:
    text = stderr.decode("utf-8", errors="replace").strip()
    return text.splitlines()[0] if text else f"exit status {returncode}"
