"""What LayerStats reads from a model: its layers with weights, their weights, the gradient norms on a
sample batch, and the statistics of their outputs. The model is never changed.

Both passes on the sample run in inference mode (``training=False``): Dropout is off and
BatchNormalization uses its moving statistics, so nothing random is drawn and no state moves; the
gradients are those of the model as it predicts, which is what a layer that stopped learning shows
as well as a training step would, without changing the training it watches.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .._arguments import BadArgument
from .._quiet import import_keras
from ..inspector.activations import activations, as_input_batch, layer_taps
from ..inspector.graph import NotAGraphModel, model_inputs
from .record import activation_statistics

keras = import_keras()

_CALL_SUFFIX = re.compile(r"(\[\d+\])?(:\d+)?$")


@dataclass(frozen=True)
class WatchedLayer:
    """A layer with weights, named as ``kt.activations`` names it (``outer/inner`` inside a nested
    model); ``tap`` reads its output (its first call's first output), None when outputs cannot be read."""

    name: str
    layer: object
    tap: str | None


@dataclass(frozen=True)
class Sample:
    """The held sample batch: inputs as the model takes them, and targets."""

    x: object
    y: object
    size: int


def watched_layers(model) -> tuple[list[WatchedLayer], bool]:
    """The model's layers with weights, nested models followed; and whether their outputs can be read
    (not for a subclassed model, whose top-level layers are watched for weights and gradients only)."""
    try:
        taps = layer_taps(model)
    except NotAGraphModel:
        return [WatchedLayer(layer.name, layer, None) for layer in model.layers if layer.weights], False
    holders = {parent[-1] for parent in (t.parent for t in taps) if parent}
    watched, seen = [], set()
    for tap in taps:
        call_name = re.sub(r":\d+$", "", tap.name)
        if call_name in holders or not tap.layer.weights or id(tap.layer) in seen:
            continue
        seen.add(id(tap.layer))
        watched.append(WatchedLayer(_CALL_SUFFIX.sub("", tap.name), tap.layer, tap.name))
    return watched, True


def layer_weights(layer) -> np.ndarray:
    """All of a layer's trainable weights (all its weights when it is frozen), flattened together."""
    variables = layer.trainable_weights or layer.weights
    return np.concatenate([np.ravel(v.numpy()) for v in variables])


def prepare_sample(owner: str, model, sample: tuple, limit: int) -> Sample:
    """``sample=(x, y)`` checked against the model and cut to its first ``limit`` samples."""
    x, y = sample
    try:
        arrays, added = as_input_batch(model, x, owner, "sample")
    except NotAGraphModel:  # a subclassed model: x is taken as its one input
        arrays, added = [np.asarray(x)], np.ndim(x) < 2
    if added:
        raise BadArgument(f"{owner}: sample=(x, y) needs a batch of samples, and x is one sample; pass "
                          "for example sample=(x_train[:64], y_train[:64]).")
    count = len(arrays[0])
    targets = keras.tree.flatten(y)
    lengths = sorted({len(np.asarray(t)) if np.ndim(t) else 0 for t in targets})
    if not targets or lengths != [count]:
        raise BadArgument(f"{owner}: sample=(x, y) holds {count} input sample(s) but "
                          f"{' or '.join(map(str, lengths)) or 'no'} target(s); give y one target per "
                          "sample, for example sample=(x_train[:64], y_train[:64]).")
    kept = min(count, limit)
    inputs = [array[:kept] for array in arrays]
    cut = keras.tree.map_structure(lambda t: np.asarray(t)[:kept], y)
    return Sample(inputs[0] if len(inputs) == 1 else inputs, cut, kept)


def one_pass_model(model, watched: Sequence[WatchedLayer], sample_size: int, budget_mb: float):
    """A side model giving the model's predictions and each watched layer's output in one pass (built from
    the model's own tensors, once per fit); None when a watched layer is inside a nested model or the
    outputs would exceed ``budget_mb`` (``output_statistics`` then reads them)."""
    readable = [layer.tap for layer in watched if layer.tap is not None]
    taps = {tap.name: tap for tap in layer_taps(model)}
    chosen = [taps[name] for name in readable]
    if not chosen or any(tap.depth for tap in chosen):
        return None
    size = sum(sample_size * 4 * float(np.prod([d or 1 for d in tap.shape[1:]])) for tap in chosen)
    if size > budget_mb * 2**20:
        return None
    try:
        predictions = model.output  # the structure model(x) returns (a dict for named outputs)
    except AttributeError:  # a Sequential model: one output
        predictions = model.outputs[0]
    inputs = model_inputs(model)
    return keras.Model(inputs[0] if len(inputs) == 1 else inputs,
                       [predictions, [tap.call.outputs[tap.output] for tap in chosen]])


def gradient_norms(model, sample: Sample, watched: Sequence[WatchedLayer], one_pass=None
                   ) -> tuple[dict[str, float], dict[str, dict[str, float]] | None]:
    """Each watched layer's gradient norm of the model's compiled loss on the sample (NaN for a frozen
    layer); with ``one_pass`` (``one_pass_model``), the same forward pass also gives the output statistics
    (else None). The metrics the loss updates on the way (a multi-output model's per-output losses) are
    put back as they were."""
    import tensorflow as tf

    saved = {id(v): (v, v.numpy()) for metric in model.metrics for v in metric.variables}
    variables = [v for layer in watched for v in layer.layer.trainable_weights]
    outputs = None
    try:
        with tf.GradientTape() as tape:
            if one_pass is None:
                predicted = model(sample.x, training=False)
            else:
                predicted, outputs = one_pass(sample.x, training=False)
            loss = model.compute_loss(x=sample.x, y=sample.y, y_pred=predicted)
        gradients = tape.gradient(loss, variables)
    finally:
        _put_back(model, saved)
    squares = {id(v): 0.0 if g is None else float(tf.reduce_sum(tf.square(tf.cast(
        tf.convert_to_tensor(g), tf.float32)))) for v, g in zip(variables, gradients)}
    norms = {layer.name: math.sqrt(sum(squares[id(v)] for v in layer.layer.trainable_weights))
             if layer.layer.trainable_weights else math.nan for layer in watched}
    if outputs is not None:
        readable = [layer for layer in watched if layer.tap is not None]
        outputs = {layer.name: activation_statistics(keras.ops.convert_to_numpy(output))
                   for layer, output in zip(readable, outputs)}
    return norms, outputs


def _put_back(model, saved: dict) -> None:
    """Metrics as they were before the loss was computed; those it created (the loss builds its
    per-output trackers on first use) empty, as training would find them."""
    for metric in model.metrics:
        if all(id(v) in saved for v in metric.variables):
            for variable in metric.variables:
                variable.assign(saved[id(variable)][1])
        else:
            metric.reset_state()


def output_statistics(model, sample: Sample, watched: Sequence[WatchedLayer],
                      budget_mb: float) -> dict[str, dict[str, float]]:
    """Each watched layer's output statistics on the sample (``kt.activations``, inference mode)."""
    readable = [layer for layer in watched if layer.tap is not None]
    if not readable:
        return {}
    outputs = activations(model, sample.x, [layer.tap for layer in readable], budget_mb=budget_mb)
    return {layer.name: activation_statistics(outputs[layer.tap]) for layer in readable}
