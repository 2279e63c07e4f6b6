"""Exercises for lesson 17, Keras 3 as it is practised today: keras.ops, dtype policies, tf.data."""

from __future__ import annotations

import time
from functools import cache

import numpy as np

from .._quiet import import_keras
from .checks import (
    as_float_array,
    held_out_mnist,
    layers_of,
    mnist_accuracy_message,
    need_built,
    need_function,
    need_model,
    shaped_for,
)
from .core import Problem

keras = import_keras()

LESSON = "17_keras3_today"
TITLE = "Keras 3 as it is practised today"


# ---- q1: a function written only with keras.ops -----------------------------------------------------


def _symbolic_message(distances) -> str | None:
    """Run the learner's function on symbolic Keras tensors: only keras.ops code gets through."""
    a, b = keras.Input(batch_shape=(4, 3)), keras.Input(batch_shape=(5, 3))
    try:
        result = distances(a, b)
    except Exception as error:  # noqa: BLE001  (any failure here means code keras.ops cannot trace)
        first = str(error).split(". ")[0].splitlines()[0][:120].rstrip(".") + ". " if str(error) else ""
        return (f"on symbolic Keras tensors (what keras.Input makes) your function raised "
                f"{type(error).__name__}: {first} Use keras.ops functions only (ops.expand_dims, ops.sum, "
                "ops.square, ...): numpy and tf.* functions do not run on every backend.")
    if not isinstance(result, keras.KerasTensor):
        return (f"on symbolic Keras tensors your function returns a {type(result).__name__}: build the "
                "result with keras.ops so it stays a tensor of the backend.")
    if tuple(result.shape) != (4, 5):
        return (f"for a of shape (4, 3) and b of shape (5, 3) your function returns shape "
                f"{tuple(result.shape)}, expected (4, 5): one row per row of a, one column per row of b.")
    return None


def _pairwise_function(distances) -> str | None:
    problem = need_function(distances, "pairwise_sq_distances(a, b)")
    if problem:
        return problem
    problem = _symbolic_message(distances)
    if problem:
        return problem
    rng = np.random.default_rng()
    for _ in range(3):
        n, m, d = (int(v) for v in rng.integers(2, 9, size=3))
        a = rng.normal(size=(n, d)).astype("float32")
        b = rng.normal(size=(m, d)).astype("float32")
        expected = ((a[:, None, :].astype("float64") - b[None, :, :]) ** 2).sum(axis=-1)
        got = as_float_array(distances(a, b))
        if got.shape != expected.shape:
            return (f"for a of shape {a.shape} and b of shape {b.shape} your function returns shape "
                    f"{got.shape}, expected {expected.shape}.")
        if np.allclose(got, expected, rtol=1e-4, atol=1e-4):
            continue
        if np.allclose(got, np.sqrt(expected), rtol=1e-4, atol=1e-4):
            return "your function returns the distances; the task asks for their squares (no square root)."
        i, j = np.unravel_index(int(np.argmax(np.abs(got - expected))), expected.shape)
        return (f"entry [{i}, {j}] is {got[i, j]:.4f}, but the squared distance between a[{i}] and b[{j}] "
                f"is {expected[i, j]:.4f}.")
    return None


q1 = Problem(
    LESSON, "q1",
    "Write pairwise_sq_distances(a, b) using only keras.ops: for a of shape (n, d) and b of shape (m, d), "
    "the (n, m) matrix of squared Euclidean distances between every row of a and every row of b.",
    _pairwise_function,
    hints=["Make the shapes broadcast: ops.expand_dims(a, 1) has shape (n, 1, d), ops.expand_dims(b, 0) has "
           "shape (1, m, d); their difference has shape (n, m, d).",
           "Square the differences and add them up over the last axis: ops.sum(ops.square(...), axis=-1).",
           "The check also calls your function on keras.Input tensors, which have no values: numpy and tf.* "
           "functions fail there, keras.ops functions do not."],
    solution="""from keras import ops

def pairwise_sq_distances(a, b):
    difference = ops.expand_dims(a, 1) - ops.expand_dims(b, 0)
    return ops.sum(ops.square(difference), axis=-1)

ex.q1.check(pairwise_sq_distances)""",
)


# ---- q2: diagnose a mixed-precision model ----------------------------------------------------------


def _digit_layers(policy_of: dict[str, str]) -> list:
    return [keras.Input((28, 28)),
            keras.layers.Flatten(name="flatten"),
            keras.layers.Dense(128, activation="relu", name="hidden", dtype=policy_of.get("hidden")),
            keras.layers.Dense(10, name="logits", dtype=policy_of.get("logits")),
            keras.layers.Activation("softmax", name="probabilities", dtype=policy_of.get("probabilities"))]


