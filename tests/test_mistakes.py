"""kt.mistakes: the confusion matrix, per-class precision and recall, the most confident mistakes."""

from __future__ import annotations

import base64

import ipywidgets
import keras
import numpy as np
import pytest

import kerastutor as kt
from kerastutor._arguments import BadArgument
from kerastutor.confusion.batches import batch_size
from kerastutor.inspector.activations import MemoryBudgetExceeded

PNG = b"\x89PNG\r\n\x1a\n"
Y = np.array([0, 0, 1, 1, 1, 2])


def always_zero(activation: str | None = "softmax", shape: tuple = (4,)) -> keras.Model:
    """A 3-class classifier that says class 0 for every input (its scores do not depend on the input)."""
    model = keras.Sequential([keras.Input(shape), keras.layers.Flatten(),
                              keras.layers.Dense(3, activation=activation)])
    model.layers[-1].set_weights([np.zeros((int(np.prod(shape)), 3)), np.array([2.0, 0.0, -1.0])])
    return model


def two_features() -> keras.Model:
    """A 2-class classifier whose logits are its two input features: class = the larger feature."""
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(2)])
    model.layers[-1].set_weights([np.eye(2), np.zeros(2)])
    return model


@pytest.fixture(autouse=True)
def text_mode(display_as):
    display_as("text")


def test_a_classifier_that_always_says_zero_has_a_known_matrix_and_recall():
    found = kt.mistakes(always_zero(), np.ones((6, 4)), Y)
    assert found.confusion.tolist() == [[2, 0, 0], [3, 0, 0], [1, 0, 0]]
    report = found.report
    assert [report[c]["recall"] for c in "012"] == [1.0, 0.0, 0.0]
    assert report["0"]["precision"] == pytest.approx(2 / 6) and report["1"]["precision"] == 0.0
    assert [report[c]["support"] for c in "012"] == [2, 3, 1]
    assert {e["index"] for e in found.examples} == {2, 3, 4, 5}
    assert all(e["predicted"] == "0" for e in found.examples)


def test_logits_one_hot_labels_and_class_names_give_the_same_answer():
    found = kt.mistakes(always_zero(activation=None), np.ones((6, 4)), np.eye(3)[Y], labels=["a", "b", "c"])
    assert found.analysis.scores.kind == "logits"
    assert found.confusion.tolist() == [[2, 0, 0], [3, 0, 0], [1, 0, 0]]
    assert list(found.report) == ["a", "b", "c"] and found.examples[0]["true"] in ("b", "c")
    assert found.examples[0]["confidence"] == pytest.approx(np.exp(2) / (np.exp(2) + 1 + np.exp(-1)))


def test_most_confident_mistakes_come_first():
    x = np.array([[0.0, 3.0], [0.0, 0.5], [2.0, 0.0], [0.0, 1.5], [1.0, 0.0]])
    found = kt.mistakes(two_features(), x, [0, 0, 0, 0, 1], top=2)
    assert [e["index"] for e in found.examples] == [0, 3]  # wrong by 3, then by 1.5 (index 1 is third)
    assert found.examples[0]["confidence"] > found.examples[1]["confidence"] > 0.5


def test_a_sigmoid_binary_classifier_with_float_labels(model, data):
    x, y = data
    found = kt.mistakes(model, x, y)
    predicted = (model.predict(x, verbose=0).ravel() > 0.5).astype(int)
    assert found.confusion.sum() == len(x)
    assert np.trace(found.confusion) == int((predicted == y).sum())
    assert found.analysis.scores.kind == "sigmoid"


def test_predictions_in_small_batches_equal_one_predict(monkeypatch, model, data):
    x, y = data
    budget = 0.0002  # megabytes: a few samples per batch
    assert batch_size(model, budget) < 32
    found = kt.mistakes(model, x, y, budget_mb=budget)
    whole = model.predict(x, verbose=0).ravel()
    np.testing.assert_allclose(found.analysis.scores.probabilities[:, 1], whole, rtol=1e-5, atol=1e-6)


def test_a_budget_below_one_sample_is_refused(data):
    big = keras.Sequential([keras.Input((8,)), keras.layers.Dense(100_000), keras.layers.Dense(1)])
    with pytest.raises(MemoryBudgetExceeded, match="Raise budget_mb"):
        kt.mistakes(big, data[0][:4], data[1][:4], budget_mb=1)


@pytest.mark.parametrize(("y", "options", "message"), [
    (Y[:5], {}, r"y of shape \(5,\) .* the true labels of the 6 samples"),
    (np.full((6, 3), 0.5), {}, "not one-hot"),
    (Y - 1, {}, "not class numbers"),
    (Y + 1, {}, "holds class 3 but the model scores 3 classes"),
    ("cats", {}, "y of shape"),
    (Y, {"labels": ["a", "b"]}, "a list of 3 class names"),
    (Y, {"top": 0}, r"top=0 cannot be used; top must be a whole number from 1 to 64"),
    (Y, {"budget_mb": float("nan")}, "budget_mb=nan cannot be used"),
])
def test_bad_input_gets_one_clear_message(y, options, message):
    with pytest.raises(BadArgument, match=message):
        kt.mistakes(always_zero(), np.ones((6, 4)), y, **options)


