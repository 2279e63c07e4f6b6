"""How fast the inspector answers a click on another layer (target: median <= 150 ms).

Model: the lessons' CNN on scikit-learn's 8x8 digits (two Conv2D + pooling blocks
and a dense head), a batch of 8 samples. For each tab that depends on the
selected layer, every layer is selected in turn, several rounds, and the median
time of ``select`` is printed beside the target. The first open (which computes
every activation once) is printed too.
"""

from __future__ import annotations

import statistics
import time

import keras
from sklearn.datasets import load_digits

import kerastutor as kt
from kerastutor.inspector.view import ACTIVATIONS, LAYER, WEIGHTS

TARGET_MS = 150.0
ROUNDS = 5


def lesson_cnn() -> keras.Model:
    """The convolutional network of the lessons, for 8x8 grey digits."""
    keras.utils.set_random_seed(0)
    return keras.Sequential([
        keras.Input((8, 8, 1)),
        keras.layers.Conv2D(16, 3, padding="same", activation="relu"), keras.layers.MaxPooling2D(),
        keras.layers.Conv2D(32, 3, padding="same", activation="relu"), keras.layers.MaxPooling2D(),
        keras.layers.Flatten(), keras.layers.Dropout(0.3),
        keras.layers.Dense(64, activation="relu"), keras.layers.Dense(10, activation="softmax"),
    ], name="lesson_cnn")


def main() -> None:
    """Open the inspector, then time layer switches per tab."""
    images = (load_digits().images[:8, :, :, None] / 16.0).astype("float32")
    model = lesson_cnn()
    started = time.perf_counter()
    inspector = kt.inspect(model, images)
    opened = time.perf_counter() - started
    names = [tap.name for tap in inspector.taps]
    print(f"model {model.name}: {len(names)} layers, sample batch {images.shape}")
    print(f"opening the inspector: {opened * 1000:.0f} ms")
    for tab, title in ((LAYER, "Layer"), (WEIGHTS, "Weights"), (ACTIVATIONS, "Activations")):
        inspector.tabs.selected_index = tab
        times = []
        for _ in range(ROUNDS):
            for name in names:
                started = time.perf_counter()
                inspector.select(name)
                times.append(time.perf_counter() - started)
        median, worst = statistics.median(times) * 1000, max(times) * 1000
        print(f"switch layer, {title:<11} tab: median {median:6.1f} ms ({median / TARGET_MS:.2f}x the "
              f"{TARGET_MS:.0f} ms target), slowest {worst:6.1f} ms")


if __name__ == "__main__":
    main()
