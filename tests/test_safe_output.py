"""Safe output: a `dot` that hangs or fails is reported as one line naming the chart, exit 2,
and the previous report is left byte for byte as it was; nothing beside --out is touched.

The `dot` here is a fake: a shell script written into tmp_path and put first on PATH.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import CBP, MINI_YAML

from orgsim import api, explore
from orgsim.cli import cli
from orgsim.errors import RenderError
from orgsim.render import backend, report

SCENARIO = MINI_YAML + (
    "events:\n"
    "  - {date: 2024-02-01, kind: resign, post: secretary, person: sam}\n"
    "  - {date: 2024-02-03, kind: resign, post: administrator, person: alex}\n"
)
CHART = re.compile(r"(chart-[0-9a-f]{12}|\d{4}-\d\d-\d\d-\d{3}-[a-z0-9-]+)\.svg")

HANGS = "#!/bin/sh\nexec sleep 30\n"  # `exec`: the process orgsim stops is the one sleeping
FAILS = "#!/bin/sh\necho 'Error: <stdin>: syntax error in line 1 near ->' >&2\nexit 1\n"


@pytest.fixture
def fake_dot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """A function that installs a fake `dot` script, first on PATH."""

    def install(script: str) -> None:
        folder = tmp_path / "fake-bin"
        folder.mkdir(exist_ok=True)
        dot = folder / "dot"
        dot.write_text(script, encoding="utf-8")
        dot.chmod(dot.stat().st_mode | stat.S_IXUSR)
        monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ.get('PATH', '')}")

    return install


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every file and folder under `folder`, with each file's bytes."""
    return {
        str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None)
        for p in sorted(folder.rglob("*"))
    }


def run(work: Path, *extra: str) -> Result:
    """`orgsim run` on the scenario in `work`, writing `work/site/out`."""
    return CliRunner().invoke(
        cli,
        ["run", str(work / "s.yaml"), "--out", str(work / "site" / "out"), "-q", *extra],
        catch_exceptions=False,
    )


@pytest.fixture
def previous(tmp_path: Path) -> Path:
    """A scenario and a report from an earlier run of it (DOT charts, so no Graphviz needed),
    beside a file that is not orgsim's; returns the folder holding them."""
    work = tmp_path / "work"
    (work / "site").mkdir(parents=True)
    (work / "s.yaml").write_text(SCENARIO, encoding="utf-8")
    (work / "site" / "notes.txt").write_text("not orgsim's", encoding="utf-8")
    result = run(work, "--format", "dot")
    assert result.exit_code == 0, result.output
    return work


def one_line_failure(result: Result) -> str:
    """The command exited 2 with exactly one line on stderr and no traceback; that line."""
    assert result.exit_code == 2, (result.output, result.stderr)
    assert "Traceback" not in result.output + result.stderr
    (line,) = result.stderr.splitlines()
    return line


@pytest.mark.parametrize("script", [HANGS, FAILS], ids=["hangs", "fails"])
def test_a_dot_that_hangs_or_fails_names_the_chart_and_keeps_the_previous_report(
    previous: Path, fake_dot: Callable[[str], None], script: str
) -> None:
    """One line naming the chart and what went wrong, exit 2; the earlier report and the file
    beside it are byte-identical, and no temporary folder is left."""
    before = snapshot(previous)
    fake_dot(script)
    line = one_line_failure(run(previous, "--render-timeout", "0.5"))
    assert CHART.search(line), line
    if script == HANGS:
        assert "did not finish within 0.5 s" in line
        assert "--render-timeout" in line
    else:
        assert "dot failed: Error: <stdin>: syntax error in line 1" in line
    assert snapshot(previous) == before


def test_an_interrupted_run_leaves_the_previous_report_byte_identical(
    previous: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C while the charts are being written: exit 130, the half-written folder is gone and
    the earlier report is as it was."""
    before = snapshot(previous)

    def interrupted(sources: object, out_dir: Path, **_: object) -> dict[str, str]:
        (out_dir / "chart-half.svg").write_text("<svg", encoding="utf-8")
        raise KeyboardInterrupt

    monkeypatch.setattr(report, "render_charts", interrupted)
    result = run(previous, "--format", "dot")
    assert result.exit_code == 130
    assert "interrupted" in result.stderr
    assert snapshot(previous) == before


def test_a_failure_while_writing_the_report_leaves_the_previous_one(
    previous: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A RenderError after the charts (here from the report writer): exit 2, one line, and the
    previous report untouched."""
    before = snapshot(previous)

    def broken(*_: object, **__: object) -> Path:
        raise RenderError("index.html: disk full")

    monkeypatch.setattr(report, "write_report", broken)
    assert "disk full" in one_line_failure(run(previous, "--format", "dot"))
    assert snapshot(previous) == before


def test_a_successful_run_touches_nothing_beside_out(previous: Path) -> None:
    """A second run replaces --out and leaves the other files of its folder, and no temporary
    or backup folder, behind."""
    outside = {k: v for k, v in snapshot(previous).items() if not k.startswith("site/out")}
    result = run(previous, "--format", "dot")
    assert result.exit_code == 0, result.output
    after = snapshot(previous)
    assert {k: v for k, v in after.items() if not k.startswith("site/out")} == outside
    assert sorted(p.name for p in (previous / "site").iterdir()) == ["notes.txt", "out"]


@pytest.mark.parametrize("value", ["0", "-1", "soon"])
def test_render_timeout_must_be_a_positive_number(previous: Path, value: str) -> None:
    """A usage error (exit 2) before anything is run."""
    result = run(previous, "--render-timeout", value)
    assert result.exit_code == 2
    assert "--render-timeout" in result.stderr


@pytest.mark.parametrize("method", backend.METHODS)
def test_render_many_stops_a_hanging_dot_and_names_a_chart(
    tmp_path: Path, fake_dot: Callable[[str], None], method: str
) -> None:
    """Batched or one chart per process, a time-out raises RenderError naming a chart."""
    fake_dot(HANGS)
    sources = ["digraph { a }\n", "digraph { b }\n"]
    with pytest.raises(RenderError, match=CHART.pattern) as caught:
        backend.render_many(sources, tmp_path / "charts", method=method, timeout=0.3)
    assert "0.3 s" in str(caught.value)
    assert not list((tmp_path / "charts").iterdir()), "no chart or scratch file is left"


def test_what_if_pages_keep_to_the_render_timeout(
    tmp_path: Path, fake_dot: Callable[[str], None]
) -> None:
    """The branch pages' charts get the same --render-timeout as the main report's."""
    loaded = api.load(CBP)
    assert loaded.branches, "the CBP scenario has a what-if branch"
    history = api.replay_scenario(loaded, until=api.horizon(loaded))
    fake_dot(HANGS)
    with pytest.raises(RenderError, match=r"did not finish within 0\.5 s"):
        explore.write_branch_pages(loaded, history, tmp_path / "out", render_timeout=0.5)
