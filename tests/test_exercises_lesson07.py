import keras
import numpy as np
import pytest
from exercise_helpers import run_solution

import kerastutor as kt
from kerastutor.exercises import Outcome
from kerastutor.exercises import lesson07 as ex

L = keras.layers
PROBLEMS = (ex.q1, ex.q2, ex.q3, ex.q4)


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
    inputs = np.random.default_rng(7).normal(size=(32, 48, 1)).astype("float32")   # a batch of windows
    return {"keras": keras, "np": np, "L": L, "ex": ex, "kt": kt, "train_texts": train_texts,
            "examples": examples, "show_windows": show_windows, "window": 48, "inputs": inputs}


def test_solutions_pass(namespace):
    for problem in PROBLEMS:
        result = run_solution(problem, namespace)
        assert result.outcome is Outcome.CORRECT, (problem.name, result.message)


def sized(extra_tokens=2, adapt=True, fixed_length=None):
    """A make_vectorizer that sizes its layer from the texts, with one of the usual mistakes."""
    def make(texts):
        every_word = L.TextVectorization()
        every_word.adapt(texts)
        ids = keras.ops.convert_to_numpy(every_word(texts))
        counts = np.bincount(ids.ravel(), minlength=every_word.vocabulary_size())
        tokens = int(np.sum(counts[2:] >= 2)) + extra_tokens
        layer = L.TextVectorization(max_tokens=tokens, output_sequence_length=fixed_length or ids.shape[1])
        if adapt:
            layer.adapt(texts)
        return layer
    return make


def raw_word_counts(texts):
    """Counts words with str.split, without the layer's standardization."""
    words = [word for text in texts for word in str(text).split()]
    frequent = sum(1 for word in set(words) if words.count(word) >= 2)
    longest = max(len(str(text).split()) for text in texts)
    layer = L.TextVectorization(max_tokens=frequent + 2, output_sequence_length=longest)
    layer.adapt(texts)
    return layer


def test_q1_wrong_answers():
    forgot = ex.q1.check(sized(extra_tokens=0)).message
    assert "your vocabulary lacks" in forgot and "max_tokens counts the padding" in forgot
    assert "which occur only once" in ex.q1.check(sized(extra_tokens=5)).message
    raw = ex.q1.check(raw_word_counts).message
    assert "lacks ['a']" in raw and "as the layer sees them" in raw
    cut = ex.q1.check(sized(fixed_length=5)).message
    assert "output_sequence_length=5 cuts the checker's longest text, which has 9 words" in cut
    assert "zeros of padding" in ex.q1.check(sized(fixed_length=40)).message
    assert "no vocabulary yet" in ex.q1.check(sized(adapt=False)).message

    def bag_of_words(texts):
        layer = L.TextVectorization(output_mode="count")
        layer.adapt(texts)
        return layer

    assert "output_mode='count' gives one vector per text" in ex.q1.check(bag_of_words).message
    assert "return the adapted" in ex.q1.check(lambda texts: texts).message


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


def forecaster(bias=0.0, optimizer=None, compiled=True, window=48):
    """Section 8's forecaster with its Conv1D biases starting at ``bias``."""
    conv = L.Conv1D(8, 5, activation="relu", bias_initializer=keras.initializers.Constant(bias))
    model = keras.Sequential([keras.Input(shape=(window, 1)), conv, L.Flatten(), L.Dense(1)])
    if compiled:
        model.compile(optimizer=optimizer or keras.optimizers.Adam(learning_rate=0.002), loss="mse")
    return model


def test_q4_the_flat_forecaster_is_flat_and_its_fix_learns():
    assert "all 0" in ex.q4.check(ex.flat_forecaster()).message
    assert ex.q4.check(forecaster())


def test_q4_wrong_answers():
    recompiled = ex.flat_forecaster()
    recompiled.compile(optimizer=keras.optimizers.Adam(learning_rate=0.1), loss="mse")  # a faster optimizer
    message = ex.q4.check(recompiled).message
    assert "the outputs of layer 'conv' are all 0" in message and "biases" in message
    crawling = ex.q4.check(forecaster(optimizer=keras.optimizers.SGD(learning_rate=1e-6))).message
    assert "it still does not learn" in crawling
    assert "not compiled" in ex.q4.check(forecaster(compiled=False)).message
    assert "takes (24, 1)" in ex.q4.check(forecaster(window=24)).message
    assert "expected a Keras model" in ex.q4.check("flat").message
