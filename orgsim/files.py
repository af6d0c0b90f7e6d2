"""Every file orgsim reads or writes goes through here.

Reading: one path for every input (a scenario, its `include:` and `events_from:` files, an
importer's input) with the same checks: a regular file (never a pipe or a device, which could
block or never end), read no further than a size limit.

Writing: a temporary sibling, fsync, then one rename.

A failure at any point (a full disk, a read-only folder, Ctrl-C, SIGTERM) leaves the previous
file or folder as it was and reports the path the user gave with the reason. Temporary
siblings carry the writing process's id, so a later run removes those of a process that was
killed (SIGKILL cannot be cleaned up after) and leaves those of a run still going.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import functools
import os
import re
import secrets
import shutil
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

from orgsim.errors import InputError, OutputError

__all__ = [
    "atomic_file",
    "atomic_folder",
    "output_error",
    "read_input",
    "remove_stale",
    "scratch_folder",
    "write_file",
]

_READ_REASONS = {
    errno.ENOENT: "no such file",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ELOOP: "too many levels of symbolic links",
    errno.ENAMETOOLONG: "the name is too long",
    errno.ENOTDIR: "a part of the path is not a folder",
    errno.EISDIR: "it is a folder, not a file",
    errno.EIO: "input/output error",
}


def _kind(mode: int) -> str | None:
    """Why a file of this mode is not read, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "it is a folder, not a file"
    if stat.S_ISFIFO(mode):
        return "it is a pipe, not a regular file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "it is a device, not a regular file"
    return "it is not a regular file"


