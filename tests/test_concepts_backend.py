"""The Keras 2 backend entries (K.sum, K.set_value...): complete, true for Keras 3.15.1, and the functions
marked MECHANICAL give Keras 2's numbers when a call is rewritten the way the migrate tables say."""

import ast
import functools
import inspect
import re

import keras
import numpy as np
import pytest

from kerastutor.concepts.entries import backend
from kerastutor.concepts.entries.backend import (
    ENTRIES,
    KEYWORDS,
    LEAVE_IF_PASSED,
    MECHANICAL,
    OPS_NAME,
    WRITE_DEFAULTS,
)

# Every public name of tf_keras/backend/__init__.py (tf-keras 2.21, i.e. tf.keras 2.x), without the
# `experimental` submodule, and the ones only multi-backend Keras 2.2.4 exported (keras/backend/__init__.py).
TF_KERAS_BACKEND = """
abs all any arange argmax argmin backend batch_dot batch_flatten batch_get_value batch_normalization
batch_set_value bias_add binary_crossentropy binary_focal_crossentropy cast cast_to_floatx
categorical_crossentropy categorical_focal_crossentropy clear_session clip concatenate constant conv1d conv2d
conv2d_transpose conv3d cos count_params ctc_batch_cost ctc_decode ctc_label_dense_to_sparse cumprod cumsum
depthwise_conv2d dot dropout dtype elu equal eval exp expand_dims eye flatten foldl foldr function gather
get_uid get_value gradients greater greater_equal hard_sigmoid in_test_phase in_top_k in_train_phase int_shape
is_keras_tensor is_sparse l2_normalize learning_phase learning_phase_scope less less_equal local_conv1d
local_conv2d log manual_variable_initialization map_fn max maximum mean min minimum moving_average_update
name_scope ndim normalize_batch_in_training not_equal one_hot ones ones_like permute_dimensions placeholder
pool2d pool3d pow print_tensor prod random_bernoulli random_binomial random_normal random_normal_variable
random_uniform random_uniform_variable relu repeat repeat_elements reset_uids reshape resize_images
resize_volumes reverse rnn round separable_conv2d set_learning_phase set_value shape sigmoid sign sin softmax
softplus softsign sparse_categorical_crossentropy spatial_2d_padding spatial_3d_padding sqrt square squeeze
stack std stop_gradient sum switch tanh temporal_padding tile to_dense transpose truncated_normal update
update_add update_sub var variable zeros zeros_like epsilon floatx image_data_format set_epsilon set_floatx
set_image_data_format
""".split()
KERAS_2_2_ONLY = """conv3d_transpose get_session get_variable_shape identity is_placeholder is_tensor
logsumexp separable_conv1d set_session slice normalize_data_format image_dim_ordering set_image_dim_ordering
tf control_flow_ops""".split()  # the last two: modules Keras 2.2's backend imported, used as K.tf.where...

# The Keras 2 signatures of the mechanical functions, as tf_keras/src/backend.py (or Keras 2.2.4) has them.
KERAS_2_SIGNATURES = {
    **dict.fromkeys(["abs", "cos", "exp", "log", "round", "sigmoid", "sign", "sin", "softplus", "softsign",
                     "square", "tanh", "transpose", "ndim", "dtype"], "x"),
    **dict.fromkeys(["all", "any", "max", "min", "mean", "sum", "prod", "std", "var", "logsumexp"],
                    "x, axis=None, keepdims=False"),
    **dict.fromkeys(["equal", "not_equal", "greater", "greater_equal", "less", "less_equal", "maximum",
                     "minimum", "dot"], "x, y"),
    "conv1d": "x, kernel, strides=1, padding='valid', data_format=None, dilation_rate=1",
    "conv2d": "x, kernel, strides=(1, 1), padding='valid', data_format=None, dilation_rate=(1, 1)",
    "conv3d": "x, kernel, strides=(1, 1, 1), padding='valid', data_format=None, dilation_rate=(1, 1, 1)",
    "separable_conv1d": "x, depthwise_kernel, pointwise_kernel, strides=1, padding='valid', "
                        "data_format=None, dilation_rate=1",
    "separable_conv2d": "x, depthwise_kernel, pointwise_kernel, strides=(1, 1), padding='valid', "
                        "data_format=None, dilation_rate=(1, 1)",
    "depthwise_conv2d": "x, depthwise_kernel, strides=(1, 1), padding='valid', data_format=None, "
                        "dilation_rate=(1, 1)",
    "arange": "start, stop=None, step=1, dtype='int32'",
    "argmax": "x, axis=-1", "argmin": "x, axis=-1", "cumsum": "x, axis=0", "cumprod": "x, axis=0",
    "binary_crossentropy": "target, output, from_logits=False",
    "categorical_crossentropy": "target, output, from_logits=False, axis=-1",
    "sparse_categorical_crossentropy": "target, output, from_logits=False, axis=-1, ignore_class=None",
    "cast": "x, dtype", "clip": "x, min_value, max_value", "concatenate": "tensors, axis=-1",
    "dropout": "x, level, noise_shape=None, seed=None", "elu": "x, alpha=1.0", "expand_dims": "x, axis=-1",
    "gather": "reference, indices", "map_fn": "fn, elems, name=None, dtype=None",
    "one_hot": "indices, num_classes", "ones_like": "x, dtype=None, name=None",
    "zeros_like": "x, dtype=None, name=None", "permute_dimensions": "x, pattern", "pow": "x, a",
    "random_normal": "shape, mean=0.0, stddev=1.0, dtype=None, seed=None",
    "truncated_normal": "shape, mean=0.0, stddev=1.0, dtype=None, seed=None",
    "random_uniform": "shape, minval=0.0, maxval=1.0, dtype=None, seed=None",
    "relu": "x, alpha=0.0, max_value=None, threshold=0.0", "repeat_elements": "x, rep, axis",
    "reshape": "x, shape", "reverse": "x, axes", "slice": "x, start, size", "softmax": "x, axis=-1",
    "squeeze": "x, axis", "stack": "x, axis=0", "stop_gradient": "variables", "tile": "x, n",
}
# Defaults that differ in spelling only: Keras 2's (1, 1) is Keras 3's 1; arange's step 1 / dtype 'int32'
# are what keras.ops.arange's None gives (checked in test_mechanical_calls_give_keras_2_numbers).
SAME_MEANING = {("arange", "step"), ("arange", "dtype")}