def test_a_model_with_two_outputs_is_refused():
    inputs = keras.Input((4,))
    model = keras.Model(inputs, [keras.layers.Dense(3)(inputs), keras.layers.Dense(2)(inputs)])
    with pytest.raises(BadArgument, match="has 2 outputs; give a classifier with one output"):
        kt.mistakes(model, np.ones((6, 4)), Y)


def test_images_are_drawn_as_a_grid_with_labels():
    found = kt.mistakes(always_zero(shape=(8, 8, 1)), np.random.default_rng(0).random((6, 8, 8, 1)), Y, top=3)
    assert found.images is not None
    figure = found._figure()
    grid = [ax for ax in figure.axes if ax.images and "true" in ax.get_title()]
    assert len(grid) == 3 and grid[0].get_title().startswith("#")
    assert "said 0" in grid[0].get_title()


def test_text_mode_prints_the_report_and_the_mistakes(capsys):
    kt.mistakes(always_zero(), np.ones((6, 4)), Y).show()
    out = capsys.readouterr().out
    assert out.startswith("accuracy 0.333 on 6 samples (4 mistakes; outputs read as softmax)")
    assert "most confident mistakes" in out and "[1, 1, 1, 1]" in out


def test_static_mode_shows_the_report_and_the_picture(display_as, shown, capsys):
    display_as("static")
    kt.mistakes(always_zero(), np.ones((6, 4)), Y).show()
    assert "precision  recall  support" in capsys.readouterr().out
    assert shown[0]["text/plain"].startswith("mistakes: confusion matrix of 3 classes and the 4 most")
    assert base64.b64decode(shown[0]["image/png"]).startswith(PNG)


def test_snapshot_and_save(tmp_path):
    found = kt.mistakes(always_zero(), np.ones((6, 4)), Y)
    assert found.snapshot().startswith(PNG)
    for suffix, magic in ((".png", PNG), (".svg", b"<svg"), (".pdf", b"%PDF")):
        assert magic in found.save(tmp_path / f"mistakes{suffix}").read_bytes()[:400]
    with pytest.raises(BadArgument, match=r"Mistakes.save: path=.* ending in \.png, \.svg, \.pdf"):
        found.save(tmp_path / "mistakes.csv")


def test_widget_controls_change_what_is_shown():
    found = kt.mistakes(always_zero(shape=(8, 8)), np.random.default_rng(0).random((6, 8, 8)), Y)
    assert isinstance(found.widget, ipywidgets.VBox)
    matrix, grid = found.matrix_image.value, found.grid_image.value
    found.normalize_control.value = "by true class (recall)"
    assert found.normalize == "true" and found.matrix_image.value != matrix
    found.class_control.value = "2"
    assert [e["index"] for e in found.examples] == [5] and found.grid_image.value != grid
    found.select(true_class="every class")
    assert found.class_control.value == "every class" and len(found.examples) == 4
    with pytest.raises(BadArgument, match="true_class='7' cannot be used"):
        found.select(true_class="7")


def small_cnn() -> keras.Model:
    """A 3-class CNN for 8x8 grey images."""
    keras.utils.set_random_seed(0)
    return keras.Sequential([keras.Input((8, 8, 1)), keras.layers.Conv2D(4, 3, activation="relu"),
                             keras.layers.Flatten(), keras.layers.Dense(3, activation="softmax")])


def overlaid(figure) -> list:
    """The grid's axes that hold an image and a saliency map over it."""
    return [ax for ax in figure.axes if len(ax.images) == 2]


def test_image_mistakes_show_where_the_model_looked():
    images = np.random.default_rng(0).random((6, 8, 8, 1)).astype("float32")
    found = kt.mistakes(small_cnn(), images, Y, top=3)
    figure = found._figure()
    assert len(overlaid(figure)) == len(found.examples)
    assert set(found.overlays.methods.values()) <= {"grad_cam", "gradients"}
    shown = [int(i) for i in found.analysis.mistakes(3)]
    maps = found.overlays.maps(np.array(shown))
    assert maps.shape == (len(shown), 8, 8) and maps.min() >= 0 and maps.max() <= 1 and maps.any()
    manual = kt.saliency(found.model, images[shown], method="gradients",
                         class_index=found.analysis.predicted[shown])
    for k, index in enumerate(shown):  # each map is the saliency of the class the model (wrongly) gave
        if found.overlays.methods[index] == "gradients":
            np.testing.assert_allclose(maps[k], manual[k], atol=1e-5)


def test_a_model_without_convolution_gets_gradient_maps_and_none_turns_them_off():
    images = np.random.default_rng(0).random((6, 8, 8)).astype("float32")
    found = kt.mistakes(always_zero(shape=(8, 8)), images, Y, top=2)
    assert found.overlays.method == "gradients"
    off = kt.mistakes(always_zero(shape=(8, 8)), images, Y, top=2, saliency=None)
    assert off.overlays is None and not overlaid(off._figure())
    assert kt.mistakes(always_zero(), np.ones((6, 4)), Y).overlays is None  # not images


def test_an_unknown_saliency_method_is_refused():
    with pytest.raises(BadArgument, match="saliency='lime' cannot be used; saliency must be one of 'auto'"):
        kt.mistakes(always_zero(), np.ones((6, 4)), Y, saliency="lime")
