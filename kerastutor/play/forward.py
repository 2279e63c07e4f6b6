"""Every Dense column of the playground's network over the map's grid, computed in numpy from the layers'
weights: what ``Session.neuron_maps`` gives, for a redraw, without the cost of a Keras call (about 2 ms
for the default network on one CPU, against about 0.3 ms here). Dropout and any other layer that is not
Dense are left out, as they change nothing when the network is used rather than trained."""

from __future__ import annotations

import numpy as np

from .._quiet import import_keras


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (np.tanh(0.5 * x) + 1)  # no overflow for large negative x


def _softmax(x: np.ndarray) -> np.ndarray:
    shifted = np.exp(x - x.max(axis=-1, keepdims=True))
    return shifted / shifted.sum(axis=-1, keepdims=True)


# Keras's activations by name, in numpy; any other goes through Keras itself
ACTIVATIONS = {"linear": lambda x: x, "relu": lambda x: np.maximum(x, 0), "tanh": np.tanh,
               "sigmoid": _sigmoid, "softmax": _softmax}


def dense_layers(model) -> list:
    """The model's Dense layers, inputs first: the columns of the playground's picture after the features."""
    keras = import_keras()
    return [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]


def column_outputs(layers: list, weights: list[tuple[np.ndarray, np.ndarray]],
                   columns: np.ndarray) -> list[np.ndarray]:
    """Each layer's output for ``columns`` (points x features): shape (points, units) per layer, from its
    (kernel, bias) in ``weights`` and its own activation."""
    outputs = []
    x = columns
    for layer, (kernel, bias) in zip(layers, weights):
        activation = ACTIVATIONS.get(getattr(layer.activation, "__name__", ""))
        z = x @ kernel + bias
        x = activation(z) if activation is not None else np.asarray(layer.activation(z))
        outputs.append(x)
    return outputs


def column_maps(model, columns: np.ndarray, feature_names: tuple[str, ...],
                resolution: int) -> tuple[list[tuple[str, np.ndarray]], list[np.ndarray]]:
    """``Session.neuron_maps`` for ``columns`` (the map's grid, ``resolution`` squared points row by row
    from the top, through the features): ``(name, maps)`` per column, the features first, each of shape
    (units, resolution, resolution); and the kernels between neighbouring columns (for the diagram)."""
    layers = dense_layers(model)
    weights = [(values[0], values[1] if len(values) > 1 else 0.0)  # a Dense layer may have no bias
               for values in (layer.get_weights() for layer in layers)]
    outputs = column_outputs(layers, weights, columns)
    named = [(", ".join(feature_names), columns), *zip((layer.name for layer in layers), outputs)]
    maps = [(name, values.T.reshape(-1, resolution, resolution)) for name, values in named]
    return maps, [kernel for kernel, _ in weights]
