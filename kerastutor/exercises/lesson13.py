"""Exercises for lesson 13, saving and HDF5: rebuild a model from its weights file, read a legacy .h5 file,
find why a resumed training run got worse and resume it properly, and replace a Lambda layer with a
registered custom layer that loads in safe mode.

The files the checks compare with are made here, from real Keras models trained briefly on the
held-out MNIST digits no lesson cell trains on, with seeded initializers and no shuffling."""

from __future__ import annotations

import logging
import numbers
import re
import tempfile
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import numpy as np

from .._quiet import import_keras
from .checks import (
    all_layers,
    as_array,
    cached_per_draw,
    check_rng,
    held_out_mnist,
    need_built,
    need_function,
    need_model,
    shaped_for,
)
from .core import Problem

keras = import_keras()

LESSON = "13_saving_and_hdf5"
TITLE = "Saving models: .keras, HDF5 and resuming training"

# q1: the hidden layers of the model whose weights file the learner rebuilds.
MYSTERY_UNITS = (48, 24)
# q3: the checkpoint's training: digits, batch size, epochs, and a learning rate that decays every epoch.
RESUME_DIGITS, RESUME_BATCH, RESUME_EPOCHS = 1000, 50, 4
RESUME_RATE, RESUME_DECAY = 0.01, 0.3


@contextmanager
def _quiet_keras() -> Iterator[list[str]]:
    """Keep what Keras logs (absl) or warns inside the block off stderr; yield the messages."""
    messages: list[str] = []

    class Collect(logging.Filter):
        def filter(self, record: logging.LogRecord) -> bool:
            messages.append(record.getMessage())
            return False

    collect = Collect()
    logging.getLogger("absl").addFilter(collect)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield messages
        messages.extend(str(warning.message) for warning in caught)
    finally:
        logging.getLogger("absl").removeFilter(collect)


def _steps(model) -> int | None:
    """How many steps the model's optimizer has taken (None without an optimizer)."""
    optimizer = getattr(model, "optimizer", None)
    return None if optimizer is None else int(as_array(optimizer.iterations))


def _seeded_dense(units: int, activation: str, seed: int):
    return keras.layers.Dense(units, activation=activation,
                              kernel_initializer=keras.initializers.GlorotUniform(seed=seed))


@cache
def _mystery_model():
    """The model behind q1's weights file: digits -> Dense(48, relu) -> Dense(24, relu) -> 10 classes."""
    x, y = held_out_mnist()
    hidden = [_seeded_dense(units, "relu", 130 + i) for i, units in enumerate(MYSTERY_UNITS)]
    model = keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Flatten(), *hidden,
                              _seeded_dense(10, "softmax", 139)])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.003),
                  loss="sparse_categorical_crossentropy")
    model.fit(x[:600], y[:600], batch_size=50, epochs=1, shuffle=False, verbose=0)
    return model


def mystery_weights(directory: str | Path) -> Path:
    """Write q1's weights file, ``mystery.weights.h5``, into ``directory`` and return its path."""
    path = Path(directory) / "mystery.weights.h5"
    _mystery_model().save_weights(path)
    return path


