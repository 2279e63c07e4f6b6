import keras
import numpy as np
import pytest
from exercise_helpers import run_solution

from kerastutor.exercises import Outcome
from kerastutor.exercises import lesson11 as ex


@pytest.fixture
def namespace():
    """The lesson's names the solutions use (the exercises need no data of the lesson)."""
    keras.utils.set_random_seed(11)
    return {"keras": keras, "np": np, "ex": ex}


def one_dense(units=128, inputs=256, **options):
    return keras.Sequential([keras.Input((inputs,)), keras.layers.Dense(units, **options)])


def two_dense(kernel=None, last_kernel="same", **options):
    last_kernel = kernel if last_kernel == "same" else last_kernel
    return keras.Sequential([keras.Input((20,)),
                             keras.layers.Dense(16, activation="relu", kernel_regularizer=kernel, **options),
                             keras.layers.Dense(1, kernel_regularizer=last_kernel)])


def digits_model(hidden=None, output=None, last="softmax"):
    return keras.Sequential([keras.Input((64,)),
                             keras.layers.Dense(32, activation="relu", kernel_constraint=hidden),
                             keras.layers.Dense(10, activation=last, kernel_constraint=output)])


def test_solutions_pass_in_order(namespace):
    for problem in (ex.q1, ex.q2, ex.q3):
        result = run_solution(problem, namespace)
        assert result.outcome is Outcome.CORRECT, (problem.name, result.message)


def test_q1_wrong_answers():
    assert "expected a Keras model" in ex.q1.check(keras.layers.Dense(128)).message
    assert "shape (100,)" in ex.q1.check(one_dense(inputs=100, kernel_initializer="he_normal")).message
    assert "[64] units" in ex.q1.check(one_dense(64, kernel_initializer="he_normal")).message
    message = ex.q1.check(one_dense()).message
    assert "starts with GlorotUniform (scale 1.0, mode 'fan_avg'" in message and "he_normal" in message
    assert "he_uniform: the same variance" in ex.q1.check(one_dense(kernel_initializer="he_uniform")).message
    assert "starts with RandomNormal" in ex.q1.check(one_dense(kernel_initializer="random_normal")).message
    message = ex.q1.check(one_dense(kernel_initializer="he_normal", bias_initializer="ones")).message
    assert "biases all start at 1, not at zero" in message
    assert "no biases" in ex.q1.check(one_dense(kernel_initializer="he_normal", use_bias=False)).message
    scaled = one_dense(kernel_initializer="he_normal")
    kernel, bias = scaled.get_weights()
    scaled.set_weights([3 * kernel, bias])
    message = ex.q1.check(scaled).message
    assert "sqrt(2/256) = 0.0884" in message and "changed after the layer was built" in message


def test_q2_wrong_answers():
    assert "has no kernel_regularizer" in ex.q2.check(two_dense()).message
    message = ex.q2.check(two_dense(keras.regularizers.l2(0.01))).message
    assert "your factor looks like 0.01" in message
    assert "an L1 penalty" in ex.q2.check(two_dense(keras.regularizers.l1(0.001))).message
    message = ex.q2.check(two_dense(keras.regularizers.l2(0.001), last_kernel=None)).message
    assert "'dense" in message and "has no kernel_regularizer" in message
    with_bias = two_dense(keras.regularizers.l2(0.001), bias_regularizer=keras.regularizers.l2(0.001))
    assert "also penalises its biases" in ex.q2.check(with_bias).message
    with_activity = two_dense(keras.regularizers.l2(0.001), activity_regularizer="l2")
    assert "also penalises its outputs" in ex.q2.check(with_activity).message
    assert "2 Dense layers" not in ex.q2.check(one_dense(16, 20)).message.split("has")[0]
    assert "1 Dense layer, the task asks for 2" in ex.q2.check(one_dense(16, 20)).message


def test_q3_wrong_answers():
    max_norm, non_neg = keras.constraints.max_norm, keras.constraints.non_neg
    message = ex.q3.check(digits_model(output=non_neg())).message
    assert "hidden Dense layer has no kernel_constraint" in message
    assert "output Dense layer has no kernel_constraint" in ex.q3.check(digits_model(max_norm(1.0))).message
    assert "'sigmoid'" in ex.q3.check(digits_model(max_norm(1.0), non_neg(), last="sigmoid")).message
    keras.utils.set_random_seed(0)
    message = ex.q3.check(digits_model(max_norm(3.0), non_neg())).message
    assert "a column of the hidden kernel has norm" in message and "> 1.0" in message
    message = ex.q3.check(digits_model(max_norm(1.0, axis=1), non_neg())).message
    assert "a column of the hidden kernel has norm" in message
    message = ex.q3.check(digits_model(max_norm(1.0), keras.constraints.max_norm(5.0))).message
    assert "the output kernel has weights down to -" in message
    assert ex.q3.check(digits_model(keras.constraints.unit_norm(), non_neg())).outcome is Outcome.CORRECT
