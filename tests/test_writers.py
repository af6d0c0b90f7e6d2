"""Every command that writes a file or folder writes it whole or not at all: a full disk, a
read-only or missing folder, a name too long, a `dot` that stops half way, SIGTERM or SIGKILL
leave the previous output byte for byte as it was, and the user gets one line naming the path
they gave and the reason, with exit 2 (143 for SIGTERM). Nothing temporary is left behind, or
the next run removes it.
"""

from __future__ import annotations

import errno
import os
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import MINI_YAML

from orgsim import files
from orgsim.cli import cli

SCENARIO = MINI_YAML + (
    "events:\n"
    "  - {date: 2024-02-01, kind: resign, post: secretary, person: sam}\n"
    "  - {date: 2024-02-03, kind: resign, post: administrator, person: alex}\n"
)
CSV = "id,name,title,reports_to\nboss,Bo Boss,Director,\ndep,Di Dep,Deputy,boss\n"

# name -> (the command's arguments, given the input folder and the output path; its suffix)
WRITERS: dict[str, tuple[Callable[[Path, Path], list[str]], str]] = {
    "run": (lambda i, o: ["run", str(i / "s.yaml"), "--out", str(o), "--format", "dot"], ""),
    "chart": (
        lambda i, o: ["chart", str(i / "s.yaml"), "--at", "2024-02-02", "-o", str(o)],
        ".dot",
    ),
    "export": (
        lambda i, o: ["export", str(i / "s.yaml"), "--at", "2024-02-02", "-o", str(o)],
        ".json",
    ),
    "diff": (
        lambda i, o: [
            *("diff", str(i / "s.yaml"), "--from", "2024-01-01", "--to", "2024-02-04"),
            *("-o", str(o)),
        ],
        ".dot",
    ),
    "import popolo": (lambda i, o: ["import", "popolo", str(i / "p.json"), "-o", str(o)], ".yaml"),
    "import csv": (
        lambda i, o: ["import", "csv", str(i / "org.csv"), "--date", "2024-01-01", "-o", str(o)],
        ".yaml",
    ),
    "synth": (lambda i, o: ["synth", "--posts", "5", "--events", "3", "-o", str(o)], ".json"),
}


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with a scenario, a Popolo export of it and an org-chart CSV."""
    folder = tmp_path_factory.mktemp("inputs")
    (folder / "s.yaml").write_text(SCENARIO, encoding="utf-8")
    (folder / "org.csv").write_text(CSV, encoding="utf-8")
    done = invoke(
        "export", str(folder / "s.yaml"), "--at", "2024-02-02", "-o", str(folder / "p.json")
    )
    assert done.exit_code == 0, done.output
    return folder


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every file and folder under `folder`, with each file's bytes."""
    return {
        str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None)
        for p in sorted(folder.rglob("*"))
    }


def previous_output(writer: str, inputs: Path, target: Path) -> None:
    """What an earlier run left at `target`: a report for `run`, a file for the others."""
    if writer == "run":
        # A report of the scenario under another title, so that a new one would differ.
        other = target.parent / "other.yaml"
        other.write_text(SCENARIO.replace("A small department", "Earlier"), encoding="utf-8")
        done = invoke("run", str(other), "--out", str(target), "--format", "dot", "-q")
        assert done.exit_code == 0, done.output
        other.unlink()
    else:
        target.write_bytes(b"the previous output\n")


