"""Images for the preview: scikit-learn's sample photographs by default, or the
learner's arrays, files or folder, as one float32 batch (N, size, size, 3) in [0, 255].

Everything is checked before it is decoded or copied: an image file's size is read
from its header (PIL opens lazily) and refused above ``MAX_SOURCE_PIXELS``; an array's
layout, dtype, values and size likewise; only the first ``limit`` images are read.
Float pixels are read as [0, 1], [-1, 1] (``preprocess_input``'s "tf" mode) or
[0, 255] by where the values lie (see :func:`pixel_scale`); the few values outside the
chosen range are clipped and the preview says so in one line.
"""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from PIL import Image, UnidentifiedImageError

from .._arguments import BadArgument, shorten
from .._files import corrupt, read_bytes

OWNER = "augment_preview"
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp", ".tif", ".tiff")
ACCEPTED = ("an array of shape (H, W), (H, W, C) or (N, H, W, C) with C = 1 (grey), 3 (RGB) or "
            "4 (RGBA), uint8 in [0, 255] or float in [0, 1], [-1, 1] or [0, 255]; an image file path; "
            "a folder of images; or a list of these")
MAX_SOURCE_PIXELS = 4096 * 4096  # one source image: 48 MB as RGB bytes, 200 MB as float32
MAX_FILE_BYTES = 100 * 2**20
OUTSIDE_SHARE = 0.01  # at most 1% of values outside the chosen range are clipped; more is refused
REMEDY = "Save it again from an image program, or pass another file."
Square = np.ndarray  # (size, size, 3) float32 in [0, 255]


def sample_images() -> list[np.ndarray]:
    """The photographs that ship with scikit-learn (a temple in China, a flower): no download."""
    from sklearn.datasets import load_sample_images

    return list(load_sample_images().images)


def _square(image: np.ndarray, size: int) -> Square:
    """Centre-crop a uint8 RGB image (H, W, 3) to a square and resize it to size x size."""
    height, width = image.shape[:2]
    side = min(height, width)
    top, left = (height - side) // 2, (width - side) // 2
    resized = Image.fromarray(image[top:top + side, left:left + side]).resize((size, size), Image.BILINEAR)
    return np.asarray(resized, dtype=np.float32)


# ---- arrays ------------------------------------------------------------------------------------
def _refuse_array(array: np.ndarray, problem: str) -> BadArgument:
    return BadArgument(f"{OWNER}: images of shape {array.shape} and dtype {array.dtype} cannot be used: "
                       f"{problem}. images must be {ACCEPTED}.")


def _batch(array: np.ndarray) -> np.ndarray:
    """``array`` as (N, H, W, C), refused when it is no image layout or too large."""
    if array.dtype.kind not in "uif":
        raise _refuse_array(array, f"pixels must be integers or floats, not {array.dtype}")
    if array.ndim not in (2, 3, 4):
        raise _refuse_array(array, f"{array.ndim} dimensions is no image layout")
    batch = array[None, ..., None] if array.ndim == 2 else array[None] if array.ndim == 3 else array
    if batch.shape[-1] not in (1, 3, 4):
        hint = " (a batch of grey images (N, H, W) needs a channel axis: images[..., None])" \
            if array.ndim == 3 else ""
        raise _refuse_array(array, f"{batch.shape[-1]} channels; use 1, 3 or 4{hint}")
    if not len(batch) or min(batch.shape[1:3]) < 2:
        raise _refuse_array(array, "there must be at least one image of at least 2 x 2 pixels")
    pixels = batch.shape[1] * batch.shape[2]
    if pixels > MAX_SOURCE_PIXELS:
        raise _refuse_array(array, f"each image has {pixels:,} pixels, about {pixels * 12 / 2**20:,.0f} MB "
                                   f"as float32 RGB; the preview takes at most {MAX_SOURCE_PIXELS:,} pixels "
                                   "an image: resize first")
    return batch


