"""The syllabus's sample datasets through the real ``keras.datasets`` loaders and cache,
with an honest offline fallback.

``load("mnist")`` returns a :class:`Dataset` (arrays plus a description card). A
dataset already in the Keras cache (``$KERAS_HOME/datasets``, ``~/.keras`` by
default) loads without the network. Otherwise the download host is probed first
(a few seconds at most) so that an offline classroom gets one clear line instead
of a hang. MNIST then comes from the 10,000 genuine MNIST digits that ship with
kerastutor (``data/mnist_subset.npz``, see ``data/MNIST_SUBSET.md``); for the other
datasets ``fallback=`` continues on real data that is on the machine, and says so:
``"mnist"`` or ``"digits"`` for an image dataset, ``"diabetes"`` for a regression one,
none for a text dataset (no bundled data can stand in for word sequences).

Every argument is checked before anything loads: the name, ``train_size`` and
``test_size`` (whole numbers from 1, or None), ``fallback`` (one that suits the
dataset's task) and each keyword against the Keras loader's own signature. A cached
file is checked before Keras reads it (Keras's ``get_file`` removes a file whose
checksum does not match when it cannot download it again): a damaged one raises
``FileCorrupt`` with its path and is never deleted.
"""

from __future__ import annotations

import difflib
import gzip
import importlib
import inspect
import pickle
import tarfile
import zipfile
import zlib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np

from ._arguments import integer, refuse
from ._files import FileMissing, FileProblem, FileUnreadable, corrupt
from ._network import (
    GOOGLE_STORAGE,
    host_reachable,
    is_download_failure,
    keras_cache_dir,
    never_deleted,
    stall_timeout,
)
from ._quiet import import_keras
from ._text import shown_path

GOOGLE = GOOGLE_STORAGE
TORONTO = "www.cs.toronto.edu"
DIGITS = tuple(str(d) for d in range(10))
FASHION = ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
           "Ankle boot")
CIFAR10 = ("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck")
FASHION_FILES = tuple(f"fashion-mnist/{part}-{kind}-idx{dims}-ubyte.gz" for part in ("train", "t10k")
                      for kind, dims in (("labels", 1), ("images", 3)))
DOWNLOAD_STALL_SECONDS = 30.0
OWNER = "load"
# which stand-ins suit a dataset's task: never a regression table for an image lesson
KIND_FALLBACKS: dict[str, tuple[str, ...]] = {"image": ("mnist", "digits"), "regression": ("diabetes",),
                                              "text": ()}
KIND_WORDS = {"image": "an image classification", "regression": "a regression", "text": "a text"}
# the arrays each cached .npz holds (Keras's loaders read these names)
SPLIT_ARRAYS = ("x_train", "y_train", "x_test", "y_test")
NPZ_ARRAYS = {"mnist": SPLIT_ARRAYS, "imdb": SPLIT_ARRAYS, "reuters": ("x", "y"),
              "boston_housing": ("x", "y"), "california_housing": ("x", "y")}
# errors Keras raises when the bytes of a cached file (or the folder it extracted) do not parse
UNPARSABLE = (pickle.UnpicklingError, EOFError, zlib.error, zipfile.BadZipFile, tarfile.ReadError)


class DatasetUnavailable(RuntimeError):
    """The dataset is neither in the Keras cache nor downloadable from here."""


@dataclass(frozen=True)
class DatasetCard:
    """What a dataset is: its task, classes and source, and where Keras caches it."""

    name: str
    title: str
    task: str
    label_names: tuple[str, ...]
    source: str
    cache_files: tuple[str, ...]  # relative to $KERAS_HOME/datasets
    host: str
    fallback: str | None
    kind: str = "image"  # image, text or regression: which fallbacks suit it

    def __str__(self) -> str:
        classes = f"{len(self.label_names)} classes" if self.label_names else "regression target"
        return f"{self.title}: {self.task}, {classes}. Source: {self.source}"


