"""The learner's progress: one small JSON file, written atomically, never losing a success.

Where: ``$KERASTUTOR_HOME/progress.json``, else ``~/.kerastutor/progress.json``.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

RANK = {"not attempted": 0, "incorrect": 1, "correct": 2}


def progress_path() -> Path:
    """The progress file's location."""
    home = os.environ.get("KERASTUTOR_HOME") or os.path.join(os.path.expanduser("~"), ".kerastutor")
    return Path(home) / "progress.json"


class ProgressStore:
    """Best and last outcome per exercise, per lesson, kept in a JSON file."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    @classmethod
    def default(cls) -> ProgressStore:
        """The store at ``progress_path()``."""
        return cls(progress_path())

    def _read(self) -> tuple[dict, bool]:
        """The data and whether the file (if any) could be read."""
        try:
            data = json.loads(self.path.read_text())
        except FileNotFoundError:
            return {}, True
        except (OSError, ValueError):
            return {}, False
        return (data, True) if isinstance(data, dict) else ({}, False)

    def load(self) -> dict[str, dict[str, dict[str, str]]]:
        """``{lesson: {exercise: {"best": ..., "last": ...}}}``; empty when there is no file yet."""
        return self._read()[0]

    def record(self, lesson: str, exercise: str, outcome: str) -> None:
        """Remember ``outcome``; the best one so far is kept when a later check fails."""
        if outcome not in RANK:
            raise ValueError(f"unknown outcome {outcome!r}.")
        data, readable = self._read()
        if not readable:  # keep what we cannot read beside the new file, never overwrite it
            kept = self.path.with_name(self.path.name + ".unreadable")
            os.replace(self.path, kept)
            print(f"kerastutor: could not read {self.path}; kept it as {kept.name} and started a new one.")
        entry = data.setdefault(lesson, {}).setdefault(exercise, {"best": outcome, "last": outcome})
        entry["last"] = outcome
        if RANK[outcome] > RANK[entry["best"]]:
            entry["best"] = outcome
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=self.path.parent, delete=False, suffix=".tmp") as handle:
            json.dump(data, handle, indent=1, sort_keys=True)
        os.replace(handle.name, self.path)

    def summary(self) -> str:
        """One line per lesson: how many exercises are done."""
        data = self.load()
        if not data:
            return "No exercise checked yet."
        lines = []
        for lesson in sorted(data):
            done = sorted(name for name, entry in data[lesson].items() if entry["best"] == "correct")
            lines.append(f"{lesson}: {len(done)} of {len(data[lesson])} done" + (f" ({', '.join(done)})"
                                                                                    if done else ""))
        return "\n".join(lines)