def pixel_scale(values: np.ndarray) -> tuple[float, float]:
    """The range ``values`` were written in: (0, 1), (-1, 1) or (0, 255).

    Integers are always [0, 255]. Floats are [0, 1] when at most 1% of them exceed 1 (one
    pixel at 1.0001 does not turn a [0, 1] image into a black [0, 255] one), [-1, 1] when
    more than 1% are below 0 too, and [0, 255] when more than 1% exceed 1.
    """
    if values.dtype.kind != "f":
        return 0.0, 255.0
    count = values.size
    if np.count_nonzero(values > 1.0) > OUTSIDE_SHARE * count:
        return 0.0, 255.0
    return (-1.0, 1.0) if np.count_nonzero(values < 0.0) > OUTSIDE_SHARE * count else (0.0, 1.0)


def _to_bytes(array: np.ndarray, batch: np.ndarray) -> tuple[list[np.ndarray], str | None]:
    """Each image of ``batch`` as uint8 RGB, and a note when values outside its range were clipped."""
    finite = np.isfinite(batch) if batch.dtype.kind == "f" else np.True_
    if not np.all(finite):
        bad = int(batch.size - np.count_nonzero(finite))
        raise _refuse_array(array, f"{bad:,} values are NaN or infinite")
    low, high = pixel_scale(batch)
    outside = int(np.count_nonzero((batch < low) | (batch > high)))
    if batch.dtype.kind in "iu" and outside:
        raise _refuse_array(array, f"integer pixels run from {batch.min()} to {batch.max()}, not 0 to 255 "
                                   "(16-bit images: divide by 257 and convert to uint8 first)")
    if outside > OUTSIDE_SHARE * batch.size:
        raise _refuse_array(array, f"pixel values run from {float(batch.min()):g} to {float(batch.max()):g}, "
                                   "which fits none of [0, 1], [-1, 1] and [0, 255] (an image after a "
                                   "model's preprocess_input? pass the image before it)")
    images = []
    for image in batch:
        values = (np.clip(image.astype(np.float32), low, high) - low) * (255.0 / (high - low))
        if values.shape[-1] == 1:
            values = np.repeat(values, 3, axis=-1)
        elif values.shape[-1] == 4:  # RGBA: composite over white
            alpha = values[..., 3:] / 255.0
            values = values[..., :3] * alpha + 255.0 * (1 - alpha)
        images.append(np.round(values).astype(np.uint8))
    scale = f"[{low:g}, {high:g}]"
    note = f"{outside:,} pixel value{'s' if outside > 1 else ''} outside {scale} clipped" if outside else None
    return images, note


def _from_array(array: np.ndarray, limit: int) -> tuple[list[np.ndarray], str | None]:
    """One array (any accepted layout, dtype and range) -> its first ``limit`` images as uint8 RGB."""
    return _to_bytes(array, _batch(array)[:limit])


# ---- files -------------------------------------------------------------------------------------
def _too_large(where: str, width: int, height: int) -> BadArgument:
    return BadArgument(f"{OWNER}: {where} is {width:,} x {height:,} pixels ({width * height:,}); images "
                       f"must have at most {MAX_SOURCE_PIXELS:,} pixels (4096 x 4096), or decoding alone "
                       "could fill the memory. Make a smaller copy first "
                       "(PIL: image.thumbnail((1024, 1024))).")


DECODING_ERRORS = (OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombError)


def _decode(content: bytes, where: str, path: Path | None) -> np.ndarray:
    """Image bytes -> uint8 RGB (H, W, 3); the size is checked from the header before decoding."""
    def damaged(error: Exception | None) -> Exception:
        if isinstance(error, Image.DecompressionBombError):
            return BadArgument(f"{OWNER}: {where} claims an enormous size ({error}); images must have at "
                               f"most {MAX_SOURCE_PIXELS:,} pixels.")
        if error is None:
            detail = "it is empty"
        elif isinstance(error, UnidentifiedImageError):
            detail = "not an image PIL can read"
        else:
            detail = f"it cannot be decoded: {str(error)[:80]}"
        if path is not None:
            return corrupt(path, "the image file", detail, REMEDY)
        return BadArgument(f"{OWNER}: {where} cannot be used: {detail}. Upload a PNG, JPEG, GIF, BMP, "
                           "WebP or TIFF image.")

    if not content:
        raise damaged(None)
    try:
        image = Image.open(io.BytesIO(content))  # reads the header only
    except DECODING_ERRORS as error:
        raise damaged(error) from None
    with image:
        width, height = image.size
        if width * height > MAX_SOURCE_PIXELS:
            raise _too_large(where, width, height)
        try:
            return np.asarray(image.convert("RGB"), dtype=np.uint8)
        except DECODING_ERRORS as error:  # truncated or damaged after the header
            raise damaged(error) from None


