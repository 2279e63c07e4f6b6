"""The progress export: a small JSON file a learner hands to the teacher (``kt.progress().export()``).

The format (version 1), read by ``kerastutor classroom collect``::

    {"format": "kerastutor-progress", "version": 1, "kerastutor": "0.1.0",
     "learner": "ada", "exported": "2026-12-05T10:00:00+00:00",
     "exercises": {"01_keras_workflow": {"q1": {"outcome": "correct", "attempts": 3, "hints": 1,
                                                "seconds": 125.0}}}}

Only exercises of the curriculum the learner touched (checked or asked a hint for) appear.
``seconds`` runs from the first check or hint to the first correct check (to the latest check while
not yet correct); it is null when unknown (results recorded before the export existed, or only
hints so far). Here: the pure parts (the learner's name, a safe file name, the content) and the
one write (atomic; it replaces only an earlier export of the same learner).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path

from .. import _arguments, _files
from .._text import shown_path
from .progress import Entry, Results, attempts_of, hints_of, moment

FORMAT = "kerastutor-progress"
VERSION = 1
MAX_BYTES = 1_000_000
LEARNER_CHARACTERS = 100
NAME_VARIABLES = ("JUPYTERHUB_USER", "KERASTUTOR_LEARNER")  # in this order: a hub's name comes first
_UNSAFE = re.compile(r"[^\w.-]+")


class ExportRefused(_files.FileProblem):
    """The export was not written; the message says which file was in the way and what to do."""


def learner_name(given: object = None, environ: Mapping[str, str] | None = None) -> str:
    """The learner's name: ``given``, else ``JUPYTERHUB_USER``, else ``KERASTUTOR_LEARNER``; a clear error
    when there is none or it is not a usable name."""
    if given is None or (isinstance(given, str) and not given.strip()):
        given = environment_name(environ)
        if not given:
            raise _arguments.BadArgument(
                "export: no learner name: pass your name, as in kt.progress().export(learner=\"ada\"), "
                "or set KERASTUTOR_LEARNER (a JupyterHub sets JUPYTERHUB_USER). Nothing was written.")
    name = " ".join(_arguments.text("export", "learner", given, limit=10**6).split())
    if len(name) > LEARNER_CHARACTERS or not name.isprintable():
        raise _arguments.refuse("export", "learner", given,
                                f"a printable name of at most {LEARNER_CHARACTERS} characters")
    return name


def environment_name(environ: Mapping[str, str] | None = None) -> str:
    """The learner's name as the environment gives it (a hub's user name first), or ""."""
    environ = os.environ if environ is None else environ
    return next((environ[name].strip() for name in NAME_VARIABLES if environ.get(name, "").strip()), "")


def file_name(learner: str) -> str:
    """``kerastutor-progress-<learner>.json``, the name reduced to letters, digits, ``.``, ``-``, ``_``."""
    safe = _UNSAFE.sub("-", learner).strip(".-") or "learner"
    return f"kerastutor-progress-{safe}.json"


def seconds_spent(entry: Entry) -> float | None:
    """Seconds from the first check or hint to the first correct check (to the latest check while not
    yet correct); None when the entry does not say."""
    started = moment(entry.get("started"))
    ended = moment(entry.get("solved" if entry["best"] == "correct" else "checked"))
    if started is None or ended is None:
        return None
    return round(max((ended - started).total_seconds(), 0.0), 3)


def exercises(recorded: Results, curriculum: Mapping[str, Iterable[str]]) -> dict[str, dict[str, dict]]:
    """The touched exercises of ``curriculum`` (``{lesson: exercise names}``), in the export's shape."""
    shown: dict[str, dict[str, dict]] = {}
    for lesson, names in curriculum.items():
        for name in names:
            entry = recorded.get(lesson, {}).get(name)
            if entry is not None:
                shown.setdefault(lesson, {})[name] = {
                    "outcome": entry["best"], "attempts": attempts_of(entry), "hints": hints_of(entry),
                    "seconds": seconds_spent(entry)}
    return shown


def build(recorded: Results, curriculum: Mapping[str, Iterable[str]], learner: str, exported: datetime,
          version: str) -> dict:
    """The whole export of ``recorded`` for ``learner`` at ``exported`` (a time with a zone)."""
    return {"format": FORMAT, "version": VERSION, "kerastutor": version, "learner": learner,
            "exported": exported.isoformat(timespec="seconds"),
            "exercises": exercises(recorded, curriculum)}


def encode(export: dict) -> bytes:
    """The export as the bytes of its file (UTF-8 JSON, at most 1 MB)."""
    data = json.dumps(export, indent=1, ensure_ascii=False).encode("utf-8")
    if len(data) > MAX_BYTES:
        raise ValueError(f"the progress export would take {len(data):,} bytes, more than {MAX_BYTES:,}; "
                         "this is a kerastutor bug: please report it.")
    return data


def target(path: object, learner: str) -> Path:
    """Where to write: ``path`` (a folder: the default name inside it), else the working folder."""
    if path is None:
        try:
            return Path.cwd() / file_name(learner)
        except OSError:
            raise ExportRefused("export: the working folder no longer exists; pass path= a folder to write "
                                "the export to. Nothing was written.") from None
    chosen = _arguments.path("export", "path", path)
    return chosen / file_name(learner) if chosen.is_dir() else chosen


def write(path: Path, data: bytes, learner: str) -> Path:
    """Write ``data`` to ``path`` whole; a file already there is replaced only when it is an earlier
    export of the same learner (anything else is refused, naming it)."""
    if os.path.lexists(path):
        owner = _exported_learner(path)
        if owner != learner:
            whose = f"the export of {owner!r}" if owner else "not a kerastutor progress export"
            raise ExportRefused(f"export: {shown_path(path)} already exists and is {whose}; it was left as "
                                "it is. Choose another path, or move that file away first.")
    if not path.parent.is_dir():
        raise ExportRefused(f"export: the folder {shown_path(path.parent)} does not exist; create it or "
                            "choose another path. Nothing was written.")
    try:
        _files.write_bytes_atomic(path, data)
    except OSError as error:
        raise ExportRefused(f"export: could not write {shown_path(path)} ({error.strerror or error}); "
                            "choose a folder you can write to.") from None
    return path


def _exported_learner(path: Path) -> str | None:
    """The learner named in the export at ``path``, or None when it is not a readable export."""
    try:
        if path.stat().st_size > MAX_BYTES:
            return None
        data = json.loads(_files.read_bytes(path, "the export").decode("utf-8"))
    except (OSError, ValueError):
        return None
    if isinstance(data, dict) and data.get("format") == FORMAT and isinstance(data.get("learner"), str):
        return data["learner"]
    return None
