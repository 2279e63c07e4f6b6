"""Concept entries for syllabus sections 6 (initializers, regularizers, constraints) and their Keras 1 names.

Taught in lesson 11. Verified against Keras 3.15.1: every "present" name exists in ``keras.initializers``,
``keras.regularizers`` or ``keras.constraints`` (or is a ``Dense`` argument); every error message below is
what Keras 3 prints for the old code.
"""

from __future__ import annotations

from functools import partial

from ..concept import Concept, entry

LESSON = "11_initializers_regularizers_constraints.ipynb"

HOOKS = "Three hooks on every weight"
CALLABLE = "An initializer is a callable: `Initializer`"
CONSTANT = "Constant initializers: `Zeros`, `Ones`, `Constant`"
RANDOM = "Random initializers: `RandomNormal`, `RandomUniform`, `TruncatedNormal`"
VARIANCE = "`VarianceScaling`: a spread that fits the layer's size"
NAMED = "The named schemes: Glorot, He and LeCun"
DEFAULT = "`glorot_uniform` is `Dense`'s default"
ORTHOGONAL = "`Orthogonal` and `Identity`"
CUSTOM = "Writing your own `Initializer`"
PENALTIES = "Regularizers: `l1`, `l2`, `l1_l2`"
LAYER_PENALTIES = "`kernel_regularizer` and `bias_regularizer`: penalties in `model.losses`"
ACTIVITY = "`activity_regularizer`: a penalty on the outputs"
CONSTRAINTS = "Constraints: `max_norm`, `non_neg`, `unit_norm`, `min_max_norm`"
LAYER_CONSTRAINTS = "`kernel_constraint` and `bias_constraint`: applied after every step"
KERAS_1 = "Names from Keras 1 tutorials"


_initializer = partial(entry, lesson=LESSON, section="initializers")


def _named_scheme(name: str, cls: str, scale: str, mode: str, distribution: str, use: str) -> Concept:
    return _initializer(
        f"keras.initializers.{name}",
        f"VarianceScaling(scale={scale}, mode={mode!r}, distribution={distribution!r}): a kernel start whose "
        f"spread fits the layer's size, made for {use}. The lowercase name is the class {cls} itself; the "
        f"string {name!r} works as kernel_initializer.",
        f'keras.layers.Dense(64, kernel_initializer="{name}")\n'
        f"keras.initializers.{cls}(seed=0)(shape=(100, 64))",
        NAMED, replacement=f"keras.initializers.{cls}",
        runs=(name, cls),
    )


