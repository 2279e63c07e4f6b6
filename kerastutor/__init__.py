"""kerastutor: learn Keras 3 in Jupyter with live instruments and checked exercises.

``import kerastutor as kt`` loads Keras quietly (no TensorFlow start-up noise on
stderr) and nothing else: each public name below imports its module on first use.
"""

from __future__ import annotations

import sys
from importlib import import_module
from typing import TYPE_CHECKING

from ._quiet import import_keras

__version__ = "0.1.0"

# public name -> module that defines it. Names follow Keras and matplotlib (model_catalog, color); the
# modules that hold data tables keep their English names (pretrained/catalogue.py, exercises/catalogue.py).
_PUBLIC = {
    "LivePlot": "kerastutor.training.callback",
    "LayerStats": "kerastutor.layerstats.callback",
    "activations": "kerastutor.inspector.activations",
    "layer_taps": "kerastutor.inspector.activations",
    "inspect": "kerastutor.inspector.view",
    "augment_preview": "kerastutor.augment.view",
    "model_catalog": "kerastutor.pretrained.catalogue",
    "load_pretrained": "kerastutor.pretrained.loading",
    "WeightsUnavailable": "kerastutor.pretrained.loading",
    "gallery": "kerastutor.pretrained.view",
    "progress": "kerastutor.exercises.report",
    "explain": "kerastutor.concepts.index",
    "explain_errors": "kerastutor.concepts.hook",
    "playground": "kerastutor.play.view",
    "saliency": "kerastutor.attribution.compute",
    "saliency_view": "kerastutor.attribution.view",
    "compare": "kerastutor.comparison.view",
    "mistakes": "kerastutor.confusion.view",
    "projection": "kerastutor.projector.view",
}

# public name -> submodule exposed as a whole
_MODULES = {"datasets": "kerastutor.datasets"}

__all__ = [*_PUBLIC, *_MODULES, "__version__"]

if TYPE_CHECKING:
    from . import datasets as datasets
    from .attribution.compute import saliency as saliency
    from .attribution.view import saliency_view as saliency_view
    from .augment.view import augment_preview as augment_preview
    from .comparison.view import compare as compare
    from .concepts.hook import explain_errors as explain_errors
    from .concepts.index import explain as explain
    from .confusion.view import mistakes as mistakes
    from .exercises.report import progress as progress
    from .inspector.activations import activations as activations
    from .inspector.activations import layer_taps as layer_taps
    from .inspector.view import inspect as inspect
    from .layerstats.callback import LayerStats as LayerStats
    from .play.view import playground as playground
    from .pretrained.catalogue import model_catalog as model_catalog
    from .pretrained.loading import WeightsUnavailable as WeightsUnavailable
    from .pretrained.loading import load_pretrained as load_pretrained
    from .pretrained.view import gallery as gallery
    from .projector.view import projection as projection
    from .training.callback import LivePlot as LivePlot

import_keras()

if "IPython" in sys.modules and sys.modules["IPython"].get_ipython() is not None:
    # a notebook or IPython shell: explain Keras 1/2 names where errors happen (the error reader and the
    # concept tables load on the first error; Keras imports IPython in plain Python too, with no shell)
    from .concepts.hook import explain_errors

    explain_errors(True)


def __getattr__(name: str):
    """Import a public name's module the first time the name is used."""
    if name in _MODULES:
        value = import_module(_MODULES[name])
    elif name in _PUBLIC:
        value = getattr(import_module(_PUBLIC[name]), name)
    else:
        raise AttributeError(f"module 'kerastutor' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """Public names, for tab completion."""
    return sorted(__all__)