def by_function():
    return {c.name.removeprefix("keras.backend."): c for c in ENTRIES}


def keras_function(path):
    return functools.reduce(getattr, path.split(".")[1:], keras)


def keras_2_parameters(fn):
    """[(name, default source or None)] of a Keras 2 signature."""
    arguments = ast.parse(f"def f({KERAS_2_SIGNATURES[fn]}): pass").body[0].args
    defaults = [None] * (len(arguments.args) - len(arguments.defaults)) + arguments.defaults
    return [(a.arg, None if d is None else ast.literal_eval(d)) for a, d in zip(arguments.args, defaults)]


def keras_3_call(fn, /, *args, **kwargs):
    """K.fn(*args, **kwargs) rewritten as the migrate tables say, and run."""
    kwargs = {KEYWORDS.get(fn, {}).get(name, name): value for name, value in kwargs.items()}
    if fn in WRITE_DEFAULTS:
        position, keyword, default = WRITE_DEFAULTS[fn]
        if len(args) <= position and keyword not in kwargs:
            kwargs[keyword] = ast.literal_eval(default)
    return keras_function(OPS_NAME[fn])(*args, **kwargs)


def test_every_keras_2_backend_function_has_one_backend_entry():
    functions = [c.name.removeprefix("keras.backend.") for c in ENTRIES]
    assert len(functions) == len(set(functions))
    assert set(functions) == set(TF_KERAS_BACKEND) | set(KERAS_2_2_ONLY)
    for concept in ENTRIES:
        fn = concept.name.removeprefix("keras.backend.")
        assert concept.context == "backend" and concept.section == "old-backend", fn
        assert concept.aliases == (f"K.{fn}", f"backend.{fn}"), fn
        assert concept.summary.endswith((".", ")")) and concept.example, fn


@pytest.mark.parametrize("concept", ENTRIES, ids=lambda c: c.name.removeprefix("keras.backend."))
def test_every_example_runs_in_keras_3(concept):
    exec(concept.example, {"keras": keras, "np": np})


@pytest.mark.parametrize("concept", ENTRIES, ids=lambda c: c.name.removeprefix("keras.backend."))
def test_status_and_error_are_what_keras_3_does(concept):
    fn = concept.name.removeprefix("keras.backend.")
    if concept.status == "present":
        assert callable(getattr(keras.backend, fn))
        assert concept.error is None and concept.replacement is None
        return
    assert concept.status == "removed" and concept.replacement
    with pytest.raises(AttributeError) as raised:
        getattr(keras.backend, fn)
    assert concept.error == f"AttributeError: {raised.value}"


def test_mechanical_functions_are_removed_entries_that_name_their_keras_3_function():
    entries = by_function()
    assert MECHANICAL == set(OPS_NAME)
    assert set(KEYWORDS) | set(WRITE_DEFAULTS) | set(LEAVE_IF_PASSED) <= MECHANICAL
    for fn in MECHANICAL:
        assert entries[fn].status == "removed", fn
        assert entries[fn].replacement.startswith(OPS_NAME[fn]), fn
        assert callable(keras_function(OPS_NAME[fn])), fn
        assert "same arguments" in entries[fn].summary.lower(), fn
    assert not any("same arguments" in entries[fn].summary.lower() for fn in set(entries) - MECHANICAL)


