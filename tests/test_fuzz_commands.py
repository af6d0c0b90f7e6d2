"""Fuzzing every command and importer through the CLI, as a user would meet them: each damaged
input ends in an answer (exit 0 or 1) or in exit 2 with every message located, never in an
internal error (exit 70).

The inputs start valid (tests/strategies.py) and are then damaged by tests/test_fuzz.py's
mutations: structurally (keys deleted, values retyped, items duplicated, ids unknown) and at the
byte level. Besides the scenario itself this covers its side files (an `include:`d organisation
file and an `events_from:` JSON Lines or JSON file) and the importers' inputs (Popolo JSON and
org-chart CSV).

CI runs ORGSIM_FUZZ_EXAMPLES (150) examples per test; for a long local run:

    ORGSIM_FUZZ_EXAMPLES=5000 pytest tests/test_fuzz_commands.py -p no:timeout
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result
from hypothesis import given
from hypothesis import strategies as st
from strategies import histories
from test_fuzz import FUZZ, OTHER_VALUES, Doc, at, damage_bytes, dump, mutate, nodes, scenario_doc

from orgsim import api, explore
from orgsim.cli import cli
from orgsim.scenario import parse_scenario

# Sections an included organisation file may hold.
INCLUDED = ("organizations", "posts", "people")
LOCATED = re.compile(r"^(?P<file>.+?):[1-9]\d*:[1-9]\d*: \S")


def invoke(folder: Path, *args: str) -> Result:
    """Run the CLI in-process; `@name` in `args` stands for the path of `name` in `folder`."""
    argv = [str(folder / a[1:]) if a.startswith("@") else a for a in args]
    return CliRunner().invoke(cli, argv, catch_exceptions=False)


def assert_answer_or_located_error(result: Result, *, command: str) -> None:
    """Exit 0, 1 or 2; on 2, every line is `file:line:col: message` or starts `orgsim:` (or
    is a note an importer printed before the errors)."""
    detail = f"{command}: exit {result.exit_code}\n{result.stderr}"
    assert result.exit_code in (0, 1, 2), detail
    assert "internal error" not in result.stderr, detail
    assert "Traceback" not in result.output + result.stderr, detail
    if result.exit_code == 2:
        lines = result.stderr.splitlines()
        assert lines, detail
        for line in lines:
            if not line.strip():
                continue  # click puts a blank line between a usage error's lines
            usage = line.startswith(("Usage:", "Try ", "Error:", "  "))
            known = line.startswith(("orgsim: ", "note: "))
            assert LOCATED.match(line) or known or usage, detail


def every_command(folder: Path, scenario: str, doc: Doc) -> None:
    """Every command that reads a scenario, on `scenario` in `folder`."""

    def ids(section: str) -> list[Any]:
        items = doc.get(section)
        return (
            [p.get("id") for p in items if isinstance(p, dict)] if isinstance(items, list) else []
        )

    posts, people = ids("posts"), ids("people")
    post = next((p for p in posts if isinstance(p, str) and p), "president")
    person = next((p for p in people if isinstance(p, str) and p), "nobody")
    day = str(doc.get("date", "2024-01-01"))[:10]
    day = day if re.fullmatch(r"\d{4}-\d\d-\d\d", day) else "2024-01-01"
    commands = [
        ["validate", scenario],
        ["run", scenario, "--out", "@out", "--format", "dot", "-q"],
        ["who", scenario, post, "--at", day],
        ["who", scenario, post, "--at", day, "--json"],
        ["succession", scenario, post, "--at", day],
        ["timeline", scenario],
        ["timeline", scenario, "--json"],
        ["chart", scenario, "--at", day, "--format", "dot", "-o", "@chart.dot"],
        ["chart", scenario, "--at", day, "--focus", post, "--format", "dot"],
        ["export", scenario, "--at", day],
        ["whatif", scenario, "--at", day, "--event", f"resign {person}"],
        ["diff", scenario, "--from", day, "--to", "2030-01-01", "-o", "@diff.dot"],
        ["depth", scenario, "--at", day],
        ["depth", scenario, "--at", day, "--json"],
    ]
    for command in commands:
        assert_answer_or_located_error(invoke(folder, *command), command=" ".join(command))


@st.composite
def damaged_scenarios(draw: st.DrawFn) -> tuple[Doc, str, bytes]:
    """(the document before byte damage, the file name, its bytes)."""
    doc = scenario_doc(draw(histories(max_events=6)))
    for _ in range(draw(st.integers(0, 3))):
        doc = draw(mutate(doc))
    fmt = draw(st.sampled_from(["yaml", "json"]))
    data = dump(doc, fmt)
    if draw(st.booleans()):
        data = draw(damage_bytes(data))
    return doc, f"s.{fmt}", data


@FUZZ
@given(damaged_scenarios())
def test_every_command_on_a_damaged_scenario_answers_or_gives_located_errors(
    tmp_path_factory: pytest.TempPathFactory, case: tuple[Doc, str, bytes]
) -> None:
    """validate, run, who, succession, timeline, chart, export, whatif, diff and depth."""
    doc, name, data = case
    folder = tmp_path_factory.mktemp("fuzz")
    (folder / name).write_bytes(data)
    every_command(folder, str(folder / name), doc)


@st.composite
def damaged_side_files(draw: st.DrawFn) -> tuple[Doc, dict[str, bytes]]:
    """A scenario whose organisation sits in an `include:`d file and whose events sit in an
    `events_from:` file; one of the three files damaged. Returns the main document and
    every file's bytes by name."""
    doc = scenario_doc(draw(histories(max_events=6)))
    included = {key: doc.pop(key) for key in INCLUDED if key in doc}
    events = doc.pop("events", [])
    lines = draw(st.booleans())
    events_name = "events.jsonl" if lines else "events.json"
    main: Doc = {"include": "org.yaml", "events_from": events_name, **doc}
    target = draw(st.sampled_from(["main", "include", "events"]))
    if draw(st.booleans()):
        if target == "main":
            main = draw(mutate(main))
        elif target == "include":
            included = draw(mutate(included))
        else:
            events = draw(mutate({"events": events})).get("events", [])
    if lines and isinstance(events, list):
        events_data = "".join(json.dumps(e, default=str) + "\n" for e in events).encode()
    else:
        events_data = json.dumps(events, default=str, indent=1).encode()
    data = {
        "s.yaml": dump(main, "yaml"),
        "org.yaml": yaml.safe_dump(included, sort_keys=False, allow_unicode=True).encode(),
        events_name: events_data,
    }
    if draw(st.booleans()):
        name = draw(st.sampled_from(sorted(data)))
        data[name] = draw(damage_bytes(data[name]))
    return main, data


