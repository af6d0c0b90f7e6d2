"""The HTML report: one offline folder with the timeline, each event's source, charts, findings."""

from __future__ import annotations

import heapq
import os
import re
import time
from collections.abc import Callable, Collection, Hashable, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

import jinja2
from attrs import frozen

from orgsim.errors import RenderError
from orgsim.events import Transition, describe, describe_legal
from orgsim.files import atomic_folder
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
    undrawn_text,
)
from orgsim.render.dot import (
    ChartCache,
    ChartPlan,
    change_plan,
    count_boxes,
    transition_plans,
)
from orgsim.render.explore import SLIDER, VIEWER, Step, write_slider, write_viewer
from orgsim.render.highlight import Highlight
from orgsim.render.words import capacity_words, change_words

__all__ = [
    "ATLAS_DIR",
    "MARKER",
    "ProgressBar",
    "RunPlan",
    "chart_stem",
    "plan_charts",
    "undrawn_text",
    "write_report",
    "write_run_output",
]

ProgressBar = Callable[[int], AbstractContextManager[Progress | None]]
"""Given the number of charts to render, a context giving a callback to report each one done."""

MARKER = ".orgsim-report"
"""A file in every report folder, listing what the report wrote; only a folder carrying it, and
holding nothing else, is ever replaced wholesale."""

_MARKER_TEXT = "Written by orgsim; safe to delete.\n"
_MANIFEST = "Files:\n"
# What a report wrote before the marker listed its files.
_OLD_REPORT = re.compile(
    r"^((index|slider|viewer|branch-[^/]*)\.html|viewer-data\.js|[^/]+\.(svg|png|pdf|dot)"
    r"|(atlas|history|static|whatif)(/[^/]+\.(svg|png|pdf|dot|js|md|LICENSE))?)$"
)

ATLAS_DIR = "atlas"
"""The subfolder of a report that holds the atlas of the organisation on the last date."""

_IMAGE_FORMATS_NAMES = frozenset({"svg", "png"})
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
    atlas_link: tuple[str, str, int] | None = None,
    explore: Sequence[tuple[str, str]] = (),
    timelines: Sequence[Mapping[str, str]] = (),
    untold: int = 0,
) -> Path:
    """Write `index.html` into `out_dir` beside the chart files it names; return its path.

    `acts` are the acts of office with their verdicts (orgsim.api.act_json), listed in a
    section of their own.

    `links` are (href, label) pairs of further pages in the folder, such as what-if branches.
    `undrawn` maps the file name of each chart that could not be drawn to what to tell the
    reader instead of showing it. `atlas_link` is the (href, title, chart count) of the atlas
    of the organisation on the last date.

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
        atlas=(
            {"href": atlas_link[0], "title": atlas_link[1], "count": atlas_link[2]}
            if atlas_link
            else None
        ),
        explore=[{"href": href, "label": label} for href, label in explore],
        timelines=[dict(t) for t in timelines],
        untold=untold,
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / MARKER).write_text(_MARKER_TEXT, encoding="utf-8")
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
    histories: Callable[[Path], tuple[Sequence[Mapping[str, str]], int]] | None = None,
    tell: Callable[[str], None] | None = None,
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
    an error. `histories` draws posts' timelines into the folder being built and returns, for
    each, its title, file and alt text (and how many posts were left out), for index.html.
    `tell` is given one line saying how many charts of how many boxes will be drawn, before
    any is built (when there are `PLAN_LINE_AFTER` or more), and a line every few seconds
    while the charts are planned.
    Returns the path of `index.html`.
    """
    out_dir = Path(out_dir)
    with atomic_folder(out_dir, check=_check_replaceable) as tmp:
        pages = _final_atlas(transitions, title, posts, max_boxes, fmt)
        where = {
            office: (f"{ATLAS_DIR}/{page.stem}.{fmt}", page.title)
            for page in pages
            for office in page.opens
        }
        plan = plan_charts(
            transitions, title, sources, posts=posts, max_boxes=max_boxes, where=where, tell=tell
        )
        sets = plan.sets
        # A big run says what it is doing at each step; a small one is over in moments.
        talk = tell if len(plan.stems) + len(pages) >= PLAN_LINE_AFTER else None
        if talk is not None:
            talk(plan.summary(extra=len(pages), extra_boxes=sum(p.boxes for p in pages)))
        atlas_sources = {page.source: page.stem for page in pages}
        with progress(len(plan.stems) + len(pages)) if progress else nullcontext() as update:
            done = _draw_planned(
                plan, tmp, fmt=fmt, progress=update, timeout=render_timeout, dpi=dpi
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
        if done.failed and len(done.failed) == len(plan.stems):
            # Nothing could be drawn: Graphviz itself is broken, or every chart is too big.
            raise next(iter(done.failed.values())).error()
        undrawn = {
            failure.name: undrawn_text(failure, done.boxes[key])
            for key, failure in done.failed.items()
        }
        undrawn |= {
            f"{ATLAS_DIR}/{failure.name}": undrawn_text(failure, count_boxes(source))
            for source, failure in drawn_atlas.failed.items()
        }
        for text in undrawn.values():
            if warn is not None:
                warn(text)
        names = done.files
        charts = {seq: tuple(names[key] for key in group) for seq, group in sets.items()}
        explore = _explore_pages(
            tmp, title, transitions, sets, done.files, done.failed, pages, drawn_atlas.failed, fmt
        )
        links = list(extra_pages(tmp)) if extra_pages else []
        if talk is not None and histories is not None:
            talk("drawing the timelines of the posts that changed most")
        timelines, untold = histories(tmp) if histories else ((), 0)
        if talk is not None:
            talk(f"writing index.html ({len(transitions)} transitions)")
        atlas_link = (
            (f"{ATLAS_DIR}/{pages[0].stem}.{fmt}", pages[0].title, len(pages)) if pages else None
        )
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
            atlas_link=atlas_link,
            explore=explore,
            timelines=timelines,
            untold=untold,
        )
        _write_manifest(tmp)
        tmp.chmod(0o755)  # a report folder is meant to be shared
    return Path(os.path.abspath(out_dir)) / "index.html"


