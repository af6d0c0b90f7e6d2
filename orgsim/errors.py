"""The one family of errors orgsim raises; the CLI turns them into one-line messages."""

from __future__ import annotations

from collections.abc import Sequence

from attrs import frozen

__all__ = [
    "EventError",
    "ExecutableNotFound",
    "InputError",
    "Mark",
    "OrgsimError",
    "OutputError",
    "QueryError",
    "RenderError",
    "RenderTimeout",
    "ScenarioError",
    "ScenarioErrors",
    "Terminated",
    "UnknownId",
    "UnknownPerson",
    "UnknownPost",
    "one_line",
]


def one_line(text: str) -> str:
    """The text with line breaks and other control characters written as escapes, so that a
    message quoting a file's own text stays one line on the terminal and in logs."""
    if text.isprintable():
        return text
    return "".join(
        ch if ch.isprintable() or ch == " " else ch.encode("unicode_escape").decode("ascii")
        for ch in text
    )


@frozen
class Mark:
    """A place in an input file: 1-based line and column, as editors count them."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


class OrgsimError(Exception):
    """Root of every error orgsim raises on purpose."""


class ScenarioError(OrgsimError, ValueError):
    """One problem in a scenario file, located when the place is known."""

    def __init__(self, message: str, mark: Mark | None = None) -> None:
        message = one_line(message)
        super().__init__(message)
        self.message = message
        self.mark = mark

    def __str__(self) -> str:
        return f"{self.mark}: {self.message}" if self.mark else self.message


class ScenarioErrors(OrgsimError, ValueError):
    """Every problem found in one pass over a scenario."""

    def __init__(self, errors: list[ScenarioError]) -> None:
        # In file order, as a reader goes through the file; unlocated ones last.
        errors = sorted(
            errors,
            key=lambda e: (0, e.mark.file, e.mark.line, e.mark.column) if e.mark else (1, "", 0, 0),
        )
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors


class EventError(OrgsimError, ValueError):
    """An event that cannot happen in the state it meets (e.g. resigning a post not held)."""

    def __init__(self, message: str, *, index: int | None = None, field: str | None = None) -> None:
        message = one_line(message)
        super().__init__(message)
        self.message = message
        self.index = index
        self.field = field


class QueryError(OrgsimError, ValueError):
    """A question the history cannot answer, e.g. about a date before the scenario begins."""

    def __init__(self, message: str) -> None:
        super().__init__(one_line(message))


class UnknownId(OrgsimError, KeyError):
    """An id (or a title or name) that names nothing of its kind. A KeyError, so code that
    looks ids up in a dict still catches it; `suggestions` are the ids it may have meant."""

    kind = "id"

    def __init__(self, text: str, message: str, *, suggestions: Sequence[str] = ()) -> None:
        message = one_line(message)
        super().__init__(message)
        self.id = text
        self.message = message
        self.suggestions = tuple(suggestions)

    def __str__(self) -> str:
        # KeyError's own str() is the repr of its argument, quotes and all.
        return self.message


class UnknownPost(UnknownId):
    """No post has this id (or title) on the date asked about."""

    kind = "post"


class UnknownPerson(UnknownId):
    """No person has this id (or name)."""

    kind = "person"


class RenderError(OrgsimError, RuntimeError):
    """Graphviz failed on a chart."""


class RenderTimeout(RenderError):
    """`dot` ran out of time on a chart: which chart (`name`) and the limit (`seconds`)."""

    def __init__(self, message: str, *, name: str, seconds: float | None) -> None:
        super().__init__(one_line(message))
        self.name = name
        self.seconds = seconds


class ExecutableNotFound(RenderError, FileNotFoundError):
    """The Graphviz `dot` program is not installed."""

    def __init__(self) -> None:
        super().__init__(
            "Graphviz `dot` not found: install it (Debian/Ubuntu: sudo apt-get install graphviz;"
            " macOS: brew install graphviz) and make sure it is on PATH"
        )


class OutputError(OrgsimError, OSError):
    """An output file or folder could not be written; names the path the user gave and why."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(one_line(f"{path}: cannot write: {reason}"))
        self.path = path
        self.reason = reason

    def __str__(self) -> str:
        return str(self.args[0])


class Terminated(KeyboardInterrupt):
    """The process was asked to stop (SIGTERM); cleans up on the way out as Ctrl-C does."""


class InputError(OrgsimError, ValueError):
    """An input file that cannot be read at all (missing, a folder or a device, too large);
    the reader turns it into a located error at whatever named the file."""

    def __init__(self, reason: str) -> None:
        super().__init__(one_line(reason))
        self.reason = one_line(reason)