@FUZZ
@given(damaged_side_files())
def test_damaged_include_and_events_from_files_give_located_errors(
    tmp_path_factory: pytest.TempPathFactory, case: tuple[Doc, dict[str, bytes]]
) -> None:
    """A broken side file is reported at its own line and column (or at the key naming it)."""
    _, data = case
    folder = tmp_path_factory.mktemp("side")
    for name, content in data.items():
        (folder / name).write_bytes(content)
    for command in (["validate", "s.yaml"], ["timeline", "s.yaml"]):
        result = invoke(folder, *[str(folder / a) if a == "s.yaml" else a for a in command])
        assert_answer_or_located_error(result, command=" ".join(command))


def retype_anything(draw: st.DrawFn, doc: Any) -> Any:
    """The document with one value anywhere replaced by a value of another type."""
    everything = nodes(doc)
    if len(everything) > 1:
        path, _ = draw(st.sampled_from(everything[1:]))
        at(doc, path[:-1])[path[-1]] = draw(OTHER_VALUES)
    return doc


@st.composite
def damaged_popolo(draw: st.DrawFn) -> bytes:
    """A Popolo export of a valid generated scenario, then damaged."""
    doc = scenario_doc(draw(histories(max_events=6)))
    scenario = parse_scenario(dump(doc, "yaml"), "valid.yaml")
    history = api.replay_scenario(scenario)
    popolo = explore.export_popolo(scenario, history, history.final.date, with_past=True)
    for _ in range(draw(st.integers(0, 3))):
        popolo = retype_anything(draw, popolo) if draw(st.booleans()) else draw(mutate(popolo))
    data = json.dumps(popolo, default=str, indent=1).encode()
    return draw(damage_bytes(data)) if draw(st.booleans()) else data


@FUZZ
@given(damaged_popolo())
def test_import_popolo_of_a_damaged_file_gives_a_scenario_or_located_errors(
    tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    """Ids that are lists, dates that cannot be, keys missing: errors at the input's lines."""
    folder = tmp_path_factory.mktemp("popolo")
    (folder / "in.json").write_bytes(data)
    result = invoke(folder, "import", "popolo", str(folder / "in.json"), "-o", "@out.yaml")
    assert_answer_or_located_error(result, command="import popolo")
    for line in result.stderr.splitlines():
        found = LOCATED.match(line.removeprefix("note: "))
        assert found is None or found["file"].endswith("in.json"), line


CELLS = st.one_of(
    st.sampled_from(["", "x", "p0", "p1", "acting", "vacant", "2024-02-30", "1999-01-01"]),
    st.text(max_size=6),
)


@st.composite
def damaged_csv(draw: st.DrawFn) -> bytes:
    """An org-chart CSV of a small tree, with cells changed and bytes damaged."""
    rows = [["id", "name", "title", "reports_to", "organisation", "capacity", "since"]]
    for i in range(draw(st.integers(1, 8))):
        boss = "" if i == 0 else f"p{draw(st.integers(0, i - 1))}"
        rows.append([f"p{i}", f"Person {i}", f"Title {i}", boss, "Org", "", "2024-01-15"])
    for _ in range(draw(st.integers(0, 4))):
        r = draw(st.integers(0, len(rows) - 1))
        c = draw(st.integers(0, len(rows[r]) - 1))
        rows[r][c] = draw(CELLS)
    text = "\n".join(",".join(json.dumps(c) if "," in c else c for c in row) for row in rows)
    data = (text + "\n").encode("utf-8", "surrogatepass")
    return draw(damage_bytes(data)) if draw(st.booleans()) else data


@FUZZ
@given(damaged_csv())
def test_import_csv_of_a_damaged_file_gives_a_scenario_or_located_errors(
    tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    """Cells changed, bytes flipped: a scenario, or errors at the CSV's own lines."""
    folder = tmp_path_factory.mktemp("csv")
    (folder / "in.csv").write_bytes(data)
    result = invoke(folder, "import", "csv", str(folder / "in.csv"), "-o", "@out.yaml")
    assert_answer_or_located_error(result, command="import csv")
    for line in result.stderr.splitlines():
        found = LOCATED.match(line.removeprefix("note: "))
        assert found is None or found["file"].endswith("in.csv"), line
