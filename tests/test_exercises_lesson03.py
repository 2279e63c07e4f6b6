import keras
import numpy as np
import pytest
from exercise_helpers import run_solution

from kerastutor.exercises import Outcome
from kerastutor.exercises import lesson03 as ex

PROBLEMS = (ex.q1, ex.q2, ex.q3, ex.q4)
layers = keras.layers


@pytest.fixture
def namespace():
    """The lesson's variables: the standardised iris split and its functional model."""
    from sklearn.datasets import load_iris

    keras.utils.set_random_seed(42)
    iris = load_iris()
    order = np.random.default_rng(0).permutation(len(iris.data))
    test_idx, train_idx = order[:30], order[30:]
    mean, std = iris.data[train_idx].mean(axis=0), iris.data[train_idx].std(axis=0)
    x = ((iris.data - mean) / std).astype("float32")
    inputs = keras.Input(shape=(4,), name="measurements")
    outputs = layers.Dense(3, activation="softmax")(layers.Dense(16, activation="relu")(inputs))
    return {"keras": keras, "np": np, "ex": ex, "x_train": x[train_idx], "y_train": iris.target[train_idx],
            "x_test": x[test_idx], "y_test": iris.target[test_idx],
            "func_model": keras.Model(inputs, outputs, name="iris_functional")}


def test_solutions_pass_in_order(namespace):
    for problem in PROBLEMS:
        result = run_solution(problem, namespace)
        assert result.outcome is Outcome.CORRECT, (problem.name, result.message)


def two_inputs(branches=True, last="softmax", units=8, both_on_sepals=False):
    sepals, petals = keras.Input((2,)), keras.Input((2,))
    a = layers.Dense(units, activation="relu")(sepals) if branches else sepals
    b = layers.Dense(units, activation="relu")(sepals if both_on_sepals else petals) if branches else petals
    outputs = layers.Dense(3, activation=last)(layers.Concatenate()([a, b]))
    return keras.Model([sepals, petals], outputs)


def test_q1_wrong_answers():
    one = keras.Input((4,))
    assert "1 input(s), the task asks for 2" in ex.q1.check(
        keras.Model(one, layers.Dense(3, activation="softmax")(one))).message
    assert "give each input its own Dense(8" in ex.q1.check(two_inputs(branches=False)).message
    assert "uses 'sigmoid'" in ex.q1.check(two_inputs(last="sigmoid")).message
    assert "has 4 units" in ex.q1.check(two_inputs(units=4)).message
    assert "do not start at the two different inputs" in ex.q1.check(two_inputs(both_on_sepals=True)).message
    sepals, petals = keras.Input((2,)), keras.Input((2,))
    summed = layers.Add()([sepals, petals])
    added = keras.Model([sepals, petals], layers.Dense(3, activation="softmax")(summed))
    assert "0 Concatenate layers" in ex.q1.check(added).message
    assert "expected a Keras model" in ex.q1.check("model").message


class Temperature(keras.Model):
    def __init__(self, temperature=1.0, **kwargs):
        super().__init__(**kwargs)
        self.temperature = temperature
        self.hidden = layers.Dense(16, activation="relu")
        self.logits = layers.Dense(3)

    def call(self, inputs):
        return keras.ops.softmax(self.logits(self.hidden(inputs)) / self.temperature)


class IgnoresTemperature(Temperature):
    def call(self, inputs):
        return keras.ops.softmax(self.logits(self.hidden(inputs)))


class DividesTooLate(Temperature):
    def call(self, inputs):
        return keras.ops.softmax(self.logits(self.hidden(inputs))) / self.temperature


class NoTemperature(keras.Model):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.hidden = layers.Dense(16, activation="relu")
        self.logits = layers.Dense(3)

    def call(self, inputs):
        return keras.ops.softmax(self.logits(self.hidden(inputs)))


class SoftmaxInLogits(Temperature):
    def __init__(self, temperature=1.0, **kwargs):
        super().__init__(temperature, **kwargs)
        self.logits = layers.Dense(3, activation="softmax")

    def build(self, input_shape):
        self.hidden.build(input_shape)
        self.logits.build((None, 16))


def test_q2_wrong_answers():
    assert ex.q2.check(Temperature)
    assert "pass the class itself" in ex.q2.check(Temperature()).message
    assert "gives the plain softmax: call() must divide" in ex.q2.check(IgnoresTemperature).message
    assert "rows add up to 1 / temperature" in ex.q2.check(DividesTooLate).message
    assert "must take a temperature argument" in ex.q2.check(NoTemperature).message
    assert "self.logits uses activation 'softmax'" in ex.q2.check(SoftmaxInLogits).message
    assert "expected a subclass of keras.Model" in ex.q2.check(lambda temperature: None).message


def test_q3_wrong_answers():
    def rebind(source, target):
        target = source  # noqa: F841  (the mistake under test)

    def backwards(source, target):
        source.set_weights(target.get_weights())

    def first_layer_only(source, target):
        target.layers[0].set_weights(source.layers[1].get_weights())

    assert "still predicts differently" in ex.q3.check(rebind).message
    assert "changed the source model's weights" in ex.q3.check(backwards).message
    assert "still predicts differently" in ex.q3.check(first_layer_only).message
    assert "expected a function" in ex.q3.check(keras.Model).message


def test_q4_wrong_answers():
    assert "returned the model it was given" in ex.q4.check(lambda model: model).message
    fresh = ex.q4.check(lambda model: keras.models.model_from_json(model.to_json())).message
    assert "right architecture but predicts differently" in fresh and "set_weights" in fresh
    assert "shares weights with the original" in ex.q4.check(
        lambda model: keras.Model(model.inputs, model.outputs)).message
    assert "return the new model" in ex.q4.check(lambda model: model.to_json()).message

    def other_architecture(model):
        inputs = keras.Input((4,))
        return keras.Model(inputs, layers.Dense(3, activation="softmax")(inputs))

    assert "the clone of the source model has layers" in ex.q4.check(other_architecture).message
