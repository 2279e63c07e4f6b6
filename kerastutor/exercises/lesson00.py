"""Exercises for lesson 00, the welcome: use the concept index, LivePlot and the activations tool."""

from __future__ import annotations

import numpy as np

from .core import Problem

LESSON = "00_welcome"
TITLE = "Welcome: the course and its instruments"


def _old_names_with_replacements() -> list[tuple[str, str]]:
    """(old name, Keras 3 replacement) for every removed or moved name in the concept index."""
    from ..concepts.index import default_index

    return [(c.name, c.replacement) for c in default_index().concepts
            if c.status != "present" and c.replacement]


def _replacement_finder(function) -> str | None:
    if not callable(function):
        return f"expected a function such as def replacement_of(name): ..., got {type(function).__name__}."
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
    import keras

    if not callable(function):
        return f"expected a function such as def hidden_output(model, x): ..., got {type(function).__name__}."
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
