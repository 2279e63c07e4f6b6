"""The layer inspector (``kt.inspect``, ``kt.activations``, ``kt.layer_taps``, the architecture
picture) under careless and hostile input: a clear error naming the argument before any
TensorFlow work, or a documented graceful behaviour."""

from __future__ import annotations

import math

import keras
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kerastutor as kt
from kerastutor._arguments import BadArgument
from kerastutor.inspector import architecture
from kerastutor.inspector.activations import MemoryBudgetExceeded
from kerastutor.inspector.graph import NotAGraphModel

PNG = b"\x89PNG"
needs_graphviz = pytest.mark.skipif(architecture.missing_piece() is not None,
                                    reason="pydot or Graphviz's dot is not installed")


@pytest.fixture(scope="module")
def mlp():
    keras.utils.set_random_seed(1)
    return keras.Sequential([keras.Input((4,)), keras.layers.Dense(5, activation="relu", name="hidden"),
                             keras.layers.Dense(2, name="out")], name="mlp")


def base(name: str, width: int = 3) -> keras.Model:
    """A small functional model to nest, with a layer named Conv1 as MobileNetV2 has."""
    inputs = keras.Input((4,))
    conv = keras.layers.Dense(width, name="Conv1")(inputs)
    return keras.Model(inputs, keras.layers.Dense(width, name="block_1")(conv), name=name)


@pytest.fixture(scope="module")
def nested():
    keras.utils.set_random_seed(2)
    inputs = keras.Input((4,))
    features = base("mobilenetv2_small")(inputs)
    return keras.Model(inputs, keras.layers.Dense(2, name="head")(features), name="transfer")


@pytest.fixture(scope="module")
def two_bases():
    inputs = keras.Input((4,))
    merged = keras.layers.Concatenate(name="cat")([base("base_a")(inputs), base("base_b")(inputs)])
    return keras.Model(inputs, keras.layers.Dense(1, name="head")(merged), name="two")


X = np.ones((3, 4), "float32")


# ---- model ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("call", [
    lambda m: kt.activations(m, X), lambda m: kt.layer_taps(m), lambda m: kt.inspect(m)])
@pytest.mark.parametrize("model", ["big", None, 5, keras.Sequential, keras.layers.Dense(2), np.ones(3)])
def test_a_model_that_is_not_a_keras_model_is_refused_naming_the_argument(call, model):
    with pytest.raises(BadArgument, match=r"^(activations|layer_taps|inspect): model=.* cannot be used; "
                                          r"model must be a keras.Model \(Sequential or functional\)"):
        call(model)


def test_unbuilt_and_subclassed_models_say_how_to_make_a_graph(subclassed_net):
    unbuilt = keras.Sequential([keras.layers.Dense(2)])
    calls = (lambda: kt.activations(unbuilt, X), lambda: kt.inspect(unbuilt), lambda: kt.layer_taps(unbuilt))
    for call in calls:
        with pytest.raises(NotAGraphModel, match=r"no input shape yet.*keras.Input\(shape=...\)"):
            call()
    with pytest.raises(NotAGraphModel, match="subclassed Model"):
        kt.inspect(subclassed_net)


# ---- layers ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("layers, shown", [
    (5, "layers=5"), (2.5, "layers=2.5"), ({"hidden"}, "layers={'hidden'}"), ({"hidden": 1}, "layers={"),
    ([], "layers=[]"), ((), "layers=()"), ([5], "layers=[5]"), (["hidden", None], "layers=['hidden', None]"),
    (b"hidden", "layers=b'hidden'"), (np.array(["hidden"]), "layers=array("),
])
def test_layers_of_the_wrong_type_are_refused_naming_the_argument(mlp, layers, shown):
    with pytest.raises(BadArgument) as caught:
        kt.activations(mlp, X, layers=layers)
    message = str(caught.value)
    assert message.startswith(f"activations: {shown}")
    assert "a layer name, a Layer, or a non-empty list of them (None: every layer)" in message


@pytest.mark.parametrize("name, fragment", [
    ("", "layers='' cannot be used; layers must be a non-empty string"),
    ("   ", "non-empty string"),
    ("x" * 100_000, "(100,000 characters)"),
])
def test_an_empty_or_huge_name_is_refused(mlp, name, fragment):
    with pytest.raises(BadArgument) as caught:
        kt.activations(mlp, X, layers=[name])
    assert fragment in str(caught.value) and len(str(caught.value)) < 400


def test_layers_none_means_every_layer(mlp):
    assert list(kt.activations(mlp, X, layers=None)) == ["hidden", "out"]


