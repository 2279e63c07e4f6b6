import keras
import numpy as np
import pytest
import tensorflow as tf
from exercise_helpers import run_solution
from keras import ops

from kerastutor.exercises import Outcome
from kerastutor.exercises import lesson17 as ex


@pytest.fixture
def namespace():
    """What the lesson's solutions use from the notebook."""
    keras.utils.set_random_seed(17)
    return {"keras": keras, "np": np, "tf": tf, "ex": ex}


@pytest.mark.parametrize("name", ["q1", "q2", "q3"])
def test_solutions_pass(namespace, name):
    result = run_solution(getattr(ex, name), namespace)
    assert result.outcome is Outcome.CORRECT, result.message


def _difference(a, b):
    return ops.expand_dims(a, 1) - ops.expand_dims(b, 0)


def test_q1_wrong_answers():
    numpy_version = ex.q1.check(lambda a, b: ((np.asarray(a)[:, None] - np.asarray(b)[None]) ** 2).sum(-1))
    assert "on symbolic Keras tensors" in numpy_version.message and "Use keras.ops" in numpy_version.message
    tf_version = ex.q1.check(lambda a, b: tf.reduce_sum(tf.square(tf.expand_dims(a, 1) - b), axis=-1))
    assert "on symbolic Keras tensors" in tf_version.message
    distances = ex.q1.check(lambda a, b: ops.sqrt(ops.sum(ops.square(_difference(a, b)), axis=-1)))
    assert "returns the distances" in distances.message
    wrong_axis = ex.q1.check(lambda a, b: ops.sum(ops.square(_difference(a, b)), axis=0))
    assert "returns shape (5, 3), expected (4, 5)" in wrong_axis.message
    manhattan = ex.q1.check(lambda a, b: ops.sum(ops.abs(_difference(a, b)), axis=-1))
    assert "entry [" in manhattan.message and "squared distance between a[" in manhattan.message
    assert "returns a NoneType" in ex.q1.check(lambda a, b: None).message
    assert "expected a function" in ex.q1.check(np.zeros((4, 5))).message


def _digit_model(hidden, softmax, logits=None):
    return keras.Sequential([
        keras.Input((28, 28)), keras.layers.Flatten(),
        keras.layers.Dense(128, activation="relu", dtype=hidden),
        keras.layers.Dense(10, dtype=logits or hidden),
        keras.layers.Activation("softmax", dtype=softmax)])


def test_q2_wrong_answers():
    broken = ex.mixed_model()
    assert "come out as bfloat16" in ex.q2.check(broken).message
    cast_afterwards = keras.Sequential([broken, keras.layers.Activation("linear", dtype="float32")])
    assert "still sum to 1 only within" in ex.q2.check(cast_afterwards).message
    all_float32 = _digit_model("float32", "float32")
    all_float32.set_weights(broken.get_weights())
    assert "gives up mixed precision" in ex.q2.check(all_float32).message
    bfloat16_weights = _digit_model("bfloat16", "float32", logits="mixed_bfloat16")
    bfloat16_weights.set_weights(broken.get_weights())
    assert "keeps its weights in bfloat16" in ex.q2.check(bfloat16_weights).message
    untrained = _digit_model("mixed_bfloat16", "float32")
    assert "needed" in ex.q2.check(untrained).message
    assert "expected a Keras model" in ex.q2.check("fixed").message


def _pipeline(*steps):
    def make_pipeline(images, labels):
        dataset = tf.data.Dataset.from_tensor_slices((images, labels))
        for step in steps:
            dataset = step(dataset)
        return dataset
    return make_pipeline


def decode(d):
    return d.map(ex.slow_decode)


def cache(d):
    return d.cache()


def shuffle(d):
    return d.shuffle(96)


def batch(d):
    return d.batch(32)


def prefetch(d):
    return d.prefetch(tf.data.AUTOTUNE)


def test_q3_right_answer_with_parallel_decoding():
    parallel = _pipeline(lambda d: d.map(ex.slow_decode, num_parallel_calls=tf.data.AUTOTUNE),
                         cache, shuffle, batch, prefetch)
    assert ex.q3.check(parallel).outcome is Outcome.CORRECT


def test_q3_wrong_answers():
    def message(*steps):
        return ex.q3.check(_pipeline(*steps)).message

    assert "same order" in message(decode, shuffle, cache, batch, prefetch)
    assert "decoded all 96 examples again" in message(cache, decode, shuffle, batch, prefetch)
    assert "decoded all 96 examples again" in message(decode, shuffle, batch, prefetch)
    assert "the last step of your pipeline is Batch" in message(decode, cache, shuffle, batch)
    assert "original order" in message(decode, cache, batch, prefetch)
    assert "decoded 3 examples" in message(batch, decode, cache, prefetch)
    assert "batches of 32" in message(decode, cache, shuffle, lambda d: d.batch(16), prefetch)
    assert "not each example once" in message(decode, cache, shuffle, batch, lambda d: d.take(2), prefetch)
    assert "expected a tf.data.Dataset" in ex.q3.check(lambda images, labels: list(labels)).message
    assert "expected a function" in ex.q3.check(tf.data.Dataset.range(3)).message
