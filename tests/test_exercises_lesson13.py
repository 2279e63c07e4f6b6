import logging

import h5py
import keras
import numpy as np
import pytest
from exercise_helpers import run_solution

from kerastutor.exercises import Outcome
from kerastutor.exercises import lesson13 as ex


def build_model(compile=True):
    """The lesson's digits classifier."""
    model = keras.Sequential([keras.Input(shape=(64,)),
                              keras.layers.Dense(32, activation="relu", name="hidden"),
                              keras.layers.Dense(10, activation="softmax", name="digit")], name="digits")
    if compile:
        model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.001),
                      loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def quiet_save(model, path):
    """model.save without Keras's legacy-format log line."""
    logger = logging.getLogger("absl")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        model.save(path)
    finally:
        logger.setLevel(level)


@pytest.fixture(scope="module")
def lesson(tmp_path_factory):
    """The lesson's variables: the digits training split, the 5-epoch checkpoint, the resumed model."""
    from sklearn.datasets import load_digits

    keras.utils.set_random_seed(13)
    digits = load_digits()
    x = (digits.images.astype("float32") / 16.0).reshape(len(digits.images), 64)
    order = np.random.default_rng(0).permutation(len(x))
    train = order[len(x) // 5:]
    x_train, y_train = x[train], digits.target[train]
    workdir = tmp_path_factory.mktemp("lesson13")
    model = build_model()
    model.fit(x_train, y_train, batch_size=32, epochs=5, verbose=0)
    keras_path = workdir / "digits.keras"
    model.save(keras_path)
    resumed = keras.saving.load_model(keras_path)
    resumed.fit(x_train, y_train, batch_size=32, epochs=6, initial_epoch=5, verbose=0)
    return {"keras": keras, "np": np, "h5py": h5py, "ex": ex, "workdir": workdir, "x_train": x_train,
            "y_train": y_train, "keras_path": keras_path, "resumed": resumed}


def test_solutions_pass_in_order(lesson):
    namespace = dict(lesson)
    for problem in (ex.q1, ex.q2, ex.q3, ex.q4):
        result = run_solution(problem, namespace)
        assert result.outcome is Outcome.CORRECT, (problem.name, result.message)


def test_q1_accepts_the_pair_in_either_order(lesson, tmp_path):
    path = tmp_path / "copy.keras"
    lesson["resumed"].save(path)
    assert ex.q1.check((str(path), lesson["resumed"])).outcome is Outcome.CORRECT


def test_q1_wrong_answers(lesson, tmp_path):
    resumed = lesson["resumed"]
    assert "expected a pair (model, path)" in ex.q1.check("model.keras").message
    assert "there is no file at" in ex.q1.check((resumed, tmp_path / "missing.keras")).message
    assert "legacy HDF5 file" in ex.q1.check((resumed, tmp_path / "model.h5")).message
    weights = tmp_path / "model.weights.h5"
    resumed.save_weights(weights)
    assert "weights-only file" in ex.q1.check((resumed, weights)).message
    assert "should end in .keras" in ex.q1.check((resumed, tmp_path / "my_model")).message

    keras.utils.set_random_seed(0)
    changed = build_model()
    changed.fit(lesson["x_train"][:64], lesson["y_train"][:64], epochs=1, verbose=0)
    early = tmp_path / "early.keras"
    changed.save(early)
    changed.train_on_batch(lesson["x_train"][:32], lesson["y_train"][:32])
    assert "changed after you saved it" in ex.q1.check((changed, early)).message

    h5_first = tmp_path / "first.h5"
    quiet_save(changed, h5_first)                 # drops the optimizer from the compile settings
    late = tmp_path / "late.keras"
    changed.save(late)
    message = ex.q1.check((changed, late)).message
    assert "fresh RMSprop optimizer, your model uses Adam" in message and "before any .h5 file" in message


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


def test_q3_wrong_answers(lesson, tmp_path):
    keras_path, x_train, y_train = lesson["keras_path"], lesson["x_train"], lesson["y_train"]
    assert "there is no checkpoint" in ex.q3.check((lesson["resumed"], tmp_path / "nothing.keras")).message

    untouched = keras.saving.load_model(keras_path)
    assert "is the checkpoint as it was (225 optimizer steps)" in ex.q3.check((untouched, keras_path)).message

    restarted = keras.saving.load_model(keras_path, compile=False)
    restarted.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    restarted.fit(x_train, y_train, batch_size=32, epochs=1, verbose=0)
    message = ex.q3.check((restarted, keras_path)).message
    assert "has taken 45 steps, fewer than the 225 saved in the checkpoint" in message

    other = keras.Sequential([keras.Input(shape=(64,)), keras.layers.Dense(10, activation="softmax")])
    assert "do not have the checkpoint's shapes" in ex.q3.check((other, keras_path)).message

    worse = keras.saving.load_model(keras_path)
    worse.set_weights([np.zeros_like(w) for w in worse.get_weights()])
    worse.optimizer.iterations.assign(300)
    message = ex.q3.check((keras_path, worse)).message
    assert "training made it worse" in message and "to 2.303" in message


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


def digits_model(middle, inputs=64):
    return keras.Sequential([keras.Input(shape=(inputs,)), middle,
                             keras.layers.Dense(10, activation="softmax")])


def test_q4_right_and_wrong_answers():
    assert ex.q4.check(digits_model(Log1p())).outcome is Outcome.CORRECT
    with_lambda = digits_model(keras.layers.Lambda(lambda t: keras.ops.log1p(t), name="logs"))
    assert "still has a Lambda layer (logs)" in ex.q4.check(with_lambda).message
    message = ex.q4.check(digits_model(Unregistered())).message
    assert "cannot find your class 'Unregistered'" in message and "register_keras_serializable" in message
    assert "does not compute log(1 + x)" in ex.q4.check(digits_model(Double())).message
    assert "shape (32,)" in ex.q4.check(digits_model(Log1p(), inputs=32)).message
    no_custom = digits_model(keras.layers.Rescaling(1 / 16))
    assert "no layer class of your own" in ex.q4.check(no_custom).message
    assert "expected a Keras model" in ex.q4.check("Log1p").message