@pytest.mark.parametrize("name, suggestion", [
    ("hiden", "Did you mean 'hidden'"),
    ("Hidden", "Did you mean 'hidden'"),
    ("output", "Did you mean 'out'"),
    ("zzzz", "Layer names are listed by kerastutor.layer_taps(model)"),
])
def test_an_unknown_layer_name_gets_close_matches(mlp, name, suggestion):
    with pytest.raises(BadArgument, match=f"activations: no layer '{name}' in this model") as caught:
        kt.activations(mlp, X, layers=[name])
    assert suggestion in str(caught.value)


def test_a_nested_layer_is_found_by_its_own_name(nested):
    acts = kt.activations(nested, X, layers=["Conv1"])
    assert list(acts) == ["mobilenetv2_small/Conv1"]
    np.testing.assert_array_equal(acts["Conv1"], acts["mobilenetv2_small/Conv1"])
    assert acts["Conv1"].shape == (3, 3)
    with pytest.raises(KeyError, match="'head' is not among the layer outputs computed"):
        acts["head"]


def test_an_inner_name_held_by_two_nested_models_names_both_paths(two_bases):
    with pytest.raises(BadArgument, match=r"activations: layers='Conv1' is ambiguous.*'base_a/Conv1', "
                                          r"'base_b/Conv1'. Pass the full name."):
        kt.activations(two_bases, X, layers=["Conv1"])
    assert list(kt.activations(two_bases, X, layers="base_b/Conv1")) == ["base_b/Conv1"]


def test_a_nested_name_in_the_wrong_case_suggests_the_full_path(nested):
    with pytest.raises(BadArgument, match="no layer 'conv1'.*Did you mean 'mobilenetv2_small/Conv1'"):
        kt.activations(nested, X, layers="conv1")


def test_layer_objects_inside_or_outside_the_model(nested, mlp):
    inner = nested.get_layer("mobilenetv2_small").get_layer("Conv1")
    assert list(kt.activations(nested, X, layers=[inner])) == ["mobilenetv2_small/Conv1"]
    with pytest.raises(BadArgument, match="no layer 'hidden' in this model"):
        kt.activations(nested, X, layers=[mlp.get_layer("hidden")])


@settings(max_examples=25, deadline=None)
@given(name=st.text(max_size=40))
def test_any_text_as_a_layer_name_gives_outputs_or_a_clear_refusal(nested, name):
    try:
        acts = kt.activations(nested, X, layers=[name])
    except BadArgument as error:
        assert str(error).startswith("activations: ")
    else:
        assert len(acts) >= 1


# ---- x and sample ------------------------------------------------------------------------------------
@pytest.mark.parametrize("x, fragments", [
    (None, ("x=None cannot be used", "samples of shape (4,)")),
    ("text", ("x='text' cannot be used",)),
    (b"bytes", ("x=b'bytes' cannot be used",)),
    ([[1, 2, 3, 4], [1, 2]], ("(all samples of one shape)",)),
    (np.ones((2, 8)), ("expects samples of shape (4,)", "got an array of shape (2, 8)")),
    (np.ones((2, 2, 4)), ("got an array of shape (2, 2, 4)",)),
    (np.ones((0, 4)), ("this batch holds no sample",)),
    (np.ones((3, 4), complex), ("must be numeric", "complex128")),
    (np.array([[object()] * 4]), ("must be numeric", "object")),
    (np.array([["a", "b", "c", "d"]]), ("must be numeric", "<U1")),
    (np.zeros((1, 4), "datetime64[s]"), ("must be numeric", "datetime64")),
])
def test_bad_inputs_are_refused_naming_the_argument(mlp, x, fragments):
    with pytest.raises(BadArgument) as caught:
        kt.activations(mlp, x)
    assert str(caught.value).startswith("activations: ")
    for fragment in fragments:
        assert fragment in str(caught.value)


@pytest.mark.parametrize("x", [np.ones((2, 4), int), np.ones((2, 4), bool), [[1, 2, 3, 4]], [1.0, 2, 3, 4]])
def test_integer_boolean_and_list_inputs_are_taken(mlp, x):
    assert kt.activations(mlp, x)["out"].shape[1] == 2


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_nan_inputs_are_computed_with_a_warning(mlp, bad):
    x = X.copy()
    x[1, 2] = bad
    with pytest.warns(RuntimeWarning, match=r"activations: x holds 1 NaN or infinite value\(s\)"):
        acts = kt.activations(mlp, x)
    assert np.isfinite(acts["out"][0]).all() and not np.isfinite(acts["out"][1]).all()


