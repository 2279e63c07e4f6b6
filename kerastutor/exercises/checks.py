"""Small building blocks that lesson checkers share: what an answer must be (a model, a function, a
subclass), calling the learner's code, arrays from tensors, NumPy reference maths, layer counts and
held-out accuracy; and a fresh-data mode (:func:`fresh_data`) in which the checks draw other data, for
graders that re-run a check at grading time."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache, lru_cache, reduce, wraps

import numpy as np

from .. import _arguments
from .._quiet import import_keras
from .core import Checker

keras = import_keras()

FRESH_NOISE = 0.02  # fresh_data: the largest change it adds to a held-out pixel (pixels are in [0, 1])
_fresh_seeds: list[int | None] = []  # fresh_data seeds in force, innermost last (None: on_lesson_data)

NO_INPUT_SHAPE = "your model has no input shape yet: start it with keras.Input(shape=...)."
MNIST_SHAPES = ((28, 28), (28, 28, 1), (784,))  # the sample shapes an MNIST model may take


def need_model(answer: object) -> str | None:
    """A sentence when ``answer`` is not a Keras model, else None."""
    if isinstance(answer, keras.Model):
        return None
    return f"expected a Keras model (such as keras.Sequential([...])), got {type(answer).__name__}."


def need_built(model) -> str | None:
    """A sentence when a model has no input shape yet, else None."""
    try:
        model.inputs  # noqa: B018  (raises on a Sequential without keras.Input)
    except (AttributeError, ValueError):
        return NO_INPUT_SHAPE
    return None if model.inputs else NO_INPUT_SHAPE


def layers_of(model, class_name: str) -> list:
    """The model's layers of one class (by class name), in order."""
    return [layer for layer in model.layers if type(layer).__name__ == class_name]


def all_layers(model) -> list:
    """Every layer of ``model``, the layers of nested models included (depth first)."""
    found = []
    for layer in model.layers:
        found.append(layer)
        if isinstance(layer, keras.Model):
            found.extend(all_layers(layer))
    return found


def count_message(found: int, wanted: int, what: str) -> str | None:
    """``your model has 2 Dense layers, the task asks for 3.`` or None when they agree."""
    if found == wanted:
        return None
    noun = what if found == 1 else f"{what}s"
    return f"your model has {found} {noun}, the task asks for {wanted}."


def accuracy_message(accuracy: float, needed: float, on: str) -> str | None:
    """``accuracy 0.71 on held-out digits, 0.90 needed.`` or None when it is enough."""
    if accuracy >= needed:
        return None
    return f"accuracy {accuracy:.2f} on {on}, {needed:.2f} needed. Train longer or change the model."


def classification_accuracy(model, x: np.ndarray, labels: np.ndarray) -> float:
    """Share of samples whose most probable class is the true label (computed here, not by the model)."""
    scores = np.asarray(model.predict(x, verbose=0))
    predicted = scores.argmax(axis=-1) if scores.shape[-1] > 1 else (scores[..., 0] > 0.5).astype(int)
    return float(np.mean(predicted == np.asarray(labels).reshape(predicted.shape)))


def input_shape_message(model, wanted: tuple) -> str | None:
    """A sentence when the model's (first) input shape is not ``(None, *wanted)``."""
    shape = tuple(model.inputs[0].shape[1:])
    if shape == tuple(wanted):
        return None
    return f"your model takes samples of shape {shape}, the task's samples have shape {tuple(wanted)}."


def call_answer(function: Callable, call_text: str, *args: object,
                **kwargs: object) -> tuple[object, str | None]:
    """``(function(*args, **kwargs), None)``, or ``(None, sentence)`` when the learner's code raises:
    ``channel_means(batch of shape (5, 4)) raised ValueError: ...``."""
    try:
        return function(*args, **kwargs), None
    except Exception as error:  # noqa: BLE001  (the learner's code may raise anything)
        return None, f"{call_text} raised {type(error).__name__}: {error}"


def need_subclass(answer: object, name: str, base: str, instead: str) -> str | None:
    """A sentence when ``answer`` is not a class that subclasses ``base`` (a public Keras path such as
    ``"keras.layers.Layer"``), else None; an instance of ``base`` is told ``instead`` (pass the class)."""
    base_class = reduce(getattr, base.split(".")[1:], keras)
    if isinstance(answer, base_class):
        return instead
    if not (isinstance(answer, type) and issubclass(answer, base_class)):
        return (f"expected a class that subclasses {base} (class {name}({base}): ...), "
                f"got {type(answer).__name__}.")
    return None


