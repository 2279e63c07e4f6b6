"""Exercises for lesson 11: pick the initializer that keeps a deep relu stack's signal alive, pick the
penalty that makes a linear model sparse, write a constraint, find (with kt.activations) the layer that
stops a network from learning, and find (with kt.LayerStats) the layer below which no gradient flows."""

from __future__ import annotations

import numpy as np

from .._quiet import import_keras
from .checks import (
    accuracy_message,
    as_array,
    cached_per_draw,
    check_rng,
    classification_accuracy,
    count_message,
    dead_layers,
    held_out_digits,
    held_out_mnist,
    input_shape_message,
    layers_of,
    mnist_accuracy_message,
    mnist_shape_message,
    need_built,
    need_model,
    need_subclass,
    shaped_for,
)
from .core import Problem

keras = import_keras()

LESSON = "11_initializers_regularizers_constraints"
TITLE = "Initializers, regularizers and constraints"

DEPTH, WIDTH = 8, 256
TRUE_WEIGHTS = np.array([2.0, -1.5, 1.0, -0.8, 0.5] + [0.0] * 95)  # the lesson's sparse regression law
USELESS_BELOW, USELESS_NEEDED, ERROR_BELOW = 0.05, 85, 1.0
CLIP = 0.05
STUCK_UNITS = [32, 32, 32, 10]
DEEP_UNITS = [64] * 8 + [10]
GRADIENT_SAMPLES = 256  # held-out MNIST digits the q5 check measures gradient norms on
VANISHING = 1e-2  # the first layer's gradient norm below this share of the output layer's (as LayerStats)
DEEP_ACCURACY = 0.80


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


def _spreads(model, x: np.ndarray) -> list[float]:
    """The root mean square of each Dense layer's outputs on ``x``, measured with kt.activations."""
    from ..inspector.activations import activations

    names = [layer.name for layer in layers_of(model, "Dense")]
    outputs = activations(model, x, names)
    return [float(np.sqrt(np.mean(np.square(outputs[name])))) for name in names]


def _signal_kept(model) -> str | None:
    problem = _model_problem(model, (WIDTH,), [WIDTH] * DEPTH)
    if problem:
        return problem
    for layer in layers_of(model, "Dense"):
        if layer.get_config()["activation"] != "relu":
            return (f"layer {layer.name!r} uses {layer.get_config()['activation']!r}; the task keeps relu in "
                    "every layer (choose the initializer, not the activation).")
        kernel = np.asarray(layer.kernel.numpy())
        if np.allclose(kernel, kernel.flat[0]):
            return (f"layer {layer.name!r} starts with every kernel weight equal: its units compute the same "
                    "thing and stay copies of each other. Choose a random initializer.")
    x = check_rng(11).normal(size=(512, WIDTH)).astype("float32")
    spreads = _spreads(model, x)
    ratio = spreads[-1] / spreads[0]
    if 0.5 <= ratio <= 2.0:
        return None
    trend = "shrinks" if ratio < 0.5 else "grows"
    return (f"on the check's inputs the outputs' spread (root mean square) {trend} from {spreads[0]:.3g} in "
            f"the first layer to {spreads[-1]:.3g} in the last, a factor {ratio:.3g}; it must stay between "
            "0.5 and 2. A relu sets about half its inputs to zero: the kernel's variance must make up for it "
            "(scale / fan_in with which scale?).")


@cached_per_draw
def _new_samples() -> tuple[np.ndarray, np.ndarray]:
    """1,000 samples drawn from the lesson's sparse law (5 features matter, noise 0.5), for q2."""
    rng = check_rng(2024)
    x = rng.normal(size=(1000, len(TRUE_WEIGHTS)))
    return x, x @ TRUE_WEIGHTS + rng.normal(scale=0.5, size=1000)


