"""Fuzzing the loader: valid generated scenarios, mutated, must load and replay or be refused
with located errors, never anything else.

Hypothesis builds a valid scenario (tests/strategies.py: an organisation and a valid history),
adds expectations that hold, writes it as YAML or JSON, and then damages it: structurally
(delete a key, change a value's type, duplicate a list item or an event, swap two events, point
an id at an unknown one) and at the byte level (flip, insert or delete bytes). Every input must
end in a result (load, replay, the expectations checked, the final chart drawn) or in a located
orgsim error: ScenarioErrors whose every line is FILE:LINE:COL: message, or a QueryError.

The importers are fuzzed the same way (tests at the end): real Popolo files and orgsim's own
exports, and real and hand-made org-chart CSVs, damaged structurally and byte by byte, must
import to a scenario that loads and replays, or fail with errors located in the input file.

CI runs 150 examples per test (a few seconds). For a long local run:

    ORGSIM_FUZZ_EXAMPLES=5000 pytest tests/test_fuzz.py
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import Model, OrgSpec, histories, to_yaml

from orgsim import api, explore
from orgsim import events as ev
from orgsim.errors import QueryError, ScenarioErrors
from orgsim.interop import Imported, csv_to_scenario, decode_csv, from_popolo, from_wikidata
from orgsim.render import state_chart
from orgsim.scenario import parse_scenario

EXAMPLES = int(os.environ.get("ORGSIM_FUZZ_EXAMPLES", 150))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

Doc = dict[str, Any]
Node = Any
PathT = tuple[str | int, ...]

# Keys whose text values are ids of something else in the file (or the thing's own id); the
# second line names those of Popolo files, for the importers' fuzzing below.
ID_KEYS = frozenset(
    {"id", "post", "person", "holder", "reports_to", "first_assistant", "organization", "parent"}
    | {"president", "by"}
    | {"person_id", "post_id", "organization_id", "area_id", "parent_id", "legislative_period_id"}
)


def scenario_doc(history: tuple[OrgSpec, list[ev.Event], Model]) -> Doc:
    """The generated scenario as plain data, with an expectation for each post the model says
    is held at the end."""
    spec, events, model = history
    doc: Doc = yaml.safe_load(to_yaml(spec, events))
    last = max([e.date for e in events], default=doc["date"])
    doc["expect"] = [
        {"post": post, "at": last, "holder": person, "capacity": str(capacity)}
        for post, (person, capacity) in sorted(model.holds.items())
    ]
    return doc


def nodes(value: Node, path: PathT = ()) -> list[tuple[PathT, Node]]:
    """Every (path, value) in the document, the root first."""
    found = [(path, value)]
    if isinstance(value, dict):
        for key, item in value.items():
            found.extend(nodes(item, (*path, key)))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found.extend(nodes(item, (*path, i)))
    return found


def at(doc: Node, path: PathT) -> Node:
    """The value at `path`."""
    for step in path:
        doc = doc[step]
    return doc


# An unknown id is listed twice: it is the mistake users make most.
MUTATIONS = (
    *("delete-key", "retype", "duplicate-item", "duplicate-event", "swap-events"),
    *("unknown-id", "unknown-id"),
)
OTHER_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.dates(min_value=dt.date(1, 1, 1)),
    st.lists(st.integers(0, 3), max_size=3),
    st.dictionaries(st.sampled_from(["id", "kind", "date", "x"]), st.integers(0, 3), max_size=2),
)


@st.composite
def mutate(draw: st.DrawFn, doc: Doc) -> Doc:
    """The document after one structural change."""
    doc = copy.deepcopy(doc)
    everything = nodes(doc)
    how = draw(st.sampled_from(MUTATIONS))
    if how == "delete-key":
        mappings = [v for _, v in everything if isinstance(v, dict) and v]
        if mappings:
            mapping = draw(st.sampled_from(mappings))
            del mapping[draw(st.sampled_from(sorted(mapping)))]
    elif how == "retype" and len(everything) > 1:
        path, _ = draw(st.sampled_from(everything[1:]))
        at(doc, path[:-1])[path[-1]] = draw(OTHER_VALUES)
    elif how == "duplicate-item":
        lists = [(p, v) for p, v in everything if isinstance(v, list) and v]
        if lists:
            _, items = draw(st.sampled_from(lists))
            i = draw(st.integers(0, len(items) - 1))
            items.insert(draw(st.integers(0, len(items))), copy.deepcopy(items[i]))
    elif how in ("duplicate-event", "swap-events"):
        events = doc.get("events")
        if isinstance(events, list) and len(events) >= (1 if how == "duplicate-event" else 2):
            i = draw(st.integers(0, len(events) - 1))
            j = draw(st.integers(0, len(events) - 1))
            if how == "duplicate-event":
                events.insert(j, copy.deepcopy(events[i]))
            else:
                events[i], events[j] = events[j], events[i]
    elif how == "unknown-id":
        refs = [(p, v) for p, v in everything if p and p[-1] in ID_KEYS and isinstance(v, str)]
        if not refs:
            return doc
        path, value = draw(st.sampled_from(refs))
        at(doc, path[:-1])[path[-1]] = draw(
            st.sampled_from([value + "x", value[:-1], "nobody", "", value.upper(), "president"])
        )
    return doc


def dump(doc: Doc, fmt: str) -> bytes:
    """The document as YAML or JSON bytes."""
    if fmt == "json":
        return json.dumps(doc, default=str, ensure_ascii=False, indent=1).encode("utf-8")
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True).encode("utf-8")


@st.composite
def damage_bytes(draw: st.DrawFn, data: bytes) -> bytes:
    """The bytes after one to four flips, insertions or deletions."""
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, max(0, len(out) - 1)))
        how = draw(st.sampled_from(["flip", "insert", "delete"]))
        if how == "flip" and out:
            out[i] ^= 1 << draw(st.integers(0, 7))
        elif how == "insert":
            out[i:i] = draw(
                st.one_of(
                    st.binary(min_size=1, max_size=4),
                    st.sampled_from([b"{", b"[", b"]", b'"', b",", b":", b"\n  ", b"&a", b"*a"]),
                )
            )
        elif out:
            del out[i : i + draw(st.integers(1, 8))]
    return bytes(out)


@st.composite
def mutated(draw: st.DrawFn, *, byte_damage: bool) -> tuple[str, bytes]:
    """(file name, content): a valid generated scenario, changed one to three times, as YAML
    or JSON, its bytes then damaged too when asked."""
    doc = scenario_doc(draw(histories(max_events=8)))
    for _ in range(draw(st.integers(0 if byte_damage else 1, 3))):
        doc = draw(mutate(doc))
    fmt = draw(st.sampled_from(["yaml", "json"]))
    data = dump(doc, fmt)
    if byte_damage:
        data = draw(damage_bytes(data))
    return f"fuzzed.{fmt}", data


def assert_result_or_located_error(name: str, data: bytes) -> None:
    """Load, replay, check and draw; or fail with located ScenarioErrors or a QueryError."""
    located = re.compile(rf"^{re.escape(name)}:[1-9]\d*:[1-9]\d*: \S")
    try:
        scenario = parse_scenario(data, name)
        for error in api.event_errors(scenario):
            assert located.match(str(error)), str(error)
        history = api.replay_scenario(scenario)
        api.check_expectations(scenario, history)
        state_chart(history.final)
    except ScenarioErrors as err:
        assert err.errors
        for error in err.errors:
            text = str(error)
            assert "\n" not in text, f"a problem takes one line: {text!r}"
            assert located.match(text), text
    except QueryError:
        pass


@FUZZ
@given(mutated(byte_damage=False))
def test_a_structurally_mutated_scenario_gives_a_result_or_located_errors(
    case: tuple[str, bytes],
) -> None:
    """Keys deleted, values retyped, items and events duplicated or swapped, ids unknown."""
    assert_result_or_located_error(*case)


@FUZZ
@given(mutated(byte_damage=True))
def test_a_scenario_with_damaged_bytes_gives_a_result_or_located_errors(
    case: tuple[str, bytes],
) -> None:
    """Bits flipped, bytes inserted and deleted, after any structural change."""
    assert_result_or_located_error(*case)


@settings(max_examples=10, deadline=None)
@given(histories(max_events=8))
def test_an_unmutated_generated_scenario_loads_and_its_expectations_hold(
    history: tuple[OrgSpec, list[ev.Event], Model],
) -> None:
    """The fuzzer starts from valid files: with no mutation, both formats load, replay and pass."""
    doc = scenario_doc(history)
    for fmt in ("yaml", "json"):
        scenario = parse_scenario(dump(doc, fmt), f"valid.{fmt}")
        checks = api.check_expectations(scenario, api.replay_scenario(scenario))
        assert all(c.ok for c in checks), [str(c) for c in checks if not c.ok]


# --- importers ---------------------------------------------------------------------------------

DATA = Path(__file__).resolve().parent / "data"


def _popolo_seeds() -> list[Doc]:
    """Real Popolo files, and orgsim's own export of the CBP 2022 scenario with its history."""
    seeds: list[Doc] = [
        json.loads(path.read_text(encoding="utf-8")) for path in sorted(DATA.glob("real/*.json"))
    ]
    scenario = api.load(Path(__file__).resolve().parent.parent / "scenarios" / "cbp-2022.yaml")
    history = api.replay_scenario(scenario)
    seeds.append(explore.export_popolo(scenario, history, dt.date(2023, 7, 1), with_past=True))
    return seeds


