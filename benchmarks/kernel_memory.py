"""Memory of one learner's kernel: what a class on one machine is bounded by.

Starts real Jupyter kernels (the venv's ``python3`` kernel, through nbclient), one fresh kernel per
measurement, and reads the kernel's resident memory from ``/proc/<pid>/status`` (``VmRSS``: now,
``VmHWM``: the peak) after each step a learner's kernel goes through: an empty kernel, ``import
tensorflow``, ``import keras``, ``import kerastutor as kt``, the first use of the names lesson 01 uses,
and all of lesson 01. It prints medians over ``--repeats`` fresh kernels and what kerastutor adds over
``import keras`` (the number to keep small).

``--part environment`` runs lesson 01 under settings a hub can give each kernel (``MALLOC_ARENA_MAX``,
TensorFlow's and OpenMP's thread counts) and prints the peak memory and the lesson's run time of each.

    .venv/bin/python benchmarks/kernel_memory.py [--part memory|environment|all] [--repeats 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
LESSON_01 = NOTEBOOKS / "01_keras_workflow.ipynb"
MB = 1024 * 1024
CELL_TIMEOUT_SECONDS = 900

# What lesson 01 uses of kerastutor, used once: the dataset, LivePlot and its exercises.
LESSON_01_NAMES = """\
import kerastutor as kt
mnist = kt.datasets.load("mnist", train_size=8000, test_size=2000)
live = kt.LivePlot()
from kerastutor.exercises import lesson01 as ex
"""
# The way kerastutor imports Keras: JAX (installed for lesson 17) kept out of TensorFlow's import.
KERAS_WITHOUT_JAX = """\
import sys
sys.modules["jax"] = None
import keras
del sys.modules["jax"]
"""

# step label -> the cells the kernel runs (None: all of lesson 01)
STEPS: dict[str, list[str] | None] = {
    "empty kernel": [],
    "import tensorflow": ["import tensorflow"],
    "import keras": ["import keras"],
    "import keras, JAX kept out": [KERAS_WITHOUT_JAX],
    "import kerastutor as kt": ["import kerastutor as kt"],
    "kt + lesson 01's names used": [LESSON_01_NAMES],
    "all of lesson 01": None,
}

# setting label -> environment variables given to the kernel
SETTINGS: dict[str, dict[str, str]] = {
    "as installed": {},
    "MALLOC_ARENA_MAX=2": {"MALLOC_ARENA_MAX": "2"},
    "TF_NUM_INTER/INTRAOP_THREADS=1": {"TF_NUM_INTEROP_THREADS": "1", "TF_NUM_INTRAOP_THREADS": "1"},
    "OMP_NUM_THREADS=1": {"OMP_NUM_THREADS": "1"},
    "all three": {"MALLOC_ARENA_MAX": "2", "TF_NUM_INTEROP_THREADS": "1", "TF_NUM_INTRAOP_THREADS": "1",
                  "OMP_NUM_THREADS": "1"},
}


@dataclass(frozen=True)
class Measurement:
    """One fresh kernel: resident memory after its cells ran, its peak, and the cells' run time."""

    rss_mb: float
    peak_mb: float
    seconds: float


def kernel_memory(pid: int) -> tuple[float, float]:
    """(``VmRSS``, ``VmHWM``) of process ``pid`` in MB, read from ``/proc/<pid>/status``."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value
    return int(fields["VmRSS"].split()[0]) * 1024 / MB, int(fields["VmHWM"].split()[0]) * 1024 / MB


def step_cells(step: str) -> list[str]:
    """The code cells of ``step``: its own, or every code cell of lesson 01."""
    import nbformat

    cells = STEPS[step]
    if cells is None:
        lesson = nbformat.read(LESSON_01, as_version=4)
        return [cell.source for cell in lesson.cells if cell.cell_type == "code"]
    return cells


def measure(cells: list[str], settings: dict[str, str]) -> Measurement:
    """Run ``cells`` in a fresh kernel (working folder: notebooks/) with ``settings`` added to its
    environment, read its memory, and shut it down."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source) for source in cells])
    client = NotebookClient(notebook, kernel_name="python3", timeout=CELL_TIMEOUT_SECONDS,
                            resources={"metadata": {"path": str(NOTEBOOKS)}})
    environment = {key: value for key, value in os.environ.items() if key != "JPY_SESSION_NAME"}
    with client.setup_kernel(env={**environment, **settings}):
        client.reset_execution_trackers()
        pid = client.km.provisioner.process.pid
        started = time.perf_counter()
        for index, cell in enumerate(notebook.cells):
            client.execute_cell(cell, index)
        seconds = time.perf_counter() - started
        rss_mb, peak_mb = kernel_memory(pid)
    return Measurement(rss_mb, peak_mb, seconds)