CARDS: dict[str, DatasetCard] = {card.name: card for card in (
    DatasetCard("mnist", "MNIST handwritten digits", "28x28 grey images of digits", DIGITS,
                "Yann LeCun, Corinna Cortes and Christopher Burges", ("mnist.npz",), GOOGLE, "mnist"),
    DatasetCard("fashion_mnist", "Fashion-MNIST", "28x28 grey images of clothing", FASHION,
                "Zalando Research", FASHION_FILES, GOOGLE, "mnist"),
    DatasetCard("cifar10", "CIFAR-10", "32x32 colour photos", CIFAR10,
                "Alex Krizhevsky, University of Toronto", ("cifar-10-batches-py-target_archive",), TORONTO,
                "mnist"),
    DatasetCard("cifar100", "CIFAR-100", "32x32 colour photos (label_mode='coarse' groups them in 20)",
                tuple(f"class {i}" for i in range(100)), "Alex Krizhevsky, University of Toronto",
                ("cifar-100-python-target_archive",), TORONTO, "mnist"),
    DatasetCard("imdb", "IMDB movie reviews", "reviews as word-index sequences, sentiment",
                ("negative", "positive"), "Andrew Maas et al., Stanford", ("imdb.npz",), GOOGLE, None,
                "text"),
    DatasetCard("reuters", "Reuters newswire topics", "newswires as word-index sequences, 46 topics",
                tuple(f"topic {i}" for i in range(46)), "Reuters-21578 via Keras", ("reuters.npz",),
                GOOGLE, None, "text"),
    DatasetCard("boston_housing", "Boston housing prices", "13 features per district, median price", (),
                "StatLib, Carnegie Mellon University", ("boston_housing.npz",), GOOGLE, "diabetes",
                "regression"),
    DatasetCard("california_housing", "California housing prices", "8 features per block, median value", (),
                "StatLib (1990 US census)", ("california_housing.npz",), GOOGLE, "diabetes",
                "regression"),
)}
FALLBACKS = {"mnist": "the 10,000 MNIST digits shipped with kerastutor (8,000 train, 2,000 test, 28x28)",
             "digits": "scikit-learn's handwritten digits (1,797 8x8 grey images, 10 classes)",
             "diabetes": "scikit-learn's diabetes progression (442 patients, 10 features, regression)"}
SHIPPED_MNIST = "mnist_subset.npz"


