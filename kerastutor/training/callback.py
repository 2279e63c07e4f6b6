"""``LivePlot``: the Keras callback that records training and drives the display."""

from __future__ import annotations

import csv
import difflib
import math
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from .._frontend import DisplayMode, Throttle, display_mode, image_bundle
from .._quiet import import_keras
from .figure import CurvesFigure
from .history import LEARNING_RATE, TrainingHistory, base_name
from .report import estimate_remaining, format_progress, format_table

keras = import_keras()

# Redraws may take at most this share of wall time: an 80 ms redraw then waits
# at least ~4 s for the next one, whatever ``min_interval`` allows.
RENDER_SHARE = 0.02
# The progress line is cheap (one comm message) and may update more often.
PROGRESS_INTERVAL = 0.2
# Common names in model.fit's logs that keras.metrics.get does not resolve.
EXTRA_METRIC_NAMES = ("loss", "acc", LEARNING_RATE, "lr")
# Short names Keras accepts in compile(metrics=...) that are not public functions.
SHORT_METRIC_NAMES = ("accuracy", "mse", "mae", "mape", "msle")

MetricSpec = str | Callable | object


def metric_name(metric: MetricSpec) -> str:
    """The key ``model.fit`` logs for ``metric``: a name, a Metric object, or a function."""
    if isinstance(metric, str):
        name = base_name(metric.strip())
        if name in EXTRA_METRIC_NAMES:
            return name
        try:
            keras.metrics.get(name)
        except (ValueError, TypeError):
            try:
                keras.losses.get(name)
            except (ValueError, TypeError):
                known = [*EXTRA_METRIC_NAMES, *SHORT_METRIC_NAMES,
                         *(n for n in dir(keras.metrics) if n[0].islower())]
                close = difflib.get_close_matches(name, known, n=3)
                hint = f" Did you mean {', '.join(map(repr, close))}?" if close else ""
                raise ValueError(
                    f"LivePlot cannot plot {metric!r}: it is not a Keras metric or loss name.{hint} "
                    "For a metric you wrote yourself, pass the metric object or function itself "
                    "(metrics=[my_metric])."
                ) from None
        return name
    name = getattr(metric, "name", None) or getattr(metric, "__name__", None)
    if not isinstance(name, str) or not name:
        raise ValueError(f"LivePlot cannot plot {metric!r}: pass metric names (strings), "
                         "keras.metrics objects or metric functions.")
    return name


