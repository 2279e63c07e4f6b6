"""The curriculum under nbval: wall time and peak memory of every lesson, against the budgets.

Targets (issues 6 and 13): each lesson validates in about a minute and at most
120 s, the whole curriculum in at most 15 minutes on 2 CPU cores, and no notebook
peaks above 1.5 GB (Binder caps a session at 2 GB). Each lesson runs in its own
``pytest --nbval`` process, exactly as ``make test`` runs it; its peak is the
largest resident set of that process tree (the kernel's), read from ``wait4``.
Ratios are shares of the budgets, measured in this run.

A learner's time is estimated too (at most about 45 minutes a lesson): the lesson
before its exercises, prose read at 200 words a minute, 10 seconds to read and run
each line of code, 30 seconds to look at each figure, plus the measured run time.

Usage: python benchmarks/curriculum.py [notebooks/NN_name.ipynb ...]
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOTAL_BUDGET_S = 15 * 60
LESSON_TARGET_S = 60  # "about a minute" each
LESSON_LIMIT_S = 120
PEAK_BUDGET_MB = 1536
LEARNER_BUDGET_MIN = 45
WORDS_PER_MINUTE = 200
SECONDS_PER_CODE_LINE = 10
SECONDS_PER_FIGURE = 30


def learner_minutes(notebook: Path, run_seconds: float) -> float:
    """Estimated reading-and-running time of a lesson (before its exercises) for a learner, in minutes."""
    import nbformat

    cells = nbformat.read(notebook, as_version=4).cells
    exercises = [i for i, c in enumerate(cells)
                 if c.cell_type == "markdown" and c.source.startswith("## Exercises")]
    cells = cells[:exercises[-1]] if exercises else cells
    words = sum(len(re.findall(r"\w+", c.source)) for c in cells if c.cell_type == "markdown")
    code_lines = sum(len([line for line in c.source.splitlines() if line.strip()])
                     for c in cells if c.cell_type == "code")
    figures = sum("image/png" in o.get("data", {}) for c in cells if c.cell_type == "code"
                  for o in c.get("outputs", []))
    seconds = words / WORDS_PER_MINUTE * 60 + code_lines * SECONDS_PER_CODE_LINE
    return (seconds + figures * SECONDS_PER_FIGURE + run_seconds) / 60


def validate(notebook: Path) -> tuple[bool, float, float]:
    """Run nbval over one notebook; (passed, wall seconds, peak MB of its process tree)."""
    environment = {k: v for k, v in os.environ.items() if k not in ("JPY_SESSION_NAME", "VSCODE_PID")}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
               "--nbval", "--nbval-current-env",
               "--nbval-sanitize-with", "tests/nbval_sanitize.cfg", str(notebook)]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    return os.waitstatus_to_exitcode(status) == 0, elapsed, usage.ru_maxrss / 1024


def main(paths: list[str]) -> int:
    """Validate each lesson, print its share of the budgets, then the totals."""
    notebooks = [Path(p) for p in paths] or sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    print(f"{'lesson':<44} {'result':<7} {'time':>7} {'/60 s':>6} {'/120 s':>7} {'peak':>8} {'/1.5 GB':>8} "
          f"{'learner':>8} {'/45 min':>8}")
    total, worst, slowest, failures = 0.0, 0.0, 0.0, 0
    for notebook in notebooks:
        passed, seconds, peak = validate(notebook)
        total, worst, failures = total + seconds, max(worst, peak), failures + (not passed)
        slowest = max(slowest, seconds)
        learner = learner_minutes(notebook, seconds)
        print(f"{notebook.name:<44} {'pass' if passed else 'FAIL':<7} {seconds:6.1f}s "
              f"{seconds / LESSON_TARGET_S:6.2f} {seconds / LESSON_LIMIT_S:7.2f} {peak:6.0f}MB "
              f"{peak / PEAK_BUDGET_MB:8.2f} {learner:6.1f}min {learner / LEARNER_BUDGET_MIN:8.2f}")
    print(f"\nwhole curriculum: {total / 60:.1f} min, {total / TOTAL_BUDGET_S:.2f} of the 15-minute budget; "
          f"slowest lesson {slowest:.0f} s, {slowest / LESSON_LIMIT_S:.2f} of 120 s; "
          f"largest peak {worst:.0f} MB, {worst / PEAK_BUDGET_MB:.2f} of 1.5 GB; {failures} failed")
    over = total > TOTAL_BUDGET_S or slowest > LESSON_LIMIT_S or worst > PEAK_BUDGET_MB
    return 1 if failures or over else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
