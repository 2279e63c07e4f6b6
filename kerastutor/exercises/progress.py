"""The learner's progress: one small JSON file, read, changed and written under a lock, never losing a result.

Where: ``$KERASTUTOR_HOME/progress.json``, else ``~/.kerastutor/progress.json``.

Every change happens under a cross-process lock, with the file read again under
that lock, and is written atomically: two kernels checking exercises at the same
time both keep their results. A damaged file (not JSON, or of the wrong shape) is
never overwritten: the next check moves it aside under a name no earlier backup
has, carries over every result that could still be read, and says so in one line.
Reading alone (``kt.progress()``) never changes the file; it shows what can be read
and says what is wrong.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from .. import _arguments, _files
from .._text import shown_path

RANK = {"not attempted": 0, "incorrect": 1, "correct": 2}
WHAT = "your progress file"
REMEDY = "It was not changed; your next check keeps it aside as a .damaged copy and starts a new one."
DAMAGED_TAG = "damaged"
MAX_BYTES = 5_000_000  # a progress file of 58 exercises is about 5 kB
NAME_CHARACTERS = 200


class ProgressNotSaved(_files.FileProblem):
    """The progress file could not be written; the message says where and why."""


@dataclass(frozen=True)
class Snapshot:
    """What the progress file holds: the results that could be read, and what is wrong with it."""

    data: dict[str, dict[str, dict[str, str]]]
    problem: str | None = None
    damaged: bool = False  # the file is there but (part of) it does not fit: move it aside before writing


def progress_path() -> Path:
    """The progress file's location (``KERASTUTOR_HOME`` when set and not blank)."""
    home = os.environ.get("KERASTUTOR_HOME", "").strip()
    return Path(home or os.path.join(os.path.expanduser("~"), ".kerastutor")) / "progress.json"


def sanitize(data: object) -> tuple[dict[str, dict[str, dict[str, str]]], list[str]]:
    """The entries of ``data`` that fit ``{lesson: {exercise: {"best": outcome, "last": outcome}}}``,
    and a short description of each part that does not (dropped, or repaired: an unknown "last" becomes
    "best")."""
    if not isinstance(data, dict):
        return {}, [f"it holds a {type(data).__name__} instead of lessons"]
    clean: dict[str, dict[str, dict[str, str]]] = {}
    dropped: list[str] = []
    for lesson, exercises in data.items():
        if not isinstance(exercises, dict):
            dropped.append(f"lesson {_arguments.shorten(lesson, 40)}")
            continue
        for exercise, entry in exercises.items():
            kept = _entry(entry)
            if kept is None:
                dropped.append(f"{_arguments.shorten(lesson, 40)} {_arguments.shorten(exercise, 40)}")
                continue
            if kept != entry:
                dropped.append(f"the last outcome of {_arguments.shorten(lesson, 40)} "
                               f"{_arguments.shorten(exercise, 40)}")
            clean.setdefault(lesson, {})[exercise] = kept
    return clean, dropped


def _entry(entry: object) -> dict[str, str] | None:
    """A valid entry (its unknown "last" replaced by its "best"), or None when its "best" is unusable."""
    if not isinstance(entry, dict) or not isinstance(entry.get("best"), str) or entry["best"] not in RANK:
        return None
    last = entry.get("last")
    return {**entry, "last": last if isinstance(last, str) and last in RANK else entry["best"]}


