import keras
import numpy as np
import pytest
from exercise_helpers import run_solution

import kerastutor as kt
from kerastutor import datasets
from kerastutor.exercises import Outcome
from kerastutor.exercises import lesson11 as ex
from kerastutor.exercises.checks import held_out_digits


@pytest.fixture(scope="module")
def namespace():
    """The lesson's names the solutions use: its sparse regression data and its split of the digits."""
    from sklearn.datasets import load_digits

    keras.utils.set_random_seed(11)
    rng = np.random.default_rng(0)
    x_lin = rng.normal(size=(80, 100)).astype("float32")
    y_fit = (x_lin @ ex.TRUE_WEIGHTS + rng.normal(scale=0.5, size=80)).astype("float32")
    digits = load_digits()
    x_digits = (digits.data / 16.0).astype("float32")
    order = np.random.default_rng(0).permutation(len(x_digits))
    mnist = mnist_digits()
    return {"keras": keras, "np": np, "ex": ex, "kt": kt, "x_fit": x_lin, "y_fit": y_fit,
            "x_train": x_digits[order[360:]], "y_train": digits.target[order[360:]],
            "x_test": x_digits[order[:360]], "x_mnist": mnist[0], "y_mnist": mnist[1]}


def mnist_digits():
    """The lesson's 2,000 MNIST training digits, scaled as its section on deep stacks scales them."""
    mnist = datasets.load("mnist", train_size=2000, test_size=500)
    return mnist.x_train.astype("float32") / 255, mnist.y_train


def test_solutions_pass_in_order(namespace):
    for problem in (ex.q1, ex.q2, ex.q3, ex.q4, ex.q5):
        result = run_solution(problem, namespace)
        assert result.outcome is Outcome.CORRECT, (problem.name, result.message)


def deep(initializer="he_normal", depth=8, activation="relu"):
    keras.utils.set_random_seed(1)
    return keras.Sequential([keras.Input((256,))] + [
        keras.layers.Dense(256, activation=activation, kernel_initializer=initializer) for _ in range(depth)])


def test_q1_wrong_answers():
    message = ex.q1.check(deep("glorot_uniform")).message
    assert "spread (root mean square) shrinks from 0.7" in message and "between 0.5 and 2" in message
    message = ex.q1.check(deep(keras.initializers.RandomNormal(stddev=0.01))).message
    assert "shrinks" in message
    assert "grows" in ex.q1.check(deep(keras.initializers.RandomNormal(stddev=0.2))).message
    assert "every kernel weight equal" in ex.q1.check(deep(keras.initializers.Constant(1 / 256))).message
    assert "uses 'tanh'" in ex.q1.check(deep(activation="tanh")).message
    assert "7 Dense layers, the task asks for 8" in ex.q1.check(deep(depth=7)).message
    assert ex.q1.check(deep("he_uniform")).outcome is Outcome.CORRECT


def linear(regularizer, weights):
    model = keras.Sequential([keras.Input((100,)), keras.layers.Dense(1, kernel_regularizer=regularizer)])
    model.layers[0].kernel.assign(np.asarray(weights, dtype="float32").reshape(100, 1))
    return model


def test_q2_wrong_answers():
    spread = np.random.default_rng(5).normal(scale=0.1, size=100)
    message = ex.q2.check(linear(keras.regularizers.l2(0.05), ex.TRUE_WEIGHTS + spread)).message
    assert "of your 95 useless weights are below 0.05 in absolute value, 85 needed" in message
    message = ex.q2.check(linear(keras.regularizers.l1(1.0), ex.TRUE_WEIGHTS * 0.3)).message
    assert "mean squared error is" in message and "also shrinks the five weights that matter" in message
    assert "no kernel_regularizer" in ex.q2.check(linear(None, ex.TRUE_WEIGHTS)).message
    assert ex.q2.check(linear(keras.regularizers.l1(0.1), ex.TRUE_WEIGHTS)).outcome is Outcome.CORRECT


class ClipWeights(keras.constraints.Constraint):
    def __init__(self, limit):
        self.limit = limit

    def __call__(self, w):
        return keras.ops.clip(w, -self.limit, self.limit)

    def get_config(self):
        return {"limit": self.limit}


