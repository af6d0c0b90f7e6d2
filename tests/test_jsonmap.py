"""The JSON position map gives the marks the YAML loader gives, and JSON's limits are located.

The reference is the way `.json` files were located before the map: a lenient parse of the
same text with the YAML loader, whose marks were the ones users saw.
"""

from __future__ import annotations

import json
import re
from pathlib import Path as FilePath
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from orgsim.errors import Mark, ScenarioError, ScenarioErrors
from orgsim.scenario import located
from orgsim.scenario.jsonmap import json_positions
from orgsim.scenario.load import load_scenario
from orgsim.scenario.located import Marks, load_fast, load_located


def yaml_marks(text: str, file: str) -> Marks:
    """The marks of JSON text by a lenient YAML parse (what `_marks_of_json` did)."""
    # libyaml refuses surrogate escapes even in pairs; any same-length escape keeps the columns.
    text = located._SURROGATE.sub(lambda m: m.group(1) + "\\uFFFD", text)
    marks = Marks(file)
    loader = located._Loader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            located._Walker(loader, marks, strict=False).walk(node, ())
    finally:
        loader.dispose()
    return marks


# --- generated JSON texts, written with odd white space and every kind of escape -------------

_SPACE = st.sampled_from(["", " ", "  ", "\n", "\r\n", "\n  ", " \r\n\t", "\t"])
_CHARS = st.characters(codec="utf-8")
_TEXTS = st.text(_CHARS, max_size=12) | st.sampled_from(["", "a", "é", "😀", 'a"b', "\\", "/"])


@st.composite
def _string(draw: st.DrawFn, value: str) -> str:
    """A JSON string for `value`, each character written plainly or as an escape."""
    out = ['"']
    for ch in value:
        code = ord(ch)
        how = draw(st.sampled_from(["plain", "escape"]))
        if ch in '"\\':
            out.append("\\" + ch)
        elif code < 0x20 or how == "escape":
            if code > 0xFFFF:  # a surrogate pair
                high, low = divmod(code - 0x10000, 0x400)
                out.append(f"\\u{0xD800 + high:04x}\\u{0xDC00 + low:04X}")
            elif ch == "/" and draw(st.booleans()):
                out.append("\\/")
            else:
                out.append(json.dumps(ch)[1:-1] if code < 0x20 else f"\\u{code:04x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


@st.composite
def _written(draw: st.DrawFn, value: Any) -> str:
    """`value` as JSON text, with white space drawn at every gap; no recursion."""
    parts: list[str] = []
    # A stack of things to write: a value, or a literal piece of text.
    todo: list[tuple[str, Any]] = [("value", value)]
    while todo:
        what, item = todo.pop()
        if what == "text":
            parts.append(item)
            continue
        if isinstance(item, dict):
            pieces: list[tuple[str, Any]] = [("text", "{" + draw(_SPACE))]
            for i, (k, v) in enumerate(item.items()):
                if i:
                    pieces.append(("text", draw(_SPACE) + "," + draw(_SPACE)))
                key = draw(_string(k))
                pieces.append(("text", key + draw(_SPACE) + ":" + draw(_SPACE)))
                pieces.append(("value", v))
            pieces.append(("text", draw(_SPACE) + "}"))
            todo.extend(reversed(pieces))
        elif isinstance(item, list):
            pieces = [("text", "[" + draw(_SPACE))]
            for i, v in enumerate(item):
                if i:
                    pieces.append(("text", draw(_SPACE) + "," + draw(_SPACE)))
                pieces.append(("value", v))
            pieces.append(("text", draw(_SPACE) + "]"))
            todo.extend(reversed(pieces))
        elif isinstance(item, str):
            parts.append(draw(_string(item)))
        else:
            parts.append(json.dumps(item))
    return draw(_SPACE) + "".join(parts) + draw(_SPACE)


_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | _TEXTS
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TEXTS, inner, max_size=4),
    max_leaves=25,
)
_DOCUMENTS = _VALUES.flatmap(lambda v: st.tuples(st.just(v), _written(v)))


def _paths(value: Any) -> set[tuple[str | int, ...]]:
    """Every path of a value, without recursion."""
    out: set[tuple[str | int, ...]] = set()
    todo: list[tuple[Any, tuple[str | int, ...]]] = [(value, ())]
    while todo:
        item, path = todo.pop()
        out.add(path)
        if isinstance(item, dict):
            todo.extend((v, (*path, k)) for k, v in item.items())
        elif isinstance(item, list):
            todo.extend((v, (*path, i)) for i, v in enumerate(item))
    return out


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(_DOCUMENTS)
def test_the_map_gives_the_yaml_marks(document: tuple[Any, str]) -> None:
    value, text = document
    assert json.loads(text) == value  # the text is the value, however it is written
    found = json_positions(text, "f.json")
    values, keys = found.marks("f.json")
    assert set(values) == _paths(value)
    try:
        reference = yaml_marks(text, "f.json")
    except (yaml.YAMLError, ScenarioError):
        # The YAML loader refuses some JSON (characters YAML does not allow, a key over 1024
        # characters): the old marks were a guess at 1:1 there; the map needs no guess.
        assume(False)
        return
    # Both tables are in file order; the reference's paths spell a surrogate pair as two U+FFFD
    # (the old marks could not find such a key), so compare the places in order, then the paths.
    assert list(values.values()) == list(reference.values.values())
    assert list(keys.values()) == list(reference.keys.values())
    if not located._SURROGATE.search(text):
        assert values == reference.values
        assert keys == reference.keys


