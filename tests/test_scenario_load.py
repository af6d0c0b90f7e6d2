"""Loading scenario files: every problem is reported as FILE:LINE:COL: message, at the right
place, and all of a file's problems come out in one pass."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import line_col

from orgsim.errors import ScenarioErrors
from orgsim.scenario import load_scenario

LOCATED = re.compile(r"^(?P<file>.+):(?P<line>\d+):(?P<col>\d+): (?P<message>.+)$")

HEAD = "title: t\ndate: 2022-01-01\n"
ORG = HEAD + "organizations:\n  - {id: dept, name: Department}\n"


def problems(path: Path, *, file: Path | None = None) -> list[tuple[int, int, str]]:
    """Load the file, expect it to fail, and return (line, col, message) for each problem.

    Also checks every line of the error's text has the form FILE:LINE:COL: message, with FILE
    the scenario (or `file`, when the problem is in a file it includes).
    """
    with pytest.raises(ScenarioErrors) as caught:
        load_scenario(path)
    text = str(caught.value)
    found = []
    lines = text.splitlines()
    assert len(lines) == len(caught.value.errors)
    for line in lines:
        match = LOCATED.match(line)
        assert match, f"not FILE:LINE:COL: message: {line!r}"
        assert match["file"] == str(file or path)
        found.append((int(match["line"]), int(match["col"]), match["message"]))
    return found


def write(tmp_path: Path, text: str | bytes, name: str = "s.yaml") -> Path:
    """A scenario file with this content."""
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def only(path: Path) -> tuple[int, int, str]:
    """The single problem the file has."""
    found = problems(path)
    assert len(found) == 1, found
    return found[0]


# --- the repository's scenario with one mistake ----------------------------------------------


def test_a_misspelt_post_id_in_an_event_is_located_and_a_correction_suggested(
    cbp_copy: Callable[..., Path],
) -> None:
    """`cbp-comissioner` in the resign event: the line and column of the id, with a suggestion."""
    old = "    kind: resign\n    post: cbp-commissioner"
    path = cbp_copy(old, old.replace("cbp-commissioner", "cbp-comissioner"))
    text = path.read_text(encoding="utf-8")
    line, col, message = only(path)
    assert (line, col) == line_col(text, "cbp-comissioner")
    assert "cbp-comissioner" in message
    assert "did you mean `cbp-commissioner`" in message


def test_a_misspelt_person_in_an_expectation_is_located(cbp_copy: Callable[..., Path]) -> None:
    """An expectation naming `troy-miler` points at that value."""
    path = cbp_copy(
        "at: 2022-11-13, holder: troy-miller, capacity: acting",
        "at: 2022-11-13, holder: troy-miler, capacity: acting",
    )
    line, col, message = only(path)
    assert (line, col) == line_col(path.read_text(encoding="utf-8"), "troy-miler,")
    assert "did you mean `troy-miller`" in message


def test_a_misspelt_person_who_claimed_or_designated_a_holder_is_located(tmp_path: Path) -> None:
    """A holder's `by` and `claimed_by` name people too: each unknown one is reported there."""
    path = write(
        tmp_path,
        ORG
        + "posts:\n  - {id: head, title: Head, organization: dept, appointment: pas}\n"
        + "people:\n  - {id: ann, name: Ann}\n  - {id: bob, name: Bob}\n"
        + "holders:\n  - {post: head, person: ann, capacity: acting, route: president,"
        + " by: bobb, claimed_by: anne}\n",
    )
    found = problems(path)
    text = path.read_text(encoding="utf-8")
    assert [(line, col) for line, col, _ in found] == [
        line_col(text, "bobb"),
        line_col(text, "anne}"),
    ]
    assert "unknown person `bobb`; did you mean `bob`?" in found[0][2]
    assert "unknown person `anne`; did you mean `ann`?" in found[1][2]


