"""Exercises for lesson 00, the welcome: use the concept index, LivePlot and the activations tool,
then diagnose a network that does not learn."""

from __future__ import annotations

import numpy as np

from .._quiet import import_keras
from .checks import classification_accuracy, dead_layers, need_built, need_function, need_model
from .core import Problem

keras = import_keras()

LESSON = "00_welcome"
TITLE = "Welcome: the course and its instruments"


def _old_names_with_replacements() -> list[tuple[str, str]]:
    """(old name, Keras 3 replacement) for every removed or moved name in the concept index."""
    from ..concepts.index import default_index

    return [(c.name, c.replacement) for c in default_index().concepts
            if c.status != "present" and c.replacement]


def _replacement_finder(function) -> str | None:
    refusal = need_function(function, "def replacement_of(name): ...")
    if refusal:
        return refusal
    pairs = _old_names_with_replacements()
    if not pairs:
        raise RuntimeError("the concept index has no removed names to ask about; reinstall kerastutor.")
    picks = np.random.default_rng().choice(len(pairs), size=min(6, len(pairs)), replace=False)
    for old, new in (pairs[i] for i in picks):
        answer = function(old)
        if answer != new:
            return f"replacement_of({old!r}) returned {answer!r}; the concept index says {new!r}."
    return None


def _liveplot_used(callback) -> str | None:
    from ..training.callback import LivePlot

    if not isinstance(callback, LivePlot):
        return f"expected the kt.LivePlot() you passed to fit, got {type(callback).__name__}."
    losses = callback.history["epoch"].get("loss", [])
    if len(losses) < 5:
        return (f"your LivePlot recorded {len(losses)} epochs; train for 5 or more with "
                "callbacks=[live] in model.fit.")
    if not losses[-1] < losses[0]:
        return f"the loss went from {losses[0]:.3f} to {losses[-1]:.3f}; it should go down while training."
    return None


def _hidden_activation_function(function) -> str | None:
    refusal = need_function(function, "def hidden_output(model, x): ...")
    if refusal:
        return refusal
    rng = np.random.default_rng()
    inputs = keras.Input((3,))
    hidden = keras.layers.Dense(int(rng.integers(2, 6)), activation="tanh", name="hidden")(inputs)
    model = keras.Model(inputs, keras.layers.Dense(1, name="out")(hidden))
    x = rng.normal(size=(4, 3)).astype("float32")
    answer = np.asarray(function(model, x))
    expected = keras.Model(model.inputs, model.get_layer("hidden").output).predict(x, verbose=0)
    if answer.shape != expected.shape:
        return f"your function returned shape {answer.shape}; layer 'hidden' outputs {expected.shape} here."
    if not np.allclose(answer, expected, atol=1e-5):
        return "your function returned the right shape but other numbers than layer 'hidden' computes."
    return None


q1 = Problem(
    LESSON, "q1",
    "Write a function replacement_of(name) that returns what Keras 3 uses instead of an old name, "
    "asking the concept index (kt.explain).",
    _replacement_finder,
    hints=["kt.explain(name) returns a Concept; print one to see its fields.",
           "The Concept's .replacement attribute holds the Keras 3 name.",
           "def replacement_of(name): return kt.explain(name).replacement"],
    solution="""def replacement_of(name):
    return kt.explain(name).replacement

ex.q1.check(replacement_of)""",
)

q2 = Problem(
    LESSON, "q2",
    "Train the moons model for at least 5 more epochs with a new kt.LivePlot() watching, "
    "then check the LivePlot.",
    _liveplot_used,
    hints=["Create it first: live = kt.LivePlot()",
           "Pass it to fit: model.fit(x, y, epochs=5, verbose=0, callbacks=[live])",
           "Then ex.q2.check(live)."],
    solution="""live = kt.LivePlot()
model.fit(x, y, epochs=5, batch_size=32, validation_split=0.2, verbose=0, callbacks=[live])
ex.q2.check(live)""",
)

q3 = Problem(
    LESSON, "q3",
    "Write a function hidden_output(model, x) that returns what the layer named 'hidden' outputs for x, "
    "using kt.activations.",
    _hidden_activation_function,
    hints=["kt.activations(model, x) returns a dictionary: layer name -> output array.",
           "Pick the entry of the layer named 'hidden'.",
           "def hidden_output(model, x): return kt.activations(model, x)['hidden']"],
    solution="""def hidden_output(model, x):
    return kt.activations(model, x)["hidden"]

ex.q3.check(hidden_output)""",
)


MOONS_TARGET = 0.80  # q4: accuracy of the repaired moons network on moons the checker draws


def stuck_moons():
    """The welcome lesson's moons network, compiled, with one thing wrong: it cannot learn."""
    glorot = keras.initializers.GlorotUniform
    model = keras.Sequential([
        keras.Input(shape=(2,)),
        keras.layers.Dense(16, activation="relu", name="hidden", kernel_initializer=glorot(seed=0),
                           bias_initializer=keras.initializers.Constant(-10.0)),
        keras.layers.Dense(1, activation="sigmoid", name="output", kernel_initializer=glorot(seed=1)),
    ], name="stuck_moons")
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    return model


def _moons_learning(model) -> str | None:
    from sklearn.datasets import make_moons

    problem = need_model(model) or need_built(model)
    if problem:
        return problem
    if tuple(model.inputs[0].shape[1:]) != (2,) or "hidden" not in [layer.name for layer in model.layers]:
        return ("check the repaired network that ex.stuck_moons() gave you: 2 inputs and a layer named "
                "'hidden'.")
    x, y = make_moons(500, noise=0.2, random_state=int(np.random.default_rng().integers(1_000_000)))
    x = x.astype("float32")
    dead = dead_layers(model, x)
    if dead:
        return (f"layer {dead[0]!r} still outputs 0 for every point: a relu that never opens passes no "
                "gradient back, so training cannot change it. Look at its weights (kt.inspect(model) or "
                f"model.get_layer({dead[0]!r}).get_weights()): which of them pushes every input below 0?")
    accuracy = classification_accuracy(model, x, y)
    if accuracy < MOONS_TARGET:
        return (f"the network is alive now but names {accuracy:.0%} of 500 new moons points right, "
                f"{MOONS_TARGET:.0%} needed: train it (model.fit(x, y, epochs=40, verbose=0)).")
    return None


q4 = Problem(
    LESSON, "q4",
    "Diagnose: ex.stuck_moons() is the moons network with one thing wrong, and its curves stay flat. Find "
    "with kt.activations the layer whose outputs are all 0, repair it (keep its layers), train it and check "
    "the trained network.",
    _moons_learning,
    hints=["outputs = kt.activations(stuck, x): which layer gives only zeros for every point?",
           "A relu outputs 0 when its input is negative. stuck.get_layer('hidden').get_weights() gives its "
           "kernel and its biases: what are the biases?",
           "kernel, bias = stuck.get_layer('hidden').get_weights(); "
           "stuck.get_layer('hidden').set_weights([kernel, np.zeros_like(bias)]); then fit again."],
    solution="""stuck = ex.stuck_moons()
print(kt.activations(stuck, x)["hidden"].max())  # 0.0: no hidden unit ever opens
kernel, bias = stuck.get_layer("hidden").get_weights()
print(bias[:4])  # -10 each: every input ends below 0
stuck.get_layer("hidden").set_weights([kernel, np.zeros_like(bias)])
stuck.fit(x, y, epochs=40, verbose=0)
ex.q4.check(stuck)""",
)
