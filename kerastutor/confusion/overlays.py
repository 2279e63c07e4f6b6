"""Where the model looked when it made each mistake: ``kt.saliency`` heatmaps of the predicted class for
the mistakes shown, computed only for them and kept. Pure computation."""

from __future__ import annotations

import numpy as np

from .._arguments import BadArgument, choice
from ..attribution.compute import CONVOLUTIONS, METHODS
from ..inspector.activations import MemoryBudgetExceeded, layer_taps
from ..inspector.graph import NotAGraphModel

AUTO = "auto"  # Grad-CAM on a model with a convolution, plain gradients on any other
FALLBACK = "gradients"  # for an image whose Grad-CAM map is empty (no evidence at the last convolution)


def check_method(owner: str, value: object) -> str | None:
    """``saliency=``: "auto", one of ``kt.saliency``'s methods, or None (no overlays)."""
    return None if value is None else choice(owner, "saliency", value, (AUTO, *METHODS))


def resolve(model, method: str) -> str:
    """The method "auto" stands for on this model."""
    if method != AUTO:
        return method
    try:
        convolutional = any(type(t.layer).__name__ in CONVOLUTIONS for t in layer_taps(model))
    except NotAGraphModel:
        convolutional = False
    return "grad_cam" if convolutional else "gradients"


class Overlays:
    """Heatmaps for samples of ``images``, explaining the class each was predicted as; computed on first
    request and kept. An image whose Grad-CAM map is empty (all zero: the last convolution holds no evidence
    for that class) gets its plain gradient map instead, so that every mistake shows something; ``methods``
    says which was used for each sample. A model that ``kt.saliency`` cannot explain leaves ``note`` saying
    why (no overlays)."""

    def __init__(self, model, images: np.ndarray, predicted: np.ndarray, method: str,
                 budget_mb: float) -> None:
        self.model, self.images, self.predicted = model, images, predicted
        self.method = resolve(model, method)
        self.budget_mb = budget_mb
        self.note: str | None = None
        self._maps: dict[int, np.ndarray] = {}
        self.methods: dict[int, str] = {}

    def maps(self, indices: np.ndarray) -> np.ndarray | None:
        """One (H, W) heatmap in [0, 1] per index, or None when the model cannot be explained."""
        from ..attribution.compute import saliency

        if self.note is not None or not len(indices):
            return None
        missing = [int(i) for i in indices if int(i) not in self._maps]
        try:
            for method in (self.method, FALLBACK):
                if not missing:
                    break
                found = saliency(self.model, self.images[missing], method=method,
                                 class_index=self.predicted[missing], budget_mb=self.budget_mb)
                for index, heatmap in zip(missing, found):
                    if heatmap.any() or method == FALLBACK:
                        self._maps[index], self.methods[index] = heatmap, method
                missing = [index for index in missing if index not in self._maps]
        except (BadArgument, MemoryBudgetExceeded) as error:
            self.note = f"no saliency overlays: {error}"
            return None
        return np.stack([self._maps[int(i)] for i in indices])

    def used(self, indices: np.ndarray) -> str:
        """The method(s) behind the maps of ``indices``: ``"grad_cam"``, or ``"grad_cam, gradients"``."""
        return ", ".join(dict.fromkeys(self.methods[int(i)] for i in indices if int(i) in self.methods))