def need_function(answer: object, example: str, *, such_as: bool = True, advice: str = "") -> str | None:
    """A sentence when ``answer`` is not a function (a value, or a class), else None.

    ``expected a function such as def f(x): ..., got int.``; with ``such_as=False`` the example is the
    call itself (``expected a function f(x), got int.``); ``advice`` follows the type's name."""
    if callable(answer) and not isinstance(answer, type):
        return None
    wanted = f"such as {example}" if such_as else example
    return f"expected a function {wanted}, got {type(answer).__name__}{advice}."


def as_array(value: object, dtype: str | None = None) -> np.ndarray:
    """A numpy array from a numpy array, a tensor or a nested list."""
    try:
        return np.asarray(keras.ops.convert_to_numpy(value), dtype=dtype)
    except (TypeError, ValueError):
        return np.asarray(value, dtype=dtype)


def as_float_array(value: object) -> np.ndarray:
    """``as_array`` in float64, for comparisons with numpy's own arithmetic."""
    return as_array(value, "float64")


def array_or_none(value: object) -> np.ndarray | None:
    """``as_array(value)`` when ``value`` holds numbers (an array, a tensor, a nested list); None for
    None, a string, a ragged list or any other object."""
    if value is None or isinstance(value, str):
        return None
    try:
        array = as_array(value)
    except Exception:  # noqa: BLE001  (not a tensor)
        return None
    return None if array.dtype == object else array


def relu(values: np.ndarray) -> np.ndarray:
    """``max(values, 0)``, computed here in NumPy."""
    return np.maximum(values, 0.0)


def softmax(scores: np.ndarray) -> np.ndarray:
    """Softmax over the last axis, computed here in NumPy."""
    shifted = np.exp(scores - scores.max(axis=-1, keepdims=True))
    return shifted / shifted.sum(axis=-1, keepdims=True)


@contextmanager
def fresh_data(seed: int) -> Iterator[None]:
    """Within this block the checks draw other data than the lessons show: ``check_rng(n)`` is seeded
    from ``(n, seed)``, and ``held_out_mnist()`` / ``held_out_digits()`` give the same held-out images in
    another order, each pixel moved by at most :data:`FRESH_NOISE`. Only the checks' data changes, never
    the learner's; a grader uses it to judge an answer again on data nobody saw."""
    seed = _arguments.integer("fresh_data", "seed", seed, 0)
    _fresh_seeds.append(seed)
    try:
        yield
    finally:
        _fresh_seeds.pop()


def on_lesson_data(checker: Checker) -> Checker:
    """``checker`` judging on the lesson's own data even inside :func:`fresh_data`: for answers that are
    facts about that data (a count, a pair read off the lesson's chart), which fresh data cannot confirm."""

    @wraps(checker)
    def judged(answer: object) -> str | None:
        _fresh_seeds.append(None)
        try:
            return checker(answer)
        finally:
            _fresh_seeds.pop()

    return judged


def _fresh_seed() -> int | None:
    """The seed of the innermost fresh_data block, or None (the lesson's data)."""
    return _fresh_seeds[-1] if _fresh_seeds else None


def check_rng(seed: int) -> np.random.Generator:
    """The random generator a check draws its inputs from: ``np.random.default_rng(seed)``, or, inside
    :func:`fresh_data`, one seeded from ``seed`` and the fresh seed together."""
    fresh = _fresh_seed()
    return np.random.default_rng(seed if fresh is None else [seed, fresh])


def cached_per_draw(build: Callable[[], object]) -> Callable[[], object]:
    """``functools.cache`` for a check's data builder that takes no arguments, kept apart per draw: the
    lesson's data is built once, and once more for each :func:`fresh_data` seed (the latest two kept)."""

    @lru_cache(maxsize=3)
    def built(seed: int | None) -> object:
        return build()

    @wraps(build)
    def cached() -> object:
        return built(_fresh_seed())

    return cached


