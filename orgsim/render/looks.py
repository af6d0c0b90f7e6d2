"""How boxes look: colours, line styles, the text helpers for HTML-like labels, and the legend.

Every look must still read in greyscale, so each one differs by line style or weight as well
as by colour, and every box also says its state in words.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

__all__ = [
    "FONT",
    "INK",
    "IN_COLOUR",
    "LOOKS",
    "MARK_PENWIDTH",
    "MUTED",
    "OUT_COLOUR",
    "UNLAWFUL_COLOUR",
    "esc",
    "html_label",
    "legend_label",
    "small",
]

FONT = "Helvetica,Arial,sans-serif"
INK = "#424242"
MUTED = "#757575"
OUT_COLOUR = "#c62828"  # who or what is going
IN_COLOUR = "#1565c0"  # what is new; dark enough to read as black in greyscale
UNLAWFUL_COLOUR = "#b71c1c"
MARK_PENWIDTH = "3.5"  # thick, so a highlight still shows when colour is lost

# Every look a post box can have; the legend is drawn from this same table so the two agree.
LOOKS: dict[str, dict[str, str]] = {
    "held": {"style": "solid,filled", "fillcolor": "#ffffff", "color": INK},
    "acting": {"style": "dashed,filled", "fillcolor": "#ffe8b3", "color": INK},
    "duties": {"style": "dotted,filled", "fillcolor": "#d6eaf8", "color": INK},
    "vacant": {"style": "bold,dashed,filled", "fillcolor": "#d9d9d9", "color": INK},
    "not-recorded": {"style": "dotted,filled", "fillcolor": "#ffffff", "color": MUTED},
    "abolished": {"style": "dashed,filled", "fillcolor": "#f5f5f5", "color": OUT_COLOUR},
}

# (key, sample look, table-cell attributes, name, note). A chart's legend lists only the keys it
# uses, so a small chart keeps a small legend; the order here is the order in every legend.
_LEGEND: tuple[tuple[str, str, str, str], ...] = (
    ("held", 'BORDER="1"', "Confirmed", "solid; also elected"),
    ("acting", 'BORDER="1" STYLE="dashed" BGCOLOR="#ffe8b3"', "Acting", "dashed, amber"),
    (
        "duties",
        'BORDER="1" STYLE="dotted" BGCOLOR="#d6eaf8"',
        "Performing the duties",
        "dotted, blue",
    ),
    ("vacant", 'BORDER="2" STYLE="dashed" BGCOLOR="#d9d9d9"', "VACANT", "bold dashed, grey"),
    ("not-recorded", 'BORDER="1" STYLE="dotted"', "Holder not recorded", "not vacant: unknown"),
    ("unlawful", f'BORDER="3" COLOR="{UNLAWFUL_COLOUR}"', "Not lawful", "double red border"),
    ("staff", 'BORDER="1"', "Staff post", "beside its principal"),
    ("group", 'BORDER="1"', "Shared body", "one row per seat"),
    ("unit", 'BORDER="2"', "Office", "double border: posts below it folded in; click to open"),
    ("out", f'BORDER="3" COLOR="{OUT_COLOUR}"', "Leaving", "thick red; <S>struck</S>: gone"),
    ("in", f'BORDER="3" COLOR="{IN_COLOUR}"', "Arrived / changed", "thick blue"),
    ("abolished", f'BORDER="1" STYLE="dashed" COLOR="{OUT_COLOUR}"', "Abolished", "dashed red"),
    ("dotted-line", 'BORDER="0"', "- - - &#9656;", "dotted-line reporting"),
    ("first-assistant", 'BORDER="0"', "&#183;&#183;&#183; &#9656;", "first assistant"),
    ("step", 'BORDER="0"', f'<FONT COLOR="{IN_COLOUR}">&#9473;&#9473; &#9656;</FONT>', "moves to"),
    ("moved-from", 'BORDER="0"', f'<FONT COLOR="{MUTED}">- - &#9656;</FONT>', "moved from"),
)
_LEGEND_COLUMNS = 5  # samples per row: the legend stays narrower than most charts

# Graphviz rejects or mangles control characters inside labels; none of them carry meaning here.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def esc(text: str) -> str:
    """User text made safe inside an HTML-like label."""
    return html.escape(_CONTROL.sub(" ", text), quote=True)


def html_label(inner: str) -> str:
    """Mark text as an HTML-like label (graphviz.quote() passes '<...>' through unquoted)."""
    return f"<{inner}>"


def small(text: str, *, colour: str | None = None, bold: bool = False) -> str:
    """Nine-point text, optionally coloured and bold (text must already be escaped)."""
    inner = f"<B>{text}</B>" if bold else text
    colour_attr = f' COLOR="{colour}"' if colour else ""
    return f'<FONT POINT-SIZE="9"{colour_attr}>{inner}</FONT>'


def legend_label(used: Iterable[str]) -> str | None:
    """A compact legend table for the looks a chart uses, or None when it uses none."""
    wanted = set(used)
    cells = [
        f'<TD {cell} CELLPADDING="3"><FONT POINT-SIZE="9"><B>{name}</B></FONT><BR/>'
        f'<FONT POINT-SIZE="8" COLOR="{MUTED}">{note}</FONT></TD>'
        for key, cell, name, note in _LEGEND
        if key in wanted
    ]
    if not cells:
        return None
    rows = [
        "<TR>" + "".join(cells[i : i + _LEGEND_COLUMNS]) + "</TR>"
        for i in range(0, len(cells), _LEGEND_COLUMNS)
    ]
    return (
        '<TABLE BORDER="0" CELLSPACING="5" CELLPADDING="0">'
        f'<TR><TD COLSPAN="{min(len(cells), _LEGEND_COLUMNS)}" ALIGN="LEFT">'
        f'<FONT POINT-SIZE="9" COLOR="{MUTED}"><B>Legend</B></FONT></TD></TR>'
        + "".join(rows)
        + "</TABLE>"
    )
