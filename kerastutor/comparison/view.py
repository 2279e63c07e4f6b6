"""``kerastutor.compare``: several training runs overlaid, one figure per metric, with a table.

Only wiring: runs and the table come from ``runs.py``, the picture from ``figure.py``.
"""

from __future__ import annotations

import html
from dataclasses import asdict

import ipywidgets as widgets

from .._arguments import choice, refuse
from .._frontend import figure_to_png, image_bundle
from .._instrument import Instrument
from .figure import draw_runs, run_color
from .runs import OWNER, format_summary, metrics, read_runs, summarize

EVERY_METRIC = "every metric"


class RunsCompared(Instrument):
    """Training runs overlaid: a panel per metric, a colour per run (training solid, validation dashed),
    each run's best epoch marked (a dotted line and a star: lowest ``val_loss``, else ``loss``, the epoch
    its LivePlot marks), and a table of each run's final and best values.

    ``runs`` are the runs read (names, per-epoch columns, best epoch); ``table`` the table as plain
    dicts; ``best_epochs`` each run's best epoch. The widget has a checkbox per run and a metric
    dropdown; ``select(runs=..., metric=...)`` does the same from code. ``show()``, ``snapshot()``,
    ``save(path)`` and ``.widget`` as every instrument.
    """

    OWNER = "RunsCompared"
    SAVE_EXAMPLE = "runs"

    def __init__(self, *runs: object, **named: object) -> None:
        self.runs = read_runs(runs, named)
        self.metrics = metrics(self.runs)
        self.shown = [run.name for run in self.runs]
        self.metric: str | None = None

    @property
    def table(self) -> list[dict]:
        """Per run and series: ``{"run", "series", "final", "best", "best_epoch"}``."""
        return [asdict(row) for row in summarize(self.runs)]

    @property
    def best_epochs(self) -> dict[str, int | None]:
        """Each run's best epoch (1-based), as its LivePlot marks it; None without a finite loss."""
        return {run.name: run.best.epoch if run.best else None for run in self.runs}

    def select(self, runs: list[str] | None = None, metric: str | None = None) -> None:
        """Show only these runs (None: leave as is) and one metric (``"every metric"``: all panels)."""
        names = [run.name for run in self.runs]
        if runs is not None:
            if not isinstance(runs, (list, tuple)) or any(name not in names for name in runs):
                raise refuse(f"{OWNER}.select", "runs", runs, f"a list of names of runs compared: {names}")
            self.shown = [name for name in names if name in runs]
        if metric is not None:
            choice(f"{OWNER}.select", "metric", metric, [EVERY_METRIC, *self.metrics])
            self.metric = None if metric == EVERY_METRIC else metric
        if getattr(self, "_widget", None) is not None:
            self._sync_controls()
            self._redraw()

    def figure(self):
        """The matplotlib Figure of the runs and metric selected."""
        return draw_runs(self.runs, [self.metric] if self.metric else self.metrics, self.shown)

    # ---- the instrument's hooks -----------------------------------------------------------------
    def _figure(self):
        return self.figure()

    def _text(self) -> str:
        return f"runs compared: {', '.join(run.name for run in self.runs)}\n" + format_summary(self.runs)

    def _static(self) -> list[str | dict]:
        caption = f"runs compared: {', '.join(self.shown)} ({', '.join(self.metrics)})"
        return [image_bundle(figure_to_png(self.figure()), caption), format_summary(self.runs, self.shown)]

    def _build_widget(self):
        self._boxes = {}
        for index, run in enumerate(self.runs):
            box = widgets.Checkbox(value=run.name in self.shown, description=run.name, indent=False,
                                   layout=widgets.Layout(width="auto", margin="0 12px 0 0"))
            box.style.background = run_color(index) + "33"
            box.observe(self._on_control, names="value")
            self._boxes[run.name] = box
        self.metric_control = widgets.Dropdown(options=[EVERY_METRIC, *self.metrics],
                                               value=self.metric or EVERY_METRIC, description="metric")
        self.metric_control.observe(self._on_control, names="value")
        self.image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%"))
        self.table_view = widgets.HTML()
        self._redraw()
        boxes = widgets.HBox(list(self._boxes.values()), layout=widgets.Layout(flex_flow="row wrap"))
        return widgets.VBox([boxes, self.metric_control, self.image, self.table_view])

    # ---- wiring ----------------------------------------------------------------------------------
    def _on_control(self, change) -> None:
        if getattr(self, "_syncing", False):
            return
        self.shown = [name for name, box in self._boxes.items() if box.value]
        self.metric = None if self.metric_control.value == EVERY_METRIC else self.metric_control.value
        self._redraw()

    def _sync_controls(self) -> None:
        self._syncing = True
        try:
            for name, box in self._boxes.items():
                box.value = name in self.shown
            self.metric_control.value = self.metric or EVERY_METRIC
        finally:
            self._syncing = False

    def _redraw(self) -> None:
        self.image.value = figure_to_png(self.figure())
        self.table_view.value = f"<pre>{html.escape(format_summary(self.runs, self.shown))}</pre>"


def compare(*runs: object, **named: object) -> RunsCompared:
    """Overlay training runs: ``kt.compare(adam=live_a, sgd=live_b)``.

    Each run is a ``LivePlot``, the keras ``History`` that ``fit`` returns, ``LivePlot.history`` or a dict
    of per-epoch lists (``History.history``), so ``kt.compare(**runs)`` compares a dict of them. Runs
    passed by keyword are named by it; positional ones are named ``run 1``, ``run 2``... in order (they
    come first). Every run is checked before anything is drawn.
    """
    return RunsCompared(*runs, **named)
