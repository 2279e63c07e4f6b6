"""Stored lesson outputs that print keras.__version__ still validate under a newer Keras."""

import subprocess
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent


def test_a_keras_version_in_stored_outputs_is_sanitized(tmp_path):
    cell = nbformat.v4.new_code_cell('import keras\nprint(f"written by Keras {keras.__version__} | ok")')
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="written by Keras 9.9.9 | ok\n")]
    cell.execution_count = 1
    notebook = nbformat.v4.new_notebook(cells=[cell])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, tmp_path / "version.ipynb")
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval",
               "--nbval-current-env", str(tmp_path / "version.ipynb")]
    plain = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert plain.returncode == 1, plain.stdout[-2000:]  # the version differs: nbval alone fails the cell
    sanitize = ["--nbval-sanitize-with", str(ROOT / "tests" / "nbval_sanitize.cfg")]
    sanitized = subprocess.run([*command, *sanitize], capture_output=True, text=True, cwd=tmp_path,
                               timeout=300)
    assert sanitized.returncode == 0, sanitized.stdout[-2000:]