def _sparse_model(model) -> str | None:
    problem = _model_problem(model, (len(TRUE_WEIGHTS),), [1])
    if problem:
        return problem
    layer = layers_of(model, "Dense")[0]
    if layer.kernel_regularizer is None:
        return ("your Dense layer has no kernel_regularizer: without a penalty nothing pushes the useless "
                "weights to zero.")
    weights = np.asarray(layer.kernel.numpy(), dtype=float)[:, 0]
    bias = float(np.asarray(layer.bias.numpy())[0]) if layer.use_bias else 0.0
    x, y = _new_samples()
    error = float(np.mean((x @ weights + bias - y) ** 2))
    small = int(np.sum(np.abs(weights[5:]) < USELESS_BELOW))
    if small < USELESS_NEEDED:
        return (f"{small} of your 95 useless weights are below {USELESS_BELOW} in absolute value, "
                f"{USELESS_NEEDED} needed. Which penalty pulls small weights all the way to zero, and is "
                "yours strong enough? (Did you train the model?)")
    if error >= ERROR_BELOW:
        return (f"on 1,000 new samples your model's mean squared error is {error:.3g}, {ERROR_BELOW} needed: "
                "the penalty is so strong that it also shrinks the five weights that matter.")
    return None


def _clip_constraint(cls) -> str | None:
    problem = need_subclass(cls, "ClipWeights", "keras.constraints.Constraint",
                            "pass the class itself (ClipWeights), not a constraint made from it "
                            "(ClipWeights(...)).")
    if problem:
        return problem
    try:
        constraint = cls(CLIP)
    except Exception as error:  # noqa: BLE001  (the learner's constructor: report, never crash)
        return f"ClipWeights({CLIP}) raised {type(error).__name__}: {error}; the constructor takes the limit."
    w = check_rng(3).normal(scale=0.1, size=(6, 4)).astype("float32")
    projected = as_array(constraint(keras.ops.convert_to_tensor(w)))
    wanted = np.clip(w, -CLIP, CLIP)
    if projected.shape != w.shape:
        return f"ClipWeights({CLIP}) turned a weight of shape {w.shape} into shape {projected.shape}."
    if not np.allclose(projected, wanted, atol=1e-6):
        if np.allclose(projected, np.clip(w, 0, CLIP), atol=1e-6):
            return (f"your constraint also sets negative weights to 0: clip into [-{CLIP}, {CLIP}], "
                    "not [0, limit].")
        return (f"ClipWeights({CLIP}) does not return the weights clipped into [-{CLIP}, {CLIP}]: each "
                "weight above the limit becomes the limit, each below -limit becomes -limit, the rest stay.")
    try:
        rebuilt = cls.from_config(constraint.get_config())
        again = keras.ops.convert_to_numpy(rebuilt(keras.ops.convert_to_tensor(w)))
    except Exception as error:  # noqa: BLE001  (the learner's get_config: report, never crash)
        return (f"ClipWeights.from_config(constraint.get_config()) raised {type(error).__name__}: {error}; "
                "get_config must return the constructor's argument, so that a saved model can rebuild it.")
    if not np.allclose(again, wanted, atol=1e-6):
        return "a constraint rebuilt with from_config(get_config()) clips at another limit: return the limit."
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(6, kernel_constraint=cls(CLIP))])
    model.compile(optimizer=keras.optimizers.SGD(1.0), loss="mse")
    model.train_on_batch(w, np.full((6, 6), 10.0, dtype="float32"))
    largest = float(np.abs(model.layers[0].kernel.numpy()).max())
    if largest > CLIP + 1e-6:
        return (f"after a training step a Dense kernel with your constraint has a weight of size "
                f"{largest:.3g}, above {CLIP}.")
    return None


def stuck_model():
    """The 64-pixel digit classifier of exercise 4, compiled: it trains without learning (find out why)."""
    keras.utils.set_random_seed(4)
    model = keras.Sequential([
        keras.Input(shape=(64,)),
        keras.layers.Dense(32, activation="relu", name="hidden_1"),
        keras.layers.Dense(32, activation="relu", name="hidden_2",
                           kernel_initializer=keras.initializers.RandomUniform(-0.3, -0.01)),
        keras.layers.Dense(32, activation="relu", name="hidden_3"),
        keras.layers.Dense(10, activation="softmax", name="digit"),
    ], name="stuck")
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model


