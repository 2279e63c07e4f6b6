"""The playground's training batches: many epochs in one Keras epoch, each in its own seeded order.

Keras spends about 70 ms setting up every epoch, more than the playground's twenty small batches
take. So ``Session.step(epochs)`` runs one Keras epoch made of all the epochs' batches, and counts
the playground's epochs itself. Each epoch's order comes from a generator seeded from the settings,
numbered by epoch: the same settings train the same way every time, in one ``step`` or several,
and the learner's global random state is never touched.
"""

from __future__ import annotations

import math

import numpy as np

from .._quiet import import_keras

keras = import_keras()


class SeededBatches(keras.utils.PyDataset):
    """The batches of epochs ``first, first + 1, ...`` of ``(x, y)``, as set by ``plan``."""

    def __init__(self, x: np.ndarray, y: np.ndarray, seed: int) -> None:
        super().__init__()
        self.x, self.y = x, y
        self._rng = np.random.default_rng(seed)
        self._orders: dict[int, np.ndarray] = {}
        self._drawn = 0  # epochs whose order has been drawn
        self.first_epoch, self.epochs, self.batch_size = 0, 1, 1

    def plan(self, first_epoch: int, epochs: int, batch_size: int) -> int:
        """Serve epochs ``first_epoch`` to ``first_epoch + epochs - 1``; return the batches per epoch."""
        self.first_epoch, self.epochs, self.batch_size = first_epoch, epochs, batch_size
        return self.batches_per_epoch

    @property
    def batches_per_epoch(self) -> int:
        """Batches in one epoch (the last one smaller when the batch size does not divide the data)."""
        return math.ceil(len(self.x) / self.batch_size)

    def order(self, epoch: int) -> np.ndarray:
        """The order of the samples in epoch ``epoch`` (drawn in epoch order, whatever is asked first)."""
        while self._drawn <= epoch:
            self._orders[self._drawn] = self._rng.permutation(len(self.x))
            self._drawn += 1
        for old in [e for e in self._orders if e < epoch - 1]:
            del self._orders[old]
        return self._orders[epoch]

    def __len__(self) -> int:
        """Batches in all the planned epochs."""
        return self.epochs * self.batches_per_epoch

    def __getitem__(self, index: int) -> tuple[np.ndarray, np.ndarray]:
        """Batch ``index``, counting through the planned epochs."""
        epoch, batch = divmod(index, self.batches_per_epoch)
        chosen = self.order(self.first_epoch + epoch)[batch * self.batch_size:(batch + 1) * self.batch_size]
        return self.x[chosen], self.y[chosen]
