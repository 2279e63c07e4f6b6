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
    for problem in (ex.q1, ex.q2, ex.q3):
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
