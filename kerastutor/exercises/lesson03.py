"""Exercises for lesson 03, models: two inputs, a subclassed model, copying weights, rebuilding from JSON."""

from __future__ import annotations

import numpy as np

from .checks import layers_of, need_built, need_model
from .core import Problem

LESSON = "03_models"
TITLE = "Models: Sequential, functional and subclassed"


def _flowers(count: int, features: int = 4, seed: int = 30) -> np.ndarray:
    """Standardised-looking random measurements the learner never saw."""
    return np.random.default_rng(seed).normal(size=(count, features)).astype("float32")


def _numpy(value: object) -> np.ndarray:
    """A NumPy copy of a model's output (NumPy array or backend tensor)."""
    import keras

    return np.asarray(keras.ops.convert_to_numpy(value))


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


def _softmax(z: np.ndarray) -> np.ndarray:
    """Row-wise softmax, computed here in NumPy."""
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _relu(z: np.ndarray) -> np.ndarray:
    return np.maximum(z, 0.0)


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
    probabilities = _numpy(model([flowers[:, :2], flowers[:, 2:]]))
    if probabilities.shape != (6, 3) or not np.allclose(probabilities.sum(axis=-1), 1.0, atol=1e-4):
        return (f"on 6 flowers your model returns shape {probabilities.shape}; "
                "rows of 3 probabilities were expected.")
    return None


# ---------------------------------------------------------------- q2: a subclassed model and its call()
def _expected_temperature_output(model, flowers: np.ndarray, temperature: float) -> np.ndarray:
    """What TemperatureMLP must compute, from its own layers' weights."""
    kernel, bias = model.hidden.get_weights()
    hidden = _relu(flowers @ kernel + bias)
    kernel, bias = model.logits.get_weights()
    return _softmax((hidden @ kernel + bias) / temperature)


def _temperature_model(answer) -> str | None:
    import keras

    if isinstance(answer, keras.Model):
        return ("pass the class itself (ex.q2.check(TemperatureMLP)), not a model made from it: the check "
                "makes its own, with other temperatures.")
    if not (isinstance(answer, type) and issubclass(answer, keras.Model)):
        return (f"expected a subclass of keras.Model (class TemperatureMLP(keras.Model): ...), "
                f"got {type(answer).__name__}.")
    flowers = _flowers(7)
    for temperature in (2.0, 0.5):
        try:
            model = answer(temperature=temperature)
        except Exception as error:  # noqa: BLE001  (the learner's __init__ may raise anything)
            return (f"TemperatureMLP(temperature={temperature}) raised {type(error).__name__}: {error} "
                    "(__init__ must take a temperature argument).")
        try:
            output = _numpy(model(flowers))
        except Exception as error:  # noqa: BLE001  (the learner's call() may raise anything)
            return f"calling your model on 7 flowers raised {type(error).__name__}: {error}"
        for attribute in ("hidden", "logits"):
            layer = getattr(model, attribute, None)
            if type(layer).__name__ != "Dense":
                return f"your model has no Dense layer self.{attribute}: create it in __init__."
        if model.hidden.units != 16 or _activation(model.hidden) != "relu":
            return "self.hidden should be Dense(16, activation='relu')."
        if model.logits.units != 3:
            return f"self.logits has {model.logits.units} units; there are 3 species."
        if _activation(model.logits) != "linear":
            return (f"self.logits uses activation {_activation(model.logits)!r}; it should give raw scores "
                    "(no activation): the softmax comes in call(), after dividing by the temperature.")
        if output.shape != (7, 3):
            return f"on 7 flowers your model returns shape {output.shape}, (7, 3) expected."
        expected = _expected_temperature_output(model, flowers, temperature)
        if np.allclose(output, expected, atol=1e-5):
            continue
        if np.allclose(output, _expected_temperature_output(model, flowers, 1.0), atol=1e-5):
            return (f"with temperature={temperature} your model gives the plain softmax: call() must divide "
                    "the scores by self.temperature.")
        if np.allclose(output.sum(axis=-1), 1.0 / temperature, atol=1e-4):
            return ("the rows add up to 1 / temperature: divide the scores before the softmax, not the "
                    "probabilities after it.")
        return (f"with temperature={temperature} your model's output differs from "
                "softmax(self.logits(self.hidden(inputs)) / temperature).")
    return None