def _rebuilds_from_weights(model) -> str | None:
    problem = need_model(model) or need_built(model)
    if problem:
        return problem
    images = held_out_mnist()[0][1000:1200]
    x = shaped_for(model, images)
    if x is None:
        return (f"your model takes samples of shape {tuple(model.inputs[0].shape[1:])}; the digits are "
                "28 x 28 images (flattened: 784 numbers).")
    try:
        copy = keras.models.clone_model(model)
    except Exception as error:  # noqa: BLE001  (the learner's own layers)
        return f"keras.models.clone_model could not copy your model ({type(error).__name__}: {error})."
    with tempfile.TemporaryDirectory(prefix="kerastutor_q1_") as directory:
        path = mystery_weights(directory)
        try:
            with _quiet_keras():
                copy.load_weights(path)
        except ValueError as error:
            shapes = re.search(r"variable\.shape=(\(.*?\)), Received: value\.shape=(\(.*?\))", str(error))
            if shapes:
                return (f"load_weights fails: one of your layers has a weight of shape {shapes.group(1)} "
                        f"where the file has {shapes.group(2)}. Read the shapes of layers/*/vars/0 (kernels) "
                        "in the file with h5py, in order, and build Dense layers of those sizes.")
            return f"load_weights fails: {str(error).splitlines()[0]}"
    expected = as_array(_mystery_model()(shaped_for(_mystery_model(), images), training=False))
    got = as_array(copy(x, training=False))
    if got.shape != expected.shape:
        return f"your model gives outputs of shape {got.shape[1:]}, the original {expected.shape[1:]}."
    gap = float(np.max(np.abs(got - expected)))
    if gap > 1e-4:
        return (f"your model takes the weights but predicts differently (largest difference {gap:.3g}): the "
                "file holds numbers, not activations. The hidden layers use relu, the last one softmax.")
    return None


@cached_per_draw
def _practice_files() -> tuple[tuple[str, bytes, int], ...]:
    """Two legacy .h5 files of one small model, saved after 3 and 7 optimizer steps: (name, bytes, steps).

    Made once per session and kept in memory; each check writes them into its own temporary folder.
    """
    rng = check_rng(7)
    x = rng.normal(size=(8, 3)).astype("float32")
    y = (x[:, 0] > 0).astype("float32")
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4, activation="relu"),
                              keras.layers.Dense(1, activation="sigmoid")], name="practice")
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="binary_crossentropy")
    files = []
    with tempfile.TemporaryDirectory(prefix="kerastutor_q2_") as directory:
        for steps in (3, 7):
            while _steps(model) < steps:
                model.train_on_batch(x, y)
            path = Path(directory) / f"after_{steps}_steps.h5"
            with _quiet_keras():
                model.save(path)
            files.append((path.name, path.read_bytes(), steps))
    return tuple(files)


def _tiny_h5_files(directory: Path) -> list[tuple[Path, int]]:
    """The practice .h5 files, written into ``directory``: (path, steps the optimizer had taken)."""
    written = []
    for name, content, steps in _practice_files():
        path = directory / name
        path.write_bytes(content)
        written.append((path, steps))
    return written


def _counter_in_file(path: Path) -> int:
    """The optimizer's step counter as stored in a legacy .h5 file (read here, independently)."""
    import h5py

    with h5py.File(path, "r") as handle:
        state = handle["optimizer_weights"]
        names = [name.decode() if isinstance(name, bytes) else str(name)
                 for name in state.attrs["weight_names"]]
        return int(state[next(name for name in names if name.endswith("/iteration"))][()])


def _reads_optimizer_steps(function: object) -> str | None:
    refusal = need_function(function, "that takes a file path and returns a number", such_as=False,
                            advice=": define it with def optimizer_steps(path): ..")
    if refusal:
        return refusal
    with tempfile.TemporaryDirectory(prefix="kerastutor_q2_") as directory:
        for path, steps in _tiny_h5_files(Path(directory)):
            expected = _counter_in_file(path)
            if expected != steps:  # the file format itself changed: say so rather than blame the learner
                return f"this Keras wrote {expected} steps into a file saved after {steps}: please report it."
            try:
                value = function(str(path))
            except Exception as error:  # noqa: BLE001  (the learner's own code)
                return f"your function raised {type(error).__name__} on a legacy .h5 file: {error}"
            if isinstance(value, np.ndarray) and value.shape == ():
                value = value.item()
            if isinstance(value, bool) or not isinstance(value, numbers.Number):
                return (f"your function returned {type(value).__name__} {value!r}; it should return the "
                        "step counter as a number (int(dataset[()]) turns an HDF5 scalar into an int).")
            if value != expected:
                return (f"for a file saved after {expected} optimizer steps, your function returned "
                        f"{value!r}. Look in the optimizer_weights group for the dataset whose name ends "
                        "in 'iteration'.")
    return None


