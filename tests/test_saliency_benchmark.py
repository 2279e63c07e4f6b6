"""benchmarks/saliency_speed.py runs, at a toy size, and prints its table."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "saliency_speed.py"


def test_the_saliency_benchmark_prints_a_row_per_method_and_the_mobilenet_row():
    run = subprocess.run([sys.executable, str(SCRIPT), "--tiny"], capture_output=True, text=True, timeout=300,
                         env={**os.environ, "BENCH_ROUNDS": "1", "KERASTUTOR_DISPLAY": "text"})
    assert run.returncode == 0, run.stderr[-2000:]
    lines = run.stdout.splitlines()
    for method in ("gradients", "smoothgrad", "integrated_gradients", "grad_cam"):
        assert any(line.startswith(f"saliency {method}, 2 digits") and line.endswith("x") for line in lines)
    assert any(line.startswith("saliency grad_cam, MobileNetV2 32x32, 1 image") for line in lines)
