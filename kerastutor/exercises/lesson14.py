"""Exercises for lesson 14, utilities and scaling out: one-hot labels, HDF5 batches, a verified cached
download, mirrored training, and a frozen nested model found with the summary."""

from __future__ import annotations

import contextlib
import hashlib
import io
import math
import os
import shutil
import tempfile
from pathlib import Path

import numpy as np

from .._quiet import import_keras
from .checks import all_layers, mnist_accuracy_message, need_built, need_function, need_model, shaped_for
from .core import Problem

keras = import_keras()

LESSON = "14_utilities_and_scaling_out"
TITLE = "Utilities and scaling out"
_DEFINE_IT = "(define it with def, then pass its name)"  # said after the function a check expects


# ---- q1: one-hot labels -------------------------------------------------------------------------


def _one_hot_function(one_hot) -> str | None:
    problem = need_function(one_hot, f"one_hot(labels, n) {_DEFINE_IT}", such_as=False)
    if problem:
        return problem
    rng = np.random.default_rng()
    for column in (False, True):
        n = int(rng.integers(5, 10))
        labels = rng.integers(0, n - 1, size=int(rng.integers(20, 40)))  # class n-1 never occurs
        given = labels.reshape(-1, 1) if column else labels
        shape_text = f"({len(labels)}, 1)" if column else f"({len(labels)},)"
        result = one_hot(given.copy(), n)
        if result is None:
            return "your function returns None: return the one-hot array."
        result = np.asarray(result)
        wanted = (len(labels), n)
        if result.shape != wanted:
            if result.shape == given.shape:
                return (f"for labels of shape {shape_text} your function returns the same shape: "
                        f"one-hot rows need shape {wanted}, one column per class.")
            if result.ndim == 2 and result.shape[0] == len(labels) and result.shape[1] == labels.max() + 1:
                return (f"with n={n} classes your rows have {result.shape[1]} columns, one per label "
                        f"that occurs: class {n - 1} never occurs in these labels, so pass num_classes=n.")
            return (f"for {len(labels)} labels of shape {shape_text} and n={n} your function returns shape "
                    f"{result.shape}, expected {wanted}.")
        expected = np.eye(n)[labels]
        if not np.array_equal(result, expected):
            wrong = int(np.argmax(np.any(result != expected, axis=1)))
            return (f"row {wrong} (label {labels[wrong]}) is {result[wrong].tolist()}, "
                    f"expected {expected[wrong].tolist()}.")
    return None


q1 = Problem(
    LESSON, "q1",
    "Write a function one_hot(labels, n) that turns integer class labels (shape (m,) or (m, 1)) into "
    "one-hot rows of shape (m, n).",
    _one_hot_function,
    hints=["keras.utils.to_categorical does the work; your function only passes the arguments on.",
           "Without num_classes, to_categorical makes one column per label up to the largest label present: "
           "a class that never occurs in the batch would be missing.",
           "def one_hot(labels, n): return keras.utils.to_categorical(labels, num_classes=n)"],
    solution="""def one_hot(labels, n):
    return keras.utils.to_categorical(labels, num_classes=n)

ex.q1.check(one_hot)""",
)


# ---- q2: a PyDataset over a range of rows of HDF5 datasets ------------------------------------------


def _h5_batches_class(cls) -> str | None:
    import h5py

    if not isinstance(cls, type):
        return (f"expected the class itself (class H5Batches(keras.utils.PyDataset): ...), "
                f"got {type(cls).__name__}: pass the class, not an instance.")
    if not issubclass(cls, keras.utils.PyDataset):
        return f"{cls.__name__} must subclass keras.utils.PyDataset."
    rng = np.random.default_rng()
    folder = tempfile.mkdtemp(prefix="kerastutor_q2_")
    try:
        rows = int(rng.integers(150, 200))
        path = os.path.join(folder, "check.h5")
        with h5py.File(path, "w") as file:
            file.create_dataset("x", data=rng.normal(size=(rows, 6)).astype("float32"))
            file.create_dataset("y", data=rng.integers(0, 3, size=rows))
        with h5py.File(path, "r") as file:
            x, y = file["x"], file["y"]
            start = int(rng.integers(10, 40))
            end = int(rng.integers(rows - 50, rows - 10))
            for batch_size, first, last in ((int(rng.integers(9, 17)), start, end), (32, 0, None)):
                problem = _check_h5_batches(cls, x, y, batch_size, first, last, rows)
                if problem:
                    return problem
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return None


