import base64

import keras
import numpy as np
import pytest

from kerastutor import inspect, layer_taps
from kerastutor.inspector import architecture
from kerastutor.inspector.facts import keras3_equivalents, layer_facts, parameter_totals, readable_value
from kerastutor.inspector.figures import activation_png, kernel_grid_png, tile
from kerastutor.inspector.view import ACTIVATIONS, ARCHITECTURE, SUMMARY, WEIGHTS

PNG = b"\x89PNG"


@pytest.fixture
def cnn():
    keras.utils.set_random_seed(0)
    return keras.Sequential([
        keras.Input((12, 12, 1)), keras.layers.Conv2D(4, 3, activation="relu", name="conv"),
        keras.layers.MaxPooling2D(name="pool"), keras.layers.Flatten(name="flat"),
        keras.layers.Dense(6, activation="relu", name="hidden"),
        keras.layers.Dense(3, activation="softmax", name="out")], name="cnn")


@pytest.fixture
def batch():
    return np.random.default_rng(0).uniform(size=(4, 12, 12, 1)).astype("float32")


def test_layer_list_and_layer_page(cnn, batch):
    ins = inspect(cnn, batch)
    assert [value for _, value in ins.layer_list.options] == ["conv", "pool", "flat", "hidden", "out"]
    assert ins.selected == "conv"
    assert "Conv2D" in ins.info.value and "(None, 10, 10, 4)" in ins.info.value
    assert "40 trainable" in ins.info.value and "kernel_size" in ins.info.value
    assert "layer.output.shape → (None, 10, 10, 4)" in ins.info.value
    ins.select("hidden")
    assert "Dense" in ins.info.value and "(None, 6)" in ins.info.value and "conv" not in ins.info.value


def test_weights_tab_shows_stats_histograms_and_kernels(cnn, batch):
    ins = inspect(cnn, batch)
    ins.tabs.selected_index = WEIGHTS
    assert "kernel" in ins.weights_html.value and "(3, 3, 1, 4)" in ins.weights_html.value
    assert bytes(ins.histograms.value).startswith(PNG) and bytes(ins.kernels.value).startswith(PNG)
    ins.select("pool")
    assert "has no weights" in ins.weights_html.value and bytes(ins.kernels.value) == b""
    ins.select("hidden")
    assert bytes(ins.histograms.value).startswith(PNG) and bytes(ins.kernels.value) == b""


def test_activations_tab_follows_layer_and_sample(cnn, batch):
    ins = inspect(cnn, batch)
    assert ins.sample_index.layout.display == "flex" and ins.sample_index.max == 3
    ins.tabs.selected_index = ACTIVATIONS
    assert "feature maps, shape (10, 10, 4)" in ins.activation_html.value
    first = bytes(ins.activation_image.value)
    ins.sample_index.value = 2
    assert "on sample 2" in ins.activation_html.value and bytes(ins.activation_image.value) != first
    ins.select("out")
    assert "units, shape (3,)" in ins.activation_html.value
    expected = cnn.predict(batch, verbose=0)[2]
    np.testing.assert_allclose(ins.activation("out")[2], expected, rtol=1e-5, atol=1e-6)


def test_tabs_are_drawn_only_when_visible(cnn, batch, monkeypatch):
    ins = inspect(cnn, batch)
    drawn = []
    monkeypatch.setattr(ins, "_draw_activation", lambda tap: drawn.append(tap.name))
    ins.select("pool")
    ins.select("flat")
    assert drawn == []
    ins.tabs.selected_index = ACTIVATIONS
    assert drawn == ["flat"]


def test_without_sample_the_activation_tab_says_how(cnn):
    ins = inspect(cnn)
    ins.tabs.selected_index = ACTIVATIONS
    assert "kt.inspect(model, sample=" in ins.activation_html.value
    assert ins.sample_index.layout.display == "none"


def test_nested_base_is_a_collapsible_tree():
    keras.utils.set_random_seed(0)
    base = keras.applications.MobileNetV2(input_shape=(32, 32, 3), include_top=False, weights=None)
    inputs = keras.Input((32, 32, 3))
    model = keras.Model(inputs, keras.layers.Dense(2, name="head")(
        keras.layers.GlobalAveragePooling2D(name="pool")(base(inputs))))
    ins = inspect(model, np.zeros((32, 32, 3), "float32"))
    names = [value for _, value in ins.layer_list.options]
    assert base.name in names and f"{base.name}/Conv1" not in names and "head" in names
    ins.select(base.name)
    ins.expand(base.name)
    names = [value for _, value in ins.layer_list.options]
    assert f"{base.name}/Conv1" in names and len(names) > 100
    ins.expand(base.name)
    assert len(ins.layer_list.options) == 4
    ins.select(f"{base.name}/block_1_expand")  # selecting an inner layer opens its parent
    ins.tabs.selected_index = ACTIVATIONS
    assert "feature maps" in ins.activation_html.value


