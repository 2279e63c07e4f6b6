"""The learner's workspace: a writable copy of the curriculum that never loses a learner's edits.

``sync_workspace`` copies the lesson notebooks shipped with kerastutor into a
folder. A manifest there remembers the version of each lesson it copied, so a
later kerastutor can tell an untouched lesson (safe to update in place) from
one the learner edited or ran (kept as it is; the new version is written beside
it as ``NN_name.new.ipynb``).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST = ".kerastutor-manifest.json"
NEW_SUFFIX = ".new.ipynb"


def curriculum_dir() -> Path:
    """Where the lessons ship: inside the installed package, or the source checkout's ``notebooks/``."""
    packaged = Path(__file__).with_name("curriculum")
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parent.parent / "notebooks"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError("kerastutor's lesson notebooks are missing from this installation; "
                            "reinstall it with  pip install --force-reinstall kerastutor")


def lessons(source: Path) -> list[Path]:
    """The lesson notebooks in ``source`` (``NN_name.ipynb``), in order."""
    return sorted(path for path in source.glob("[0-9][0-9]_*.ipynb") if not path.name.endswith(NEW_SUFFIX))


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass
class SyncReport:
    """What ``sync_workspace`` did, lesson by lesson."""

    workspace: Path
    copied: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # edited by the learner, no newer version shipped
    new_versions: list[tuple[str, str]] = field(default_factory=list)  # (learner's copy, new one beside it)

    def __str__(self) -> str:
        lines = []
        if self.copied:
            lines.append(f"Copied {len(self.copied)} lesson notebooks into {self.workspace}.")
        if self.updated:
            names = ", ".join(self.updated)
            lines.append(f"Updated {len(self.updated)} lessons you had not changed: {names}.")
        for yours, new in self.new_versions:
            lines.append(f"Kept your copy of {yours}; a newer version of that lesson is beside it: {new}.")
        if not lines:
            lines.append(f"Your workspace {self.workspace} is up to date.")
        return "\n".join(lines)


def sync_workspace(workspace: Path, source: Path | None = None) -> SyncReport:
    """Copy or update the curriculum into ``workspace``; a lesson the learner changed is never overwritten."""
    workspace = Path(workspace)
    source = Path(source) if source is not None else curriculum_dir()
    if workspace.exists() and not workspace.is_dir():
        raise NotADirectoryError(f"{workspace} is a file; choose a folder for the lessons with --dir.")
    workspace.mkdir(parents=True, exist_ok=True)
    manifest_path = workspace / MANIFEST
    try:
        recorded: dict[str, str] = json.loads(manifest_path.read_text())
    except (FileNotFoundError, ValueError):
        recorded = {}
    report = SyncReport(workspace)
    for lesson in lessons(source):
        shipped, target = _digest(lesson), workspace / lesson.name
        if not target.exists():
            shutil.copyfile(lesson, target)
            report.copied.append(lesson.name)
        elif (current := _digest(target)) == shipped:
            report.unchanged.append(lesson.name)
        elif current == recorded.get(lesson.name):  # untouched since we copied it: safe to update
            shutil.copyfile(lesson, target)
            report.updated.append(lesson.name)
        else:  # the learner's own work: keep it; offer a newer lesson beside it
            if recorded.get(lesson.name) != shipped:
                beside = target.with_name(lesson.stem + NEW_SUFFIX)
                shutil.copyfile(lesson, beside)
                report.new_versions.append((lesson.name, beside.name))
            else:
                report.kept.append(lesson.name)
            continue  # the manifest keeps the version the learner's copy started from
        recorded[lesson.name] = shipped
    with tempfile.NamedTemporaryFile("w", dir=workspace, delete=False, suffix=".tmp") as handle:
        json.dump(recorded, handle, indent=1, sort_keys=True)
    os.replace(handle.name, manifest_path)
    return report
