"""The exit status tells a script what happened even when the reader of the output has gone
(`orgsim ... 2>&1 | head -1`): 2 for an error message that could not be shown, 141 when the
command's output was cut short, never 1, which means an expectation failed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CBP = str(ROOT / "scenarios" / "cbp-2022.yaml")


def _status_with_closed_output(*args: str) -> int:
    """Run orgsim with stdout and stderr on a pipe nobody reads (closed before it writes)."""
    read, write = os.pipe()
    os.close(read)  # the reader has gone before orgsim writes a byte
    try:
        done = subprocess.run(
            [sys.executable, "-m", "orgsim", *args],
            stdout=write,
            stderr=write,
            cwd=ROOT,
            timeout=120,
            check=False,
        )
    finally:
        os.close(write)
    return done.returncode


@pytest.mark.parametrize(
    ("args", "status"),
    [
        (("who", "scenarios", "x", "--at", "2022-01-01"), 2),  # a usage error (a folder)
        (("no-such-command",), 2),
        (("who", CBP, "no-such-post", "--at", "2022-11-13"), 2),  # orgsim's own error
        # Output cut short, as a shell reports SIGPIPE: validate's verdicts are its output.
        (("timeline", CBP), 141),
        (("validate", "tests/data/no-such-file.yaml"), 141),
    ],
)
def test_exit_status_survives_a_closed_pipe(args: tuple[str, ...], status: int) -> None:
    """Each case ends with the status it has when its output is read."""
    assert _status_with_closed_output(*args) == status
