"""Where each value and key of a JSON text stands: one pass of a regular expression, no parse.

`json` reads a file fast but forgets where things were; the YAML loader remembers but reads
JSON about a hundred times slower and in far more memory. The position map finds the line and
column of every value and mapping key of a JSON text by scanning its tokens (strings, brackets,
scalars) with one compiled pattern, keeping a stack of the open containers rather than
recursing, and gives the same marks the YAML loader gives on the same text.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right

from orgsim.errors import Mark, ScenarioError

__all__ = ["JSON_BREAKS", "LINE_FEEDS", "JsonPositions", "json_positions"]

Path = tuple[str | int, ...]

# A string (a key when a colon follows it), an opening or closing bracket, or a scalar (a number,
# true, false, null). Commas, colons and white space between tokens are skipped by the search.
_TOKEN = re.compile(
    r'"[^"\\]*(?:\\.[^"\\]*)*"(?:[ \t\r\n]*:)?|[{\[]|[}\]]|[^\s,:\[\]{}"]+', re.DOTALL
)
# What YAML counts as a line break (so marks equal the YAML loader's), and what JSON Lines do.
JSON_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
LINE_FEEDS = re.compile("\n")


class JsonPositions:
    """The offsets of each value and key of a JSON text, by path; lines and columns on demand."""

    def __init__(self, text: str, *, breaks: re.Pattern[str] = JSON_BREAKS) -> None:
        self.text = text
        self.breaks = breaks
        self.values: dict[Path, int] = {}
        self.keys: dict[Path, int] = {}
        self._starts: list[int] | None = None

    def place(self, offset: int) -> tuple[int, int]:
        """The 1-based line and column (in characters) of an offset into the text."""
        if self._starts is None:
            self._starts = [0, *(m.end() for m in self.breaks.finditer(self.text))]
        line = bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1

    def mark(self, file: str, offset: int, *, line: int = 0) -> Mark:
        """The mark of an offset; `line` is added to the line (for a text inside a file)."""
        row, col = self.place(offset)
        return Mark(file, row + line, col)

    def marks(self, file: str, *, line: int = 0) -> tuple[dict[Path, Mark], dict[Path, Mark]]:
        """Every value's and every key's mark, by path."""
        if self._starts is None:
            self._starts = [0, *(m.end() for m in self.breaks.finditer(self.text))]
        starts = self._starts

        def table(offsets: dict[Path, int]) -> dict[Path, Mark]:
            out: dict[Path, Mark] = {}
            for path, offset in offsets.items():
                row = bisect_right(starts, offset)
                out[path] = Mark(file, row + line, offset - starts[row - 1] + 1)
            return out

        return table(self.values), table(self.keys)


def json_positions(
    text: str,
    file: str,
    *,
    max_depth: int | None = None,
    max_values: int | None = None,
    unique_keys: bool = False,
    breaks: re.Pattern[str] = JSON_BREAKS,
    line: int = 0,
) -> JsonPositions:
    """The position of every value and key of JSON text, by the same paths as `Marks`.

    The text should be JSON that `json` has read (or read up to a point past the first problem
    asked about). Asked to, it raises a located ScenarioError at the first value nested deeper
    than `max_depth`, the first value past `max_values` and the first repeated key, in the
    order they stand in the text, and stops there.
    """
    found = JsonPositions(text, breaks=breaks)
    values, keys = found.values, found.keys
    too_deep = max_depth if max_depth is not None else -1
    allowed = max_values if max_values is not None else -1
    count = 0
    # The open containers, innermost last, each as (path, is a mapping, next index, key path);
    # `here` is the innermost one's, split out because it changes at every token.
    stack: list[tuple[Path, bool, int, Path | None]] = []
    path: Path = ()
    in_map = False
    index = 0
    key_path: Path | None = None  # before the first value: the root's path is ()
    for m in _TOKEN.finditer(text):
        token = m.group()
        first = token[0]
        if first == '"' and token[-1] == ":":
            raw = token[: token.rindex('"') + 1]
            key = raw[1:-1] if "\\" not in raw else json.loads(raw)
            key_path = (*path, key)
            if unique_keys and key_path in keys:
                raise ScenarioError(
                    f"duplicate key `{key}`", found.mark(file, m.start(), line=line)
                )
            keys[key_path] = m.start()
            continue
        if first == "}" or first == "]":
            if not stack:
                break  # past the end of what `json` read: nothing more to place
            path, in_map, index, key_path = stack.pop()
            continue
        if in_map:
            here = key_path
        elif key_path is None:
            here = ()  # the root
            key_path = ()
        else:
            here = (*path, index)
            index += 1
        assert here is not None
        if len(stack) == too_deep + 1 and too_deep >= 0:
            raise ScenarioError(
                f"nesting deeper than {max_depth} levels", found.mark(file, m.start(), line=line)
            )
        count += 1
        if count == allowed + 1 and allowed >= 0:
            raise ScenarioError(
                f"document too large: more than {max_values:,} values (the limit)",
                found.mark(file, m.start(), line=line),
            )
        values[here] = m.start()
        if first == "{" or first == "[":
            stack.append((path, in_map, index, key_path))
            path, in_map, index = here, first == "{", 0
    return found
