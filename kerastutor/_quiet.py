"""Import Keras without TensorFlow's log noise on stderr.

TensorFlow's C++ runtime prints informational lines (oneDNN, CPU features,
absl) straight to file descriptor 2 while it loads, before
``TF_CPP_MIN_LOG_LEVEL`` is honoured, and later logs notices it labels as
errors (oneDNN's "DT_BOOL" line the first time a masked RNN runs). In a notebook
they appear as red stderr and break nbval comparisons. This module is the one
place that hides them: ``TF_CPP_MIN_LOG_LEVEL`` defaults to 3 (C++ logs off;
Python exceptions still carry every real error), and descriptor 2 is captured
while Keras loads, every line that is not known start-up noise written back.
Set ``TF_CPP_MIN_LOG_LEVEL`` yourself before importing kerastutor to see them.

Where JAX is installed too (a second backend, for lesson 17), TensorFlow's import
pulls it in for TFLite's JAX converter: 140 MB and a second second per kernel, and
JAX sets up C++ logging so that TensorFlow's notices reach stderr again. With the
TensorFlow backend, JAX is kept out while Keras loads; ``import jax`` works after.

Keras's scikit-learn wrappers (``keras.wrappers``) import scikit-learn, and SciPy's
statistics with it: about 57 MB per kernel and most of a second, for a module no
lesson uses. Its code runs on first use instead (``keras.wrappers.SKLearnClassifier``
works as before, and imports scikit-learn then).
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from types import ModuleType

# Lines TensorFlow prints while loading that carry no information for a learner.
STARTUP_NOISE = (
    "All log messages before absl::InitializeLog() is called",
    "oneDNN custom operations are on",
    "cpu_feature_guard",
    "This TensorFlow binary is optimized to use available CPU instructions",
    "To enable the following instructions",
    "rebuild TensorFlow with the appropriate compiler flags",
)

# Keras modules that run on first use rather than while Keras loads (each imports scikit-learn).
DEFERRED_MODULES = ("keras.wrappers", "keras._tf_keras.keras.wrappers")

MISSING_TENSORFLOW = (
    "kerastutor needs TensorFlow as the Keras backend, and it is not installed. "
    "Install it with: pip install 'kerastutor[cpu]' (CPU-only wheel) "
    "or pip install 'kerastutor[tensorflow]' (the full wheel)."
)


def prepare_environment() -> None:
    """Set quiet C++ logging and the TensorFlow backend unless the user chose otherwise."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("KERAS_BACKEND", "tensorflow")


def filter_noise(text: str) -> str:
    """Return ``text`` without TensorFlow's known start-up lines."""
    kept = [line for line in text.splitlines() if not any(n in line for n in STARTUP_NOISE)]
    return "".join(line + "\n" for line in kept)


def import_keras() -> ModuleType:
    """Import and return ``keras``, hiding only TensorFlow's start-up noise."""
    prepare_environment()
    if "keras" in sys.modules:
        return sys.modules["keras"]
    sys.stderr.flush()
    keep_jax_out = os.environ["KERAS_BACKEND"] == "tensorflow" and "jax" not in sys.modules
    if keep_jax_out:
        sys.modules["jax"] = None  # ``import jax`` raises ImportError, which TensorFlow expects
    with tempfile.TemporaryFile() as captured, deferred(DEFERRED_MODULES):
        saved_fd = os.dup(2)
        os.dup2(captured.fileno(), 2)
        try:
            import keras
        except ModuleNotFoundError as error:
            if (error.name or "").split(".")[0] in ("tensorflow", "keras"):
                raise ImportError(MISSING_TENSORFLOW) from error
            raise
        finally:
            if keep_jax_out and sys.modules.get("jax", False) is None:
                del sys.modules["jax"]
            os.dup2(saved_fd, 2)
            os.close(saved_fd)
            captured.seek(0)
            leftover = filter_noise(captured.read().decode("utf-8", errors="replace"))
            if leftover:
                sys.stderr.write(leftover)
    return keras


class _DeferredLoader(importlib.abc.Loader):
    """Loads a module as its bare namespace (``__file__``, ``__path__``...) that runs the module's code
    the first time a name it lacks is asked of it (PEP 562's module ``__getattr__``), so that tools
    reading every loaded module's ``__file__`` (IPython's tracebacks do) leave it waiting."""

    def __init__(self, loader: importlib.abc.Loader) -> None:
        self.loader = loader

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        """The module object the real loader would make."""
        return self.loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        """Leave ``module`` waiting: its code runs on the first name it lacks, or on ``dir()``."""
        namespace = module.__dict__

        def run() -> None:
            namespace.pop("__getattr__", None)
            namespace.pop("__dir__", None)
            self.loader.exec_module(module)

        def missing(name: str) -> object:
            run()
            return getattr(module, name)

        def listing() -> list[str]:
            run()
            return sorted(namespace)

        namespace["__getattr__"] = missing
        namespace["__dir__"] = listing


class _DeferringFinder(importlib.abc.MetaPathFinder):
    """Finds the named modules as usual, with a loader that defers running them to their first use."""

    def __init__(self, names: Sequence[str]) -> None:
        self.names = frozenset(names)

    def find_spec(self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None):
        """The usual spec of a deferred module, its loader deferring; None for any other module."""
        if fullname not in self.names:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path, target)
        if spec is not None and hasattr(spec.loader, "exec_module"):
            spec.loader = _DeferredLoader(spec.loader)
        return spec


@contextmanager
def deferred(names: Sequence[str]) -> Iterator[None]:
    """While inside, the modules ``names`` run on first use (unless scikit-learn is already loaded, when
    deferring them saves nothing)."""
    if "sklearn" in sys.modules:
        yield
        return
    finder = _DeferringFinder(names)
    sys.meta_path.insert(0, finder)
    try:
        yield
    finally:
        sys.meta_path.remove(finder)
