"""``saliency(model, images)``: which pixels a class score depends on. Pure computation (numpy out).

TensorFlow backend only: every method differentiates with ``tf.GradientTape``, and another Keras
backend is refused in one sentence. The learner's model is never changed: no weight moves, nothing
is compiled, every layer runs with ``training=False``; side models are built from the model's own
symbolic tensors (as ``kt.activations`` does), nested models such as a pretrained base included.

Methods (each heatmap is scaled to [0, 1] per image; an image whose map is all zero stays zero):

- ``"gradients"``: ``|d score / d pixel|``, the largest over the colour channels.
- ``"smoothgrad"``: the gradients averaged over ``n_samples`` (25) noisy copies of the image, the noise
  Gaussian with a standard deviation of ``noise`` (0.15) times the image's value range, drawn from
  ``seed``; then as ``"gradients"``. Less speckled than plain gradients.
- ``"integrated_gradients"``: the gradients averaged along the straight path from a black image (all
  zeros) to the image in ``steps`` (32) midpoint steps, times (image - black), summed over channels,
  absolute value. Its values add up to the score's change from black to the image.
- ``"grad_cam"``: the feature maps of the last convolutional layer (found by walking the layers,
  inside nested models too; or ``layer=`` by name), weighted by the mean gradient of the score over
  each map, summed, negatives dropped, resized (bilinear) to the input's size.

The score is the class's **logit** when the model ends in a softmax that can be separated (a
``Softmax`` or ``Activation("softmax")`` layer: its input is read; a ``Dense(..., activation=
"softmax")``: its pre-activation is computed from its own kernel and bias, read only); otherwise the
model's output (a probability). Why: a confident model's probability is saturated (0.9999 or exactly
1.0 in float32), so its gradients vanish and the map is noise or empty; the logit is what the
Grad-CAM and SmoothGrad papers explain. Subclassed models (no graph to read) use their output.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from .._arguments import BadArgument, choice, integer, number, refuse, shorten
from .._quiet import import_keras
from ..inspector.activations import (
    DEFAULT_BUDGET_MB,
    MemoryBudgetExceeded,
    Tap,
    as_input_batch,
    check_budget,
    find_taps,
    layer_taps,
)

keras = import_keras()

OWNER = "saliency"
METHODS = ("gradients", "smoothgrad", "integrated_gradients", "grad_cam")
N_SAMPLES, NOISE, STEPS = 25, 0.15, 32  # SmoothGrad's noisy copies and noise level; IG's path steps
SUBCLASSED_COPIES = 100  # a subclassed model's memory per image, in copies of the image (unknowable)
CONVOLUTIONS = (keras.layers.Conv2D, keras.layers.SeparableConv2D, keras.layers.DepthwiseConv2D,
                keras.layers.Conv2DTranspose)  # (and their subclasses): what Grad-CAM looks for


@dataclass(frozen=True)
class Explanation:
    """What ``explain`` computed: the heatmaps and what they explain, one entry per image."""

    heatmaps: np.ndarray       # (n, H, W) in [0, 1]
    images: np.ndarray         # the images as given, with a batch axis
    explained: np.ndarray      # (n,) the class each map explains
    predicted: np.ndarray      # (n,) the model's predicted class
    probabilities: np.ndarray  # (n, classes) the model's output
    method: str
    layer: str | None          # the layer Grad-CAM read (None for the gradient methods)
    score: str                 # "logit" or "output": what was differentiated


# ---- checks (before any TensorFlow work) ------------------------------------------------------------
def check_backend(owner: str = OWNER) -> None:
    """Refuse, in one sentence, a Keras that does not run on TensorFlow (GradientTape is TensorFlow's)."""
    if keras.backend.backend() != "tensorflow":
        raise RuntimeError(f"{owner}: saliency maps are computed with TensorFlow's GradientTape, but this "
                           f"Keras runs on the {keras.backend.backend()!r} backend. Set the environment "
                           "variable KERAS_BACKEND=tensorflow before importing keras.")


def is_graph_model(model) -> bool:
    """Whether ``model`` is functional or a built Sequential (it has symbolic inputs to follow)."""
    try:
        return bool(model.inputs)
    except AttributeError:
        return False


def _image_array(model, images: object, graph: bool, owner: str) -> np.ndarray:
    """``images`` as a float32 batch, checked: numbers, finite, an image shape the model takes."""
    allowed = "an array of images (n, height, width[, channels]) or one image"
    if images is None or isinstance(images, (str, bytes)):
        raise refuse(owner, "images", images, allowed)
    try:
        array = np.asarray(images)
    except (TypeError, ValueError) as error:
        raise refuse(owner, "images", images, f"{allowed} (all of one shape)") from error
    if array.dtype.kind not in "biuf":
        raise BadArgument(f"{owner}: images must be numbers; got an array of {array.dtype} values. "
                          "Pass pixel values (for example x.astype('float32')).")
    if array.dtype.kind == "f" and not np.isfinite(array).all():
        count = int((~np.isfinite(array)).sum())
        raise BadArgument(f"{owner}: images hold {count:,} NaN or infinite value(s); a saliency map needs "
                          "finite pixel values (find them with np.isnan(x).sum()).")
    if graph:
        inputs = model.inputs
        if len(inputs) != 1:
            raise BadArgument(f"{owner}: this model has {len(inputs)} inputs; saliency explains models "
                              "with one image input.")
        if len(inputs[0].shape) not in (3, 4):
            raise BadArgument(f"{owner}: the model's input has shape {tuple(inputs[0].shape)}, not an "
                              "image (batch, height, width[, channels]); saliency maps are for image "
                              "models (a flat input has no rows and columns to show).")
        array = as_input_batch(model, array, owner, "images")[0][0]
    elif array.ndim not in (3, 4):
        raise refuse(owner, "images", images, "a batch of images (n, height, width[, channels]) for a "
                     "subclassed model, whose input shape cannot be read")
    if len(array) == 0:
        raise refuse(owner, "images", images, f"{allowed}: this batch holds no image")
    return array.astype("float32")


def _classes(model, class_index: object, count: int, owner: str) -> np.ndarray | None:
    """``class_index`` as one int per image (None: the predicted class, found later)."""
    classes = None
    if is_graph_model(model):
        if len(model.outputs) != 1 or len(model.outputs[0].shape) != 2:
            shapes = [tuple(o.shape) for o in model.outputs]
            raise BadArgument(f"{owner}: the model's output shape {shorten(shapes)} is not one vector of "
                              "class scores per image (batch, classes); saliency explains classifiers.")
        classes = model.outputs[0].shape[-1]
    if class_index is None:
        return None
    allowed = f"a class number{f' from 0 to {classes - 1}' if classes else ''}, one per image, or None"
    if isinstance(class_index, (Sequence, np.ndarray)) and not isinstance(class_index, str):
        values = list(np.asarray(class_index).ravel()) if isinstance(class_index, np.ndarray) else list(
            class_index)
        if len(values) != count:
            raise BadArgument(f"{owner}: class_index holds {len(values)} classes for {count} images; give "
                              "one class per image, one int for all of them, or None (the predicted class).")
    else:
        values = [class_index] * count
    checked = []
    for value in values:
        try:
            checked.append(integer(owner, "class_index", value, 0, None if classes is None else classes - 1))
        except BadArgument:
            raise refuse(owner, "class_index", class_index, allowed) from None
    return np.array(checked, dtype="int64")


def _method_settings(method: object, n_samples: object, noise: object, steps: object, seed: object,
                     owner: str) -> tuple[str, int, float, int, int]:
    method = choice(owner, "method", method, METHODS)
    return (method, integer(owner, "n_samples", n_samples, 1, 1_000), number(owner, "noise", noise, 0, 1),
            integer(owner, "steps", steps, 1, 1_000), integer(owner, "seed", seed, 0))


# ---- where the score and the feature maps are read ---------------------------------------------------
@dataclass(frozen=True)
class ScoreReader:
    """How the score is read from a graph model: a tensor of its graph, then an optional read-only step
    (a softmax Dense's pre-activation from its own kernel and bias)."""

    tensor: object
    finish: Callable | None
    kind: str  # "logit" or "output"


def score_reader(model, taps: list[Tap]) -> ScoreReader:
    """The class scores of ``model``: the logits before its final softmax when it can be separated."""
    output = model.outputs[0]
    last = next((t for t in reversed(taps)
                 if t.depth == 0 and any(o is output for o in t.call.outputs)), None)
    if last is None or len(last.call.inputs) != 1:
        return ScoreReader(output, None, "output")
    layer, before = last.layer, last.call.inputs[0]
    if isinstance(layer, keras.layers.Softmax) or (
            isinstance(layer, keras.layers.Activation) and _is_softmax(layer.activation)):
        return ScoreReader(before, None, "logit")
    if type(layer) is keras.layers.Dense and _is_softmax(layer.activation) and len(before.shape) == 2 and (
            getattr(layer, "quantization_mode", None) is None):
        def logits(values, dense=layer):
            values = keras.ops.matmul(values, dense.kernel)
            return values + dense.bias if dense.use_bias else values
        return ScoreReader(before, logits, "logit")
    return ScoreReader(output, None, "output")


def _is_softmax(activation) -> bool:
    return getattr(activation, "__name__", "") == "softmax"


def last_feature_map(taps: list[Tap], owner: str = OWNER) -> Tap:
    """The last convolution's feature maps, followed on through layers that keep their shape (its
    BatchNormalization and activation): what Grad-CAM reads when no layer is named."""
    convolutions = [i for i, t in enumerate(taps) if isinstance(t.layer, CONVOLUTIONS)]
    if not convolutions:
        raise BadArgument(f"{owner}: Grad-CAM needs a convolutional layer and this model has none; use "
                          "method='gradients' (or 'smoothgrad', 'integrated_gradients'), which work on any "
                          "model.")
    start = convolutions[-1]
    chosen = taps[start]
    for tap in taps[start + 1:]:
        if tap.shape[1:] != chosen.shape[1:]:
            break
        if not isinstance(tap.layer, keras.Model):  # a nested model's own output: its layers come next
            chosen = tap
    return chosen


def feature_map(taps: list[Tap], layer: object, owner: str = OWNER) -> Tap:
    """The tap Grad-CAM reads: ``layer`` (a name, ``outer/inner``, or a Layer), or the automatic one."""
    if layer is None:
        return last_feature_map(taps, owner)
    tap = find_taps(taps, layer, owner, "layer")[-1]
    if len(tap.shape) != 4:
        raise BadArgument(f"{owner}: layer {tap.name!r} outputs shape {tap.shape}; Grad-CAM needs feature "
                          "maps (batch, height, width, channels): name a convolutional layer, or leave "
                          "layer=None to use the last one.")
    return tap


def _sub_model(inputs: Sequence, outputs):
    inputs = list(inputs)
    return keras.Model(inputs[0] if len(inputs) == 1 else inputs, outputs)


def _sole(values):
    return values[0] if isinstance(values, (list, tuple)) and len(values) == 1 else values


def grad_cam_forward(model, taps: list[Tap], tap: Tap, reader: ScoreReader) -> Callable:
    """A function ``x -> (feature maps, scores)`` through ``model`` that reads ``tap`` on the way, built
    from side models of each nested level (so a layer inside a pretrained base is reached too)."""
    by_name = {t.name: t for t in taps}

    def level(net, parents: tuple[str, ...], outputs) -> Callable:
        if not parents:
            side = _sub_model(net.inputs, [tap.call.outputs[tap.output], outputs])
            return lambda x: tuple(side(x, training=False))
        holder = by_name[parents[0]].call
        head = _sub_model(net.inputs, list(holder.inputs))
        inner = level(holder.layer, parents[1:], list(holder.layer.outputs))
        tail = _sub_model(holder.outputs, outputs)

        def run(x):
            maps, inner_out = inner(head(x, training=False))
            return maps, tail(_sole(inner_out), training=False)
        return run

    run = level(model, tap.parent, reader.tensor)
    if reader.finish is None:
        return run
    return lambda x: (lambda maps, out: (maps, reader.finish(out)))(*run(x))


def score_forward(model, reader: ScoreReader | None) -> Callable:
    """A function ``x -> scores`` (the subclassed model itself when ``reader`` is None)."""
    if reader is None:
        return lambda x: model(x, training=False)
    side = keras.Model(model.inputs[0], reader.tensor)
    if reader.finish is None:
        return lambda x: side(x, training=False)
    return lambda x: reader.finish(side(x, training=False))


# ---- memory ------------------------------------------------------------------------------------------
def _row_megabytes(taps: list[Tap], image_shape: tuple) -> float:
    """Memory one image needs while its gradient is taken: every layer output kept for the backward pass
    and its gradient (so twice), plus the image (unknown sides counted at the image's size)."""
    side = max(image_shape[:2])
    image = float(np.prod(image_shape)) * 4 / 2**20
    if not taps:
        return SUBCLASSED_COPIES * image
    kept = sum(float(np.prod([d or side for d in t.shape[1:]])) * 4 for t in taps if t.depth == 0 or not
               isinstance(t.layer, keras.Model)) / 2**20
    return 2 * kept + 3 * image


def rows_per_chunk(taps: list[Tap], image_shape: tuple, budget_mb: float, owner: str = OWNER) -> int:
    """How many images (or noisy copies, or path steps) go through the model at once within the budget;
    refused when one does not fit."""
    one = _row_megabytes(taps, image_shape)
    if one > budget_mb:
        raise MemoryBudgetExceeded(f"{owner}: one image of shape {image_shape} needs about {one:,.0f} MB "
                                   f"while its gradient is taken, over the budget of {budget_mb:,.0f} MB. "
                                   "Use smaller images, or raise budget_mb.")
    return max(1, int(budget_mb // one))


# ---- the methods ---------------------------------------------------------------------------------------
def _gradients(score: Callable, rows: np.ndarray, classes: np.ndarray, chunk: int) -> np.ndarray:
    import tensorflow as tf

    out = np.empty_like(rows)
    for start in range(0, len(rows), chunk):
        x = tf.convert_to_tensor(rows[start:start + chunk])
        picked = tf.constant(classes[start:start + chunk])
        with tf.GradientTape() as tape:
            tape.watch(x)
            chosen = tf.gather(score(x), picked, axis=1, batch_dims=1)
        out[start:start + chunk] = tape.gradient(chosen, x).numpy()
    return out


def _channels_max(values: np.ndarray, image_ndim: int) -> np.ndarray:
    return np.abs(values).max(axis=-1) if image_ndim == 4 else np.abs(values)


def _expand(images: np.ndarray, classes: np.ndarray, copies: int) -> tuple[np.ndarray, np.ndarray]:
    return np.repeat(images, copies, axis=0), np.repeat(classes, copies)


def gradient_maps(score: Callable, images: np.ndarray, classes: np.ndarray, method: str, chunk: int, *,
                  n_samples: int = N_SAMPLES, noise: float = NOISE, steps: int = STEPS,
                  seed: int = 0) -> np.ndarray:
    """Raw (unscaled) maps of ``"gradients"``, ``"smoothgrad"`` or ``"integrated_gradients"``."""
    n = len(images)
    if method == "gradients":
        return _channels_max(_gradients(score, images, classes, chunk), images.ndim)
    if method == "smoothgrad":
        rows, row_classes = _expand(images, classes, n_samples)
        spread = (images.reshape(n, -1).max(axis=1) - images.reshape(n, -1).min(axis=1)) * noise
        sigma = np.repeat(spread, n_samples).reshape(-1, *[1] * (images.ndim - 1))
        rows = rows + np.random.default_rng(seed).normal(size=rows.shape).astype("float32") * sigma
        grads = _gradients(score, rows.astype("float32"), row_classes, chunk)
        return _channels_max(grads.reshape(n, n_samples, *images.shape[1:]).mean(axis=1), images.ndim)
    # integrated gradients from a black baseline, midpoint Riemann sum
    alphas = ((np.arange(steps) + 0.5) / steps).astype("float32")
    rows, row_classes = _expand(images, classes, steps)
    rows = rows * np.tile(alphas, n).reshape(-1, *[1] * (images.ndim - 1))
    grads = _gradients(score, rows, row_classes, chunk).reshape(n, steps, *images.shape[1:]).mean(axis=1)
    attribution = grads * images
    return np.abs(attribution.sum(axis=-1) if images.ndim == 4 else attribution)


def grad_cam_maps(forward: Callable, images: np.ndarray, classes: np.ndarray, chunk: int) -> np.ndarray:
    """Raw Grad-CAM maps at the input's height and width."""
    import tensorflow as tf

    height, width = images.shape[1:3]
    out = np.empty(images.shape[:3], dtype="float32")
    for start in range(0, len(images), chunk):
        x = tf.convert_to_tensor(images[start:start + chunk])
        with tf.GradientTape() as tape:
            maps, scores = forward(x)
            chosen = tf.gather(scores, tf.constant(classes[start:start + chunk]), axis=1, batch_dims=1)
        weights = tf.reduce_mean(tape.gradient(chosen, maps), axis=(1, 2), keepdims=True)
        cam = tf.nn.relu(tf.reduce_sum(weights * maps, axis=-1, keepdims=True))
        out[start:start + chunk] = tf.image.resize(cam, (height, width), method="bilinear")[..., 0].numpy()
    return out


def scaled(maps: np.ndarray) -> np.ndarray:
    """Each map divided by its largest value (all-zero maps stay zero), clipped to [0, 1]."""
    peak = maps.reshape(len(maps), -1).max(axis=1).reshape(-1, *[1] * (maps.ndim - 1))
    return np.clip(np.divide(maps, peak, out=np.zeros_like(maps), where=peak > 0), 0, 1).astype("float32")


def _predict(model, images: np.ndarray, chunk: int) -> np.ndarray:
    parts = [keras.ops.convert_to_numpy(model(images[i:i + chunk], training=False))
             for i in range(0, len(images), chunk)]
    return np.concatenate(parts)


# ---- the public functions -------------------------------------------------------------------------------
def explain(model, images, method: str = "grad_cam", class_index=None, layer=None, *,
            budget_mb: float = DEFAULT_BUDGET_MB, seed: int = 0, n_samples: int = N_SAMPLES,
            noise: float = NOISE, steps: int = STEPS, owner: str = OWNER) -> Explanation:
    """``saliency`` with what the maps explain: the classes, predictions and layer (see ``saliency``)."""
    if not isinstance(model, keras.Model):
        raise refuse(owner, "model", model, "a keras.Model (Sequential, functional or subclassed)")
    check_backend(owner)
    method, n_samples, noise, steps, seed = _method_settings(method, n_samples, noise, steps, seed, owner)
    budget_mb = check_budget(owner, budget_mb)
    graph = is_graph_model(model)
    if not graph and not model.built:
        raise BadArgument(f"{owner}: the model {model.name!r} is not built yet; call it once on data "
                          "(model(x[:1])) or train it, then ask for its saliency.")
    array = _image_array(model, images, graph, owner)
    classes = _classes(model, class_index, len(array), owner)
    taps = layer_taps(model) if graph else []
    tap = None
    if layer is not None and method != "grad_cam":
        raise refuse(owner, "layer", layer, f"None with method={method!r} (layer= names the layer Grad-CAM "
                     "reads)")
    if method == "grad_cam":
        if not graph:
            raise BadArgument(f"{owner}: Grad-CAM reads a convolutional layer's output, which a subclassed "
                              f"model ({type(model).__name__}) does not expose; use method='gradients' "
                              "(or 'smoothgrad', 'integrated_gradients').")
        tap = feature_map(taps, layer, owner)
    chunk = rows_per_chunk(taps, array.shape[1:], budget_mb, owner)
    probabilities = _predict(model, array, chunk)
    if probabilities.ndim != 2:  # a subclassed model's output is known only now
        raise BadArgument(f"{owner}: the model's output has shape {probabilities.shape}, not one vector of "
                          "class scores per image (batch, classes); saliency explains classifiers.")
    predicted = probabilities.argmax(axis=1)
    explained = predicted if classes is None else classes
    if not graph and explained.max() >= probabilities.shape[1]:
        raise refuse(owner, "class_index", class_index,
                     f"a class number from 0 to {probabilities.shape[1] - 1}")
    reader = score_reader(model, taps) if graph else None
    if method == "grad_cam":
        maps = grad_cam_maps(grad_cam_forward(model, taps, tap, reader), array, explained, chunk)
    else:
        maps = gradient_maps(score_forward(model, reader), array, explained, method, chunk,
                             n_samples=n_samples, noise=noise, steps=steps, seed=seed)
    return Explanation(scaled(maps), array, explained, predicted, probabilities, method,
                       None if tap is None else tap.name, "output" if reader is None else reader.kind)


def saliency(model, images, method: str = "grad_cam", class_index=None, layer=None, *,
             budget_mb: float = DEFAULT_BUDGET_MB, seed: int = 0, n_samples: int = N_SAMPLES,
             noise: float = NOISE, steps: int = STEPS) -> np.ndarray:
    """One heatmap per image of where ``model``'s class score comes from: numpy ``(n, H, W)`` in [0, 1]
    at the images' own height and width.

    Args:
        model: a Keras image classifier: Sequential or functional (preprocessing layers and nested
            models such as a pretrained base inside are fine), or subclassed for the gradient methods.
        images: a batch ``(n, height, width[, channels])`` or one image, finite numbers as the model
            takes them (its own preprocessing layers apply).
        method: ``"grad_cam"`` (default), ``"gradients"``, ``"smoothgrad"`` or ``"integrated_gradients"``
            (module docstring: what each computes).
        class_index: the class to explain: None (each image's predicted class), one int, or one per image.
        layer: Grad-CAM's layer by name (``"outer/inner"`` inside a nested model, as ``kt.activations``
            names it); None finds the last convolution.
        budget_mb: images go through the model in chunks that fit this many megabytes; an image that does
            not fit alone is refused (``MemoryBudgetExceeded``).
        seed: SmoothGrad's noise; the same seed gives the same maps.
        n_samples, noise: SmoothGrad's noisy copies per image, and the noise's standard deviation as a
            fraction of the image's value range.
        steps: Integrated Gradients' steps from the black image.

    The score differentiated is the logit before a final softmax where one can be separated (see the
    module docstring). Every argument is checked before TensorFlow runs; the model is never changed.
    """
    return explain(model, images, method, class_index, layer, budget_mb=budget_mb, seed=seed,
                   n_samples=n_samples, noise=noise, steps=steps).heatmaps
