"""Exercises for lesson 11: start weights with an initializer, penalise them, constrain them."""

from __future__ import annotations

import math
from functools import cache

import numpy as np

from .checks import count_message, input_shape_message, layers_of, need_built, need_model
from .core import Problem

LESSON = "11_initializers_regularizers_constraints"
TITLE = "Initializers, regularizers and constraints"

HE_NORMAL = (2.0, "fan_in", "truncated_normal")  # scale, mode, distribution of keras.initializers.HeNormal
L2_FACTOR = 0.001
MAX_COLUMN_NORM = 1.0
TOLERANCE = 1e-4


@cache
def checker_digits() -> tuple[np.ndarray, np.ndarray]:
    """The digits the q3 checker trains its copy on (all 1797 of scikit-learn's 8x8 images)."""
    from sklearn.datasets import load_digits

    digits = load_digits()
    return (digits.data / 16.0).astype("float32"), digits.target


def _model_problem(model, wanted_input: tuple, wanted_units: list[int]) -> str | None:
    """What is wrong with the model's type, input shape, Dense layers and units, or None."""
    problem = need_model(model) or need_built(model)
    problem = problem or input_shape_message(model, wanted_input)
    if problem:
        return problem
    dense = layers_of(model, "Dense")
    problem = count_message(len(dense), len(wanted_units), "Dense layer")
    if problem:
        return problem
    units = [layer.units for layer in dense]
    if units != wanted_units:
        return f"your Dense layers have {units} units, the task asks for {wanted_units}."
    return None


def _initializer_words(initializer) -> str:
    """``GlorotUniform (scale 1.0, mode 'fan_avg', distribution 'uniform')`` or the class name."""
    import keras

    name = type(initializer).__name__
    if isinstance(initializer, keras.initializers.VarianceScaling):
        return (f"{name} (scale {initializer.scale}, mode {initializer.mode!r}, "
                f"distribution {initializer.distribution!r})")
    return name


def _he_normal_start(model) -> str | None:
    import keras

    problem = _model_problem(model, (256,), [128])
    if problem:
        return problem
    layer = layers_of(model, "Dense")[0]
    initializer = layer.kernel_initializer
    scheme = (getattr(initializer, "scale", None), getattr(initializer, "mode", None),
              getattr(initializer, "distribution", None))
    if not isinstance(initializer, keras.initializers.VarianceScaling) or scheme != HE_NORMAL:
        if scheme[:2] == HE_NORMAL[:2] and scheme[2] == "uniform":
            return ("your kernel starts with he_uniform: the same variance 2/fan_in, but drawn from a "
                    "uniform distribution; the task asks for he_normal.")
        return (f"your kernel starts with {_initializer_words(initializer)}; the task asks for he_normal, "
                "which is VarianceScaling with scale 2.0, mode 'fan_in', distribution 'truncated_normal'.")
    if not layer.use_bias:
        return "your layer has no biases (use_bias=False); the task wants biases that start at zero."
    bias = np.asarray(layer.bias.numpy())
    if np.any(bias != 0):
        start = (f"all start at {bias.min():.3g}" if bias.min() == bias.max()
                 else f"start between {bias.min():.3g} and {bias.max():.3g}")
        return f"your biases {start}, not at zero: use bias_initializer='zeros' (Dense's default)."
    kernel = np.asarray(layer.kernel.numpy(), dtype=float)
    expected_std = math.sqrt(HE_NORMAL[0] / kernel.shape[0])
    measured_std = float(kernel.std())
    if abs(measured_std / expected_std - 1) > 0.1 or abs(float(kernel.mean())) > 0.1 * expected_std:
        return (f"your kernel's values have mean {kernel.mean():.3g} and standard deviation "
                f"{measured_std:.3g}, but he_normal on {kernel.shape[0]} inputs draws them around 0 with "
                f"standard deviation sqrt(2/{kernel.shape[0]}) = {expected_std:.3g}: were the weights "
                "changed after the layer was built?")
    return None


def _l2_on_kernels(model) -> str | None:
    problem = _model_problem(model, (20,), [16, 1])
    if problem:
        return problem
    total = 0.0
    for layer in layers_of(model, "Dense"):
        if layer.bias_regularizer is not None:
            return (f"layer {layer.name!r} also penalises its biases (bias_regularizer); the task asks for a "
                    "penalty on the kernels only.")
        if layer.activity_regularizer is not None:
            return (f"layer {layer.name!r} also penalises its outputs (activity_regularizer); the task asks "
                    "for a penalty on the kernels only.")
        if layer.kernel_regularizer is None:
            return (f"layer {layer.name!r} has no kernel_regularizer: give it "
                    f"kernel_regularizer=keras.regularizers.l2({L2_FACTOR}).")
        kernel = np.asarray(layer.kernel.numpy(), dtype=float)
        expected = L2_FACTOR * float(np.sum(np.square(kernel)))
        penalty = float(np.asarray(layer.kernel_regularizer(layer.kernel)))
        if not math.isclose(penalty, expected, rel_tol=TOLERANCE):
            if math.isclose(penalty, L2_FACTOR * float(np.sum(np.abs(kernel))), rel_tol=TOLERANCE):
                return (f"layer {layer.name!r} adds {penalty:.5g}, an L1 penalty (factor times the sum of "
                        "|w|); the task asks for L2 (factor times the sum of w²): use keras.regularizers.l2.")
            factor = penalty / float(np.sum(np.square(kernel)))
            return (f"layer {layer.name!r} adds a penalty of {penalty:.5g}, but L2 with factor {L2_FACTOR} "
                    f"on its kernel is {L2_FACTOR} × sum(w²) = {expected:.5g}; your factor looks like "
                    f"{factor:.3g} (the string 'l2' means l2(0.01)).")
        total += expected
    losses = float(sum(float(np.asarray(loss)) for loss in model.losses))
    if not math.isclose(losses, total, rel_tol=TOLERANCE):
        return (f"model.losses adds up to {losses:.5g}, but the L2 penalties of your kernels, computed from "
                f"their weights, add up to {total:.5g}.")
    return None


