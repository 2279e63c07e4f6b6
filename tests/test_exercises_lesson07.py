import keras
import numpy as np
import pytest
from exercise_helpers import run_solution

from kerastutor.exercises import Outcome
from kerastutor.exercises import lesson07 as ex

L = keras.layers
PROBLEMS = (ex.q1, ex.q2, ex.q3)


def show_windows(dataset):
    for number, (inputs, targets) in enumerate(dataset):
        inputs, targets = keras.ops.convert_to_numpy(inputs), keras.ops.convert_to_numpy(targets)
        print(f"batch {number}: inputs {inputs.shape}, targets {targets.shape}")


@pytest.fixture
def namespace():
    """The lesson's variables the solutions use (a few of its reviews stand in for the corpus)."""
    keras.utils.set_random_seed(7)
    train_texts = np.array(["The coffee was hot and delicious.", "Rude staff and dirty tables.",
                            "Great cake, great coffee, great music.", "The soup was bland and lukewarm."],
                           dtype=object)
    examples = np.array(["The coffee was great!", "Wonderful staff, a cozy corner."], dtype=object)
    return {"keras": keras, "np": np, "L": L, "ex": ex, "train_texts": train_texts, "examples": examples,
            "show_windows": show_windows}


def test_solutions_pass(namespace):
    for problem in PROBLEMS:
        result = run_solution(problem, namespace)
        assert result.outcome is Outcome.CORRECT, (problem.name, result.message)


def test_q1_an_unadapted_layer_passes_too():
    layer = L.TextVectorization(max_tokens=30, output_sequence_length=10)
    assert ex.q1.check(layer).outcome is Outcome.CORRECT
    assert layer.get_vocabulary() == ["", "[UNK]"]  # the check adapted a copy, not the learner's layer


def test_q1_wrong_answers():
    assert "output_sequence_length is not set" in ex.q1.check(L.TextVectorization(max_tokens=30)).message
    assert "output_sequence_length is 12" in ex.q1.check(
        L.TextVectorization(max_tokens=30, output_sequence_length=12)).message
    message = ex.q1.check(L.TextVectorization(max_tokens=30, output_mode="multi_hot")).message
    assert "output_mode='multi_hot' gives one vector per text" in message
    message = ex.q1.check(L.TextVectorization(max_tokens=28, output_sequence_length=10)).message
    assert "max_tokens is 28" in message and "counts the padding" in message
    message = ex.q1.check(L.TextVectorization(max_tokens=30, output_sequence_length=10, standardize="lower"))
    assert "standardize is 'lower'" in message.message
    assert "expected a keras.layers.TextVectorization" in ex.q1.check(L.StringLookup()).message


def test_q2_wrong_answers():
    def default_sides(sequences):
        return keras.utils.pad_sequences(sequences, maxlen=5)

    def padding_only(sequences):
        return keras.utils.pad_sequences(sequences, maxlen=5, padding="post")

    message = ex.q2.check(default_sides).message
    assert "zeros go at the front" in message and "truncating='post'" in message
    message = ex.q2.check(padding_only).message
    assert "lose their first ids" in message and "zeros go at the front" not in message
    no_maxlen = ex.q2.check(lambda s: keras.utils.pad_sequences(s, padding="post", truncating="post")).message
    assert "returned shape (4, 7)" in no_maxlen and "maxlen=5" in no_maxlen
    assert "returned None" in ex.q2.check(lambda s: None).message
    assert "expected a function" in ex.q2.check([[1, 2, 0, 0, 0]]).message


def windows(targets_shift=6, length=6, stride=3, batch=16, sampling=1):
    def make(values):
        return keras.utils.timeseries_dataset_from_array(
            values, values[targets_shift:] if targets_shift is not None else None, sequence_length=length,
            sequence_stride=stride, sampling_rate=sampling, batch_size=batch)
    return make


def test_q3_wrong_answers():
    message = ex.q3.check(lambda v: keras.utils.timeseries_dataset_from_array(
        v, v, sequence_length=6, sequence_stride=3, batch_size=16)).message
    assert "its own first value" in message and "targets=values[6:]" in message
    assert "7 steps after its window's start" in ex.q3.check(windows(targets_shift=7)).message
    assert "a new window starts every 1 steps" in ex.q3.check(windows(stride=1)).message
    assert "hold 5 values" in ex.q3.check(windows(length=5, targets_shift=5)).message
    assert "batches hold 32 windows" in ex.q3.check(windows(batch=32)).message
    assert "windows without targets" in ex.q3.check(windows(targets_shift=None)).message
    assert "2.0] steps apart" in ex.q3.check(windows(sampling=2, targets_shift=11)).message
    assert "returned ndarray" in ex.q3.check(lambda v: v.reshape(-1, 5)).message
