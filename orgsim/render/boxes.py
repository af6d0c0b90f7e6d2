"""The box of one post, or of a body whose seats share one box: label, look, highlight. No I/O."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator, Mapping, Sequence

from attrs import frozen

from orgsim.model import (
    ActStatus,
    Capacity,
    Lawfulness,
    Legal,
    NominationOutcome,
    PostStatus,
    Standing,
    State,
)
from orgsim.render.highlight import Highlight
from orgsim.render.looks import (
    IN_COLOUR,
    LOOKS,
    MARK_PENWIDTH,
    MUTED,
    OUT_COLOUR,
    UNLAWFUL_COLOUR,
    esc,
    html_label,
    small,
)
from orgsim.render.words import capacity_words

__all__ = [
    "TITLE_WIDTH",
    "Box",
    "Unit",
    "ghost_box",
    "group_box",
    "post_box",
    "seat_key",
    "team_box",
    "void_counts",
]

TITLE_WIDTH = 28  # characters per line of a post title; dot does not wrap labels
_UP_WORDS = 36  # characters of the title of the chart above, on a chart's top box


@frozen
class Box:
    """A node's attributes and the legend keys its look uses."""

    attrs: dict[str, str]
    used: frozenset[str]


@frozen
class Unit:
    """A post drawn with everything below it folded into its box, and where that part is
    drawn: "Office of X: 37 posts, 2 vacant, 1 acting"."""

    posts: int  # the post itself and every post below it
    vacant: int = 0
    acting: int = 0
    duties: int = 0
    href: str | None = None  # the chart that draws the part folded away
    target: str | None = None  # that chart's title, for the tooltip

    def words(self) -> str:
        """The folded part in a few words."""
        parts = [f"{self.posts} posts"]
        parts.extend(
            f"{n} {what}"
            for n, what in (
                (self.vacant, "vacant"),
                (self.acting, "acting"),
                (self.duties, "performing duties"),
            )
            if n
        )
        return ", ".join(parts)


@frozen
class _Seat:
    """What one post's box or row says, before it is laid out."""

    look: str
    lines: tuple[str, ...]
    going: tuple[str, ...]
    coming: tuple[str, ...]
    unlawful: bool
    gone: bool = False  # a holder who left is shown struck through


def post_box(
    state: State,
    post_id: str,
    highlight: Highlight,
    *,
    previous: State | None = None,
    unit: Unit | None = None,
    up: tuple[str, str] | None = None,
    legal: Legal | None = None,
) -> Box:
    """The box of one post; with `previous`, also who or what the change took away; with
    `unit`, the part below it folded into the box and linked to its chart; with `up`, an
    (href, title) link to the chart this one is part of; with `legal`, what the law says of
    it (service not lawful or undetermined, who may lawfully act, void acts)."""
    seat = _seat(state, post_id, highlight, previous, legal)
    lines = [*seat.lines]
    extra: dict[str, str] = {}
    used = {seat.look}
    if unit is not None:
        lines.append(_unit_line(state, post_id, unit))
        extra = {"peripheries": "2"}
        used.add("unit")
        if unit.href:
            extra |= _link(unit.href, f"Open the chart of {unit.target or state.title(post_id)}")
    elif up is not None:
        # Short: the full title of the chart above is in the tooltip.
        above = up[1] if len(up[1]) <= _UP_WORDS else up[1][: _UP_WORDS - 1].rstrip() + "…"
        lines.append(small(f"&#9650; part of {esc(above)}", colour=MUTED))
        extra = _link(up[0], f"Back to {up[1]}")
    if seat.unlawful:
        extra = {**extra, "peripheries": "3" if unit else "2", "color": UNLAWFUL_COLOUR}
        used.add("unlawful")
    if seat.going:
        lines.append(small(esc(", ".join(seat.going)), colour=OUT_COLOUR, bold=True))
    if seat.coming:
        lines.append(small(esc(", ".join(seat.coming)), colour=IN_COLOUR, bold=True))
    # A box that gains something is blue even when it also loses someone: the chart after a
    # change (or the change chart) reads as "what is there now".
    if seat.coming:
        extra = {**extra, "color": IN_COLOUR, "penwidth": MARK_PENWIDTH}
        used.add("in")
    elif seat.going:
        extra = {**extra, "color": OUT_COLOUR, "penwidth": MARK_PENWIDTH}
        used.add("out")
    if seat.gone:
        used.add("out")
    if state.posts[post_id].staff:
        used.add("staff")
    return Box(
        {**LOOKS[seat.look], **extra, "label": html_label("<BR/>".join(lines))}, frozenset(used)
    )