INITIALIZERS = [
    _initializer(
        "keras.initializers.Initializer",
        "The base class of every initializer: a callable that returns a tensor of a given shape, used by a "
        "layer to create its weights. Subclass it, implementing __call__(self, shape, dtype=None) and "
        "get_config(), to write your own.",
        "class Ramp(keras.initializers.Initializer):\n"
        "    def __init__(self, low=-1.0, high=1.0):\n"
        "        self.low, self.high = low, high\n"
        "    def __call__(self, shape, dtype=None):\n"
        "        values = keras.ops.linspace(self.low, self.high, int(np.prod(shape)))\n"
        "        return keras.ops.reshape(values, shape)\n"
        "    def get_config(self):\n"
        "        return {'low': self.low, 'high': self.high}",
        CUSTOM,
    ),
    _initializer("keras.initializers.Zeros",
                 "Fills the weight with 0; the default bias initializer ('zeros').",
                 "keras.layers.Dense(8, bias_initializer=keras.initializers.Zeros())", CONSTANT),
    _initializer("keras.initializers.Ones",
                 "Fills the weight with 1 ('ones'); BatchNormalization's gamma starts with it.",
                 "keras.initializers.Ones()(shape=(2, 3))", CONSTANT),
    _initializer("keras.initializers.Constant",
                 "Fills the weight with one given value: Constant(value). A constant kernel "
                 "keeps all units of a layer identical, so use it for biases.",
                 "keras.layers.Dense(8, bias_initializer=keras.initializers.Constant(0.1))", CONSTANT),
    _initializer("keras.initializers.RandomNormal",
                 "Draws from a normal distribution: RandomNormal(mean=0.0, stddev=0.05, "
                 "seed=None). Keras 1's 'normal' (still accepted as a string).",
                 "keras.initializers.RandomNormal(stddev=0.05, seed=0)(shape=(3, 2))", RANDOM),
    _initializer("keras.initializers.RandomUniform",
                 "Draws uniformly from [minval, maxval]: RandomUniform(minval=-0.05, "
                 "maxval=0.05, seed=None). Keras 1's 'uniform' (still accepted as a string).",
                 "keras.initializers.RandomUniform(-0.1, 0.1, seed=0)(shape=(3, 2))", RANDOM),
    _initializer("keras.initializers.TruncatedNormal",
                 "A normal distribution whose values beyond two standard deviations from "
                 "the mean are drawn again: no extreme starting weight; the resulting std is about 0.88 x "
                 "stddev.", "keras.initializers.TruncatedNormal(stddev=0.05, seed=0)(shape=(3, 2))", RANDOM),
    _initializer("keras.initializers.VarianceScaling",
                 "Draws with variance scale / n, where n is fan_in, fan_out or their "
                 "mean (mode), from a truncated normal, an untruncated normal or a uniform distribution. The "
                 "Glorot, He and LeCun initializers are VarianceScaling with fixed settings.",
                 'keras.initializers.VarianceScaling(scale=2.0, mode="fan_in", '
                 'distribution="truncated_normal", seed=0)', VARIANCE),
    _initializer("keras.initializers.Orthogonal",
                 "Draws a random orthogonal matrix (times gain): its columns are orthonormal, "
                 "so W.T @ W is the identity. The default recurrent_initializer of LSTM and GRU.",
                 "keras.initializers.Orthogonal(gain=1.0, seed=0)(shape=(64, 16))", ORTHOGONAL,
                 aliases=("Orthognal",)),
    _initializer("keras.initializers.Identity",
                 "The identity matrix times gain (zero-padded when the kernel is not square); "
                 "2-D kernels only. A layer started with it passes its input through. (keras.layers.Identity "
                 "is another thing: a layer that returns its input.)",
                 "keras.initializers.Identity(gain=1.0)(shape=(3, 3))", ORTHOGONAL),
    _named_scheme("lecun_uniform", "LecunUniform", "1.0", "fan_in", "uniform", "selu networks"),
    _named_scheme("glorot_normal", "GlorotNormal", "1.0", "fan_avg", "truncated_normal",
                  "tanh and sigmoid layers (also called Xavier normal)"),
    Concept(
        name="keras.initializers.glorot_uniform",
        summary="VarianceScaling(scale=1.0, mode='fan_avg', distribution='uniform'): uniform in "
                "±sqrt(6 / (fan_in + fan_out)). The default kernel_initializer of Dense, Conv and most "
                "layers (also called Xavier uniform). The lowercase name is the class GlorotUniform itself.",
        replacement="keras.initializers.GlorotUniform",
        example='keras.layers.Dense(64)   # kernel_initializer="glorot_uniform" by default\n'
                "keras.initializers.GlorotUniform(seed=0)(shape=(100, 64))",
        lesson=LESSON, heading=DEFAULT, section="initializers", runs=("glorot_uniform", "GlorotUniform"),
    ),
    _named_scheme("he_normal", "HeNormal", "2.0", "fan_in", "truncated_normal", "relu layers"),
    _named_scheme("lecun_normal", "LecunNormal", "1.0", "fan_in", "truncated_normal", "selu networks"),
    _named_scheme("he_uniform", "HeUniform", "2.0", "fan_in", "uniform", "relu layers"),
]


_regularizer = partial(entry, lesson=LESSON, section="regularizers")


