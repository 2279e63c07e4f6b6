"""Concept entries for the Keras 2 backend functions (``from keras import backend as K``: ``K.sum``...).

The list is every public function of ``tf_keras.backend`` (Keras 2 as ``tf.keras`` shipped it up to
TensorFlow 2.15, and as the ``tf-keras`` package still ships it), plus the ones only multi-backend Keras
2.2-2.3 had (``K.identity``, ``K.get_session``...). Keras 3.15.1's ``keras.backend`` keeps only the
configuration functions (``epsilon``, ``floatx``, ``image_data_format``, ``clear_session``...): those entries
are "present"; every other one is "removed" and names the Keras 3 way, most often a ``keras.ops`` function.

The migrate tool reads five tables to rewrite a call ``K.fn(args)`` without a person:

- ``MECHANICAL``: the functions whose call means ``OPS_NAME[fn](args)`` after the adjustments below: the
  same numbers on float and boolean tensors, checked in ``tests/test_concepts_backend.py`` against Keras 2's
  own definitions. The two differences left (``K.mean`` of integers, int64 indices from ``K.argmax``) are
  named in their entries.
- ``OPS_NAME``: the Keras 3 function each of them becomes, as a full path (``K.pow`` -> ``keras.ops.power``,
  ``K.random_normal`` -> ``keras.random.normal``).
- ``KEYWORDS``: keyword arguments that Keras 3 spells differently (``K.clip(x, min_value=0)`` ->
  ``keras.ops.clip(x, x_min=0)``); positional arguments keep their places.
- ``WRITE_DEFAULTS``: arguments whose Keras 2 default differs from Keras 3's (``K.concatenate`` joins on the
  last axis, ``keras.ops.concatenate`` on the first): ``(position, keyword, default)``; when the call leaves
  that argument out, the rewrite writes ``keyword=default``.
- ``LEAVE_IF_PASSED``: arguments Keras 3 has no equal for (``K.relu(x, alpha=0.1)``, a ``seed`` that Keras 3
  would turn into the same numbers at every call): ``{keyword: position}``; a call that passes one of them,
  by position or keyword, is left for a person.

Every status and error text below was checked against Keras 3.15.1 (TensorFlow backend).
"""

from __future__ import annotations

from functools import partial
from typing import Any

from ..concept import Concept, entry

L01 = "01_keras_workflow.ipynb"
L02 = "02_tensors_and_concepts.ipynb"
L03 = "03_models.ipynb"
L04 = "04_layers.ipynb"
L05 = "05_custom_layers.ipynb"
L10 = "10_losses_metrics_optimizers.ipynb"
L09 = "09_pretrained_and_transfer.ipynb"
L17 = "17_keras3_today.ipynb"
BASELINE = "The baseline of the course"
SYMBOLIC = "1 · Symbolic computation: lay the pipes, then let the water flow"
TENSORS = "2 · Tensors and axes"
BATCH_AXIS = "The batch axis"
LAYOUT = "3 · `channels_last` and `channels_first`"
LOOK_INSIDE = "Looking inside: a graph, or Python code?"
RESHAPING = "Cropping, upsampling, padding: `Cropping1D/2D/3D`, `UpSampling1D/2D/3D`, `ZeroPadding1D/2D/3D`"
LOCALLY = "4 · Locally connected layers: removed in Keras 3"
TRAINING = "Training and inference: the `training` argument"
SUBCLASSING = "Subclassing `keras.Model`"
FIRST_LAYER = "A first layer: weights in `build`, computation in `call`"
IMAGENET = "4 · The same recipe with ImageNet weights"
ACTIVATIONS_BY_HAND = "Activations on a small tensor"
CROSSENTROPY = "`K.categorical_crossentropy` and `metrics=['acc']`"
SGD = "SGD, momentum and nesterov"
OPS_LOSS = "A layer and a loss written only with `keras.ops`"
OPS_INTRO = "1. Backend-agnostic code with `keras.ops`"

X = "x = np.array([[1.0, -2.0, 3.0], [4.0, 5.0, -6.0]], dtype=\"float32\")\n"
POSITIVE = "x = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], dtype=\"float32\")\n"
Y = "y = np.array([[0.5, 0.5, 2.0], [1.0, 6.0, -1.0]], dtype=\"float32\")\n"

OPS_NAME: dict[str, str] = {
    **{fn: f"keras.ops.{fn}" for fn in (
        "abs", "all", "any", "arange", "argmax", "argmin", "binary_crossentropy", "cast",
        "categorical_crossentropy", "clip", "concatenate", "cos", "cumprod", "cumsum", "dot", "dtype", "elu",
        "equal", "exp", "expand_dims", "greater", "greater_equal", "less", "less_equal", "log", "logsumexp",
        "max", "maximum", "mean", "min", "minimum", "ndim", "not_equal", "one_hot", "ones_like", "prod",
        "relu", "reshape", "round", "sigmoid", "sign", "sin", "slice", "softmax", "softplus", "softsign",
        "sparse_categorical_crossentropy", "square", "squeeze", "stack", "std", "stop_gradient", "sum",
        "tanh", "tile", "transpose", "var", "zeros_like")},
    "conv1d": "keras.ops.conv", "conv2d": "keras.ops.conv", "conv3d": "keras.ops.conv",
    "depthwise_conv2d": "keras.ops.depthwise_conv", "separable_conv1d": "keras.ops.separable_conv",
    "separable_conv2d": "keras.ops.separable_conv", "gather": "keras.ops.take", "map_fn": "keras.ops.map",
    "permute_dimensions": "keras.ops.transpose", "pow": "keras.ops.power",
    "repeat_elements": "keras.ops.repeat", "reverse": "keras.ops.flip", "dropout": "keras.random.dropout",
    "random_normal": "keras.random.normal",
    "random_uniform": "keras.random.uniform", "truncated_normal": "keras.random.truncated_normal",
}
"""The Keras 3 function (full path) each mechanically rewritable backend function becomes."""

MECHANICAL: frozenset[str] = frozenset(OPS_NAME)
"""Backend functions whose call ``K.fn(args)`` means ``OPS_NAME[fn](args)``, after ``KEYWORDS``,
``WRITE_DEFAULTS`` and ``LEAVE_IF_PASSED`` (see the module docstring)."""

_BINARY = {"x": "x1", "y": "x2"}
_CONV = {"x": "inputs"}
KEYWORDS: dict[str, dict[str, str]] = {
    **{fn: _BINARY for fn in ("dot", "equal", "not_equal", "greater", "greater_equal", "less", "less_equal",
                              "maximum", "minimum")},
    "pow": {"x": "x1", "a": "x2"},
    "clip": {"min_value": "x_min", "max_value": "x_max"},
    "concatenate": {"tensors": "xs"},
    "reshape": {"shape": "newshape"},
    "permute_dimensions": {"pattern": "axes"},
    "repeat_elements": {"rep": "repeats"},
    "reverse": {"axes": "axis"},
    "tile": {"n": "repeats"},
    "one_hot": {"indices": "x"},
    "gather": {"reference": "x"},
    "stop_gradient": {"variables": "variable"},
    "slice": {"x": "inputs", "start": "start_indices", "size": "shape"},
    "map_fn": {"fn": "f", "elems": "xs"},
    "conv1d": _CONV, "conv2d": _CONV, "conv3d": _CONV, "separable_conv1d": _CONV, "separable_conv2d": _CONV,
    "depthwise_conv2d": {"x": "inputs", "depthwise_kernel": "kernel"},
    "dropout": {"x": "inputs", "level": "rate"},
}
"""Keyword arguments Keras 3 spells differently: backend function -> {Keras 2 keyword: Keras 3 keyword}."""

