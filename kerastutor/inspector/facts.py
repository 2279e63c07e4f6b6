"""What a layer is and holds: readable config, shapes, parameters, weight statistics,
and the model summary's numbers. Pure: Keras objects in, plain data out."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._text import align_columns
from .activations import Tap

# Config keys shown elsewhere in the inspector, or noise for a learner.
_HIDDEN_KEYS = {"name", "dtype", "build_config", "compile_config"}


@dataclass(frozen=True)
class WeightStats:
    """Shape and statistics of one weight tensor."""

    name: str
    shape: tuple[int, ...]
    trainable: bool
    min: float
    mean: float
    max: float
    std: float


@dataclass(frozen=True)
class LayerFacts:
    """Everything the inspector's layer page says about one tap."""

    name: str
    class_name: str
    input_shapes: tuple[tuple, ...]
    output_shape: tuple
    trainable_params: int
    non_trainable_params: int
    config: tuple[tuple[str, str], ...]
    equivalents: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class SummaryRow:
    """One line of the model summary (nested layers indented by ``depth``)."""

    name: str
    class_name: str
    output_shape: tuple
    params: int
    depth: int


def _count(weights) -> int:
    return int(sum(np.prod(w.shape) for w in weights))


def readable_value(value) -> str:
    """A config value as a learner would write it: ``GlorotUniform(seed=None)``, ``'relu'``."""
    if isinstance(value, dict) and "class_name" in value and "config" in value:
        inner = value["config"] or {}
        if value["class_name"] in ("DTypePolicy", "FloatDTypePolicy") and "name" in inner:
            return repr(inner["name"])
        arguments = ", ".join(f"{k}={readable_value(v)}" for k, v in inner.items()
                              if k not in ("name",) or value["class_name"] == "function")
        return f"{value['class_name']}({arguments})"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {readable_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "(" + ", ".join(readable_value(v) for v in value) + (",)" if len(value) == 1 else ")")
    return repr(value)


def readable_config(config: dict) -> tuple[tuple[str, str], ...]:
    """``layer.get_config()`` as (key, readable value) pairs, bookkeeping keys left out."""
    return tuple((key, readable_value(value)) for key, value in config.items() if key not in _HIDDEN_KEYS)


def _shape(tensor) -> tuple:
    return tuple(tensor.shape)


def keras3_equivalents(tap: Tap) -> tuple[tuple[str, str], ...]:
    """Keras 2 attributes a learner may look for, and the Keras 3 way to get the same fact."""
    layer, call = tap.layer, tap.call
    if call.count == 1:
        first_in = _shape(call.inputs[0]) if len(call.inputs) == 1 else [_shape(t) for t in call.inputs]
        return (
            ("layer.input_shape (Keras 2)", f"layer.input.shape → {first_in}"),
            ("layer.output_shape (Keras 2)", f"layer.output.shape → {tap.shape}"),
            ("layer.get_output_at(0) (Keras 2)", "layer.output"),
        )
    shapes = [_shape(t) for t in call.inputs]
    return (
        ("layer.input_shape (Keras 2)",
         f"no single answer: {layer.name!r} is called {call.count} times; call {call.index} takes "
         f"{shapes[0] if len(shapes) == 1 else shapes}"),
        (f"layer.get_output_at({call.index}) (Keras 2)",
         f"kt.activations(model, x, layers=[{layer.name!r}])[{tap.name!r}]"),
        (f"layer.get_output_shape_at({call.index}) (Keras 2)", f"{tap.shape}"),
    )


def layer_facts(tap: Tap) -> LayerFacts:
    """The facts of one tap (one call of one layer)."""
    layer = tap.layer
    try:
        config = readable_config(layer.get_config())
    except NotImplementedError:
        config = (("get_config", "not implemented by this layer"),)
    return LayerFacts(
        name=tap.name,
        class_name=type(layer).__name__,
        input_shapes=tuple(_shape(t) for t in tap.call.inputs),
        output_shape=tap.shape,
        trainable_params=_count(layer.trainable_weights),
        non_trainable_params=_count(layer.non_trainable_weights),
        config=config,
        equivalents=keras3_equivalents(tap),
    )


def weight_stats(layer) -> list[WeightStats]:
    """Shape, min, mean, max and std of each of the layer's own weight tensors."""
    stats = []
    trainable_ids = {id(w) for w in layer.trainable_weights}
    for weight in layer.weights:
        values = np.asarray(weight.numpy(), dtype=float)
        empty = values.size == 0
        stats.append(WeightStats(
            name=weight.path if hasattr(weight, "path") else weight.name,
            shape=tuple(values.shape), trainable=id(weight) in trainable_ids,
            min=float("nan") if empty else float(values.min()),
            mean=float("nan") if empty else float(values.mean()),
            max=float("nan") if empty else float(values.max()),
            std=float("nan") if empty else float(values.std())))
    return stats


def summary_rows(taps: list[Tap]) -> list[SummaryRow]:
    """One row per tap, with the layer's own parameter count on its first call only."""
    rows, counted = [], set()
    for tap in taps:
        first = id(tap.layer) not in counted
        counted.add(id(tap.layer))
        rows.append(SummaryRow(tap.name, type(tap.layer).__name__, tap.shape,
                               tap.layer.count_params() if first and tap.layer.built else 0, tap.depth))
    return rows


def parameter_totals(model) -> tuple[int, int, int]:
    """Total, trainable and non-trainable parameters, counted as ``model.summary()`` counts them."""
    trainable = _count(model.trainable_weights)
    non_trainable = _count(model.non_trainable_weights)
    return trainable + non_trainable, trainable, non_trainable


def summary_table(model, taps: list[Tap]) -> str:
    """A plain-text summary: top-level layers and nested layers indented, then the totals."""
    rows = summary_rows(taps)
    header = ("Layer (type)", "Output shape", "Params")
    body = [("  " * r.depth + f"{r.name.rsplit('/', 1)[-1]} ({r.class_name})", str(r.output_shape),
             f"{r.params:,}") for r in rows]
    heading, *table = align_columns([header, *body])
    lines = [f"Model: {model.name!r}", heading, "-" * len(heading), *table]
    total, trainable, frozen = parameter_totals(model)
    lines += ["-" * len(lines[1]), f"Total params: {total:,}", f"Trainable params: {trainable:,}",
              f"Non-trainable params: {frozen:,}"]
    return "\n".join(lines)
