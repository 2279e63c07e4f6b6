"""Saliency maps drawn over their images: numpy overlays and matplotlib figures (Agg, no pyplot)."""

from __future__ import annotations

import math
from collections.abc import Sequence

import matplotlib
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .compute import Explanation
from .summary import class_label

COLORMAP, ALPHA = "jet", 0.45  # the heat's colours, and how much of them covers the image
MAX_COLUMNS = 8
TILE_INCHES = 1.6


def display_image(image: np.ndarray) -> np.ndarray:
    """An image of any value range as RGB floats in [0, 1] (grey images repeated on three channels)."""
    image = np.asarray(image, dtype="float32")
    if image.ndim == 3 and image.shape[-1] == 1:
        image = image[..., 0]
    if image.ndim == 2:
        image = np.repeat(image[..., None], 3, axis=-1)
    image = image[..., :3]
    low, high = float(image.min()), float(image.max())
    return (image - low) / (high - low) if high > low else np.zeros_like(image)


def overlay(image: np.ndarray, heat: np.ndarray, alpha: float = ALPHA, cmap: str = COLORMAP) -> np.ndarray:
    """``image`` with ``heat`` (2-D, in [0, 1], same height and width) coloured over it: uint8 RGB."""
    colours = matplotlib.colormaps[cmap](np.clip(heat, 0, 1))[..., :3]
    mixed = (1 - alpha) * display_image(image) + alpha * colours
    return (np.clip(mixed, 0, 1) * 255).astype(np.uint8)


def _figure(width: float, height: float) -> Figure:
    figure = Figure(figsize=(width, height), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def title(result: Explanation, index: int, names: Sequence[str] | None = None) -> str:
    """An image's title: its predicted class and probability, and the class explained when another."""
    predicted, explained = int(result.predicted[index]), int(result.explained[index])
    words = f"{class_label(predicted, names)} ({result.probabilities[index, predicted]:.0%})"
    return words if explained == predicted else f"{words}\nwhy {class_label(explained, names)}?"


def grid_figure(result: Explanation, names: Sequence[str] | None = None) -> Figure:
    """Every image with its heatmap over it, titled with the prediction, in rows of up to 8."""
    count = len(result.heatmaps)
    columns = min(count, MAX_COLUMNS)
    rows = math.ceil(count / columns)
    figure = _figure(columns * TILE_INCHES, rows * (TILE_INCHES + 0.3) + 0.3)
    axes = figure.subplots(rows, columns, squeeze=False)
    for index, ax in enumerate(axes.ravel()):
        ax.set_axis_off()
        if index < count:
            ax.imshow(overlay(result.images[index], result.heatmaps[index]), interpolation="nearest")
            ax.set_title(title(result, index, names), fontsize=8)
    where = f" at {result.layer}" if result.layer else ""
    figure.suptitle(f"{result.method}{where}", fontsize=9)
    return figure


def detail_figure(result: Explanation, index: int, names: Sequence[str] | None = None) -> Figure:
    """One image three ways: the image, its heatmap (with a colour bar), the heatmap over the image."""
    figure = _figure(3 * 2.4 + 0.6, 2.8)
    axes = figure.subplots(1, 3)
    axes[0].imshow(display_image(result.images[index]), interpolation="nearest")
    axes[0].set_title(f"image {index}: {title(result, index, names)}".replace("\n", " "), fontsize=8)
    shown = axes[1].imshow(result.heatmaps[index], cmap=COLORMAP, vmin=0, vmax=1, interpolation="nearest")
    axes[1].set_title(result.method, fontsize=8)
    figure.colorbar(shown, ax=axes[1], fraction=0.046)
    axes[2].imshow(overlay(result.images[index], result.heatmaps[index]), interpolation="nearest")
    axes[2].set_title("heat over the image", fontsize=8)
    for ax in axes:
        ax.set_axis_off()
    return figure


def overlay_figure(image: np.ndarray, heat: np.ndarray, caption: str) -> Figure:
    """One image with its heatmap over it and a caption (the gallery's and inspector's picture)."""
    figure = _figure(2.6, 2.9)
    ax = figure.subplots()
    ax.imshow(overlay(image, heat), interpolation="nearest")
    ax.set_title(caption, fontsize=8)
    ax.set_axis_off()
    return figure
