"""Cost of LayerStats during training, as a ratio to training with no callback.

Workloads (the lessons'): lesson 1's MNIST MLP (Flatten, Dense 128 relu, Dense 10; 8,000 training
images, batch 32, 10 epochs) and lesson 6's small CNN (two Conv2D + MaxPooling, Dense 10; 4,000
images, batch 64, 5 epochs), both on the MNIST shipped with kerastutor, validation_split=0.1, the
same seeded model for every configuration. Runs alternate round by round (the order reversed every
other round) so that machine noise hits every configuration alike.

Configurations:
- none: no callback;
- LayerStats (script): per epoch (the default interval), with a sample of 64 training images (as
  its documentation suggests), every statistic; what a script or terminal gets (a table at the end);
- LayerStats (widget): the same with the live view as in JupyterLab (real widgets and PNG renders;
  only the browser is missing).

Each LayerStats row also gives the seconds spent inside its hooks (median), and that cost as a
ratio, 1 + hooks / plain wall: the same cost without the noise of a shared machine.

Target: LayerStats at most 1.15x plain fit at the default interval.
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

import kerastutor as kt  # noqa: E402
from kerastutor.layerstats import callback, view  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
SAMPLE = 64  # as LayerStats' documentation suggests
TARGET = 1.15
# The hooks LayerStats works in by default, timed in each run: the seconds inside them are its cost
# without the machine's noise (a batch hook is left alone: wrapping it would make fit synchronous).
TIMED_HOOKS = ("on_train_begin", "on_epoch_begin", "on_epoch_end", "on_train_end")


class _Handle:
    def update(self, *args, **kwargs) -> None:
        """Accept the final update a notebook front end would receive."""


def _no_browser_display(*args, **kwargs):
    return _Handle()


view.display = _no_browser_display  # widgets are real; there is just no browser to show them


def mlp() -> keras.Model:
    """Lesson 1's MNIST MLP, seeded."""
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((28, 28)), keras.layers.Flatten(),
                              keras.layers.Dense(128, activation="relu"),
                              keras.layers.Dense(10, activation="softmax")])
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def cnn() -> keras.Model:
    """Lesson 6's small CNN, seeded."""
    keras.utils.set_random_seed(1)
    model = keras.Sequential([keras.Input((28, 28, 1)), keras.layers.Conv2D(16, 3, activation="relu"),
                              keras.layers.MaxPooling2D(), keras.layers.Conv2D(32, 3, activation="relu"),
                              keras.layers.MaxPooling2D(), keras.layers.Flatten(),
                              keras.layers.Dense(10, activation="softmax")])
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def workloads(mlp_size: int, cnn_size: int, epochs: tuple[int, int]) -> dict[str, dict]:
    """name -> the model builder, the data and fit's settings."""
    with contextlib.redirect_stdout(io.StringIO()):  # the note that the shipped subset is used
        mnist = kt.datasets.load("mnist", train_size=max(mlp_size, cnn_size), test_size=1)
    images = mnist.x_train.astype("float32") / 255
    return {"MNIST MLP": {"build": mlp, "x": images[:mlp_size], "y": mnist.y_train[:mlp_size],
                          "batch_size": 32, "epochs": epochs[0]},
            "MNIST CNN": {"build": cnn, "x": images[:cnn_size, ..., None], "y": mnist.y_train[:cnn_size],
                          "batch_size": 64, "epochs": epochs[1]}}


def configurations(x, y) -> dict[str, tuple[str | None, callable]]:
    """name -> (display mode, factory of the callbacks list)."""
    sample = (x[:SAMPLE], y[:SAMPLE])
    return {"none": (None, lambda: []),
            "LayerStats (script)": ("text", lambda: [callback.LayerStats(sample=sample)]),
            "LayerStats (widget)": ("widget", lambda: [callback.LayerStats(sample=sample)])}


def run(work: dict, mode: str | None, make_callbacks) -> float:
    """Wall seconds one fit takes."""
    if mode:
        os.environ["KERASTUTOR_DISPLAY"] = mode
    else:
        os.environ.pop("KERASTUTOR_DISPLAY", None)
    keras.backend.clear_session()
    gc.collect()
    model = work["build"]()
    callbacks = make_callbacks()
    inside = [0.0]
    for made in callbacks:
        for hook in TIMED_HOOKS:
            setattr(made, hook, _timed(getattr(made, hook), inside))
    started = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):  # the script-mode table
        model.fit(work["x"], work["y"], batch_size=work["batch_size"], epochs=work["epochs"],
                  validation_split=0.1, verbose=0, callbacks=callbacks)
    return time.perf_counter() - started, inside[0]


def _timed(hook, inside: list[float]):
    """``hook``, adding the seconds it takes to ``inside[0]``."""
    def timed(*args, **kwargs):
        started = time.perf_counter()
        try:
            return hook(*args, **kwargs)
        finally:
            inside[0] += time.perf_counter() - started
    return timed


def record_cost(work: dict) -> float:
    """Median seconds of one LayerStats record (weights, gradient pass, activation pass) after a fit."""
    os.environ["KERASTUTOR_DISPLAY"] = "text"
    stats = callback.LayerStats(sample=(work["x"][:SAMPLE], work["y"][:SAMPLE]))
    model = work["build"]()
    with contextlib.redirect_stdout(io.StringIO()):
        model.fit(work["x"][:256], work["y"][:256], epochs=1, verbose=0, callbacks=[stats])
    costs = []
    for _ in range(5):
        started = time.perf_counter()
        stats._take_record(1.0)
        costs.append(time.perf_counter() - started)
    return statistics.median(costs)


def main(rounds: int = ROUNDS, mlp_size: int = 8000, cnn_size: int = 4000, epochs: tuple[int, int] = (10, 5),
         only: str | None = None) -> dict[str, float]:
    """Warm up, alternate the rounds, print medians as ratios to no callback; return the ratios
    (``epochs``: the MLP's and the CNN's; ``only``: one workload by name)."""
    ratios = {}
    for name, work in workloads(mlp_size, cnn_size, epochs).items():
        if only is not None and name != only:
            continue
        configs = configurations(work["x"], work["y"])
        run(work, *configs["none"])  # warm-up: graph tracing, caches
        times: dict[str, list[tuple[float, float]]] = {config: [] for config in configs}
        for round_index in range(rounds):
            names = list(configs) if round_index % 2 == 0 else list(reversed(configs))
            for config in names:
                times[config].append(run(work, *configs[config]))
        base = statistics.median(wall for wall, _ in times["none"])
        print(f"\n{name}: {len(work['x'])} images, {work['epochs']} epochs, batch {work['batch_size']}, "
              f"{rounds} alternating rounds")
        print(f"{'configuration':<22} {'wall':>7} {'ratio':>7} {'in hooks':>9} {'(1 + hooks/plain)':>18}"
              "   wall per round")
        for config, values in times.items():
            wall = statistics.median(w for w, _ in values)
            inside = statistics.median(i for _, i in values)
            ratios[f"{name}, {config}"] = wall / base
            rounds_text = " ".join(f"{w:5.2f}" for w, _ in values)
            print(f"{config:<22} {wall:6.2f}s {wall / base:6.3f}x {inside:8.2f}s "
                  f"{1 + inside / base:17.3f}x   {rounds_text}")
        print(f"one record (weights, gradient and activation passes on {SAMPLE} images): "
              f"{record_cost(work) * 1000:.0f} ms")
    print(f"\ntarget: LayerStats <= {TARGET}x plain fit at the default interval (per epoch)")
    return ratios


if __name__ == "__main__":
    main()
