"""``kerastutor classroom ...`` on the real command line: the subcommands are wired, with their statuses."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from kerastutor.cli import main
from kerastutor.exercises.progress import ProgressStore
from kerastutor.exercises.report import Progress


def exported(folder: Path, learner: str, outcomes: dict[str, str]) -> Path:
    store = ProgressStore(folder / learner / "progress.json")
    for exercise, outcome in outcomes.items():
        store.record("01_keras_workflow", exercise, outcome)
    return Progress(store).export(folder / f"kerastutor-progress-{learner}.json", learner=learner)


def test_classroom_without_a_subcommand_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["classroom"])
    assert stopped.value.code == 2
    assert "nbgrader" in capsys.readouterr().err


def test_collect_through_the_kerastutor_command_writes_the_gradebook(tmp_path):
    exports = tmp_path / "handed_in"
    exports.mkdir()
    exported(exports, "ada", {"q1": "correct", "q2": "incorrect"})
    exported(exports, "grace", {"q1": "correct"})
    grades, report = tmp_path / "grades.csv", tmp_path / "class.html"
    command = [sys.executable, "-m", "kerastutor", "classroom", "collect", str(exports), "--csv", str(grades),
               "--html", str(report)]
    finished = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert finished.returncode == 0, finished.stderr
    rows = {row["learner"]: row for row in csv.DictReader(grades.open(encoding="utf-8"))}
    assert rows["ada"]["01_keras_workflow q2"] == "incorrect"
    assert rows["grace"]["01_keras_workflow q1"] == "correct"
    assert "grace" in report.read_text(encoding="utf-8")


def test_collect_through_main_keeps_its_status_for_a_foreign_file(tmp_path, capsys):
    exports = tmp_path / "handed_in"
    exports.mkdir()
    exported(exports, "ada", {"q1": "correct"})
    (exports / "notes.json").write_text('{"todo": []}', encoding="utf-8")
    assert main(["classroom", "collect", str(exports), "--csv", str(tmp_path / "grades.csv")]) == 1
    assert "notes.json" in capsys.readouterr().err


def test_nbgrader_through_main_writes_a_course(tmp_path):
    assert main(["classroom", "nbgrader", str(tmp_path / "course"), "--lessons", "18"]) == 0
    assert (tmp_path / "course" / "nbgrader_config.py").is_file()
    assert list((tmp_path / "course" / "source").glob("*/18_*.ipynb"))
