"""`orgsim chart` and `orgsim run --focus`: whole charts, neighbourhoods, formats, refusals."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from orgsim.cli import cli

chart_module = importlib.import_module("orgsim.cli.chart")

CBP = str(Path(__file__).resolve().parent.parent / "scenarios" / "cbp-2022.yaml")


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_focus_chart_as_dot_names_miller_as_acting_commissioner() -> None:
    """The issue's check: --focus cbp-commissioner --depth 1 --format dot prints the DOT."""
    code, out, _ = invoke(
        "chart",
        CBP,
        "--at",
        "2022-11-13",
        "--focus",
        "cbp-commissioner",
        "--depth",
        "1",
        "--format",
        "dot",
    )
    assert code == 0
    assert out.startswith("digraph orgchart {")
    line = next(ln for ln in out.splitlines() if ln.strip().startswith('"post_cbp-commissioner"'))
    assert "Troy Miller" in line and "acting, since 2022-11-12" in line
    # Up the chain, one level down, and the line of succession; nothing further below.
    for post in ("president", "dhs-secretary", "cbp-deputy-commissioner", "usbp-chief"):
        assert re.search(rf'^\s*"?post_{post}"? \[', out, re.MULTILINE), post
    assert "usbp-el-paso-sector-chief" not in out


def test_depth_zero_keeps_the_chain_and_the_line_of_succession() -> None:
    """--depth 0 draws no subordinates except those in the line of succession."""
    code, out, _ = invoke(
        "chart",
        CBP,
        "--at",
        "2022-11-13",
        "--focus",
        "cbp-commissioner",
        "--depth",
        "0",
        "--format",
        "dot",
    )
    assert code == 0
    assert '"post_cbp-deputy-commissioner"' in out and '"post_usbp-chief"' not in out


@pytest.mark.exe
def test_whole_chart_is_written_to_the_output_file(tmp_path: Path) -> None:
    """Without --focus the whole organisation is drawn, to -o in the chosen format."""
    target = tmp_path / "cbp.svg"
    code, _, err = invoke("chart", CBP, "--at", "2022-11-13", "-o", str(target))
    assert code == 0, err
    assert "<svg" in target.read_text(encoding="utf-8")
    assert "Chief Patrol Agent" in target.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["cbp.svg"]


def test_unknown_focus_post_is_an_input_error_with_a_suggestion() -> None:
    """A misspelt post exits 2 and suggests the closest id."""
    code, _, err = invoke("chart", CBP, "--at", "2022-11-13", "--focus", "cbp-comissioner")
    assert code == 2
    assert "cbp-commissioner" in err


def test_png_of_too_many_boxes_is_refused_with_a_suggestion(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Above the PNG limit the command exits 2 with one line naming svg and --focus."""
    monkeypatch.setattr(chart_module, "MAX_PNG_BOXES", 3)
    code, _, err = invoke(
        "chart", CBP, "--at", "2022-11-13", "--format", "png", "-o", str(tmp_path / "x.png")
    )
    assert code == 2
    assert len(err.strip().splitlines()) == 1
    assert "--format svg" in err and "--focus" in err and CBP in err
    assert not (tmp_path / "x.png").exists()


def test_run_with_focus_limits_every_chart_to_the_neighbourhood(tmp_path: Path) -> None:
    """`run --focus --depth` draws only the neighbourhood in every chart of the report."""
    out = tmp_path / "out"
    code, _, err = invoke(
        "run",
        CBP,
        "--out",
        str(out),
        "--format",
        "dot",
        "--focus",
        "cbp-deputy-commissioner",
        "--depth",
        "0",
        "-q",
    )
    assert code == 0, err
    page = (out / "index.html").read_text(encoding="utf-8")
    charts = [out / name for name in set(re.findall(r'href="(chart-[0-9a-f]+\.dot)"', page))]
    assert charts
    for chart in charts:
        text = chart.read_text(encoding="utf-8")
        assert '"post_cbp-deputy-commissioner"' in text
        assert "usbp-el-paso-sector-chief" not in text
