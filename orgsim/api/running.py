"""`run` as a function: replay a scenario, check its expectations, draw every chart and write
the report folder (atomically), with a page per what-if branch; and `validate`.

In two steps when the caller wants to speak between them (the CLI prints the timeline before
the charts are drawn): `prepare_run` replays and checks, `Run.write` draws and writes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path

import attrs
from attrs import frozen

from orgsim.api.answers import Source, loaded_scenario
from orgsim.api.charts import credit_line, focus_posts, require_renderer
from orgsim.engine import Check, History
from orgsim.errors import ScenarioError, ScenarioErrors
from orgsim.explore import write_branch_pages
from orgsim.holders import write_histories
from orgsim.model import Level
from orgsim.model.lookup import as_date, resolve_post
from orgsim.render import write_run_output
from orgsim.render.atlas import DEFAULT_MAX_BOXES
from orgsim.render.backend import DEFAULT_DPI, DEFAULT_TIMEOUT
from orgsim.render.report import ProgressBar
from orgsim.replays import act_json, check_expectations, event_errors, horizon, replay_scenario
from orgsim.scenario import Scenario
from orgsim.scenario.spec import BranchSpec

__all__ = [
    "BranchOutcome",
    "Report",
    "Run",
    "Validation",
    "prepare_run",
    "run",
    "sources_of",
    "validate",
]


def sources_of(scenario: Scenario) -> dict[str, dict[str, str]]:
    """The scenario's named sources as plain text fields, for the report."""
    return {
        ref: {k: str(v) for k, v in attrs.asdict(info).items() if v is not None}
        for ref, info in scenario.sources.items()
    }


@frozen
class BranchOutcome:
    """One what-if branch of a run: its page in the report and its expectations, checked."""

    branch: BranchSpec
    page: Path
    checks: tuple[Check, ...]

    @property
    def failed(self) -> list[Check]:
        """The branch's expectations that do not hold."""
        return [c for c in self.checks if not c.ok]


@frozen
class Report:
    """What a run wrote: the report's index.html, and the branches' pages and checks."""

    run: Run
    index: Path
    branches: tuple[BranchOutcome, ...]

    @property
    def ok(self) -> bool:
        """Every expectation holds, on the main line and in every branch."""
        return not self.run.failed and not any(b.failed for b in self.branches)


@frozen
class Run:
    """A replayed scenario with its expectations checked, ready to be drawn."""

    scenario: Scenario
    history: History
    checks: tuple[Check, ...]
    until: dt.date
    posts: frozenset[str] | None  # the posts charts are limited to (a focus), or all

    @property
    def failed(self) -> list[Check]:
        """The expectations that do not hold."""
        return [c for c in self.checks if not c.ok]

    @property
    def violations(self) -> int:
        """How many findings are violations of the law."""
        return sum(
            1 for t in self.history.transitions for f in t.findings if f.level is Level.VIOLATION
        )

    def expectation_mark(self, check: Check) -> str | None:
        """Where a checked expectation stands in the scenario file, as `file:line:col`."""
        mark = self.scenario.expectation_mark(self.scenario.expectations.index(check.expectation))
        return str(mark) if mark else None

    def write(
        self,
        out: str | Path = "out",
        *,
        fmt: str = "svg",
        render_timeout: float | None = DEFAULT_TIMEOUT,
        max_boxes: int = DEFAULT_MAX_BOXES,
        dpi: int = DEFAULT_DPI,
        progress: ProgressBar | None = None,
        warn: Callable[[str], None] | None = None,
        tell: Callable[[str], None] | None = None,
    ) -> Report:
        """Draw every chart and write the report into `out` (replaced as a whole, and only
        when it is missing, empty or an earlier report), with a page per what-if branch.

        `progress` gives a callback for charts drawn; `warn` is told of each chart `dot`
        could not draw (named in the report instead); `tell` hears how many charts of how
        many boxes will be drawn before any is built, and a line every few seconds while they
        are planned."""
        require_renderer(fmt)
        loaded, history = self.scenario, self.history
        written: list[tuple[Path, list[Check]]] = []

        def branch_pages(folder: Path) -> list[tuple[str, str]]:
            written.extend(
                write_branch_pages(
                    loaded,
                    history,
                    folder,
                    fmt=fmt,
                    render_timeout=render_timeout,
                    max_boxes=max_boxes,
                )
            )
            return [
                (page.name, branch.title)
                for (page, _), branch in zip(written, loaded.branches, strict=True)
            ]

        def timelines(folder: Path) -> tuple[list[dict[str, str]], int]:
            image = fmt if fmt in ("svg", "png") else "svg"
            return write_histories(
                folder, history, end=self.until, fmt=image, credit=credit_line(loaded)
            )

        index = write_run_output(
            Path(out),
            transitions=history.transitions,
            title=loaded.title,
            sources=sources_of(loaded),
            fmt=fmt,
            checks=[(str(c), c.ok) for c in self.checks],
            summary=loaded.description,
            posts=self.posts,
            progress=progress,
            extra_pages=branch_pages,
            render_timeout=render_timeout,
            warn=warn,
            max_boxes=max_boxes,
            dpi=dpi,
            acts=[act_json(v, history.final) for v in history.acts()],
            histories=timelines,
            tell=tell,
        )
        branches = tuple(
            BranchOutcome(branch, Path(out) / page.name, tuple(checks))
            for (page, checks), branch in zip(written, loaded.branches, strict=True)
        )
        return Report(self, index, branches)