def test_a_misspelt_post_id_in_an_included_file_is_located_in_that_file(
    cbp_copy: Callable[..., Path],
) -> None:
    """A typo in the shared organisation file is reported at its own line, not the scenario's."""
    path = cbp_copy()
    org_file = path.parent / "orgs" / "dhs-cbp.yaml"
    text = org_file.read_text(encoding="utf-8")
    old = "first_assistant: cbp-deputy-commissioner"
    assert old in text
    text = text.replace(old, "first_assistant: cbp-deputy-comissioner")
    org_file.write_text(text, encoding="utf-8")
    ((line, col, message),) = problems(path, file=org_file)
    assert (line, col) == line_col(text, "cbp-deputy-comissioner")
    assert "did you mean `cbp-deputy-commissioner`" in message


def test_the_unchanged_scenario_loads(cbp_copy: Callable[..., Path]) -> None:
    """The copy helper itself gives a loadable scenario (so the failures above are the edits')."""
    scenario = load_scenario(cbp_copy())
    assert scenario.initial.date == dt.date(2022, 11, 1)
    assert len(scenario.events) == 10


# --- one kind of problem per file --------------------------------------------------------------


def test_an_unknown_key_is_located_at_the_key(tmp_path: Path) -> None:
    """A top-level key the format does not have points at the key itself."""
    text = HEAD + "colour: red\n"
    line, col, message = only(write(tmp_path, text))
    assert (line, col) == line_col(text, "colour")
    assert "unknown key `colour`" in message


def test_an_unknown_key_inside_an_event_suggests_the_right_one(tmp_path: Path) -> None:
    """`persn` in an event: located at the key, suggesting `person`."""
    text = ORG + (
        "posts:\n  - {id: p, title: P, organization: dept}\n"
        "people:\n  - {id: a, name: A}\n"
        "events:\n  - date: 2022-02-01\n    kind: leave\n    post: p\n    persn: a\n"
    )
    found = problems(write(tmp_path, text))
    at_key = [m for line, col, m in found if (line, col) == line_col(text, "persn")]
    assert len(at_key) == 1
    assert "unknown key `persn`" in at_key[0] and "did you mean `person`" in at_key[0]


def test_a_number_where_a_whole_number_is_needed_is_located(tmp_path: Path) -> None:
    """`yeas: many` in a confirmation is a wrong type, located at the value."""
    text = ORG + "events:\n  - {date: 2022-02-01, kind: confirm, post: p, person: a, yeas: many}\n"
    line, col, _ = only(write(tmp_path, text))
    assert (line, col) == line_col(text, "many")


def test_a_word_where_true_or_false_is_needed_is_an_error(tmp_path: Path) -> None:
    """`executive_agency: maybe` must not be read as true: it is a located type error."""
    text = HEAD + "organizations:\n  - {id: dept, name: Department, executive_agency: maybe}\n"
    line, col, message = only(write(tmp_path, text))
    assert (line, col) == line_col(text, "maybe")
    assert "true or false" in message


def test_a_list_where_text_is_needed_is_an_error(tmp_path: Path) -> None:
    """`title: [a, b]` is not text; it must not be turned into the string "['a', 'b']"."""
    text = "title: [a, b]\ndate: 2022-01-01\n"
    line, col, message = only(write(tmp_path, text))
    assert (line, col) == line_col(text, "[a, b]")
    assert "text" in message


@pytest.mark.parametrize(
    ("people", "got", "where"),
    [
        ("people:\n  ann: Ann\n", "text", "ann"),  # a mapping where a list of records belongs
        ("people: [3]\n", "a number", "3"),
        ("people: [[ann, Ann]]\n", "a list", "[ann"),
        ("people: [null]\n", "nothing", "null"),
    ],
)
def test_a_record_that_is_not_a_mapping_says_so_in_words(
    tmp_path: Path, people: str, got: str, where: str
) -> None:
    """Where a record (`{id: ..., name: ...}`) belongs, anything else is "expected a mapping
    of fields", located, never Python's own words ("'str' object has no attribute 'keys'")."""
    text = HEAD + people
    line, col, message = only(write(tmp_path, text))
    assert message == f"expected a mapping of fields (key: value), got {got}"
    assert (line, col) == line_col(text, where)  # at the first record