def resume_schedule():
    """q3's learning rate: RESUME_RATE, multiplied by RESUME_DECAY after every epoch (counted in steps)."""
    return keras.optimizers.schedules.ExponentialDecay(
        RESUME_RATE, decay_steps=RESUME_DIGITS // RESUME_BATCH, decay_rate=RESUME_DECAY)


def resume_data() -> tuple[np.ndarray, np.ndarray]:
    """q3's training digits: held-out MNIST digits in [0, 1], shape (1000, 28, 28), and their labels."""
    x, y = held_out_mnist()
    return x[:RESUME_DIGITS], y[:RESUME_DIGITS]


@cache
def _scheduled_model():
    """q3's model after RESUME_EPOCHS epochs with Adam and the decaying rate, and its last epoch's loss."""
    model = keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Flatten(),
                              _seeded_dense(64, "relu", 31), _seeded_dense(10, "softmax", 32)],
                             name="scheduled")
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=resume_schedule()),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    x, y = resume_data()
    history = model.fit(x, y, batch_size=RESUME_BATCH, epochs=RESUME_EPOCHS, shuffle=False, verbose=0)
    return model, float(history.history["loss"][-1])


def scheduled_checkpoint(directory: str | Path) -> Path:
    """Write q3's checkpoint, ``scheduled.keras`` (4 epochs done), into ``directory`` and return its path."""
    path = Path(directory) / "scheduled.keras"
    _scheduled_model()[0].save(path)
    return path


def _mean_loss(model, x: np.ndarray, labels: np.ndarray) -> float:
    """Mean cross-entropy of the model's class probabilities, computed here."""
    probabilities = as_array(model(x, training=False))
    picked = probabilities[np.arange(len(labels)), labels]
    return float(-np.mean(np.log(np.clip(picked, 1e-7, 1.0))))


def _resumed_properly(model) -> str | None:
    problem = need_model(model) or need_built(model)
    if problem:
        return problem
    checkpoint, _ = _scheduled_model()
    if [tuple(w.shape) for w in model.weights] != [tuple(w.shape) for w in checkpoint.weights]:
        return ("your model's weights do not have the checkpoint's shapes: load the model from "
                "ex.scheduled_checkpoint(workdir), then train it.")
    steps, saved = _steps(model), _steps(checkpoint)
    if steps is None or not model.compiled:
        return ("your model has no optimizer: load the checkpoint with keras.saving.load_model(path), "
                "then fit.")
    per_epoch = RESUME_DIGITS // RESUME_BATCH
    schedule = resume_schedule()
    if steps < saved:
        return (f"your model's optimizer counts {steps} steps, the checkpoint's {saved}: it is a fresh "
                f"optimizer, so the decaying learning rate started again at step 0, at "
                f"{float(schedule(0)):.4g} instead of {float(schedule(saved)):.2g}, and the first big "
                "steps of a fresh Adam threw the weights off: that is the jump. Load the whole checkpoint "
                "with keras.saving.load_model(path) and fit without compiling again.")
    same = all(np.array_equal(as_array(a), as_array(b)) for a, b in zip(model.weights, checkpoint.weights))
    if steps == saved or same:
        return (f"your model is still the checkpoint ({saved} optimizer steps): train it one more epoch "
                "with fit.")
    if steps != saved + per_epoch:
        return (f"your model's optimizer counts {steps} steps: the checkpoint's {saved} plus "
                f"{steps - saved}; train exactly one more epoch ({per_epoch} steps of {RESUME_BATCH} "
                "digits), as the broken run did.")
    x, y = resume_data()
    before, after = _mean_loss(checkpoint, x, y), _mean_loss(model, x, y)
    if after > before:
        return (f"the loss on the training digits went from {before:.3f} at the checkpoint to {after:.3f}: "
                "resume from the checkpoint with its own optimizer state and the same digits.")
    return None