WRITE_DEFAULTS: dict[str, tuple[int, str, str]] = {
    "concatenate": (1, "axis", "-1"),
    "argmax": (1, "axis", "-1"),
    "argmin": (1, "axis", "-1"),
    "cumsum": (1, "axis", "0"),
    "cumprod": (1, "axis", "0"),
    "expand_dims": (1, "axis", "-1"),
    "gather": (2, "axis", "0"),
}
"""(position, keyword, Keras 2 default as source text) for arguments whose default changed in Keras 3;
a call that leaves the argument out gets ``keyword=default`` written."""

LEAVE_IF_PASSED: dict[str, dict[str, int]] = {
    "relu": {"alpha": 1, "max_value": 2, "threshold": 3},
    "zeros_like": {"name": 2},
    "ones_like": {"name": 2},
    "sparse_categorical_crossentropy": {"ignore_class": 4},
    "map_fn": {"name": 2, "dtype": 3},
    "dropout": {"seed": 3},
    "random_normal": {"seed": 4},
    "random_uniform": {"seed": 4},
    "truncated_normal": {"seed": 4},
}
"""Keras 2 arguments with no Keras 3 equal, {keyword: position}: a call passing one is left for a person."""


def _present(fn: str, summary: str, example: str, **fields: Any) -> Concept:
    """An entry for a backend function ``keras.backend`` still has, with the same meaning."""
    return entry(f"keras.backend.{fn}", summary, example, fields.pop("heading", None), "old-backend",
                 aliases=(f"K.{fn}", f"backend.{fn}"), context="backend", **fields)


def _removed(fn: str, summary: str, replacement: str, example: str, since: str = "Keras 3.0",
             **fields: Any) -> Concept:
    """An entry for a backend function Keras 3 removed; ``replacement`` is the Keras 3 way."""
    return _present(fn, summary, example, status="removed", since=since, replacement=replacement,
                    error=f"AttributeError: module 'keras.backend' has no attribute '{fn}'", **fields)


def _op(fn: str, what: str, call: str, example: str, **fields: Any) -> Concept:
    """A removed backend function that ``keras.ops`` (or ``keras.random``) has under ``call``; ``what`` may
    already say the Keras 3 way, else the summary ends with it."""
    how = _how(fn)
    if "Keras 3" in what:
        summary = f"{what} {how[0].upper()}{how[1:]}." if how else what
    else:
        summary = f"{what} Keras 3: {call}{f' ({how})' if how else ''}."
    return _removed(fn, summary, call, example, **fields)


def _how(fn: str) -> str:
    """How a MECHANICAL call's arguments carry over, from the migrate tables; empty for the others."""
    if fn not in MECHANICAL:
        return ""
    notes = [f"{old}= is {new}=" for old, new in KEYWORDS.get(fn, {}).items()]
    if fn in WRITE_DEFAULTS:
        _, keyword, default = WRITE_DEFAULTS[fn]
        notes.append(f"write {keyword}={default}")
    notes.extend("an int seed= now draws the same numbers at every call" if keyword == "seed"
                 else f"{keyword}= is gone" for keyword in LEAVE_IF_PASSED.get(fn, {}))
    return "same arguments" + (f": {'; '.join(notes)}" if notes else "")


_multi = partial(_removed, since="Keras 2.4")  # only multi-backend Keras 2.0-2.3 had it; tf.keras never did

CONFIGURATION = [
    _present("epsilon", "The small number (1e-7 by default) Keras adds to avoid dividing by zero or taking "
             "log(0). Still in keras.backend; keras.config.epsilon is the same function.",
             "eps = keras.backend.epsilon()   # 1e-07, also keras.config.epsilon()"),
    _present("set_epsilon", "Sets the fuzz factor epsilon() returns. Still in keras.backend (and "
             "keras.config.set_epsilon).",
             "keras.backend.set_epsilon(1e-7)"),
    _present("floatx", "The default float type, 'float32' unless changed. Still in keras.backend (and "
             "keras.config.floatx).",
             "keras.backend.floatx()   # 'float32'"),
    _present("set_floatx", "Sets the default float type. Still in keras.backend; in Keras 3 prefer "
             "keras.config.set_dtype_policy('mixed_float16') for mixed precision.",
             "keras.backend.set_floatx(\"float32\")"),
    _present("image_data_format", "The global image layout, 'channels_last' (default) or 'channels_first'. "
             "Still in keras.backend; keras.config.image_data_format is the same function.",
             "keras.backend.image_data_format()   # 'channels_last'",
             lesson=L02, heading=LAYOUT),
    _present("set_image_data_format", "Sets the global image layout. Still in keras.backend (and "
             "keras.config.set_image_data_format).",
             "keras.config.set_image_data_format(\"channels_last\")",
             lesson=L02, heading=LAYOUT),
    _present("clear_session", "Resets the global Keras state (layer name counters, the TensorFlow graph) so "
             "that models built in a loop do not pile up in memory. Still in keras.backend.",
             "keras.backend.clear_session()"),
    _present("is_keras_tensor", "True for the symbolic tensor of a functional model (keras.Input and layer "
             "outputs on it), False for arrays and eager tensors. Still in keras.backend.",
             "keras.backend.is_keras_tensor(keras.Input(shape=(3,)))   # True"),
    _present("backend", "The name of the backend Keras runs on: 'tensorflow', 'jax' or 'torch' in Keras 3 "
             "(Keras 2 could also say 'theano' or 'cntk'). Still in keras.backend.",
             "keras.backend.backend()   # 'tensorflow'"),
    _present("get_uid", "A counter per name prefix, used to name layers dense, dense_1... Still in "
             "keras.backend.",
             "keras.backend.get_uid(\"my_block\")   # 1, then 2..."),
    _removed("cast_to_floatx", "Turned a number or array into a NumPy array of floatx(). Keras 3: "
             "np.asarray(x, dtype=keras.config.floatx()).",
             "np.asarray(x, dtype=keras.config.floatx())",
             "values = np.asarray([1, 2, 3], dtype=keras.config.floatx())   # was K.cast_to_floatx(...)"),
    _removed("image_dim_ordering", "Keras 1's getter for the image layout, 'tf' or 'th'. Keras 2.0 replaced "
             "it with image_data_format ('channels_last' / 'channels_first').",
             "keras.config.image_data_format",
             "keras.config.image_data_format()   # 'channels_last', was 'tf'",
             since="Keras 2.4", lesson=L02, heading=LAYOUT, runs=("image_data_format",)),
    _removed("set_image_dim_ordering", "Keras 1's layout switch, 'tf' or 'th'. Keras 2.0 replaced it with "
             "set_image_data_format('channels_last' / 'channels_first').",
             "keras.config.set_image_data_format",
             "keras.config.set_image_data_format(\"channels_last\")   # was K.set_image_dim_ordering(\"tf\")",
             since="Keras 2.4", lesson=L02, heading=LAYOUT, runs=("set_image_data_format",)),
    _multi("normalize_data_format", "Checked a data_format argument and filled in image_data_format() for "
           "None. Keras 3 layers do it themselves: pass data_format=None or a layout string.",
           "keras.config.image_data_format()",
           "data_format = None or keras.config.image_data_format()   # was K.normalize_data_format(None)"),
]

