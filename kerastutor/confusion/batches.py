"""Predictions for many samples, a batch at a time, within a memory budget. Pure computation."""

from __future__ import annotations

import numpy as np

from .._quiet import import_keras
from ..inspector.activations import MemoryBudgetExceeded, layer_taps
from ..inspector.graph import NotAGraphModel

keras = import_keras()

MAX_BATCH = 1_024
UNKNOWN_MODEL_BATCH = 32  # a subclassed model's layer outputs cannot be sized beforehand
WORKING_COPIES = 3  # a layer's input, its output and a temporary, alive at once


def _sample_megabytes(shape: tuple, dtype: str) -> float:
    size = 8 if dtype == "string" else np.dtype(dtype).itemsize
    return float(np.prod([d or 1 for d in shape[1:]])) * size / 2**20


def shown_mb(size: float) -> str:
    """``495.3`` -> ``"495 MB"``; ``0.0191`` -> ``"0.019 MB"``."""
    return f"{size:,.0f} MB" if size >= 10 else f"{size:.2g} MB"


def batch_size(model, budget_mb: float) -> int:
    """How many samples go through ``model`` at once so that its largest layer output stays well within
    ``budget_mb`` (the largest output of one sample over the budget is refused)."""
    try:
        largest = max((_sample_megabytes(t.shape, t.dtype) for t in layer_taps(model)), default=0.0)
    except NotAGraphModel:
        return UNKNOWN_MODEL_BATCH
    if largest * WORKING_COPIES > budget_mb:
        raise MemoryBudgetExceeded(
            f"one sample goes through a layer output of about {shown_mb(largest)} in this model, over the "
            f"budget of {shown_mb(budget_mb)} once copies are counted. Raise budget_mb.")
    return int(max(1, min(MAX_BATCH, budget_mb // max(largest * WORKING_COPIES, 1e-9))))


def predict(model, arrays: list[np.ndarray], budget_mb: float) -> np.ndarray:
    """The model's output for every sample of ``arrays`` (one array per model input), in inference mode,
    a batch at a time; the model and its weights are left unchanged."""
    size = batch_size(model, budget_mb)
    count = len(arrays[0])
    parts = []
    for start in range(0, count, size):
        chunk = [array[start:start + size] for array in arrays]
        output = model(chunk[0] if len(chunk) == 1 else chunk, training=False)
        if isinstance(output, (list, tuple, dict)):
            raise ValueError("this model has several outputs; give a classifier with one output.")
        parts.append(keras.ops.convert_to_numpy(output))
    return np.concatenate(parts)
