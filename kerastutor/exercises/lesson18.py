"""Exercises for lesson 18, old tutorial code in Keras 3: the manual fixes ``kerastutor migrate`` marks."""

from __future__ import annotations

import numpy as np

from .._quiet import import_keras
from .checks import as_array, check_rng, need_built, need_function, need_model
from .core import Problem

keras = import_keras()

LESSON = "18_old_code_to_keras3"
TITLE = "Old tutorial code in Keras 3"


# ---- q1: predict_classes, the Keras 3 way --------------------------------------------------------------


def _classifier(outputs: int, activation: str, seed: int):
    """A small classifier with fixed random weights: ``outputs`` units and ``activation`` on top."""
    return keras.Sequential([
        keras.Input((6,)),
        keras.layers.Dense(8, activation="relu", kernel_initializer=keras.initializers.GlorotNormal(seed)),
        keras.layers.Dense(outputs, activation=activation,
                           kernel_initializer=keras.initializers.GlorotNormal(seed + 1),
                           bias_initializer=keras.initializers.Constant(0.0)),
    ], name=f"{activation}_classifier")


def _keras2_predict_classes(probabilities: np.ndarray) -> np.ndarray:
    """What Keras 2's Sequential.predict_classes returned for these predictions."""
    if probabilities.shape[-1] > 1:
        return probabilities.argmax(axis=-1)
    return (probabilities > 0.5).astype("int32")


def _predict_classes_function(predict_classes) -> str | None:
    problem = need_function(predict_classes, "predict_classes(model, x)", such_as=False)
    if problem:
        return problem
    x = check_rng(18).normal(size=(40, 6)).astype("float32")
    for model, kind in ((_classifier(4, "softmax", 18), "four softmax outputs"),
                        (_classifier(1, "sigmoid", 21), "one sigmoid output")):
        probabilities = model.predict(x, verbose=0)
        expected = _keras2_predict_classes(probabilities)
        got = as_array(predict_classes(model, x))
        if got.dtype.kind == "f" and got.size == probabilities.size and got.size != expected.size:
            return (f"for a model with {kind} your function returns the probabilities (shape {got.shape}): "
                    "predict_classes returned one class number per sample.")
        if got.size != expected.size:
            return (f"for 40 samples and a model with {kind} your function returns shape {got.shape}: "
                    "predict_classes returned one class number per sample (argmax over the last axis, "
                    "the classes, not the first, the samples).")
        if got.dtype.kind not in "iub" and not np.array_equal(got, np.round(got)):
            return (f"for a model with {kind} your function returns fractions such as {got.ravel()[0]:.3f}: "
                    "predict_classes returned whole class numbers.")
        wrong = int(np.sum(got.reshape(expected.shape) != expected))
        if wrong and kind == "one sigmoid output" and not got.any():
            return (f"for a model with one sigmoid output your function returns only 0s, where Keras 2's "
                    f"predict_classes gives 1 for {int(expected.sum())} of the 40 samples (those with a "
                    "probability above 0.5). The argmax of a single column is always 0.")
        if wrong:
            return (f"for a model with {kind} your function gives another class than Keras 2's "
                    f"predict_classes for {wrong} of the 40 samples.")
    return None


q1 = Problem(
    LESSON, "q1",
    "Write predict_classes(model, x), the Keras 3 replacement for Keras 2's model.predict_classes(x): the "
    "class number of every sample. It must work like Keras 2's for a model with several softmax outputs "
    "and for a binary classifier with one sigmoid output.",
    _predict_classes_function,
    hints=["Start from probabilities = model.predict(x, verbose=0): one row per sample, one column per "
           "output unit.",
           "Several columns: the class is the column with the largest probability, np.argmax(..., axis=-1). "
           "One column (a sigmoid): argmax would always be 0; the class is 1 where the probability is "
           "above 0.5.",
           "Keras 2 tested probabilities.shape[-1] > 1 and otherwise returned "
           "(probabilities > 0.5).astype('int32')."],
    solution="""def predict_classes(model, x):
    probabilities = model.predict(x, verbose=0)
    if probabilities.shape[-1] > 1:
        return np.argmax(probabilities, axis=-1)
    return (probabilities > 0.5).astype("int32")

ex.q1.check(predict_classes)""",
)


