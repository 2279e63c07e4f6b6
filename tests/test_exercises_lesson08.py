import keras
import numpy as np
import pytest
from exercise_helpers import run_solution

from kerastutor import datasets
from kerastutor.exercises import Outcome
from kerastutor.exercises import lesson08 as ex

PROBLEMS = (ex.q1, ex.q2, ex.q3, ex.q4)


@pytest.fixture(autouse=True)
def offline(monkeypatch):
    """Never download in tests: the dataset host is unreachable and the cache empty."""
    monkeypatch.setattr(datasets, "host_reachable", lambda host, timeout=5.0: False)
    monkeypatch.setattr(datasets, "is_cached", lambda name: False)


@pytest.fixture
def namespace():
    keras.utils.set_random_seed(8)
    return {"keras": keras, "np": np, "ex": ex, "datasets": datasets}


def test_solutions_pass(namespace, capsys):
    for problem in PROBLEMS:
        result = run_solution(problem, namespace)
        assert result.outcome is Outcome.CORRECT, (problem.name, result.message)
    assert "Using scikit-learn's handwritten digits" in capsys.readouterr().out


def test_q1_wrong_answers(capsys):
    wrong_dataset = datasets.load("mnist", train_size=500, test_size=100, fallback="digits")
    assert "you loaded 'mnist'; the task asks for 'fashion_mnist'" in ex.q1.check(wrong_dataset).message
    everything = datasets.load("fashion_mnist", fallback="digits")
    assert "x_train has 1437 images, the task asks for the first 500" in ex.q1.check(everything).message
    no_test_size = datasets.load("fashion_mnist", train_size=500, fallback="digits")
    assert "x_test has 360 images" in ex.q1.check(no_test_size).message
    assert "not as_tuples()" in ex.q1.check(everything.as_tuples()).message
    regression = datasets.load("fashion_mnist", train_size=500, test_size=100, fallback="diabetes")
    assert "fallback='digits'" in ex.q1.check(regression).message
    everything.x_train = everything.x_train[::-1][:500]
    everything.y_train, everything.x_test, everything.y_test = (
        everything.y_train[:500], everything.x_test[:100], everything.y_test[:100])
    assert "not the first samples" in ex.q1.check(everything).message


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
