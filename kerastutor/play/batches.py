"""The playground's training batches: shuffled by a generator seeded from the settings, so that the same
settings train the same way every time, without touching the learner's global random state."""

from __future__ import annotations

import math

import numpy as np

from .._quiet import import_keras

keras = import_keras()


class SeededBatches(keras.utils.PyDataset):
    """``(x, y)`` in batches of ``batch_size``, in a new seeded order every time ``shuffle()`` is called
    (at the start of each epoch; Keras's own epoch-end hook is not called at the end of a ``fit``, so
    it cannot keep two short ``fit`` calls in step with one long one). ``batch_size`` may be changed
    between ``fit`` calls."""

    def __init__(self, x: np.ndarray, y: np.ndarray, batch_size: int, seed: int) -> None:
        super().__init__()
        self.x, self.y, self.batch_size = x, y, batch_size
        self._rng = np.random.default_rng(seed)
        self._order = np.arange(len(x))

    def __len__(self) -> int:
        """Batches in one epoch."""
        return math.ceil(len(self.x) / self.batch_size)

    def __getitem__(self, index: int) -> tuple[np.ndarray, np.ndarray]:
        """Batch ``index`` of the current epoch."""
        chosen = self._order[index * self.batch_size:(index + 1) * self.batch_size]
        return self.x[chosen], self.y[chosen]

    def shuffle(self) -> None:
        """A new order for the epoch about to start."""
        self._order = self._rng.permutation(len(self.x))
