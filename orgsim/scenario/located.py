"""Safe YAML loading that remembers the line and column of every key and value."""

from __future__ import annotations

import json
import re
from array import array
from typing import Any

import yaml

from orgsim.errors import Mark, ScenarioError
from orgsim.scenario.jsonmap import JSON_BREAKS, LINE_FEEDS, JsonPositions, json_positions

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_JSON_BYTES",
    "MAX_NODES",
    "MAX_STREAM_BYTES",
    "MAX_STREAM_VALUES",
    "LazyMarks",
    "Marks",
    "Path",
    "StreamMarks",
    "decode",
    "load_fast",
    "load_located",
    "measure",
    "parse_json_line",
]

Path = tuple[str | int, ...]
MAX_BYTES = 20 * 1024 * 1024
# JSON parses in linear time and has no aliases to expand: a `.json` scenario may be larger (an
# organisation of 100,000 posts is about 23 MB); its values and depth are limited as YAML's.
MAX_JSON_BYTES = 64 * 1024 * 1024
# A JSON Lines events file is read a line at a time; a million events are about 80 MB and
# 5,000,000 values.
MAX_STREAM_BYTES = 256 * 1024 * 1024
MAX_STREAM_VALUES = 10_000_000
MAX_DEPTH = 64
MAX_NODES = 2_000_000

# The C loader parses about three times faster; its marks are the same.
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"


class Marks:
    """Where each value (and each mapping key) of a loaded document stands in its file."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.values: dict[Path, Mark] = {}
        self.keys: dict[Path, Mark] = {}
        # Values that could not be read (a date like 2022-02-30): kept as their text, and
        # reported with everything else the checks find.
        self.problems: list[ScenarioError] = []
        # The events from index `first` on stand in another file (`events_from:`): (first, marks)
        self.attached: list[tuple[int, Marks]] = []

    def _own(self, path: Path, *, key: bool) -> Mark | None:
        """The mark recorded for exactly this path, if any."""
        return (self.keys if key else self.values).get(path)

    def at(self, path: Path, *, key: bool = False) -> Mark | None:
        """The mark of the value at `path`, or of the nearest enclosing value that has one."""
        if self.attached and len(path) >= 2 and path[0] == "events":
            index = path[1]
            for first, sub in reversed(self.attached):
                if isinstance(index, int) and index >= first:
                    found = sub.at((index - first, *path[2:]), key=key)
                    if found is not None:
                        return found
                    break
        mark = self._own(path, key=key)
        if mark is not None:
            return mark
        for cut in range(len(path) - 1, -1, -1):
            mark = self._own(path[:cut], key=False)
            if mark is not None:
                return mark
        return None

    def attach(self, first: int, sub: Marks) -> None:
        """Take the marks of events from index `first` on from `sub` (paths from its list)."""
        self.attached.append((first, sub))
        self.problems.extend(sub.problems)

    def everything(self) -> Marks:
        """All the marks (a lazy table finds them now)."""
        for first, sub in self.attached:
            sub = sub.everything()
            for path, mark in sub.values.items():
                if path:
                    self.values[("events", first + int(path[0]), *path[1:])] = mark
            for path, mark in sub.keys.items():
                self.keys[("events", first + int(path[0]), *path[1:])] = mark
        self.attached = []
        return self


class LazyMarks(Marks):
    """Marks found only when first asked for: a JSON file parses fast with `json`, and only
    a file with a problem pays for the position map that finds lines and columns (and only
    the marks asked for are made)."""

    def __init__(self, text: str, file: str) -> None:
        super().__init__(file)
        self._text: str | None = text
        self._found: JsonPositions | None = None

    def _positions(self) -> JsonPositions | None:
        if self._text is not None:
            text, self._text = self._text, None
            try:
                self._found = json_positions(text, self.file)
            except ScenarioError:
                # `json` accepted the file, so the map should too: point at the start of the
                # file rather than lose the real error.
                self.values.setdefault((), Mark(self.file, 1, 1))
        return self._found

    def _own(self, path: Path, *, key: bool) -> Mark | None:
        mark = super()._own(path, key=key)
        found = self._positions()
        if mark is not None or found is None:
            return mark
        offset = (found.keys if key else found.values).get(path)
        return None if offset is None else found.mark(self.file, offset)

    def everything(self) -> Marks:
        """All the marks, found now."""
        found = self._positions()
        if found is not None:
            values, keys = found.marks(self.file)
            self.values = {**values, **self.values}
            self.keys = {**keys, **self.keys}
            self._found = None
        return super().everything()


class StreamMarks(Marks):
    """The marks of a JSON Lines file's events, each line mapped only when first asked for:
    event i stands on `lines[i]`, which starts at `offsets[i]` of the text."""

    def __init__(self, text: str, file: str) -> None:
        super().__init__(file)
        self.text = text
        self.lines = array("q")
        self.offsets = array("q")
        self._mapped: set[int] = set()

    def add(self, line: int, offset: int) -> None:
        """One more event, on this line (1-based), starting at this offset of the text."""
        self.lines.append(line)
        self.offsets.append(offset)

    def _map(self, index: int) -> None:
        if index in self._mapped or not 0 <= index < len(self.lines):
            return
        self._mapped.add(index)
        start = self.offsets[index]
        end = self.text.find("\n", start)
        text = self.text[start : end if end >= 0 else len(self.text)]
        line = self.lines[index]
        self.values[(index,)] = Mark(self.file, line, 1)
        try:
            found = json_positions(text, self.file, breaks=LINE_FEEDS)
        except ScenarioError:
            return
        values, keys = found.marks(self.file, line=line - 1)
        for path, mark in values.items():
            self.values[(index, *path)] = mark
        for path, mark in keys.items():
            self.keys[(index, *path)] = mark

    def at(self, path: Path, *, key: bool = False) -> Mark | None:
        """As Marks.at, mapping the event's line the first time."""
        if path and isinstance(path[0], int):
            self._map(path[0])
        return super().at(path, key=key)

    def everything(self) -> Marks:
        """All the marks, every line mapped now."""
        for index in range(len(self.lines)):
            self._map(index)
        return super().everything()


