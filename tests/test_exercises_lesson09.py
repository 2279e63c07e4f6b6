import keras
import numpy as np
import pytest
from exercise_helpers import run_solution

import kerastutor as kt
from kerastutor.datasets import shipped_mnist
from kerastutor.exercises import Outcome
from kerastutor.exercises import lesson09 as ex

A = keras.applications
L = keras.layers
PROBLEMS = (ex.q1, ex.q2, ex.q3)


def digit_base():
    """The lesson's base: three Conv2D-BatchNormalization-ReLU blocks."""
    inputs = keras.Input(shape=(28, 28, 1))
    x = inputs
    for filters in (16, 32, 64):
        x = L.Conv2D(filters, 3, padding="same", use_bias=False)(x)
        x = L.BatchNormalization(momentum=0.9)(x)
        x = L.ReLU()(x)
        if filters < 64:
            x = L.MaxPooling2D()(x)
    return keras.Model(inputs, L.GlobalAveragePooling2D()(x), name="digit_base")


def transfer_model(base):
    """The lesson's transfer model: the frozen base, a new 5-class head."""
    base.trainable = False
    inputs = keras.Input(shape=(28, 28, 1))
    outputs = L.Dense(5, activation="softmax", name="new_head")(base(inputs, training=False))
    return keras.Model(inputs, outputs, name="transfer")


def compile_with(model, learning_rate):
    """The lesson's compile: Adam at ``learning_rate``, without XLA."""
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"], jit_compile=False)


@pytest.fixture(scope="module")
def lesson():
    """What the lesson has made by exercise 4: a base pretrained on 0-4, a head trained on 50 digits 5-9."""
    (x_train, y_train), _ = shipped_mnist()
    x_train, y_train = x_train.astype("float32")[..., None] / 255, y_train.astype("int64")
    keras.utils.set_random_seed(0)
    base = digit_base()
    pretraining = keras.Sequential([base, L.Dense(5, activation="softmax")])
    compile_with(pretraining, 1e-3)
    pretraining.fit(x_train[y_train < 5], y_train[y_train < 5], batch_size=64, epochs=2, verbose=0)
    rng = np.random.default_rng(0)
    new = np.flatnonzero(y_train >= 5)
    few = np.concatenate([rng.choice(new[y_train[new] == d], 10, replace=False) for d in range(5, 10)])
    x_few, y_few = x_train[few], y_train[few] - 5
    few_shot = dict(batch_size=10, epochs=10, verbose=0)
    transfer = transfer_model(base)
    compile_with(transfer, 1e-2)
    transfer.fit(x_few, y_few, **few_shot)
    return {"keras": keras, "np": np, "kt": kt, "ex": ex, "layers": L, "digit_base": digit_base,
            "transfer_model": transfer_model, "compile_with": compile_with,
            "frozen_weights": transfer.get_weights(), "few_shot": few_shot,
            "x_few": x_few, "y_few": y_few}


@pytest.fixture
def namespace():
    keras.utils.set_random_seed(9)
    return {"keras": keras, "np": np, "ex": ex}


def test_solutions_pass(namespace):
    for problem in PROBLEMS:
        result = run_solution(problem, namespace)
        assert result.outcome is Outcome.CORRECT, (problem.name, result.message)


def test_q1_wrong_answers():
    assert ex.q1.check({"MobileNetV2": "c", "ResNet50": "a", "DenseNet121": "B"}).outcome is Outcome.CORRECT
    message = ex.q1.check({"MobileNetV2": "A", "ResNet50": "C", "DenseNet121": "B"}).message
    assert message.startswith("batch A is not MobileNetV2's: its function reorders RGB to BGR")
    assert "'tf' mode" in message and "channel" in message
    message = ex.q1.check({"MobileNetV2": "C", "ResNet50": "B", "DenseNet121": "A"}).message
    assert message.startswith("batch B is not ResNet50's") and "'torch' mode" in message
    assert "no entry for 'DenseNet121'" in ex.q1.check({"MobileNetV2": "C", "ResNet50": "A"}).message
    assert "the batches are 'A', 'B' and 'C'" in ex.q1.check(
        {"MobileNetV2": "D", "ResNet50": "A", "DenseNet121": "B"}).message
    assert "expected a dict" in ex.q1.check("CAB").message


