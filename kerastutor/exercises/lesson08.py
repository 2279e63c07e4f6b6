"""Exercises for lesson 08, the sample datasets: load one, one-hot its labels, scale its inputs."""

from __future__ import annotations

from functools import cache

import numpy as np

from .checks import as_float_array, need_function
from .core import Problem

LESSON = "08_datasets"
TITLE = "The sample datasets"




# q1 · datasets.load ---------------------------------------------------------------------------------

@cache
def _offline_digits() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The stand-in kerastutor promises offline: scikit-learn's digits as uint8 0..255, split 80/20."""
    from sklearn.datasets import load_digits

    digits = load_digits()
    x = (digits.images * (255 / 16)).round().astype(np.uint8)
    order = np.random.default_rng(0).permutation(len(x))
    cut = int(len(x) * 0.8)
    train, test = order[:cut], order[cut:]
    return x[train], digits.target[train], x[test], digits.target[test]


def _fashion_as_asked(dataset) -> str | None:
    from ..datasets import Dataset

    if not isinstance(dataset, Dataset):
        return (f"expected the Dataset that datasets.load(...) returns, got {type(dataset).__name__}"
                + (": pass the Dataset itself, not as_tuples()." if isinstance(dataset, tuple) else "."))
    if dataset.card.name != "fashion_mnist":
        return f"you loaded {dataset.card.name!r}; the task asks for 'fashion_mnist'."
    offline = not dataset.source.startswith("keras.datasets")
    if offline and "digits" not in dataset.source:
        return (f"offline, this dataset came from {dataset.source!r}; the task asks for the digits stand-in: "
                "fallback='digits'.")
    sizes = (len(dataset.x_train), len(dataset.y_train), len(dataset.x_test), len(dataset.y_test))
    if sizes[:2] != (500, 500):
        return f"x_train has {sizes[0]} images, the task asks for the first 500: train_size=500."
    if sizes[2:] != (100, 100):
        return f"x_test has {sizes[2]} images, the task asks for the first 100: test_size=100."
    if not offline:
        if dataset.x_train.shape[1:] != (28, 28) or dataset.x_train.dtype != np.uint8:
            return (f"Fashion-MNIST images are (28, 28) uint8; yours are {dataset.x_train.shape[1:]} "
                    f"{dataset.x_train.dtype}: pass the Dataset as datasets.load returns it.")
        if not set(np.unique(dataset.y_train)) <= set(range(10)):
            return ("Fashion-MNIST labels are 0..9; yours are not: pass the Dataset as datasets.load "
                    "returns it.")
        return None
    x_train, y_train, x_test, y_test = _offline_digits()
    same = (np.array_equal(dataset.x_train, x_train[:500]) and np.array_equal(dataset.y_train, y_train[:500])
            and np.array_equal(dataset.x_test, x_test[:100]) and np.array_equal(dataset.y_test, y_test[:100]))
    if not same:
        return "the arrays are not the first samples datasets.load gave: pass its Dataset unchanged."
    return None


# q2 · to_categorical ------------------------------------------------------------------------------

def _one_hot_as_asked(function) -> str | None:
    problem = need_function(function, "def one_hot(labels): ...")
    if problem:
        return problem
    cases = [("the labels [3, 0, 9, 3]", np.array([3, 0, 9, 3]), (4, 10)),
             ("the labels [0, 2, 1] (a batch without the classes 3..9)", np.array([0, 2, 1]), (3, 10)),
             ("CIFAR-style labels [[7], [1]] of shape (2, 1)", np.array([[7], [1]]), (2, 10))]
    for words, labels, shape in cases:
        result = function(labels.copy())
        if result is None:
            return "your function returned None: return the one-hot rows."
        rows = as_float_array(result)
        if rows.shape != shape:
            hint = ""
            if rows.ndim == 2 and rows.shape[0] == shape[0] and rows.shape[1] < 10:
                hint = (f": without num_classes, to_categorical counts max(label) + 1 = {rows.shape[1]} "
                        "classes; pass num_classes=10")
            elif rows.ndim == 3:
                hint = ": drop the last axis of size 1 first (to_categorical does it for you)"
            return f"for {words} your function returned shape {rows.shape}, expected {shape}{hint}."
        expected = np.eye(10)[labels.reshape(-1)]
        if not np.array_equal(rows, expected):
            return (f"for {words} your first row is {rows[0].tolist()}, expected "
                    f"{expected[0].astype(int).tolist()}: all zeros except a 1 in the column of the label.")
    return None


# q3 · normalize -----------------------------------------------------------------------------------

def _unit_rows_as_asked(function) -> str | None:
    problem = need_function(function, "def unit_rows(x): ...")
    if problem:
        return problem
    x = np.random.default_rng(8).uniform(-5, 20, size=(6, 4))
    x[1] = [3.0, 0.0, -4.0, 0.0]
    x[4] = 0.0
    result = function(x.copy())
    if result is None:
        return "your function returned None: return the array with rows of length 1."
    got = as_float_array(result)
    if got.shape != x.shape:
        return f"for an array of shape {x.shape} your function returned shape {got.shape}."
    if np.isnan(got).any():
        return ("a row of zeros became nan (0 / 0): rows of zeros must stay zeros, as keras.utils.normalize "
                "does.")
    lengths = np.linalg.norm(x, axis=1, keepdims=True)
    expected = np.divide(x, lengths, out=np.zeros_like(x), where=lengths > 0)
    if np.allclose(got, expected, atol=1e-6):
        return None
    if np.allclose(got, x / np.linalg.norm(x), atol=1e-6):
        return ("you divided the whole array by one length; each ROW must be divided by its own length: "
                "axis=-1.")
    got_lengths = np.linalg.norm(got, axis=1).round(3)
    if np.allclose(got, x / np.abs(x).max(), atol=1e-6) or np.allclose(got, x / 255.0, atol=1e-6):
        return (f"your rows have lengths {got_lengths.tolist()}: dividing by a maximum scales values, it "
                "does not give every row length 1.")
    return (f"the rows of your result have lengths {got_lengths.tolist()}; every row should have length 1, "
            "except the row of zeros, which stays 0.")


