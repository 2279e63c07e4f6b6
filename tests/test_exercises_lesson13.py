import h5py
import keras
import numpy as np
import pytest
from exercise_helpers import run_solution

from kerastutor.exercises import Outcome
from kerastutor.exercises import lesson13 as ex


@pytest.fixture(scope="module")
def lesson(tmp_path_factory):
    """The lesson's variables the solutions use."""
    keras.utils.set_random_seed(13)
    workdir = tmp_path_factory.mktemp("lesson13")
    return {"keras": keras, "np": np, "h5py": h5py, "ex": ex, "workdir": workdir}


def test_solutions_pass_in_order(lesson):
    namespace = dict(lesson)
    for problem in (ex.q1, ex.q2, ex.q3, ex.q4):
        result = run_solution(problem, namespace)
        assert result.outcome is Outcome.CORRECT, (problem.name, result.message)


def mlp(*units, activation="relu", flat=False):
    first = [keras.Input(shape=(784,))] if flat else [keras.Input(shape=(28, 28)), keras.layers.Flatten()]
    return keras.Sequential(first + [keras.layers.Dense(n, activation=activation) for n in units]
                            + [keras.layers.Dense(10, activation="softmax")])


def test_q1_accepts_a_flat_input_too():
    assert ex.q1.check(mlp(48, 24, flat=True)).outcome is Outcome.CORRECT


def test_q1_wrong_answers():
    wider = ex.q1.check(mlp(64, 24)).message
    assert "a weight of shape (784, 64) where the file has (784, 48)" in wider and "h5py" in wider
    assert "where the file has (48, 24)" in ex.q1.check(mlp(48)).message
    sigmoid = ex.q1.check(mlp(48, 24, activation="sigmoid")).message
    assert "takes the weights but predicts differently" in sigmoid and "relu" in sigmoid
    assert "expected a Keras model" in ex.q1.check("mystery.weights.h5").message


def test_q2_wrong_answers():
    assert "expected a function" in ex.q2.check(42).message
    message = ex.q2.check(lambda path: 171).message
    assert "for a file saved after 3 optimizer steps, your function returned 171" in message

    def count_datasets(path):
        with h5py.File(path, "r") as f:
            return len(f["optimizer_weights"].attrs["weight_names"])

    assert "saved after 3 optimizer steps, your function returned 10" in ex.q2.check(count_datasets).message

    def wrong_place(path):
        with h5py.File(path, "r") as f:
            return int(f["model_weights"]["iteration"][()])

    assert "your function raised KeyError" in ex.q2.check(wrong_place).message
    assert "returned str 'adam/iteration'" in ex.q2.check(lambda path: "adam/iteration").message


def test_q3_the_broken_resume_really_jumps(tmp_path):
    checkpoint = ex.scheduled_checkpoint(tmp_path)
    x, y = ex.resume_data()
    broken = keras.saving.load_model(checkpoint, compile=False)
    broken.compile(optimizer=keras.optimizers.Adam(ex.resume_schedule()),
                   loss="sparse_categorical_crossentropy")
    jumped = broken.fit(x, y, batch_size=50, epochs=5, initial_epoch=4, shuffle=False, verbose=0)
    fixed = keras.saving.load_model(checkpoint)
    resumed = fixed.fit(x, y, batch_size=50, epochs=5, initial_epoch=4, shuffle=False, verbose=0)
    last_saved_epoch = ex._scheduled_model()[1]
    assert jumped.history["loss"][0] > 1.2 * last_saved_epoch > 1.2 * resumed.history["loss"][0]
    assert ex.q3.check(fixed).outcome is Outcome.CORRECT
    message = ex.q3.check(broken).message
    assert "counts 20 steps, the checkpoint's 80: it is a fresh optimizer" in message
    assert "at 0.01 instead of 8.1e-05" in message


def test_q3_wrong_answers(tmp_path):
    checkpoint = ex.scheduled_checkpoint(tmp_path)
    x, y = ex.resume_data()
    untouched = keras.saving.load_model(checkpoint)
    assert "still the checkpoint (80 optimizer steps)" in ex.q3.check(untouched).message
    two_epochs = keras.saving.load_model(checkpoint)
    two_epochs.fit(x, y, batch_size=50, epochs=6, initial_epoch=4, shuffle=False, verbose=0)
    assert "counts 120 steps: the checkpoint's 80 plus 40" in ex.q3.check(two_epochs).message
    other = keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Flatten(),
                              keras.layers.Dense(10, activation="softmax")])
    assert "do not have the checkpoint's shapes" in ex.q3.check(other).message
    bare = keras.saving.load_model(checkpoint, compile=False)
    assert "has no optimizer" in ex.q3.check(bare).message


@keras.saving.register_keras_serializable(package="kt_test_wrong")
class Double(keras.layers.Layer):
    def call(self, inputs):
        return inputs * 2.0


class Unregistered(keras.layers.Layer):
    def call(self, inputs):
        return keras.ops.log1p(inputs)


@keras.saving.register_keras_serializable(package="kt_test_right")
class Log1p(keras.layers.Layer):
    def call(self, inputs):
        return keras.ops.log1p(inputs)


def digits_model(middle, shape=(28, 28)):
    return keras.Sequential([keras.Input(shape=shape), middle, keras.layers.Flatten(),
                             keras.layers.Dense(10, activation="softmax")])


def test_q4_right_and_wrong_answers():
    assert ex.q4.check(digits_model(Log1p())).outcome is Outcome.CORRECT
    with_lambda = digits_model(keras.layers.Lambda(lambda t: keras.ops.log1p(t), name="logs"))
    assert "still has a Lambda layer (logs)" in ex.q4.check(with_lambda).message
    message = ex.q4.check(digits_model(Unregistered())).message
    assert "cannot find your class 'Unregistered'" in message and "register_keras_serializable" in message
    assert "does not compute log(1 + x)" in ex.q4.check(digits_model(Double())).message
    assert "shape (32, 32)" in ex.q4.check(digits_model(Log1p(), shape=(32, 32))).message
    no_custom = digits_model(keras.layers.Rescaling(1 / 255))
    assert "no layer class of your own" in ex.q4.check(no_custom).message
    assert "expected a Keras model" in ex.q4.check("Log1p").message
