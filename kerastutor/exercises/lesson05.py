"""Exercises for lesson 05, writing your own layers and models: a Maxout layer, a hand-written dropout,
a subclassed residual model for MNIST, and a layer whose kernel never trains (found with the inspector)."""

from __future__ import annotations

import warnings

import numpy as np

from .._quiet import import_keras
from .checks import (
    MNIST_SHAPES,
    accuracy_message,
    as_array,
    call_answer,
    check_rng,
    classification_accuracy,
    held_out_mnist,
    need_model,
    need_subclass,
    relu,
    softmax,
)
from .core import Problem

keras = import_keras()

LESSON = "05_custom_layers"
TITLE = "Writing your own layers and models"


def _need_layer_class(answer, name: str) -> str | None:
    """A sentence when ``answer`` is not a subclass of keras.layers.Layer, else None."""
    return need_subclass(answer, name, "keras.layers.Layer",
                         f"pass the class itself ({name}), not a layer made from it ({name}(...)).")


def _make(cls, **arguments):
    """``cls(**arguments)``, or a sentence saying why that failed."""
    call = f"{cls.__name__}({', '.join(f'{k}={v!r}' for k, v in arguments.items())})"
    return call_answer(cls, call, **arguments)


def _maxout_reference(x: np.ndarray, kernel: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """Maxout computed with numpy: the largest of ``pieces`` linear functions, for each unit."""
    return np.max(np.einsum("bf,fup->bup", x, kernel) + bias, axis=-1)


def _maxout_instance(cls, units: int, pieces: int, features: int) -> str | None:
    """Build one Maxout on the checker's shape and compare its output with numpy."""
    layer, problem = _make(cls, units=units, pieces=pieces)
    if problem:
        return problem + "; the constructor takes units and pieces."
    if layer.weights:
        return ("your layer has weights before it has seen any input: create them in build(input_shape), "
                "where the number of features is known, not in __init__.")
    if type(layer).compute_output_shape is keras.layers.Layer.compute_output_shape:
        return "your class has no compute_output_shape(input_shape) method: write one."
    shape = tuple(layer.compute_output_shape((None, features)))
    if shape != (None, units):
        return (f"compute_output_shape((None, {features})) returned {shape} for units={units}, "
                f"the output shape is (None, {units}).")
    layer.build((None, features))
    shapes = sorted(tuple(w.shape) for w in layer.weights)
    wanted = sorted([(features, units, pieces), (units, pieces)])
    if shapes != wanted:
        return (f"after build((None, {features})) your layer has weights of shapes {shapes}; with "
                f"units={units} and pieces={pieces} the task asks for a kernel {(features, units, pieces)} "
                f"and a bias {(units, pieces)}.")
    rng = check_rng(units * 10 + pieces)
    values = {}
    for weight in layer.weights:
        values[len(weight.shape)] = rng.normal(size=tuple(weight.shape)).astype("float32")
        weight.assign(values[len(weight.shape)])
    x = rng.normal(size=(7, features)).astype("float32")
    found = as_array(layer(x))
    expected = _maxout_reference(x, values[3], values[2])
    if found.shape != expected.shape:
        return f"on a batch of shape {x.shape} your layer returned shape {found.shape}, not {expected.shape}."
    if not np.allclose(found, expected, atol=1e-4):
        return ("on the checker's input your layer's output is not the maximum over the pieces of "
                "x · kernel + bias (axis -1 of a (batch, units, pieces) tensor).")
    try:
        clone = type(layer).from_config(layer.get_config())
    except Exception as error:  # noqa: BLE001  (the learner's get_config: report, never crash)
        return (f"{cls.__name__}.from_config(layer.get_config()) raised {type(error).__name__}: {error}; "
                "get_config must return every argument of __init__ (units and pieces).")
    clone_shape = tuple(clone.compute_output_shape((None, features)))
    clone.build((None, features))
    clone_shapes = sorted(tuple(w.shape) for w in clone.weights)
    if clone_shape != (None, units) or clone_shapes != wanted:
        return (f"a layer rebuilt with from_config(get_config()) has other settings (weights {clone_shapes} "
                f"instead of {wanted}): get_config must return units and pieces.")
    symbolic = cls(units=units, pieces=pieces)(keras.Input(shape=(features,)))
    if tuple(symbolic.shape) != (None, units):
        return f"in a functional model your layer gives shape {tuple(symbolic.shape)}, not (None, {units})."
    return None


def _maxout(cls) -> str | None:
    problem = _need_layer_class(cls, "Maxout")
    if problem:
        return problem
    for units, pieces, features in ((3, 4, 5), (2, 3, 6)):
        problem = _maxout_instance(cls, units, pieces, features)
        if problem:
            return problem
    return None


def _dropout_instance(cls, rate: float) -> str | None:
    layer, problem = _make(cls, rate=rate)
    if problem:
        return problem + "; the constructor takes the rate."
    rng = check_rng(int(rate * 100))
    x = rng.normal(size=(16, 50)).astype("float32")
    if not np.allclose(as_array(layer(x)), x):
        return (f"at inference (training=False, as in predict) {cls.__name__}({rate}) changed its input; "
                "it must pass it through unchanged.")
    ones = np.ones((40, 500), dtype="float32")
    first = as_array(layer(ones, training=True))
    if np.allclose(first, ones):
        return (f"with training=True {cls.__name__}({rate}) dropped nothing: call needs a training argument, "
                "and must drop units when it is True.")
    dropped = float(np.mean(first == 0))
    if abs(dropped - rate) > 0.03:
        return (f"with training=True {cls.__name__}({rate}) dropped {dropped:.0%} of the units, "
                f"not {rate:.0%}.")
    kept = np.unique(np.round(first[first != 0], 4))
    scale = round(1 / (1 - rate), 4)
    if len(kept) != 1 or not np.isclose(kept[0], scale, atol=1e-3):
        return (f"the units {cls.__name__}({rate}) keeps should be scaled by 1 / (1 − rate) = {scale:g}, "
                f"so the expected sum stays the same; yours became {kept[:3].tolist()}.")
    second = as_array(layer(ones, training=True))
    if np.array_equal(first, second):
        return ("your layer drops the same units at every call: draw the random numbers with a "
                "keras.random.SeedGenerator made in __init__, not a fixed integer seed.")
    inputs = keras.Input(shape=(50,))
    model = keras.Model(inputs, layer(inputs))
    predicting, fitting = as_array(model(x, training=False)), as_array(model(x, training=True))
    if not np.allclose(predicting, x) or np.allclose(fitting, x):
        return "inside a model your layer does not follow the training flag that fit and predict pass."
    return None


def _dropout(cls) -> str | None:
    problem = _need_layer_class(cls, "MyDropout")
    if problem:
        return problem
    for rate in (0.25, 0.6):
        problem = _dropout_instance(cls, rate)
        if problem:
            return problem
    return None


def _mnist_input(model, images: np.ndarray) -> np.ndarray | None:
    """``images`` (n, 28, 28) in the first shape a subclassed model accepts (it has no declared input)."""
    for shape in MNIST_SHAPES:
        try:
            with warnings.catch_warnings():  # Keras warns about a build that failed on the wrong shape
                warnings.simplefilter("ignore")
                output = as_array(model(images[:2].reshape(2, *shape), training=False))
        except Exception:  # noqa: BLE001, S112  (the learner's call() refuses this shape: try the next)
            continue
        if tuple(output.shape) == (2, 10):
            return images.reshape(len(images), *shape)
    return None


def _residual_model(model) -> str | None:
    problem = need_model(model)
    if problem:
        return problem
    if isinstance(model, keras.Sequential) or type(model).__name__ == "Functional":
        return (f"that is a {type(model).__name__} model; the task asks for a subclass of keras.Model "
                "with the forward pass in its own call().")
    if not model.weights:
        return "your model has no weights yet: it builds them the first time it sees data, so train it."
    dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense) and layer.built]
    kernels = {tuple(layer.kernel.shape): layer for layer in dense}
    wanted = [(784, 32), (32, 32), (32, 10)]
    if len(dense) != 3 or sorted(kernels) != sorted(wanted):
        return (f"your model's Dense layers have kernels of shapes {[tuple(d.kernel.shape) for d in dense]}, "
                "the task asks for three: (784, 32), (32, 32) and (32, 10).")
    (w1, b1), (w2, b2), (w3, b3) = (kernels[shape].get_weights() for shape in wanted)
    images, labels = held_out_mnist()
    x = _mnist_input(model, images)
    if x is None:
        return ("your model cannot be called on MNIST images (28, 28), nor on flat rows of 784 pixels: "
                "flatten the image in call, with a Flatten layer made in __init__.")
    found = as_array(model(x[:40], training=False))
    flat = images[:40].reshape(40, 784)
    h = relu(flat @ w1 + b1)
    if not np.allclose(found, softmax((h + relu(h @ w2 + b2)) @ w3 + b3), atol=1e-4):
        if np.allclose(found, softmax(relu(h @ w2 + b2) @ w3 + b3), atol=1e-4):
            return ("your model has no skip connection: the classifier must read h + second(h), "
                    "not second(h) alone.")
        return ("on the checker's digits your model does not compute "
                "softmax(W3 · (h + relu(W2 · h + b2)) + b3) with h = relu(W1 · x + b1).")
    accuracy = classification_accuracy(model, x, labels)
    return accuracy_message(accuracy, 0.90, f"the {len(x):,} held-out MNIST digits")


