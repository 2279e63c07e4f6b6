"""Exercises for lesson 13, saving and HDF5: save a whole model, read a legacy .h5 file, resume training,
and replace a Lambda layer with a registered custom layer that loads in safe mode."""

from __future__ import annotations

import logging
import numbers
import re
import tempfile
import warnings
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import numpy as np

from .checks import held_out_digits, need_built, need_model
from .core import Problem

LESSON = "13_saving_and_hdf5"
TITLE = "Saving models: .keras, HDF5 and resuming training"




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


def _model_and_path(answer: object) -> tuple[object, Path] | str:
    """``(model, path)`` from a pair given in either order, or a sentence saying what is wrong."""
    import keras

    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        return (f"expected a pair (model, path), such as (my_model, my_path); got {type(answer).__name__}.")
    first, second = answer
    if isinstance(second, keras.Model) and not isinstance(first, keras.Model):
        first, second = second, first
    problem = need_model(first)
    if problem:
        return f"the pair's model: {problem}"
    if not isinstance(second, (str, Path)):
        return (f"the pair's second item should be a file path (a str or pathlib.Path), "
                f"got {type(second).__name__}.")
    return first, Path(second)


def _numpy(value: object) -> np.ndarray:
    import keras

    return np.asarray(keras.ops.convert_to_numpy(value))


def _steps(model) -> int | None:
    """How many steps the model's optimizer has taken (None without an optimizer)."""
    optimizer = getattr(model, "optimizer", None)
    return None if optimizer is None else int(_numpy(optimizer.iterations))


def _sample_inputs(model, rows: int = 16) -> np.ndarray:
    """Inputs the learner never saw, shaped for the model's first input, in [0, 1)."""
    shape = tuple(model.inputs[0].shape[1:])
    return np.random.default_rng(1313).random((rows, *shape)).astype("float32")


def _saved_whole_model(answer: object) -> str | None:
    import keras

    pair = _model_and_path(answer)
    if isinstance(pair, str):
        return pair
    model, path = pair
    problem = need_built(model)
    if problem:
        return problem
    if path.name.endswith(".weights.h5"):
        return (f"{path.name} is a weights-only file (save_weights): the task asks for the whole model, "
                "saved with model.save(path) under a name ending in .keras.")
    if path.suffix in (".h5", ".hdf5"):
        return (f"{path.name} is a legacy HDF5 file: the task asks for the Keras 3 format, "
                "a name ending in .keras.")
    if path.suffix != ".keras":
        return f"the file name {path.name!r} should end in .keras, the Keras 3 format."
    if not path.is_file():
        return f"there is no file at {path}: save the model there first, with model.save(path)."
    if not zipfile.is_zipfile(path):
        return f"{path.name} is not a zip archive, so not a .keras file written by model.save."
    with _quiet_keras():
        loaded = keras.saving.load_model(path, safe_mode=True)
    if tuple(loaded.inputs[0].shape[1:]) != tuple(model.inputs[0].shape[1:]):
        return (f"the model in the file takes samples of shape {tuple(loaded.inputs[0].shape[1:])}, yours "
                f"{tuple(model.inputs[0].shape[1:])}: is it the file of another model?")
    x = _sample_inputs(model)
    gap = float(np.max(np.abs(_numpy(loaded(x, training=False)) - _numpy(model(x, training=False)))))
    if gap > 1e-5:
        return (f"the model in the file predicts differently from your model (largest difference {gap:.3g}): "
                "your model changed after you saved it (more training?). Save it again.")
    mine, theirs = _steps(model), _steps(loaded)
    if mine:
        if theirs is None:
            return "the file holds no optimizer, yours has one: save a compiled model with model.save(path)."
        name_mine, name_theirs = type(model.optimizer).__name__, type(loaded.optimizer).__name__
        if name_mine != name_theirs:
            return (f"the file brings back a fresh {name_theirs} optimizer, your model uses {name_mine}: "
                    "in Keras 3.15, saving a model as .h5 first drops the optimizer from its compile "
                    "settings. Save the .keras file before any .h5 file.")
        if mine != theirs:
            return (f"the file's optimizer has taken {theirs} steps, your model's {mine}: save the model "
                    "again after training.")
    return None


