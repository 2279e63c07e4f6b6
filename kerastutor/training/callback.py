"""``LivePlot``: the Keras callback that records training and drives the display."""

from __future__ import annotations

import csv
import difflib
import io
import math
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import numpy as np

from .._arguments import flag, is_real_number, number, refuse, text
from .._frontend import DisplayMode, display_mode, image_bundle
from .._guarded import Guarded, remembered
from .._instrument import Instrument, target_path, write_file
from .._quiet import import_keras
from .._throttle import REDRAW_SHARE, Throttle
from .figure import CurvesFigure
from .history import (
    LEARNING_RATE,
    MAX_DRAWN,
    MAX_VALUES,
    TrainingHistory,
    as_values,
    base_name,
    metric_of,
    vector_sizes,
)
from .report import estimate_remaining, format_progress, format_table

keras = import_keras()

# The progress line is cheap (two comm messages) and updates more often: at least 5 times a second
# when batches are that fast (the throttle fires at the first batch after the interval).
PROGRESS_INTERVAL = 0.18
MetricSpec = str | Callable | object
OWNER = "LivePlot"
NAME_LIMIT = 200  # characters of a metric name (a longer one is no name fit logs)
MAX_MIN_INTERVAL = 3600.0
CSV_SUFFIXES = (".csv",)
METRICS_ALLOWED = ("a metric name, a keras.metrics object or a metric function, or a list of "
                   "them (None: every metric fit logs)")


def metric_name(metric: MetricSpec, given: object = None) -> str:
    """The key ``model.fit`` logs for ``metric``: a name, a Metric object, or a function.

    Any name is accepted (fit logs the names learners give their own metrics, and
    ``<output name>_<metric>`` for multi-output models); one that the fit never logs is
    named after its first epoch, with the keys it does log. ``given`` is the whole
    ``metrics`` argument, shown in an error message."""
    given = metric if given is None else given
    if isinstance(metric, str):
        text(OWNER, "metrics", metric, limit=NAME_LIMIT)
        return metric_of(metric.strip())
    name = getattr(metric, "name", None) or getattr(metric, "__name__", None)
    if isinstance(metric, type) or not callable(metric) and not isinstance(metric, keras.metrics.Metric) \
            or not isinstance(name, str) or not name:
        raise refuse(OWNER, "metrics", given, METRICS_ALLOWED)
    return name


def metric_names(metrics: object) -> list[str] | None:
    """The ``metrics`` argument as a list of logged names (None: all), checked name by name."""
    if metrics is None:
        return None
    items = list(metrics) if isinstance(metrics, (list, tuple)) else [metrics]
    if not items:
        raise refuse(OWNER, "metrics", metrics, METRICS_ALLOWED)
    return list(dict.fromkeys(metric_name(m, metrics) for m in items))


def _smoothing(value: object) -> float:
    if not (is_real_number(value) and math.isfinite(float(value)) and 0 <= float(value) < 1):
        raise refuse(OWNER, "smoothing", value, "a number from 0 up to, not including, 1 (0: no smoothing)")
    return float(value)