def test_an_unknown_enum_value_is_located_with_a_suggestion(tmp_path: Path) -> None:
    """`appointment: pass` lists the allowed kinds and suggests `pas`."""
    text = ORG + "posts:\n  - {id: p, title: P, organization: dept, appointment: pass}\n"
    line, col, message = only(write(tmp_path, text))
    assert (line, col) == line_col(text, "pass}")
    assert "did you mean `pas`" in message


@pytest.mark.parametrize(
    ("value", "why"),
    [("2022-13-01", "month"), ("yesterday", "date"), ("2022-02-30", "day")],
)
def test_a_bad_date_is_located_at_the_value(tmp_path: Path, value: str, why: str) -> None:
    """Impossible or unreadable dates point at the value."""
    text = f"title: t\ndate: {value}\n"
    line, col, message = only(write(tmp_path, text))
    assert (line, col) == (2, 7)
    assert why in message


def test_a_bad_date_inside_an_event_is_located(tmp_path: Path) -> None:
    """30 February in the second event points there, not at the file's start."""
    text = HEAD + (
        "events:\n  - {date: 2022-02-01, kind: note, text: a}\n"
        "  - {date: 2022-02-30, kind: note, text: b}\n"
    )
    line, col, _ = only(write(tmp_path, text))
    assert (line, col) == line_col(text, "2022-02-30")


def test_a_date_and_time_is_not_a_date(tmp_path: Path) -> None:
    """A timestamp where a day is wanted is refused, not truncated."""
    text = "title: t\ndate: 2022-01-01 10:00:00\n"
    line, col, message = only(write(tmp_path, text))
    assert (line, col) == (2, 7)
    assert "date" in message


def test_a_duplicate_id_points_at_the_second_one(tmp_path: Path) -> None:
    """Two organisations called `alpha`: the second `id` is the problem."""
    text = HEAD + ("organizations:\n  - {id: alpha, name: First}\n  - {id: alpha, name: Second}\n")
    line, col, message = only(write(tmp_path, text))
    assert (line, col) == line_col(text, "alpha", after="name: First")
    assert "duplicate id `alpha`" in message


def test_a_duplicate_mapping_key_is_located(tmp_path: Path) -> None:
    """YAML would silently keep the last `title`; the loader reports the second one."""
    text = "title: a\ntitle: b\ndate: 2022-01-01\n"
    line, col, message = only(write(tmp_path, text))
    assert (line, col) == (2, 1)
    assert "duplicate key `title`" in message


def test_a_reporting_cycle_is_reported_at_a_reports_to_in_the_cycle(tmp_path: Path) -> None:
    """p reports to q and q to p: one problem, at one of the two `reports_to` values."""
    text = ORG + (
        "posts:\n"
        "  - {id: p, title: P, organization: dept, reports_to: q}\n"
        "  - {id: q, title: Q, organization: dept, reports_to: p}\n"
        "  - {id: r, title: R, organization: dept, reports_to: p}\n"
    )
    line, col, message = only(write(tmp_path, text))
    candidates = {
        line_col(text, "q}", after="{id: p,"),
        line_col(text, "p}", after="{id: q,"),
    }
    assert (line, col) in candidates
    assert "cycle" in message
    assert "p" in message and "q" in message


def test_a_post_reporting_to_itself_is_a_cycle(tmp_path: Path) -> None:
    """The shortest cycle is still a cycle."""
    text = ORG + "posts:\n  - {id: p, title: P, organization: dept, reports_to: p}\n"
    line, col, message = only(write(tmp_path, text))
    assert (line, col) == line_col(text, "p}")
    assert "cycle" in message


def test_events_out_of_date_order_point_at_the_earlier_date(tmp_path: Path) -> None:
    """The second event is dated before the first: its date is the problem."""
    text = HEAD + (
        "events:\n  - {date: 2022-03-01, kind: note, text: a}\n"
        "  - {date: 2022-02-01, kind: note, text: b}\n"
    )
    line, col, message = only(write(tmp_path, text))
    assert (line, col) == line_col(text, "2022-02-01")
    assert "date order" in message