SESSIONS_AND_GRAPHS = [
    _removed("function", "K.function(inputs, outputs) compiled a backend function, often to read a hidden "
             "layer's output. Keras 3: build a side model keras.Model(model.input, layer.output) and call "
             "it (or kt.activations(model, x) for every layer).",
             "keras.Model(model.input, layer.output)",
             "inputs = keras.Input(shape=(3,))\n"
             "hidden = keras.layers.Dense(4, name=\"hidden\")(inputs)\n"
             "model = keras.Model(inputs, keras.layers.Dense(1)(hidden))\n"
             "probe = keras.Model(model.input, model.get_layer(\"hidden\").output)\n"
             "hidden_values = probe(np.ones((2, 3)))   # was K.function([model.input], [hidden.output])",
             lesson=L03, heading=LOOK_INSIDE, runs=("activations",)),
    _removed("gradients", "K.gradients(loss, variables) built the symbolic gradient in a TensorFlow 1 "
             "graph. Keras 3 is eager: record the computation under tf.GradientTape and ask the tape.",
             "tf.GradientTape",
             "import tensorflow as tf\n"
             "w = keras.Variable(3.0)\n"
             "with tf.GradientTape() as tape:\n"
             "    loss = w * w\n"
             "grad = tape.gradient(loss, w)   # 6.0; was K.gradients(loss, [w])"),
    _removed("placeholder", "Created a symbolic input tensor in TensorFlow 1 graph mode. Keras 3: "
             "keras.Input gives the symbolic tensor a model starts from.",
             "keras.Input",
             "inputs = keras.Input(shape=(64,))   # was K.placeholder(shape=(None, 64))",
             lesson=L02, heading=SYMBOLIC, runs=("Input",)),
    _multi("is_placeholder", "Told a K.placeholder from other tensors. Keras 3 has no placeholders: "
           "keras.backend.is_keras_tensor tells a symbolic tensor from a value.",
           "keras.backend.is_keras_tensor",
           "keras.backend.is_keras_tensor(keras.Input(shape=(2,)))   # True"),
    _removed("eval", "Evaluated a tensor into a NumPy array. Keras 3: keras.ops.convert_to_numpy.",
             "keras.ops.convert_to_numpy",
             "values = keras.ops.convert_to_numpy(keras.ops.ones((2, 3)))   # was K.eval(...)",
             lesson=L02, heading=TENSORS, runs=("convert_to_numpy",)),
    _removed("get_value", "Read a variable's value as a NumPy array (often model.optimizer.lr). Keras 3: "
             "keras.ops.convert_to_numpy(v), or v.numpy() on the TensorFlow backend.",
             "keras.ops.convert_to_numpy(v)",
             "v = keras.Variable(0.01)\n"
             "value = keras.ops.convert_to_numpy(v)   # was K.get_value(v)",
             lesson=L02, heading=TENSORS, runs=("convert_to_numpy",)),
    _removed("batch_get_value", "get_value for a list of variables. Keras 3: convert each one.",
             "[keras.ops.convert_to_numpy(v) for v in variables]",
             "variables = [keras.Variable(1.0), keras.Variable(2.0)]\n"
             "values = [keras.ops.convert_to_numpy(v) for v in variables]",
             lesson=L02, heading=TENSORS, runs=("convert_to_numpy",)),
    _removed("set_value", "Wrote a NumPy value into a variable (often to change the learning rate during "
             "training). Keras 3: v.assign(value); for the optimizer, optimizer.learning_rate = value.",
             "v.assign(value)",
             "v = keras.Variable(0.01)\n"
             "v.assign(0.001)   # was K.set_value(v, 0.001)\n"
             "optimizer = keras.optimizers.Adam(0.01)\n"
             "optimizer.learning_rate = 0.001   # was K.set_value(model.optimizer.lr, 0.001)"),
    _removed("batch_set_value", "set_value for a list of (variable, value) pairs. Keras 3: assign each one.",
             "v.assign(value) for each pair",
             "pairs = [(keras.Variable(1.0), 5.0), (keras.Variable(2.0), 6.0)]\n"
             "for variable, value in pairs:\n"
             "    variable.assign(value)"),
    _removed("variable", "Created a backend variable from a value: K.variable(value, dtype, name). Keras 3: "
             "keras.Variable(initializer, dtype=..., name=...); the second positional argument is now the "
             "shape, so pass dtype by keyword. Inside a layer use self.add_weight.",
             "keras.Variable",
             "w = keras.Variable(np.array([-4.0, 1.5]), dtype=\"float32\", name=\"w\")",
             lesson=L10, heading=SGD, runs=("Variable",)),
    _removed("constant", "Made a constant tensor, float32 (floatx) unless dtype said otherwise, optionally "
             "filled to a shape. Keras 3: keras.ops.convert_to_tensor(value, dtype=...), or keras.ops.full "
             "for a filled shape. Give the dtype: convert_to_tensor([1, 2]) is int32.",
             "keras.ops.convert_to_tensor",
             "c = keras.ops.convert_to_tensor([1, 2], dtype=\"float32\")   # was K.constant([1, 2])\n"
             "f = keras.ops.full((2, 3), 7.0)   # was K.constant(7.0, shape=(2, 3))"),
    _removed("update", "Returned an op that assigned a new value to a variable (K.update(v, new_v), "
             "collected in layer.updates). Keras 3 is eager: v.assign(new_value).",
             "v.assign(new_value)",
             "v = keras.Variable(1.0)\nv.assign(2.0)   # was K.update(v, 2.0)"),
    _removed("update_add", "Added to a variable. Keras 3: v.assign_add(increment).",
             "v.assign_add(increment)",
             "v = keras.Variable(1.0)\nv.assign_add(0.5)   # was K.update_add(v, 0.5)"),
    _removed("update_sub", "Subtracted from a variable. Keras 3: v.assign_sub(decrement).",
             "v.assign_sub(decrement)",
             "v = keras.Variable(1.0)\nv.assign_sub(0.5)   # was K.update_sub(v, 0.5)"),
    _removed("moving_average_update", "Updated a moving average, x = x * momentum + value * (1 - momentum) "
             "(BatchNormalization's running mean). Keras 3: write the formula with assign.",
             "x.assign(x * momentum + value * (1 - momentum))",
             "moving_mean = keras.Variable(0.0)\nmomentum, value = 0.9, 4.0\n"
             "moving_mean.assign(moving_mean * momentum + value * (1 - momentum))   # 0.4"),
    _removed("count_params", "Counted the scalars in a variable. Keras 3: layer.count_params() or "
             "model.count_params() for a whole layer; for one variable, the product of its shape.",
             "int(np.prod(v.shape)) or model.count_params()",
             "v = keras.Variable(np.zeros((3, 4)))\nn = int(np.prod(v.shape))   # 12, was K.count_params(v)",
             lesson=L01, heading=BASELINE, runs=("count_params",)),
    _removed("get_variable_shape", "The shape of a variable as a tuple. Keras 3: v.shape.", "v.shape",
             "v = keras.Variable(np.zeros((3, 4)))\nshape = v.shape   # (3, 4)", since="Keras 2.4"),
    _removed("manual_variable_initialization", "TensorFlow 1 switch: initialise variables yourself instead "
             "of in the session. Keras 3 variables hold their value from creation: delete the call.",
             "nothing: delete the call",
             "v = keras.Variable(np.ones(3))   # already initialised"),
    _removed("get_session", "The TensorFlow 1 session Keras ran in. TensorFlow 2 and Keras 3 have no "
             "sessions: run code eagerly (or use tf.compat.v1 for real TensorFlow 1 code).",
             "nothing: Keras 3 runs eagerly", "values = keras.ops.convert_to_numpy(keras.ops.ones(3))   # no "
             "session.run", since="TensorFlow 2.0 (tf.keras)"),
    _removed("set_session", "Installed a TensorFlow 1 session, often to set GPU memory growth. Keras 3: "
             "configure devices with tf.config (tf.config.experimental.set_memory_growth).",
             "tf.config.experimental.set_memory_growth",
             "import tensorflow as tf\n"
             "for gpu in tf.config.list_physical_devices(\"GPU\"):\n"
             "    tf.config.experimental.set_memory_growth(gpu, True)",
             since="TensorFlow 2.0 (tf.keras)"),
    _removed("name_scope", "A context manager that prefixed the names of the ops created in it. Keras 3: "
             "keras.name_scope.", "keras.name_scope",
             "with keras.name_scope(\"block\"):\n    v = keras.Variable(1.0, name=\"w\")"),
    _removed("reset_uids", "Reset the counters behind automatic layer names. Keras 3: "
             "keras.backend.clear_session() resets them with the rest of the global state.",
             "keras.backend.clear_session", "keras.backend.clear_session()"),
    _removed("learning_phase", "The global flag, 0 (test) or 1 (train), that told Dropout and "
             "BatchNormalization which way to behave. Keras 3 has no global flag: every layer's call takes "
             "a training argument (model(x, training=True)), and fit/predict set it for you.",
             "the training argument of call()",
             "layer = keras.layers.Dropout(0.5)\n"
             "train_output = layer(np.ones((1, 4)), training=True)\n"
             "test_output = layer(np.ones((1, 4)), training=False)",
             lesson=L05, heading=TRAINING, runs=("training",)),
    _removed("set_learning_phase", "Set the global learning phase (often set_learning_phase(0) before "
             "exporting a model). Keras 3: pass training=False (or True) when calling the model; predict "
             "already uses inference mode.", "the training argument of call()",
             "model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dropout(0.5)])\n"
             "outputs = model(np.ones((1, 4)), training=False)   # was K.set_learning_phase(0)",
             lesson=L05, heading=TRAINING, runs=("training",)),
    _removed("learning_phase_scope", "A context manager that set the learning phase inside it. Keras 3: "
             "pass training= to the calls instead.", "the training argument of call()",
             "layer = keras.layers.Dropout(0.5)\noutputs = layer(np.ones((1, 4)), training=True)",
             lesson=L05, heading=TRAINING, runs=("training",)),
    _removed("in_train_phase", "K.in_train_phase(x, alt, training) chose x while training and alt otherwise. "
             "Keras 3: a plain if on the training argument of your layer's call.",
             "if training: ... else: ... in call()",
             "class Noise(keras.layers.Layer):\n"
             "    def call(self, x, training=False):\n"
             "        return x + 1.0 if training else x   # was K.in_train_phase(x + 1.0, x)\n"
             "Noise()(np.zeros(2), training=True)",
             lesson=L05, heading=TRAINING, runs=("training",)),
    _removed("in_test_phase", "K.in_test_phase(x, alt) chose x at test time and alt while training. Keras 3: "
             "an if on the training argument of call().", "if training: ... else: ... in call()",
             "class Clean(keras.layers.Layer):\n"
             "    def call(self, x, training=False):\n"
             "        return x + 1.0 if training else x\n"
             "Clean()(np.zeros(2), training=False)",
             lesson=L05, heading=TRAINING, runs=("training",)),
    _removed("print_tensor", "Printed a tensor's value when the graph ran. Keras 3 is eager: print it "
             "(inside a tf.function use tf.print).", "print(keras.ops.convert_to_numpy(x))",
             "print(keras.ops.convert_to_numpy(keras.ops.ones(3)))   # was K.print_tensor(x)"),
    _removed("is_sparse", "Told a tf.SparseTensor from a dense one. Keras 3: keras.ops.is_tensor for any "
             "backend tensor; for sparseness, isinstance(x, tf.SparseTensor).",
             "isinstance(x, tf.SparseTensor)",
             "import tensorflow as tf\nisinstance(keras.ops.ones(2), tf.SparseTensor)   # False"),
    _removed("to_dense", "Turned a sparse tensor into a dense one. Keras 3 ops accept sparse tensors; "
             "tf.sparse.to_dense densifies one.", "tf.sparse.to_dense",
             "import tensorflow as tf\n"
             "s = tf.sparse.SparseTensor(indices=[[0, 1]], values=[2.0], dense_shape=[2, 2])\n"
             "dense = tf.sparse.to_dense(s)"),
    _multi("tf", "Keras 2.0-2.3's TensorFlow backend imported TensorFlow, so old code wrote K.tf.where, "
           "K.tf.image.resize_images... Keras 3: import tensorflow as tf yourself, or better, use keras.ops, "
           "which runs on every backend.", "import tensorflow as tf (or keras.ops)",
           "import tensorflow as tf\nkeras.ops.where(np.array([True, False]), 1.0, 0.0)   # K.tf.where(...)"),
    _multi("control_flow_ops", "TensorFlow's internal control_flow_ops module, reachable through Keras "
           "2.0-2.3's backend: old code called K.control_flow_ops.while_loop (keras-yolo3) or .cond. "
           "Keras 3: keras.ops.while_loop and keras.ops.cond.", "keras.ops.while_loop / keras.ops.cond",
           "i, total = keras.ops.while_loop(lambda i, t: i < 4, lambda i, t: (i + 1, t + i), (0, 0))"),
    _multi("is_tensor", "True for a backend tensor. Keras 3: keras.ops.is_tensor (False for keras.Input's "
           "symbolic tensors: keras.backend.is_keras_tensor tells those).", "keras.ops.is_tensor",
           "keras.ops.is_tensor(keras.ops.ones(2))   # True"),
    _multi("identity", "Returned a copy of a tensor. Keras 3: keras.ops.copy(x), or just x. Careful: "
           "keras.ops.identity(n) is something else, the n x n identity matrix.", "keras.ops.copy",
           X + "same = keras.ops.copy(x)   # was K.identity(x); keras.ops.identity(3) is np.eye(3)"),
]