def _trainable_kernel(cls) -> str | None:
    """The fixed Hidden(units): a trainable kernel and bias made with add_weight, relu(x · W + b)."""
    problem = _need_layer_class(cls, "Hidden")
    if problem:
        return problem
    layer, problem = _make(cls, units=6)
    if problem:
        return problem + "; keep the constructor Hidden(units)."
    layer.build((None, 5))
    kernel = getattr(layer, "kernel", None)
    if kernel is not None and not isinstance(kernel, keras.Variable):
        return (f"layer.kernel is a {type(kernel).__name__}, a constant and not a weight: it is missing from "
                "layer.trainable_weights (the inspector lists only the bias), so fit never changes it. "
                "Create it with self.add_weight(shape=..., initializer=..., name='kernel') in build.")
    shapes = sorted(tuple(w.shape) for w in layer.trainable_weights)
    if shapes != [(5, 6), (6,)]:
        frozen = [tuple(w.shape) for w in layer.non_trainable_weights]
        if (5, 6) in frozen:
            return ("your kernel is a weight, but made with trainable=False: fit leaves it at its random "
                    "start. Drop trainable=False.")
        return (f"after build((None, 5)) the weights fit trains have shapes {shapes}, not a kernel (5, 6) "
                "and a bias (6,).")
    rng = check_rng(4)
    values = {len(w.shape): rng.normal(size=tuple(w.shape)).astype("float32") for w in layer.weights}
    for weight in layer.weights:
        weight.assign(values[len(weight.shape)])
    x = rng.normal(size=(8, 5)).astype("float32")
    if not np.allclose(as_array(layer(x)), relu(x @ values[2] + values[1]), atol=1e-4):
        return "your layer's output is not relu(x · kernel + bias), what the original Hidden computed."
    inputs = keras.Input(shape=(5,))
    model = keras.Model(inputs, keras.layers.Dense(1)(layer(inputs)))
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
    model.train_on_batch(x, np.ones((8, 1), dtype="float32"))
    trained = next(w for w in layer.trainable_weights if len(w.shape) == 2)
    if np.allclose(as_array(trained), values[2]):
        return "after a training step your layer's kernel has not changed: fit does not train it."
    return None


