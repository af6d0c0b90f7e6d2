"""docs/charts.md: the code at its end makes every picture the page shows.

The code runs as the page says (from a repository root: here a scratch folder holding the
scenarios and the tests it imports), and each image the page shows must come out of it, and
be in docs/images as committed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.exe, pytest.mark.browser]

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "charts.md"


def the_code() -> str:
    """The Python block under "How these pictures are made"."""
    section = PAGE.read_text(encoding="utf-8").split("## How these pictures are made", 1)[1]
    match = re.search(r"```python\n(.*?)```", section, re.S)
    assert match, "docs/charts.md has no code block under 'How these pictures are made'"
    return match.group(1)


def shown() -> list[str]:
    """Every image the page shows, relative to docs/."""
    return re.findall(r"!\[[^\]]*\]\((images/[^)]+)\)", PAGE.read_text(encoding="utf-8"))


def test_the_page_shows_images_and_each_is_committed() -> None:
    """The page shows several images, and docs/images holds each of them."""
    images = shown()
    assert len(images) >= 8
    for image in images:
        assert (ROOT / "docs" / image).is_file(), image


def test_the_code_on_the_page_makes_every_image_it_shows(tmp_path: Path) -> None:
    """Run the page's code in a scratch root: every image the page shows is written, as a
    real SVG or PNG."""
    if shutil.which("dot") is None or not (
        shutil.which("chromium") or shutil.which("chromium-browser")
    ):
        pytest.skip("needs Graphviz dot and Chromium")
    (tmp_path / "scenarios").symlink_to(ROOT / "scenarios")
    (tmp_path / "tests").symlink_to(ROOT / "tests")
    done = subprocess.run(
        [sys.executable, "-c", the_code()],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    for image in shown():
        made = tmp_path / "docs" / image
        assert made.is_file(), f"the code did not make {image}"
        data = made.read_bytes()
        if image.endswith(".png"):
            assert data.startswith(b"\x89PNG") and len(data) > 20_000, image
        else:
            assert b"<svg" in data[:2000] and b"</svg>" in data[-200:], image
