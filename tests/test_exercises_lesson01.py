import keras
import numpy as np
import pytest
from exercise_helpers import run_solution

from kerastutor.exercises import Outcome
from kerastutor.exercises import lesson01 as ex


@pytest.fixture
def namespace():
    """The lesson's variables: its training split of the digits."""
    from sklearn.datasets import load_digits

    keras.utils.set_random_seed(42)
    digits = load_digits()
    x = (digits.images.astype("float32") / 16.0).reshape(len(digits.images), 64)
    order = np.random.default_rng(0).permutation(len(x))
    train = order[len(x) // 5:]
    return {"keras": keras, "np": np, "ex": ex, "x_train": x[train], "y_train": digits.target[train]}


def mlp(units=(64, 32, 10), last="softmax"):
    layers = [keras.layers.Dense(u, activation="relu") for u in units[:-1]]
    return keras.Sequential([keras.Input((64,)), *layers, keras.layers.Dense(units[-1], activation=last)])


def test_solutions_pass_in_order(namespace):
    for problem in (ex.q1, ex.q2, ex.q3):
        result = run_solution(problem, namespace)
        assert result.outcome is Outcome.CORRECT, (problem.name, result.message)


def test_q1_wrong_answers():
    assert "2 Dense layers, the task asks for 3" in ex.q1.check(mlp((32, 10))).message
    assert "'sigmoid'" in ex.q1.check(mlp(last="sigmoid")).message
    assert "expected a Keras model" in ex.q1.check("model").message
    assert "no input shape" in ex.q1.check(keras.Sequential([keras.layers.Dense(3)])).message


def test_q2_wrong_answers():
    model = mlp()
    assert "not compiled" in ex.q2.check(model).message
    model.compile("adam", "categorical_crossentropy", metrics=["accuracy"])
    assert "expects one-hot labels" in ex.q2.check(model).message
    model.compile("sgd", "sparse_categorical_crossentropy", metrics=["accuracy"])
    assert "the task asks for Adam" in ex.q2.check(model).message
    model.compile("adam", "sparse_categorical_crossentropy")
    assert "metrics=['accuracy']" in ex.q2.check(model).message


def test_q3_untrained_model_fails_with_its_accuracy():
    keras.utils.set_random_seed(0)
    message = ex.q3.check(mlp()).message
    assert message.startswith("accuracy 0.") and "held-out digits, 0.90 needed" in message
    small = keras.Sequential([keras.Input((32,)), keras.layers.Dense(10)])
    assert "shape (32,)" in ex.q3.check(small).message
