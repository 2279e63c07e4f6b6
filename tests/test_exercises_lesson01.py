import keras
import numpy as np
import pytest
from exercise_helpers import run_solution

from kerastutor import datasets
from kerastutor.exercises import Outcome
from kerastutor.exercises import lesson01 as ex

L = keras.layers


@pytest.fixture(scope="module")
def mnist():
    return datasets.load("mnist", train_size=8000, test_size=2000)


@pytest.fixture
def namespace(mnist):
    """The lesson's variables: MNIST as loaded, and its training images scaled to [0, 1]."""
    keras.utils.set_random_seed(42)
    return {"keras": keras, "np": np, "ex": ex, "mnist": mnist,
            "x_train": mnist.x_train.astype("float32") / 255, "y_train": mnist.y_train}


def mlp(units=(128, 64, 10), last="softmax", flatten=True):
    hidden = [L.Dense(u, activation="relu") for u in units[:-1]]
    front = [L.Flatten()] if flatten else []
    return keras.Sequential([keras.Input((28, 28)), *front, *hidden, L.Dense(units[-1], activation=last)])


def colleague(optimizer):
    keras.utils.set_random_seed(0)
    model = mlp((128, 10))
    model.compile(optimizer=optimizer, loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def test_solutions_pass_in_order(namespace):
    for problem in (ex.q1, ex.q2, ex.q3, ex.q4):
        result = run_solution(problem, namespace)
        assert result.outcome is Outcome.CORRECT, (problem.name, result.message)


def test_q1_wrong_answers():
    assert "2 Dense layers, the task asks for 3" in ex.q1.check(mlp((64, 10))).message
    assert "'sigmoid'" in ex.q1.check(mlp(last="sigmoid")).message
    assert "[256, 64, 10] units" in ex.q1.check(mlp((256, 64, 10))).message
    message = ex.q1.check(mlp(flatten=False)).message
    assert "outputs (28, 10) per image" in message and "Put keras.layers.Flatten()" in message
    flat = keras.Sequential([keras.Input((784,)), L.Dense(128, activation="relu"), L.Dense(10)])
    assert "shape (784,); the task asks for the images as they come" in ex.q1.check(flat).message
    assert "expected a Keras model" in ex.q1.check("model").message
    assert "no input shape" in ex.q1.check(keras.Sequential([L.Dense(3)])).message


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
    assert message.startswith("accuracy 0.") and "2,000 held-out MNIST digits, 0.93 needed" in message
    small = keras.Sequential([keras.Input((32,)), L.Dense(10)])
    assert "keras.Input(shape=(28, 28))" in ex.q3.check(small).message


def test_q4_the_colleagues_run_as_it_is_has_learned_nothing(mnist):
    model = colleague(keras.optimizers.SGD(learning_rate=0.1))
    model.fit(mnist.x_train, mnist.y_train, epochs=1, verbose=0)   # raw pixels, as the colleague does
    message = ex.q4.check(model).message
    assert "about what guessing gives (10%): it has learned nothing" in message
    assert "ln(10) ≈ 2.30" in message


def test_q4_other_optimizers_and_untrained_models_fail(mnist):
    lower = colleague(keras.optimizers.SGD(learning_rate=0.001))
    assert "keeps the colleague's optimizer, SGD(learning_rate=0.1); yours is SGD(learning_rate=0.001)" in \
        ex.q4.check(lower).message
    adam = colleague(keras.optimizers.Adam())
    assert "yours is Adam(learning_rate=0.001)" in ex.q4.check(adam).message
    assert "is not compiled" in ex.q4.check(mlp()).message
    trained_briefly = colleague(keras.optimizers.SGD(learning_rate=0.1))
    trained_briefly.fit(mnist.x_train[:64] / 255, mnist.y_train[:64], epochs=1, verbose=0)
    message = ex.q4.check(trained_briefly).message
    assert message.startswith("accuracy 0.") and "0.92 needed" in message
