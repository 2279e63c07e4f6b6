import datetime
import io
import json
import subprocess
import sys
import textwrap
import time

import keras
import numpy as np
import pytest
from PIL import Image

from kerastutor.pretrained import loading
from kerastutor.pretrained.catalogue import model_catalog, record
from kerastutor.pretrained.loading import ModelTooLarge, WeightsUnavailable, load_pretrained


def test_catalogue_covers_every_keras_application():
    names = {r.name for r in model_catalog()}
    assert names == {n for n in dir(keras.applications) if n[0].isupper()}
    for entry in model_catalog():
        module = getattr(keras.applications, entry.module)
        assert callable(module.preprocess_input) and callable(module.decode_predictions)
        assert entry.input_size >= 224
    syllabus = ["Xception", "VGG16", "VGG19", "ResNet50", "InceptionV3", "InceptionResNetV2", "MobileNet",
                "DenseNet121", "NASNetMobile"]
    for name in syllabus:
        entry = record(name)
        assert entry.size_mb and entry.top1 and entry.top5 and entry.params and entry.depth


def test_published_facts_and_lookup():
    mobile = record("mobilenetv2")
    assert (mobile.size_mb, mobile.top1, mobile.top5, mobile.params, mobile.depth) == (14, 0.713, 0.901,
                                                                                        3_500_000, 105)
    assert record("InceptionV3").input_size == 299 and record("NASNetLarge").input_size == 331
    assert mobile.preprocess_input == "keras.applications.mobilenet_v2.preprocess_input"
    with pytest.raises(ValueError, match="did you mean .*VGG16"):
        record("VGG61")


def test_memory_guard_refuses_before_building_and_names_a_smaller_model(monkeypatch):
    built = []
    monkeypatch.setattr(keras.applications, "VGG19", lambda **kw: built.append(kw))
    with pytest.raises(ModelTooLarge, match=r"VGG19 needs about 1,248 MB.*budget of 1,000 MB. Try \w+"):
        load_pretrained("VGG19", weights=None, budget_mb=1000)
    assert built == []
    load_pretrained("VGG19", weights=None, budget_mb=1000, force=True)
    assert built == [{"weights": None}]


def test_offline_imagenet_weights_fail_fast_or_fall_back_once(monkeypatch, tmp_path, capsys):
    started = time.perf_counter()
    with pytest.raises(WeightsUnavailable, match="MobileNetV2 are not in the Keras cache.*fallback='random'"):
        load_pretrained("MobileNetV2", input_shape=(96, 96, 3), alpha=0.35)
    assert time.perf_counter() - started < 10
    monkeypatch.setattr(loading, "_warned", set())
    first = load_pretrained("MobileNetV2", fallback="random", input_shape=(96, 96, 3), alpha=0.35)
    load_pretrained("MobileNetV2", fallback="random", input_shape=(96, 96, 3), alpha=0.35)
    printed = capsys.readouterr().out
    assert printed.count("Using random weights") == 1 and "Downloading data from" not in printed
    assert first.count_params() > 0 and loading.measure_inference(first, runs=2) > 0
    assert first.name in loading.MEASURED_MS and loading.measure_inference(first, "MobileNetV2", runs=1) > 0


SCRIPT = textwrap.dedent("""
    import json, sys
    import numpy as np
    import keras.src.utils.file_utils as file_utils
    file_utils.validate_file = lambda *args, **kwargs: True  # a test file cannot match the published hash
    from kerastutor.pretrained.loading import load_pretrained
    import keras
    keras.utils.set_random_seed(0)
    original = keras.applications.MobileNetV2(weights=None, input_shape=(96, 96, 3), alpha=0.35)
    path = sys.argv[1] + "/mobilenet.weights.h5"
    original.save_weights(path)
    loaded = load_pretrained("MobileNetV2", weights=path, input_shape=(96, 96, 3), alpha=0.35)
    image = np.random.default_rng(0).uniform(0, 255, (1, 96, 96, 3)).astype("float32")
    x = keras.applications.mobilenet_v2.preprocess_input(image)
    same = bool(np.allclose(original.predict(x, verbose=0), loaded.predict(x, verbose=0), atol=1e-6))
    top = keras.applications.mobilenet_v2.decode_predictions(loaded.predict(x, verbose=0), top=5)[0]
    print(json.dumps({"same": same, "top": [list(map(str, t[:2])) for t in top]}))
""")