def ghost_box(before: State, post_id: str) -> Box:
    """A post the change abolished, as it was: struck through, in a dashed red box."""
    lines = [f"<S>{line}</S>" for line in _title_lines(before, post_id)]
    tenure = before.holdings.get(post_id)
    if tenure is not None:
        lines.append(f"<S>{esc(before.name(tenure.person))}</S>")
    lines.append(small("ABOLISHED", colour=OUT_COLOUR, bold=True))
    label = html_label("<BR/>".join(lines))
    return Box({**LOOKS["abolished"], "label": label}, frozenset({"abolished", "out"}))


def group_box(
    state: State,
    name: str,
    post_ids: Sequence[str],
    highlight: Highlight,
    *,
    previous: State | None = None,
    legal: Legal | None = None,
) -> Box:
    """One box for the seats of a body: a header row, then one row per seat and its holder."""
    rows = [f'<TR><TD ALIGN="CENTER" BORDER="0"><B>{esc(name)}</B></TD></TR>']
    used = {"group"}
    going = coming = False
    for post_id in post_ids:
        seat = _seat(state, post_id, highlight, previous, legal)
        used.add(seat.look)
        lines = [*seat.lines]
        if seat.unlawful:
            used.add("unlawful")
        if seat.gone:
            used.add("out")
        if seat.going:
            lines.append(small(esc(", ".join(seat.going)), colour=OUT_COLOUR, bold=True))
            going = True
        if seat.coming:
            lines.append(small(esc(", ".join(seat.coming)), colour=IN_COLOUR, bold=True))
            coming = True
        look = LOOKS[seat.look]
        cell_style = _CELL_STYLE.get(seat.look, "")
        colour = UNLAWFUL_COLOUR if seat.unlawful else look["color"]
        rows.append(
            f'<TR><TD BORDER="{3 if seat.unlawful else 1}" COLOR="{colour}"{cell_style}'
            f' BGCOLOR="{look["fillcolor"]}" CELLPADDING="4">{"<BR/>".join(lines)}</TD></TR>'
        )
    border, colour = "1", LOOKS["held"]["color"]
    if coming:
        border, colour = "3", IN_COLOUR
        used.add("in")
    elif going:
        border, colour = "3", OUT_COLOUR
        used.add("out")
    table = (
        f'<TABLE BORDER="{border}" COLOR="{colour}" CELLBORDER="0" CELLSPACING="4"'
        f' STYLE="rounded">{"".join(rows)}</TABLE>'
    )
    return Box({"shape": "plain", "label": html_label(table)}, frozenset(used))


