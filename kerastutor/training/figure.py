"""The training-curves figure: matplotlib only, updated in place, no pyplot state."""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from .._frontend import figure_to_png
from .history import LEARNING_RATE, VALIDATION_PREFIX, Panel, TrainingHistory, component_index, smooth

TRAIN_COLOR, VALIDATION_COLOR, BEST_COLOR, RATE_COLOR = "#1f77b4", "#ff7f0e", "#2ca02c", "#7f7f7f"
# A vector metric's values (one per class) get a colour each; validation ones are dashed.
COMPONENT_COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
                     "#7f7f7f", "#bcbd22", "#17becf")
# Fixed margins in inches: a constrained layout would recompute every redraw (half its cost).
LEFT, RIGHT, BOTTOM, TOP, GAP = 0.6, 0.15, 0.5, 0.3, 0.75
# At most this many tick intervals per axis: laying out and rasterizing tick labels is most of a
# redraw, and 6 round steps (every 4 epochs of 20; 0.2 apart) read as well as matplotlib's 10 (-23%).
TICK_BINS = 6
ROUND_STEPS = (1, 2, 2.5, 5, 10)


class CurvesFigure:
    """One panel per metric (training and validation together), plus the learning rate
    when it changed; the best epoch marked. ``draw`` updates the same figure in place."""

    def __init__(self, panel_size: tuple[float, float] = (4.0, 3.0), dpi: int = 80) -> None:
        self.figure = Figure(dpi=dpi)
        FigureCanvasAgg(self.figure)
        self._panel_size = panel_size
        self._layout: tuple | None = None
        self._lines: dict[tuple[str, str], object] = {}
        self._best_marks: list = []
        self._axes: dict[str, object] = {}

    @property
    def panel_titles(self) -> list[str]:
        """Titles of the panels currently drawn, left to right."""
        return [ax.get_title() for ax in self.figure.axes]

    def draw(self, history: TrainingHistory, panels: Sequence[Panel], *, per_batch: bool = False,
             smoothing: float = 0.6) -> Figure:
        """Bring the figure up to date with ``history`` and return it."""
        show_rate = history.learning_rate_changed()
        layout = (tuple(panels), show_rate, per_batch)
        if layout != self._layout:
            self._build(panels, show_rate, per_batch)
            self._layout = layout
        epochs = history.epochs()
        x = epochs["epoch"]
        for panel in panels:
            for key in panel.series:
                self._lines[("epoch", key)].set_data(x, epochs.get(key, [float("nan")] * len(x)))
        last_x = float(len(x))
        if per_batch:
            batches = history.batches()
            last_x = max([last_x, *batches["epoch_progress"]])
            for panel in panels:
                values = batches.get(panel.metric, [])
                self._lines[("batch", panel.metric)].set_data(
                    batches["epoch_progress"][: len(values)], smooth(values, smoothing))
        if show_rate:
            self._lines[("epoch", LEARNING_RATE)].set_data(x, epochs[LEARNING_RATE])
        best = history.best_epoch()
        for mark in self._best_marks:
            mark.set_visible(best is not None)
            if best is not None:
                mark.set_xdata([best.epoch, best.epoch])
        if best is not None and panels:
            self._axes[panels[0].metric].set_title(
                f"{panels[0].metric}  (best epoch {best.epoch}: {best.monitor} {best.value:.4g})",
                fontsize=10, parse_math=False)
        for ax in self.figure.axes:
            ax.relim()
            ax.autoscale_view()
            # whole epochs on the axis, even with one point (no 0.95 ... 1.05 ticks)
            ax.set_xlim(0.0 if per_batch else 0.5, max(last_x, 1.0) + 0.5)
        return self.figure

    def _build(self, panels: Sequence[Panel], show_rate: bool, per_batch: bool) -> None:
        figure = self.figure
        figure.clear()
        self._lines, self._best_marks, self._axes = {}, [], {}
        axes = panel_axes(figure, max(len(panels) + show_rate, 1), self._panel_size)
        for ax, panel in zip(axes, panels):
            self._axes[panel.metric] = ax
            ax.set_title(panel.metric, fontsize=10, parse_math=False)
            if per_batch:
                (line,) = ax.plot([], [], color=TRAIN_COLOR, alpha=0.35, linewidth=1,
                                  label="training (per batch, smoothed)")
                self._lines[("batch", panel.metric)] = line
            for key in panel.series:
                (line,) = ax.plot([], [], marker="o", markersize=3, **_series_style(key))
                self._lines[("epoch", key)] = line
            if any(component_index(key) is not None for key in panel.series):
                ax.set_title(f"{panel.metric} per value (dashed: validation)", fontsize=10, parse_math=False)
                ax.legend(fontsize=6, loc="best", ncol=5, framealpha=0.5, handlelength=1,
                          columnspacing=0.8, title="value", title_fontsize=6)
            ax.yaxis.set_major_locator(MaxNLocator(nbins=TICK_BINS, steps=ROUND_STEPS))
            self._style(ax)
        if panels and axes[0].get_legend() is None:  # training/validation colors: one legend
            axes[0].legend(fontsize=8, loc="upper right")
        if show_rate:
            ax = axes[len(panels)]
            ax.set_title("learning rate", fontsize=10)
            (line,) = ax.step([], [], where="post", color=RATE_COLOR, marker="o", markersize=3)
            self._lines[("epoch", LEARNING_RATE)] = line
            ax.set_yscale("log")
            self._style(ax)

    def _style(self, ax) -> None:
        style_epoch_axis(ax)
        self._best_marks.append(ax.axvline(1, color=BEST_COLOR, linestyle=":", linewidth=1.5,
                                           visible=False))

    def png(self) -> bytes:
        """The figure as PNG bytes."""
        return figure_to_png(self.figure)


def panel_axes(figure: Figure, count: int, panel_size: tuple[float, float]) -> list:
    """Size ``figure`` for ``count`` panels side by side (each ``panel_size`` inches) with
    fixed margins, and return their axes, left to right."""
    width, height = panel_size
    figure.set_size_inches(width * count, height)
    axes_width = (width * count - LEFT - RIGHT - GAP * (count - 1)) / count
    figure.subplots_adjust(left=LEFT / (width * count), right=1 - RIGHT / (width * count),
                           bottom=BOTTOM / height, top=1 - TOP / height, wspace=GAP / axes_width)
    return list(figure.subplots(1, count, squeeze=False)[0])


def style_epoch_axis(ax) -> None:
    """Label the x axis "epoch" with whole-epoch ticks, small tick labels and a light grid."""
    ax.set_xlabel("epoch", fontsize=9)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=TICK_BINS, integer=True, min_n_ticks=1))
    ax.tick_params(labelsize=8)
    ax.grid(alpha=0.3)


def _series_style(key: str) -> dict:
    """Colour, line style and legend label of one series: training blue, validation orange; a
    vector metric's values one colour each (``f1_score[2]``), validation dashed."""
    validation = key.startswith(VALIDATION_PREFIX)
    index = component_index(key)
    if index is None:
        return {"color": VALIDATION_COLOR if validation else TRAIN_COLOR,
                "label": "validation" if validation else "training"}
    return {"color": COMPONENT_COLORS[index % len(COMPONENT_COLORS)],
            "linestyle": "--" if validation else "-", "label": "_nolegend_" if validation else str(index)}