SHAPES = [
    _removed("int_shape", "The static shape as a tuple of ints (None for unknown sizes). Keras 3: x.shape "
             "(a tuple on keras.Input and on tensors).", "x.shape",
             "inputs = keras.Input(shape=(28, 28))\nshape = inputs.shape   # (None, 28, 28)"),
    _op("shape", "The dynamic shape as a 1-D tensor, to index (K.shape(x)[0], the batch size). Keras 3's "
        "keras.ops.shape returns a tuple: indexing it works the same, but arithmetic on the whole shape "
        "(K.shape(x) * 2) does not.", "keras.ops.shape(x)",
        X + "batch = keras.ops.shape(x)[0]   # 2, was K.shape(x)[0]",
        lesson=L17, heading=OPS_LOSS, runs=("ops.shape",)),
    _op("ndim", "The number of axes.", "keras.ops.ndim(x)", X + "keras.ops.ndim(x)   # 2"),
    _op("dtype", "The dtype's name, e.g. 'float32'.", "keras.ops.dtype(x)", X + "keras.ops.dtype(x)"),
    _op("reshape", "Reshapes; one size may be -1.", "keras.ops.reshape(x, newshape)",
        X + "keras.ops.reshape(x, (3, 2))", lesson=L17, heading=OPS_LOSS, runs=("ops.reshape",)),
    _op("batch_flatten", "Flattened each sample: (batch, ...) -> (batch, features).",
        "keras.ops.reshape(x, (keras.ops.shape(x)[0], -1))",
        "images = np.ones((2, 4, 4, 3))\n"
        "flat = keras.ops.reshape(images, (keras.ops.shape(images)[0], -1))   # (2, 48)"),
    _op("flatten", "Flattened the whole tensor into one axis.", "keras.ops.reshape(x, (-1,))",
        X + "keras.ops.reshape(x, (-1,))   # 6 values"),
    _op("permute_dimensions", "Reorders the axes by a pattern.", "keras.ops.transpose(x, axes)",
        "images = np.ones((2, 4, 5, 3))\nkeras.ops.transpose(images, (0, 3, 1, 2))   # (2, 3, 4, 5)"),
    _op("transpose", "Reverses the axes (a matrix transpose for 2-D).", "keras.ops.transpose(x)",
        X + "keras.ops.transpose(x)   # (3, 2)"),
    _op("expand_dims", "Inserts an axis of size 1, at the end by default in Keras 2 (keras.ops.expand_dims "
        "needs the axis).", "keras.ops.expand_dims(x, axis=-1)",
        X + "keras.ops.expand_dims(x, axis=-1)   # (2, 3, 1)"),
    _op("squeeze", "Removes an axis of size 1.", "keras.ops.squeeze(x, axis)",
        "keras.ops.squeeze(np.ones((2, 1, 3)), axis=1)   # (2, 3)"),
    _op("concatenate", "Joins tensors along an axis, the LAST by default in Keras 2; keras.ops.concatenate "
        "joins on the FIRST by default, so give axis=-1.", "keras.ops.concatenate(xs, axis=-1)",
        X + Y + "keras.ops.concatenate([x, y], axis=-1)   # (2, 6)"),
    _op("stack", "Stacks tensors along a new axis.", "keras.ops.stack(x, axis=0)",
        X + Y + "keras.ops.stack([x, y], axis=0)   # (2, 2, 3)"),
    _op("tile", "Repeats the whole tensor n times along each axis.", "keras.ops.tile(x, repeats)",
        X + "keras.ops.tile(x, (2, 1))   # (4, 3)"),
    _op("repeat_elements", "Repeats each element rep times along an axis.",
        "keras.ops.repeat(x, repeats, axis)", X + "keras.ops.repeat(x, 2, axis=1)   # (2, 6)",
        lesson=L09, heading=IMAGENET, runs=("ops.repeat",)),
    _op("repeat", "K.repeat(x, n) turned (batch, features) into (batch, n, features), like RepeatVector; "
        "keras.ops.repeat is a different function (K.repeat_elements).",
        "keras.ops.repeat(keras.ops.expand_dims(x, 1), n, axis=1)",
        X + "keras.ops.repeat(keras.ops.expand_dims(x, 1), 4, axis=1)   # (2, 4, 3), was K.repeat(x, 4)"),
    _op("reverse", "Reverses along the given axes.", "keras.ops.flip(x, axis)",
        X + "keras.ops.flip(x, axis=1)   # was K.reverse(x, 1)"),
    _op("gather", "Picks rows (along axis 0) by index.", "keras.ops.take(x, indices, axis=0)",
        X + "keras.ops.take(x, [1, 0], axis=0)   # was K.gather(x, [1, 0])"),
    _multi("slice", "Cut a block: K.slice(x, start, size). Keras 3: keras.ops.slice, same arguments "
           "(inputs, start_indices, shape).", "keras.ops.slice(inputs, start_indices, shape)",
           X + "keras.ops.slice(x, (0, 1), (2, 2))"),
    _op("one_hot", "One-hot encodes integer indices, adding a last axis of num_classes.",
        "keras.ops.one_hot(x, num_classes)", "keras.ops.one_hot(np.array([0, 2]), 3)",
        lesson=L17, heading=OPS_LOSS, runs=("ops.one_hot",)),
    _op("cast", "Converts to another dtype.", "keras.ops.cast(x, dtype)",
        X + "keras.ops.cast(x, \"int32\")", lesson=L17, heading=OPS_LOSS, runs=("ops.cast",)),
    _op("temporal_padding", "Padded the time axis of (batch, steps, features) with zeros.",
        "keras.ops.pad(x, ((0, 0), (1, 1), (0, 0))) or keras.layers.ZeroPadding1D",
        "steps = np.ones((2, 5, 3))\nkeras.ops.pad(steps, ((0, 0), (1, 1), (0, 0)))   # (2, 7, 3)",
        lesson=L04, heading=RESHAPING, runs=("ZeroPadding1D",)),
    _op("spatial_2d_padding", "Padded the rows and columns of images with zeros.",
        "keras.ops.pad(x, ((0, 0), (1, 1), (1, 1), (0, 0))) or keras.layers.ZeroPadding2D",
        "images = np.ones((2, 4, 4, 3))\nkeras.ops.pad(images, ((0, 0), (1, 1), (1, 1), (0, 0)))",
        lesson=L04, heading=RESHAPING, runs=("ZeroPadding2D",)),
    _op("spatial_3d_padding", "Padded the three spatial axes of volumes with zeros.",
        "keras.ops.pad(x, ((0, 0), (1, 1), (1, 1), (1, 1), (0, 0))) or keras.layers.ZeroPadding3D",
        "cube = np.ones((1, 2, 2, 2, 1))\nkeras.ops.pad(cube, ((0, 0), (1, 1), (1, 1), (1, 1), (0, 0)))",
        lesson=L04, heading=RESHAPING, runs=("ZeroPadding3D",)),
    _op("resize_images", "Upsampled images by whole factors (nearest by default).",
        "keras.layers.UpSampling2D(size) or keras.ops.image.resize",
        "images = np.ones((1, 4, 4, 3))\nkeras.layers.UpSampling2D((2, 2))(images)   # (1, 8, 8, 3)",
        lesson=L04, heading=RESHAPING, runs=("UpSampling2D",)),
    _op("resize_volumes", "Upsampled volumes by whole factors.", "keras.layers.UpSampling3D(size)",
        "cube = np.ones((1, 2, 2, 2, 1))\nkeras.layers.UpSampling3D(2)(cube)   # (1, 4, 4, 4, 1)",
        lesson=L04, heading=RESHAPING, runs=("UpSampling3D",)),
    _op("arange", "A 1-D range of numbers, int32 for integer arguments.",
        "keras.ops.arange(start, stop, step, dtype)", "keras.ops.arange(0, 10, 2)   # [0 2 4 6 8]"),
    _op("zeros", "Made a VARIABLE of zeros (Keras 2 returned a variable when the shape was known). Keras "
        "3: keras.ops.zeros for a tensor, keras.Variable(keras.ops.zeros(shape)) to assign to it later.",
        "keras.ops.zeros(shape, dtype)", "keras.ops.zeros((2, 3))"),
    _op("ones", "Made a VARIABLE of ones. Keras 3: keras.ops.ones for a tensor, keras.Variable around it "
        "for a variable.", "keras.ops.ones(shape, dtype)", "keras.ops.ones((2, 3))"),
    _op("eye", "Made an identity-matrix VARIABLE; K.eye(n, dtype). Keras 3: keras.ops.eye(N, M, k, dtype); "
        "its second positional argument is M, so pass dtype by keyword.", "keras.ops.eye(n, dtype=...)",
        "keras.ops.eye(3, dtype=\"float32\")"),
    _op("zeros_like", "Zeros with the shape of x.", "keras.ops.zeros_like(x, dtype)",
        X + "keras.ops.zeros_like(x)"),
    _op("ones_like", "Ones with the shape of x.", "keras.ops.ones_like(x, dtype)",
        X + "keras.ops.ones_like(x)"),
]

