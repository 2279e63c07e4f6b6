"""``activations(model, x)``: what each layer outputs for some input. Pure computation.

Side models are built from the learner's model's own symbolic tensors, so the
model is never changed: no layer is added, no weight moves (with
``training=True``, the non-trainable state that layers such as
BatchNormalization update is put back afterwards).
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .._quiet import import_keras
from .graph import Call, graph_calls, model_inputs

keras = import_keras()

DEFAULT_BUDGET_MB = 512.0


class MemoryBudgetExceeded(ValueError):
    """The requested activations would not fit in the memory budget."""


@dataclass(frozen=True)
class Tap:
    """A place where a layer's output can be read, named as ``activations`` names it.

    ``name`` is the layer's name; ``name[i]`` for the i-th call of a shared layer;
    ``outer/inner`` for a layer inside a nested model; ``:k`` suffixes a layer's
    k-th output when it has several.
    """

    name: str
    layer: object
    depth: int                 # 0 for the model's own layers, 1 inside a nested model, ...
    shape: tuple               # symbolic output shape, batch axis first (None when open)
    dtype: str
    call: Call
    output: int                # which of the call's outputs
    parent: tuple[str, ...]    # names of the enclosing nested-model calls


def _call_name(call: Call) -> str:
    return f"{call.layer.name}[{call.index}]" if call.count > 1 else call.layer.name


def _is_nested_graph(layer) -> bool:
    if not isinstance(layer, keras.Model):
        return False
    try:
        return bool(layer.inputs)
    except AttributeError:
        return False


def layer_taps(model, _prefix: str = "", _parent: tuple[str, ...] = ()) -> list[Tap]:
    """Every readable layer output of ``model``, nested models' layers included, in order."""
    taps = []
    for call in graph_calls(model):
        name = _prefix + _call_name(call)
        for k, tensor in enumerate(call.outputs):
            suffix = f":{k}" if len(call.outputs) > 1 else ""
            taps.append(Tap(name + suffix, call.layer, len(_parent), tuple(tensor.shape),
                            str(tensor.dtype), call, k, _parent))
        if _is_nested_graph(call.layer):
            taps.extend(layer_taps(call.layer, name + "/", (*_parent, name)))
    return taps


def as_input_batch(model, x) -> tuple[list[np.ndarray], bool]:
    """Inputs as a list of arrays with a batch axis; True when one was added."""
    inputs = model_inputs(model)
    if isinstance(x, Mapping):
        names = [t.name for t in inputs]
        missing = [n for n in names if n not in x]
        if missing:
            raise ValueError(f"the input dict has no entry for {missing}; the model's inputs are {names}.")
        values = [x[n] for n in names]
    elif len(inputs) > 1:
        if not isinstance(x, (list, tuple)) or len(x) != len(inputs):
            raise ValueError(f"this model has {len(inputs)} inputs: pass a list of {len(inputs)} arrays "
                             "(or a dict by input name).")
        values = list(x)
    else:
        values = [x[0] if isinstance(x, (list, tuple)) and len(x) == 1 and np.ndim(x[0]) > 0 else x]
    arrays, added = [], False
    for tensor, value in zip(inputs, values):
        array = np.asarray(value)
        expected = tuple(tensor.shape)
        if array.ndim == len(expected) - 1:
            array, added = array[None, ...], True
        if array.ndim != len(expected) or any(
                e is not None and e != a for e, a in zip(expected[1:], array.shape[1:])):
            sample = tuple(expected[1:])
            raise ValueError(
                f"input {tensor.name!r} expects samples of shape {sample} (a batch: {expected}); "
                f"got an array of shape {array.shape}. Pass one sample of shape {sample} or a batch "
                f"of them (for example x.reshape(-1, *{sample})).")
        text_input = tensor.dtype == "string"
        if (array.dtype == object or array.dtype.kind == "U") and not text_input:
            raise ValueError(f"input {tensor.name!r} must be numeric; got an array of {array.dtype} values.")
        if text_input and array.dtype.kind == "U":
            array = array.astype(object)  # Keras takes text as Python strings
        arrays.append(array)
    return arrays, added


