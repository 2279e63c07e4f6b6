import base64
import datetime
import io

import keras
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from kerastutor import augment_preview
from kerastutor.augment.images import load_images
from kerastutor.augment.pipeline import concrete_specs, keras_code, layer_specs, legacy_code
from kerastutor.augment.settings import DEFAULTS, resolve, validate

JPEG = b"\xff\xd8"


def specs_for(**params):
    return dict(layer_specs(resolve(params)))


# ---- settings ---------------------------------------------------------------------------
def test_defaults_add_no_layer():
    assert layer_specs(resolve({})) == []


@pytest.mark.parametrize("name, value, message", [
    ("rotation_rnage", 3, "unknown augmentation setting 'rotation_rnage'. Did you mean 'rotation_range'"),
    ("rotation_range", 400, r"rotation_range=400 cannot be used; rotation_range must be a finite number "
                            r"from 0 to 180"),
    ("width_shift_range", -0.1, "from 0 to 1"),
    ("horizontal_flip", 1, "must be True or False"),
    ("fill_mode", "mirror", "must be one of 'nearest', 'constant', 'reflect', 'wrap'"),
    ("zoom_range", [1.2, 0.8], "lower <= upper"),
    ("brightness_range", 0.5, "None or a pair"),
    ("seed", 1.5, "must be a whole number"),
    ("cval", float("nan"), "must be a finite number"),
])
def test_bad_settings_are_refused_clearly(name, value, message):
    with pytest.raises(ValueError, match=message):
        validate(name, value)


def test_zoom_accepts_imagedatagenerator_forms():
    assert validate("zoom_range", 0.25) == (0.75, 1.25)
    assert validate("zoom_range", [0.5, 1.0]) == (0.5, 1.0)


# ---- each control -> layer config -> legacy keyword -----------------------------------------
@pytest.mark.parametrize("params, layer, config, legacy", [
    ({"rotation_range": 36}, "RandomRotation", {"factor": 0.1}, "rotation_range=36.0"),
    ({"width_shift_range": 0.2}, "RandomTranslation", {"width_factor": 0.2, "height_factor": 0.0},
     "width_shift_range=0.2"),
    ({"height_shift_range": 0.1}, "RandomTranslation", {"height_factor": 0.1}, "height_shift_range=0.1"),
    ({"zoom_range": 0.3}, "RandomZoom", {"height_factor": (-0.3, 0.3), "width_factor": (-0.3, 0.3)},
     "zoom_range=0.3"),
    ({"zoom_range": [0.5, 1.0]}, "RandomZoom", {"height_factor": (-0.5, 0.0)}, "zoom_range=[0.5, 1.0]"),
    ({"shear_range": 45}, "RandomShear", {"x_factor": 1.0}, "shear_range=45.0"),
    ({"horizontal_flip": True}, "RandomFlip", {"mode": "horizontal"}, "horizontal_flip=True"),
    ({"horizontal_flip": True, "vertical_flip": True}, "RandomFlip", {"mode": "horizontal_and_vertical"},
     "vertical_flip=True"),
    ({"brightness_range": [0.5, 1.5]}, "RandomBrightness", {"factor": (-0.5, 0.5)},
     "brightness_range=[0.5, 1.5]"),
    ({"rotation_range": 10, "fill_mode": "constant", "cval": 128}, "RandomRotation",
     {"fill_mode": "constant", "fill_value": 128.0}, "cval=128.0"),
])
def test_classic_settings_map_to_layers_and_back_to_imagedatagenerator(params, layer, config, legacy):
    kwargs = specs_for(**params)[layer]
    for key, value in config.items():
        assert kwargs[key] == pytest.approx(value)
    assert legacy in legacy_code(resolve(params))


@pytest.mark.parametrize("name, value, layer", [
    ("contrast", 0.4, "RandomContrast"), ("hue", 0.2, "RandomHue"), ("saturation", 0.3, "RandomSaturation"),
    ("grayscale", 0.5, "RandomGrayscale"), ("gaussian_blur", 0.5, "RandomGaussianBlur"),
    ("sharpness", 0.2, "RandomSharpness"), ("color_degeneration", 0.5, "RandomColorDegeneration"),
    ("posterization", 4, "RandomPosterization"), ("invert", 0.5, "RandomInvert"),
    ("erasing", 0.5, "RandomErasing"), ("perspective", 0.5, "RandomPerspective"),
    ("elastic", 0.5, "RandomElasticTransform"), ("crop", 0.75, "RandomCrop"),
])
def test_other_layers_are_named_as_having_no_legacy_equivalent(name, value, layer):
    params = resolve({name: value})
    assert layer in dict(layer_specs(params))
    assert f"no ImageDataGenerator equivalent: {layer}" in legacy_code(params)