# ---- q2: K.function -> keras.Model ---------------------------------------------------------------------


def old_tutorial_model(seed: int = 18):
    """The lesson's convnet (untrained, weights drawn from ``seed``), built the Keras 3 way."""
    initializers = keras.initializers
    return keras.Sequential([
        keras.Input((28, 28, 1)),
        keras.layers.Conv2D(8, (3, 3), kernel_initializer=initializers.GlorotUniform(seed)),
        keras.layers.Activation("relu"),
        keras.layers.MaxPooling2D(pool_size=(2, 2)),
        keras.layers.Dropout(0.25),
        keras.layers.Flatten(),
        keras.layers.Dense(32, kernel_initializer=initializers.HeNormal(seed + 1)),
        keras.layers.Activation("relu"),
        keras.layers.Dropout(0.5),
        keras.layers.Dense(10, kernel_initializer=initializers.GlorotUniform(seed + 2)),
        keras.layers.Activation("softmax"),
    ])


OLD_FEATURES = """get_features = K.function([model.layers[0].input, K.learning_phase()],
                          [model.layers[6].output])
features = get_features([x, 0])[0]"""


def _layer_outputs(model, x: np.ndarray) -> list[np.ndarray]:
    """Every layer's output for ``x`` in test mode (dropout off), layer by layer."""
    outputs, value = [], x
    for layer in model.layers:
        value = layer(value, training=False)
        outputs.append(np.asarray(keras.ops.convert_to_numpy(value)))
    return outputs


def _feature_extractor_function(feature_extractor) -> str | None:
    problem = need_function(feature_extractor, "feature_extractor(model)", such_as=False)
    if problem:
        return problem
    x = check_rng(18).random((16, 28, 28, 1)).astype("float32")
    for seed in (18, 19):
        model = old_tutorial_model(seed)
        extractor = feature_extractor(model)
        if callable(extractor) and not isinstance(extractor, keras.Model):
            return (f"feature_extractor(model) returns a {type(extractor).__name__}, a plain function as "
                    "K.function made: in Keras 3 it is a keras.Model from the model's inputs to the "
                    "layer's output, used with .predict(x).")
        problem = need_model(extractor)
        if problem:
            return "feature_extractor(model) must return a model: " + problem
        try:
            got = np.asarray(extractor.predict(x, verbose=0))
        except Exception as error:  # noqa: BLE001  (the learner's model may fail in many ways)
            return (f"your model's predict on 16 digits of shape (28, 28, 1) raised {type(error).__name__}: "
                    f"{str(error).splitlines()[0][:160] if str(error) else ''}")
        layers = _layer_outputs(model, x)
        if got.shape == layers[6].shape and np.allclose(got, layers[6], atol=1e-5):
            continue
        same = [i for i, out in enumerate(layers)
                if out.shape == got.shape and np.allclose(got, out, atol=1e-5)]
        if same:
            given, wanted = (type(model.layers[i]).__name__ for i in (same[0], 6))
            return (f"your model gives what model.layers[{same[0]}] (the {given} layer) outputs; the old "
                    f"code read model.layers[6] (the {wanted} layer). Use "
                    "kt.inspect(model) to see the layers in order, counting from 0.")
        if got.shape != layers[6].shape:
            return (f"your model's output has shape {got.shape} for 16 digits; model.layers[6] outputs "
                    f"{layers[6].shape}.")
        return ("your model's output has the shape of model.layers[6]'s but other values: build it from the "
                "model you are given (its inputs and that layer's output), so it shares the trained weights.")
    return None


q2 = Problem(
    LESSON, "q2",
    "An old script reads features with K.function (ex.OLD_FEATURES prints it). Write "
    "feature_extractor(model) that returns the Keras 3 equivalent: a keras.Model whose predict(x) gives the "
    "same features as the old function did in test mode. The check calls it on ex.old_tutorial_model(), "
    "a convnet like the lesson's.",
    _feature_extractor_function,
    hints=["kt.inspect(ex.old_tutorial_model()) shows the layers in order; model.layers[6] is the same in "
           "Keras 3 as in Keras 2 (the Input is not in model.layers).",
           "K.learning_phase() = 0 meant test mode; a Keras 3 model's predict always runs in test mode, so "
           "there is no second input.",
           "keras.Model(model.layers[0].input, model.layers[6].output) is a model that shares the weights "
           "and stops at that layer."],
    solution="""def feature_extractor(model):
    return keras.Model(model.layers[0].input, model.layers[6].output)

ex.q2.check(feature_extractor)""",
)


