"""Broken and hostile scenario files: each gets only located one-line errors and exit 2 from
`validate` and `run`; nothing in a file runs code, and user text is safe in DOT and HTML.

Every file is written by the test into tmp_path. The corpus covers what a user's first scenario
gets wrong (unknown keys, bad dates, unknown ids, cycles, impossible events) and what a hostile
file may try (alias bombs, deep nesting, huge or binary files, Python tags, markup in names).
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import MINI_YAML

import orgsim.scenario.located
from orgsim.cli import cli
from orgsim.errors import ScenarioErrors
from orgsim.render import render_many, state_chart
from orgsim.scenario import Scenario, load_scenario
from orgsim.scenario.located import MAX_DEPTH, MAX_NODES

COMMANDS = ("validate", "run")


def invoke(command: str, path: Path, tmp_path: Path) -> Result:
    """`orgsim validate FILE` or `orgsim run FILE --out tmp/out --format dot`, in-process."""
    args = [command, str(path)]
    if command == "run":
        args += ["--out", str(tmp_path / "out"), "--format", "dot"]
    return CliRunner().invoke(cli, args, catch_exceptions=False)


def located_errors(result: Result, path: Path) -> list[str]:
    """Check the command exited 2 and printed only `FILE:LINE:COL: message` lines on stderr,
    no traceback and nothing else; return the messages."""
    assert result.exit_code == 2, (result.exit_code, result.output, result.stderr)
    assert "Traceback" not in result.output + result.stderr
    lines = result.stderr.splitlines()
    assert lines, "no error printed"
    pattern = re.compile(rf"^{re.escape(str(path))}:[1-9]\d*:[1-9]\d*: (?P<message>\S.*)$")
    messages = []
    for line in lines:
        match = pattern.match(line)
        assert match, f"not FILE:LINE:COL: message: {line!r}"
        messages.append(match["message"])
    return messages


def refused(command: str, tmp_path: Path, name: str, content: bytes | str) -> list[str]:
    """Write the file, run the command on it, check it is refused cleanly; the messages."""
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    messages = located_errors(invoke(command, path, tmp_path), path)
    assert not (tmp_path / "out").exists(), "a refused scenario must write no report"
    return messages


# --- the corpus: (id, file name, content, a fragment every run's messages must contain) ------

HEAD = "title: t\ndate: 2022-01-01\n"


def alias_bomb(levels: int = 9, refs: int = 9) -> str:
    """Billion laughs: each level refers to the one below `refs` times (9**9 values in all)."""
    lines = ['a0: &a0 ["lol"]']
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * refs) + "]")
    return HEAD + "\n".join(lines) + f"\ndescription: *a{levels}\n"


def mini(old: str, new: str) -> str:
    """The small department of conftest with one edit."""
    assert old in MINI_YAML, old
    return MINI_YAML.replace(old, new, 1)


def mini_events(*events: str) -> str:
    """The small department with these events (YAML flow mappings)."""
    return MINI_YAML + "events:\n" + "".join(f"  - {e}\n" for e in events)


DEEP = 10_000
CORPUS: list[tuple[str, str, bytes | str, str]] = [
    # Hostile YAML.
    ("alias-bomb", "bomb.yaml", alias_bomb(), f"more than {MAX_NODES:,} values"),
    ("alias-loop", "loop.yaml", HEAD + "description: &a [*a]\n", f"deeper than {MAX_DEPTH}"),
    ("deep-lists", "deep.yaml", HEAD + "x: " + "[" * DEEP + "]" * DEEP + "\n", "nesting deeper"),
    ("deep-maps", "deep.yaml", HEAD + "x: " + "{a: " * DEEP + "1" + "}" * DEEP, "nesting deeper"),
    (
        "deep-block",
        "deep.yaml",
        HEAD + "".join("  " * i + "a:\n" for i in range(2000)),
        "nesting deeper",
    ),
    ("merge-of-a-list", "merge.yaml", HEAD + "a: &a [1]\nb: {<<: *a}\n", "merging"),
    ("latin-1", "latin.yaml", HEAD.encode() + "description: café\n".encode("latin-1"), "UTF-8"),
    ("utf-16-bom", "utf16.yaml", HEAD.encode("utf-16"), "UTF-16"),
    ("png", "picture.yaml", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "UTF-8"),
    ("nul-bytes", "nul.yaml", HEAD.encode() + b"description: a\x00b\n", "NUL"),
    ("control-char", "ctrl.yaml", HEAD.encode() + b"description: a\x07b\n", "not allowed"),
    ("python-name", "tag.yaml", "title: !!python/name:os.system ''\ndate: 2022-01-01\n", "tag"),
    (
        "python-new",
        "tag.yaml",
        "title: !!python/object/new:os.system [echo pwned]\ndate: 2022-01-01\n",
        "tag",
    ),
    ("python-module", "tag.yaml", "title: !!python/module:os ''\ndate: 2022-01-01\n", "tag"),
    ("set-tag", "tag.yaml", HEAD + "events: !!set {a, b}\n", "tag"),
    ("two-documents", "docs.yaml", HEAD + "---\n" + HEAD, "another document"),
    ("syntax", "syntax.yaml", HEAD + "events: [\n  - a\n", "YAML syntax"),
    ("complex-key", "key.yaml", HEAD + "? [a, b]\n: c\n", "plain value"),
    ("null-key", "key.yaml", HEAD + "~: c\n", "plain text"),
    ("huge-number", "num.yaml", HEAD + "settings: {day_count: " + "9" * 5000 + "}\n", "digits"),
    ("empty", "empty.yaml", b"", "empty"),
    ("only-a-comment", "comment.yaml", "# just a comment\n", "empty"),
    ("top-level-list", "list.yaml", "- title: t\n- date: 2022-01-01\n", "mapping"),
    ("top-level-scalar", "scalar.yaml", "hello\n", "mapping"),
    # Hostile or broken JSON.
    ("json-duplicate-key", "s.json", '{"title": "t", "title": "u", "date": "2022-01-01"}', "dup"),
    ("json-trailing-comma", "s.json", '{"title": "t", "date": "2022-01-01",}', "JSON syntax"),
    ("json-comment", "s.json", '{"title": "t", # no\n "date": "2022-01-01"}', "JSON syntax"),
    ("json-deep", "s.json", '{"title": ' + "[" * DEEP + "]" * DEEP + "}", "nesting deeper"),
    ("json-lone-surrogate", "s.json", '{"title": "\\ud800", "date": "2022-01-01"}', "surrogate"),
    ("json-nan", "s.json", '{"title": NaN, "date": "2022-01-01"}', "expected text"),
    ("json-utf-16", "s.json", '{"title": "t"}'.encode("utf-16"), "UTF-16"),
    ("json-not-an-object", "s.json", "[1, 2]", "mapping"),
    # What a user's first scenario gets wrong.
    ("unknown-key", "s.yaml", mini("title:", "titel:"), "did you mean `title`"),
    ("wrong-type", "s.yaml", mini("title: A small department", "title: [a, b]"), "expected text"),
    ("bad-date", "s.yaml", mini("date: 2024-01-01", "date: 2022-02-30"), "out of range"),
    ("date-and-time", "s.yaml", mini("date: 2024-01-01", "date: 2024-01-01 10:00"), "date"),
    (
        "unknown-id",
        "s.yaml",
        mini("{post: secretary, person: sam}", "{post: secretray, person: sam}"),
        "did you mean `secretary`",
    ),
    (
        "duplicate-id",
        "s.yaml",
        mini("{id: kim, name: Kim Candidate}", "{id: nia, name: Kim}"),
        "duplicate id `nia`",
    ),
    (
        "cycle",
        "s.yaml",
        mini(
            "{id: president, title: President, organization: executive,",
            "{id: president, title: President, organization: executive, reports_to: clerk,",
        ),
        "cycle",
    ),
    (
        "out-of-order",
        "s.yaml",
        mini_events(
            "{date: 2024-02-01, kind: resign, post: secretary, person: sam}",
            "{date: 2024-01-15, kind: resign, post: administrator, person: alex}",
        ),
        "date order",
    ),
    (
        "resign-not-held",
        "s.yaml",
        mini_events("{date: 2024-02-01, kind: resign, post: secretary, person: kim}"),
        "does not serve",
    ),
    (
        "confirm-unnominated",
        "s.yaml",
        mini_events(
            "{date: 2024-02-01, kind: resign, post: secretary, person: sam}",
            "{date: 2024-02-02, kind: confirm, post: secretary, person: nia}",
        ),
        "nominat",
    ),
    (
        "expect-unknown-post",
        "s.yaml",
        MINI_YAML + "expect:\n  - {post: secretray, at: 2024-01-01, holder: sam}\n",
        "did you mean `secretary`",
    ),
    (
        "date-at-the-end-of-time",
        "s.yaml",
        mini_events("{date: 9999-12-01, kind: resign, post: secretary, person: sam}"),
        "outside the dates orgsim works with",
    ),
    (
        "date-at-the-start-of-time",
        "s.json",
        json.dumps({"title": "t", "date": "0001-01-01"}),
        "outside the dates orgsim works with (1000-01-01 to 8999-12-31)",
    ),
    (
        "line-breaks-in-a-quoted-value",
        "s.yaml",
        MINI_YAML + 'expect:\n  - {post: secretary, at: 2024-01-01, capacity: "a\\nb\\u202ec"}\n',
        "unknown capacity `a\\nb\\u202ec`",
    ),
    (
        "unknown-event-kind",
        "s.yaml",
        mini_events("{date: 2024-02-01, kind: resing, post: secretary, person: sam}"),
        "did you mean `resign`",
    ),
]


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize(
    ("name", "content", "fragment"), [c[1:] for c in CORPUS], ids=[c[0] for c in CORPUS]
)
def test_every_broken_or_hostile_file_gets_only_located_errors_and_exit_2(
    tmp_path: Path, command: str, name: str, content: bytes | str, fragment: str
) -> None:
    """Each file of the corpus: exit 2, every stderr line FILE:LINE:COL: message, one of
    them saying what is wrong; `run` writes no report."""
    messages = refused(command, tmp_path, name, content)
    assert any(fragment in m for m in messages), messages


def test_an_alias_bomb_is_refused_before_it_is_expanded(tmp_path: Path) -> None:
    """The bomb's refusal points at the first anchor whose expansion passes the limit (level
    7: 9**7 > 2,000,000), which it can only know without expanding it."""
    path = tmp_path / "bomb.yaml"
    text = alias_bomb()
    path.write_text(text, encoding="utf-8")
    (message,) = refused("validate", tmp_path, "bomb.yaml", text)
    assert "alias" in message
    with pytest.raises(ScenarioErrors) as caught:
        load_scenario(path)
    assert str(caught.value).startswith(f"{path}:{HEAD.count(chr(10)) + 8}:5: ")


def test_a_file_over_the_size_limit_is_refused_with_the_limit_in_the_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the limits lowered to 1,000 bytes, a 1,500-byte file (YAML or JSON) is refused at
    1:1 with its size and the limit."""
    monkeypatch.setattr(orgsim.scenario.located, "MAX_BYTES", 1000)
    monkeypatch.setattr(orgsim.scenario.located, "MAX_JSON_BYTES", 1000)
    body = HEAD + "description: " + "x" * 1500 + "\n"
    for name in ("big.yaml", "big.json"):
        for command in COMMANDS:
            (message,) = refused(command, tmp_path, name, body)
            assert "the limit is 1,000" in message
            assert f"{len(body):,} bytes" in message


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object/apply:os.system",
        "!!python/object/apply:subprocess.call",
        "!!python/object/new:os.system",
        "!!python/object:os.system",
    ],
)
def test_python_tags_never_run_anything(tmp_path: Path, tag: str) -> None:
    """A tag asking for `touch pwned`: refused at the tag, and no file appears."""
    target = tmp_path / "pwned"
    text = f'title: {tag} ["touch {target}"]\ndate: 2022-01-01\n'
    if tag.endswith("subprocess.call"):
        text = f"title: {tag} [[touch, {target}]]\ndate: 2022-01-01\n"
    for command in COMMANDS:
        (message,) = refused(command, tmp_path, "evil.yaml", text)
        assert "tag" in message
    assert not target.exists()