def _mark(file: str, node: yaml.Node) -> Mark:
    return Mark(file, node.start_mark.line + 1, node.start_mark.column + 1)


class _Walker:
    """Builds the data and the marks from a composed node tree.

    A strict walker enforces the limits. A lenient one (marks for text `json` has already
    accepted) never raises: it stops recording below MAX_DEPTH, where the nearest enclosing
    mark serves, and gives up on values it cannot construct; only the marks are kept.
    """

    def __init__(self, loader: Any, marks: Marks, *, strict: bool = True) -> None:
        self.loader = loader
        self.marks = marks
        self.strict = strict
        self.count = 0

    def check_size(self, root: yaml.Node) -> None:
        """Refuse a document whose aliases expand past MAX_NODES, before expanding any.

        Sizes are counted once per distinct node, so a billion-laughs bomb of 9 levels of 9
        aliases costs about 90 steps here, not 9**9.
        """
        sizes: dict[int, int] = {}

        def size(node: yaml.Node, depth: int) -> int:
            known = sizes.get(id(node))
            if known is not None:
                return known
            if depth > MAX_DEPTH:
                # Also ends an alias that refers to itself (`&a [*a]`).
                raise ScenarioError(
                    f"nesting deeper than {MAX_DEPTH} levels", _mark(self.marks.file, node)
                )
            total = 1
            if isinstance(node, yaml.MappingNode):
                for key, value in node.value:
                    total += size(key, depth + 1) + size(value, depth + 1)
            elif isinstance(node, yaml.SequenceNode):
                for item in node.value:
                    total += size(item, depth + 1)
            if total > MAX_NODES:
                raise ScenarioError(
                    f"document too large: its aliases expand to more than {MAX_NODES:,} values"
                    " (the limit; an alias bomb?)",
                    _mark(self.marks.file, node),
                )
            sizes[id(node)] = total
            return total

        size(root, 0)

    def walk(self, node: yaml.Node, path: Path) -> Any:
        self.count += 1
        mark = _mark(self.marks.file, node)
        if len(path) > MAX_DEPTH:
            if not self.strict:
                return None
            raise ScenarioError(f"nesting deeper than {MAX_DEPTH} levels", mark)
        if self.count > MAX_NODES and self.strict:
            raise ScenarioError(
                f"document too large: more than {MAX_NODES:,} values (the limit)", mark
            )
        self.marks.values[path] = mark
        if isinstance(node, yaml.MappingNode):
            if node.tag != _MAP:
                raise ScenarioError(f"unsupported YAML tag {node.tag}", mark)
            self.loader.flatten_mapping(node)
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = self.scalar(key_node)
                if not isinstance(key, (str, int)):
                    raise ScenarioError(
                        "mapping keys must be plain text", _mark(self.marks.file, key_node)
                    )
                # As written (`true`, `0x10`), not as YAML reads it (`True`, `16`).
                key = key if isinstance(key, str) else str(key_node.value)
                if key in out:
                    raise ScenarioError(f"duplicate key `{key}`", _mark(self.marks.file, key_node))
                self.marks.keys[(*path, key)] = _mark(self.marks.file, key_node)
                out[key] = self.walk(value_node, (*path, key))
            return out
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                raise ScenarioError(f"unsupported YAML tag {node.tag}", mark)
            return [self.walk(item, (*path, i)) for i, item in enumerate(node.value)]
        return self.scalar(node)

    def scalar(self, node: yaml.Node) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            raise ScenarioError("expected a plain value here", _mark(self.marks.file, node))
        try:
            value = self.loader.construct_object(node)
        except yaml.YAMLError as err:
            if not self.strict:
                return node.value
            problem = getattr(err, "problem", None) or str(err).splitlines()[0]
            if getattr(err, "problem", None) is None:
                raise ScenarioError(problem, _mark(self.marks.file, node)) from None
            # A bad value spoils only itself: note it, go on with its text, so that every
            # other problem in the file is found in the same pass.
            self.marks.problems.append(ScenarioError(problem, _mark(self.marks.file, node)))
            return node.value
        except (ValueError, OverflowError) as err:
            if not self.strict:
                return node.value
            reason = str(err).split(";")[0]  # drop Python's advice on int_max_str_digits
            self.marks.problems.append(
                ScenarioError(
                    f"bad value `{_short(node.value)}`: {reason}", _mark(self.marks.file, node)
                )
            )
            return node.value
        if isinstance(value, str) and not value.isascii() and not _encodable(value):
            # The pure-Python loader lets "\ud800" through; no file or page could hold it.
            raise ScenarioError(
                "text with a lone surrogate escape (\\uD800-\\uDFFF) is not valid Unicode",
                _mark(self.marks.file, node),
            )
        return value


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# A \uXXXX escape in JSON text for a UTF-16 surrogate, after an even run of backslashes (an
# odd run would make the backslash itself escaped). Paired, JSON reads them as one character.
_SURROGATE = re.compile(r"(?<!\\)((?:\\\\)*)(\\u[dD][89a-fA-F][0-9a-fA-F]{2})")


