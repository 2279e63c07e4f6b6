"""The one place that knows the network may be missing: a quick probe, and a bound on stalls.

Keras downloads datasets and weights with ``urlretrieve``, which has no timeout: in
a classroom behind a firewall it can wait for minutes. kerastutor probes the host
first and bounds every socket operation while Keras downloads.
"""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Iterator

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


@contextlib.contextmanager
def stall_timeout(seconds: float) -> Iterator[None]:
    """Within the block, a socket that waits this long raises instead of hanging."""
    previous = socket.getdefaulttimeout()
    socket.setdefaulttimeout(seconds)
    try:
        yield
    finally:
        socket.setdefaulttimeout(previous)