def _explore_pages(
    out_dir: Path,
    title: str,
    transitions: Sequence[Transition],
    sets: Mapping[int, Sequence[Hashable]],
    files: Mapping[Hashable, str],
    failed: Mapping[Hashable, Failure],
    pages: Sequence[AtlasPage],
    atlas_failed: Mapping[str, Failure],
    fmt: str,
) -> list[tuple[str, str]]:
    """Write the viewer (SVG only: it reads the charts' text) and the time slider (any image
    format); return their (href, label) links."""
    links: list[tuple[str, str]] = []
    if fmt == "svg" and pages and transitions:
        drawn = {p.source for p in pages} - set(atlas_failed)
        write_viewer(
            out_dir,
            title=title,
            state=transitions[-1].after,
            pages=[p for p in pages if p.source in drawn],
            files={p.stem: out_dir / ATLAS_DIR / f"{p.stem}.svg" for p in pages},
        )
        links.append((VIEWER, "Viewer: zoom, pan and search the organisation"))
    if fmt not in _IMAGE_FORMATS_NAMES:
        return links
    steps: list[Step] = []
    for t in transitions:
        group = sets.get(t.seq, ())
        if not group:
            continue
        chart = group[2] if len(group) > 2 else group[1]
        if not steps and group[0] not in failed:
            steps.append(
                Step(
                    transitions[0].before.date.isoformat(),
                    "The organisation before the first change",
                    (),
                    files[group[0]],
                    f"Org chart before {t.event.date.isoformat()}",
                )
            )
        if chart in failed:
            continue
        changes = tuple(change_words(c, t.before, t.after) for c in t.changes)
        steps.append(
            Step(
                t.event.date.isoformat(),
                describe(t.event, t.before),
                changes,
                files[chart],
                f"Org chart after {t.event.date.isoformat()}. Changes: " + "; ".join(changes),
            )
        )
    if steps:
        write_slider(out_dir, title=title, steps=steps)
        links.append((SLIDER, "Through time: drag a slider across every change"))
    return links


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
        credit=f"{title}. Drawn by orgsim from the scenario's sources.",
        legal=transitions[-1].legal,
    )


_ROLES = ("before", "after", "change")
_SLUG = re.compile(r"[^a-z0-9]+")
_TITLE_WORDS = 110  # characters of an event's description in a chart's title


def chart_stem(t: Transition) -> str:
    """A chart's file stem: date, sequence and a slug of the event and the post it touched
    first ("2022-11-12-005-resign-cbp-commissioner"); the same for the same scenario."""
    touched = sorted(_touched(t))
    slug = _SLUG.sub("-", f"{t.event.kind} {touched[0] if touched else ''}".lower()).strip("-")
    return f"{t.event.date.isoformat()}-{t.seq:03}-{slug[:48].rstrip('-')}"


@frozen
class _Words:
    """What a transition's charts say about themselves: titles and the credit line."""

    before: str
    after: str
    change: str
    credit: str

    @classmethod
    def of(cls, t: Transition, title: str, sources: Mapping[str, Mapping[str, str]]) -> _Words:
        """Titles that tell before from after, and a line naming the scenario and source."""
        text = describe(t.event, t.before)
        if len(text) > _TITLE_WORDS:
            text = text[: _TITLE_WORDS - 1].rstrip() + "…"
        what = f"{t.event.date.isoformat()}: {text}"
        source = t.event.source
        citation = _citation(source.ref if source else None, sources)
        if citation is not None:
            origin = f"Source: {citation['text']}"
        elif t.derived:
            origin = "Derived by the rules from the scenario's events"
        else:
            origin = "Source: the scenario"
        return cls(
            before=f"Before: {what}",
            after=f"After: {what}",
            change=f"What changed: {what}",
            credit=f"{title}. {origin}. Drawn by orgsim.",
        )