_ELEMENTWISE = {
    "abs": "Absolute value, element-wise.", "exp": "e to the x, element-wise.",
    "log": "Natural logarithm, element-wise.", "square": "x squared, element-wise.",
    "sign": "-1, 0 or 1, element-wise.", "round": "Rounds to the nearest integer, halves to even.",
    "cos": "Cosine, element-wise.", "sin": "Sine, element-wise.", "tanh": "Hyperbolic tangent, element-wise.",
    "sigmoid": "The logistic sigmoid 1 / (1 + exp(-x)), element-wise.",
    "softplus": "log(1 + exp(x)), element-wise.", "softsign": "x / (1 + |x|), element-wise.",
}
_LESSON_OPS = {"log": (L17, OPS_LOSS, ("ops.log",)), "square": (L17, OPS_LOSS, ("ops.square",)),
               "sigmoid": (L10, ACTIVATIONS_BY_HAND, ("sigmoid",)),
               "tanh": (L10, ACTIVATIONS_BY_HAND, ("tanh",))}
ELEMENTWISE = [
    _op(fn, what, f"keras.ops.{fn}(x)", (POSITIVE if fn == "log" else X) + f"keras.ops.{fn}(x)",
        **dict(zip(("lesson", "heading", "runs"), _LESSON_OPS.get(fn, ()))))
    for fn, what in _ELEMENTWISE.items()
]

