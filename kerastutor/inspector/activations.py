"""``activations(model, x)``: what each layer outputs for some input. Pure computation.

Side models are built from the learner's model's own symbolic tensors, so the
model is never changed: no layer is added, no weight moves (with
``training=True``, the non-trainable state that layers such as
BatchNormalization update is put back afterwards).
"""

from __future__ import annotations

import difflib
import re
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .._arguments import BadArgument, flag, number, refuse, shorten, text
from .._quiet import import_keras
from .graph import Call, graph_calls, model_inputs

keras = import_keras()

DEFAULT_BUDGET_MB = 512.0
NAME_LIMIT = 1_000  # characters of a layer name asked for (Keras names are short)
MODEL_ALLOWED = "a keras.Model (Sequential or functional)"
LAYERS_ALLOWED = ("a layer name, a Layer, or a non-empty list of them (None: every layer)")
NUMERIC_KINDS = "biuf"  # bool, integers, floats: what a numeric input accepts
_CALL_SUFFIX = re.compile(r"(\[\d+\])?(:\d+)?$")


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


def check_model(owner: str, model: object) -> None:
    """Refuse, naming the argument, a ``model`` that is not a Keras model (a string, None...)."""
    if not isinstance(model, keras.Model):
        raise refuse(owner, "model", model, MODEL_ALLOWED)


def check_budget(owner: str, budget_mb: object) -> float:
    """``budget_mb`` as a finite number of megabytes above 0 (NaN would turn the guard off)."""
    return number(owner, "budget_mb", budget_mb, 0, low_open=True)


def layer_taps(model, _prefix: str = "", _parent: tuple[str, ...] = ()) -> list[Tap]:
    """Every readable layer output of ``model``, nested models' layers included, in order."""
    if not _prefix:
        check_model("layer_taps", model)
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


def as_input_batch(model, x, owner: str = "activations", argument: str = "x"
                   ) -> tuple[list[np.ndarray], bool]:
    """Inputs as a list of arrays with a batch axis; True when one was added.

    Refused with the argument's name: the wrong number of inputs, the wrong sample shape, values
    that are not numbers (or text for a text input), an empty batch. NaN or infinite values are
    accepted with a warning (every layer's output then holds NaN too)."""
    inputs = model_inputs(model)
    values = _input_values(inputs, x, owner, argument)
    arrays, added = [], False
    for tensor, value in zip(inputs, values):
        array, one = _input_array(tensor, value, owner, argument)
        added = added or one
        arrays.append(array)
    if len({len(array) for array in arrays}) > 1:
        raise BadArgument(f"{owner}: the inputs in {argument}= hold different numbers of samples "
                          f"({', '.join(str(len(a)) for a in arrays)}); give every input the same number.")
    return arrays, added


def _input_values(inputs: list, x: object, owner: str, argument: str) -> list:
    if isinstance(x, Mapping):
        names = [t.name for t in inputs]
        missing = [n for n in names if n not in x]
        if missing:
            raise BadArgument(f"{owner}: the input dict {argument}= has no entry for {missing}; "
                              f"the model's inputs are {names}.")
        return [x[n] for n in names]
    if len(inputs) > 1:
        if not isinstance(x, (list, tuple)) or len(x) != len(inputs):
            raise BadArgument(f"{owner}: this model has {len(inputs)} inputs: pass {argument}= as a list "
                              f"of {len(inputs)} arrays (or a dict by input name); got {shorten(x)}.")
        return list(x)
    return [x[0] if isinstance(x, (list, tuple)) and len(x) == 1 and np.ndim(x[0]) > 0 else x]


