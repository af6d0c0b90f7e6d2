"""`orgsim chart` and `orgsim run --focus`: whole charts, neighbourhoods, formats, refusals."""

from __future__ import annotations

import importlib
import json
import re
import struct
from pathlib import Path

import pytest
from click.testing import CliRunner

from orgsim.cli import cli
from orgsim.synth import synthesize

charts_module = importlib.import_module("orgsim.api.charts")

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


def test_a_chart_says_what_the_law_makes_of_a_holder_on_that_day() -> None:
    """Before the limit Miller's box says nothing against him; after it, the box says his
    service is not lawful and that nobody may lawfully act, as the report's charts do."""

    def box(day: str) -> str:
        code, out, _ = invoke(
            "chart", CBP, "--at", day, "--focus", "cbp-commissioner", "--format", "dot"
        )
        assert code == 0
        (line,) = [x for x in out.splitlines() if x.strip().startswith('"post_cbp-commissioner" [')]
        return line

    assert "not lawful" not in box("2022-11-13")
    late = box("2023-07-01")
    assert "not lawful: the time ran out" in late and "nobody may lawfully act" in late


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
    monkeypatch.setattr(charts_module, "MAX_PNG_BOXES", 3)
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
    charts = [out / name for name in set(re.findall(r'href="(\d{4}-[\w-]+\.dot)"', page))]
    assert charts
    for chart in charts:
        text = chart.read_text(encoding="utf-8")
        assert '"post_cbp-deputy-commissioner"' in text
        assert "usbp-el-paso-sector-chief" not in text


# --- the atlas of a large organisation, and what -o means -----------------------------------


def synth(tmp_path: Path, posts: int) -> str:
    """A synthetic scenario of `posts` posts (as `orgsim synth` writes it); its path."""
    path = tmp_path / f"synth-{posts}.json"
    path.write_text(json.dumps(synthesize(posts=posts, events=0, seed=1)), encoding="utf-8")
    return str(path)


@pytest.mark.exe
def test_a_large_chart_becomes_an_atlas_of_linked_svg_files(tmp_path: Path) -> None:
    """400 posts with --max-boxes 40: the overview at -o, one file per folded office beside it,
    no chart above 40 boxes, and every link in every SVG names a file that exists."""
    out = tmp_path / "org.svg"
    code, _, err = invoke(
        "chart", synth(tmp_path, 400), "--at", "2000-01-01", "--max-boxes", "40", "-o", str(out)
    )
    assert code == 0, err
    files = sorted(tmp_path.glob("org*.svg"))
    assert out in files and len(files) > 1
    assert f"atlas of {len(files)} charts" in err
    for svg in files:
        text = svg.read_text(encoding="utf-8")
        assert text.count('class="node"') <= 40
        for href in re.findall(r'xlink:href="([^"]+)"', text):
            assert (tmp_path / href).is_file(), (svg.name, href)
    overview = out.read_text(encoding="utf-8")
    assert re.search(r"Office: \d+ posts", overview)


@pytest.mark.exe
def test_max_boxes_zero_draws_one_chart(tmp_path: Path) -> None:
    """--max-boxes 0: one chart of every post, whatever its size."""
    out = tmp_path / "all.dot"
    code, _, err = invoke(
        "chart", synth(tmp_path, 100), "--at", "2000-01-01", "--max-boxes", "0", "-o", str(out)
    )
    assert code == 0, err
    assert list(tmp_path.glob("all*")) == [out]
    assert "100 posts drawn" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "x.jpg"], "the suffix .jpg names no chart format"),
        (["-o", "x"], "the suffix (none) names no chart format"),
        (["-o", "x.svg", "--format", "png"], "--format png clashes with -o x.svg"),
    ],
)
def test_output_suffix_decides_the_format_and_a_clash_is_a_usage_error(
    tmp_path: Path, args: list[str], message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unknown suffix, or a --format that disagrees with it: exit 2, nothing written."""
    monkeypatch.chdir(tmp_path)
    code, _, err = invoke("chart", CBP, "--at", "2022-11-13", *args)
    assert code == 2
    assert message in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.exe
@pytest.mark.parametrize(("args", "start"), [(["--format", "dot"], b"digraph"), ([], b"<?xml")])
def test_dash_writes_the_chart_to_standard_output(args: list[str], start: bytes) -> None:
    """-o - writes to standard output, in --format (svg by default)."""
    result = CliRunner().invoke(cli, ["chart", CBP, "--at", "2022-11-13", "-o", "-", *args])
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes.lstrip().startswith(start)


@pytest.mark.exe
def test_png_resolution_follows_dpi(tmp_path: Path) -> None:
    """The same chart at --dpi 96 and the default (192) is twice as wide, in pixels."""
    widths = []
    for dpi in ("96", "192"):
        out = tmp_path / f"c{dpi}.png"
        code, _, err = invoke("chart", CBP, "--at", "2022-11-13", "--dpi", dpi, "-o", str(out))
        assert code == 0, err
        widths.append(struct.unpack(">I", out.read_bytes()[16:20])[0])
    assert abs(widths[1] - 2 * widths[0]) <= 2
