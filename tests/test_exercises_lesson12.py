import keras
import numpy as np
import pytest
from exercise_helpers import run_solution

from kerastutor.exercises import Outcome
from kerastutor.exercises import lesson12 as ex


@pytest.fixture
def namespace():
    """The lesson's variables the solutions use."""
    keras.utils.set_random_seed(12)
    return {"keras": keras, "np": np, "ex": ex}


def message(problem, answer) -> str:
    result = problem.check(answer)
    assert result.outcome is Outcome.INCORRECT, (problem.name, result.message)
    return result.message


def test_solutions_pass(namespace):
    for problem in (ex.q1, ex.q2, ex.q3, ex.q4):
        result = run_solution(problem, namespace)
        assert result.outcome is Outcome.CORRECT, (problem.name, result.message)


class PerBatch(keras.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.losses = []

    def on_train_batch_end(self, batch, logs=None):
        self.losses.append(logs["loss"])


class ValidationLoss(PerBatch):
    def on_train_batch_end(self, batch, logs=None):
        pass

    def on_epoch_end(self, epoch, logs=None):
        self.losses.append(logs["val_loss"])


def test_q1_wrong_answers():
    assert "pass the class itself (LossRecorder), not an instance" in message(ex.q1, PerBatch())
    assert "expected a class that subclasses keras.callbacks.Callback" in message(ex.q1, "LossRecorder")
    assert "holds 16 values after 4 epochs of 4 batches: one per batch" in message(ex.q1, PerBatch)
    assert "you recorded the validation loss" in message(ex.q1, ValidationLoss)


def test_q2_wrong_answers():
    assert "not the class itself" in message(ex.q2, keras.callbacks.EarlyStopping)
    assert "expected a keras.callbacks.EarlyStopping" in message(ex.q2, keras.callbacks.TerminateOnNaN())
    assert "mode='max'" in message(ex.q2, keras.callbacks.EarlyStopping(patience=3, mode="max"))
    assert "your callback watches 'loss'; the task asks to watch the validation loss, monitor='val_loss'" in (
        message(ex.q2, keras.callbacks.EarlyStopping(monitor="loss", patience=3, restore_best_weights=True)))
    kept_last = message(ex.q2, keras.callbacks.EarlyStopping(patience=3))
    assert "kept the weights of its last epoch" in kept_last and "restore_best_weights=True" in kept_last
    impatient = message(ex.q2, keras.callbacks.EarlyStopping(patience=1, restore_best_weights=True))
    assert "1 epoch(s) after the best epoch" in impatient and "patience=3" in impatient


def test_q3_wrong_answers():
    def every_epoch(epoch, lr):
        return lr * 0.5 if epoch > 0 else lr

    def compounding(epoch, lr):
        return lr * 0.5 ** (epoch // 2)

    def one_argument(epoch):
        return 0.1 * 0.5 ** (epoch // 2)

    assert "for epoch 1 (called with lr=0.1) your function returns 0.05, but the rate should be 0.1" in (
        message(ex.q3, every_epoch))
    assert "for epoch 3" in message(ex.q3, compounding)
    assert "with two arguments, schedule(epoch, lr)" in message(ex.q3, one_argument)
    assert "pass the function itself" in message(ex.q3, keras.callbacks.LearningRateScheduler(compounding))
    assert "return the learning rate as a float" in message(ex.q3, lambda epoch, lr: "0.1")
    assert "expected a function schedule(epoch, lr), got float" in message(ex.q3, 0.1)


def test_q3_the_real_fit_is_checked_too():
    calls = []

    def right_only_ten_times(epoch, lr):
        calls.append(epoch)
        return 0.1 * 0.5 ** (epoch // 2) if len(calls) <= 10 else 0.3

    found = message(ex.q3, right_only_ten_times)
    assert "in a real fit the optimizer's rate after epochs 1..6 was [0.3," in found


class HardCodedTarget(keras.callbacks.Callback):
    def __init__(self, target):
        super().__init__()

    def on_epoch_end(self, epoch, logs=None):
        if logs["accuracy"] >= 0.95:
            self.model.stop_training = True


class WatchesValidation(HardCodedTarget):
    def on_epoch_end(self, epoch, logs=None):
        if logs["val_accuracy"] >= 0.95:
            self.model.stop_training = True


class NoTarget(keras.callbacks.Callback):
    pass


def test_q4_wrong_answers():
    assert "pass the class itself (StopAtAccuracy), not an instance" in message(ex.q4, HardCodedTarget(0.85))
    assert "__init__ should take the target accuracy" in message(ex.q4, NoTarget)
    late = message(ex.q4, HardCodedTarget)
    assert "first reached the target 0.85 at epoch 6" in late and "comparing with the target" in late
    missing = message(ex.q4, WatchesValidation)
    assert "looked up logs['val_accuracy']" in missing and "'accuracy'" in missing