@given(_DOCUMENTS)
def test_the_lazy_marks_give_what_the_map_gives(document: tuple[Any, str]) -> None:
    value, text = document
    data = text.encode("utf-8")
    loaded, marks = load_fast(data, "f.json")
    assert loaded == value
    values, keys = json_positions(text, "f.json").marks("f.json")
    for path, mark in values.items():
        assert marks.at(path) == mark
    for path, mark in keys.items():
        assert marks.at(path, key=True) == mark


def test_crlf_lone_cr_and_unicode_line_breaks_count_as_yaml_counts_them() -> None:
    text = '{"a":\r\n 1,\r "b": "x\u2028y", "c":\n[2]}'
    values, _ = json_positions(text, "f.json").marks("f.json")
    assert values == yaml_marks(text, "f.json").values
    assert values[("c", 0)] == Mark("f.json", 5, 2)


# --- the limits, located, for .json as for YAML ----------------------------------------------


def _error(data: bytes, file: str) -> ScenarioError:
    with pytest.raises(ScenarioError) as caught:
        load_fast(data, file)
    return caught.value


@settings(
    max_examples=50, suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow]
)
@given(
    # Keys YAML reads as JSON does (it refuses some characters and surrogate escapes).
    st.dictionaries(
        st.text('abé"\\/ ', max_size=4),
        _SCALARS | st.lists(_SCALARS, max_size=3),
        min_size=1,
        max_size=4,
    ),
    st.data(),
)
def test_a_repeated_key_is_where_yaml_says(value: dict[str, Any], data: st.DataObject) -> None:
    text = data.draw(_written(value))
    # Repeat one key, written again just before the closing brace.
    key = data.draw(st.sampled_from(sorted(value)))
    end = text.rindex("}")
    text = text[:end] + ',\n  "' + json.dumps(key)[1:-1] + '": 1' + text[end:]
    yaml_error: ScenarioError | None = None
    try:
        load_located(text.encode(), "f.json")
    except ScenarioError as err:
        yaml_error = err
    assume(yaml_error is not None and "duplicate key" in str(yaml_error))
    assert yaml_error is not None  # not YAML refusing the text for its own reasons
    error = _error(text.encode(), "f.json")
    assert (str(error), error.mark) == (str(yaml_error), yaml_error.mark)


@pytest.mark.parametrize("depth", [65, 66, 200, 5000])
def test_nesting_past_the_limit_is_located_without_yaml(depth: int) -> None:
    text = '{"title": "deep",\n  "x": ' + "[" * depth + "]" * depth + "}"
    error = _error(text.encode(), "f.json")
    assert str(error) == "f.json:2:72: nesting deeper than 64 levels"
    if depth < 500:  # libyaml's own limit is 1000 levels
        with pytest.raises(ScenarioError) as caught:
            load_located(text.encode(), "f.json")
        assert caught.value.mark == error.mark


def test_too_many_values_is_located(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(located, "MAX_NODES", 10)
    text = '{"a": [1, 2, 3],\n "b": [4, 5, 6, 7, 8, 9, 10]}'
    error = _error(text.encode(), "f.json")
    # The root, a, three numbers, b and four numbers make ten; 8 is the eleventh value.
    assert str(error) == "f.json:2:20: document too large: more than 10 values (the limit)"


def test_a_number_too_long_is_a_located_problem_as_in_yaml() -> None:
    text = '{"title": "t",\n "n": [1, ' + "9" * 5000 + "]}"
    value, marks = load_fast(text.encode(), "f.json")
    _, yaml_marks_ = load_located(text.encode(), "f.json")
    assert value["n"][1] == "9" * 5000
    assert [str(p) for p in marks.problems] == [str(p) for p in yaml_marks_.problems]
    assert marks.problems[0].mark == Mark("f.json", 2, 11)


def test_a_json_scenario_over_the_size_limit_is_refused_at_1_1(
    tmp_path: FilePath, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(located, "MAX_JSON_BYTES", 1000)
    path = tmp_path / "big.json"
    path.write_text(json.dumps({"title": "x" * 2000, "date": "2024-01-01"}))
    with pytest.raises(ScenarioErrors) as caught:
        load_scenario(path)
    assert re.fullmatch(rf"{re.escape(str(path))}:1:1: cannot read: .*1,000.*", str(caught.value))


def test_a_json_lines_file_over_the_value_limit_is_refused_at_its_line(
    tmp_path: FilePath, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(located, "MAX_STREAM_VALUES", 100)
    (tmp_path / "s.json").write_text(
        json.dumps({"title": "t", "date": "2024-01-01", "events_from": "e.jsonl"})
    )
    # Each note is four values (the event, date, kind, text): the 26th passes 100.
    (tmp_path / "e.jsonl").write_text(
        "".join(
            json.dumps({"date": "2024-01-02", "kind": "note", "text": f"n{i}"}) + "\n"
            for i in range(40)
        )
    )
    with pytest.raises(ScenarioErrors) as caught:
        load_scenario(tmp_path / "s.json")
    assert str(caught.value) == (
        f"{tmp_path / 'e.jsonl'}:26:1: too large: more than 100 values (the limit for a JSON"
        " Lines file)"
    )