def _alive_and_learning(model) -> str | None:
    problem = _model_problem(model, (64,), STUCK_UNITS)
    if problem:
        return problem
    x, labels = held_out_digits()
    dead = dead_layers(model, x)
    if dead:
        return (f"layer {dead[0]!r} outputs 0 for every one of the {len(x)} held-out digits: its relu "
                "never opens, so no gradient reaches its weights or those before it. Look at its "
                "kernel (kt.inspect(model).weights(...)), give it a start that can be "
                "positive, and train again.")
    return accuracy_message(classification_accuracy(model, x, labels), 0.90, f"the {len(x)} held-out digits")


def deep_stuck_model():
    """The MNIST classifier of exercise 5, compiled: 8 hidden Dense(64) layers that train without learning."""
    keras.utils.set_random_seed(11)
    hidden = [keras.layers.Dense(64, activation="relu", kernel_initializer="he_normal", name=f"hidden_{i}")
              for i in range(1, 4)]
    hidden.append(keras.layers.Dense(64, activation="sigmoid", name="hidden_4",
                                     bias_initializer=keras.initializers.Constant(20.0)))
    hidden += [keras.layers.Dense(64, activation="relu", kernel_initializer="he_normal", name=f"hidden_{i}")
               for i in range(5, 9)]
    model = keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Flatten(), *hidden,
                              keras.layers.Dense(10, activation="softmax", name="digit")], name="deep_stuck")
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model


def gradient_norms(model, x: np.ndarray, labels: np.ndarray) -> list[float]:
    """The norm of the cross-entropy's gradient with respect to each Dense layer's weights (kernel and bias
    together) on one batch, in inference mode: what kt.LayerStats records as ``gradient_norm``."""
    import tensorflow as tf

    dense = layers_of(model, "Dense")
    weights = [layer.trainable_weights for layer in dense]
    with tf.GradientTape() as tape:
        loss = keras.losses.SparseCategoricalCrossentropy()(labels, model(x, training=False))
    gradients = iter(tape.gradient(loss, [w for layer in weights for w in layer]))
    norms = []
    for layer in weights:
        found = [next(gradients) for _ in layer]
        norms.append(float(np.sqrt(sum(float(tf.reduce_sum(tf.square(g))) for g in found if g is not None))))
    return norms


def _gradients_reach_the_input(model) -> str | None:
    problem = need_model(model) or need_built(model) or mnist_shape_message(model)
    problem = problem or _model_problem(model, tuple(model.inputs[0].shape[1:]), DEEP_UNITS)
    if problem:
        return problem
    x = shaped_for(model, held_out_mnist()[0][:GRADIENT_SAMPLES])
    names = [layer.name for layer in layers_of(model, "Dense")]
    norms = gradient_norms(model, x, held_out_mnist()[1][:GRADIENT_SAMPLES])
    share = norms[0] / norms[-1] if norms[-1] > 0 else 1.0  # no gradient at all: the accuracy decides
    if share < VANISHING:
        faint = [name for name, norm in zip(names, norms) if norm < VANISHING * norms[-1]]
        return (f"on {GRADIENT_SAMPLES} held-out digits the gradient norm of {names[0]!r} is {share:.1e} "
                f"times that of {names[-1]!r} (at least {VANISHING:g} needed): {', '.join(faint)} barely "
                "learn or not at all. Gradients stop at the faint layer nearest the output: look at what it "
                "outputs (LayerStats' activation std) and at its weights, give it a fair start, train again.")
    return mnist_accuracy_message(model, DEEP_ACCURACY)


