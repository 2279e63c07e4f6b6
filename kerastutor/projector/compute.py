"""A layer's outputs for many samples, projected to two dimensions (scikit-learn's PCA, or t-SNE on request),
with the model's prediction for each sample. Pure computation."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._arguments import BadArgument
from ..confusion.batches import batch_size, shown_mb
from ..inspector.activations import MemoryBudgetExceeded, Tap, activations, find_taps, layer_taps

METHODS = ("pca", "tsne")
MAX_TSNE = 2_000  # t-SNE takes about a minute for 2,000 samples on one CPU core, and grows faster than n
MIN_SAMPLES = 3


@dataclass(frozen=True)
class Projection:
    """Each sample's place in 2-D, the layer it came from, and what the model said about it."""

    layer: str
    width: int                      # values per sample in that layer's output
    method: str
    points: np.ndarray              # (n, 2)
    predictions: np.ndarray | None  # (n, outputs): the model's output for each sample
    explained: tuple[float, ...]    # PCA: the share of the variance each axis explains; t-SNE: ()


def output_tap(taps: list[Tap], model) -> Tap | None:
    """The tap of the model's own output (None for a model with several outputs)."""
    outputs = list(model.outputs or [])
    if len(outputs) != 1:
        return None
    return next((t for t in taps if t.depth == 0 and t.call.outputs[t.output] is outputs[0]), None)


def penultimate_tap(taps: list[Tap], model, owner: str) -> Tap:
    """The tap that feeds the model's output layer: the last hidden representation (the penultimate layer)."""
    last = output_tap(taps, model)
    feeding = [] if last is None or len(last.call.inputs) != 1 else [
        t for t in taps if t.depth == 0 and t.call.outputs[t.output] is last.call.inputs[0]]
    if not feeding:
        raise BadArgument(f"{owner}: this model's output layer has no single hidden layer before it to "
                          "project; name one with layer=... (kerastutor.layer_taps(model) lists them).")
    return feeding[0]


def choose_tap(model, layer: object, owner: str) -> tuple[list[Tap], Tap]:
    """Every tap of ``model`` and the one to project: ``layer`` (a name, ``outer/inner``, or a Layer) or
    by default the penultimate layer."""
    taps = layer_taps(model)
    if layer is None:
        return taps, penultimate_tap(taps, model, owner)
    found = find_taps(taps, layer, owner, "layer")
    return taps, found[0]


def check_size(tap: Tap, count: int, budget_mb: float) -> None:
    """Refuse, before computing, a layer output for ``count`` samples that exceeds the budget."""
    width = int(np.prod([d or 1 for d in tap.shape[1:]]))
    megabytes = count * width * 4 / 2**20
    if megabytes > budget_mb:
        raise MemoryBudgetExceeded(
            f"layer {tap.name!r} outputs {width:,} values per sample: about {shown_mb(megabytes)} for "
            f"{count:,} samples, over the budget of {shown_mb(budget_mb)}. Pass fewer samples, choose a "
            "smaller layer (layer=...), or raise budget_mb.")


def read_outputs(model, arrays: list[np.ndarray], tap: Tap, last: Tap | None, budget_mb: float
                 ) -> tuple[np.ndarray, np.ndarray | None]:
    """The layer's outputs (flattened to one row per sample, float32) and the model's predictions, in one
    pass a batch at a time."""
    wanted = [tap.name] + ([last.name] if last is not None and last.name != tap.name else [])
    size = batch_size(model, budget_mb)
    count = len(arrays[0])
    features, predictions = [], []
    for start in range(0, count, size):
        chunk = [array[start:start + size] for array in arrays]
        batch = chunk[0] if len(chunk) == 1 else chunk
        values = activations(model, batch, layers=wanted, budget_mb=budget_mb)
        features.append(np.asarray(values[tap.name], dtype=np.float32).reshape(len(chunk[0]), -1))
        if last is not None:
            predictions.append(np.asarray(values[last.name], dtype=np.float32).reshape(len(chunk[0]), -1))
    return np.concatenate(features), (np.concatenate(predictions) if predictions else None)


def project(features: np.ndarray, method: str, seed: int) -> tuple[np.ndarray, tuple[float, ...]]:
    """``features`` (n, d) as (n, 2) points, and for PCA the share of variance each axis explains."""
    if features.shape[1] == 1:  # one value per sample: the line it lies on
        features = np.concatenate([features, np.zeros_like(features)], axis=1)
    if method == "pca":
        from sklearn.decomposition import PCA

        solver = "randomized" if features.shape[1] > 50 else "full"
        pca = PCA(n_components=2, random_state=seed, svd_solver=solver)
        points = pca.fit_transform(features)
        return points.astype(np.float32), tuple(float(v) for v in pca.explained_variance_ratio_)
    from sklearn.manifold import TSNE

    perplexity = float(min(30, max(2, (len(features) - 1) // 3)))
    tsne = TSNE(n_components=2, random_state=seed, init="pca", perplexity=perplexity)
    points = tsne.fit_transform(features)
    return points.astype(np.float32), ()


def nearest(points: np.ndarray, x: float, y: float) -> int:
    """The index of the point nearest to (x, y), distances measured relative to each axis' spread."""
    scale = points.std(axis=0)
    scale[scale == 0] = 1.0
    return int(np.argmin((((points - (x, y)) / scale) ** 2).sum(axis=1)))