def team_box(
    state: State,
    post_ids: Sequence[str],
    highlight: Highlight,
    *,
    columns: int,
    ports: Sequence[str],
    previous: State | None = None,
    units: Mapping[str, Unit] | None = None,
    legal: Legal | None = None,
) -> Box:
    """Many subordinates with none of their own below them, in one grid of `columns` columns:
    one cell per post, each with its own look and a `PORT` for lines to it. One line from the
    manager reaches the whole grid, so a wide team takes little room and draws no fan of
    lines (d3-org-chart's "compact" layout)."""
    used: set[str] = set()
    cells: list[str] = []
    units = units or {}
    for post_id, port in zip(post_ids, ports, strict=True):
        seat = _seat(state, post_id, highlight, previous, legal)
        used.add(seat.look)
        lines = [*seat.lines]
        border = 1
        colour = LOOKS[seat.look]["color"]
        href = ""
        unit = units.get(post_id)
        if unit is not None:
            lines.append(_unit_line(state, post_id, unit))
            used.add("unit")
            border = 2
            if unit.href:
                tip = esc(f"Open the chart of {unit.target or state.title(post_id)}")
                href = f' HREF="{esc(unit.href)}" TITLE="{tip}" TARGET="_top"'
        if seat.unlawful:
            used.add("unlawful")
            border, colour = 3, UNLAWFUL_COLOUR
        if seat.gone:
            used.add("out")
        if seat.going:
            lines.append(small(esc(", ".join(seat.going)), colour=OUT_COLOUR, bold=True))
            used.add("out")
            border, colour = 3, OUT_COLOUR
        if seat.coming:
            lines.append(small(esc(", ".join(seat.coming)), colour=IN_COLOUR, bold=True))
            used.add("in")
            border, colour = 3, IN_COLOUR
        look = LOOKS[seat.look]
        cells.append(
            f'<TD PORT="{port}" BORDER="{border}" COLOR="{colour}"{_CELL_STYLE.get(seat.look, "")}'
            f' BGCOLOR="{look["fillcolor"]}" CELLPADDING="4"{href}>{"<BR/>".join(lines)}</TD>'
        )
    rows = [
        "<TR>" + "".join(cells[i : i + columns]) + "</TR>" for i in range(0, len(cells), columns)
    ]
    table = f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="6">{"".join(rows)}</TABLE>'
    return Box({"shape": "plain", "label": html_label(table)}, frozenset(used))


def _unit_line(state: State, post_id: str, unit: Unit) -> str:
    """The bold line that says what is folded into a box: "Office: 37 posts, 2 vacant"."""
    arrow = " &#9656;" if unit.href else ""
    return small(f"Office: {esc(unit.words())}{arrow}", bold=True)


def _link(href: str, tooltip: str) -> dict[str, str]:
    """Node attributes that make a box a link in SVG output (dot ignores them elsewhere)."""
    # No backslash: dot reads escapes such as \N inside attribute strings.
    return {"URL": href.replace("\\", "/"), "tooltip": tooltip.replace("\\", "/"), "target": "_top"}


# How a table cell approximates a box's line style (cells know only dashed and dotted).
_CELL_STYLE = {
    "acting": ' STYLE="dashed"',
    "duties": ' STYLE="dotted"',
    "vacant": ' STYLE="dashed"',
    "not-recorded": ' STYLE="dotted"',
}


def _title_lines(state: State, post_id: str) -> list[str]:
    post = state.posts[post_id]
    return [f"<B>{esc(line)}</B>" for line in textwrap.wrap(post.title, TITLE_WIDTH) or [post.id]]


def _seat(
    state: State,
    post_id: str,
    highlight: Highlight,
    previous: State | None,
    legal: Legal | None = None,
) -> _Seat:
    """Title, holder, capacity and since-date, what the law says of it, side facts, and the
    words for what changed."""
    lines = ["<BR/>".join(_title_lines(state, post_id))]
    unlawful = False
    status = state.status(post_id)
    if status is PostStatus.HELD:
        tenure = state.holdings[post_id]
        look = _capacity_look(tenure.capacity)
        lines.append(esc(state.name(tenure.person)))
        when = ""
        if tenure.start:
            when = f", since {tenure.start.isoformat()}"
        elif tenure.since_note:
            when = f", since {tenure.since_note}"
        lines.append(small(esc(capacity_words(tenure.capacity) + when)))
        if tenure.assumed:
            lines.append(_wrapped("assumed: by operation of law; not reported", colour=MUTED))
    elif status is PostStatus.VACANT:
        vacancy = state.vacancies[post_id]
        look = "vacant"
        lines.append("<B>VACANT</B>")
        lines.append(small(esc(f"since {vacancy.since.isoformat()} ({vacancy.reason})")))
    else:
        look = "not-recorded"
        lines.append(f'<I><FONT COLOR="{MUTED}">holder not recorded</FONT></I>')
    judged = legal.standing(post_id) if legal is not None else None
    if judged is not None:
        unlawful = judged.status is Lawfulness.UNLAWFUL
        lines.extend(_legal_lines(state, judged))
    if legal is not None:
        lines.extend(_void_lines(state, legal, post_id))
    lines.extend(_side_lines(state, post_id))
    was = list(_was_lines(state, previous, post_id, highlight)) if previous is not None else []
    lines.extend(was)
    going, coming = _tags(state, post_id, highlight)
    if previous is not None:
        # On a change chart the struck-through name already says who left.
        going = [tag for tag in going if tag != "LEAVING"]
    return _Seat(look, tuple(lines), tuple(going), tuple(coming), unlawful, gone=bool(was))