def test_summary_has_the_numbers_of_model_summary(cnn, capsys):
    ins = inspect(cnn)
    ins.tabs.selected_index = SUMMARY
    total, trainable, frozen = parameter_totals(cnn)
    assert total == cnn.count_params()
    cnn.summary()
    printed = capsys.readouterr().out
    assert f"{total:,}" in printed and f"Total params: {total:,}" in ins.summary_html.value
    for layer in cnn.layers:
        assert f"{layer.count_params():,}" in ins.summary_html.value


def test_architecture_tab_and_missing_graphviz(cnn, monkeypatch):
    ins = inspect(cnn)
    if architecture.missing_piece() is None:
        ins.tabs.selected_index = ARCHITECTURE
        assert bytes(ins.architecture_image.value).startswith(PNG)
    monkeypatch.setattr(architecture.shutil, "which", lambda name: None)
    fresh = inspect(cnn)
    fresh.tabs.selected_index = ARCHITECTURE
    assert "Graphviz&#x27;s dot program is not on PATH" in fresh.architecture_html.value
    assert "apt-get install graphviz" in fresh.architecture_html.value


def test_without_a_widget_front_end(cnn, monkeypatch, capsys):
    monkeypatch.setenv("KERASTUTOR_DISPLAY", "text")
    inspect(cnn)._ipython_display_()
    assert f"Total params: {cnn.count_params():,}" in capsys.readouterr().out
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj, raw=False: shown.append(obj))
    monkeypatch.setenv("KERASTUTOR_DISPLAY", "static")
    inspect(cnn)._ipython_display_()
    if architecture.missing_piece() is None:
        assert base64.b64decode(shown[0]["image/png"]).startswith(PNG)


def test_static_display_folds_a_large_nested_base(monkeypatch, capsys):
    keras.utils.set_random_seed(0)
    base = keras.applications.MobileNetV2(input_shape=(32, 32, 3), include_top=False, weights=None,
                                          alpha=0.35)
    inputs = keras.Input((32, 32, 3))
    model = keras.Model(inputs, keras.layers.Dense(2, name="head")(
        keras.layers.GlobalAveragePooling2D(name="pool")(base(inputs))))
    monkeypatch.setattr("IPython.display.display", lambda obj, raw=False: None)
    monkeypatch.setenv("KERASTUTOR_DISPLAY", "static")
    inspect(model)._ipython_display_()
    out = capsys.readouterr().out
    assert base.name in out and "Conv1" not in out and "layers inside nested models" in out
    assert f"Total params: {model.count_params():,}" in out


def test_select_unknown_layer_is_explained(cnn):
    with pytest.raises(ValueError, match="no layer 'nope'"):
        inspect(cnn).select("nope")


def test_readable_config_values():
    initializer = {"module": "keras.initializers", "class_name": "GlorotUniform",
                   "config": {"seed": None}, "registered_name": None}
    assert readable_value(initializer) == "GlorotUniform(seed=None)"
    assert readable_value([3, 3]) == "(3, 3)" and readable_value("relu") == "'relu'"


def test_shared_layer_equivalents_point_to_activations():
    shared = keras.layers.Dense(2, name="shared")
    a, b = keras.Input((3,)), keras.Input((3,))
    model = keras.Model([a, b], keras.layers.Add()([shared(a), shared(b)]))
    second = [t for t in layer_taps(model) if t.name == "shared[1]"][0]
    pairs = dict(keras3_equivalents(second))
    expected = "kt.activations(model, x, layers=['shared'])['shared[1]']"
    assert pairs["layer.get_output_at(1) (Keras 2)"] == expected
    assert layer_facts(second).trainable_params == 8


@pytest.mark.parametrize("shape, kind", [((5, 5, 3), "feature maps"), ((4, 6), "sequence"),
                                         ((10,), "units"), ((300,), "units"),
                                         ((2, 4, 4, 3), "volume"), ((), "scalar")])
def test_activation_pictures_by_shape(shape, kind):
    got, png = activation_png(np.arange(int(np.prod(shape)), dtype=float).reshape(shape))
    assert got == kind
    assert (png is None) == (kind == "scalar")


def test_kernel_grid_only_for_2d_convolutions_and_tiles():
    assert kernel_grid_png(np.zeros((64, 10))) is None
    assert kernel_grid_png(np.random.default_rng(0).normal(size=(3, 3, 3, 5))).startswith(PNG)
    assert tile(np.ones((5, 2, 2))).shape == (5, 8)


def test_weights_view_shows_one_layers_statistics_without_widgets(capsys):
    import keras

    from kerastutor.inspector.view import Inspector

    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((6,)), keras.layers.Dense(4, kernel_initializer="ones", name="d"),
                              keras.layers.Dropout(0.1, name="drop")])
    inspector = Inspector(model)
    view = inspector.weights("d")
    text = str(view)
    assert text.splitlines()[0] == "weights of d" and "(6, 4)" in text
    kernel_row = next(row for row in view.rows if row[0].endswith("kernel"))
    assert kernel_row[3:6] == ("1", "1", "1") and view.histograms.startswith(b"\x89PNG")
    assert str(inspector.weights("drop")) == "drop has no weights."
    with pytest.raises(ValueError, match="no layer 'nope'"):
        inspector.weights("nope")
