"""Exercises for lesson 02, tensors and concepts: axes, image layouts, steps per epoch, validation_split,
and a validation curve that says nothing."""

from __future__ import annotations

import math
from functools import cache

import numpy as np

from .._quiet import import_keras
from .checks import array_or_none, call_answer, check_rng, need_function
from .core import Problem

keras = import_keras()

LESSON = "02_tensors_and_concepts"
TITLE = "Tensors, axes and the concepts behind Keras"

# (samples, batch_size, validation_split) cases that a real fit is run on; chosen so that the usual
# mistakes (floor instead of ceil, ignoring the split, counting the split from the front) all differ.
_FIT_CASES = ((37, 5, 0.0), (15, 4, 0.3), (37, 5, 0.25))


def _random_batches(shapes: tuple[tuple[int, ...], ...], seed: int) -> list[np.ndarray]:
    """Reproducible random float32 batches, new to the learner."""
    rng = check_rng(seed)
    return [rng.random(shape, dtype=np.float32) for shape in shapes]


# ---------------------------------------------------------------- q1: reduce over the right axes
def _channel_means(function) -> str | None:
    problem = need_function(function, "def channel_means(batch): ...")
    if problem:
        return problem
    for batch in _random_batches(((5, 4, 6, 3), (2, 7, 3, 1), (6, 2, 3, 4)), seed=20):
        result, problem = call_answer(function, f"channel_means(batch of shape {batch.shape})", batch)
        if problem:
            return problem
        got = array_or_none(result)
        if got is None:
            return (f"channel_means returned {type(result).__name__}; return an array (or tensor) of means, "
                    "with a return statement.")
        expected = batch.mean(axis=(0, 1, 2))
        if got.shape != expected.shape:
            return (f"for a batch of shape {batch.shape} your function returned shape {got.shape}; one mean "
                    f"per channel has shape {expected.shape}: reduce the sample, height and width axes "
                    "(0, 1, 2) and keep the last one.")
        if not np.allclose(got, expected, atol=1e-5):
            return (f"for a batch of shape {batch.shape} the shape {got.shape} is right, but the values are "
                    f"not the channel means (expected {expected.astype(float).round(4).tolist()}, "
                    f"got {got.astype(float).round(4).tolist()}).")
    return None


# ---------------------------------------------------------------- q2: channels_first -> channels_last
def _to_channels_last(function) -> str | None:
    problem = need_function(function, "def to_channels_last(batch): ...")
    if problem:
        return problem
    for batch in _random_batches(((2, 3, 4, 5), (1, 1, 6, 2), (3, 4, 2, 2)), seed=21):
        result, problem = call_answer(function, f"to_channels_last(batch of shape {batch.shape})", batch)
        if problem:
            return problem
        got = array_or_none(result)
        if got is None:
            return f"to_channels_last returned {type(result).__name__}; return the converted array."
        expected = np.transpose(batch, (0, 2, 3, 1))
        if got.shape != expected.shape:
            if got.shape == np.transpose(batch, (0, 3, 1, 2)).shape and got.shape != batch.shape:
                hint = " That is the opposite turn: the channels (axis 1) must move to the end."
            elif got.shape == batch.shape:
                hint = " The axes have not moved."
            else:
                hint = ""
            return (f"a channels_first batch of shape {batch.shape} (samples, channels, height, width) must "
                    f"become {expected.shape} (samples, height, width, channels); yours has shape "
                    f"{got.shape}.{hint}")
        if np.allclose(got, expected):
            continue
        if np.array_equal(got, batch.reshape(expected.shape)):
            return ("the shape is right but the numbers are in the wrong places: reshape keeps the numbers "
                    "in their memory order and only relabels the axes. Move the axes with a transpose.")
        return (f"for a batch of shape {batch.shape} the shape {got.shape} is right, but pixel "
                "[sample, row, column] does not hold that pixel's channels: check the order of the axes "
                "you transpose to.")
    return None