# --- user text in DOT and HTML ---------------------------------------------------------------

ODD_NAMES = {
    "sam": 'Sam "the Quote" O\'Brien & <Sons>',
    "dana": "Dana back\\slash \\n not-a-newline 🦄",
    "alex": "أليكس العربي",
    "drew": "张伟 (Zhāng Wěi)",
}


def odd_scenario() -> str:
    """The small department whose office holders have quotes, markup, backslashes, Arabic,
    Chinese and emoji in their names, and a post whose title has a real newline."""
    text = MINI_YAML
    for person, name in ODD_NAMES.items():
        old = next(line for line in text.splitlines() if f"{{id: {person}, name:" in line)
        escaped = name.replace("\\", "\\\\").replace('"', '\\"')
        text = text.replace(old, f'  - {{id: {person}, name: "{escaped}"}}')
    text = text.replace("title: Secretary\n", 'title: "Secretary\\nof <Examples> & Co."\n')
    return text + (
        "events:\n"
        "  - {date: 2024-02-01, kind: resign, post: secretary, person: sam,"
        ' source: {quote: "He said \\"go\\" & left <now>"}}\n'
    )


def svg_text(svg: bytes) -> str:
    """All the text an SVG shows, joined (parsing it also proves it is well-formed XML)."""
    root = ET.fromstring(svg)
    return " ".join(t for el in root.iter() for t in (el.text, el.tail) if t)


