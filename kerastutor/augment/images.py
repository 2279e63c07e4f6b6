"""Images for the preview: scikit-learn's sample photographs by default, or the
learner's arrays, files or folder, as one float32 batch (N, size, size, 3) in [0, 255]."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from PIL import Image

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp", ".tif", ".tiff")
ACCEPTED = ("an array of shape (H, W), (H, W, C) or (N, H, W, C) with C = 1 (grey), 3 (RGB) or "
            "4 (RGBA), uint8 in [0, 255] or float in [0, 1] or [0, 255]; an image file path; a "
            "folder of images; or a list of these")


def sample_images() -> list[np.ndarray]:
    """The photographs that ship with scikit-learn (a temple in China, a flower): no download."""
    from sklearn.datasets import load_sample_images

    return list(load_sample_images().images)


def _square(image: np.ndarray, size: int) -> np.ndarray:
    """Centre-crop to a square and resize to size x size (RGB, float32, [0, 255])."""
    height, width = image.shape[:2]
    side = min(height, width)
    top, left = (height - side) // 2, (width - side) // 2
    cropped = np.clip(image[top:top + side, left:left + side], 0, 255).astype(np.uint8)
    resized = Image.fromarray(cropped).resize((size, size), Image.BILINEAR)
    return np.asarray(resized, dtype=np.float32)


def _from_array(array: np.ndarray) -> list[np.ndarray]:
    """One array (any accepted layout, dtype and range) -> list of HWC RGB float [0, 255]."""
    if not (np.issubdtype(array.dtype, np.integer) or np.issubdtype(array.dtype, np.floating)):
        raise ValueError(f"images must be integers or floats; got dtype {array.dtype}. Accepted: {ACCEPTED}.")
    if array.ndim == 2:
        array = array[..., None]
    if array.ndim == 3:
        array = array[None]
    if array.ndim != 4 or array.shape[-1] not in (1, 3, 4) or min(array.shape[1:3]) < 2 or not len(array):
        raise ValueError(f"cannot use an array of shape {array.shape} (dtype {array.dtype}) as images. "
                         f"Accepted: {ACCEPTED}.")
    values = array.astype(np.float32)
    if not np.isfinite(values).all():
        raise ValueError("the images contain NaN or infinite values.")
    low, high = float(values.min()), float(values.max())
    if low < 0 or high > 255:
        raise ValueError(f"pixel values run from {low:g} to {high:g}; use [0, 1] or [0, 255].")
    if np.issubdtype(array.dtype, np.floating) and high <= 1.0:
        values = values * 255.0
    if values.shape[-1] == 1:
        values = np.repeat(values, 3, axis=-1)
    elif values.shape[-1] == 4:  # RGBA: composite over white
        alpha = values[..., 3:] / 255.0
        values = values[..., :3] * alpha + 255.0 * (1 - alpha)
    return list(values)


def _from_file(path: Path) -> list[np.ndarray]:
    try:
        with Image.open(path) as image:
            return [np.asarray(image.convert("RGB"), dtype=np.float32)]
    except (OSError, ValueError) as error:
        raise ValueError(f"cannot read {str(path)!r} as an image ({error}).") from None


def _from_path(path: Path) -> list[np.ndarray]:
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
        if not files:
            raise ValueError(f"the folder {str(path)!r} holds no images ({', '.join(IMAGE_SUFFIXES)}).")
        return [image for file in files for image in _from_file(file)]
    if not path.exists():
        raise ValueError(f"no file or folder {str(path)!r}.")
    return _from_file(path)


def image_from_bytes(content: bytes) -> np.ndarray:
    """An uploaded file's bytes -> HWC RGB float [0, 255]."""
    try:
        with Image.open(io.BytesIO(content)) as image:
            return np.asarray(image.convert("RGB"), dtype=np.float32)
    except (OSError, ValueError) as error:
        raise ValueError(f"the uploaded file is not an image ({error}).") from None


def load_images(images=None, size: int = 128, limit: int = 9) -> np.ndarray:
    """The preview's source images as float32 (N, size, size, 3) in [0, 255] (at most ``limit``)."""
    if images is None:
        found = sample_images()
    elif isinstance(images, (str, Path)):
        found = _from_path(Path(images))
    elif isinstance(images, np.ndarray):
        found = _from_array(images)
    elif isinstance(images, Sequence) and images and not isinstance(images, (bytes, bytearray)):
        found = [image for item in images for image in load_images_raw(item)]
    else:
        raise ValueError(f"cannot use {type(images).__name__} {images!r:.60} as images. "
                         f"Accepted: {ACCEPTED}.")
    return np.stack([_square(image, size) for image in found[:limit]])


def load_images_raw(item) -> list[np.ndarray]:
    """One item of a list given to ``load_images``: an array or a path."""
    if isinstance(item, (str, Path)):
        return _from_path(Path(item))
    if isinstance(item, np.ndarray):
        return _from_array(item)
    raise ValueError(f"cannot use {type(item).__name__} {item!r:.60} as an image. Accepted: {ACCEPTED}.")