q1 = Problem(
    LESSON, "q1",
    f"Build my_deep: a Sequential model taking {WIDTH} inputs with {DEPTH} Dense({WIDTH}, relu) layers, "
    "whose kernel initializer you choose so that the spread (root mean square) of the last layer's outputs "
    "stays within a factor of 2 of the first layer's, on random inputs. With RandomNormal(stddev=0.01) it "
    "falls to almost nothing.",
    _signal_kept,
    hints=["Measure first: outputs = kt.activations(model, x) on x = np.random.default_rng(0).normal(size="
           "(512, 256)), then np.sqrt(np.mean(outputs[name] ** 2)) for each Dense layer.",
           "Each layer multiplies the spread by about sqrt(fan_in × variance of the weights / 2): the / 2 is "
           "the relu, which zeroes half of the values. Which variance makes that factor 1?",
           "Variance 2 / fan_in: that is he_normal (or he_uniform). glorot_uniform, Dense's default, gives "
           "1 / fan_in here and loses a factor √2 at every layer."],
    solution="""my_deep = keras.Sequential(
    [keras.Input(shape=(256,))]
    + [keras.layers.Dense(256, activation="relu", kernel_initializer="he_normal") for _ in range(8)])
outputs = kt.activations(my_deep, np.random.default_rng(0).normal(size=(512, 256)))
print([round(float(np.sqrt(np.mean(value ** 2))), 2) for name, value in outputs.items() if "dense" in name])
ex.q1.check(my_deep)""",
)

q2 = Problem(
    LESSON, "q2",
    f"Train my_sparse: a linear model (Dense(1) on the 100 features) on x_fit, y_fit with a penalty of your "
    f"choice, so that at least {USELESS_NEEDED} of its 95 useless weights end below {USELESS_BELOW} in "
    f"absolute value, while it still predicts new samples with a mean squared error below {ERROR_BELOW}.",
    _sparse_model,
    hints=["Look back at the three models of the lesson: which penalty set most useless weights to zero, "
           "and how many did it reach?",
           "l1 pulls every weight towards zero with the same force, so weights that do little end at zero; "
           "a larger factor pulls harder. Too large, and it also flattens the five that matter.",
           "kernel_regularizer=keras.regularizers.l1(0.1), with the lesson's Adam(0.05), batch_size=16 and "
           "40 epochs."],
    solution="""my_sparse = keras.Sequential([
    keras.Input(shape=(100,)),
    keras.layers.Dense(1, kernel_regularizer=keras.regularizers.l1(0.1),
                       kernel_initializer=keras.initializers.GlorotUniform(seed=0)),
])
my_sparse.compile(optimizer=keras.optimizers.Adam(learning_rate=0.05), loss="mse")
my_sparse.fit(x_fit, y_fit, batch_size=16, epochs=40, verbose=0)
weights = my_sparse.layers[0].kernel.numpy()[:, 0]
print("useless weights below 0.05:", np.sum(np.abs(weights[5:]) < 0.05), "of 95")
ex.q2.check(my_sparse)""",
)

q3 = Problem(
    LESSON, "q3",
    f"Write a constraint class ClipWeights(limit), a subclass of keras.constraints.Constraint, that clips "
    f"every weight into [-limit, limit] after each training step (the weight clipping of the first "
    f"Wasserstein GANs), with get_config. The check uses ClipWeights({CLIP}) on weights and in a training "
    "step. Check the class itself.",
    _clip_constraint,
    hints=["A constraint is called with the weight tensor and returns the projected tensor: write "
           "__call__(self, w).",
           "keras.ops.clip(w, -self.limit, self.limit) does the projection.",
           "get_config returns {'limit': self.limit}: that is what a saved model stores to rebuild it."],
    solution="""class ClipWeights(keras.constraints.Constraint):
    def __init__(self, limit):
        self.limit = limit

    def __call__(self, w):
        return keras.ops.clip(w, -self.limit, self.limit)

    def get_config(self):
        return {"limit": self.limit}

ex.q3.check(ClipWeights)""",
)

