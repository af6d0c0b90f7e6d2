"""The `orgsim` command, run in-process with click's CliRunner: output, files and exit codes."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import CBP, ROOT, line_col

import orgsim.cli
from orgsim.cli import cli
from orgsim.scenario import load_scenario

LOCATED = re.compile(r"^(?P<file>.+):(?P<line>\d+):(?P<col>\d+): (?P<message>.+)$", re.M)
SCENARIO = str(CBP)

# The resign event of cbp-2022.yaml, as written, to be edited in copies.
RESIGN = "    kind: resign\n    post: cbp-commissioner\n    person: chris-magnus"


def invoke(*args: str) -> Result:
    """Run `orgsim ARGS` in-process; stdout and stderr are kept apart (click >= 8.2)."""
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def assert_clean_failure(result: Result, code: int = 2) -> None:
    """The command failed with `code`, said why on stderr, and showed no traceback."""
    assert result.exit_code == code, result.output
    assert result.stderr.strip()
    assert "Traceback" not in result.output
    assert "Traceback" not in result.stderr


def no_dot(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Make Graphviz unavailable: an empty PATH, and `dot_available` saying no wherever the
    CLI imported it."""
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    for name, module in list(sys.modules.items()):
        if name.startswith("orgsim.cli") and hasattr(module, "dot_available"):
            monkeypatch.setattr(module, "dot_available", lambda: False)


# --- run ------------------------------------------------------------------------------------


@pytest.mark.exe
def test_run_writes_the_report_and_the_charts_and_exits_0(tmp_path: Path) -> None:
    """index.html and SVG charts land in --out; every event gets one line; exit 0."""
    out = tmp_path / "out"
    result = invoke("run", SCENARIO, "--out", str(out))
    assert result.exit_code == 0, result.output
    assert (out / "index.html").is_file()
    charts = sorted(out.glob("2022-*.svg"))
    assert charts
    assert all(c.read_text(encoding="utf-8").lstrip().startswith(("<?xml", "<svg")) for c in charts)
    html = (out / "index.html").read_text(encoding="utf-8")
    assert all(c.name in html for c in charts)
    scenario = load_scenario(CBP)
    event_lines = [
        line for line in result.stdout.splitlines() if re.match(r"^\d{4}-\d\d-\d\d  event  ", line)
    ]
    assert len(event_lines) == len(scenario.events)
    assert [line[:10] for line in event_lines] == [e.date.isoformat() for e in scenario.events]
    lines = result.stdout.splitlines()
    assert any("  event   Troy Miller becomes acting" in line for line in lines)
    assert any("  law     The time for acting as Commissioner" in line for line in lines)
    assert "9 of 9 expectations hold" in result.stdout