def read_input(path: str | os.PathLike[str], *, limit: int) -> bytes:
    """A regular file's bytes, at most `limit` of them; anything else is an InputError whose
    reason says why (a folder, a pipe or a device, a symlink loop, too large...)."""
    name = os.fspath(path)
    if "\0" in name:
        raise InputError("the path contains a NUL character")
    try:
        # O_NONBLOCK: opening a pipe must not wait for a writer; it is refused just below.
        fd = os.open(name, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    except OSError as err:
        raise InputError(_READ_REASONS.get(err.errno or 0) or err.strerror or str(err)) from None
    try:
        info = os.fstat(fd)
        why = _kind(info.st_mode)
        if why is not None:
            raise InputError(why)
        os.set_blocking(fd, True)
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as err:
        raise InputError(_READ_REASONS.get(err.errno or 0) or err.strerror or str(err)) from None
    finally:
        os.close(fd)
    if size > limit:
        raise InputError(f"file is {max(info.st_size, size):,} bytes; the limit is {limit:,}")
    return b"".join(chunks)


# A sibling's name keeps at most this much of the target's, so that it stays within the 255
# bytes a file name may have when the target's own name is long.
_KEEP = 80
_REASONS = {
    errno.ENOSPC: "no space left on the device",
    errno.EDQUOT: "disk quota exceeded",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "the file system is read-only",
    errno.ENAMETOOLONG: "the name is too long",
    errno.ENOTDIR: "a part of the path is not a folder",
    errno.EISDIR: "it is a folder",
    errno.ENOENT: "its folder does not exist",
    errno.ELOOP: "too many levels of symbolic links",
    errno.EFBIG: "the file is too large for the file system",
    errno.EIO: "input/output error",
}


def output_error(path: str | os.PathLike[str], err: OSError) -> OutputError:
    """The OSError as an OutputError naming `path` (as the user gave it) and the reason."""
    if isinstance(err, OutputError):
        return err
    reason = _REASONS.get(err.errno or 0) or err.strerror or str(err) or type(err).__name__
    return OutputError(os.fspath(path), reason)


def _stem(target: Path) -> str:
    return f".{target.name[:_KEEP]}"


def _sibling(target: Path, kind: str) -> Path:
    """A fresh name beside `target` for a temporary (`tmp`) or backup (`old`) copy."""
    return target.with_name(f"{_stem(target)}.{kind}-{os.getpid()}-{secrets.token_hex(4)}")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def remove_stale(target: Path) -> None:
    """Remove the temporary siblings of `target` that a killed run left behind; if a run was
    killed between moving the old output aside and putting the new one in place, put the old
    one back."""
    pattern = re.compile(rf"^{re.escape(_stem(target))}\.(tmp|old)-(\d+)-[0-9a-z_]+$")
    try:
        entries = list(target.parent.iterdir())
    except OSError:
        return  # nothing to clean, or the write itself will say what is wrong
    for entry in sorted(entries):
        found = pattern.match(entry.name)
        if found is None or _alive(int(found.group(2))):
            continue
        if found.group(1) == "old" and not os.path.lexists(target):
            with contextlib.suppress(OSError):
                os.rename(entry, target)
                continue
        _remove(entry)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            path.unlink()


def _fsync(path: Path, *, folder: bool = False) -> None:
    fd = os.open(path, os.O_RDONLY | (os.O_DIRECTORY if folder else 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sync_tree(root: Path) -> None:
    """Flush every file and folder under `root` to the disk, so a crash after the rename
    cannot leave a report whose files are empty."""
    # One syncfs of the file system holding `root` flushes every file under it at once: an
    # fsync per file cost 1.4 ms each, minutes for a report of a hundred thousand charts.
    if _syncfs(root):
        return
    for folder, _, files in os.walk(root):
        for name in files:
            _fsync(Path(folder, name))
        _fsync(Path(folder), folder=True)


def _syncfs(root: Path) -> bool:
    """Flush the whole file system holding `root` (Linux's syncfs); False where there is no
    syncfs, so the caller fsyncs each file. A failure (a full disk) is an OSError."""
    function = getattr(_libc(), "syncfs", None)
    if function is None:
        return False
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    try:
        if function(fd) != 0:
            code = ctypes.get_errno()
            raise OSError(code, os.strerror(code))
        return True
    finally:
        os.close(fd)


@functools.cache
def _libc() -> object:
    """The C library, where ctypes can load it (None elsewhere)."""
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name, use_errno=True) if name else None
    except OSError:
        return None


def _prepare(target: Path) -> None:
    """Make the folder that will hold `target` and clear away what killed runs left there."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError:  # a file where a folder of the path should be
        raise OSError(errno.ENOTDIR, os.strerror(errno.ENOTDIR)) from None
    remove_stale(target)


@contextlib.contextmanager
def atomic_file(target: str | os.PathLike[str]) -> Iterator[Path]:
    """A temporary path beside `target` to write; when the block ends without an error the
    file is flushed to disk and renamed over `target`, else removed. OSErrors become
    OutputErrors naming `target`."""
    given = os.fspath(target)
    path = Path(os.path.realpath(given))  # through a symlink, as `>` in a shell writes
    tmp: Path | None = None
    try:
        if path.is_dir():
            raise OutputError(given, _REASONS[errno.EISDIR])
        _prepare(path)
        tmp = _sibling(path, "tmp")
        yield tmp
        if not tmp.is_file():
            raise OutputError(given, "nothing was written")
        with contextlib.suppress(OSError):
            tmp.chmod(path.stat().st_mode & 0o7777)  # keep an existing file's permissions
        _fsync(tmp)
        os.replace(tmp, path)
        tmp = None
        _fsync(path.parent, folder=True)
    except OSError as err:
        raise output_error(given, err) from None
    finally:
        if tmp is not None:
            _remove(tmp)


def write_file(target: str | os.PathLike[str], data: bytes | str) -> Path:
    """Write `data` (text as UTF-8) to `target` atomically; return the path written."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    with atomic_file(target) as tmp:
        with open(tmp, "xb") as handle:
            handle.write(raw)
    return Path(target)


@contextlib.contextmanager
def scratch_folder(target: str | os.PathLike[str]) -> Iterator[Path]:
    """A temporary folder beside `target` for work on its way there (charts being drawn),
    removed when the block ends, or by a later run if this one is killed. OSErrors become
    OutputErrors naming `target`."""
    given = os.fspath(target)
    path = Path(os.path.abspath(given))
    tmp: Path | None = None
    try:
        _prepare(path)
        tmp = _sibling(path, "tmp")
        tmp.mkdir()
        yield tmp
    except OSError as err:
        raise output_error(given, err) from None
    finally:
        if tmp is not None:
            _remove(tmp)


@contextlib.contextmanager
def atomic_folder(
    target: str | os.PathLike[str], *, check: Callable[[Path], None] | None = None
) -> Iterator[Path]:
    """A temporary folder beside `target` to fill; when the block ends without an error it
    takes `target`'s place (the old folder is removed only after the swap), else it is
    removed. `check(target)` runs first and may refuse. OSErrors become OutputErrors."""
    given = os.fspath(target)
    path = Path(os.path.abspath(given))
    tmp: Path | None = None
    try:
        _prepare(path)
        if check is not None:
            check(path)
        tmp = _sibling(path, "tmp")
        tmp.mkdir()
        yield tmp
        _sync_tree(tmp)
        _swap(tmp, path)
        tmp = None
        _fsync(path.parent, folder=True)
    except OSError as err:
        raise output_error(given, err) from None
    finally:
        if tmp is not None:
            _remove(tmp)


def _swap(new: Path, target: Path) -> None:
    """Put `new` where `target` is, keeping the old `target` until the swap has succeeded."""
    if not os.path.lexists(target):
        os.rename(new, target)
        return
    backup = _sibling(target, "old")
    os.rename(target, backup)
    try:
        os.rename(new, target)
    except BaseException:
        os.rename(backup, target)
        raise
    _remove(backup)
