import keras
import numpy as np
import pytest
from exercise_helpers import run_solution
from keras import ops

import kerastutor as kt
from kerastutor import datasets
from kerastutor.exercises import Outcome
from kerastutor.exercises import lesson05 as ex
from kerastutor.exercises.checks import held_out_mnist

PROBLEMS = (ex.q1, ex.q2, ex.q3, ex.q4)


@pytest.fixture
def namespace():
    """The lesson's variables: keras, ops, kt and its MNIST training split."""
    keras.utils.set_random_seed(5)
    mnist = datasets.load("mnist", train_size=8000, test_size=2000)
    return {"keras": keras, "np": np, "ops": ops, "ex": ex, "kt": kt,
            "x_train": mnist.x_train.astype("float32") / 255, "y_train": mnist.y_train}


# --- q1: Maxout, right and wrong -------------------------------------------------------------------

class Maxout(keras.layers.Layer):
    def __init__(self, units, pieces=2, **kwargs):
        super().__init__(**kwargs)
        self.units, self.pieces = units, pieces

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units, self.pieces), name="kernel")
        self.bias = self.add_weight(shape=(self.units, self.pieces), initializer="zeros", name="bias")

    def pieces_of(self, x):
        return ops.tensordot(x, self.kernel, axes=1) + self.bias

    def call(self, x):
        return ops.max(self.pieces_of(x), axis=-1)

    def compute_output_shape(self, input_shape):
        return (*input_shape[:-1], self.units)

    def get_config(self):
        return {**super().get_config(), "units": self.units, "pieces": self.pieces}


class MeanOut(Maxout):
    def call(self, x):
        return ops.mean(self.pieces_of(x), axis=-1)


class ForgetsPieces(Maxout):
    def get_config(self):
        config = super().get_config()
        del config["pieces"]
        return config


class NoPiecesDefault(Maxout):
    def __init__(self, units, pieces, **kwargs):
        super().__init__(units, pieces, **kwargs)

    def get_config(self):
        return {**keras.layers.Layer.get_config(self), "units": self.units}


class SameShape(Maxout):
    def compute_output_shape(self, input_shape):
        return input_shape


class NoOutputShape(keras.layers.Layer):
    def __init__(self, units, pieces, **kwargs):
        super().__init__(**kwargs)
        self.units, self.pieces = units, pieces

    def call(self, x):
        return x


class WeightsInInit(Maxout):
    def __init__(self, units, pieces, **kwargs):
        super().__init__(units, pieces, **kwargs)
        self.kernel = self.add_weight(shape=(5, units, pieces), name="kernel")


def test_solutions_pass(namespace):
    for problem in PROBLEMS:
        result = run_solution(problem, namespace)
        assert result.outcome is Outcome.CORRECT, (problem.name, result.message)


def test_q1_a_right_class_written_differently_passes():
    assert ex.q1.check(Maxout).outcome is Outcome.CORRECT


def test_q1_wrong_answers():
    assert "not the maximum over the pieces" in ex.q1.check(MeanOut).message
    assert "get_config must return units and pieces" in ex.q1.check(ForgetsPieces).message
    message = ex.q1.check(NoPiecesDefault).message
    assert message.startswith("NoPiecesDefault.from_config(layer.get_config()) raised TypeError")
    assert message.endswith("get_config must return every argument of __init__ (units and pieces).")
    assert "compute_output_shape((None, 5)) returned (None, 5) for units=3" in ex.q1.check(SameShape).message
    assert "no compute_output_shape(input_shape) method" in ex.q1.check(NoOutputShape).message
    assert "create them in build(input_shape)" in ex.q1.check(WeightsInInit).message
    assert "pass the class itself (Maxout), not a layer" in ex.q1.check(Maxout(3, 4)).message
    assert "expected a class that subclasses keras.layers.Layer" in ex.q1.check("Maxout").message
    assert "Maxout(units=3, pieces=4) raised TypeError" in ex.q1.check(type(
        "Maxout", (keras.layers.Layer,), {"__init__": lambda self, size: None})).message


# --- q2: MyDropout, wrong answers --------------------------------------------------------------------

class Dropper(keras.layers.Layer):
    scale_kept = True
    follow_training = True
    invert = False

    def __init__(self, rate, **kwargs):
        super().__init__(**kwargs)
        self.rate = rate
        self.seed_generator = keras.random.SeedGenerator(1)

    def draw(self, x):
        return keras.random.uniform(ops.shape(x), seed=self.seed_generator)

    def call(self, x, training=False):
        if self.follow_training and not training:
            return x
        keep = self.draw(x) < self.rate if self.invert else self.draw(x) >= self.rate
        return ops.where(keep, x / (1 - self.rate) if self.scale_kept else x, 0.0)