def test_run_with_dot_format_needs_no_graphviz(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--format dot` writes DOT text and the report even when `dot` is not installed."""
    no_dot(monkeypatch, tmp_path)
    out = tmp_path / "out"
    result = invoke("run", SCENARIO, "--out", str(out), "--format", "dot")
    assert result.exit_code == 0, result.output
    assert (out / "index.html").is_file()
    charts = sorted(out.glob("2022-*.dot"))
    assert charts
    assert all(c.read_text(encoding="utf-8").lstrip().startswith("digraph") for c in charts)


def test_run_without_graphviz_says_how_to_install_it_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No `dot`: one line naming Graphviz and how to install it, exit 2, no --out folder."""
    no_dot(monkeypatch, tmp_path)
    out = tmp_path / "out"
    result = invoke("run", SCENARIO, "--out", str(out))
    assert_clean_failure(result)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "Graphviz" in lines[0] and "install" in lines[0]
    assert "apt-get install graphviz" in lines[0]
    assert not out.exists()


def test_a_failing_expectation_exits_1_and_names_it(
    cbp_copy: Callable[..., Path], tmp_path: Path
) -> None:
    """Expecting Ortiz as commissioner on 13 November fails: exit 1, the expectation named and
    located in the file."""
    old = "{post: cbp-commissioner, at: 2022-11-13, holder: troy-miller, capacity: acting,"
    path = cbp_copy(old, old.replace("troy-miller", "raul-ortiz"))
    result = invoke("run", str(path), "--out", str(tmp_path / "out"), "--format", "dot")
    assert result.exit_code == 1, result.output
    failed = [line for line in result.stdout.splitlines() if "FAILED" in line]
    assert len(failed) == 1
    assert "cbp-commissioner on 2022-11-13" in failed[0]
    assert "raul-ortiz" in failed[0] and "troy-miller" in failed[0]
    line, col = line_col(
        path.read_text(encoding="utf-8"), "{post: cbp-commissioner, at: 2022-11-13"
    )
    assert failed[0].startswith(f"{path}:{line}:{col}: ")
    assert "8 of 9 expectations hold" in result.stdout


def test_run_on_bad_input_exits_2_with_a_located_message(
    cbp_copy: Callable[..., Path], tmp_path: Path
) -> None:
    """A misspelt post id: FILE:LINE:COL on stderr, exit 2, no traceback, nothing written."""
    path = cbp_copy(RESIGN, RESIGN.replace("post: cbp-commissioner", "post: cbp-comissioner"))
    out = tmp_path / "out"
    result = invoke("run", str(path), "--out", str(out), "--format", "dot")
    assert_clean_failure(result)
    match = LOCATED.search(result.stderr)
    assert match and match["file"] == str(path)
    line, col = line_col(path.read_text(encoding="utf-8"), "cbp-comissioner")
    assert (int(match["line"]), int(match["col"])) == (line, col)
    assert not out.exists()


@pytest.mark.parametrize(
    "content",
    [b"\xff\xfe\x00garbage", b"title: [unclosed\n", b"", b"- just\n- a list\n"],
    ids=["binary", "syntax", "empty", "list"],
)
def test_run_on_broken_files_exits_2_without_a_traceback(tmp_path: Path, content: bytes) -> None:
    """However broken the file, the answer is a located message and exit 2."""
    path = tmp_path / "broken.yaml"
    path.write_bytes(content)
    result = invoke("run", str(path), "--out", str(tmp_path / "out"), "--format", "dot")
    assert_clean_failure(result)
    assert LOCATED.search(result.stderr)


def test_run_on_a_missing_file_exits_2(tmp_path: Path) -> None:
    """A path that does not exist is bad input, not a crash."""
    result = invoke("run", str(tmp_path / "nope.yaml"), "--out", str(tmp_path / "out"))
    assert_clean_failure(result)


# --- validate -------------------------------------------------------------------------------


def test_validate_accepts_the_scenario() -> None:
    """A good file: `ok` with its counts on stdout, exit 0."""
    result = invoke("validate", SCENARIO)
    assert result.exit_code == 0, result.output
    assert f"{SCENARIO}: ok" in result.stdout
    assert result.stderr == ""


def test_validate_reports_a_misspelt_post_with_its_place_and_exits_2(
    cbp_copy: Callable[..., Path],
) -> None:
    """FILE:LINE:COL: unknown post ...; did you mean ..."""
    path = cbp_copy(RESIGN, RESIGN.replace("post: cbp-commissioner", "post: cbp-comissioner"))
    result = invoke("validate", str(path))
    assert_clean_failure(result)
    line, col = line_col(path.read_text(encoding="utf-8"), "cbp-comissioner")
    assert f"{path}:{line}:{col}: " in result.stderr
    assert "did you mean `cbp-commissioner`" in result.stderr


def test_validate_reports_an_impossible_event_at_the_event(
    cbp_copy: Callable[..., Path],
) -> None:
    """Ortiz resigning an office he does not hold is found by replaying, and located there."""
    path = cbp_copy(RESIGN, RESIGN.replace("person: chris-magnus", "person: raul-ortiz"))
    result = invoke("validate", str(path))
    assert_clean_failure(result)
    text = path.read_text(encoding="utf-8")
    line, _ = line_col(text, "person: raul-ortiz", after="kind: resign")
    match = LOCATED.search(result.stderr)
    assert match and int(match["line"]) == line
    assert "does not serve" in match["message"]


def test_validate_checks_every_file_and_fails_if_any_fails(
    cbp_copy: Callable[..., Path],
) -> None:
    """A good file and a bad one: the good one is ok, the bad one reported, exit 2."""
    bad = cbp_copy(RESIGN, RESIGN.replace("post: cbp-commissioner", "post: cbp-comissioner"))
    result = invoke("validate", SCENARIO, str(bad))
    assert_clean_failure(result)
    assert f"{SCENARIO}: ok" in result.stdout
    assert str(bad) in result.stderr


# --- who ------------------------------------------------------------------------------------


def who_json(post: str, at: str) -> dict[str, object]:
    """The parsed output of `orgsim who SCENARIO POST --at AT --json`."""
    result = invoke("who", SCENARIO, post, "--at", at, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    return data


def test_who_json_has_the_contract_keys() -> None:
    """post, at, holder, capacity, since and basis are always there."""
    data = who_json("cbp-commissioner", "2022-11-13")
    assert {"post", "at", "holder", "capacity", "since", "basis"} <= set(data)


def test_who_json_names_miller_acting_the_day_after_the_resignation() -> None:
    """13 November 2022: Troy Miller, acting since the 12th under 3345(a)(1)."""
    data = who_json("cbp-commissioner", "2022-11-13")
    assert data["post"] == "cbp-commissioner"
    assert data["at"] == "2022-11-13"
    assert data["holder"] == {"id": "troy-miller", "name": "Troy Miller"}
    assert data["capacity"] == "acting"
    assert data["since"] == "2022-11-12"
    assert data["route"] == "first-assistant" and data["assumed"] is False
    lawful = data["lawful"]
    assert isinstance(lawful, dict)
    assert lawful["holder"] == {"id": "troy-miller", "name": "Troy Miller"}
    assert lawful["status"] == "lawful"
    assert "3345(a)(1)" in lawful["provision"]
    assert lawful["until"] == "2023-06-10"


def test_who_json_names_magnus_confirmed_before_the_resignation() -> None:
    """8 November 2022: Chris Magnus, confirmed."""
    data = who_json("cbp-commissioner", "2022-11-08")
    assert data["holder"] == {"id": "chris-magnus", "name": "Chris Magnus"}
    assert data["capacity"] == "confirmed"


def test_who_json_holder_is_null_when_nobody_is_recorded() -> None:
    """The El Paso sector chief is not named in the sources: holder null, not-recorded."""
    data = who_json("usbp-el-paso-sector-chief", "2022-11-13")
    assert data["holder"] is None
    assert data["capacity"] == "not-recorded"


def test_who_in_words_names_the_holder_and_basis() -> None:
    """Without --json: the title, the person, the capacity and the basis."""
    result = invoke("who", SCENARIO, "cbp-commissioner", "--at", "2022-11-13")
    assert result.exit_code == 0, result.output
    assert "Troy Miller (troy-miller), acting since 2022-11-12" in result.stdout
    assert "3345(a)(1)" in result.stdout and "lawful until: 2023-06-10" in result.stdout


PENDING = """\
title: Acting while a nomination is pending
date: 2024-01-01
organizations:
  - {id: executive, name: Executive Branch}
  - {id: agency, name: Tiny Agency, parent: executive, executive_agency: true}
posts:
  - {id: president, title: President, organization: executive, appointment: elected}
  - {id: director, title: Director, organization: agency, reports_to: president,
     appointment: pas, first_assistant: deputy}
  - {id: deputy, title: Deputy Director, organization: agency, reports_to: director}
people:
  - {id: pat, name: Pat President}
  - {id: ben, name: Ben Deputy}
  - {id: dee, name: Dee Nominee}
holders:
  - {post: president, person: pat}
  - {post: director, person: ben, capacity: acting, since: 2023-09-01}
  - {post: deputy, person: ben}
nominations:
  - {post: director, person: dee, submitted: 2023-12-04, by: pat}
"""


def test_who_in_words_gives_the_limit_while_a_nomination_is_pending(tmp_path: Path) -> None:
    """No last day while the nomination is pending: the words still say what limits acting."""
    path = tmp_path / "pending.yaml"
    path.write_text(PENDING, encoding="utf-8")
    result = invoke("who", str(path), "director", "--at", "2024-01-02")
    assert result.exit_code == 0, result.output
    assert (
        "  limit: while the first nomination (dee, 2023-12-04) is pending (5 U.S.C. 3346(a)(2))"
        in result.stdout.splitlines()
    )


def test_who_with_an_unknown_post_exits_2_and_suggests_the_right_one() -> None:
    """`cbp-comissioner` is not a post; the message offers `cbp-commissioner`."""
    result = invoke("who", SCENARIO, "cbp-comissioner", "--at", "2022-11-13", "--json")
    assert_clean_failure(result)
    assert "did you mean `cbp-commissioner`" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("bad", ["2022-13-13", "13/11/2022", "yesterday", ""])
def test_who_with_a_bad_date_exits_2(bad: str) -> None:
    """--at must be YYYY-MM-DD."""
    result = invoke("who", SCENARIO, "cbp-commissioner", "--at", bad)
    assert_clean_failure(result)
    assert "YYYY-MM-DD" in result.stderr


def test_who_before_the_scenario_begins_exits_2_saying_so() -> None:
    """The scenario says nothing about 2020: a clean one-line refusal, not a guess."""
    result = invoke("who", SCENARIO, "cbp-commissioner", "--at", "2020-01-01", "--json")
    assert_clean_failure(result)
    assert "2022-11-01" in result.stderr
    assert result.stdout == ""


# --- timeline and succession ----------------------------------------------------------------


def test_timeline_json_marks_derived_transitions() -> None:
    """The resignation and Miller's acting are the record's; the time running out is the
    legal timeline's alone."""
    result = invoke("timeline", SCENARIO, "--json")
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)
    by_kind = {i["kind"]: i for i in items}
    assert by_kind["resign"]["derived"] is False
    assert by_kind["assume-acting"]["derived"] is False
    assert by_kind["assume-acting"]["timeline"] == "recorded"
    assert by_kind["assume-acting"]["date"] == "2022-11-12"
    lapse = by_kind["time-runs-out"]
    assert lapse["derived"] is True and lapse["timeline"] == "legal"
    assert lapse["date"] == "2023-06-11" and lapse["changes"] == []
    derived = [i for i in items if i["derived"]]
    assert derived and all(i["index"] is None for i in derived)
    scenario = load_scenario(CBP)
    assert [i["index"] for i in items if not i["derived"]] == list(range(len(scenario.events)))
    assert [i["seq"] for i in items] == sorted(i["seq"] for i in items)


def test_timeline_json_carries_the_removal_authority_finding() -> None:
    """The Secretary's request comes with the finding that she cannot remove Magnus."""
    items = json.loads(invoke("timeline", SCENARIO, "--json").stdout)
    request = next(i for i in items if i["kind"] == "request-resignation")
    rules = {f["rule"]: f for f in request["findings"]}
    assert "removal-authority" in rules
    assert rules["removal-authority"]["citation"]


def test_succession_json_puts_the_deputy_first_and_eligible() -> None:
    """Before the vacancy: the Deputy Commissioner (Miller) heads the line and is eligible."""
    result = invoke("succession", SCENARIO, "cbp-commissioner", "--at", "2022-11-10", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    first = data["line"][0]
    assert first["post"] == "cbp-deputy-commissioner"
    assert first["holder"]["id"] == "troy-miller"
    assert first["eligible"] is True
    assert "3345(a)(1)" in first["basis"]
    assert data["would_act"]["death-resignation-inability"] == "troy-miller"


def test_succession_json_says_when_a_place_cannot_be_judged() -> None:
    """The Under Secretary's holder is not recorded: the text says undetermined, and so does
    the JSON's `status` (with `eligible` false)."""
    result = invoke("succession", SCENARIO, "dhs-secretary", "--at", "2022-11-13", "--json")
    assert result.exit_code == 0, result.output
    places = {p["post"]: p for p in json.loads(result.stdout)["line"]}
    assert places["dhs-deputy-secretary"]["status"] == "lawful"
    assert places["dhs-under-secretary-management"]["status"] == "undetermined"
    assert places["dhs-under-secretary-management"]["eligible"] is False
    text = invoke("succession", SCENARIO, "dhs-secretary", "--at", "2022-11-13").stdout
    assert "Under Secretary for Management: -, undetermined:" in text


def test_acts_of_a_post_named_by_its_title_are_the_acts_of_its_id() -> None:
    """`--post` takes a unique title as other commands do: the same acts as by id."""
    by_id = invoke("acts", SCENARIO, "--post", "cbp-commissioner")
    title = "Commissioner of U.S. Customs and Border Protection"
    by_title = invoke("acts", SCENARIO, "--post", title)
    assert by_id.exit_code == by_title.exit_code == 0
    assert "delegate-duties-8" in by_id.stdout
    assert by_title.stdout == by_id.stdout


def test_succession_with_an_unknown_post_exits_2() -> None:
    """A misspelt post in `succession` is bad input with a suggestion."""
    result = invoke("succession", SCENARIO, "cbp-comissioner", "--at", "2022-11-10")
    assert_clean_failure(result)
    assert "did you mean `cbp-commissioner`" in result.stderr


# --- the program as a whole ---------------------------------------------------------------


def test_every_command_has_help() -> None:
    """`orgsim CMD --help` works for every command and exits 0."""
    for name in orgsim.cli.COMMANDS:
        result = invoke(name, "--help")
        assert result.exit_code == 0, name
        assert "Usage:" in result.stdout


def test_python_dash_m_orgsim_shows_help() -> None:
    """`python -m orgsim --help` runs the same command line."""
    done = subprocess.run(
        [sys.executable, "-m", "orgsim", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Usage:" in done.stdout
    for command in ("run", "validate", "who", "succession", "timeline"):
        assert command in done.stdout


@pytest.mark.exe
def test_bench_reports_every_figure_beside_its_floor() -> None:
    """A small bench run reports every figure with its floor and every target, as JSON and as
    text (the figures themselves are for docs/performance.md, not for a test to judge)."""
    args = ("bench", "--posts", "40", "--events", "300", "--queries", "200", "--rounds", "1")
    result = invoke(*args, "--json", "-q")
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["events"] == 300
    assert figures["transitions"] >= 300
    for name in (
        "load_events_per_s",
        "floor_final_events_per_s",
        "record_final_events_per_s",
        "judged_final_events_per_s",
        "floor_keep_events_per_s",
        "judged_keep_events_per_s",
        "bytes_per_kept_state",
        "floor_bytes_per_state",
        "who_us",
        "bisect_us",
        "dot_build_ms",
        "dot_ms",
        "who_start_ms",
        "python_start_ms",
        "load_per_holder_ratio",
        "lookup_ratio",
        "chart_per_post_ratio",
    ):
        assert figures[name] > 0, name
    assert figures["load_100k_posts_s"] is None  # only measured on a full-size run
    assert set(figures["targets"]) == {
        "load_per_holder_ratio",
        "load_100k_posts_s",
        "record_vs_floor",
        "judged_final_vs_floor",
        "judged_keep_vs_floor",
        "bytes_per_kept_state",
        "who_vs_bisect",
        "dot_build_vs_dot",
        "who_start_vs_python",
    }
    text = invoke(*args, "-q")
    assert text.exit_code == 0, text.output
    assert "recorded replay (no rules), final" in text.output
    assert "target <= 6: " in text.output
    assert "median of 1 interleaved rounds" in text.output


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_a_query_date_beyond_the_calendar_orgsim_keeps_is_a_usage_error(day: str) -> None:
    """Dates so far out that the rules' day counts would leave the calendar are refused."""
    result = invoke("who", str(CBP), "cbp-commissioner", "--at", day)
    assert result.exit_code == 2
    assert "outside the dates orgsim works with (1000-01-01 to 8999-12-31)" in result.output
    assert "Traceback" not in result.output
