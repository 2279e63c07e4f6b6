"""The playground's computation, apart from any display: data, live model, training, and what to draw.

``Session.step(epochs)`` trains in one ``fit`` call of one Keras epoch (Keras's set-up costs are
paid once; see ``batches.py``), on batches in a seeded order, so the same settings train the same
way every time. After every epoch it records the loss and accuracy on the whole training and test
sets. A loss that stops being finite ends training with a sentence that says why; ``reset()``
starts again from the seeded weights. ``apply(settings)`` takes new settings: the learning rate
and batch size change live, anything else makes new data and a new seeded network. The data is
one of the Playground's sets or the learner's own ``(X, y)``.
"""

from __future__ import annotations

import math

import numpy as np

from .._arguments import BadArgument, integer, refuse
from .._quiet import import_keras
from .batches import EpochBatches
from .data import (
    DRAWN_REGRESSION,
    DRAWN_SETS,
    OWN,
    RADIUS,
    check_data_pair,
    check_own_data,
    class_count,
    drawn_data,
    make_data,
    split,
)
from .features import transform
from .forward import dense_layers
from .network import build_model
from .retracing import quiet_retracing
from .settings import Settings, check_epochs

METRIC_KEYS = ("train_loss", "test_loss", "train_accuracy", "test_accuracy")
OWNER = "playground"
MAX_RESOLUTION = 300  # a map of 300 x 300 points: 90,000 network outputs per layer
# Settings that change from the next batch, keeping the network and its training (as TensorFlow
# Playground does); which controls are locked or hidden changes nothing in training.
LIVE_SETTINGS = frozenset({"learning_rate", "batch_size", "locked", "hidden_controls"})


def _resolution(resolution: object) -> int:
    return integer(OWNER, "resolution", resolution, 2, MAX_RESOLUTION)


class Diverged(RuntimeError):
    """Training produced a loss that is not a finite number."""


