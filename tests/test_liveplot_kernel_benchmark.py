"""benchmarks/liveplot_kernel_overhead.py runs in a real kernel (``--quick``) and prints its tables: the
rounds, the profile and the playground.
No timing is asserted: the figures of a 3-epoch smoke test mean nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "liveplot_kernel_overhead.py"
ROWS = ("plain fit", "no-op batch+epoch hooks", "LivePlot() widget", "LivePlot(per_batch) widget",
        "LivePlot() static", "LivePlot(per_batch) static", "LayerStats() widget", "LayerStats() static")
PROFILE_ROWS = ("iopub thread: sending the messages", "figure render (Agg rasterizing)",
                "progress bar: value syncs", "status text: HTML syncs",
                "comm send: serialize, sign, to iopub", "other (", "LivePlot's cost measured inside",
                "the rounds' clock overhead")


def test_the_kernel_benchmark_prints_a_row_per_configuration_and_the_profile():
    # the environment is passed explicitly; the script keeps the display variables out of its kernel
    environment = {key: value for key, value in os.environ.items()
                   if key not in ("KERASTUTOR_DISPLAY", "MPLBACKEND")}
    run = subprocess.run([sys.executable, str(SCRIPT), "--quick"], capture_output=True, text=True,
                         timeout=300, env=environment)
    assert run.returncode == 0, run.stderr[-3000:]
    lines = run.stdout.splitlines()
    for name in ROWS:
        assert any(line.startswith(name) and line.rstrip()[-1].isdigit() for line in lines), name
    assert any(line.startswith("livelossplot") for line in lines) \
        or "livelossplot is not installed" in run.stdout
    for part in PROFILE_ROWS:
        assert any(line.startswith(part) and " ms " in line and "%" in line for line in lines), part
    assert any(line.startswith("Keras's floor: a no-op callback") for line in lines), run.stdout
    assert any("comm_msg by widget" in line and "FloatProgressModel" in line for line in lines), run.stdout
    # the playground, played in the same kernel against its training without display
    playground = lines.index(next(line for line in lines if line.startswith("the playground in the kernel")))
    row = lines[playground + 2].split()
    assert row[0] == "default" and row[-1].endswith("%") and float(row[-5]) > 0, lines[playground:]