MATH = [
    _op("sqrt", "Square root, after clipping negative values to 0 (so K.sqrt(-1.0) was 0, keras.ops.sqrt "
        "gives nan).", "keras.ops.sqrt(keras.ops.maximum(x, 0.0))",
        X + "keras.ops.sqrt(keras.ops.maximum(x, 0.0))   # was K.sqrt(x)"),
    _op("pow", "x to the power a, element-wise.", "keras.ops.power(x1, x2)", X + "keras.ops.power(x, 2)"),
    _op("clip", "Limits values to [min_value, max_value]; keras.ops.clip names them x_min, x_max.",
        "keras.ops.clip(x, x_min, x_max)", X + "keras.ops.clip(x, 0.0, 1.0)",
        lesson=L17, heading=OPS_LOSS, runs=("ops.clip",)),
    _op("maximum", "Element-wise maximum of two tensors.", "keras.ops.maximum(x1, x2)",
        X + Y + "keras.ops.maximum(x, y)"),
    _op("minimum", "Element-wise minimum of two tensors.", "keras.ops.minimum(x1, x2)",
        X + Y + "keras.ops.minimum(x, y)"),
    _op("dot", "Matrix product; for more than 2 axes, numpy.dot's rule (last axis of x with the "
        "second-to-last of y). In a layer's call, K.dot(x, self.kernel) is usually written "
        "keras.ops.matmul(x, self.kernel), the same for a 2-D kernel.", "keras.ops.dot(x1, x2)",
        X + "keras.ops.dot(x, np.ones((3, 4)))      # (2, 4)\n"
        "keras.ops.matmul(x, np.ones((3, 4)))   # the same",
        lesson=L05, heading=FIRST_LAYER, runs=("ops.matmul",)),
    _op("batch_dot", "K.batch_dot(x, y, axes) multiplied sample by sample: for each i in the batch, "
        "dot(x[i], y[i]) over the given axes. Keras 3: keras.ops.einsum says it directly, or "
        "keras.ops.matmul for (batch, n, k) @ (batch, k, m).", "keras.ops.einsum / keras.ops.matmul",
        "a, b = np.ones((4, 2, 3)), np.ones((4, 3, 5))\n"
        "keras.ops.matmul(a, b)                     # (4, 2, 5), K.batch_dot(a, b)\n"
        "u, v = np.ones((4, 3)), np.ones((4, 3))\n"
        "keras.ops.sum(u * v, axis=-1, keepdims=True)   # (4, 1), K.batch_dot(u, v, axes=1)"),
    _op("l2_normalize", "Divided by the L2 norm along an axis, x / sqrt(max(sum(x**2), 1e-12)); axis=None "
        "meant the whole tensor.", "keras.ops.normalize(x, axis=-1, order=2)",
        X + "keras.ops.normalize(x, axis=-1)   # each row has length 1, was K.l2_normalize(x, axis=-1)"),
    _op("equal", "Element-wise x == y, as booleans.", "keras.ops.equal(x1, x2)",
        X + Y + "keras.ops.equal(x, y)"),
    _op("not_equal", "Element-wise x != y.", "keras.ops.not_equal(x1, x2)",
        X + Y + "keras.ops.not_equal(x, y)"),
    _op("greater", "Element-wise x > y.", "keras.ops.greater(x1, x2)", X + Y + "keras.ops.greater(x, y)"),
    _op("greater_equal", "Element-wise x >= y.", "keras.ops.greater_equal(x1, x2)",
        X + Y + "keras.ops.greater_equal(x, y)"),
    _op("less", "Element-wise x < y.", "keras.ops.less(x1, x2)", X + Y + "keras.ops.less(x, y)"),
    _op("less_equal", "Element-wise x <= y.", "keras.ops.less_equal(x1, x2)",
        X + Y + "keras.ops.less_equal(x, y)"),
    _op("switch", "K.switch(condition, then, else): a scalar condition chose one whole tensor (then and "
        "else could be functions); a condition of lower rank was expanded on the right, so a per-sample "
        "condition picked whole rows. Keras 3: keras.ops.where(condition, x1, x2), which broadcasts "
        "NumPy-style (expand a per-sample condition yourself), or keras.ops.cond for a scalar one. "
        "keras.ops.switch is something else (a function chosen by index).",
        "keras.ops.where(condition, x1, x2)",
        X + Y + "keras.ops.where(keras.ops.expand_dims(np.array([True, False]), -1), x, y)   # rows"),
    _op("stop_gradient", "Passes values forward, no gradient backward.", "keras.ops.stop_gradient(variable)",
        X + "keras.ops.stop_gradient(x)"),
    _op("map_fn", "Applies a function to each slice along the first axis.", "keras.ops.map(f, xs)",
        X + "keras.ops.map(keras.ops.sum, x)   # [2. 3.]"),
    _op("foldl", "Folded a function over the first axis from the left. Keras 3: keras.ops.scan (it returns "
        "the final carry and the stacked outputs).", "keras.ops.scan(f, init, xs)",
        "steps = np.arange(4.0, dtype=\"float32\")\n"
        "total, _ = keras.ops.scan(lambda carry, x: (carry + x, carry), 0.0, steps)   # 6.0"),
    _op("foldr", "Folded a function over the first axis from the right. Keras 3: keras.ops.scan(..., "
        "reverse=True).", "keras.ops.scan(f, init, xs, reverse=True)",
        "steps = np.arange(4.0, dtype=\"float32\")\n"
        "total, _ = keras.ops.scan(lambda carry, x: (carry + x, carry), 0.0, steps, reverse=True)"),
    _op("rnn", "Ran a step function over the time axis (the loop inside Keras 2's recurrent layers). "
        "Keras 3: write a cell and wrap it in keras.layers.RNN, or loop with keras.ops.scan.",
        "keras.layers.RNN",
        "rnn = keras.layers.RNN(keras.layers.SimpleRNNCell(4))\noutputs = rnn(np.ones((2, 5, 3)))"),
]

_REDUCTIONS = {
    "sum": "Sum", "mean": "Mean", "max": "Maximum", "min": "Minimum", "prod": "Product",
    "std": "Standard deviation (population, ddof=0)", "var": "Variance (population, ddof=0)",
    "any": "Logical OR", "all": "Logical AND", "logsumexp": "log(sum(exp(x))) computed stably",
}
_LESSON_REDUCTIONS = {"sum": (L02, TENSORS, ("ops.sum",)), "mean": (L02, BATCH_AXIS, ("ops.mean",))}
_INTEGER_MEAN = (" One change: on an integer tensor Keras 2 truncated the result to an integer (K.mean of "
                 "[1, 2] was 1), keras.ops.mean gives a float (1.5).")
REDUCTIONS = [
    (_multi if fn == "logsumexp" else _removed)(
        fn, f"{what} over an axis (None: over everything); keepdims keeps the reduced axis with size 1. "
        f"Keras 3: keras.ops.{fn}(x, axis=None, keepdims=False), same arguments."
        + (_INTEGER_MEAN if fn == "mean" else ""),
        f"keras.ops.{fn}(x, axis, keepdims)", X + f"keras.ops.{fn}(x, axis=1)   # was K.{fn}(x, axis=1)",
        **dict(zip(("lesson", "heading", "runs"), _LESSON_REDUCTIONS.get(fn, ()))))
    for fn, what in _REDUCTIONS.items()
]

