"""One learner's exported progress (``kt.progress().export(path)``): read a file, check it, or say why not.

The format (version 1) is a UTF-8 JSON object of at most 1 MB::

    {"format": "kerastutor-progress", "version": 1, "kerastutor": "0.1.0", "learner": "ada",
     "exported": "2026-12-05T10:00:00+00:00",
     "exercises": {"01_keras_workflow": {"q1": {"outcome": "correct", "attempts": 3, "hints": 1,
                                                 "seconds": 125.0}}}}

Keys this version does not know are ignored (a later version adds keys, or raises ``version``).
Every refusal is a :class:`Rejected` whose message is one sentence saying what is wrong and what to do.
"""

from __future__ import annotations

import json
import math
import stat
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..exercises.export import FORMAT, LEARNER_CHARACTERS, MAX_BYTES, VERSION  # the writer's own limits
from ..exercises.progress import moment

VERSION_CHARACTERS = 40
OUTCOMES = ("correct", "incorrect", "not attempted")
ASK_FOR_EXPORT = "ask the learner for the file that kt.progress().export() writes"


class Rejected(ValueError):
    """A file that is not a usable progress export; the message says why and what to do."""


@dataclass(frozen=True)
class ExerciseRecord:
    """What one learner did on one exercise: best outcome, checks, hints shown, seconds (None: unknown)."""

    outcome: str
    attempts: int
    hints: int
    seconds: float | None


@dataclass(frozen=True)
class LearnerExport:
    """One export: who, when, which kerastutor, and a record per exercise touched, keyed (lesson, name)."""

    path: Path
    learner: str
    kerastutor: str
    exported: datetime
    exercises: dict[tuple[str, str], ExerciseRecord]

    @property
    def identity(self) -> str:
        """The learner's name as it is compared: spaces collapsed, case ignored ("Ada " is "ada")."""
        return " ".join(self.learner.split()).casefold()


def read_export(path: Path) -> LearnerExport:
    """The export in ``path``; :class:`Rejected` when it is not a file, too large, or not a valid export."""
    try:
        info = path.stat()
    except OSError as error:
        raise Rejected(f"it cannot be read ({error.strerror or error})") from None
    if not stat.S_ISREG(info.st_mode):
        raise Rejected("it is not a regular file")
    if info.st_size > MAX_BYTES:
        raise Rejected(f"it is {info.st_size:,} bytes, more than an export's {MAX_BYTES:,}; "
                       f"it is not a progress export: {ASK_FOR_EXPORT}")
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise Rejected(f"it cannot be read ({error.strerror or error})") from None
    return parse_export(decode_json(raw), path)


def decode_json(raw: bytes) -> object:
    """The JSON value in ``raw`` (UTF-8, a byte-order mark allowed); NaN and Infinity are refused."""
    try:
        return json.loads(raw.decode("utf-8-sig"), parse_constant=_no_constant)
    except UnicodeDecodeError:
        raise Rejected(f"it is not UTF-8 text: {ASK_FOR_EXPORT}") from None
    except (ValueError, RecursionError) as error:
        raise Rejected(f"it is not valid JSON ({str(error)[:80]}): the file is damaged or cut short; "
                       f"{ASK_FOR_EXPORT} again") from None


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not a number JSON allows")


