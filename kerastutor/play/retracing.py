"""Keep TensorFlow's "frequent retracing" warning about the playground's own training out of a notebook.

Every new playground network (any change of a control but the learning rate) traces its own Keras
train function once, and TensorFlow counts traces per Python function across all models: with a
whole playground epoch per call into TensorFlow, a learner who changes a control and steps one epoch,
five times over, makes five traces in ten calls, which TensorFlow logs as a warning (red text in a
notebook, a failed nbval comparison) though nothing is wrong. ``quiet_retracing()`` drops that one
warning, only when it comes from the thread training the playground and only while it trains.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

RETRACING = "triggered tf.function retracing"


class _PlaygroundRetracing(logging.Filter):
    """Drops the retracing warning logged by a thread while it trains a playground."""

    def __init__(self) -> None:
        super().__init__()
        self.threads: set[int] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        """False (drop) for the retracing warning from a training thread; True for anything else."""
        return not (record.thread in self.threads and RETRACING in record.getMessage())


_FILTER = _PlaygroundRetracing()


@contextmanager
def quiet_retracing() -> Iterator[None]:
    """While inside, this thread's retracing warnings from TensorFlow are not shown."""
    logger = logging.getLogger("tensorflow")
    if _FILTER not in logger.filters:
        logger.addFilter(_FILTER)
    thread = threading.get_ident()
    _FILTER.threads.add(thread)
    try:
        yield
    finally:
        _FILTER.threads.discard(thread)
