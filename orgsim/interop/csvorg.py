"""Org charts from spreadsheets, as HR systems and charting tools export them.

Each row is a post and the person in it. Columns are recognised by their usual names (Employee
ID, Name, Job Title, Manager ID, Reports To, Manager, Supervisor, Department, Grade, ...) or
mapped by the caller (`columns={"Boss": "manager"}`); columns nobody uses are ignored with a
note. A manager may be named by id or by name; the top of the tree has an empty manager, its
own id or a marker such as "none". A placeholder name (Vacant, N/D, TBC...) is a vacancy; a
post id on two rows with two people is a job share (two seats). Departments become
organisations. Comma, semicolon, tab or bar delimited; UTF-8 (with or without BOM), UTF-16 or
cp1252.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from attrs import frozen

from orgsim.errors import Mark, ScenarioError, ScenarioErrors
from orgsim.interop.reading import ORIGIN, Imported, slug, take_origins
from orgsim.model import Appointment, Capacity

__all__ = ["FIELDS", "SYNONYMS", "csv_to_scenario", "decode_csv"]

# What a column can mean, and the header names that mean it (compared lower-case, with
# punctuation and spacing folded).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "id": (
        "id",
        "employee id",
        "employee number",
        "employee no",
        "emp id",
        "staff id",
        "staff number",
        "person id",
        "position id",
        "position number",
        "post id",
        "user id",
        "unique identifier",
        "worker id",
    ),
    "name": ("name", "full name", "employee name", "employee", "person", "holder", "display name"),
    "first_name": ("first name", "given name", "forename"),
    "last_name": ("last name", "surname", "family name"),
    "title": (
        "title",
        "job title",
        "position",
        "position title",
        "role",
        "job",
        "designation",
        "post",
        "job role",
    ),
    "reports_to": (
        "reports to",
        "reports to id",
        "manager id",
        "supervisor id",
        "parent",
        "parent id",
        "reportsto",
        "manager employee id",
        "line manager id",
        "reports to employee id",
        "boss id",
    ),
    "manager": (
        "manager",
        "manager name",
        "supervisor",
        "supervisor name",
        "line manager",
        "reports to name",
        "boss",
        "direct manager",
    ),
    "organisation": (
        "department",
        "organisation",
        "organization",
        "unit",
        "division",
        "team",
        "dept",
        "business unit",
        "org unit",
        "directorate",
    ),
    "dotted_to": ("refs", "dotted line", "dotted line manager id", "matrix manager id"),
    "grade": ("grade", "pay grade", "band", "salary grade", "pay band"),
    "capacity": ("capacity",),
    "since": ("since", "start date", "in post since", "date in post"),
    "ignore": (),
}
FIELDS = tuple(SYNONYMS)
_FOLD = re.compile(r"[^a-z0-9]+")
_LOOKUP = {_FOLD.sub(" ", s).strip(): f for f, names in SYNONYMS.items() for s in names}
# Names that say the post has nobody in it.
_PLACEHOLDERS = frozenset(
    {
        "vacant",
        "vacancy",
        "n d",
        "nd",
        "eliminated",
        "tbc",
        "tbd",
        "tba",
        "to be confirmed",
        "to be announced",
        "to be determined",
        "open",
        "open position",
        "position vacant",
        "unfilled",
        "recruiting",
        "vacant post",
        "vacant position",
        "empty",
    }
)
# Values in a manager column that mark the top of the tree.
_TOP = frozenset({"", "none", "n a", "na", "null", "nil", "top", "root", "board", "no manager"})
_APPOINTMENT = {
    Capacity.CONFIRMED: Appointment.PAS,
    Capacity.ELECTED: Appointment.ELECTED,
}


def _fold(text: str) -> str:
    return _FOLD.sub(" ", text.lower()).strip()


def decode_csv(raw: bytes, name: str) -> tuple[str, str]:
    """The file's text and the encoding it was read in: UTF-8 (a BOM is dropped), UTF-16
    with a BOM, else cp1252 (what Excel on Windows writes). A file that starts with a UTF-16
    byte order mark but is not UTF-16 is a ScenarioErrors located in `name`."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError as err:
            good = raw[: err.start - err.start % 2].decode("utf-16", errors="replace")
            line, column = good.count("\n") + 1, len(good) - good.rfind("\n")
            why = f"not UTF-16 text, though it starts with UTF-16's byte order mark: {err.reason}"
            raise ScenarioErrors([ScenarioError(why, Mark(name, line, column))]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; latin-1 reads any byte, so nothing is refused.
        try:
            return raw.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            return raw.decode("latin-1"), "latin-1"
    if text.startswith("\ufeff"):
        return text[1:], "UTF-8 with BOM"
    return text, "UTF-8"


@frozen
class _Row:
    line: int
    cells: list[str]


class _Sheet:
    """The rows of the file, with the line and column of every field."""

    def __init__(self, text: str, name: str, delimiter: str) -> None:
        self.name = name
        self.delimiter = delimiter
        self.lines = text.splitlines()
        self.errors: list[ScenarioError] = []
        self.notes: list[str] = []

    def _columns(self, line: str) -> list[int]:
        starts, quoted = [1], False
        for i, ch in enumerate(line):
            if ch == '"':
                quoted = not quoted
            elif ch == self.delimiter and not quoted:
                starts.append(i + 2)
        return starts

    def mark(self, line: int, field: int = 0) -> Mark:
        """Where field number `field` of line `line` starts."""
        cols = self._columns(self.lines[line - 1]) if 0 < line <= len(self.lines) else [1]
        return Mark(self.name, line, cols[field] if field < len(cols) else cols[-1])

    def fail(self, message: str, line: int, field: int = 0) -> None:
        """A located error."""
        self.errors.append(ScenarioError(message, self.mark(line, field)))

    def note(self, message: str, line: int, field: int = 0) -> None:
        """A located note (printed; nothing stops)."""
        self.notes.append(f"{self.mark(line, field)}: {message}")


def _delimiter(lines: list[str]) -> str:
    """The delimiter of the header line: the candidate it has most of (outside quotes)."""
    header = lines[0] if lines else ""
    best, count = ",", 0
    for d in (",", ";", "\t", "|"):
        n = len(re.sub(r'"[^"]*"', "", header).split(d)) - 1
        if n > count:
            best, count = d, n
    return best


def _skip_comments(text: str) -> tuple[str, int]:
    """draw.io's CSV starts with `#` lines (settings and comments): skip them, keeping the
    line count so that marks stay right."""
    lines = text.split("\n")
    n = 0
    while n < len(lines) and (lines[n].startswith("#") or not lines[n].strip()):
        n += 1
    return "\n".join(lines[n:]), n


def _header_map(
    sheet: _Sheet, header: list[str], line: int, columns: Mapping[str, str]
) -> dict[str, int]:
    """Field -> column index, from the caller's mapping first, then the usual names."""
    wanted = {_fold(k): v for k, v in columns.items()}
    col: dict[str, int] = {}
    ignored: list[str] = []
    for i, raw in enumerate(header):
        key = _fold(raw)
        field = wanted.pop(key, None) or _LOOKUP.get(key)
        if field is None or field == "ignore":
            if raw.strip() and field is None:
                ignored.append(raw.strip())
            continue
        if field in col:
            sheet.fail(f"two columns mean `{field}`: `{header[col[field]]}` and `{raw}`", line, i)
            continue
        col[field] = i
    for key in wanted:
        sheet.fail(f"the column mapping names `{key}`, which is not in the header", line)
    if ignored:
        sheet.notes.append(f"{sheet.name}:{line}:1: columns not used: {', '.join(ignored)}")
    if not {"name", "first_name", "last_name", "title"} & set(col):
        known = ", ".join(n for n in ("Name", "Job Title", "Employee ID", "Manager ID"))
        sheet.fail(
            f"no column for the person's name or the post's title (usual names: {known};"
            " or map a column to one)",
            line,
        )
    return col


def csv_to_scenario(
    text: str,
    name: str,
    *,
    date: dt.date | None = None,
    title: str | None = None,
    columns: Mapping[str, str] | None = None,
    default_date: dt.date | None = None,
) -> Imported:
    """The CSV as the plain data of a scenario file, with notes (columns not used, what was
    read as a vacancy or a job share) and the row each item comes from; every bad row is a
    located error.

    The scenario's date is `date`, else the latest `since`, else `default_date`; with none
    of them it is an error. `columns` maps header names to fields (see FIELDS).
    """
    for field in (columns or {}).values():
        if field not in FIELDS:
            raise ScenarioErrors(
                [
                    ScenarioError(
                        f"the column mapping names an unknown field `{field}` (one of"
                        f" {', '.join(FIELDS)})"
                    )
                ]
            )
    body, skipped = _skip_comments(text)
    sheet = _Sheet(text, name, _delimiter(body.splitlines()))
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=sheet.delimiter)
    records: list[_Row] = []
    start = skipped + 1
    try:
        for record in reader:
            records.append(_Row(start, record))
            start = skipped + reader.line_num + 1
    except csv.Error as err:
        raise ScenarioErrors(
            [ScenarioError(f"CSV: {err}", Mark(name, skipped + reader.line_num, 1))]
        ) from None
    if not records:
        raise ScenarioErrors([ScenarioError("the file is empty", Mark(name, 1, 1))])
    header = records[0]
    col = _header_map(sheet, header.cells, header.line, columns or {})
    if sheet.errors:
        raise ScenarioErrors(sheet.errors)
    data = _Build(sheet, col, len(header.cells), title, name).rows(records[1:])
    latest = data.pop("latest")
    day = date or latest
    if day is None and default_date is not None:
        day = default_date
        sheet.notes.append(
            f"{name}: no date in the file: the scenario describes {day.isoformat()};"
            " give the import a date to choose the day"
        )
    if day is None and not sheet.errors:
        sheet.fail("no date: give the import a date, or fill a `since` column", header.line)
    if sheet.errors:
        raise ScenarioErrors(sheet.errors)
    data = {"title": title or f"Imported from {name}", "date": day, **data}
    return Imported(data, sheet.notes, take_origins(data))