@pytest.mark.parametrize("fn", sorted(MECHANICAL))
def test_keras_2_arguments_land_on_the_same_keras_3_parameters(fn):
    """Position by position, each Keras 2 parameter (renamed by KEYWORDS) is the Keras 3 one, with the same
    default unless WRITE_DEFAULTS writes Keras 2's out; LEAVE_IF_PASSED names real Keras 2 parameters."""
    target = list(inspect.signature(keras_function(OPS_NAME[fn])).parameters.values())
    left = LEAVE_IF_PASSED.get(fn, {})
    parameters = keras_2_parameters(fn)
    assert set(KEYWORDS.get(fn, {})) <= {name for name, _ in parameters}
    for position, (name, default) in enumerate(parameters):
        if name in left:
            assert left[name] == position
            continue
        assert target[position].name == KEYWORDS.get(fn, {}).get(name, name), (fn, name)
        if fn in WRITE_DEFAULTS and WRITE_DEFAULTS[fn][0] == position:
            assert ast.literal_eval(WRITE_DEFAULTS[fn][2]) == default != target[position].default
        elif default is not None or target[position].default is not inspect.Parameter.empty:
            same = default == target[position].default or (
                isinstance(default, tuple) and set(default) == {target[position].default})
            assert same or (fn, name) in SAME_MEANING, (fn, name, default, target[position].default)
    if fn in WRITE_DEFAULTS:
        position, keyword, _ = WRITE_DEFAULTS[fn]
        assert target[position].name == keyword
    assert set(left) <= {name for name, _ in parameters}


