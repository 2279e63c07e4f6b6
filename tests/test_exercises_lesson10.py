import keras
import numpy as np
import pytest
from exercise_helpers import run_solution

from kerastutor.exercises import Outcome
from kerastutor.exercises import lesson10 as ex

PROBLEMS = (ex.q1, ex.q2, ex.q3, ex.q4, ex.q5)


def binary_net():
    """The lesson's binary_model: 2 features -> Dense(8, relu) -> Dense(1, sigmoid)."""
    return keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(8, activation="relu"),
                             keras.layers.Dense(1, activation="sigmoid")])


@pytest.fixture
def namespace():
    """The lesson's variables: its digits split and the uncompiled binary model."""
    keras.utils.set_random_seed(10)
    x_train, y_train, x_val, y_val = ex.digits_split()
    return {"keras": keras, "np": np, "ex": ex, "x_train": x_train, "y_train": y_train, "x_val": x_val,
            "y_val": y_val, "binary_model": binary_net()}


def test_solutions_pass_in_order(namespace):
    for problem in PROBLEMS:
        result = run_solution(problem, namespace)
        assert result.outcome is Outcome.CORRECT, (problem.name, result.message)


def test_q1_wrong_answers():
    assert "expected a function" in ex.q1.check(2.5).message
    assert "single number for 6 samples" in ex.q1.check(
        lambda t, p: -np.mean(np.sum(t * np.log(p), axis=-1))).message
    assert "shape (6, 4)" in ex.q1.check(lambda t, p: -t * np.log(p)).message
    assert "wrong sign" in ex.q1.check(lambda t, p: np.sum(t * np.log(p), axis=-1)).message
    assert "log base 2" in ex.q1.check(lambda t, p: -np.sum(t * np.log2(p), axis=-1)).message
    message = ex.q1.check(lambda t, p: -np.sum((1 - t) * np.log(1 - p), axis=-1)).message
    assert "your function gives" in message and "keras.losses.categorical_crossentropy gives" in message
    assert "raised ZeroDivisionError" in ex.q1.check(lambda t, p: 1 / 0).message


def test_q2_wrong_answers():
    model = binary_net()
    assert "not compiled" in ex.q2.check(model).message
    assert "expected a Keras model" in ex.q2.check("binary_model").message
    model.compile("adam", "mse", metrics=["accuracy"])
    assert "mean squared error" in ex.q2.check(model).message
    model = binary_net()
    model.compile("adam", "categorical_crossentropy", metrics=["accuracy"])
    assert "is 0 whatever the model predicts" in ex.q2.check(model).message
    model = binary_net()
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    assert "fails on 0/1 labels" in ex.q2.check(model).message
    model = binary_net()
    model.compile("adam", "binary_crossentropy")
    assert "add a metric" in ex.q2.check(model).message
    model = binary_net()
    model.compile("adam", "binary_crossentropy", metrics=["categorical_accuracy"])
    message = ex.q2.check(model).message
    assert "categorical_accuracy = 1.000" in message and "always 0" in message
    model = binary_net()
    model.compile(keras.optimizers.SGD(learning_rate=0.0), "binary_crossentropy", metrics=["accuracy"])
    assert "did not lower its loss" in ex.q2.check(model).message
    three = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1, activation="sigmoid")])
    assert "takes (3,)" in ex.q2.check(three).message


def test_q2_accepts_objects_and_other_spellings():
    model = binary_net()
    model.compile(keras.optimizers.RMSprop(), keras.losses.BinaryCrossentropy(),
                  metrics=[keras.metrics.BinaryAccuracy()])
    assert ex.q2.check(model)
    model = binary_net()
    model.compile("sgd", keras.losses.binary_crossentropy, metrics=["binary_accuracy"])
    assert ex.q2.check(model)


def test_q3_wrong_answers():
    message = ex.q3.check(keras.optimizers.SGD()).message
    assert message.startswith("after 3 epochs with SGD(learning_rate=0.01) the held-out loss is")
    assert "steps are too small" in message
    assert "too slowly" in ex.q3.check(keras.optimizers.SGD(learning_rate=0.1)).message
    assert "overshoot" in ex.q3.check(keras.optimizers.Adam(learning_rate=1.0)).message
    assert "you passed the class Adam" in ex.q3.check(keras.optimizers.Adam).message
    assert "not a Keras optimizer name" in ex.q3.check("adamm").message
    assert "a number alone" in ex.q3.check(0.01).message


def test_q4_wrong_answers():
    sgd = keras.optimizers.SGD
    assert "got Adam" in ex.q4.check(keras.optimizers.Adam(0.1)).message
    assert "stays 0.1 for ever" in ex.q4.check(sgd(0.1, momentum=0.9, nesterov=True)).message
    assert "nesterov is False" in ex.q4.check(sgd(0.1, momentum=0.9)).message
    assert "momentum is 0.0" in ex.q4.check(sgd(0.1, nesterov=True)).message
    exponential = keras.optimizers.schedules.ExponentialDecay(0.1, decay_steps=1, decay_rate=1 - 1e-4)
    assert "at step 1,000 your schedule" in ex.q4.check(sgd(exponential, momentum=0.9, nesterov=True)).message
    slow = keras.optimizers.schedules.InverseTimeDecay(0.1, decay_steps=1000, decay_rate=1e-4)
    assert "at step 1,000" in ex.q4.check(sgd(slow, momentum=0.9, nesterov=True)).message


def digits_net(activation=None, units=32):
    """The race's network, 64 -> Dense(units, relu) -> Dense(10, activation), uncompiled."""
    return keras.Sequential([keras.Input(shape=(64,)), keras.layers.Dense(units, activation="relu"),
                             keras.layers.Dense(10, activation=activation)])


def test_q5_the_stuck_model_is_stuck():
    keras.utils.set_random_seed(10)
    x_train, y_train, x_val, y_val = ex.digits_split()
    history = ex.stuck_model().fit(x_train, y_train, validation_data=(x_val, y_val), epochs=3, batch_size=32,
                                   verbose=0).history
    assert abs(history["loss"][-1] - np.log(10)) < 0.01 and max(history["val_accuracy"]) < 0.5


def test_q5_wrong_answers():
    raw_scores = ex.q5.check(ex.stuck_model()).message
    assert "outputs are raw scores" in raw_scores and "from_logits=True" in raw_scores
    twice = digits_net("softmax")
    twice.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    assert "applies a softmax again" in ex.q5.check(twice).message
    squared = digits_net("softmax")
    squared.compile(optimizer="adam", loss="mse")
    assert "your loss is 'mse'" in ex.q5.check(squared).message
    bigger = digits_net("softmax", units=64)
    bigger.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    assert "4,810 parameters, the stuck network 2,410" in ex.q5.check(bigger).message
    assert "not compiled" in ex.q5.check(digits_net("softmax")).message


def test_q5_accepts_a_softmax_output():
    fixed = digits_net("softmax")
    fixed.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    assert ex.q5.check(fixed)
