"""Every console example in README.md and docs/*.md runs, and prints what the docs say.

Each `console` block is a shell session: a line starting `$ ` is a command, the lines after it
up to the next command are its output (standard output and standard error as a terminal shows
them; the exit status is not compared). Commands run with bash, in a scratch folder that holds a
copy of `scenarios/`, of `tests/data/` (the real and hand-made files the import docs read) and
of every file in `docs/examples/` (so a doc may name `agency.yaml`), one folder per document, so
that a later example can read what an earlier one wrote. The scratch folder's path is shown as
/home/you/orgsim, the checkout the docs speak of.

Marking elisions in the expected output (the docs' readers see the same convention):
- a line that is only `…` stands for any number of lines, none included;
- a `…` inside a line stands for any text there: `who: … [5 U.S.C. 3348]` is any line that
  begins with `who: ` and ends with ` [5 U.S.C. 3348]`.

A `pycon` block is a Python session (`>>>` lines and what they print), run with doctest in
the document's scratch folder.

A page may show a whole file in a fenced block preceded by `<!-- file: NAME -->`: every page's
scratch folder holds that text as NAME, so the commands run on the very text shown. A step the
page describes in words (a copy with a name misspelt, a check moved to another date) is an
HTML comment `<!-- run: COMMAND -->`, run in the scratch folder at that point of the page; it
must succeed. Files that no page shows whole are in `docs/examples/` (copied to the top of the
scratch folder, and to `docs/examples/`; `docs/examples/scenarios/` joins `scenarios/`). Each
command's `$?` is the previous command's exit status, as in one terminal session.

A block that must not run (it needs a full disk, or Graphviz missing) is preceded by the
Sybil directive `<!-- skip: next -->`, with a comment saying why beside it.

The docstring examples (doctests) of orgsim/__init__.py, orgsim/api/__init__.py and
orgsim/explore.py run here too.
"""

from __future__ import annotations

import datetime
import doctest
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sybil import Example, Region, Sybil
from sybil.evaluators.doctest import DocTestEvaluator
from sybil.evaluators.python import PythonEvaluator
from sybil.parsers.abstract.codeblock import PythonDocTestOrCodeBlockParser
from sybil.parsers.abstract.doctest import DocTestStringParser
from sybil.parsers.markdown import CodeBlockParser, SkipParser
from sybil.parsers.rest import DocTestParser

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "docs" / "examples"
HOME = "/home/you/orgsim"
ELIDED = "…"
BIN = Path(sys.executable).parent  # the virtual environment's, where `orgsim` is


def matches(expected: list[str], actual: list[str]) -> bool:
    """Whether the actual lines are the expected ones, with elisions (see the module doc)."""
    if not expected:
        return not actual
    first, rest = expected[0], expected[1:]
    if first == ELIDED:
        return any(matches(rest, actual[i:]) for i in range(len(actual) + 1))
    if not actual:
        return False
    pattern = ".*".join(re.escape(part) for part in first.split(ELIDED))
    return re.fullmatch(pattern, actual[0]) is not None and matches(rest, actual[1:])


def sessions(text: str) -> list[tuple[str, list[str]]]:
    """(command, expected output lines) for each `$ ` line of a console block."""
    found: list[tuple[str, list[str]]] = []
    for line in text.splitlines():
        if line.startswith("$ "):
            found.append((line[2:], []))
        elif found:
            found[-1][1].append(line.rstrip())
    return found


def _env() -> dict[str, str]:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    env.pop("ORGSIM_DEBUG", None)
    return env


