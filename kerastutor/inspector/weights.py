"""One layer's weights, as the inspector's Weights tab shows them: statistics and pictures.

Pure apart from the pictures (from ``figures.py``): a ``WeightsView`` is a value that
prints as a table and displays its histograms where a notebook shows images.
"""

from __future__ import annotations

from dataclasses import dataclass

from .._frontend import image_bundle, show_outputs
from .._text import align_columns
from .facts import weight_stats
from .figures import histograms_png, kernel_grid_png

WEIGHT_COLUMNS = ("weight", "shape", "trainable", "min", "mean", "max", "std")


@dataclass(frozen=True)
class WeightsView:
    """One layer's weight statistics (text rows) and pictures (histograms, Conv2D kernel grid)."""

    layer: str
    rows: list[tuple[str, ...]]
    histograms: bytes | None
    kernels: bytes | None

    def __str__(self) -> str:
        if not self.rows:
            return f"{self.layer} has no weights."
        return "\n".join([f"weights of {self.layer}", *align_columns([WEIGHT_COLUMNS, *self.rows])])

    def _ipython_display_(self) -> None:
        pictures = ((self.histograms, "histograms"), (self.kernels, "kernels"))
        show_outputs([str(self), *(image_bundle(picture, f"{what} of {self.layer}'s weights")
                                   for picture, what in pictures if picture is not None)])


def weights_view(layer, name: str) -> WeightsView:
    """The weights of ``layer`` (shown as ``name``): one row of statistics each, their histograms,
    and the kernel grid when there is a kernel."""
    stats = weight_stats(layer)
    rows = [(s.name, str(s.shape), "yes" if s.trainable else "no", f"{s.min:.4g}", f"{s.mean:.4g}",
             f"{s.max:.4g}", f"{s.std:.4g}") for s in stats]
    values = [(s.name.rsplit("/", 1)[-1], w.numpy()) for s, w in zip(stats, layer.weights)]
    kernel = next((v for label, v in values if label == "kernel"), None)
    return WeightsView(name, rows, histograms_png(values) if values else None,
                       kernel_grid_png(kernel) if kernel is not None else None)