class Session:
    """One playground run: ``step()`` trains, ``metrics()`` reports, ``boundary()`` maps the output,
    ``apply()`` takes new settings."""

    def __init__(self, settings: Settings | None = None, data: tuple | None = None) -> None:
        if settings is not None and not isinstance(settings, Settings):
            raise refuse(OWNER, "settings", settings, "a Settings value or None")
        settings = settings or Settings()
        if data is not None:
            check_data_pair(data)
            if settings.dataset != OWN:
                settings = settings.changed(dataset=OWN)
        self._data = data  # the learner's own (X, y), kept for the settings that use it again
        self._load(settings)
        self.reset()

    def _load(self, settings: Settings) -> None:
        """Take ``settings`` and make their data, split; nothing changes when it cannot be made."""
        own = settings.dataset == OWN
        if own and self._data is None:
            raise BadArgument(f"{OWNER}: these settings use your own data (dataset='own'): pass it again, "
                              "kt.playground(state, data=(X, y)).")
        if own:
            x, y, classes = check_own_data(*check_data_pair(self._data))
        elif settings.dataset in DRAWN_SETS:
            x, y, classes = drawn_data(settings.points, regression=settings.dataset == DRAWN_REGRESSION)
        else:
            x, y = make_data(settings.dataset, settings.samples, settings.noise, settings.seed)
            classes = class_count(settings.dataset)
        parts = split(x, y, settings.train_fraction, settings.seed)
        if classes:
            value_range = (0.0, 1.0)
        elif own:
            value_range = (float(y.min()), float(y.max()) if y.max() > y.min() else float(y.min()) + 1)
        else:
            value_range = (-1.0, 1.0)
        self.settings, self.classes, self.value_range = settings, classes, value_range
        self.classification = classes > 0
        self.x_train, self.y_train, self.x_test, self.y_test = parts
        self.extent = _extent(x) if own else (-RADIUS, RADIUS, -RADIUS, RADIUS)

    def apply(self, settings: Settings) -> bool:
        """Take ``settings``, as a changed control does. A change of ``LIVE_SETTINGS`` alone applies
        from the next batch and keeps the network and its history; any other change (or any change
        once training has diverged) makes new data and a new seeded network. Returns whether it did."""
        if not isinstance(settings, Settings):
            raise refuse(OWNER, "settings", settings, "a Settings value")
        current = self.settings.to_dict()
        differs = {name for name, value in settings.to_dict().items() if current[name] != value}
        if differs <= LIVE_SETTINGS and not self.diverged:
            self.settings = settings
            self.model.optimizer.learning_rate.assign(settings.learning_rate)
            return False
        self._load(settings)
        self.reset()
        return True

    def reset(self) -> None:
        """Fresh seeded weights, empty history."""
        features = transform(self.x_train, self.settings.features)
        self._batches = EpochBatches(features, self.y_train, self.settings.seed, self.settings.batch_size)
        self.model = build_model(self.settings, self.classes, self._batches.steps_per_execution)
        self._every_layer = None
        self.history: dict[str, list[float]] = {key: [] for key in ("epoch", *METRIC_KEYS)}
        self.diverged: str | None = None

    @property
    def epoch(self) -> int:
        """Epochs trained so far."""
        return len(self.history["epoch"])

    def _scores(self, predicted: np.ndarray, y: np.ndarray) -> tuple[float, float]:
        """Loss and accuracy (NaN for regression, and both for no points) of outputs ``predicted``."""
        if not len(y):
            return math.nan, math.nan
        predicted = predicted.astype("float64")
        if self.classes > 2:
            labels = y.astype(int)
            p = np.clip(predicted[np.arange(len(y)), labels], 1e-7, 1)
            return float(-np.mean(np.log(p))), float(np.mean(predicted.argmax(axis=1) == labels))
        predicted = predicted.ravel()
        if self.classification:
            p = np.clip(predicted, 1e-7, 1 - 1e-7)
            loss = float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))
            return loss, float(np.mean((predicted > 0.5) == (y > 0.5)))
        return float(np.mean((predicted - y) ** 2)), math.nan

    def check_trainable(self) -> None:
        """A ``BadArgument`` saying how many points to draw when there is nothing to train or test on."""
        if len(self.x_train) and len(self.x_test):
            return
        drawn = len(self.x_train) + len(self.x_test)
        raise BadArgument(f"{OWNER}: {drawn} point{'s' * (drawn != 1)} drawn is too few to train on: "
                          f"{self.settings.train_fraction:.0%} of the points train the network and the rest "
                          "test it, and each part needs at least one. Click the map to draw more.")

    def _current(self) -> dict[str, float]:
        """Loss and accuracy of the model as it is now, on the whole training and test sets (one call)."""
        both = transform(np.concatenate([self.x_train, self.x_test]), self.settings.features)
        predicted = _forward(self.model, both)
        cut = len(self.x_train)
        train_loss, train_accuracy = self._scores(predicted[:cut], self.y_train)
        test_loss, test_accuracy = self._scores(predicted[cut:], self.y_test)
        return dict(train_loss=train_loss, test_loss=test_loss, train_accuracy=train_accuracy,
                    test_accuracy=test_accuracy)

    def _record(self) -> None:
        values = {"epoch": self.epoch + 1, **self._current()}
        for key, value in values.items():
            self.history[key].append(value)

    def step(self, epochs: int = 1, on_epoch=None, on_batch=None) -> dict[str, float]:
        """Train ``epochs`` more epochs and return ``metrics()``. ``on_epoch(session)`` runs after each
        epoch, ``on_batch(session)`` after each call into TensorFlow that ends inside an epoch (an epoch
        of more than ``MAX_STEPS_PER_EXECUTION`` batches runs in several; a shorter one in one call, so
        ``on_batch`` is not called at all); either one returning True stops training there. A step
        stopped inside an epoch leaves the rest of it to the next step (which counts it as its first),
        so stopping and going on trains exactly as not stopping; a new batch size starts it again."""
        check_epochs(epochs)
        self.check_trainable()
        if self.diverged:
            raise Diverged(self.diverged)
        keras = import_keras()
        session = self
        batches = self._batches_for(self.settings.batch_size)
        per_epoch, done = batches.batches_per_epoch, batches.into_epoch

        class Watch(keras.callbacks.Callback):
            def on_train_batch_end(self, batch, logs=None):
                batches.into_epoch = (done + batch + 1) % per_epoch  # ``batch``: the call's last one
                if batches.into_epoch:
                    stop = on_batch is not None and on_batch(session)
                else:  # the last batch of one of the playground's epochs
                    session._record()
                    if not (math.isfinite(session.history["train_loss"][-1])
                            and math.isfinite((logs or {}).get("loss", 0.0))):
                        session.diverged = (
                            f"training diverged at epoch {session.epoch}: the loss is no longer a number. "
                            f"The learning rate {session.settings.learning_rate} is probably too high: "
                            "lower it, then reset.")
                    stop = bool(session.diverged) or (on_epoch is not None and on_epoch(session))
                if stop:
                    self.model.stop_training = True

        # one Keras epoch holds all the playground's epochs: Keras's set-up cost is paid once per step
        batches.start(self.epoch)
        with quiet_retracing():  # each new network traces once; see retracing.py
            self.model.fit(batches.dataset, epochs=1, steps_per_epoch=epochs * per_epoch - done,
                           shuffle=False, verbose=0, callbacks=[Watch()])
        if self.diverged:
            raise Diverged(self.diverged)
        return self.metrics()

    def _batches_for(self, batch_size: int) -> EpochBatches:
        """The batches in ``batch_size``: a batch size changed live makes new ones (an epoch a stopped
        step left unfinished starts again) and recompiles the model for their ``steps_per_execution``,
        with the same optimizer object (its state is kept)."""
        if self._batches.batch_size != batch_size:
            old = self._batches
            self._batches = EpochBatches(old.x, old.y, old.seed, batch_size)
            if self._batches.steps_per_execution != old.steps_per_execution:
                metrics = self.model.get_compile_config()["metrics"]
                self.model.compile(optimizer=self.model.optimizer, loss=self.model.loss, metrics=metrics,
                                   steps_per_execution=self._batches.steps_per_execution)
        return self._batches

    def metrics(self) -> dict[str, float]:
        """The latest train and test loss (and accuracy, for classification), with the epoch count."""
        keys = METRIC_KEYS if self.classification else METRIC_KEYS[:2]
        latest = {key: self.history[key][-1] for key in keys} if self.epoch else self._current()
        return {"epoch": self.epoch, **{key: latest[key] for key in keys}}

    def grid(self, resolution: int = 50) -> np.ndarray:
        """Points covering the drawn area (``extent``), row by row from the top: shape (resolution**2, 2)."""
        resolution = _resolution(resolution)
        left, right, bottom, top = self.extent
        xx, yy = np.meshgrid(np.linspace(left, right, resolution, dtype="float32"),
                             np.linspace(top, bottom, resolution, dtype="float32"))
        return np.stack([xx.ravel(), yy.ravel()], axis=1)

    def boundary(self, resolution: int = 50) -> np.ndarray:
        """The network's output over the square, top row first: shape (resolution, resolution), or
        (classes, resolution, resolution) for three classes or more (each class's probability)."""
        values = _outputs(self.model, transform(self.grid(resolution), self.settings.features))[0]
        if values.shape[1] > 1:
            return values.T.reshape(-1, resolution, resolution)
        return values.reshape(resolution, resolution)

    def neuron_maps(self, resolution: int = 20) -> list[tuple[str, np.ndarray]]:
        """Each column of the network over the square, inputs first: ``(name, maps)`` with maps of shape
        (units, resolution, resolution)."""
        keras = import_keras()
        columns = transform(self.grid(resolution), self.settings.features)
        dense = dense_layers(self.model)
        if self._every_layer is None:
            self._every_layer = keras.Model(self.model.inputs[0], [layer.output for layer in dense])
        outputs = _outputs(self._every_layer, columns)
        maps = [(", ".join(self.settings.features), columns)]
        maps += [(layer.name, values) for layer, values in zip(dense, outputs)]
        return [(name, values.T.reshape(-1, resolution, resolution)) for name, values in maps]

    def kernels(self) -> list[np.ndarray]:
        """The weight matrix between each pair of neighbouring columns, inputs first."""
        return [layer.get_weights()[0] for layer in dense_layers(self.model)]


