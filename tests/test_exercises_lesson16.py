import keras
import numpy as np
import pytest
from exercise_helpers import run_solution

import kerastutor as kt
from kerastutor import datasets
from kerastutor.exercises import Outcome
from kerastutor.exercises import lesson16 as ex

L = keras.layers


def cnn(front=(), units=64, inputs=(28, 28, 1), classes=10):
    """The lesson's CNN (with ``units`` in its hidden layer), compiled."""
    model = keras.Sequential([
        keras.Input(shape=inputs), *front,
        L.Conv2D(16, 3, activation="relu"), L.MaxPooling2D(),
        L.Conv2D(32, 3, activation="relu"), L.MaxPooling2D(),
        L.Flatten(), L.Dense(units, activation="relu", name="hidden"),
        L.Dense(classes, activation="softmax"),
    ])
    model.compile(optimizer=keras.optimizers.Adam(0.003), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model


@pytest.fixture(scope="module")
def lesson():
    """The lesson's variables: MNIST split as in the lesson, and a baseline CNN trained on centred digits."""
    keras.utils.set_random_seed(16)
    mnist = datasets.load("mnist", train_size=8000, test_size=2000)
    images = mnist.x_train.astype("float32")[..., None] / 255
    baseline = cnn()
    baseline.fit(images[:7000], mnist.y_train[:7000], epochs=3, batch_size=128, verbose=0)
    return {"keras": keras, "np": np, "kt": kt, "ex": ex, "baseline": baseline,
            "x_train": images[:7000], "y_train": mnist.y_train[:7000],
            "x_val": images[7000:], "y_val": mnist.y_train[7000:],
            "x_test": mnist.x_test.astype("float32")[..., None] / 255, "y_test": mnist.y_test}


def message(problem, answer) -> str:
    result = problem.check(answer)
    assert result.outcome is Outcome.INCORRECT, (problem.name, result.message)
    return result.message


def test_solutions_pass(lesson, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the q1 solution saves capstone.keras in the working folder
    namespace = dict(lesson)
    for problem in (ex.q1, ex.q2, ex.q3):
        result = run_solution(problem, namespace)
        assert result.outcome is Outcome.CORRECT, (problem.name, result.message)
    assert (tmp_path / "capstone.keras").is_file()
    namespace["improved"] = namespace["capstone"]  # q1's solution is augmented too, and meets target 2
    result = run_solution(ex.q4, namespace)
    assert result.outcome is Outcome.CORRECT, result.message


def test_shift_and_rotate_is_a_fixed_test_set():
    images = ex.held_out_mnist()[0][:50]
    moved = ex.shift_and_rotate(images)
    assert moved.shape == images.shape and moved.dtype == np.float32
    assert np.array_equal(moved, ex.shift_and_rotate(images))
    assert not np.allclose(moved, images) and 0 <= moved.min() and moved.max() <= 1 + 1e-6
    assert np.allclose(ex.shift_and_rotate(images, degrees=0, pixels=0), images, atol=1e-5)
    assert ex.shift_and_rotate(images[..., None]).shape == (50, 28, 28, 1)


def test_q1_files_that_cannot_be_graded(tmp_path):
    assert "there is no file at" in message(ex.q1, str(tmp_path / "capstone.keras"))
    assert "legacy HDF5 file" in message(ex.q1, tmp_path / "capstone.h5")
    assert "holds only weights" in message(ex.q1, tmp_path / "capstone.weights.h5")
    assert "should end in .keras" in message(ex.q1, tmp_path / "capstone")
    assert "expected the path of your saved model" in message(ex.q1, 42)
    for damaged in (b"", b"garbage", b"PK\x03\x04 cut short"):
        (tmp_path / "damaged.keras").write_bytes(damaged)
        assert "is empty or damaged (a .keras file is a zip" in message(ex.q1, tmp_path / "damaged.keras")
        assert (tmp_path / "damaged.keras").read_bytes() == damaged  # the learner's file is left as it was

    with_lambda = keras.Sequential([keras.Input((28, 28, 1)), L.Lambda(lambda t: t * 1.0), L.Flatten(),
                                    L.Dense(10, activation="softmax")])
    path = tmp_path / "lambda.keras"
    with_lambda.save(path)
    found = message(ex.q1, path)
    assert "could not load lambda.keras with safe_mode=True" in found and "Lambda" in found


def test_q1_models_that_miss(lesson, tmp_path):
    keras.utils.set_random_seed(0)
    untrained = cnn(units=8)
    path = tmp_path / "untrained.keras"
    untrained.save(path)
    found = message(ex.q1, path)
    assert found.startswith("2 of 3 targets missed.") and "chance level" in found
    assert "parameters (budget 20,000): met" in found

    found = message(ex.q1, lesson["baseline"])  # trained on centred digits only, and too big
    assert "on the same digits shifted and rotated" in found and "RandomTranslation" in found
    assert "56,714 parameters (budget 20,000): missed" in found
    assert "its largest layer, hidden, holds 51,264 of them" in found

    wrong_size = keras.Sequential([keras.Input((32, 32, 1)), L.Flatten(), L.Dense(10, activation="softmax")])
    assert "takes samples of shape (32, 32, 1)" in message(ex.q1, wrong_size)
    assert "outputs (5,) per digit" in message(ex.q1, cnn(units=8, classes=5))
    assert "no input shape" in message(ex.q1, keras.Sequential([L.Dense(10)]))


def test_the_runs_have_the_problems_the_solution_names():
    verdicts = {name: ex.verdict(ex._run_history(name)) for name in ex.RUN_SETTINGS}
    assert verdicts == {"A": ("under-fits", "train longer"), "B": ("over-fits", "regularize"),
                        "C": ("under-fits", "bigger model")}


def test_q2_wrong_answers():
    right = {"A": ("under-fits", "train longer"), "B": ("over-fits", "regularize"),
             "C": ("under-fits", "bigger model")}
    spelled = {"a": ("Under-fitting", "Train longer"), "b": ("overfit", "regularize"), "c": right["C"]}
    assert ex.q2.check(spelled)

    swapped = message(ex.q2, right | {"A": ("under-fits", "bigger model")})
    assert swapped.startswith("run A does under-fit, but 'bigger model' is not the fix its curves ask for")
    assert "its training accuracy went from" in swapped
    found = message(ex.q2, right | {"B": ("under-fits", "train longer")})
    assert found.startswith("run B does not under-fit: its training accuracy ends at 1.000")
    assert "does not fit well" in message(ex.q2, right | {"C": ("fits", "keep it")})
    assert "'too big' is not a diagnosis" in message(ex.q2, right | {"B": ("too big", "regularize")})
    assert "'dropout' is not one of the fixes" in message(ex.q2, right | {"B": ("over-fits", "dropout")})
    assert "one entry for each run" in message(ex.q2, {"A": right["A"]})
    assert "expected a dict" in message(ex.q2, [right["A"], right["B"], right["C"]])
    assert "expected a pair (diagnosis, fix)" in message(ex.q2, right | {"A": "under-fits"})


def test_q3_wrong_answers(lesson, monkeypatch):
    baseline = lesson["baseline"]
    assert ex.q3.check(("shifts", baseline))  # either order
    assert "measure it before you answer" in message(ex.q3, (baseline, "rotations"))
    assert "neither of the two moves" in message(ex.q3, (baseline, "zooms"))
    keras.utils.set_random_seed(0)
    assert "reaches only" in message(ex.q3, (cnn(units=8), "shifts"))
    assert "expected a pair" in message(ex.q3, baseline)
    monkeypatch.setattr(ex, "CLEAR_GAP", 1.0)
    assert "cost about the same" in message(ex.q3, (baseline, "shifts"))


@pytest.fixture(scope="module")
def augmented():
    """A small augmented CNN that reads the moved digits well enough for q4."""
    keras.utils.set_random_seed(1)
    mnist = datasets.load("mnist", train_size=8000, test_size=2000)
    images = mnist.x_train.astype("float32")[..., None] / 255
    model = cnn(front=[L.RandomRotation(20 / 360, fill_mode="constant"),
                       L.RandomTranslation(0.1, 0.1, fill_mode="constant")])
    model.fit(images, mnist.y_train, epochs=8, batch_size=128, verbose=0)
    return model


def test_moved_digits_are_what_q1_measures():
    x, y = ex.moved_digits()
    assert x.shape == (2000, 28, 28, 1) and y.shape == (2000,)
    assert np.array_equal(x[..., 0], ex.shift_and_rotate(ex.held_out_mnist()[0]))


def test_q4_finds_the_most_common_mistake(augmented):
    x, y = ex.moved_digits()
    off_diagonal = kt.mistakes(augmented, x, y, saliency=None).confusion * (1 - np.eye(10, dtype=int))
    assert np.trace(kt.mistakes(augmented, x, y, saliency=None).confusion) / len(y) >= ex.MOVED_TARGET
    true, predicted = (int(v) for v in np.unravel_index(off_diagonal.argmax(), off_diagonal.shape))
    assert ex.q4.check((augmented, (true, predicted)))
    assert ex.q4.check(((str(true), str(predicted)), augmented))  # either order, digits as text

    if off_diagonal[predicted, true] < off_diagonal[true, predicted]:
        found = message(ex.q4, (augmented, (predicted, true)))
        assert found.startswith(f"the other way round: this model reads a {predicted} as a {true}")
        assert "the row is the true digit and the column the prediction" in found
    rarest = np.unravel_index(np.where(np.eye(10, dtype=bool), 10**6, off_diagonal).argmin(), (10, 10))
    found = message(ex.q4, (augmented, tuple(int(v) for v in rarest)))
    assert f"its most common mistake happens {off_diagonal.max()} times" in found
    assert "largest count off the diagonal" in found
    assert "a right answer, on the diagonal" in message(ex.q4, (augmented, (3, 3)))
    assert "is not a pair of digits" in message(ex.q4, (augmented, (3, 12)))
    assert "is not a pair of digits" in message(ex.q4, (augmented, "3 as 5"))
    assert "pass the model with the digits" in message(ex.q4, (3, 5))
    assert "expected a pair (model, (true digit, predicted digit))" in message(ex.q4, augmented)


def test_q4_wants_the_improved_model(lesson):
    baseline = lesson["baseline"]  # trained on centred digits only: its mistakes are the lesson's example
    found = message(ex.q4, (baseline, (1, 6)))
    assert found.startswith("this model reads only") and "ask about the improved model" in found
    wrong_size = keras.Sequential([keras.Input((32, 32, 1)), L.Flatten(), L.Dense(10, activation="softmax")])
    assert "takes samples of shape (32, 32, 1)" in message(ex.q4, (wrong_size, (1, 6)))