def failed_with(result: Result, target: Path, reason: str) -> None:
    """Exit 2, one line on stderr naming the path as given and the reason, no traceback."""
    assert result.exit_code == 2, (result.output, result.stderr)
    assert "Traceback" not in result.output + result.stderr
    (line,) = result.stderr.splitlines()
    assert line == f"orgsim: {target}: cannot write: {reason}", line


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_a_full_disk_leaves_the_previous_output_and_says_so(
    writer: str, inputs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ENOSPC when the new output is flushed to disk (where a full disk shows up): exit 2,
    the previous file or report byte-identical, no temporary sibling left."""
    args, suffix = WRITERS[writer]
    target = tmp_path / f"out{suffix}"
    previous_output(writer, inputs, target)
    before = snapshot(tmp_path)

    def full(path: Path, *, folder: bool = False) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def full_fs(root: Path) -> bool:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(files, "_fsync", full)
    monkeypatch.setattr(files, "_syncfs", full_fs)  # a report folder is flushed at once
    failed_with(invoke(*args(inputs, target)), target, "no space left on the device")
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_an_output_path_under_a_file_or_too_long_is_a_clear_exit_2(
    writer: str, inputs: Path, tmp_path: Path
) -> None:
    """Real errors, no simulation: a path through a file, and a name over 255 bytes."""
    args, suffix = WRITERS[writer]
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    through_file = tmp_path / "a-file" / f"out{suffix}"
    failed_with(
        invoke(*args(inputs, through_file)), through_file, "a part of the path is not a folder"
    )
    too_long = tmp_path / ("n" * 300 + suffix)
    failed_with(invoke(*args(inputs, too_long)), too_long, "the name is too long")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 256 KiB tmpfs (needs root or CAP_SYS_ADMIN, as CI has; skipped otherwise)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(disk: Path) -> None:
    """Write a filler file until the disk has no room left."""
    fd = os.open(disk / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        while os.write(fd, b"\0" * 4096):
            pass
    except OSError as err:
        assert err.errno == errno.ENOSPC
    finally:
        os.close(fd)


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_a_really_full_disk_and_a_read_only_one_keep_the_previous_output(
    writer: str, inputs: Path, tiny_disk: Path
) -> None:
    """On a real tmpfs filled to the brim, then remounted read-only: exit 2 with the reason,
    the previous output byte-identical."""
    args, suffix = WRITERS[writer]
    target = tiny_disk / f"out{suffix}"
    previous_output(writer, inputs, target)
    fill(tiny_disk)
    before = snapshot(tiny_disk)
    failed_with(invoke(*args(inputs, target)), target, "no space left on the device")
    assert snapshot(tiny_disk) == before
    (tiny_disk / "filler").unlink()
    subprocess.run(["mount", "-o", "remount,ro", str(tiny_disk)], check=True)
    before = snapshot(tiny_disk)
    failed_with(invoke(*args(inputs, target)), target, "the file system is read-only")
    assert snapshot(tiny_disk) == before


# --- what `dot` writes ------------------------------------------------------------------------


def fake_dot(folder: Path, script: str, monkeypatch: pytest.MonkeyPatch | None = None) -> str:
    """Install a fake `dot` script in `folder`; return the PATH that puts it first."""
    folder.mkdir(exist_ok=True)
    dot = folder / "dot"
    dot.write_text(script, encoding="utf-8")
    dot.chmod(dot.stat().st_mode | stat.S_IXUSR)
    path = f"{folder}{os.pathsep}{os.environ.get('PATH', '')}"
    if monkeypatch is not None:
        monkeypatch.setenv("PATH", path)
    return path


# Prints half an SVG and exits 0, as `dot` may when the disk fills under it.
TRUNCATES = """#!/bin/sh
for last; do :; done
svg='<?xml version="1.0"?><svg width="10" height="10"><g>'
case "$last" in -T*) printf '%s' "$svg";; *) printf '%s' "$svg" > "$last.svg";; esac
"""


@pytest.mark.parametrize("writer", ["run", "chart", "diff"])
def test_a_chart_dot_cut_short_is_never_taken_for_a_chart(
    writer: str, inputs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`dot` exits 0 but its SVG stops half way: exit 2 naming the chart, previous kept."""
    args, suffix = WRITERS[writer]
    target = tmp_path / "site" / f"out{suffix.replace('.dot', '.svg')}"
    target.parent.mkdir()
    previous_output(writer, inputs, target)
    before = snapshot(tmp_path / "site")
    fake_dot(tmp_path / "bin", TRUNCATES, monkeypatch)
    command = [a for a in args(inputs, target) if a not in ("--format", "dot")]
    result = invoke(*command)
    assert result.exit_code == 2, result.output
    (line,) = result.stderr.splitlines()
    assert "dot wrote an incomplete svg file" in line and "is the disk full?" in line, line
    assert snapshot(tmp_path / "site") == before


