"""The HTML report: one offline folder with the timeline, each event's source, charts, findings."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import jinja2

from orgsim.errors import RenderError
from orgsim.events import Transition, describe
from orgsim.render.backend import render_many
from orgsim.render.dot import transition_charts
from orgsim.render.words import change_words

__all__ = ["MARKER", "write_report", "write_run_output"]

MARKER = ".orgsim-report"
"""A file in every report folder; only folders carrying it are ever replaced wholesale."""

_IMAGE_FORMATS = frozenset({".svg", ".png"})  # browsers show these inline; others get a link
_TEMPLATES = Path(__file__).parent / "templates"


def write_report(
    out_dir: Path,
    *,
    title: str,
    transitions: Sequence[Transition],
    charts: Mapping[int, tuple[str, str]],
    sources: Mapping[str, Mapping[str, str]],
    checks: Sequence[tuple[str, bool]] = (),
    summary: str | None = None,
) -> Path:
    """Write `index.html` into `out_dir` beside the chart files it names; return its path.

    `charts` maps each transition's `seq` to its (before, after) file names, relative to
    `out_dir`; `sources` maps a source ref to its title, publisher, date and url.
    """
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(_TEMPLATES),
        autoescape=jinja2.select_autoescape(default=True),
        undefined=jinja2.StrictUndefined,  # a misspelt field is a bug, not an empty string
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    seq_of_index = {t.index: t.seq for t in transitions if t.index is not None}
    events = [_event_view(t, charts.get(t.seq), sources, seq_of_index) for t in transitions]
    counts = {level: 0 for level in ("violation", "warning", "info")}
    for t in transitions:
        for finding in t.findings:
            counts[str(finding.level)] = counts.get(str(finding.level), 0) + 1
    html = env.get_template("report.html.j2").render(
        title=title,
        summary=summary,
        checks=[{"text": text, "passed": passed} for text, passed in checks],
        passed=sum(1 for _, passed in checks if passed),
        counts=counts,
        events=events,
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / MARKER).write_text("Written by orgsim; safe to delete.\n", encoding="utf-8")
    index = out_dir / "index.html"
    index.write_text(html, encoding="utf-8")
    return index


def write_run_output(
    out_dir: Path,
    *,
    transitions: Sequence[Transition],
    title: str,
    sources: Mapping[str, Mapping[str, str]],
    fmt: str = "svg",
    checks: Sequence[tuple[str, bool]] = (),
    summary: str | None = None,
) -> Path:
    """Render every transition's charts (each distinct one once) and the report, atomically.

    Everything is written to a temporary sibling of `out_dir` that then takes its place, so a
    failure leaves the previous output as it was. Returns the path of `index.html`.
    """
    out_dir = Path(os.path.abspath(out_dir))
    _check_replaceable(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=out_dir.parent, prefix=f".{out_dir.name}.tmp-"))
    try:
        pairs = {t.seq: transition_charts(t) for t in transitions}
        names = render_many((source for pair in pairs.values() for source in pair), tmp, fmt=fmt)
        charts = {seq: (names[before], names[after]) for seq, (before, after) in pairs.items()}
        write_report(
            tmp,
            title=title,
            transitions=transitions,
            charts=charts,
            sources=sources,
            checks=checks,
            summary=summary,
        )
        tmp.chmod(0o755)  # mkdtemp makes it private; a report folder is meant to be shared
        _replace_dir(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out_dir / "index.html"


# --- view model -----------------------------------------------------------------------------


def _event_view(
    t: Transition,
    pair: tuple[str, str] | None,
    sources: Mapping[str, Mapping[str, str]],
    seq_of_index: Mapping[int, int],
) -> dict[str, Any]:
    """What the template shows for one transition, with all lookups already done."""
    event = t.event
    source = event.source
    view: dict[str, Any] = {
        "seq": t.seq,
        "anchor": f"event-{t.seq}",
        "date": event.date.isoformat(),
        "date_note": event.date_note,
        "kind": event.kind,
        "text": describe(event, t.before),
        "note": event.note,
        "derived": t.derived,
        "hypothetical": event.hypothetical,
        "narrative": event.narrative,
        "cause": seq_of_index.get(t.cause) if t.cause is not None else None,
        "quote": source.quote if source else None,
        "citation": _citation(source.ref if source else None, sources),
        "changes": [change_words(c, t.before, t.after) for c in t.changes],
        "findings": [
            {"level": str(f.level), "message": f.message, "citation": f.citation, "rule": f.rule}
            for f in t.findings
        ],
        "worst": _worst(t),
        "charts": [],
    }
    if pair is not None:
        before, after = pair
        if before == after:
            view["charts"] = [_chart("Chart (unchanged by this event)", before, t.after.date)]
        else:
            view["charts"] = [
                _chart("Before", before, t.before.date),
                _chart("After", after, t.after.date),
            ]
    return view


def _chart(caption: str, name: str, date: dt.date) -> dict[str, Any]:
    label = caption.split(" ", 1)[0]
    return {
        "caption": caption,
        "file": name,
        "alt": f"{label}: org chart on {date.isoformat()}",
        "inline": Path(name).suffix in _IMAGE_FORMATS,
    }


def _citation(ref: str | None, sources: Mapping[str, Mapping[str, str]]) -> dict[str, Any] | None:
    """A source ref resolved to title, publisher, date and a safe link, where known."""
    if ref is None:
        return None
    entry = sources.get(ref)
    if entry is None:
        return {"text": ref, "url": None}
    parts = [entry.get("title") or ref, entry.get("publisher"), entry.get("date")]
    url = entry.get("url")
    # Only web links: a scenario must not be able to plant javascript: or file: URLs.
    safe = url if url and url.lower().startswith(("https://", "http://")) else None
    return {"text": ", ".join(str(p) for p in parts if p), "url": safe}


def _worst(t: Transition) -> str | None:
    levels = {str(f.level) for f in t.findings}
    return next((lv for lv in ("violation", "warning", "info") if lv in levels), None)


# --- atomic output ----------------------------------------------------------------------------


def _check_replaceable(out_dir: Path) -> None:
    """Refuse to replace anything but a missing or empty folder or an earlier report."""
    if not out_dir.exists() and not out_dir.is_symlink():
        return
    if out_dir.is_symlink() or not out_dir.is_dir():
        raise RenderError(f"{out_dir}: exists and is not a folder; choose another output path")
    if any(out_dir.iterdir()) and not (out_dir / MARKER).is_file():
        # Replacing is wholesale; a folder orgsim did not write may hold someone's work.
        raise RenderError(
            f"{out_dir}: folder is not empty and was not written by orgsim; refusing to replace it"
        )


def _replace_dir(new: Path, target: Path) -> None:
    """Put `new` where `target` is, keeping the old `target` until the swap has succeeded."""
    if not target.exists():
        os.rename(new, target)
        return
    # The temporary folder's random suffix keeps the backup's name unique too.
    backup = new.with_name(f".{target.name}.old-{new.name.rsplit('.tmp-', 1)[-1]}")
    os.rename(target, backup)
    try:
        os.rename(new, target)
    except BaseException:
        os.rename(backup, target)
        raise
    shutil.rmtree(backup, ignore_errors=True)
