"""What-if branches and ad hoc events, diffs between dates, and succession depth."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from orgsim import api, explore
from orgsim.cli import cli
from orgsim.errors import ScenarioError, ScenarioErrors
from orgsim.events import Death, Remove, Resign
from orgsim.interop import parse_event
from orgsim.model import ChangeKind
from orgsim.model.diff import diff_states
from orgsim.render.backend import dot_available
from orgsim.render.branch import branch_page_name

ROOT = Path(__file__).resolve().parent.parent
CBP = str(ROOT / "scenarios" / "cbp-2022.yaml")
D = dt.date


def _invoke(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def cbp() -> tuple[Any, Any]:
    scenario = api.load(CBP)
    return scenario, api.replay_scenario(scenario)


# --- branches in the scenario file -------------------------------------------------------------


def test_the_cbp_branch_says_nobody_would_act_with_the_3348_finding(cbp: Any) -> None:
    """Miller leaving on 2022-11-20: the commissioner's office is vacant, nobody may act."""
    scenario, main = cbp
    (branch,) = scenario.branches
    assert branch.from_ == D(2022, 11, 20)
    assert all(e.hypothetical for e in branch.events)
    history = api.replay_branch(scenario, branch, main=main)
    assert all(check.ok for check in api.branch_checks(branch, history))
    assert history.final.holder("cbp-commissioner") is None
    findings = [f for t in history.transitions for f in t.findings]
    assert any(f.rule == "no-acting-officer" and "3348" in f.citation for f in findings)
    # the main line is untouched
    assert main.who("cbp-commissioner", D(2022, 11, 20)).holder == "troy-miller"


def test_branch_starts_from_the_main_lines_state(cbp: Any) -> None:
    """Before its first event the branch's state is the main line's state on `from`."""
    scenario, main = cbp
    history = api.replay_branch(scenario, scenario.branches[0], main=main)
    assert history.initial == main.state_at(D(2022, 11, 20))


# Appended to the branches the CBP scenario already has (its last section).
BRANCH = """
  - id: b1
    title: a test branch
    from: 2022-11-20
    events:
      - {date: 2022-11-19, kind: death, person: troy-miller}
      - {date: 2022-11-21, kind: death, person: nobody-known}
    expect:
      - {post: cbp-commissioner, at: 2022-11-01, capacity: vacant}
  - id: b1
    title: same id
    from_: 2022-11-20
"""


def test_branch_problems_are_located(cbp_copy: Callable[..., Path]) -> None:
    """Dates before `from`, unknown ids, duplicate branch ids, `from_`: each at its place."""
    path = cbp_copy()
    text = path.read_text(encoding="utf-8") + BRANCH
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioErrors) as info:
        api.load(path)
    messages = [str(e) for e in info.value.errors]
    assert any("unknown key `from_`; did you mean `from`?" in m for m in messages), messages
    path.write_text(text.replace("from_:", "from:"), encoding="utf-8")
    with pytest.raises(ScenarioErrors) as info:
        api.load(path)
    messages = [str(e) for e in info.value.errors]
    lines = text.splitlines()
    first = lines.index("  - id: b1") + 1

    def at(line: int, message: str) -> bool:
        return any(m.startswith(f"{path}:{line}:") and message in m for m in messages)

    assert at(first + 4, "comes before the branch's `from` date 2022-11-20"), messages
    assert at(first + 5, "unknown person `nobody-known`"), messages
    assert at(first + 7, "is before the branch's `from` date"), messages
    assert at(first + 8, "duplicate id `b1` in branches"), messages


def test_a_bad_branch_event_is_located_when_replayed(cbp_copy: Callable[..., Path]) -> None:
    """An impossible branch event (resigning a post not held) names its place in the file."""
    path = cbp_copy()
    text = path.read_text(encoding="utf-8").replace(
        "        post: cbp-deputy-commissioner\n        person: troy-miller",
        "        post: cbp-deputy-commissioner\n        person: chris-magnus",
    )
    path.write_text(text, encoding="utf-8")
    scenario = api.load(path)
    with pytest.raises(ScenarioErrors) as info:
        api.replay_branch(scenario, scenario.branches[0])
    (error,) = info.value.errors
    assert error.mark is not None and error.mark.file == str(path)
    assert "does not serve" in error.message