def test_an_event_before_the_scenario_date_is_out_of_order(tmp_path: Path) -> None:
    """The initial state is dated; an event before it is out of order too."""
    text = HEAD + "events:\n  - {date: 2021-12-31, kind: note, text: a}\n"
    line, col, _ = only(write(tmp_path, text))
    assert (line, col) == line_col(text, "2021-12-31")


def test_a_yaml_syntax_error_is_located(tmp_path: Path) -> None:
    """An unclosed flow sequence: the parser's position, prefixed `YAML syntax`."""
    text = HEAD + "events: [\n  - a\n"
    line, col, message = only(write(tmp_path, text))
    assert (line, col) == line_col(text, "- a")
    assert message.startswith("YAML syntax")


def test_bad_indentation_is_a_located_syntax_error(tmp_path: Path) -> None:
    """A key indented wrongly under a scalar is a syntax error on its line."""
    text = "title: t\n  date: 2022-01-01\n"
    line, _, message = only(write(tmp_path, text))
    assert line == 2
    assert "YAML" in message


def test_bytes_that_are_not_utf8_are_located(tmp_path: Path) -> None:
    """A Latin-1 é on line 3 is reported at its line and column."""
    data = HEAD.encode() + b"description: caf\xe9\n"
    line, col, message = only(write(tmp_path, data))
    assert (line, col) == (3, len("description: caf") + 1)
    assert "UTF-8" in message


def test_a_control_character_is_one_located_line(tmp_path: Path) -> None:
    """A stray control byte (here U+0001 on line 3) is reported on one line at its place."""
    data = HEAD.encode() + b"description: ab\x01cd\n"
    line, col, message = only(write(tmp_path, data))
    assert (line, col) == (3, len("description: ab") + 1)
    assert "\n" not in message


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    """Editors on Windows may write a BOM; the file still loads."""
    scenario = load_scenario(write(tmp_path, b"\xef\xbb\xbf" + HEAD.encode()))
    assert scenario.title == "t"


@pytest.mark.parametrize("content", ["", "\n\n", "# only a comment\n"])
def test_an_empty_file_says_so(tmp_path: Path, content: str) -> None:
    """No document at all: one problem at 1:1."""
    line, col, message = only(write(tmp_path, content))
    assert (line, col) == (1, 1)
    assert "empty" in message


@pytest.mark.parametrize("content", ["- a\n- b\n", "just words\n", "42\n"])
def test_a_document_that_is_not_a_mapping_is_refused(tmp_path: Path, content: str) -> None:
    """A list or a scalar is not a scenario."""
    line, col, message = only(write(tmp_path, content))
    assert (line, col) == (1, 1)
    assert "mapping" in message


@pytest.mark.parametrize(
    "tagged",
    [
        "title: !!python/object:os.system x\n",
        "title: !!python/object/apply:os.system [echo pwned]\n",
        "title: !!python/name:os.system ''\n",
        "title: !custom {a: 1}\n",
    ],
)
def test_python_object_tags_are_refused_and_never_constructed(tmp_path: Path, tagged: str) -> None:
    """The loader is safe: a Python tag is a located error, not an object."""
    text = tagged + "date: 2022-01-01\n"
    line, col, message = only(write(tmp_path, text))
    assert (line, col) == line_col(text, "!")
    assert "tag" in message


def test_an_unknown_event_kind_is_located_with_a_suggestion(tmp_path: Path) -> None:
    """`kind: resing` points at the kind and suggests `resign`."""
    text = HEAD + "events:\n  - {date: 2022-02-01, kind: resing, post: a, person: b}\n"
    line, col, message = only(write(tmp_path, text))
    assert (line, col) == line_col(text, "resing")
    assert "unknown event kind `resing`" in message
    assert "did you mean `resign`" in message


