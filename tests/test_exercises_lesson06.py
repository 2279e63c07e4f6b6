import keras
import numpy as np
import pytest
from exercise_helpers import run_solution

from kerastutor.exercises import Outcome
from kerastutor.exercises import lesson06 as ex

L = keras.layers
PROBLEMS = (ex.q1, ex.q2, ex.q3, ex.q4)


@pytest.fixture
def namespace():
    """The lesson's names the solutions use."""
    keras.utils.set_random_seed(6)
    return {"keras": keras, "np": np, "ex": ex}


def test_solutions_pass(namespace):
    for problem in PROBLEMS:
        result = run_solution(problem, namespace)
        assert result.outcome is Outcome.CORRECT, (problem.name, result.message)


def test_q1_wrong_answers():
    assert "use scale=1 / 127.5 and offset=-1" in ex.q1.check(L.Rescaling(1 / 255)).message
    assert "now add offset=-1" in ex.q1.check(L.Rescaling(1 / 127.5)).message
    assert "expected a Keras layer" in ex.q1.check(lambda x: x / 127.5 - 1).message
    assert "got Normalization" in ex.q1.check(L.Normalization(mean=127.5, variance=127.5 ** 2)).message
    message = ex.q1.check(L.Rescaling(2 / 255, offset=-2)).message
    assert "maps 0 to -2.00 and 255 to 0.00" in message


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


def pipeline(rotation=10 / 360, shift=0.1, zoom=0.1, fill="nearest", extra=()):
    return keras.Sequential([L.RandomRotation(rotation, fill_mode=fill, seed=1),
                             L.RandomTranslation(shift, shift, fill_mode=fill, seed=2),
                             L.RandomZoom(zoom, fill_mode=fill, seed=3), *extra])


def test_q4_wrong_answers():
    assert "Remove the RandomFlip layer" in ex.q4.check(pipeline(extra=[L.RandomFlip("horizontal")])).message
    message = ex.q4.check(pipeline(rotation=0.1)).message
    assert "up to 36 degrees; the task asks for 10" in message and "factor=10 / 360" in message
    assert "up to 15 degrees; the task asks for 10" in ex.q4.check(pipeline(rotation=15 / 360)).message
    assert "height_factor is 0.2" in ex.q4.check(pipeline(shift=0.2)).message
    assert "RandomZoom's height_factor" in ex.q4.check(pipeline(zoom=0.3)).message
    assert "fill_mode='reflect'" in ex.q4.check(pipeline(fill="reflect")).message
    assert "remove RandomContrast" in ex.q4.check(pipeline(extra=[L.RandomContrast(0.2)])).message
    two_layers = keras.Sequential([L.RandomRotation(10 / 360), L.RandomZoom(0.1)])
    assert "0 RandomTranslation layers" in ex.q4.check(two_layers).message
    assert "expected a keras.Sequential" in ex.q4.check(L.RandomRotation(10 / 360)).message