def test_centred_layers_keep_their_neutral_point():
    assert specs_for(saturation=0.3)["RandomSaturation"]["factor"] == (0.2, 0.8)


# ---- code round trip and determinism ----------------------------------------------------------
def layer_configs(model):
    return [(type(layer).__name__, {k: v for k, v in layer.get_config().items() if k != "name"})
            for layer in model.layers]


def test_to_code_rebuilds_the_same_pipeline():
    preview = augment_preview(rotation_range=20, width_shift_range=0.1, zoom_range=0.2, horizontal_flip=True,
                              brightness_range=[0.8, 1.2], hue=0.1, crop=0.8, fill_mode="constant", cval=9,
                              seed=5)
    namespace = {}
    exec(preview.to_code(), namespace)
    assert layer_configs(namespace["augmentation"]) == layer_configs(preview.pipeline())
    assert len(preview.pipeline().layers) == 7


def test_same_seed_same_grid_other_seed_other_grid():
    first = augment_preview(rotation_range=40, zoom_range=0.3, seed=1)
    second = augment_preview(rotation_range=40, zoom_range=0.3, seed=1)
    np.testing.assert_array_equal(first.images(), second.images())
    assert bytes(first.grid.value) == bytes(second.grid.value)
    second.set(seed=2)
    assert not np.array_equal(first.images(), second.images())


# ---- the widget ------------------------------------------------------------------------------
def test_moving_a_control_redraws_the_grid_and_the_code():
    preview = augment_preview(seed=3)
    plain = bytes(preview.grid.value)
    np.testing.assert_allclose(preview.images()[0], preview.sources[0])  # no setting: unchanged
    preview.controls["rotation_range"].value = 90.0
    assert preview.params["rotation_range"] == 90.0
    assert bytes(preview.grid.value) != plain and "RandomRotation(factor=0.25" in preview.code.value
    preview.controls["brightness_range"].value = (0.5, 1.5)
    assert preview.params["brightness_range"] == (0.5, 1.5) and "RandomBrightness" in preview.code.value
    preview.controls["brightness_range"].value = (1.0, 1.0)
    assert preview.params["brightness_range"] is None


def test_set_moves_the_controls_exactly_as_a_learner_would():
    preview = augment_preview()
    preview.set(rotation_range=15, zoom_range=0.1, horizontal_flip=True, fill_mode="reflect")
    assert preview.controls["rotation_range"].value == 15.0
    assert preview.controls["zoom_range"].value == (0.9, 1.1)
    assert preview.controls["horizontal_flip"].value is True
    with pytest.raises(ValueError, match="unknown augmentation setting"):
        preview.set(rotation=3)
    assert preview.params["rotation_range"] == 15.0  # a refused call changes nothing


def test_grid_size_and_images_shown():
    preview = augment_preview(rows=2, columns=4)
    assert len(preview.images()) == 8 - 2  # two sample photos framed, six augmented
    width, height = Image.open(io.BytesIO(bytes(preview.grid.value))).size
    assert (width, height) == (4 * 128 + 3 * 4, 2 * 128 + 4)
    preview.rows.value = 1
    assert len(preview.images()) == 2


def test_upload_replaces_the_images():
    preview = augment_preview()
    buffer = io.BytesIO()
    Image.fromarray(np.full((40, 60, 3), 200, np.uint8)).save(buffer, format="PNG")
    preview.upload.value = ({"name": "mine.png", "type": "image/png", "size": 10,
                             "content": memoryview(buffer.getvalue()),
                             "last_modified": datetime.datetime.now(datetime.timezone.utc)},)
    assert len(preview.sources) == 1 and preview.sources.mean() == pytest.approx(200.0)


