"""The playground's pictures, drawn with numpy: the output map, the data points over it, and each neuron's
own map. Colours follow TensorFlow Playground: orange for the 0 (or negative) side, blue for the 1 (or
positive) side, white in between. With three or four classes each class has its colour (class 0 orange,
1 blue, 2 bluish green, 3 reddish purple: Okabe and Ito's colours, told apart with every common colour
blindness), and the output map shows the most likely class, white where it is no better than chance.

Every function takes ``classes`` explicitly: 0 for regression, k >= 2 for k classes.
"""

from __future__ import annotations

import struct
import zlib

import numpy as np

from .data import RADIUS

ORANGE = np.array([245, 147, 34], dtype=float)
WHITE = np.array([232, 234, 235], dtype=float)
BLUE = np.array([8, 119, 189], dtype=float)
GREEN = np.array([0, 158, 115], dtype=float)
PURPLE = np.array([204, 121, 167], dtype=float)
CLASS_COLORS = np.stack([ORANGE, BLUE, GREEN, PURPLE])  # row j: class j's colour
CLASS_NAMES = ("orange", "blue", "green", "purple")
SQUARE = (-RADIUS, RADIUS, -RADIUS, RADIUS)  # (left, right, bottom, top) of the drawn area


def by_class(classes: int) -> bool:
    """Whether pictures colour by class (three or more classes) rather than on the orange-blue scale."""
    return classes >= 3


def _check_classes(classes: int) -> None:
    if classes > len(CLASS_COLORS):
        raise ValueError(f"the playground has colours for {len(CLASS_COLORS)} classes, not {classes}: "
                         f"use labels 0 to {len(CLASS_COLORS) - 1}.")


SHADES = 511  # colours on the orange-white-blue scale: odd, so that the middle is exactly white
_t = np.linspace(0, 1, SHADES)[:, None]
_SCALE = np.where(_t < 0.5, WHITE + (ORANGE - WHITE) * (1 - 2 * _t),
                  WHITE + (BLUE - WHITE) * (2 * _t - 1)).astype(np.uint8)


def shade(values: np.ndarray, low: float, high: float) -> np.ndarray:
    """Values in [low, high] as uint8 RGB: low orange, middle white, high blue (fixed scale, so colors
    mean the same thing from one epoch to the next); looked up in a table of ``SHADES`` colours."""
    finite = np.nan_to_num(values, nan=(low + high) / 2, posinf=high, neginf=low)
    index = np.clip((finite - low) * ((SHADES - 1) / (high - low)) + 0.5, 0, SHADES - 1).astype(np.intp)
    return _SCALE[index]


def class_shade(probabilities: np.ndarray) -> np.ndarray:
    """Class probabilities of shape (k, ...) as uint8 RGB of shape (..., 3): the most likely class's
    colour, white where its probability is the chance level 1/k, full colour where it is 1."""
    k = probabilities.shape[0]
    _check_classes(k)
    finite = np.nan_to_num(probabilities, nan=1 / k)
    best, top = finite.argmax(axis=0), finite.max(axis=0)
    confidence = np.clip((top - 1 / k) / (1 - 1 / k), 0, 1)[..., None]
    return (WHITE + (CLASS_COLORS[best] - WHITE) * confidence).astype(np.uint8)


def probability_shade(values: np.ndarray, color: np.ndarray) -> np.ndarray:
    """Probabilities as uint8 RGB: white at 0, ``color`` at 1 (one class's output neuron)."""
    t = np.clip(np.nan_to_num(values, nan=0.0), 0, 1)[..., None]
    return (WHITE + (color - WHITE) * t).astype(np.uint8)


def symmetric_range(values: np.ndarray) -> tuple[float, float]:
    """(-m, m) with m the largest finite magnitude in ``values`` (1 when there is none): a neuron's scale."""
    finite = np.abs(values[np.isfinite(values)])
    limit = float(finite.max()) if finite.size else 0.0
    return (-limit, limit) if limit > 0 else (-1.0, 1.0)


def output_rgb(output: np.ndarray, classes: int, value_range: tuple[float, float]) -> np.ndarray:
    """The network's output map as uint8 RGB: ``output`` has shape (units, R, R), the output column of
    ``Session.neuron_maps``. By class with confidence as lightness for three or more classes; otherwise
    unit 0 on the orange-white-blue scale of ``value_range`` (fixed, so colours keep their meaning)."""
    if by_class(classes):
        return class_shade(output)
    return shade(output[0], *value_range)


