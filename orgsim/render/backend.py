"""The one place that runs Graphviz `dot`: DOT text in, one file per distinct chart out."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from orgsim.errors import ExecutableNotFound, RenderError

__all__ = ["FORMATS", "chart_name", "dot_available", "render_many"]

FORMATS = frozenset({"svg", "png", "pdf", "dot"})
"""The output formats `render_many` writes; "dot" writes the source itself."""

_DOT = "dot"


def dot_available() -> bool:
    """Whether the Graphviz `dot` program is on PATH."""
    return shutil.which(_DOT) is not None


def chart_name(source: str, *, fmt: str = "svg") -> str:
    """The file name a chart gets: named by its content, so equal charts share one file."""
    digest = hashlib.sha256(source.encode("utf-8")).hexdigest()[:12]
    return f"chart-{digest}.{fmt}"


def render_many(
    sources: Iterable[str], out_dir: Path, *, fmt: str = "svg", keep_source: bool = False
) -> dict[str, str]:
    """Render each distinct DOT text once into `out_dir`; map every text to its file name.

    With `keep_source`, the DOT text is also written beside each rendered file.
    """
    if fmt not in FORMATS:
        raise ValueError(f"fmt: expected one of {sorted(FORMATS)}, got {fmt!r}")
    # dict.fromkeys dedupes while keeping first-seen order, so names and errors are stable.
    distinct = list(dict.fromkeys(sources))
    names = {source: chart_name(source, fmt=fmt) for source in distinct}
    out_dir.mkdir(parents=True, exist_ok=True)
    if fmt == "dot" or keep_source:
        for source in distinct:
            (out_dir / chart_name(source, fmt="dot")).write_text(source, encoding="utf-8")
    if fmt == "dot" or not distinct:
        return names
    executable = shutil.which(_DOT)
    if executable is None:
        raise ExecutableNotFound()

    def render(source: str) -> None:
        _run_dot(executable, source, out_dir / names[source], fmt=fmt)

    # Each job is a separate `dot` process, so threads give real parallelism here.
    with ThreadPoolExecutor(max_workers=min(len(distinct), os.cpu_count() or 1)) as pool:
        # map() re-raises the first failure in input order, whatever finished first.
        for _ in pool.map(render, distinct):
            pass
    return names


def _run_dot(executable: str, source: str, target: Path, *, fmt: str) -> None:
    """Run `dot` on one chart and write its output to `target`."""
    try:
        done = subprocess.run(
            [executable, f"-T{fmt}"],
            input=source.encode("utf-8"),
            capture_output=True,
            check=False,
        )
    except FileNotFoundError as error:  # removed between which() and run()
        raise ExecutableNotFound() from error
    if done.returncode != 0:
        stderr = done.stderr.decode("utf-8", errors="replace").strip()
        first = stderr.splitlines()[0] if stderr else f"exit status {done.returncode}"
        raise RenderError(f"{target.name}: dot failed: {first}")
    target.write_bytes(done.stdout)