class LivePlot(Guarded, keras.callbacks.Callback, Instrument):
    """Live training curves for ``model.fit``.

    ``model.fit(x, y, validation_split=0.1, epochs=20, callbacks=[LivePlot()])``

    One panel per metric with its validation twin, the learning rate when it
    changes, and the best epoch (lowest ``val_loss``, else ``loss``) marked. In
    JupyterLab it updates one figure in place with a progress bar; without a
    widget front end it draws once at the end (a PNG in notebooks, a text table
    in terminals). Reuse one ``LivePlot`` across ``fit`` calls of the same model
    to continue the curves, or pass ``reset=True`` to start fresh at every ``fit``.

    Never stops the training it watches (except ``stop_on_nan``): a vector metric
    such as ``F1Score(average=None)`` is kept as one value per class (``f1_score[0]``...,
    drawn in one panel, at most 10 curves each), and a failure of its own drawing is
    said once in one line while the values go on being recorded.

    A ``fit`` of a different model object than the one recorded so far starts new
    curves (said in one line): two runs are never merged and no best epoch is picked
    across them. The earlier runs' values stay in ``earlier_runs``. A different object
    that resumes the recorded run, ``fit(..., initial_epoch=N)`` with N the epochs
    recorded (a model reloaded from a checkpoint), continues the curves.

    Args:
        metrics: metrics to plot (names, metric objects or functions); all by default.
            A multi-output model's keys such as ``"out1_loss"`` are accepted; a metric
            that fit never logs is named after the first epoch, with the keys it does log.
        per_batch: also draw smoothed per-batch curves.
        min_interval: least seconds between redraws, above 0 and at most 3600
            (redraws are also kept under 1% of wall time).
        smoothing: weight of the moving average for per-batch curves, in [0, 1).
        stop_on_nan: stop training when the loss becomes NaN or infinite.
        reset: forget earlier ``fit`` calls at the start of each ``fit``.

    Like every instrument it answers ``show()``, ``snapshot()`` (PNG bytes), ``save(path)``
    and ``.widget``; ``figure()`` and ``to_csv(path)`` are its own.
    """

    OWNER = OWNER
    SAVE_EXAMPLE = "curves"
    FAILURE_NOTE = "training goes on and the values are still recorded in .history."
    FAILURE_CHARS = 120

    def __init__(self, metrics: Sequence[MetricSpec] | MetricSpec | None = None, *,
                 per_batch: bool = False, min_interval: float = 0.5, smoothing: float = 0.6,
                 stop_on_nan: bool = True, reset: bool = False) -> None:
        super().__init__()
        self.metrics = metric_names(metrics)
        self.per_batch = flag(OWNER, "per_batch", per_batch)
        self.min_interval = number(OWNER, "min_interval", min_interval, 0, MAX_MIN_INTERVAL, low_open=True)
        self.smoothing = _smoothing(smoothing)
        self.stop_on_nan = flag(OWNER, "stop_on_nan", stop_on_nan)
        self.reset = flag(OWNER, "reset", reset)
        self._record = TrainingHistory()
        self.earlier_runs: list[dict[str, dict[str, list[float]]]] = []
        self._recorded_model: Callable[[], object] | None = None
        self._curves: CurvesFigure | None = None
        self._view = None
        self._mode: DisplayMode = "text"
        self._draw_throttle = Throttle(self.min_interval, max_share=REDRAW_SHARE)
        self._progress_throttle = Throttle(PROGRESS_INTERVAL)
        self._run_started = 0.0
        self._run_steps_done = 0
        self._run_first_epoch: int | None = None
        self._epoch = 0
        self._step = 0
        self._rate: float | None = None
        self._known_steps: int | None = None
        self._said: set[str] = set()
        self._last_logs: dict = {}
        self.nan_message: str | None = None

    # ---- what the learner reads -------------------------------------------------
    @property
    def history(self) -> dict[str, dict[str, list[float]]]:
        """``{"epoch": {"epoch": [...], "loss": [...], ...}, "batch": {...}}`` (copies)."""
        return self._record.as_dict()

    def figure(self):
        """The matplotlib Figure of the curves as recorded so far."""
        return self._draw()

    def to_csv(self, path: str | Path, per_batch: bool = False) -> Path:
        """Write the per-epoch (or per-batch) values to a ``.csv`` file, replacing one of that name
        (whole, never half); a vector metric's values are one column each (``f1_score[0]``...)."""
        target = target_path(f"{OWNER}.to_csv", path, CSV_SUFFIXES)
        columns = self._record.batches() if flag(f"{OWNER}.to_csv", "per_batch", per_batch) \
            else self._record.epochs()
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer)
        writer.writerow(columns)
        writer.writerows(zip(*columns.values()))
        return write_file(f"{OWNER}.to_csv", target, buffer.getvalue())

    def show(self) -> None:
        """Show the curves now: an image in notebooks, a table in terminals."""
        if display_mode() == "text":
            print(self._text())
        else:
            self._display_static()

    @property
    def widget(self):
        """The live view (progress bar, status line, curves) of the last ``fit`` in a widget front end,
        or else a new one holding the curves so far."""
        if self._view is None:
            from .view import LivePlotView

            self._view = LivePlotView()
            self._view.set_image(self._render())
        return self._view.box

    # ---- the instrument's hooks (``snapshot`` draws ``_figure``) --------------------------
    def _figure(self):
        return self._draw()

    def _text(self) -> str:
        return format_table(self._record)

    # ---- Keras hooks (each guarded: LivePlot never ends the fit it watches) -------------
    def on_train_begin(self, logs=None):
        """Start a run: new curves for another model, reset if asked, show the live view."""
        self._said = set()
        self._guard("recording", self._begin_record)
        self._guard("drawing", self._begin_view)

    def on_epoch_begin(self, epoch, logs=None):
        """Note the epoch and the learning rate it trains with."""
        self._epoch = epoch
        if self._run_first_epoch is None:
            self._run_first_epoch = epoch
            self._guard("recording", self._follow_model, epoch)
        self._step = 0
        self._rate = self._guard("recording", self._learning_rate)

    def on_train_batch_end(self, batch, logs=None):
        """Check the loss, record the batch if asked, move the progress bar."""
        logs = logs or {}
        self._step = batch + 1
        self._run_steps_done += 1
        self._guard("recording", self._record_batch, batch, logs)
        if self._view is not None:
            self._guard("drawing", self._show_batch, logs)

    def on_epoch_end(self, epoch, logs=None):
        """Record the epoch and redraw if the throttle allows."""
        self._last_logs = dict(logs or {})
        self._guard("recording", self._record_epoch, epoch, dict(logs or {}))
        if self._view is not None:
            self._guard("drawing", self._show_epoch, logs or {})

    def on_train_end(self, logs=None):
        """Draw the final curves once, in the way this front end can show them."""
        self._guard("drawing", self._finish)

    # ---- internals ----------------------------------------------------------------
    def _begin_record(self) -> None:
        if self.reset:
            self._record.reset()
        self._run_started = time.perf_counter()
        self._run_steps_done = 0
        self._run_first_epoch = None
        self._known_steps = self.params.get("steps")
        self.nan_message = None

    def _follow_model(self, first_epoch: int) -> None:
        """At a fit's first epoch: new curves when another model starts afresh; the recorded run
        continues for the same model, or for one that resumes it (``initial_epoch`` equal to the
        epochs recorded, as a model reloaded from a checkpoint does)."""
        model = self.model
        previous = self._recorded_model() if self._recorded_model is not None else None
        recorded = self._record.epoch_count or self._record.batch_count
        if recorded and previous is not model and first_epoch != self._record.epoch_count:
            self._start_new_curves(previous, model)
        self._recorded_model = remembered(model)

    def _start_new_curves(self, previous: object, model: object) -> None:
        self.earlier_runs.append(self._record.as_dict())
        self._record.reset()
        before = repr(getattr(previous, "name", "?")) if previous is not None else "a model now deleted"
        self._say("new model", f"LivePlot: this fit trains another model object "
                  f"({getattr(model, 'name', '?')!r}) than the curves so far ({before}); starting new "
                  "curves so that the two runs are not merged. The earlier run's values are in "
                  ".earlier_runs.")

    def _begin_view(self) -> None:
        self._mode = display_mode()
        self._view = None
        if self._mode == "widget":
            from .view import LivePlotView

            self._view = LivePlotView()
            self._view.show()

    def _record_batch(self, batch: int, logs: Mapping[str, object]) -> None:
        self._check_finite(logs, f"epoch {self._epoch + 1}, batch {batch + 1}")
        if self.per_batch:
            self._note_vectors(logs)
            self._record.record_batch(logs, self.params.get("steps"))

    def _record_epoch(self, epoch: int, row: dict) -> None:
        if self._rate is not None:
            row[LEARNING_RATE] = self._rate
        self._note_vectors(row)
        self._record.record_epoch(row)
        self._known_steps = self.params.get("steps") or self._step
        self._check_finite(row, f"the end of epoch {epoch + 1}")
        self._note_missing(row)

    def _show_batch(self, logs: Mapping[str, object]) -> None:
        if self._progress_throttle.ready():
            self._update_progress(logs)
            self._progress_throttle.done()
        if self.per_batch and self._draw_throttle.ready():
            self._redraw()

    def _show_epoch(self, logs: Mapping[str, object]) -> None:
        self._update_progress(logs)
        epochs = self.params.get("epochs")
        last = bool(epochs) and self._epoch + 1 >= epochs  # on_train_end draws it anyway
        if not last and self._draw_throttle.ready():
            self._redraw()

    def _finish(self) -> None:
        if self._mode == "widget" and self._view is not None:
            self._update_progress(self._last_logs)
            self._view.finish(self._render())
        elif self._mode == "static":
            self._display_static()
        else:
            print(self._text())

    def _note_vectors(self, logs: Mapping[str, object]) -> None:
        """Say once per fit how a vector metric is kept (or why a huge one is not)."""
        for key, size in vector_sizes(logs).items():
            name = metric_of(key)
            if size > MAX_VALUES:
                self._say(f"vector {name}", f"LivePlot: {name} logs {size:,} values per step (more than "
                          f"{MAX_VALUES:,}), so it is left out of the curves, the table and to_csv().")
            else:
                drawn = f"the first {MAX_DRAWN}" if size > MAX_DRAWN else "each"
                self._say(f"vector {name}", f"LivePlot: {name} logs {size} values (one per class or output): "
                          f"kept as {name}[0] ... {name}[{size - 1}] in .history and to_csv(); its panel "
                          f"draws {drawn}, the table shows their mean.")

    def _note_missing(self, row: Mapping[str, object]) -> None:
        """After the first epoch of a fit: name the requested metrics fit does not log."""
        if self.metrics is None or "missing" in self._said:
            return
        logged = list(dict.fromkeys(metric_of(key) for key in row if key != LEARNING_RATE))
        missing = [m for m in self.metrics if m not in logged]
        if not missing:
            self._said.add("missing")
            return
        close = sorted({c for m in missing for c in difflib.get_close_matches(m, logged, n=2, cutoff=0.5)})
        hint = f" Did you mean {', '.join(map(repr, close))}?" if close else ""
        self._say("missing", f"LivePlot: this fit logs no {', '.join(map(repr, missing))}, so "
                  f"{'it has' if len(missing) == 1 else 'they have'} no panel. It logs: "
                  f"{', '.join(logged) or 'nothing'}.{hint}")

    def _learning_rate(self) -> float | None:
        optimizer = getattr(self.model, "optimizer", None)
        rate = getattr(optimizer, "learning_rate", None)
        if rate is None:
            return None
        try:
            return float(rate.numpy() if hasattr(rate, "numpy") else rate)
        except (TypeError, ValueError):
            return None

    def _check_finite(self, logs: Mapping[str, object], where: str) -> None:
        if self.nan_message is not None:
            return
        bad = []
        for key, value in logs.items():
            if base_name(key) != "loss" or type(value) is float and math.isfinite(value):
                continue  # Keras hands over plain floats: a test a hundred times cheaper than numpy's
            values = as_values(value)
            if values is not None and not np.isfinite(values).all():
                bad.append((key, float(values.ravel()[~np.isfinite(values.ravel())][0])))
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
        if self.stop_on_nan:
            self.model.stop_training = True
        print(self.nan_message)
        if self._view is not None:
            self._view.warn(self.nan_message)

    def _update_progress(self, logs: Mapping[str, object]) -> None:
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
        if self._curves is None:
            self._curves = CurvesFigure()
        return self._curves.draw(self._record, self._record.panels(self.metrics),
                                 per_batch=self.per_batch, smoothing=self.smoothing)

    def _render(self) -> bytes:
        self._draw()
        return self._curves.png()

    def _redraw(self) -> None:
        started = self._draw_throttle.now()
        self._view.set_image(self._render())
        self._draw_throttle.done(started)

    def _display_static(self) -> None:
        from IPython.display import display

        panels = ", ".join(p.metric for p in self._record.panels(self.metrics)) or "nothing yet"
        display(image_bundle(self._render(), f"LivePlot: training curves ({panels})"), raw=True)
