"""The projection as a scatter plot, and one sample's input, as matplotlib figures (Agg canvas, no pyplot
state)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib import colormaps
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

from ..confusion.figures import displayable, new_figure
from .compute import Projection

MAX_LEGEND = 20  # classes up to which the legend names each one


def palette(count: int) -> list[str]:
    """``count`` colours for classes: tab10, tab20 beyond 10 classes, a continuous map beyond 20."""
    if count <= 10:
        return [to_hex(c) for c in colormaps["tab10"].colors]
    if count <= 20:
        return [to_hex(c) for c in colormaps["tab20"].colors]
    return [to_hex(colormaps["turbo"](i / max(count - 1, 1))) for i in range(count)]


def axis_labels(projection: Projection) -> tuple[str, str]:
    """``PC 1 (23% of the variance)``; t-SNE axes have no meaning of their own."""
    if projection.explained:
        first, second = projection.explained
        return f"PC 1 ({first:.0%} of the variance)", f"PC 2 ({second:.0%} of the variance)"
    return "t-SNE 1", "t-SNE 2"


def draw_scatter(projection: Projection, classes: np.ndarray | None, names: Sequence[str], colored_by: str,
                 selected: int | None = None) -> Figure:
    """Every sample as a point coloured by class (``colored_by`` says by what), the selected one ringed."""
    figure = new_figure((6.4, 5.2))
    ax = figure.subplots()
    points = projection.points
    colors = palette(len(names))
    if classes is None:
        ax.scatter(points[:, 0], points[:, 1], s=6, alpha=0.6, linewidths=0)
    else:
        for k, name in enumerate(names):
            mine = classes == k
            if mine.any():
                ax.scatter(points[mine, 0], points[mine, 1], s=6, alpha=0.6, linewidths=0, color=colors[k],
                           label=name if len(names) <= MAX_LEGEND else "_nolegend_")
        if len(names) <= MAX_LEGEND:
            ax.legend(title=colored_by, fontsize=7, title_fontsize=8, markerscale=2.5, loc="center left",
                      bbox_to_anchor=(1.01, 0.5), frameon=False)
    if selected is not None:
        ax.scatter([points[selected, 0]], [points[selected, 1]], s=120, facecolors="none", edgecolors="black",
                   linewidths=1.5)
    x_label, y_label = axis_labels(projection)
    ax.set_xlabel(x_label, fontsize=9)
    ax.set_ylabel(y_label, fontsize=9)
    ax.tick_params(labelsize=8)
    ax.set_title(f"layer {projection.layer!r} ({projection.width:,} values) of {len(points):,} samples, "
                 f"{projection.method.upper() if projection.method == 'pca' else 't-SNE'}", fontsize=10,
                 parse_math=False)
    figure.subplots_adjust(left=0.1, right=0.8, bottom=0.1, top=0.92)
    return figure


def draw_image(sample: np.ndarray) -> Figure:
    """One input image, small."""
    figure = new_figure((1.6, 1.6))
    ax = figure.add_axes((0, 0, 1, 1))
    values, cmap = displayable(sample)
    ax.imshow(values, cmap=cmap, interpolation="nearest")
    ax.set_axis_off()
    return figure