@dataclass
class Dataset:
    """Train and test arrays of a dataset, with its card and where they came from."""

    name: str
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    card: DatasetCard
    source: str
    label_names: tuple[str, ...] = field(default=())

    def as_tuples(self) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
        """``(x_train, y_train), (x_test, y_test)``, as ``keras.datasets`` returns them."""
        return (self.x_train, self.y_train), (self.x_test, self.y_test)

    @property
    def substitute(self) -> bool:
        """Whether these arrays stand in for another dataset (``fallback=`` was used)."""
        return self.name != self.card.name

    def describe(self) -> str:
        """A short card: what it is, shapes, classes, source."""
        if self.substitute:
            head = f"{self.name} (instead of {self.card.name}): {self.source}"
        else:
            head = f"{self.card}\nFrom: {self.source}"
        lines = [head, f"train: x {self.x_train.shape} {self.x_train.dtype}, y {self.y_train.shape}",
                 f"test:  x {self.x_test.shape} {self.x_test.dtype}, y {self.y_test.shape}"]
        if self.label_names:
            shown = ", ".join(self.label_names[:10]) + (", ..." if len(self.label_names) > 10 else "")
            lines.append(f"labels: {shown}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (f"Dataset({self.name!r}, train {self.x_train.shape}, test {self.x_test.shape}, "
                f"from {self.source})")


def dataset_cache_dir() -> str:
    """Where ``keras.datasets`` keeps its files, found as Keras finds it: ``$KERAS_HOME/datasets``,
    else ``~/.keras/datasets``, else ``/tmp/.keras/datasets`` when home is not writable."""
    return str(keras_cache_dir("datasets"))


def is_cached(name: str) -> bool:
    """Whether every file of the dataset is already in the Keras cache."""
    return all(path.exists() for path in cache_paths(_card(name, "is_cached"), {}))


def cache_paths(card: DatasetCard, options: dict[str, object]) -> list[Path]:
    """Where Keras keeps the dataset's files (a ``path=`` given to the loader renames the .npz)."""
    names = card.cache_files
    if isinstance(options.get("path"), str) and len(names) == 1 and names[0].endswith(".npz"):
        names = (options["path"],)
    return [Path(dataset_cache_dir()) / name for name in names]


def _card(name: object, owner: str = OWNER) -> DatasetCard:
    key = name.strip().lower().replace("-", "_").replace(" ", "_") if isinstance(name, str) else ""
    if key not in CARDS:
        close = difflib.get_close_matches(key[:100], CARDS, n=1) if key else []
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise refuse(owner, "name", name, f"one of {', '.join(CARDS)}{hint}")
    return CARDS[key]


def _fallback(card: DatasetCard, fallback: object) -> str | None:
    """``fallback`` when it suits the dataset's task (None always does)."""
    if fallback is None:
        return None
    allowed = KIND_FALLBACKS[card.kind]
    if not isinstance(fallback, str) or fallback not in allowed:
        if not allowed:
            raise refuse(OWNER, "fallback", fallback, f"None: {card.name} is a text dataset and no offline "
                         "stand-in exists for a text dataset")
        raise refuse(OWNER, "fallback", fallback, f"None or one of {', '.join(map(repr, allowed))} for "
                     f"{card.name}, {KIND_WORDS[card.kind]} dataset")
    return fallback


def _size(name: str, value: object) -> int | None:
    return None if value is None else integer(OWNER, name, value, low=1)


def _loader(card: DatasetCard):
    """The real ``keras.datasets.<name>.load_data``."""
    import_keras()
    return importlib.import_module(f"keras.datasets.{card.name}").load_data


def _loader_options(card: DatasetCard, options: dict[str, object]) -> None:
    """Refuse a keyword the Keras loader does not take, naming the ones it takes; ``path=`` (the
    cached file's name) must be a plain .npz file name, as Keras's ``get_file`` requires."""
    name = options.get("path", "x.npz")
    if not isinstance(name, str) or Path(name).name != name or not name.endswith(".npz"):
        raise refuse(OWNER, "path", name, "a file name ending in .npz, without folders (Keras keeps it in "
                     f"{shown_path(dataset_cache_dir())})")
    accepted = list(inspect.signature(_loader(card)).parameters)
    for key, value in options.items():
        if key not in accepted:
            close = difflib.get_close_matches(key, accepted, n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            takes = f"takes {', '.join(accepted)}" if accepted else "takes no arguments"
            raise refuse(OWNER, key, value, f"left out: keras.datasets.{card.name}.load_data {takes}{hint}")


def _remedy(card: DatasetCard) -> str:
    allowed = KIND_FALLBACKS[card.kind]
    offline = f", or pass fallback={allowed[0]!r} to continue on data shipped here" if allowed else ""
    return f"Delete it to download it again{offline}."


def check_cached_file(path: Path, card: DatasetCard) -> None:
    """Refuse a cached dataset file that is a folder, unreadable, empty or does not parse, before
    Keras reads it (and, seeing a wrong checksum, deletes it)."""
    what, remedy = f"the cached {card.name} file", _remedy(card)
    if path.is_dir():
        raise FileUnreadable(f"{what} cannot be read: {shown_path(path)} is a folder, not a file. {remedy}")
    try:
        problem = "it is empty, 0 bytes" if path.stat().st_size == 0 else _format_problem(path, card)
    except PermissionError as error:
        raise FileUnreadable(f"{what} cannot be read: {shown_path(path)} ({error.strerror}).") from None
    except (OSError, EOFError, zlib.error, zipfile.BadZipFile, tarfile.TarError) as error:
        problem = f"it does not read to its end: {str(error)[:100] or type(error).__name__}"
    if problem is not None:
        raise corrupt(path, what, problem, remedy)


def _format_problem(path: Path, card: DatasetCard) -> str | None:
    """What is wrong with the bytes of a cached file (.npz, .gz or .tar.gz archive), or None."""
    if path.name.endswith(".npz"):
        with zipfile.ZipFile(path) as archive:
            damaged = archive.testzip()
            stored = {name.removesuffix(".npy") for name in archive.namelist()}
        if damaged is not None:
            return f"{damaged} fails its checksum"
        lacking = [name for name in NPZ_ARRAYS.get(card.name, ()) if name not in stored]
        return f"it lacks the arrays {', '.join(lacking)}" if lacking else None
    if path.name.endswith(".gz"):
        with gzip.open(path, "rb") as file:
            size = len(file.read())
        return "it is shorter than its header" if size < (8 if "labels" in path.name else 16) else None
    with tarfile.open(path, "r:*") as archive:
        members = 0
        for member in archive:  # every member read to its end: a truncated archive fails here
            members += 1
            if member.isfile():
                archive.extractfile(member).read()
    return None if members else "the archive is empty"


def shipped_mnist_path() -> Path:
    """Where the MNIST digits that ship with kerastutor are."""
    return Path(str(resources.files("kerastutor").joinpath("data", SHIPPED_MNIST)))


def shipped_mnist() -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """The MNIST digits that ship with kerastutor, as ``keras.datasets.mnist.load_data()`` returns
    them: uint8 images ``(n, 28, 28)`` and uint8 labels, split 8,000 / 2,000 within each class."""
    path = shipped_mnist_path()
    what, remedy = "the MNIST digits shipped with kerastutor", "Reinstall kerastutor (pip install " \
        "--force-reinstall kerastutor)."
    if not path.is_file():
        raise FileMissing(f"{what} are missing: there is no file {shown_path(path)}. {remedy}")
    if not zipfile.is_zipfile(path):
        raise corrupt(path, what, "not an .npz archive", remedy)
    try:
        with np.load(path, allow_pickle=False) as arrays:
            (x_train, y_train), (x_test, y_test) = ((arrays["x_train"], arrays["y_train"]),
                                                    (arrays["x_test"], arrays["y_test"]))
    except (OSError, ValueError, KeyError, EOFError, zlib.error, zipfile.BadZipFile) as error:
        raise corrupt(path, what, str(error)[:100] or type(error).__name__, remedy) from None
    if x_train.shape[1:] != (28, 28) or len(x_train) != len(y_train) or len(x_test) != len(y_test):
        raise corrupt(path, what, "its arrays are not 28x28 images with one label each", remedy)
    return (x_train, y_train), (x_test, y_test)


def _from_fallback(kind: str) -> tuple:
    """Real data that is on this machine: kerastutor's MNIST digits, or scikit-learn's (split 80/20)."""
    if kind == "mnist":
        return shipped_mnist()
    from sklearn.datasets import load_diabetes, load_digits

    if kind == "digits":
        bunch = load_digits()
        x, y = (bunch.images * (255 / 16)).round().astype(np.uint8), bunch.target.astype(np.uint8)
    else:
        bunch = load_diabetes()
        x, y = bunch.data.astype(np.float32), bunch.target.astype(np.float32)
    order = np.random.default_rng(0).permutation(len(x))
    cut = int(len(x) * 0.8)
    return (x[order[:cut]], y[order[:cut]]), (x[order[cut:]], y[order[cut:]])


def load(name: str, *, train_size: int | None = None, test_size: int | None = None,
         fallback: str | None = None, **loader_kwargs) -> Dataset:
    """Load a syllabus dataset through ``keras.datasets`` (its cache first).

    Args:
        name: mnist, fashion_mnist, cifar10, cifar100, imdb, reuters, boston_housing
            or california_housing.
        train_size, test_size: keep only the first samples, for fast lessons (whole numbers
            from 1; more than there are keeps them all, and says so).
        fallback: when the dataset cannot be had, continue on data that is here instead (the
            substitution is printed): ``"mnist"`` or ``"digits"`` for an image dataset,
            ``"diabetes"`` for a regression one; a text dataset has none. MNIST itself needs
            none: offline it comes from the digits shipped with kerastutor.
        loader_kwargs: passed to ``keras.datasets.<name>.load_data`` (``num_words=``...), checked
            against its signature first.

    Raises:
        BadArgument: an argument that cannot be used (the message names it and what is allowed).
        FileCorrupt: a damaged file in the Keras cache (with its path; it is never deleted).
        DatasetUnavailable: neither cached nor downloadable, and no ``fallback``.
    """
    card = _card(name)
    train_size, test_size = _size("train_size", train_size), _size("test_size", test_size)
    fallback = _fallback(card, fallback)
    _loader_options(card, loader_kwargs)
    paths = cache_paths(card, loader_kwargs)
    for path in paths:
        if path.exists() or path.is_symlink():
            check_cached_file(path, card)
    reason = None
    cached = all(path.exists() for path in paths) if "path" in loader_kwargs else is_cached(card.name)
    if cached or host_reachable(card.host):
        try:
            arrays = _from_keras(card, paths, loader_kwargs)
        except Exception as error:  # noqa: BLE001  (Keras raises a bare Exception for fetch failures)
            if isinstance(error, FileProblem) or not is_download_failure(error):
                raise
            reason = f"the download failed ({str(error).splitlines()[0][:160]})"
    else:
        cache = shown_path(dataset_cache_dir())
        reason = f"it is not in the Keras cache ({cache}) and {card.host} cannot be reached"
    if reason is None:
        source, name_used, labels = f"keras.datasets.{card.name}", card.name, card.label_names
        print(f"kerastutor.datasets: {card.name} from {source} ({len(arrays[0][0]):,} train, "
              f"{len(arrays[1][0]):,} test).")
    else:
        arrays, source, name_used, labels = _instead(card, reason, fallback, loader_kwargs)
    (x_train, y_train), (x_test, y_test) = arrays
    train_size, test_size = _kept("train_size", train_size, len(x_train)), _kept("test_size", test_size,
                                                                                 len(x_test))
    return Dataset(name_used, x_train[:train_size], y_train[:train_size], x_test[:test_size],
                   y_test[:test_size], card, source, labels)


def _from_keras(card: DatasetCard, paths: list[Path], options: dict[str, object]) -> tuple:
    """Call the real ``keras.datasets.<name>.load_data``; cached files it would remove (a checksum
    that does not match, then a download that fails) are put back and reported as damaged."""
    cached = [path for path in paths if path.exists()]
    try:
        with never_deleted(cached) as restored, stall_timeout(DOWNLOAD_STALL_SECONDS):
            return _loader(card)(**options)
    except UNPARSABLE as error:
        detail = f"Keras could not read it, or what it extracted beside it: {str(error)[:100] or type(error)}"
        raise corrupt(cached[0] if cached else dataset_cache_dir(), f"the cached {card.name} file", detail,
                      _remedy(card)) from None
    except Exception as error:
        if restored and is_download_failure(error):
            raise corrupt(restored[0], f"the cached {card.name} file", "its checksum is not the one Keras "
                          "publishes for it, and Keras could not download it again", _remedy(card)) from None
        raise


def _instead(card: DatasetCard, reason: str, fallback: str | None, options: dict[str, object]) -> tuple:
    """Arrays, source, name and labels of the stand-in, said in one line; or DatasetUnavailable."""
    fallback = fallback or ("mnist" if card.name == "mnist" else None)
    what = "the full MNIST" if fallback == card.name else card.name
    message = f"kerastutor.datasets: {what} is not available: {reason}."
    if fallback is None:
        hint = (f" Pass fallback={card.fallback!r} to continue on {FALLBACKS[card.fallback]}."
                if card.fallback else " No dataset bundled offline can stand in for it.")
        raise DatasetUnavailable(message + hint)
    taken = ", ".join(f"{key}=" for key in options)
    ignored = f" (ignored: {taken}, which only Keras's loader takes.)" if options else ""
    print(f"{message} Using {FALLBACKS[fallback]} instead.{ignored}")
    labels = DIGITS if fallback in ("mnist", "digits") else ()
    return _from_fallback(fallback), FALLBACKS[fallback], fallback, labels


def _kept(name: str, size: int | None, available: int) -> int | None:
    """``size``, or None (all) when it asks for more samples than there are, said in one line."""
    if size is not None and size > available:
        print(f"kerastutor.datasets: {name}={size:,} is more than the {available:,} samples there are; "
              f"using all {available:,}.")
        return None
    return size


def describe(name: str) -> str:
    """The card of a dataset, without loading it."""
    card = _card(name, "describe")
    return f"{card}\ncached: {'yes' if is_cached(card.name) else 'no'} ({shown_path(dataset_cache_dir())})"
