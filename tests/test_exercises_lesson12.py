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
    for problem in (ex.q1, ex.q2, ex.q3, ex.q4, ex.q5):
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


def test_q2_is_compared_with_keras_itself():
    assert ex.early_stopping_run([0.9, 0.7, 0.6, 0.65, 0.62, 0.61, 0.64], 3) == (6, 3)
    assert ex.early_stopping_run([1.0, 0.8, 0.8, 0.8, 0.75], 2) == (4, 2)
    assert ex.early_stopping_run([0.9, 0.8, 0.7], 2) == (3, 3)


def test_q2_wrong_answers():
    def from_zero(val_losses, patience):
        stop, best = ex.early_stopping_run(val_losses, patience)
        return stop - 1, best - 1

    def one_late(val_losses, patience):
        best, best_epoch, wait = float("inf"), 0, 0
        for epoch, loss in enumerate(val_losses, start=1):
            if loss < best:
                best, best_epoch, wait = loss, epoch, 0
            else:
                wait += 1
                if wait > patience:
                    return epoch, best_epoch
        return len(val_losses), best_epoch

    def ties_improve(val_losses, patience):
        best, best_epoch, wait = float("inf"), 0, 0
        for epoch, loss in enumerate(val_losses, start=1):
            if loss <= best:
                best, best_epoch, wait = loss, epoch, 0
            else:
                wait += 1
                if wait >= patience:
                    return epoch, best_epoch
        return len(val_losses), best_epoch

    def last_epoch_kept(val_losses, patience):
        return ex.early_stopping_run(val_losses, patience)[0], ex.early_stopping_run(val_losses, patience)[0]

    assert "expected a function such as def stopping_epochs" in message(ex.q2, 3)
    assert "count epochs from 1" in message(ex.q2, from_zero)
    late = message(ex.q2, one_late)
    assert "patience=3, EarlyStopping stops after epoch 6, you said 7" in late and "reaches patience" in late
    assert "equal to the best so far is not an improvement" in message(ex.q2, ties_improve)
    assert "puts back the weights of epoch 3, the lowest val_loss it saw; you said epoch 6" in (
        message(ex.q2, last_epoch_kept))
    assert "should return a pair" in message(ex.q2, lambda val_losses, patience: 6)


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


def test_q5_the_run_has_a_restart_to_outlast():
    val_losses = ex.restart_run()["val_loss"]
    lowest = int(np.argmin(val_losses))
    assert lowest > ex.RESTART_EPOCH + 1
    assert max(val_losses[ex.RESTART_EPOCH:lowest]) > min(val_losses[:lowest])
    assert ex.smallest_patience(val_losses) >= 2


def test_q5_wrong_answers():
    val_losses = ex.restart_run()["val_loss"]
    needed = ex.smallest_patience(val_losses)
    lowest = int(np.argmin(val_losses)) + 1
    assert ex.q5.check(needed).outcome is Outcome.CORRECT
    impatient = message(ex.q5, needed - 1)
    assert f"puts back epoch {ex.RESTART_EPOCH}'s weights" in impatient and "lowest val_loss" in impatient
    assert f"at epoch {lowest}" in impatient
    too_patient = message(ex.q5, needed + 2)
    assert f"keeps epoch {lowest}'s weights" in too_patient and "choose the smallest" in too_patient
    assert "expected a whole number of epochs" in message(ex.q5, 4.5)
    assert "choose 1 or more" in message(ex.q5, 0)
