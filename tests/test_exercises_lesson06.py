import keras
import numpy as np
import pytest
from exercise_helpers import run_solution

import kerastutor as kt
from kerastutor.datasets import shipped_mnist
from kerastutor.exercises import Outcome
from kerastutor.exercises import lesson06 as ex

L = keras.layers
PROBLEMS = (ex.q1, ex.q2, ex.q3, ex.q4, ex.q5)


@pytest.fixture
def namespace():
    """The lesson's names the solutions use: its MNIST training digits, (n, 28, 28, 1) in [0, 1]."""
    keras.utils.set_random_seed(6)
    (x_train, y_train), _ = shipped_mnist()
    return {"keras": keras, "np": np, "kt": kt, "ex": ex,
            "x_train": x_train[:400, ..., np.newaxis].astype("float32") / 255, "y_train": y_train[:400]}


def test_solutions_pass(namespace):
    for problem in PROBLEMS:
        result = run_solution(problem, namespace)
        assert result.outcome is Outcome.CORRECT, (problem.name, result.message)


def test_q1_wrong_answers():
    message = ex.q1.check(L.Rescaling(1 / 255)).message
    assert "maps the white paper (255) to 1.00 and the black ink (0) to 0.00" in message
    assert "keeps the digits inverted" in message
    assert "add offset=1" in ex.q1.check(L.Rescaling(-1 / 255)).message
    assert "scale by -1 / 255, not -1" in ex.q1.check(L.Rescaling(-1, offset=255)).message
    assert "which scale and offset" in ex.q1.check(L.Rescaling(1 / 127.5, offset=-1)).message
    assert "expected a Keras layer" in ex.q1.check(lambda x: 1 - x / 255).message
    assert "got Normalization" in ex.q1.check(L.Normalization(mean=127.5, variance=127.5 ** 2)).message


def test_q2_wrong_answers():
    def own_statistics(train, batch):
        return (batch - batch.mean(axis=(0, 1, 2))) / batch.std(axis=(0, 1, 2))

    def one_for_all_channels(train, batch):
        return (batch - train.mean()) / train.std()

    def centre_only(train, batch):
        return batch - train.mean(axis=(0, 1, 2))

    def in_place(train, batch):
        batch -= train.mean(axis=(0, 1, 2))
        batch /= train.std(axis=(0, 1, 2))
        return batch

    assert "the batch's own mean" in ex.q2.check(own_statistics).message
    assert "one mean and one standard deviation for all channels" in ex.q2.check(one_for_all_channels).message
    assert "not divided by the training standard deviation" in ex.q2.check(centre_only).message
    assert "changed the batch array" in ex.q2.check(in_place).message
    assert "returned None" in ex.q2.check(lambda train, batch: None).message
    assert "expected a function" in ex.q2.check(np.zeros(3)).message


def test_q3_wrong_answers():
    assert "move the image 3 pixels to the left" in ex.q3.check([1, 0, 3, 0, 1, 0, 0, 0]).message
    assert "READS from" in ex.q3.check([1, 0, 3, 0, 1, 0, 0, 0]).message
    assert "3 pixels down" in ex.q3.check([1, 0, 0, 0, 1, -3, 0, 0]).message
    assert "you gave 3 numbers" in ex.q3.check([1, 0, -3]).message
    assert "do more than shift" in ex.q3.check([0, 1, 0, 1, 0, 0, 0, 0]).message
    assert "expected 8 numbers" in ex.q3.check("right").message


def scanner(rotation=15 / 360, height=4 / 28, width=4 / 28, extra=()):
    return keras.Sequential([L.RandomRotation(rotation, seed=1), L.RandomTranslation(height, width, seed=2),
                             *extra])


def test_q4_wrong_answers():
    message = ex.q4.check(scanner(rotation=0.15)).message
    assert "up to 54 degrees either way; the scanner tilts them by up to 15" in message
    assert "what part of 360 degrees is 15" in message
    assert "up to 360 degrees" in ex.q4.check(scanner(rotation=1)).message
    message = ex.q4.check(scanner(height=0.4)).message
    assert "up to 11.2 pixels up and down" in message
    assert "fractions of the image's size, not pixels" in message
    assert "0.0 pixels left and right" in ex.q4.check(scanner(width=0.0)).message
    assert "further one way than the other" in ex.q4.check(scanner(rotation=(0, 15 / 360))).message
    assert "Remove the RandomFlip layer" in ex.q4.check(scanner(extra=[L.RandomFlip("horizontal")])).message
    assert "remove RandomZoom" in ex.q4.check(scanner(extra=[L.RandomZoom(0.1)])).message
    assert "0 RandomTranslation layers" in ex.q4.check(keras.Sequential([L.RandomRotation(15 / 360)])).message
    assert "expected a keras.Sequential" in ex.q4.check(L.RandomRotation(15 / 360)).message


def test_q5_wrong_answers():
    images = np.random.default_rng(5).uniform(size=(2, 28, 28, 1))
    colleague = kt.augment_preview(images=images, **ex.COLLEAGUE_SETTINGS)
    assert "which one makes them read as 9s" in ex.q5.check(colleague).message
    colleague.set(shear_range=0, zoom_range=0)
    message = ex.q5.check(colleague).message
    assert "you changed zoom_range, shear_range, but with rotation_range=180" in message
    no_shifts = {**ex.COLLEAGUE_SETTINGS, "rotation_range": 20, "width_shift_range": 0,
                 "height_shift_range": 0}
    assert "you also changed width_shift_range, height_shift_range" in ex.q5.check(no_shifts).message
    no_rotation = {**ex.COLLEAGUE_SETTINGS, "rotation_range": 0}
    assert "no longer learns tilted digits" in ex.q5.check(no_rotation).message
    flipped = {**ex.COLLEAGUE_SETTINGS, "rotation_range": 20, "vertical_flip": True}
    assert "vertical_flip is on" in ex.q5.check(flipped).message
    assert "expected your augmentation preview" in ex.q5.check([20]).message
    assert "unknown augmentation setting 'rotation'" in ex.q5.check({"rotation": 20}).message
