"""Bad input to the pretrained-model gallery: every argument of load_pretrained, the memory guard and
the gallery widget refused with its name before a model is built; every weights file it reads (a
local file, a cached ImageNet file) reported as missing, unreadable or damaged with its path, never
deleted and never silently replaced by random weights."""

import functools
import math
import subprocess
import sys
import textwrap
from pathlib import Path

import keras
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kerastutor._arguments import BadArgument
from kerastutor._files import FileCorrupt, FileMissing, FileUnreadable
from kerastutor.pretrained import catalogue, loading
from kerastutor.pretrained.catalogue import CATALOGUE, COMPUTED_PARAMS, record
from kerastutor.pretrained.loading import ModelTooLarge, check_memory, estimated_mb, load_pretrained

ROOT = Path(__file__).resolve().parent.parent
TINY = {"input_shape": (96, 96, 3), "alpha": 0.35}  # MobileNetV2 at its smallest: builds in a second


@pytest.fixture
def builds(monkeypatch, tmp_path):
    """Record every MobileNetV2 build (the constructor keeps its signature), under an empty cache
    and no network."""
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    monkeypatch.setattr(loading, "host_reachable", lambda host, timeout=5.0: False)
    calls = []
    original = keras.applications.MobileNetV2

    @functools.wraps(original)
    def recording(**kwargs):
        calls.append(kwargs)
        return original(**kwargs)

    monkeypatch.setattr(keras.applications, "MobileNetV2", recording)
    return calls


# ---- arguments of load_pretrained ---------------------------------------------------------------
ROWS = [
    # (keywords beyond name="MobileNetV2", argument named, fragment of what is allowed)
    ({"name": None}, "name", "the name of a keras.applications model"),
    ({"name": 5}, "name", "the name of a keras.applications model (model_catalog() lists them all)"),
    ({"name": ""}, "name", "the name of a keras.applications model"),
    ({"name": "VGG61"}, "name", "did you mean VGG19, VGG16?"),
    ({"name": "x" * 1_000_000}, "name", "the name of a keras.applications model"),
    ({"name": ["MobileNetV2"]}, "name", "the name of a keras.applications model"),
    ({"budget_mb": math.nan}, "budget_mb", "a finite number of megabytes above 0"),
    ({"budget_mb": math.inf}, "budget_mb", "a finite number of megabytes above 0"),
    ({"budget_mb": -math.inf}, "budget_mb", "a finite number of megabytes above 0"),
    ({"budget_mb": 0}, "budget_mb", "a finite number of megabytes above 0"),
    ({"budget_mb": -5}, "budget_mb", "a finite number of megabytes above 0"),
    ({"budget_mb": "big"}, "budget_mb", "a finite number of megabytes above 0"),
    ({"budget_mb": True}, "budget_mb", "a finite number of megabytes above 0"),
    ({"budget_mb": None}, "budget_mb", "a finite number of megabytes above 0"),
    ({"force": "yes"}, "force", "True or False"),
    ({"force": 1}, "force", "True or False"),
    ({"force": None}, "force", "True or False"),
    ({"fallback": "zeros"}, "fallback", "one of None, 'random'"),
    ({"fallback": True}, "fallback", "one of None, 'random'"),
    ({"weights": 5}, "weights", "'imagenet', None (random weights) or the path of a weights file"),
    ({"weights": ""}, "weights", "the path of a weights file ending in .h5, .hdf5, .keras"),
    ({"weights": ["imagenet"]}, "weights", "the path of a weights file"),
    ({"weights": True}, "weights", "the path of a weights file"),
    ({"weights": "model.bin"}, "weights", "ending in .h5, .hdf5, .keras"),
    ({"weights": "ImageNet"}, "weights", "ending in .h5, .hdf5, .keras"),
    ({"alpah": 0.35}, "alpah", "keras.applications.MobileNetV2 takes input_shape, alpha"),
    ({"inputshape": (96, 96, 3)}, "inputshape", "did you mean input_shape"),
    ({"weights": None, "layers": 3}, "layers", "left out"),
    ({"classes": 10}, "classes", "1000 with weights='imagenet' and include_top=True"),
    ({"classes": "1000"}, "classes", "1000 with weights='imagenet'"),
]


@pytest.mark.parametrize(("keywords", "argument", "allowed"), ROWS)
def test_load_pretrained_refuses_bad_arguments_before_building(builds, keywords, argument, allowed):
    keywords = {"name": "MobileNetV2", **keywords}
    with pytest.raises(BadArgument) as caught:
        load_pretrained(**keywords)
    message = str(caught.value)
    assert message.startswith(f"load_pretrained: {argument}=") and f"{argument} must be" in message
    assert allowed in message and len(message) < 700
    assert builds == []


def small():
    return keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])


