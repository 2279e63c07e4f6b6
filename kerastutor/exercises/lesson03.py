"""Exercises for lesson 03, models: two inputs, a subclassed model that shares a layer, copying weights,
rebuilding from JSON, and a branch that does not learn."""

from __future__ import annotations

import numpy as np

from .._quiet import import_keras
from .checks import (
    as_array,
    call_answer,
    check_rng,
    dead_layers,
    layers_of,
    need_built,
    need_function,
    need_model,
    softmax,
    trained_copy,
)
from .core import Problem

keras = import_keras()

LESSON = "03_models"
TITLE = "Models: Sequential, functional and subclassed"


def _flowers(count: int, features: int = 4, seed: int = 30) -> np.ndarray:
    """Standardised-looking random measurements the learner never saw."""
    return np.random.default_rng(seed).normal(size=(count, features)).astype("float32")


def _producer(model, tensor):
    """The layer of ``model`` whose output is the symbolic ``tensor`` (None if no single layer is)."""
    for layer in model.layers:
        try:
            if layer.output is tensor:
                return layer
        except (AttributeError, ValueError):  # a layer called several times has no single output
            continue
    return None


def _activation(layer) -> str:
    """The name of a layer's activation, from its config."""
    activation = layer.get_config().get("activation", "linear")
    return activation if isinstance(activation, str) else str(activation)


# ---------------------------------------------------------------- q1: a functional model with two inputs
def _two_inputs(model) -> str | None:
    problem = need_model(model) or need_built(model)
    if problem:
        return problem
    if len(model.inputs) != 2:
        return (f"your model has {len(model.inputs)} input(s), the task asks for 2: "
                "keras.Input(shape=(2,)) for the sepals and another for the petals.")
    shapes = [tuple(t.shape[1:]) for t in model.inputs]
    if shapes != [(2,), (2,)]:
        return f"your inputs take samples of shapes {shapes}; sepals and petals are 2 numbers each: (2,)."
    concatenates = layers_of(model, "Concatenate")
    if len(concatenates) != 1:
        return (f"your model has {len(concatenates)} Concatenate layers, the task asks for one, "
                "joining the two branches.")
    joined = concatenates[0].input
    if not isinstance(joined, list | tuple) or len(joined) != 2:
        return "the Concatenate layer should join exactly two tensors, one per branch."
    branch_inputs = []
    for tensor in joined:
        dense = _producer(model, tensor)
        if dense is None or type(dense).__name__ != "Dense":
            return ("the Concatenate layer joins something that is not a Dense layer's output: give each "
                    "input its own Dense(8, activation='relu') first, and join those two outputs.")
        if dense.units != 8 or _activation(dense) != "relu":
            return (f"a branch Dense layer has {dense.units} units and activation {_activation(dense)!r}; "
                    "the task asks for Dense(8, activation='relu') on each input.")
        source = dense.input
        branch_inputs.extend(i for i, t in enumerate(model.inputs) if t is source)
    if sorted(branch_inputs) != [0, 1]:
        return ("the two branches do not start at the two different inputs: one Dense(8) on the sepals, "
                "another Dense(8) on the petals.")
    if len(model.outputs) != 1:
        return f"your model has {len(model.outputs)} outputs, the task asks for one."
    last = _producer(model, model.outputs[0])
    if last is None or type(last).__name__ != "Dense" or last.input is not concatenates[0].output:
        return "the output should come from a Dense layer called on the Concatenate layer's output."
    if last.units != 3:
        return f"the last Dense layer has {last.units} units; there are 3 species."
    if _activation(last) != "softmax":
        return f"the last layer uses {_activation(last)!r}; 3 species probabilities need 'softmax'."
    flowers = _flowers(6)
    probabilities = as_array(model([flowers[:, :2], flowers[:, 2:]]))
    if probabilities.shape != (6, 3) or not np.allclose(probabilities.sum(axis=-1), 1.0, atol=1e-4):
        return (f"on 6 flowers your model returns shape {probabilities.shape}; "
                "rows of 3 probabilities were expected.")
    return None