# ---- q3: the decay= that Keras 3 ignores ---------------------------------------------------------------

OLD_OPTIMIZER = "Adam(lr=0.01, decay=1e-3)"
_STEPS = (0, 1, 100, 1_000, 10_000)


def _keras2_rate(step: int) -> float:
    """Keras 2's learning rate for Adam(lr=0.01, decay=1e-3) at ``step``."""
    return 0.01 / (1 + 1e-3 * step)


def _rates(optimizer) -> list[float]:
    """The optimizer's learning rate at each of ``_STEPS`` (on a copy: the answer is left as it was)."""
    copy = optimizer.__class__.from_config(optimizer.get_config())
    rates = []
    for step in _STEPS:
        copy.iterations.assign(step)
        rates.append(float(keras.ops.convert_to_tensor(copy.learning_rate)))
    return rates


def _decay_optimizer(optimizer) -> str | None:
    if not isinstance(optimizer, keras.optimizers.Optimizer):
        return (f"expected a Keras optimizer (such as keras.optimizers.Adam(...)), got "
                f"{type(optimizer).__name__}.")
    if not isinstance(optimizer, keras.optimizers.Adam):
        return f"the old script used Adam; you handed in {type(optimizer).__name__}."
    rates = _rates(optimizer)
    expected = [_keras2_rate(step) for step in _STEPS]
    if np.allclose(rates, expected, rtol=1e-4):
        return None
    if getattr(optimizer, "weight_decay", None) and np.allclose(rates, rates[0]):
        return ("weight_decay= is not Keras 2's decay=: it shrinks the weights at every step and leaves the "
                f"learning rate at {rates[0]:g}. decay= lowered the learning rate itself.")
    if np.allclose(rates, rates[0]):
        return (f"your learning rate stays {rates[0]:g} at every step; Keras 2's {OLD_OPTIMIZER} was down to "
                f"{expected[-1]:.6f} at step 10,000. Use a learning-rate schedule.")
    for step, rate, keras2 in zip(_STEPS, rates, expected):
        if not np.isclose(rate, keras2, rtol=1e-4):
            return (f"at step {step:,} your learning rate is {rate:.6f}, Keras 2's was {keras2:.6f} "
                    "(0.01 / (1 + 1e-3 * step)).")
    return None


q3 = Problem(
    LESSON, "q3",
    f"A migrated script still says {OLD_OPTIMIZER.replace('lr=', 'learning_rate=')}: Keras 3 ignores "
    "decay= with a warning and trains with a constant learning rate. Hand in the Keras 3 Adam whose "
    "learning rate, step by step, is the one Keras 2 used.",
    _decay_optimizer,
    hints=["Keras 2's decay= set the learning rate at step t to lr / (1 + decay * t). Find which schedule in "
           "keras.optimizers.schedules has that formula.",
           "keras.optimizers.schedules.InverseTimeDecay(initial_learning_rate, decay_steps, decay_rate) "
           "gives initial_learning_rate / (1 + decay_rate * step / decay_steps).",
           "weight_decay= is something else (it shrinks the weights); pass the schedule as learning_rate=."],
    solution="""schedule = keras.optimizers.schedules.InverseTimeDecay(
    initial_learning_rate=0.01, decay_steps=1, decay_rate=1e-3)
ex.q3.check(keras.optimizers.Adam(learning_rate=schedule))""",
)


# ---- q4: diagnose a hand migration: Convolution2D(32, 3, 3) became Conv2D(32, 3, 3) ----------------------

HAND_MIGRATED = """model = Sequential([
    Input(shape=(28, 28, 1)),
    Conv2D(32, 3, 3, activation='relu'),   # was: Convolution2D(32, 3, 3, activation='relu')
    Conv2D(64, 3, 3, activation='relu'),   # was: Convolution2D(64, 3, 3, activation='relu')
    MaxPooling2D(pool_size=(2, 2)),
    Flatten(),
    Dense(128, activation='relu'),
    Dense(10, activation='softmax'),
])"""


