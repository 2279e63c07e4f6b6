"""The rewrite tables: which Keras 1/2 spellings change, and into what.

Only mechanical data lives here (old spelling -> new spelling). What a name *is* in Keras 3 and which
lesson teaches it comes from the concept index (``kerastutor.explain``), never from these tables.
"""

from __future__ import annotations

from types import ModuleType

# Keyword arguments renamed on every Keras layer (Keras 1 -> Keras 2/3 spelling).
LAYER_KEYWORDS: dict[str, str] = {
    "init": "kernel_initializer",
    "W_regularizer": "kernel_regularizer",
    "b_regularizer": "bias_regularizer",
    "W_constraint": "kernel_constraint",
    "b_constraint": "bias_constraint",
    "bias": "use_bias",
    "border_mode": "padding",
    "subsample": "strides",
    "nb_filter": "filters",
    "dim_ordering": "data_format",
    "input_dtype": "dtype",
}

_RECURRENT = {
    "output_dim": "units",
    "inner_init": "recurrent_initializer",
    "U_regularizer": "recurrent_regularizer",
    "U_constraint": "recurrent_constraint",
    "dropout_W": "dropout",
    "dropout_U": "recurrent_dropout",
}
_POOLING_1D = {"pool_length": "pool_size", "stride": "strides"}
_CONV_1D = {"filter_length": "kernel_size", "subsample_length": "strides"}

# Keyword arguments renamed on one layer class (these win over LAYER_KEYWORDS).
CLASS_KEYWORDS: dict[str, dict[str, str]] = {
    "Dense": {"output_dim": "units"},
    "Embedding": {"init": "embeddings_initializer", "W_regularizer": "embeddings_regularizer",
                  "W_constraint": "embeddings_constraint"},
    "SimpleRNN": _RECURRENT, "LSTM": _RECURRENT, "GRU": _RECURRENT,
    "Dropout": {"p": "rate"}, "SpatialDropout1D": {"p": "rate"}, "SpatialDropout2D": {"p": "rate"},
    "Conv1D": _CONV_1D, "Convolution1D": _CONV_1D,
    "MaxPooling1D": _POOLING_1D, "AveragePooling1D": _POOLING_1D,
    "BatchNormalization": {"beta_init": "beta_initializer", "gamma_init": "gamma_initializer"},
    "LeakyReLU": {"alpha": "negative_slope"},
}

OPTIMIZERS = frozenset({"SGD", "Adam", "RMSprop", "Adagrad", "Adadelta", "Adamax", "Nadam", "Ftrl"})
OPTIMIZER_KEYWORDS: dict[str, str] = {"lr": "learning_rate"}

# Keyword arguments renamed on one Keras function or class outside keras.layers (full Keras 3 path).
CALLABLE_KEYWORDS: dict[str, dict[str, str]] = {
    "keras.models.Model": {"input": "inputs", "output": "outputs"},
    "keras.Model": {"input": "inputs", "output": "outputs"},
    "keras.utils.to_categorical": {"nb_classes": "num_classes"},
    "keras.callbacks.ReduceLROnPlateau": {"epsilon": "min_delta"},
}

# Keyword arguments that have no mechanical Keras 3 spelling: a person decides (marked, not rewritten).
MANUAL_KEYWORDS: dict[str, frozenset[str]] = {
    "optimizer": frozenset({"decay"}),
    "BatchNormalization": frozenset({"mode"}),
    "keras.callbacks.ModelCheckpoint": frozenset({"period"}),
}

# Values mapped along with a renamed keyword.
KEYWORD_VALUES: dict[str, dict[str, str]] = {
    "data_format": {"tf": "channels_last", "th": "channels_first"},
}

# Keras 1 classes whose positional (nb_filter, nb_row, nb_col[, nb_depth]) mean (filters, kernel_size):
# how many positional sizes follow the filter count.
KERNEL_POSITIONALS: dict[str, int] = {"Convolution2D": 2, "Convolution3D": 3}
KERNEL_KEYWORDS: dict[str, tuple[str, ...]] = {
    "Convolution2D": ("nb_row", "nb_col"),
    "Conv2D": ("nb_row", "nb_col"),
    "Convolution3D": ("kernel_dim1", "kernel_dim2", "kernel_dim3"),
    "Conv3D": ("kernel_dim1", "kernel_dim2", "kernel_dim3"),
}

# Model methods: the *_generator methods became the plain ones (same first argument: the data).
GENERATOR_METHODS: dict[str, str] = {
    "fit_generator": "fit",
    "evaluate_generator": "evaluate",
    "predict_generator": "predict",
}
# Keywords of fit/evaluate/predict (and their *_generator forms) renamed.
FIT_KEYWORDS: dict[str, str] = {"nb_epoch": "epochs", "generator": "x"}
# Keras 3's fit/evaluate/predict take no worker settings (they moved to keras.utils.PyDataset): dropped.
# They only tuned how fast a generator is read, never what the model learns.
DROPPED_FIT_KEYWORDS = frozenset({"workers", "use_multiprocessing", "max_queue_size", "max_q_size",
                                  "nb_worker", "pickle_safe"})
