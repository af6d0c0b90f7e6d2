"""A question answered in text loads only what its answer needs: `orgsim who` and `orgsim
succession` load neither the renderer (Graphviz, Jinja2, matplotlib) nor the importers, and
`orgsim --version` not even the engine. (How long start-up takes is `orgsim bench`'s to say.)"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

import orgsim.api
import orgsim.render

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("jinja2", "graphviz", "matplotlib", "orgsim.interop", "orgsim.render.dot")

_PROBE = """
import json, sys
from orgsim.cli import cli
try:
    cli.main(args=sys.argv[1:], prog_name="orgsim")
except SystemExit as done:
    code = done.code
print(json.dumps({"code": code, "modules": sorted(sys.modules)}), file=sys.stderr)
"""


def _modules_loaded_by(*args: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *args], capture_output=True, text=True, cwd=ROOT, check=False
    )
    report = json.loads(done.stderr.strip().splitlines()[-1])
    assert report["code"] in (0, None), done.stderr
    modules: list[str] = report["modules"]
    return modules


@pytest.mark.parametrize("command", ["who", "succession"])
def test_a_question_about_a_post_loads_no_renderer_and_no_importer(command: str) -> None:
    """The answer is text: nothing that draws, templates or imports other formats is loaded."""
    loaded = _modules_loaded_by(
        command, "scenarios/cbp-2022.yaml", "cbp-commissioner", "--at", "2022-11-13"
    )
    assert "orgsim.engine" in loaded  # the probe did run the command
    assert [m for m in loaded if m.startswith(HEAVY)] == []


def test_the_version_loads_no_engine() -> None:
    """`orgsim --version` loads the command line and nothing of the model or engine."""
    loaded = _modules_loaded_by("--version")
    assert [m for m in loaded if m.startswith(("orgsim.engine", "orgsim.model", *HEAVY))] == []


def test_every_public_name_of_the_renderer_is_found_where_it_is_said_to_live() -> None:
    """The renderer's package imports each name on first use: every name it lists resolves
    to the object its module defines, and it lists every name it can import."""
    assert set(orgsim.render.__all__) == set(orgsim.render._HOME)
    for name in orgsim.render.__all__:
        value = getattr(orgsim.render, name)
        home = sys.modules[f"orgsim.render.{orgsim.render._HOME[name]}"]
        assert getattr(home, name) is value


def test_every_public_name_of_the_front_door_is_found_where_it_is_said_to_live() -> None:
    """orgsim.api imports each name on first use, as the renderer does."""
    assert set(orgsim.api.__all__) == set(orgsim.api._HOME)
    for name in orgsim.api.__all__:
        module, there = orgsim.api._HOME[name]
        assert getattr(orgsim.api, name) is getattr(importlib.import_module(module), there)
