import keras
import numpy as np
import pytest
from exercise_helpers import run_solution

import kerastutor as kt
from kerastutor.exercises import Outcome
from kerastutor.exercises import lesson00 as ex


@pytest.fixture
def namespace(display_as):
    """The welcome lesson's variables: the moons and a small trained classifier."""
    from sklearn.datasets import make_moons

    display_as("text")
    keras.utils.set_random_seed(0)
    x, y = make_moons(400, noise=0.2, random_state=0)
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(16, activation="relu", name="hidden"),
                              keras.layers.Dense(1, activation="sigmoid")])
    model.compile("adam", "binary_crossentropy", metrics=["accuracy"])
    return {"keras": keras, "np": np, "kt": kt, "ex": ex, "x": x.astype("float32"), "y": y, "model": model}


def test_solutions_pass(namespace, capsys):
    for problem in (ex.q1, ex.q2, ex.q3, ex.q4):
        result = run_solution(problem, namespace)
        assert result.outcome is Outcome.CORRECT, (problem.name, result.message)


def test_q1_wrong_answers():
    message = ex.q1.check(lambda name: name).message
    assert message.startswith("replacement_of(") and "the concept index says" in message
    assert "expected a function" in ex.q1.check("Model.fit").message
    assert "returned None" in ex.q1.check(lambda name: None).message


def test_q2_wrong_answers(namespace, capsys):
    live = kt.LivePlot()
    assert "recorded 0 epochs" in ex.q2.check(live).message
    assert "expected the kt.LivePlot()" in ex.q2.check(keras.callbacks.History()).message


def test_q3_wrong_answers():
    assert "shape" in ex.q3.check(lambda model, x: np.zeros(3)).message
    message = ex.q3.check(lambda model, x: model.predict(x, verbose=0).repeat(8, axis=1)[:, :model.get_layer(
        "hidden").units]).message
    assert "other numbers" in message
    assert "expected a function" in ex.q3.check(42).message


def test_q4_wrong_answers(namespace):
    stuck = ex.stuck_moons()
    stuck.fit(namespace["x"], namespace["y"], epochs=3, verbose=0)
    assert "layer 'hidden' still outputs 0 for every point" in ex.q4.check(stuck).message
    revived = ex.stuck_moons()
    kernel, bias = revived.get_layer("hidden").get_weights()
    revived.get_layer("hidden").set_weights([kernel, np.zeros_like(bias)])
    assert "the network is alive now but names" in ex.q4.check(revived).message  # not trained yet
    other = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    assert "ex.stuck_moons() gave you" in ex.q4.check(other).message
    assert "expected a Keras model" in ex.q4.check("stuck").message
