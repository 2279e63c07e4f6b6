import math

import keras
import numpy as np
import pytest
from exercise_helpers import run_solution

from kerastutor import datasets
from kerastutor.exercises import Outcome
from kerastutor.exercises import lesson04 as ex

L = keras.layers
PROBLEMS = (ex.q1, ex.q2, ex.q3, ex.q4, ex.q5)


@pytest.fixture(scope="module")
def mnist():
    return datasets.load("mnist", train_size=8000, test_size=2000)


@pytest.fixture
def namespace(mnist):
    """The lesson's variables its solutions use: MNIST training digits scaled to [0, 1]."""
    keras.utils.set_random_seed(4)
    return {"keras": keras, "np": np, "L": L, "ex": ex, "rng": np.random.default_rng(4),
            "x_train": mnist.x_train.astype("float32") / 255, "y_train": mnist.y_train}


def cnn(filters=(16, 32), pool_twice=True):
    pools = [L.MaxPooling2D(2)] if pool_twice else []
    return keras.Sequential([
        keras.Input(shape=(28, 28)), L.Reshape((28, 28, 1)),
        L.Conv2D(filters[0], 5, activation="relu"), L.MaxPooling2D(2),
        L.Conv2D(filters[1], 5, activation="relu"), *pools,
        L.Flatten(), L.Dense(10, activation="softmax"),
    ])


def merge_model(second=lambda a, b: L.Subtract()([a, b]), order="sum first"):
    a, b = keras.Input(shape=(4,)), keras.Input(shape=(4,))
    total, other = L.Add()([a, b]), second(a, b)
    parts = [total, other] if order == "sum first" else [other, total]
    return keras.Model([a, b], L.Concatenate()(parts))


def sentence_model(mask_zero=True, wrap=True, return_sequences=False, input_dim=20):
    tokens = keras.Input(shape=(None,), dtype="int32")
    vectors = L.Embedding(input_dim, 8, mask_zero=mask_zero)(tokens)
    lstm = L.LSTM(8, return_sequences=return_sequences)
    encoded = L.Bidirectional(lstm)(vectors) if wrap else lstm(vectors)
    return keras.Model(tokens, L.Dense(1, activation="sigmoid")(encoded))


def test_solutions_pass(namespace):
    for problem in PROBLEMS:
        result = run_solution(problem, namespace)
        assert result.outcome is Outcome.CORRECT, (problem.name, result.message)


def test_q1_wrong_answers():
    assert "expected a Keras model" in ex.q1.check("cnn").message
    mlp = keras.Sequential([keras.Input((28, 28)), L.Flatten(), L.Dense(128, activation="relu"), L.Dense(10)])
    assert "no Conv2D layer" in ex.q1.check(mlp).message
    message = ex.q1.check(cnn(pool_twice=False)).message
    assert message.startswith("your model has 33,738 parameters; the task allows 25,442")
    assert "pool before Flatten" in message
    keras.utils.set_random_seed(0)
    untrained = ex.q1.check(cnn()).message
    assert untrained.startswith("accuracy 0.") and "0.96 needed" in untrained
    channels_first = keras.Sequential([keras.Input((1, 28, 28)), L.Conv2D(4, 3, data_format="channels_first"),
                                       L.GlobalAveragePooling2D(data_format="channels_first"), L.Dense(10)])
    assert "MNIST digits are (28, 28)" in ex.q1.check(channels_first).message