# --- killed runs ------------------------------------------------------------------------------

# Records its process id, then waits to be stopped: a `dot` busy on a large chart.
HANGS = '#!/bin/sh\necho $$ >> "$DOT_PIDS"\nexec sleep 60\n'


def _running(pid: int) -> bool:
    """Whether the process exists and is not a zombie waiting to be reaped."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


def _wait_for(condition: Callable[[], bool], seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def start_run(tmp_path: Path, inputs: Path) -> tuple[subprocess.Popen[bytes], Path, Path]:
    """`python -m orgsim run` over a previous report, stuck rendering in a fake `dot`;
    returns the process, the report folder and the file of `dot` process ids, once `dot`
    has started."""
    site = tmp_path / "site"
    site.mkdir()
    target = site / "out"
    previous_output("run", inputs, target)
    pids = tmp_path / "dot-pids"
    env = {**os.environ, "PATH": fake_dot(tmp_path / "bin", HANGS), "DOT_PIDS": str(pids)}
    process = subprocess.Popen(
        [sys.executable, "-m", "orgsim", "run", str(inputs / "s.yaml"), "--out", str(target)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert _wait_for(lambda: pids.is_file() and pids.read_text().strip() != ""), "dot never ran"
    return process, target, pids


def dot_pids(pids: Path) -> list[int]:
    return [int(line) for line in pids.read_text().split()]


def test_sigterm_mid_render_leaves_no_temporary_folder_and_no_dot(
    inputs: Path, tmp_path: Path
) -> None:
    """SIGTERM while `dot` runs: exit 143 and "terminated"; every `dot` stopped, the
    temporary folder gone, the previous report byte-identical."""
    process, target, pids = start_run(tmp_path, inputs)
    before = snapshot(target)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 143, stderr
    assert stderr.decode().strip() == "orgsim: terminated"
    assert _wait_for(lambda: not any(_running(pid) for pid in dot_pids(pids)), 10)
    assert snapshot(target) == before
    assert sorted(p.name for p in target.parent.iterdir()) == ["out"]


def test_sigkill_mid_render_takes_dot_with_it_and_the_next_run_cleans_up(
    inputs: Path, tmp_path: Path
) -> None:
    """SIGKILL cannot be cleaned up after: `dot` dies with orgsim all the same, and the next
    run removes the temporary folder the killed one left, keeping a live run's."""
    process, target, pids = start_run(tmp_path, inputs)
    process.kill()
    process.communicate(timeout=30)
    assert _wait_for(lambda: not any(_running(pid) for pid in dot_pids(pids)), 10)
    left = [p.name for p in target.parent.iterdir() if p.name != "out"]
    assert len(left) == 1 and left[0].startswith(".out.tmp-"), left
    alive = target.parent / ".out.tmp-1-cafe"  # pid 1 is alive: a run still going
    alive.mkdir()
    done = invoke("run", str(inputs / "s.yaml"), "--out", str(target), "--format", "dot", "-q")
    assert done.exit_code == 0, done.output
    assert sorted(p.name for p in target.parent.iterdir()) == [alive.name, "out"]


def test_a_run_killed_between_the_two_renames_gets_its_report_back(tmp_path: Path) -> None:
    """Killed after moving the old report aside and before moving the new one in: the next
    writer puts the old report back where it was before doing anything else."""
    target = tmp_path / "out"
    target.mkdir()
    (target / "index.html").write_text("old report", encoding="utf-8")
    dead = 2**22 + 1  # above the default pid_max: no such process
    target.rename(tmp_path / f".out.old-{dead}-beef")
    files.remove_stale(target)
    assert (target / "index.html").read_text(encoding="utf-8") == "old report"
    assert [p.name for p in tmp_path.iterdir()] == ["out"]
