"""``load_pretrained``: a ``keras.applications`` model with ImageNet weights, a local weights
file or random weights; never a hang, never a silent substitute."""

from __future__ import annotations

import contextlib
import io
import time

import numpy as np

from .._network import GOOGLE_STORAGE, host_reachable, is_download_failure, stall_timeout
from .._quiet import import_keras
from .catalogue import CATALOGUE, ModelRecord, record

DEFAULT_BUDGET_MB = 1536.0
DOWNLOAD_STALL_SECONDS = 8.0  # a blocked network fails within this, not after minutes
TENSORFLOW_OVERHEAD_MB = 150.0
MEASURED_MS: dict[str, float] = {}  # model name -> measured CPU ms per image, this session
_warned: set[str] = set()


class WeightsUnavailable(RuntimeError):
    """The ImageNet weights are neither in the Keras cache nor downloadable from here."""


class ModelTooLarge(ValueError):
    """Loading the model would exceed the memory budget."""


def estimated_mb(model: ModelRecord) -> float | None:
    """Memory to load and run the model: its weights twice (the file is read while the
    model holds its own copy) plus TensorFlow's working space. None when the size is unpublished."""
    return None if model.size_mb is None else 2 * model.size_mb + TENSORFLOW_OVERHEAD_MB


def smaller_alternative(budget_mb: float) -> ModelRecord:
    """The most accurate model whose estimate fits ``budget_mb``."""
    fitting = [r for r in CATALOGUE if r.top1 is not None and (estimated_mb(r) or 1e12) <= budget_mb]
    return max(fitting, key=lambda r: r.top1) if fitting else min(
        (r for r in CATALOGUE if r.size_mb), key=lambda r: r.size_mb)


def check_memory(model: ModelRecord, budget_mb: float) -> None:
    """Refuse, before building anything, a model whose estimate exceeds the budget."""
    need = estimated_mb(model)
    if need is not None and need > budget_mb:
        other = smaller_alternative(budget_mb)
        raise ModelTooLarge(
            f"{model.name} needs about {need:,.0f} MB to load, over the budget of {budget_mb:,.0f} MB. "
            f"Try {other.name} ({other.size_mb:g} MB of weights, top-1 {other.top1:.1%}), or pass "
            "force=True (a Binder session has 2 GB in all).")


def load_pretrained(name: str, weights: str | None = "imagenet", fallback: str | None = None, *,
                    budget_mb: float = DEFAULT_BUDGET_MB, force: bool = False, **kwargs):
    """Build ``keras.applications.<name>`` with ``weights``: ``"imagenet"`` (downloaded once into the
    Keras cache, with a progress bar), a path to a local weights file, or None (random).

    Offline or blocked, ImageNet weights raise :class:`WeightsUnavailable` within seconds; with
    ``fallback="random"`` the architecture comes back with random weights and a one-line notice.
    ``kwargs`` go to the Keras constructor (``include_top``, ``input_shape``, ``classes``...).
    """
    model_record = record(name)
    if fallback not in (None, "random"):
        raise ValueError(f"fallback={fallback!r}: use None (raise) or 'random' (random weights, said so).")
    if not force:
        check_memory(model_record, budget_mb)
    keras = import_keras()
    build = getattr(keras.applications, model_record.name)
    if weights != "imagenet":
        return build(weights=weights, **kwargs)
    # Keras announces a download before it tries one; where the host cannot be reached that line
    # would only precede our own, so it is kept back (a cached file loads without printing anything)
    offline = not host_reachable(GOOGLE_STORAGE)
    try:
        with stall_timeout(DOWNLOAD_STALL_SECONDS), \
                contextlib.redirect_stdout(io.StringIO()) if offline else contextlib.nullcontext():
            return build(weights="imagenet", **kwargs)
    except Exception as error:  # noqa: BLE001  (Keras raises a bare Exception for fetch failures)
        if not is_download_failure(error):
            raise
        first_line = str(error).splitlines()[0][:200] if str(error) else type(error).__name__
        message = (f"ImageNet weights for {model_record.name} are not in the Keras cache and cannot be "
                   f"downloaded here ({first_line}).")
        if fallback is None:
            raise WeightsUnavailable(message + " Pass fallback='random' to get the architecture with random "
                                     "weights, or weights='path/to/file.h5' for a local copy.") from None
    if model_record.name not in _warned:
        _warned.add(model_record.name)
        print(f"kerastutor: {message} Using random weights: its predictions mean nothing.")
    return build(weights=None, **kwargs)


def measure_inference(model, name: str | None = None, runs: int = 5) -> float:
    """Median CPU milliseconds to predict one image with ``model``; remembered for the catalogue
    under ``name`` (the catalogue name; the model's own name by default)."""
    shape = tuple(model.inputs[0].shape[1:])
    image = np.random.default_rng(0).uniform(0, 255, size=(1, *shape)).astype("float32")
    model.predict_on_batch(image)  # warm-up: graph building
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        model.predict_on_batch(image)
        times.append((time.perf_counter() - started) * 1000)
    milliseconds = float(np.median(times))
    MEASURED_MS[name or model.name] = milliseconds
    return milliseconds