def _lone_surrogate(text: str) -> int | None:
    """The offset of the first surrogate escape in JSON text that is not half of a pair."""
    found = [(m.start(2), m.group(2)) for m in _SURROGATE.finditer(text)]
    i = 0
    while i < len(found):
        start, escape = found[i]
        high = escape[3].lower() in "89ab"
        if high and i + 1 < len(found):
            nxt, low = found[i + 1]
            if nxt == start + 6 and low[3].lower() in "cdef":
                i += 2
                continue
        return start
    return None


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        raise ValueError("duplicate key")
    return out


class _Unreadable(str):
    """The text of a number Python will not read (too many digits), kept as YAML keeps it."""

    __slots__ = ()


def _int_or_text(text: str) -> int | str:
    try:
        return int(text)
    except ValueError:
        return _Unreadable(text)


def measure(value: Any) -> tuple[int, int]:
    """The nesting depth of plain data and how many values it holds, without recursion."""
    deepest, count = 0, 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        count += 1
        deepest = max(deepest, depth)
        if depth > MAX_DEPTH:
            break
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return deepest, count


def _unreadable(value: Any) -> list[tuple[Path, str]]:
    """The paths of the numbers too long to read, each replaced by its text, in file order."""
    found: list[tuple[Path, str]] = []
    stack: list[tuple[Any, Path]] = [(value, ())]
    while stack:
        item, path = stack.pop()
        pairs = item.items() if isinstance(item, dict) else enumerate(item)
        for k, v in pairs:
            if isinstance(v, _Unreadable):
                item[k] = str(v)
                found.append(((*path, k), str(v)))
            elif isinstance(v, (dict, list)):
                stack.append((v, (*path, k)))
    return found


