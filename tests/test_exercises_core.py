import itertools
import json
from datetime import datetime, timedelta, timezone

import numpy as np
import pytest

from kerastutor.exercises import BLANK, Outcome, Problem, ____
from kerastutor.exercises.progress import ProgressStore


def count_dense(model):
    """A real checker: inspects the answer, says what is wrong."""
    if not hasattr(model, "layers"):
        return f"expected a Keras model, got {type(model).__name__}."
    dense = sum(type(layer).__name__ == "Dense" for layer in model.layers)
    return None if dense == 3 else f"your model has {dense} Dense layers, the task asks for 3."


START = datetime(2026, 12, 5, 10, 0, tzinfo=timezone.utc)


def ticking_clock(step: float = 10.0):
    """A clock that moves ``step`` seconds on each reading, from 10:00 UTC."""
    ticks = itertools.count()
    return lambda: START + timedelta(seconds=step * next(ticks))


@pytest.fixture
def store(tmp_path):
    return ProgressStore(tmp_path / "progress.json", clock=ticking_clock())


@pytest.fixture
def problem(store):
    return Problem("lesson01", "q1", "Build a model with 3 Dense layers.", count_dense,
                   ["Use keras.Sequential.", "Add three keras.layers.Dense."], "model = ...", store)


def test_placeholder_is_not_attempted_and_not_recorded(problem, store):
    result = problem.check(____)
    assert result.outcome is Outcome.NOT_ATTEMPTED and not result and "Replace ____" in str(result)
    assert problem.check().outcome is Outcome.NOT_ATTEMPTED and BLANK is ____
    assert store.load() == {}


def test_incorrect_says_what_is_wrong_and_correct_passes(problem):
    import keras

    two = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3), keras.layers.Dense(2)])
    three = keras.Sequential([keras.Input((4,)), *(keras.layers.Dense(2) for _ in range(3))])
    wrong = problem.check(two)
    assert wrong.outcome is Outcome.INCORRECT and "2 Dense layers, the task asks for 3" in wrong.message
    assert problem.check(three) and "well done" in problem.check(three)._repr_html_()


def test_wrong_types_and_crashing_checkers_give_friendly_messages(problem, store):
    assert problem.check("a string").message == "expected a Keras model, got str."
    crashing = Problem("lesson01", "q2", "Anything.", lambda answer: 1 / 0, ["none"], "", store)
    result = crashing.check(42)
    assert result.outcome is Outcome.INCORRECT and "ZeroDivisionError" in result.message


def test_hints_come_level_by_level(problem):
    assert problem.hint() == "Hint 1 of 2: Use keras.Sequential."
    assert problem.hint() == "Hint 2 of 2: Add three keras.layers.Dense."
    assert problem.hint().startswith("Hint 2 of 2")
    assert problem.solution() == "model = ..."
    with pytest.raises(ValueError, match="at least one hint"):
        Problem("l", "q", "t", count_dense, [], "")


def test_progress_keeps_a_success_when_a_later_check_fails(problem, store):
    import keras

    three = keras.Sequential([keras.Input((4,)), *(keras.layers.Dense(2) for _ in range(3))])
    problem.check(three)
    problem.check("oops")
    entry = store.load()["lesson01"]["q1"]
    assert entry == {"best": "correct", "last": "incorrect", "attempts": 2, "hints": 0,
                     "started": "2026-12-05T10:00:00.000+00:00", "solved": "2026-12-05T10:00:00.000+00:00",
                     "checked": "2026-12-05T10:00:10.000+00:00"}
    assert store.summary() == "lesson01: 1 of 1 done (q1)"


def test_a_damaged_progress_file_is_moved_aside_and_said_so(store):
    store.path.write_text("{not json")
    notice = store.record("lesson02", "q1", "correct")
    kept = store.path.with_name("progress.json.damaged")
    assert kept.read_text() == "{not json"
    assert "was damaged; it is kept as progress.json.damaged" in notice
    written = json.loads(store.path.read_text())["lesson02"]["q1"]
    assert (written["best"], written["last"], written["attempts"]) == ("correct", "correct", 1)


def test_default_store_follows_kerastutor_home(tmp_path, monkeypatch):
    monkeypatch.setenv("KERASTUTOR_HOME", str(tmp_path))
    assert ProgressStore.default().path == tmp_path / "progress.json"
    assert ProgressStore.default().summary() == "No exercise checked yet."


def test_mnist_checks_reshape_for_the_model_and_explain_a_wrong_input():
    import keras

    from kerastutor.exercises.checks import held_out_mnist, mnist_accuracy_message, shaped_for

    x, labels = held_out_mnist()
    assert x.shape == (2000, 28, 28) and x.dtype == np.float32 and 0 <= x.min() and x.max() == 1.0
    for shape in ((784,), (28, 28), (28, 28, 1)):
        model = keras.Sequential([keras.Input(shape), keras.layers.Flatten(), keras.layers.Dense(10)])
        assert shaped_for(model, x).shape == (2000, *shape)
    keras.utils.set_random_seed(0)
    flat = keras.Sequential([keras.Input((784,)), keras.layers.Dense(10, activation="softmax")])
    assert "held-out MNIST digits, 0.90 needed" in mnist_accuracy_message(flat, 0.9)
    wrong = keras.Sequential([keras.Input((64,)), keras.layers.Dense(10)])
    assert "MNIST digits are (28, 28)" in mnist_accuracy_message(wrong, 0.9)