POPOLO_SEEDS = _popolo_seeds()
WIKIDATA_SEEDS = [
    json.loads((DATA / f).read_text(encoding="utf-8"))
    for f in ("real/wikidata-mayor-of-london.json", "handmade/wikidata-entities.json")
]
CSV_SEEDS = [p.read_bytes() for p in sorted(DATA.glob("*/*.csv"))]


def assert_import_result_or_located_error(name: str, run: Callable[[], Imported]) -> None:
    """The import gives a scenario that loads and replays, or errors located in the input."""
    located = re.compile(rf"^{re.escape(name)}:[1-9]\d*:[1-9]\d*: \S")
    try:
        api.checked_import(run(), source=name)
    except ScenarioErrors as err:
        assert err.errors
        for error in err.errors:
            text = str(error)
            assert "\n" not in text, f"a problem takes one line: {text!r}"
            assert located.match(text), text
            # The importer itself must find what is wrong, and say where.
            assert "does not make a valid scenario" not in text, text


@st.composite
def popolo_inputs(draw: st.DrawFn, *, byte_damage: bool) -> bytes:
    """A real or exported Popolo document, changed one to three times, maybe byte-damaged."""
    doc = copy.deepcopy(draw(st.sampled_from(POPOLO_SEEDS)))
    for _ in range(draw(st.integers(0 if byte_damage else 1, 3))):
        doc = draw(mutate(doc))
    data = json.dumps(doc, ensure_ascii=False, indent=1, default=str).encode("utf-8")
    return draw(damage_bytes(data)) if byte_damage else data