def run_console(example: Example) -> str | None:
    """Run each command of the block; return a message when the output differs."""
    work: Path = example.namespace["work"]
    env = _env()
    status = 0
    for command, expected in sessions(example.parsed):
        # Each command runs in a shell of its own; `(exit N)` gives it the previous
        # command's status, so `echo $?` shows it as in one terminal session.
        done = subprocess.run(
            ["bash", "-c", f"(exit {status}); {command} 2>&1"],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        status = done.returncode
        actual = done.stdout.replace(str(work), HOME).rstrip("\n").split("\n")
        actual = [line.rstrip() for line in actual] if done.stdout.strip() else []
        while expected and not expected[-1]:
            expected = expected[:-1]
        if not matches(expected, actual):
            shown = "\n".join(actual)
            return f"`{command}` printed:\n{shown}\n--- where the docs show:\n" + "\n".join(
                expected
            )
    return None


# A fenced block after `<!-- file: NAME -->` is a whole file a page shows: every page's
# scratch folder holds it as NAME, so the page's commands read the very text shown.
FILE_BLOCK = re.compile(r"<!-- file: (?P<name>\S+) -->\n```[^\n]*\n(?P<body>.*?)^```", re.S | re.M)
# `<!-- run: COMMAND -->` is a step a page describes in words (a name misspelt in a copy, a
# check moved): the command runs there, in the scratch folder, and must succeed.
RUN = re.compile(r"<!-- run: (?P<command>.+?) -->")


def shown_files() -> dict[str, str]:
    """Every file shown whole on a page, by name; a name is given to one text only."""
    files: dict[str, str] = {}
    for path in FILES:
        for found in FILE_BLOCK.finditer(path.read_text(encoding="utf-8")):
            name, body = found["name"], found["body"]
            assert files.get(name, body) == body, f"{path.name}: two texts named {name}"
            files[name] = body
    return files


def run_step(example: Example) -> str | None:
    """A setup step a page describes: run it; a failure names it."""
    done = subprocess.run(
        ["bash", "-c", example.parsed],
        cwd=example.namespace["work"],
        env=_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return None if done.returncode == 0 else f"`{example.parsed}` failed: {done.stderr}"


def parse_steps(document: Any) -> Iterator[Region]:
    """The `<!-- run: ... -->` steps of a page, in order."""
    for found in RUN.finditer(document.text):
        yield Region(found.start(), found.end(), found["command"], run_step)


def setup(namespace: dict[str, Any]) -> None:
    """A scratch folder with the scenarios and the docs' example files."""
    work = Path(tempfile.mkdtemp(prefix="orgsim-docs-"))
    shutil.copytree(ROOT / "scenarios", work / "scenarios")
    shutil.copytree(ROOT / "tests" / "data", work / "tests" / "data")  # docs/interop.md's inputs
    if EXAMPLES.is_dir():
        # At the top, where a page names them as `agency.yaml`, and where they are in the
        # checkout, for a page that names them as `docs/examples/agency.yaml`.
        shutil.copytree(EXAMPLES, work / "docs" / "examples")
        for item in EXAMPLES.iterdir():
            if item.is_dir():
                shutil.copytree(item, work / item.name, dirs_exist_ok=True)
            else:
                shutil.copy(item, work / item.name)
    for name, body in shown_files().items():
        (work / name).parent.mkdir(parents=True, exist_ok=True)
        (work / name).write_text(body, encoding="utf-8")
    namespace["work"] = work
    namespace["datetime"] = datetime


def teardown(namespace: dict[str, Any]) -> None:
    shutil.rmtree(namespace["work"], ignore_errors=True)


class PyconParser(PythonDocTestOrCodeBlockParser):
    """```pycon blocks: Python sessions, checked with doctest."""

    def __init__(self) -> None:
        self.doctest_parser = DocTestStringParser(DocTestEvaluator(doctest.ELLIPSIS))
        self.codeblock_parser = CodeBlockParser("pycon", PythonEvaluator(()))


DOCS = Sybil(
    parsers=[CodeBlockParser("console", run_console), PyconParser(), parse_steps, SkipParser()],
    setup=setup,
    teardown=teardown,
)
DOCTESTS = Sybil(parsers=[DocTestParser()], setup=setup, teardown=teardown)
FILES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
SOURCES = [
    ROOT / "orgsim" / "__init__.py",
    ROOT / "orgsim" / "api" / "__init__.py",
    ROOT / "orgsim" / "explore.py",
]


def _examples(sybil: Sybil, paths: list[Path]) -> list[Any]:
    found = []
    for path in paths:
        document = sybil.parse(path)
        for ex in document:
            found.append(pytest.param(document, ex, id=f"{path.name}:{ex.line}"))
    return found


def _evaluate(document: Any, example: Example) -> None:
    """Evaluate one example with its document's namespace set up (once per document)."""
    if "work" not in document.namespace:
        setup(document.namespace)
    cwd = os.getcwd()
    # Doctests of the code name files as `scenarios/...`, from the checkout; a page's Python
    # sessions run in its scratch folder, as its console examples do.
    os.chdir(document.namespace["work"] if str(document.path).endswith(".md") else ROOT)
    try:
        example.evaluate()
    finally:
        os.chdir(cwd)


@pytest.mark.parametrize(("document", "example"), _examples(DOCS, FILES))
def test_console_example_prints_what_the_docs_show(document: Any, example: Example) -> None:
    _evaluate(document, example)


@pytest.mark.parametrize(("document", "example"), _examples(DOCTESTS, SOURCES))
def test_docstring_example_runs(document: Any, example: Example) -> None:
    _evaluate(document, example)


@pytest.mark.parametrize(
    ("expected", "actual", "ok"),
    [
        (["a", "b"], ["a", "b"], True),
        (["a", "…", "d"], ["a", "b", "c", "d"], True),
        (["a", "…", "d"], ["a", "d"], True),
        (["a", "…"], ["a"], True),
        (["a b…"], ["a b c"], True),
        (["a b…"], ["a c"], False),
        (["a … z"], ["a b c z"], True),
        (["a … z"], ["a b c"], False),
        (["a", "b"], ["a", "b", "c"], False),
        (["a", "…", "d"], ["a", "b", "c"], False),
    ],
)
def test_elisions_match_as_the_docs_say(expected: list[str], actual: list[str], ok: bool) -> None:
    """The elision rules this test applies, as the module docstring states them."""
    assert matches(expected, actual) is ok