# ---------------------------------------------------------------- q2: a subclassed model that shares a layer
REPEATED_UNITS = 5


def _repeated_parameters(units: int) -> int:
    """embed (4 -> units) + step (units -> units) + head (units -> 3): weights and biases, shared step."""
    return (4 * units + units) + (units * units + units) + (units * 3 + 3)


def _expected_repeated_output(model, flowers: np.ndarray, repeats: int) -> np.ndarray:
    """What RepeatedMLP must compute, from its own layers' weights."""
    kernel, bias = model.embed.get_weights()
    hidden = np.tanh(flowers @ kernel + bias)
    kernel, bias = model.step.get_weights()
    for _ in range(repeats):
        hidden = np.tanh(hidden @ kernel + bias)
    kernel, bias = model.head.get_weights()
    return softmax(hidden @ kernel + bias)


def _repeated_model(answer) -> str | None:
    if isinstance(answer, keras.Model):
        return ("pass the class itself (ex.q2.check(RepeatedMLP)), not a model made from it: the check "
                "makes its own, with other numbers of repeats.")
    if not (isinstance(answer, type) and issubclass(answer, keras.Model)):
        return (f"expected a subclass of keras.Model (class RepeatedMLP(keras.Model): ...), "
                f"got {type(answer).__name__}.")
    flowers = _flowers(7)
    for repeats in (1, 3):
        try:
            model = answer(units=REPEATED_UNITS, repeats=repeats)
        except Exception as error:  # noqa: BLE001  (the learner's __init__ may raise anything)
            return (f"RepeatedMLP(units={REPEATED_UNITS}, repeats={repeats}) raised {type(error).__name__}: "
                    f"{error} (__init__ must take units and repeats).")
        try:
            output = as_array(model(flowers))
        except Exception as error:  # noqa: BLE001  (the learner's call() may raise anything)
            return (f"calling RepeatedMLP(repeats={repeats}) on 7 flowers raised "
                    f"{type(error).__name__}: {error}")
        wanted = (("embed", REPEATED_UNITS, "tanh"), ("step", REPEATED_UNITS, "tanh"), ("head", 3, "softmax"))
        for attribute, units, activation in wanted:
            layer = getattr(model, attribute, None)
            if type(layer).__name__ != "Dense":
                return f"your model has no Dense layer self.{attribute}: create it in __init__."
            if layer.units != units or _activation(layer) != activation:
                return (f"self.{attribute} is Dense({layer.units}, activation={_activation(layer)!r}); the "
                        f"task asks for Dense({units}, activation={activation!r}).")
        parameters, shared = model.count_params(), _repeated_parameters(REPEATED_UNITS)
        if parameters != shared:
            return (f"RepeatedMLP(units={REPEATED_UNITS}, repeats={repeats}) has {parameters} parameters; "
                    f"with one shared step layer it has {shared}, whatever the repeats. Create self.step "
                    "once, in __init__, and call that one layer again and again in call().")
        if output.shape != (7, 3):
            return (f"on 7 flowers RepeatedMLP(repeats={repeats}) returns shape {output.shape}, (7, 3) "
                    "expected.")
        if np.allclose(output, _expected_repeated_output(model, flowers, repeats), atol=1e-5):
            continue
        for other in range(5):
            if other != repeats and np.allclose(output, _expected_repeated_output(model, flowers, other),
                                                atol=1e-5):
                return (f"RepeatedMLP(repeats={repeats}) applies the step layer {other} time(s): call() must "
                        "apply it self.repeats times, in a loop.")
        return (f"RepeatedMLP(repeats={repeats})'s output differs from head(step(...step(embed(x))...)) with "
                f"the step applied {repeats} times.")
    return None