class LivePlot(keras.callbacks.Callback):
    """Live training curves for ``model.fit``.

    ``model.fit(x, y, validation_split=0.1, epochs=20, callbacks=[LivePlot()])``

    One panel per metric with its validation twin, the learning rate when it
    changes, and the best epoch (lowest ``val_loss``, else ``loss``) marked. In
    JupyterLab it updates one figure in place with a progress bar; without a
    widget front end it draws once at the end (a PNG in notebooks, a text table
    in terminals). Reuse one ``LivePlot`` across ``fit`` calls to continue the
    curves, or pass ``reset=True`` to start fresh at every ``fit``.

    Args:
        metrics: metrics to plot (names, metric objects or functions); all by default.
        per_batch: also draw smoothed per-batch curves.
        min_interval: least seconds between redraws (redraws are also kept under
            2% of wall time).
        smoothing: weight of the moving average for per-batch curves, in [0, 1).
        stop_on_nan: stop training when the loss becomes NaN or infinite.
        reset: forget earlier ``fit`` calls at the start of each ``fit``.
    """

    def __init__(self, metrics: Sequence[MetricSpec] | None = None, *, per_batch: bool = False,
                 min_interval: float = 0.5, smoothing: float = 0.6, stop_on_nan: bool = True,
                 reset: bool = False) -> None:
        super().__init__()
        if isinstance(metrics, str):
            metrics = [metrics]
        self.metrics = None if metrics is None else list(dict.fromkeys(metric_name(m) for m in metrics))
        if not isinstance(min_interval, (int, float)) or not min_interval > 0:
            raise ValueError(f"min_interval must be a positive number of seconds, got {min_interval!r}.")
        if not isinstance(smoothing, (int, float)) or not 0 <= smoothing < 1:
            raise ValueError(f"smoothing must be a number in [0, 1), got {smoothing!r}.")
        self.per_batch = bool(per_batch)
        self.min_interval = float(min_interval)
        self.smoothing = float(smoothing)
        self.stop_on_nan = bool(stop_on_nan)
        self.reset = bool(reset)
        self._record = TrainingHistory()
        self._figure: CurvesFigure | None = None
        self._view = None
        self._mode: DisplayMode = "text"
        self._draw_throttle = Throttle(self.min_interval, max_share=RENDER_SHARE)
        self._progress_throttle = Throttle(PROGRESS_INTERVAL)
        self._run_started = 0.0
        self._run_steps_done = 0
        self._run_first_epoch: int | None = None
        self._epoch = 0
        self._step = 0
        self._rate: float | None = None
        self._known_steps: int | None = None
        self.nan_message: str | None = None

    # ---- what the learner reads -------------------------------------------------
    @property
    def history(self) -> dict[str, dict[str, list[float]]]:
        """``{"epoch": {"epoch": [...], "loss": [...], ...}, "batch": {...}}`` (copies)."""
        return self._record.as_dict()

    def figure(self):
        """The matplotlib Figure of the curves as recorded so far."""
        return self._draw()

    def save(self, path: str | Path) -> Path:
        """Save the curves to ``path`` (``.png``, ``.svg`` or ``.pdf``)."""
        self._draw()
        return self._figure.save(path)

    def to_csv(self, path: str | Path, per_batch: bool = False) -> Path:
        """Write the per-epoch (or per-batch) values to a CSV file."""
        columns = self._record.batches() if per_batch else self._record.epochs()
        path = Path(path)
        with path.open("w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(columns)
            writer.writerows(zip(*columns.values()))
        return path

    def show(self) -> None:
        """Show the curves now: an image in notebooks, a table in terminals."""
        if display_mode() == "text":
            print(format_table(self._record))
        else:
            self._display_static()

    # ---- Keras hooks --------------------------------------------------------------
    def on_train_begin(self, logs=None):
        """Start a run: reset if asked, choose the display, show the live view."""
        if self.reset:
            self._record.reset()
        self._mode = display_mode()
        self._run_started = time.perf_counter()
        self._run_steps_done = 0
        self._run_first_epoch = None
        self._known_steps = self.params.get("steps")
        self.nan_message = None
        self._view = None
        if self._mode == "widget":
            from .view import LivePlotView

            self._view = LivePlotView()
            self._view.show()

    def on_epoch_begin(self, epoch, logs=None):
        """Note the epoch and the learning rate it trains with."""
        self._epoch = epoch
        if self._run_first_epoch is None:
            self._run_first_epoch = epoch
        self._step = 0
        self._rate = self._learning_rate()

    def on_train_batch_end(self, batch, logs=None):
        """Check the loss, record the batch if asked, move the progress bar."""
        logs = logs or {}
        self._step = batch + 1
        self._run_steps_done += 1
        self._check_finite(logs, f"epoch {self._epoch + 1}, batch {batch + 1}")
        if self.per_batch:
            self._record.record_batch(logs, self.params.get("steps"))
        if self._view is not None:
            if self._progress_throttle.ready():
                self._update_progress(logs)
                self._progress_throttle.done()
            if self.per_batch and self._draw_throttle.ready():
                self._redraw()

    def on_epoch_end(self, epoch, logs=None):
        """Record the epoch and redraw if the throttle allows."""
        row = dict(logs or {})
        if self._rate is not None:
            row[LEARNING_RATE] = self._rate
        self._record.record_epoch(row)
        self._known_steps = self.params.get("steps") or self._step
        self._check_finite(row, f"the end of epoch {epoch + 1}")
        if self._view is not None:
            self._update_progress(logs or {})
            if self._draw_throttle.ready():
                self._redraw()

    def on_train_end(self, logs=None):
        """Draw the final curves once, in the way this front end can show them."""
        if self._mode == "widget" and self._view is not None:
            self._update_progress(self._record.last_epoch())
            self._view.finish(self._render())
        elif self._mode == "static":
            self._display_static()
        else:
            print(format_table(self._record))

    # ---- internals ----------------------------------------------------------------
    def _learning_rate(self) -> float | None:
        optimizer = getattr(self.model, "optimizer", None)
        rate = getattr(optimizer, "learning_rate", None)
        if rate is None:
            return None
        try:
            return float(rate.numpy() if hasattr(rate, "numpy") else rate)
        except (TypeError, ValueError):
            return None

    def _check_finite(self, logs: Mapping[str, float], where: str) -> None:
        if self.nan_message is not None:
            return
        bad = [(key, float(value)) for key, value in logs.items()
               if base_name(key) == "loss" and not math.isfinite(float(value))]
        if not bad:
            return
        key, loss = bad[0]
        action = ("training stopped (stop_on_nan=True)" if self.stop_on_nan
                  else "training goes on (stop_on_nan=False)")
        self.nan_message = (
            f"LivePlot: the {key.replace('_', ' ')} became {loss} at {where}; {action}. "
            "Usual causes: a learning rate that is too high, inputs that are not scaled, or a "
            "log/division by zero in a custom loss. Lower the learning rate or check the data, "
            "then train again.")
        print(self.nan_message)
        if self._view is not None:
            self._view.warn(self.nan_message)
        if self.stop_on_nan:
            self.model.stop_training = True

    def _update_progress(self, logs: Mapping[str, float]) -> None:
        epochs = self.params.get("epochs") or 1
        steps = self._known_steps
        run_epochs = max(epochs - (self._run_first_epoch or 0), 1)
        total = run_epochs * steps if steps else None
        elapsed = time.perf_counter() - self._run_started
        remaining = estimate_remaining(elapsed, self._run_steps_done, total)
        fraction = self._run_steps_done / total if total else None
        text = format_progress(self._epoch + 1, epochs, self._step, steps, elapsed, remaining, logs)
        self._view.set_progress(fraction, self.nan_message or text)

    def _draw(self):
        if self._figure is None:
            self._figure = CurvesFigure()
        return self._figure.draw(self._record, self._record.panels(self.metrics),
                                 per_batch=self.per_batch, smoothing=self.smoothing)

    def _render(self) -> bytes:
        self._draw()
        return self._figure.png()

    def _redraw(self) -> None:
        started = self._draw_throttle.now()
        self._view.set_image(self._render())
        self._draw_throttle.done(started)

    def _display_static(self) -> None:
        from IPython.display import display

        panels = ", ".join(p.metric for p in self._record.panels(self.metrics)) or "nothing yet"
        display(image_bundle(self._render(), f"LivePlot: training curves ({panels})"), raw=True)
