"""The curriculum under nbval: wall time and peak memory of every lesson, against the budgets.

Targets (issue 6): the whole curriculum validates in at most 15 minutes on 2 CPU
cores, and no notebook peaks above 1.5 GB (Binder caps a session at 2 GB). Each
lesson runs in its own ``pytest --nbval`` process, exactly as ``make test`` runs
it; its peak is the largest resident set of that process tree (the kernel's),
read from ``wait4``. Ratios are shares of the budgets, measured in this run.

Usage: python benchmarks/curriculum.py [notebooks/NN_name.ipynb ...]
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOTAL_BUDGET_S = 15 * 60
LESSON_BUDGET_S = 60  # "about a minute" each
PEAK_BUDGET_MB = 1536


def validate(notebook: Path) -> tuple[bool, float, float]:
    """Run nbval over one notebook; (passed, wall seconds, peak MB of its process tree)."""
    environment = {k: v for k, v in os.environ.items() if k not in ("JPY_SESSION_NAME", "VSCODE_PID")}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
               "--nbval", "--nbval-current-env", str(notebook)]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    return os.waitstatus_to_exitcode(status) == 0, elapsed, usage.ru_maxrss / 1024


def main(paths: list[str]) -> int:
    """Validate each lesson, print its share of the budgets, then the totals."""
    notebooks = [Path(p) for p in paths] or sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    print(f"{'lesson':<48} {'result':<7} {'time':>7} {'/60 s':>6} {'peak':>8} {'/1.5 GB':>8}")
    total, worst, failures = 0.0, 0.0, 0
    for notebook in notebooks:
        passed, seconds, peak = validate(notebook)
        total, worst, failures = total + seconds, max(worst, peak), failures + (not passed)
        print(f"{notebook.name:<48} {'pass' if passed else 'FAIL':<7} {seconds:6.1f}s "
              f"{seconds / LESSON_BUDGET_S:6.2f} {peak:6.0f}MB {peak / PEAK_BUDGET_MB:8.2f}")
    print(f"\nwhole curriculum: {total / 60:.1f} min, {total / TOTAL_BUDGET_S:.2f} of the 15-minute budget; "
          f"largest peak {worst:.0f} MB, {worst / PEAK_BUDGET_MB:.2f} of 1.5 GB; {failures} failed")
    return 1 if failures or total > TOTAL_BUDGET_S or worst > PEAK_BUDGET_MB else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