# ---------------------------------------------------------------- q3: copy weights between models
def _two_iris_models() -> tuple:
    """A functional source and a Sequential target, same weight shapes, different random weights.

    The weights come from a NumPy generator, not from the layers' initializers, so that a model rebuilt
    from the config gets other weights, and the learner's Keras random state stays untouched.
    """
    def dense(units: int, activation: str):
        return keras.layers.Dense(units, activation=activation, kernel_initializer="zeros")

    inputs = keras.Input(shape=(4,))
    source = keras.Model(inputs, dense(3, "softmax")(dense(5, "tanh")(inputs)), name="source")
    target = keras.Sequential([keras.Input(shape=(4,)), dense(5, "tanh"), dense(3, "softmax")], name="target")
    rng = check_rng(31)
    for model in (source, target):
        model.set_weights([rng.normal(size=w.shape).astype("float32") for w in model.get_weights()])
    return source, target


def _copy_weights(function) -> str | None:
    problem = need_function(function, "def copy_weights(source, target): ...")
    if problem:
        return problem
    source, target = _two_iris_models()
    flowers = _flowers(8)
    before = [w.copy() for w in source.get_weights()]
    _, problem = call_answer(function, "copy_weights(source, target)", source, target)
    if problem:
        return problem
    if not all(np.array_equal(a, b) for a, b in zip(before, source.get_weights(), strict=True)):
        return ("your function changed the source model's weights; copy from source into target: "
                "target.set_weights(source.get_weights()).")
    if not np.allclose(as_array(source(flowers)), as_array(target(flowers)), atol=1e-6):
        return ("after copy_weights(source, target) the target still predicts differently from the source: "
                "its weights were not replaced (rebinding the name target inside the function does not "
                "change the model).")
    return None


# ---------------------------------------------------------------- q4: rebuild from to_json, with weights
def _clone_with_weights(function) -> str | None:
    problem = need_function(function, "def clone_with_weights(model): ...")
    if problem:
        return problem
    flowers = _flowers(8)
    for original in _two_iris_models():
        clone, problem = call_answer(function, f"clone_with_weights({original.name} model)", original)
        if problem:
            return problem
        if not isinstance(clone, keras.Model):
            return f"clone_with_weights returned {type(clone).__name__}; return the new model."
        if clone is original:
            return "clone_with_weights returned the model it was given; build a new one from model.to_json()."
        original_ids = {id(v) for v in original.weights}
        if any(id(v) in original_ids for v in clone.weights):
            return ("your clone shares weights with the original (it reuses its layers); build new layers "
                    "with keras.models.model_from_json(model.to_json()).")
        layers = [(type(layer).__name__, layer.get_config().get("units")) for layer in original.layers]
        cloned = [(type(layer).__name__, layer.get_config().get("units")) for layer in clone.layers]
        if layers != cloned:
            return f"the clone of the {original.name} model has layers {cloned}; the original has {layers}."
        if not np.allclose(as_array(original(flowers)), as_array(clone(flowers)), atol=1e-6):
            return ("the clone has the right architecture but predicts differently: to_json holds no "
                    "weights, so copy them with clone.set_weights(model.get_weights()).")
    return None


# ---------------------------------------------------------------- q5: a branch that does not learn
LOPSIDED_SEED, LOPSIDED_EPOCHS, LOPSIDED_TARGET = 3, 30, 0.9


def lopsided_model():
    """Exercise 1's two-input model, compiled, whose petal branch starts with biases of -10.

    Its relu outputs are 0 for every standardised flower, pass no gradient, and stay 0: the model only
    ever learns from the sepals.
    """
    def seeded(offset: int):
        return keras.initializers.GlorotUniform(seed=LOPSIDED_SEED + offset)

    sepals = keras.Input(shape=(2,), name="sepals")
    petals = keras.Input(shape=(2,), name="petals")
    sepal_features = keras.layers.Dense(8, activation="relu", name="sepal_features",
                                        kernel_initializer=seeded(0))(sepals)
    petal_features = keras.layers.Dense(8, activation="relu", name="petal_features",
                                        kernel_initializer=seeded(1),
                                        bias_initializer=keras.initializers.Constant(-10.0))(petals)
    joined = keras.layers.Concatenate(name="joined")([sepal_features, petal_features])
    species = keras.layers.Dense(3, activation="softmax", name="species",
                                 kernel_initializer=seeded(2))(joined)
    model = keras.Model([sepals, petals], species, name="lopsided")
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model