def test_local_weights_file_and_decode_predictions(tmp_path):
    models = tmp_path / "models"
    models.mkdir()
    index = {str(i): [f"n{i:08d}", f"class_{i}"] for i in range(1000)}
    (models / "imagenet_class_index.json").write_text(json.dumps(index))
    result = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path)], capture_output=True, text=True,
                            env={"KERAS_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["same"] is True
    assert len(out["top"]) == 5 and all(name.startswith("class_") for _, name in out["top"])


# ---- the gallery widget ----------------------------------------------------------------------
def test_gallery_table_sorts_and_filters():
    from kerastutor import gallery

    shown = gallery()
    assert shown.table.value.count("<tr>") - 1 == 40
    shown.filter.value = "densenet"
    assert [r.name for r in shown.visible_records()] == ["DenseNet121", "DenseNet169", "DenseNet201"]
    shown.filter.value = ""
    shown.sort.value = "top-1 accuracy"
    assert shown.visible_records()[0].name == "EfficientNetV2L"
    shown.fits.value = True
    assert "VGG19" in [r.name for r in shown.visible_records()]  # 1,248 MB fits 1,536 MB
    assert all((loading.estimated_mb(r) or 1e12) <= shown.budget_mb for r in shown.visible_records())


def test_choosing_offline_shows_one_banner_and_the_architecture_only():
    from kerastutor import gallery

    shown = gallery()
    shown.choose("MobileNetV2", input_shape=(96, 96, 3), alpha=0.35)
    assert shown.banner.value.count("ImageNet weights for MobileNetV2") == 1
    assert "random weights: no predictions" in shown.banner.value
    assert "No predictions" in shown.predictions.value and bytes(shown.prediction_chart.value) == b""
    inspector_widget = shown.inside.children[0]
    assert inspector_widget.children[0].children[0].options  # the inspector's layer list
    assert "MobileNetV2" in loading.MEASURED_MS  # under its catalogue name, shown in the table
    assert shown.prediction_chart.layout.display == "none"


def test_choosing_with_a_weights_file_predicts_top5(tmp_path):
    from kerastutor import gallery

    keras.utils.set_random_seed(0)
    path = tmp_path / "mobile.weights.h5"
    keras.applications.MobileNetV2(weights=None, input_shape=(96, 96, 3), alpha=0.35).save_weights(path)
    shown = gallery()
    shown.choose("MobileNetV2", weights=str(path), input_shape=(96, 96, 3), alpha=0.35)
    assert shown.banner.value == "" and shown.weights_loaded
    assert shown.predictions.value.startswith("<p>top-5: ") and shown.predictions.value.count("%") == 5
    assert bytes(shown.prediction_chart.value).startswith(b"\x89PNG")
    seen = []
    original = shown.predict
    shown.predict = lambda image: seen.append(image.shape) or original(image)
    buffer = io.BytesIO()
    Image.fromarray(np.full((50, 70, 3), (250, 10, 10), np.uint8)).save(buffer, format="PNG")
    upload = {"name": "red.png", "type": "image/png", "size": 1, "content": memoryview(buffer.getvalue()),
              "last_modified": datetime.datetime.now(datetime.timezone.utc)}
    shown.upload.value = (upload,)
    assert seen == [(50, 70, 3)] and shown.predictions.value.startswith("<p>top-5: ")


def test_memory_guard_in_the_gallery():
    from kerastutor import gallery

    shown = gallery(budget_mb=500)
    shown.choose("VGG19")
    assert "VGG19 needs about" in shown.banner.value and shown.model is None


def test_gallery_without_widgets_prints_the_catalogue(monkeypatch, capsys):
    from kerastutor import gallery

    monkeypatch.setenv("KERASTUTOR_DISPLAY", "text")
    gallery()._ipython_display_()
    out = capsys.readouterr().out
    assert out.splitlines()[0].split()[:3] == ["model", "family", "size"] and "NASNetMobile" in out


def test_the_prediction_chart_is_hidden_until_there_is_one():
    from kerastutor.pretrained.view import Gallery

    gallery = Gallery()
    assert gallery.prediction_chart.layout.display == "none"  # an empty Image shows a broken-image icon
