"""One escaping function (orgsim.render.looks.esc) puts every piece of user text into a DOT
label: whatever `validate` accepts, `dot` draws, and the label shows the text as written,
never markup and never a Graphviz escape. One test per case, each checked in the DOT text and,
with Graphviz, in the SVG `dot` draws."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from render_samples import base_state, with_name

from orgsim.render import render_one, state_chart
from orgsim.render.looks import LONGEST_TEXT, esc


def drawn_text(name: str) -> str:
    """All the text of the SVG `dot` draws for the sample chart with Magnus renamed."""
    source = state_chart(with_name(base_state(), "magnus", name))
    root = ET.fromstring(render_one(source, fmt="svg"))
    return " ".join(t for el in root.iter() for t in (el.text, el.tail) if t)


def test_graphviz_escapes_in_text_stay_text() -> None:
    """`\\N` and `\\G` would print the node's and the graph's names: each backslash is
    doubled, which Graphviz reads as one backslash."""
    assert esc("A\\N B\\G") == "A\\\\N B\\\\G"


@pytest.mark.exe
def test_graphviz_escapes_in_a_name_are_drawn_as_written() -> None:
    text = drawn_text("Chris \\N \\G \\L Magnus\\")
    assert "Chris \\N \\G \\L Magnus\\" in text


def test_markup_in_text_stays_text() -> None:
    """`<`, `>`, `&` and quotes are entities; a label cannot be closed or extended."""
    assert esc('<B>x</B> & "y"') == "&lt;B&gt;x&lt;/B&gt; &amp; &quot;y&quot;"


@pytest.mark.exe
def test_markup_in_a_name_is_drawn_as_written() -> None:
    assert '<B>Chris</B> & "Magnus" >' in drawn_text('<B>Chris</B> & "Magnus" >')


def test_noncharacters_become_the_replacement_character() -> None:
    """U+FFFE, U+FFFF (which Graphviz's XML parser refuses), U+FDD0-U+FDEF and the last two
    code points of each plane show as U+FFFD; other text is untouched."""
    assert esc("a\ufffeb\uffffc\ufdd0d\U0001ffffe\u00e9") == "a\ufffdb\ufffdc\ufffdd\ufffde\u00e9"


@pytest.mark.exe
def test_a_name_with_noncharacters_is_drawn() -> None:
    assert "Chris\ufffdMagnus" in drawn_text("Chris\uffffMagnus")


def test_control_characters_become_spaces() -> None:
    assert esc("a\x00b\x1bc\nd\x7f") == "a b c d "


def test_text_over_the_longest_is_cut_with_an_ellipsis() -> None:
    """A 20,000-character name would make a label Graphviz refuses (over 16,384)."""
    shown = esc("x" * 20_000)
    assert shown == "x" * (LONGEST_TEXT - 1) + "\u2026"
    assert esc("x" * LONGEST_TEXT) == "x" * LONGEST_TEXT


@pytest.mark.exe
def test_a_name_of_20000_characters_is_drawn_cut() -> None:
    text = drawn_text("M" * 20_000)
    assert "M" * (LONGEST_TEXT - 1) + "\u2026" in text.replace(" ", "")


def test_a_post_history_picture_draws_dollars_and_control_characters_as_text() -> None:
    """matplotlib reads `$...$` as TeX and fails on `$\\frac{x$`; a name is text, so the
    picture draws the dollar signs, and a control character as its escape."""
    import datetime as dt

    from orgsim.render.timeline import Lane, Mark, Period, timeline_image

    day = dt.date(2024, 1, 1)
    name = "Pat $\\frac{x$ Bell\x1b[2J"
    lanes = [Lane("Recorded holder", (Period(day, None, name, "acting", None),))]
    marks = [Mark(day + dt.timedelta(days=30), f"limit for {name}")]
    svg = timeline_image(lanes, marks, title=name, end=day + dt.timedelta(days=60)).decode()
    texts = " ".join(t for el in ET.fromstring(svg).iter() for t in (el.text, el.tail) if t)
    assert "Pat $\\frac{x$ Bell\\x1b[2J" in texts
    assert "\x1b" not in svg
