import keras
import numpy as np
import pytest
from exercise_helpers import run_solution

from kerastutor import datasets
from kerastutor.exercises import Outcome
from kerastutor.exercises import lesson08 as ex

PROBLEMS = (ex.q1, ex.q2, ex.q3, ex.q4, ex.q5)


@pytest.fixture(autouse=True)
def offline(monkeypatch):
    """Never download in tests: the dataset host is unreachable and the cache empty."""
    monkeypatch.setattr(datasets, "host_reachable", lambda host, timeout=5.0: False)
    monkeypatch.setattr(datasets, "is_cached", lambda name: False)


@pytest.fixture
def namespace():
    keras.utils.set_random_seed(8)
    return {"keras": keras, "np": np, "ex": ex, "datasets": datasets}


def test_solutions_pass(namespace):
    for problem in PROBLEMS:
        result = run_solution(problem, namespace)
        assert result.outcome is Outcome.CORRECT, (problem.name, result.message)


def test_q1_wrong_answers():
    def flat(d):
        return d.x_train.reshape(len(d.x_train), -1).astype("float32") / 255

    message = ex.q1.check(lambda d: (flat(d), d.y_train)).message
    assert "your y has shape (6, 1); the task asks for (6,): CIFAR labels come as (n, 1)" in message
    message = ex.q1.check(lambda d: (d.x_train.reshape(-1, 784) / 255, d.y_train.ravel())).message
    assert "on CIFAR-10 ((32, 32, 3) uint8 images" in message and "your function raised ValueError" in message
    message = ex.q1.check(lambda d: (flat(d) * 255, d.y_train.ravel())).message
    assert "still run from 0 to 255" in message
    message = ex.q1.check(lambda d: (d.x_train.astype("float32") / 255, d.y_train)).message
    assert "one row per image, (50, 784)" in message
    message = ex.q1.check(lambda d: (keras.utils.normalize(flat(d)), d.y_train.ravel())).message
    assert "that is keras.utils.normalize" in message
    message = ex.q1.check(lambda d: (flat(d), keras.utils.to_categorical(d.y_train, 10))).message
    assert "integer labels, not one-hot rows" in message
    assert "return the pair (x, y)" in ex.q1.check(flat).message
    message = ex.q1.check(lambda d: (d.x_train.reshape(len(d.x_train), -1) // 255, None)).message
    assert "has dtype uint8" in message


def test_q2_wrong_answers():
    message = ex.q2.check(lambda labels: keras.utils.to_categorical(labels)).message
    assert "returned shape (3, 3), expected (3, 10)" in message and "pass num_classes=10" in message
    message = ex.q2.check(lambda labels: np.eye(10)[labels]).message
    assert "shape (2, 1, 10), expected (2, 10)" in message and "drop the last axis" in message
    message = ex.q2.check(lambda labels: np.eye(10)[np.ravel(labels) - 1]).message
    assert "your first row is" in message and "all zeros except a 1" in message
    assert "expected a function" in ex.q2.check(np.eye(10)).message


def test_q3_wrong_answers():
    def whole_array(x):
        return x / np.linalg.norm(x)

    def nan_for_zeros(x):
        with np.errstate(invalid="ignore"):
            return x / np.linalg.norm(x, axis=1, keepdims=True)

    assert "one length; each ROW" in ex.q3.check(whole_array).message
    assert "a row of zeros became nan" in ex.q3.check(nan_for_zeros).message
    assert "dividing by a maximum" in ex.q3.check(lambda x: x / 255.0).message
    assert "every row should have length 1" in ex.q3.check(lambda x: keras.utils.normalize(x.T).T).message


def test_q4_wrong_answers():
    def own_test_statistics(x_train, x_test):
        return ((x_train - x_train.mean(axis=0)) / x_train.std(axis=0),
                (x_test - x_test.mean(axis=0)) / x_test.std(axis=0))

    def one_for_the_table(x_train, x_test):
        return (x_train - x_train.mean()) / x_train.std(), (x_test - x_train.mean()) / x_train.std()

    def in_place(x_train, x_test):
        mean, std = x_train.mean(axis=0), x_train.std(axis=0)
        x_test -= mean
        x_test /= std
        return (x_train - mean) / std, x_test

    assert "x_test with its own mean" in ex.q4.check(own_test_statistics).message
    assert "one mean and one standard deviation for the whole table" in ex.q4.check(one_for_the_table).message
    assert "changed the arrays passed to it" in ex.q4.check(in_place).message
    def train_only(x_train, x_test):
        return (x_train - x_train.mean(axis=0)) / x_train.std(axis=0)

    assert "return both arrays" in ex.q4.check(train_only).message


def test_q5_wrong_answers():
    x_given, y_given = ex.colleague_data()
    assert x_given.shape == (2000, 784) and x_given.max() == 255 and y_given.max() < 0.04

    message = ex.q5.check(lambda x, y: (x / 255, y)).message
    assert "your y is unchanged" in message and "every one of these becomes 0" in message
    message = ex.q5.check(lambda x, y: (x / 255, y * 10)).message
    assert "your labels run from 0 to 0.35" in message
    assert "x still holds pixels from 0 to 255" in ex.q5.check(lambda x, y: (x, np.rint(y * 255))).message
    message = ex.q5.check(lambda x, y: (x / 255, keras.utils.to_categorical(np.rint(y * 255), 10))).message
    assert "integer labels, not one-hot rows" in message
    message = ex.q5.check(lambda x, y: (x / 255, y * 255 + 1)).message
    assert "your labels run from 1 to 10" in message
    message = ex.q5.check(lambda x, y: (x.reshape(-1, 28, 28) / 255, np.rint(y * 255))).message
    assert "your x has shape (2000, 28, 28)" in message
    assert "expected a function" in ex.q5.check(x_given).message