def seat_key(
    state: State,
    post_id: str,
    highlight: Highlight,
    previous: State | None,
    legal: Legal | None = None,
) -> tuple[tuple[object, ...], tuple[object, ...]]:
    """What `_seat` reads for one post, as a hashable key, and the records it names.

    Records are named by identity: replay shares a record between the states that did not
    change it, so consecutive charts give an unchanged post the same key. The key holds their
    ids; the caller keeps the returned records alive while it uses the key, so no id is reused.
    Keep in step with `_seat`: a test checks that equal keys give equal boxes."""
    post = state.posts[post_id]
    tenure = state.holdings.get(post_id)
    vacancy = state.vacancies.get(post_id)
    delegation = state.delegations.get(post_id)
    nominations = state.nominations.get(post_id)
    standing = legal.standing(post_id) if legal is not None else None
    records: tuple[object, ...] = (post, tenure, vacancy, delegation, nominations, standing)
    names = (
        state.name(tenure.person) if tenure is not None else None,
        state.name(delegation.person) if delegation is not None else None,
        tuple(state.name(n.person) for n in nominations) if nominations else (),
        state.name(standing.lawful) if standing is not None else None,
    )
    void = 0
    if legal is not None and tenure is not None:
        void = void_counts(legal).get((post_id, tenure.person), 0)
    marks = tuple(post_id in marked for marked in _marks(highlight))
    was: tuple[object, ...] | None = None
    if previous is not None:
        was = ()
        h = highlight
        if post_id in h.leaving | h.arrived | h.capacity | h.vacated:
            old = previous.holdings.get(post_id)
            records += (old,)
            was = (
                post_id in previous.posts,
                id(old),
                post_id in previous.vacancies,
                previous.name(old.person) if old is not None else None,
            )
    key = (*(id(r) for r in records[:6]), legal is not None, names, void, marks, was)
    return key, records


def _marks(highlight: Highlight) -> tuple[frozenset[str], ...]:
    """The highlight's sets `_tags` and `_was_lines` test a post against."""
    h = highlight
    return (
        h.abolished,
        h.leaving,
        h.moving,
        h.added,
        h.arrived,
        h.capacity,
        h.vacated,
        h.moved,
        h.other,
    )


_NOTE_WIDTH = 34  # characters per line of what the law says under a holder


def _wrapped(text: str, *, colour: str | None = None, bold: bool = False) -> str:
    """A small note, wrapped so that it does not widen the box past its title."""
    lines = textwrap.wrap(text, _NOTE_WIDTH) or [text]
    return "<BR/>".join(small(esc(line), colour=colour, bold=bold) for line in lines)


def _legal_lines(state: State, judged: Standing) -> Iterator[str]:
    """What the legal timeline says of the post, in a line or two."""
    if judged.status is Lawfulness.UNLAWFUL:
        first = judged.reasons[0].text if judged.reasons else "see findings"
        yield _wrapped(f"not lawful: {first}", colour=UNLAWFUL_COLOUR, bold=True)
    elif judged.status is Lawfulness.UNDETERMINED:
        missing = "; ".join(judged.missing) or "see findings"
        yield _wrapped(f"lawful? undetermined: {missing}", colour=UNLAWFUL_COLOUR)
    if judged.lawful is not None and judged.lawful != judged.holder:
        yield small(esc(f"may lawfully act: {state.name(judged.lawful)}"))
    elif judged.lawful is None and judged.determined and judged.holder is not None:
        yield small(esc("nobody may lawfully act"))


