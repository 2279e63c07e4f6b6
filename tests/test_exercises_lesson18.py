import keras
import numpy as np
import pytest
from exercise_helpers import run_solution

from kerastutor.exercises import Outcome
from kerastutor.exercises import lesson18 as ex


@pytest.fixture
def namespace():
    """What the lesson's solutions use from the notebook."""
    keras.utils.set_random_seed(18)
    return {"keras": keras, "np": np, "ex": ex}


@pytest.mark.parametrize("name", ["q1", "q2", "q3", "q4"])
def test_solutions_pass(namespace, name):
    result = run_solution(getattr(ex, name), namespace)
    assert result.outcome is Outcome.CORRECT, result.message


def test_q1_wrong_answers():
    always_argmax = ex.q1.check(lambda model, x: np.argmax(model.predict(x, verbose=0), axis=-1))
    assert "one sigmoid output your function returns only 0s" in always_argmax.message
    probabilities = ex.q1.check(lambda model, x: model.predict(x, verbose=0))
    assert "returns the probabilities (shape (40, 4))" in probabilities.message
    samples_axis = ex.q1.check(lambda model, x: np.argmax(model.predict(x, verbose=0), axis=0))
    assert "returns shape (4,)" in samples_axis.message
    inverted = ex.q1.check(lambda model, x: (model.predict(x, verbose=0) < 0.5).astype("int32")
                           if model.output_shape[-1] == 1 else model.predict(x, verbose=0).argmax(-1))
    assert "one sigmoid output your function gives another class than Keras 2's" in inverted.message
    assert "expected a function predict_classes(model, x)" in ex.q1.check(np.zeros(40)).message


def test_q2_wrong_answers():
    pre_activation = ex.q2.check(lambda model: keras.Model(model.inputs, model.layers[5].output))
    assert "what model.layers[5] (the Dense layer)" in pre_activation.message
    assert "read model.layers[6] (the Activation layer)" in pre_activation.message
    whole_model = ex.q2.check(lambda model: model)
    assert "model.layers[9] (the Activation layer)" in whole_model.message
    other = ex.old_tutorial_model(7)
    fresh = ex.q2.check(lambda model: keras.Model(other.inputs, other.layers[6].output))
    assert "other values" in fresh.message
    function = ex.q2.check(lambda model: lambda x: keras.Model(model.inputs, model.layers[6].output)(x))
    assert "returns a function, a plain function as K.function made" in function.message
    assert "must return a model" in ex.q2.check(lambda model: None).message


def test_q3_wrong_answers():
    decay_dropped = ex.q3.check(keras.optimizers.Adam(learning_rate=0.01))
    assert "stays 0.01 at every step" in decay_dropped.message
    weight_decay = ex.q3.check(keras.optimizers.Adam(learning_rate=0.01, weight_decay=1e-3))
    assert "weight_decay= is not Keras 2's decay=" in weight_decay.message
    exponential = keras.optimizers.schedules.ExponentialDecay(0.01, decay_steps=1, decay_rate=0.999)
    exponential_message = ex.q3.check(keras.optimizers.Adam(exponential)).message
    assert "at step 100 your learning rate is 0.009048" in exponential_message
    schedule = keras.optimizers.schedules.InverseTimeDecay(0.01, decay_steps=1, decay_rate=1e-3)
    assert "used Adam; you handed in SGD" in ex.q3.check(keras.optimizers.SGD(schedule)).message
    assert "expected a Keras optimizer" in ex.q3.check("adam").message
    answer = keras.optimizers.Adam(schedule)
    ex.q3.check(answer)
    assert int(answer.iterations.numpy()) == 0  # the check works on a copy


def _convnet(first, second, flatten=True):
    layers = keras.layers
    return keras.Sequential([keras.Input((28, 28, 1)), first, second, layers.MaxPooling2D(pool_size=(2, 2)),
                             *([layers.Flatten()] if flatten else [layers.GlobalAveragePooling2D()]),
                             layers.Dense(128, activation="relu"), layers.Dense(10, activation="softmax")])


def test_q4_wrong_answers():
    Conv2D = keras.layers.Conv2D
    as_given = ex.q4.check(ex.hand_migrated_model())
    assert "your first Conv2D layer moves its window by (3, 3) pixels (strides)" in as_given.message
    second_left = ex.q4.check(_convnet(Conv2D(32, (3, 3), activation="relu"),
                                       Conv2D(64, 3, 3, activation="relu")))
    assert "your second Conv2D layer moves its window by (3, 3)" in second_left.message
    wide_kernel = ex.q4.check(_convnet(Conv2D(32, (3, 3)), Conv2D(64, (5, 5))))
    assert "your second Conv2D layer has a (5, 5) kernel" in wide_kernel.message
    swapped = ex.q4.check(_convnet(Conv2D(64, (3, 3)), Conv2D(32, (3, 3))))
    assert "your first Conv2D layer has 64 filters; the Keras 1 code asked for 32" in swapped.message
    pooled = ex.q4.check(_convnet(Conv2D(32, (3, 3)), Conv2D(64, (3, 3)), flatten=False))
    assert "your layers and their output shapes are" in pooled.message
    unbuilt = keras.Sequential([Conv2D(32, (3, 3)), Conv2D(64, (3, 3))])
    assert "no input shape yet" in ex.q4.check(unbuilt).message
    assert "expected a Keras model" in ex.q4.check("model").message