class Unscaled(Dropper):
    scale_kept = False


class AlwaysDrops(Dropper):
    follow_training = False


class KeepsRate(Dropper):
    invert = True


class NeverDrops(Dropper):
    def call(self, x):
        return x


class FixedSeed(Dropper):
    def draw(self, x):
        return keras.random.uniform(ops.shape(x), seed=3)


def test_q2_a_right_class_passes():
    assert ex.q2.check(Dropper).outcome is Outcome.CORRECT


def test_q2_wrong_answers():
    message = ex.q2.check(Unscaled).message
    assert "should be scaled by 1 / (1 − rate) = 1.3333, so the expected sum stays the same" in message
    assert message.endswith("yours became [1.0].")
    assert "at inference (training=False, as in predict) AlwaysDrops(0.25) changed its input" in ex.q2.check(
        AlwaysDrops).message
    assert "KeepsRate(0.25) dropped 75% of the units, not 25%" in ex.q2.check(KeepsRate).message
    assert "drops the same units at every call" in ex.q2.check(FixedSeed).message
    assert "with training=True NeverDrops(0.25) dropped nothing" in ex.q2.check(NeverDrops).message
    assert "expected a class" in ex.q2.check(0.5).message


# --- q3: a subclassed residual model, wrong answers -------------------------------------------------

class Plain(keras.Model):
    def __init__(self, hidden=32):
        super().__init__()
        self.flatten = keras.layers.Flatten()
        self.first = keras.layers.Dense(hidden, activation="relu")
        self.second = keras.layers.Dense(hidden, activation="relu")
        self.classifier = keras.layers.Dense(10, activation="softmax")

    def call(self, x):
        return self.classifier(self.second(self.first(self.flatten(x))))


class Residual(Plain):
    def call(self, x):
        h = self.first(self.flatten(x))
        return self.classifier(h + self.second(h))


class FlatResidual(Residual):
    def call(self, x):
        h = self.first(x)
        return self.classifier(h + self.second(h))


def built(model, shape=(28, 28)):
    model(held_out_mnist()[0][:2].reshape(2, *shape))
    return model


def test_q3_wrong_answers():
    keras.utils.set_random_seed(0)
    assert "has no skip connection" in ex.q3.check(built(Plain())).message
    message = ex.q3.check(built(Residual())).message
    assert message.startswith("accuracy 0.") and "the 2,000 held-out MNIST digits, 0.90 needed" in message
    message = ex.q3.check(built(FlatResidual(), (784,))).message
    assert message.startswith("accuracy 0.") and "0.90 needed" in message
    assert "no weights yet" in ex.q3.check(Residual()).message
    functional = keras.Sequential([keras.Input((784,)), keras.layers.Dense(32), keras.layers.Dense(10)])
    assert "that is a Sequential model; the task asks for a subclass" in ex.q3.check(functional).message
    message = ex.q3.check(built(Residual(hidden=16))).message
    assert "kernels of shapes [(784, 16), (16, 16), (16, 10)], the task asks for three" in message
    assert "expected a Keras model" in ex.q3.check(Residual).message


# --- q4: the layer whose kernel never trains ------------------------------------------------------

class Hidden(keras.layers.Layer):
    kernel_trainable = True

    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units), name="kernel",
                                      trainable=self.kernel_trainable)
        self.bias = self.add_weight(shape=(self.units,), initializer="zeros", name="bias")

    def call(self, x):
        return ops.relu(ops.matmul(x, self.kernel) + self.bias)


class ConstantKernel(Hidden):
    """The lesson's broken layer."""

    def build(self, input_shape):
        self.kernel = ops.convert_to_tensor(keras.random.normal((input_shape[-1], self.units), stddev=0.05))
        self.bias = self.add_weight(shape=(self.units,), initializer="zeros", name="bias")


class FrozenKernel(Hidden):
    kernel_trainable = False


class NoRelu(Hidden):
    def call(self, x):
        return ops.matmul(x, self.kernel) + self.bias


def test_q4_the_broken_layer_trains_only_its_bias():
    layer = ConstantKernel(4)
    layer.build((None, 10))
    assert [tuple(weight.shape) for weight in layer.trainable_weights] == [(4,)]


def test_q4_right_and_wrong_answers():
    assert ex.q4.check(Hidden).outcome is Outcome.CORRECT
    message = ex.q4.check(ConstantKernel).message
    assert "a constant and not a weight" in message and "self.add_weight" in message
    assert "made with trainable=False" in ex.q4.check(FrozenKernel).message
    assert "not relu(x · kernel + bias)" in ex.q4.check(NoRelu).message
    assert "pass the class itself (Hidden)" in ex.q4.check(Hidden(3)).message