class ClipPositive(ClipWeights):
    def __call__(self, w):
        return keras.ops.clip(w, 0.0, self.limit)


class NoConfig(ClipWeights):
    def get_config(self):
        return {}


class NormInstead(ClipWeights):
    def __call__(self, w):
        return keras.constraints.MaxNorm(self.limit)(w)


def test_q3_wrong_answers():
    assert ex.q3.check(ClipWeights).outcome is Outcome.CORRECT
    assert "also sets negative weights to 0" in ex.q3.check(ClipPositive).message
    assert "from_config(constraint.get_config()) raised TypeError" in ex.q3.check(NoConfig).message
    assert "does not return the weights clipped into [-0.05, 0.05]" in ex.q3.check(NormInstead).message
    assert "pass the class itself" in ex.q3.check(ClipWeights(0.05)).message
    assert "expected a class that subclasses keras.constraints.Constraint" in ex.q3.check(np.clip).message
    assert "not return the weights clipped" in ex.q3.check(keras.constraints.max_norm).message


def test_q4_the_stuck_model_has_a_dead_layer_and_wrong_answers_fail():
    stuck = ex.stuck_model()
    outputs = kt.activations(stuck, held_out_digits()[0])
    assert outputs["hidden_1"].any() and not outputs["hidden_2"].any()
    message = ex.q4.check(stuck).message
    assert message.startswith("layer 'hidden_2' outputs 0 for every one of the 359 held-out digits")
    fresh = ex.stuck_model()
    layer = fresh.get_layer("hidden_2")
    layer.kernel.assign(keras.initializers.HeNormal(seed=0)(layer.kernel.shape))
    message = ex.q4.check(fresh).message
    assert message.startswith("accuracy 0.") and "held-out digits, 0.90 needed" in message
    smaller = keras.Sequential([keras.Input((64,)), keras.layers.Dense(16), keras.layers.Dense(10)])
    assert "2 Dense layers, the task asks for 4" in ex.q4.check(smaller).message


def test_q5_the_deep_stuck_model_has_no_gradient_below_hidden_4_and_wrong_answers_fail():
    x_mnist, y_mnist = mnist_digits()
    stuck = ex.deep_stuck_model()
    stats = kt.LayerStats(sample=(x_mnist[:64], y_mnist[:64]))
    stuck.fit(x_mnist[:256], y_mnist[:256], epochs=1, verbose=0, callbacks=[stats])
    norms = dict(zip(stats.history["layer"][-9:], stats.history["gradient_norm"][-9:]))
    assert [name for name, norm in norms.items() if norm == 0] == [f"hidden_{i}" for i in range(1, 5)]
    assert any(sentence.startswith("vanishing gradients") for sentence in stats.problems())
    message = ex.q5.check(stuck).message
    assert message.startswith("on 256 held-out digits the gradient norm of 'hidden_1' is 0.0e+00 times "
                              "that of 'digit' (at least 0.01 needed): hidden_1, hidden_2, hidden_3, "
                              "hidden_4 barely learn")
    wrong_layer = ex.deep_stuck_model()   # a fresh first layer does not help: hidden_4 blocks the gradient
    layer = wrong_layer.get_layer("hidden_1")
    layer.kernel.assign(keras.initializers.HeNormal(seed=0)(layer.kernel.shape))
    assert "hidden_4 barely learn or not at all" in ex.q5.check(wrong_layer).message
    untrained = ex.deep_stuck_model()
    layer = untrained.get_layer("hidden_4")
    layer.bias.assign(keras.initializers.Zeros()(layer.bias.shape))
    message = ex.q5.check(untrained).message
    assert message.startswith("accuracy 0.") and "the 2,000 held-out MNIST digits, 0.80 needed" in message
    shallow = keras.Sequential([keras.Input((28, 28)), keras.layers.Flatten(), keras.layers.Dense(10)])
    assert "1 Dense layer, the task asks for 9" in ex.q5.check(shallow).message
    flat = keras.Sequential([keras.Input((28, 28, 3)), keras.layers.Flatten(), keras.layers.Dense(10)])
    assert "MNIST digits are (28, 28)" in ex.q5.check(flat).message