@pytest.mark.parametrize(("call", "argument"), [
    (lambda: loading.measure_inference(small(), runs=0), "runs"),
    (lambda: loading.measure_inference(small(), runs=2.5), "runs"),
    (lambda: loading.measure_inference("my model"), "model"),
    (lambda: loading.measure_inference(small(), name=3), "name"),
    (lambda: check_memory(record("VGG19"), math.nan), "budget_mb"),
    (lambda: record(None), "name"),
])
def test_other_public_functions_name_the_argument(call, argument):
    with pytest.raises(BadArgument, match=rf": {argument}=.* cannot be used; {argument} must be"):
        call()


# ---- the memory guard ---------------------------------------------------------------------------------
def test_every_catalogue_model_has_a_size_for_the_guard():
    for model in CATALOGUE:
        assert model.weights_mb > 1, model.name
        assert model.weights_computed == (model.name in COMPUTED_PARAMS) == (model.size_mb is None)
    assert record("ConvNeXtXLarge").weights_mb == pytest.approx(1400.8, abs=0.1)
    assert estimated_mb(record("ConvNeXtXLarge")) > loading.DEFAULT_BUDGET_MB


def test_the_largest_models_are_refused_by_the_default_guard(builds, monkeypatch):
    built = []
    monkeypatch.setattr(keras.applications, "ConvNeXtXLarge", lambda **kw: built.append(kw))
    with pytest.raises(ModelTooLarge, match=r"ConvNeXtXLarge needs about 2,952 MB to load, over the budget "
                                            r"of 1,536 MB\. Try EfficientNetV2L \(479 MB of weights"):
        load_pretrained("ConvNeXtXLarge", weights=None)
    assert built == []


def test_nothing_fits_a_tiny_budget_and_says_so():
    with pytest.raises(ModelTooLarge) as caught:
        check_memory(record("MobileNetV2"), 10)
    message = str(caught.value)
    assert "No catalogue model fits in 10 MB (MobileNetV3Small, the smallest, needs about 170 MB)" in message
    assert "raise budget_mb" in message and "Try " not in message


def test_the_suggestion_is_never_the_refused_model():
    with pytest.raises(ModelTooLarge, match=r"MobileNetV2 needs about 178 MB.*Try MobileNetV3Small "
                                            r"\(about 10 MB of weights, computed, top-1 68\.1%\)"):
        check_memory(record("MobileNetV2"), 175)


@settings(max_examples=25, deadline=None)
@given(model=st.sampled_from(CATALOGUE), budget_mb=st.floats(1, 4000))
def test_a_refusal_always_suggests_another_model_that_fits(model, budget_mb):
    try:
        check_memory(model, budget_mb)
    except ModelTooLarge as error:
        message = str(error)
        assert estimated_mb(model) > budget_mb
        if "Try " in message:
            suggested = record(message.split("Try ")[1].split(" ")[0])
            assert suggested is not model and estimated_mb(suggested) <= budget_mb
        else:
            assert all(estimated_mb(other) > budget_mb for other in CATALOGUE)
    else:
        assert estimated_mb(model) <= budget_mb


# ---- local weights files ------------------------------------------------------------------------------
def h5_of_another_architecture(path):
    keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)]).save_weights(path)
    return path.read_bytes()


LOCAL_ROWS = [
    # (file name, how to make it, error class, fragment)
    ("missing.weights.h5", None, FileMissing, "is missing: there is no file"),
    ("folder.weights.h5", "folder", FileUnreadable, "is a folder, not a file"),
    ("empty.weights.h5", b"", FileCorrupt, "is damaged (it is empty, 0 bytes)"),
    ("garbage.weights.h5", b"\x00garbage" * 40, FileCorrupt, "is damaged (not an HDF5 file)"),
    ("text.h5", b"just some text\n", FileCorrupt, "is damaged (not an HDF5 file)"),
    ("truncated.weights.h5", "truncated", FileCorrupt, "is damaged (it does not open: Unable to"),
    ("other.weights.h5", "other", FileCorrupt, "its weights do not fit MobileNetV2 built with these"),
    ("broken.keras", b"PK not really", FileCorrupt, "is damaged (not a .keras archive)"),
]


