"""The preview grid: originals first (framed), then the augmented versions, and how large it may be.

Composed with numpy and encoded as JPEG: these are photographs, and JPEG keeps a
3 x 3 grid near 50 KB where PNG needs 300 KB (in the widget and in saved notebooks).
"""

from __future__ import annotations

import io
import math

import numpy as np
from PIL import Image

from .._arguments import BadArgument, integer
from .images import OWNER

GAP, FRAME = 4, 3
FRAME_COLOR = (31, 119, 180)
MIN_SIZE, MAX_SIZE, MAX_CELLS_SIDE = 8, 512, 6
MAX_SOURCES = 9
MEMORY_BUDGET_MB = 400
# Keras's augmentation layers hold about 14 float32 copies of the batch while they work (measured
# with every geometric and colour layer on: 333 MB above the baseline for nine 512 x 512 cells)
WORKING_COPIES = 14


def memory_mb(size: int, cells: int) -> float:
    """Estimated working memory of one redraw: cells x size^2 pixels x 3 channels x 4 bytes x copies."""
    return cells * size * size * 3 * 4 * WORKING_COPIES / 2**20


def largest_size(cells: int) -> int:
    """The largest preview size whose redraw of ``cells`` cells stays within ``MEMORY_BUDGET_MB``."""
    fits = math.isqrt(int(MEMORY_BUDGET_MB * 2**20 / (cells * 3 * 4 * WORKING_COPIES)))
    return max(MIN_SIZE, min(MAX_SIZE, fits))


def check_grid(size: object, rows: object, columns: object) -> tuple[int, int, int]:
    """``size``, ``rows`` and ``columns`` checked, and together within the memory budget."""
    rows = integer(OWNER, "rows", rows, 1, MAX_CELLS_SIDE)
    columns = integer(OWNER, "columns", columns, 1, MAX_CELLS_SIDE)
    size_words = f"a whole number from {MIN_SIZE} to {largest_size(rows * columns)}"
    if isinstance(size, int) and not isinstance(size, bool) and size >= MIN_SIZE:
        estimate = memory_mb(size, rows * columns)
        if size > largest_size(rows * columns):
            raise BadArgument(
                f"{OWNER}: size={size} cannot be used; size must be {size_words} for a {rows} x {columns} "
                f"grid: {rows * columns} cells of {size} x {size} pixels need about {estimate:,.0f} MB "
                f"while the layers work, and the preview allows {MEMORY_BUDGET_MB} MB (pixels x 3 channels "
                f"x 4 bytes x {WORKING_COPIES} working copies x cells).")
    return integer(OWNER, "size", size, MIN_SIZE, largest_size(rows * columns)), rows, columns


def compose_grid(originals: np.ndarray, augmented: np.ndarray, columns: int) -> np.ndarray:
    """uint8 RGB picture: ``originals`` (k, H, W, 3) framed, then ``augmented`` (n, h, w, 3) centred
    in H x W cells (a random crop makes them smaller), ``columns`` cells per row, white between."""
    height, width = originals.shape[1:3]
    cells = list(originals) + list(augmented)
    rows = math.ceil(len(cells) / columns)
    picture = np.full((rows * (height + GAP) - GAP, columns * (width + GAP) - GAP, 3), 255, np.uint8)
    for index, cell in enumerate(cells):
        row, column = divmod(index, columns)
        top, left = row * (height + GAP), column * (width + GAP)
        image = np.clip(np.asarray(cell), 0, 255).astype(np.uint8)[:height, :width]
        dy, dx = (height - image.shape[0]) // 2, (width - image.shape[1]) // 2
        picture[top + dy:top + dy + image.shape[0], left + dx:left + dx + image.shape[1]] = image
        if index < len(originals):
            bottom, right = top + height, left + width
            for edge in (np.s_[top:top + FRAME, left:right], np.s_[bottom - FRAME:bottom, left:right],
                         np.s_[top:bottom, left:left + FRAME], np.s_[top:bottom, right - FRAME:right]):
                picture[edge] = FRAME_COLOR
    return picture


def grid_jpeg(originals: np.ndarray, augmented: np.ndarray, columns: int, quality: int = 85) -> bytes:
    """The grid as JPEG bytes, at its natural size."""
    buffer = io.BytesIO()
    Image.fromarray(compose_grid(originals, augmented, columns)).save(buffer, format="JPEG", quality=quality)
    return buffer.getvalue()