def _safe_custom_layer(model) -> str | None:
    problem = need_model(model) or need_built(model)
    if problem:
        return problem
    shape = tuple(model.inputs[0].shape[1:])
    if shape != (28, 28):
        return f"your model takes samples of shape {shape}, the raw digits have shape (28, 28)."
    layers = all_layers(model)
    lambdas = [layer.name for layer in layers if isinstance(layer, keras.layers.Lambda)]
    if lambdas:
        return (f"your model still has a Lambda layer ({', '.join(lambdas)}): replace it with a custom layer "
                "class registered with @keras.saving.register_keras_serializable().")
    custom = [layer for layer in layers
              if not type(layer).__module__.startswith("keras.") and not isinstance(layer, keras.Model)]
    if not custom:
        return "your model has no layer class of your own: write one (class Log1p(keras.layers.Layer))."
    x = check_rng(13).integers(0, 256, size=(8, 28, 28)).astype("float32")
    computed = as_array(custom[0](x))
    if computed.shape != x.shape:
        return (f"your layer {type(custom[0]).__name__} turns inputs of shape {x.shape} into "
                f"{computed.shape}; log(1 + x) keeps the shape.")
    if not np.allclose(computed, np.log1p(x), atol=1e-5):
        at_top = computed.reshape(-1)[np.argmax(x)]
        return (f"your layer {type(custom[0]).__name__} does not compute log(1 + x) of its input: on "
                f"pixel value 255 it gives {at_top:.4g}, log(1 + 255) is {np.log1p(255):.4g}.")
    with tempfile.TemporaryDirectory(prefix="kerastutor_q4_") as directory:
        path = Path(directory) / "log_model.keras"
        with _quiet_keras():
            model.save(path)
        try:
            with _quiet_keras():
                loaded = keras.saving.load_model(path, safe_mode=True)
        except (TypeError, ValueError) as error:
            missing = re.search(r"Could not locate class '(\w+)'", str(error))
            if missing:
                return (f"load_model cannot find your class {missing.group(1)!r} in a .keras file: "
                        "decorate the class with @keras.saving.register_keras_serializable() and run its "
                        "cell again.")
            return f"load_model(safe_mode=True) could not load your model: {str(error).splitlines()[0]}"
    loaded_custom = [layer for layer in all_layers(loaded) if layer.name == custom[0].name]
    if loaded_custom and type(loaded_custom[0]) is not type(custom[0]):
        return (f"the file loads your layer as {type(loaded_custom[0]).__name__} from another cell: two "
                "classes are registered under one name. Run the cell that defines your class again.")
    gap = float(np.max(np.abs(as_array(loaded(x, training=False)) - as_array(model(x, training=False)))))
    if gap > 1e-5:
        return f"the loaded model predicts differently from yours (largest difference {gap:.3g})."
    return None


q1 = Problem(
    LESSON, "q1",
    "The file ex.mystery_weights(workdir) holds only the weights of an MNIST classifier (hidden layers relu, "
    "output softmax). Look inside it with h5py and build the model it belongs to, so that "
    "model.load_weights(path) loads it and the model predicts like the original.",
    _rebuilds_from_weights,
    hints=["A weights file has no architecture, but every kernel's shape is there: walk the file with "
           "h5py.File(path).visititems(print).",
           "layers/dense/vars/0 is the first Dense kernel, shape (inputs, units); its first size, 784, is "
           "a 28 x 28 image flattened. The groups follow the layers in order: dense, dense_1, dense_2.",
           "keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Flatten(), "
           "keras.layers.Dense(48, activation='relu'), keras.layers.Dense(24, activation='relu'), "
           "keras.layers.Dense(10, activation='softmax')])"],
    solution="""mystery_path = ex.mystery_weights(workdir)
with h5py.File(mystery_path, "r") as f:   # kernels: (784, 48), (48, 24), (24, 10)
    f.visititems(lambda name, item: print(name, getattr(item, "shape", "")))
rebuilt = keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Flatten(),
                            keras.layers.Dense(48, activation="relu"),
                            keras.layers.Dense(24, activation="relu"),
                            keras.layers.Dense(10, activation="softmax")])
rebuilt.load_weights(mystery_path)
ex.q1.check(rebuilt)""",
)