class ProgressStore:
    """Best and last outcome per exercise, per lesson, kept in a JSON file."""

    def __init__(self, path: str | os.PathLike) -> None:
        self.path = _arguments.path("ProgressStore", "path", path)

    @classmethod
    def default(cls) -> ProgressStore:
        """The store at ``progress_path()``."""
        return cls(progress_path())

    def read(self) -> Snapshot:
        """The results that can be read, and what is wrong with the file; never raises, never changes it."""
        if (folder := self._folder_problem()) is not None:
            return Snapshot({}, f"{WHAT} cannot be read: {folder}")
        try:
            raw = self._read_json()
        except _files.FileMissing:
            return Snapshot({})
        except _files.FileCorrupt as error:
            return Snapshot({}, str(error), damaged=True)
        except _files.FileProblem as error:
            return Snapshot({}, str(error))
        data, dropped = sanitize(raw)
        if not dropped:
            return Snapshot(data)
        where = shown_path(self.path)
        if not isinstance(raw, dict):
            return Snapshot({}, f"{WHAT} at {where} is damaged ({dropped[0]}). {REMEDY}", damaged=True)
        count = _count(data)
        problem = (f"{WHAT} at {where} is partly damaged (these entries cannot be read: {_listed(dropped)}). "
                   f"{REMEDY[:-1]} with the {count} result{'' if count == 1 else 's'} that could be read.")
        return Snapshot(data, problem, damaged=True)

    def load(self) -> dict[str, dict[str, dict[str, str]]]:
        """``{lesson: {exercise: {"best": ..., "last": ...}}}``: the results that can be read."""
        return self.read().data

    def record(self, lesson: str, exercise: str, outcome: str) -> str | None:
        """Remember ``outcome``; the best one so far is kept when a later check fails.

        Returns one line for the learner when the file was damaged and moved aside (else None);
        raises :class:`ProgressNotSaved` (where, why, what to do) when the result cannot be saved.
        """
        lesson = _arguments.text("record", "lesson", lesson, limit=NAME_CHARACTERS)
        exercise = _arguments.text("record", "exercise", exercise, limit=NAME_CHARACTERS)
        outcome = str(_arguments.choice("record", "outcome", outcome, RANK))
        try:
            self._make_folder()
            with _files.locked(self.path):
                return self._update(lesson, exercise, outcome)
        except ProgressNotSaved:
            raise
        except (OSError, ValueError) as error:
            raise self._not_saved(error) from None

    def _update(self, lesson: str, exercise: str, outcome: str) -> str | None:
        """Read again (under the lock), change, write; move a damaged file aside first."""
        snapshot = self.read()
        if snapshot.problem is not None and not snapshot.damaged:  # unreadable: leave it alone
            raise ProgressNotSaved(f"your progress could not be saved: {snapshot.problem}")
        notice = None
        if snapshot.damaged:
            backup = _files.move_aside(self.path, DAMAGED_TAG)
            count = _count(snapshot.data)
            notice = (f"kerastutor: {WHAT} {shown_path(self.path)} was damaged; it is kept as {backup.name} "
                      f"and a new one carries over the {count} result{'' if count == 1 else 's'} that could "
                      "be read.")
        data = snapshot.data
        entry = data.setdefault(lesson, {}).setdefault(exercise, {"best": outcome, "last": outcome})
        entry["last"] = outcome
        if RANK[outcome] > RANK[entry["best"]]:
            entry["best"] = outcome
        _files.write_text_atomic(self.path, json.dumps(data, indent=1, sort_keys=True))
        return notice

    def _read_json(self) -> object:
        try:
            size = self.path.stat().st_size
        except OSError:
            size = 0  # read_json says what is wrong
        if size > MAX_BYTES:
            raise _files.corrupt(self.path, WHAT, f"{size:,} bytes, far more than progress takes", REMEDY)
        return _files.read_json(self.path, WHAT, REMEDY)

    def _folder_problem(self) -> str | None:
        """What is wrong with the progress file's folder or one above it (a file in place of a folder)."""
        for folder in (self.path.parent, *self.path.parent.parents):
            if os.path.lexists(folder):
                return None if folder.is_dir() else f"{shown_path(folder)} is a file, not a folder."
        return None

    def _make_folder(self) -> None:
        if (folder := self._folder_problem()) is not None:
            raise ProgressNotSaved(f"your progress could not be saved: {folder} Set KERASTUTOR_HOME to a "
                                   "folder you can write to.")
        self.path.parent.mkdir(parents=True, exist_ok=True)

    def _not_saved(self, error: Exception) -> ProgressNotSaved:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        return ProgressNotSaved(f"your progress could not be saved in {shown_path(self.path)} ({reason}). "
                                "Set KERASTUTOR_HOME to a folder you can write to.")

    def summary(self) -> str:
        """One line per lesson: how many exercises are done (and a line first when the file is damaged)."""
        snapshot = self.read()
        lines = [snapshot.problem] if snapshot.problem else []
        for lesson in sorted(snapshot.data):
            exercises = snapshot.data[lesson]
            done = sorted(name for name, entry in exercises.items() if entry["best"] == "correct")
            lines.append(f"{lesson}: {len(done)} of {len(exercises)} done" + (f" ({', '.join(done)})"
                                                                                if done else ""))
        return "\n".join(lines) or "No exercise checked yet."


def _count(data: dict[str, dict[str, dict[str, str]]]) -> int:
    return sum(len(exercises) for exercises in data.values())


def _listed(parts: list[str]) -> str:
    shown = ", ".join(parts[:3])
    return shown + (f" and {len(parts) - 3} more" if len(parts) > 3 else "")