@pytest.mark.exe
@pytest.mark.skipif(not dot_available(), reason="needs Graphviz dot")
def test_run_writes_a_branch_page_beside_the_report(tmp_path: Path) -> None:
    """`orgsim run` writes branch-<id>.html with main line and branch charts side by side."""
    out = tmp_path / "out"
    result = _invoke("run", CBP, "--out", str(out), "-q")
    assert result.exit_code == 0, result.output
    page = out / branch_page_name("miller-leaves")
    html = page.read_text(encoding="utf-8")
    assert html.count("<figure") == 4  # two branch events, two charts each
    assert "Main line" in html and "What if" in html and "3348" in html
    names = set(re.findall(r'src="(whatif/branch-[\w-]+-\d{3}-(?:main|what-if)\.svg)"', html))
    assert len(names) == 4
    for name in names:
        assert (out / name).is_file()


def test_branch_page_names_are_safe() -> None:
    """Ids become file names without path separators."""
    assert branch_page_name("miller-leaves") == "branch-miller-leaves.html"
    assert branch_page_name("../x y") == "branch-.._2fx_20y.html"


@given(st.text(min_size=1, max_size=300), st.text(min_size=1, max_size=300))
def test_different_branch_ids_never_share_a_page(a: str, b: str) -> None:
    """Two ids that differ, if only in punctuation, get two page names; each is one safe name
    a file system accepts."""
    for name in (branch_page_name(a), branch_page_name(b)):
        assert re.fullmatch(r"branch-[A-Za-z0-9._-]+\.html", name), name
        assert len(name.encode()) <= 255
    assert (branch_page_name(a) == branch_page_name(b)) == (a == b)
    assert branch_page_name("a/b") != branch_page_name("a?b") != branch_page_name("a-b")


# --- whatif ------------------------------------------------------------------------------------


