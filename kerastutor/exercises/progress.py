"""The learner's progress: one small JSON file, read, changed and written under a lock, never losing a result.

Where: ``$KERASTUTOR_HOME/progress.json``, else ``~/.kerastutor/progress.json``.

Every change happens under a cross-process lock, with the file read again under
that lock, and is written atomically: two kernels checking exercises at the same
time both keep their results. A damaged file (not JSON, or of the wrong shape) is
never overwritten: the next check moves it aside under a name no earlier backup
has, carries over every result that could still be read, and says so in one line.
Reading alone (``kt.progress()``) never changes the file; it shows what can be read
and says what is wrong.

An entry is ``{"best", "last"}`` (the best and the latest outcome) plus, since the progress
export, ``attempts`` (checks recorded), ``hints`` (hints shown), and the UTC times (ISO 8601)
``started`` (first check or hint), ``solved`` (first correct check) and ``checked`` (latest
check). Entries written before then hold ``best`` and ``last`` only and still read; their
missing counts and times are never guessed into the file.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from .. import _arguments, _files
from .._text import shown_path

RANK = {"not attempted": 0, "incorrect": 1, "correct": 2}
WHAT = "your progress file"
REMEDY = "It was not changed; your next check keeps it aside as a .damaged copy and starts a new one."
DAMAGED_TAG = "damaged"
MAX_BYTES = 5_000_000  # a progress file of 58 exercises is about 5 kB
NAME_CHARACTERS = 200
COUNTS = {"attempts": "number of checks", "hints": "number of hints"}
TIMES = {"started": "start time", "solved": "solving time", "checked": "latest check time"}
LARGEST_COUNT = 1_000_000_000
TIME_CHARACTERS = 40

Entry = dict[str, object]
Results = dict[str, dict[str, Entry]]


class ProgressNotSaved(_files.FileProblem):
    """The progress file could not be written; the message says where and why."""


@dataclass(frozen=True)
class Snapshot:
    """What the progress file holds: the results that could be read, and what is wrong with it."""

    data: Results
    problem: str | None = None
    damaged: bool = False  # the file is there but (part of) it does not fit: move it aside before writing


def progress_path() -> Path:
    """The progress file's location (``KERASTUTOR_HOME`` when set and not blank)."""
    home = os.environ.get("KERASTUTOR_HOME", "").strip()
    return Path(home or os.path.join(os.path.expanduser("~"), ".kerastutor")) / "progress.json"


def sanitize(data: object) -> tuple[Results, list[str]]:
    """The entries of ``data`` that fit ``{lesson: {exercise: {"best": outcome, "last": outcome, ...}}}``,
    and a short description of each part that does not (dropped, or repaired: an unknown "last" becomes
    "best"; a count or time that is not one is left out)."""
    if not isinstance(data, dict):
        return {}, [f"it holds a {type(data).__name__} instead of lessons"]
    clean: Results = {}
    dropped: list[str] = []
    for lesson, exercises in data.items():
        if not isinstance(exercises, dict):
            dropped.append(f"lesson {_arguments.shorten(lesson, 40)}")
            continue
        for exercise, entry in exercises.items():
            where = f"{_arguments.shorten(lesson, 40)} {_arguments.shorten(exercise, 40)}"
            kept, repaired = _entry(entry)
            if kept is None:
                dropped.append(where)
                continue
            if repaired:
                dropped.append(f"the {', '.join(repaired)} of {where}")
            clean.setdefault(lesson, {})[exercise] = kept
    return clean, dropped


def _entry(entry: object) -> tuple[Entry | None, list[str]]:
    """A valid entry and what was repaired in it (an unknown "last" replaced by its "best", a bad count
    or time left out), or None when its "best" is unusable."""
    if not isinstance(entry, dict) or not isinstance(entry.get("best"), str) or entry["best"] not in RANK:
        return None, []
    kept, repaired = dict(entry), []
    last = entry.get("last")
    if not (isinstance(last, str) and last in RANK):
        kept["last"] = entry["best"]
        repaired.append("last outcome")
    for field, words in COUNTS.items():
        if field in kept and count_of(kept[field]) is None:
            del kept[field]
            repaired.append(words)
    for field, words in TIMES.items():
        if field in kept and moment(kept[field]) is None:
            del kept[field]
            repaired.append(words)
    return kept, repaired