def _refuse(text: str, file: str, *, line: int = 0) -> None:
    """Raise the located error for the first repeated key, value nested past MAX_DEPTH or
    value past MAX_NODES in JSON text (`json` has found one of them)."""
    json_positions(
        text,
        file,
        max_depth=MAX_DEPTH,
        max_values=MAX_NODES,
        unique_keys=True,
        breaks=LINE_FEEDS if line else JSON_BREAKS,
        line=line - 1 if line else 0,
    )


def _read_json(text: str, file: str, *, line: int = 0) -> tuple[Any, list[tuple[Path, str]]]:
    """JSON text as data, and the numbers in it too long to read (kept as their text); a
    located ScenarioError for a syntax error, a repeated key or nesting past MAX_DEPTH."""
    repeated: list[bool] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out = dict(items)
        if len(out) != len(items):
            repeated.append(True)
        return out

    bad: list[tuple[Path, str]] = []
    try:
        try:
            value = json.loads(text, object_pairs_hook=pairs)
        except json.JSONDecodeError:
            raise
        except ValueError:  # a number too long for Python's int: kept as text, as YAML does
            repeated.clear()
            value = json.loads(text, object_pairs_hook=pairs, parse_int=_int_or_text)
            bad = _unreadable(value)
    except json.JSONDecodeError as err:
        where = Mark(file, err.lineno + (line - 1 if line else 0), err.colno)
        raise ScenarioError(f"JSON syntax: {err.msg}", where) from None
    except RecursionError:
        # Nested deep enough to exhaust Python's stack: the map says where it passes ours.
        _refuse(text, file, line=line)
        raise ScenarioError(
            f"nesting deeper than {MAX_DEPTH} levels", Mark(file, line or 1, 1)
        ) from None
    if repeated:
        _refuse(text, file, line=line)
        raise ScenarioError("duplicate key", Mark(file, line or 1, 1))
    return value, bad


def _no_lone_surrogate(text: str, file: str, *, line: int = 0) -> None:
    """Raise a located error at the first surrogate escape that is not half of a pair."""
    if "\\u" in text:
        offset = _lone_surrogate(text)
        if offset is not None:
            where = JsonPositions(text, breaks=LINE_FEEDS if line else JSON_BREAKS)
            raise ScenarioError(
                "a lone surrogate escape (\\uD800-\\uDFFF) is not valid Unicode text",
                where.mark(file, offset, line=line - 1 if line else 0),
            )


# One decoder for every line of a JSON Lines file (json.loads with options builds one per call).
_LINE_DECODER = json.JSONDecoder(object_pairs_hook=_no_duplicates)


def _size(value: Any) -> tuple[int, int]:
    """measure() for the usual event (a mapping of plain values and lists or mappings of plain
    values), found without a stack; anything deeper goes to measure()."""
    if type(value) is not dict:
        return measure(value)
    count, depth = 1 + len(value), 1
    for v in value.values():
        kind = type(v)
        if kind is dict or kind is list:
            for w in v.values() if kind is dict else v:
                if type(w) is dict or type(w) is list:
                    return measure(value)
            count += len(v)
            depth = 2
    return depth, count


def parse_json_line(text: str, file: str, line: int) -> tuple[Any, int]:
    """One line of a JSON Lines file, with the checks a whole JSON file gets (syntax, duplicate
    keys, lone surrogates, nesting); returns the value and how many values it holds."""
    try:
        value = _LINE_DECODER.decode(text)
    except json.JSONDecodeError as err:
        raise ScenarioError(
            f"JSON syntax: {err.msg}", Mark(file, line + err.lineno - 1, err.colno)
        ) from None
    except (ValueError, RecursionError):  # a repeated key, a number too long, deep nesting
        value, bad = _read_json(text, file, line=line)
        if bad:
            path, number = bad[0]
            raise ScenarioError(
                f"bad value `{_short(number)}`: {_int_reason(number)}",
                _line_mark(text, file, line, path),
            ) from None
    _no_lone_surrogate(text, file, line=line)
    depth, count = _size(value)
    if depth > MAX_DEPTH:
        _refuse(text, file, line=line)
    return value, count


