"""Cost of LivePlot during training, as a ratio to training with no callback.

Workload (from the issue): an MLP on scikit-learn's digits tiled to ~18k samples,
20 epochs, batch 64, the same seeded model for every configuration. Runs are
interleaved round by round so that machine noise hits every configuration alike.

Configurations:
- none: no callback;
- LivePlot (widget): the live view as in JupyterLab (real widgets and PNG
  renders; only the browser is missing), epoch curves;
- LivePlot per_batch (widget): the same with per-batch curves;
- LivePlot (script): what a script or terminal gets (a table at the end);
- livelossplot: PlotLossesKeras, when livelossplot is installed.

Targets: LivePlot at most 1.03x per epoch and 1.10x per batch.
"""

from __future__ import annotations

import contextlib
import gc
import io
import os
import statistics
import time

os.environ.setdefault("MPLBACKEND", "Agg")

import keras  # noqa: E402
import numpy as np  # noqa: E402
from sklearn.datasets import load_digits  # noqa: E402

from kerastutor.training import callback, view  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
EPOCHS, BATCH = 20, 64


class _Handle:
    def update(self, *args, **kwargs) -> None:
        """Accept the final update a notebook front end would receive."""


def _no_browser_display(*args, **kwargs):
    return _Handle()


def workload() -> tuple[np.ndarray, np.ndarray]:
    """Digits tiled ten times: 17,970 samples of 64 features."""
    digits = load_digits()
    x = np.tile(digits.data.astype("float32") / 16.0, (10, 1))
    y = np.tile(digits.target, 10)
    return x, y


def fresh_start(mode: str | None) -> None:
    """Before a timed fit: display mode ``mode`` (None: the default), a fresh Keras session, garbage
    collected, so no run pays for the one before it."""
    if mode:
        os.environ["KERASTUTOR_DISPLAY"] = mode
    else:
        os.environ.pop("KERASTUTOR_DISPLAY", None)
    keras.backend.clear_session()
    gc.collect()


def build_model() -> keras.Model:
    """The same seeded MLP for every run."""
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((64,)), keras.layers.Dense(128, activation="relu"),
                              keras.layers.Dense(64, activation="relu"),
                              keras.layers.Dense(10, activation="softmax")])
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def configurations() -> dict[str, tuple[str | None, callable]]:
    """name -> (display mode, factory of the callbacks list)."""
    configs = {
        "none": (None, lambda: []),
        "LivePlot (widget)": ("widget", lambda: [callback.LivePlot()]),
        "LivePlot per_batch (widget)": ("widget", lambda: [callback.LivePlot(per_batch=True)]),
        "LivePlot (script)": ("text", lambda: [callback.LivePlot()]),
    }
    try:
        from livelossplot import PlotLossesKeras

        # its matplotlib output, as in a notebook (in a script it would only print text)
        configs["livelossplot"] = (None, lambda: [PlotLossesKeras(outputs=["MatplotlibPlot"])])
    except ImportError:
        print("livelossplot is not installed: its row is left out (pip install livelossplot)")
    return configs


def run(x, y, mode: str | None, make_callbacks) -> tuple[float, float]:
    """Wall and CPU seconds (all threads of this process) one fit takes."""
    fresh_start(mode)
    model = build_model()
    callbacks = make_callbacks()
    started, started_cpu = time.perf_counter(), time.process_time()
    with contextlib.redirect_stdout(io.StringIO()):  # the script-mode table, livelossplot's text
        model.fit(x, y, epochs=EPOCHS, batch_size=BATCH, validation_split=0.1, verbose=0,
                  callbacks=callbacks)
    return time.perf_counter() - started, time.process_time() - started_cpu


def render_cost(x, y) -> float:
    """Median seconds of one LivePlot redraw (draw + PNG encode) after 20 epochs."""
    os.environ["KERASTUTOR_DISPLAY"] = "text"
    plot = callback.LivePlot()
    with contextlib.redirect_stdout(io.StringIO()):
        build_model().fit(x[:2000], y[:2000], epochs=EPOCHS, validation_split=0.1, verbose=0,
                          callbacks=[plot])
    costs = []
    for _ in range(10):
        started = time.perf_counter()
        plot._render()
        costs.append(time.perf_counter() - started)
    return statistics.median(costs)


def main() -> None:
    """Warm up, interleave the rounds, print medians as ratios to no callback."""
    view.display = _no_browser_display  # widgets are real; there is just no browser to show them
    x, y = workload()
    configs = configurations()
    run(x, y, *configs["none"])  # warm-up: graph tracing, caches
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in configs}
    for round_index in range(ROUNDS):
        names = list(configs) if round_index % 2 == 0 else list(reversed(configs))
        for name in names:
            times[name].append(run(x, y, *configs[name]))
    base_wall = statistics.median(wall for wall, _ in times["none"])
    base_cpu = statistics.median(cpu for _, cpu in times["none"])
    print(f"\n{len(x)} samples, {EPOCHS} epochs, batch {BATCH}, {ROUNDS} interleaved rounds")
    print(f"{'configuration':<30} {'wall':>7} {'ratio':>7} {'CPU':>8} {'ratio':>7}   wall per round")
    for name, values in times.items():
        wall = statistics.median(w for w, _ in values)
        cpu = statistics.median(c for _, c in values)
        rounds = " ".join(f"{w:5.2f}" for w, _ in values)
        ratios = f"{wall / base_wall:6.3f}x {cpu:7.2f}s {cpu / base_cpu:6.3f}x"
        print(f"{name:<30} {wall:6.2f}s {ratios}   {rounds}")
    print("targets: LivePlot <= 1.03x per epoch, <= 1.10x per batch")
    print(f"one LivePlot redraw (draw + PNG): {render_cost(x, y) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