@cache
def _trained_weights() -> tuple[np.ndarray, ...]:
    """Weights of the digit classifier, trained in float32 on the shipped training digits (never the
    held-out ones the check measures on)."""
    from ..datasets import shipped_mnist

    (x_train, y_train), _ = shipped_mnist()
    keras.utils.set_random_seed(17)
    everything_float32 = {name: "float32" for name in ("hidden", "logits", "probabilities")}
    model = keras.Sequential(_digit_layers(everything_float32))
    model.compile(keras.optimizers.Adam(0.002), "sparse_categorical_crossentropy")
    model.fit(x_train.astype("float32") / 255, y_train, batch_size=64, epochs=2, verbose=0)
    return tuple(np.asarray(w) for w in model.get_weights())


def mixed_model():
    """A trained digit classifier whose every layer runs under the ``mixed_bfloat16`` policy."""
    model = keras.Sequential(_digit_layers({name: "mixed_bfloat16"
                                            for name in ("hidden", "logits", "probabilities")}),
                             name="mixed_digits")
    model.set_weights(list(_trained_weights()))
    return model


def _fixed_mixed_model(model) -> str | None:
    problem = need_model(model) or need_built(model)
    if problem:
        return problem
    x, _ = held_out_mnist()
    shaped = shaped_for(model, x[:500])
    if shaped is None:
        return mnist_accuracy_message(model, 0.9)
    probabilities = model.predict(shaped, verbose=0)
    dtype = str(np.asarray(probabilities).dtype)
    off = float(np.abs(as_float_array(probabilities).sum(axis=-1) - 1).max())
    if dtype != "float32":
        return (f"your model's probabilities come out as {dtype}: look at each layer's dtype_policy and "
                "make the layer that computes them run in float32 (dtype='float32').")
    if off > 1e-4:
        return (f"your probabilities are float32 but still sum to 1 only within {off:.4f}: a cast after a "
                "bfloat16 softmax keeps its rounding. The softmax itself must compute in float32.")
    dense = layers_of(model, "Dense")
    mixed = [layer.name for layer in dense if layer.compute_dtype in ("bfloat16", "float16")]
    if not mixed:
        return ("every Dense layer of your model computes in float32: that gives up mixed precision "
                "altogether. Keep the hidden layer under 'mixed_bfloat16' and only compute the "
                "probabilities in float32.")
    wrong = [layer.name for layer in model.layers if layer.weights and layer.variable_dtype != "float32"]
    if wrong:
        return (f"layer {wrong[0]!r} keeps its weights in {model.get_layer(wrong[0]).variable_dtype}: "
                "use a mixed policy (weights in float32), not a bfloat16 one.")
    return mnist_accuracy_message(model, 0.9)


q2 = Problem(
    LESSON, "q2",
    "ex.mixed_model() is a trained digit classifier built under a mixed-precision policy, and its "
    "predicted probabilities are not quite right. Measure them, find the layer responsible from the "
    "layers' dtype policies, and hand in a fixed model: the same trained weights, the hidden layer still "
    "mixed, the probabilities computed in float32.",
    _fixed_mixed_model,
    hints=["Measure first: p = broken.predict(x_test[:500], verbose=0); print(p.dtype, "
           "abs(p.sum(axis=1) - 1).max()). Then print layer.name, layer.dtype_policy.name, "
           "layer.variable_dtype and layer.compute_dtype for every layer.",
           "Build the same layers again, passing dtype='mixed_bfloat16' to the Dense layers and "
           "dtype='float32' to the softmax Activation; then fixed.set_weights(broken.get_weights()) "
           "(the policy does not change the weights' shapes).",
           "A cast to float32 after the softmax is not enough: the softmax's own arithmetic must be "
           "float32."],
    solution="""broken = ex.mixed_model()
fixed = keras.Sequential([
    keras.Input((28, 28)),
    keras.layers.Flatten(),
    keras.layers.Dense(128, activation="relu", dtype="mixed_bfloat16"),
    keras.layers.Dense(10, dtype="mixed_bfloat16"),
    keras.layers.Activation("softmax", dtype="float32"),
])
fixed.set_weights(broken.get_weights())
ex.q2.check(fixed)""",
)


# ---- q3: a tf.data pipeline with cache and prefetch --------------------------------------------------

_decoded = [0]  # how many examples slow_decode has decoded (read by the check)