def test_the_wrong_number_of_inputs_is_explained():
    a, b = keras.Input((3,), name="a"), keras.Input((2,), name="b")
    model = keras.Model([a, b], keras.layers.Concatenate()([a, b]))
    with pytest.raises(BadArgument, match="activations: this model has 2 inputs: pass x= as a list of 2"):
        kt.activations(model, np.ones((1, 3)))
    with pytest.raises(BadArgument, match=r"the input dict x= has no entry for \['b'\]"):
        kt.activations(model, {"a": np.ones((1, 3))})
    with pytest.raises(BadArgument, match="inspect: this model has 2 inputs: pass sample= as a list"):
        kt.inspect(model, np.ones((1, 3)))
    with pytest.raises(BadArgument, match=r"the inputs in x= hold different numbers of samples \(2, 3\)"):
        kt.activations(model, [np.ones((2, 3)), np.ones((3, 2))])


@pytest.mark.parametrize("sample, fragment", [
    (np.ones((0, 4)), "inspect: sample=array([], shape=(0, 4)"),
    ("x", "inspect: sample='x' cannot be used"),
    (np.ones((2, 5)), "inspect: input"),
])
def test_a_bad_sample_for_the_inspector_names_sample(mlp, sample, fragment):
    with pytest.raises(BadArgument, match=fragment.replace("(", r"\(").replace(")", r"\)").replace("[", r"\[")
                       .replace("]", r"\]")):
        kt.inspect(mlp, sample)


# ---- training, budget_mb and huge batches ----------------------------------------------------------
@pytest.mark.parametrize("training", ["yes", None, 1, 0.0])
def test_training_must_be_true_or_false(mlp, training):
    with pytest.raises(BadArgument, match=r"activations: training=.* cannot be used; training must be True"):
        kt.activations(mlp, X, training=training)


@pytest.mark.parametrize("call", [lambda m, b: kt.activations(m, X, budget_mb=b),
                                  lambda m, b: kt.inspect(m, budget_mb=b)])
@pytest.mark.parametrize("budget", [math.nan, math.inf, 0, -1, "big", None, True])
def test_a_budget_that_would_guard_nothing_is_refused(mlp, call, budget):
    with pytest.raises(BadArgument, match=r"budget_mb=.* cannot be used; "
                                          r"budget_mb must be a finite number above 0"):
        call(mlp, budget)


def test_a_huge_batch_is_refused_before_computing():
    wide = keras.Sequential([keras.Input((4,)), keras.layers.Dense(4096, name="wide")])
    x = np.zeros((50_000, 4), "float32")  # 0.8 MB in, 800 MB out
    with pytest.raises(MemoryBudgetExceeded, match="about 781 MB for 50000 sample.*budget of 512 MB"):
        kt.activations(wide, x)
    assert kt.activations(wide, x[:10])["wide"].shape == (10, 4096)


# ---- the inspector's own methods ---------------------------------------------------------------------
@pytest.mark.parametrize("method, argument", [
    ("select", 5), ("select", None), ("select", ""), ("weights", 3.5), ("activation", ["hidden"]),
    ("expand", 7),
])
def test_inspector_methods_refuse_a_name_that_is_not_text(mlp, method, argument):
    ins = kt.inspect(mlp, X)
    with pytest.raises(BadArgument, match=f"Inspector.{method}: name=.* cannot be used; name must be a"):
        getattr(ins, method)(argument)


def test_inspector_methods_take_nested_own_names_and_suggest_for_unknown_ones(nested):
    ins = kt.inspect(nested, X)
    ins.select("Conv1")
    assert ins.selected == "mobilenetv2_small/Conv1"
    assert ins.activation("Conv1").shape == (3, 3)
    assert str(ins.weights("Conv1")).startswith("weights of mobilenetv2_small/Conv1")
    with pytest.raises(BadArgument, match="Inspector.select: no layer 'haed'.*Did you mean 'head'"):
        ins.select("haed")
    ins.expand(None)  # the button with nothing selected: nothing happens
    ins.expand("head")  # not a nested model: nothing happens
    with pytest.raises(BadArgument, match="Inspector.summary: nested='no' cannot be used"):
        ins.summary(nested="no")


# ---- the architecture picture ------------------------------------------------------------------------
STRANGE_NAMES = ["conv&pool", 'say "hi"', "it's", "co:lon", "a<b>", "{x}", "a|b", "[x]", "back\\slash",
                 "ünïcødé 😀", "&amp;", "\n", " ", "\t\x00", "-x", "node"]


@needs_graphviz
@pytest.mark.parametrize("name", STRANGE_NAMES)
def test_any_layer_and_model_name_is_drawn(name, capsys):
    inner = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2, name=name + "i")], name=name + "m")
    inputs = keras.Input((3,))
    model = keras.Model(inputs, keras.layers.Dense(2, name=name)(inner(inputs)), name=name)
    assert architecture.architecture_png(model).startswith(PNG)
    assert capsys.readouterr().out == ""