def neuron_rgb(values: np.ndarray, classes: int, output_class: int | None = None) -> np.ndarray:
    """One neuron's map as uint8 RGB: an output neuron of a three-or-more-class network (``output_class``
    j) from white to class j's colour by its probability; any other on its own symmetric scale."""
    if output_class is not None and by_class(classes):
        _check_classes(classes)
        return probability_shade(values, CLASS_COLORS[output_class])
    return shade(values, *symmetric_range(values))


def point_colors(targets: np.ndarray, classes: int, value_range: tuple[float, float]) -> np.ndarray:
    """Each point's fill as uint8 RGB: its class's colour, or (two classes, regression) its label or
    target on the output map's scale, fully saturated."""
    if by_class(classes):
        _check_classes(classes)
        return CLASS_COLORS[np.asarray(targets).astype(int)].astype(np.uint8)
    return shade(np.asarray(targets, dtype=float), *value_range)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bytes(rgb: np.ndarray) -> bytes:
    """A uint8 RGB array as PNG bytes, pixel for pixel: written directly (a third of Pillow's time for the
    small pictures drawn twenty times a second)."""
    height, width = rgb.shape[:2]
    rows = np.concatenate([np.zeros((height, 1), np.uint8), rgb.reshape(height, -1)], axis=1)  # filter 0
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(rows.tobytes(), 1))
            + _chunk(b"IEND", b""))


def map_png(rgb: np.ndarray) -> bytes:
    """An RGB map as PNG bytes at its own resolution (a 51 x 51 map is about 2 kB): the browser scales
    it to the displayed size."""
    return png_bytes(rgb)


def data_to_pixels(points: np.ndarray, size: float, extent: tuple = SQUARE) -> np.ndarray:
    """Point coordinates inside ``extent`` (left, right, bottom, top) -> (x, y) positions on a picture
    ``size`` pixels wide and high, y growing downwards."""
    left, right, bottom, top = extent
    x = (points[:, 0] - left) / (right - left) * size
    y = (top - points[:, 1]) / (top - bottom) * size
    return np.stack([x, y], axis=1)


def pixels_to_data(x: float, y: float, size: float, extent: tuple = SQUARE) -> tuple[float, float]:
    """A position on the map picture (pixels from its top left corner, as a click's relativeX and
    relativeY) -> the data coordinates (x1, x2) there: the inverse of ``data_to_pixels``."""
    left, right, bottom, top = extent
    return left + x / size * (right - left), top - y / size * (top - bottom)


def _hex(color: np.ndarray) -> str:
    return "#{:02x}{:02x}{:02x}".format(*(int(c) for c in color))


def points_svg(train: tuple, test: tuple | None, classes: int, value_range: tuple[float, float],
               size: int = 300, extent: tuple = SQUARE) -> str:
    """The data points as an SVG layer ``size`` pixels square, to lay over the output map: training points
    outlined white, test points black, filled by ``point_colors``. It lets clicks through to what is under
    it (``pointer-events: none``)."""
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" '
             f'viewBox="0 0 {size} {size}" style="display:block;pointer-events:none">']
    for points, outline in ((train, "#fff"), (test, "#000")):
        if points is None or not len(points[0]):
            continue
        parts.append(f'<g stroke="{outline}" stroke-width="1">')
        colors = point_colors(points[1], classes, value_range)
        for (x, y), color in zip(data_to_pixels(np.asarray(points[0]), size, extent), colors):
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{_hex(color)}"/>')
        parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)


def symmetric_shade(maps: np.ndarray) -> np.ndarray:
    """Maps of shape (n, ...) as uint8 RGB, each on its own ``symmetric_range`` (all in one pass)."""
    magnitudes = np.where(np.isfinite(maps), np.abs(maps), 0).reshape(len(maps), -1).max(axis=1)
    limits = np.where(magnitudes > 0, magnitudes, 1.0).reshape(-1, *([1] * (maps.ndim - 1)))
    return shade(maps / limits, -1.0, 1.0)


def neuron_sprite(columns: list[np.ndarray], classes: int) -> bytes:
    """Every neuron's map in one PNG (one image to encode and send instead of one per neuron): column i
    of tiles is layer column i, row j its neuron j (``columns[i]`` has shape (units, resolution,
    resolution)), each shaded as ``neuron_rgb`` does: the last column is the output."""
    resolution = columns[0].shape[-1]
    rows = max(len(maps) for maps in columns)
    sprite = np.full((rows, len(columns), resolution, resolution, 3), 255, dtype=np.uint8)
    last = len(columns) - 1
    for i, maps in enumerate(columns):
        if i == last and by_class(classes):
            sprite[:len(maps), i] = [neuron_rgb(values, classes, j) for j, values in enumerate(maps)]
        else:
            sprite[:len(maps), i] = symmetric_shade(maps)
    return png_bytes(sprite.transpose(0, 2, 1, 3, 4).reshape(rows * resolution, -1, 3))
