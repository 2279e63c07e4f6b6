"""Reading and writing kerastutor's files, written once.

Reading tells three failures apart, each with where the file is and what to do:
:class:`FileMissing`, :class:`FileUnreadable` (permissions, a folder where a file
should be) and :class:`FileCorrupt` (the bytes are there but do not parse). Nothing
here deletes a file. Writing is atomic (a temporary file beside the target, then
``os.replace``) and, with :func:`locked`, exclusive across processes; a damaged file
is moved aside under a name no earlier backup has.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from ._text import shown_path

LOCK_WAIT_SECONDS = 30.0


class FileProblem(OSError):
    """A kerastutor file cannot be used; the message says where it is and what to do."""


class FileMissing(FileProblem, FileNotFoundError):
    """The file does not exist."""


class FileUnreadable(FileProblem, PermissionError):
    """The file exists but cannot be read (permissions, or it is a folder)."""


class FileCorrupt(FileProblem, ValueError):
    """The file can be read but its contents are damaged or of the wrong shape."""


def read_bytes(path: str | os.PathLike, what: str) -> bytes:
    """The bytes of ``path`` (``what`` names it in messages: "your progress file"); a pipe or a device
    is refused, never opened (reading it would wait for ever)."""
    path = Path(path)
    try:
        mode = path.stat().st_mode
    except OSError:
        mode = None  # a path that cannot be looked at fails below, in words
    if mode is not None and not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        raise FileUnreadable(f"{what} cannot be read: {shown_path(path)} is not a regular file (a pipe or a "
                                 "device): reading it would never end or never answer. Move it away.")
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise FileMissing(f"{what} is missing: there is no file {shown_path(path)}.") from None
    except IsADirectoryError:
        raise FileUnreadable(f"{what} cannot be read: {shown_path(path)} is a folder, not a file.") from None
    except OSError as error:
        raise FileUnreadable(f"{what} cannot be read: {shown_path(path)} ({error.strerror or error}). "
                             "Check its permissions.") from None


def corrupt(path: str | os.PathLike, what: str, detail: str, remedy: str) -> FileCorrupt:
    """The error for a file whose contents are damaged: where, what is wrong, what to do."""
    return FileCorrupt(f"{what} at {shown_path(path)} is damaged ({detail}). {remedy}")


def read_json(path: str | os.PathLike, what: str, remedy: str,
              shape: Callable[[object], str | None] | None = None) -> object:
    """Parsed JSON from ``path``; ``shape`` returns what is wrong with the data, or None when it fits."""
    raw = read_bytes(path, what)
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise corrupt(path, what, f"not valid JSON: {str(error)[:80]}", remedy) from None
    problem = shape(data) if shape is not None else None
    if problem is not None:
        raise corrupt(path, what, problem, remedy)
    return data


def write_bytes_atomic(path: str | os.PathLike, data: bytes) -> None:
    """Write ``data`` to ``path`` so that a reader sees the old or the new file, never half of one.

    The file keeps the permissions it had, and a new one gets those of any new file (the umask), not
    the private ones of a temporary file: a class report written here is readable by whom it is shared with.
    """
    path = Path(path)
    mode = _mode_for(path)
    handle = tempfile.NamedTemporaryFile("wb", dir=path.parent, prefix=f".{path.name}.", suffix=".tmp",
                                         delete=False)
    try:
        with handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(handle.name, mode)
        os.replace(handle.name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(handle.name)
        raise


def _mode_for(path: Path) -> int:
    """The permission bits ``path`` has, or those ``open`` would give a new file under the umask."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0o022)
        os.umask(umask)
        return 0o666 & ~umask


def write_text_atomic(path: str | os.PathLike, text: str) -> None:
    """:func:`write_bytes_atomic` for text, encoded as UTF-8."""
    write_bytes_atomic(path, text.encode("utf-8"))


@contextlib.contextmanager
def locked(path: str | os.PathLike, wait: float = LOCK_WAIT_SECONDS) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (through ``path.lock`` beside it) across processes.

    Read, change and write under the lock; another process holding it is waited for, at most
    ``wait`` seconds, then :class:`FileUnreadable` says which lock file to look at.
    """
    lock_path = Path(f"{path}.lock")
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks; atomic replaces still keep every file whole
        yield
        return
    descriptor = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise FileUnreadable(f"{shown_path(path)} stayed locked by another kernel for "
                                         f"{wait:g} s ({shown_path(lock_path)}); try again.") from None
                time.sleep(0.01)
        try:
            yield
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)
    finally:
        os.close(descriptor)


def move_aside(path: str | os.PathLike, tag: str) -> Path:
    """Rename ``path`` to ``<name>.<tag>`` or, when that exists, ``<name>.<tag>-2``, ``-3``...;
    an earlier backup is never overwritten. Returns the new path."""
    path = Path(path)
    for number in range(1, 10_000):
        backup = path.with_name(f"{path.name}.{tag}" + (f"-{number}" if number > 1 else ""))
        try:
            os.link(path, backup)  # fails when the backup name is taken: never overwrites
        except FileExistsError:
            continue
        except OSError:  # file systems without hard links
            if backup.exists():
                continue
            os.replace(path, backup)
            return backup
        os.unlink(path)
        return backup
    raise FileUnreadable(f"too many backups of {shown_path(path)}; remove some of them.")
