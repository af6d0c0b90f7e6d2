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
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

from attrs import frozen

from orgsim.errors import ExecutableNotFound, RenderError, RenderTimeout

__all__ = [
    "DEFAULT_DPI",
    "DEFAULT_TIMEOUT",
    "FORMATS",
    "METHODS",
    "Failure",
    "Progress",
    "Rendered",
    "chart_name",
    "dot_available",
    "render_charts",
    "render_many",
    "render_one",
    "undrawn_text",
]

FORMATS = frozenset({"svg", "png", "pdf", "dot"})
"""The output formats `render_many` writes; "dot" writes the source itself."""

METHODS = ("batched", "per-chart")
"""How `render_many` runs `dot`: many charts per process, or one process per chart."""

DEFAULT_DPI = 192
"""PNG resolution: twice Graphviz's own 96, so a pasted chart stays sharp on today's screens."""

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
    return f"{_content_stem(source)}.{fmt}"


def _content_stem(source: str) -> str:
    return "chart-" + hashlib.sha256(source.encode("utf-8")).hexdigest()[:12]


def render_one(
    source: str,
    *,
    fmt: str = "svg",
    dpi: int = DEFAULT_DPI,
    timeout: float | None = DEFAULT_TIMEOUT,
) -> bytes:
    """One chart's file contents in `fmt` ("dot": the source itself), checked to be whole; a
    chart `dot` cannot draw raises RenderError naming it."""
    if fmt not in FORMATS:
        raise ValueError(f"fmt: expected one of {sorted(FORMATS)}, got {fmt!r}")
    if fmt == "dot":
        return source.encode("utf-8")
    executable = shutil.which(_DOT)
    if executable is None:
        raise ExecutableNotFound()
    command = [executable, *_format_args(fmt, dpi)]
    output = _dot_bytes(_Children(), command, source, chart_name(source, fmt=fmt), fmt, timeout)
    if isinstance(output, Failure):
        raise output.error()
    return output


def _format_args(fmt: str, dpi: int) -> list[str]:
    """-T and, for a bitmap, its resolution: the arguments every `dot` run here starts with."""
    return [f"-T{fmt}", *([f"-Gdpi={dpi}"] if fmt == "png" else [])]


@frozen
class Failure:
    """A chart `dot` could not draw, even alone: its file name and what went wrong."""

    name: str
    reason: str
    timeout: float | None = None  # the time `dot` was allowed, when it ran out of it

    def __str__(self) -> str:
        return f"{self.name}: {self.reason}"

    def error(self) -> RenderError:
        """The failure as an error to raise (a RenderTimeout when `dot` ran out of time)."""
        if self.timeout is not None:
            return RenderTimeout(str(self), name=self.name, seconds=self.timeout)
        return RenderError(str(self))


