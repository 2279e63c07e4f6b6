"""The architecture picture: ``keras.utils.plot_model``, with a clear word when a piece is missing."""

from __future__ import annotations

import importlib.util
import shutil
import tempfile
from pathlib import Path

from .._quiet import import_keras

keras = import_keras()

INSTALL_GRAPHVIZ = ("install Graphviz: sudo apt-get install graphviz (Debian/Ubuntu), "
                    "brew install graphviz (macOS) or conda install graphviz")


class ArchitectureUnavailable(RuntimeError):
    """plot_model cannot run here; the message names the missing piece and how to get it."""


def missing_piece() -> str | None:
    """What plot_model lacks on this machine, or None when it can run."""
    if importlib.util.find_spec("pydot") is None:
        return "the Python package pydot is not installed: pip install pydot"
    if shutil.which("dot") is None:
        return f"Graphviz's dot program is not on PATH: {INSTALL_GRAPHVIZ}"
    return None


def architecture_png(model, dpi: int = 64, expand_nested: bool = True) -> bytes:
    """``plot_model`` with shapes, activations and (by default) nested models expanded, as PNG bytes."""
    missing = missing_piece()
    if missing:
        raise ArchitectureUnavailable(
            f"The architecture picture needs keras.utils.plot_model, and {missing}.")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "model.png"
        keras.utils.plot_model(model, to_file=str(path), show_shapes=True, show_layer_names=True,
                               show_layer_activations=True, expand_nested=expand_nested, dpi=dpi)
        return path.read_bytes()