# q4 · standardise with the training statistics ----------------------------------------------------

def _standardise_as_asked(function) -> str | None:
    problem = need_function(function, "def standardise(x_train, x_test): ...")
    if problem:
        return problem
    rng = np.random.default_rng(80)
    scales, offsets = np.array([1.0, 100.0, 0.01, 10.0]), np.array([0.0, 500.0, 1.0, -20.0])
    x_train = rng.normal(size=(30, 4)) * scales + offsets
    x_test = rng.normal(size=(10, 4)) * scales * 2 + offsets + scales
    train_copy, test_copy = x_train.copy(), x_test.copy()
    result = function(train_copy, test_copy)
    if not isinstance(result, tuple) or len(result) != 2:
        return (f"your function returned {type(result).__name__}; return both arrays: (train_scaled, "
                "test_scaled).")
    if not np.array_equal(train_copy, x_train) or not np.array_equal(test_copy, x_test):
        return "your function changed the arrays passed to it; return new ones and leave the inputs alone."
    train_out, test_out = as_float_array(result[0]), as_float_array(result[1])
    mean, std = x_train.mean(axis=0), x_train.std(axis=0)
    if train_out.shape != x_train.shape or test_out.shape != x_test.shape:
        return (f"for arrays of shapes {x_train.shape} and {x_test.shape} your function returned "
                f"{train_out.shape} and {test_out.shape}.")
    if not np.allclose(train_out, (x_train - mean) / std, rtol=1e-4, atol=1e-4):
        if np.allclose(train_out, (x_train - x_train.mean()) / x_train.std(), rtol=1e-4, atol=1e-4):
            return ("you used one mean and one standard deviation for the whole table; each column needs its "
                    "own: mean(axis=0), std(axis=0).")
        return ("the columns of the scaled training set have means "
                f"{train_out.mean(axis=0).round(2).tolist()} and standard deviations "
                f"{train_out.std(axis=0).round(2).tolist()}; both should be 0 and 1.")
    if np.allclose(test_out, (x_test - x_test.mean(axis=0)) / x_test.std(axis=0), rtol=1e-4, atol=1e-4):
        return ("you standardised x_test with its own mean and standard deviation; use the training set's, "
                "as you would for new data whose statistics you cannot know in advance.")
    if not np.allclose(test_out, (x_test - mean) / std, rtol=1e-4, atol=1e-4):
        return ("the training set is right, but x_test is not scaled with the same numbers: (x_test - mean) "
                "/ std.")
    return None


q1 = Problem(
    LESSON, "q1",
    "Load Fashion-MNIST with kerastutor's datasets.load, keeping the first 500 training and the first 100 "
    "test images, with the digits fallback so that it works offline too; pass the Dataset it returns.",
    _fashion_as_asked,
    hints=["datasets.load(name, train_size=..., test_size=..., fallback=...).",
           "The loader's name is 'fashion_mnist'; the offline stand-in is fallback='digits'.",
           "datasets.load('fashion_mnist', train_size=500, test_size=100, fallback='digits')."],
    solution="""small_fashion = datasets.load("fashion_mnist", train_size=500, test_size=100,
                              fallback="digits")
print(small_fashion.describe())
ex.q1.check(small_fashion)""",
)

q2 = Problem(
    LESSON, "q2",
    "Write a function one_hot(labels) that turns integer labels 0..9 into one-hot rows of 10 numbers, for "
    "any batch of labels (even one without the highest classes) and for CIFAR-style labels of shape (n, 1).",
    _one_hot_as_asked,
    hints=["keras.utils.to_categorical does it.",
           "Without num_classes, to_categorical makes max(label) + 1 columns: pass num_classes=10.",
           "return keras.utils.to_categorical(labels, num_classes=10)."],
    solution="""def one_hot(labels):
    return keras.utils.to_categorical(labels, num_classes=10)


print(one_hot([0, 2, 1]))
ex.q2.check(one_hot)""",
)

q3 = Problem(
    LESSON, "q3",
    "Write a function unit_rows(x) that divides every row of a 2-D array by its L2 length, so that each row "
    "has length 1; a row of zeros stays zeros.",
    _unit_rows_as_asked,
    hints=["keras.utils.normalize does exactly this.",
           "Its axis says along which axis a vector runs: a row runs along the last axis.",
           "return keras.utils.normalize(x, axis=-1, order=2)."],
    solution="""def unit_rows(x):
    return keras.utils.normalize(x, axis=-1, order=2)


print(unit_rows(np.array([[3.0, 4.0], [0.0, 0.0]])))
ex.q3.check(unit_rows)""",
)

q4 = Problem(
    LESSON, "q4",
    "Write a function standardise(x_train, x_test) that returns (train_scaled, test_scaled): every column of "
    "both tables minus the column's mean, divided by its standard deviation, both measured on x_train only.",
    _standardise_as_asked,
    hints=["mean = x_train.mean(axis=0) and std = x_train.std(axis=0): one number per column.",
           "Apply the same mean and std to both tables: new data is scaled with the training numbers.",
           "return (x_train - mean) / std, (x_test - mean) / std."],
    solution="""def standardise(x_train, x_test):
    mean, std = x_train.mean(axis=0), x_train.std(axis=0)
    return (x_train - mean) / std, (x_test - mean) / std


ex.q4.check(standardise)""",
)