@pytest.mark.exe
def test_odd_text_in_names_renders_in_dot_as_written(tmp_path: Path) -> None:
    """`dot` accepts the chart, and the SVG it draws shows every odd name as written."""
    scenario = load_scenario_text(tmp_path, odd_scenario())
    source = state_chart(scenario.initial)
    names = render_many([source], tmp_path / "charts", fmt="svg")
    text = svg_text((tmp_path / "charts" / names[source]).read_bytes())
    for name in ODD_NAMES.values():
        for word in name.split():
            assert word in text, (word, text)
    # The title's newline is a line break or a space; its words all show, escaped by nobody.
    for word in ("Secretary", "of", "<Examples>", "&", "Co."):
        assert word in text.split(), word


def load_scenario_text(tmp_path: Path, text: str) -> Scenario:
    """Load a scenario from text written to tmp_path."""
    path = tmp_path / "odd.yaml"
    path.write_text(text, encoding="utf-8")
    return load_scenario(path)


class _Tags(HTMLParser):
    """Every start tag and its attributes, every script's text, and all the text shown."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.scripts: list[str] = []
        self.text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data
        else:
            self.text.append(data)


XSS_NAME = "<script>alert(1)</script>"
XSS_QUOTE = 'quoted "><img src=x onerror=alert(1)>'


def xss_scenario() -> str:
    """A scenario whose title, a person's name, a source's title and url, an event's quote and
    note, and a what-if branch all carry markup."""
    text = mini("{id: sam, name: Sam Secretary}", f'{{id: sam, name: "{XSS_NAME}"}}')
    text = text.replace("title: A small department", f'title: "{XSS_NAME}"')
    quote = XSS_QUOTE.replace('"', '\\"')
    return text + (
        "sources:\n"
        f'  evil: {{title: "{quote}", url: "javascript:alert(1)"}}\n'
        "events:\n"
        "  - {date: 2024-02-01, kind: resign, post: secretary, person: sam,"
        f' note: "{XSS_NAME}", source: {{ref: evil, quote: "{quote}"}}}}\n'
        "branches:\n"
        f'  - id: b\n    title: "{XSS_NAME}"\n    from: 2024-01-15\n'
        "    events:\n"
        f"      - {{date: 2024-01-20, kind: resign, post: administrator, person: alex,"
        f' source: {{quote: "{quote}"}}}}\n'
    )


def assert_no_live_markup(page: str, parser_check: Callable[[_Tags], None] | None = None) -> None:
    """Only the report's own inline script; no event-handler attribute, no planted <img src=x>,
    no javascript: link; and the user's text is there to read, as text."""
    tags = _Tags()
    tags.feed(page)
    assert len(tags.scripts) <= 1
    assert all("alert" not in s for s in tags.scripts), tags.scripts
    for tag, attrs in tags.tags:
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name, value)
            assert not (value or "").strip().lower().startswith("javascript:"), (tag, name)
        assert not (tag == "img" and ("src", "x") in attrs)
    if parser_check:
        parser_check(tags)