q1 = Problem(
    LESSON, "q1",
    "Write a layer class Maxout(units, pieces), the layer Keras 2 dropped: build creates a kernel of shape "
    "(features, units, pieces) and a bias (units, pieces); call returns, for each unit, the largest of its "
    "pieces of x · kernel + bias, shape (batch, units); add compute_output_shape and get_config. "
    "Check the class itself.",
    _maxout,
    hints=["Start from the lesson's Linear class: the same __init__, build, call, compute_output_shape and "
           "get_config, with a pieces argument next to units.",
           "In build: self.add_weight(shape=(input_shape[-1], self.units, self.pieces), ...) and a bias of "
           "shape (self.units, self.pieces).",
           "In call: ops.tensordot(x, self.kernel, axes=1) + self.bias has shape (batch, units, pieces); "
           "ops.max(..., axis=-1) keeps the largest piece."],
    solution="""class Maxout(keras.layers.Layer):
    def __init__(self, units, pieces, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.pieces = pieces

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units, self.pieces),
                                      initializer="glorot_uniform", name="kernel")
        self.bias = self.add_weight(shape=(self.units, self.pieces), initializer="zeros", name="bias")

    def call(self, x):
        pieces = ops.tensordot(x, self.kernel, axes=1) + self.bias    # (batch, units, pieces)
        return ops.max(pieces, axis=-1)

    def compute_output_shape(self, input_shape):
        return (*input_shape[:-1], self.units)

    def get_config(self):
        return {**super().get_config(), "units": self.units, "pieces": self.pieces}

ex.q1.check(Maxout)""",
)