@frozen
class Rendered:
    """What `render_charts` wrote: each DOT text's file name, and the charts that failed."""

    files: dict[str, str]
    failed: dict[str, Failure]


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

    As `render_charts`, with files named by their content (`chart_name`), but a chart that
    cannot be drawn raises RenderError naming it (the first in input order).
    """
    done = render_charts(
        sources,
        out_dir,
        fmt=fmt,
        keep_source=keep_source,
        progress=progress,
        method=method,
        jobs=jobs,
        batch_size=batch_size,
        timeout=timeout,
    )
    if done.failed:
        raise next(iter(done.failed.values())).error()
    return done.files


def render_charts(
    sources: Iterable[str],
    out_dir: Path,
    *,
    names: Mapping[str, str] | None = None,
    fmt: str = "svg",
    keep_source: bool = False,
    progress: Progress | None = None,
    method: str = "batched",
    jobs: int | None = None,
    batch_size: int = _BATCH,
    timeout: float | None = DEFAULT_TIMEOUT,
    dpi: int = DEFAULT_DPI,
) -> Rendered:
    """Render each distinct DOT text once into `out_dir`; say which file each went to and
    which charts could not be drawn.

    `names` gives a file stem (no suffix) per text; others are named by their content. With
    `keep_source`, the DOT text is also written beside each rendered file. `progress` is
    called as charts finish; `jobs` caps the `dot` processes running at once (default: cores);
    `batch_size` caps the charts given to one batched `dot` process; `timeout` is the seconds
    any one `dot` process may run (None: no limit); `dpi` is a PNG's resolution. A batch that
    fails (Graphviz 2.43 crashes
    on some batches whose charts each render alone) is retried one chart per process; only a
    chart that fails alone too is reported in `failed`, and gets no file.
    """
    if fmt not in FORMATS:
        raise ValueError(f"fmt: expected one of {sorted(FORMATS)}, got {fmt!r}")
    if method not in METHODS:
        raise ValueError(f"method: expected one of {list(METHODS)}, got {method!r}")
    # dict.fromkeys dedupes while keeping first-seen order, so names and errors are stable.
    distinct = list(dict.fromkeys(sources))
    stems = {source: (names or {}).get(source) or _content_stem(source) for source in distinct}
    if len(set(stems.values())) != len(stems):
        raise ValueError("names: two different charts were given the same file name")
    files = {source: f"{stems[source]}.{fmt}" for source in distinct}
    out_dir.mkdir(parents=True, exist_ok=True)
    if fmt == "dot" or keep_source:
        for source in distinct:
            (out_dir / f"{stems[source]}.dot").write_text(source, encoding="utf-8")
    if fmt == "dot" or not distinct:
        if progress is not None and distinct:
            progress(len(distinct))
        return Rendered(files, {})
    executable = shutil.which(_DOT)
    if executable is None:
        raise ExecutableNotFound()
    workers = max(1, min(jobs or os.cpu_count() or 1, len(distinct)))
    args = _format_args(fmt, dpi)
    children = _Children()
    failed: dict[str, Failure] = {}
    lock = threading.Lock()

    def record(failures: Sequence[tuple[str, Failure]], count: int) -> None:
        with lock:
            failed.update(failures)
        if progress is not None:
            progress(count)

    if method == "per-chart":

        def one(source: str) -> None:
            failure = _run_dot(
                children, [executable, *args], source, out_dir / files[source], timeout=timeout
            )
            record([(source, failure)] if failure else [], 1)

        _each(one, distinct, workers, children)
    else:
        with tempfile.TemporaryDirectory(prefix=".dot-", dir=out_dir) as scratch:
            inputs: list[tuple[str, Path]] = []
            for source in distinct:
                path = Path(scratch) / f"{stems[source]}.dot"
                path.write_text(source, encoding="utf-8")
                inputs.append((source, path))
            # Even batches, at least one per worker, none above batch_size charts.
            count = max(workers, -(-len(inputs) // max(1, batch_size)))
            batches = [inputs[i::count] for i in range(count)]

            def batch(items: Sequence[tuple[str, Path]]) -> None:
                failures = _run_batch(
                    children, [executable, *args], items, out_dir, fmt=fmt, timeout=timeout
                )
                record(failures, len(items))

            _each(batch, [b for b in batches if b], workers, children)
    # Report failures in input order, whichever thread met them first.
    return Rendered(files, {s: failed[s] for s in distinct if s in failed})


def undrawn_text(failure: Failure, boxes: int) -> str:
    """What to tell a reader about a chart `dot` could not draw, with what to try instead."""
    return (
        f"{failure.name} ({boxes} boxes) could not be drawn: {failure.reason}. The rest of the"
        " report is complete; to draw this part of the organisation, try"
        " `orgsim chart --focus POST --depth 2`, or a longer render time-out"
    )


class _Children:
    """The `dot` processes of one render call, so that an error, Ctrl-C or SIGTERM in any
    thread stops them all at once instead of waiting for each to finish."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._live: set[subprocess.Popen[bytes]] = set()
        self._stopped = False

    def run(self, args: list[str], data: bytes | None, timeout: float | None) -> tuple[int, bytes]:
        """Run `dot`; return its exit status and its output (stdout, or stderr when it failed).

        On a time-out, Ctrl-C or SIGTERM `dot` is killed before the exception goes on."""
        with self._lock:
            if self._stopped:
                raise RenderError("stopped: rendering was interrupted")
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
    """Run `work` on every item; each job is a separate `dot` process, so threads suffice.
    Anything raised (Ctrl-C, SIGTERM, a full disk) stops every `dot` still running."""
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
    command: list[str],
    items: Sequence[tuple[str, Path]],
    out_dir: Path,
    *,
    fmt: str,
    timeout: float | None,
) -> list[tuple[str, Failure]]:
    """Render several chart files in one `dot` process (-O writes `<input>.<fmt>` beside each);
    when the process fails or leaves a file cut short, render its charts one by one. Returns
    the charts that failed."""
    paths = [path for _, path in items]
    try:
        returncode, _ = children.run([*command, "-O", *map(str, paths)], None, timeout)
    except subprocess.TimeoutExpired:
        returncode = None
    if returncode == 0 and all(_whole_file(Path(f"{path}.{fmt}"), fmt) for path in paths):
        for path in paths:
            os.replace(f"{path}.{fmt}", out_dir / f"{path.stem}.{fmt}")
        return []
    retry = list(items)
    failures: list[tuple[str, Failure]] = []
    if returncode is None:
        # dot takes the files in order and finishes each before the next: the charts before
        # the first without output are complete, and that one took the whole time on its own.
        stuck = next(
            (i for i, path in enumerate(paths) if not Path(f"{path}.{fmt}").exists()),
            len(paths) - 1,
        )
        for path in paths[:stuck]:
            os.replace(f"{path}.{fmt}", out_dir / f"{path.stem}.{fmt}")
        source, path = items[stuck]
        stuck_name = f"{path.stem}.{fmt}"
        failures.append((source, Failure(stuck_name, _timed_out(timeout), timeout or 0.0)))
        retry = list(items[stuck + 1 :])
    for path in paths:
        Path(f"{path}.{fmt}").unlink(missing_ok=True)
    for source, path in retry:
        target = out_dir / f"{path.stem}.{fmt}"
        failure = _run_dot(children, command, source, target, timeout=timeout)
        if failure is not None:
            failures.append((source, failure))
    return failures


