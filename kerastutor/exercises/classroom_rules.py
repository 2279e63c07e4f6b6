"""The teacher's classroom setting: hide solutions and cap hints during a graded session.

Where it is read from, at every ``solution()`` and ``hint()`` (a teacher may add it during a session):
the environment variable ``KERASTUTOR_CLASSROOM`` holding a JSON object (a hub sets it), else a file
``kerastutor-classroom.json`` in the working folder or a folder above it, up to the home folder (or
the file system's root when the working folder is outside home). No setting: solutions shown, no cap.

Keys: ``"solutions"`` (true/false, default true), ``"max_hints"`` (a whole number >= 0, or null for no
cap; the default), ``"session"`` (a short text naming the session, default "this graded session").

A setting that cannot be read (not JSON, not an object, a key of the wrong type, an unknown key, which
may be a typo of "solutions") is treated as the strictest one: solutions and hints hidden, and the
learner is told which setting could not be read and why. Showing solutions because a teacher's file
has a typo in it would defeat the session; a hidden hint is easily put back by fixing the file.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .._text import shown_path

ENVIRONMENT = "KERASTUTOR_CLASSROOM"
FILE_NAME = "kerastutor-classroom.json"
DEFAULT_SESSION = "this graded session"
SESSION_CHARACTERS = 100
MAX_BYTES = 64_000
KEYS = ("solutions", "max_hints", "session")


@dataclass(frozen=True)
class ClassroomRules:
    """What the setting allows, where it came from (None: no setting) and what is wrong with it."""

    solutions: bool = True
    max_hints: int | None = None
    session: str = DEFAULT_SESSION
    source: str | None = None
    problem: str | None = None

    def solution_hidden(self) -> str | None:
        """The one sentence a learner reads instead of the solution, or None when it is shown."""
        if self.problem is not None:
            return f"The solution is hidden because {self._unreadable()}"
        if self.solutions:
            return None
        return (f"The solution is hidden during {self.session} (set by your teacher); your checks still "
                "tell you what is wrong.")

    def hint_refused(self, shown: int) -> str | None:
        """The one sentence a learner reads instead of a hint after ``shown`` hints of one exercise, or
        None when one more hint is allowed."""
        if self.problem is not None:
            return f"No hint is shown because {self._unreadable()}"
        if self.max_hints is None or shown < self.max_hints:
            return None
        if self.max_hints == 0:
            return f"Hints are turned off during {self.session} (set by your teacher)."
        allowed = f"{self.max_hints} hint{'' if self.max_hints == 1 else 's'}"
        return (f"You have used the {allowed} per exercise allowed during {self.session} "
                "(set by your teacher).")

    def _unreadable(self) -> str:
        return f"the classroom setting in {self.source} could not be read ({self.problem}); ask your teacher."


def current(environ: Mapping[str, str] | None = None,
            folder: str | os.PathLike | None = None) -> ClassroomRules:
    """The setting in force now: from ``environ`` (``os.environ``), else a file found from ``folder``
    (the working folder) upwards; the defaults when there is none."""
    environ = os.environ if environ is None else environ
    text = environ.get(ENVIRONMENT, "")
    if text.strip():
        return parse(text, f"the environment variable {ENVIRONMENT}")
    try:
        path = find_file(Path.cwd() if folder is None else Path(folder))
    except (OSError, RuntimeError):  # the working folder was deleted, or there is no home folder
        path = None
    if path is None:
        return ClassroomRules()
    where = shown_path(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            return _strict(where, f"larger than {MAX_BYTES:,} bytes")
        return parse(path.read_bytes().decode("utf-8"), where)
    except UnicodeDecodeError:
        return _strict(where, "not UTF-8 text")
    except OSError as error:
        return _strict(where, error.strerror or str(error))


def find_file(folder: Path) -> Path | None:
    """``kerastutor-classroom.json`` in ``folder`` or the nearest folder above it holding one, looking no
    higher than the home folder when ``folder`` is inside it."""
    folder = folder.absolute()
    home = Path.home().absolute()  # raises RuntimeError when there is no home folder at all
    for candidate in (folder, *folder.parents):
        path = candidate / FILE_NAME
        if os.path.lexists(path):
            return path
        if candidate == home:
            return None
    return None


def parse(text: str, source: str) -> ClassroomRules:
    """The rules in ``text`` (a JSON object); anything else gives the strictest rules and says why."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as error:
        return _strict(source, f"not valid JSON: {str(error)[:80]}")
    if not isinstance(data, dict):
        return _strict(source, f"it holds a {type(data).__name__} instead of an object with keys "
                               f"{', '.join(KEYS)}")
    unknown = sorted(str(key) for key in data if key not in KEYS)
    if unknown:
        return _strict(source, f"unknown key {unknown[0][:40]!r}; the keys are {', '.join(KEYS)}")
    solutions = data.get("solutions", True)
    if not isinstance(solutions, bool):
        return _strict(source, '"solutions" must be true or false')
    max_hints = data.get("max_hints")
    whole = isinstance(max_hints, int) and not isinstance(max_hints, bool)
    if max_hints is not None and not (whole and max_hints >= 0):
        return _strict(source, '"max_hints" must be a whole number of 0 or more, or null')
    session = data.get("session", DEFAULT_SESSION)
    if not isinstance(session, str) or not session.strip() or len(session) > SESSION_CHARACTERS:
        return _strict(source, f'"session" must be a text of 1 to {SESSION_CHARACTERS} characters')
    return ClassroomRules(solutions, max_hints, " ".join(session.split()), source)


def _strict(source: str, problem: str) -> ClassroomRules:
    """The strictest rules (no solution, no hint), remembering where the setting was and what is wrong."""
    return ClassroomRules(False, 0, DEFAULT_SESSION, source, problem)