def test_markup_in_a_scenario_stays_text_in_the_report(tmp_path: Path) -> None:
    """`orgsim run` on the scenario: index.html and the what-if page run no user script, carry
    no planted attribute, and show the name and quote as text."""
    path = tmp_path / "xss.yaml"
    path.write_text(xss_scenario(), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["run", str(path), "--out", str(out), "--format", "dot", "-q"], catch_exceptions=False
    )
    assert result.exit_code == 0, (result.output, result.stderr)

    def shows_text(tags: _Tags) -> None:
        shown = "".join(tags.text)
        assert XSS_NAME in shown
        assert XSS_QUOTE in shown

    index = (out / "index.html").read_text(encoding="utf-8")
    assert_no_live_markup(index, shows_text)
    assert len(_scripts(index)) == 1, "the report's own script is still there"
    pages = list(out.glob("branch-*.html"))
    assert pages, "the what-if page was written"
    for page in pages:
        assert_no_live_markup(page.read_text(encoding="utf-8"))


def _scripts(page: str) -> list[str]:
    tags = _Tags()
    tags.feed(page)
    return tags.scripts


@pytest.mark.parametrize(
    "target",
    ["/etc/hostname", "../outside.yaml", "/dev/zero", "sub"],
    ids=["absolute", "parent-folder", "device", "folder"],
)
def test_include_and_events_from_read_only_regular_files_inside_the_scenario_folder(
    tmp_path: Path, target: str
) -> None:
    """A mailed scenario cannot make orgsim read files elsewhere, a device or a folder:
    each is one located error at the key, and nothing is read."""
    folder = tmp_path / "scenario"
    (folder / "sub").mkdir(parents=True)
    (tmp_path / "outside.yaml").write_text("people: []\n", encoding="utf-8")
    for key in ("include", "events_from"):
        text = HEAD + f"{key}: {json.dumps(target)}\n"
        (message,) = refused("validate", folder, "s.yaml", text)
        assert key in message or "cannot read" in message, message
