"""The CBP 2022 report opened in headless Chromium: every event present, every chart loaded.

The report's own script writes, once the page has loaded, how many chart images loaded and
which did not into attributes of <body>; Chromium's --dump-dom prints the page as rendered,
so the test needs no WebDriver. It also saves a screenshot and prints its path.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from orgsim import api

pytestmark = [pytest.mark.browser, pytest.mark.exe]

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "scenarios" / "cbp-2022.yaml"
_BROWSERS = ("chromium", "chromium-browser", "google-chrome")


def _chromium() -> str | None:
    configured = os.environ.get("ORGSIM_CHROMIUM")
    if configured:
        return configured
    return next((path for name in _BROWSERS if (path := shutil.which(name))), None)


def _headless(browser: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile.mkdir(parents=True, exist_ok=True)
    command = [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
        "--virtual-time-budget=10000",
        *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)


@pytest.fixture(scope="module")
def browser() -> str:
    """Chromium's path, or a skip that says how to get it."""
    found = _chromium()
    if found is None:
        pytest.skip("headless Chromium not found: apt-get install chromium (CI installs it)")
    if shutil.which("dot") is None:
        pytest.skip("Graphviz dot not found: apt-get install graphviz")
    return found


def test_cbp_report_shows_every_event_and_loads_every_chart(browser: str, tmp_path: Path) -> None:
    """`orgsim run` on CBP 2022, then Chromium: all sections present, no broken image."""
    out = tmp_path / "report"
    done = subprocess.run(
        [sys.executable, "-m", "orgsim", "run", str(SCENARIO), "--out", str(out), "-q"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    index = out / "index.html"
    scenario = api.load(SCENARIO)
    expected = len(api.replay_scenario(scenario, until=api.horizon(scenario)).transitions)

    dom = _headless(browser, tmp_path / "profile-dom", "--dump-dom", index.as_uri())
    assert "<body" in dom.stdout, dom.stderr[-2000:]
    body = re.search(r"<body([^>]*)>", dom.stdout)
    assert body is not None
    attrs = dict(re.findall(r'(data-[\w-]+)="([^"]*)"', body.group(1)))
    assert attrs, "the report's script did not run: " + body.group(0)
    sections = re.findall(r'<section id="(event-\d+)" class="event"', dom.stdout)
    assert len(sections) == expected == int(attrs["data-events"])
    assert int(attrs["data-images"]) > 0
    assert attrs["data-images-broken"] == ""
    assert int(attrs["data-images-loaded"]) == int(attrs["data-images"])
    # Miller's step up is on the page: the derived event's change chart and its alt text.
    assert "What changed" in dom.stdout
    assert "Troy Miller takes up the post of Commissioner" in dom.stdout

    shots = Path(os.environ.get("ORGSIM_SCREENSHOTS", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    shot = shots / "cbp-2022-report.png"
    taken = _headless(
        browser,
        tmp_path / "profile-shot",
        "--window-size=1400,3000",
        f"--screenshot={shot}",
        index.as_uri(),
    )
    assert shot.is_file() and shot.stat().st_size > 10_000, taken.stderr[-2000:]
    print(f"\nscreenshot: {shot}")
