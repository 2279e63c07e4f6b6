import keras
import numpy as np
import pytest
from exercise_helpers import run_solution

from kerastutor.exercises import Outcome
from kerastutor.exercises import lesson03 as ex

PROBLEMS = (ex.q1, ex.q2, ex.q3, ex.q4, ex.q5)
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


class Repeated(keras.Model):
    step_activation = "tanh"

    def __init__(self, units=8, repeats=2, **kwargs):
        super().__init__(**kwargs)
        self.repeats = repeats
        self.embed = layers.Dense(units, activation="tanh")
        self.step = layers.Dense(units, activation=self.step_activation)
        self.head = layers.Dense(3, activation="softmax")

    def call(self, inputs):
        hidden = self.embed(inputs)
        for _ in range(self.repeats):
            hidden = self.step(hidden)
        return self.head(hidden)


class StepOnce(Repeated):
    def call(self, inputs):
        return self.head(self.step(self.embed(inputs)))


class OneLayerPerRepeat(keras.Model):
    def __init__(self, units=8, repeats=2, **kwargs):
        super().__init__(**kwargs)
        self.embed = layers.Dense(units, activation="tanh")
        self.steps = [layers.Dense(units, activation="tanh") for _ in range(repeats)]
        self.step = self.steps[0] if self.steps else layers.Dense(units, activation="tanh")
        self.head = layers.Dense(3, activation="softmax")

    def call(self, inputs):
        hidden = self.embed(inputs)
        for step in self.steps:
            hidden = step(hidden)
        return self.head(hidden)


class NoRepeats(keras.Model):
    def __init__(self, units=8, **kwargs):
        super().__init__(**kwargs)
        self.embed = layers.Dense(units, activation="tanh")

    def call(self, inputs):
        return self.embed(inputs)


class ReluStep(Repeated):
    step_activation = "relu"


def test_q2_wrong_answers():
    assert ex.q2.check(Repeated)
    assert "pass the class itself" in ex.q2.check(Repeated()).message
    once = ex.q2.check(StepOnce).message
    assert "RepeatedMLP(repeats=3) applies the step layer 1 time(s)" in once
    per_repeat = ex.q2.check(OneLayerPerRepeat).message
    assert "RepeatedMLP(units=5, repeats=3) has 133 parameters" in per_repeat and "73" in per_repeat
    assert "must take units and repeats" in ex.q2.check(NoRepeats).message
    assert "self.step is Dense(5, activation='relu')" in ex.q2.check(ReluStep).message
    assert "expected a subclass of keras.Model" in ex.q2.check(lambda units, repeats: None).message


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


def iris_branches(petal_bias=0.0, optimizer=None, compiled=True):
    """Exercise 1's model with the petal branch's biases starting at ``petal_bias``."""
    sepals, petals = keras.Input((2,)), keras.Input((2,))
    a = layers.Dense(8, activation="relu")(sepals)
    b = layers.Dense(8, activation="relu", bias_initializer=keras.initializers.Constant(petal_bias))(petals)
    model = keras.Model([sepals, petals], layers.Dense(3, activation="softmax")(layers.Concatenate()([a, b])))
    if compiled:
        model.compile(optimizer=optimizer or keras.optimizers.Adam(learning_rate=0.01),
                      loss="sparse_categorical_crossentropy")
    return model


def test_q5_the_lopsided_model_is_lopsided():
    x_train, y_train, x_test, y_test = ex._standardised_iris()
    model = ex.lopsided_model()
    model.fit([x_train[:, :2], x_train[:, 2:]], y_train, epochs=30, batch_size=16, verbose=0)
    assert model.evaluate([x_test[:, :2], x_test[:, 2:]], y_test, verbose=0)[1] < 0.8
    assert "'petal_features' are all 0" in ex.q5.check(model).message


def test_q5_wrong_answers():
    recompiled = ex.lopsided_model()
    recompiled.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1),   # another optimizer cannot help
                       loss="sparse_categorical_crossentropy")
    assert "are all 0 for every training flower" in ex.q5.check(recompiled).message
    crawling = ex.q5.check(iris_branches(optimizer=keras.optimizers.SGD(learning_rate=1e-6))).message
    assert "check its optimizer and learning rate" in crawling
    assert "not compiled" in ex.q5.check(iris_branches(compiled=False)).message
    one = keras.Input((4,))
    single = keras.Model(one, layers.Dense(3, activation="softmax")(one))
    assert "takes two inputs of shape (2,)" in ex.q5.check(single).message
    assert ex.q5.check(iris_branches())