def _trained_within_constraints(model) -> str | None:
    import keras

    problem = _model_problem(model, (64,), [32, 10])
    if problem:
        return problem
    hidden, output = layers_of(model, "Dense")
    if output.get_config()["activation"] != "softmax":
        return (f"the last layer uses {output.get_config()['activation']!r}; 10 class probabilities need "
                "'softmax'.")
    if hidden.kernel_constraint is None:
        return ("your hidden Dense layer has no kernel_constraint: keep each column's norm at most 1 with "
                "keras.constraints.max_norm(1.0).")
    if output.kernel_constraint is None:
        return ("your output Dense layer has no kernel_constraint: keep its weights non-negative with "
                "keras.constraints.non_neg().")
    copy = keras.models.clone_model(model)
    copy.compile(optimizer=keras.optimizers.Adam(learning_rate=0.05), loss="sparse_categorical_crossentropy")
    x, labels = checker_digits()
    copy.fit(x, labels, batch_size=64, epochs=2, verbose=0)
    hidden_copy, output_copy = layers_of(copy, "Dense")
    norms = np.linalg.norm(np.asarray(hidden_copy.kernel.numpy()), axis=0)
    if norms.max() > MAX_COLUMN_NORM + TOLERANCE:
        return (f"after the check trained a copy of your model for 2 epochs on the digits, a column of the "
                f"hidden kernel has norm {norms.max():.3f} > {MAX_COLUMN_NORM}: constrain the norm of each "
                "column (axis=0, a unit's incoming weights) to at most 1.")
    lowest = float(np.asarray(output_copy.kernel.numpy()).min())
    if lowest < 0:
        return (f"after the check trained a copy of your model for 2 epochs on the digits, the output kernel "
                f"has weights down to {lowest:.3f}: it must stay non-negative (keras.constraints.non_neg()).")
    return None


q1 = Problem(
    LESSON, "q1",
    "Build my_he_model: a Sequential model taking 256 inputs, with one Dense layer of 128 units whose kernel "
    "starts with the he_normal initializer and whose biases start at zero.",
    _he_normal_start,
    hints=["Initializers are arguments of the layer: kernel_initializer=... and bias_initializer=....",
           "kernel_initializer accepts the string 'he_normal' (or keras.initializers.HeNormal()); "
           "zeros are Dense's default for biases.",
           "keras.Sequential([keras.Input(shape=(256,)), "
           "keras.layers.Dense(128, kernel_initializer='he_normal')])"],
    solution="""my_he_model = keras.Sequential([
    keras.Input(shape=(256,)),
    keras.layers.Dense(128, kernel_initializer="he_normal", bias_initializer="zeros"),
])
kernel = my_he_model.layers[0].kernel.numpy()
print("std", kernel.std(), "theory", np.sqrt(2 / 256))
ex.q1.check(my_he_model)""",
)

q2 = Problem(
    LESSON, "q2",
    f"Build my_penalized: a Sequential model taking 20 inputs, with Dense(16, relu) and Dense(1), where the "
    f"kernel of both layers carries an L2 penalty of factor {L2_FACTOR} (and nothing else is penalised).",
    _l2_on_kernels,
    hints=["A penalty on a kernel is the layer argument kernel_regularizer=....",
           f"keras.regularizers.l2({L2_FACTOR}) adds {L2_FACTOR} × sum(w²) to the loss; the string 'l2' "
           "would use the default factor 0.01.",
           "Give both Dense layers kernel_regularizer=keras.regularizers.l2(0.001); then "
           "sum(model.losses) equals 0.001 × the sum of the squares of both kernels."],
    solution="""my_penalized = keras.Sequential([
    keras.Input(shape=(20,)),
    keras.layers.Dense(16, activation="relu", kernel_regularizer=keras.regularizers.l2(0.001)),
    keras.layers.Dense(1, kernel_regularizer=keras.regularizers.l2(0.001)),
])
by_hand = sum(0.001 * np.sum(layer.kernel.numpy() ** 2) for layer in my_penalized.layers)
print("model.losses:", sum(float(loss) for loss in my_penalized.losses), "by hand:", by_hand)
ex.q2.check(my_penalized)""",
)

q3 = Problem(
    LESSON, "q3",
    "Build my_constrained for the 64-pixel digits: Dense(32, relu) whose kernel columns keep a norm of at "
    "most 1, then Dense(10, softmax) whose kernel stays non-negative. The check trains a copy for 2 epochs "
    "on the digits and measures its weights.",
    _trained_within_constraints,
    hints=["Constraints are layer arguments too: kernel_constraint=....",
           "keras.constraints.max_norm(1.0) bounds the norm of each kernel column (axis=0); "
           "keras.constraints.non_neg() sets negative weights to zero.",
           "Remember that a constraint acts after each training step, not at initialization: the check "
           "trains a copy of your model, then looks."],
    solution="""my_constrained = keras.Sequential([
    keras.Input(shape=(64,)),
    keras.layers.Dense(32, activation="relu", kernel_constraint=keras.constraints.max_norm(1.0)),
    keras.layers.Dense(10, activation="softmax", kernel_constraint=keras.constraints.non_neg()),
])
ex.q3.check(my_constrained)""",
)