def count_of(value: object) -> int | None:
    """``value`` when it is a whole number of checks or hints (0 up to a billion), else None."""
    fits = isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= LARGEST_COUNT
    return value if fits else None  # type: ignore[return-value]


def moment(value: object) -> datetime | None:
    """``value`` as a time when it is an ISO 8601 text with a time zone, else None."""
    if not isinstance(value, str) or len(value) > TIME_CHARACTERS:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


def attempts_of(entry: Entry) -> int:
    """How many checks an entry records; an entry from before the counts existed had at least one."""
    recorded = count_of(entry.get("attempts"))
    if recorded is not None:
        return recorded
    return 0 if entry["best"] == "not attempted" else 1


def hints_of(entry: Entry) -> int:
    """How many hints an entry records (0 for an entry from before the counts existed)."""
    return count_of(entry.get("hints")) or 0


def utc_now() -> datetime:
    """The time now, in UTC."""
    return datetime.now(timezone.utc)


class ProgressStore:
    """Per exercise, per lesson: best and last outcome, checks, hints and times, kept in a JSON file.

    ``clock`` gives the time now (UTC); tests pass their own.
    """

    def __init__(self, path: str | os.PathLike, *, clock: Callable[[], datetime] = utc_now) -> None:
        self.path = _arguments.path("ProgressStore", "path", path)
        if not callable(clock):
            raise _arguments.refuse("ProgressStore", "clock", clock, "a function returning the time now")
        self.clock = clock

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

    def load(self) -> Results:
        """``{lesson: {exercise: {"best": ..., "last": ..., ...}}}``: the results that can be read."""
        return self.read().data

    def record(self, lesson: str, exercise: str, outcome: str) -> str | None:
        """Remember ``outcome`` (one more check); the best one so far is kept when a later check fails.

        Returns one line for the learner when the file was damaged and moved aside (else None);
        raises :class:`ProgressNotSaved` (where, why, what to do) when the result cannot be saved.
        """
        lesson, exercise = self._names("record", lesson, exercise)
        outcome = str(_arguments.choice("record", "outcome", outcome, RANK))
        return self._change(lesson, exercise, lambda entry, now: _checked(entry, outcome, now))

    def record_hint(self, lesson: str, exercise: str) -> str | None:
        """Remember that one more hint of ``exercise`` was shown; returns and raises as :meth:`record`."""
        lesson, exercise = self._names("record_hint", lesson, exercise)
        return self._change(lesson, exercise, _hinted)

    @staticmethod
    def _names(owner: str, lesson: object, exercise: object) -> tuple[str, str]:
        return (_arguments.text(owner, "lesson", lesson, limit=NAME_CHARACTERS),
                _arguments.text(owner, "exercise", exercise, limit=NAME_CHARACTERS))

    def _change(self, lesson: str, exercise: str, change: Callable[[Entry, str], None]) -> str | None:
        """Apply ``change`` to the exercise's entry under the lock; a failure becomes ProgressNotSaved."""
        try:
            self._make_folder()
            with _files.locked(self.path):
                return self._update(lesson, exercise, change)
        except ProgressNotSaved:
            raise
        except (OSError, ValueError) as error:
            raise self._not_saved(error) from None

    def _update(self, lesson: str, exercise: str, change: Callable[[Entry, str], None]) -> str | None:
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
        now = self.clock().astimezone(timezone.utc).isoformat(timespec="milliseconds")
        exercises = data.setdefault(lesson, {})
        if exercise not in exercises:  # a new entry: its counts and start time are known from here on
            exercises[exercise] = {"best": "not attempted", "last": "not attempted", "attempts": 0,
                                   "hints": 0, "started": now}
        change(exercises[exercise], now)
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


def _checked(entry: Entry, outcome: str, now: str) -> None:
    """One more check with ``outcome`` at ``now``: counted, best kept, first success timed."""
    entry["attempts"] = attempts_of(entry) + 1
    if outcome == "correct" and entry["best"] != "correct":
        entry["solved"] = now
    entry["last"], entry["checked"] = outcome, now
    if RANK[outcome] > RANK[str(entry["best"])]:
        entry["best"] = outcome


def _hinted(entry: Entry, now: str) -> None:
    """One more hint shown."""
    entry["hints"] = hints_of(entry) + 1


def _count(data: Results) -> int:
    return sum(len(exercises) for exercises in data.values())


def _listed(parts: list[str]) -> str:
    shown = ", ".join(parts[:3])
    return shown + (f" and {len(parts) - 3} more" if len(parts) > 3 else "")
