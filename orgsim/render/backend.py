"""The one place that runs Graphviz `dot`: DOT text in, one file per distinct chart out.

Starting `dot` costs far more than laying out a 30-post chart, so distinct charts are written
to files and rendered many to a process (`dot -Tsvg -O a.dot b.dot ...`), with the batches
spread over the cores. `python -m orgsim.bench_render` measures the alternatives.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
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
    "render_one",
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


def render_one(source: str, *, fmt: str = "svg", timeout: float | None = DEFAULT_TIMEOUT) -> bytes:
    """One chart's file contents in `fmt` ("dot": the source itself), checked to be whole."""
    if fmt not in FORMATS:
        raise ValueError(f"fmt: expected one of {sorted(FORMATS)}, got {fmt!r}")
    if fmt == "dot":
        return source.encode("utf-8")
    executable = shutil.which(_DOT)
    if executable is None:
        raise ExecutableNotFound()
    return _dot_bytes(_Children(), executable, source, chart_name(source, fmt=fmt), fmt, timeout)


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
    children = _Children()
    if method == "per-chart":

        def one(source: str) -> None:
            _run_dot(
                children, executable, source, out_dir / names[source], fmt=fmt, timeout=timeout
            )
            if progress is not None:
                progress(1)

        _each(one, distinct, workers, children)
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
            _run_batch(children, executable, paths, out_dir, fmt=fmt, timeout=timeout)
            if progress is not None:
                progress(len(paths))

        _each(batch, [b for b in batches if b], workers, children)
    return names


class _Children:
    """The `dot` processes of one render_many call, so that a failure, Ctrl-C or SIGTERM in
    any thread stops them all at once instead of waiting for each to finish."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._live: set[subprocess.Popen[bytes]] = set()
        self._stopped = False

    def run(self, args: list[str], data: bytes | None, timeout: float | None) -> tuple[int, bytes]:
        """Run `dot`; return its exit status and its output (stdout, or stderr on failure)."""
        with self._lock:
            if self._stopped:
                raise RenderError("stopped: another chart failed")
            try:
                process = subprocess.Popen(
                    args,
                    stdin=subprocess.PIPE if data is not None else subprocess.DEVNULL,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    # Safe beside threads: it only calls prctl, looked up before any fork.
                    preexec_fn=_die_with_parent,
                )
            except FileNotFoundError as error:  # removed between which() and here
                raise ExecutableNotFound() from error
            self._live.add(process)
        try:
            stdout, stderr = process.communicate(data, timeout=timeout)
        except BaseException:  # a time-out, or Ctrl-C or SIGTERM in the main thread
            process.kill()
            process.communicate()
            raise
        finally:
            with self._lock:
                self._live.discard(process)
        return process.returncode, stdout if process.returncode == 0 else stderr

    def stop(self) -> None:
        """Kill every `dot` still running and start no more."""
        with self._lock:
            self._stopped = True
            for process in self._live:
                process.kill()


def _each(
    work: Callable[[_T], None], items: Sequence[_T], workers: int, children: _Children
) -> None:
    """Run `work` on every item; each job is a separate `dot` process, so threads suffice."""
    try:
        if workers == 1:
            for item in items:
                work(item)
            return
        with ThreadPoolExecutor(max_workers=workers) as pool:
            try:
                # map() re-raises the first failure in input order, whatever finished first.
                for _ in pool.map(work, items):
                    pass
            except BaseException:
                children.stop()
                pool.shutdown(wait=True, cancel_futures=True)
                raise
    except BaseException:
        children.stop()
        raise


def _prctl() -> Callable[..., int] | None:
    """libc's prctl, looked up once (never between fork and exec), or None off Linux."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        function: Callable[..., int] = libc.prctl
    except (OSError, AttributeError):
        return None
    return function


_PRCTL = _prctl()
_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """In the child before exec: have the kernel kill `dot` if orgsim dies (even by SIGKILL),
    so that no orphan goes on writing into a folder nobody will use."""
    if _PRCTL is not None:
        _PRCTL(_PR_SET_PDEATHSIG, signal.SIGKILL)


def _run_batch(
    children: _Children,
    executable: str,
    paths: Sequence[Path],
    out_dir: Path,
    *,
    fmt: str,
    timeout: float | None,
) -> None:
    """Render several chart files in one `dot` process (-O writes `<input>.<fmt>` beside each)."""
    try:
        returncode, stderr = children.run(
            [executable, f"-T{fmt}", "-O", *map(str, paths)], None, timeout
        )
    except subprocess.TimeoutExpired:
        # dot takes the files in order, so the first without its output is the one it was on.
        stuck = next((p for p in paths if not Path(f"{p}.{fmt}").exists()), paths[-1])
        raise RenderError(_timed_out(f"{stuck.stem}.{fmt}", timeout)) from None
    if returncode != 0:
        # Find the chart that failed, for a message that names it.
        for path in paths:
            source = path.read_text(encoding="utf-8")
            target = out_dir / f"{path.stem}.{fmt}"
            _run_dot(children, executable, source, target, fmt=fmt, timeout=timeout)
        raise RenderError(f"dot failed: {_first_line(stderr, returncode)}")
    for path in paths:
        written = Path(f"{path}.{fmt}")
        _check_complete(written.read_bytes() if written.is_file() else b"", written, fmt)
        os.replace(written, out_dir / f"{path.stem}.{fmt}")


def _run_dot(
    children: _Children,
    executable: str,
    source: str,
    target: Path,
    *,
    fmt: str,
    timeout: float | None,
) -> None:
    """Run `dot` on one chart and write its output to `target`."""
    target.write_bytes(_dot_bytes(children, executable, source, target.name, fmt, timeout))


def _dot_bytes(
    children: _Children,
    executable: str,
    source: str,
    name: str,
    fmt: str,
    timeout: float | None,
) -> bytes:
    """Run `dot` on one chart; its output, checked to be whole; errors name the chart."""
    try:
        returncode, output = children.run([executable, f"-T{fmt}"], source.encode("utf-8"), timeout)
    except subprocess.TimeoutExpired:
        raise RenderError(_timed_out(name, timeout)) from None
    if returncode != 0:
        raise RenderError(f"{name}: dot failed: {_first_line(output, returncode)}")
    _check_complete(output, Path(name), fmt)
    return output


# How each format ends, so that a file `dot` cut short (a full disk) is never taken for a chart.
_ENDINGS = {"svg": b"</svg>", "png": b"IEND\xaeB`\x82", "pdf": b"%%EOF"}


def _check_complete(data: bytes, path: Path, fmt: str) -> None:
    """Raise RenderError unless `data` is a whole file of its format."""
    ending = _ENDINGS.get(fmt)
    if ending is not None and ending not in data[-64:]:
        name = f"{Path(path.stem).stem}.{fmt}" if path.name.endswith(f".dot.{fmt}") else path.name
        raise RenderError(
            f"{name}: dot wrote an incomplete {fmt} file ({len(data):,} bytes); is the disk full?"
        )


def _timed_out(name: str, timeout: float | None) -> str:
    return (
        f"{name}: dot did not finish within {timeout:g} s (--render-timeout); the chart may be"
        " too large to lay out: try --focus POST, or a longer --render-timeout"
    )


def _first_line(stderr: bytes, returncode: int) -> str:
    text = stderr.decode("utf-8", errors="replace").strip()
    return text.splitlines()[0] if text else f"exit status {returncode}"
