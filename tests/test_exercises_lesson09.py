import keras
import numpy as np
import pytest
from exercise_helpers import run_solution

from kerastutor.exercises import Outcome
from kerastutor.exercises import lesson09 as ex

A = keras.applications
PROBLEMS = (ex.q1, ex.q2, ex.q3)


@pytest.fixture
def namespace():
    keras.utils.set_random_seed(9)
    return {"keras": keras, "np": np, "ex": ex}


def test_solutions_pass(namespace):
    for problem in PROBLEMS:
        result = run_solution(problem, namespace)
        assert result.outcome is Outcome.CORRECT, (problem.name, result.message)


def test_q1_equivalent_functions_pass_and_wrong_ones_fail():
    same_modes = {"ResNet50": A.vgg16.preprocess_input, "DenseNet121": A.densenet.preprocess_input,
                  "InceptionV3": A.xception.preprocess_input}
    assert ex.q1.check(same_modes).outcome is Outcome.CORRECT
    all_mobilenet = dict.fromkeys(("ResNet50", "DenseNet121", "InceptionV3"), A.mobilenet_v2.preprocess_input)
    message = ex.q1.check(all_mobilenet).message
    assert message.startswith("for 'ResNet50' your function scales 0..255 to -1..1")
    assert "'caffe' mode" in message
    swapped = {**same_modes, "DenseNet121": A.resnet50.preprocess_input}
    message = ex.q1.check(swapped).message
    assert "for 'DenseNet121' your function reorders RGB to BGR" in message and "'torch' mode" in message
    message = ex.q1.check({**same_modes, "InceptionV3": A.efficientnet.preprocess_input}).message
    assert "leaves the pixels unchanged" in message and "-1..1" in message
    assert "no entry for 'DenseNet121'" in ex.q1.check({"ResNet50": A.resnet50.preprocess_input}).message
    assert "expected a dict" in ex.q1.check(A.resnet50.preprocess_input).message
    not_a_function = {**same_modes, "ResNet50": "resnet50"}
    assert "for 'ResNet50': expected a function" in ex.q1.check(not_a_function).message


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
