"""How much `import kerastutor` adds over `import keras` (target: at most 0.15 s).

Runs fresh interpreters, alternating the two imports, and prints medians and
minimums (noise from other processes only ever adds time, so the minimum is the
steadiest figure on a busy machine).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

ROUNDS = 9
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
    for label, summary in (("median", statistics.median), ("minimum", min)):
        keras_time = summary(times["import keras"])
        tutor_time = summary(times["import kerastutor"])
        print(f"{label:>7}: import keras {keras_time:.3f} s, import kerastutor {tutor_time:.3f} s, "
              f"kerastutor adds {tutor_time - keras_time:+.3f} s ({tutor_time / keras_time:.3f}x)")
    print(f"{ROUNDS} fresh interpreters each, alternating; target: kerastutor adds at most +0.150 s")


if __name__ == "__main__":
    main()
