"""kt.saliency_view and the saliency overlays in the inspector (Why tab) and the gallery."""

from __future__ import annotations

import io

import keras
import numpy as np
import pytest
from PIL import Image

import kerastutor as kt
from kerastutor._arguments import BadArgument
from kerastutor.inspector.view import ACTIVATIONS, WHY

PNG = b"\x89PNG"


@pytest.fixture(scope="module")
def cnn():
    keras.utils.set_random_seed(0)
    layers = [keras.layers.Conv2D(4, 3, activation="relu", name="conv"), keras.layers.Flatten(),
              keras.layers.Dense(3, activation="softmax")]
    return keras.Sequential([keras.Input((12, 12, 1)), *layers], name="cnn")


@pytest.fixture(scope="module")
def images():
    return np.random.default_rng(0).uniform(size=(3, 12, 12, 1)).astype("float32")


def test_text_mode_prints_one_line_per_image_with_where_the_heat_is(cnn, images, display_as, capsys):
    display_as("text")
    view = kt.saliency_view(cnn, images, "gradients", class_names=["cat", "dog", "fox"])
    view.show()
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "saliency: gradients, score = the class's logit, 3 image(s)"
    assert len(lines) == 4
    assert all(line.startswith(f"image {i}: predicted ") for i, line in enumerate(lines[1:]))
    assert "heat centred at row" in lines[1] and "of 12x12" in lines[1]
    assert lines[1].split("predicted ")[1].split(" ")[0] in ("cat", "dog", "fox")


def test_static_mode_shows_the_text_and_the_grid_picture(cnn, images, display_as, shown):
    display_as("static")
    kt.saliency_view(cnn, images).show()
    bundles = [item for item in shown if isinstance(item, dict)]
    assert len(bundles) == 1 and bundles[0]["text/plain"] == "saliency maps (grad_cam)"
    assert "image/png" in bundles[0]


def test_snapshot_and_save(cnn, images, tmp_path):
    view = kt.saliency_view(cnn, images)
    picture = Image.open(io.BytesIO(view.snapshot()))
    assert picture.size[0] > picture.size[1] > 100  # three tiles in a row
    for suffix, magic in ((".png", PNG), (".svg", b"<svg"), (".pdf", b"%PDF")):
        assert magic in view.save(tmp_path / f"maps{suffix}").read_bytes()[:400]
    with pytest.raises(BadArgument, match=r"^SaliencyView\.save: path=.* must be a file name ending in "):
        view.save(tmp_path / "maps.bmp")


def test_the_method_control_changes_the_maps_and_the_pictures(cnn, images):
    view = kt.saliency_view(cnn, images)
    assert isinstance(view.widget, __import__("ipywidgets").VBox)
    grid, detail, maps = bytes(view.grid.value), bytes(view.detail.value), view.heatmaps
    assert grid.startswith(PNG) and detail.startswith(PNG) and view.result.layer == "conv"
    view.method.value = "integrated_gradients"
    assert bytes(view.grid.value) != grid and bytes(view.detail.value) != detail
    assert view.result.method == "integrated_gradients" and not np.allclose(view.heatmaps, maps)
    assert np.allclose(view.heatmaps, kt.saliency(cnn, images, "integrated_gradients"))


def test_the_image_control_shows_another_image_large(cnn, images):
    view = kt.saliency_view(cnn, images)
    grid, detail = bytes(view.grid.value), bytes(view.detail.value)
    view.index.value = 2
    assert bytes(view.detail.value) != detail and bytes(view.grid.value) == grid
    assert view.note.value.startswith("<pre>image 2: predicted ")


def test_a_method_that_cannot_run_says_why_in_the_widget():
    dense = keras.Sequential([keras.Input((6, 6, 1)), keras.layers.Flatten(), keras.layers.Dense(2)])
    view = kt.saliency_view(dense, np.ones((1, 6, 6, 1), "float32"), "gradients")
    view.method.value = "grad_cam"
    assert "has none; use method=&#x27;gradients&#x27;" in view.note.value
    assert view.grid.layout.display == "none" and view.detail.layout.display == "none"


def test_bad_view_arguments_are_refused(cnn, images):
    with pytest.raises(BadArgument, match=r"^saliency_view: class_names=\['a'\] cannot be used; class_names "
                                          r"must be None or a list of 3 names"):
        kt.saliency_view(cnn, images, class_names=["a"])
    with pytest.raises(BadArgument, match=r"^saliency_view: method='cam' cannot be used"):
        kt.saliency_view(cnn, images, "cam")


def test_the_inspector_why_tab_shows_the_sample_heatmap(cnn, images):
    inspector = kt.inspect(cnn, images)
    assert inspector.why_image.value == b""  # drawn only when the tab is opened
    inspector.tabs.selected_index = WHY
    first = bytes(inspector.why_image.value)
    assert first.startswith(PNG) and "sample 0: predicted " in inspector.why_html.value
    inspector.sample_index.value = 1
    assert bytes(inspector.why_image.value) != first and "sample 1: predicted " in inspector.why_html.value
    inspector.why_method.value = "smoothgrad"
    line, png = inspector.why()
    assert png == bytes(inspector.why_image.value) and line.startswith("sample 1: predicted ")
    inspector.tabs.selected_index = ACTIVATIONS  # the shared sample slider still drives the activations
    assert "on sample 1" in inspector.activation_html.value


def test_the_inspector_why_tab_explains_what_it_cannot_show(model, data, cnn):
    inspector = kt.inspect(model, data[0][:2])
    inspector.tabs.selected_index = WHY
    assert "not an image" in inspector.why_html.value and inspector.why_image.layout.display == "none"
    bare = kt.inspect(cnn)
    bare.tabs.selected_index = WHY
    assert "Pass a sample" in bare.why_html.value


def test_the_gallery_shows_grad_cam_next_to_the_top5(tmp_path):
    keras.utils.set_random_seed(0)
    path = tmp_path / "mobile.weights.h5"
    keras.applications.MobileNetV2(weights=None, input_shape=(96, 96, 3), alpha=0.35).save_weights(path)
    shown = kt.gallery()
    assert shown.overlay.layout.display == "none"
    shown.choose("MobileNetV2", weights=str(path), input_shape=(96, 96, 3), alpha=0.35)
    assert bytes(shown.overlay.value).startswith(PNG) and shown.overlay.layout.display != "none"
    shown.choose("MobileNetV2", weights="random", input_shape=(96, 96, 3), alpha=0.35)
    assert shown.overlay.layout.display == "none"  # no trained weights: no predictions, no overlay
