"""Exercises for lesson 08, the sample datasets: prepare any image dataset, one-hot its labels, scale its
inputs, and find from the data why a model learns nothing."""

from __future__ import annotations

import numpy as np

from .checks import as_array, as_float_array, check_rng, need_function
from .core import Problem

LESSON = "08_datasets"
TITLE = "The sample datasets"


# q1 · any image dataset, ready for a Dense classifier ---------------------------------------------

def _sample_datasets() -> list:
    """Two Datasets as datasets.load returns them: real MNIST digits, and CIFAR-shaped colour images."""
    from ..datasets import CARDS, Dataset, shipped_mnist

    (x_digits, y_digits), _ = shipped_mnist()
    rng = check_rng(8)
    x_photos = rng.integers(0, 256, size=(6, 32, 32, 3), dtype=np.uint8)
    y_photos = rng.integers(0, 10, size=(6, 1), dtype=np.uint8)
    return [Dataset("mnist", x_digits[:50], y_digits[:50], x_digits[50:60], y_digits[50:60], CARDS["mnist"],
                    "the check's MNIST digits", CARDS["mnist"].label_names),
            Dataset("cifar10", x_photos, y_photos, x_photos[:2], y_photos[:2], CARDS["cifar10"],
                    "the check's CIFAR-shaped arrays", CARDS["cifar10"].label_names)]


def _prepared_as_asked(function) -> str | None:
    problem = need_function(function, "def prepare(dataset): ...")
    if problem:
        return problem
    for dataset in _sample_datasets():
        images, labels = dataset.x_train.copy(), dataset.y_train.copy()
        what = (f"{dataset.card.title} ({dataset.x_train.shape[1:]} {dataset.x_train.dtype} images, labels "
                f"of shape {dataset.y_train.shape})")
        try:
            result = function(dataset)
        except Exception as error:  # noqa: BLE001  (the learner's function: say where it failed)
            return (f"on {what} your function raised {type(error).__name__}: {error}. Read the sizes from "
                    "the data (reshape(len(x), -1)) instead of writing them in.")
        if not isinstance(result, tuple) or len(result) != 2:
            return f"your function returned {type(result).__name__}; return the pair (x, y)."
        if not (np.array_equal(dataset.x_train, images) and np.array_equal(dataset.y_train, labels)):
            return "your function changed the dataset's arrays; return new ones and leave the Dataset alone."
        x, y = as_array(result[0]), as_array(result[1])
        rows = (len(images), int(np.prod(images.shape[1:])))
        if x.shape != rows:
            return (f"on {what} your x has shape {x.shape}; a Dense classifier needs one row per image, "
                    f"{rows}: reshape(len(x), -1) works for any image shape.")
        if not np.issubdtype(x.dtype, np.floating):
            return (f"your x has dtype {x.dtype}; make it float32 before scaling (integer division drops "
                    "everything below 1).")
        flat = images.reshape(rows).astype("float64")
        if np.allclose(x, flat, atol=1e-3):
            return "your pixels still run from 0 to 255; scale them to [0, 1]: divide by 255."
        lengths = np.linalg.norm(x, axis=1)
        if not np.allclose(x, flat / 255, atol=1e-5):
            if np.allclose(lengths[lengths > 0], 1.0, atol=1e-4):
                return ("every row of your x has length 1: that is keras.utils.normalize, which throws away "
                        "how much ink an image has (section 9). Scale the pixels instead: divide by 255.")
            return (f"your x runs from {x.min():.3g} to {x.max():.3g}; the pixels divided by 255 run from "
                    f"{flat.min() / 255:.3g} to {flat.max() / 255:.3g}.")
        expected = labels.ravel()
        if y.shape != expected.shape:
            hint = (": CIFAR labels come as (n, 1), flatten them with ravel()" if y.shape == labels.shape
                    else ": integer labels, not one-hot rows" if y.ndim == 2 and y.shape[1] == 10 else "")
            return f"on {what} your y has shape {y.shape}; the task asks for {expected.shape}{hint}."
        if not np.array_equal(y, expected):
            return "your y does not hold the dataset's training labels in their order."
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
    x = check_rng(8).uniform(-5, 20, size=(6, 4))
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
    rng = check_rng(80)
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


# q5 · a model that learns nothing: look at the data ----------------------------------------------