# ---------------------------------------------------------------- q3: copy weights between models
def _two_iris_models() -> tuple:
    """A functional source and a Sequential target, same weight shapes, different random weights.

    The weights come from a NumPy generator, not from the layers' initializers, so that a model rebuilt
    from the config gets other weights, and the learner's Keras random state stays untouched.
    """
    import keras

    def dense(units: int, activation: str):
        return keras.layers.Dense(units, activation=activation, kernel_initializer="zeros")

    inputs = keras.Input(shape=(4,))
    source = keras.Model(inputs, dense(3, "softmax")(dense(5, "tanh")(inputs)), name="source")
    target = keras.Sequential([keras.Input(shape=(4,)), dense(5, "tanh"), dense(3, "softmax")], name="target")
    rng = np.random.default_rng(31)
    for model in (source, target):
        model.set_weights([rng.normal(size=w.shape).astype("float32") for w in model.get_weights()])
    return source, target


def _copy_weights(function) -> str | None:
    if not callable(function) or isinstance(function, type):
        return ("expected a function, such as def copy_weights(source, target): ..., "
                f"got {type(function).__name__}.")
    source, target = _two_iris_models()
    flowers = _flowers(8)
    before = [w.copy() for w in source.get_weights()]
    try:
        function(source, target)
    except Exception as error:  # noqa: BLE001  (the learner's code may raise anything)
        return f"copy_weights(source, target) raised {type(error).__name__}: {error}"
    if not all(np.array_equal(a, b) for a, b in zip(before, source.get_weights(), strict=True)):
        return ("your function changed the source model's weights; copy from source into target: "
                "target.set_weights(source.get_weights()).")
    if not np.allclose(_numpy(source(flowers)), _numpy(target(flowers)), atol=1e-6):
        return ("after copy_weights(source, target) the target still predicts differently from the source: "
                "its weights were not replaced (rebinding the name target inside the function does not "
                "change the model).")
    return None


# ---------------------------------------------------------------- q4: rebuild from to_json, with weights
def _clone_with_weights(function) -> str | None:
    import keras

    if not callable(function) or isinstance(function, type):
        return ("expected a function, such as def clone_with_weights(model): ..., "
                f"got {type(function).__name__}.")
    flowers = _flowers(8)
    for original in _two_iris_models():
        try:
            clone = function(original)
        except Exception as error:  # noqa: BLE001  (the learner's code may raise anything)
            return f"clone_with_weights({original.name} model) raised {type(error).__name__}: {error}"
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
        if not np.allclose(_numpy(original(flowers)), _numpy(clone(flowers)), atol=1e-6):
            return ("the clone has the right architecture but predicts differently: to_json holds no "
                    "weights, so copy them with clone.set_weights(model.get_weights()).")
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
    "Subclass keras.Model as TemperatureMLP(temperature=1.0, **kwargs): __init__ stores the temperature "
    "and creates self.hidden = Dense(16, activation='relu') and self.logits = Dense(3) (no activation); "
    "call(inputs) returns keras.ops.softmax(self.logits(self.hidden(inputs)) / self.temperature). "
    "Check the class itself.",
    _temperature_model,
    hints=["Start like IrisMLP in the lesson: class TemperatureMLP(keras.Model), and call "
           "super().__init__(**kwargs) first in __init__.",
           "Store the number: self.temperature = temperature. Dense(3) without activation gives raw scores.",
           "call: scores = self.logits(self.hidden(inputs)); return keras.ops.softmax(scores / "
           "self.temperature). Then ex.q2.check(TemperatureMLP), the class, not an instance."],
    solution="""class TemperatureMLP(keras.Model):
    def __init__(self, temperature=1.0, **kwargs):
        super().__init__(**kwargs)
        self.temperature = temperature
        self.hidden = keras.layers.Dense(16, activation="relu")
        self.logits = keras.layers.Dense(3)            # raw scores, no activation

    def call(self, inputs):
        scores = self.logits(self.hidden(inputs))
        return keras.ops.softmax(scores / self.temperature)

ex.q2.check(TemperatureMLP)""",
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