def parse_export(data: object, path: Path) -> LearnerExport:
    """``data`` (parsed JSON) checked as an export read from ``path``."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise Rejected(_foreign(data))
    version = data.get("version")
    if version != VERSION or isinstance(version, bool):
        if isinstance(version, int) and not isinstance(version, bool) and version > VERSION:
            raise Rejected(f"it is format version {version}, written by a newer kerastutor; this one reads "
                           f"version {VERSION}: update kerastutor (pip install -U kerastutor) to collect it")
        raise Rejected(f"its format version is {_shown(version)}, not {VERSION}: the file was changed by "
                       f"hand or is damaged; {ASK_FOR_EXPORT} again")
    learner = _text(data, "learner", LEARNER_CHARACTERS)
    kerastutor = _text(data, "kerastutor", VERSION_CHARACTERS)
    exported = _moment(data.get("exported"))
    return LearnerExport(path, learner, kerastutor, exported, _exercises(data.get("exercises")))


def _foreign(data: object) -> str:
    """Why ``data`` is not an export, naming what it looks like when that can be told."""
    if isinstance(data, dict) and "nbformat" in data and "cells" in data:
        return f"it is a notebook, not a progress export: {ASK_FOR_EXPORT}"
    if isinstance(data, dict) and data and all(
            isinstance(exercises, dict) and exercises and all(isinstance(entry, dict) and "best" in entry
                                                              for entry in exercises.values())
            for exercises in data.values()):
        return (f"it is a learner's own progress.json, not an export (it has no name or times): "
                f"{ASK_FOR_EXPORT}")
    if isinstance(data, dict) and "format" in data:
        return f"its format is {_shown(data['format'])}, not {FORMAT!r}: it is not a progress export"
    what = "a JSON object" if isinstance(data, dict) else f"JSON {type(data).__name__}"
    return f"it is {what} without \"format\": {FORMAT!r}: not a progress export; {ASK_FOR_EXPORT}"


def _text(data: dict, key: str, limit: int) -> str:
    value = data.get(key)
    if (not isinstance(value, str) or not value.strip() or len(value) > limit
            or any(not character.isprintable() for character in value)):
        raise Rejected(f"its {key!r} is {_shown(value)}; it must be text of 1 to {limit} characters on one "
                       f"line: the file was changed by hand or is damaged; {ASK_FOR_EXPORT} again")
    return value


def _moment(value: object) -> datetime:
    exported = moment(value)
    if exported is None:
        raise Rejected(f"its 'exported' is {_shown(value)}; it must be a date and time with its time zone "
                       f"(2026-12-05T10:00:00+00:00): {ASK_FOR_EXPORT} again")
    return exported


def _exercises(value: object) -> dict[tuple[str, str], ExerciseRecord]:
    if not isinstance(value, dict) or not all(isinstance(lesson, dict) for lesson in value.values()):
        raise Rejected(f"its 'exercises' is not lessons of exercises ({{lesson: {{exercise: record}}}}): "
                       f"the file is damaged; {ASK_FOR_EXPORT} again")
    return {(lesson, name): _record(f"{lesson} {name}", record)
            for lesson, exercises in value.items() for name, record in exercises.items()}


def _record(where: str, record: object) -> ExerciseRecord:
    def wrong(key: str, allowed: str) -> Rejected:
        shown = _shown(record.get(key)) if isinstance(record, dict) else _shown(record)
        return Rejected(f"exercise {where}: {key} is {shown}; it must be {allowed}: the file was changed by "
                        f"hand or is damaged; {ASK_FOR_EXPORT} again")

    if not isinstance(record, dict):
        raise wrong("record", "an object with outcome, attempts, hints and seconds")
    outcome, attempts, hints, seconds = (record.get(key) for key in ("outcome", "attempts", "hints",
                                                                      "seconds"))
    if outcome not in OUTCOMES:
        raise wrong("outcome", " or ".join(repr(name) for name in OUTCOMES))
    for key, count in (("attempts", attempts), ("hints", hints)):
        if not isinstance(count, int) or isinstance(count, bool) or count < 0:
            raise wrong(key, "a whole number, 0 or more")
    if seconds is not None and (not isinstance(seconds, int | float) or isinstance(seconds, bool)
                                or not math.isfinite(seconds) or seconds < 0):
        raise wrong("seconds", "a number of seconds, 0 or more, or null")
    return ExerciseRecord(outcome, attempts, hints, None if seconds is None else float(seconds))


def _shown(value: object, limit: int = 40) -> str:
    """``value`` as JSON, cut to ``limit`` characters: what a message quotes from a file."""
    text = json.dumps(value, ensure_ascii=True)
    return text if len(text) <= limit else text[:limit - 3] + "..."