def colleague_data() -> tuple[np.ndarray, np.ndarray]:
    """2,000 MNIST training digits as a colleague prepared them: ``x, y = x.reshape(n, -1), y / 255``
    (they meant to scale the pixels and scaled the labels)."""
    from ..datasets import shipped_mnist

    (x_train, y_train), _ = shipped_mnist()
    return x_train[:2000].reshape(2000, -1).copy(), y_train[:2000] / 255


def _fixed_as_asked(function) -> str | None:
    problem = need_function(function, "def fix(x, y): ...")
    if problem:
        return problem
    x_given, y_given = colleague_data()
    result = function(x_given.copy(), y_given.copy())
    if not isinstance(result, tuple) or len(result) != 2:
        return f"your function returned {type(result).__name__}; return the pair (x, y)."
    x, y = as_array(result[0]), as_array(result[1])
    truth = np.rint(y_given * 255).astype(np.int64)
    if y.shape != truth.shape:
        hint = (": the model uses sparse_categorical_crossentropy, which wants integer labels, not one-hot "
                "rows" if y.ndim == 2 else "")
        return f"your y has shape {y.shape}; the colleague's model needs {truth.shape}{hint}."
    if np.allclose(y, y_given):
        return (f"your y is unchanged: its values run from {y_given.min():g} to {y_given.max():.4f}. "
                "sparse_categorical_crossentropy turns each label into a whole number (every one of these "
                "becomes 0), so the model learns that every digit is a 0 and its loss drops to 0. What "
                "were the labels before the colleague's preparation?")
    if not np.array_equal(y, truth):
        return (f"your labels run from {y.min():g} to {y.max():g}; the digits' labels are the whole numbers "
                "0..9.")
    if x.shape != x_given.shape:
        return f"your x has shape {x.shape}; the colleague's model takes {x_given.shape} (784 pixels a row)."
    if np.allclose(x, x_given):
        return ("the labels are right now, but x still holds pixels from 0 to 255: scale them to [0, 1] as "
                "the colleague meant to.")
    if not np.allclose(x, x_given / 255.0, atol=1e-5):
        return f"your x runs from {x.min():.3g} to {x.max():.3g}; the pixels divided by 255 run from 0 to 1."
    return None


q1 = Problem(
    LESSON, "q1",
    "Write a function prepare(dataset) that takes a Dataset from datasets.load (MNIST, Fashion-MNIST, "
    "CIFAR-10 or CIFAR-100, whichever shapes its arrays have) and returns (x, y) for a Dense classifier "
    "trained with sparse_categorical_crossentropy: x a float array with one row per training image and "
    "pixels in [0, 1], y the training labels as a flat vector (n,). The check tries it on MNIST digits and "
    "on CIFAR-shaped arrays.",
    _prepared_as_asked,
    hints=["Three things differ between the datasets: the image shape (28x28 or 32x32x3), the label shape "
           "((n,) or (n, 1)), and nothing else that matters here. Read shapes from the data.",
           "x: dataset.x_train.reshape(len(dataset.x_train), -1), as float32, divided by 255. y: "
           "dataset.y_train.ravel().",
           "return (dataset.x_train.reshape(len(dataset.x_train), -1).astype('float32') / 255, "
           "dataset.y_train.ravel())."],
    solution="""def prepare(dataset):
    x = dataset.x_train.reshape(len(dataset.x_train), -1).astype("float32") / 255
    return x, dataset.y_train.ravel()


ex.q1.check(prepare)""",
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

q5 = Problem(
    LESSON, "q5",
    "A colleague's MNIST classifier learns nothing: trained on the arrays ex.colleague_data() returns, its "
    "loss drops to 0 while its accuracy stays near 10%. Look at the arrays (shape, dtype, min, max, "
    "np.unique) to find what went wrong in their preparation, and write fix(x, y) that returns the pair as "
    "their model needs it: x float pixels in [0, 1], one row of 784 per digit, and y the digits' integer "
    "labels 0..9.",
    _fixed_as_asked,
    hints=["Print x_given.min(), x_given.max() and np.unique(y_given)[:10]: which array looks scaled, and "
           "which should have been?",
           "The colleague divided the labels by 255 instead of the pixels: undo it on y, and do it on x.",
           "return x.astype('float32') / 255, np.rint(y * 255).astype('int64') (np.rint rounds to the "
           "nearest whole number)."],
    solution="""def fix(x, y):
    return x.astype("float32") / 255, np.rint(y * 255).astype("int64")


x_fixed, y_fixed = fix(*ex.colleague_data())
print("pixels from", x_fixed.min(), "to", x_fixed.max(), " labels:", np.unique(y_fixed))
ex.q5.check(fix)""",
)
