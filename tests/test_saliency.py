"""kt.saliency: heatmaps found where models whose answer is known by construction look."""

from __future__ import annotations

import keras
import numpy as np
import pytest
import tensorflow as tf

import kerastutor as kt
from kerastutor.attribution.compute import METHODS, explain
from kerastutor.attribution.summary import centre_of_mass, region
from kerastutor.inspector.activations import MemoryBudgetExceeded

GRADIENT_METHODS = ("gradients", "smoothgrad", "integrated_gradients")
SIDE = 16


def quadrant_reader() -> keras.Model:
    """A classifier whose output reads only the top-left quadrant of its 16x16 RGB input."""
    keras.utils.set_random_seed(0)
    inputs = keras.Input((SIDE, SIDE, 3))
    corner = keras.layers.Cropping2D(((0, SIDE // 2), (0, SIDE // 2)))(inputs)
    hidden = keras.layers.Conv2D(4, 3, activation="tanh")(corner)
    outputs = keras.layers.Dense(3, activation="softmax")(keras.layers.Flatten()(hidden))
    return keras.Model(inputs, outputs)


def blob_detector() -> keras.Sequential:
    """Class 0's logit is the strongest 3x3 patch sum (ReLU): only a bright blob raises it."""
    model = keras.Sequential([keras.Input((SIDE, SIDE, 1)), keras.layers.Conv2D(1, 3, padding="same",
                              activation="relu"), keras.layers.GlobalMaxPooling2D(),
                              keras.layers.Dense(2, activation="softmax")])
    model.layers[0].set_weights([np.ones((3, 3, 1, 1), "float32"), np.zeros(1, "float32")])
    model.layers[2].set_weights([np.array([[1.0, -1.0]], "float32"), np.zeros(2, "float32")])
    return model


def blobs() -> tuple[np.ndarray, list[tuple[int, int]]]:
    """Four black images, each with a bright 4x4 square in another quadrant (its top-left corner)."""
    corners = [(1, 2), (2, 10), (10, 1), (11, 11)]
    images = np.zeros((4, SIDE, SIDE, 1), "float32")
    for image, (row, column) in zip(images, corners):
        image[row:row + 4, column:column + 4] = 1.0
    return images, corners


@pytest.fixture(scope="module")
def reader():
    return quadrant_reader()


@pytest.mark.parametrize("method", GRADIENT_METHODS)
def test_gradient_methods_find_the_only_quadrant_the_model_reads(reader, method):
    images = np.random.default_rng(1).uniform(0.2, 1.0, (3, SIDE, SIDE, 3)).astype("float32")
    heat = kt.saliency(reader, images, method)
    assert heat.shape == (3, SIDE, SIDE) and heat.dtype == np.float32
    assert heat.min() >= 0 and np.allclose(heat.max(axis=(1, 2)), 1)
    inside, outside = heat[:, :SIDE // 2, :SIDE // 2], heat.copy()
    outside[:, :SIDE // 2, :SIDE // 2] = 0
    assert outside.max() < 1e-6 and inside.mean(axis=(1, 2)).min() > 0.05


@pytest.mark.parametrize("method", METHODS)
def test_every_method_finds_the_blob_that_decides_the_class(method):
    images, corners = blobs()
    result = explain(blob_detector(), images, method)
    assert list(result.predicted) == [0, 0, 0, 0] and result.score == "logit"
    for heat, (row, column) in zip(result.heatmaps, corners):
        near = np.zeros_like(heat, dtype=bool)
        near[max(row - 1, 0):row + 5, max(column - 1, 0):column + 5] = True  # the blob and its border
        assert heat[near].sum() > 0.85 * heat.sum(), method
        centre = centre_of_mass(heat)
        assert abs(centre[0] - (row + 1.5)) < 2.5 and abs(centre[1] - (column + 1.5)) < 2.5, method


def test_gradients_match_a_finite_difference_gradient():
    keras.utils.set_random_seed(3)
    model = keras.Sequential([keras.Input((5, 5, 1)), keras.layers.Conv2D(2, 3, activation="tanh"),
                              keras.layers.Flatten(), keras.layers.Dense(3)])
    image = np.random.default_rng(3).normal(size=(1, 5, 5, 1)).astype("float32")
    step, numeric = 1e-2, np.zeros((5, 5))
    for row in range(5):
        for column in range(5):
            up, down = image.copy(), image.copy()
            up[0, row, column, 0] += step
            down[0, row, column, 0] -= step
            change = model(up).numpy()[0, 1] - model(down).numpy()[0, 1]
            numeric[row, column] = change / (2 * step)
    heat = kt.saliency(model, image, "gradients", class_index=1)[0]
    assert np.allclose(heat, np.abs(numeric) / np.abs(numeric).max(), atol=2e-3)


def test_the_score_is_the_logit_before_a_separable_softmax():
    keras.utils.set_random_seed(4)
    layers = [keras.Input((6, 6, 1)), keras.layers.Conv2D(3, 3, activation="relu"), keras.layers.Flatten()]
    with_softmax = keras.Sequential([*layers, keras.layers.Dense(4, activation="softmax")])
    logits_only = keras.Sequential([*layers[:3], keras.layers.Dense(4)])
    logits_only.set_weights(with_softmax.get_weights())
    separate = keras.Sequential([*layers[:3], keras.layers.Dense(4), keras.layers.Softmax()])
    separate.set_weights(with_softmax.get_weights())
    images = np.random.default_rng(4).random((2, 6, 6, 1)).astype("float32")
    expected = kt.saliency(logits_only, images, "gradients", class_index=2)
    for model in (with_softmax, separate):
        result = explain(model, images, "gradients", class_index=2)
        assert result.score == "logit" and np.allclose(result.heatmaps, expected, atol=1e-5)
    assert explain(logits_only, images, "gradients").score == "output"


def test_integrated_gradients_add_up_to_the_score_change_from_black():
    keras.utils.set_random_seed(5)
    model = keras.Sequential([keras.Input((4, 4, 1)), keras.layers.Flatten(), keras.layers.Dense(2)])
    images = np.random.default_rng(5).random((1, 4, 4, 1)).astype("float32")
    kernel = model.layers[-1].get_weights()[0][:, 0].reshape(4, 4)  # a linear model: IG is w * x exactly
    heat = kt.saliency(model, images, "integrated_gradients", class_index=0)[0]
    exact = np.abs(kernel * images[0, ..., 0])
    assert np.allclose(heat, exact / exact.max(), atol=1e-5)


@pytest.fixture(scope="module")
def transfer():
    """A MobileNetV2 base (random weights) nested in a Sequential with preprocessing and a new head."""
    keras.utils.set_random_seed(6)
    base = keras.applications.MobileNetV2(weights=None, include_top=False, input_shape=(96, 96, 3),
                                          alpha=0.35)
    model = keras.Sequential([keras.Input((96, 96, 3)), keras.layers.Rescaling(1 / 127.5, offset=-1), base,
                              keras.layers.GlobalAveragePooling2D(),
                              keras.layers.Dense(3, activation="softmax")])
    images = np.random.default_rng(6).uniform(0, 255, (2, 96, 96, 3)).astype("float32")
    return model, base, images


def test_grad_cam_reaches_into_a_nested_pretrained_base(transfer):
    model, base, images = transfer
    result = explain(model, images, "grad_cam", class_index=1)
    assert result.layer == f"{base.name}/out_relu" and result.heatmaps.shape == (2, 96, 96)
    assert np.isfinite(result.heatmaps).all() and 0 <= result.heatmaps.min() <= result.heatmaps.max() <= 1
    assert explain(model, images, "grad_cam", layer="Conv_1_bn").layer == f"{base.name}/Conv_1_bn"
    named = kt.saliency(model, images, "grad_cam", class_index=1, layer=f"{base.name}/out_relu")
    assert np.array_equal(named, result.heatmaps)


def grad_cam_by_hand(maps: np.ndarray, head, index: int, size: tuple[int, int]) -> np.ndarray:
    """Grad-CAM written out: ``head`` maps the feature maps to logits; class ``index``'s is differentiated."""
    maps = tf.convert_to_tensor(maps)
    with tf.GradientTape() as tape:
        tape.watch(maps)
        logit = head(maps)[:, index]
    weights = tf.reduce_mean(tape.gradient(logit, maps), axis=(1, 2), keepdims=True)
    cam = tf.image.resize(tf.nn.relu(tf.reduce_sum(weights * maps, -1, keepdims=True)), size)[..., 0].numpy()
    return cam / cam.max(axis=(1, 2), keepdims=True)


def test_grad_cam_on_a_functional_model_with_a_functional_base_matches_it_written_out():
    keras.utils.set_random_seed(7)
    inner_in = keras.Input((12, 12, 1))
    inner = keras.Model(inner_in, keras.layers.Conv2D(4, 3, padding="same", activation="relu", name="feat")(
        keras.layers.Conv2D(2, 3, padding="same", name="first")(inner_in)), name="base")
    inputs = keras.Input((24, 24, 1))
    x = inner(keras.layers.Resizing(12, 12)(keras.layers.Rescaling(1 / 255)(inputs)))
    dense = keras.layers.Dense(2, activation="softmax")
    model = keras.Model(inputs, dense(keras.layers.Flatten()(x)))
    images = np.random.default_rng(7).uniform(0, 255, (3, 24, 24, 1)).astype("float32")
    result = explain(model, images, class_index=1)
    assert result.layer == "base/feat" and result.heatmaps.shape == (3, 24, 24)
    maps = inner(keras.ops.image.resize(images / 255, (12, 12))).numpy()
    kernel, bias = dense.get_weights()
    expected = grad_cam_by_hand(maps, lambda m: tf.reshape(m, (3, -1)) @ kernel + bias, 1, (24, 24))
    assert np.allclose(result.heatmaps, expected, atol=1e-5)
    assert explain(model, images, layer="first").layer == "base/first"


class CornerNet(keras.Model):
    """A subclassed model that looks at the top-left quadrant only."""

    def __init__(self) -> None:
        super().__init__()
        self.dense = keras.layers.Dense(2)

    def call(self, x):
        return self.dense(keras.ops.reshape(x[:, :4, :4, :], (-1, 16)))


def test_gradient_methods_work_on_a_subclassed_model():
    net = CornerNet()
    images = np.random.default_rng(8).random((2, 8, 8, 1)).astype("float32") + 0.1
    net(images)
    for method in GRADIENT_METHODS:
        heat = kt.saliency(net, images, method)
        assert heat.shape == (2, 8, 8) and heat[:, 4:, :].max() == 0 and heat[:, :, 4:].max() == 0
        assert heat[:, :4, :4].max() == pytest.approx(1)


def test_class_index_none_int_or_one_per_image(reader):
    images = np.random.default_rng(9).random((2, SIDE, SIDE, 3)).astype("float32")
    predicted = explain(reader, images, "gradients")
    assert list(predicted.explained) == list(predicted.probabilities.argmax(axis=1))
    chosen = explain(reader, images, "gradients", class_index=[2, 0])
    assert list(chosen.explained) == [2, 0]
    single = kt.saliency(reader, images, "gradients", class_index=2)
    assert np.allclose(single[0], chosen.heatmaps[0]) and not np.allclose(single[1], chosen.heatmaps[1])
    assert np.allclose(kt.saliency(reader, images[0], "gradients", class_index=2), single[:1])  # one image


def test_same_seed_same_maps_and_another_seed_other_maps(reader):
    images = np.random.default_rng(10).random((2, SIDE, SIDE, 3)).astype("float32")
    first = kt.saliency(reader, images, "smoothgrad", seed=1, n_samples=5)
    assert np.array_equal(first, kt.saliency(reader, images, "smoothgrad", seed=1, n_samples=5))
    assert not np.allclose(first, kt.saliency(reader, images, "smoothgrad", seed=2, n_samples=5))


def test_chunks_within_a_small_budget_give_the_same_maps(reader):
    images = np.random.default_rng(11).random((5, SIDE, SIDE, 3)).astype("float32")
    for method in ("integrated_gradients", "grad_cam"):
        whole = kt.saliency(reader, images, method, steps=4)
        assert np.allclose(kt.saliency(reader, images, method, steps=4, budget_mb=0.05), whole, atol=1e-6)
    with pytest.raises(MemoryBudgetExceeded, match=r"one image of shape \(16, 16, 3\) needs about .* "
                       r"over the budget of .*raise budget_mb"):
        kt.saliency(reader, images, "gradients", budget_mb=0.001)


def test_the_model_is_never_changed(transfer):
    model, _, images = transfer
    model.compile("adam", "sparse_categorical_crossentropy")
    optimizer, weights, layers = model.optimizer, [w.copy() for w in model.get_weights()], list(model.layers)
    for method in METHODS:
        kt.saliency(model, images[:1], method, n_samples=2, steps=2)
    assert model.optimizer is optimizer and model.compiled and list(model.layers) == layers
    assert all(np.array_equal(a, b) for a, b in zip(weights, model.get_weights()))


def test_region_words():
    assert region(1, 1, 16, 16) == "top left" and region(8, 8, 16, 16) == "centre"
    assert region(15, 8, 16, 16) == "bottom centre" and centre_of_mass(np.zeros((3, 3))) is None
