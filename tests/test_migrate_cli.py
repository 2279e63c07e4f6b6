"""`kerastutor migrate PATH... [--write] [--diff]`: report, summary, exit status, diff, writing, .bak."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from kerastutor.cli import main

OLD = ("from keras.models import Sequential\nfrom keras.optimizers import SGD\n\n"
       "model = Sequential()  # the model\nmodel.compile(loss='mse', optimizer=SGD(lr=0.1, decay=1e-6))\n"
       "model.fit(x, y, nb_epoch=2)\n")
NEW = ("from keras.models import Sequential\nfrom keras.optimizers import SGD\n\n"
       "model = Sequential()  # the model\n"
       "# kerastutor migrate: decay= -> keras.optimizers.schedules.InverseTimeDecay; see lesson 10\n"
       "model.compile(loss='mse', optimizer=SGD(learning_rate=0.1, decay=1e-6))\n"
       "model.fit(x, y, epochs=2)\n")
CLEAN = "import keras\nmodel = keras.Sequential([keras.layers.Dense(1)])\n"


@pytest.fixture
def old_script(tmp_path):
    path = tmp_path / "train.py"
    path.write_text(OLD)
    return path


def run(capsys, *argv):
    status = main(["migrate", *map(str, argv)])
    return status, capsys.readouterr().out


def test_the_report_has_one_line_per_finding_and_a_summary(old_script, capsys):
    status, out = run(capsys, old_script)
    lines = out.splitlines()
    assert status == 1
    assert re.fullmatch(rf"{re.escape(str(old_script))}:5:41  lr=  ->  learning_rate=  \[rewritten\]  "
                        r"\(lesson 10_losses_metrics_optimizers\.ipynb\)", lines[0])
    assert re.fullmatch(r".*train\.py:5:49  decay=  ->  keras\.optimizers\.schedules\.InverseTimeDecay  "
                        r"\[manual\]  \(lesson 10_\w+\.ipynb\)", lines[1])
    assert re.fullmatch(r".*train\.py:6:17  nb_epoch=  ->  epochs=  \[rewritten\]  \(lesson 01_\w+\.ipynb\)",
                        lines[2])
    assert lines[3] == "1 file, 3 findings (2 rewritten, 1 manual); --write rewrites them"
    assert old_script.read_text() == OLD  # a report never writes


def test_nothing_found_is_exit_status_0(tmp_path, capsys):
    (tmp_path / "new.py").write_text(CLEAN)
    assert run(capsys, tmp_path / "new.py") == (0, "1 file, 0 findings (0 rewritten, 0 manual)\n")


def test_diff_prints_a_unified_diff_and_writes_nothing(old_script, capsys):
    status, out = run(capsys, "--diff", old_script)
    assert status == 1 and old_script.read_text() == OLD
    assert f"--- {old_script}\n+++ {old_script} (Keras 3)\n" in out
    assert "\n-model.fit(x, y, nb_epoch=2)\n" in out and "\n+model.fit(x, y, epochs=2)\n" in out


def test_write_rewrites_in_place_and_keeps_a_bak(old_script, capsys):
    old_script.chmod(0o755)
    status, out = run(capsys, "--write", old_script)
    assert status == 1 and out.endswith("; 1 file written (each kept as .bak)\n")
    assert old_script.read_text() == NEW
    assert (old_script.parent / "train.py.bak").read_text() == OLD
    assert stat.S_IMODE(old_script.stat().st_mode) == 0o755
    status, out = run(capsys, "--write", old_script)  # a second run: only the manual finding is left
    assert status == 1 and old_script.read_text() == NEW
    assert "1 finding (0 rewritten, 1 manual); 0 files written" in out
    assert sorted(path.name for path in old_script.parent.iterdir()) == ["train.py", "train.py.bak"]


def test_an_existing_bak_is_never_overwritten(old_script, capsys):
    (old_script.parent / "train.py.bak").write_text("my own backup\n")
    run(capsys, "--write", old_script)
    assert (old_script.parent / "train.py.bak").read_text() == "my own backup\n"
    assert (old_script.parent / "train.py.bak-2").read_text() == OLD


def test_folders_are_walked_for_scripts_and_notebooks(tmp_path, capsys):
    (tmp_path / "lessons" / ".ipynb_checkpoints").mkdir(parents=True)
    (tmp_path / "lessons" / "a.py").write_text(OLD)
    (tmp_path / "lessons" / ".ipynb_checkpoints" / "b.py").write_text(OLD)
    (tmp_path / "lessons" / "notes.txt").write_text("model.fit(x, nb_epoch=1)")
    book = nbformat.v4.new_notebook()
    book.cells = [nbformat.v4.new_code_cell("from keras.utils.np_utils import to_categorical")]
    nbformat.write(book, tmp_path / "lessons" / "c.ipynb")
    status, out = run(capsys, tmp_path)
    assert status == 1
    assert "c.ipynb[cell 1]:1:6  keras.utils.np_utils  ->  keras.utils  [rewritten]" in out
    assert out.splitlines()[-1].startswith("2 files, 4 findings")


def test_bad_paths_are_one_line_each_and_the_run_goes_on(old_script, tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("x")
    (tmp_path / "broken.ipynb").write_text("{ not a notebook")
    (tmp_path / "py2.py").write_text("from keras.layers import Dense\nprint 'x'\n")
    status, out = run(capsys, tmp_path / "missing.py", tmp_path / "notes.txt", tmp_path / "broken.ipynb",
                      tmp_path / "py2.py", old_script, "--write")
    assert status == 2
    assert f"{tmp_path / 'missing.py'}: no such file or folder\n" in out
    assert f"{tmp_path / 'notes.txt'}: not a Python file (.py) or a notebook (.ipynb); skipped\n" in out
    assert re.search(r"broken\.ipynb: not a notebook: damaged JSON \(.*\); left untouched\n", out)
    assert re.search(r"py2\.py:2: not valid Python 3 \(.*\); left untouched\n", out)
    assert (tmp_path / "broken.ipynb").read_text() == "{ not a notebook"
    assert old_script.read_text() == NEW  # the good file was still written
    assert out.splitlines()[-1] == "5 files, 3 findings (2 rewritten, 1 manual), 4 errors; 1 file written " \
                                   "(each kept as .bak)"


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() == 0, reason="root reads any file")
def test_an_unreadable_file_is_one_line(old_script, capsys):
    old_script.chmod(0)
    status, out = run(capsys, old_script)
    assert status == 2 and "cannot be read" in out.splitlines()[0]


def test_not_utf8_is_one_line(tmp_path, capsys):
    (tmp_path / "latin.py").write_bytes(b"# caf\xe9\nimport keras\n")
    status, out = run(capsys, tmp_path / "latin.py")
    assert status == 2 and out.splitlines()[0].endswith("latin.py: not UTF-8 text (byte 5); left untouched")


def test_no_path_is_refused_by_argparse(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["migrate"])
    assert stop.value.code == 2 and "PATH" in capsys.readouterr().err


def test_python_dash_m_kerastutor_migrate_runs(old_script):
    done = subprocess.run([sys.executable, "-m", "kerastutor", "migrate", "--diff", str(old_script)],
                          capture_output=True, text=True, timeout=120, cwd=Path(__file__).parent.parent)
    assert done.returncode == 1, done.stderr
    assert "+model.fit(x, y, epochs=2)" in done.stdout and done.stdout.endswith("--write rewrites them\n")


def test_the_speed_benchmark_runs_on_a_few_files():
    script = Path(__file__).parent.parent / "benchmarks" / "migrate_speed.py"
    done = subprocess.run([sys.executable, str(script), "--files", "3"], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.splitlines()
    assert lines[0].startswith("3 generated tutorials, ")
    assert re.match(r"report: 3 files, \d+ findings \(\d+ rewritten, \d+ manual\)", lines[1])
    assert re.match(r"--write: 3 files, .*; 3 files written", lines[4])
    assert all(re.search(r"1,000 files in +[\d.]+ s = [\d.]+x the 60 s target", line)
               for line in (lines[2], lines[3], lines[5], lines[6]))


def test_diff_of_a_notebook_shows_the_changed_cells_only(tmp_path, capsys):
    book = nbformat.v4.new_notebook()
    book.cells = [nbformat.v4.new_code_cell("import numpy as np"),
                  nbformat.v4.new_code_cell("from keras.layers.core import Dense\nDense(output_dim=2)")]
    nbformat.write(book, tmp_path / "old.ipynb")
    status, out = run(capsys, "--diff", tmp_path / "old.ipynb")
    assert status == 1
    assert f"--- {tmp_path / 'old.ipynb'}[cell 2]\n+++ {tmp_path / 'old.ipynb'}[cell 2] (Keras 3)\n" in out
    assert "\n-Dense(output_dim=2)\n" in out and "\n+Dense(units=2)\n" in out and "[cell 1]" not in out


def test_a_name_the_concept_index_does_not_know_is_said_briefly():
    from kerastutor.migrate.report import Finding, finding_line, marker

    unknown = Finding(old="K.zzz_no_such_function", topic="K.zzz_no_such_function", line=3, column=5)
    line = finding_line("old.py", unknown)
    assert line == ("old.py:3:5  K.zzz_no_such_function  ->  no kerastutor entry  [manual]  "
                    "(kt.explain('K.zzz_no_such_function') has no entry)")
    assert marker("K.zzz_no_such_function", "K.zzz_no_such_function").endswith("(no kerastutor entry)")
