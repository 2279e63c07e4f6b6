"""Re-execute lesson notebooks in place, storing their outputs for nbval.

Usage: python tools/execute_notebooks.py [notebooks/NN_name.ipynb ...]  (all lessons by default)

Runs each notebook top to bottom in a fresh kernel, the way nbval will, and
reports its wall time, any stderr output (which a lesson must not have) and the
largest kernel memory so far (run one notebook per call to see each one's peak).
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent


def execute(path: Path) -> None:
    """Execute one notebook in place and print what it cost."""
    notebook = nbformat.read(path, as_version=4)
    for variable in ("JPY_SESSION_NAME", "VSCODE_PID", "KERASTUTOR_DISPLAY"):
        os.environ.pop(variable, None)
    # stored outputs show a new learner's progress, never the progress of whoever runs this
    os.environ["KERASTUTOR_HOME"] = tempfile.mkdtemp(prefix="kerastutor-lesson-run-")
    started = time.perf_counter()
    NotebookClient(notebook, timeout=600, kernel_name="python3", store_widget_state=False,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    elapsed = time.perf_counter() - started
    notebook.metadata.pop("widgets", None)  # no live widgets under nbval: their state is dead weight
    stderr = [o for c in notebook.cells for o in c.get("outputs", [])
              if o.get("output_type") == "stream" and o.get("name") == "stderr"]
    nbformat.write(notebook, path)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"{path.relative_to(ROOT)}: {elapsed:.1f} s, {len(stderr)} stderr outputs, "
          f"peak kernel memory so far {peak_mb:,.0f} MB")
    for output in stderr:
        print("  stderr:", output["text"][:300])


if __name__ == "__main__":
    paths = [Path(p).resolve() for p in sys.argv[1:]] or sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
    for notebook_path in paths:
        execute(notebook_path)