q4 = Problem(
    LESSON, "q4",
    "stuck = ex.stuck_model() trains on the digits without learning. Find with kt.activations the first "
    "layer whose outputs are all zero, find why with kt.inspect, fix that layer's start and train the "
    "model until it classifies at least 90% of the held-out digits; keep its layers (32, 32, 32, 10).",
    _alive_and_learning,
    hints=["outputs = kt.activations(stuck, x_test[:100]); for each layer print (outputs[name] > 0).mean(), "
           "the share of outputs that are not zero. The first layer at 0 is the culprit; the layers after it "
           "only receive zeros.",
           "kt.inspect(stuck).weights('hidden_2') shows its kernel: every weight is negative. Its inputs are "
           "relu outputs (never negative), so its sums are never positive, its relu gives 0, and the "
           "gradient through a relu at 0 is 0: training cannot change it.",
           "Give the kernel a fair start: layer.kernel.assign(keras.initializers.HeNormal(seed=0)(layer."
           "kernel.shape)), then fit again."],
    solution="""stuck = ex.stuck_model()
outputs = kt.activations(stuck, x_test[:100])
for name, value in outputs.items():
    print(f"{name:10} share of outputs above 0: {(value > 0).mean():.2f}")   # hidden_2: 0.00

layer = stuck.get_layer("hidden_2")
layer.kernel.assign(keras.initializers.HeNormal(seed=0)(layer.kernel.shape))
stuck.fit(x_train, y_train, batch_size=32, epochs=10, verbose=0)
ex.q4.check(stuck)""",
)

q5 = Problem(
    LESSON, "q5",
    "stuck_deep = ex.deep_stuck_model() (8 hidden Dense(64) layers on MNIST) trains without learning. Find "
    "with kt.LayerStats the layer where learning stops, find why, fix that layer's start and train the "
    f"model until the gradient norm of its first layer is at least {VANISHING:g} of its output layer's "
    f"and it classifies at least {DEEP_ACCURACY:.0%} of the held-out MNIST digits; keep its layers.",
    _gradients_reach_the_input,
    hints=["stats = kt.LayerStats(sample=(x_mnist[:64], y_mnist[:64])); fit one epoch with "
           "callbacks=[stats]; stats.problems() names the trouble, and the heatmap's rows show from which "
           "layer down the gradient norm is 0 (stats.history has the numbers: 'layer', 'gradient_norm').",
           "The culprit is the zero row nearest the output: everything below it only receives what passes "
           "through it. stats.choose('activation_std') shows its outputs do not vary at all; "
           "kt.inspect(stuck_deep).weights('hidden_4') shows why: a sigmoid whose biases start at 20 "
           "outputs 1.0 for every input, and its slope there is 0.",
           "Give the biases the start Dense gives them: layer = stuck_deep.get_layer('hidden_4'); "
           "layer.bias.assign(keras.initializers.Zeros()(layer.bias.shape)); then fit for 10 epochs."],
    solution="""stuck_deep = ex.deep_stuck_model()
stats = kt.LayerStats(sample=(x_mnist[:64], y_mnist[:64]))
stuck_deep.fit(x_mnist, y_mnist, batch_size=32, epochs=1, verbose=0, callbacks=[stats])
print(stats.problems())
last = list(zip(stats.history["layer"], stats.history["gradient_norm"], stats.history["activation_std"]))[-9:]
for layer, norm, spread in last:
    print(f"{layer:9} gradient norm {norm:.2g}, output std {spread:.2g}")   # 0 up to hidden_4

layer = stuck_deep.get_layer("hidden_4")   # its output std is 0: kt.inspect shows its biases are all 20
layer.bias.assign(keras.initializers.Zeros()(layer.bias.shape))
stuck_deep.fit(x_mnist, y_mnist, batch_size=32, epochs=10, verbose=0)
ex.q5.check(stuck_deep)""",
)
