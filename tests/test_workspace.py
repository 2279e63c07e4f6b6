import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from kerastutor.cli import lab_command
from kerastutor.workspace import MANIFEST, curriculum_dir, lessons, sync_workspace

ROOT = Path(__file__).resolve().parent.parent


def test_first_start_copies_every_lesson_and_records_them(shipped, tmp_path):
    workspace = tmp_path / "ws"
    report = sync_workspace(workspace, shipped)
    assert report.copied == ["00_welcome.ipynb", "01_first.ipynb"]
    assert str(report) == f"Copied 2 lesson notebooks into {workspace}."
    assert sorted(json.loads((workspace / MANIFEST).read_text())) == report.copied
    again = sync_workspace(workspace, shipped)
    assert again.unchanged == report.copied and str(again).endswith("is up to date.")


def test_untouched_lessons_are_updated_and_edited_ones_never_overwritten(shipped, tmp_path):
    workspace = tmp_path / "ws"
    sync_workspace(workspace, shipped)
    (workspace / "01_first.ipynb").write_text('{"v": 1, "my answer": 42}')  # the learner's work
    kept = sync_workspace(workspace, shipped)
    assert (workspace / "01_first.ipynb").read_text() == '{"v": 1, "my answer": 42}'
    assert not (workspace / "01_first.new.ipynb").exists()  # nothing newer to offer
    assert kept.kept == ["01_first.ipynb"] and kept.unchanged == ["00_welcome.ipynb"]
    assert str(kept) == f"Kept your changes to 01_first.ipynb.\nYour workspace {workspace} is up to date."

    for lesson in lessons(shipped):
        lesson.write_text('{"v": 2}')  # a new kerastutor release
    report = sync_workspace(workspace, shipped)
    assert report.updated == ["00_welcome.ipynb"]
    assert (workspace / "00_welcome.ipynb").read_text() == '{"v": 2}'
    assert report.new_versions == [("01_first.ipynb", "01_first.new.ipynb")]
    assert (workspace / "01_first.ipynb").read_text() == '{"v": 1, "my answer": 42}'
    assert (workspace / "01_first.new.ipynb").read_text() == '{"v": 2}'
    assert "Kept your copy of 01_first.ipynb; a newer version of that lesson is beside it" in str(report)


def test_a_lesson_file_we_did_not_copy_is_treated_as_the_learners(shipped, tmp_path):
    workspace = tmp_path / "ws"
    workspace.mkdir()
    (workspace / "01_first.ipynb").write_text("mine")
    report = sync_workspace(workspace, shipped)
    assert (workspace / "01_first.ipynb").read_text() == "mine"
    assert report.new_versions == [("01_first.ipynb", "01_first.new.ipynb")]


def test_a_file_in_place_of_the_workspace_is_a_clear_error(shipped, tmp_path):
    (tmp_path / "ws").write_text("x")
    with pytest.raises(NotADirectoryError, match="choose a folder for the lessons with --dir"):
        sync_workspace(tmp_path / "ws", shipped)


def test_the_curriculum_is_the_lessons_of_this_checkout():
    in_checkout = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
    assert [p.name for p in lessons(curriculum_dir())] == in_checkout


def test_lab_command_serves_the_workspace_and_opens_the_welcome_lesson(tmp_path):
    command = lab_command(tmp_path, 8899, True, ["--", "--ServerApp.token=abc"])
    assert command[1:3] == ["-m", "jupyterlab"] and f"--ServerApp.root_dir={tmp_path}" in command
    assert "--port=8899" in command and "--no-browser" in command and "--ServerApp.token=abc" in command
    assert command[-1] == str(tmp_path / "00_welcome.ipynb") and "--" not in command


def test_the_command_line_copies_the_lessons(tmp_path):
    result = subprocess.run([sys.executable, "-m", "kerastutor", "start", "--copy-only", "--dir",
                             str(tmp_path / "mine")], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Copied ") and (tmp_path / "mine" / "00_welcome.ipynb").exists()


def test_a_built_wheel_ships_the_lessons_and_the_command(tmp_path):
    command = [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation",
               "--quiet", "--wheel-dir", str(tmp_path)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    (wheel,) = tmp_path.glob("kerastutor-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "kerastutor/curriculum/00_welcome.ipynb" in names
    shipped = [n for n in names if n.startswith("kerastutor/curriculum/")]
    assert len(shipped) == len(lessons(ROOT / "notebooks"))
    assert {"kerastutor/data/mnist_subset.npz", "kerastutor/data/MNIST_SUBSET.md"} <= set(names)
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "kerastutor = kerastutor.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()