def _fresh_sample(images: np.ndarray, labels: np.ndarray, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """``images`` (floats in [0, 1]) and their labels in a seeded order, each pixel moved by at most
    FRESH_NOISE (and kept in [0, 1])."""
    rng = np.random.default_rng([seed, len(images)])
    order = rng.permutation(len(images))
    noise = rng.uniform(-FRESH_NOISE, FRESH_NOISE, size=images.shape).astype(images.dtype)
    return np.clip(images[order] + noise, 0.0, 1.0), labels[order].copy()


def held_out_digits() -> tuple[np.ndarray, np.ndarray]:
    """The digit lessons' test split of scikit-learn's digits (the images no lesson cell trains on);
    inside :func:`fresh_data`, a fresh draw of them."""
    fresh = _fresh_seed()
    return _lesson_digits() if fresh is None else _fresh_digits(fresh)


def held_out_mnist() -> tuple[np.ndarray, np.ndarray]:
    """The 2,000 test digits shipped with kerastutor, scaled to [0, 1], shape ``(2000, 28, 28)``;
    inside :func:`fresh_data`, a fresh draw of them.

    The MNIST lessons train on ``datasets.load("mnist", ...).x_train`` and never on these."""
    fresh = _fresh_seed()
    return _lesson_mnist() if fresh is None else _fresh_mnist(fresh)


@lru_cache(maxsize=2)
def _fresh_digits(seed: int) -> tuple[np.ndarray, np.ndarray]:
    return _fresh_sample(*_lesson_digits(), seed)


@lru_cache(maxsize=2)
def _fresh_mnist(seed: int) -> tuple[np.ndarray, np.ndarray]:
    return _fresh_sample(*_lesson_mnist(), seed)


@cache
def _lesson_digits() -> tuple[np.ndarray, np.ndarray]:
    from sklearn.datasets import load_digits

    digits = load_digits()
    x = (digits.images.astype("float32") / 16.0).reshape(len(digits.images), 64)
    order = np.random.default_rng(0).permutation(len(x))
    test = order[: len(x) // 5]
    return x[test], digits.target[test]


@cache
def _lesson_mnist() -> tuple[np.ndarray, np.ndarray]:
    from ..datasets import shipped_mnist

    _, (x_test, y_test) = shipped_mnist()
    return x_test.astype("float32") / 255.0, y_test


def shaped_for(model, images: np.ndarray) -> np.ndarray | None:
    """``images`` (n, 28, 28) reshaped to what the model's first input takes: flat ``(n, 784)``,
    ``(n, 28, 28)`` or ``(n, 28, 28, 1)``; None when the model takes none of these."""
    wanted = tuple(model.inputs[0].shape[1:])
    return images.reshape(len(images), *wanted) if wanted in MNIST_SHAPES else None


def mnist_shape_message(model, suggested: tuple = (28, 28)) -> str | None:
    """Why the model cannot take MNIST digits (its input is none of MNIST_SHAPES), or None."""
    taken = tuple(model.inputs[0].shape[1:])
    if taken in MNIST_SHAPES:
        return None
    others = ", or ".join(str(shape) for shape in MNIST_SHAPES if shape != suggested)
    return (f"your model takes samples of shape {taken}; MNIST digits are (28, 28): start it with "
            f"keras.Input(shape={suggested}) (or {others}).")


def learning_rate_of(optimizer) -> float | None:
    """The optimizer's current learning rate as a number, or None when it has none."""
    rate = getattr(optimizer, "learning_rate", None)
    try:
        return float(rate.numpy() if hasattr(rate, "numpy") else rate)
    except (TypeError, ValueError):
        return None


def mnist_accuracy_message(model, needed: float) -> str | None:
    """The held-out MNIST accuracy against ``needed``, or why the model cannot take the digits."""
    problem = mnist_shape_message(model)
    if problem:
        return problem
    x, labels = held_out_mnist()
    accuracy = classification_accuracy(model, shaped_for(model, x), labels)
    return accuracy_message(accuracy, needed, f"the {len(x):,} held-out MNIST digits")


def dead_layers(model, x) -> list[str]:
    """The layers (inputs aside) whose outputs are all zero for every sample of ``x``, in order.

    Nothing after such a layer learns from the data, and a relu that outputs only zeros passes
    no gradient back, so training cannot revive it."""
    from ..inspector.activations import activations

    inputs = {layer.name for layer in model.layers if isinstance(layer, keras.layers.InputLayer)}
    outputs = activations(model, x)
    return [name for name, output in outputs.items() if name not in inputs and not np.any(output)]


def trained_copy(model, loss: str, x, y, **fit_kwargs):
    """A copy of the learner's compiled model (its weights, a new optimizer of the same settings), trained
    on the checker's data: the learner's own model and optimizer are left as they were."""
    copy = keras.models.clone_model(model)
    copy.set_weights(model.get_weights())
    copy.compile(optimizer=type(model.optimizer).from_config(model.optimizer.get_config()), loss=loss)
    copy.fit(x, y, shuffle=False, verbose=0, **fit_kwargs)
    return copy
