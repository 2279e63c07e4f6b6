"""Every instrument answers the same verbs: show, snapshot, save, widget (kerastutor._instrument), and
`to_code` gives runnable Keras where an instrument has code to give."""

from __future__ import annotations

import base64
import io

import ipywidgets
import numpy as np
import pytest
from PIL import Image

import kerastutor as kt
from kerastutor._arguments import BadArgument
from kerastutor.augment.grid import GAP, compose_grid
from kerastutor.exercises.progress import ProgressStore
from kerastutor.inspector import architecture

PNG = b"\x89PNG\r\n\x1a\n"
MAGIC = {".png": PNG, ".svg": b"<svg", ".pdf": b"%PDF", ".html": b"<!DOCTYPE html>"}
FIGURES = (".png", ".svg", ".pdf")
KINDS = ("liveplot", "inspector", "augment", "gallery", "progress", "playground",
         "layerstats", "saliency", "compare", "mistakes", "projection")
SIDE, ROWS, COLUMNS = 16, 2, 3  # the augmentation preview's grid in these tests


def tiny_cnn():
    """A small untrained image classifier: 8 x 8 grey images, 3 classes."""
    keras = kt._quiet.import_keras()
    keras.utils.set_random_seed(0)
    return keras.Sequential([keras.Input((8, 8, 1)), keras.layers.Conv2D(4, 3, activation="relu"),
                             keras.layers.GlobalAveragePooling2D(),
                             keras.layers.Dense(3, activation="softmax")])


@pytest.fixture(params=KINDS)
def instrument(request, model, data, display_as, tmp_path):
    """Each instrument, small and ready: (kind, instrument)."""
    kind = request.param
    display_as("text")
    if kind == "liveplot":
        made = kt.LivePlot()
        model.fit(*data, epochs=2, verbose=0, callbacks=[made])
    elif kind == "inspector":
        made = kt.inspect(model)
    elif kind == "augment":
        made = kt.augment_preview(size=SIDE, rows=ROWS, columns=COLUMNS, horizontal_flip=True)
    elif kind == "gallery":
        made = kt.gallery()
    elif kind == "playground":
        made = kt.playground()
        made.step(1)
    elif kind == "layerstats":
        made = kt.LayerStats(sample=(data[0][:32], data[1][:32]))
        model.fit(*data, epochs=2, verbose=0, callbacks=[made])
    elif kind == "saliency":
        made = kt.saliency_view(tiny_cnn(), np.random.default_rng(0).random((2, 8, 8, 1), dtype=np.float32),
                                method="gradients")
    elif kind == "compare":
        first, second = kt.LivePlot(), kt.LivePlot()
        model.fit(*data, epochs=2, verbose=0, callbacks=[first])
        model.fit(*data, epochs=2, verbose=0, callbacks=[second])
        made = kt.compare(first=first, second=second)
    elif kind == "mistakes":
        made = kt.mistakes(model, *data)
    elif kind == "projection":
        made = kt.projection(model, data[0], data[1].astype(int), layer=model.layers[0].name)
    else:
        made = kt.progress(ProgressStore(tmp_path / "progress.json"))
    return kind, made


def test_snapshot_is_a_png_of_the_figure_size(instrument):
    kind, made = instrument
    data = made.snapshot()
    assert data.startswith(PNG)
    size = Image.open(io.BytesIO(data)).size
    figure = made._figure()
    expected = [side * figure.dpi for side in figure.get_size_inches()]
    assert all(abs(got - wanted) <= 1 for got, wanted in zip(size, expected)), (size, expected)
    if kind == "augment":  # the grid at its natural size, one pixel per pixel
        assert size == (COLUMNS * (SIDE + GAP) - GAP, ROWS * (SIDE + GAP) - GAP)
    if kind in ("inspector", "gallery", "progress"):  # the text, wide enough for its longest line
        assert size[0] >= 5 * max(map(len, made._text().splitlines()))


def test_save_writes_each_promised_format_and_refuses_others(instrument, tmp_path):
    kind, made = instrument
    promised = FIGURES + ((".html",) if kind in ("gallery", "progress") else ())
    assert made.save_formats() == promised
    for suffix in promised:
        written = made.save(tmp_path / f"picture{suffix}")
        assert MAGIC[suffix] in written.read_bytes()[:400]
    refusal = rf"^{type(made).__name__}.save: path=.* cannot be used; path must be a file name "
    with pytest.raises(BadArgument, match=refusal + r"ending in \.png, \.svg, \.pdf"):
        made.save(tmp_path / "picture.bmp")
    assert not (tmp_path / "picture.bmp").exists()


TEXT = {"liveplot": "loss", "inspector": "Total params", "augment": "the pipeline:",
        "gallery": "MobileNetV2", "progress": "exercises done", "playground": "playground: ",
        "layerstats": "grad norm", "saliency": "saliency: gradients",
        "compare": "runs compared: first, second", "mistakes": "precision", "projection": "by PCA"}
# what a notebook without live widgets shows: (printed text, the first picture's text/plain), by its start
STATIC = {"layerstats": (None, "LayerStats: "), "saliency": ("saliency: gradients", "saliency maps"),
          "compare": ("final value of each series", "runs compared: first, second"),
          "mistakes": ("accuracy", "mistakes: confusion matrix"), "projection": (None, "projection: ")}


def test_text_mode_prints_the_text(instrument, capsys):
    kind, made = instrument
    capsys.readouterr()
    made.show()
    out = capsys.readouterr().out
    assert TEXT[kind] in out and out.strip() == made._text().strip()


