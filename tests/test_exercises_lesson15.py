import keras
import numpy as np
import pytest
from exercise_helpers import run_solution

import kerastutor as kt
from kerastutor.exercises import Outcome, ____
from kerastutor.exercises import lesson15 as ex

NOISY = dict(dataset="gauss", noise=0.5, train_fraction=0.2, hidden=(8, 8, 8))  # as the lesson writes it
PROBLEMS = (ex.q1, ex.q2, ex.q3, ex.q4, ex.q5, ex.q6, ex.q7, ex.q8)
XOR_DRAWING = [(x1, x2, int(x1 * x2 > 0)) for x1 in (-4, -3, 3, 4) for x2 in (-4, -3, 3, 4)]


@pytest.fixture
def namespace():
    """The lesson's names the solutions use: kt, its noisy setup and its standardised two moons."""
    from sklearn.datasets import make_moons

    keras.utils.set_random_seed(15)
    x, y = make_moons(n_samples=300, noise=0.1, random_state=0)
    x = (x - x.mean(axis=0)) / x.std(axis=0)
    return {"kt": kt, "keras": keras, "np": np, "ex": ex, "noisy": dict(NOISY), "X": x, "y": y}


def test_placeholders_are_not_attempted():
    for problem in PROBLEMS:
        assert problem.check(____).outcome is Outcome.NOT_ATTEMPTED


def test_solutions_pass_in_order(namespace):
    for problem in PROBLEMS:
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


def blobs_model(*layers, loss="sparse_categorical_crossentropy"):
    """A compiled model from the two coordinates through ``layers``."""
    model = keras.Sequential([keras.Input(shape=(2,)), *layers])
    model.compile(optimizer="adam", loss=loss)
    return model


def test_q5_wrong_answers():
    dense = keras.layers.Dense
    assert "that is a playground; this task asks for the Keras model" in \
        ex.q5.check(kt.playground(dataset="blobs4")).message
    one = blobs_model(dense(8, activation="tanh"), dense(1, activation="sigmoid"), loss="binary_crossentropy")
    assert "your model ends in 1 unit: one number is enough for two classes" in ex.q5.check(one).message
    three = blobs_model(dense(3, activation="softmax"))
    assert "your model ends in 3 units, for 4 classes" in ex.q5.check(three).message
    for activation in ("sigmoid", "linear"):
        message = ex.q5.check(blobs_model(dense(4, activation=activation))).message
        assert f"your last layer's activation is {activation}: its 4 outputs are not probabilities" in message
    plain = keras.Sequential([keras.Input(shape=(2,)), dense(4, activation="softmax")])
    assert "your model is not compiled yet" in ex.q5.check(plain).message
    onehot = blobs_model(dense(4, activation="softmax"), loss="categorical_crossentropy")
    assert "categorical_crossentropy expects one-hot labels" in ex.q5.check(onehot).message
    binary = blobs_model(dense(4, activation="softmax"), loss="binary_crossentropy")
    assert "binary_crossentropy is for one yes-or-no output" in ex.q5.check(binary).message
    squared = blobs_model(dense(4, activation="softmax"), loss="mse")
    assert "your loss is mse; for labels 0 to 3" in ex.q5.check(squared).message
    logits = blobs_model(dense(4, activation="softmax"),
                         loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    assert "from_logits=True applies a softmax again" in ex.q5.check(logits).message
    narrow = blobs_model(dense(1, activation="linear"), dense(4, activation="softmax"))
    message = ex.q5.check(narrow).message
    assert "the output and the loss are right, but a copy of your model trained" in message
    assert "squeezes four classes through too few numbers" in message


def test_q5_verdict_does_not_depend_on_the_learners_random_state():
    verdicts = set()
    for seed in (1, 2):
        keras.utils.set_random_seed(seed)
        narrow = blobs_model(keras.layers.Dense(1), keras.layers.Dense(4, activation="softmax"))
        verdicts.add(ex.q5.check(narrow).message)
    assert len(verdicts) == 1


def test_q5_accepts_a_softmax_layer_and_a_loss_object():
    model = blobs_model(keras.layers.Dense(4), keras.layers.Softmax(),
                        loss=keras.losses.SparseCategoricalCrossentropy())
    assert ex.q5.check(model).outcome is Outcome.CORRECT


def test_q6_wrong_answers():
    assert "the task is about points you draw" in ex.q6.check({"dataset": "circle"}).message
    few = {"dataset": "drawn", "points": XOR_DRAWING[:5]}
    assert "you drew 5 points; the task asks for at least 10" in ex.q6.check(few).message
    single = {"dataset": "drawn", "points": [(x1, x2, 0) for x1, x2, _ in XOR_DRAWING]}
    assert "all your points are of class 0" in ex.q6.check(single).message
    halves = {"dataset": "drawn", "points": [(x1, x2, int(x1 > 0)) for x1, x2, _ in XOR_DRAWING]}
    assert "straight lines separate your classes" in ex.q6.check(halves).message
    stacked = XOR_DRAWING + [(x1, x2, 1 - label) for x1, x2, label in XOR_DRAWING]
    message = ex.q6.check({"dataset": "drawn", "points": stacked}).message
    assert "a network with a hidden layer of 8 gets only" in message and "on top of each other" in message


def test_q6_takes_a_drawing_of_any_kind_of_answer():
    drawing = kt.playground(dataset="drawn", points=XOR_DRAWING)
    for answer in (drawing, drawing.state(), drawing.share()):
        assert ex.q6.check(answer).outcome is Outcome.CORRECT


def test_q7_wrong_answers():
    changed = kt.playground(**{**NOISY, "hidden": (8, 8)}, dropout=0.3)
    assert "you changed hidden from (8, 8, 8) to (8, 8)" in ex.q7.check(changed).message
    both = kt.playground(**NOISY, dropout=0.3, regularization="l2", regularization_rate=0.01)
    assert "you changed regularization from None to 'l2'" in ex.q7.check(both).message
    assert "there is no dropout yet" in ex.q7.check(NOISY).message
    strong = ex.q7.check(kt.playground(**NOISY, dropout=0.9)).message
    assert "your dropout (0.9, 0.9, 0.9) is too strong" in strong and "cannot even fit" in strong
    weak = ex.q7.check(kt.playground(**NOISY, dropout=(0.01, 0.02, 0))).message
    assert "your dropout (0.01, 0.02, 0) is too weak to matter" in weak


def test_q8_wrong_answers():
    assert "the task is about dataset='circle'" in ex.q8.check({"dataset": "xor", "hidden": [2, 4]}).message
    squares = {"dataset": "circle", "features": ["x1^2", "x2^2"], "hidden": [2, 4],
               "activations": ["linear", "tanh"]}
    assert "your features are x1^2, x2^2; this task uses x1 and x2 only" in ex.q8.check(squares).message
    lesson = {"dataset": "circle", "activations": ["tanh", "linear"]}
    assert "2 hidden layers (4, 2); the task is about hidden=(2, 4)" in ex.q8.check(lesson).message
    assert "none is linear" in ex.q8.check({"dataset": "circle", "hidden": [2, 4]}).message
    flat = {"dataset": "circle", "hidden": [2, 4], "activation": "linear"}
    assert "both hidden layers are linear" in ex.q8.check(flat).message
    message = ex.q8.check({"dataset": "circle", "hidden": [2, 4], "activations": ["tanh", "linear"]}).message
    assert message.startswith("test accuracy 0.") and "make the first layer linear" in message
