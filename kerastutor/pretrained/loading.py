"""``load_pretrained``: a ``keras.applications`` model with ImageNet weights, a local weights
file or random weights; never a hang, never a silent substitute.

Every argument is checked before a model is built: the name, ``weights=`` (``"imagenet"``,
None or a weights file that exists, is a file, is not empty and opens), ``fallback=``,
``budget_mb=``, ``force=`` and each keyword against the Keras constructor's own signature.
ImageNet weights already in the Keras cache (``$KERAS_HOME/models``) are checked the same way
and load without probing the network; a damaged cached file is reported with its path and is
never deleted nor replaced by random weights, even with ``fallback="random"``.
"""

from __future__ import annotations

import contextlib
import difflib
import inspect
import io
import os
import time
from pathlib import Path

import numpy as np

from .._arguments import BadArgument, choice, flag, integer, is_real_number, number, refuse
from .._files import FileMissing, FileUnreadable, corrupt
from .._network import GOOGLE_STORAGE, host_reachable, is_download_failure, keras_cache_dir, stall_timeout
from .._quiet import import_keras
from .._text import shown_path
from .catalogue import CATALOGUE, ModelRecord, record

OWNER = "load_pretrained"
DEFAULT_BUDGET_MB = 1536.0
DOWNLOAD_STALL_SECONDS = 8.0  # a blocked network fails within this, not after minutes
TENSORFLOW_OVERHEAD_MB = 150.0
WEIGHT_SUFFIXES = (".h5", ".hdf5", ".keras")
MEASURED_MS: dict[str, float] = {}  # model name -> measured CPU ms per image, this session
_warned: set[str] = set()


class WeightsUnavailable(RuntimeError):
    """The ImageNet weights are neither in the Keras cache nor downloadable from here."""


class ModelTooLarge(ValueError):
    """Loading the model would exceed the memory budget."""


# ---- the memory guard ---------------------------------------------------------------------------
def estimated_mb(model: ModelRecord) -> float:
    """Memory to load and run the model: its weights twice (the file is read while the model holds
    its own copy) plus TensorFlow's working space. Weights are published sizes, or parameters x 4
    bytes where keras.io publishes none (MobileNetV3, ConvNeXt)."""
    return 2 * model.weights_mb + TENSORFLOW_OVERHEAD_MB


def budget(owner: str, value: object) -> float:
    """``budget_mb`` checked: a finite number of megabytes above 0 (NaN would turn every guard off)."""
    try:
        return number(owner, "budget_mb", value, 0, low_open=True)
    except BadArgument:
        raise refuse(owner, "budget_mb", value, "a finite number of megabytes above 0") from None


def smaller_alternative(budget_mb: float, instead_of: ModelRecord | None = None) -> ModelRecord | None:
    """The most accurate other model whose estimate fits ``budget_mb``; None when none fits."""
    fitting = [r for r in CATALOGUE if r is not instead_of and estimated_mb(r) <= budget_mb]
    return max(fitting, key=lambda r: (r.top1 or 0, -r.weights_mb), default=None)


def _weights_words(model: ModelRecord) -> str:
    if model.weights_computed:
        return f"about {model.weights_mb:,.0f} MB of weights, computed"
    return f"{model.size_mb:g} MB of weights"


def check_memory(model: ModelRecord, budget_mb: float) -> None:
    """Refuse, before building anything, a model whose estimate exceeds the budget."""
    budget_mb = budget("check_memory", budget_mb)
    need = estimated_mb(model)
    if need <= budget_mb:
        return
    head = f"{model.name} needs about {need:,.0f} MB to load, over the budget of {budget_mb:,.0f} MB. "
    other = smaller_alternative(budget_mb, model)
    if other is None:
        smallest = min(CATALOGUE, key=estimated_mb)
        raise ModelTooLarge(head + f"No catalogue model fits in {budget_mb:,.0f} MB ({smallest.name}, the "
                            f"smallest, needs about {estimated_mb(smallest):,.0f} MB); raise budget_mb, or "
                            "pass force=True.")
    accuracy = f", top-1 {other.top1:.1%}" if other.top1 is not None else ""
    raise ModelTooLarge(head + f"Try {other.name} ({_weights_words(other)}{accuracy}), or pass "
                        "force=True (a Binder session has 2 GB in all).")