def test_static_mode_shows_what_nbval_stores(instrument, display_as, shown, capsys):
    kind, made = instrument
    display_as("static")
    capsys.readouterr()
    made._ipython_display_()
    out = capsys.readouterr().out
    images = [bundle for bundle in shown if "image/png" in bundle or "image/jpeg" in bundle]
    if kind == "liveplot":
        assert shown[0]["text/plain"].startswith("LivePlot: training curves (loss")
        assert base64.b64decode(shown[0]["image/png"]).startswith(PNG)
    elif kind == "inspector":
        assert "Total params" in out
        if architecture.missing_piece() is None:
            assert images[0]["text/plain"] == f"architecture of {made.model.name!r}"
    elif kind == "augment":
        assert shown[0]["text/plain"].startswith("augmentation preview: framed")
        assert base64.b64decode(shown[0]["image/jpeg"]).startswith(b"\xff\xd8")
    elif kind == "gallery":
        assert out == made._text() + "\n" and not shown
    elif kind == "playground":
        assert shown[0]["text/plain"].startswith("playground: ") and shown[0]["image/png"]
    elif kind in STATIC:
        printed, picture = STATIC[kind]
        assert out.startswith(printed) if printed else out == ""
        assert images[0]["text/plain"].startswith(picture)
        assert base64.b64decode(images[0]["image/png"]).startswith(PNG)
    else:
        assert shown[0]["text/plain"] == str(made) and "<table>" in shown[0]["text/html"]


def test_widget_is_one_ipywidget_shown_in_widget_mode(instrument, display_as, shown):
    kind, made = instrument
    assert isinstance(made.widget, ipywidgets.Widget) and made.widget is made.widget
    display_as("widget")
    made.show()
    if kind == "liveplot":  # show() is the curves as they are now, an image also in JupyterLab
        assert shown[0]["image/png"]
    else:
        assert shown == [made.widget]


def test_the_augmentation_snapshot_is_the_grid_shown(display_as):
    display_as("text")
    preview = kt.augment_preview(size=SIDE, rows=1, columns=2, rotation_range=30)
    grid = compose_grid(preview.sources[:1], preview.images(), 2)
    snapped = np.asarray(Image.open(io.BytesIO(preview.snapshot())).convert("RGB"))
    np.testing.assert_array_equal(snapped, grid)  # pixel for pixel (the widget shows it as JPEG)


# ---- to_code: the plain Keras code behind an instrument ------------------------------------------
def test_the_inspector_gives_code_that_reads_the_same_layer_output(display_as):
    display_as("text")
    keras = kt._quiet.import_keras()
    keras.utils.set_random_seed(0)
    inner = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, name="hidden")], name="block")
    inputs = keras.Input((4,))
    first = keras.layers.Dense(4, name="first")(inputs)
    net = keras.Model(inputs, keras.layers.Dense(2, name="out")(inner(first)))
    sample = np.random.default_rng(0).random((5, 4), dtype=np.float32)
    inspector = kt.inspect(net, sample)
    inspector.select("out")
    namespace = {"model": net, "sample": sample}
    exec(inspector.to_code(), namespace)  # the selected layer by default
    np.testing.assert_allclose(namespace["activation"], inspector.activation("out"), rtol=1e-6)
    assert namespace["layer"] is net.get_layer("out")
    nested = inspector.to_code("block/hidden")
    assert "model.get_layer('block').get_layer('hidden')" in nested
    namespace = {"model": net, "sample": sample}
    exec(nested, namespace)  # config and weights run; the output is pointed to kt.activations
    assert namespace["layer"] is inner.get_layer("hidden") and "activation" not in namespace
    assert "kt.activations(model, sample, layers=['block/hidden'])" in nested
    with pytest.raises(BadArgument, match="Inspector.to_code"):
        inspector.to_code("no_such_layer")


GALLERY_CODE_RUN = """
import json, pathlib, sys
import numpy as np
from PIL import Image
import keras.src.utils.file_utils as file_utils
file_utils.validate_file = lambda *args, **kwargs: True  # a test file cannot match the published hash
home = pathlib.Path(sys.argv[1])
index = {str(i): [f"n{i:08d}", f"class_{i}"] for i in range(1000)}
(home / "models").mkdir()
(home / "models" / "imagenet_class_index.json").write_text(json.dumps(index))
Image.fromarray(np.full((40, 60, 3), 200, np.uint8)).save(home / "photo.png")
exec(sys.stdin.read())
"""


def test_the_gallery_gives_code_that_loads_the_chosen_model_and_classifies_a_file(display_as, tmp_path):
    import subprocess
    import sys

    display_as("text")
    shown = kt.gallery()
    assert "keras.applications.MobileNetV2(weights='imagenet')" in shown.to_code()  # before any choice
    shown.choose("MobileNetV2", weights="random", input_shape=(96, 96, 3), alpha=0.35)
    code = shown.to_code(str(tmp_path / "photo.png"))
    assert "MobileNetV2(weights=None, input_shape=(96, 96, 3), alpha=0.35)" in code
    assert "keras.applications.mobilenet_v2.preprocess_input" in code
    quiet = {"KERAS_HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "TF_CPP_MIN_LOG_LEVEL": "3"}
    run = subprocess.run([sys.executable, "-c", GALLERY_CODE_RUN, str(tmp_path)], input=code, text=True,
                         capture_output=True, timeout=300, env=quiet)
    assert run.returncode == 0, run.stderr[-2000:]
    printed = run.stdout.strip().splitlines()
    assert len(printed) == 5 and all(line.startswith("class_") and line.endswith("%") for line in printed)
    with pytest.raises(BadArgument, match="Gallery.to_code: image="):
        shown.to_code(image=3)
