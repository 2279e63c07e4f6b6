"""How much `import kerastutor` adds over `import keras` (target: at most 0.15 s).

Runs fresh interpreters, alternating the two imports, and prints the medians.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

ROUNDS = 7
STATEMENTS = {"import keras": "import keras", "import kerastutor": "import kerastutor"}


def time_import(statement: str) -> float:
    """Wall time of a fresh interpreter running ``statement``, minus interpreter start-up."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", statement], check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    """Interleave the runs and print medians and the difference."""
    time_import("import keras")  # warm the file cache
    times: dict[str, list[float]] = {name: [] for name in STATEMENTS}
    for _ in range(ROUNDS):
        for name, statement in STATEMENTS.items():
            times[name].append(time_import(statement))
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, value in medians.items():
        print(f"{name:<20} median {value:.3f} s over {ROUNDS} fresh interpreters")
    extra = medians["import kerastutor"] - medians["import keras"]
    ratio = medians["import kerastutor"] / medians["import keras"]
    print(f"kerastutor adds {extra:+.3f} s (ratio {ratio:.3f}x); target: at most +0.150 s")


if __name__ == "__main__":
    main()
