import keras
import numpy as np
import pytest
from exercise_helpers import run_solution

import kerastutor as kt
from kerastutor.exercises import Outcome, ____
from kerastutor.exercises import lesson15 as ex

NOISY = dict(dataset="gauss", noise=0.5, train_fraction=0.2, hidden=(8, 8, 8))  # as the lesson writes it


@pytest.fixture
def namespace():
    """The lesson's names the solutions use: kt, its noisy setup and its standardised two moons."""
    from sklearn.datasets import make_moons

    keras.utils.set_random_seed(15)
    x, y = make_moons(n_samples=300, noise=0.1, random_state=0)
    x = (x - x.mean(axis=0)) / x.std(axis=0)
    return {"kt": kt, "keras": keras, "np": np, "ex": ex, "noisy": dict(NOISY), "X": x, "y": y}


def test_placeholders_are_not_attempted():
    for problem in (ex.q1, ex.q2, ex.q3, ex.q4):
        assert problem.check(____).outcome is Outcome.NOT_ATTEMPTED


def test_solutions_pass_in_order(namespace):
    for problem in (ex.q1, ex.q2, ex.q3, ex.q4):
        result = run_solution(problem, namespace)
        assert result.outcome is Outcome.CORRECT, (problem.name, result.message)


def test_the_lesson_and_the_checker_share_the_noisy_setup():
    assert ex.NOISY == NOISY


def test_answers_of_every_kind_are_read_and_anything_else_is_explained():
    with_layers = kt.playground(dataset="xor", hidden=(4, 2), features=("x1*x2",))
    for answer in (with_layers, with_layers.state(), with_layers.share()):
        assert "2 hidden layers (4, 2); the task asks for none" in ex.q1.check(answer).message
    assert "expected a playground (pg = kt.playground(...))" in ex.q1.check(3).message
    assert "that is a Keras model" in ex.q1.check(with_layers.model).message
    assert "share string is damaged" in ex.q1.check("kt1.!!").message
    assert "did you mean 'dataset'" in ex.q1.check({"datset": "xor"}).message


def test_q1_wrong_answers():
    assert "the task is about dataset='xor'" in ex.q1.check({"dataset": "circle", "hidden": []}).message
    three = {"dataset": "xor", "hidden": [], "features": ["x1", "x2", "x1*x2"]}
    assert "3 input features (x1, x2, x1*x2); the task asks for exactly one" in ex.q1.check(three).message
    message = ex.q1.check({"dataset": "xor", "hidden": [], "features": ["x1"]}).message
    assert message.startswith("test accuracy 0.") and "0.95 needed" in message
    assert "Which feature is positive exactly where the label is 1?" in message


def test_q2_wrong_answers():
    squares = {"dataset": "circle", "features": ["x1^2", "x2^2"], "hidden": [4]}
    assert "your features include x1^2, x2^2; this task allows only x1 and x2" in ex.q2.check(squares).message
    deep = {"dataset": "circle", "hidden": [4, 2]}
    assert "2 hidden layers (4, 2); the task asks for exactly one hidden layer" in ex.q2.check(deep).message
    wide = {"dataset": "circle", "hidden": [8]}
    assert "your hidden layer has 8 neurons; the task asks for at most 4" in ex.q2.check(wide).message
    message = ex.q2.check({"dataset": "circle", "hidden": [2]}).message
    assert message.startswith("test accuracy 0.") and "two neurons draw two straight lines" in message
    message = ex.q2.check({"dataset": "circle", "hidden": [4], "activation": "linear"}).message
    assert "A linear activation adds no bend" in message


def test_q3_wrong_answers():
    smaller = {**NOISY, "hidden": (4,), "regularization": "l2", "regularization_rate": 0.01}
    assert "you changed hidden from (8, 8, 8) to (4,)" in ex.q3.check(smaller).message
    assert "there is no regularization yet" in ex.q3.check(NOISY).message
    assert "there is no regularization yet" in ex.q3.check({**NOISY, "regularization": "l2"}).message
    strong = ex.q3.check({**NOISY, "regularization": "l2", "regularization_rate": 0.3}).message
    assert "not lower than" in strong and "The penalty is too strong" in strong
    weak = ex.q3.check({**NOISY, "regularization": "l1", "regularization_rate": 0.0001}).message
    assert "not lower than" in weak and "The penalty is too weak" in weak


def test_q4_wrong_answers(namespace):
    assert "built-in 'circle' data" in ex.q4.check(kt.playground(dataset="circle", hidden=(8,))).message
    straight = kt.playground(data=(namespace["X"], namespace["y"]), hidden=())
    message = ex.q4.check(straight).message
    assert message.startswith("test accuracy 0.") and "cuts off the tips of the moons" in message
