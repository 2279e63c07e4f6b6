"""LayerStats' figure: a layer x record heatmap of one statistic beside one layer's weight histograms
over time. matplotlib only, no pyplot state."""

from __future__ import annotations

import math

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import LogNorm, Normalize
from matplotlib.figure import Figure

from .._frontend import figure_to_png
from .record import LABELS, LayerRecord, spans_orders

HEAT_MAP, HISTOGRAM_MAP, MISSING = "viridis", "magma", "#dddddd"
WIDTH, ROW, BASE, LEAST = 11.0, 0.28, 1.6, 3.2  # inches: figure width, per layer row, margins, least height
MAX_TICKS = 8  # record labels along the x axis


class StatsFigure:
    """The heatmap (left) and the histogram-over-time (right), redrawn on one Figure."""

    def __init__(self, dpi: int = 80) -> None:
        self.figure = Figure(dpi=dpi)
        FigureCanvasAgg(self.figure)
        self.scale = "linear"  # the heatmap's colour scale at the last draw: "linear" or "log"

    def draw(self, record: LayerRecord, statistic: str, layer: str | None) -> Figure:
        """Bring the figure up to date: ``statistic`` for every layer, and ``layer``'s histograms."""
        figure = self.figure
        figure.clear()
        rows = max(len(record.layers), 1)
        figure.set_size_inches(WIDTH, max(LEAST, BASE + ROW * rows))
        heat, histogram = figure.subplots(1, 2, gridspec_kw={"width_ratios": (1.25, 1), "wspace": 0.45})
        figure.subplots_adjust(left=0.16, right=0.93, bottom=0.42 / figure.get_figheight() + 0.08,
                               top=1 - 0.35 / figure.get_figheight())
        if not record.layers:
            for ax in (heat, histogram):
                ax.set_axis_off()
            heat.set_title("nothing recorded yet: pass it to fit (callbacks=[stats])", fontsize=10)
            return figure
        epochs = record.epochs()
        self._heatmap(heat, record, statistic, epochs)
        self._histograms(histogram, record, layer, epochs)
        return figure

    def png(self) -> bytes:
        """The figure as PNG bytes."""
        return figure_to_png(self.figure)

    def _heatmap(self, ax, record: LayerRecord, statistic: str, epochs: list[float]) -> None:
        values = record.matrix(statistic)
        norm = self._norm(statistic, values)
        image = ax.imshow(np.ma.masked_invalid(values), aspect="auto", interpolation="nearest",
                          cmap=_colormap(HEAT_MAP), norm=norm)
        self.figure.colorbar(image, ax=ax, fraction=0.05, pad=0.02)
        scale = " (log scale)" if self.scale == "log" else ""
        ax.set_title(f"{LABELS[statistic]}{scale}", fontsize=10, parse_math=False)
        ax.set_yticks(range(len(record.layers)), record.layers, fontsize=8)
        _epoch_ticks(ax, epochs)

    def _norm(self, statistic: str, values: np.ndarray):
        finite = values[np.isfinite(values)]
        if statistic == "dead_fraction":
            self.scale = "linear"
            return Normalize(0.0, 1.0)
        if spans_orders(finite) and (finite > 0).all():
            self.scale = "log"
            return LogNorm(float(finite.min()), float(finite.max()))
        self.scale = "linear"
        return None

    def _histograms(self, ax, record: LayerRecord, layer: str | None, epochs: list[float]) -> None:
        if layer not in record.layers:
            ax.set_axis_off()
            ax.set_title("weight histograms: choose a layer", fontsize=10)
            return
        edges, fractions = record.histograms(layer)
        image = ax.imshow(fractions.T, aspect="auto", origin="lower", interpolation="nearest",
                          cmap=_colormap(HISTOGRAM_MAP),
                          extent=(-0.5, len(fractions) - 0.5, edges[0], edges[-1]))
        self.figure.colorbar(image, ax=ax, fraction=0.05, pad=0.02, label="share of weights")
        ax.set_title(f"weights of {layer} over time", fontsize=10, parse_math=False)
        ax.set_ylabel("weight value", fontsize=9)
        ax.tick_params(labelsize=8)
        _epoch_ticks(ax, epochs)


def _colormap(name: str):
    from matplotlib import colormaps

    return colormaps[name].with_extremes(bad=MISSING)


def _epoch_ticks(ax, epochs: list[float]) -> None:
    """Label the record columns with their epoch (``0``: before training), at most ``MAX_TICKS``."""
    step = max(1, math.ceil(len(epochs) / MAX_TICKS))
    shown = list(range(0, len(epochs), step))
    ax.set_xticks(shown, [f"{epochs[i]:.2f}".rstrip("0").rstrip(".") for i in shown], fontsize=8)
    ax.set_xlabel("epoch", fontsize=9)