@cache
def _practice_files() -> tuple[tuple[str, bytes, int], ...]:
    """Two legacy .h5 files of one small model, saved after 3 and 7 optimizer steps: (name, bytes, steps).

    Made once per session and kept in memory; each check writes them into its own temporary folder.
    """
    import keras

    rng = np.random.default_rng(7)
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
    if not callable(function):
        return (f"expected a function that takes a file path and returns a number, got "
                f"{type(function).__name__}: define it with def optimizer_steps(path): ...")
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


def _cross_entropy(model, x: np.ndarray, labels: np.ndarray) -> float:
    """Mean cross-entropy of the model's class probabilities, computed here."""
    probabilities = _numpy(model(x, training=False))
    picked = probabilities[np.arange(len(labels)), labels]
    return float(-np.mean(np.log(np.clip(picked, 1e-7, 1.0))))


def _resumed_training(answer: object) -> str | None:
    import keras

    pair = _model_and_path(answer)
    if isinstance(pair, str):
        return pair
    model, path = pair
    if not path.is_file():
        return f"there is no checkpoint at {path}: pass the path of the .keras file you loaded."
    if path.suffix != ".keras":
        return f"the checkpoint {path.name} is not a .keras file: use keras_path from the lesson."
    with _quiet_keras():
        checkpoint = keras.saving.load_model(path, safe_mode=True)
    x, labels = held_out_digits()
    if tuple(checkpoint.inputs[0].shape[1:]) != (64,) or checkpoint.outputs[0].shape[-1] != 10:
        return "the checkpoint is not a digits model (64 inputs, 10 classes): use keras_path from the lesson."
    problem = need_built(model)
    if problem:
        return problem
    shapes = [tuple(w.shape) for w in model.weights]
    if shapes != [tuple(w.shape) for w in checkpoint.weights]:
        return ("your model's weights do not have the checkpoint's shapes: load the model from the "
                "checkpoint with keras.saving.load_model, then train it.")
    saved, now = _steps(checkpoint), _steps(model)
    if now is None or not model.compiled:
        return "your model has no optimizer: load it with keras.saving.load_model(path) (compile stays True)."
    if now < saved:
        return (f"your model's optimizer has taken {now} steps, fewer than the {saved} saved in the "
                "checkpoint: it started again from zero. Load with keras.saving.load_model(path), which "
                "brings the optimizer back, and train without compiling again.")
    same = all(np.array_equal(_numpy(a), _numpy(b)) for a, b in zip(model.weights, checkpoint.weights))
    if now == saved:
        state = "is the checkpoint as it was" if same else "has new weights but its optimizer took no step"
        return f"your model {state} ({saved} optimizer steps): train it further with fit."
    if same:
        return "your model's weights are exactly the checkpoint's: train it further with fit."
    before, after = _cross_entropy(checkpoint, x, labels), _cross_entropy(model, x, labels)
    if after >= before:
        return (f"the loss on the held-out digits went from {before:.3f} at the checkpoint to {after:.3f}: "
                "training made it worse. Resume from the checkpoint with its own optimizer and a few epochs.")
    return None


def _all_layers(model) -> list:
    """Every layer, nested models included."""
    found = []
    for layer in model.layers:
        found.append(layer)
        if hasattr(layer, "layers"):
            found.extend(_all_layers(layer))
    return found


