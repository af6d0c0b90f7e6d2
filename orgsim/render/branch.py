"""A what-if branch's page: for each branch event, the main line's chart and the branch's chart
on that date side by side, with what the branch changed and what the rules say about it.

Written beside the main report (`index.html`) as `branch-<id>.html`; `branch_page_name` gives
the file name, for links.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from pathlib import Path

import jinja2
from attrs import frozen

from orgsim.model import Change, Finding, Legal, State
from orgsim.render.atlas import DEFAULT_MAX_BOXES, context_posts, folded_units
from orgsim.render.backend import DEFAULT_TIMEOUT, render_charts, undrawn_text
from orgsim.render.boxes import Unit
from orgsim.render.dot import count_boxes, state_chart
from orgsim.render.highlight import Highlight
from orgsim.render.words import change_words

__all__ = ["CHART_DIR", "BranchRow", "branch_page_name", "write_branch_page"]

_TEMPLATES = Path(__file__).parent / "templates"
_UNSAFE = re.compile(r"[^A-Za-z0-9.-]+")
_LONGEST = 200  # characters of the id kept in a page's name
_IMAGE_FORMATS = frozenset({"svg", "png"})
CHART_DIR = "whatif"
"""The subfolder of the report folder that holds the branch pages' charts."""


@frozen
class BranchRow:
    """One branch event: what it says, the main line and the branch on its date."""

    date_text: str
    text: str
    main: State
    branch: State
    changes: tuple[Change, ...] = ()  # the branch's state against the main line's
    findings: tuple[Finding, ...] = ()
    hypothetical: bool = True
    main_legal: Legal | None = None  # what the law says on each side, for the charts
    branch_legal: Legal | None = None


def _around(
    row: BranchRow, max_boxes: int
) -> tuple[set[str] | None, tuple[dict[str, Unit] | None, dict[str, Unit] | None]]:
    """For a large organisation, the posts around what the row changes, and the offices
    folded on each side; for a small one, everything."""
    size = max(len(row.main.posts), len(row.branch.posts))
    touched = {c.post for c in row.changes if c.post}
    if max_boxes <= 0 or size <= max_boxes or not touched:
        return None, (None, None)
    chosen = context_posts(row.main, touched, max_boxes=max_boxes)
    chosen |= context_posts(row.branch, touched, max_boxes=max_boxes)
    return chosen, (folded_units(row.main, chosen), folded_units(row.branch, chosen))


def branch_page_name(branch_id: str) -> str:
    """The file name of a branch's page: `branch-<id>.html`, the id made safe for a path.

    Letters, digits, `-` and `.` stay; any other character becomes `_` and its UTF-8 bytes in
    hex, so two different ids never share a page. A very long id is cut and a digest of the
    whole added, to stay within a file name's 255 bytes.
    """
    safe = _UNSAFE.sub(
        lambda m: "".join(f"_{b:02x}" for b in m.group().encode("utf-8", "surrogatepass")),
        branch_id,
    )
    if len(safe) > _LONGEST:
        digest = hashlib.sha256(branch_id.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        safe = f"{safe[: _LONGEST - 17]}-{digest}"
    return f"branch-{safe}.html"


def write_branch_page(
    out_dir: Path,
    *,
    branch_id: str,
    title: str,
    rows: Sequence[BranchRow],
    description: str | None = None,
    start: str = "",
    checks: Sequence[tuple[str, bool]] = (),
    fmt: str = "svg",
    back: str = "index.html",
    render_timeout: float | None = DEFAULT_TIMEOUT,
    max_boxes: int = DEFAULT_MAX_BOXES,
) -> Path:
    """Render both charts of every row (each distinct chart once) and write the page;
    `render_timeout` is the seconds any one `dot` process may take (None: no limit). An
    organisation of more than `max_boxes` posts is drawn around the posts the row changes.
    A chart `dot` cannot draw is named on the page instead of shown."""
    pairs = []
    for row in rows:
        marks = Highlight.from_changes(row.changes)
        posts, units = _around(row, max_boxes)
        pairs.append(
            (
                state_chart(
                    row.main,
                    title=f"Main line on {row.date_text}",
                    highlight=marks.before_side(),
                    legal=row.main_legal,
                    posts=posts,
                    units=units[0],
                ),
                state_chart(
                    row.branch,
                    title=f"What if: {row.date_text}",
                    highlight=marks.after_side(),
                    legal=row.branch_legal,
                    posts=posts,
                    units=units[1],
                ),
            )
        )
    # A folder of their own: index.html accounts for every chart beside it, and these are not its.
    safe = branch_page_name(branch_id).removesuffix(".html")
    stems: dict[str, str] = {}
    for i, (main, branch) in enumerate(pairs, 1):
        stems.setdefault(main, f"{safe}-{i:03}-main")
        stems.setdefault(branch, f"{safe}-{i:03}-what-if")
    done = render_charts(stems, out_dir / CHART_DIR, names=stems, fmt=fmt, timeout=render_timeout)
    if done.failed and len(done.failed) == len(stems):
        raise next(iter(done.failed.values())).error()
    names = {source: f"{CHART_DIR}/{name}" for source, name in done.files.items()}
    undrawn = {
        names[source]: undrawn_text(failure, count_boxes(source))
        for source, failure in done.failed.items()
    }
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(_TEMPLATES),
        autoescape=jinja2.select_autoescape(default=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    views = [
        {
            "anchor": f"step-{i}",
            "date": row.date_text,
            "text": row.text,
            "hypothetical": row.hypothetical,
            "main": names[main],
            "branch": names[branch],
            "undrawn": {n: undrawn[n] for n in (names[main], names[branch]) if n in undrawn},
            "inline": fmt in _IMAGE_FORMATS,
            "changes": [change_words(c, row.main, row.branch) for c in row.changes],
            "findings": [
                {"level": str(f.level), "message": f.message, "citation": f.citation}
                for f in row.findings
            ],
        }
        for i, (row, (main, branch)) in enumerate(zip(rows, pairs, strict=True), 1)
    ]
    html = env.get_template("branch.html.j2").render(
        title=title,
        description=description,
        start=start,
        back=back,
        checks=[{"text": text, "passed": ok} for text, ok in checks],
        passed=sum(1 for _, ok in checks if ok),
        rows=views,
    )
    page = out_dir / branch_page_name(branch_id)
    page.write_text(html, encoding="utf-8")
    return page