@pytest.mark.parametrize(("file", "content", "kind", "fragment"), LOCAL_ROWS)
def test_a_bad_local_weights_file_is_named_with_what_to_do(builds, tmp_path, file, content, kind, fragment):
    path = tmp_path / file
    if content == "folder":
        path.mkdir()
    elif content == "truncated":
        whole = h5_of_another_architecture(tmp_path / "whole.weights.h5")
        path.write_bytes(whole[: len(whole) // 2])
    elif content == "other":
        h5_of_another_architecture(path)
    elif content is not None:
        path.write_bytes(content)
    before = path.read_bytes() if path.is_file() else None
    with pytest.raises(kind) as caught:
        load_pretrained("MobileNetV2", weights=path, **TINY)
    message = str(caught.value)
    assert str(path) in message and fragment in message and "weights=None" in message
    assert (path.read_bytes() if path.is_file() else None) == before


# ---- ImageNet weights in the Keras cache ------------------------------------------------------
CACHED_NAME = "mobilenet_v2_weights_tf_dim_ordering_tf_kernels_0.35_96.h5"


def test_keras_file_names_are_computed_in_one_place():
    build = keras.applications
    name = loading.weights_file_name
    assert name(record("MobileNetV2"), build.MobileNetV2, TINY) == CACHED_NAME
    assert name(record("VGG16"), build.VGG16, {"include_top": False}) == \
        "vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5"
    assert name(record("ResNet50V2"), build.ResNet50V2, {}) == \
        "resnet50v2_weights_tf_dim_ordering_tf_kernels.h5"
    assert name(record("MobileNet"), build.MobileNet, {"alpha": 0.5, "input_shape": (128, 128, 3)}) == \
        "mobilenet_5_0_128_tf.h5"
    assert name(record("MobileNetV3Small"), build.MobileNetV3Small, {"include_top": False}) == \
        "weights_mobilenet_v3_small_224_1.0_float_no_top_v2.h5"
    assert name(record("NASNetMobile"), build.NASNetMobile, {}) == "nasnet_mobile.h5"
    assert name(record("EfficientNetB0"), build.EfficientNetB0, {}) == "efficientnetb0.h5"
    assert name(record("ConvNeXtTiny"), build.ConvNeXtTiny, {"include_top": False}) == \
        "convnext_tiny_notop.h5"
    assert name(record("EfficientNetV2S"), build.EfficientNetV2S, {}) == "efficientnetv2-s.h5"
    assert name(record("MobileNetV2"), build.MobileNetV2, {"input_tensor": None}) is None


def cache_file(tmp_path):
    models = tmp_path / "models"
    models.mkdir(exist_ok=True)
    return models / CACHED_NAME


def test_cached_weights_load_without_probing_the_network(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    probes = []
    monkeypatch.setattr(loading, "host_reachable", lambda host, timeout=5.0: probes.append(host) or False)
    keras.utils.set_random_seed(1)
    original = keras.applications.MobileNetV2(weights=None, **TINY)
    original.save(cache_file(tmp_path))  # the legacy HDF5 layout of Keras's ImageNet files
    loaded = load_pretrained("MobileNetV2", **TINY)
    assert probes == []
    assert all(np.array_equal(a, b) for a, b in zip(original.get_weights(), loaded.get_weights()))


CACHED_ROWS = [
    (b"", "it is empty, 0 bytes"),
    (b"<html>captive portal login</html>", "not an HDF5 file"),
    ("truncated", "it does not open"),
    ("other", "its weights do not fit MobileNetV2"),
]


@pytest.mark.parametrize(("content", "fragment"), CACHED_ROWS)
@pytest.mark.parametrize("fallback", [None, "random"])
def test_a_damaged_cached_file_is_reported_kept_and_never_replaced_by_random(builds, tmp_path, capsys,
                                                                               content, fragment, fallback):
    path = cache_file(tmp_path)
    if content == "truncated":
        whole = h5_of_another_architecture(tmp_path / "whole.weights.h5")
        path.write_bytes(whole[: len(whole) // 2])
    elif content == "other":
        keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)]).save(path)
    else:
        path.write_bytes(content)
    before = path.read_bytes()
    with pytest.raises(FileCorrupt) as caught:
        load_pretrained("MobileNetV2", fallback=fallback, **TINY)
    message = str(caught.value)
    assert f"the cached ImageNet weights of MobileNetV2 at {path} is damaged (" in message
    assert fragment in message
    assert "Delete it to download it again, or pass weights=None" in message
    assert "not in the Keras cache" not in message and "random weights:" not in capsys.readouterr().out
    assert path.read_bytes() == before


def test_a_cached_folder_is_unreadable_not_missing(builds, tmp_path):
    cache_file(tmp_path).mkdir()
    with pytest.raises(FileUnreadable, match="is a folder, not a file"):
        load_pretrained("MobileNetV2", **TINY)


# ---- the gallery widget ------------------------------------------------------------------------------
@pytest.mark.parametrize("budget_mb", [math.nan, math.inf, 0, -1, "big", True, None])
def test_gallery_refuses_a_bad_budget(budget_mb):
    from kerastutor import gallery

    with pytest.raises(BadArgument, match=r"^gallery: budget_mb=.*a finite number of megabytes above 0"):
        gallery(budget_mb)


@pytest.mark.parametrize(("name", "keywords", "fragment"), [
    ("MobileNetV2", {"weights": "missing.h5"}, "is missing: there is no file"),
    ("MobileNetV2", {"weights": 5}, "weights=5 cannot be used"),
    ("MobileNetV2", {"alpah": 1.0}, "alpah=1.0 cannot be used"),
    ("NoSuchNet", {}, "Gallery.choose: name=&#x27;NoSuchNet&#x27; cannot be used"),
    (None, {}, "Gallery.choose: name=None cannot be used"),
    ("ConvNeXtXLarge", {}, "ConvNeXtXLarge needs about 2,952 MB"),
    ("MobileNetV2", {"input_shape": (8, 8, 3), "weights": "random"}, "input_shape"),
])
def test_gallery_says_why_a_model_does_not_load_in_one_line(builds, name, keywords, fragment):
    from kerastutor import gallery

    shown = gallery()
    shown.choose(name, **keywords)
    banner = shown.banner.value
    assert fragment in banner and "Traceback" not in banner and banner.count("<p") == 1
    assert shown.model is None and not shown.weights_loaded and shown.inside.children == ()
    assert "No predictions" in shown.predictions.value


def test_gallery_with_a_damaged_cached_file_shows_it_and_does_not_substitute(builds, tmp_path):
    from kerastutor import gallery

    cache_file(tmp_path).write_bytes(b"garbage")
    shown = gallery()
    shown.choose("MobileNetV2", **TINY)
    assert f"{cache_file(tmp_path)} is damaged (not an HDF5 file)" in shown.banner.value
    assert shown.model is None and cache_file(tmp_path).read_bytes() == b"garbage"


@pytest.mark.parametrize("image", ["cat.png", np.zeros((10, 10)), np.full((4, 4, 3), np.nan),
                                   np.zeros((4, 4, 4)), [[1, 2], [3]]])
def test_gallery_predict_refuses_what_is_not_an_rgb_image(image):
    from kerastutor.pretrained.view import Gallery

    with pytest.raises(BadArgument, match=r"(?s)^Gallery.predict: image=.*an RGB image"):
        Gallery().predict(image)


def test_an_upload_that_is_not_an_image_is_one_line(builds):
    from kerastutor.pretrained.view import Gallery

    shown = Gallery()
    shown._on_upload({"new": [{"content": memoryview(b"not an image at all")}]})
    assert shown.predictions.value.startswith("<p style='color:#b00'>") and "Traceback" not in \
        shown.predictions.value


def test_the_computed_parameter_count_is_what_the_tool_counts_now():
    """A fresh count of the smallest model (a few seconds) matches the one stored in the catalogue."""
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "count_parameters.py"), "MobileNetV3Small"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert f"MobileNetV3Small\t{COMPUTED_PARAMS['MobileNetV3Small']}\t" in result.stdout
    assert "tools/count_parameters.py" in catalogue.__doc__ + result.stdout


def test_gallery_with_a_headless_model_loads_it_and_says_why_there_are_no_predictions(builds, tmp_path):
    from kerastutor import gallery

    path = tmp_path / "features.weights.h5"
    keras.applications.MobileNetV2(weights=None, include_top=False, **TINY).save_weights(path)
    shown = gallery()
    shown.choose("MobileNetV2", weights=str(path), include_top=False, **TINY)
    assert shown.banner.value == "" and shown.model is not None and shown.inside.children
    assert "no ImageNet classifier" in shown.predictions.value


# Keras's get_file removes a cached class index whose checksum does not match when it cannot download it
# again; the gallery puts it back and shows class numbers. The network is refused inside the subprocess.
CLASS_INDEX = textwrap.dedent("""
    import socket, sys
    def refuse(*args, **kwargs):
        raise OSError("network switched off for this test")
    socket.socket.connect = refuse
    socket.create_connection = refuse
    import keras
    from kerastutor.pretrained.view import Gallery
    path = sys.argv[1] + "/mobile.weights.h5"
    keras.applications.MobileNetV2(weights=None, input_shape=(96, 96, 3), alpha=0.35).save_weights(path)
    shown = Gallery()
    shown.choose("MobileNetV2", weights=path, input_shape=(96, 96, 3), alpha=0.35)
    print("PREDICTIONS", shown.predictions.value)
""")


def test_a_damaged_cached_class_index_is_kept_and_the_classes_are_numbered(tmp_path):
    (tmp_path / "models").mkdir()
    index = tmp_path / "models" / "imagenet_class_index.json"
    index.write_text('{"0": ["n01440764", "tench"')  # cut short
    result = subprocess.run([sys.executable, "-c", CLASS_INDEX, str(tmp_path)], capture_output=True,
                            text=True, env={"KERAS_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
                            timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "PREDICTIONS <p>top-5: class " in result.stdout
    assert index.read_text() == '{"0": ["n01440764", "tench"'
    assert sorted(p.name for p in index.parent.iterdir()) == ["imagenet_class_index.json"]
