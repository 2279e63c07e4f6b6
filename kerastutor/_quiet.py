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
"""

from __future__ import annotations

import os
import sys
import tempfile
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
    with tempfile.TemporaryFile() as captured:
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
