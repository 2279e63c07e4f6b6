"""Binder readiness: build Binder's environment from exactly ``binder/``, and run the welcome lesson in it.

repo2docker installs ``apt.txt``, takes Python from ``runtime.txt`` and runs
``pip install -r binder/requirements.txt`` from the repository root. This test
does the same in a fresh virtual environment (Graphviz comes from ``make``),
then executes the welcome lesson there and copies the curriculum with
``kerastutor start --copy-only``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.binder

ROOT = Path(__file__).resolve().parent.parent
BINDER = ROOT / "binder"


def binder_python() -> str:
    """The interpreter ``runtime.txt`` names (``python-3.11`` -> ``python3.11``)."""
    version = (BINDER / "runtime.txt").read_text().strip().removeprefix("python-")
    found = shutil.which(f"python{version}")
    if found is None:
        pytest.skip(f"runtime.txt asks for Python {version}, which this machine does not have")
    return found


def run(command: list, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run([str(part) for part in command], capture_output=True, text=True, **kwargs)
    shown = " ".join(map(str, command))
    assert result.returncode == 0, f"{shown}\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}"
    return result


def test_the_binder_files_build_an_environment_that_runs_the_welcome_lesson(tmp_path):
    venv = tmp_path / "binder-venv"
    run([binder_python(), "-m", "venv", venv], timeout=300)
    python = venv / "bin" / "python"
    run([python, "-m", "pip", "install", "--quiet", "-r", BINDER / "requirements.txt"],
        cwd=ROOT, timeout=1500)
    assert "graphviz" in (BINDER / "apt.txt").read_text().split()

    run([venv / "bin" / "kerastutor", "start", "--copy-only", "--dir", tmp_path / "workspace"],
        cwd=tmp_path, timeout=300)
    lesson = tmp_path / "workspace" / "00_welcome.ipynb"
    assert lesson.exists()
    run([venv / "bin" / "jupyter", "nbconvert", "--to", "notebook", "--execute", "--output", "executed.ipynb",
         "--ExecutePreprocessor.timeout=600", "--ExecutePreprocessor.kernel_name=python3", lesson],
        cwd=tmp_path, timeout=900, env={"PATH": f"{venv / 'bin'}:/usr/bin:/bin", "HOME": str(tmp_path),
                                        "KERASTUTOR_HOME": str(tmp_path / "progress")})
    executed = json.loads((tmp_path / "workspace" / "executed.ipynb").read_text())
    cells = [cell for cell in executed["cells"] if cell["cell_type"] == "code"]
    outputs = [output for cell in cells for output in cell["outputs"]]
    assert all(cell["execution_count"] for cell in cells)
    assert not [o for o in outputs if o["output_type"] == "error"]
    assert not [o for o in outputs if o.get("name") == "stderr"], "the welcome lesson wrote to stderr"
