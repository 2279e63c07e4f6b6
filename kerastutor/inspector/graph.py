"""Where each layer of a model is called: the one place that reads Keras graph internals.

Keras 3 has public ``layer.input``/``layer.output`` for a layer's *first* call
only. A shared layer's later calls, and the calls of a nested model inside a
bigger one, are reachable only through ``Operation._inbound_nodes`` and
``KerasTensor._keras_history``, the attributes Keras itself uses to rebuild a
functional graph. This module wraps them; nothing else in kerastutor touches
them, and ``tests/test_inspect_graph.py`` pins their behaviour.
"""

from __future__ import annotations

from dataclasses import dataclass

from .._quiet import import_keras

keras = import_keras()


class NotAGraphModel(ValueError):
    """The model has no graph of symbolic tensors, so intermediate outputs cannot be read."""


@dataclass(frozen=True)
class Call:
    """One call of a layer inside one model's graph: its symbolic inputs and outputs."""

    layer: object
    index: int          # 0-based position among this layer's calls in this graph
    count: int          # how many times the layer is called in this graph
    inputs: tuple
    outputs: tuple


def model_inputs(model) -> list:
    """The symbolic inputs of a functional or built Sequential model, or a clear error."""
    if not isinstance(model, keras.Model):
        raise TypeError(f"expected a keras.Model, got {type(model).__name__}.")
    try:
        inputs = model.inputs
    except AttributeError:
        inputs = None
    if inputs:
        return list(inputs)
    if isinstance(model, keras.Sequential):
        raise NotAGraphModel(
            f"Sequential model {model.name!r} has no input shape yet, so its layers have no outputs "
            "to show. Start it with keras.Input(shape=...), or call it once on data "
            "(model(x[:1])) so that Keras builds it.")
    raise NotAGraphModel(
        f"{type(model).__name__} {model.name!r} is a subclassed Model: its call() runs Python code, "
        "so there is no graph of layer outputs to read in between. Call it on data to see its "
        "final output, or build the same network with the functional API "
        "(inputs = keras.Input(...); outputs = ...; keras.Model(inputs, outputs)) to see every layer.")


def _node_of(tensor):
    history = tensor._keras_history
    return history.operation._inbound_nodes[history.node_index]


def graph_calls(model) -> list[Call]:
    """Every layer call in ``model``'s own graph, in the order of ``model.layers``."""
    inputs = model_inputs(model)
    input_ids = {id(t) for t in inputs}
    seen: set[int] = set()
    stack = list(model.outputs)
    while stack:
        tensor = stack.pop()
        node = _node_of(tensor)
        if id(node) in seen:
            continue
        seen.add(id(node))
        stack.extend(t for t in node.input_tensors if id(t) not in input_ids)
    calls = []
    for layer in model.layers:
        nodes = [n for n in layer._inbound_nodes if id(n) in seen]
        if not nodes and isinstance(layer, keras.layers.InputLayer):
            nodes = [n for n in layer._inbound_nodes if any(id(t) in input_ids for t in n.outputs)]
        for index, node in enumerate(nodes):
            calls.append(Call(layer, index, len(nodes), tuple(node.input_tensors),
                              tuple(node.outputs)))
    return calls
