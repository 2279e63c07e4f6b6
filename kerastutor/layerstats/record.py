"""Per-layer statistics over training: what one record holds and how records are kept. Pure numpy.

A *record* is one moment of training (before the first epoch, after each epoch, and every k
batches when asked); it holds one row per layer with weights. Rows of a record are appended
together, so an interrupt never leaves a record half-written.

Statistics of one layer (all its weights taken together, kernel and bias):

- ``weight_mean``, ``weight_std``: of the weights;
- ``update_ratio``: ``||w - w_prev|| / ||w_prev||``, with ``w_prev`` the weights at the previous
  record (NaN at the first record);
- ``gradient_norm``: the norm of the loss's gradient with respect to the layer's weights on the
  sample batch (NaN when not measured, such as for a frozen layer);
- ``activation_mean``, ``activation_std``: of the layer's output on the sample batch;
- ``dead_fraction``: the share of the layer's units (last axis: a Dense unit, a convolution
  filter) whose output is zero for every sample of the batch, at every position.

Weight histograms have ``BINS`` bins fixed per layer at its first record: from ``-r`` to ``r``
with ``r`` twice the largest absolute weight then (1.0 for a layer of zeros); weights that later
fall outside are counted in the outermost bins, so weights that blow up pile at the edges.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np

BINS = 30
# The statistics a heatmap can show, in the order the dropdown lists them.
STATISTICS = ("gradient_norm", "update_ratio", "weight_std", "dead_fraction", "activation_std",
              "weight_mean", "activation_mean")
DEFAULT_STATISTICS = STATISTICS[:5]
GRADIENT_STATISTICS = ("gradient_norm",)
ACTIVATION_STATISTICS = ("dead_fraction", "activation_std", "activation_mean")
LABELS = {"gradient_norm": "gradient norm", "update_ratio": "update ratio ||Δw||/||w||",
          "weight_std": "weight std", "dead_fraction": "fraction of dead units",
          "activation_std": "activation std", "weight_mean": "weight mean",
          "activation_mean": "activation mean"}
POSITION = ("record", "epoch", "step", "layer")
EDGE_SCALE = 2.0  # histogram range: this many times the largest absolute weight at the first record


def weight_statistics(weights: np.ndarray, previous: np.ndarray | None) -> dict[str, float]:
    """Mean, std and update ratio of one layer's flattened weights (``previous``: at the last record)."""
    ratio = math.nan
    if previous is not None and previous.shape == weights.shape:
        norm = _norm(previous)
        change = _norm(weights - previous)
        ratio = change / norm if norm > 0 else (0.0 if change == 0 else math.inf)
    if not weights.size:
        return {"weight_mean": math.nan, "weight_std": math.nan, "update_ratio": ratio}
    mean = float(weights.mean(dtype=np.float64))
    return {"weight_mean": mean, "weight_std": float(weights.std(dtype=np.float64)), "update_ratio": ratio}


def _norm(values: np.ndarray) -> float:
    """The Euclidean norm, summed in float64."""
    flat = values.ravel().astype(np.float64, copy=False)
    return math.sqrt(float(np.dot(flat, flat)))


def activation_statistics(output: np.ndarray) -> dict[str, float]:
    """Mean, std and fraction of dead units of one layer's output on a batch (units: the last axis)."""
    values = np.asarray(output)
    if values.ndim < 2 or values.size == 0:
        return {"activation_mean": math.nan, "activation_std": math.nan, "dead_fraction": math.nan}
    dead = ~values.reshape(-1, values.shape[-1]).any(axis=0)
    return {"activation_mean": float(values.mean(dtype=np.float64)),
            "activation_std": float(values.std(dtype=np.float64)), "dead_fraction": float(dead.mean())}


def histogram_edges(weights: np.ndarray, bins: int = BINS) -> np.ndarray:
    """The fixed bin edges of a layer, from its weights at its first record."""
    largest = float(np.abs(weights).max()) if weights.size else 0.0
    reach = EDGE_SCALE * largest if math.isfinite(largest) and largest > 0 else 1.0
    return np.linspace(-reach, reach, bins + 1)