# ---- arguments ----------------------------------------------------------------------------------
def constructor_options(build, kwargs: dict[str, object]) -> None:
    """Refuse a keyword that ``build`` (a ``keras.applications`` constructor) does not take, naming
    the ones it takes (and a close match)."""
    accepted = [n for n in inspect.signature(build).parameters if n != "weights"]
    for key, value in kwargs.items():
        if key not in accepted:
            close = difflib.get_close_matches(key, accepted, n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            raise refuse(OWNER, key, value, f"left out: keras.applications.{build.__name__} takes "
                         f"{', '.join(accepted)}{hint}")


def imagenet_classes(kwargs: dict[str, object]) -> None:
    """Keras's rule for ImageNet weights, checked before anything is built: with ``include_top=True``
    (the default) the classifier has the 1,000 ImageNet classes."""
    classes = kwargs.get("classes", 1000)
    if kwargs.get("include_top", True) and not (isinstance(classes, int) and classes == 1000):
        raise refuse(OWNER, "classes", classes, "1000 with weights='imagenet' and include_top=True (pass "
                     "include_top=False for your own classifier, or weights=None)")


def _weights_argument(weights: object) -> str | Path | None:
    """``weights`` as ``"imagenet"``, None or a weights file path (not yet opened)."""
    if weights is None or isinstance(weights, str) and weights == "imagenet":
        return weights
    allowed = ("'imagenet', None (random weights) or the path of a weights file ending in "
               + ", ".join(WEIGHT_SUFFIXES))
    if not isinstance(weights, (str, os.PathLike)) or not os.fspath(weights).strip():
        raise refuse(OWNER, "weights", weights, allowed)
    path = Path(weights).expanduser()
    if not path.name.lower().endswith(WEIGHT_SUFFIXES):
        raise refuse(OWNER, "weights", weights, allowed)
    return path


def check_weights_file(path: Path, what: str, remedy: str) -> None:
    """Refuse a weights file that is missing, a folder, unreadable, empty, or not HDF5 / .keras."""
    if path.is_dir():
        raise FileUnreadable(f"{what} cannot be read: {shown_path(path)} is a folder, not a file. {remedy}")
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except FileNotFoundError:
        raise FileMissing(f"{what} is missing: there is no file {shown_path(path)}. {remedy}") from None
    except OSError as error:
        raise FileUnreadable(f"{what} cannot be read: {shown_path(path)} ({error.strerror or error}). "
                             f"{remedy}") from None
    if not head:
        raise corrupt(path, what, "it is empty, 0 bytes", remedy)
    if path.name.lower().endswith(".keras"):
        import zipfile

        if not zipfile.is_zipfile(path):
            raise corrupt(path, what, "not a .keras archive", remedy)
        return
    import h5py

    if not h5py.is_hdf5(path):
        raise corrupt(path, what, "not an HDF5 file", remedy)
    try:
        with h5py.File(path, "r") as file:
            empty = not list(file.keys()) and not list(file.attrs.keys())
    except (OSError, RuntimeError, ValueError) as error:
        raise corrupt(path, what, f"it does not open: {str(error)[:120]}", remedy) from None
    if empty:
        raise corrupt(path, what, "it holds no weights", remedy)


# ---- where Keras caches ImageNet weights ------------------------------------------------------
def models_cache_dir() -> Path:
    """Where ``keras.applications`` keeps downloaded weights: ``$KERAS_HOME/models`` (``~/.keras/models``)."""
    return keras_cache_dir("models")


def _mobilenet_rows(options: dict[str, object], sides: tuple[int, ...]) -> int:
    shape = options.get("input_shape")
    if isinstance(shape, (tuple, list)) and len(shape) == 3 and shape[0] == shape[1] and shape[0] in sides:
        return int(shape[0])
    return 224


def weights_file_name(model: ModelRecord, build, options: dict[str, object]) -> str | None:
    """The file name ``keras.applications`` gives the ImageNet weights of ``model`` built with
    ``options`` (as written in Keras 3's applications source), or None where it cannot be told."""
    if "input_tensor" in options:
        return None
    top = bool(options.get("include_top", True))
    kernels = f"_weights_tf_dim_ordering_tf_kernels{'' if top else '_notop'}.h5"
    module, lower = model.module, model.name.lower()
    if module in ("xception", "vgg16", "vgg19", "inception_v3", "inception_resnet_v2"):
        return module + kernels
    if module in ("densenet", "resnet", "resnet50", "resnet_v2"):
        return lower + kernels
    if module == "nasnet":
        return f"nasnet_{lower[len('nasnet'):]}{'' if top else '_no_top'}.h5"
    alpha, no_top = options.get("alpha", 1.0), "" if top else "_no_top"
    if module.startswith("mobilenet") and not is_real_number(alpha):
        return None
    if module == "mobilenet":
        text = {1.0: "1_0", 0.75: "7_5", 0.5: "5_0"}.get(alpha, "2_5")
        return f"mobilenet_{text}_{_mobilenet_rows(options, (128, 160, 192, 224))}_tf{no_top}.h5"
    if module == "mobilenet_v2":
        rows = _mobilenet_rows(options, (96, 128, 160, 192, 224))
        return f"mobilenet_v2_weights_tf_dim_ordering_tf_kernels_{float(alpha)}_{rows}{no_top}.h5"
    if module == "mobilenet_v3":
        kind = "small" if model.name.endswith("Small") else "large"
        minimal = "_minimalistic" if options.get("minimalistic", False) else ""
        return f"weights_mobilenet_v3_{kind}{minimal}_224_{alpha}_float{'' if top else '_no_top_v2'}.h5"
    parameter = inspect.signature(build).parameters.get("name")
    name = options.get("name", parameter.default if parameter is not None else None)
    if not isinstance(name, str):
        return None
    return f"{name}{'.h5' if top else '_notop.h5'}"


def cached_weights(model: ModelRecord, build, options: dict[str, object]) -> Path | None:
    """The path of the model's ImageNet weights in the Keras cache, if that file is there."""
    name = weights_file_name(model, build, options)
    path = models_cache_dir() / name if name else None
    return path if path is not None and os.path.lexists(path) else None


# ---- loading --------------------------------------------------------------------------------------
def load_pretrained(name: str, weights: str | os.PathLike | None = "imagenet", fallback: str | None = None,
                    *, budget_mb: float = DEFAULT_BUDGET_MB, force: bool = False, **kwargs):
    """Build ``keras.applications.<name>`` with ``weights``: ``"imagenet"`` (downloaded once into the
    Keras cache, with a progress bar), a path to a local weights file (``.h5``, ``.weights.h5``,
    ``.keras``), or None (random).

    Offline or blocked, ImageNet weights raise :class:`WeightsUnavailable` within seconds; with
    ``fallback="random"`` the architecture comes back with random weights and a one-line notice.
    A damaged weights file (local or cached) raises ``FileCorrupt`` with its path, fallback or not.
    ``kwargs`` go to the Keras constructor (``include_top``, ``input_shape``, ``classes``...).
    """
    model_record = record(name, OWNER)
    weights = _weights_argument(weights)
    choice(OWNER, "fallback", fallback, (None, "random"))
    budget_mb = budget(OWNER, budget_mb)
    if not flag(OWNER, "force", force):
        check_memory(model_record, budget_mb)
    keras = import_keras()
    build = getattr(keras.applications, model_record.name)
    constructor_options(build, kwargs)
    if weights is None:
        return build(weights=None, **kwargs)
    if isinstance(weights, Path):
        return _from_file(model_record, build, weights, kwargs)
    imagenet_classes(kwargs)
    cached = cached_weights(model_record, build, kwargs)
    if cached is not None:
        return _from_cache(model_record, build, cached, kwargs)
    return _download(model_record, build, fallback, kwargs)


def _from_file(model: ModelRecord, build, path: Path, kwargs: dict[str, object]):
    """Build with a local weights file, checked first; a file that does not fit says so."""
    return _built_with(model, build, path, kwargs, f"the weights file for {model.name}",
                       "Pass the path of a weights file saved from this model (model.save_weights), or "
                       "weights=None.")


def _from_cache(model: ModelRecord, build, path: Path, kwargs: dict[str, object]):
    """Build with ImageNet weights already in the Keras cache: no network probe, and the file is
    read as a local file, so Keras never removes it. A damaged file is reported with its path, never
    deleted nor replaced by random weights."""
    return _built_with(model, build, path, kwargs, f"the cached ImageNet weights of {model.name}",
                       "Delete it to download it again, or pass weights=None for random weights "
                       "(fallback='random' does not replace a damaged file).")


def _built_with(model: ModelRecord, build, path: Path, kwargs: dict[str, object], what: str, remedy: str):
    """The architecture built by Keras (its own argument checks), then the checked file's weights."""
    check_weights_file(path, what, remedy)
    network = build(weights=None, **kwargs)
    try:
        network.load_weights(str(path))
    except Exception as error:  # noqa: BLE001  (h5py and Keras raise several kinds for a file that does not fit)
        first = first_line(error)
        raise corrupt(path, what, f"its weights do not fit {model.name} built with these arguments: {first}; "
                      "a file saved from another model or other arguments (input_shape, alpha, include_top) "
                      "does not fit either", remedy) from None
    return network


def load_or_architecture(name: str, weights: str | os.PathLike | None, *, budget_mb: float, **kwargs):
    """``load_pretrained``, except that ImageNet weights that cannot be had give the architecture with
    random weights: ``(model, whether trained weights were loaded, the reason they were not or None)``."""
    try:
        model = load_pretrained(name, weights=weights, budget_mb=budget_mb, **kwargs)
        return model, weights is not None, None
    except WeightsUnavailable as error:
        return load_pretrained(name, weights=None, budget_mb=budget_mb, **kwargs), False, str(error)


def first_line(error: BaseException, limit: int = 160) -> str:
    """The first line of an error's message (its type when it has none), at most ``limit`` characters."""
    text = str(error).strip()
    return text.splitlines()[0][:limit].rstrip(":") if text else type(error).__name__


def _download(model: ModelRecord, build, fallback: str | None, kwargs: dict[str, object]):
    """Build with ImageNet weights that are not cached: probe, download, or say why not."""
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
        message = (f"ImageNet weights for {model.name} are not in the Keras cache and cannot be "
                   f"downloaded here ({first_line(error, 200)}).")
        if fallback is None:
            raise WeightsUnavailable(message + " Pass fallback='random' to get the architecture with random "
                                     "weights, or weights='path/to/file.h5' for a local copy.") from None
    if model.name not in _warned:
        _warned.add(model.name)
        print(f"kerastutor: {message} Using random weights: its predictions mean nothing.")
    return build(weights=None, **kwargs)


def measure_inference(model, name: str | None = None, runs: int = 5) -> float:
    """Median CPU milliseconds to predict one image with ``model``; remembered for the catalogue
    under ``name`` (the catalogue name; the model's own name by default)."""
    runs = integer("measure_inference", "runs", runs, 1, 1000)
    if name is not None and not isinstance(name, str):
        raise refuse("measure_inference", "name", name, "None or a model name (a string)")
    inputs = getattr(model, "inputs", None)
    if not inputs:
        raise refuse("measure_inference", "model", model, "a built Keras model (with inputs)")
    shape = tuple(inputs[0].shape[1:])
    if any(side is None for side in shape):
        raise BadArgument(f"measure_inference: model={model.name!r} has an input of unknown size {shape}; "
                          "model must be built for a fixed input_shape.")
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