def _safe_custom_layer(model) -> str | None:
    import keras

    problem = need_model(model) or need_built(model)
    if problem:
        return problem
    shape = tuple(model.inputs[0].shape[1:])
    if shape != (64,):
        return f"your model takes samples of shape {shape}, the digits have shape (64,)."
    layers = _all_layers(model)
    lambdas = [layer.name for layer in layers if isinstance(layer, keras.layers.Lambda)]
    if lambdas:
        return (f"your model still has a Lambda layer ({', '.join(lambdas)}): replace it with a custom layer "
                "class registered with @keras.saving.register_keras_serializable().")
    custom = [layer for layer in layers
              if not type(layer).__module__.startswith("keras.") and not isinstance(layer, keras.Model)]
    if not custom:
        return "your model has no layer class of your own: write one (class Log1p(keras.layers.Layer))."
    x = np.random.default_rng(13).integers(0, 17, size=(8, 64)).astype("float32")
    computed = _numpy(custom[0](x))
    if computed.shape != x.shape:
        return (f"your layer {type(custom[0]).__name__} turns inputs of shape {x.shape} into "
                f"{computed.shape}; log(1 + x) keeps the shape.")
    if not np.allclose(computed, np.log1p(x), atol=1e-5):
        at_16 = computed.reshape(-1)[np.argmax(x)]
        return (f"your layer {type(custom[0]).__name__} does not compute log(1 + x) of its input: on "
                f"pixel value 16 it gives {at_16:.4g}, log(1 + 16) is {np.log1p(16):.4g}.")
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
    loaded_custom = [layer for layer in _all_layers(loaded) if layer.name == custom[0].name]
    if loaded_custom and type(loaded_custom[0]) is not type(custom[0]):
        return (f"the file loads your layer as {type(loaded_custom[0]).__name__} from another cell: two "
                "classes are registered under one name. Run the cell that defines your class again.")
    gap = float(np.max(np.abs(_numpy(loaded(x, training=False)) - _numpy(model(x, training=False)))))
    if gap > 1e-5:
        return f"the loaded model predicts differently from yours (largest difference {gap:.3g})."
    return None


q1 = Problem(
    LESSON, "q1",
    "Save the model `resumed` as a .keras file in `workdir`, and check the pair (model, path).",
    _saved_whole_model,
    hints=["model.save(path) writes the whole model: architecture, weights, compile settings, optimizer "
           "state.",
           "The file name decides the format: it must end in .keras.",
           "q1_path = workdir / 'resumed.keras'; resumed.save(q1_path); then "
           "ex.q1.check((resumed, q1_path))."],
    solution="""q1_path = workdir / "resumed.keras"
resumed.save(q1_path)
ex.q1.check((resumed, q1_path))""",
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
    "Load the 5-epoch checkpoint `keras_path` into a new model, train it 3 more epochs on x_train, y_train, "
    "and check the pair (model, keras_path).",
    _resumed_training,
    hints=["keras.saving.load_model(keras_path) brings the model back compiled, with its optimizer state.",
           "Do not compile it again: that would start a fresh optimizer at step 0.",
           "fit(x_train, y_train, batch_size=32, epochs=8, initial_epoch=5, verbose=0) trains epochs "
           "6 to 8."],
    solution="""second_run = keras.saving.load_model(keras_path)
second_run.fit(x_train, y_train, batch_size=32, epochs=8, initial_epoch=5, verbose=0)
ex.q3.check((second_run, keras_path))""",
)

q4 = Problem(
    LESSON, "q4",
    "Build the digits model Input(64) -> log(1 + pixels) -> Dense(10, softmax) without a Lambda layer: "
    "compute log1p in a custom layer class registered for saving, so that load_model(safe_mode=True) "
    "loads it back.",
    _safe_custom_layer,
    hints=["Subclass keras.layers.Layer and return keras.ops.log1p(inputs) from call().",
           "Decorate the class with @keras.saving.register_keras_serializable(package='my_layers').",
           "keras.Sequential([keras.Input(shape=(64,)), Log1p(), "
           "keras.layers.Dense(10, activation='softmax')])."],
    solution="""@keras.saving.register_keras_serializable(package="my_layers")
class Log1p(keras.layers.Layer):
    def call(self, inputs):
        return keras.ops.log1p(inputs)


log_model = keras.Sequential([keras.Input(shape=(64,)), Log1p(),
                              keras.layers.Dense(10, activation="softmax")])
ex.q4.check(log_model)""",
)