def test_graphviz_text_escapes_what_labels_cannot_hold():
    assert architecture.graphviz_text("conv&pool") == "conv&amp;pool"
    assert architecture.graphviz_text("a<b>") == "a&lt;b&gt;"
    assert architecture.graphviz_text("{x}") == "&#123;x&#125;"
    assert architecture.graphviz_text("\n") == "&#x27;&#92;n&#x27;"  # shown as '\n'


@needs_graphviz
def test_a_graphviz_failure_is_a_clear_message_and_prints_nothing(mlp, monkeypatch, capsys):
    import pydot

    def refuse(self, *args, **kwargs):
        print("PNG bytes pydot would print")
        raise AssertionError('"dot" with args [...] returned code: 1')

    monkeypatch.setattr(pydot.Dot, "create", refuse)
    with pytest.raises(architecture.ArchitectureUnavailable,
                       match=r"Graphviz could not draw the architecture of 'mlp' \(AssertionError.*"
                             r"summary\(\)"):
        architecture.architecture_png(mlp)
    assert capsys.readouterr().out == ""


@needs_graphviz
@settings(max_examples=10, deadline=None)
@given(name=st.text(min_size=1, max_size=20))
def test_any_name_keras_accepts_is_drawn_or_explained(name):
    try:
        model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1, name=name)], name=name)
    except ValueError:
        return  # Keras itself refuses the name (such as one with "/")
    try:
        assert architecture.architecture_png(model).startswith(PNG)
    except architecture.ArchitectureUnavailable as reason:
        assert "Graphviz could not draw" in str(reason)


def test_a_sample_too_big_for_the_budget_is_said_in_the_activations_tab():
    from kerastutor.inspector.view import ACTIVATIONS

    wide = keras.Sequential([keras.Input((4,)), keras.layers.Dense(4096, name="wide")])
    ins = kt.inspect(wide, np.zeros((1_000, 4), "float32"), budget_mb=1)
    ins.tabs.selected_index = ACTIVATIONS
    assert "over the budget of 1 MB" in ins.activation_html.value
    assert ins.activation_image.layout.display == "none"
    with pytest.raises(MemoryBudgetExceeded):
        ins.activation("wide")


# ---- a diverged model: weights and activations that are NaN ---------------------------------------------
def test_nan_weights_are_shown_not_a_traceback():
    from kerastutor.inspector.view import ACTIVATIONS, WEIGHTS

    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, name="d")])
    model.get_layer("d").kernel.assign(np.full((4, 3), np.nan, "float32"))
    ins = kt.inspect(model, X)
    ins.tabs.selected_index = WEIGHTS
    assert "nan" in ins.weights_html.value and bytes(ins.histograms.value).startswith(PNG)
    ins.tabs.selected_index = ACTIVATIONS
    assert "min nan, mean nan, max nan" in ins.activation_html.value


@pytest.mark.parametrize("values, kind", [
    (np.zeros((0,)), "empty"), (np.zeros((3, 0)), "empty"), (np.full((5, 5, 3), np.nan), "feature maps"),
    (np.array([np.inf, -np.inf, 1.0]), "units"), (np.array(np.nan), "scalar"),
])
def test_activation_pictures_of_empty_or_nan_values(values, kind):
    from kerastutor.inspector.figures import activation_png

    got, png = activation_png(values)
    assert got == kind and (png is None or png.startswith(PNG))


@pytest.mark.parametrize("values", [np.full((4, 4), np.nan), np.array([np.inf, 1.0, -np.inf]),
                                    np.zeros((0,))])
def test_weight_histograms_of_nan_or_infinite_values(values):
    from kerastutor.inspector.figures import histograms_png

    assert histograms_png([("kernel", values)]).startswith(PNG)


def test_a_huge_layer_on_the_way_counts_even_when_a_small_one_is_asked_for():
    cnn = keras.Sequential([keras.Input((28, 28, 1)), keras.layers.Conv2D(32, 3, name="conv"),
                            keras.layers.GlobalAveragePooling2D(name="pool"),
                            keras.layers.Dense(2, name="out")])
    x = np.zeros((6_000, 28, 28, 1), "float32")  # conv: 6000 x 26 x 26 x 32 floats = 495 MB
    with pytest.raises(MemoryBudgetExceeded, match="goes through a layer output of about 495 MB for 6000"):
        kt.activations(cnn, x, layers=["out"], budget_mb=100)
    assert kt.activations(cnn, x[:10], layers=["out"], budget_mb=100)["out"].shape == (10, 2)
