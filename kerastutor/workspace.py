"""The learner's workspace: a writable copy of the curriculum that never loses a learner's edits.

``sync_workspace`` copies the lesson notebooks shipped with kerastutor into a
folder. A manifest there remembers the version of each file it wrote, so a later
kerastutor can tell an untouched lesson (safe to update in place) from one the
learner edited or ran (kept as it is; the new version is written beside it as
``NN_name.new.ipynb``). A ``.new.ipynb`` the learner has edited is kept too: the
next version goes to ``NN_name.new-2.ipynb`` (``-3``...), a name not taken yet.

A damaged manifest (not JSON, or of the wrong shape) is moved aside and said so;
its entries that still fit are used, and every lesson without one is treated as
the learner's own, so a bad manifest can only make the update more careful.
Every copy is atomic (a temporary file, then a rename).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from . import _arguments, _files
from ._text import shown_path

MANIFEST = ".kerastutor-manifest.json"
NEW_SUFFIX = ".new.ipynb"
_NEWER_COPY = re.compile(r"\.new(-\d+)?\.ipynb$")
_DIGEST = re.compile(r"[0-9a-f]{64}")
REINSTALL = "reinstall it with  pip install --force-reinstall kerastutor"
CHOOSE = "choose another folder with --dir"


class NotAFolder(_files.FileProblem, NotADirectoryError):
    """A file stands where the workspace folder should be."""


def curriculum_dir() -> Path:
    """Where the lessons ship: inside the installed package, or the source checkout's ``notebooks/``."""
    packaged = Path(__file__).with_name("curriculum")
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parent.parent / "notebooks"
    if checkout.is_dir():
        return checkout
    raise _files.FileMissing(f"kerastutor's lesson notebooks are missing from this installation; {REINSTALL}")


def lessons(source: str | os.PathLike) -> list[Path]:
    """The lesson notebooks in ``source`` (``NN_name.ipynb``, not the ``.new`` copies), in order."""
    source = _arguments.path("lessons", "source", source)
    return sorted(path for path in source.glob("[0-9][0-9]_*.ipynb") if not _NEWER_COPY.search(path.name))


def _digest(path: Path) -> str | None:
    """The file's SHA-256, or None when it is not a regular file or cannot be read (then it is treated as
    the learner's; a pipe is never opened, it would wait for ever)."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return None
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


@dataclass
class SyncReport:
    """What ``sync_workspace`` did, lesson by lesson."""

    workspace: Path
    copied: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # edited by the learner, no newer version shipped
    new_versions: list[tuple[str, str]] = field(default_factory=list)  # (learner's copy, new one beside it)
    kept_new: list[str] = field(default_factory=list)  # earlier .new copies the learner edited, kept
    warnings: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        lines = list(self.warnings)
        if self.copied:
            lines.append(f"Copied {len(self.copied)} lesson notebooks into {self.workspace}.")
        if self.updated:
            names = ", ".join(self.updated)
            lines.append(f"Updated {len(self.updated)} lessons you had not changed: {names}.")
        for yours, new in self.new_versions:
            lines.append(f"Kept your copy of {yours}; a newer version of that lesson is beside it: {new}.")
        if self.kept_new:
            lines.append(f"Kept your edited {', '.join(self.kept_new)}; newer versions went to new names.")
        up_to_date = lines == self.warnings  # nothing copied, updated or offered beside
        if self.kept:
            names = ", ".join(self.kept)
            lines.append(f"Kept your changes to {names}.")
        if up_to_date:
            lines.append(f"Your workspace {self.workspace} is up to date.")
        return "\n".join(lines)


def sync_workspace(workspace: str | os.PathLike, source: str | os.PathLike | None = None) -> SyncReport:
    """Copy or update the curriculum into ``workspace``; a lesson the learner changed is never overwritten.

    Raises :class:`kerastutor._files.FileProblem` (an ``OSError``) saying where and what to do when the
    lessons are missing or the workspace cannot be made or written.
    """
    workspace = _arguments.path("sync_workspace", "workspace", workspace)
    source = curriculum_dir() if source is None else _arguments.path("sync_workspace", "source", source)
    shipped_lessons = _shipped(source)
    _make_workspace(workspace)
    report = SyncReport(workspace)
    recorded = _read_manifest(workspace / MANIFEST, report)
    try:
        for lesson in shipped_lessons:
            _sync_lesson(lesson, workspace, recorded, report)
    except BaseException:  # remember what was written so far, if the folder lets us; report the first error
        with contextlib.suppress(OSError):
            _write(workspace / MANIFEST, _manifest_text(recorded))
        raise
    _write(workspace / MANIFEST, _manifest_text(recorded))
    return report


def _shipped(source: Path) -> list[Path]:
    try:
        is_folder = source.is_dir()
    except OSError:  # a name too long for the file system
        is_folder = False
    if not is_folder:
        raise _files.FileMissing(f"the lessons to copy are missing: {_where(source)} is not a folder; "
                                 f"{REINSTALL}")
    found = lessons(source)
    if not found:
        raise _files.FileMissing(f"the lessons to copy are missing: {shown_path(source)} holds no "
                                 f"NN_name.ipynb notebook; {REINSTALL}")
    return found


def _make_workspace(workspace: Path) -> None:
    try:
        if workspace.exists() and not workspace.is_dir():
            raise NotAFolder(f"{_where(workspace)} is a file; choose a folder for the lessons with --dir.")
        workspace.mkdir(parents=True, exist_ok=True)
    except NotAFolder:
        raise
    except OSError as error:
        raise _files.FileUnreadable(f"cannot make the workspace folder {_where(workspace)} "
                                    f"({error.strerror or error}); {CHOOSE}.") from None


def _read_manifest(path: Path, report: SyncReport) -> dict[str, str]:
    """The manifest's entries that fit ``{file name: sha256}``; a damaged one is moved aside and said so."""
    what = "the workspace's manifest"
    try:
        data = _files.read_json(path, what, "")
    except _files.FileMissing:
        return {}
    except _files.FileCorrupt as error:
        return _set_aside(path, {}, str(error).strip(), report)
    kept = {name: digest for name, digest in data.items()
            if isinstance(digest, str) and _DIGEST.fullmatch(digest)} if isinstance(data, dict) else {}
    if isinstance(data, dict) and len(kept) == len(data):
        return kept
    problem = f"{what} at {shown_path(path)} is damaged (entries of the wrong shape)."
    return _set_aside(path, kept, problem, report)


