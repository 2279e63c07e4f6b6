"""kt.projection: a layer's outputs for many samples in 2-D, coloured by label, a point shown in detail."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from pathlib import Path

import ipywidgets
import keras
import numpy as np
import pytest

import kerastutor as kt
from kerastutor._arguments import BadArgument
from kerastutor.inspector.activations import MemoryBudgetExceeded
from kerastutor.projector.compute import MAX_TSNE

PNG = b"\x89PNG\r\n\x1a\n"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def text_mode(display_as):
    display_as("text")


def blobs(count: int = 60) -> tuple[np.ndarray, np.ndarray]:
    """Two classes far apart: class 0 lives in features 0-3, class 1 in features 4-7."""
    rng = np.random.default_rng(0)
    y = np.arange(count) % 2
    x = rng.normal(0, 0.3, size=(count, 8)).astype("float32")
    x[y == 0, :4] += 3
    x[y == 1, 4:] += 3
    return x, y


def identity_net(dropout: bool = False) -> keras.Model:
    """8 -> relu(identity) "hidden" -> (dropout) -> 2 softmax; the hidden layer passes its input on."""
    layers = [keras.Input((8,)), keras.layers.Dense(8, activation="relu", name="hidden")]
    layers += [keras.layers.Dropout(0.5, name="drop")] if dropout else []
    model = keras.Sequential([*layers, keras.layers.Dense(2, activation="softmax", name="out")])
    model.get_layer("hidden").set_weights([np.eye(8), np.zeros(8)])
    return model


def test_a_separable_problem_is_separated_along_the_first_axis():
    x, y = blobs()
    found = kt.projection(identity_net(), x, y)
    first = found.points[:, 0]
    zero, one = first[y == 0], first[y == 1]
    assert zero.max() < one.min() or one.max() < zero.min()
    assert found.result.explained[0] > 0.5


def test_the_default_layer_is_the_one_feeding_the_output():
    x, y = blobs()
    assert kt.projection(identity_net(), x, y).result.layer == "hidden"
    assert kt.projection(identity_net(dropout=True), x, y).result.layer == "drop"
    assert kt.projection(identity_net(), x, y, layer="out").result.width == 2


def test_a_layer_inside_a_nested_model_is_named_outer_slash_inner():
    x, y = blobs()
    inner = keras.Sequential([keras.Input((8,)), keras.layers.Dense(4, name="inside")], name="base")
    inputs = keras.Input((8,))
    model = keras.Model(inputs, keras.layers.Dense(2, activation="softmax")(inner(inputs)))
    found = kt.projection(model, x, y, layer="base/inside")
    assert found.result.layer == "base/inside" and found.result.width == 4
    assert kt.projection(model, x, y).result.layer == "base"


def test_predictions_match_predict_and_colour_points_without_labels():
    x, _ = blobs()
    model = identity_net()
    found = kt.projection(model, x)
    expected = model.predict(x, verbose=0)
    np.testing.assert_allclose(found.result.predictions, expected, rtol=1e-5, atol=1e-6)
    assert found.colored_by == "prediction"
    assert np.array_equal(found.classes, expected.argmax(axis=1))


def test_the_projection_is_repeatable_for_a_seed_and_batched_within_the_budget():
    x, y = blobs(200)
    model = identity_net()
    small = kt.projection(model, x, y, budget_mb=0.007)  # 76 samples per batch
    np.testing.assert_allclose(small.points, kt.projection(model, x, y).points, rtol=1e-4, atol=1e-4)


def test_a_layer_output_over_the_budget_is_refused_before_computing():
    model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(4096, name="wide"),
                              keras.layers.Dense(2)])
    with pytest.raises(MemoryBudgetExceeded, match="layer 'wide' outputs 4,096 values per sample"):
        kt.projection(model, np.zeros((100, 8)), budget_mb=1)


def test_tsne_works_on_few_samples_and_is_refused_on_many():
    x, y = blobs(40)
    found = kt.projection(identity_net(), x, y, method="tsne")
    assert found.points.shape == (40, 2) and found.result.explained == ()
    many = np.zeros((MAX_TSNE + 1, 8), "float32")
    with pytest.raises(BadArgument, match="t-SNE of 2,001 samples would take many minutes on one CPU"):
        kt.projection(identity_net(), many, method="tsne")


@pytest.mark.parametrize(("args", "options", "message"), [
    ((), {"method": "umap"}, r"method='umap' cannot be used; method must be one of 'pca', 'tsne'"),
    ((), {"seed": -1}, "seed=-1 cannot be used"),
    ((np.zeros(5),), {}, r"y of shape \(5,\)"),
    ((None, "hiden"), {}, "no layer 'hiden' in this model. Did you mean 'hidden'"),
    ((), {"budget_mb": 0}, "budget_mb=0 cannot be used"),
])
def test_bad_input_gets_one_clear_message(args, options, message):
    with pytest.raises(BadArgument, match=message):
        kt.projection(identity_net(), blobs()[0], *args, **options)


def test_too_few_samples_are_refused():
    with pytest.raises(BadArgument, match="x holds 2 sample"):
        kt.projection(identity_net(), np.zeros((2, 8)))


def test_text_mode_prints_the_summary_and_the_selected_sample(capsys):
    x, y = blobs()
    kt.projection(identity_net(), x, y).show()
    out = capsys.readouterr().out
    assert out.startswith("projection: layer 'hidden' (8 values per sample) of 60 samples by PCA; the two")
    assert "selected: sample #0 · label 0 · predicted" in out


def test_static_mode_shows_the_scatter(display_as, shown):
    display_as("static")
    x, y = blobs()
    kt.projection(identity_net(), x, y).show()
    assert shown[0]["text/plain"].startswith("projection: layer 'hidden'")
    assert base64.b64decode(shown[0]["image/png"]).startswith(PNG)


def test_snapshot_and_save(tmp_path):
    found = kt.projection(identity_net(), *blobs())
    assert found.snapshot().startswith(PNG)
    for suffix, magic in ((".png", PNG), (".svg", b"<svg"), (".pdf", b"%PDF")):
        assert magic in found.save(tmp_path / f"projection{suffix}").read_bytes()[:400]
    with pytest.raises(BadArgument, match=r"Projector.save: path=.* ending in \.png, \.svg, \.pdf"):
        found.save(tmp_path / "projection.jpg")


def test_selecting_a_point_updates_the_detail_pane_and_the_ring():
    x, y = blobs()
    found = kt.projection(identity_net(), x, y)
    assert isinstance(found.widget, ipywidgets.VBox)
    assert found.scatter.value.count("<circle") == len(x) + 1  # every point and the ring
    assert "<title>sample #7 · label 1 · predicted" in found.scatter.value  # what hovering shows
    found.select(7)
    assert found.index_control.value == 7 and found.detail.value.startswith("sample #7 · label 1")
    assert "input: [" in found.detail.value
    found.index_control.value = 3
    assert found.selected == 3 and "sample #3" in found.detail.value
    x_point, y_point = found.points[11]
    assert found.select_nearest(float(x_point), float(y_point)) == 11
    with pytest.raises(BadArgument, match="index=60 cannot be used"):
        found.select(60)


def test_images_are_shown_as_images_in_the_detail_pane():
    hidden = keras.layers.Dense(4, name="hidden")
    model = keras.Sequential([keras.Input((8, 8)), keras.layers.Flatten(), hidden,
                              keras.layers.Dense(3, activation="softmax")])
    images = np.random.default_rng(0).random((12, 8, 8)).astype("float32")
    found = kt.projection(model, images, np.arange(12) % 3)
    found.widget  # noqa: B018
    before = bytes(found.detail_image.value)
    assert before.startswith(PNG) and found.detail_image.layout.display != "none"
    found.select(5)
    assert bytes(found.detail_image.value) != before and "input: [" not in found.detail.value


def test_the_benchmark_runs_at_a_tiny_size():
    env = {**os.environ, "BENCH_SAMPLES": "64", "BENCH_ROUNDS": "1"}
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "projection_speed.py")], env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "ratio to predict" in result.stdout and "64 MNIST samples" in result.stdout


def test_the_svg_scatter_draws_at_most_its_limit_of_points(monkeypatch):
    from kerastutor.projector import svg

    monkeypatch.setattr(svg, "MAX_DRAWN", 10)
    x, y = blobs()
    found = kt.projection(identity_net(), x, y)
    found.widget  # noqa: B018
    assert found.scatter.value.count("<circle") == 10 + 1  # ten points and the ring
    assert "<title>sample #59 " in found.scatter.value  # the first and the last are among them
