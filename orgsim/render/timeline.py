"""A post's history as a timeline picture (matplotlib): lanes of periods over dates, with marks.

The drawing takes plain data: lanes, each a list of `Period`s (who held or could hold the post
from when to when, in what way, and what ended it), and `Mark`s on single days (time limits,
nominations). Today there is one lane, the recorded holders; a lane of who could lawfully act
is drawn the same way once the rules give it. No file is written here: `timeline_image`
returns the bytes.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

from attrs import evolve, frozen

from orgsim.errors import one_line

__all__ = ["KINDS", "Lane", "Mark", "Period", "timeline_image"]


@frozen
class Period:
    """From `start` to `end` (None: still so at the chart's end), `label` held the post in a
    way named by `kind`; `ended_by` says what ended it."""

    start: dt.date
    end: dt.date | None
    label: str
    kind: str  # a key of KINDS
    ended_by: str | None = None


@frozen
class Mark:
    """Something on one day: a time limit, a nomination and what became of it."""

    day: dt.date
    label: str
    kind: str = "limit"  # "limit" (a red dashed line) or "nomination" (a purple dotted one)


@frozen
class Lane:
    """One row of the timeline: its name and its periods."""

    name: str
    periods: tuple[Period, ...]


# Colour, hatch and words for each kind of period: the same looks as the org charts' boxes
# (acting amber, performing the duties blue, vacant grey), and a hatch so greyscale still reads.
KINDS: dict[str, tuple[str, str, str]] = {
    "confirmed": ("#e8eaf6", "", "confirmed"),
    "elected": ("#e8eaf6", "", "elected"),
    "appointed": ("#e8eaf6", "", "appointed"),
    "acting": ("#ffe8b3", "//", "acting"),
    "performing-duties": ("#d6eaf8", "..", "performing the duties"),
    "vacant": ("#d9d9d9", "xx", "vacant"),
    "not-recorded": ("#ffffff", "", "holder not recorded"),
    "recess-appointed": ("#e8eaf6", "--", "recess appointment"),
    "lawful": ("#c8e6c9", "", "could lawfully act"),
    "nobody": ("#ffcdd2", "\\\\", "nobody could lawfully act"),
    "undetermined": ("#fff9c4", "oo", "the record cannot tell"),
}
_MARK_STYLE = {"limit": ("#b71c1c", "--"), "nomination": ("#6a1b9a", ":")}


_ENDED_WORDS = 150  # characters of each "how it ended" line


def timeline_image(
    lanes: Sequence[Lane],
    marks: Sequence[Mark] = (),
    *,
    title: str,
    end: dt.date,
    fmt: str = "svg",
    credit: str | None = None,
    dpi: int = 192,
) -> bytes:
    """The timeline as an SVG, PNG or PDF image: one bar per period in each lane, labelled with
    who and how; the marks as vertical lines; under it, how each period ended."""
    import matplotlib

    matplotlib.use("Agg")  # no display: files only
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    # Stable SVG text: no random ids, fonts as text, no date stamp.
    matplotlib.rcParams["svg.hashsalt"] = "orgsim"
    matplotlib.rcParams["svg.fonttype"] = "none"
    # Names are text, never TeX: "$" in a name is a dollar sign (mathtext would fail on it).
    matplotlib.rcParams["text.parse_math"] = False
    lanes, marks, title = _shown(lanes, marks, title)
    lanes, marks, title = _recent(lanes, marks, title)
    credit = credit and one_line(credit)
    starts = [p.start for lane in lanes for p in lane.periods] + [m.day for m in marks]
    begin = min([*starts, end])
    span = max((end - begin).days, 1)
    endings = [
        (lane.name, p) for lane in lanes for p in lane.periods if p.end is not None and p.ended_by
    ]
    marks = sorted(marks, key=lambda m: (m.day, m.label))
    top = 1.2 + 0.17 * len(marks)  # inches above the bars: title, legend, the marks' words
    bars = 0.9 * len(lanes) + 0.7
    notes = 0.25 + 0.19 * (len(endings) + 1) if endings else 0.2
    fig = plt.figure(figsize=(11, top + bars + notes + 0.5))
    try:
        height = top + bars + notes + 0.5
        ax = fig.add_axes((0.16, (notes + 0.5) / height, 0.8, bars / height))
        pad = dt.timedelta(days=max(1, span // 40))
        ax.set_xlim(mdates.date2num(begin - pad), mdates.date2num(end + pad))
        for row, lane in enumerate(reversed(lanes)):
            above = 0
            for period in lane.periods:
                above = _bar(ax, period, row, end, span, above)
        ax.set_yticks(range(len(lanes)), [lane.name for lane in reversed(lanes)])
        ax.set_ylim(-0.6, len(lanes) - 0.1)
        for i, mark in enumerate(marks):
            colour, style = _MARK_STYLE.get(mark.kind, _MARK_STYLE["limit"])
            x = mdates.date2num(mark.day)
            ax.axvline(x, color=colour, linestyle=style, linewidth=1.4)
            ax.annotate(
                f"{mark.day.isoformat()}: {mark.label}",
                xy=(x, 1.0),
                xycoords=("data", "axes fraction"),
                xytext=(0, 4 + 12 * (len(marks) - 1 - i)),
                textcoords="offset points",
                ha="right" if x > mdates.date2num(begin) + span * 0.6 else "left",
                fontsize=8,
                color=colour,
                annotation_clip=False,
            )
        locator = mdates.AutoDateLocator(minticks=4, maxticks=9)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        ax.grid(axis="x", color="#eeeeee")
        ax.set_axisbelow(True)
        for side in ("top", "right", "left"):
            ax.spines[side].set_visible(False)
        fig.text(0.02, 1 - 0.35 / height, title, fontsize=12, fontweight="bold", va="center")
        used = sorted(
            {p.kind for lane in lanes for p in lane.periods if p.end is None or p.end > p.start}
            & set(KINDS)
        )
        handles = [
            Patch(facecolor=KINDS[k][0], hatch=KINDS[k][1], edgecolor="#424242", label=KINDS[k][2])
            for k in used
        ]
        if handles:
            fig.legend(
                handles=handles,
                loc="center left",
                bbox_to_anchor=(0.01, 1 - 0.75 / height),
                ncols=min(6, len(handles)),
                fontsize=8,
                frameon=False,
            )
        if endings:
            lines = ["How each period ended:"]
            for name, period in endings:
                who = f"{period.label}, " if period.label else ""
                words = KINDS.get(period.kind, ("", "", period.kind))[2]
                line = f"{period.end}  {who}{words} ({name.lower()}): {period.ended_by}"
                if len(line) > _ENDED_WORDS:
                    line = line[: _ENDED_WORDS - 1] + "…"
                lines.append(line)
            fig.text(
                0.02,
                (notes + 0.3) / height,
                "\n".join(lines),
                fontsize=8,
                va="top",
                color="#424242",
                linespacing=1.5,
            )
        if credit:
            fig.text(
                0.99, 0.08 / height, credit, ha="right", va="bottom", fontsize=7, color="#757575"
            )
        out = io.BytesIO()
        metadata: dict[str, Any] | None = {"Date": None} if fmt == "svg" else None
        fig.savefig(out, format=fmt, dpi=dpi, metadata=metadata)
        return out.getvalue()
    finally:
        plt.close(fig)


_MAX_PERIODS = 40
"""Periods per lane a timeline draws: past that its bars and words no longer read, and a long
replay's timelines took minutes (matplotlib lays out every label)."""


def _recent(
    lanes: Sequence[Lane], marks: Sequence[Mark], title: str
) -> tuple[list[Lane], list[Mark], str]:
    """The last `_MAX_PERIODS` periods of each lane and the marks since the first of them,
    with the title saying so; everything when no lane is longer."""
    longest = max((len(lane.periods) for lane in lanes), default=0)
    if longest <= _MAX_PERIODS:
        return list(lanes), list(marks), title
    kept = [evolve(lane, periods=lane.periods[-_MAX_PERIODS:]) for lane in lanes]
    since = min(p.start for lane in kept for p in lane.periods)
    shown = [m for m in marks if m.day >= since]
    return (
        kept,
        shown,
        f"{title} (the last {_MAX_PERIODS} periods from {since.isoformat()}; {longest} in all)",
    )


def _shown(
    lanes: Sequence[Lane], marks: Sequence[Mark], title: str
) -> tuple[list[Lane], list[Mark], str]:
    """The texts with control characters written as escapes (no font has glyphs for them)."""
    lanes = [
        evolve(
            lane,
            periods=tuple(
                evolve(p, label=one_line(p.label), ended_by=p.ended_by and one_line(p.ended_by))
                for p in lane.periods
            ),
        )
        for lane in lanes
    ]
    return lanes, [evolve(m, label=one_line(m.label)) for m in marks], one_line(title)


def _bar(ax: Any, period: Period, row: int, end: dt.date, span: int, above: int) -> int:
    """One period: a bar from start to end (or the chart's end), its words inside it when they
    fit, else above it, each above-label one step higher than the last so none overlap.
    Returns how many labels are now stacked above. A period of no length draws nothing."""
    import matplotlib.dates as mdates

    stop = period.end or end
    if stop <= period.start and period.end is not None:
        return above
    colour, hatch, words = KINDS.get(period.kind, ("#ffffff", "", period.kind))
    left = mdates.date2num(period.start)
    width = max(mdates.date2num(stop) - left, 0.5)
    ax.barh(
        row,
        width,
        left=left,
        height=0.5,
        color=colour,
        hatch=hatch,
        edgecolor="#424242",
        linewidth=1,
        linestyle="-" if period.end else (0, (4, 2)),  # dashed: still so at the chart's end
    )
    text = f"{period.label}\n{words}" if period.label else words
    if (stop - period.start).days > span * 0.2:
        ax.text(left + width / 2, row, text, ha="center", va="center", fontsize=8)
        return 0
    # Near the right edge the words run leftwards from the bar's end instead.
    late = left - ax.get_xlim()[0] > (ax.get_xlim()[1] - ax.get_xlim()[0]) * 0.65
    ax.text(
        left + width if late else left,
        row + 0.3 + 0.28 * above,
        text.replace("\n", ", "),
        ha="right" if late else "left",
        va="bottom",
        fontsize=8,
    )
    return above + 1
