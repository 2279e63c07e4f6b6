"""The runs-compared figure: one panel per metric, one colour per run (training solid, validation
dashed), each run's best epoch marked. Matplotlib only, no pyplot state."""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from ..training.figure import COMPONENT_COLORS, panel_axes, style_epoch_axis
from ..training.history import VALIDATION_PREFIX
from .runs import Run, series_of

PANEL_SIZE, DPI = (4.5, 3.2), 80


def run_color(index: int) -> str:
    """The colour of the ``index``-th run (the order given to ``compare``)."""
    return COMPONENT_COLORS[index % len(COMPONENT_COLORS)]


def draw_runs(runs: Sequence[Run], metrics: Sequence[str], shown: Sequence[str] | None = None) -> Figure:
    """A new figure: a panel per metric in ``metrics``, the runs named in ``shown`` (all: None) drawn in
    their colours; a run's best epoch (lowest ``val_loss``, else ``loss``, as LivePlot picks it) is a
    dotted vertical line and a star on the monitored curve."""
    figure = Figure(dpi=DPI)
    FigureCanvasAgg(figure)
    axes = panel_axes(figure, max(len(metrics), 1), PANEL_SIZE)
    if not metrics:
        axes[0].text(0.5, 0.5, "no run shown", ha="center", va="center", transform=axes[0].transAxes)
        axes[0].set_axis_off()
        return figure
    for ax, metric in zip(axes, metrics):
        ax.set_title(metric, fontsize=10, parse_math=False)
        for index, run in enumerate(runs):
            if shown is not None and run.name not in shown:
                continue
            _draw_run(ax, run, metric, run_color(index))
        style_epoch_axis(ax)
        ax.set_xlim(0.5, max([run.epochs for run in runs] + [1]) + 0.5)
    handles, labels = axes[0].get_legend_handles_labels()
    if handles:
        axes[0].legend(handles, labels, fontsize=7, loc="best", framealpha=0.6,
                       title="solid: training, dashed: validation", title_fontsize=7)
    return figure


def _draw_run(ax, run: Run, metric: str, color: str) -> None:
    x = run.columns["epoch"]
    for key in series_of(run, metric):
        validation = key.startswith(VALIDATION_PREFIX)
        label = "_nolegend_" if validation and metric in run.columns else (
            f"{run.name} (best epoch {run.best.epoch})" if run.best else run.name)
        ax.plot(x, run.columns[key], color=color, linestyle="--" if validation else "-", marker="o",
                markersize=2.5, linewidth=1.3, label=label)
        if run.best is not None and key == run.best.monitor:
            ax.plot([run.best.epoch], [run.best.value], marker="*", markersize=11, color=color,
                    markeredgecolor="black", markeredgewidth=0.5, linestyle="none", label="_nolegend_")
    if run.best is not None and series_of(run, metric):
        ax.axvline(run.best.epoch, color=color, linestyle=":", linewidth=1.2, alpha=0.8)