def _standardised_iris() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The lesson's iris split, 120 training and 30 test flowers, standardised with the training part."""
    from sklearn.datasets import load_iris

    iris = load_iris()
    order = np.random.default_rng(0).permutation(len(iris.data))
    test, train = order[:30], order[30:]
    mean, std = iris.data[train].mean(axis=0), iris.data[train].std(axis=0)
    x = ((iris.data - mean) / std).astype("float32")
    return x[train], iris.target[train], x[test], iris.target[test]


def _both_branches_learn(model) -> str | None:


    problem = need_model(model) or need_built(model)
    if problem:
        return problem
    shapes = [tuple(t.shape[1:]) for t in model.inputs]
    if shapes != [(2,), (2,)] or tuple(model.outputs[0].shape[1:]) != (3,):
        return ("the repaired model takes two inputs of shape (2,), the sepals and the petals, and gives 3 "
                f"probabilities; yours takes {shapes} and gives {tuple(model.outputs[0].shape[1:])}.")
    x_train, y_train, x_test, y_test = _standardised_iris()
    flowers = [x_train[:, :2], x_train[:, 2:]]
    dead = dead_layers(model, flowers)
    if dead:
        return (f"the outputs of layer {dead[0]!r} are all 0 for every training flower: whatever comes "
                "in through it never reaches the output, and a relu that outputs 0 passes no gradient "
                "back, so training cannot change that. Look at that layer's biases, and start them at 0.")
    if not model.compiled:
        return "your model is not compiled: compile it so that it can train."
    copy = trained_copy(model, "sparse_categorical_crossentropy", flowers, y_train, batch_size=16,
                        epochs=LOPSIDED_EPOCHS)
    everything = np.concatenate([x_train, x_test])
    predicted = np.argmax(as_array(copy([everything[:, :2], everything[:, 2:]])), axis=-1)
    accuracy = float(np.mean(predicted == np.concatenate([y_train, y_test])))
    if accuracy < LOPSIDED_TARGET:
        return (f"trained {LOPSIDED_EPOCHS} epochs on the training flowers, your model names "
                f"{accuracy:.0%} of all 150 flowers right, {LOPSIDED_TARGET:.0%} needed: check its optimizer "
                "and learning rate.")
    return None


q1 = Problem(
    LESSON, "q1",
    "Build a functional model with two inputs: the sepals (shape (2,): the first two measurements) and the "
    "petals (shape (2,): the last two). Give each input its own Dense(8, activation='relu'), join the two "
    "outputs with keras.layers.Concatenate(), and end with Dense(3, activation='softmax').",
    _two_inputs,
    hints=["Make two keras.Input(shape=(2,)) tensors; call a separate Dense(8, activation='relu') on each.",
           "keras.layers.Concatenate()([a, b]) joins two tensors; then call Dense(3, activation='softmax') "
           "on the result.",
           "keras.Model(inputs=[sepals, petals], outputs=species) wraps the graph. It takes a list of two "
           "arrays: model([x[:, :2], x[:, 2:]])."],
    solution="""sepals = keras.Input(shape=(2,), name="sepals")
petals = keras.Input(shape=(2,), name="petals")
sepal_features = keras.layers.Dense(8, activation="relu")(sepals)
petal_features = keras.layers.Dense(8, activation="relu")(petals)
joined = keras.layers.Concatenate()([sepal_features, petal_features])
species = keras.layers.Dense(3, activation="softmax")(joined)
two_input_model = keras.Model(inputs=[sepals, petals], outputs=species)
ex.q1.check(two_input_model)""",
)

