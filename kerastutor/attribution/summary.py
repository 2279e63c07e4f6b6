"""Saliency maps in words: where the heat is, and what each map explains. Pure (numpy in, text out)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .compute import Explanation

ROWS_WORDS, COLUMNS_WORDS = ("top", "middle", "bottom"), ("left", "centre", "right")


def centre_of_mass(heat: np.ndarray) -> tuple[float, float] | None:
    """The heat-weighted mean (row, column) of a 2-D map; None for a map without heat."""
    total = float(heat.sum())
    if total <= 0:
        return None
    rows, columns = np.indices(heat.shape)
    return float((rows * heat).sum() / total), float((columns * heat).sum() / total)


def region(row: float, column: float, height: int, width: int) -> str:
    """Where (row, column) lies, in words: ``"top left"``, ``"middle centre"``, ..."""
    vertical = ROWS_WORDS[min(2, int(3 * (row + 0.5) / height))]
    horizontal = COLUMNS_WORDS[min(2, int(3 * (column + 0.5) / width))]
    return "centre" if (vertical, horizontal) == ("middle", "centre") else f"{vertical} {horizontal}"


def class_label(index: int, names: Sequence[str] | None) -> str:
    """A class as shown: its name when names were given, else its number."""
    return str(names[index]) if names is not None else str(index)


def image_line(result: Explanation, index: int, names: Sequence[str] | None = None) -> str:
    """One image's summary: predicted class and probability, the class explained, where the heat is."""
    predicted, explained = int(result.predicted[index]), int(result.explained[index])
    probability = float(result.probabilities[index, predicted])
    heat = result.heatmaps[index]
    words = f"image {index}: predicted {class_label(predicted, names)} ({probability:.1%})"
    if explained != predicted:
        words += f", explaining {class_label(explained, names)}"
    centre = centre_of_mass(heat)
    if centre is None:
        return words + "; no heat (the score does not change with these pixels)"
    height, width = heat.shape
    return (words + f"; heat centred at row {centre[0]:.1f}, column {centre[1]:.1f} of {height}x{width} "
            f"({region(*centre, height, width)})")


def heading(result: Explanation) -> str:
    """What the maps are: the method, Grad-CAM's layer, and the score differentiated."""
    where = f" at layer {result.layer!r}" if result.layer else ""
    count = len(result.heatmaps)
    return f"saliency: {result.method}{where}, score = the class's {result.score}, {count} image(s)"


def summary_text(result: Explanation, names: Sequence[str] | None = None) -> str:
    """The heading and one line per image."""
    return "\n".join([heading(result), *(image_line(result, i, names) for i in range(len(result.heatmaps)))])
