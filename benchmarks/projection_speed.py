"""How long ``kt.projection`` takes for 5,000 MNIST samples with PCA (the issue: "in seconds on one CPU"),
as a ratio to one ``model.predict`` of the same data measured side by side.

Workload: the shipped MNIST subset (``kerastutor.datasets.load("mnist", train_size=5000)``), a small CNN
(Conv2D 16 -> pooling -> Dense 64 -> Dense 10), projected at its penultimate layer (the Dense 64).
Rounds alternate the order of predict and projection so that machine noise hits both alike. Reported:
activations + PCA (``kt.projection``), the scatter figure as PNG (``snapshot``), their sum, the widget
(SVG scatter of every point), and the ratio of the sum to ``predict``.

``BENCH_SAMPLES`` (default 5000) and ``BENCH_ROUNDS`` (default 3) make it smaller for a smoke test.
"""

from __future__ import annotations

import os
import statistics
import time

os.environ.setdefault("KERASTUTOR_DISPLAY", "text")

import kerastutor as kt  # noqa: E402, I001  (first: it loads Keras quietly)
import keras  # noqa: E402
import numpy as np  # noqa: E402

SAMPLES = int(os.environ.get("BENCH_SAMPLES", "5000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))


def workload() -> tuple[np.ndarray, np.ndarray]:
    """MNIST digits scaled to [0, 1], with a channel axis, and their labels."""
    data = kt.datasets.load("mnist", train_size=SAMPLES, test_size=10)
    return (data.x_train[..., None] / 255.0).astype("float32"), data.y_train


def small_cnn() -> keras.Model:
    """A seeded small CNN for 28x28 digits (untrained: the cost does not depend on the weights)."""
    keras.utils.set_random_seed(0)
    return keras.Sequential([
        keras.Input((28, 28, 1)), keras.layers.Conv2D(16, 3, activation="relu"), keras.layers.MaxPooling2D(),
        keras.layers.Flatten(), keras.layers.Dense(64, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ], name="small_cnn")


def timed(action) -> tuple[float, object]:
    """Seconds ``action()`` takes, and what it returned."""
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def main() -> None:
    """Warm up, alternate predict and projection for some rounds, print medians and the ratio."""
    x, y = workload()
    model = small_cnn()
    model.predict(x[:32], verbose=0)  # warm-up: graph tracing
    kt.projection(model, x[:32], y[:32])
    times: dict[str, list[float]] = {"predict": [], "projection": [], "figure": [], "widget": []}
    for round_index in range(ROUNDS):
        steps = ["predict", "projection"] if round_index % 2 == 0 else ["projection", "predict"]
        for step in steps:
            if step == "predict":
                times["predict"].append(timed(lambda: model.predict(x, batch_size=256, verbose=0))[0])
            else:
                seconds, projector = timed(lambda: kt.projection(model, x, y))
                times["projection"].append(seconds)
                times["figure"].append(timed(projector.snapshot)[0])
                times["widget"].append(timed(lambda projector=projector: projector.widget)[0])
    median = {name: statistics.median(values) for name, values in times.items()}
    total = median["projection"] + median["figure"]
    print(f"{len(x):,} MNIST samples, model {model.name} (penultimate layer: 64 values), PCA, "
          f"{ROUNDS} rounds")
    print(f"model.predict (batch 256):           {median['predict']:6.2f} s")
    print(f"kt.projection (activations + PCA):   {median['projection']:6.2f} s")
    print(f"scatter figure as PNG (snapshot):    {median['figure']:6.2f} s")
    ratio = total / median["predict"]
    print(f"activations + projection + figure:   {total:6.2f} s  ratio to predict {ratio:.2f}x")
    print(f"widget (SVG scatter of every point): {median['widget']:6.2f} s")


if __name__ == "__main__":
    main()
