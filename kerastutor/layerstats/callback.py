"""``LayerStats``: the Keras callback that records per-layer statistics over training and shows them."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from pathlib import Path

from .._arguments import BadArgument, choice, integer, number, refuse
from .._frontend import DisplayMode, display_mode, image_bundle
from .._guarded import Guarded, remembered
from .._instrument import Instrument, target_path, write_file
from .._quiet import import_keras
from .._throttle import REDRAW_SHARE, Throttle
from ..inspector.activations import DEFAULT_BUDGET_MB, check_budget
from .figure import StatsFigure
from .measure import (
    Sample,
    WatchedLayer,
    gradient_norms,
    layer_weights,
    one_pass_model,
    output_statistics,
    prepare_sample,
    watched_layers,
)
from .record import (
    ACTIVATION_STATISTICS,
    DEFAULT_STATISTICS,
    GRADIENT_STATISTICS,
    LABELS,
    STATISTICS,
    LayerRecord,
)
from .report import diagnose, format_table

keras = import_keras()

OWNER = "LayerStats"
SAMPLE_LIMIT = 128  # samples of ``sample`` used (the first ones): each record's cost grows with them
SAMPLE_STATISTICS = GRADIENT_STATISTICS + ACTIVATION_STATISTICS  # what needs the sample
MAX_MIN_INTERVAL = 3600.0
CSV_SUFFIXES = (".csv",)
SAMPLE_ALLOWED = ("a pair (x, y) of a few samples and their targets, for example "
                  "(x_train[:64], y_train[:64])")


def _statistics(value: object) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, (list, tuple)) or not items:
        raise refuse(OWNER, "statistics", value, "a non-empty list of: " + ", ".join(STATISTICS))
    return tuple(dict.fromkeys(str(choice(OWNER, "statistics", item, STATISTICS)) for item in items))


def _raise(error: Exception) -> None:
    raise error


class LayerStats(Guarded, keras.callbacks.Callback, Instrument):
    """Which layer is not learning: per-layer statistics recorded during ``model.fit``.

    ``model.fit(x, y, epochs=10, callbacks=[kt.LayerStats(sample=(x[:64], y[:64]))])``

    For every layer with weights (nested models followed, named ``outer/inner`` as in
    ``kt.activations``), before training, after each epoch and every ``every_batches`` batches if
    asked: the weights' mean, std and histogram, the update ratio ||Δw||/||w|| since the previous
    record (so it grows with the steps in between), and on the ``sample`` batch the gradient norm
    of the compiled loss (one ``GradientTape`` pass) and the output's mean, std and fraction of
    dead units (zero for every sample). Both passes run in inference mode (Dropout off,
    BatchNormalization's moving statistics), so they draw no random numbers and change nothing:
    training goes exactly as it would without LayerStats. A layer's weights are its kernel and
    bias taken together; its histogram has 30 bins fixed at its first record (twice its largest
    weight either side of 0), later weights beyond them counted in the outermost bins.

    Shown like ``LivePlot``: in JupyterLab a layer x epoch heatmap of one statistic (a dropdown; a log
    colour scale when it spans orders of magnitude) beside one layer's weight histograms over time
    (a dropdown), updated in place; a picture at the end in other notebooks; a table in terminals,
    with the classic failures named (vanishing gradients, too large updates, dead units). A failure
    of its own is said once in one line and never ends the fit.

    Args:
        sample: ``(x, y)``, a few training samples and their targets: 64 are plenty (the first
            128 are used). Without it only the weights are recorded (Keras callbacks do not see
            the batches).
        every_batches: also record every this many batches (None: per epoch only). Each record costs
            a forward and backward pass on the sample, and fit then waits for each batch's logs.
        statistics: the statistics offered in the heatmap, the first shown; gradient and activation
            passes run only for the statistics that need them.
        min_interval: least seconds between redraws, above 0 and at most 3600.
        budget_mb: the memory the sample's layer outputs may take (as in ``kt.activations``).

    ``.history`` is plain data, ``to_csv(path)`` writes one row per layer per record, ``choose()``
    picks what the picture shows; ``show()``, ``snapshot()``, ``save(path)`` and ``.widget`` as
    every instrument.
    """

    OWNER = OWNER
    SAVE_EXAMPLE = "layerstats"

    def __init__(self, sample: tuple | None = None, *, every_batches: int | None = None,
                 statistics: Sequence[str] | str = DEFAULT_STATISTICS, min_interval: float = 0.5,
                 budget_mb: float = DEFAULT_BUDGET_MB) -> None:
        super().__init__()
        if sample is not None and not (isinstance(sample, (tuple, list)) and len(sample) == 2):
            raise refuse(OWNER, "sample", sample, SAMPLE_ALLOWED)
        self.sample = sample
        self.every_batches = (None if every_batches is None
                              else integer(OWNER, "every_batches", every_batches, 1))
        self.statistics = _statistics(statistics)
        self.min_interval = number(OWNER, "min_interval", min_interval, 0, MAX_MIN_INTERVAL, low_open=True)
        self.budget_mb = check_budget(OWNER, budget_mb)
        self.statistic = self.statistics[0]
        self.layer: str | None = None
        self._record = LayerRecord()
        self._picture = StatsFigure()
        self._throttle = Throttle(self.min_interval, max_share=REDRAW_SHARE)
        self._view = None
        self._mode: DisplayMode = "text"
        self._recorded_model: Callable[[], object] | None = None
        self._said: set[str] = set()
        self._reset_fit()
        if self.every_batches:  # only then a batch hook: Keras runs callbacks without one asynchronously
            self.on_train_batch_end = self._batch_ended

    def _reset_fit(self) -> None:
        self._watched: list[WatchedLayer] | None = None
        self._sample: Sample | None = None
        self._gradients = self._outputs = False
        self._one_pass = None
        self._epoch = 0
        self._offset = 0.0
        self._first_epoch = True

    # ---- what the learner reads -------------------------------------------------
    @property
    def history(self) -> dict[str, list]:
        """``{"record": [...], "epoch": [...], "step": [...], "layer": [...], "gradient_norm": [...], ...,
        "weight_histogram": [[counts], ...], "histogram_low": [...], "histogram_high": [...]}``: one
        entry per layer per record (copies)."""
        return self._record.as_dict()

    @property
    def layers(self) -> list[str]:
        """The layers recorded, input side first."""
        return list(self._record.layers)

    def problems(self) -> list[str]:
        """The classic failures the last record shows, one sentence each (empty: none)."""
        return diagnose(self._record)

    def to_csv(self, path: str | Path) -> Path:
        """Write one row per layer per record to a ``.csv`` file (the histogram as ``bin_0`` ...
        columns between ``histogram_low`` and ``histogram_high``), replacing one of that name."""
        target = target_path(f"{OWNER}.to_csv", path, CSV_SUFFIXES, "layerstats")
        header, rows = self._record.table()
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer)
        writer.writerow(header)
        writer.writerows(rows)
        return write_file(f"{OWNER}.to_csv", target, buffer.getvalue())

    def choose(self, statistic: str | None = None, layer: str | None = None) -> None:
        """Show ``statistic`` in the heatmap (one of ``statistics``) and ``layer``'s weight histograms."""
        if statistic is not None:
            self.statistic = str(choice(OWNER, "statistic", statistic, self.statistics))
        if layer is not None:
            self.layer = str(choice(OWNER, "layer", layer, self._record.layers))
        if self._view is not None:
            self._view.set_choice(self.statistic, self.layer)
            self._view.set_image(self._render())

    @property
    def widget(self):
        """The live view of the last ``fit`` in a widget front end, or else a new one showing the record."""
        if self._view is None:
            self._view = self._new_view()
            self._view.set_image(self._render())
            self._view.set_status(self._status())
        return self._view.box

    # ---- the instrument's hooks --------------------------------------------------
    def _text(self) -> str:
        return format_table(self._record)

    def _figure(self):
        return self._picture.draw(self._record, self.statistic, self.layer)

    def _static(self) -> list[str | dict]:
        return [image_bundle(self._render(), self._caption())]

    # ---- Keras hooks (each guarded: LayerStats never ends the fit it watches) -------
    def on_train_begin(self, logs=None):
        """Check the sample against the model (a wrong one is refused before any training), show the view."""
        self._said = set()
        self._reset_fit()
        if self.sample is not None and self._wants_sample():
            try:
                self._sample = prepare_sample(OWNER, self.model, self.sample, SAMPLE_LIMIT)
            except BadArgument:
                raise  # the learner's sample does not fit their model: said before any training
            except Exception as error:  # noqa: BLE001  (any other surprise is LayerStats' own failure)
                self._guard("reading the sample", _raise, error)
        self._guard("recording", self._follow_model)
        self._guard("drawing", self._begin_view)

    def on_epoch_begin(self, epoch, logs=None):
        """At a fit's first epoch, record the weights as training finds them (if nothing is recorded yet)."""
        self._epoch = epoch
        if self._first_epoch:
            self._first_epoch = False
            recorded = self._record.epochs()
            self._offset = max(recorded[-1] - epoch, 0.0) if recorded else 0.0  # a second fit counts on
            if not recorded:
                self._guard("recording", self._take_record, float(epoch))

    def _batch_ended(self, batch, logs=None):
        """Every ``every_batches`` batches (but the epoch's last: its end records), record."""
        steps = self.params.get("steps")
        if self.every_batches and (batch + 1) % self.every_batches == 0 and (batch + 1) != steps:
            self._guard("recording", self._take_record, self._epoch + ((batch + 1) / steps if steps else 0.0)
                        + self._offset)

    def on_epoch_end(self, epoch, logs=None):
        """Record the epoch."""
        self._guard("recording", self._take_record, epoch + 1 + self._offset)

    def on_train_end(self, logs=None):
        """Show the final picture once, in the way this front end can show it."""
        self._guard("drawing", self._finish)

    # ---- internals ----------------------------------------------------------------
    def _wants_sample(self) -> bool:
        return any(s in SAMPLE_STATISTICS for s in self.statistics)

    def _follow_model(self) -> None:
        """Another model object than the one recorded starts a new record (said in one line)."""
        model = self.model
        previous = self._recorded_model() if self._recorded_model is not None else None
        if self._record.count and previous is not model:
            self._record.reset()
            self._say("new model", f"LayerStats: this fit trains another model object "
                      f"({getattr(model, 'name', '?')!r}) than the one recorded so far; starting a new "
                      "record.")
        self._recorded_model = remembered(model)

    def _setup(self) -> None:
        """Find the layers to watch and which passes on the sample can run, saying once what cannot."""
        self._watched, readable = watched_layers(self.model)
        wanted = set(self.statistics)
        self._gradients = bool(wanted & set(GRADIENT_STATISTICS))
        self._outputs = bool(wanted & set(ACTIVATION_STATISTICS)) and readable
        if self._wants_sample() and self._sample is None:
            self._gradients = self._outputs = False
            self._say("no sample", "LayerStats: no sample given, so only the weights are recorded (no "
                      "gradient norms, no activations); pass one: LayerStats(sample=(x_train[:64], "
                      "y_train[:64])).")
            weights_only = [s for s in self.statistics if s not in SAMPLE_STATISTICS]
            if self.statistic not in weights_only and weights_only:
                self.statistic = weights_only[0]  # show what is recorded
        if self._gradients and keras.backend.backend() != "tensorflow":
            self._gradients = False
            self._say("backend", f"LayerStats: gradient norms need the TensorFlow backend (this is "
                      f"{keras.backend.backend()}); the other statistics are recorded.")
        if wanted & set(ACTIVATION_STATISTICS) and self._sample is not None and not readable:
            self._say("subclassed", f"LayerStats: {self.model.name!r} is a subclassed model, so its layers' "
                      "outputs cannot be read: activation statistics are not recorded.")
        if self._gradients and self._outputs:
            self._one_pass = one_pass_model(self.model, self._watched, self._sample.size, self.budget_mb)
        names = [layer.name for layer in self._watched]
        if self.layer not in names and names:
            self.layer = names[0]
        if self._view is not None:
            self._view.set_layers(self._record.layers or [w.name for w in self._watched], self.layer)

    def _take_record(self, epoch: float) -> None:
        if self._watched is None:
            if not self.model.weights:
                return  # not built yet: the first record comes at the end of the epoch
            self._setup()
        weights = {layer.name: layer_weights(layer.layer) for layer in self._watched}
        gradients = outputs = None
        if self._gradients:
            found = self._guard("gradient norms", gradient_norms, self.model, self._sample, self._watched,
                                self._one_pass if self._outputs else None)
            self._gradients = found is not None  # a failure is said once, then the pass is left out
            gradients, outputs = found or (None, None)
        if self._outputs and outputs is None:
            outputs = self._guard("activation statistics", output_statistics, self.model, self._sample,
                                  self._watched, self.budget_mb)
            self._outputs = outputs is not None
        self._record.add(epoch, self._optimizer_steps(), weights, gradients, outputs)
        if self._view is not None:
            self._guard("drawing", self._show_record)

    def _optimizer_steps(self) -> int:
        """The training steps the model's optimizer has taken."""
        iterations = getattr(getattr(self.model, "optimizer", None), "iterations", None)
        return 0 if iterations is None else int(iterations.numpy())

    def _new_view(self):
        from .view import LayerStatsView

        return LayerStatsView(self.statistics, self.statistic, self._record.layers, self.layer, self._picked)

    def _picked(self, statistic: str, layer: str | None) -> None:
        """The learner picked in a dropdown: redraw now."""
        self.statistic, self.layer = statistic, layer
        self._view.set_image(self._render())

    def _begin_view(self) -> None:
        self._mode = display_mode()
        self._view = None
        if self._mode == "widget":
            self._view = self._new_view()
            self._view.show()

    def _show_record(self) -> None:
        if len(self._view.layer.options) != len(self._record.layers):
            self._view.set_layers(self._record.layers, self.layer)
        self._view.set_status(self._status())
        if self._throttle.ready():
            started = self._throttle.now()
            self._view.set_image(self._render())
            self._throttle.done(started)

    def _status(self) -> str:
        if not self._record.count:
            return "waiting for the first record…"
        epochs = self._record.epochs()
        found = diagnose(self._record)
        return f"record {self._record.count} (epoch {epochs[-1]:g}) · " + (found[0] if found else
                                                                         "nothing stands out")

    def _finish(self) -> None:
        if self._mode == "widget" and self._view is not None:
            self._view.set_status(self._status())
            self._view.finish(self._render())
        elif self._mode == "static":
            from IPython.display import display

            display(image_bundle(self._render(), self._caption()), raw=True)
        else:
            print(self._text())

    def _render(self) -> bytes:
        self._figure()
        return self._picture.png()

    def _caption(self) -> str:
        layer = f"; the weights of {self.layer} over time" if self.layer else ""
        return (f"LayerStats: {LABELS[self.statistic]} of {len(self._record.layers)} layers over "
                f"{self._record.count} records{layer}")