q2 = Problem(
    LESSON, "q2",
    "Write a function optimizer_steps(path) that opens a legacy .h5 model file with h5py and returns how "
    "many steps its optimizer had taken (the step counter stored in the file).",
    _reads_optimizer_steps,
    hints=["with h5py.File(path, 'r') as f: ... opens the file; f['optimizer_weights'] is the "
           "optimizer's group.",
           "That group's attribute 'weight_names' lists its datasets in order; one name ends in 'iteration'.",
           "int(f['optimizer_weights'][name][()]) reads a scalar dataset as an int; return it."],
    solution="""def optimizer_steps(path):
    with h5py.File(path, "r") as f:
        state = f["optimizer_weights"]
        name = [n for n in state.attrs["weight_names"] if n.endswith("iteration")][0]
        return int(state[name][()])

ex.q2.check(optimizer_steps)""",
)

q3 = Problem(
    LESSON, "q3",
    "The model `broken` resumed the checkpoint ex.scheduled_checkpoint(workdir) for one epoch, and its loss "
    "jumped back up. Find why (the optimizer's step counter and learning rate, before and after), then "
    "resume the checkpoint properly for the same one epoch on ex.resume_data() and check your model.",
    _resumed_properly,
    hints=["Compare int(broken.optimizer.iterations) and float(broken.optimizer.learning_rate) with those "
           "of keras.saving.load_model(checkpoint): the rate decays with the step counter.",
           "compile=False dropped the optimizer; compiling again made a fresh one, whose step counter starts "
           "at 0, so its learning rate starts at the first, largest value. load_model(path) keeps both.",
           "model = keras.saving.load_model(checkpoint); model.fit(x_q3, y_q3, batch_size=50, epochs=5, "
           "initial_epoch=4, shuffle=False, verbose=0)"],
    solution="""checkpoint = ex.scheduled_checkpoint(workdir)
x_q3, y_q3 = ex.resume_data()
fixed = keras.saving.load_model(checkpoint)          # weights AND optimizer state (step counter included)
print("steps:", int(fixed.optimizer.iterations), " learning rate:", float(fixed.optimizer.learning_rate))
fixed.fit(x_q3, y_q3, batch_size=50, epochs=5, initial_epoch=4, shuffle=False, verbose=0)
ex.q3.check(fixed)""",
)

q4 = Problem(
    LESSON, "q4",
    "Build the model Input(28, 28) -> log(1 + pixels) -> Flatten -> Dense(10, softmax) without a Lambda "
    "layer: compute log1p in a custom layer class registered for saving, so that "
    "load_model(safe_mode=True) loads it back.",
    _safe_custom_layer,
    hints=["Subclass keras.layers.Layer and return keras.ops.log1p(inputs) from call().",
           "Decorate the class with @keras.saving.register_keras_serializable(package='my_layers').",
           "keras.Sequential([keras.Input(shape=(28, 28)), Log1p(), keras.layers.Flatten(), "
           "keras.layers.Dense(10, activation='softmax')])."],
    solution="""@keras.saving.register_keras_serializable(package="my_layers")
class Log1p(keras.layers.Layer):
    def call(self, inputs):
        return keras.ops.log1p(inputs)


log_model = keras.Sequential([keras.Input(shape=(28, 28)), Log1p(), keras.layers.Flatten(),
                              keras.layers.Dense(10, activation="softmax")])
ex.q4.check(log_model)""",
)
