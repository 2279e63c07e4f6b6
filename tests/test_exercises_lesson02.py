import math

import keras
import numpy as np
import pytest
from exercise_helpers import run_solution

from kerastutor.exercises import Outcome
from kerastutor.exercises import lesson02 as ex

PROBLEMS = (ex.q1, ex.q2, ex.q3, ex.q4, ex.q5)


@pytest.fixture
def namespace():
    """The lesson's variables: the digits as images and as rows of 64 pixels."""
    from sklearn.datasets import load_digits

    keras.utils.set_random_seed(42)
    digits = load_digits()
    images = digits.images.astype("float32") / 16.0
    x_grouped, y_grouped = ex.grouped_digits()
    return {"keras": keras, "np": np, "math": math, "ex": ex, "images": images, "labels": digits.target,
            "x": images.reshape(len(images), 64), "x_grouped": x_grouped, "y_grouped": y_grouped}


def test_solutions_pass_in_order(namespace):
    for problem in PROBLEMS:
        result = run_solution(problem, namespace)
        assert result.outcome is Outcome.CORRECT, (problem.name, result.message)


def test_the_checkers_real_fit_sees_what_the_lesson_teaches():
    # the last floor-cut samples are validated on, in order; the last, smaller batch is a step
    assert ex.fit_record(15, 4, 0.3) == (3, (10, 11, 12, 13, 14))
    assert ex.fit_record(37, 5, 0.0) == (8, ())


def test_q1_wrong_answers():
    assert ex.q1.check(lambda batch: keras.ops.mean(batch, axis=(0, 1, 2)))  # tensors are fine too
    message = ex.q1.check(lambda batch: np.mean(batch, axis=-1)).message
    assert "returned shape (5, 4, 6); one mean per channel has shape (3,)" in message
    assert "returned shape (4, 6, 3)" in ex.q1.check(lambda batch: batch.mean(axis=0)).message
    assert "values are not the channel means" in ex.q1.check(lambda batch: batch.max(axis=(0, 1, 2))).message
    assert "expected a function" in ex.q1.check(np.zeros(3)).message
    assert "returned NoneType" in ex.q1.check(lambda batch: None).message


def test_q2_wrong_answers():
    assert ex.q2.check(lambda batch: keras.ops.transpose(batch, (0, 2, 3, 1)))
    reshaped = ex.q2.check(lambda b: b.reshape(b.shape[0], b.shape[2], b.shape[3], b.shape[1])).message
    assert "numbers are in the wrong places: reshape" in reshaped
    assert "opposite turn" in ex.q2.check(lambda batch: np.transpose(batch, (0, 3, 1, 2))).message
    assert "axes have not moved" in ex.q2.check(lambda batch: batch).message
    wrong_order = ex.q2.check(lambda batch: np.transpose(batch, (0, 3, 2, 1))).message
    assert "yours has shape (2, 5, 4, 3)" in wrong_order
    assert "raised TypeError" in ex.q2.check(lambda: None).message


def test_q3_wrong_answers():
    floor = ex.q3.check(lambda samples, batch_size, split=0.0: samples // batch_size).message
    assert "steps_per_epoch(37, 5, 0.0) gives 7, but fit runs 8 steps" in floor and "round up" in floor
    no_split = ex.q3.check(lambda samples, batch_size, split=0.0: math.ceil(samples / batch_size)).message
    assert "steps_per_epoch(15, 4, 0.3) gives 4, but fit runs 3 steps" in no_split
    assert "trains on 10 only" in no_split
    assert "a real fit runs 8 training steps" in ex.q3.check(lambda *args: 6).message
    assert "a whole number" in ex.q3.check(lambda *args: 7.5).message
    assert "raised TypeError" in ex.q3.check(lambda samples, batch_size: 1).message


def test_q4_wrong_answers():
    def first(x, y, split):
        count = len(x) - math.floor(len(x) * (1 - split))
        return x[:count], y[:count]

    def counted_from_the_end(x, y, split):
        count = int(len(x) * split)
        return x[len(x) - count:], y[len(x) - count:]

    def labels_from_the_front(x, y, split):
        at = math.floor(len(x) * (1 - split))
        return x[at:], y[:len(x) - at]

    assert "holds the first 5 samples; fit takes the last" in ex.q4.check(first).message
    message = ex.q4.check(counted_from_the_end).message
    assert "has 4 samples (and 4 labels); fit holds back 5" in message
    assert "floor(15 × (1 - 0.3)) = 10" in message
    assert "y_val does not hold the labels" in ex.q4.check(labels_from_the_front).message
    assert "return the pair (x_val, y_val)" in ex.q4.check(lambda x, y, split: x[-5:]).message


def test_q5_the_grouped_digits_hide_labels_from_validation():
    x, y = ex.grouped_digits()
    assert x.shape == (1797, 64) and 0 <= x.min() and x.max() <= 1
    assert set(y[math.floor(len(y) * 0.8):].tolist()) == {3, 4}


def test_q5_wrong_answers():
    def x_only(x, y):
        return x[np.random.default_rng(0).permutation(len(x))], y

    def each_its_own(x, y):
        rng = np.random.default_rng(0)
        return x[rng.permutation(len(x))], y[rng.permutation(len(y))]

    unchanged = ex.q5.check(lambda x, y: (x, y)).message
    assert "would validate on labels [1] only" in unchanged and "before any shuffling" in unchanged
    assert "would validate on labels [2] only" in ex.q5.check(lambda x, y: (x[::-1], y[::-1])).message
    sorted_by_label = ex.q5.check(lambda x, y: (x[np.argsort(y)], np.sort(y))).message
    assert "would validate on labels [3] only" in sorted_by_label
    assert "sample i's label no longer belongs to it" in ex.q5.check(x_only).message
    assert "sample i's label no longer belongs to it" in ex.q5.check(each_its_own).message
    assert "not the same samples" in ex.q5.check(lambda x, y: (x + 1, y)).message
    assert "return the pair (x, y)" in ex.q5.check(lambda x, y: x).message