def _input_array(tensor, value: object, owner: str, argument: str) -> tuple[np.ndarray, bool]:
    expected = tuple(tensor.shape)
    sample = tuple(expected[1:])
    allowed = f"an array of samples of shape {sample}, or one sample"
    if value is None or isinstance(value, (str, bytes)) and tensor.dtype != "string":
        raise refuse(owner, argument, value, allowed)
    try:
        array = np.asarray(value)
    except (ValueError, TypeError) as error:  # ragged nested lists
        raise refuse(owner, argument, value, f"{allowed} (all samples of one shape)") from error
    added = False
    if array.ndim == len(expected) - 1:
        array, added = array[None, ...], True
    if array.ndim != len(expected) or any(
            e is not None and e != a for e, a in zip(expected[1:], array.shape[1:])):
        raise BadArgument(
            f"{owner}: input {tensor.name!r} expects samples of shape {sample} (a batch: {expected}); "
            f"got an array of shape {array.shape}. Pass one sample of shape {sample} or a batch "
            f"of them (for example x.reshape(-1, *{sample})).")
    if len(array) == 0:
        raise refuse(owner, argument, value, f"{allowed}: this batch holds no sample")
    if tensor.dtype == "string":
        if array.dtype.kind not in "USO":
            raise BadArgument(f"{owner}: input {tensor.name!r} takes text; "
                              f"got an array of {array.dtype} values.")
        return (array.astype(object) if array.dtype.kind == "U" else array), added  # Keras takes str
    if array.dtype.kind not in NUMERIC_KINDS:
        raise BadArgument(f"{owner}: input {tensor.name!r} must be numeric; got an array of {array.dtype} "
                          "values. Pass numbers (for example x.astype('float32')).")
    if array.dtype.kind == "f" and not np.isfinite(array).all():
        count = int((~np.isfinite(array)).sum())
        warnings.warn(f"{owner}: {argument} holds {count:,} NaN or infinite value(s) for input "
                      f"{tensor.name!r}; the layers' outputs will hold NaN too.", RuntimeWarning,
                      stacklevel=4)
    return array, added


def _plain(name: str) -> str:
    """A tap's name without its call and output suffixes: ``shared[1]`` -> ``shared``."""
    return _CALL_SUFFIX.sub("", name)


def _own_name(name: str) -> str:
    """The last part of a nested tap's name: ``mobilenetv2/Conv1`` -> ``Conv1``."""
    return _plain(name.rsplit("/", 1)[-1])


def find_taps(taps: list[Tap], wanted: object, owner: str, argument: str) -> list[Tap]:
    """The taps of one layer asked for by its name (``outer/inner``, or the inner layer's own name
    when only one nested model holds it) or by the Layer object itself."""
    if isinstance(wanted, keras.layers.Layer):
        found = [t for t in taps if t.layer is wanted]
        name = wanted.name
    else:
        name = text(owner, argument, wanted, limit=NAME_LIMIT)
        found = [t for t in taps if t.name == name or _plain(t.name) == name]
        if not found:
            found = [t for t in taps if _own_name(t.name) == name]
            holders = list(dict.fromkeys(_plain(t.name) for t in found))
            if len(holders) > 1:
                raise BadArgument(f"{owner}: {argument}={shorten(wanted)} is ambiguous: layers of that "
                                  f"name are in several places: {', '.join(map(repr, holders[:8]))}. "
                                  "Pass the full name.")
    if not found:
        raise _no_layer(taps, name, owner)
    return found


def _no_layer(taps: list[Tap], name: str, owner: str) -> BadArgument:
    names = [t.name for t in taps]
    by_own = {}
    for full in names:
        by_own.setdefault(_own_name(full), full)
    close = difflib.get_close_matches(name, names, n=3) or [
        by_own[c] for c in difflib.get_close_matches(name, list(by_own), n=3)]
    hint = f" Did you mean {', '.join(map(repr, close))}?" if close else ""
    return BadArgument(f"{owner}: no layer {shorten(name)} in this model.{hint} Layer names are listed "
                       "by kerastutor.layer_taps(model) and model.summary().")


def _select(taps: list[Tap], layers: object, owner: str = "activations") -> list[Tap]:
    if layers is None:
        return taps
    if isinstance(layers, (str, keras.layers.Layer)):
        layers = [layers]
    if not isinstance(layers, (list, tuple)) or not layers:
        raise refuse(owner, "layers", layers, LAYERS_ALLOWED)
    chosen = []
    for wanted in layers:
        if not isinstance(wanted, (str, keras.layers.Layer)):
            raise refuse(owner, "layers", layers, LAYERS_ALLOWED)
        chosen.extend(t for t in find_taps(taps, wanted, owner, "layers") if t not in chosen)
    return chosen


