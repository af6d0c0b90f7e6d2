"""Two pages of the report to explore the charts, offline: the viewer and the time slider.

- `viewer.html`: the atlas of the organisation, one chart at a time, zoomed and panned with
  svg-pan-zoom (vendored in `static/`, with its licence); a search box finds a post or a
  person and jumps to the chart and box that shows them; clicking a folded office opens its
  chart in place. The charts travel in `viewer-data.js` as text, since a page opened from
  disk may not read the SVG files beside it.
- `slider.html`: one chart per distinct state of the organisation; dragging the slider steps
  through the dates, with what changed at each step listed beside the chart.
"""

from __future__ import annotations

import json
import shutil
import textwrap
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import jinja2
from attrs import frozen

from orgsim.model import State
from orgsim.render.atlas import AtlasPage
from orgsim.render.boxes import TITLE_WIDTH
from orgsim.render.dot import node_name

__all__ = ["SLIDER", "STATIC", "VIEWER", "Step", "write_slider", "write_viewer"]

VIEWER = "viewer.html"
SLIDER = "slider.html"
STATIC = "static"
"""The report's folder of vendored scripts and their licences."""

_HERE = Path(__file__).parent
_VENDORED = ("svg-pan-zoom.min.js", "svg-pan-zoom.LICENSE", "README.md")


@frozen
class Step:
    """One position of the time slider: a date, what happened, the chart after it."""

    date: str
    text: str
    changes: tuple[str, ...]
    chart: str  # file name, relative to the report folder
    alt: str


def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(_HERE / "templates"),
        autoescape=jinja2.select_autoescape(default=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _copy_static(out_dir: Path) -> None:
    """Put the vendored scripts and their licences in the report's `static/` folder."""
    target = out_dir / STATIC
    target.mkdir(parents=True, exist_ok=True)
    for name in _VENDORED:
        shutil.copyfile(_HERE / "static" / name, target / name)


def search_index(state: State, pages: Sequence[AtlasPage]) -> list[dict[str, str]]:
    """One entry per post: what a search matches (id, title, holder) and where it is drawn:
    its own office's chart when it has one, else the chart that draws it."""
    where: dict[str, str] = {}
    for page in pages:
        for post_id in page.posts:
            where.setdefault(post_id, page.stem)
        for top in page.tops:
            where[top] = page.stem
    entries = []
    for post_id in sorted(where):
        if post_id not in state.posts:
            continue
        title = state.title(post_id)
        tenure = state.holdings.get(post_id)
        entries.append(
            {
                "post": post_id,
                "title": title,
                "first": (textwrap.wrap(title, TITLE_WIDTH) or [post_id])[0],
                "holder": state.name(tenure.person) if tenure else "",
                "person": tenure.person if tenure else "",
                "page": where[post_id],
                "node": node_name(post_id),
            }
        )
    return entries


def write_viewer(
    out_dir: Path,
    *,
    title: str,
    state: State,
    pages: Sequence[AtlasPage],
    files: Mapping[str, Path],
    back: str = "index.html",
) -> Path:
    """Write `viewer.html` and its data beside it; `files` maps each page's stem to its SVG.
    Pages without a file (not drawn) are left out. Returns the page's path."""
    charts: dict[str, str] = {}
    for atlas_page in pages:
        path = files.get(atlas_page.stem)
        if path is not None and path.is_file():
            text = path.read_text(encoding="utf-8")
            charts[atlas_page.stem] = text[text.find("<svg") :]
    shown = [p for p in pages if p.stem in charts]
    data: dict[str, Any] = {
        "start": shown[0].stem if shown else None,
        "charts": charts,
        "titles": {p.stem: p.title for p in shown},
        "parents": {
            p.stem: next((q.stem for q in shown if q.key == p.parent), None) for p in shown
        },
        # A link in a chart names the other chart's file; the viewer opens it in place.
        "files": {f"{p.stem}.svg": p.stem for p in shown},
        "index": [e for e in search_index(state, shown) if e["page"] in charts],
    }
    _copy_static(out_dir)
    (out_dir / "viewer-data.js").write_text(
        "window.ORGSIM_VIEWER = " + json.dumps(data, sort_keys=True) + ";\n", encoding="utf-8"
    )
    viewer = out_dir / VIEWER
    viewer.write_text(
        _env().get_template("viewer.html.j2").render(title=title, back=back), encoding="utf-8"
    )
    return viewer


def write_slider(
    out_dir: Path, *, title: str, steps: Sequence[Step], back: str = "index.html"
) -> Path:
    """Write `slider.html`: the steps' charts behind one slider. Returns the page's path."""
    data = [
        {
            "date": s.date,
            "text": s.text,
            "changes": list(s.changes),
            "chart": s.chart,
            "alt": s.alt,
        }
        for s in steps
    ]
    page = out_dir / SLIDER
    page.write_text(
        _env()
        .get_template("slider.html.j2")
        .render(
            title=title,
            back=back,
            steps=data,
            # JSON inside <script>: "</" would end the element early.
            steps_json=json.dumps(data, sort_keys=True).replace("</", "<\\/"),
        ),
        encoding="utf-8",
    )
    return page