# ---------------------------------------------------------------- q3 and q4: what fit really does
@cache
def fit_record(samples: int, batch_size: int, validation_split: float) -> tuple[int, tuple[int, ...]]:
    """Run a real one-epoch ``fit`` on samples numbered 0..samples-1.

    Returns the number of training steps it ran and the numbers of the samples it validated on,
    as recorded by a pass-through layer (no shuffling, no learning: nothing of the learner's changes).
    """
    class Recorder(keras.layers.Layer):
        """Writes down which numbered samples pass, in training and in validation steps."""

        def __init__(self, **kwargs) -> None:
            super().__init__(**kwargs)
            self.log: list | None = None

        def call(self, inputs, training=None):
            if self.log is not None:
                numbers = keras.ops.convert_to_numpy(inputs)[:, 0].astype(int).tolist()
                self.log.append((bool(training), numbers))
            return inputs

    recorder = Recorder()
    inputs = keras.Input(shape=(1,))
    outputs = keras.layers.Dense(1, kernel_initializer="zeros")(recorder(inputs))
    model = keras.Model(inputs, outputs)
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.0), loss="mse", run_eagerly=True)
    recorder.log = []
    numbers = np.arange(samples, dtype="float32").reshape(samples, 1)
    model.fit(numbers, np.zeros(samples, "float32"), batch_size=batch_size, epochs=1, shuffle=False,
              validation_split=validation_split, verbose=0)
    steps = sum(1 for training, _ in recorder.log if training)
    validated = tuple(n for training, batch in recorder.log if not training for n in batch)
    return steps, validated


def _integer(value: object) -> int | None:
    """``value`` as an int when it is a whole number (int, NumPy integer, 3.0), else None."""
    if isinstance(value, bool):
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return int(number) if number.is_integer() else None


def _steps_per_epoch(function) -> str | None:
    problem = need_function(function, "def steps_per_epoch(samples, batch_size, validation_split=0.0): ...")
    if problem:
        return problem
    for samples, batch_size, split in _FIT_CASES:
        call_text = f"steps_per_epoch({samples}, {batch_size}, {split})"
        result, problem = call_answer(function, call_text, samples, batch_size, split)
        if problem:
            return problem
        got = _integer(result)
        if got is None:
            return f"{call_text} returned {result!r}; a number of steps is a whole number."
        steps, _ = fit_record(samples, batch_size, split)
        if got == steps:
            continue
        trained = math.floor(samples * (1 - split))
        if split and got == math.ceil(samples / batch_size):
            return (f"{call_text} gives {got}, but fit runs {steps} steps: with validation_split={split} it "
                    f"holds back the last samples and trains on {trained} only.")
        if got == trained // batch_size:
            return (f"{call_text} gives {got}, but fit runs {steps} steps: the last, smaller batch is a step "
                    "too (round up, not down).")
        return f"{call_text} gives {got}, but a real fit runs {steps} training steps per epoch."
    return None


def _validation_part(function) -> str | None:
    problem = need_function(function, "def validation_part(x, y, validation_split): ...")
    if problem:
        return problem
    rng = check_rng(22)
    for samples, batch_size, split in _FIT_CASES:
        if not split:
            continue
        x = rng.normal(size=(samples, 3)).astype("float32")
        y = rng.integers(0, 10, size=samples)
        call_text = f"validation_part(x, y, {split}) with {samples} samples"
        result, problem = call_answer(function, call_text, x, y, split)
        if problem:
            return problem
        if not (isinstance(result, tuple | list) and len(result) == 2):
            return f"{call_text} returned {type(result).__name__}; return the pair (x_val, y_val)."
        x_val, y_val = (array_or_none(part) for part in result)
        if x_val is None or y_val is None:
            return f"{call_text}: both parts of (x_val, y_val) must be arrays."
        _, validated = fit_record(samples, batch_size, split)
        expected = list(validated)
        if len(x_val) != len(expected) or len(y_val) != len(expected):
            return (f"{call_text}: your validation part has {len(x_val)} samples (and {len(y_val)} labels); "
                    f"fit holds back {len(expected)}: it trains on floor({samples} × (1 - {split})) = "
                    f"{samples - len(expected)} and validates on the rest.")
        if np.array_equal(x_val, x[: len(expected)]):
            return (f"{call_text}: your validation part holds the first {len(expected)} samples; fit takes "
                    "the last ones, in their original order.")
        if not np.array_equal(x_val, x[expected]):
            return (f"{call_text}: your x_val is not the samples fit validates on (the last {len(expected)}, "
                    "in their original order, before any shuffling).")
        if not np.array_equal(y_val, y[expected]):
            return f"{call_text}: x_val is right, but y_val does not hold the labels of those samples."
    return None