def _set_aside(path: Path, kept: dict[str, str], problem: str, report: SyncReport) -> dict[str, str]:
    backup = _files.move_aside(path, "damaged")
    report.warnings.append(f"{problem} It is kept as {backup.name}; every lesson it no longer vouches for "
                           "is treated as yours: kept, with any newer version written beside it.")
    return kept


def _sync_lesson(lesson: Path, workspace: Path, recorded: dict[str, str], report: SyncReport) -> None:
    """Copy, update, or keep one lesson (and offer its newer version beside the learner's copy)."""
    shipped, target = _shipped_digest(lesson), workspace / lesson.name
    if not os.path.lexists(target):
        _copy(lesson, target)
        report.copied.append(lesson.name)
    elif (current := _digest(target)) == shipped:
        report.unchanged.append(lesson.name)
    elif current is not None and current == recorded.get(lesson.name) and target.is_file():
        _copy(lesson, target)  # untouched since we copied it: safe to update
        report.updated.append(lesson.name)
    else:  # the learner's own work: keep it; offer a newer lesson beside it
        if recorded.get(lesson.name) != shipped:
            beside = _offer_beside(lesson, shipped, workspace, recorded, report)
            report.new_versions.append((lesson.name, beside))
        else:
            report.kept.append(lesson.name)
        return  # the manifest keeps the version the learner's copy started from
    recorded[lesson.name] = shipped


def _offer_beside(lesson: Path, shipped: str, workspace: Path, recorded: dict[str, str],
                  report: SyncReport) -> str:
    """Write the newer ``lesson`` as ``NN_name.new.ipynb``, or as the first ``.new-K`` name that is free or
    still holds a copy we wrote and the learner never changed; returns the name used.

    A copy the learner edited is kept; when it started from this same version, nothing more is written."""
    for number in range(1, 1000):
        name = lesson.stem + (NEW_SUFFIX if number == 1 else f".new-{number}.ipynb")
        beside = workspace / name
        exists = os.path.lexists(beside)
        current = _digest(beside) if exists else None
        if not exists or (current is not None and current == recorded.get(name) and beside.is_file()):
            _copy(lesson, beside)  # free, or our own earlier copy the learner never changed
        elif current != shipped and recorded.get(name) != shipped:  # the learner's: keep it, try another name
            if name not in report.kept_new:
                report.kept_new.append(name)
            continue
        elif current != shipped:  # the learner edited our copy of this same version: nothing newer to write
            return name
        recorded[name] = shipped
        return name
    raise _files.FileUnreadable(f"too many copies of {lesson.name} in {shown_path(workspace)}; remove some.")


def _shipped_digest(lesson: Path) -> str:
    return hashlib.sha256(_files.read_bytes(lesson, "a shipped lesson")).hexdigest()


def _copy(source: Path, target: Path) -> None:
    """Copy ``source`` to ``target`` atomically (a symbolic link at ``target`` is replaced, not followed)."""
    _write(target, _files.read_bytes(source, "a shipped lesson"))


def _write(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` atomically; a failure names the workspace and what to do."""
    try:
        _files.write_bytes_atomic(target, data)
    except OSError as error:
        where = shown_path(target.parent)
        reason = error.strerror or error
        raise _files.FileUnreadable(f"cannot write {target.name} into the workspace {where} ({reason}); "
                                    f"check its permissions or {CHOOSE}.") from None


def _where(path: Path) -> str:
    """``path`` as messages show it, cut to 200 characters."""
    shown = shown_path(path)
    return shown if len(shown) <= 200 else f"{shown[:197]}..."


def _manifest_text(recorded: dict[str, str]) -> bytes:
    return json.dumps(recorded, indent=1, sort_keys=True).encode("utf-8")
