"""What a training run logged, and how it groups into plot panels.

Pure computation: plain Python and numpy, no display code. Rows are stored
whole (one ``append`` per epoch or batch), so an interrupt can never leave
the record half-written.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

LEARNING_RATE = "learning_rate"
VALIDATION_PREFIX = "val_"
_EPOCH_TAG, _STEPS_TAG = "epoch", "steps"
_TAGS = (_EPOCH_TAG, _STEPS_TAG)


@dataclass(frozen=True)
class Panel:
    """One plot panel: a metric and the series drawn in it (``loss``, ``val_loss``)."""

    metric: str
    series: tuple[str, ...]


@dataclass(frozen=True)
class BestEpoch:
    """The epoch with the lowest monitored value (1-based ``epoch``)."""

    epoch: int
    monitor: str
    value: float


def base_name(key: str) -> str:
    """``val_accuracy`` -> ``accuracy``; other names unchanged."""
    return key[len(VALIDATION_PREFIX):] if key.startswith(VALIDATION_PREFIX) else key


def group_panels(keys: Iterable[str], only: Sequence[str] | None = None) -> list[Panel]:
    """Pair each metric with its ``val_`` twin, ``loss`` first, learning rate excluded.

    ``only`` restricts the panels to these base metric names, in that order.
    """
    present = [key for key in dict.fromkeys(keys) if key != LEARNING_RATE]
    metrics = list(dict.fromkeys(base_name(key) for key in present))
    if only is not None:
        metrics = [m for m in only if m in metrics]
    elif "loss" in metrics:
        metrics.remove("loss")
        metrics.insert(0, "loss")
    return [
        Panel(m, tuple(k for k in (m, VALIDATION_PREFIX + m) if k in present)) for m in metrics
    ]


def smooth(values: Sequence[float], weight: float) -> np.ndarray:
    """Exponential moving average with bias correction (as TensorBoard draws it).

    ``weight`` in [0, 1): 0 returns the values unchanged. NaNs are skipped.
    """
    if not 0 <= weight < 1:
        raise ValueError(f"smoothing weight must be in [0, 1), got {weight!r}.")
    out = np.empty(len(values), dtype=float)
    average, count = 0.0, 0
    for i, value in enumerate(values):
        if math.isfinite(value):
            average = weight * average + (1 - weight) * value
            count += 1
        out[i] = average / (1 - weight**count) if count else math.nan
    return out


def _columns(rows: Sequence[Mapping[str, float]]) -> dict[str, list[float]]:
    keys = list(dict.fromkeys(key for row in rows for key in row))
    return {key: [row.get(key, math.nan) for row in rows] for key in keys}


class TrainingHistory:
    """Per-epoch and per-batch values of a training run, across several ``fit`` calls."""

    def __init__(self) -> None:
        self._epochs: list[dict[str, float]] = []
        self._batches: list[dict[str, float]] = []

    def reset(self) -> None:
        """Forget everything recorded."""
        self._epochs = []
        self._batches = []

    @property
    def epoch_count(self) -> int:
        """Number of completed epochs recorded."""
        return len(self._epochs)

    @property
    def batch_count(self) -> int:
        """Number of batches recorded."""
        return len(self._batches)

    def record_epoch(self, logs: Mapping[str, float]) -> None:
        """Add one completed epoch's values (non-numbers are ignored)."""
        self._epochs.append(_numbers(logs))

    def record_batch(self, logs: Mapping[str, float], steps: int | None = None) -> None:
        """Add one batch's values, tagged with its epoch and the epoch's length if known."""
        row = _numbers(logs)
        row[_EPOCH_TAG] = float(self.epoch_count)
        row[_STEPS_TAG] = float(steps) if steps else math.nan
        self._batches.append(row)

    def epochs(self) -> dict[str, list[float]]:
        """Column view of the epochs: ``{"epoch": [1, 2, ...], "loss": [...], ...}``."""
        columns = _columns(self._epochs)
        return {"epoch": [float(i + 1) for i in range(len(self._epochs))], **columns}

    def batches(self) -> dict[str, list[float]]:
        """Column view of the batches, with ``epoch_progress``: a fractional epoch axis."""
        columns = _columns(self._batches)
        columns.pop(_EPOCH_TAG, None)
        columns.pop(_STEPS_TAG, None)
        return {"epoch_progress": self._batch_positions(), **columns}

    def as_dict(self) -> dict[str, dict[str, list[float]]]:
        """Plain ``{"epoch": {...}, "batch": {...}}`` dict of lists (copies)."""
        return {"epoch": self.epochs(), "batch": self.batches()}

    def last_epoch(self) -> dict[str, float]:
        """The most recent epoch's values (empty before the first epoch)."""
        return dict(self._epochs[-1]) if self._epochs else {}

    def _batch_positions(self) -> list[float]:
        """x position of each batch in epochs: batch k of n in epoch e sits at e + k/n.

        n is the epoch's announced length; else its recorded length once it is
        complete; else (the epoch in progress) the previous epoch's length.
        """
        counts: dict[int, int] = {}
        for row in self._batches:
            epoch = int(row[_EPOCH_TAG])
            counts[epoch] = counts.get(epoch, 0) + 1
        positions, seen = [], {}
        for row in self._batches:
            epoch = int(row[_EPOCH_TAG])
            seen[epoch] = seen.get(epoch, 0) + 1
            length = row[_STEPS_TAG]
            if not math.isfinite(length):
                in_progress = epoch >= self.epoch_count
                length = counts.get(epoch - 1, counts[epoch]) if in_progress else counts[epoch]
            positions.append(epoch + seen[epoch] / max(length, seen[epoch]))
        return positions

    def panels(self, only: Sequence[str] | None = None) -> list[Panel]:
        """The metric panels for what has been recorded so far."""
        keys = [key for row in self._epochs for key in row]
        if not keys:
            keys = [key for row in self._batches for key in row if key not in _TAGS]
        return group_panels(keys, only)

    def best_epoch(self) -> BestEpoch | None:
        """Lowest ``val_loss`` epoch, or lowest ``loss`` without validation."""
        columns = self.epochs()
        for monitor in ("val_loss", "loss"):
            values = np.asarray(columns.get(monitor, []), dtype=float)
            if values.size and np.isfinite(values).any():
                index = int(np.nanargmin(np.where(np.isfinite(values), values, np.nan)))
                return BestEpoch(index + 1, monitor, float(values[index]))
        return None

    def learning_rate_changed(self) -> bool:
        """Whether more than one learning rate was recorded."""
        rates = {row[LEARNING_RATE] for row in self._epochs if LEARNING_RATE in row}
        return len(rates) > 1


def _numbers(logs: Mapping[str, float]) -> dict[str, float]:
    """Keep the entries of ``logs`` that are real scalars, as floats."""
    row = {}
    for key, value in logs.items():
        try:
            row[key] = float(value)
        except (TypeError, ValueError):
            continue
    return row
