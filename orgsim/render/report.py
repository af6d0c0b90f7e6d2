"""The HTML report: one offline folder with the timeline, each event's source, charts, findings."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Collection, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

import jinja2

from orgsim.errors import RenderError
from orgsim.events import Transition, describe, describe_legal
from orgsim.model import State
from orgsim.render.atlas import (
    DEFAULT_MAX_BOXES,
    AtlasPage,
    atlas,
    context_posts,
    folded_units,
)
from orgsim.render.backend import (
    DEFAULT_DPI,
    DEFAULT_TIMEOUT,
    Failure,
    Progress,
    render_charts,
)
from orgsim.render.dot import change_chart, count_boxes, transition_charts
from orgsim.render.highlight import Highlight
from orgsim.render.words import capacity_words, change_words

__all__ = ["ATLAS_DIR", "MARKER", "ProgressBar", "write_report", "write_run_output"]

ProgressBar = Callable[[int], AbstractContextManager[Progress | None]]
"""Given the number of charts to render, a context giving a callback to report each one done."""

MARKER = ".orgsim-report"
"""A file in every report folder; only folders carrying it are ever replaced wholesale."""

ATLAS_DIR = "atlas"
"""The subfolder of a report that holds the atlas of the organisation on the last date."""

_IMAGE_FORMATS = frozenset({".svg", ".png"})  # browsers show these inline; others get a link
_TEMPLATES = Path(__file__).parent / "templates"
_ALT_HOLDERS = 12  # holders named in a chart's alt text; a screen reader user can open the chart


def write_report(
    out_dir: Path,
    *,
    title: str,
    transitions: Sequence[Transition],
    charts: Mapping[int, Sequence[str]],
    sources: Mapping[str, Mapping[str, str]],
    checks: Sequence[tuple[str, bool]] = (),
    summary: str | None = None,
    links: Sequence[tuple[str, str]] = (),
    undrawn: Mapping[str, str] = (),  # type: ignore[assignment]  # an empty mapping
    acts: Sequence[Mapping[str, Any]] = (),
) -> Path:
    """Write `index.html` into `out_dir` beside the chart files it names; return its path.

    `acts` are the acts of office with their verdicts (orgsim.api.act_json), listed in a
    section of their own.

    `links` are (href, label) pairs of further pages in the folder, such as what-if branches.
    `undrawn` maps the file name of each chart that could not be drawn to what to tell the
    reader instead of showing it.

    `charts` maps each transition's `seq` to its (before, after) file names, and optionally the
    change chart's, relative to `out_dir`; `sources` maps a source ref to its title, publisher,
    date and url.
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
    undrawn = dict(undrawn or {})
    events = [
        _event_view(t, charts.get(t.seq), sources, seq_of_index, undrawn) for t in transitions
    ]
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
        links=[{"href": href, "label": label} for href, label in links],
        undrawn=sorted(undrawn.values()),
        acts=list(acts),
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
    posts: Collection[str] | None = None,
    progress: ProgressBar | None = None,
    extra_pages: Callable[[Path], Sequence[tuple[str, str]]] | None = None,
    render_timeout: float | None = DEFAULT_TIMEOUT,
    warn: Callable[[str], None] | None = None,
    max_boxes: int = DEFAULT_MAX_BOXES,
    dpi: int = DEFAULT_DPI,
    acts: Sequence[Mapping[str, Any]] = (),
) -> Path:
    """Render every transition's charts (each distinct one once) and the report, atomically.

    Each transition gets a before and an after chart, and one change chart when it changed
    anything; `posts` limits every chart to those posts. Everything is written to a temporary
    sibling of `out_dir` that then takes its place, so a failure leaves the previous output as
    it was. `extra_pages` writes further pages into the folder being built and returns their
    (href, label) links for index.html. `render_timeout` is the seconds any one `dot` process
    may run. An organisation of more than `max_boxes` posts (0: no limit) is drawn around each
    change (the chain of command, the team and the colleagues of every post it touched, the
    rest folded into offices), and the organisation on the last date as an atlas of linked
    charts in `atlas/`. A chart `dot` cannot draw even on its own is named in the report (and
    passed to `warn`) in place of its picture; only when no chart at all can be drawn is that
    an error.
    Returns the path of `index.html`.
    """
    out_dir = Path(os.path.abspath(out_dir))
    _check_replaceable(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=out_dir.parent, prefix=f".{out_dir.name}.tmp-"))
    try:
        pages = _final_atlas(transitions, title, posts, max_boxes, fmt)
        where = {
            office: (f"{ATLAS_DIR}/{page.stem}.{fmt}", page.title)
            for page in pages
            for office in page.opens
        }
        sets = {t.seq: _chart_sources(t, posts, max_boxes, where) for t in transitions}
        distinct = list(dict.fromkeys(source for group in sets.values() for source in group))
        atlas_sources = {page.source: page.stem for page in pages}
        with progress(len(distinct) + len(pages)) if progress else nullcontext() as update:
            done = render_charts(
                distinct, tmp, fmt=fmt, progress=update, timeout=render_timeout, dpi=dpi
            )
            drawn_atlas = render_charts(
                atlas_sources,
                tmp / ATLAS_DIR,
                names=atlas_sources,
                fmt=fmt,
                progress=update,
                timeout=render_timeout,
                dpi=dpi,
            )
        if done.failed and len(done.failed) == len(distinct):
            # Nothing could be drawn: Graphviz itself is broken, or every chart is too big.
            raise RenderError(str(next(iter(done.failed.values()))))
        undrawn = {
            failure.name: undrawn_text(failure, count_boxes(source))
            for source, failure in done.failed.items()
        }
        undrawn |= {
            f"{ATLAS_DIR}/{failure.name}": undrawn_text(failure, count_boxes(source))
            for source, failure in drawn_atlas.failed.items()
        }
        for text in undrawn.values():
            if warn is not None:
                warn(text)
        names = done.files
        charts = {seq: tuple(names[source] for source in group) for seq, group in sets.items()}
        links: list[tuple[str, str]] = []
        if pages:
            links.append((f"{ATLAS_DIR}/{pages[0].stem}.{fmt}", pages[0].title))
        if extra_pages:
            links.extend(extra_pages(tmp))
        write_report(
            tmp,
            title=title,
            transitions=transitions,
            charts=charts,
            sources=sources,
            checks=checks,
            summary=summary,
            links=links,
            undrawn=undrawn,
            acts=acts,
        )
        tmp.chmod(0o755)  # mkdtemp makes it private; a report folder is meant to be shared
        _replace_dir(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out_dir / "index.html"


def undrawn_text(failure: Failure, boxes: int) -> str:
    """What to tell a reader about a chart `dot` could not draw, with what to try instead."""
    return (
        f"{failure.name} ({boxes} boxes) could not be drawn: {failure.reason}. The rest of the"
        " report is complete; to draw this part of the organisation, try"
        " `orgsim chart --focus POST --depth 2`, or a longer --render-timeout"
    )


def _final_atlas(
    transitions: Sequence[Transition],
    title: str,
    posts: Collection[str] | None,
    max_boxes: int,
    fmt: str,
) -> list[AtlasPage]:
    """The atlas of the organisation on the last date: one chart, or an overview and more."""
    if not transitions:
        return []
    final = transitions[-1].after
    return atlas(
        final,
        title=f"{title}: the organisation on {final.date.isoformat()}",
        posts=posts,
        max_boxes=max_boxes,
        suffix=f".{fmt}",
    )


def _touched(t: Transition) -> set[str]:
    """Every post a transition changed, on either side."""
    marks = Highlight.from_transition(t)
    posts = set(marks.leaving | marks.abolished | marks.moving | marks.arrived | marks.capacity)
    posts |= marks.vacated | marks.added | marks.moved | marks.other
    posts |= {p for step in marks.steps for p in step}
    posts |= {c.post for c in t.changes if c.post}
    return posts


def _chart_sources(
    t: Transition,
    posts: Collection[str] | None,
    max_boxes: int,
    where: Mapping[str, tuple[str, str]],
) -> tuple[str, ...]:
    """Before and after, and the change chart when the transition changed anything; for a
    large organisation, drawn around the posts it touched (nothing when it touched none)."""
    sizes = [
        len(s.posts) if posts is None else len(set(posts) & set(s.posts.keys()))
        for s in (t.before, t.after)
    ]
    if max_boxes <= 0 or max(sizes) <= max_boxes:
        before, after = transition_charts(t, posts=posts)
        if before == after or not t.changes:
            return (before, after)
        return (before, after, change_chart(t, posts=posts))
    touched = _touched(t)
    if not touched:
        return ()
    chosen = context_posts(t.before, touched, posts=posts, max_boxes=max_boxes)
    chosen |= context_posts(t.after, touched, posts=posts, max_boxes=max_boxes)
    units = tuple(folded_units(s, chosen, posts=posts, href=where.get) for s in (t.before, t.after))
    before, after = transition_charts(t, posts=chosen, units=(units[0], units[1]))
    return (before, after, change_chart(t, posts=chosen, units=units[1]))


# --- view model -----------------------------------------------------------------------------


def _event_view(
    t: Transition,
    files: Sequence[str] | None,
    sources: Mapping[str, Mapping[str, str]],
    seq_of_index: Mapping[int, int],
    undrawn: Mapping[str, str],
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
        "timeline": t.timeline,
        "legal": describe_legal(t),
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
        "change_chart": None,
    }
    if files:
        before, after = files[0], files[1]
        if before == after:
            view["charts"] = [_chart("Chart (unchanged by this event)", "", before, t.after)]
        else:
            view["charts"] = [
                _chart("Before", "before", before, t.before),
                _chart("After", "after", after, t.after),
            ]
        if len(files) > 2:
            view["change_chart"] = _chart(
                "What changed: the chart after, marking who left and who arrived",
                "change",
                files[2],
                t.after,
                summary=view["changes"],
            )
    for chart in [*view["charts"], *([view["change_chart"]] if view["change_chart"] else [])]:
        chart["undrawn"] = undrawn.get(chart["file"])
    return view


def _chart(
    caption: str, role: str, name: str, state: State, *, summary: Sequence[str] = ()
) -> dict[str, Any]:
    """A chart's file, caption and alt text; the alt text says what the chart shows."""
    holders = [
        f"{state.title(p)}: {state.name(t.person)} ({capacity_words(t.capacity)})"
        for p, t in sorted(state.holdings.items())
    ][:_ALT_HOLDERS]
    alt = f"Org chart {role} ({state.date.isoformat()})".replace("  ", " ")
    if summary:
        alt += ". Changes: " + "; ".join(summary)
    elif holders:
        alt += ". " + "; ".join(holders)
    return {
        "caption": caption,
        "file": name,
        "alt": alt,
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