def test_whatif_resign_shows_who_would_act_and_the_finding() -> None:
    """The ad hoc version of the branch: nobody would act, and the finding says why."""
    result = _invoke("whatif", CBP, "--at", "2022-11-20", "--event", "resign troy-miller", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    acting = {a["post"]: a for a in data["would_act"]}
    assert acting["cbp-commissioner"]["holder"] is None
    assert acting["cbp-commissioner"]["capacity"] == "vacant"
    main = {a["post"]: a for a in data["main_line"]}
    assert main["cbp-commissioner"]["holder"]["id"] == "troy-miller"
    assert any(f["rule"] == "no-acting-officer" for f in data["findings"])
    assert all(t["hypothetical"] for t in data["timeline"] if not t["derived"])


def test_whatif_human_output_names_the_acting_officer() -> None:
    """Magnus dying on 2022-11-08: Miller would act, by operation of law (an assumption:
    nothing reports who took over in a what-if)."""
    result = _invoke("whatif", CBP, "--at", "2022-11-08", "--event", "die chris-magnus")
    assert result.exit_code == 0, result.output
    assert (
        "Commissioner of U.S. Customs and Border Protection: Troy Miller (acting, assumed);"
        " may lawfully act: Troy Miller" in result.output
    )
    assert "(main line: Commissioner of U.S. Customs and Border Protection: Chris Magnus" in (
        result.output
    )


def test_whatif_several_events_apply_in_order() -> None:
    """Each --event sees the state the previous ones left."""
    result = _invoke(
        "whatif",
        CBP,
        "--at",
        "2022-11-08",
        "--event",
        "die chris-magnus",
        "--event",
        "resign troy-miller",
        "--json",
    )
    assert result.exit_code == 0, result.output
    acting = {a["post"]: a for a in json.loads(result.output)["would_act"]}
    assert acting["cbp-commissioner"]["holder"] is None


def test_whatif_bad_short_form_exits_2_with_a_hint() -> None:
    """Unknown ids get a suggestion; an unknown verb lists the short forms."""
    result = _invoke("whatif", CBP, "--at", "2022-11-20", "--event", "resign troy-miler")
    assert result.exit_code == 2
    assert "did you mean `troy-miller`?" in result.output
    result = _invoke("whatif", CBP, "--at", "2022-11-20", "--event", "fire troy-miller")
    assert result.exit_code == 2
    assert "resign PERSON [POST]" in result.output


def test_short_forms_make_the_events_they_say(cbp: Any) -> None:
    """resign without a post steps down from acting first; remove needs `by`; die is Death."""
    _, main = cbp
    state = main.state_at(D(2022, 11, 20))
    day = D(2022, 11, 20)
    events = parse_event("resign troy-miller", state, day)
    assert [(type(e), e.post) for e in events if isinstance(e, Resign)] == [
        (Resign, "cbp-commissioner"),
        (Resign, "cbp-deputy-commissioner"),
    ]
    assert all(e.hypothetical for e in events)
    (death,) = parse_event("die troy-miller", state, day)
    assert isinstance(death, Death)
    (removal,) = parse_event("remove alejandro-mayorkas by joe-biden", state, day)
    assert isinstance(removal, Remove) and removal.post == "dhs-secretary"
    with pytest.raises(ScenarioError, match="holds 2 posts"):
        parse_event("remove troy-miller by joe-biden", state, day)
    nominate = parse_event("nominate chris-magnus to cbp-commissioner", state, day)[0]
    assert getattr(nominate, "by", None) == "joe-biden"


# --- diff --------------------------------------------------------------------------------------


def test_diff_lists_magnus_leaving_and_miller_acting() -> None:
    """The issue's done-when: --from 2022-11-08 --to 2022-11-13 --json."""
    result = _invoke("diff", CBP, "--from", "2022-11-08", "--to", "2022-11-13", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    seen = {
        (c["kind"], c["post"], c["person"]["id"] if c["person"] else None, c["capacity"])
        for c in data["changes"]
    }
    assert ("left", "cbp-commissioner", "chris-magnus", "confirmed") in seen
    assert ("arrived", "cbp-commissioner", "troy-miller", "acting") in seen
    assert any(e["kind"] == "resign" for e in data["events"])


def test_diff_of_a_capacity_change_and_of_nothing(cbp: Any) -> None:
    """The change of title recorded by March 2024 is a capacity change (the time running out
    in 2023 changes only the legal timeline); a date against itself is no change."""
    _, main = cbp
    assert diff_states(main.state_at(D(2022, 11, 13)), main.state_at(D(2023, 7, 1))) == ()
    changes = diff_states(main.state_at(D(2022, 11, 13)), main.state_at(D(2024, 3, 1)))
    (change,) = changes
    assert change.kind is ChangeKind.CAPACITY
    assert change.detail == "acting -> performing-duties"
    assert diff_states(main.state_at(D(2022, 11, 13)), main.state_at(D(2022, 11, 13))) == ()


def test_diff_rejects_dates_in_the_wrong_order() -> None:
    """--to before --from is bad input."""
    result = _invoke("diff", CBP, "--from", "2022-11-13", "--to", "2022-11-08")
    assert result.exit_code == 2


def test_diff_writes_a_dot_change_chart(tmp_path: Path) -> None:
    """-o with .dot writes the chart source without needing Graphviz."""
    target = tmp_path / "change.dot"
    result = _invoke("diff", CBP, "--from", "2022-11-08", "--to", "2022-11-13", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert "Changes from 2022-11-08 to 2022-11-13" in target.read_text(encoding="utf-8")
    assert "Troy Miller leaves" not in result.output  # people are described, not mis-stated
    assert "Chris Magnus leaves" in result.output


# --- depth -------------------------------------------------------------------------------------


def test_depth_on_the_cbp_scenario(cbp: Any) -> None:
    """Before the resignation CBP absorbs two vacancies; with Miller acting, only one."""
    _, main = cbp
    before = {d.post: d for d in explore.succession_depth(main, D(2022, 11, 8))}
    assert before["cbp-commissioner"].depth == 2
    assert [s.acting for s in before["cbp-commissioner"].steps] == ["troy-miller", None]
    assert not before["cbp-commissioner"].flagged
    after = {d.post: d for d in explore.succession_depth(main, D(2022, 11, 13))}
    assert after["cbp-commissioner"].depth == 1 and after["cbp-commissioner"].flagged
    assert after["dhs-secretary"].depth == 2
    assert after["dhs-under-secretary-management"].depth is None
    assert "president" not in after  # elected, not Senate-confirmed
    # Tien's first assistant (the Under Secretary for Management) is not recorded: after one
    # vacancy who would act cannot be told, which is not "nobody", so it is not flagged.
    deputy = after["dhs-deputy-secretary"]
    assert (deputy.depth, deputy.determined, deputy.flagged) == (1, False, False)
    assert "cannot be told" in deputy.note


def test_depth_command_json_and_text() -> None:
    """`orgsim depth` prints a flag for depth <= 1, and the same in JSON."""
    result = _invoke("depth", CBP, "--at", "2022-11-13", "--json")
    assert result.exit_code == 0, result.output
    data = {d["post"]: d for d in json.loads(result.output)}
    assert data["cbp-commissioner"]["flagged"] is True
    assert data["cbp-commissioner"]["steps"][0]["vacated"]["id"] == "troy-miller"
    text = _invoke("depth", CBP, "--at", "2022-11-13").output
    assert "(cbp-commissioner): depth 1  FLAG" in text