SCANS = [
    _op("argmax", "Index of the largest value along an axis, the LAST by default in Keras 2; "
        "keras.ops.argmax flattens by default, so give axis=-1. The indices are int32 (Keras 2: int64).",
        "keras.ops.argmax(x, axis=-1)",
        X + "keras.ops.argmax(x, axis=-1)   # [2 1]"),
    _op("argmin", "Index of the smallest value along an axis, the LAST by default in Keras 2; give "
        "axis=-1. The indices are int32 (Keras 2: int64).",
        "keras.ops.argmin(x, axis=-1)", X + "keras.ops.argmin(x, axis=-1)"),
    _op("cumsum", "Running sum along an axis, the FIRST by default in Keras 2; keras.ops.cumsum flattens by "
        "default, so give axis=0.", "keras.ops.cumsum(x, axis=0)", X + "keras.ops.cumsum(x, axis=0)"),
    _op("cumprod", "Running product along an axis, the FIRST by default in Keras 2; give axis=0.",
        "keras.ops.cumprod(x, axis=0)", X + "keras.ops.cumprod(x, axis=0)"),
    _op("in_top_k", "K.in_top_k(predictions, targets, k): is each target among the k highest predictions? "
        "keras.ops.in_top_k takes targets FIRST.", "keras.ops.in_top_k(targets, predictions, k)",
        "keras.ops.in_top_k(np.array([1, 0]), np.array([[0.1, 0.9], [0.3, 0.7]]), 1)   # [True False]"),
]

ACTIVATIONS = [
    _op("relu", "max(x, 0). K.relu(x, alpha, max_value, threshold) also did leaky, capped and thresholded "
        "variants: keras.ops.relu(x) takes only x; keras.activations.relu(x, negative_slope, max_value, "
        "threshold) has them all.", "keras.ops.relu(x)", X + "keras.ops.relu(x)\n"
        "keras.activations.relu(x, negative_slope=0.1, max_value=6.0)   # K.relu(x, alpha=0.1, max_value=6)",
        lesson=L05, heading=SUBCLASSING, runs=("ops.relu",)),
    _op("elu", "x for x > 0, alpha * (exp(x) - 1) otherwise.", "keras.ops.elu(x, alpha)",
        X + "keras.ops.elu(x, alpha=1.0)"),
    _op("softmax", "exp(x) / sum(exp(x)) along an axis (the last by default).",
        "keras.ops.softmax(x, axis=-1)",
        X + "keras.ops.softmax(x, axis=-1)", lesson=L17, heading=OPS_INTRO, runs=("ops.softmax",)),
    _op("hard_sigmoid", "Keras 2's piecewise sigmoid clip(0.2 * x + 0.5, 0, 1). keras.ops.hard_sigmoid has "
        "another slope (x / 6 + 0.5): write the old formula to keep the numbers.",
        "keras.ops.clip(0.2 * x + 0.5, 0.0, 1.0)", X + "keras.ops.clip(0.2 * x + 0.5, 0.0, 1.0)"),
    _op("dropout", "Zeroed a share `level` of the values at random and scaled the rest by 1 / (1 - level). "
        "Keras 3: keras.random.dropout; for reproducible masks that still change at every call, pass "
        "seed=keras.random.SeedGenerator(...).",
        "keras.random.dropout(inputs, rate)", X + "keras.random.dropout(x, rate=0.5)"),
    _op("bias_add", "Added a bias vector on the channels axis. Keras 3: x + bias for channels_last (reshape "
        "the bias to (channels, 1, 1) for channels_first).", "x + bias",
        "images, bias = np.ones((2, 4, 4, 3)), np.array([0.1, 0.2, 0.3])\nshifted = images + bias"),
    _op("batch_normalization", "K.batch_normalization(x, mean, var, beta, gamma, axis, epsilon) applied "
        "(x - mean) / sqrt(var + epsilon) * gamma + beta. keras.ops.batch_normalization orders them "
        "(x, mean, variance, axis, offset, scale, epsilon): pass them by keyword.",
        "keras.ops.batch_normalization(x, mean, variance, axis, offset=beta, scale=gamma)",
        X + "keras.ops.batch_normalization(x, mean=np.zeros(3), variance=np.ones(3), axis=-1,\n"
        "                               offset=np.zeros(3), scale=np.ones(3), epsilon=1e-3)"),
    _op("normalize_batch_in_training", "Computed the batch mean and variance, then normalised. Keras 3: "
        "keras.ops.moments, then keras.ops.batch_normalization (or the BatchNormalization layer).",
        "keras.ops.moments + keras.ops.batch_normalization",
        X + "mean, variance = keras.ops.moments(x, axes=[0])\n"
        "normalised = keras.ops.batch_normalization(x, mean, variance, axis=-1)"),
]

LOSSES = [
    _op("binary_crossentropy", "Element-wise binary cross-entropy of probabilities (or logits with "
        "from_logits=True); no mean is taken.", "keras.ops.binary_crossentropy(target, output, from_logits)",
        "keras.ops.binary_crossentropy(np.array([1.0, 0.0]), np.array([0.9, 0.2]))"),
    _op("categorical_crossentropy", "Cross-entropy of one-hot targets and probabilities along the last axis.",
        "keras.ops.categorical_crossentropy(target, output, from_logits, axis)",
        "keras.ops.categorical_crossentropy(np.array([[0.0, 1.0]]), np.array([[0.2, 0.8]]))   # [0.223]",
        lesson=L10, heading=CROSSENTROPY, runs=("ops.categorical_crossentropy",)),
    _op("sparse_categorical_crossentropy", "Cross-entropy of integer targets and probabilities.",
        "keras.ops.sparse_categorical_crossentropy(target, output, from_logits, axis)",
        "keras.ops.sparse_categorical_crossentropy(np.array([1]), np.array([[0.2, 0.8]]))"),
    _op("binary_focal_crossentropy", "Element-wise focal binary cross-entropy. Keras 3: the loss function "
        "keras.losses.binary_focal_crossentropy, which also averages over the last axis.",
        "keras.losses.binary_focal_crossentropy",
        "keras.losses.binary_focal_crossentropy(np.array([[1.0, 0.0]]), np.array([[0.9, 0.2]]), gamma=2.0)"),
    _op("categorical_focal_crossentropy", "Focal categorical cross-entropy. Keras 3: "
        "keras.losses.categorical_focal_crossentropy.", "keras.losses.categorical_focal_crossentropy",
        "keras.losses.categorical_focal_crossentropy(np.array([[0.0, 1.0]]), np.array([[0.2, 0.8]]))"),
    _op("ctc_batch_cost", "K.ctc_batch_cost(y_true, y_pred, input_length, label_length): the CTC loss per "
        "sample, (batch, 1), from softmax outputs, with the LAST class as the blank. Keras 3: "
        "keras.ops.ctc_loss(target, output, target_length, output_length) takes the label lengths first, "
        "(batch,) vectors, logits (log of the softmax output gives the same numbers) and class 0 as the "
        "blank unless mask_index says otherwise. keras.losses.CTC wraps it for compile.",
        "keras.ops.ctc_loss(y_true, keras.ops.log(y_pred), label_length, input_length, "
        "mask_index=classes - 1)",
        "y_true = np.array([[1, 2], [2, 0]])\n"
        "y_pred = keras.ops.softmax(np.random.rand(2, 6, 4).astype(\"float32\"))   # 4 classes, 3 = blank\n"
        "loss = keras.ops.ctc_loss(y_true, keras.ops.log(y_pred), np.array([2, 1]), np.array([6, 5]),\n"
        "                          mask_index=3)\n"
        "# was K.ctc_batch_cost(y_true, y_pred, [[6], [5]], [[2], [1]])"),
    _op("ctc_decode", "K.ctc_decode(y_pred, input_length, greedy=True): greedy or beam-search decoding of "
        "softmax outputs, the LAST class as the blank. Keras 3: keras.ops.ctc_decode(inputs, "
        "sequence_lengths, strategy='greedy' or 'beam_search', mask_index=...) takes logits (log of the "
        "softmax output) and class 0 as the blank by default; it returns one tensor of paths, not a list.",
        "keras.ops.ctc_decode(keras.ops.log(y_pred), input_length, strategy=\"greedy\", "
        "mask_index=classes - 1)",
        "y_pred = keras.ops.softmax(np.random.rand(2, 6, 4).astype(\"float32\"))   # 4 classes, 3 = blank\n"
        "paths, scores = keras.ops.ctc_decode(keras.ops.log(y_pred), np.array([6, 5]), strategy=\"greedy\",\n"
        "                                     mask_index=3)   # paths[0] is K.ctc_decode(...)[0][0]"),
    _op("ctc_label_dense_to_sparse", "Turned dense labels into a tf.SparseTensor for TensorFlow's CTC. "
        "Keras 3's keras.ops.ctc_loss takes dense labels: no conversion needed.", "keras.ops.ctc_loss",
        "labels = np.array([[1, 2, 0]])   # dense, as keras.ops.ctc_loss takes them"),
]