REGULARIZERS = [
    _regularizer("kernel_regularizer", "Layer argument: a penalty on the kernel weights, added to the loss "
                 "that fit minimises; it appears in model.losses. Keras 1 called it W_regularizer.",
                 "keras.layers.Dense(64, kernel_regularizer=keras.regularizers.l2(0.001))", LAYER_PENALTIES),
    _regularizer("bias_regularizer", "Layer argument: a penalty on the bias weights, added to the loss; it "
                 "appears in model.losses. Keras 1 called it b_regularizer.",
                 "keras.layers.Dense(64, bias_regularizer=keras.regularizers.l1(0.01))", LAYER_PENALTIES),
    _regularizer("activity_regularizer", "Layer argument: a penalty on the layer's outputs (divided by the "
                 "batch size), computed each time the layer is called, for example l1 for sparse "
                 "activations.", "keras.layers.Dense(64, activity_regularizer=keras.regularizers.l1(1e-4))",
                 ACTIVITY),
    _regularizer("keras.regularizers.l1", "L1 penalty: factor x sum(|w|) (class L1, default factor 0.01). "
                 "Pushes weights to zero: sparse models.",
                 "keras.layers.Dense(64, kernel_regularizer=keras.regularizers.l1(0.01))", PENALTIES,
                 runs=("l1", "L1")),
    _regularizer("keras.regularizers.l2", "L2 penalty: factor x sum(w²) (class L2, default factor 0.01; no "
                 "1/2 in front). Shrinks all weights (weight decay).",
                 "keras.layers.Dense(64, kernel_regularizer=keras.regularizers.l2(0.001))", PENALTIES,
                 runs=("l2", "L2")),
    _regularizer("keras.regularizers.l1_l2", "L1 and L2 penalties together: l1 x sum(|w|) + l2 x sum(w²) "
                 "(class L1L2). Keras 1 spelled it l1l2, which Keras 3 no longer has.",
                 "keras.regularizers.l1_l2(l1=0.001, l2=0.001)", PENALTIES, runs=("l1_l2", "L1L2")),
]


_constraint = partial(entry, lesson=LESSON, section="constraints")


CONSTRAINTS_ENTRIES = [
    _constraint("kernel_constraint", "Layer argument: a constraint the optimizer applies to the kernel after "
                "every update (not when the weights are created). Keras 1 called it W_constraint.",
                "keras.layers.Dense(64, kernel_constraint=keras.constraints.max_norm(2.0))",
                LAYER_CONSTRAINTS),
    _constraint("bias_constraint", "Layer argument: a constraint the optimizer applies to the biases after "
                "every update. Keras 1 called it b_constraint.",
                "keras.layers.Dense(64, bias_constraint=keras.constraints.non_neg())", LAYER_CONSTRAINTS),
    _constraint("keras.constraints.max_norm", "Scales each weight vector along axis (default 0: a Dense "
                "unit's incoming weights) down to norm max_value (default 2) when it is longer; class "
                "MaxNorm. Keras 1 spelled it maxnorm: keras.constraints.maxnorm no longer exists in Keras 3 "
                "(AttributeError).", "keras.constraints.max_norm(max_value=2.0, axis=0)", CONSTRAINTS,
                runs=("max_norm", "MaxNorm")),
    _constraint("keras.constraints.non_neg", "Sets negative weights to zero; class NonNeg. Keras 1 spelled "
                "it nonneg: keras.constraints.nonneg no longer exists in Keras 3 (AttributeError).",
                "keras.layers.Dense(8, kernel_constraint=keras.constraints.non_neg())", CONSTRAINTS,
                runs=("non_neg", "NonNeg")),
    _constraint("keras.constraints.unit_norm", "Scales each weight vector along axis (default 0) to norm "
                "exactly 1; class UnitNorm. Keras 1 spelled it unitnorm: keras.constraints.unitnorm no "
                "longer exists in Keras 3 (AttributeError).", "keras.constraints.unit_norm(axis=0)",
                CONSTRAINTS,
                runs=("unit_norm", "UnitNorm")),
    _constraint("keras.constraints.min_max_norm", "Clips the norm of each weight vector along axis into "
                "[min_value, max_value]; rate < 1 moves it only part of the way each step; class MinMaxNorm.",
                "keras.constraints.min_max_norm(min_value=0.5, max_value=1.5, rate=1.0, axis=0)", CONSTRAINTS,
                runs=("min_max_norm", "MinMaxNorm")),
]