def histogram(weights: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """Counts of ``weights`` in ``edges``' bins, values outside counted in the outermost bins."""
    finite = weights[np.isfinite(weights)]
    bins = len(edges) - 1
    index = np.floor((finite - edges[0]) * (bins / (edges[-1] - edges[0])))
    return np.bincount(np.clip(index, 0, bins - 1).astype(np.intp), minlength=bins)


class LayerRecord:
    """Rows of statistics, one per layer per record, with each layer's weight histograms."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        """Forget every record (and the weights update ratios compare with)."""
        self.layers: list[str] = []
        self._rows: list[dict[str, object]] = []
        self._histograms: list[np.ndarray] = []
        self._edges: dict[str, np.ndarray] = {}
        self._previous: dict[str, np.ndarray] = {}
        self._count = 0

    @property
    def count(self) -> int:
        """Number of records."""
        return self._count

    def add(self, epoch: float, step: int, weights: Mapping[str, np.ndarray],
            gradients: Mapping[str, float] | None = None,
            outputs: Mapping[str, Mapping[str, float]] | None = None) -> None:
        """Add one record: each layer's flattened weights, its gradient norm and the statistics of
        its output (each may be missing for a layer: NaN is kept)."""
        rows, histograms = [], []
        for name, values in weights.items():
            if name not in self._edges:
                self._edges[name] = histogram_edges(values)
                self.layers.append(name)
            row: dict[str, object] = {"record": self._count, "epoch": float(epoch), "step": int(step),
                                      "layer": name}
            row.update(weight_statistics(values, self._previous.get(name)))
            row["gradient_norm"] = float((gradients or {}).get(name, math.nan))
            row.update(dict.fromkeys(ACTIVATION_STATISTICS, math.nan))
            row.update((outputs or {}).get(name, {}))
            rows.append(row)
            histograms.append(histogram(values, self._edges[name]))
        self._rows.extend(rows)
        self._histograms.extend(histograms)
        self._previous.update((name, np.array(values, copy=True)) for name, values in weights.items())
        self._count += 1

    def rows(self) -> list[dict[str, object]]:
        """Every row (copies), in record order then layer order."""
        return [dict(row) for row in self._rows]

    def as_dict(self) -> dict[str, list]:
        """Plain ``{column: [value per layer per record]}``, with ``weight_histogram`` (counts) and
        ``histogram_low``/``histogram_high`` (the range of its ``BINS`` equal bins)."""
        columns: dict[str, list] = {key: [row[key] for row in self._rows] for key in (*POSITION, *STATISTICS)}
        columns["weight_histogram"] = [counts.tolist() for counts in self._histograms]
        columns["histogram_low"] = [float(self._edges[row["layer"]][0]) for row in self._rows]
        columns["histogram_high"] = [float(self._edges[row["layer"]][-1]) for row in self._rows]
        return columns

    def table(self) -> tuple[list[str], list[list[object]]]:
        """Header and rows for a CSV file: one row per layer per record, one column per bin."""
        bins = [f"bin_{i}" for i in range(BINS)]
        header = [*POSITION, *STATISTICS, "histogram_low", "histogram_high", *bins]
        lines = []
        for row, counts in zip(self._rows, self._histograms):
            edges = self._edges[row["layer"]]
            lines.append([*(row[key] for key in (*POSITION, *STATISTICS)), float(edges[0]), float(edges[-1]),
                          *counts.tolist()])
        return header, lines

    def epochs(self) -> list[float]:
        """The epoch position of each record (0: before training; 1.5: half-way through the second)."""
        seen: dict[int, float] = {}
        for row in self._rows:
            seen.setdefault(int(row["record"]), float(row["epoch"]))
        return [seen[i] for i in sorted(seen)]

    def matrix(self, statistic: str) -> np.ndarray:
        """``statistic`` as a layers x records array (NaN where a layer has no value)."""
        grid = np.full((len(self.layers), self._count), np.nan)
        position = {name: i for i, name in enumerate(self.layers)}
        for row in self._rows:
            grid[position[row["layer"]], int(row["record"])] = row[statistic]
        return grid

    def histograms(self, layer: str) -> tuple[np.ndarray, np.ndarray]:
        """One layer's bin edges and its histograms as a records x bins array of fractions."""
        counts = [c for row, c in zip(self._rows, self._histograms) if row["layer"] == layer]
        array = np.array(counts, dtype=np.float64).reshape(-1, BINS)
        totals = array.sum(axis=1, keepdims=True)
        return self._edges[layer], np.divide(array, totals, out=np.zeros_like(array), where=totals > 0)

    def latest(self) -> list[dict[str, object]]:
        """The rows of the last record."""
        return [dict(row) for row in self._rows if row["record"] == self._count - 1]


def spans_orders(values: Sequence[float] | np.ndarray, orders: float = 2.0) -> bool:
    """True when the positive finite ``values`` span more than ``orders`` orders of magnitude."""
    array = np.asarray(values, dtype=np.float64)
    positive = array[np.isfinite(array) & (array > 0)]
    return positive.size > 1 and math.log10(positive.max() / positive.min()) > orders
