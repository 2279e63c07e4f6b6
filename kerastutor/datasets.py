"""The syllabus's sample datasets through the real ``keras.datasets`` loaders and cache,
with an honest offline fallback.

``load("mnist")`` returns a :class:`Dataset` (arrays plus a description card). A
dataset already in the Keras cache (``$KERAS_HOME/datasets``, ``~/.keras`` by
default) loads without the network. Otherwise the download host is probed first
(a few seconds at most) so that an offline classroom gets one clear line instead
of a hang. MNIST then comes from the 10,000 genuine MNIST digits that ship with
kerastutor (``data/mnist_subset.npz``, see ``data/MNIST_SUBSET.md``); for the other
datasets ``fallback="mnist"`` (or ``"digits"``, ``"diabetes"``) continues on real
data that is on the machine, and says so.
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass, field
from importlib import resources

import numpy as np

from ._frontend import shown_path
from ._network import GOOGLE_STORAGE, host_reachable, is_download_failure, stall_timeout
from ._quiet import import_keras

GOOGLE = GOOGLE_STORAGE
TORONTO = "www.cs.toronto.edu"
DIGITS = tuple(str(d) for d in range(10))
FASHION = ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
           "Ankle boot")
CIFAR10 = ("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck")
FASHION_FILES = tuple(f"fashion-mnist/{part}-{kind}-idx{dims}-ubyte.gz" for part in ("train", "t10k")
                      for kind, dims in (("labels", 1), ("images", 3)))
DOWNLOAD_STALL_SECONDS = 30.0


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
                ("negative", "positive"), "Andrew Maas et al., Stanford", ("imdb.npz",), GOOGLE, None),
    DatasetCard("reuters", "Reuters newswire topics", "newswires as word-index sequences, 46 topics",
                tuple(f"topic {i}" for i in range(46)), "Reuters-21578 via Keras", ("reuters.npz",),
                GOOGLE, None),
    DatasetCard("boston_housing", "Boston housing prices", "13 features per district, median price", (),
                "StatLib, Carnegie Mellon University", ("boston_housing.npz",), GOOGLE, "diabetes"),
    DatasetCard("california_housing", "California housing prices", "8 features per block, median value", (),
                "StatLib (1990 US census)", ("california_housing.npz",), GOOGLE, "diabetes"),
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
    home = os.environ.get("KERAS_HOME")
    if not home:
        base = os.path.expanduser("~")
        home = os.path.join(base if os.access(base, os.W_OK) else "/tmp", ".keras")
    return os.path.join(home, "datasets")


def is_cached(name: str) -> bool:
    """Whether every file of the dataset is already in the Keras cache."""
    card = _card(name)
    return all(os.path.exists(os.path.join(dataset_cache_dir(), f)) for f in card.cache_files)


def _card(name: str) -> DatasetCard:
    key = name.strip().lower().replace("-", "_").replace(" ", "_")
    if key not in CARDS:
        raise ValueError(f"unknown dataset {name!r}; kerastutor knows {', '.join(CARDS)}.")
    return CARDS[key]


def _from_keras(card: DatasetCard, **kwargs) -> tuple:
    """Call the real ``keras.datasets.<name>.load_data``."""
    import_keras()
    module = importlib.import_module(f"keras.datasets.{card.name}")
    with stall_timeout(DOWNLOAD_STALL_SECONDS):
        return module.load_data(**kwargs)


def shipped_mnist() -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """The MNIST digits that ship with kerastutor, as ``keras.datasets.mnist.load_data()`` returns
    them: uint8 images ``(n, 28, 28)`` and uint8 labels, split 8,000 / 2,000 within each class."""
    with resources.files("kerastutor").joinpath("data", SHIPPED_MNIST).open("rb") as file, \
            np.load(file) as arrays:
        return (arrays["x_train"], arrays["y_train"]), (arrays["x_test"], arrays["y_test"])


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
        train_size, test_size: keep only the first samples, for fast lessons.
        fallback: ``"mnist"``, ``"digits"`` or ``"diabetes"``: when the dataset cannot be
            had, continue on this data instead (the substitution is printed). MNIST itself
            needs none: offline it comes from the digits shipped with kerastutor.
        loader_kwargs: passed to ``keras.datasets.<name>.load_data`` (``num_words=``...).
    """
    card = _card(name)
    if fallback is not None and fallback not in FALLBACKS:
        raise ValueError(f"fallback={fallback!r} is not one of {', '.join(map(repr, FALLBACKS))}.")
    reason = None
    if is_cached(card.name) or host_reachable(card.host):
        try:
            arrays = _from_keras(card, **loader_kwargs)
        except Exception as error:  # noqa: BLE001  (Keras raises a bare Exception for fetch failures)
            if not is_download_failure(error):
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
        fallback = fallback or ("mnist" if card.name == "mnist" else None)
        what = "the full MNIST" if fallback == card.name else card.name
        message = f"kerastutor.datasets: {what} is not available: {reason}."
        if fallback is None:
            hint = (f" Pass fallback={card.fallback!r} to continue on {FALLBACKS[card.fallback]}."
                    if card.fallback else " No dataset bundled offline can stand in for it.")
            raise DatasetUnavailable(message + hint)
        taken = ", ".join(f"{key}=" for key in loader_kwargs)
        ignored = f" (ignored: {taken}, which only Keras's loader takes.)" if loader_kwargs else ""
        print(f"{message} Using {FALLBACKS[fallback]} instead.{ignored}")
        arrays, source, name_used = _from_fallback(fallback), FALLBACKS[fallback], fallback
        labels = DIGITS if fallback in ("mnist", "digits") else ()
    (x_train, y_train), (x_test, y_test) = arrays
    return Dataset(name_used, x_train[:train_size], y_train[:train_size], x_test[:test_size],
                   y_test[:test_size], card, source, labels)


def describe(name: str) -> str:
    """The card of a dataset, without loading it."""
    card = _card(name)
    return f"{card}\ncached: {'yes' if is_cached(card.name) else 'no'} ({shown_path(dataset_cache_dir())})"
