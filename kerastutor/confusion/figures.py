"""The confusion matrix (scikit-learn's ``ConfusionMatrixDisplay``) and the most confident mistakes (images in
a grid, other inputs as a table of values). Matplotlib figures on the Agg canvas, no pyplot state."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .._frontend import PALETTE
from .analysis import Analysis

DPI = 80
CELL = 1.5          # inches per image of the grid
COLUMNS = 8         # images per row of the grid
TITLE = 0.75        # inches above the grid for its title and the first row's captions
VALUES_SHOWN = 8    # input values a table row shows
MAX_WRITTEN = 20    # classes up to which the confusion matrix writes its counts
NORMALIZE = {"counts": None, "by true class (recall)": "true", "by predicted class (precision)": "pred"}


def new_figure(size: tuple[float, float]) -> Figure:
    """An empty figure of ``size`` inches on the Agg canvas."""
    figure = Figure(figsize=size, dpi=DPI)
    FigureCanvasAgg(figure)
    return figure


def is_image(sample_shape: tuple) -> bool:
    """Whether samples of this shape are shown as images: (H, W), (H, W, 1) or (H, W, 3), sides of 8+."""
    return (len(sample_shape) == 2 or len(sample_shape) == 3 and sample_shape[2] in (1, 3)) and min(
        sample_shape[:2]) >= 8


def displayable(image: np.ndarray) -> tuple[np.ndarray, str | None]:
    """An image as ``imshow`` takes it: 2-D grayscale (colour map "gray") or RGB scaled into [0, 1]."""
    values = np.asarray(image, dtype=np.float64)
    if values.ndim == 3 and values.shape[2] == 1:
        values = values[..., 0]
    if values.ndim == 2:
        return values, "gray"
    low, high = float(np.nanmin(values)), float(np.nanmax(values))
    scaled = values / 255.0 if high > 1 and low >= 0 else (values - low) / (high - low or 1.0)
    return np.clip(scaled, 0, 1), None


def confusion_size(count: int) -> tuple[float, float]:
    """The size in inches of the confusion matrix of ``count`` classes."""
    side = min(max(3.5, 0.45 * count + 1.5), 12)
    return side + 0.8, side


def draw_confusion(analysis: Analysis, normalize: str | None = None, ax=None) -> Figure:
    """The confusion matrix (rows: true class, columns: predicted), counts or shares (``normalize``:
    "true" rows sum to 1, "pred" columns do), written in the cells up to ``MAX_WRITTEN`` classes."""
    from sklearn.metrics import ConfusionMatrixDisplay

    count = len(analysis.names)
    if ax is None:
        ax = new_figure(confusion_size(count)).subplots()
    matrix = analysis.confusion.astype(np.float64)
    if normalize is not None:
        totals = matrix.sum(axis=1 if normalize == "true" else 0, keepdims=True)
        matrix = np.divide(matrix, totals, out=np.zeros_like(matrix), where=totals > 0)
    display = ConfusionMatrixDisplay(matrix if normalize else analysis.confusion,
                                     display_labels=analysis.names)
    display.plot(ax=ax, cmap="Blues", colorbar=True, include_values=count <= MAX_WRITTEN,
                 values_format=".2f" if normalize else "d",
                 xticks_rotation="vertical" if count > 10 else "horizontal")
    what = {None: "counts", "true": "share of each true class", "pred": "share of each predicted class"}
    ax.set_title(f"confusion matrix ({what[normalize]})", fontsize=10)
    return ax.figure


def caption(analysis: Analysis, index: int) -> str:
    """``true 7 · said 2 (98%)`` for sample ``index``."""
    predicted = int(analysis.predicted[index])
    return (f"#{index}: true {analysis.names[int(analysis.true[index])]}\n"
            f"said {analysis.names[predicted]} ({analysis.scores.confidence[index]:.0%})")


def grid_size(count: int) -> tuple[float, float]:
    """The size in inches of a grid of ``count`` images."""
    columns = min(COLUMNS, max(count, 1))
    return columns * CELL, math.ceil(max(count, 1) / columns) * (CELL + 0.35) + TITLE


def draw_grid(analysis: Analysis, images: np.ndarray, indices: Sequence[int],
              heatmaps: np.ndarray | None = None, figure=None, method: str = "") -> Figure:
    """The mistakes ``indices`` as images with their true and predicted labels and confidence; ``heatmaps``
    (one (H, W) map in [0, 1] per index, by saliency ``method``), when given, drawn over them. Drawn in
    ``figure`` (a Figure or SubFigure) if given, else in a new figure."""
    shown = max(len(indices), 1)
    columns = min(COLUMNS, shown)
    rows = math.ceil(shown / columns)
    height = grid_size(len(indices))[1]
    figure = figure if figure is not None else new_figure(grid_size(len(indices)))
    axes = figure.subplots(rows, columns, squeeze=False).ravel()
    for ax in axes:
        ax.set_axis_off()
    if not len(indices):
        axes[0].text(0.5, 0.5, "no mistake", ha="center", va="center", fontsize=11)
    for k, (ax, index) in enumerate(zip(axes, indices)):
        values, cmap = displayable(images[index])
        ax.imshow(values, cmap=cmap, interpolation="nearest")
        if heatmaps is not None:
            ax.imshow(heatmaps[k], cmap="jet", alpha=0.6 * heatmaps[k], vmin=0, vmax=1,
                      extent=(-0.5, values.shape[1] - 0.5, values.shape[0] - 0.5, -0.5))
        ax.set_title(caption(analysis, int(index)), fontsize=7, color=PALETTE["error"])
    looked = f" (over each: where the model looked to give its answer, {method})"
    title = "most confident mistakes" + ("" if heatmaps is None else looked)
    figure.suptitle(title, fontsize=10)
    figure.subplots_adjust(left=0.02, right=0.98, bottom=0.02, top=1 - TITLE / height, hspace=0.55,
                           wspace=0.1)
    return figure


def values_table(analysis: Analysis, inputs: np.ndarray, indices: Sequence[int]) -> str:
    """The mistakes ``indices`` as text rows: sample, true and predicted label, confidence, first values."""
    lines = ["sample  true  predicted  confidence  input values"]
    for index in indices:
        row = np.asarray(inputs[index]).ravel()
        shown = ", ".join(f"{v:.3g}" for v in row[:VALUES_SHOWN])
        shown += ", ..." if row.size > VALUES_SHOWN else ""
        lines.append(f"{index:6}  {analysis.names[int(analysis.true[index])]:>4}  "
                     f"{analysis.names[int(analysis.predicted[index])]:>9}  "
                     f"{analysis.scores.confidence[index]:10.1%}  [{shown}]")
    if not len(indices):
        lines.append("(no mistake)")
    return "\n".join(lines)


def draw_summary(analysis: Analysis, normalize: str | None, images: np.ndarray | None, indices: Sequence[int],
                 table: str, heatmaps: np.ndarray | None = None, method: str = "") -> Figure:
    """One figure: the confusion matrix beside the mistakes (a grid of ``images``, or ``table`` as text)."""
    left = confusion_size(len(analysis.names))
    lines = table.splitlines()
    right = grid_size(len(indices)) if images is not None else (
        max(map(len, lines)) * 0.085 + 0.4, len(lines) * 0.18 + 0.6)
    figure = new_figure((left[0] + right[0], max(left[1], right[1])))
    matrix, mistakes = figure.subfigures(1, 2, width_ratios=[left[0], right[0]])
    draw_confusion(analysis, normalize, matrix.subplots())
    if images is not None:
        spare = max(left[1] - right[1], 0.0)  # the grid keeps its own height, at the top
        grid = mistakes.subfigures(2, 1, height_ratios=[right[1], spare])[0] if spare else mistakes
        draw_grid(analysis, images, indices, heatmaps, grid, method)
    else:
        mistakes.suptitle("most confident mistakes", fontsize=10)
        mistakes.text(0.02, 0.92, table, family="monospace", fontsize=8, va="top", ha="left")
    return figure