def _line_mark(text: str, file: str, line: int, path: Path) -> Mark:
    """The mark of a value on one line of a JSON Lines file."""
    found = json_positions(text, file, breaks=LINE_FEEDS)
    offset = found.values.get(path)
    return Mark(file, line, 1) if offset is None else found.mark(file, offset, line=line - 1)


def _int_reason(text: str) -> str:
    try:
        int(text)
    except ValueError as err:
        return str(err).split(";")[0]  # drop Python's advice on int_max_str_digits
    return "not a number"


def load_fast(data: bytes, file: str) -> tuple[Any, Marks]:
    """Like load_located, but a `.json` file is parsed by `json` (about 100x faster than
    YAML) and its marks are found (by a JSON position map) only if a problem needs them.

    A `.json` file must be JSON: YAML's extras (comments, trailing commas, anchors) are
    refused with the place `json` stopped at. It may be up to MAX_JSON_BYTES; its depth and
    number of values are limited as YAML's.
    """
    if not file.endswith(".json"):
        return load_located(data, file)
    text = decode(data, file, limit=MAX_JSON_BYTES)
    value, bad = _read_json(text, file)
    _no_lone_surrogate(text, file)
    depth, count = measure(value)
    if depth > MAX_DEPTH or count > MAX_NODES:
        _refuse(text, file)
        raise ScenarioError("document too large or too deep", Mark(file, 1, 1))
    marks = LazyMarks(text, file)
    for path, number in bad:
        mark = marks.at(path)
        marks.problems.append(
            ScenarioError(f"bad value `{_short(number)}`: {_int_reason(number)}", mark)
        )
    return value, marks


def decode(data: bytes, file: str, *, limit: int | None = None) -> str:
    """The bytes as text, or a located error for bytes that are not UTF-8 text (or binary, or
    over the size limit: MAX_BYTES unless given)."""
    limit = MAX_BYTES if limit is None else limit
    if len(data) > limit:
        raise ScenarioError(
            f"file is {len(data):,} bytes; the limit is {limit:,}", Mark(file, 1, 1)
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        col = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
        what = "UTF-16 text (save it as UTF-8)" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ""
        raise ScenarioError(
            f"not UTF-8 text{': ' + what if what else ''}", Mark(file, line, col)
        ) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise ScenarioError("binary data (NUL byte) in a text file", Mark(file, line, 1))
    return text.removeprefix("\ufeff")


def load_located(data: bytes, file: str) -> tuple[Any, Marks]:
    """Parse YAML (or JSON) bytes safely, returning the data and the marks of every value."""
    text = decode(data, file)
    marks = Marks(file)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise ScenarioError("the file is empty", Mark(file, 1, 1))
        walker = _Walker(loader, marks)
        walker.check_size(node)
        return walker.walk(node, ()), marks
    except yaml.reader.ReaderError as err:
        before = text[: err.position]
        line = before.count("\n") + 1
        col = err.position - (before.rfind("\n") + 1) + 1
        raise ScenarioError(
            f"character {err.character!r} is not allowed in YAML ({err.reason})",
            Mark(file, line, col),
        ) from None
    except yaml.MarkedYAMLError as err:
        where = err.problem_mark or err.context_mark
        mark = Mark(file, where.line + 1, where.column + 1) if where else Mark(file, 1, 1)
        problem = err.problem or err.context
        if problem and "nesting depth" in problem:
            # libyaml's own limit (1000 levels) is far above ours; name ours.
            raise ScenarioError(f"nesting deeper than {MAX_DEPTH} levels", mark) from None
        raise ScenarioError(f"YAML syntax: {problem}", mark) from None
    except yaml.YAMLError as err:
        first = " ".join(str(err).split())
        raise ScenarioError(f"YAML: {first}", Mark(file, 1, 1)) from None
    except RecursionError:
        raise ScenarioError(f"nesting deeper than {MAX_DEPTH} levels", Mark(file, 1, 1)) from None
    finally:
        loader.dispose()