def _digit_convnet(strides: int) -> list:
    layers = keras.layers
    return [keras.Input((28, 28, 1)),
            layers.Conv2D(32, 3, strides, activation="relu"),
            layers.Conv2D(64, 3, strides, activation="relu"),
            layers.MaxPooling2D(pool_size=(2, 2)),
            layers.Flatten(),
            layers.Dense(128, activation="relu"),
            layers.Dense(10, activation="softmax")]


def hand_migrated_model():
    """The convnet of ``HAND_MIGRATED``: Keras 1's Convolution2D renamed by hand, its arguments kept."""
    return keras.Sequential(_digit_convnet(strides=3), name="hand_migrated")


def _keras1_meaning(model) -> str | None:
    problem = need_model(model) or need_built(model)
    if problem:
        return problem
    meant = keras.Sequential(_digit_convnet(strides=1))
    convolutions = [layer for layer in model.layers if isinstance(layer, keras.layers.Conv2D)]
    if len(convolutions) != 2:
        return (f"your model has {len(convolutions)} Conv2D layers; the Keras 1 model had two "
                "(32 and 64 filters).")
    for place, (layer, filters) in enumerate(zip(convolutions, (32, 64))):
        which = ("first", "second")[place]
        if layer.filters != filters:
            return (f"your {which} Conv2D layer has {layer.filters} filters; the Keras 1 code asked for "
                    f"{filters}.")
        if tuple(layer.strides) != (1, 1):
            return (f"your {which} Conv2D layer moves its window by {tuple(layer.strides)} pixels (strides): "
                    "kt.inspect shows how that shrinks the images. In Keras 1, Convolution2D(32, 3, 3) "
                    "meant 32 filters of 3x3, moved by 1 pixel; in Keras 3 a third positional argument is "
                    "the strides.")
        if tuple(layer.kernel_size) != (3, 3):
            return (f"your {which} Conv2D layer has a {tuple(layer.kernel_size)} kernel; "
                    "Convolution2D(32, 3, 3) meant a 3x3 kernel: Conv2D(32, (3, 3)).")
    got = [(type(layer).__name__, tuple(layer.output.shape)) for layer in model.layers]
    wanted = [(type(layer).__name__, tuple(layer.output.shape)) for layer in meant.layers]
    if got != wanted:
        return (f"your layers and their output shapes are {got}; the Keras 1 model's are {wanted}. Keep the "
                "other layers as they were.")
    return None


q4 = Problem(
    LESSON, "q4",
    "Someone migrated a Keras 1 convnet by hand, renaming Convolution2D to Conv2D and keeping the arguments "
    "(print(ex.HAND_MIGRATED)). ex.hand_migrated_model() builds it: it runs and trains, but worse than the "
    "old tutorial did. Inspect it, find what the hand migration changed, and hand in the model the Keras 1 "
    "code meant (untrained is fine).",
    _keras1_meaning,
    hints=["kt.inspect(ex.hand_migrated_model()) lists every layer with its output shape: follow the images' "
           "height and width from 28x28 through the two convolutions.",
           "A 3x3 kernel moved by 1 pixel takes 28x28 to 26x26. Which Conv2D argument moves the window "
           "further, and where did the second 3 of Conv2D(32, 3, 3) go?",
           "Keras 1's Convolution2D(nb_filter, nb_row, nb_col) is Keras 3's "
           "Conv2D(filters, (nb_row, nb_col)); Keras 3's Conv2D(filters, kernel_size, strides) reads a "
           "third positional argument as strides."],
    solution="""from keras.layers import Conv2D, Dense, Flatten, Input, MaxPooling2D

fixed = keras.Sequential([
    Input(shape=(28, 28, 1)),
    Conv2D(32, (3, 3), activation='relu'),
    Conv2D(64, (3, 3), activation='relu'),
    MaxPooling2D(pool_size=(2, 2)),
    Flatten(),
    Dense(128, activation='relu'),
    Dense(10, activation='softmax'),
])
ex.q4.check(fixed)""",
)