def _from_file(path: Path) -> np.ndarray:
    """An image file -> uint8 RGB; missing, unreadable and damaged files each say so, with the path."""
    try:
        length = path.stat().st_size
    except OSError:
        length = 0  # read_bytes says what is wrong
    if length > MAX_FILE_BYTES:
        raise BadArgument(f"{OWNER}: the image file {path} is {length / 2**20:,.0f} MB; image files must be "
                          f"at most {MAX_FILE_BYTES // 2**20} MB. Make a smaller copy first.")
    return _decode(read_bytes(path, "the image file"), f"the image file {path}", path)


def _from_path(path: Path, limit: int) -> list[np.ndarray]:
    """A file, or the first ``limit`` images of a folder (in name order)."""
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES and p.is_file())
        if not files:
            raise BadArgument(f"{OWNER}: the folder {path} holds no images ({', '.join(IMAGE_SUFFIXES)}); "
                              f"images must be {ACCEPTED}.")
        return [_from_file(file) for file in files[:limit]]
    return [_from_file(path)]


def decode_upload(content: bytes) -> np.ndarray:
    """An uploaded file's bytes -> HWC RGB uint8 (refused when not an image or too large)."""
    return _decode(bytes(content), "the uploaded file", None)


def image_from_bytes(content: bytes) -> np.ndarray:
    """An uploaded file's bytes -> HWC RGB float [0, 255] (refused when not an image or too large)."""
    return decode_upload(content).astype(np.float32)


# ---- everything --------------------------------------------------------------------------------
def _as_array(item: object) -> np.ndarray | None:
    """``item`` as an array when it is one (numpy, a tensor, a PIL image), else None."""
    if isinstance(item, np.ndarray):
        return item
    if isinstance(item, Image.Image) or hasattr(item, "__array__"):
        try:
            return np.asarray(item)
        except Exception:  # noqa: BLE001  (a foreign object whose conversion fails is simply not an array)
            return None
    return None


def _read(item: object, limit: int) -> tuple[list[np.ndarray], str | None]:
    """One item (array, path or image) -> up to ``limit`` uint8 RGB images and an optional note."""
    if isinstance(item, (str, os.PathLike)) and os.fspath(item).strip():
        return _from_path(Path(item), limit), None
    array = _as_array(item)
    if array is not None:
        return _from_array(array, limit)
    raise BadArgument(f"{OWNER}: images={shorten(item)} cannot be used; images must be {ACCEPTED}.")


def read_images(images=None, size: int = 128, limit: int = 9) -> tuple[np.ndarray, str | None]:
    """The preview's source images as float32 (N, size, size, 3) in [0, 255] (the first ``limit``),
    and a one-line note when pixel values were clipped (None otherwise)."""
    if images is None:
        found, notes = sample_images(), []
    elif isinstance(images, Sequence) and not isinstance(images, (str, bytes, bytearray)):
        if not images:
            raise BadArgument(f"{OWNER}: images=[] cannot be used; images must be {ACCEPTED}.")
        found, notes = [], []
        for item in images:
            if len(found) >= limit:
                break
            more, note = _read(item, limit - len(found))
            found += more
            notes += [note] if note else []
    else:
        found, note = _read(images, limit)
        notes = [note] if note else []
    squares = np.stack([_square(image, size) for image in found[:limit]])
    return squares, "; ".join(notes) or None


def load_images(images=None, size: int = 128, limit: int = 9) -> np.ndarray:
    """The preview's source images as float32 (N, size, size, 3) in [0, 255] (at most ``limit``)."""
    return read_images(images, size, limit)[0]