@FUZZ
@given(popolo_inputs(byte_damage=False), st.sampled_from([None, "cy"]), st.booleans())
def test_a_mutated_popolo_file_imports_or_gives_located_errors(
    data: bytes, lang: str | None, dated: bool
) -> None:
    """Popolo import: keys deleted, values retyped, items duplicated, ids unknown."""
    day = dt.date(2017, 10, 4) if dated else None
    assert_import_result_or_located_error(
        "in.json", lambda: from_popolo(data, "in.json", date=day, lang=lang)
    )


@FUZZ
@given(popolo_inputs(byte_damage=True))
def test_a_damaged_popolo_file_imports_or_gives_located_errors(data: bytes) -> None:
    """Popolo import: bits flipped, bytes inserted and deleted."""
    assert_import_result_or_located_error("in.json", lambda: from_popolo(data, "in.json"))


@st.composite
def csv_inputs(draw: st.DrawFn) -> bytes:
    """A real or hand-made CSV with lines duplicated, dropped or swapped, cells emptied or
    repeated, then maybe byte-damaged."""
    lines = draw(st.sampled_from(CSV_SEEDS)).split(b"\n")
    for _ in range(draw(st.integers(0, 3))):
        i = draw(st.integers(0, len(lines) - 1))
        j = draw(st.integers(0, len(lines) - 1))
        how = draw(st.sampled_from(["dup", "drop", "swap", "empty-cell", "copy-cell"]))
        if how == "dup":
            lines.insert(j, lines[i])
        elif how == "drop" and len(lines) > 1:
            del lines[i]
        elif how == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        else:
            cells = lines[i].split(b",")
            k = draw(st.integers(0, len(cells) - 1))
            other = lines[j].split(b",")
            cells[k] = b"" if how == "empty-cell" else other[min(k, len(other) - 1)]
            lines[i] = b",".join(cells)
    data = b"\n".join(lines)
    return draw(damage_bytes(data)) if draw(st.booleans()) else data


@FUZZ
@given(csv_inputs(), st.booleans())
def test_a_damaged_csv_imports_or_gives_located_errors(data: bytes, dated: bool) -> None:
    """CSV import (decoding included): any bytes give a scenario or located errors."""
    day = dt.date(2024, 1, 1) if dated else None

    def run() -> Imported:
        text, _ = decode_csv(data, "in.csv")
        return csv_to_scenario(text, "in.csv", date=day, default_date=dt.date(2024, 6, 1))

    assert_import_result_or_located_error("in.csv", run)


@st.composite
def wikidata_inputs(draw: st.DrawFn) -> bytes:
    """A real SPARQL result or a hand-made entity file, changed, maybe byte-damaged."""
    doc = copy.deepcopy(draw(st.sampled_from(WIKIDATA_SEEDS)))
    for _ in range(draw(st.integers(0, 3))):
        doc = draw(mutate(doc))
    data = json.dumps(doc, ensure_ascii=False, indent=1, default=str).encode("utf-8")
    return draw(damage_bytes(data)) if draw(st.booleans()) else data


@FUZZ
@given(wikidata_inputs(), st.booleans())
def test_a_damaged_wikidata_file_imports_or_gives_located_errors(data: bytes, dated: bool) -> None:
    """Wikidata import: any change gives a scenario or errors located in the input."""
    day = dt.date(2017, 1, 1) if dated else None
    assert_import_result_or_located_error(
        "in.json", lambda: from_wikidata(data, "in.json", date=day)
    )
