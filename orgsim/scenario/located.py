"""Safe YAML loading that remembers the line and column of every key and value."""

from __future__ import annotations

import json
from typing import Any

import yaml

from orgsim.errors import Mark, ScenarioError

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_NODES",
    "LazyMarks",
    "Marks",
    "Path",
    "load_fast",
    "load_located",
]

Path = tuple[str | int, ...]
MAX_BYTES = 20 * 1024 * 1024
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
            _, marks = load_located(data, self.file)
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
    def __init__(self, loader: Any, marks: Marks) -> None:
        self.loader = loader
        self.marks = marks
        self.count = 0

    def walk(self, node: yaml.Node, path: Path) -> Any:
        self.count += 1
        mark = _mark(self.marks.file, node)
        if self.count > MAX_NODES:
            raise ScenarioError(
                f"document too large: more than {MAX_NODES:,} values (an alias bomb?)", mark
            )
        if len(path) > MAX_DEPTH:
            raise ScenarioError(f"nesting deeper than {MAX_DEPTH} levels", mark)
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
                key = str(key)
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
            return self.loader.construct_object(node)
        except yaml.YAMLError as err:
            problem = getattr(err, "problem", None) or str(err).splitlines()[0]
            raise ScenarioError(problem, _mark(self.marks.file, node)) from None
        except (ValueError, OverflowError) as err:
            raise ScenarioError(f"bad value: {err}", _mark(self.marks.file, node)) from None


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        raise ValueError("duplicate key")
    return out


def load_fast(data: bytes, file: str) -> tuple[Any, Marks]:
    """Like load_located, but a `.json` file is parsed by `json` (about 100x faster than
    YAML) and its marks are found only if a problem needs them."""
    if not file.endswith(".json") or len(data) > MAX_BYTES:
        return load_located(data, file)
    try:
        value = json.loads(data.decode("utf-8"), object_pairs_hook=_no_duplicates)
    except (ValueError, RecursionError):
        # Bad JSON, bad UTF-8, a duplicate key or deep nesting: the located parse says where.
        return load_located(data, file)
    return value, LazyMarks(data, file)


def load_located(data: bytes, file: str) -> tuple[Any, Marks]:
    """Parse YAML (or JSON) bytes safely, returning the data and the marks of every value."""
    if len(data) > MAX_BYTES:
        raise ScenarioError(
            f"file is {len(data):,} bytes; the limit is {MAX_BYTES:,}", Mark(file, 1, 1)
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        col = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
        raise ScenarioError("not UTF-8 text", Mark(file, line, col)) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise ScenarioError("binary data (NUL byte) in a text file", Mark(file, line, 1))
    text = text.removeprefix("\ufeff")
    marks = Marks(file)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise ScenarioError("the file is empty", Mark(file, 1, 1))
        return _Walker(loader, marks).walk(node, ()), marks
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
        raise ScenarioError(f"YAML syntax: {err.problem or err.context}", mark) from None
    except yaml.YAMLError as err:
        first = " ".join(str(err).split())
        raise ScenarioError(f"YAML: {first}", Mark(file, 1, 1)) from None
    except RecursionError:
        raise ScenarioError(f"nesting deeper than {MAX_DEPTH} levels", Mark(file, 1, 1)) from None
    finally:
        loader.dispose()