def _touched(t: Transition, marks: Highlight | None = None) -> set[str]:
    """Every post a transition changed, on either side (`marks`: its highlight, if known)."""
    marks = marks or Highlight.from_transition(t)
    posts = set(marks.leaving | marks.abolished | marks.moving | marks.arrived | marks.capacity)
    posts |= marks.vacated | marks.added | marks.moved | marks.other
    posts |= {p for step in marks.steps for p in step}
    posts |= {c.post for c in t.changes if c.post}
    return posts


def _chart_plans(
    t: Transition,
    posts: Collection[str] | None,
    max_boxes: int,
    where: Mapping[str, tuple[str, str]],
    words: _Words,
) -> tuple[ChartPlan, ...]:
    """Before, after and what changed, titled and credited; nothing for a transition that
    changed nothing. A large organisation is drawn around the posts the transition touched."""
    if not t.changes:
        return ()
    titles = (words.before, words.after)
    highlight = Highlight.from_transition(t)
    sizes = [
        len(s.posts) if posts is None else len(set(posts) & set(s.posts.keys()))
        for s in (t.before, t.after)
    ]
    if max_boxes <= 0 or max(sizes) <= max_boxes:
        before, after = transition_plans(
            t, posts=posts, titles=titles, credit=words.credit, highlight=highlight
        )
        change = change_plan(
            t, posts=posts, title=words.change, credit=words.credit, highlight=highlight
        )
        return (before, after, change)
    touched = _touched(t, highlight)
    if not touched:
        return ()
    chosen = context_posts(t.before, touched, posts=posts, max_boxes=max_boxes)
    chosen |= context_posts(t.after, touched, posts=posts, max_boxes=max_boxes)
    units = tuple(folded_units(s, chosen, posts=posts, href=where.get) for s in (t.before, t.after))
    before, after = transition_plans(
        t,
        posts=chosen,
        units=(units[0], units[1]),
        titles=titles,
        credit=words.credit,
        highlight=highlight,
    )
    change = change_plan(
        t,
        posts=chosen,
        units=units[1],
        title=words.change,
        credit=words.credit,
        highlight=highlight,
    )
    return (before, after, change)


_TELL_EVERY = 5.0  # seconds between lines on long work
PLAN_LINE_AFTER = 100
"""Charts from which a run says up front how many it will draw (fewer are drawn in moments)."""


@frozen
class RunPlan:
    """The charts a run will draw, decided before any DOT text is built: each transition's
    charts by key (what they show), and each distinct chart's file stem and box count."""

    sets: dict[int, tuple[Hashable, ...]]  # transition seq -> its charts' keys
    stems: dict[Hashable, str]  # each distinct chart, first-seen order -> file stem
    boxes: dict[Hashable, int]  # each distinct chart -> boxes it draws
    # How to lay a transition's charts out again when drawing them (kept small: not the DOT).
    recipes: dict[Hashable, Callable[[], ChartPlan]]

    def summary(self, *, extra: int = 0, extra_boxes: int = 0) -> str:
        """One line: how many charts of how many boxes will be drawn."""
        charts = len(self.stems) + extra
        boxes = sum(self.boxes.values()) + extra_boxes
        largest = max([*self.boxes.values(), 0])
        return (
            f"drawing {charts} chart{'' if charts == 1 else 's'} of {boxes} boxes in all"
            f" (at most {largest} in one)"
        )


def plan_charts(
    transitions: Sequence[Transition],
    title: str,
    sources: Mapping[str, Mapping[str, str]],
    *,
    posts: Collection[str] | None = None,
    max_boxes: int = DEFAULT_MAX_BOXES,
    where: Mapping[str, tuple[str, str]] | None = None,
    tell: Callable[[str], None] | None = None,
) -> RunPlan:
    """Decide every transition's charts without building their text: charts that would show the
    same (equal keys) are drawn once. `tell` hears a line every few seconds."""
    sets: dict[int, tuple[Hashable, ...]] = {}
    stems: dict[Hashable, str] = {}
    boxes: dict[Hashable, int] = {}
    recipes: dict[Hashable, Callable[[], ChartPlan]] = {}
    last = time.monotonic()
    for done, t in enumerate(transitions):
        if tell is not None and time.monotonic() - last >= _TELL_EVERY:
            last = time.monotonic()
            tell(f"planning charts: {done} of {len(transitions)} transitions")
        words = _Words.of(t, title, sources)
        plans = _chart_plans(t, posts, max_boxes, where or {}, words)
        keys = tuple(plan.key() for plan in plans)
        sets[t.seq] = keys
        for key, plan, role in zip(keys, plans, _ROLES, strict=False):
            if key in stems:
                continue
            stems[key] = f"{chart_stem(t)}-{role}"
            boxes[key] = plan.boxes
            recipes[key] = plan.recipe()
    return RunPlan(sets, stems, boxes, recipes)