def _outputs(model, columns: np.ndarray) -> list[np.ndarray]:
    """Every output of ``model`` for ``columns``, as numpy arrays. An eager call: ``predict_on_batch``
    is faster, but it compiles a function per model and input size, and a playground makes new models
    at every change, which makes TensorFlow print retracing warnings."""
    outputs = model(columns)
    return [np.asarray(o) for o in (outputs if isinstance(outputs, (list, tuple)) else [outputs])]


def _forward(model, columns: np.ndarray) -> np.ndarray:
    """``model(columns)`` of a stack of layers as a numpy array, through each layer's own ``call``
    (Dropout's at inference): the same operations without Keras's per-call bookkeeping, which is about
    half of an eager call's time on the playground's small networks (the record runs every epoch)."""
    keras = import_keras()
    values = keras.ops.convert_to_tensor(columns)
    for layer in model.layers:
        if not isinstance(layer, keras.layers.InputLayer):
            values = layer.call(values)
    return np.asarray(values)


def _extent(x: np.ndarray) -> tuple[float, float, float, float]:
    """The learner's points with a 10% margin: (left, right, bottom, top)."""
    low, high = x.min(axis=0), x.max(axis=0)
    margin = np.maximum((high - low) * 0.1, 1e-3)
    (left, bottom), (right, top) = low - margin, high + margin
    return float(left), float(right), float(bottom), float(top)