def _check_h5_batches(cls, x, y, batch_size: int, start: int, end: int | None, rows: int) -> str | None:
    call = f"H5Batches(x, y, batch_size={batch_size}, start={start}, end={end}, workers=2)"
    try:
        data = cls(x, y, batch_size=batch_size, start=start, end=end, workers=2)
    except TypeError as error:
        return (f"{call} raised TypeError ({error}): the class takes "
                "(x, y, batch_size, start=0, end=None, **kwargs).")
    if "_workers" not in vars(data):
        return "your __init__ does not call super().__init__(**kwargs): call it first, passing **kwargs on."
    if data.workers != 2:
        return f"{call} has workers={data.workers}: pass **kwargs on to super().__init__(**kwargs)."
    for attribute, value in vars(data).items():
        if isinstance(value, np.ndarray) and value.ndim == 2 and value.shape[0] > batch_size:
            return (f"your __init__ copies {value.shape[0]} rows into memory (attribute {attribute!r} is a "
                    "numpy array): keep the h5py datasets and slice one batch out of them in __getitem__.")
    stop = rows if end is None else end
    count = stop - start
    wanted = math.ceil(count / batch_size)
    if len(data) != wanted:
        last = count - (wanted - 1) * batch_size
        return (f"{call} has len() {len(data)}, but rows {start}..{stop - 1} ({count} rows) in batches of "
                f"{batch_size} make {wanted} batches (the last one holds {last} rows).")
    for index in range(wanted):
        batch = data[index]
        if not isinstance(batch, (tuple, list)) or len(batch) != 2:
            return (f"batch {index} is a {type(batch).__name__}; __getitem__ must return a tuple "
                    "(x_batch, y_batch).")
        low = start + index * batch_size
        high = min(low + batch_size, stop)
        for name, got, source in (("x", batch[0], x), ("y", batch[1], y)):
            got = np.asarray(got)
            if got.shape[0] != high - low:
                return (f"with {call}, batch {index} has {got.shape[0]} rows of {name}, "
                        f"expected {high - low} (rows {low}..{high - 1}).")
            if not np.array_equal(got, source[low:high]):
                return (f"with {call}, batch {index}'s {name} is not rows {low}..{high - 1} of the dataset: "
                        f"batch i starts at row start + i * batch_size.")
    return None


q2 = Problem(
    LESSON, "q2",
    "Write H5Batches(x, y, batch_size, start=0, end=None, **kwargs), a keras.utils.PyDataset that serves "
    "rows start..end-1 (end=None: to the last row) of two h5py datasets in batches, reading one batch at a "
    "time (what HDF5Matrix's start and end did).",
    _h5_batches_class,
    hints=["Start like the lesson's class: super().__init__(**kwargs), then keep x, y, batch_size, start and "
           "end (end=None means len(x)) as attributes. Do not read the datasets in __init__.",
           "__len__ is math.ceil((end - start) / batch_size); batch i covers rows "
           "start + i * batch_size up to that plus batch_size, but never past end.",
           "In __getitem__, low = self.start + index * self.batch_size; high = min(low + self.batch_size, "
           "self.end); return self.x[low:high], self.y[low:high]."],
    solution="""import math

class H5Batches(keras.utils.PyDataset):
    def __init__(self, x, y, batch_size, start=0, end=None, **kwargs):
        super().__init__(**kwargs)
        self.x, self.y, self.batch_size = x, y, batch_size
        self.start, self.end = start, len(x) if end is None else end

    def __len__(self):
        return math.ceil((self.end - self.start) / self.batch_size)

    def __getitem__(self, index):
        low = self.start + index * self.batch_size
        high = min(low + self.batch_size, self.end)
        return self.x[low:high], self.y[low:high]

ex.q2.check(H5Batches)""",
)


# ---- q3: download once, verify, read ------------------------------------------------------------------


def _write_digits_csv(path: Path, rng: np.random.Generator, rows: int) -> tuple[np.ndarray, np.ndarray, str]:
    """A CSV of random 'digits' (784 pixel bytes, then the label); returns images, labels and SHA-256."""
    images = rng.integers(0, 256, size=(rows, 28, 28), dtype=np.uint8)
    labels = rng.integers(0, 10, size=rows)
    np.savetxt(path, np.column_stack([images.reshape(rows, -1), labels]), delimiter=",", fmt="%d")
    return images, labels, hashlib.sha256(path.read_bytes()).hexdigest()


def _quiet_call(function, *arguments):
    """``function(*arguments)`` with what it prints (get_file's progress bar) captured."""
    with contextlib.redirect_stdout(io.StringIO()):
        return function(*arguments)