# Counted in samples in Keras 1, in batches (steps) in Keras 3: a person divides by the batch size.
MANUAL_FIT_KEYWORDS = frozenset({"samples_per_epoch", "nb_val_samples", "val_samples"})
METHOD_RENAMES: dict[str, str] = {"predict_proba": "predict"}
MANUAL_METHODS = frozenset({"predict_classes", "to_yaml"})
# Methods a custom layer defines under a Keras 1 name: marked on the ``def`` line.
MANUAL_DEFINITIONS = frozenset({"get_output_shape_for"})

# merge(mode=...) and Merge(mode=...) -> the Keras 3 merge layer, and how the mode's keywords are renamed.
MERGE_MODES: dict[str, str] = {
    "sum": "Add", "mul": "Multiply", "concat": "Concatenate", "ave": "Average", "max": "Maximum",
    "dot": "Dot", "cos": "Dot",
}
MERGE_KEYWORDS: dict[str, str] = {"concat_axis": "axis", "dot_axes": "axes", "name": "name"}

# Modules that moved as a whole (every public name kept its name).
MODULE_MOVES: dict[str, str] = {
    **{f"keras.layers.{old}": "keras.layers" for old in (
        "core", "convolutional", "recurrent", "pooling", "normalization", "embeddings", "merge",
        "advanced_activations", "noise", "wrappers", "convolutional_recurrent", "local")},
    "keras.utils.np_utils": "keras.utils",
    "keras.utils.generic_utils": "keras.utils",
    "keras.utils.data_utils": "keras.utils",
    "keras.utils.vis_utils": "keras.utils",
    "keras.utils.io_utils": "keras.utils",
    "keras.utils.layer_utils": "keras.utils",
    "keras.objectives": "keras.losses",
}
# Modules that were split: each name has its own new home.
NAME_MOVES: dict[str, dict[str, str]] = {
    engine: {"Layer": "keras.layers", "InputSpec": "keras.layers", "Input": "keras.layers",
             "InputLayer": "keras.layers", "Model": "keras.models"}
    for engine in ("keras.engine", "keras.engine.topology", "keras.engine.training",
                   "keras.engine.base_layer", "keras.engine.input_layer", "keras.engine.input_spec")
}
# Modules with no Keras 3 counterpart a name-for-name rewrite could use.
MANUAL_MODULES = frozenset({"keras.wrappers.scikit_learn", "keras.legacy", "keras.initializations",
                            "keras.preprocessing.text", "keras.utils.training_utils",
                            "keras.utils.multi_gpu_utils"})

# Keras 1/2 names gone from Keras 3 (an import of one is marked; the merge functions are rewritten).
REMOVED_NAMES = frozenset({
    "ImageDataGenerator", "Tokenizer", "TimeseriesGenerator", "LocallyConnected1D", "LocallyConnected2D",
    "ThresholdedReLU", "Highway", "MaxoutDense", "TimeDistributedDense", "AtrousConvolution1D",
    "AtrousConvolution2D", "Deconvolution2D", "Deconvolution3D", "CuDNNLSTM", "CuDNNGRU",
    "multi_gpu_model", "HDF5Matrix", "print_summary", "TFOptimizer", "BaseLogger", "model_from_yaml",
})
MERGE_NAMES = frozenset({"merge", "Merge"})

# Backend settings renamed along with their values: K.fn('value') -> keras.config.new_fn('new value').
BACKEND_SETTINGS: dict[str, tuple[str, dict[str, str]]] = {
    "set_image_dim_ordering": ("set_image_data_format", KEYWORD_VALUES["data_format"]),
}

# Functions keras.backend still has in Keras 3: calls to them are not findings.
KERAS3_BACKEND = frozenset({
    "backend", "clear_session", "epsilon", "floatx", "get_uid", "image_data_format", "is_float_dtype",
    "is_int_dtype", "is_keras_tensor", "result_type", "set_epsilon", "set_floatx", "set_image_data_format",
    "standardize_dtype",
})


def backend_tables() -> ModuleType:
    """The backend entries' rewrite tables (``MECHANICAL``, ``OPS_NAME``, ``KEYWORDS``, ``WRITE_DEFAULTS``,
    ``LEAVE_IF_PASSED``): which ``K.fn(args)`` mean a ``keras.ops`` call, and how the arguments carry over."""
    from ..concepts.entries import backend

    return backend


def trigger_keywords() -> frozenset[str]:
    """Every keyword argument a rule starts from (a trigger only when followed by ``=``)."""
    words: set[str] = set(LAYER_KEYWORDS) | set(OPTIMIZER_KEYWORDS) | set(FIT_KEYWORDS)
    for table in (*CLASS_KEYWORDS.values(), *CALLABLE_KEYWORDS.values(), *MANUAL_KEYWORDS.values()):
        words |= set(table)
    for names in KERNEL_KEYWORDS.values():
        words |= set(names)
    return frozenset(words | DROPPED_FIT_KEYWORDS | MANUAL_FIT_KEYWORDS)


def trigger_names() -> frozenset[str]:
    """Every other identifier a rewrite or a finding starts from: classes, methods, module names."""
    words = set(KERNEL_POSITIONALS) | set(GENERATOR_METHODS) | set(METHOD_RENAMES) | MANUAL_METHODS
    words |= MANUAL_DEFINITIONS | REMOVED_NAMES | MERGE_NAMES
    words |= {"backend", "engine", "objectives", "wrappers", "legacy", "initializations", "preprocessing"}
    for module in (*MODULE_MOVES, *MANUAL_MODULES):
        words.add(module.rsplit(".", 1)[-1])
    return frozenset(words)