def test_static_display_shows_the_grid_once(monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj, raw=False: shown.append(obj))
    monkeypatch.setenv("KERASTUTOR_DISPLAY", "static")
    augment_preview(horizontal_flip=True)._ipython_display_()
    assert len(shown) == 1 and base64.b64decode(shown[0]["image/jpeg"]).startswith(JPEG)


# ---- accepted and rejected images ------------------------------------------------------------
@pytest.mark.parametrize("array", [
    np.random.default_rng(0).uniform(size=(20, 30)),                       # HW float [0, 1]
    np.random.default_rng(0).integers(0, 256, (20, 30, 1), dtype=np.uint8),  # HWC grey uint8
    np.random.default_rng(0).uniform(0, 255, (20, 30, 3)),                # HWC float [0, 255]
    np.random.default_rng(0).integers(0, 256, (2, 20, 30, 4), dtype=np.uint8),  # NHWC RGBA
])
def test_accepted_arrays(array):
    images = load_images(array, size=16)
    assert images.shape == (len(array) if array.ndim == 4 else 1, 16, 16, 3) and images.dtype == np.float32
    assert 0 <= images.min() and images.max() <= 255


def test_files_folders_and_lists(tmp_path):
    for index in range(3):
        Image.fromarray(np.full((10, 12, 3), 50 * index, np.uint8)).save(tmp_path / f"{index}.png")
    (tmp_path / "notes.txt").write_text("not an image")
    assert load_images(tmp_path, size=8).shape == (3, 8, 8, 3)
    assert load_images(str(tmp_path / "1.png"), size=8).mean() == pytest.approx(50.0)
    assert load_images([tmp_path / "2.png", np.zeros((5, 5))], size=8).shape == (2, 8, 8, 3)


@pytest.mark.parametrize("bad, message", [
    (np.zeros(5), r"shape \(5,\)"), (np.zeros((2, 3, 4, 5, 3)), r"shape \(2, 3, 4, 5, 3\)"),
    (np.zeros((8, 8, 2)), r"shape \(8, 8, 2\).*2 channels"), (np.full((4, 4), -2.0), "run from -2"),
    (np.full((4, 4), 300.0), "to 300"), (np.full((4, 4), np.nan), "NaN"),
    (np.zeros((4, 4), bool), "integers or floats, not bool"), ({"a": 1}, "images={'a': 1} cannot be used"),
    (42, "images=42 cannot be used"),
])
def test_rejected_inputs_name_what_they_got(bad, message):
    with pytest.raises(ValueError, match=message):
        load_images(bad)


def test_empty_folder_and_non_image_file(tmp_path):
    with pytest.raises(ValueError, match="holds no images"):
        load_images(tmp_path)
    (tmp_path / "fake.png").write_text("hello")
    with pytest.raises(ValueError, match="fake.png is damaged"):
        load_images(tmp_path / "fake.png")


@settings(max_examples=60, deadline=None)
@given(shape=st.lists(st.integers(1, 6), min_size=1, max_size=5),
       dtype=st.sampled_from(["uint8", "int32", "float32", "float64", "bool", "complex64"]),
       high=st.sampled_from([1.0, 255.0, 300.0]))
def test_property_every_array_is_accepted_or_refused_clearly(shape, dtype, high):
    array = (np.linspace(0, high, int(np.prod(shape))).reshape(shape)).astype(dtype)
    layout_ok = len(shape) in (2, 3, 4) and (len(shape) == 2 or shape[-1] in (1, 3, 4))
    spatial = shape if len(shape) == 2 else shape[-3:-1] if len(shape) == 4 else shape[:2]
    numeric = dtype in ("uint8", "int32", "float32", "float64")
    in_range = float(array.max()) <= 255 if numeric else False
    expected_ok = layout_ok and numeric and in_range and min(spatial) >= 2
    try:
        images = load_images(array, size=8)
    except ValueError as error:
        assert not expected_ok, f"refused a valid array: {error}"
        assert str(error)
        return
    assert expected_ok
    assert images.shape[1:] == (8, 8, 3) and images.dtype == np.float32
    assert 0 <= images.min() and images.max() <= 255


def test_keras_code_of_specs_is_valid_python():
    code = keras_code(concrete_specs(DEFAULTS | {"rotation_range": 10.0}, (64, 64)))
    namespace = {}
    exec(code, namespace)
    assert isinstance(namespace["augmentation"], keras.Sequential)
