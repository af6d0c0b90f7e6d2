"""Safe YAML loading that remembers the line and column of every key and value."""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from orgsim.errors import Mark, ScenarioError

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_JSON_BYTES",
    "MAX_NODES",
    "LazyMarks",
    "Marks",
    "Path",
    "decode",
    "load_fast",
    "load_located",
    "measure",
    "parse_json_line",
]

Path = tuple[str | int, ...]
MAX_BYTES = 20 * 1024 * 1024
# JSON parses in linear time and has no aliases to expand, so it may be far larger.
MAX_JSON_BYTES = 1024 * 1024 * 1024
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

    def at(self, path: Path, *, key: bool = False) -> Mark | None:
        """The mark of the value at `path`, or of the nearest enclosing value that has one."""
        table = self.keys if key else self.values
        if path in table:
            return table[path]
        for cut in range(len(path) - 1, -1, -1):
            if path[:cut] in self.values:
                return self.values[path[:cut]]
        return None

    def everything(self) -> Marks:
        """All the marks (a lazy table parses for them now)."""
        return self


class LazyMarks(Marks):
    """Marks found only when first asked for: a JSON file parses fast with `json`, and only
    a file with a problem pays for the located (YAML) parse that finds lines and columns."""

    def __init__(self, data: bytes, file: str) -> None:
        super().__init__(file)
        self._data: bytes | None = data

    def _load(self) -> None:
        if self._data is not None:
            data, self._data = self._data, None
            try:
                marks = _marks_of_json(data, self.file)
            except (ScenarioError, yaml.YAMLError, RecursionError):
                # `json` accepted the file, so this is a YAML parser's quirk, not the user's
                # problem: point at the start of the file rather than lose the real error.
                marks = Marks(self.file)
                marks.values[()] = Mark(self.file, 1, 1)
            self.values.update(marks.values)
            self.keys.update(marks.keys)

    def at(self, path: Path, *, key: bool = False) -> Mark | None:
        """As Marks.at, parsing the file for its marks the first time."""
        self._load()
        return super().at(path, key=key)

    def everything(self) -> Marks:
        """All the marks, parsed now."""
        self._load()
        return self


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


def _position(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        raise ValueError("duplicate key")
    return out


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


def parse_json_line(text: str, file: str, line: int) -> tuple[Any, int]:
    """One line of a JSON Lines file, with the checks a whole JSON file gets (syntax, duplicate
    keys, lone surrogates, nesting); returns the value and how many values it holds."""
    try:
        value = json.loads(text, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as err:
        raise ScenarioError(f"JSON syntax: {err.msg}", Mark(file, line, err.colno)) from None
    except RecursionError:
        raise ScenarioError(
            f"nesting deeper than {MAX_DEPTH} levels", Mark(file, line, 1)
        ) from None
    except ValueError as err:  # a duplicate key, a number too long
        reason = str(err).split(";")[0]
        raise ScenarioError(f"bad JSON: {reason}", Mark(file, line, 1)) from None
    if "\\u" in text:
        offset = _lone_surrogate(text)
        if offset is not None:
            raise ScenarioError(
                "a lone surrogate escape (\\uD800-\\uDFFF) is not valid Unicode text",
                Mark(file, line, offset + 1),
            )
    depth, count = measure(value)
    if depth > MAX_DEPTH:
        raise ScenarioError(f"nesting deeper than {MAX_DEPTH} levels", Mark(file, line, 1))
    return value, count


def load_fast(data: bytes, file: str) -> tuple[Any, Marks]:
    """Like load_located, but a `.json` file is parsed by `json` (about 100x faster than
    YAML) and its marks are found only if a problem needs them.

    A `.json` file must be JSON: YAML's extras (comments, trailing commas, anchors) are
    refused with the place `json` stopped at.
    """
    if not file.endswith(".json") or len(data) > MAX_JSON_BYTES:
        return load_located(data, file)
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        return load_located(data, file)  # says where the first bad byte is
    if "\x00" in text:
        return load_located(data, file)  # says it is binary
    try:
        value = json.loads(text, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as err:
        raise ScenarioError(f"JSON syntax: {err.msg}", Mark(file, err.lineno, err.colno)) from None
    except (ValueError, RecursionError):
        # A duplicate key, a number too long or deep nesting: the located parse says where.
        return load_located(data, file)
    if "\\u" in text:
        offset = _lone_surrogate(text)
        if offset is not None:
            raise ScenarioError(
                "a lone surrogate escape (\\uD800-\\uDFFF) is not valid Unicode text",
                Mark(file, *_position(text, offset)),
            )
    depth, count = measure(value)
    if depth > MAX_DEPTH or count > MAX_NODES:
        # The same limits as YAML; the located parse says where they are passed.
        return load_located(data, file)
    return value, LazyMarks(data, file)


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


def _marks_of_json(data: bytes, file: str) -> Marks:
    """The marks of text `json` has accepted, by a lenient located parse."""
    text = decode(data, file)
    # libyaml refuses surrogate escapes even in pairs; any same-length escape keeps the columns.
    text = _SURROGATE.sub(lambda m: m.group(1) + "\\uFFFD", text)
    marks = Marks(file)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            _Walker(loader, marks, strict=False).walk(node, ())
    finally:
        loader.dispose()
    return marks


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