CONVOLUTIONS = [
    _op("conv1d", "1-D convolution of (batch, steps, channels) with a (width, in, out) kernel.",
        "keras.ops.conv(inputs, kernel, strides, padding, data_format, dilation_rate)",
        "keras.ops.conv(np.ones((1, 8, 3)), np.ones((3, 3, 4)), strides=1, padding=\"same\")"),
    _op("conv2d", "2-D convolution of images with a (height, width, in, out) kernel.",
        "keras.ops.conv(inputs, kernel, strides, padding, data_format, dilation_rate)",
        "keras.ops.conv(np.ones((1, 8, 8, 3)), np.ones((3, 3, 3, 4)), strides=(1, 1), padding=\"valid\")"),
    _op("conv3d", "3-D convolution of volumes.",
        "keras.ops.conv(inputs, kernel, strides, padding, data_format, dilation_rate)",
        "keras.ops.conv(np.ones((1, 4, 4, 4, 1)), np.ones((2, 2, 2, 1, 2)))"),
    _op("depthwise_conv2d", "Depthwise 2-D convolution (one filter per input channel).",
        "keras.ops.depthwise_conv(inputs, kernel, strides, padding, data_format, dilation_rate)",
        "keras.ops.depthwise_conv(np.ones((1, 8, 8, 3)), np.ones((3, 3, 3, 1)))"),
    _op("separable_conv2d", "Depthwise then pointwise 2-D convolution.",
        "keras.ops.separable_conv(inputs, depthwise_kernel, pointwise_kernel, strides, padding, ...)",
        "keras.ops.separable_conv(np.ones((1, 8, 8, 3)), np.ones((3, 3, 3, 1)), np.ones((1, 1, 3, 4)))"),
    _op("separable_conv1d", "Depthwise then pointwise 1-D convolution.",
        "keras.ops.separable_conv(inputs, depthwise_kernel, pointwise_kernel, strides, padding, ...)",
        "keras.ops.separable_conv(np.ones((1, 8, 3)), np.ones((3, 3, 1)), np.ones((1, 3, 4)))",
        since="Keras 2.4"),
    _op("conv2d_transpose", "Transposed 2-D convolution given the output shape. Keras 3: "
        "keras.ops.conv_transpose(inputs, kernel, strides, padding, output_padding, ...) computes the "
        "shape itself; its kernel is (height, width, out, in) as before.", "keras.ops.conv_transpose",
        "keras.ops.conv_transpose(np.ones((1, 4, 4, 3)), np.ones((3, 3, 2, 3)), strides=2,\n"
        "                         padding=\"same\")"),
    _op("conv3d_transpose", "Transposed 3-D convolution. Keras 3: keras.ops.conv_transpose.",
        "keras.ops.conv_transpose",
        "keras.ops.conv_transpose(np.ones((1, 2, 2, 2, 1)), np.ones((2, 2, 2, 1, 1)), strides=2)",
        since="Keras 2.4"),
    _op("pool2d", "2-D max or average pooling, pool_mode='max' or 'avg'; strides were (1, 1) by default. "
        "Keras 3: keras.ops.max_pool / keras.ops.average_pool, whose strides default to the pool size.",
        "keras.ops.max_pool / keras.ops.average_pool",
        "keras.ops.max_pool(np.ones((1, 4, 4, 3)), pool_size=2, strides=2)   # K.pool2d(x, (2, 2), (2, 2))"),
    _op("pool3d", "3-D max or average pooling. Keras 3: keras.ops.max_pool / keras.ops.average_pool.",
        "keras.ops.max_pool / keras.ops.average_pool",
        "keras.ops.average_pool(np.ones((1, 4, 4, 4, 1), \"float32\"), pool_size=2, strides=2)"),
    _op("local_conv1d", "The computation of LocallyConnected1D (unshared weights). Both are gone in Keras 3: "
        "extract patches and multiply by a per-position kernel with keras.ops.einsum.",
        "keras.ops.image.extract_patches + keras.ops.einsum",
        "patches = keras.ops.image.extract_patches(np.ones((1, 6, 6, 1)), size=3, strides=1,\n"
        "                                          padding=\"valid\")",
        lesson=L04, heading=LOCALLY, runs=("extract_patches",)),
    _op("local_conv2d", "The computation of LocallyConnected2D (unshared weights). Gone in Keras 3: "
        "extract patches and multiply by a per-position kernel with keras.ops.einsum.",
        "keras.ops.image.extract_patches + keras.ops.einsum",
        "patches = keras.ops.image.extract_patches(np.ones((1, 6, 6, 1)), size=3, strides=1,\n"
        "                                          padding=\"valid\")",
        lesson=L04, heading=LOCALLY, runs=("extract_patches",)),
]

RANDOM = [
    _op("random_normal", "Normal random numbers of a shape.",
        "keras.random.normal(shape, mean, stddev, dtype)",
        "keras.random.normal((2, 3), mean=0.0, stddev=1.0)\n"
        "seeds = keras.random.SeedGenerator(42)   # reproducible, yet new numbers at every call\n"
        "keras.random.normal((2, 3), seed=seeds)",
        lesson=L05, heading=TRAINING, runs=("random.normal",)),
    _op("random_uniform", "Uniform random numbers in [minval, maxval).",
        "keras.random.uniform(shape, minval, maxval, dtype)",
        "keras.random.uniform((2, 3), minval=0.0, maxval=1.0)"),
    _op("truncated_normal", "Normal random numbers, redrawn beyond two standard deviations.",
        "keras.random.truncated_normal(shape, mean, stddev, dtype)", "keras.random.truncated_normal((2, 3))"),
    _op("random_bernoulli", "0/1 random numbers, 1 with probability p.",
        "keras.ops.cast(keras.random.uniform(shape) < p, dtype)",
        "keras.ops.cast(keras.random.uniform((2, 3)) < 0.3, \"float32\")"),
    _op("random_binomial", "The old name of random_bernoulli: 0/1 with probability p.",
        "keras.ops.cast(keras.random.uniform(shape) < p, dtype)",
        "keras.ops.cast(keras.random.uniform((2, 3)) < 0.3, \"float32\")"),
    _op("random_normal_variable", "A variable filled with normal random numbers.",
        "keras.Variable(keras.random.normal(shape, mean, stddev))",
        "w = keras.Variable(keras.random.normal((3, 2), mean=0.0, stddev=0.05))"),
    _op("random_uniform_variable", "A variable filled with uniform random numbers.",
        "keras.Variable(keras.random.uniform(shape, minval, maxval))",
        "w = keras.Variable(keras.random.uniform((3, 2), minval=-0.05, maxval=0.05))"),
]

ENTRIES: list[Concept] = (CONFIGURATION + SESSIONS_AND_GRAPHS + SHAPES + ELEMENTWISE + MATH + REDUCTIONS
                          + SCANS + ACTIVATIONS + LOSSES + CONVOLUTIONS + RANDOM)
