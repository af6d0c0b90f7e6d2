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


# --- the viewer and the time slider, driven from a page that frames them --------------------
#
# A page opened from disk may not reach into another file's page, except with Chromium's
# --allow-file-access-from-files (used here only): the test page frames the report's page,
# types into its search box, clicks its results and its charts' links, moves its slider (as
# a drag does: a new value, then an "input" event), and writes what the framed page then
# shows into its own <body> attributes, which --dump-dom prints.

DRIVER = """<!DOCTYPE html><html><body>
<iframe id="page" src="{src}" style="width:1300px;height:900px;border:0"></iframe>
<script>
var frame = document.getElementById("page");
function note(key, value) {{ document.body.setAttribute("data-" + key, String(value)); }}
frame.addEventListener("load", function () {{
  var w = frame.contentWindow, d = frame.contentDocument;
  try {{ ({steps})(w, d, note); }} catch (e) {{ note("error", e); }}
}});
</script></body></html>
"""


def drive(browser: str, tmp_path: Path, page: Path, steps: str, name: str) -> dict[str, str]:
    """Frame `page`, run the JavaScript function `steps(window, document, note)` on it once
    it has loaded, and return what it noted; also save a screenshot named `name`."""
    driver = tmp_path / f"drive-{name}.html"
    driver.write_text(DRIVER.format(src=page.as_uri(), steps=steps), encoding="utf-8")
    flags = ("--allow-file-access-from-files",)
    dom = _headless(browser, tmp_path / f"profile-{name}", *flags, "--dump-dom", driver.as_uri())
    body = re.search(r"<body([^>]*)>", dom.stdout)
    assert body is not None, dom.stderr[-2000:]
    noted = dict(re.findall(r'data-([\w-]+)="([^"]*)"', body.group(1)))
    assert "error" not in noted, noted["error"]
    shots = Path(os.environ.get("ORGSIM_SCREENSHOTS", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    _headless(
        browser,
        tmp_path / f"profile-{name}-shot",
        *flags,
        "--window-size=1300,900",
        f"--screenshot={shots / f'{name}.png'}",
        driver.as_uri(),
    )
    print(f"\nscreenshot: {shots / f'{name}.png'}")
    return noted


@pytest.fixture(scope="module")
def cbp_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The CBP 2022 report, written once for the tests below."""
    out = tmp_path_factory.mktemp("cbp") / "report"
    done = subprocess.run(
        [sys.executable, "-m", "orgsim", "run", str(SCENARIO), "--out", str(out), "-q"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return out


def test_the_slider_shows_the_commissioners_post_change_on_2022_11_12(
    browser: str, cbp_report: Path, tmp_path: Path
) -> None:
    """Move the slider to Magnus's resignation: the page shows its date, its changes and the
    chart of that step, and the chart loads."""
    steps = """function (w, d, note) {
      var slider = d.getElementById("slider");
      var data = JSON.parse(d.getElementById("steps").textContent);
      var i = data.findIndex(function (s) { return /Chris Magnus resigns/.test(s.text); });
      note("index", i);
      slider.value = String(i);
      slider.dispatchEvent(new w.Event("input", { bubbles: true }));
      note("when", d.getElementById("when").textContent);
      note("changes", Array.prototype.map.call(d.querySelectorAll("#changes li"),
        function (li) { return li.textContent; }).join(" | "));
      var img = d.getElementById("chart");
      note("chart", img.getAttribute("src"));
      img.addEventListener("load", function () { note("loaded", img.naturalWidth > 0); });
      if (img.complete) { note("loaded", img.naturalWidth > 0); }
      note("steps", d.body.getAttribute("data-steps"));
    }"""
    noted = drive(browser, tmp_path, cbp_report / "slider.html", steps, "cbp-2022-slider")
    assert int(noted["index"]) > 0 and int(noted["steps"]) > int(noted["index"])
    assert noted["when"] == "2022-11-12"
    assert "Chris Magnus leaves the post of Commissioner" in noted["changes"]
    assert noted["chart"] == "2022-11-12-005-resign-cbp-commissioner-change.svg"
    assert noted["loaded"] == "true"


def test_the_viewer_finds_a_person_and_shows_their_box(
    browser: str, cbp_report: Path, tmp_path: Path
) -> None:
    """Type a name into the viewer's search: both of Troy Miller's posts are offered; picking
    the first shows and marks the Commissioner's box."""
    steps = """function (w, d, note) {
      var input = d.getElementById("search");
      input.value = "troy miller";
      input.dispatchEvent(new w.Event("input", { bubbles: true }));
      var buttons = d.querySelectorAll("#results button");
      note("results", buttons.length);
      note("offered", Array.prototype.map.call(buttons,
        function (b) { return b.textContent; }).join(" | "));
      buttons[0].click();
      note("found", d.body.getAttribute("data-found"));
      note("how", d.body.getAttribute("data-found-how"));
      var marked = d.querySelector("#stage .found");
      note("marked", marked ? marked.textContent.replace(/\\s+/g, " ") : "");
      note("zoom", d.defaultView.svgPanZoom(d.querySelector("#stage svg")).getZoom() > 1);
    }"""
    noted = drive(browser, tmp_path, cbp_report / "viewer.html", steps, "cbp-2022-viewer")
    assert noted["results"] == "2"
    assert "Commissioner of U.S. Customs and Border Protection — Troy Miller" in noted["offered"]
    assert noted["found"] == "cbp-commissioner" and noted["how"] == "box"
    assert "Troy Miller" in noted["marked"] and "Commissioner" in noted["marked"]
    assert noted["zoom"] == "true"


def test_the_viewer_opens_an_office_in_place_and_finds_a_post_in_a_team(
    browser: str, tmp_path: Path
) -> None:
    """A 300-post synthetic organisation: clicking a folded office in the overview opens its
    chart in the viewer; searching a post drawn in a team's grid finds and marks its cell."""
    scenario = tmp_path / "synth.json"
    made = subprocess.run(
        [
            sys.executable,
            "-m",
            "orgsim",
            "synth",
            "--posts",
            "300",
            "--events",
            "4",
            "-o",
            str(scenario),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    out = tmp_path / "report"
    done = subprocess.run(
        [sys.executable, "-m", "orgsim", "run", str(scenario), "--out", str(out), "-q"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    steps = """function (w, d, note) {
      note("start", d.body.getAttribute("data-showing"));
      var link = d.querySelector("#stage svg a");
      note("link", link.getAttribute("xlink:href"));
      link.dispatchEvent(new w.MouseEvent("click", { bubbles: true, cancelable: true }));
      note("opened", d.body.getAttribute("data-showing"));
      note("where", d.getElementById("where").textContent);
      var input = d.getElementById("search");
      input.value = "post 250";
      input.dispatchEvent(new w.Event("input", { bubbles: true }));
      d.querySelector("#results button").click();
      note("found", d.body.getAttribute("data-found"));
      note("how", d.body.getAttribute("data-found-how"));
      var marked = d.querySelector("#stage .found");
      note("marked", marked ? marked.textContent : "");
    }"""
    noted = drive(browser, tmp_path, out / "viewer.html", steps, "synth-300-viewer")
    assert noted["start"] == "atlas"
    assert noted["opened"] == noted["link"].removesuffix(".svg") != "atlas"
    assert noted["where"].startswith(("Office of Post ", "Offices of Post "))
    # p250 is one of eight posts with nobody below them under p31: a cell of a team's grid.
    assert noted["found"] == "p250" and noted["how"] == "cell"
    assert noted["marked"] == "Post 250"