def prepare_run(
    source: Source,
    *,
    until: dt.date | str | None = None,
    focus: str | None = None,
    depth: int = 1,
) -> Run:
    """Replay a scenario to `until` (default: the last date it names) and check its
    expectations; with `focus`, charts will draw only that post's neighbourhood (`depth`
    levels below it) on every date."""
    loaded = loaded_scenario(source)
    end = as_date(until) if until else horizon(loaded)
    history = replay_scenario(loaded, until=end)
    checks = tuple(check_expectations(loaded, history))
    posts: frozenset[str] | None = None
    if focus is not None:
        focus = resolve_post(history.final, focus)
        days = [t.event.date for t in history.transitions] or [loaded.initial.date]
        posts = frozenset(focus_posts(history, focus, days, depth))
    return Run(loaded, history, checks, end, posts)


def run(
    source: Source,
    out: str | Path = "out",
    *,
    until: dt.date | str | None = None,
    focus: str | None = None,
    depth: int = 1,
    fmt: str = "svg",
    render_timeout: float | None = DEFAULT_TIMEOUT,
    max_boxes: int = DEFAULT_MAX_BOXES,
    dpi: int = DEFAULT_DPI,
    progress: ProgressBar | None = None,
    warn: Callable[[str], None] | None = None,
    tell: Callable[[str], None] | None = None,
) -> Report:
    """What `orgsim run` does: replay, check, draw every chart and write the report to
    `out`. `report.ok` says whether every expectation holds; `report.index` is index.html.
    `tell` hears what a long run is doing (see `Run.write`)."""
    loaded = loaded_scenario(source)
    require_renderer(fmt)
    prepared = prepare_run(loaded, until=until, focus=focus, depth=depth)
    return prepared.write(
        out,
        fmt=fmt,
        render_timeout=render_timeout,
        max_boxes=max_boxes,
        dpi=dpi,
        progress=progress,
        warn=warn,
        tell=tell,
    )


@frozen
class Validation:
    """One file's validation: the scenario when it loads and every event can happen, else
    every problem, located."""

    path: str
    scenario: Scenario | None
    problems: tuple[ScenarioError, ...]

    @property
    def ok(self) -> bool:
        """The file has no problem."""
        return not self.problems


def validate(paths: Sequence[str | Path]) -> list[Validation]:
    """Check scenario files: format, ids, dates and every event in order, each file wholly."""
    out = []
    for path in paths:
        try:
            loaded = loaded_scenario(path)
        except ScenarioErrors as err:
            out.append(Validation(str(path), None, tuple(err.errors)))
            continue
        out.append(Validation(str(path), loaded, tuple(event_errors(loaded))))
    return out