def test_a_derived_event_kind_cannot_be_written_in_a_scenario(tmp_path: Path) -> None:
    """Only the rules assume someone acts by operation of law where the sources are silent:
    a scenario records what the sources say (`assume-acting`), never the assumption."""
    text = HEAD + (
        "events:\n  - {date: 2022-02-01, kind: acting-by-law, post: a, person: b,"
        " basis: x, route: first-assistant}\n"
    )
    line, col, message = only(write(tmp_path, text))
    assert (line, col) == line_col(text, "acting-by-law")
    assert "unknown event kind" in message


def test_an_event_without_a_kind_is_located_at_the_event(tmp_path: Path) -> None:
    """A mapping with a date but no kind."""
    text = HEAD + "events:\n  - {date: 2022-02-01, text: hi}\n"
    line, col, message = only(write(tmp_path, text))
    assert (line, col) == line_col(text, "{date: 2022-02-01, text")
    assert "kind" in message


def test_a_missing_required_key_is_reported(tmp_path: Path) -> None:
    """A scenario without a title."""
    _, _, message = only(write(tmp_path, "date: 2022-01-01\n"))
    assert "missing required key `title`" in message


def test_a_missing_file_is_a_clean_error(tmp_path: Path) -> None:
    """Reading a path that does not exist gives a located ScenarioErrors, not OSError."""
    path = tmp_path / "nope.yaml"
    line, col, message = only(path)
    assert (line, col) == (1, 1)
    assert "cannot read" in message


# --- several problems at once ----------------------------------------------------------------


def test_several_problems_in_one_file_are_all_reported_in_one_pass(tmp_path: Path) -> None:
    """A duplicate id, an unknown organisation and an out-of-order date: three located lines."""
    text = HEAD + (
        "organizations:\n"
        "  - {id: dept, name: First}\n"
        "  - {id: dept, name: Second}\n"
        "posts:\n"
        "  - {id: p, title: P, organization: depth}\n"
        "events:\n"
        "  - {date: 2022-03-01, kind: note, text: a}\n"
        "  - {date: 2022-02-01, kind: note, text: b}\n"
    )
    found = problems(write(tmp_path, text))
    places = {(line, col) for line, col, _ in found}
    assert places == {
        line_col(text, "dept", after="name: First"),
        line_col(text, "depth"),
        line_col(text, "2022-02-01"),
    }
    messages = " | ".join(m for _, _, m in found)
    assert "duplicate id `dept`" in messages
    assert "did you mean `dept`" in messages
    assert "date order" in messages


def test_several_format_problems_are_all_reported_in_one_pass(tmp_path: Path) -> None:
    """Two unknown keys and a bad enum value in different sections: all three reported."""
    text = HEAD + (
        "colour: red\n"
        "organizations:\n  - {id: dept, name: Department, size: big}\n"
        "posts:\n  - {id: p, title: P, organization: dept, appointment: pass}\n"
    )
    found = problems(write(tmp_path, text))
    assert {(line, col) for line, col, _ in found} == {
        line_col(text, "colour"),
        line_col(text, "size"),
        line_col(text, "pass}"),
    }


def test_several_misspelt_ids_in_the_real_scenario_are_all_reported(
    cbp_copy: Callable[..., Path], cbp_text: str
) -> None:
    """Every reference to `cbp-commissioner` in the events misspelt: one problem per event."""
    events_at = cbp_text.index("\nevents:")
    text = (
        cbp_text[:events_at]
        + cbp_text[events_at:]
        .split("\nexpect:")[0]
        .replace("post: cbp-commissioner", "post: cbp-comissioner")
        + "\nexpect:"
        + cbp_text.split("\nexpect:")[1]
    )
    path = cbp_copy()
    path.write_text(text, encoding="utf-8")
    found = problems(path)
    expected = cbp_text[events_at:].split("\nexpect:")[0].count("post: cbp-commissioner")
    assert expected >= 5
    assert len(found) == expected
    assert all("did you mean `cbp-commissioner`" in m for _, _, m in found)
    lines = [line for line, _, _ in found]
    assert len(set(lines)) == expected
