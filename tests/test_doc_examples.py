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
from pathlib import Path
from typing import Any

import pytest
from sybil import Example, Sybil
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


def run_console(example: Example) -> str | None:
    """Run each command of the block; return a message when the output differs."""
    work: Path = example.namespace["work"]
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    env.pop("ORGSIM_DEBUG", None)
    for command, expected in sessions(example.parsed):
        done = subprocess.run(
            ["bash", "-c", command + " 2>&1"],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
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


def setup(namespace: dict[str, Any]) -> None:
    """A scratch folder with the scenarios and the docs' example files."""
    work = Path(tempfile.mkdtemp(prefix="orgsim-docs-"))
    shutil.copytree(ROOT / "scenarios", work / "scenarios")
    shutil.copytree(ROOT / "tests" / "data", work / "tests" / "data")  # docs/interop.md's inputs
    if EXAMPLES.is_dir():
        for item in EXAMPLES.iterdir():
            (shutil.copytree if item.is_dir() else shutil.copy)(item, work / item.name)
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
    parsers=[CodeBlockParser("console", run_console), PyconParser(), SkipParser()],
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


# Examples whose output had drifted from the program before this test existed (or that name
# files nobody has written yet), by document and first command (line numbers move whenever a
# document is edited). Each is expected to fail, strictly: once re-captured it passes, the mark
# fails the suite, and it must leave this list. Nothing may join it.
DRIFTED = frozenset(
    {
        "cli.md: orgsim run scenarios/cbp-2022.yaml --out out",
        "cli.md: orgsim run fail.yaml --out out -q",
        "cli.md: orgsim run agency.yaml --format dot --out out --strict",
        "cli.md: orgsim validate bad.yaml",
        "cli.md: orgsim validate bad3.yaml",
        "cli.md: orgsim timeline scenarios/cbp-2022.yaml",
        "cli.md: cat org.csv",
        "cli.md: orgsim whatif scenarios/cbp-2022.yaml --at 2022-11-20"
        ' --event "resign troy-miller"',
        "cli.md: orgsim diff scenarios/cbp-2022.yaml --from 2022-11-08 --to 2022-11-13",
        "cli.md: orgsim bench --posts 1000 --events 10000 --queries 2000",
        "scenario-format.md: orgsim who agency.yaml director --at 2024-03-02",
        "scenario-format.md: orgsim who nominated.yaml director --at 2024-01-02",
        "scenario-format.md: orgsim validate nominated.yaml",
        "scenario-format.md: orgsim validate s.yaml",
        "scenario-format.md: orgsim validate agency.yaml",
        "scenario-format.md: orgsim validate tiny.json",
        "scenario-format.md: orgsim validate derived.yaml",
    }
)
_DRIFTED = pytest.mark.xfail(
    strict=True, reason="drifted before the docs were tested; to be re-captured"
)


def first_command(example: Example) -> str:
    """The first command of a console example (the key of DRIFTED), or "" for a doctest."""
    found = sessions(example.parsed) if isinstance(example.parsed, str) else []
    return found[0][0] if found else ""


def _examples(sybil: Sybil, paths: list[Path]) -> list[Any]:
    found = []
    for path in paths:
        document = sybil.parse(path)
        skipped = False  # the example follows a `skip: next` directive: it does not run
        for ex in document:
            drifted = not skipped and f"{path.name}: {first_command(ex)}" in DRIFTED
            marks = [_DRIFTED] if drifted else []
            found.append(pytest.param(document, ex, id=f"{path.name}:{ex.line}", marks=marks))
            skipped = not isinstance(ex.parsed, str)
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


def test_every_drifted_example_named_still_exists() -> None:
    """Each entry of DRIFTED names an example the docs still have, so the list cannot keep
    entries that no longer mark anything."""
    keys = {f"{path.name}: {first_command(ex)}" for path in FILES for ex in DOCS.parse(path)}
    assert DRIFTED <= keys, sorted(DRIFTED - keys)


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
