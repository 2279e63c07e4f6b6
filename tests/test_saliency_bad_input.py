"""kt.saliency refuses bad input in one clear sentence, before TensorFlow runs."""

from __future__ import annotations

import keras
import numpy as np
import pytest

import kerastutor as kt
from kerastutor._arguments import BadArgument
from kerastutor.attribution import compute


@pytest.fixture(scope="module")
def cnn():
    keras.utils.set_random_seed(0)
    layers = [keras.layers.Conv2D(2, 3, name="conv"), keras.layers.Flatten(),
              keras.layers.Dense(3, activation="softmax", name="head")]
    return keras.Sequential([keras.Input((8, 8, 1)), *layers])


@pytest.fixture
def no_tensorflow_work(monkeypatch):
    """Fail the test if a refusal came after the model was differentiated."""
    def forbidden(*args, **kwargs):
        raise AssertionError("TensorFlow work started before the refusal")
    for name in ("grad_cam_maps", "gradient_maps", "_predict"):
        monkeypatch.setattr(compute, name, forbidden)


IMAGES = np.zeros((2, 8, 8, 1), "float32")


@pytest.mark.parametrize(("arguments", "message"), [
    ({"images": np.zeros((2, 9, 8, 1))}, r"expects samples of shape \(8, 8, 1\).*got an array of shape"),
    ({"images": "picture.png"}, r"images='picture.png' cannot be used"),
    ({"images": np.array([["a"]])}, r"images must be numbers"),
    ({"images": np.zeros((0, 8, 8, 1))}, r"this batch holds no sample"),
    ({"method": "gradcam"}, r"method='gradcam' cannot be used; method must be one of 'gradients', "
                            r"'smoothgrad', 'integrated_gradients', 'grad_cam'"),
    ({"class_index": 3}, r"class_index=3 cannot be used; class_index must be a class number from 0 to 2"),
    ({"class_index": -1}, r"class_index=-1 cannot be used"),
    ({"class_index": 1.0}, r"class_index=1.0 cannot be used"),
    ({"class_index": [0, 1, 2]}, r"class_index holds 3 classes for 2 images"),
    ({"layer": "conv2"}, r"no layer 'conv2' in this model\. Did you mean 'conv'\?"),
    ({"layer": "head"}, r"layer 'head' outputs shape \(None, 3\); Grad-CAM needs feature maps"),
    ({"layer": "conv", "method": "gradients"}, r"layer='conv' cannot be used; layer must be None with "
                                               r"method='gradients'"),
    ({"budget_mb": float("nan")}, r"budget_mb=nan cannot be used"),
    ({"seed": -1}, r"seed=-1 cannot be used"),
    ({"n_samples": 0, "method": "smoothgrad"}, r"n_samples=0 cannot be used"),
    ({"noise": 2.0, "method": "smoothgrad"}, r"noise=2.0 cannot be used"),
    ({"steps": 0, "method": "integrated_gradients"}, r"steps=0 cannot be used"),
])
def test_bad_arguments_are_refused_by_name(cnn, no_tensorflow_work, arguments, message):
    given = {"images": IMAGES, **arguments}
    with pytest.raises(BadArgument, match=r"^saliency: .*" + message):
        kt.saliency(cnn, **given)


def test_nan_pixels_are_refused_with_their_count(cnn, no_tensorflow_work):
    images = IMAGES.copy()
    images[0, 0, :3] = np.nan
    with pytest.raises(BadArgument, match=r"images hold 3 NaN or infinite value\(s\); a saliency map needs "
                                          r"finite pixel values"):
        kt.saliency(cnn, images)


def test_grad_cam_without_a_convolution_says_so_and_suggests_gradients(no_tensorflow_work):
    dense = keras.Sequential([keras.Input((8, 8, 1)), keras.layers.Flatten(), keras.layers.Dense(3)])
    with pytest.raises(BadArgument, match=r"^saliency: Grad-CAM needs a convolutional layer and this model "
                                          r"has none; use method='gradients'"):
        kt.saliency(dense, IMAGES)


def test_models_that_are_not_image_classifiers_are_refused(no_tensorflow_work):
    flat = keras.Sequential([keras.Input((8,)), keras.layers.Dense(2)])
    with pytest.raises(BadArgument, match=r"input has shape \(None, 8\), not an image"):
        kt.saliency(flat, np.zeros((1, 8)), "gradients")
    segmenter = keras.Sequential([keras.Input((8, 8, 1)), keras.layers.Conv2D(2, 3)])
    with pytest.raises(BadArgument, match=r"not one vector of class scores per image"):
        kt.saliency(segmenter, IMAGES)
    with pytest.raises(BadArgument, match=r"^saliency: model='not a model' cannot be used"):
        kt.saliency("not a model", IMAGES)


class Net(keras.Model):
    def __init__(self) -> None:
        super().__init__()
        self.dense = keras.layers.Dense(2)

    def call(self, x):
        return self.dense(keras.ops.reshape(x, (-1, 64)))


def test_subclassed_models_get_gradients_but_not_grad_cam(no_tensorflow_work):
    net = Net()
    with pytest.raises(BadArgument, match=r"is not built yet; call it once on data"):
        kt.saliency(net, IMAGES, "gradients")
    net(IMAGES)
    with pytest.raises(BadArgument, match=r"Grad-CAM reads a convolutional layer's output, which a "
                                          r"subclassed model \(Net\) does not expose; use method="):
        kt.saliency(net, IMAGES)


def test_another_keras_backend_is_refused_in_one_sentence(cnn, monkeypatch):
    monkeypatch.setattr(keras.backend, "backend", lambda: "jax")
    with pytest.raises(RuntimeError, match=r"TensorFlow's GradientTape, but this Keras runs on the "
                                           r"'jax' backend\. Set the environment variable KERAS_BACKEND="):
        kt.saliency(cnn, IMAGES)


class PixelNet(keras.Model):
    """A subclassed model whose output is an image, not class scores."""

    def call(self, x):
        return x[..., 0]


def test_a_subclassed_model_without_class_scores_is_refused():
    net = PixelNet()
    net(IMAGES)
    with pytest.raises(BadArgument, match=r"output has shape \(2, 8, 8\), not one vector of class scores"):
        kt.saliency(net, IMAGES, "gradients")