def test_q2_wrong_answers():
    def no_strides(length, kernel_size, strides, padding):
        return length if padding == "same" else length - kernel_size + 1

    def floor_same(length, kernel_size, strides, padding):
        return length // strides if padding == "same" else (length - kernel_size) // strides + 1

    message = ex.q2.check(no_strides).message
    assert message == ("out_length(10, 3, 2, 'valid') returned 8, but Conv1D(filters, kernel_size=3, "
                       "strides=2, padding='valid') makes 10 steps into 4.")
    message = ex.q2.check(floor_same).message
    assert "out_length(18, 1, 4, 'same') returned 4, but Conv1D(filters, kernel_size=1, strides=4, " \
        "padding='same') makes 18 steps into 5." == message
    assert "returned (8,); return one whole number" in ex.q2.check(lambda n, k, s, p: (n - k + 1,)).message
    assert "expected a function" in ex.q2.check(8).message
    assert "raised ZeroDivisionError" in ex.q2.check(lambda n, k, s, p: n // 0).message
    float_answer = ex.q2.check(lambda n, k, s, p: math.ceil(n / s) if p == "same" else (n - k) / s + 1)
    assert float_answer.outcome is Outcome.INCORRECT and "returned 4.5" in float_answer.message


def test_q3_wrong_answers():
    message = ex.q3.check(merge_model(second=lambda a, b: L.Subtract()([b, a]))).message
    assert "the last 4 output values are b − a" in message
    assert "first 4 output values are not a + b" in ex.q3.check(merge_model(order="difference first")).message
    assert "the last 4 output values are not a − b" in ex.q3.check(
        merge_model(second=lambda a, b: L.Subtract()([L.Multiply()([a, b]), b]))).message
    a, b = keras.Input(shape=(4,)), keras.Input(shape=(4,))
    two_outputs = keras.Model([a, b], [L.Add()([a, b]), L.Subtract()([a, b])])
    assert "has 2 outputs, the task asks for one" in ex.q3.check(two_outputs).message
    one_input = keras.Model(a, L.Dense(8)(a))
    assert "1 input(s), the task asks for 2" in ex.q3.check(one_input).message
    joined = L.Lambda(lambda t: keras.ops.concatenate([t[0] + t[1], t[0] - t[1]]))([a, b])
    lambda_model = keras.Model([a, b], joined)
    assert "no Add layer" in ex.q3.check(lambda_model).message


def test_q4_wrong_answers():
    assert "pass mask_zero=True" in ex.q4.check(sentence_model(mask_zero=False)).message
    assert "no Bidirectional layer" in ex.q4.check(sentence_model(wrap=False)).message
    assert "returns every step (return_sequences=True)" in ex.q4.check(
        sentence_model(return_sequences=True)).message
    assert "input_dim=10, but the ids run up to 19" in ex.q4.check(sentence_model(input_dim=10)).message
    fixed = keras.Input(shape=(5,), dtype="int32")
    fixed_model = keras.Model(fixed, L.Dense(1)(L.Flatten()(L.Embedding(20, 8)(fixed))))
    assert "inputs of shape (5,); sentences of any length" in ex.q4.check(fixed_model).message


@pytest.mark.filterwarnings("ignore:Layer 'lambda")
def test_q4_padding_that_reaches_the_lstm_unmasked_is_caught():
    tokens = keras.Input(shape=(None,), dtype="int32")
    vectors = L.Embedding(20, 8, mask_zero=True)(tokens)
    unmasked = L.Lambda(lambda t: t * 1.0)(vectors)   # Lambda passes no mask on
    encoded = L.Bidirectional(L.LSTM(8))(unmasked)
    model = keras.Model(tokens, L.Dense(1, activation="sigmoid")(encoded))
    message = ex.q4.check(model).message
    assert message.startswith("padding changes your model's prediction (")
    assert message.endswith("the mask must reach the LSTM.")


def test_q5_the_broken_network_stays_dead_when_trained(mnist):
    broken = ex.broken_cnn()
    broken.fit(mnist.x_train[:2000] / 255, mnist.y_train[:2000], batch_size=64, epochs=1, verbose=0)
    message = ex.q5.check(broken).message
    assert message.startswith("layer 'conv_2' still outputs only zeros on 500 held-out digits")
    assert "kt.inspect(model).weights('conv_2')" in message


def test_q5_other_wrong_answers(mnist):
    assert "no layer 'conv_1'" in ex.q5.check(cnn()).message
    repaired_untrained = ex.broken_cnn()
    layer = repaired_untrained.get_layer("conv_2")
    kernel, bias = layer.get_weights()
    layer.set_weights([kernel, np.zeros_like(bias)])
    message = ex.q5.check(repaired_untrained).message
    assert message.startswith("accuracy 0.") and "0.95 needed" in message
    assert "expected a Keras model" in ex.q5.check(None).message
