"""`orgsim history`: a post's recorded holders over time, its time limits and nominations, as
text, JSON and a matplotlib timeline; and the timelines in the report."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from strategies import Model, OrgSpec, histories, to_state

from orgsim import api
from orgsim import events as ev
from orgsim.cli import cli
from orgsim.engine import History, replay
from orgsim.holders import post_history
from orgsim.rules import Settings

CBP = Path(__file__).resolve().parent.parent / "scenarios" / "cbp-2022.yaml"


def cbp() -> History:
    """The CBP 2022 scenario replayed to its last date."""
    scenario = api.load(CBP)
    return api.replay_scenario(scenario, until=api.horizon(scenario))


def test_the_commissioners_history_shows_magnus_miller_and_the_210_day_limit() -> None:
    """Recorded: Magnus confirmed until his resignation, then Miller acting (the record does
    not date the end of his acting title before March 2024). Who could lawfully act: Magnus,
    then Miller until the 210 days ran out after 2023-06-10, then nobody; the limit is marked."""
    timeline = post_history(cbp(), "cbp-commissioner", end=dt.date(2023, 7, 1))
    recorded, lawful = timeline.lanes
    held = [
        (p.label, p.kind, p.start.isoformat(), p.end and p.end.isoformat())
        for p in recorded.periods
    ]
    assert held == [
        ("Chris Magnus", "confirmed", "2022-11-01", "2022-11-12"),
        ("Troy Miller", "acting", "2022-11-12", None),
    ]
    assert "resigns" in (recorded.periods[0].ended_by or "")
    could = [
        (p.label, p.kind, p.start.isoformat(), p.end and p.end.isoformat()) for p in lawful.periods
    ]
    assert could == [
        ("Chris Magnus", "lawful", "2022-11-01", "2022-11-12"),
        ("Troy Miller", "lawful", "2022-11-12", "2023-06-11"),
        ("", "nobody", "2023-06-11", None),
    ]
    assert "3346(a)(1)" in (lawful.periods[1].ended_by or "")
    (limit,) = [m for m in timeline.marks if m.kind == "limit"]
    assert limit.day == dt.date(2023, 6, 10) and "210 days" in limit.label


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(histories())
def test_periods_tile_the_replay_and_agree_with_who(
    history: tuple[OrgSpec, list[ev.Event], Model],
) -> None:
    """For every post: the periods follow each other without gap or overlap, and on every
    date of the replay the period covering that day names the holder and capacity `who`
    gives (an independent query of the same replay)."""
    spec, events, _ = history
    start = to_state(spec)
    replayed = History(start, list(replay(start, events, Settings())), Settings())
    days = sorted({start.date, *(t.event.date for t in replayed.transitions)})
    for post in start.posts:
        lane, _ = post_history(replayed, post, end=days[-1]).lanes
        periods = lane.periods
        for before, after in itertools.pairwise(periods):
            assert before.end == after.start
        assert periods[-1].end is None
        for day in days:
            covering = [p for p in periods if p.start <= day and (p.end is None or day < p.end)]
            period = covering[-1]
            holding = replayed.who(post, day)
            assert period.kind == holding.capacity
            assert period.label == (holding.name or "")


def invoke(*args: str) -> tuple[int, str, str]:
    """Run orgsim in-process: exit code, stdout, stderr."""
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_history_prints_json_and_draws_svg_and_png(tmp_path: Path) -> None:
    """--json gives the periods and marks; -o draws an SVG (text kept as text) or a PNG."""
    code, out, err = invoke("history", str(CBP), "cbp-commissioner", "--json")
    assert code == 0, err
    data = json.loads(out)
    periods = data["lanes"][0]["periods"]
    assert [p["kind"] for p in periods] == ["confirmed", "acting", "performing-duties"]
    lawful = data["lanes"][1]["periods"]
    assert [p["kind"] for p in lawful] == ["lawful", "lawful", "nobody"]
    assert data["marks"][0]["day"] == "2023-06-10"
    svg = tmp_path / "h.svg"
    code, _, err = invoke("history", str(CBP), "Commissioner of U.S. Customs", "-o", str(svg))
    assert code == 0, err
    text = svg.read_text(encoding="utf-8")
    assert "Troy Miller" in text and "Chris Magnus" in text and "210 days" in text
    png = tmp_path / "h.png"
    code, _, err = invoke("history", str(CBP), "cbp-commissioner", "-o", str(png), "--dpi", "96")
    assert code == 0, err
    assert png.read_bytes().startswith(b"\x89PNG")


def test_history_of_a_person_or_with_a_bad_suffix_is_an_input_error(tmp_path: Path) -> None:
    """A person where a post is expected, and a .gif file: exit 2 with a message."""
    code, _, err = invoke("history", str(CBP), "troy-miller")
    assert code == 2 and "is a person" in err
    code, _, err = invoke("history", str(CBP), "cbp-commissioner", "-o", str(tmp_path / "x.gif"))
    assert code == 2 and ".svg, .png or .pdf" in err
    assert not (tmp_path / "x.gif").exists()


def test_the_report_embeds_a_timeline_for_every_post_that_changed(tmp_path: Path) -> None:
    """`run --format dot` (no Graphviz needed for it) still draws each changed post's timeline
    as SVG in history/, and index.html shows each one."""
    out = tmp_path / "out"
    code, _, err = invoke("run", str(CBP), "--out", str(out), "--format", "dot", "-q")
    assert code == 0, err
    changed = {c.post for t in cbp().transitions for c in t.changes if c.post}
    drawn = {p.stem for p in (out / "history").glob("*.svg")}
    assert drawn == changed
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'src="history/cbp-commissioner.svg"' in index