def medians(runs: list[Measurement]) -> Measurement:
    """The median of each figure over ``runs``."""
    return Measurement(statistics.median(r.rss_mb for r in runs), statistics.median(r.peak_mb for r in runs),
                       statistics.median(r.seconds for r in runs))


Job = tuple[list[str], dict[str, str]]  # the cells a fresh kernel runs, and its added environment


def run_interleaved(jobs: dict[str, Job], repeats: int) -> dict[str, Measurement]:
    """Median figures of each job (cells, settings) over ``repeats`` rounds, the jobs interleaved so
    that load from other processes spreads over all of them."""
    runs: dict[str, list[Measurement]] = {label: [] for label in jobs}
    for round_number in range(1, repeats + 1):
        for label, (cells, settings) in jobs.items():
            runs[label].append(measure(cells, settings))
            print(f"  round {round_number}/{repeats}: {label}", file=sys.stderr, flush=True)
    return {label: medians(each) for label, each in runs.items()}


def memory_part(repeats: int) -> None:
    """The kernel's memory after each step, and what kerastutor adds over Keras."""
    figures = run_interleaved({step: (step_cells(step), {}) for step in STEPS}, repeats)
    print(f"\nOne learner's kernel, medians of {repeats} fresh kernels (MB; run time of the step's cells)")
    print(f"{'step':<30} {'RSS':>8} {'peak':>8} {'seconds':>8}")
    for step, figure in figures.items():
        print(f"{step:<30} {figure.rss_mb:8.0f} {figure.peak_mb:8.0f} {figure.seconds:8.1f}")
    tutor = figures["import kerastutor as kt"].rss_mb
    print(f"kerastutor adds over import keras: {tutor - figures['import keras'].rss_mb:+.0f} MB RSS; "
          f"over Keras imported as kerastutor does (JAX kept out): "
          f"{tutor - figures['import keras, JAX kept out'].rss_mb:+.0f} MB")
    print(f"lesson 01's names add {figures[list(STEPS)[5]].rss_mb - tutor:+.0f} MB over import kerastutor")


def environment_part(repeats: int) -> None:
    """Lesson 01's peak memory and run time under each setting a hub can give a kernel."""
    lesson = step_cells("all of lesson 01")
    figures = run_interleaved({label: (lesson, settings) for label, settings in SETTINGS.items()}, repeats)
    base = figures["as installed"]
    print(f"\nAll of lesson 01 per kernel setting, medians of {repeats} fresh kernels")
    print(f"{'setting':<32} {'peak MB':>8} {'vs as is':>9} {'seconds':>8} {'vs as is':>9}")
    for label, figure in figures.items():
        print(f"{label:<32} {figure.peak_mb:8.0f} {figure.peak_mb - base.peak_mb:+9.0f} "
              f"{figure.seconds:8.1f} {figure.seconds / base.seconds:8.2f}x")


def main(argv: list[str] | None = None) -> None:
    """Parse the options and run the parts asked for."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=("memory", "environment", "all"), default="all",
                        help="which table to measure (default: both)")
    parser.add_argument("--repeats", type=int, default=3, help="fresh kernels per figure (default: 3)")
    arguments = parser.parse_args(argv)
    if arguments.repeats < 1:
        parser.error(f"--repeats must be a whole number from 1; it was {arguments.repeats}.")
    if not Path("/proc/self/status").exists():
        parser.error("this benchmark reads /proc/<pid>/status, which only Linux has.")
    if arguments.part in ("memory", "all"):
        memory_part(arguments.repeats)
    if arguments.part in ("environment", "all"):
        environment_part(arguments.repeats)


if __name__ == "__main__":
    main()