def _keras_1(name: str, summary: str, replacement: str, since: str, error: str, example: str,
             **more) -> Concept:
    status = more.pop("status", "moved")
    return Concept(name=name, summary=summary, status=status, replacement=replacement, since=since,
                   error=error, example=example, lesson=LESSON, heading=KERAS_1, section="old-tutorials",
                   **more)


def _unrecognized(argument: str, value: str) -> str:
    return f"ValueError: Unrecognized keyword arguments passed to Dense: {{'{argument}': '{value}'}}"


OLD_TUTORIALS = [
    _keras_1("init=", "Keras 1's layer argument for the kernel's initializer, as in Dense(64, "
             "init='glorot_uniform'). Keras 2 renamed it kernel_initializer (and added bias_initializer); "
             "Keras 3 rejects the old name.", "kernel_initializer", "Keras 2.0",
             _unrecognized("init", "glorot_uniform"),
             'keras.layers.Dense(64, kernel_initializer="glorot_uniform")', context="keyword"),
    _keras_1("W_regularizer", "Keras 1's layer argument for a penalty on the weight matrix W.",
             "kernel_regularizer", "Keras 2.0", _unrecognized("W_regularizer", "l2"),
             "keras.layers.Dense(64, kernel_regularizer=keras.regularizers.l2(0.01))", context="keyword"),
    _keras_1("b_regularizer", "Keras 1's layer argument for a penalty on the bias vector b.",
             "bias_regularizer", "Keras 2.0", _unrecognized("b_regularizer", "l2"),
             "keras.layers.Dense(64, bias_regularizer=keras.regularizers.l2(0.01))", context="keyword"),
    _keras_1("W_constraint", "Keras 1's layer argument for a constraint on the weight matrix W, as in "
             "W_constraint=maxnorm(2).", "kernel_constraint", "Keras 2.0",
             _unrecognized("W_constraint", "max_norm"),
             "keras.layers.Dense(64, kernel_constraint=keras.constraints.max_norm(2.0))",
             context="keyword"),
    _keras_1("b_constraint", "Keras 1's layer argument for a constraint on the bias vector b.",
             "bias_constraint", "Keras 2.0", _unrecognized("b_constraint", "non_neg"),
             "keras.layers.Dense(64, bias_constraint=keras.constraints.non_neg())", context="keyword"),
    _keras_1("keras.initializers.normal", "An old alias of RandomNormal (Keras 1's 'normal' initializer). "
             "Keras 3 removed the module attribute; the string 'normal' is still accepted.",
             "keras.initializers.RandomNormal", "Keras 3.0",
             "AttributeError: module 'keras.initializers' has no attribute 'normal'",
             "keras.initializers.RandomNormal(stddev=0.05)\n"
             'keras.layers.Dense(8, kernel_initializer="normal")   # still works: RandomNormal'),
    _keras_1("keras.initializers.uniform", "An old alias of RandomUniform (Keras 1's 'uniform' initializer). "
             "Keras 3 removed the module attribute; the string 'uniform' is still accepted.",
             "keras.initializers.RandomUniform", "Keras 3.0",
             "AttributeError: module 'keras.initializers' has no attribute 'uniform'",
             "keras.initializers.RandomUniform(minval=-0.05, maxval=0.05)\n"
             'keras.layers.Dense(8, kernel_initializer="uniform")   # still works: RandomUniform'),
    _keras_1("keras.regularizers.activity_l2", "Keras 1's activity penalties activity_l1, activity_l2 and "
             "activity_l1l2. Since Keras 2 the ordinary l1, l2 and l1_l2 serve, passed as "
             "activity_regularizer=.", "keras.regularizers.l2", "Keras 2.0",
             "AttributeError: module 'keras.regularizers' has no attribute 'activity_l2'",
             "keras.layers.Dense(64, activity_regularizer=keras.regularizers.l2(0.01))",
             status="removed", aliases=("activity_l1", "activity_l1l2"),
             runs=("activity_l2", "activity_regularizer")),
]

ENTRIES: list[Concept] = [*INITIALIZERS, *REGULARIZERS, *CONSTRAINTS_ENTRIES, *OLD_TUTORIALS]
