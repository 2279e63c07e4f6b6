"""A memory limit per learner, enforced by the Linux kernel: one memory cgroup per learner's server.

A learner's server (and every kernel it starts) runs inside its own cgroup whose
limit is like Binder's 2 GB: when a kernel goes over it, the kernel's out-of-memory
killer stops a process of that learner (the biggest: the kernel), never the hub or
another learner. cgroup v2 (``memory.max``, the unified hierarchy of systemd
machines) and cgroup v1 (``memory.limit_in_bytes``, older hosts and containers) are
both handled. Creating cgroups needs root (or a delegated subtree); where that is
not possible, :func:`probe` says why in one sentence and the limit is not enforced.
"""

from __future__ import annotations

import os
import signal
import time
from dataclasses import dataclass
from pathlib import Path

CGROUP_ROOT = Path("/sys/fs/cgroup")
FOLDER_NAME = "kerastutor-classroom"


@dataclass(frozen=True)
class Hierarchy:
    """Where learners' cgroups go (``base``) and the file that holds a cgroup's memory limit."""

    base: Path
    limit_file: str  # "memory.max" (v2) or "memory.limit_in_bytes" (v1)


def _own_cgroup(version: str, proc_cgroup: str) -> str:
    """This process's cgroup path in the v2 (``"0::/path"``) or v1 memory (``"N:memory:/path"``) lines."""
    for line in proc_cgroup.splitlines():
        number, controllers, path = (line.split(":", 2) + ["", ""])[:3]
        if version == "v2" and number == "0" and controllers == "":
            return path
        if version == "v1" and "memory" in controllers.split(","):
            return path
    return "/"


def find_hierarchy(root: Path = CGROUP_ROOT) -> Hierarchy | None:
    """The memory cgroup hierarchy of this machine, or None when it has none.

    v2: a folder at the top of the unified hierarchy (the top is exempt from the rule that a cgroup
    with processes cannot hand out controllers). v1: a folder inside this process's own memory cgroup.
    """
    proc_cgroup = Path("/proc/self/cgroup").read_text() if Path("/proc/self/cgroup").exists() else ""
    if "memory" in _read(root / "cgroup.controllers").split():
        return Hierarchy(root / FOLDER_NAME, "memory.max")
    if (root / "memory" / "memory.limit_in_bytes").exists():
        own = _own_cgroup("v1", proc_cgroup).strip("/")
        return Hierarchy(root / "memory" / own / FOLDER_NAME, "memory.limit_in_bytes")
    return None


def _read(path: Path) -> str:
    try:
        return path.read_text()
    except OSError:
        return ""


def probe(hierarchy: Hierarchy | None) -> str | None:
    """None when learners' memory limits can be enforced here, else one sentence saying why not."""
    if hierarchy is None:
        return "this machine has no memory cgroup (no /sys/fs/cgroup memory controller)"
    try:
        _prepare_base(hierarchy)
    except OSError as error:
        return (f"cannot create memory cgroups in {hierarchy.base} ({error.strerror or error}); "
                "run the hub as root, or use SystemdSpawner")
    return None


def _prepare_base(hierarchy: Hierarchy) -> None:
    hierarchy.base.mkdir(exist_ok=True)
    if hierarchy.limit_file == "memory.max":  # v2: hand the memory controller down to learners' cgroups
        top = hierarchy.base.parent / "cgroup.subtree_control"
        if "memory" not in _read(top).split():
            top.write_text("+memory")
        (hierarchy.base / "cgroup.subtree_control").write_text("+memory")


def learner_cgroup(hierarchy: Hierarchy, name: str, limit_bytes: int) -> Path:
    """Create (or reuse) the cgroup ``name`` (one learner's server) with a memory limit of ``limit_bytes``."""
    if limit_bytes <= 0:
        raise ValueError(f"the memory limit must be a positive number of bytes, not {limit_bytes}")
    _prepare_base(hierarchy)
    folder = learner_folder(hierarchy, name)
    folder.mkdir(exist_ok=True)
    (folder / hierarchy.limit_file).write_text(str(limit_bytes))
    return folder


def learner_folder(hierarchy: Hierarchy, name: str) -> Path:
    """Where the cgroup ``name`` is (one folder name, whatever characters the name holds)."""
    safe = "".join(c if c.isalnum() or c in "-_." else f"_{ord(c):x}" for c in name).lstrip(".") or "_"
    return hierarchy.base / safe


def join(folder: Path) -> None:
    """Move the calling process into the cgroup ``folder`` (its children then start in it too)."""
    (folder / "cgroup.procs").write_text(str(os.getpid()))


def members(folder: Path) -> list[int]:
    """The process ids in the cgroup ``folder`` (empty when it is gone)."""
    return [int(pid) for pid in _read(folder / "cgroup.procs").split()]


def out_of_memory_kills(folder: Path) -> int:
    """How many times the cgroup's limit was hit (v1 ``memory.failcnt``) or a process killed (v2)."""
    events = _read(folder / "memory.events")
    for line in events.splitlines():
        if line.startswith("oom_kill "):
            return int(line.split()[1])
    failures = _read(folder / "memory.failcnt").strip()
    return int(failures) if failures.isdigit() else 0


def empty_and_remove(folder: Path, grace_seconds: float = 5.0) -> list[int]:
    """Kill what is left in the cgroup (a kernel its server left behind) and remove it; returns the
    process ids that had to be killed."""
    killed = members(folder)
    for pid in killed:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    deadline = time.monotonic() + grace_seconds
    while members(folder) and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        folder.rmdir()
    except OSError:
        pass  # still busy (a process stuck in the kernel): left for the next start to reuse
    return killed