# ---------------------------------------------------------------- q5: a validation curve that says nothing
GROUPED_SPLIT = 0.2


def grouped_digits() -> tuple[np.ndarray, np.ndarray]:
    """scikit-learn's 8x8 digits as rows of 64 pixels in [0, 1], in the order a shop's archive keeps them.

    The archive is grouped by label, starting at 5: 5, 6, ..., 9, then 0, ..., 4. So the last 20% of the
    arrays, what validation_split=0.2 holds back, are nearly all 3s and 4s.
    """
    from sklearn.datasets import load_digits

    digits = load_digits()
    order = np.argsort((digits.target - 5) % 10, kind="stable")
    x = (digits.images.reshape(len(digits.images), 64) / 16.0).astype("float32")
    return x[order], digits.target[order]


def _grouped_probe() -> tuple[np.ndarray, np.ndarray]:
    """60 numbered samples of 4 classes, grouped by class: x[i] = (i, i) so pairs can be followed."""
    y = np.repeat(np.array([2, 0, 3, 1]), 15)
    x = np.repeat(np.arange(60, dtype="float32")[:, np.newaxis], 2, axis=1)
    return x, y


def _ready_for_fit(function) -> str | None:
    problem = need_function(function, "def ready_for_fit(x, y): ...")
    if problem:
        return problem
    x, y = _grouped_probe()
    call_text = "ready_for_fit(x, y) on 60 samples grouped by label"
    result, problem = call_answer(function, call_text, x.copy(), y.copy())
    if problem:
        return problem
    if not (isinstance(result, tuple | list) and len(result) == 2):
        return f"ready_for_fit returned {type(result).__name__}; return the pair (x, y), reordered."
    new_x, new_y = (array_or_none(part) for part in result)
    if new_x is None or new_y is None or new_x.shape != x.shape or new_y.shape != y.shape:
        return (f"ready_for_fit must return x and y with the shapes they came in ({x.shape} and {y.shape}): "
                "the same samples, in another order.")
    numbers = new_x[:, 0].astype(int)
    if sorted(numbers.tolist()) != list(range(len(x))) or not np.array_equal(new_x[:, 0], new_x[:, 1]):
        return "your x is not the same samples as before: reorder the rows, do not change or drop them."
    if not np.array_equal(new_y, y[numbers]):
        return ("your x and y were reordered differently: sample i's label no longer belongs to it. Draw "
                "one order (a permutation) and apply it to both arrays.")
    _, validated = fit_record(len(x), 8, GROUPED_SPLIT)
    seen = sorted(set(new_y[list(validated)].tolist()))
    if seen != sorted(set(y.tolist())):
        return (f"fit(x, y, validation_split={GROUPED_SPLIT}) would validate on labels {seen} only: it holds "
                "back the last samples of the arrays as you pass them, before any shuffling. Mix the order "
                "first, so that the last part holds every label.")
    return None


q1 = Problem(
    LESSON, "q1",
    "Write a function channel_means(batch) that takes a channels_last image batch of shape "
    "(samples, height, width, channels) and returns the mean of each channel over all samples and pixels: "
    "an array of shape (channels,).",
    _channel_means,
    hints=["Which axes must disappear? Only the channel axis, the last one, stays.",
           "np.mean (or keras.ops.mean) accepts a tuple of axes: axis=(0, 1, 2).",
           "def channel_means(batch):\n    return np.mean(batch, axis=(0, 1, 2))"],
    solution="""def channel_means(batch):
    # average over samples (0), height (1) and width (2); the channel axis (-1) stays
    return np.mean(batch, axis=(0, 1, 2))

ex.q1.check(channel_means)""",
)