def _fetch_problem(fetch_digits, folder: Path) -> str | None:
    rng = np.random.default_rng()
    source, cache, fresh_cache = folder / "server", folder / "cache", folder / "fresh_cache"
    for directory in (source, cache, fresh_cache):  # get_file needs a cache_dir it can write to
        directory.mkdir()
    csv = source / "digits.csv"
    images, labels, sha256 = _write_digits_csv(csv, rng, int(rng.integers(5, 12)))
    origin = csv.as_uri()
    call = "fetch_digits(origin, sha256, cache_dir)"
    try:
        result = _quiet_call(fetch_digits, origin, sha256, str(cache))
    except Exception as error:  # noqa: BLE001  (the learner's function: report, never crash)
        return f"{call} raised {type(error).__name__}: {error}"
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        return f"{call} returned a {type(result).__name__}; return a pair (images, labels)."
    got_images, got_labels = (np.asarray(part) for part in result)
    if got_images.shape != images.shape:
        return (f"for a file of {len(images)} digits your images have shape {got_images.shape}; each row "
                f"holds 784 pixels then the label, so the images are {images.shape}: reshape(-1, 28, 28).")
    if not np.array_equal(got_images, images):
        return "your images are not the file's pixels: the first 784 values of each row, in order."
    if got_labels.shape != labels.shape or not np.array_equal(got_labels, labels):
        return "your labels are not the file's last column, one per row (shape (n,))."
    if not any(cache.rglob("digits*")):
        return (f"nothing was saved under cache_dir ({cache}): download with keras.utils.get_file(..., "
                "cache_dir=cache_dir), which keeps a copy there.")
    csv.unlink()
    try:
        _quiet_call(fetch_digits, origin, sha256, str(cache))
    except Exception as error:  # noqa: BLE001
        return (f"a second call, after the origin had gone, raised {type(error).__name__}: your function "
                "downloads again instead of using the cached copy (get_file with the same fname and "
                "cache_dir finds it).")
    _write_digits_csv(csv, rng, 4)  # another file at the same address: its hash is not sha256
    try:
        _quiet_call(fetch_digits, origin, sha256, str(fresh_cache))
    except ValueError:
        return None
    except Exception as error:  # noqa: BLE001
        return (f"for a file that does not match its hash your function raised {type(error).__name__}: "
                f"{error}; get_file's own check raises a ValueError.")
    return ("your function accepted a file whose SHA-256 is not the one given: pass file_hash=sha256 to "
            "get_file, so that a corrupted or changed file is refused.")