def conv_reference(x, kernel, strides=1, padding="valid", dilation_rate=1):
    """Keras 2's conv1d/2d/3d (tf.nn.convolution, channels_last): a cross-correlation, with TensorFlow's
    'same' padding (the extra pixel after)."""
    spatial = kernel.ndim - 2
    strides, dilation = ((v,) * spatial if np.isscalar(v) else tuple(v) for v in (strides, dilation_rate))
    dilated = np.zeros(tuple((k - 1) * d + 1 for k, d in zip(kernel.shape, dilation)) + kernel.shape[-2:])
    dilated[tuple(slice(None, None, d) for d in dilation)] = kernel
    sizes = dilated.shape[:spatial]
    if padding == "same":
        totals = [max((-(-n // s) - 1) * s + k - n, 0) for n, s, k in zip(x.shape[1:-1], strides, sizes)]
        x = np.pad(x, [(0, 0)] + [(t // 2, t - t // 2) for t in totals] + [(0, 0)])
    out_shape = [(n - k) // s + 1 for n, k, s in zip(x.shape[1:-1], sizes, strides)]
    out = np.zeros((x.shape[0], *out_shape, kernel.shape[-1]))
    for index in np.ndindex(*out_shape):
        window = x[(slice(None),) + tuple(slice(i * s, i * s + k) for i, s, k in zip(index, strides, sizes))]
        out[(slice(None), *index)] = np.tensordot(window, dilated, axes=spatial + 1)
    return out


def depthwise_reference(x, kernel, strides=1, padding="valid"):
    channels = [conv_reference(x[..., c:c + 1], kernel[..., c:c + 1, m:m + 1], strides, padding)
                for c in range(kernel.shape[-2]) for m in range(kernel.shape[-1])]
    return np.concatenate(channels, axis=-1)


def dot_reference(x, y):
    """Keras 2's K.dot for more than two axes: x's last axis against y's second-to-last."""
    order = list(range(y.ndim))
    order = [order.pop(-2)] + order
    product = x.reshape(-1, x.shape[-1]) @ np.transpose(y, order).reshape(y.shape[-2], -1)
    return product.reshape(x.shape[:-1] + y.shape[:-2] + y.shape[-1:])


def softmax_reference(z, axis=-1):
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


EPS = 1e-7
RNG = np.random.default_rng(0)
A = np.array([[1.0, -2.0, 3.5], [4.0, 0.5, -6.0]], dtype="float32")
B = np.array([[0.5, -2.0, 2.0], [1.0, 6.0, -1.0]], dtype="float32")
P = np.array([[0.2, 0.7, 0.1], [0.5, 0.25, 0.25]], dtype="float32")
T = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]], dtype="float32")
CUBE = RNG.normal(size=(2, 3, 4)).astype("float32")
IMAGES = RNG.normal(size=(2, 7, 6, 3)).astype("float32")
KERNEL = RNG.normal(size=(3, 2, 3, 4)).astype("float32")
STEPS = RNG.normal(size=(2, 9, 3)).astype("float32")
KERNEL_1D = RNG.normal(size=(3, 3, 2)).astype("float32")
VOLUME = RNG.normal(size=(1, 5, 4, 4, 2)).astype("float32")
KERNEL_3D = RNG.normal(size=(2, 2, 3, 2, 3)).astype("float32")
DEPTHWISE = RNG.normal(size=(3, 3, 3, 2)).astype("float32")
POINTWISE = RNG.normal(size=(1, 1, 6, 4)).astype("float32")
DEPTHWISE_1D = RNG.normal(size=(3, 3, 2)).astype("float32")
POINTWISE_1D = RNG.normal(size=(1, 6, 4)).astype("float32")
MATRIX = RNG.normal(size=(4, 2)).astype("float32")
STACK = RNG.normal(size=(5, 4, 2)).astype("float32")
LOGITS = np.array([[2.0, -1.0, 0.5], [-0.3, 0.8, 3.0]], dtype="float32")


def elementwise(fn, reference, keyword="x"):
    return [(fn, (A,), {}, reference(A)), (fn, (), {keyword: B}, reference(B))]


def reduction(fn, reference):
    return [(fn, (A,), {}, reference(A, axis=None)), (fn, (A, 1), {}, reference(A, axis=1)),
            (fn, (A,), {"axis": 0, "keepdims": True}, reference(A, axis=0, keepdims=True)),
            (fn, (), {"x": CUBE, "axis": [0, 2]}, reference(CUBE, axis=(0, 2)))]


def binary(fn, reference):
    return [(fn, (A, B), {}, reference(A, B)), (fn, (), {"x": A, "y": B}, reference(A, B))]


def bce_reference(target, output):
    output = np.clip(output, EPS, 1 - EPS)
    return -(target * np.log(output + EPS) + (1 - target) * np.log(1 - output + EPS))


def cce_reference(target, output, axis=-1):
    output = np.clip(output / output.sum(axis=axis, keepdims=True), EPS, 1 - EPS)
    return -(target * np.log(output)).sum(axis=axis)


def sparse_reference(target, output):
    picked = np.clip(output, EPS, 1 - EPS)[np.arange(len(output)), np.ravel(target)]
    return -np.log(picked)


# (function, Keras 2 positional arguments, Keras 2 keyword arguments, Keras 2's result by its definition)
CASES = [
    *elementwise("abs", np.abs), *elementwise("exp", np.exp), *elementwise("square", np.square),
    *elementwise("sign", np.sign), *elementwise("cos", np.cos), *elementwise("sin", np.sin),
    *elementwise("tanh", np.tanh), *elementwise("sigmoid", lambda x: 1 / (1 + np.exp(-x))),
    *elementwise("softplus", lambda x: np.log1p(np.exp(x))),
    *elementwise("softsign", lambda x: x / (1 + abs(x))),
    *elementwise("relu", lambda x: np.maximum(x, 0)), *elementwise("transpose", np.transpose),
    *elementwise("stop_gradient", lambda x: x, "variables"), *elementwise("zeros_like", np.zeros_like),
    *elementwise("ones_like", np.ones_like),
    ("log", (np.abs(A) + 0.5,), {}, np.log(np.abs(A) + 0.5)),
    ("round", (np.array([0.5, 1.5, 2.5, -0.5, -1.7]),), {}, np.array([0.0, 2.0, 2.0, -0.0, -2.0])),
    ("ones_like", (A, "int32"), {}, np.ones((2, 3), "int32")),
    ("ndim", (CUBE,), {}, 3), ("dtype", (A,), {}, "float32"),
    *reduction("sum", np.sum), *reduction("mean", np.mean), *reduction("max", np.max),
    *reduction("min", np.min), *reduction("prod", np.prod), *reduction("std", np.std),
    *reduction("var", np.var),
    *reduction("logsumexp", lambda x, axis, keepdims=False: np.log(np.exp(x).sum(axis, keepdims=keepdims))),
    ("any", (A > 3,), {}, True), ("any", (A > 3, 1), {}, [True, True]),
    ("all", (A > -7,), {}, True), ("all", (A > 0,), {"axis": 0, "keepdims": True}, [[True, False, False]]),
    *binary("maximum", np.maximum), *binary("minimum", np.minimum), *binary("equal", np.equal),
    *binary("not_equal", np.not_equal), *binary("greater", np.greater),
    *binary("greater_equal", np.greater_equal), *binary("less", np.less),
    *binary("less_equal", np.less_equal),
    ("dot", (A, B.T), {}, A @ B.T), ("dot", (), {"x": CUBE, "y": MATRIX}, dot_reference(CUBE, MATRIX)),
    ("dot", (CUBE, STACK), {}, dot_reference(CUBE, STACK)),
    ("pow", (A, 2), {}, A ** 2), ("pow", (), {"x": np.abs(A), "a": 0.5}, np.abs(A) ** 0.5),
    ("clip", (A, 0.0, 1.0), {}, np.clip(A, 0, 1)),
    ("clip", (A,), {"min_value": -1.0, "max_value": 2.0}, np.clip(A, -1, 2)),
    ("clip", (A, 2.0, 1.0), {}, np.full((2, 3), 2.0)),  # Keras 2 raised max_value to min_value
    ("cast", (A, "int32"), {}, A.astype("int32")),
    ("cast", (), {"x": A > 0, "dtype": "float32"}, (A > 0).astype("float32")),
    ("reshape", (A, (3, 2)), {}, A.reshape(3, 2)), ("reshape", (A,), {"shape": (-1,)}, A.reshape(-1)),
    ("permute_dimensions", (CUBE, (0, 2, 1)), {}, CUBE.transpose(0, 2, 1)),
    ("permute_dimensions", (CUBE,), {"pattern": (2, 0, 1)}, CUBE.transpose(2, 0, 1)),
    ("repeat_elements", (A, 2, 1), {}, np.repeat(A, 2, axis=1)),
    ("repeat_elements", (A,), {"rep": 3, "axis": 0}, np.repeat(A, 3, axis=0)),
    ("reverse", (A, 0), {}, A[::-1]), ("reverse", (A, [0, 1]), {}, A[::-1, ::-1]),
    ("reverse", (A,), {"axes": 1}, A[:, ::-1]),
    ("tile", (A, (2, 1)), {}, np.tile(A, (2, 1))), ("tile", (A,), {"n": [1, 3]}, np.tile(A, (1, 3))),
    ("one_hot", (np.array([0, 2, 1]), 3), {}, np.eye(3)[[0, 2, 1]]),
    ("one_hot", (), {"indices": np.array([[1], [0]]), "num_classes": 2}, np.eye(2)[[[1], [0]]]),
    ("stack", ([A, B],), {}, np.stack([A, B])), ("stack", ([A, B],), {"axis": -1}, np.stack([A, B], axis=-1)),
    ("squeeze", (np.ones((2, 1, 3)), 1), {}, np.ones((2, 3))),
    ("squeeze", (np.ones((2, 1, 1)),), {"axis": -1}, np.ones((2, 1))),
    ("concatenate", ([A, B],), {}, np.concatenate([A, B], axis=-1)),
    ("concatenate", ([A, B], 0), {}, np.concatenate([A, B], axis=0)),
    ("concatenate", (), {"tensors": [CUBE, CUBE], "axis": 1}, np.concatenate([CUBE, CUBE], axis=1)),
    ("argmax", (A,), {}, A.argmax(axis=-1)), ("argmax", (A, 0), {}, A.argmax(axis=0)),
    ("argmin", (A,), {}, A.argmin(axis=-1)), ("argmin", (A,), {"axis": 0}, A.argmin(axis=0)),
    ("cumsum", (A,), {}, A.cumsum(axis=0)), ("cumsum", (A, 1), {}, A.cumsum(axis=1)),
    ("cumprod", (A,), {}, A.cumprod(axis=0)), ("cumprod", (A,), {"axis": -1}, A.cumprod(axis=-1)),
    ("expand_dims", (A,), {}, A[..., None]), ("expand_dims", (A, 0), {}, A[None]),
    ("expand_dims", (A,), {"axis": 1}, A[:, None]),
    ("gather", (A, [1, 0, 1]), {}, A[[1, 0, 1]]), ("gather", (), {"reference": CUBE, "indices": 1}, CUBE[1]),
    ("slice", (A, (0, 1), (2, 2)), {}, A[0:2, 1:3]),
    ("slice", (CUBE,), {"start": (1, 0, 1), "size": (1, 3, 2)}, CUBE[1:2, 0:3, 1:3]),
    ("arange", (5,), {}, np.arange(5, dtype="int32")), ("arange", (1, 8, 3), {}, np.arange(1, 8, 3)),
    ("arange", (0.0, 1.0, 0.25), {}, np.arange(0, 1, 0.25, dtype="float32")),
    ("arange", (2,), {"stop": 6, "dtype": "float32"}, np.arange(2, 6, dtype="float32")),
    ("elu", (A,), {}, np.where(A > 0, A, np.expm1(A))),
    ("elu", (A, 0.5), {}, np.where(A > 0, A, 0.5 * np.expm1(A))),
    ("softmax", (A,), {}, softmax_reference(A)), ("softmax", (A,), {"axis": 0}, softmax_reference(A, axis=0)),
    ("map_fn", (lambda row: row * 2.0, A), {}, A * 2),
    ("map_fn", (), {"fn": lambda row: row[::-1], "elems": A}, A[:, ::-1]),
    ("binary_crossentropy", (T, P), {}, bce_reference(T, P)),
    ("binary_crossentropy", (T, LOGITS), {"from_logits": True},
     np.maximum(LOGITS, 0) - LOGITS * T + np.log1p(np.exp(-abs(LOGITS)))),
    ("categorical_crossentropy", (T, P), {}, cce_reference(T, P)),
    ("categorical_crossentropy", (T, 2 * P), {}, cce_reference(T, 2 * P)),  # Keras 2 rescaled to sum 1
    ("categorical_crossentropy", (T.T, P.T, False, 0), {}, cce_reference(T.T, P.T, axis=0)),
    ("categorical_crossentropy", (T, LOGITS), {"from_logits": True},
     -(T * np.log(softmax_reference(LOGITS))).sum(-1)),
    ("sparse_categorical_crossentropy", (np.array([1, 0]), P), {}, sparse_reference([1, 0], P)),
    ("sparse_categorical_crossentropy", (np.array([[2], [1]]), P), {}, sparse_reference([2, 1], P)),
    ("sparse_categorical_crossentropy", (np.array([2, 1]), LOGITS), {"from_logits": True},
     sparse_reference([2, 1], softmax_reference(LOGITS))),
    ("conv2d", (IMAGES, KERNEL), {}, conv_reference(IMAGES, KERNEL)),
    ("conv2d", (IMAGES, KERNEL, (2, 2), "same"), {}, conv_reference(IMAGES, KERNEL, 2, "same")),
    ("conv2d", (), {"x": IMAGES, "kernel": KERNEL, "padding": "same", "dilation_rate": (2, 2)},
     conv_reference(IMAGES, KERNEL, 1, "same", 2)),
    ("conv2d", (IMAGES.transpose(0, 3, 1, 2), KERNEL), {"data_format": "channels_first"},
     conv_reference(IMAGES, KERNEL).transpose(0, 3, 1, 2)),
    ("conv1d", (STEPS, KERNEL_1D, 1, "same"), {}, conv_reference(STEPS, KERNEL_1D, 1, "same")),
    ("conv1d", (STEPS, KERNEL_1D), {"strides": 2}, conv_reference(STEPS, KERNEL_1D, 2)),
    ("conv3d", (VOLUME, KERNEL_3D, (1, 2, 1), "valid"), {}, conv_reference(VOLUME, KERNEL_3D, (1, 2, 1))),
    ("depthwise_conv2d", (IMAGES, DEPTHWISE), {}, depthwise_reference(IMAGES, DEPTHWISE)),
    ("depthwise_conv2d", (IMAGES,), {"depthwise_kernel": DEPTHWISE, "strides": (2, 2), "padding": "same"},
     depthwise_reference(IMAGES, DEPTHWISE, 2, "same")),
    ("separable_conv2d", (IMAGES, DEPTHWISE, POINTWISE, (1, 1), "same"), {},
     conv_reference(depthwise_reference(IMAGES, DEPTHWISE, 1, "same"), POINTWISE)),
    ("separable_conv1d", (STEPS, DEPTHWISE_1D, POINTWISE_1D), {"padding": "valid"},
     conv_reference(depthwise_reference(STEPS, DEPTHWISE_1D), POINTWISE_1D)),
]


def test_every_mechanical_function_is_checked_against_keras_2():
    checked = {case[0] for case in CASES} | {"dropout", "random_normal", "random_uniform", "truncated_normal"}
    assert checked == MECHANICAL


@pytest.mark.parametrize(("fn", "args", "kwargs", "expected"), CASES,
                         ids=[f"{case[0]}-{index}" for index, case in enumerate(CASES)])
def test_mechanical_calls_give_keras_2_numbers(fn, args, kwargs, expected):
    result = keras_3_call(fn, *args, **kwargs)
    if isinstance(expected, str | int) and not isinstance(expected, bool):
        assert result == expected
        return
    result = keras.ops.convert_to_numpy(result)
    expected = np.asarray(expected)
    assert result.shape == expected.shape
    if expected.dtype.kind in "biu":
        assert result.dtype.kind == expected.dtype.kind and np.array_equal(result, expected)
    else:
        np.testing.assert_allclose(result, expected, rtol=2e-5, atol=2e-6)


def test_random_calls_draw_from_keras_2_distributions():
    normal = keras.ops.convert_to_numpy(keras_3_call("random_normal", (20000,), 2.0, stddev=0.5))
    assert normal.dtype == np.float32 and abs(normal.mean() - 2.0) < 0.02 and abs(normal.std() - 0.5) < 0.02
    uniform = keras.ops.convert_to_numpy(keras_3_call("random_uniform", (20000,), minval=-1.0, maxval=3.0))
    assert uniform.min() >= -1.0 and uniform.max() < 3.0 and abs(uniform.mean() - 1.0) < 0.05
    truncated = keras.ops.convert_to_numpy(keras_3_call("truncated_normal", (20000,), 1.0, 2.0, "float64"))
    assert truncated.dtype == np.float64 and truncated.min() >= -3.0 and truncated.max() <= 5.0
    first, second = (keras.ops.convert_to_numpy(keras_3_call("random_normal", (5,))) for _ in range(2))
    assert not np.array_equal(first, second)  # no seed: new numbers at every call, as in Keras 2
    seeded = [keras.ops.convert_to_numpy(keras.random.normal((5,), seed=1)) for _ in range(2)]
    assert np.array_equal(*seeded)  # Keras 2 drew new numbers here: why LEAVE_IF_PASSED holds seed


def test_dropout_zeroes_a_share_and_scales_the_rest_as_keras_2_did():
    kept = keras.ops.convert_to_numpy(keras_3_call("dropout", np.ones((200, 50), "float32"), 0.25))
    assert set(np.unique(kept)) == {0.0, np.float32(1 / 0.75)} and abs((kept == 0).mean() - 0.25) < 0.02
    columns = keras.ops.convert_to_numpy(keras_3_call("dropout", np.ones((50, 40), "float32"), level=0.5,
                                                      noise_shape=(1, 40)))
    assert (columns == columns[:1]).all()  # noise_shape: one mask per column, as tf.nn.dropout


def test_functions_that_look_alike_but_differ_are_not_mechanical():
    """The traps, each measured: same name in keras.ops, different Keras 2 meaning."""
    assert {"sqrt", "hard_sigmoid", "repeat", "switch", "identity", "in_top_k", "shape", "eye", "zeros",
            "ones", "l2_normalize", "constant", "pool2d", "variable"}.isdisjoint(MECHANICAL)
    assert float(keras.ops.sqrt(-1.0)) != float(keras.ops.sqrt(keras.ops.maximum(-1.0, 0.0))) == 0.0
    assert float(keras.ops.hard_sigmoid(1.0)) != 0.7  # Keras 2: 0.2 * 1 + 0.5
    assert keras.ops.repeat(A, 4).shape != (2, 4, 3)  # K.repeat(A, 4) was RepeatVector
    assert keras.ops.identity(3).shape == (3, 3)  # K.identity(x) was a copy of x
    assert keras.ops.shape(A) * 2 == (2, 3, 2, 3)  # a tuple: K.shape(x) * 2 was [4, 6]
    assert not keras.backend.is_keras_tensor(A)


# The Keras 2 parameters of the functions keras.backend still has (tf_keras.backend).
PRESENT_PARAMETERS = {"epsilon": (), "set_epsilon": ("value",), "floatx": (), "set_floatx": ("value",),
                      "image_data_format": (), "set_image_data_format": ("data_format",), "clear_session": (),
                      "is_keras_tensor": ("x",), "backend": (), "get_uid": ("prefix",)}


@pytest.mark.parametrize("fn", sorted(PRESENT_PARAMETERS))
def test_a_present_function_takes_the_keras_2_arguments(fn):
    parameters = list(inspect.signature(getattr(keras.backend, fn)).parameters.values())
    assert tuple(p.name for p in parameters[:len(PRESENT_PARAMETERS[fn])]) == PRESENT_PARAMETERS[fn]
    assert all(p.default is not inspect.Parameter.empty for p in parameters[len(PRESENT_PARAMETERS[fn]):])


def test_the_differences_left_in_mechanical_functions_are_named_in_their_entries():
    """Measured with tf-keras 2.21: K.mean of int32 [1, 2] was 1 and K.argmax gave int64."""
    entries = by_function()
    assert float(keras.ops.mean(np.array([1, 2], "int32"))) == 1.5 and "(1.5)" in entries["mean"].summary
    assert keras.ops.argmax(A, axis=-1).dtype == "int32" and "int64" in entries["argmax"].summary


def test_present_entries_are_exactly_what_keras_backend_still_has():
    public = {name for name in dir(keras.backend) if not name.startswith("_")}
    present = {fn for fn, c in by_function().items() if c.status == "present"}
    assert present == set(PRESENT_PARAMETERS) and present <= public
    assert public - present == {"is_float_dtype", "is_int_dtype", "result_type", "standardize_dtype"}


def test_the_module_documents_every_table():
    for table in ("MECHANICAL", "OPS_NAME", "KEYWORDS", "WRITE_DEFAULTS", "LEAVE_IF_PASSED"):
        assert re.search(rf"``{table}``", backend.__doc__), table


OPS = keras.ops
CONDITION = np.array([[[True]], [[False]]])
# (function, its Keras 3 replacement run on the test data, Keras 2's result): each Keras 2 result was also
# compared with real Keras 2 (tf-keras 2.21) when this table was written.
REPLACEMENTS = [
    ("batch_flatten", lambda: OPS.reshape(IMAGES, (OPS.shape(IMAGES)[0], -1)), IMAGES.reshape(2, -1)),
    ("flatten", lambda: OPS.reshape(A, (-1,)), A.reshape(-1)),
    ("int_shape", lambda: keras.Input(shape=(28, 28)).shape, (None, 28, 28)),
    ("sqrt", lambda: OPS.sqrt(OPS.maximum(A, 0.0)), np.sqrt(np.maximum(A, 0))),
    ("hard_sigmoid", lambda: OPS.clip(0.2 * A + 0.5, 0.0, 1.0), np.clip(0.2 * A + 0.5, 0, 1)),
    ("repeat", lambda: OPS.repeat(OPS.expand_dims(A, 1), 4, axis=1), np.repeat(A[:, None], 4, axis=1)),
    ("l2_normalize", lambda: OPS.normalize(A, axis=-1),
     A / np.sqrt(np.maximum((A ** 2).sum(-1, keepdims=True), 1e-12))),
    ("switch", lambda: OPS.where(CONDITION, A[:, None], B[:, None]),
     np.where(CONDITION, A[:, None], B[:, None])),  # K.switch(CONDITION[..., 0], ...) expanded it so
    ("temporal_padding", lambda: OPS.pad(STEPS, ((0, 0), (1, 2), (0, 0))),
     np.pad(STEPS, ((0, 0), (1, 2), (0, 0)))),
    ("spatial_2d_padding", lambda: OPS.pad(IMAGES, ((0, 0), (1, 0), (2, 1), (0, 0))),
     np.pad(IMAGES, ((0, 0), (1, 0), (2, 1), (0, 0)))),
    ("resize_images", lambda: keras.layers.UpSampling2D((2, 3))(IMAGES),
     IMAGES.repeat(2, axis=1).repeat(3, axis=2)),
    ("in_top_k", lambda: OPS.in_top_k(np.array([2, 1]), A, 1), [True, False]),
    ("batch_dot", lambda: OPS.sum(A * B, axis=-1, keepdims=True), (A * B).sum(-1, keepdims=True)),
    ("batch_dot", lambda: OPS.matmul(CUBE, STACK[:2]), np.einsum("bij,bjk->bik", CUBE, STACK[:2])),
    ("eye", lambda: OPS.eye(3, dtype="float32"), np.eye(3)),
    ("pool2d", lambda: OPS.max_pool(IMAGES[:, :6], 2, 2),
     IMAGES[:, :6].reshape(2, 3, 2, 3, 2, 3).max(axis=(2, 4))),
    ("pool2d", lambda: OPS.average_pool(IMAGES[:, :6], 2, 2),
     IMAGES[:, :6].reshape(2, 3, 2, 3, 2, 3).mean(axis=(2, 4))),
    ("batch_normalization",
     lambda: OPS.batch_normalization(A, np.array([1.0, 2, 3]), np.array([4.0, 1, 2]), axis=-1,
                                     offset=np.array([0.5, 0, 1]), scale=np.array([2.0, 1, 3]), epsilon=1e-3),
     (A - [1, 2, 3]) / np.sqrt(np.array([4.0, 1, 2]) + 1e-3) * [2, 1, 3] + [0.5, 0, 1]),
    ("constant", lambda: OPS.convert_to_tensor([1, 2], dtype="float32"), np.array([1.0, 2.0], "float32")),
]


@pytest.mark.parametrize(("fn", "keras_3", "keras_2"), REPLACEMENTS, ids=[case[0] for case in REPLACEMENTS])
def test_a_replacement_that_is_not_mechanical_still_gives_keras_2_numbers(fn, keras_3, keras_2):
    assert fn in by_function() and fn not in MECHANICAL
    if isinstance(keras_2, tuple):
        assert tuple(keras_3()) == keras_2
        return
    keras_3, keras_2 = keras.ops.convert_to_numpy(keras_3()), np.asarray(keras_2)
    assert keras_3.shape == keras_2.shape and keras_3.dtype.kind == keras_2.dtype.kind
    np.testing.assert_allclose(keras_3, keras_2, rtol=2e-5, atol=2e-6)


def test_ctc_replacements_give_the_numbers_keras_2_gave():
    """K.ctc_batch_cost / K.ctc_decode on softmax outputs, measured with tf-keras 2.21 (Keras 2): Keras 3's
    ops take logits (the log of those outputs), the label lengths first and the blank as mask_index."""
    y_pred = np.random.default_rng(1).random((2, 6, 4)).astype("float32")
    y_pred /= y_pred.sum(-1, keepdims=True)
    logits = keras.ops.log(y_pred)
    labels, label_length, input_length = np.array([[1, 2], [2, 0]]), np.array([2, 1]), np.array([6, 5])
    loss = keras.ops.ctc_loss(labels, logits, label_length, input_length, mask_index=3)
    np.testing.assert_allclose(keras.ops.convert_to_numpy(loss), [3.9450316, 5.513123], rtol=1e-5)
    paths, scores = keras.ops.ctc_decode(logits, input_length, strategy="greedy", mask_index=3)
    assert keras.ops.convert_to_numpy(paths[0]).tolist() == [[1, 2, 1, -1, -1, -1], [0, 1, 1, -1, -1, -1]]
    np.testing.assert_allclose(keras.ops.convert_to_numpy(scores).ravel(), [5.477505, 4.452138], rtol=1e-5)
