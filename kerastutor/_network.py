"""The one place that knows the network may be missing: a quick probe, and a bound on stalls.

Keras downloads datasets and weights with ``urlretrieve``, which has no timeout: in
a classroom behind a firewall it can wait for minutes. kerastutor probes the host
first and bounds every socket operation while Keras downloads.

Keras's ``get_file`` also removes a cached file whose checksum does not match and
whose download again then fails: :func:`never_deleted` puts such a file back.
"""

from __future__ import annotations

import contextlib
import os
import socket
from collections.abc import Iterable, Iterator
from pathlib import Path

PROBE_SECONDS = 5.0
GOOGLE_STORAGE = "storage.googleapis.com"  # where Keras downloads most datasets and every applications weight


def host_reachable(host: str, timeout: float = PROBE_SECONDS) -> bool:
    """Whether an HTTPS connection to ``host`` opens within ``timeout`` seconds."""
    try:
        with socket.create_connection((host, 443), timeout=timeout):
            return True
    except OSError:
        return False


def is_download_failure(error: BaseException) -> bool:
    """Whether ``error`` is Keras's ``get_file`` failing to fetch (offline, blocked, stalled),
    as opposed to a mistake in the learner's arguments, which must surface unchanged."""
    text = str(error)
    return isinstance(error, OSError) or "URL fetch failure" in text or "timed out" in text


def keras_cache_dir(subdir: str) -> Path:
    """Where Keras's ``get_file`` keeps ``subdir`` ("datasets", "models"), found as Keras finds it:
    ``$KERAS_HOME``, else ``~/.keras`` (``/tmp/.keras`` when home, or that folder, is not writable)."""
    home = os.environ.get("KERAS_HOME")
    if not home:
        base = os.path.expanduser("~")
        home = os.path.join(base if os.access(base, os.W_OK) else "/tmp", ".keras")
    if os.path.isdir(home) and not os.access(home, os.W_OK):
        home = os.path.join("/tmp", ".keras")
    return Path(home) / subdir


@contextlib.contextmanager
def stall_timeout(seconds: float) -> Iterator[None]:
    """Within the block, a socket that waits this long raises instead of hanging."""
    previous = socket.getdefaulttimeout()
    socket.setdefaulttimeout(seconds)
    try:
        yield
    finally:
        socket.setdefaulttimeout(previous)


@contextlib.contextmanager
def never_deleted(paths: Iterable[str | os.PathLike]) -> Iterator[list[Path]]:
    """Within the block, files that Keras removes are put back afterwards (through a hard link made
    beforehand; a file Keras replaced by a fresh download stays replaced). Yields the paths that
    were removed and put back, filled in when the block ends."""
    links: dict[Path, Path] = {}
    restored: list[Path] = []
    for path in map(Path, paths):
        keep = path.with_name(f".{path.name}.kerastutor-keep")
        with contextlib.suppress(OSError):
            _recover(path, keep)
            if path.is_file():
                os.link(path, keep)
                links[path] = keep
    try:
        yield restored
    finally:
        for path, keep in links.items():
            if path.exists():
                keep.unlink()
            else:
                os.replace(keep, path)
                restored.append(path)


def _recover(path: Path, keep: Path) -> None:
    """Undo what an interrupted :func:`never_deleted` left: the file put back, or our stale link removed."""
    if keep.exists() and not path.exists():
        os.replace(keep, path)
    elif keep.exists() and os.path.samefile(keep, path):
        keep.unlink()
