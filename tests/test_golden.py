"""Golden DOT files: the CBP 2022 scenario's charts compared, as text, with tests/golden/.

After an intended change to the charts, rewrite them with
``ORGSIM_UPDATE_GOLDEN=1 pytest tests/test_golden.py`` and review the diff.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

import pytest

from orgsim import api
from orgsim.render import change_chart, state_chart, transition_charts

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).parent / "golden"
SCENARIO = ROOT / "scenarios" / "cbp-2022.yaml"


@functools.cache
def cbp_charts() -> dict[str, str]:
    """Every chart the CBP 2022 report draws, by a stable file name."""
    scenario = api.load(SCENARIO)
    history = api.replay_scenario(scenario, until=api.horizon(scenario))
    charts: dict[str, str] = {}
    for t in history.transitions:
        before, after = transition_charts(t)
        stem = f"cbp-2022-{t.seq:02}-{t.event.kind}"
        if before == after:
            charts[f"{stem}.dot"] = before
            continue
        charts[f"{stem}-before.dot"] = before
        charts[f"{stem}-after.dot"] = after
        charts[f"{stem}-change.dot"] = change_chart(t)
    final = history.final
    focus = {"cbp-commissioner", "cbp-deputy-commissioner", "dhs-secretary", "president"}
    charts["cbp-2022-final-focus.dot"] = state_chart(final, posts=focus)
    return charts


def test_cbp_charts_match_the_golden_files(tmp_path: Path) -> None:
    """Each chart's DOT text equals its golden file; no golden file is left without a chart."""
    charts = cbp_charts()
    if os.environ.get("ORGSIM_UPDATE_GOLDEN") == "1":
        GOLDEN.mkdir(exist_ok=True)
        for old in GOLDEN.glob("cbp-2022-*.dot"):
            old.unlink()
        for name, source in charts.items():
            (GOLDEN / name).write_text(source, encoding="utf-8")
    for name, source in charts.items():
        (tmp_path / name).write_text(source, encoding="utf-8")
    expected = sorted(p.name for p in GOLDEN.glob("cbp-2022-*.dot"))
    assert sorted(charts) == expected, "run with ORGSIM_UPDATE_GOLDEN=1 to rewrite tests/golden"
    for name in expected:
        got = (tmp_path / name).read_text(encoding="utf-8")
        want = (GOLDEN / name).read_text(encoding="utf-8")
        if got != want:
            pytest.fail(
                f"{name} differs from tests/golden/{name} (regenerated copy: {tmp_path / name});"
                " if the change is intended, rerun with ORGSIM_UPDATE_GOLDEN=1"
            )


def test_miller_becoming_acting_is_highlighted_in_the_golden_change_chart() -> None:
    """The derived transition's change chart marks Miller's step from deputy to acting head."""
    name = next(n for n in cbp_charts() if "assume-acting-change" in n)
    source = (GOLDEN / name).read_text(encoding="utf-8")
    assert '"post_cbp-deputy-commissioner" -> "post_cbp-commissioner"' in source
    assert "now acting" in source and "Troy Miller" in source
