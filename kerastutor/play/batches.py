"""The playground's training batches: one ``tf.data`` pipeline of every epoch, each in its own seeded order.

Keras spends milliseconds setting up every ``fit`` call and runs each call into TensorFlow from Python,
more than the playground's small batches take. So ``Session.step(epochs)`` runs one ``fit`` over all
the epochs' batches, ``steps_per_execution`` batches per call into TensorFlow (a whole playground
epoch, or an equal part of a long one), and counts the playground's epochs itself.

Epoch ``e``'s order is a stateless shuffle seeded with ``(seed, e)``: the same settings train the same
way in one ``step`` or several, and the learner's global random state is neither read nor touched.
Each epoch is batched on its own, so its last batch is smaller when the batch size does not divide
the data. The pipeline is built once (its functions are traced once, without AutoGraph: they have no
control flow, and AutoGraph's warnings would reach a notebook); ``start(epoch)`` sets where the next
``fit`` begins (inside an epoch, when a step stopped there: a pause inside a long epoch loses nothing
and repeats nothing). It runs on the training thread, without tf.data's background prefetching: on one CPU
that thread only competes with training, and ending it costs every ``fit`` tens of milliseconds.
"""

from __future__ import annotations

import math

import numpy as np

from .._quiet import import_keras

# At most this many batches per call into TensorFlow: on one CPU the largest network (6 x 8 neurons)
# takes about 0.4 ms a batch, so Keras's callbacks (pause, redraw) run at least every ~10 ms (twice
# that on a CPU shared with another process), well within a redraw interval.
MAX_STEPS_PER_EXECUTION = 25


def steps_per_execution(batches_per_epoch: int, most: int = MAX_STEPS_PER_EXECUTION) -> int:
    """Batches per call into TensorFlow: the largest divisor of ``batches_per_epoch`` up to ``most``, so
    every playground epoch ends at the end of a call (where its loss is recorded). 1 for no batches (a
    drawing with too few points, which cannot train yet)."""
    return max((d for d in range(1, min(batches_per_epoch, most) + 1) if batches_per_epoch % d == 0),
               default=1)


class EpochBatches:
    """The batches of ``(x, y)`` of epochs ``first, first + 1, ...``, each epoch shuffled from ``seed``."""

    def __init__(self, x: np.ndarray, y: np.ndarray, seed: int, batch_size: int) -> None:
        import_keras()
        import tensorflow as tf

        self.x, self.y, self.seed, self.batch_size = x, y, seed, batch_size
        self.batches_per_epoch = math.ceil(len(x) / batch_size)
        self.steps_per_execution = steps_per_execution(self.batches_per_epoch)
        self.into_epoch = 0  # batches of the next epoch trained already (by a step stopped inside it)
        # read as each fit's pipeline starts: its first epoch, and how many of that epoch's batches to skip
        self._first = tf.Variable(0, dtype=tf.int64, trainable=False)
        self._skip = tf.Variable(0, dtype=tf.int64, trainable=False)
        features, labels = tf.constant(x), tf.constant(y)
        plain = tf.autograph.experimental.do_not_convert  # straight-line functions: nothing to convert

        @plain
        def numbered(count):
            return count + self._first

        @plain
        def one_epoch(epoch):
            skip = tf.where(tf.equal(epoch, self._first), self._skip, tf.constant(0, tf.int64))
            return tf.data.Dataset.from_tensor_slices(self._order(epoch)).batch(batch_size).skip(skip)

        @plain
        def samples(chosen):
            return tf.gather(features, chosen), tf.gather(labels, chosen)

        options = tf.data.Options()
        options.autotune.enabled = False
        options.experimental_optimization.inject_prefetch = False
        self.dataset = (tf.data.Dataset.counter().map(numbered).flat_map(one_epoch).map(samples)
                        .with_options(options))

    def _order(self, epoch):
        import tensorflow as tf

        seed = tf.stack([tf.constant(self.seed, tf.int64), tf.cast(epoch, tf.int64)])
        return tf.random.experimental.stateless_shuffle(tf.range(len(self.x)), seed=seed)

    def order(self, epoch: int) -> np.ndarray:
        """The order of the samples in epoch ``epoch``: the same for the same seed, whatever came before."""
        return np.asarray(self._order(epoch))

    def start(self, first_epoch: int) -> None:
        """Make the next pass over ``dataset`` begin with epoch ``first_epoch``, after its first
        ``into_epoch`` batches."""
        self._first.assign(first_epoch)
        self._skip.assign(self.into_epoch)
