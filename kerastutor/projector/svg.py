"""The scatter as SVG text for an ipywidgets HTML widget: a point per sample whose tooltip (shown on hover by
the browser, no JavaScript) names the sample, its label and the prediction; the selected point ringed.
Pure text."""

from __future__ import annotations

import html
from collections.abc import Sequence

import numpy as np

SIZE = 420      # pixels, square
MARGIN = 12
RADIUS = 2.6
NO_CLASS_COLOR = "#1f77b4"
MAX_DRAWN = 5_000  # points in the SVG (about 140 bytes each); more are sampled evenly, the PNG draws all


def drawn(count: int) -> np.ndarray:
    """Which of ``count`` points the SVG draws: all, or ``MAX_DRAWN`` of them spread evenly."""
    limit = MAX_DRAWN
    return np.arange(count) if count <= limit else np.linspace(0, count - 1, limit).round().astype(int)


def pixels(points: np.ndarray, size: int = SIZE) -> np.ndarray:
    """Points scaled into the drawing (y upwards, as in the PNG scatter)."""
    low, high = points.min(axis=0), points.max(axis=0)
    span = np.where(high > low, high - low, 1.0)
    inner = size - 2 * MARGIN
    scaled = (points - low) / span * inner + MARGIN
    scaled[:, 1] = size - scaled[:, 1]
    return scaled


def scatter_svg(points: np.ndarray, classes: np.ndarray | None, palette: Sequence[str], tips: Sequence[str],
                selected: int | None = None, size: int = SIZE) -> str:
    """An ``<svg>`` of ``points`` (at most ``MAX_DRAWN``: see ``drawn``) coloured by ``classes`` (indices into
    ``palette``), each with its ``tips`` entry as tooltip, ``selected`` drawn last, larger and ringed."""
    where = pixels(points, size)
    parts = [f"<svg xmlns='http://www.w3.org/2000/svg' width='{size}' height='{size}' "
             f"viewBox='0 0 {size} {size}' style='background:white;border:1px solid #ddd'>"]
    for i in drawn(len(points)):
        x, y = where[i]
        color = NO_CLASS_COLOR if classes is None else palette[int(classes[i]) % len(palette)]
        parts.append(f"<circle cx='{x:.1f}' cy='{y:.1f}' r='{RADIUS}' fill='{color}' fill-opacity='0.65'>"
                     f"<title>{html.escape(tips[i])}</title></circle>")
    if selected is not None:
        x, y = where[selected]
        parts.append(f"<circle cx='{x:.1f}' cy='{y:.1f}' r='{RADIUS * 3}' fill='none' stroke='black' "
                     f"stroke-width='2'><title>{html.escape(tips[selected])}</title></circle>")
    parts.append("</svg>")
    return "".join(parts)