def test_mystery_batches_are_the_three_preprocessings():
    batches = ex.mystery_batches()
    assert sorted(batches) == ["A", "B", "C"]
    assert batches["C"].min() >= -1 and batches["C"].max() <= 1
    assert batches["A"].min() < -100


def test_q2_wrong_answers():
    def freeze_then_unfreeze_all(base, n):
        for layer in base.layers[:-n]:
            layer.trainable = False
        base.trainable = True

    def children_only(base, n):
        for layer in base.layers[-n:]:
            layer.trainable = not isinstance(layer, keras.layers.BatchNormalization)

    def with_batch_norm(base, n):
        base.trainable = True
        for layer in base.layers[:-n]:
            layer.trainable = False

    def too_many(base, n):
        base.trainable = True
        for layer in base.layers[:-2 * n]:
            layer.trainable = False
        for layer in base.layers:
            if isinstance(layer, keras.layers.BatchNormalization):
                layer.trainable = False

    assert "BatchNormalization layer" in ex.q2.check(freeze_then_unfreeze_all).message
    assert "base.trainable is still False" in ex.q2.check(children_only).message
    message = ex.q2.check(with_batch_norm).message
    assert message.startswith("your base trains") and "keep every BatchNormalization layer frozen" in message
    assert "is not among the last 12 layers" in ex.q2.check(too_many).message
    assert "expected a function" in ex.q2.check(12).message


def head(pool="avg", units=None, freeze=True, activation="softmax"):
    def add_head(base, num_classes):
        base.trainable = not freeze
        inputs = keras.Input(shape=base.input.shape[1:])
        features = base(inputs, training=False)
        pooling = keras.layers.GlobalAveragePooling2D() if pool == "avg" else keras.layers.Flatten()
        features = pooling(features)
        outputs = keras.layers.Dense(units or num_classes, activation=activation)(features)
        return keras.Model(inputs, outputs)
    return add_head


def test_q3_wrong_answers():
    assert "the base is still trainable" in ex.q3.check(head(freeze=False)).message
    assert "Flatten keeps every position" in ex.q3.check(head(pool="flatten")).message
    assert "with num_classes=3 your last Dense layer has 5 units" in ex.q3.check(head(units=5)).message
    assert "'sigmoid'" in ex.q3.check(head(activation="sigmoid")).message
    assert "returned Functional" not in ex.q3.check(head()).message
    assert "returned NoneType" in ex.q3.check(lambda base, n: None).message


def colleague(lesson, rate=1e-3, norms_frozen=True, unfreeze=True, fit=True):
    """The colleague's cell of exercise 4, with its learning rate and flags as given."""
    model = transfer_model(digit_base())
    model.set_weights(lesson["frozen_weights"])
    base = model.get_layer("digit_base")
    base.trainable = unfreeze
    for layer in base.layers:
        if isinstance(layer, L.BatchNormalization) and norms_frozen:
            layer.trainable = False
    compile_with(model, rate)
    if fit:
        model.fit(lesson["x_few"], lesson["y_few"], **lesson["few_shot"])
    return model


def test_q4_solution_passes(lesson):
    keras.utils.set_random_seed(0)
    result = run_solution(ex.q4, dict(lesson))
    assert result.outcome is Outcome.CORRECT, result.message


def test_q4_wrong_answers(lesson):
    keras.utils.set_random_seed(0)
    message = ex.q4.check(colleague(lesson, rate=3e-2)).message
    assert message.startswith("accuracy ") and "learning rate is 0.03" in message
    message = ex.q4.check(colleague(lesson, norms_frozen=False, fit=False)).message
    assert "is trainable, so fit runs it in training mode" in message
    frozen = colleague(lesson, unfreeze=False, fit=False)
    assert "no layer of the base is trainable" in ex.q4.check(frozen).message
    assert "has not been trained since it was compiled" in ex.q4.check(colleague(lesson, fit=False)).message
    plain = keras.Sequential([keras.Input((28, 28, 1)), L.Flatten(), L.Dense(5, activation="softmax")])
    assert "no pretrained base inside it" in ex.q4.check(plain).message
    assert "expected a Keras model" in ex.q4.check(lesson["frozen_weights"]).message
