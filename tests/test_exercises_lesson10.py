import keras
import numpy as np
import pytest
from exercise_helpers import run_solution

import kerastutor as kt
from kerastutor.exercises import Outcome
from kerastutor.exercises import lesson10 as ex

PROBLEMS = (ex.q1, ex.q2, ex.q3, ex.q4, ex.q5, ex.q6)


def binary_net():
    """The lesson's binary_model: 2 features -> Dense(8, relu) -> Dense(1, sigmoid)."""
    return keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(8, activation="relu"),
                             keras.layers.Dense(1, activation="sigmoid")])


@pytest.fixture
def namespace():
    """The lesson's variables: its digits split, the uncompiled binary model and exercise 6's runs."""
    keras.utils.set_random_seed(10)
    x_train, y_train, x_val, y_val = ex.digits_split()
    return {"keras": keras, "np": np, "kt": kt, "ex": ex, "x_train": x_train, "y_train": y_train,
            "x_val": x_val, "y_val": y_val, "binary_model": binary_net(), "lr_runs": ex.learning_rate_runs()}


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


def lowest_validation_losses():
    """Each of exercise 6's runs: (its learning rate, the epoch of its lowest val_loss, that loss)."""
    return [(rate, int(np.argmin(run["val_loss"])) + 1, min(run["val_loss"]))
            for rate, run in zip(ex.Q6_RATES, ex.learning_rate_runs().values())]


def test_q6_runs_are_the_same_every_call_and_unharmed_by_the_learner():
    runs = ex.learning_rate_runs()
    assert list(runs) == ["lr=0.003", "lr=0.03"]
    assert all(len(run["val_loss"]) == ex.Q6_EPOCHS for run in runs.values())
    runs["lr=0.03"]["val_loss"].clear()
    assert len(ex.learning_rate_runs()["lr=0.03"]["val_loss"]) == ex.Q6_EPOCHS


def test_q6_accepts_the_best_epoch_as_a_number_or_a_run_name():
    rate, epoch, _ = min(lowest_validation_losses(), key=lambda best: best[2])
    assert ex.q6.check((rate, epoch))
    assert ex.q6.check([f"lr={rate:g}", np.int64(epoch)])


def test_q6_wrong_answers():
    bests = sorted(lowest_validation_losses(), key=lambda best: best[2])
    (rate, epoch, _), (other_rate, other_epoch, other_lowest) = bests[0], bests[1]
    message = ex.q6.check((other_rate, other_epoch)).message
    assert message.startswith(f"lr={other_rate:g}'s validation loss is lowest at epoch {other_epoch}, "
                              f"{other_lowest:.3f}; the other run gets lower.")
    losses = ex.learning_rate_runs()[f"lr={rate:g}"]["val_loss"]
    worst = int(np.argmax(losses)) + 1            # far above the lowest: the first epochs
    assert worst != ex.Q6_EPOCHS
    assert (f"the right run, but at epoch {worst} its validation loss is {losses[worst - 1]:.3f}, above its "
            "lowest") in ex.q6.check((rate, worst)).message
    assert "no run used learning_rate=0.01" in ex.q6.check((0.01, epoch)).message
    assert "kt.compare counts them from 1 to 10" in ex.q6.check((rate, 0)).message
    assert "give two things in a pair" in ex.q6.check(rate).message
    assert "the second item is an epoch" in ex.q6.check((rate, 2.5)).message
    assert "the first item is the learning rate" in ex.q6.check(("Adam", epoch)).message


def test_q6_on_runs_made_up_for_the_test(monkeypatch):
    """Every branch, on histories whose answer is known: lr=0.03 is lowest at epoch 6, then rises."""
    rising = [0.9, 0.5, 0.3, 0.2, 0.151, 0.15, 0.17, 0.2, 0.25, 0.3]
    smooth = [1.5 - 0.1 * epoch for epoch in range(ex.Q6_EPOCHS)]
    made_up = {"lr=0.003": {"loss": smooth, "val_loss": smooth},
               "lr=0.03": {"loss": rising, "val_loss": rising}}
    monkeypatch.setattr(ex, "learning_rate_runs", lambda: made_up)
    assert ex.q6.check((0.03, 6))
    assert ex.q6.check((0.03, 5))                 # 0.151: within 2% of the lowest, a near-tie
    assert "epoch 10 is its last: its validation loss ends at 0.300" in ex.q6.check((0.03, 10)).message
    assert "at epoch 8 its validation loss is 0.200, above its lowest" in ex.q6.check((0.03, 8)).message
    assert "lr=0.003's validation loss is lowest at epoch 10, 0.600" in ex.q6.check((0.003, 10)).message