def _run_dot(
    children: _Children, command: list[str], source: str, target: Path, *, timeout: float | None
) -> Failure | None:
    """Run `dot` on one chart and write its output to `target`; None, or why it failed. An
    error writing the file (a full disk) is raised: it is the output's fault, not the chart's."""
    fmt = target.suffix.lstrip(".")
    output = _dot_bytes(children, command, source, target.name, fmt, timeout)
    if isinstance(output, Failure):
        return output
    target.write_bytes(output)
    return None


def _dot_bytes(
    children: _Children,
    command: list[str],
    source: str,
    name: str,
    fmt: str,
    timeout: float | None,
) -> bytes | Failure:
    """Run `dot` on one chart given on its standard input: its output, checked to be whole,
    or why there is none."""
    try:
        returncode, output = children.run(command, source.encode("utf-8"), timeout)
    except subprocess.TimeoutExpired:
        return Failure(name, _timed_out(timeout), timeout or 0.0)
    if returncode != 0:
        return Failure(name, f"dot failed: {_first_line(output, returncode)}")
    if not _whole(output, fmt):
        return Failure(
            name, f"dot wrote an incomplete {fmt} file ({len(output):,} bytes); is the disk full?"
        )
    return output


# How each format ends, so that a file `dot` cut short (a full disk) is never taken for a chart.
_ENDINGS = {"svg": b"</svg>", "png": b"IEND\xaeB`\x82", "pdf": b"%%EOF"}


def _whole(data: bytes, fmt: str) -> bool:
    """Whether `data` ends as a whole file of its format does."""
    ending = _ENDINGS.get(fmt)
    return ending is None or ending in data[-64:]


def _whole_file(path: Path, fmt: str) -> bool:
    """Whether `path` is a whole file of its format (a missing file is not)."""
    try:
        with open(path, "rb") as handle:
            size = handle.seek(0, os.SEEK_END)
            handle.seek(max(0, size - 64))
            return _whole(handle.read(), fmt)
    except OSError:
        return False


def _timed_out(timeout: float | None) -> str:
    return (
        f"dot did not finish within {timeout:g} s (the render time-out); the chart may be"
        " too large to lay out: draw a post's neighbourhood, or allow a longer time-out"
    )


def _first_line(stderr: bytes, returncode: int) -> str:
    text = stderr.decode("utf-8", errors="replace").strip()
    return text.splitlines()[0] if text else f"exit status {returncode}"