class _Build:
    """The rows as posts, people and holders."""

    def __init__(
        self, sheet: _Sheet, col: dict[str, int], width: int, title: str | None, name: str
    ) -> None:
        self.sheet = sheet
        self.col = col
        self.width = width
        self.default_org = slug(title or name.rsplit("/", 1)[-1].rsplit(".", 1)[0])
        self.default_org_name = title or self.default_org

    def cell(self, row: _Row, field: str) -> str:
        i = self.col.get(field)
        return row.cells[i].strip() if i is not None and i < len(row.cells) else ""

    def person_name(self, row: _Row) -> str:
        full = self.cell(row, "name")
        if full:
            return full
        return " ".join(p for p in (self.cell(row, "first_name"), self.cell(row, "last_name")) if p)

    def rows(self, records: list[_Row]) -> dict[str, Any]:
        s = self.sheet
        rows = [r for r in records if any(c.strip() for c in r.cells)]
        for r in rows:
            if len(r.cells) != self.width:
                s.fail(f"{len(r.cells)} fields, but the header has {self.width}", r.line)
        rows = [r for r in rows if len(r.cells) == self.width]
        ids = self._ids(rows)
        by_post: dict[str, list[_Row]] = defaultdict(list)
        for r in rows:
            by_post[ids[r.line]].append(r)
        names = defaultdict(set)
        for r in rows:
            named = self.person_name(r)
            if named and _fold(named) not in _PLACEHOLDERS:
                names[_fold(named)].add(ids[r.line])
        posts, people, holders = [], [], []
        orgs: dict[str, str] = {}
        parent: dict[str, tuple[str, int]] = {}
        person_ids: set[str] = set()
        latest: dt.date | None = None
        for post_id, group in by_post.items():
            first = group[0]
            post_title = self.cell(first, "title") or self.person_name(first) or post_id
            org_name = self.cell(first, "organisation")
            org_id = slug(org_name) if org_name else self.default_org
            orgs.setdefault(org_id, org_name or self.default_org_name)
            boss = self._manager(first, post_id, ids, names)
            if boss is not None:
                parent[post_id] = (boss, first.line)
            seats = self._seats(post_id, group)
            for seat_id, r in seats:
                capacity, since = self._capacity(r), self._since(r)
                if since is not None:
                    latest = max(latest, since) if latest else since
                here = s.mark(r.line)
                post: dict[str, Any] = {
                    ORIGIN: here,
                    "id": seat_id,
                    "title": post_title,
                    "organization": org_id,
                }
                if boss is not None:
                    post["reports_to"] = boss
                dotted = self._dotted(r, ids)
                if dotted:
                    post["dotted_to"] = dotted
                if len(seats) > 1:
                    post["group"] = post_title
                if capacity in _APPOINTMENT:
                    post["appointment"] = str(_APPOINTMENT[capacity])
                posts.append(post)
                person_name = self.person_name(r)
                if not person_name or _fold(person_name) in _PLACEHOLDERS:
                    holders.append({ORIGIN: here, "post": seat_id, "vacant": True})
                    if person_name:
                        s.note(
                            f"`{person_name}` read as a vacancy", r.line, self.col.get("name", 0)
                        )
                    continue
                person_id = base = slug(person_name)
                n = 2
                while person_id in person_ids:
                    person_id, n = f"{base}-{n}", n + 1
                person_ids.add(person_id)
                person: dict[str, Any] = {ORIGIN: here, "id": person_id, "name": person_name}
                grade = self.cell(r, "grade")
                if grade:
                    person["grade"] = grade
                people.append(person)
                holder: dict[str, Any] = {ORIGIN: here, "post": seat_id, "person": person_id}
                if capacity is not None:
                    holder["capacity"] = str(capacity)
                if since is not None:
                    holder["since"] = since
                holders.append(holder)
        _cycles(s, parent, self.col.get("reports_to", self.col.get("manager", 0)))
        return {
            "organizations": [{"id": k, "name": v} for k, v in sorted(orgs.items())],
            "posts": posts,
            "people": people,
            "holders": holders,
            "latest": latest,
        }

    def _ids(self, rows: list[_Row]) -> dict[int, str]:
        """Each row's post id: its id column, else one made from its title or name."""
        out: dict[int, str] = {}
        made: set[str] = set()
        for r in rows:
            given = self.cell(r, "id")
            if given:
                out[r.line] = given
                continue
            if "id" in self.col:
                self.sheet.fail("empty id", r.line, self.col["id"])
            named = self.person_name(r)
            if _fold(named) in _PLACEHOLDERS:
                named = ""
            base = slug(named or self.cell(r, "title") or f"row-{r.line}")
            pid, n = base, 2
            while pid in made:
                pid, n = f"{base}-{n}", n + 1
            made.add(pid)
            out[r.line] = pid
        return out

    def _seats(self, post_id: str, group: list[_Row]) -> list[tuple[str, _Row]]:
        """One row, one seat; a post on several rows is a job share, if the rows agree."""
        if len(group) == 1:
            return [(post_id, group[0])]
        first = group[0]
        out = [(post_id, first)]
        people = {_fold(self.person_name(first))}
        for k, r in enumerate(group[1:], 2):
            who = _fold(self.person_name(r))
            if self.cell(r, "title") != self.cell(first, "title"):
                self.sheet.fail(
                    f"id `{post_id}` again (first on line {first.line}) with another title",
                    r.line,
                    self.col.get("id", 0),
                )
            elif who in people and who not in _PLACEHOLDERS:
                self.sheet.fail(
                    f"duplicate id `{post_id}` (first on line {first.line})",
                    r.line,
                    self.col.get("id", 0),
                )
            else:
                self.sheet.note(
                    f"`{post_id}` on line {first.line} too: a job share, seat {k}",
                    r.line,
                    self.col.get("id", 0),
                )
            people.add(who)
            out.append((f"{post_id}-{k}", r))
        return out

    def _manager(
        self, row: _Row, post_id: str, ids: dict[int, str], names: dict[str, set[str]]
    ) -> str | None:
        """The post this row's post reports to, by id or by name; None at the top."""
        for field in ("reports_to", "manager"):
            value = self.cell(row, field)
            if not value:
                continue
            i = self.col[field]
            known = set(ids.values())
            if value in known:
                return None if value == post_id else value
            if _fold(value) == _fold(self.person_name(row)) or _fold(value) in _TOP:
                return None  # the top marks itself, or says it has no manager
            match = names.get(_fold(value), set())
            if len(match) == 1:
                (boss,) = match
                return None if boss == post_id else boss
            if len(match) > 1:
                lines = sorted(r for r, p in ids.items() if p in match)
                self.sheet.fail(
                    f"manager `{value}` is ambiguous: more than one person has that name"
                    f" (lines {', '.join(map(str, lines))}); use ids",
                    row.line,
                    i,
                )
            else:
                self.sheet.fail(f"unknown {field} `{value}`: no such id or name", row.line, i)
            return None
        return None

    def _dotted(self, row: _Row, ids: dict[int, str]) -> list[str]:
        """Dotted-line (matrix) links: ids separated by commas or semicolons."""
        raw = self.cell(row, "dotted_to")
        known = set(ids.values())
        out = []
        for ref in (x.strip() for x in re.split(r"[,;]", raw)):
            if not ref:
                continue
            if ref in known:
                out.append(ref)
            else:
                self.sheet.fail(f"unknown dotted-line id `{ref}`", row.line, self.col["dotted_to"])
        return out

    def _capacity(self, row: _Row) -> Capacity | None:
        raw = self.cell(row, "capacity")
        if not raw:
            return None
        try:
            return Capacity(raw.lower())
        except ValueError:
            allowed = ", ".join(str(c) for c in Capacity)
            self.sheet.fail(
                f"unknown capacity `{raw}` (one of {allowed})", row.line, self.col["capacity"]
            )
            return None

    def _since(self, row: _Row) -> dt.date | None:
        raw = self.cell(row, "since")
        if not raw:
            return None
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            self.sheet.fail(f"bad date `{raw}`: expected YYYY-MM-DD", row.line, self.col["since"])
            return None


def _cycles(sheet: _Sheet, parent: dict[str, tuple[str, int]], field: int) -> None:
    reported: set[str] = set()
    done: set[str] = set()
    for start in sorted(parent, key=lambda p: parent[p][1]):
        path: list[str] = []
        node: str | None = start
        while node is not None and node in parent and node not in path and node not in done:
            path.append(node)
            node = parent[node][0]
        done.update(path)
        if node is not None and node in path and node not in reported:
            cycle = path[path.index(node) :]
            reported.update(cycle)
            last = max(cycle, key=lambda p: parent[p][1])
            sheet.fail(
                "reports_to forms a cycle: " + " -> ".join([*cycle, node]), parent[last][1], field
            )
