"""Whole old-style scripts (tests/data/migrate, written for these tests): each fails under Keras 3 as
written and trains for one epoch under Keras 3 after `kerastutor migrate --write`."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kerastutor.cli import main

SCRIPTS = sorted((Path(__file__).parent / "data" / "migrate").glob("*.py"))
# Runs each script in one interpreter (TensorFlow loads once) and prints what each one ended with.
RUNNER = """
import contextlib, io, json, runpy, sys, warnings
import kerastutor, keras
warnings.simplefilter("ignore")
outcomes = {}
for path in sys.argv[1:]:
    keras.backend.clear_session()
    printed = io.StringIO()
    try:
        with contextlib.redirect_stdout(printed):
            runpy.run_path(path, run_name="__main__")
        outcomes[path] = printed.getvalue().strip()
    except Exception as error:
        outcomes[path] = f"{type(error).__name__}: {error}"
print(json.dumps(outcomes))
"""


def run_all(paths: list[Path]) -> dict[str, str]:
    done = subprocess.run([sys.executable, "-c", RUNNER, *map(str, paths)], capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_there_are_old_style_scripts():
    assert len(SCRIPTS) >= 3


def test_the_scripts_fail_under_keras_3_as_written_and_train_after_migration(tmp_path, capsys):
    copies = [Path(shutil.copy(path, tmp_path / path.name)) for path in SCRIPTS]
    assert main(["migrate", "--write", str(tmp_path)]) == 1
    report = capsys.readouterr().out
    assert "[manual]" not in report, report  # everything in these scripts is mechanical
    outcomes = run_all([*SCRIPTS, *copies])  # one interpreter: TensorFlow loads once
    for path in SCRIPTS:
        assert not outcomes[str(path)].startswith("trained"), outcomes[str(path)]
    for path in copies:
        assert outcomes[str(path)].startswith("trained"), outcomes[str(path)]
        assert (tmp_path / f"{path.name}.bak").read_text() == (SCRIPTS[0].parent / path.name).read_text()


@pytest.mark.parametrize("path", SCRIPTS, ids=[path.stem for path in SCRIPTS])
def test_migrating_a_migrated_script_changes_nothing(path, tmp_path, capsys):
    copy = Path(shutil.copy(path, tmp_path / path.name))
    main(["migrate", "--write", str(copy)])
    once = copy.read_text()
    main(["migrate", "--write", str(copy)])
    capsys.readouterr()
    assert copy.read_text() == once
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name, f"{path.name}.bak"]