q2 = Problem(
    LESSON, "q2",
    "Subclass keras.Model as RepeatedMLP(units, repeats, **kwargs): self.embed = Dense(units, 'tanh') "
    "takes the 4 measurements, then ONE layer self.step = Dense(units, 'tanh') is applied `repeats` times "
    "in a row (the same weights each time), then self.head = Dense(3, 'softmax'). Its number of parameters "
    "must not depend on repeats. Check the class itself: the check makes models with several repeats.",
    _repeated_model,
    hints=["Layers are created in __init__ and called in call(). A layer called twice uses the same weights "
           "both times: that is how a layer is shared.",
           "Store self.repeats in __init__; in call(), h = self.embed(inputs), then a for loop that does "
           "h = self.step(h), self.repeats times.",
           "Creating a Dense per repeat (in a list, or inside call) gives each repeat its own weights: the "
           "parameter count then grows with repeats."],
    solution="""class RepeatedMLP(keras.Model):
    def __init__(self, units=8, repeats=2, **kwargs):
        super().__init__(**kwargs)
        self.repeats = repeats
        self.embed = keras.layers.Dense(units, activation="tanh")
        self.step = keras.layers.Dense(units, activation="tanh")      # one layer, used repeats times
        self.head = keras.layers.Dense(3, activation="softmax")

    def call(self, inputs):
        hidden = self.embed(inputs)
        for _ in range(self.repeats):                                 # plain Python in call()
            hidden = self.step(hidden)
        return self.head(hidden)

ex.q2.check(RepeatedMLP)""",
)

q3 = Problem(
    LESSON, "q3",
    "Write a function copy_weights(source, target) that makes the model target compute exactly what "
    "source computes (same weight shapes, any kind of model), without changing source.",
    _copy_weights,
    hints=["A model's weights come out as a list of arrays, and go back in as one.",
           "source.get_weights() reads them; target.set_weights(...) writes them.",
           "def copy_weights(source, target):\n    target.set_weights(source.get_weights())"],
    solution="""def copy_weights(source, target):
    target.set_weights(source.get_weights())   # read from source, write into target

ex.q3.check(copy_weights)""",
)

q4 = Problem(
    LESSON, "q4",
    "Write a function clone_with_weights(model) that returns a new, independent model rebuilt from "
    "model.to_json(), with the same weights, so that it predicts exactly what model predicts.",
    _clone_with_weights,
    hints=["keras.models.model_from_json turns the JSON text back into a model with fresh weights.",
           "The JSON holds no weights: copy them across with set_weights and get_weights.",
           "clone = keras.models.model_from_json(model.to_json()); clone.set_weights(model.get_weights())"],
    solution="""def clone_with_weights(model):
    clone = keras.models.model_from_json(model.to_json())   # the architecture, fresh weights
    clone.set_weights(model.get_weights())                   # the original's weights
    return clone

ex.q4.check(clone_with_weights)""",
)

q5 = Problem(
    LESSON, "q5",
    "lopsided = ex.lopsided_model() is exercise 1's two-input model, built by someone else: trained, it "
    "names far fewer test flowers right than the one-input models of the lesson. Find with kt.activations "
    "the layer whose outputs are all 0 (the model takes [sepals, petals]), and give the check a repaired "
    f"model: the same layers, compiled. The check looks at every layer's outputs, then trains a copy "
    f"{LOPSIDED_EPOCHS} epochs and needs {LOPSIDED_TARGET:.0%} of the 150 flowers right.",
    _both_branches_learn,
    hints=["outputs = kt.activations(lopsided, [x_test[:, :2], x_test[:, 2:]]); for each name, is any "
           "number in outputs[name] not 0?",
           "A relu outputs 0 for every negative input and passes no gradient there. What did that layer "
           "start its biases at? lopsided.get_layer(name).get_config()['bias_initializer'] says.",
           "Build the model of exercise 1 again with the default bias_initializer (zeros) on both branches, "
           "and compile it like the lesson's models."],
    solution="""sepals = keras.Input(shape=(2,), name="sepals")
petals = keras.Input(shape=(2,), name="petals")
sepal_features = keras.layers.Dense(8, activation="relu", name="sepal_features")(sepals)
petal_features = keras.layers.Dense(8, activation="relu", name="petal_features")(petals)   # biases start at 0
joined = keras.layers.Concatenate(name="joined")([sepal_features, petal_features])
species = keras.layers.Dense(3, activation="softmax", name="species")(joined)
repaired = keras.Model([sepals, petals], species)
repaired.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="sparse_categorical_crossentropy",
                 metrics=["accuracy"])
ex.q5.check(repaired)""",
)