def _fetch_function(fetch_digits) -> str | None:
    problem = need_function(fetch_digits, f"fetch_digits(origin, sha256, cache_dir) {_DEFINE_IT}",
                            such_as=False)
    if problem:
        return problem
    folder = Path(tempfile.mkdtemp(prefix="kerastutor_q3_"))
    try:
        return _fetch_problem(fetch_digits, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


q3 = Problem(
    LESSON, "q3",
    "Write fetch_digits(origin, sha256, cache_dir): download a CSV of digits (784 pixel bytes, then the "
    "label, per row) with get_file into cache_dir, refuse it when its SHA-256 is not sha256, and return "
    "(images, labels) with images of shape (n, 28, 28) and labels of shape (n,). A second call must work "
    "from the cache, even when the origin is gone.",
    _fetch_function,
    hints=["keras.utils.get_file(fname, origin=..., cache_dir=..., file_hash=...) returns the local path; "
           "with the same fname and cache_dir a second call finds the file and downloads nothing.",
           "file_hash=sha256 makes get_file check the file and raise a ValueError when it does not match.",
           "table = np.loadtxt(path, delimiter=',', dtype='uint8'); the images are "
           "table[:, :-1].reshape(-1, 28, 28), the labels table[:, -1]."],
    solution="""def fetch_digits(origin, sha256, cache_dir):
    path = keras.utils.get_file("digits.csv", origin=origin, cache_dir=cache_dir, file_hash=sha256)
    table = np.loadtxt(path, delimiter=",", dtype="uint8")
    return table[:, :-1].reshape(-1, 28, 28), table[:, -1]

ex.q3.check(fetch_digits)""",
)


# ---- q4: train a mirrored model ------------------------------------------------------------------------


def _mirrored_and_trained(model) -> str | None:
    problem = need_model(model) or need_built(model)
    if problem:
        return problem
    if shaped_for(model, np.zeros((1, 28, 28), dtype="float32")) is None:
        return mnist_accuracy_message(model, 0.90)  # says which input shape MNIST digits need
    replicas = model.distribute_strategy.num_replicas_in_sync
    copies = getattr(model.weights[0].value, "values", None)
    if replicas < 2 or copies is None or len(copies) < 2:
        return ("your model's weights live on one device: create it (and compile it) inside "
                "`with strategy.scope():`, with strategy = tf.distribute.MirroredStrategy([\"/cpu:0\", "
                "\"/cpu:1\"]).")
    if not model.compiled:
        return "your model is not compiled yet: call model.compile(...) inside strategy.scope()."
    return mnist_accuracy_message(model, 0.90)


q4 = Problem(
    LESSON, "q4",
    "Inside strategy.scope() (the lesson's MirroredStrategy over two logical CPUs), build and compile a "
    "classifier for the MNIST digits, then train it with a global batch of 128 until it classifies at "
    "least 90% of the check's held-out MNIST digits right.",
    _mirrored_and_trained,
    hints=["Everything that creates variables (the model, and compile for the optimizer) goes inside "
           "`with strategy.scope():`; fit can be called outside it.",
           "Flatten, a Dense(32, relu) hidden layer and Dense(10, softmax) are plenty; compile with "
           "sparse_categorical_crossentropy, since the labels are integers.",
           "model.fit(x_train, y_train, batch_size=128, epochs=5, verbose=0): each of the two replicas "
           "gets 64 rows of every batch."],
    solution="""with strategy.scope():
    mirrored_model = keras.Sequential([keras.Input((28, 28)),
                                       keras.layers.Flatten(),
                                       keras.layers.Dense(32, activation="relu"),
                                       keras.layers.Dense(10, activation="softmax")])
    mirrored_model.compile(keras.optimizers.Adam(0.01), "sparse_categorical_crossentropy",
                           metrics=["accuracy"])
mirrored_model.fit(x_train, y_train, batch_size=128, epochs=5, verbose=0)
ex.q4.check(mirrored_model)""",
)


# ---- q5: the model that hardly learns (a frozen nested model, seen in the summary) ---------------------


def frozen_model():
    """The MNIST classifier of exercise 5, compiled: it trains, but hardly learns (find out why)."""
    keras.utils.set_random_seed(5)
    features = keras.Sequential([keras.Input((28, 28)),
                                 keras.layers.Flatten(name="flatten"),
                                 keras.layers.Dense(64, activation="relu", name="dense_a"),
                                 keras.layers.Dense(16, activation="relu", name="dense_b")], name="features")
    features.trainable = False
    inputs = keras.Input((28, 28), name="pixels")
    outputs = keras.layers.Dense(10, activation="softmax", name="digit")(features(inputs))
    model = keras.Model(inputs, outputs, name="digits_net")
    model.compile(keras.optimizers.Adam(0.005), "sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def _frozen_layers(model) -> list[str]:
    """Paths of the layers (nested ones included) that hold weights fit does not train."""
    frozen = []
    for layer in all_layers(model):
        if isinstance(layer, keras.Model):
            continue
        if layer.non_trainable_weights and not isinstance(layer, keras.layers.BatchNormalization):
            frozen.append(layer.name)
    return frozen


def _unfrozen_and_trained(model) -> str | None:
    problem = need_model(model) or need_built(model)
    if problem:
        return problem
    frozen = _frozen_layers(model)
    if frozen:
        return (f"layers {frozen} hold weights that fit does not train (summary(show_trainable=True) marks "
                "them N): a frozen model inside yours stays at its random start. Set trainable = True, "
                "compile again, then train.")
    return mnist_accuracy_message(model, 0.90)


q5 = Problem(
    LESSON, "q5",
    "frozen = ex.frozen_model() trains but hardly learns. Find out why with "
    "model.summary(expand_nested=True, show_trainable=True), fix it, and train it until it classifies at "
    "least 90% of the check's held-out MNIST digits right.",
    _unfrozen_and_trained,
    hints=["Train it for 3 epochs with callbacks=[kt.LivePlot()] and note where the accuracy stalls; then "
           "print frozen.summary(expand_nested=True, show_trainable=True).",
           "The Trainable column says N for every layer inside 'features': fit changes only the last "
           "Dense layer, on top of random features. frozen.get_layer('features').trainable = True unfreezes "
           "them.",
           "Changing trainable takes effect when the model is compiled: call frozen.compile(...) again "
           "(Adam, sparse_categorical_crossentropy), then fit for about 5 epochs."],
    solution="""frozen = ex.frozen_model()
frozen.summary(expand_nested=True, show_trainable=True)     # 'features' and its layers: Trainable N
frozen.get_layer("features").trainable = True
frozen.compile(keras.optimizers.Adam(0.005), "sparse_categorical_crossentropy", metrics=["accuracy"])
frozen.fit(x_train, y_train, batch_size=64, epochs=5, verbose=0)
ex.q5.check(frozen)""",
)