def _select(taps: list[Tap], layers) -> list[Tap]:
    if layers is None:
        return taps
    if isinstance(layers, (str, keras.layers.Layer)):
        layers = [layers]
    chosen, names = [], [t.name for t in taps]
    for wanted in layers:
        if isinstance(wanted, keras.layers.Layer):
            found = [t for t in taps if t.layer is wanted]
        else:
            found = [t for t in taps if t.name == wanted or t.name.split("[")[0].split(":")[0] == wanted]
        if not found:
            close = difflib.get_close_matches(str(getattr(wanted, "name", wanted)), names, n=3)
            hint = f" Did you mean {', '.join(map(repr, close))}?" if close else ""
            raise ValueError(f"no layer {getattr(wanted, 'name', wanted)!r} in this model.{hint} "
                             "Layer names are listed by kerastutor.layer_taps(model) and model.summary().")
        chosen.extend(t for t in found if t not in chosen)
    return chosen


def _megabytes(shape: tuple, batch: int, dtype: str) -> float:
    size = 8 if dtype == "string" else np.dtype(dtype).itemsize  # strings: one reference each
    return batch * float(np.prod([d or 1 for d in shape[1:]])) * size / 2**20


def activations(model, x, layers: Sequence | str | None = None, *, training: bool = False,
                budget_mb: float = DEFAULT_BUDGET_MB) -> dict[str, np.ndarray]:
    """Each chosen layer's output for input ``x``, as ``{layer name: numpy array}``.

    Args:
        model: a functional or Sequential ``keras.Model`` (nested models are
            followed: their layers appear as ``outer/inner``).
        x: a batch, or a single sample, which gets a batch axis of 1 added (the
            arrays returned then have that batch axis too). Multi-input models
            take a list or a dict by input name.
        layers: names (or Layer objects) to compute; all layers by default.
            A shared layer's name selects all its calls (``name[0]``, ``name[1]``...).
        training: run layers in training mode (Dropout active, BatchNormalization
            using batch statistics); the model's state is restored afterwards.
        budget_mb: refuse, before computing, a request whose outputs exceed this.
    """
    every_tap = layer_taps(model)
    taps = _select(every_tap, layers)
    arrays, _ = as_input_batch(model, x)
    batch = len(arrays[0])
    needed = sum(_megabytes(t.shape, batch, t.dtype) for t in taps)
    if needed > budget_mb:
        raise MemoryBudgetExceeded(
            f"the {len(taps)} layer outputs asked for would take about {needed:,.0f} MB for "
            f"{batch} sample(s), over the budget of {budget_mb:,.0f} MB. Ask for fewer layers "
            "(layers=[...]), pass fewer samples, or raise budget_mb.")
    saved = [v.numpy() for v in model.non_trainable_variables] if training else None
    try:
        calls = {t.name: t.call for t in every_tap}
        values = _evaluate(model, arrays, taps, calls, (), training)
    finally:
        if saved is not None:
            for variable, value in zip(model.non_trainable_variables, saved):
                variable.assign(value)
    return {t.name: values[t.name] for t in taps}


def _evaluate(model, arrays: list[np.ndarray], taps: list[Tap], calls: Mapping[str, Call],
              parent: tuple[str, ...], training: bool) -> dict[str, np.ndarray]:
    """Compute the taps at nesting level ``parent`` in one pass, then recurse into nested calls.

    One side model per level reads the taps of that level and the inputs of each
    nested-model call that holds chosen taps; those inputs then feed the nested
    model's own side model.
    """
    depth = len(parent)
    here = [t for t in taps if t.parent == parent]
    nested = list(dict.fromkeys(t.parent[depth] for t in taps if len(t.parent) > depth))
    tensors = [t.call.outputs[t.output] for t in here]
    for name in nested:
        tensors.extend(calls[name].inputs)
    inputs = model_inputs(model)
    single = len(inputs) == 1
    side = keras.Model(inputs[0] if single else inputs, tensors)
    outputs = side(arrays[0] if single else arrays, training=training)
    results = [keras.ops.convert_to_numpy(o) for o in (outputs if isinstance(outputs, (list, tuple))
                                                        else [outputs])]
    values = {t.name: results[i] for i, t in enumerate(here)}
    position = len(here)
    for name in nested:
        call = calls[name]
        inner_arrays = results[position:position + len(call.inputs)]
        position += len(call.inputs)
        inner_taps = [t for t in taps if len(t.parent) > depth and t.parent[depth] == name]
        values.update(_evaluate(call.layer, inner_arrays, inner_taps, calls, (*parent, name), training))
    return values