q2 = Problem(
    LESSON, "q2",
    "Write a function to_channels_last(batch) that turns a channels_first batch "
    "(samples, channels, height, width) into a channels_last one (samples, height, width, channels).",
    _to_channels_last,
    hints=["The numbers stay the same; only the order of the axes changes. reshape cannot do that.",
           "np.transpose(batch, axes) puts old axis axes[i] in place i.",
           "The new order is: samples (old 0), height (old 2), width (old 3), channels (old 1)."],
    solution="""def to_channels_last(batch):
    # new axis i is old axis (0, 2, 3, 1)[i]: samples, height, width, channels
    return np.transpose(batch, (0, 2, 3, 1))

ex.q2.check(to_channels_last)""",
)

q3 = Problem(
    LESSON, "q3",
    "Write a function steps_per_epoch(samples, batch_size, validation_split=0.0) that returns how many "
    "training steps (batches) model.fit runs per epoch. The check compares it with real fits.",
    _steps_per_epoch,
    hints=["The last batch may be smaller than batch_size, and it still counts as a step.",
           "With validation_split, fit trains only on the first floor(samples * (1 - validation_split)) "
           "samples.",
           "math.ceil(math.floor(samples * (1 - validation_split)) / batch_size)."],
    solution="""import math

def steps_per_epoch(samples, batch_size, validation_split=0.0):
    trained = math.floor(samples * (1 - validation_split))   # validation_split holds back the rest
    return math.ceil(trained / batch_size)                   # the last, smaller batch is a step too

ex.q3.check(steps_per_epoch)""",
)

q4 = Problem(
    LESSON, "q4",
    "Write a function validation_part(x, y, validation_split) that returns the pair (x_val, y_val) of the "
    "samples model.fit(x, y, validation_split=...) validates on. The check compares it with real fits.",
    _validation_part,
    hints=["validation_split takes the last samples, before any shuffling.",
           "The training part is the first math.floor(len(x) * (1 - validation_split)) samples.",
           "split_at = math.floor(len(x) * (1 - validation_split)); return x[split_at:], y[split_at:]."],
    solution="""import math

def validation_part(x, y, validation_split):
    split_at = math.floor(len(x) * (1 - validation_split))   # where fit cuts: the rest is validation
    return x[split_at:], y[split_at:]

ex.q4.check(validation_part)""",
)

q5 = Problem(
    LESSON, "q5",
    "x_grouped, y_grouped = ex.grouped_digits() are digits in the order an archive keeps them. Trained with "
    "validation_split=0.2, a model learns the training digits well while its validation curve stays near 0. "
    "Find out why from the curves and the labels, then write a function ready_for_fit(x, y) that returns "
    "the pair (x, y) in an order with which fit(x, y, validation_split=0.2) validates on every label. The "
    "check calls it on grouped samples of its own and asks a real fit which ones it validates on.",
    _ready_for_fit,
    hints=["Which samples does validation_split=0.2 hold back? Look at the labels of the last 20%: "
           "np.bincount(y_grouped[int(0.8 * len(y_grouped)):], minlength=10).",
           "fit's shuffle=True comes after the split: it cannot bring other labels into the validation part. "
           "The order must be mixed before fit.",
           "order = np.random.default_rng(0).permutation(len(x)); return x[order], y[order]: one order for "
           "both arrays."],
    solution="""def ready_for_fit(x, y):
    order = np.random.default_rng(0).permutation(len(x))   # one order, applied to both arrays
    return x[order], y[order]

x_ready, y_ready = ready_for_fit(x_grouped, y_grouped)
print("labels in the last 20%:", np.bincount(y_ready[int(0.8 * len(y_ready)):], minlength=10))
ex.q5.check(ready_for_fit)""",
)