class LayerOutputs(dict):
    """``{layer name: array}`` as ``activations`` returns it; a nested layer's own name
    (``"Conv1"`` for ``"mobilenetv2/Conv1"``) finds it too when only one entry has that name."""

    def __missing__(self, key: object):
        found = [name for name in self if isinstance(key, str) and _own_name(name) == key]
        if len(found) == 1:
            return self[found[0]]
        raise KeyError(f"{shorten(key)} is not among the layer outputs computed: "
                       f"{shorten(list(self), 200)}")


def cached_output(cache: dict[str, np.ndarray], model, sample, name: str, budget_mb: float) -> np.ndarray:
    """Layer ``name``'s output for ``sample``, kept in ``cache``: the first time, every layer's output is
    computed in one pass (only this layer's when all of them would exceed ``budget_mb``)."""
    if name not in cache:
        try:
            cache.update({key: value for key, value in activations(model, sample, budget_mb=budget_mb).items()
                          if key not in cache})
        except MemoryBudgetExceeded:
            cache.update(activations(model, sample, layers=[name], budget_mb=budget_mb))
    return cache[name]


def _megabytes(shape: tuple, batch: int, dtype: str) -> float:
    size = 8 if dtype == "string" else np.dtype(dtype).itemsize  # strings: one reference each
    return batch * float(np.prod([d or 1 for d in shape[1:]])) * size / 2**20


def _shown_mb(size: float) -> str:
    """``495.3`` -> ``"495 MB"``; ``0.0191`` -> ``"0.019 MB"``."""
    return f"{size:,.0f} MB" if size >= 10 else f"{size:.2g} MB"


def _check_memory(taps: list[Tap], every_tap: list[Tap], batch: int, budget_mb: float) -> None:
    """Refuse a request whose outputs, or the largest layer output computed on the way to them
    (a convolution's feature maps when only the last Dense is asked for), exceed the budget."""
    asked = sum(_megabytes(t.shape, batch, t.dtype) for t in taps)
    last = max(every_tap.index(t) for t in taps)
    on_the_way = max(_megabytes(t.shape, batch, t.dtype) for t in every_tap[:last + 1])
    if max(asked, on_the_way) <= budget_mb:
        return
    what = (f"the {len(taps)} layer outputs asked for would take about {_shown_mb(asked)}"
            if asked >= on_the_way
            else f"computing them goes through a layer output of about {_shown_mb(on_the_way)}")
    raise MemoryBudgetExceeded(
        f"{what} for {batch} sample(s), over the budget of {_shown_mb(budget_mb)}. Ask for fewer layers "
        "(layers=[...]), pass fewer samples, or raise budget_mb.")


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
            A layer inside a nested model may be named ``outer/inner``, or by its own
            name when only one nested model holds it (the result is keyed
            ``outer/inner``, and found by the inner name too).
        training: run layers in training mode (Dropout active, BatchNormalization
            using batch statistics); the model's state is restored afterwards.
        budget_mb: refuse, before computing, a request whose outputs exceed this
            (a finite number of megabytes above 0).

    Every argument is checked before anything is computed; a wrong one is refused
    with its name (``BadArgument``), an unbuilt or subclassed model with
    ``NotAGraphModel``, a request over the budget with ``MemoryBudgetExceeded``.
    """
    check_model("activations", model)
    training = flag("activations", "training", training)
    budget_mb = check_budget("activations", budget_mb)
    every_tap = layer_taps(model)
    taps = _select(every_tap, layers)
    arrays, _ = as_input_batch(model, x)
    batch = len(arrays[0])
    _check_memory(taps, every_tap, batch, budget_mb)
    saved = [v.numpy() for v in model.non_trainable_variables] if training else None
    try:
        calls = {t.name: t.call for t in every_tap}
        values = _evaluate(model, arrays, taps, calls, (), training)
    finally:
        if saved is not None:
            for variable, value in zip(model.non_trainable_variables, saved):
                variable.assign(value)
    return LayerOutputs((t.name, values[t.name]) for t in taps)


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