q2 = Problem(
    LESSON, "q2",
    "Write Dropout yourself: a layer class MyDropout(rate) whose call(x, training=False) returns x unchanged "
    "at inference, and with training=True sets a random fraction `rate` of the values to 0 and multiplies "
    "the others by 1 / (1 − rate), with new random choices at every call. Check the class itself.",
    _dropout,
    hints=["Copy the lesson's InputNoise: a keras.random.SeedGenerator in __init__, and "
           "`if not training: return x` first in call.",
           "keras.random.uniform(ops.shape(x), seed=self.seed_generator) gives numbers in [0, 1): keep the "
           "values where they are >= rate.",
           "ops.where(keep, x / (1 - self.rate), 0.0) drops and rescales in one step."],
    solution="""class MyDropout(keras.layers.Layer):
    def __init__(self, rate, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.rate = rate
        self.seed = seed
        self.seed_generator = keras.random.SeedGenerator(seed)

    def call(self, x, training=False):
        if not training:
            return x
        keep = keras.random.uniform(ops.shape(x), seed=self.seed_generator) >= self.rate
        return ops.where(keep, x / (1 - self.rate), 0.0)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "rate": self.rate, "seed": self.seed}

ex.q2.check(MyDropout)""",
)

q3 = Problem(
    LESSON, "q3",
    "Subclass keras.Model as a residual network for the MNIST digits: __init__ creates Flatten(), "
    "Dense(32, relu), Dense(32, relu) and Dense(10, softmax); call flattens the image, computes "
    "h = first(x), then h + second(h) (a skip connection), then the classifier. Train it on x_train, "
    "y_train until it gets at least 90% of the check's 2,000 held-out MNIST digits right.",
    _residual_model,
    hints=["Follow DigitsNet: the layers are attributes set in __init__, the forward pass is call(self, x).",
           "In call: h = self.first(self.flatten(x)); h = h + self.second(h); return self.classifier(h).",
           "Compile with Adam(learning_rate=0.005) and sparse_categorical_crossentropy, then fit for about "
           "10 epochs with batch_size=64 and verbose=0."],
    solution="""class ResidualNet(keras.Model):
    def __init__(self, hidden=32, **kwargs):
        super().__init__(**kwargs)
        self.flatten = keras.layers.Flatten()
        self.first = keras.layers.Dense(hidden, activation="relu")
        self.second = keras.layers.Dense(hidden, activation="relu")
        self.classifier = keras.layers.Dense(10, activation="softmax")

    def call(self, x):
        h = self.first(self.flatten(x))
        h = h + self.second(h)          # the skip connection
        return self.classifier(h)

residual = ResidualNet()
residual.compile(optimizer=keras.optimizers.Adam(learning_rate=0.005),
                 loss="sparse_categorical_crossentropy", metrics=["accuracy"])
residual.fit(x_train, y_train, batch_size=64, epochs=10, verbose=0)
ex.q3.check(residual)""",
)

q4 = Problem(
    LESSON, "q4",
    "A model built with the layer Hidden(units) learns far worse than one built with Dense: look at its "
    "weights with kt.inspect(model).weights('hidden'), find what is wrong, fix the class (keep "
    "Hidden(units), computing relu(x · kernel + bias)) and check the fixed class itself.",
    _trainable_kernel,
    hints=["kt.inspect(model).weights('hidden') lists the weights fit trains. Is the kernel among them? "
           "Compare with the weights of a keras.layers.Dense(32).",
           "A tensor stored on the layer (ops.convert_to_tensor(...)) is a constant: Keras trains only the "
           "variables made with self.add_weight, which is why the bias trains and the kernel does not.",
           "In build: self.kernel = self.add_weight(shape=(input_shape[-1], self.units), "
           "initializer=keras.initializers.RandomNormal(stddev=0.05), name='kernel')."],
    solution="""class Hidden(keras.layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units),
                                      initializer=keras.initializers.RandomNormal(stddev=0.05),
                                      name="kernel")          # a weight fit trains, not a constant tensor
        self.bias = self.add_weight(shape=(self.units,), initializer="zeros", name="bias")

    def call(self, x):
        return ops.relu(ops.matmul(x, self.kernel) + self.bias)

model = keras.Sequential([keras.Input((28, 28)), keras.layers.Flatten(),
                          Hidden(32, name="hidden"), keras.layers.Dense(10, activation="softmax")])
kt.inspect(model).weights("hidden")      # now lists hidden/kernel and hidden/bias
ex.q4.check(Hidden)""",
)
