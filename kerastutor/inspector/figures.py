"""Pictures of a layer: weight histograms, convolution kernels, activations.

Image grids are composed with numpy and encoded straight to PNG (fast enough to
follow every click); histograms and bar charts use matplotlib's object API.
"""

from __future__ import annotations

import io
import math

import matplotlib
import numpy as np
from matplotlib.figure import Figure
from PIL import Image

from .._frontend import figure_to_png

MAX_MAPS = 64          # feature maps shown in a grid
MIN_IMAGE_SIDE = 320   # small grids are scaled up (nearest neighbour) to at least this width
MAX_HISTOGRAMS = 4


def encode_png(rgb: np.ndarray, min_side: int = MIN_IMAGE_SIDE) -> bytes:
    """uint8 RGB array -> PNG bytes, scaled up by an integer factor to be readable."""
    height, width = rgb.shape[:2]
    factor = max(1, math.ceil(min_side / max(width, 1)))
    factor = min(factor, max(1, 2048 // max(height, width, 1)))
    image = Image.fromarray(rgb)
    if factor > 1:
        image = image.resize((width * factor, height * factor), Image.NEAREST)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()


def colorize(values: np.ndarray, cmap: str = "viridis", centred: bool = False) -> np.ndarray:
    """Map a 2-D float array to uint8 RGB (NaN becomes white), scaled to its own range."""
    finite = values[np.isfinite(values)]
    if centred:
        limit = float(np.abs(finite).max()) if finite.size else 1.0
        low, high = -limit, limit
    else:
        low, high = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
    scaled = (values - low) / (high - low) if high > low else np.full_like(values, 0.5)
    rgba = matplotlib.colormaps[cmap](np.clip(np.nan_to_num(scaled, nan=0.0), 0, 1))
    rgb = (rgba[..., :3] * 255).astype(np.uint8)
    rgb[~np.isfinite(values)] = 255
    return rgb


def tile(maps: np.ndarray, pad: int = 1) -> np.ndarray:
    """Lay out ``maps`` (n, h, w[, 3]) in a near-square grid, NaN between tiles."""
    count, height, width = maps.shape[:3]
    columns = math.ceil(math.sqrt(count))
    rows = math.ceil(count / columns)
    shape = (rows * (height + pad) - pad, columns * (width + pad) - pad) + maps.shape[3:]
    grid = np.full(shape, np.nan, dtype=float)
    for index in range(count):
        row, column = divmod(index, columns)
        top, left = row * (height + pad), column * (width + pad)
        grid[top:top + height, left:left + width] = maps[index]
    return grid


def kernel_grid_png(kernel: np.ndarray) -> bytes | None:
    """A Conv2D kernel (kh, kw, in, out) as a grid of its filters, None for other shapes.

    Filters over 3 input channels are drawn in colour; others as the mean over
    input channels, blue negative and red positive.
    """
    if kernel.ndim != 4:
        return None
    filters = np.moveaxis(kernel, -1, 0)[:MAX_MAPS]  # (out, kh, kw, in)
    if kernel.shape[2] == 3:
        low = filters.min(axis=(1, 2, 3), keepdims=True)
        high = filters.max(axis=(1, 2, 3), keepdims=True)
        grid = tile((filters - low) / np.where(high > low, high - low, 1.0))
        rgb = (np.nan_to_num(grid, nan=1.0) * 255).astype(np.uint8)
        return encode_png(rgb)
    return encode_png(colorize(tile(filters.mean(axis=-1)), "RdBu_r", centred=True))


def activation_png(values: np.ndarray) -> tuple[str, bytes | None]:
    """One sample's activation as a picture: (kind, PNG).

    kinds: ``"feature maps"`` (H, W, C grid), ``"volume"`` (middle depth slice of
    D, H, W, C), ``"sequence"`` (time x units heatmap), ``"units"`` (bar chart, or a
    heatmap for many units), ``"scalar"``, ``"text"`` and ``"empty"`` (no picture).
    """
    values = np.asarray(values)
    if not (np.issubdtype(values.dtype, np.number) or values.dtype == bool):
        return "text", None
    if values.size == 0:
        return "empty", None
    values = values.astype(float)
    if values.ndim == 4:
        middle = values[values.shape[0] // 2]
        return "volume", encode_png(colorize(tile(np.moveaxis(middle, -1, 0)[:MAX_MAPS])))
    if values.ndim == 3:
        return "feature maps", encode_png(colorize(tile(np.moveaxis(values, -1, 0)[:MAX_MAPS])))
    if values.ndim == 2:
        return "sequence", encode_png(colorize(values))
    if values.ndim == 1 and values.size <= MAX_MAPS:
        return "units", units_bar_png(values)
    if values.ndim == 1:
        side = math.ceil(math.sqrt(values.size))
        padded = np.full(side * side, np.nan)
        padded[:values.size] = values
        return "units", encode_png(colorize(padded.reshape(side, side)))
    return "scalar", None


def units_bar_png(values: np.ndarray) -> bytes:
    """A bar chart of one activation value per unit."""
    figure = Figure(figsize=(5, 2.2), dpi=72)
    ax = figure.add_axes((0.1, 0.2, 0.87, 0.72))
    ax.axhline(0, color="#888", linewidth=0.8)
    ax.vlines(np.arange(values.size), 0, values, linewidth=max(1.0, 120 / values.size),
              colors=np.where(values >= 0, "#1f77b4", "#d62728"))
    ax.set_xlabel("unit", fontsize=8)
    ax.tick_params(labelsize=7)
    return figure_to_png(figure)


def histograms_png(weights: list[tuple[str, np.ndarray]]) -> bytes | None:
    """One histogram per weight tensor (at most four), titled with name and shape."""
    if not weights:
        return None
    shown = weights[:MAX_HISTOGRAMS]
    figure = Figure(figsize=(3.0 * len(shown), 2.2), dpi=72)
    width = 1.0 / len(shown)
    for index, (name, values) in enumerate(shown):
        ax = figure.add_axes((index * width + 0.06 * width + 0.03, 0.18, 0.8 * width, 0.68))
        flat = np.ravel(values).astype(float)
        finite = flat[np.isfinite(flat)]  # weights of a diverged training hold NaN
        counts, edges = np.histogram(finite, bins=30)
        ax.stairs(counts, edges, fill=True, color="#1f77b4")  # one artist: faster than 30 bars
        broken = flat.size - finite.size
        note = f" · {broken:,} NaN or inf" if broken else ""
        ax.set_title(f"{name} {tuple(values.shape)}{note}", fontsize=8, parse_math=False,
                     color="#b00" if broken else "black")
        ax.tick_params(labelsize=7)
    return figure_to_png(figure)
