"""The architecture picture: ``keras.utils.model_to_dot``, with a clear word when a piece is missing.

Keras writes each layer's name into an HTML-like Graphviz label as it is, so a layer named
``conv&pool``, ``a<b>`` or ``{x}`` made ``dot`` fail (a pydot assertion, with the PNG bytes
printed). The names are escaped here, in the graph Keras builds, before ``dot`` reads it.
"""

from __future__ import annotations

import contextlib
import html
import importlib.util
import io
import shutil

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


def graphviz_text(name: str) -> str:
    """``name`` safe inside a Graphviz HTML-like label: ``conv&pool`` -> ``conv&amp;pool``; a name
    with unprintable characters, or blank, is shown as Python writes it (``'\\n'``)."""
    shown = name if name.isprintable() and name.strip() else repr(name)
    return "".join(c if c not in "{}|[]\\" else f"&#{ord(c)};" for c in html.escape(shown, quote=True))


def _layers_by_id(model) -> dict[str, object]:
    """Every layer of ``model`` and of its nested models, by the node name Keras gives it."""
    found = {}
    for layer in model.layers:
        found[str(id(layer))] = layer
        if isinstance(layer, keras.Model) and layer is not model:
            found.update(_layers_by_id(layer))
    return found


def _escape_names(graph, layers: dict[str, object]) -> None:
    """Escape the layer names in the labels of ``graph`` and its clusters (nested models)."""
    for node in graph.get_nodes():
        layer, label = layers.get(node.get_name().strip('"')), node.get("label")
        if layer is not None and isinstance(label, str):
            shown = f"<b>{graphviz_text(layer.name)}</b> ("
            node.set("label", label.replace(f"<b>{layer.name}</b> (", shown, 1))
    for cluster in graph.get_subgraphs():
        cluster.set_name(f"cluster_{id(cluster)}")  # Keras names it after the model, unquoted
        title = cluster.get("label")
        if isinstance(title, str):
            cluster.set("label", "<" + graphviz_text(title) + ">")
        _escape_names(cluster, layers)


def architecture_png(model, dpi: int = 64, expand_nested: bool = True) -> bytes:
    """``plot_model``'s picture with shapes, activations and (by default) nested models expanded,
    as PNG bytes; any layer name is drawn as written."""
    missing = missing_piece()
    if missing:
        raise ArchitectureUnavailable(
            f"The architecture picture needs keras.utils.plot_model, and {missing}.")
    graph = keras.utils.model_to_dot(model, show_shapes=True, show_layer_names=True,
                                     show_layer_activations=True, expand_nested=expand_nested, dpi=dpi)
    _escape_names(graph, _layers_by_id(model))
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # pydot prints the whole output on failure
            return graph.create(format="png")
    except Exception as error:  # noqa: BLE001  (pydot raises AssertionError for dot's refusals)
        raise ArchitectureUnavailable(
            f"Graphviz could not draw the architecture of {model.name!r} "
            f"({type(error).__name__}: {str(error).splitlines()[0][:200] if str(error) else ''}). "
            "kt.inspect(model).summary() gives the same layers as text.") from error
