"""How long kt.saliency takes, as seconds and as a ratio to one ``model.predict`` of the same batch.

Workloads (from the issue):
- 32 MNIST test digits (the shipped subset) through the lessons' small CNN (two Conv2D + pooling blocks,
  a Dense softmax head) trained for 1 epoch on 2,000 training digits, with each method at its default
  settings (SmoothGrad: 25 noisy copies per image; Integrated Gradients: 32 steps);
- Grad-CAM of one 224x224 image through MobileNetV2 (weights=None: ImageNet weights cannot be had
  offline; the time does not depend on the weights).

Each call is timed ``ROUNDS`` times after one warm-up call (which traces TensorFlow's functions) and the
median is printed, with the first call's time beside it. ``--tiny`` runs the same code at a toy size
(the smoke test in tests/test_saliency_benchmark.py).
"""

from __future__ import annotations

import os
import statistics
import sys
import time

os.environ.setdefault("MPLBACKEND", "Agg")

import kerastutor as kt  # noqa: E402, I001  (first: it loads Keras without TensorFlow's start-up lines)
import keras  # noqa: E402
import numpy as np  # noqa: E402

from kerastutor.attribution.compute import METHODS  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
FULL = {"images": 32, "train": 2000, "epochs": 1, "side": 224}
TINY = {"images": 2, "train": 64, "epochs": 1, "side": 32}


def mnist_cnn(train: int, epochs: int) -> tuple[keras.Model, np.ndarray]:
    """The lessons' small CNN trained on ``train`` MNIST digits, and the test digits (28x28x1 in [0, 1])."""
    data = kt.datasets.load("mnist", train_size=train, test_size=FULL["images"])
    x_train = data.x_train[..., None].astype("float32") / 255
    keras.utils.set_random_seed(0)
    model = keras.Sequential([
        keras.Input((28, 28, 1)),
        keras.layers.Conv2D(16, 3, activation="relu"), keras.layers.MaxPooling2D(),
        keras.layers.Conv2D(32, 3, activation="relu"), keras.layers.MaxPooling2D(),
        keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")], name="mnist_cnn")
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x_train, data.y_train, epochs=epochs, batch_size=64, verbose=0)
    return model, data.x_test[..., None].astype("float32") / 255


def timed(work) -> tuple[float, float]:
    """(first call, median of ROUNDS later calls) in seconds."""
    started = time.perf_counter()
    work()
    first = time.perf_counter() - started
    times = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return first, statistics.median(times)


def row(what: str, first: float, median: float, predict: float) -> str:
    return f"{what:<52} {first:8.2f} s {median:8.3f} s {median / predict:9.1f}x"


def main(size: dict[str, int]) -> None:
    """Print the table: per method on the MNIST batch, then Grad-CAM on MobileNetV2."""
    model, digits = mnist_cnn(size["train"], size["epochs"])
    images = digits[:size["images"]]
    print(f"{'workload':<52} {'first':>10} {'median':>10} {'/ predict':>10}")
    first, predict = timed(lambda: model.predict(images, verbose=0))
    print(row(f"model.predict, {len(images)} MNIST digits (CNN trained 1 epoch)", first, predict, predict))
    for method in METHODS:
        first, median = timed(lambda method=method: kt.saliency(model, images, method))
        print(row(f"saliency {method}, {len(images)} digits", first, median, predict))
    side = size["side"]
    mobile = keras.applications.MobileNetV2(weights=None, input_shape=(side, side, 3))
    picture = np.random.default_rng(0).uniform(-1, 1, (1, side, side, 3)).astype("float32")
    first, predict = timed(lambda: mobile.predict(picture, verbose=0))
    print(row(f"model.predict, MobileNetV2 {side}x{side}, 1 image", first, predict, predict))
    first, median = timed(lambda: kt.saliency(mobile, picture, "grad_cam"))
    print(row(f"saliency grad_cam, MobileNetV2 {side}x{side}, 1 image", first, median, predict))


if __name__ == "__main__":
    main(TINY if "--tiny" in sys.argv[1:] else FULL)