def _void_lines(state: State, legal: Legal, post_id: str) -> Iterator[str]:
    """How many of the office's acts, taken by its current holder, are void (3348(d))."""
    tenure = state.holdings.get(post_id)
    if tenure is None:
        return
    void = void_counts(legal).get((post_id, tenure.person), 0)
    if void:
        yield small(esc(f"{void} act(s) void (5 U.S.C. 3348(d))"), colour=UNLAWFUL_COLOUR)


_VOID: dict[int, tuple[object, dict[tuple[str, str], int]]] = {}
_VOID_KEPT = 8


def void_counts(legal: Legal) -> Mapping[tuple[str, str], int]:
    """How many void acts each (post, person) took on the legal timeline `legal`."""
    # Counted once per map of verdicts, not per box: scanning every act for every box made a
    # long run's charts quadratic in its events. Consecutive charts share the map.
    acts = legal.acts
    hit = _VOID.get(id(acts))
    if hit is not None and hit[0] is acts:
        return hit[1]
    counts: dict[tuple[str, str], int] = {}
    for v in acts.values():
        if v.status is ActStatus.VOID and v.post is not None and v.person is not None:
            counts[(v.post, v.person)] = counts.get((v.post, v.person), 0) + 1
    if len(_VOID) >= _VOID_KEPT:
        _VOID.pop(next(iter(_VOID)))
    _VOID[id(acts)] = (acts, counts)
    return counts


def _capacity_look(capacity: Capacity) -> str:
    if capacity is Capacity.ACTING:
        return "acting"
    if capacity is Capacity.PERFORMING_DUTIES:
        return "duties"
    return "held"


def _side_lines(state: State, post_id: str) -> Iterator[str]:
    """Delegated duties and pending nominations: facts about the post beside its holder."""
    holder = state.holdings.get(post_id)
    delegation = state.delegations.get(post_id)
    if delegation is not None and (holder is None or holder.person != delegation.person):
        yield small(esc(f"duties delegated to {state.name(delegation.person)}"))
    for nomination in state.nominations.get(post_id, ()):
        if nomination.outcome is NominationOutcome.PENDING:
            yield small(esc(f"nominee: {state.name(nomination.person)}"))


def _was_lines(state: State, previous: State, post_id: str, highlight: Highlight) -> Iterator[str]:
    """On a change chart: the holder who left, struck through, or the capacity they had."""
    touched = highlight.leaving | highlight.arrived | highlight.capacity | highlight.vacated
    if post_id not in touched or post_id not in previous.posts:
        return
    old = previous.holdings.get(post_id)
    new = state.holdings.get(post_id)
    if old is None:
        if post_id in previous.vacancies and new is not None:
            yield small("was VACANT", colour=OUT_COLOUR)
        return
    words = esc(capacity_words(old.capacity))
    if new is None or new.person != old.person:
        name = esc(previous.name(old.person))
        yield small(f"<S>{name}</S> ({words}) left", colour=OUT_COLOUR)
    elif new.capacity != old.capacity:
        yield small(f"was <S>{words}</S>", colour=OUT_COLOUR)


def _tags(state: State, post_id: str, highlight: Highlight) -> tuple[list[str], list[str]]:
    """Short words for what a change did to the post: (going, coming)."""
    going: list[str] = []
    if post_id in highlight.abolished:
        going.append("ABOLISHED")
    elif post_id in highlight.leaving:
        going.append("LEAVING")
    if post_id in highlight.moving:
        going.append("MOVING")
    coming: list[str] = []
    tenure = state.holdings.get(post_id)
    capacity = tenure.capacity if tenure else None
    if post_id in highlight.added:
        coming.append("NEW POST")
    if post_id in highlight.arrived:
        temporary = capacity is not None and capacity.is_temporary
        coming.append(f"now {capacity_words(capacity)}" if temporary else "NEW")
    if post_id in highlight.capacity and post_id not in highlight.arrived and capacity:
        coming.append(f"now {capacity_words(capacity)}")
    if post_id in highlight.vacated and tenure is None:
        coming.append("now VACANT")
    if post_id in highlight.moved:
        coming.append("MOVED")
    if post_id in highlight.other and not coming:
        coming.append("CHANGED")
    return going, coming
