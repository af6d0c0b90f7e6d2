"""Every scenario shipped in scenarios/ loads, replays, meets its own expectations, and replays
to the same bytes every time (new scenario files are picked up automatically)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SCENARIOS

from orgsim import api
from orgsim.cli import cli
from orgsim.render import transition_charts

FILES = sorted(SCENARIOS.glob("*.yaml"))


def test_there_are_scenarios_to_check() -> None:
    """The glob finds the shipped scenarios (so the parametrized tests are not vacuous)."""
    assert any(p.name == "cbp-2022.yaml" for p in FILES)


@pytest.fixture(params=FILES, ids=[p.name for p in FILES])
def scenario_file(request: pytest.FixtureRequest) -> Path:
    """Each scenario file in scenarios/."""
    path: Path = request.param
    return path


def test_scenario_loads_and_replays(scenario_file: Path) -> None:
    """The file is valid and every event can happen in the state it meets."""
    scenario = api.load(scenario_file)
    assert scenario.events, "a scenario with no events tells no story"
    history = api.replay_scenario(scenario, until=api.horizon(scenario))
    assert sum(1 for t in history.transitions if not t.derived) == len(scenario.events)


def test_scenario_expectations_all_hold(scenario_file: Path) -> None:
    """Each `expect` entry is met by the replayed history."""
    scenario = api.load(scenario_file)
    assert scenario.expectations, "a scenario should state what it expects"
    history = api.replay_scenario(scenario, until=api.horizon(scenario))
    failed = [str(c) for c in api.check_expectations(scenario, history) if not c.ok]
    assert failed == []


def test_scenario_timeline_json_is_byte_identical_across_runs(scenario_file: Path) -> None:
    """Two `timeline --json` runs print exactly the same bytes."""
    runner = CliRunner()
    first = runner.invoke(cli, ["timeline", str(scenario_file), "--json"])
    second = runner.invoke(cli, ["timeline", str(scenario_file), "--json"])
    assert first.exit_code == 0, first.output
    assert first.stdout_bytes == second.stdout_bytes
    assert first.stdout_bytes.strip().startswith(b"[")


def test_scenario_charts_are_identical_across_replays(scenario_file: Path) -> None:
    """Replaying twice gives the same DOT text for every transition's before and after."""

    def charts() -> list[tuple[str, str]]:
        scenario = api.load(scenario_file)
        history = api.replay_scenario(scenario, until=api.horizon(scenario))
        return [transition_charts(t) for t in history.transitions]

    one, two = charts(), charts()
    assert one == two
    assert all(
        before.startswith("digraph") and after.startswith("digraph") for before, after in one
    )


def test_every_transition_keeps_at_most_one_holder_per_post(scenario_file: Path) -> None:
    """Throughout the story, each holding is keyed by its own post and names a known person."""
    scenario = api.load(scenario_file)
    history = api.replay_scenario(scenario, until=api.horizon(scenario))
    for t in history.transitions:
        for post_id, tenure in t.after.holdings.items():
            assert tenure.post == post_id
            assert post_id in t.after.posts
            assert tenure.person in t.after.people


# The worked examples of docs/rules.md (a made-up department) are scenarios too; the
# organisation file they include is not.
EXAMPLES = sorted(
    p
    for p in (SCENARIOS.parent / "docs" / "examples").glob("*.yaml")
    if p.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=../scenario")
)


@pytest.mark.parametrize("path", FILES + EXAMPLES, ids=[p.name for p in FILES + EXAMPLES])
def test_the_record_holds_only_sourced_facts_and_marked_assumptions(path: Path) -> None:
    """Every event a scenario records cites a source or says it is hypothetical; every
    holding the replay adds that no event reports is an assumption, marked so in the record,
    in `who`, and in the timeline's tag (succession-rules.md, section 13)."""
    scenario = api.load(path)
    for event in scenario.events:
        assert event.source is not None or event.hypothetical, (
            f"{event.date} {event.kind}: neither sourced nor marked hypothetical"
        )
    history = api.replay_scenario(scenario, until=api.horizon(scenario))
    for t in history.transitions:
        arrived = {
            (c.post, c.person)
            for c in t.changes
            if str(c.kind) in ("arrived", "capacity") and c.person is not None and c.post
        }
        if t.timeline == "recorded":
            continue
        # Only the "assumed" timeline may change who is in a post, and only to assumptions.
        if t.timeline == "legal":
            assert not arrived, f"{t.event.date} {t.event.kind} moved the record"
            continue
        assert t.timeline == "assumed"
        for post, person in arrived:
            tenure = t.after.holdings[post]
            assert tenure.person == person and tenure.assumed, (post, person)
            holding = history.who(post, t.event.date)
            if holding.holder == person:
                assert holding.assumed


def test_the_examples_include_assumptions_so_the_check_above_bites() -> None:
    """At least one worked example fills a silence with an assumption."""
    assert any(
        t.timeline == "assumed"
        for p in EXAMPLES
        for t in api.replay_scenario(api.load(p), until=api.horizon(api.load(p))).transitions
    )
