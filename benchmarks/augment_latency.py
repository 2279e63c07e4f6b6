"""How fast the augmentation preview redraws (target: median <= 100 ms).

A 3 x 3 grid of 128 x 128 RGB images (the two sample photographs framed, seven
augmented versions) with typical classic settings. For each redraw, compute +
encode (what a click costs: a fresh seeded pipeline, the augmentation, the grid
JPEG) is timed beside the Keras layers alone on the same batch, interleaved.
"""

from __future__ import annotations

import statistics
import time

import kerastutor as kt

ROUNDS = 30
TARGET_MS = 100.0
SETTINGS = {"rotation_range": 20, "width_shift_range": 0.1, "height_shift_range": 0.1, "zoom_range": 0.2,
            "horizontal_flip": True, "brightness_range": [0.8, 1.2], "contrast": 0.2}


def main() -> None:
    """Interleave full redraws and bare layer calls; print medians and their ratio."""
    preview = kt.augment_preview(rows=3, columns=3, **SETTINGS)
    batch = preview.sources[[i % len(preview.sources) for i in range(len(preview.images()))]]
    layers = preview.pipeline()
    layers(batch, training=True)  # warm-up
    redraw, alone = [], []
    for index in range(ROUNDS):
        started = time.perf_counter()
        preview.set(seed=index + 1)
        redraw.append(time.perf_counter() - started)
        started = time.perf_counter()
        layers(batch, training=True)
        alone.append(time.perf_counter() - started)
    redraw_ms, alone_ms = statistics.median(redraw) * 1000, statistics.median(alone) * 1000
    print(f"3x3 grid of 128x128 RGB, {len(batch)} augmented, {len(layers.layers)} layers, {ROUNDS} rounds")
    print(f"redraw (pipeline + augment + JPEG): median {redraw_ms:6.1f} ms ({redraw_ms / TARGET_MS:.2f}x the "
          f"{TARGET_MS:.0f} ms target)")
    print(f"Keras layers alone:                median {alone_ms:6.1f} ms (redraw / layers = "
          f"{redraw_ms / alone_ms:.2f}x)")


if __name__ == "__main__":
    main()