def slow_decode(image, label):
    """Decode one example the slow way (about a millisecond, like a read from disk): uint8 pixels to
    float32 in [0, 1]. Use it with ``dataset.map(ex.slow_decode)`` on single examples."""
    import tensorflow as tf

    def decode(pixels):
        _decoded[0] += 1
        time.sleep(0.001)
        return pixels.numpy().astype("float32") / 255

    decoded = tf.py_function(decode, [image], tf.float32)
    decoded.set_shape(image.shape)
    return decoded, label


def _epoch(dataset) -> tuple[list[np.ndarray], list[np.ndarray], int]:
    before = _decoded[0]
    images, labels = [], []
    for batch_images, batch_labels in dataset:
        images.append(np.asarray(batch_images))
        labels.append(np.asarray(batch_labels))
    return images, labels, _decoded[0] - before


def _step_name(dataset) -> str:
    return type(dataset).__name__.strip("_").replace("Dataset", "") or "Dataset"


def _pipeline_function(make_pipeline) -> str | None:
    import tensorflow as tf

    problem = need_function(make_pipeline, "make_pipeline(images, labels)")
    if problem:
        return problem
    count = 96
    labels = np.arange(count, dtype="int64")
    images = np.repeat(labels.astype("uint8")[:, None, None], 4, axis=1).repeat(4, axis=2) + 100
    dataset = make_pipeline(images, labels)
    if not isinstance(dataset, tf.data.Dataset):
        return f"make_pipeline returns a {type(dataset).__name__}, expected a tf.data.Dataset."
    epochs = [_epoch(dataset) for _ in range(2)]
    for number, (batches, batch_labels, _) in enumerate(epochs, start=1):
        sizes = [len(batch) for batch in batch_labels]
        if sizes[:-1] and set(sizes[:-1]) != {32}:
            return f"epoch {number} comes in batches of {sizes[:4]}..., the task asks for batches of 32."
        seen = np.concatenate(batch_labels)
        if sorted(seen.tolist()) != labels.tolist():
            return (f"epoch {number} of {count} examples serves {len(seen)} labels, not each example once: "
                    "no repeat(), take() or skip() in this pipeline.")
        pixels = np.concatenate(batches)
        if pixels.dtype != np.float32 or not np.allclose(pixels[:, 0, 0], (seen + 100) / 255):
            return ("the images do not come out as ex.slow_decode makes them (float32 in [0, 1], with their "
                    "own labels): map ex.slow_decode over (image, label) pairs, before batching.")
    first, second = (decoded for _, _, decoded in epochs)
    if first != count:
        return (f"the first epoch decoded {first} examples for {count} in the data: map ex.slow_decode once, "
                "over single examples.")
    if second:
        return (f"the second epoch decoded all {second} examples again: add .cache() right after "
                ".map(ex.slow_decode), so that the decoded examples are kept after the first epoch.")
    orders = [np.concatenate(batch_labels) for _, batch_labels, _ in epochs]
    if np.array_equal(orders[0], labels):
        return "the examples come in their original order: shuffle them (after the cache) before batching."
    if np.array_equal(orders[0], orders[1]):
        return ("both epochs serve the examples in the same order: a shuffle before .cache() is frozen "
                "into the cache. Shuffle after it, so that every epoch gets a new order.")
    last = _step_name(dataset)
    if last != "Prefetch":
        return (f"the last step of your pipeline is {last}: end it with .prefetch(tf.data.AUTOTUNE), so "
                "that the next batch is prepared while the model trains on this one.")
    return None


q3 = Problem(
    LESSON, "q3",
    "Write make_pipeline(images, labels) returning a tf.data.Dataset for training: every example decoded "
    "by ex.slow_decode, decoded only in the first epoch, shuffled in a new order every epoch, in batches "
    "of 32, the next batch prepared while the model trains.",
    _pipeline_function,
    hints=["Start from tf.data.Dataset.from_tensor_slices((images, labels)) and map ex.slow_decode over the "
           "single examples.",
           "The order matters: map (slow), then cache (keeps what the map made), then shuffle (after the "
           "cache, or the cache freezes one order), then batch, then prefetch last.",
           "... .map(ex.slow_decode).cache().shuffle(len(labels)).batch(32).prefetch(tf.data.AUTOTUNE)"],
    solution="""def make_pipeline(images, labels):
    dataset = tf.data.Dataset.from_tensor_slices((images, labels))
    return (dataset.map(ex.slow_decode).cache().shuffle(len(labels))
            .batch(32).prefetch(tf.data.AUTOTUNE))

ex.q3.check(make_pipeline)""",
)
