"""The playground's pictures, drawn with numpy: the output over the square with the data points on it,
and each neuron's own output map. Colours follow TensorFlow Playground: orange for the 0 (or negative)
side, blue for the 1 (or positive) side, white in between.
"""

from __future__ import annotations

import numpy as np

from ..inspector.figures import encode_png
from .data import RADIUS

ORANGE = np.array([245, 147, 34], dtype=float)
WHITE = np.array([232, 234, 235], dtype=float)
BLUE = np.array([8, 119, 189], dtype=float)


def shade(values: np.ndarray, low: float, high: float) -> np.ndarray:
    """Values in [low, high] as uint8 RGB: low orange, middle white, high blue (fixed scale, so colors
    mean the same thing from one epoch to the next)."""
    finite = np.nan_to_num(values, nan=(low + high) / 2, posinf=high, neginf=low)
    t = np.clip((finite - low) / (high - low), 0, 1)[..., None]
    lower = WHITE + (ORANGE - WHITE) * (1 - 2 * t)
    upper = WHITE + (BLUE - WHITE) * (2 * t - 1)
    return np.where(t < 0.5, lower, upper).astype(np.uint8)


SQUARE = (-RADIUS, RADIUS, -RADIUS, RADIUS)


def to_pixels(points: np.ndarray, size: int, extent: tuple = SQUARE) -> np.ndarray:
    """Point coordinates inside ``extent`` (left, right, bottom, top) -> (row, column) pixel indices of a
    ``size`` x ``size`` image."""
    left, right, bottom, top = extent
    column = (points[:, 0] - left) / (right - left) * (size - 1)
    row = (top - points[:, 1]) / (top - bottom) * (size - 1)
    return np.clip(np.round(np.stack([row, column], axis=1)), 0, size - 1).astype(int)


def draw_points(rgb: np.ndarray, points: np.ndarray, colors: np.ndarray, outline: np.ndarray,
                radius: int = 2, extent: tuple = SQUARE) -> np.ndarray:
    """A copy of ``rgb`` with each point as a filled square of its colour inside an outline."""
    image = rgb.copy()
    size = image.shape[0]
    for (row, column), color in zip(to_pixels(points, size, extent), colors):
        top, left = max(row - radius - 1, 0), max(column - radius - 1, 0)
        image[top:row + radius + 2, left:column + radius + 2] = outline
        image[max(row - radius, 0):row + radius + 1, max(column - radius, 0):column + radius + 1] = color
    return image


def point_colors(targets: np.ndarray, low: float, high: float) -> np.ndarray:
    """Each point's fill: its label (or target) on the same scale as the background, fully saturated."""
    return shade(np.asarray(targets, dtype=float), low, high)


def boundary_image(output: np.ndarray, value_range: tuple[float, float], train: tuple,
                   test: tuple | None = None, size: int = 300, extent: tuple = SQUARE) -> np.ndarray:
    """The output map (shaded on the fixed ``value_range``) scaled to ``size`` pixels, with the training
    points (white outline) and, if given, the test points (black outline)."""
    low, high = value_range
    factor = max(1, size // output.shape[0])
    background = shade(np.kron(output, np.ones((factor, factor))), low, high)
    white, black = np.array([255, 255, 255]), np.array([0, 0, 0])
    image = draw_points(background, train[0], point_colors(train[1], low, high), white, extent=extent)
    if test is not None:
        image = draw_points(image, test[0], point_colors(test[1], low, high), black, extent=extent)
    return image


def boundary_png(output: np.ndarray, value_range: tuple[float, float], train: tuple,
                 test: tuple | None = None, size: int = 300, extent: tuple = SQUARE) -> bytes:
    """``boundary_image`` as PNG bytes."""
    return encode_png(boundary_image(output, value_range, train, test, size, extent), min_side=size)


def symmetric_range(values: np.ndarray) -> tuple[float, float]:
    """(-m, m) with m the largest finite magnitude in ``values`` (1 when there is none): a neuron's scale."""
    finite = np.abs(values[np.isfinite(values)])
    limit = float(finite.max()) if finite.size else 0.0
    return (-limit, limit) if limit > 0 else (-1.0, 1.0)


def neuron_sprite(columns: list[np.ndarray]) -> bytes:
    """Every neuron's output map in one PNG, each on its own scale: column i of tiles is layer column i,
    row j its neuron j (``columns[i]`` has shape (units, resolution, resolution)). One image to encode and
    send instead of one per neuron."""
    resolution = columns[0].shape[-1]
    rows = max(len(maps) for maps in columns)
    sprite = np.full((rows * resolution, len(columns) * resolution, 3), 255, dtype=np.uint8)
    for i, maps in enumerate(columns):
        for j, values in enumerate(maps):
            sprite[j * resolution:(j + 1) * resolution, i * resolution:(i + 1) * resolution] = shade(
                values, *symmetric_range(values))
    return encode_png(sprite, min_side=1)
