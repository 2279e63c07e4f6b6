"""Bad input to the augmentation preview: every argument, every image kind, every file it reads.

Each row names the exact outcome: the exception class and the words the learner reads (the
argument, its value, what is allowed), or the documented graceful behaviour.
"""

import io
import math
import os
import struct
import zlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from kerastutor import augment_preview
from kerastutor._arguments import BadArgument
from kerastutor._files import FileCorrupt, FileMissing, FileUnreadable
from kerastutor.augment.grid import MEMORY_BUDGET_MB, largest_size, memory_mb
from kerastutor.augment.images import image_from_bytes, load_images, pixel_scale, read_images
from kerastutor.augment.settings import BY_NAME, validate

IMAGE = np.zeros((16, 16, 3), np.uint8)
NAN, INF = float("nan"), float("inf")


def png_claiming(width: int, height: int) -> bytes:
    """A PNG of a few dozen bytes whose header claims ``width`` x ``height`` pixels."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 10))
            + chunk(b"IEND", b""))


def real_png() -> bytes:
    buffer = io.BytesIO()
    pixels = np.random.default_rng(0).integers(0, 256, (40, 40, 3), dtype=np.uint8)
    Image.fromarray(pixels).save(buffer, "PNG")
    return buffer.getvalue()


# ---- every argument of augment_preview: refused before any Keras work -------------------------------
@pytest.mark.parametrize("arguments, fragments", [
    ({"size": 3000}, ["size=3000 cannot be used", "from 8 to 512", "12,978 MB", "allows 400 MB"]),
    ({"size": 512, "rows": 6, "columns": 6}, ["size=512", "from 8 to 263 for a 6 x 6 grid", "1,512 MB"]),
    ({"size": None}, ["size=None", "a whole number from 8 to 512"]),
    ({"size": "big"}, ["size='big'", "a whole number"]),
    ({"size": "128"}, ["size='128'", "a whole number"]),
    ({"size": True}, ["size=True", "a whole number"]),
    ({"size": -5}, ["size=-5", "from 8 to 512"]),
    ({"size": 7}, ["size=7", "from 8 to 512"]),
    ({"size": 64.0}, ["size=64.0", "a whole number"]),
    ({"size": NAN}, ["size=nan", "a whole number"]),
    ({"rows": 0}, ["rows=0", "from 1 to 6"]),
    ({"rows": 7}, ["rows=7", "from 1 to 6"]),
    ({"rows": None}, ["rows=None", "from 1 to 6"]),
    ({"columns": "3"}, ["columns='3'", "a whole number from 1 to 6"]),
    ({"columns": 2.5}, ["columns=2.5", "a whole number"]),
    ({"columns": True}, ["columns=True", "a whole number"]),
    ({"rotation_range": None}, ["rotation_range=None", "a finite number from 0 to 180"]),
    ({"rotation_range": "big"}, ["rotation_range='big'", "from 0 to 180"]),
    ({"rotation_range": "20"}, ["rotation_range='20'", "from 0 to 180"]),
    ({"rotation_range": True}, ["rotation_range=True", "a finite number"]),
    ({"rotation_range": -1}, ["rotation_range=-1", "from 0 to 180"]),
    ({"rotation_range": NAN}, ["rotation_range=nan", "a finite number"]),
    ({"rotation_range": INF}, ["rotation_range=inf", "a finite number"]),
    ({"width_shift_range": 2}, ["width_shift_range=2", "from 0 to 1"]),
    ({"zoom_range": -0.1}, ["zoom_range=-0.1", "from 0 to 1"]),
    ({"zoom_range": [0.5, "a"]}, ["zoom_range=[0.5, 'a']", "a pair [lower, upper]"]),
    ({"zoom_range": [1.2, 0.8]}, ["zoom_range=[1.2, 0.8]", "lower <= upper"]),
    ({"zoom_range": [0.5, 1.0, 1.5]}, ["zoom_range=[0.5, 1.0, 1.5]", "a number or a pair"]),
    ({"zoom_range": None}, ["zoom_range=None", "a number or a pair"]),
    ({"zoom_range": [NAN, 1.0]}, ["zoom_range=[nan, 1.0]", "a pair"]),
    ({"brightness_range": 0.5}, ["brightness_range=0.5", "None or a pair"]),
    ({"brightness_range": ["a", "b"]}, ["brightness_range=['a', 'b']", "0 <= lower <= upper <= 2"]),
    ({"brightness_range": [0.5, 3]}, ["brightness_range=[0.5, 3]", "upper <= 2"]),
    ({"horizontal_flip": "yes"}, ["horizontal_flip='yes'", "True or False"]),
    ({"horizontal_flip": 1}, ["horizontal_flip=1", "True or False"]),
    ({"vertical_flip": None}, ["vertical_flip=None", "True or False"]),
    ({"fill_mode": "mirror"}, ["fill_mode='mirror'", "one of 'nearest', 'constant', 'reflect', 'wrap'"]),
    ({"fill_mode": None}, ["fill_mode=None", "one of 'nearest'"]),
    ({"fill_mode": "NEAREST"}, ["fill_mode='NEAREST'", "one of 'nearest'"]),
    ({"posterization": 3.0}, ["posterization=3.0", "a whole number from 0 to 8"]),
    ({"posterization": 9}, ["posterization=9", "from 0 to 8"]),
    ({"seed": -1}, ["seed=-1", "from 0 to 2,147,483,647"]),
    ({"seed": "0"}, ["seed='0'", "a whole number"]),
    ({"seed": 2**31}, ["seed=2147483648", "to 2,147,483,647"]),
    ({"crop": 0.1}, ["crop=0.1", "from 0.3 to 1"]),
    ({"cval": 300}, ["cval=300", "from 0 to 255"]),
    ({"hue": 1.5}, ["hue=1.5", "from 0 to 1"]),
    ({"rotaton_range": 3}, ["unknown augmentation setting 'rotaton_range'", "Did you mean 'rotation_range'"]),
    ({"horizontalflip": True}, ["unknown augmentation setting 'horizontalflip'", "'horizontal_flip'"]),
    ({"rescale": 1 / 255}, ["unknown augmentation setting 'rescale'", "Known settings: rotation_range"]),
])
def test_every_argument_is_checked_before_anything_is_built(arguments, fragments):
    arguments = {"size": 16, **arguments}
    with pytest.raises(BadArgument) as caught:
        augment_preview(IMAGE, **arguments)
    message = str(caught.value)
    assert message.startswith("augment_preview: ")
    for fragment in fragments:
        assert fragment in message


# ---- images given as arrays -------------------------------------------------------------------------
BROADCAST_HUGE = np.broadcast_to(np.zeros((1, 1, 1), np.uint8), (5000, 5000, 3))  # no memory used


@pytest.mark.parametrize("images, fragments", [
    (np.zeros(5), ["shape (5,)", "1 dimensions is no image layout"]),
    (np.zeros((2, 3, 4, 5, 3)), ["shape (2, 3, 4, 5, 3)", "5 dimensions"]),
    (np.zeros((8, 8, 2)), ["shape (8, 8, 2)", "2 channels; use 1, 3 or 4"]),
    (np.zeros((8, 8, 5)), ["5 channels; use 1, 3 or 4"]),
    (np.zeros((9, 28, 28)), ["28 channels", "images[..., None]"]),
    (np.zeros((0, 8, 8, 3)), ["shape (0, 8, 8, 3)", "at least one image of at least 2 x 2 pixels"]),
    (np.zeros((8, 0, 3)), ["shape (8, 0, 3)", "at least 2 x 2 pixels"]),
    (np.zeros((1, 1, 3)), ["at least 2 x 2 pixels"]),
    (np.full((4, 4), np.nan), ["16 values are NaN or infinite"]),
    (np.full((4, 4, 3), np.inf), ["48 values are NaN or infinite"]),
    (np.zeros((4, 4), bool), ["dtype bool", "integers or floats, not bool"]),
    (np.zeros((4, 4), complex), ["integers or floats, not complex128"]),
    (np.full((4, 4), None), ["integers or floats, not object"]),
    (np.full((4, 4), "a"), ["integers or floats, not <U1"]),
    (np.full((4, 4), 4095, np.uint16), ["integer pixels run from 4095 to 4095", "divide by 257"]),
    (np.full((4, 4), -1, np.int32), ["integer pixels run from -1"]),
    (np.full((4, 4), -2.0), ["run from -2 to -2", "fits none of [0, 1], [-1, 1] and [0, 255]"]),
    (np.linspace(-123.7, 151.1, 48).reshape(4, 4, 3), ["from -123.7 to 151.1", "preprocess_input"]),
    (BROADCAST_HUGE, ["25,000,000 pixels", "at most 16,777,216 pixels an image"]),
])
def test_arrays_that_are_no_images_are_refused_with_their_shape_and_dtype(images, fragments):
    with pytest.raises(BadArgument) as caught:
        load_images(images, size=8)
    message = str(caught.value)
    assert message.startswith("augment_preview: images of shape") and "images must be an array" in message
    for fragment in fragments:
        assert fragment in message


@pytest.mark.parametrize("images, fragment", [
    (42, "images=42 cannot be used"),
    ({"a": 1}, "images={'a': 1} cannot be used"),
    ([], "images=[] cannot be used"),
    (b"\x89PNG", "images=b'\\x89PNG' cannot be used"),
    ("", "images='' cannot be used"),
    ([IMAGE, 42], "images=42 cannot be used"),
    ([[0, 1], [1, 0]], "images=[0, 1] cannot be used"),
])
def test_things_that_are_no_images_are_refused(images, fragment):
    with pytest.raises(BadArgument, match="images must be an array of shape") as caught:
        load_images(images, size=8)
    assert fragment in str(caught.value)


# ---- float images: which scale, decided robustly -----------------------------------------------------
def _single(value: float, rest: float | None = None) -> np.ndarray:
    image = np.full((10, 10, 3), value if rest is None else rest, np.float32)
    image[0, 0, 0] = value
    return image


@pytest.mark.parametrize("image, scale, mean, note", [
    (np.zeros((10, 10, 3), np.float32), (0, 1), 0.0, None),                     # all zeros: black
    (_single(1.0001, 0.5), (0, 1), 128.4, "1 pixel value outside [0, 1] clipped"),  # not read as 0-255
    (np.full((10, 10, 3), 255.0), (0, 255), 255.0, None),                        # white, not clipped
    (np.full((10, 10, 3), 0.5), (0, 1), 127.5, None),
    (np.full((10, 10, 3), -1.0), (-1, 1), 0.0, None),                            # preprocess_input "tf"
    (np.full((10, 10, 3), 0.0) - np.eye(10)[..., None] * 0.5, (-1, 1), 127.5 - 0.1 * 63.75, None),
    (_single(-3.0, 100.0), (0, 255), 100.0 - 100 / 300, "1 pixel value outside [0, 255] clipped"),
    (_single(260.0, 100.0), (0, 255), 100.0 + 155 / 300, "outside [0, 255] clipped"),
])
def test_float_images_are_read_on_the_scale_their_values_show(image, scale, mean, note):
    assert pixel_scale(image) == scale
    squares, said = read_images(image, size=10)
    assert squares.mean() == pytest.approx(mean, abs=0.6)
    assert said == note or (note is not None and note in said)


def test_integer_images_are_always_0_to_255_even_when_dark():
    assert pixel_scale(np.ones((4, 4), np.uint8)) == (0, 255)
    assert read_images(np.ones((4, 4, 3), np.uint8), size=4)[0].max() == 1.0


def test_the_preview_says_in_one_line_that_values_were_clipped():
    preview = augment_preview(_single(1.0001, 0.5), size=16, rows=1, columns=2)
    assert "1 pixel value outside [0, 1] clipped" in preview.message.value
    assert preview.sources.mean() == pytest.approx(128, abs=1)


# ---- every file the preview reads ----------------------------------------------------------------
@pytest.mark.parametrize("content, error, fragments", [
    (None, FileMissing, ["the image file is missing", "photo.png"]),
    (b"", FileCorrupt, ["photo.png is damaged (it is empty)"]),
    (b"hello, not a picture", FileCorrupt, ["photo.png is damaged (not an image PIL can read)"]),
    ("truncated", FileCorrupt, ["photo.png is damaged (it cannot be decoded"]),
    (png_claiming(5000, 5000), BadArgument, ["photo.png is 5,000 x 5,000 pixels (25,000,000)",
                                             "at most 16,777,216 pixels"]),
    (png_claiming(30000, 30000), BadArgument, ["photo.png claims an enormous size",
                                               "900000000 pixels", "at most 16,777,216 pixels"]),
])
def test_image_files_missing_damaged_or_bombs_are_named_with_their_path(tmp_path, content, error, fragments):
    path = tmp_path / "photo.png"
    if content == "truncated":
        content = real_png()[:200]
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(error) as caught:
        augment_preview(path, size=16)
    assert str(tmp_path) in str(caught.value)
    for fragment in fragments:
        assert fragment in str(caught.value)
    assert content is None or path.read_bytes() == content  # never deleted or changed


def test_a_bomb_header_is_refused_before_decoding(tmp_path):
    path = tmp_path / "bomb.png"
    path.write_bytes(png_claiming(30000, 30000))
    assert path.stat().st_size < 200
    with pytest.raises(BadArgument, match="bomb.png"):
        load_images(path)


def test_an_image_below_a_file_is_unreadable(tmp_path):
    (tmp_path / "file.png").write_bytes(real_png())
    with pytest.raises(FileUnreadable, match="the image file cannot be read"):
        load_images(tmp_path / "file.png" / "inner.png")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_devices_and_pipes_are_refused_instead_of_read_for_ever(tmp_path):
    os.mkfifo(tmp_path / "pipe.png")
    for path in (tmp_path / "pipe.png", "/dev/zero"):
        with pytest.raises(FileUnreadable, match="is not a regular file"):
            load_images(path)


def test_a_huge_file_is_refused_by_its_size_without_reading_it(tmp_path):
    path = tmp_path / "huge.png"
    with open(path, "wb") as handle:
        handle.truncate(200 * 2**20)  # sparse: no disk used
    with pytest.raises(BadArgument, match="huge.png is 200 MB; image files must be at most 100 MB"):
        load_images(path)


def test_folders_empty_or_holding_a_damaged_image(tmp_path):
    with pytest.raises(BadArgument, match="holds no images"):
        load_images(tmp_path)
    (tmp_path / "a.png").write_bytes(real_png())
    (tmp_path / "b.png").write_bytes(b"broken")
    with pytest.raises(FileCorrupt, match="b.png is damaged"):
        load_images(tmp_path)


def test_a_folder_of_many_images_reads_only_the_first_nine(tmp_path, monkeypatch):
    for index in range(12):
        (tmp_path / f"{index:02}.png").write_bytes(real_png())
    (tmp_path / "99.png").write_bytes(b"never read")
    assert load_images(tmp_path, size=8).shape == (9, 8, 8, 3)


@pytest.mark.parametrize("content, fragment", [
    (b"", "the uploaded file cannot be used: it is empty"),
    (b"text", "the uploaded file cannot be used: not an image PIL can read"),
    (png_claiming(5000, 5000), "the uploaded file is 5,000 x 5,000 pixels"),
    (png_claiming(30000, 30000), "the uploaded file claims an enormous size"),
])
def test_uploaded_files_are_checked_like_files(content, fragment):
    with pytest.raises(BadArgument, match="augment_preview: ") as caught:
        image_from_bytes(content)
    assert fragment in str(caught.value)


def test_an_upload_that_is_no_image_is_said_in_the_widget_and_keeps_the_images():
    preview = augment_preview(IMAGE, size=16, rows=1, columns=2)
    before = preview.sources.copy()
    preview._on_upload({"new": [{"content": memoryview(b"not an image")}]})
    assert "not an image PIL can read" in preview.message.value
    assert np.array_equal(preview.sources, before)


# ---- the memory estimate and the widget's own controls ----------------------------------------------
def test_the_memory_estimate_bounds_every_grid():
    for cells in range(1, 37):
        size = largest_size(cells)
        assert memory_mb(size, cells) <= MEMORY_BUDGET_MB and 8 <= size <= 512
    assert largest_size(36) == 263 and largest_size(9) == 512
    assert math.isclose(memory_mb(100, 1), 100 * 100 * 3 * 4 * 14 / 2**20)


def test_a_grid_slider_that_would_not_fit_in_memory_is_put_back():
    preview = augment_preview(IMAGE, size=400, rows=1, columns=1)
    preview.rows.value = 6
    assert preview.rows.value == 6
    preview.columns.value = 6
    assert preview.columns.value == 1 and "size=400 cannot be used" in preview.message.value


def test_methods_check_their_arguments_and_keep_the_settings():
    preview = augment_preview(IMAGE, size=16, rows=1, columns=2, rotation_range=10)
    with pytest.raises(BadArgument, match="legacy='yes' cannot be used; legacy must be True or False"):
        preview.to_code(legacy="yes")
    with pytest.raises(BadArgument, match="rotation_range='x'"):
        preview.set(rotation_range="x")
    with pytest.raises(BadArgument, match="unknown augmentation setting 'rotaton'"):
        preview.set(rotaton=3)
    assert preview.params["rotation_range"] == 10.0


# ---- anything at all: a value or a BadArgument, never another exception -----------------------------
ANYTHING = st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12), st.floats(allow_nan=True),
                     st.text(max_size=8), st.lists(st.one_of(st.floats(), st.integers(), st.text(max_size=2)),
                                                   max_size=3))


@settings(max_examples=25, deadline=None)
@given(name=st.sampled_from(sorted(BY_NAME) + ["nonsense", ""]), value=ANYTHING)
def test_property_any_setting_value_is_accepted_or_refused_clearly(name, value):
    try:
        validate(name, value)
    except BadArgument as error:
        assert str(error).startswith("augment_preview: ") and (name in str(error))


@settings(max_examples=25, deadline=None)
@given(content=st.binary(max_size=64))
def test_property_any_uploaded_bytes_give_an_image_or_a_clear_refusal(content):
    try:
        image = image_from_bytes(content)
    except BadArgument as error:
        assert "the uploaded file" in str(error)
    else:
        assert image.ndim == 3 and image.shape[-1] == 3


def test_files_are_never_deleted(tmp_path):
    bad = tmp_path / "bad.jpg"
    bad.write_bytes(b"\xff\xd8 not really")
    with pytest.raises(FileCorrupt):
        load_images(bad)
    assert sorted(os.listdir(tmp_path)) == ["bad.jpg"]