@frozen
class _Drawn:
    """What drawing a plan wrote: each chart's file name, the charts that failed, their boxes."""

    files: dict[Hashable, str]
    failed: dict[Hashable, Failure]
    boxes: dict[Hashable, int]


_CHUNK = 512  # charts built and handed to `dot` at once: their text is not all kept in memory


def _draw_planned(
    plan: RunPlan,
    out_dir: Path,
    *,
    fmt: str,
    progress: Progress | None,
    timeout: float | None,
    dpi: int,
) -> _Drawn:
    """Build each distinct chart's text and draw it, a chunk at a time."""
    cache = ChartCache()
    files: dict[Hashable, str] = {}
    failed: dict[Hashable, Failure] = {}
    counted: dict[Hashable, int] = {}
    keys = list(plan.stems)
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start : start + _CHUNK]
        texts: dict[Hashable, str] = {}
        for key in chunk:
            texts[key] = plan.recipes[key]().source(cache)
            if progress is not None:
                progress(0)  # building is long work too: a chance to say how far it got
        names = {texts[key]: plan.stems[key] for key in chunk}
        done = render_charts(
            list(names),
            out_dir,
            names=names,
            fmt=fmt,
            progress=progress,
            timeout=timeout,
            dpi=dpi,
        )
        for key in chunk:
            files[key] = done.files[texts[key]]
            if texts[key] in done.failed:
                failed[key] = done.failed[texts[key]]
                counted[key] = count_boxes(texts[key])
    return _Drawn(files, failed, counted)


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
        view["charts"] = [
            _chart("Before", "before", files[0], t.before),
            _chart("After", "after", files[1], t.after),
        ]
        if len(files) > 2:
            view["change_chart"] = _chart(
                "What changed", "change", files[2], t.after, summary=view["changes"]
            )
    for chart in [*view["charts"], *([view["change_chart"]] if view["change_chart"] else [])]:
        chart["undrawn"] = undrawn.get(chart["file"])
    return view


def _chart(
    caption: str, role: str, name: str, state: State, *, summary: Sequence[str] = ()
) -> dict[str, Any]:
    """A chart's file, caption and alt text; the alt text says what the chart shows."""
    # The first few by post id (ids are unique, so no tenure is ever compared).
    holders = [
        f"{state.title(p)}: {state.name(t.person)} ({capacity_words(t.capacity)})"
        for p, t in heapq.nsmallest(_ALT_HOLDERS, state.holdings.items())
    ]
    alt = f"Org chart {role} ({state.date.isoformat()})".replace("  ", " ")
    if summary:
        alt += ". Changes: " + "; ".join(summary)
    elif holders:
        alt += ". " + "; ".join(holders)
    return {
        "caption": caption,
        "role": role,
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


def _contents(folder: Path) -> list[str]:
    """Every file and folder under `folder`, as sorted relative POSIX paths."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


def _write_manifest(folder: Path) -> None:
    """The marker, listing everything in the finished report folder."""
    listed = [name for name in _contents(folder) if name != MARKER]
    text = _MARKER_TEXT + _MANIFEST + "".join(f"{name}\n" for name in listed)
    (folder / MARKER).write_text(text, encoding="utf-8")


def _check_replaceable(out_dir: Path) -> None:
    """Refuse to replace anything but a missing or empty folder or an earlier report that
    holds only what the report wrote (so nobody's own file, such as the scenario being run,
    is ever deleted with it)."""
    if not out_dir.exists() and not out_dir.is_symlink():
        return
    if out_dir.is_symlink() or not out_dir.is_dir():
        raise RenderError(f"{out_dir}: exists and is not a folder; choose another output path")
    found = _contents(out_dir)
    if not found:
        return
    marker = out_dir / MARKER
    if not marker.is_file() or marker.is_symlink():
        # Replacing is wholesale; a folder orgsim did not write may hold someone's work.
        raise RenderError(
            f"{out_dir}: folder is not empty and was not written by orgsim; refusing to replace it"
        )
    text = marker.read_text(encoding="utf-8", errors="replace")
    listed = set(text.split(_MANIFEST, 1)[1].splitlines()) if _MANIFEST in text else None
    for name in found:
        known = _OLD_REPORT.match(name) if listed is None else name in listed
        if name != MARKER and not known:
            raise RenderError(
                f"{out_dir}: holds {name}, which orgsim's report did not write; refusing to"
                " replace the folder (move that file, or choose another output folder)"
            )
