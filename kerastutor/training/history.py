"""What a training run logged, and how it groups into plot panels.

Pure computation: plain Python and numpy, no display code. Rows are stored
whole (one ``append`` per epoch or batch), so an interrupt can never leave
the record half-written.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

LEARNING_RATE = "learning_rate"
VALIDATION_PREFIX = "val_"
_EPOCH_TAG, _STEPS_TAG = "epoch", "steps"
_TAGS = (_EPOCH_TAG, _STEPS_TAG)
# A vector metric (``F1Score(average=None)``: one value per class) is kept as one key per value,
# ``f1_score[0]``, ``f1_score[1]``...; one with more values than this is not kept at all.
MAX_VALUES = 1_000
# Values of one vector metric drawn in its panel (training and validation each); all are kept.
MAX_DRAWN = 10
_COMPONENT = re.compile(r"\[(\d+)\]$")


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


def component_key(key: str, index: int) -> str:
    """The key of a vector metric's ``index``-th value: ``f1_score[2]``."""
    return f"{key}[{index}]"


def component_index(key: str) -> int | None:
    """``f1_score[2]`` -> 2; a scalar key -> None."""
    found = _COMPONENT.search(key)
    return int(found.group(1)) if found else None


def metric_of(key: str) -> str:
    """The panel a logged key belongs to: ``val_f1_score[2]`` -> ``f1_score``."""
    return _COMPONENT.sub("", base_name(key))


def as_values(value: object) -> np.ndarray | None:
    """A logged value as a float array (0-d for a scalar); None for what is not numbers."""
    if value is None:
        return None
    try:
        return np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return None


def vector_sizes(logs: Mapping[str, object]) -> dict[str, int]:
    """The logged keys whose value is a vector (or larger array), with their number of values."""
    sizes = {}
    for key, value in logs.items():
        array = as_values(value)
        if array is not None and array.ndim > 0:
            sizes[key] = int(array.size)
    return sizes


def group_panels(keys: Iterable[str], only: Sequence[str] | None = None) -> list[Panel]:
    """Pair each metric with its ``val_`` twin, ``loss`` first, learning rate excluded.

    A vector metric's values (``f1_score[0]``...) share one panel, at most ``MAX_DRAWN`` of
    them (and as many validation ones). ``only`` restricts the panels to these metric names,
    in that order.
    """
    present = [key for key in dict.fromkeys(keys) if key != LEARNING_RATE]
    metrics = list(dict.fromkeys(metric_of(key) for key in present))
    if only is not None:
        metrics = [m for m in only if m in metrics]
    elif "loss" in metrics:
        metrics.remove("loss")
        metrics.insert(0, "loss")
    return [Panel(m, _series(m, present)) for m in metrics]


def _series(metric: str, present: Sequence[str]) -> tuple[str, ...]:
    mine = [key for key in present if metric_of(key) == metric]
    training = [key for key in mine if not key.startswith(VALIDATION_PREFIX)][:MAX_DRAWN]
    validation = [key for key in mine if key.startswith(VALIDATION_PREFIX)][:MAX_DRAWN]
    return tuple(training + validation)


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
        """Add one completed epoch's values (vectors split by ``_numbers``; non-numbers ignored)."""
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


def _numbers(logs: Mapping[str, object]) -> dict[str, float]:
    """The entries of ``logs`` that are numbers, as floats; a vector's values each under its own
    key (``f1_score[0]``...), up to ``MAX_VALUES`` of them; text and other objects left out."""
    row = {}
    for key, value in logs.items():
        array = as_values(value)
        if array is None:
            continue
        if array.ndim == 0:
            row[key] = float(array)
        elif array.size <= MAX_VALUES:
            row.update((component_key(key, i), float(v)) for i, v in enumerate(array.ravel()))
    return row
