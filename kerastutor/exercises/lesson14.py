"""Exercises for lesson 14, utilities and scaling out: one-hot labels, HDF5 batches, summary, mirroring."""

from __future__ import annotations

import math
import numbers
import os
import shutil
import tempfile

import numpy as np

from .checks import (
    accuracy_message,
    classification_accuracy,
    held_out_digits,
    input_shape_message,
    need_built,
    need_model,
)
from .core import Problem

LESSON = "14_utilities_and_scaling_out"
TITLE = "Utilities and scaling out"




def _need_function(answer: object, signature: str) -> str | None:
    if isinstance(answer, type) or not callable(answer):
        return (f"expected a function {signature} (define it with def, then pass its name), "
                f"got {type(answer).__name__}.")
    return None


# ---- q1: one-hot labels -------------------------------------------------------------------------


def _one_hot_function(one_hot) -> str | None:
    problem = _need_function(one_hot, "one_hot(labels, n)")
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
    import keras

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


# ---- q3: the number of parameters, read from the summary ----------------------------------------------


def _summary_total(model) -> int:
    """The 'Total params' figure of the model's summary, read by the checker itself."""
    captured: list[str] = []
    model.summary(print_fn=captured.append)
    line = next(line for line in "\n".join(captured).splitlines() if line.strip().startswith("Total params:"))
    return int(line.split(":")[1].split("(")[0].strip().replace(",", ""))


def _checker_models() -> list:
    import keras

    rng = np.random.default_rng()
    fresh = keras.Sequential([keras.Input((int(rng.integers(3, 12)),)),
                              keras.layers.Dense(int(rng.integers(4, 20)), activation="relu"),
                              keras.layers.BatchNormalization(),
                              keras.layers.Dense(int(rng.integers(2, 6)))], name="fresh")
    trained = keras.Sequential([keras.Input((int(rng.integers(3, 12)),)),
                                keras.layers.Dense(int(rng.integers(4, 20)), activation="relu"),
                                keras.layers.Dense(1)], name="trained")
    trained.compile(keras.optimizers.Adam(0.01), "mse")
    trained.optimizer.build(trained.trainable_variables)  # what the first training step does
    return [fresh, trained]


def _total_params_function(total_params) -> str | None:
    problem = _need_function(total_params, "total_params(model)")
    if problem:
        return problem
    for model in _checker_models():
        weights = model.count_params()
        optimizer = 0 if getattr(model, "optimizer", None) is None or not model.optimizer.built else sum(
            int(np.prod(v.shape)) for v in model.optimizer.variables)
        expected = weights + optimizer
        got = total_params(model)
        if got is None:
            return "your function returns None: return the number from the 'Total params' line."
        if isinstance(got, str):
            return (f"your function returns the text {got!r}; return it as an int "
                    "(drop the thousands commas first: int(text.replace(',', '')).")
        if isinstance(got, bool) or not isinstance(got, numbers.Integral):
            return f"your function returns a {type(got).__name__}, expected an int."
        if int(got) == expected:
            continue
        if optimizer and int(got) == weights:
            return (f"for a trained model your function returns {got}, which is model.count_params(): the "
                    f"summary's Total params line says {expected:,}, because once the optimizer is built it "
                    f"also counts the optimizer's {optimizer:,} variables. Read the number from the summary.")
        return f"for a model whose summary says 'Total params: {expected:,}' your function returns {got}."
    return None


q3 = Problem(
    LESSON, "q3",
    "Write a function total_params(model) that captures model.summary() with print_fn and returns the "
    "number on its 'Total params' line, as an int.",
    _total_params_function,
    hints=["captured = []; model.summary(print_fn=captured.append) collects the text instead of printing it.",
           "Join what you captured and split it into lines; the line you want starts with 'Total params:' "
           "once you strip the leading space.",
           "From ' Total params: 2,410 (9.41 KB)', take the part between ':' and '(', strip it, "
           "remove the commas and call int()."],
    solution="""def total_params(model):
    captured = []
    model.summary(print_fn=captured.append)
    for line in "\\n".join(captured).splitlines():
        if line.strip().startswith("Total params:"):
            return int(line.split(":")[1].split("(")[0].strip().replace(",", ""))

ex.q3.check(total_params)""",
)


# ---- q4: train a mirrored model ------------------------------------------------------------------------


def _mirrored_and_trained(model) -> str | None:
    problem = need_model(model) or need_built(model) or input_shape_message(model, (64,))
    if problem:
        return problem
    replicas = model.distribute_strategy.num_replicas_in_sync
    copies = getattr(model.weights[0].value, "values", None)
    if replicas < 2 or copies is None or len(copies) < 2:
        return ("your model's weights live on one device: create it (and compile it) inside "
                "`with strategy.scope():`, with strategy = tf.distribute.MirroredStrategy([\"/cpu:0\", "
                "\"/cpu:1\"]).")
    if not model.compiled:
        return "your model is not compiled yet: call model.compile(...) inside strategy.scope()."
    x, labels = held_out_digits()
    return accuracy_message(classification_accuracy(model, x, labels), 0.90,
                            f"the {len(x)} held-out digits")


q4 = Problem(
    LESSON, "q4",
    "Inside strategy.scope() (the lesson's MirroredStrategy over two logical CPUs), build and compile a "
    "classifier for the 64-pixel digits, then train it with a global batch of 128 until it classifies at "
    "least 90% of the held-out test digits right.",
    _mirrored_and_trained,
    hints=["Everything that creates variables (the model, and compile for the optimizer) goes inside "
           "`with strategy.scope():`; fit can be called outside it.",
           "A Dense(32, relu) hidden layer and Dense(10, softmax) are plenty; compile with "
           "sparse_categorical_crossentropy, since the labels are integers.",
           "model.fit(x_train, y_train, batch_size=128, epochs=5, verbose=0): each of the two replicas "
           "gets 64 rows of every batch."],
    solution="""with strategy.scope():
    mirrored_model = keras.Sequential([keras.Input((64,)),
                                       keras.layers.Dense(32, activation="relu"),
                                       keras.layers.Dense(10, activation="softmax")])
    mirrored_model.compile(keras.optimizers.Adam(0.01), "sparse_categorical_crossentropy",
                           metrics=["accuracy"])
mirrored_model.fit(x_train, y_train, batch_size=128, epochs=5, verbose=0)
ex.q4.check(mirrored_model)""",
)
