"""Concept entries for section 4 of the syllabus, the layers, and the old layer names of Keras 1 and 2.

Every status and error message here was checked against Keras 3.15.1. Examples assume
``import keras`` and ``import numpy as np``, as in the lessons.
"""

from __future__ import annotations

from functools import partial

from kerastutor.concepts.concept import Concept, entry

LAYERS = "04_layers.ipynb"
CUSTOM = "05_custom_layers.ipynb"
OLD_CODE = "18_old_code_to_keras3.ipynb"
MIGRATE_REPORT = "2. The report: what changes, and who changes it"

# Headings of 04_layers.ipynb
COMMON = "12 · What every layer has"
REMOVED_SHAPES = "Removed in Keras 3: `input_shape`, `output_shape`, `get_input_at` and friends"
CORE = "1 · Core layers"
RESHAPING = "Reshaping: `Flatten`, `Reshape`, `Permute`, `RepeatVector`"
LAMBDA = "`Lambda`: a function as a layer"
DROPOUT = "`Dropout`: active only while training"
SPATIAL = "`SpatialDropout1D`, `SpatialDropout2D`, `SpatialDropout3D`"
SEQUENCES = "Sequences: `Conv1D`, `SeparableConv1D`"
IMAGES = "Images: `Conv2D`, `SeparableConv2D`, `Conv2DTranspose`"
VOLUMES = "Volumes: `Conv3D`"
RESIZING = ("Cropping, upsampling, padding: `Cropping1D/2D/3D`, `UpSampling1D/2D/3D`, "
            "`ZeroPadding1D/2D/3D`")
POOLING = "3 · Pooling layers"
LOCAL = "4 · Locally connected layers: removed in Keras 3"
RECURRENT = "5 · Recurrent layers"
EMBEDDINGS = "6 · Embeddings"
MERGE = "7 · Merge layers"
ACTIVATIONS = "8 · Advanced activations"
THRESHOLDED = "`ThresholdedReLU`: removed in Keras 3"
NORMALIZATION = "9 · Normalization: `BatchNormalization`"
NOISE = "10 · Noise layers"
WRAPPERS = "11 · Wrappers"

# Headings of 05_custom_layers.ipynb
FIRST_LAYER = "A first layer: weights in `build`, computation in `call`"
OUTPUT_SHAPE = "`compute_output_shape` in a functional model"


_layer = partial(entry, lesson=LAYERS)  # a layer class that Keras 3 has, taught in lesson 04


def _no_layer(name: str) -> str:
    """The error ``keras.layers.<name>`` gives in Keras 3."""
    return f"AttributeError: module 'keras.layers' has no attribute '{name}'"


def _no_attribute(name: str) -> str:
    """The error a Keras 3 Dense layer gives for a removed attribute."""
    return f"AttributeError: 'Dense' object has no attribute '{name}'"


def _unknown_keyword(layer: str, keyword: str, value: str) -> str:
    """The error a Keras 3 layer gives for a keyword argument it does not know."""
    return f"ValueError: Unrecognized keyword arguments passed to {layer}: {{'{keyword}': {value}}}"


_SHARED = """inputs = keras.Input(shape=(3,))
dense = keras.layers.Dense(2)
model = keras.Model(inputs, dense(inputs))
"""

LAYER_COMMON = [
    Concept(
        name="Layer.get_weights",
        summary="Returns a layer's weights as a list of numpy arrays (for Dense: kernel, then bias).",
        example=_SHARED + "print([w.shape for w in dense.get_weights()])   # [(3, 2), (2,)]",
        section="layer", lesson=LAYERS, heading=COMMON,
    ),
    Concept(
        name="Layer.set_weights",
        summary="Sets a layer's weights from a list of numpy arrays with the same shapes and order as "
                "get_weights() returns.",
        example=_SHARED + "dense.set_weights([np.ones((3, 2)), np.zeros(2)])",
        section="layer", lesson=LAYERS, heading=COMMON,
    ),
    Concept(
        name="Layer.get_config",
        summary="Returns a layer's constructor arguments as a dict, enough to build an identical, untrained "
                "layer with from_config; custom layers extend it with their own arguments.",
        example="config = keras.layers.Dense(2).get_config()\n"
                "clone = keras.layers.Dense.from_config(config)",
        section="layer", lesson=LAYERS, heading=COMMON,
    ),
    Concept(
        name="Layer.input",
        summary="The symbolic tensor a layer received at its first call in a functional model; "
                "its .shape replaces Keras 2's input_shape.",
        example=_SHARED + "print(dense.input.shape)   # (None, 3)",
        section="layer", lesson=LAYERS, heading=COMMON,
    ),
    Concept(
        name="Layer.output",
        summary="The symbolic tensor a layer produced at its first call in a functional model; "
                "its .shape replaces Keras 2's output_shape.",
        example=_SHARED + "print(dense.output.shape)   # (None, 2)",
        section="layer", lesson=LAYERS, heading=COMMON,
    ),
    Concept(
        name="Layer.input_shape",
        summary="Keras 2's shape of a layer's input. Keras 3 removed the attribute: read layer.input.shape, "
                "or ask layer.compute_output_shape for the shape a given input would give. (The input_shape= "
                "argument of a layer still works, with a warning: start the model with keras.Input instead.)",
        status="removed", since="Keras 3.0", replacement="layer.input.shape",
        error=_no_attribute("input_shape"),
        example=_SHARED + "print(dense.input.shape)   # (None, 3)",
        section="layer", lesson=LAYERS, heading=REMOVED_SHAPES, runs=("input_shape",),
    ),
    Concept(
        name="Layer.output_shape",
        summary="Keras 2's shape of a layer's output. Keras 3 removed the attribute: read "
                "layer.output.shape, or call layer.compute_output_shape(input_shape).",
        status="removed", since="Keras 3.0", replacement="layer.output.shape",
        error=_no_attribute("output_shape"),
        example=_SHARED + "print(dense.output.shape, dense.compute_output_shape((None, 3)))",
        section="layer", lesson=LAYERS, heading=REMOVED_SHAPES, runs=("output_shape",),
    ),
]

_CALLS = ("For a shared layer (one layer called on several inputs) Keras 2 listed each call; "
          "Keras 3 has no public per-call list: layer.{first} is the first call, and "
          "kt.activations(model, x, layers=['name']) returns every call's value as name[0], name[1], ...")


def _per_call(name: str, first: str) -> Concept:
    """Keras 2's removed ``Layer.<name>(i)``; Keras 3 has ``layer.<first>`` for the first call."""
    return Concept(
        name=f"Layer.{name}",
        summary=f"Keras 2's {name}(i): the {first.replace('.', ' ')} of a layer's i-th call. "
                + _CALLS.format(first=first),
        status="removed", since="Keras 3.0",
        replacement=f"layer.{first} (first call); kt.activations(model, x, layers=['name']) (every call)",
        error=_no_attribute(name),
        example="short, long = keras.Input(shape=(4, 3)), keras.Input(shape=(6, 3))\n"
                "shared = keras.layers.Dense(2, name='shared')\n"
                "model = keras.Model([short, long], [shared(short), shared(long)])\n"
                f"print(shared.{first})   # the first call only",
        section="layer", lesson=LAYERS, heading=REMOVED_SHAPES, runs=(name,),
    )


LAYER_COMMON += [_per_call(name, first) for name, first in (
    ("get_input_at", "input"), ("get_output_at", "output"),
    ("get_input_shape_at", "input.shape"), ("get_output_shape_at", "output.shape"))]

# The spatial variants of a layer: (suffix, what it works on)
_DIMENSIONS = (("1D", "sequences"), ("2D", "images"), ("3D", "volumes"))

CORE_LAYERS = [
    _layer("Dense", "Fully connected layer: every output is a weighted sum of all inputs plus a bias, "
           "optionally followed by an activation.",
           "keras.layers.Dense(10, activation='softmax')", CORE, "core-layers"),
    _layer("Activation", "Applies an activation function as a layer of its own, e.g. after "
           "BatchNormalization.", "keras.layers.Activation('relu')", CORE, "core-layers"),
    _layer("Dropout", "Sets a random fraction `rate` of its inputs to 0 during training and scales the rest "
           "by 1 / (1 - rate); passes inputs unchanged at inference.",
           "keras.layers.Dropout(0.5)", DROPOUT, "core-layers"),
    _layer("Flatten", "Reshapes everything but the batch axis into one vector, e.g. between convolutions and "
           "Dense.", "keras.layers.Flatten()", RESHAPING, "core-layers"),
    _layer("Input", "keras.Input(shape=...) is the symbolic placeholder a functional or Sequential model "
           "starts from; shape is one sample, without the batch axis.",
           "inputs = keras.Input(shape=(28, 28, 1))", CORE, "core-layers",
           see_also=("InputLayer",)),
    _layer("Reshape", "Gives each sample a new shape with the same number of values, refilled in reading "
           "order.", "keras.layers.Reshape((3, 2))", RESHAPING, "core-layers"),
    _layer("Permute", "Reorders the axes of each sample (1-based, batch axis excluded): Permute((2, 1)) "
           "transposes a matrix.", "keras.layers.Permute((2, 1))", RESHAPING, "core-layers"),
    _layer("RepeatVector", "Repeats a vector n times, turning (batch, features) into (batch, n, features).",
           "keras.layers.RepeatVector(4)", RESHAPING, "core-layers"),
    _layer("Lambda", "Wraps a stateless function of tensors as a layer. A model holding a Python lambda does "
           "not load with safe_mode=True: prefer a small Layer subclass.",
           "keras.layers.Lambda(lambda t: keras.ops.square(t))", LAMBDA, "core-layers"),
    _layer("ActivityRegularization", "Passes its input through unchanged and adds l1·sum|x| + l2·sum(x²) "
           "to the model's losses.", "keras.layers.ActivityRegularization(l1=0.01)",
           "`ActivityRegularization`", "core-layers"),
    _layer("Masking", "Marks time steps whose features all equal mask_value as padding; mask-aware layers "
           "downstream (LSTM, GRU, pooling) skip them.", "keras.layers.Masking(mask_value=0.0)",
           "`Masking`", "core-layers"),
]
CORE_LAYERS += [
    _layer(f"SpatialDropout{dims}", f"Dropout that drops whole channels of {shape} during training, since "
           "neighbouring values are too correlated for single-value dropout.",
           f"keras.layers.SpatialDropout{dims}(0.2)", SPATIAL, "core-layers")
    for dims, shape in (("1D", "a sequence"), ("2D", "an image"), ("3D", "a volume"))
]

CONV_LAYERS = [
    _layer("Conv1D", "1D convolution over (steps, channels): a kernel slid along a sequence, with shared "
           "weights.", "keras.layers.Conv1D(filters=16, kernel_size=3, padding='same')", SEQUENCES,
           "conv-layers"),
    _layer("Conv2D", "2D convolution over (height, width, channels) images, the building block of image "
           "models; padding='valid' shrinks each axis by kernel_size - 1, 'same' keeps it.",
           "keras.layers.Conv2D(filters=32, kernel_size=3, strides=1, padding='same', activation='relu')",
           IMAGES, "conv-layers", see_also=("Convolution2D",)),
    _layer("SeparableConv1D", "Depthwise 1D convolution (each channel alone) followed by a pointwise one "
           "that mixes channels: far fewer weights than Conv1D.",
           "keras.layers.SeparableConv1D(16, 3)", SEQUENCES, "conv-layers"),
    _layer("SeparableConv2D", "Depthwise-then-pointwise 2D convolution, as in MobileNet and Xception: far "
           "fewer weights than Conv2D.", "keras.layers.SeparableConv2D(32, 3)", IMAGES, "conv-layers"),
    _layer("Conv2DTranspose", "Transposed ('deconvolution') 2D convolution: a learned upsampling, used in "
           "decoders and segmentation models.",
           "keras.layers.Conv2DTranspose(16, 3, strides=2, padding='same')", IMAGES, "conv-layers"),
    _layer("Conv3D", "3D convolution over (depth, height, width, channels): video or volumetric scans.",
           "keras.layers.Conv3D(8, 3)", VOLUMES, "conv-layers"),
]
CONV_LAYERS += [
    _layer(f"{kind}{dims}", f"{what}, for {data}; no weights.", f"keras.layers.{kind}{dims}({argument})",
           RESIZING, "conv-layers")
    for kind, what, argument in (("Cropping", "Cuts rows off the edges of each spatial axis", "1"),
                                 ("UpSampling", "Repeats each value along each spatial axis (nearest "
                                  "neighbour), a weightless alternative to Conv2DTranspose", "2"),
                                 ("ZeroPadding", "Adds zeros around the edges of each spatial axis", "1"))
    for dims, data in _DIMENSIONS
]

POOLING_LAYERS = [
    _layer(f"{kind}{dims}", f"Pooling over {data}: keeps {what}; no weights.",
           f"keras.layers.{kind}{dims}({argument})", POOLING, "pooling-layers")
    for kind, what, argument in (
        ("MaxPooling", "the largest value of each window (pool_size, stride = pool_size by default)", "2"),
        ("AveragePooling", "the mean of each window (pool_size, stride = pool_size by default)", "2"),
        ("GlobalMaxPooling", "the largest value over all steps or pixels, leaving (batch, channels)", ""),
        ("GlobalAveragePooling", "the mean over all steps or pixels, leaving (batch, channels): the usual "
                                 "bridge from convolutions to a Dense classifier", ""))
    for dims, data in _DIMENSIONS
]

LOCALLY_CONNECTED = [
    Concept(
        name="LocallyConnected1D",
        summary="Like Conv1D but without weight sharing: every output step had its own kernel. "
                "Keras 3 removed it; use Conv1D, or a custom layer if you really need one kernel per step.",
        status="removed", since="Keras 3.0", replacement="Conv1D",
        error=_no_layer("LocallyConnected1D"),
        example="keras.layers.Conv1D(filters=5, kernel_size=3)   # shares one kernel across steps",
        section="locally-connected", lesson=LAYERS, heading=LOCAL,
    ),
    Concept(
        name="LocallyConnected2D",
        summary="Like Conv2D but without weight sharing: every output position had its own kernel. Keras 3 "
                "removed it; use Conv2D, or keras.ops.image.extract_patches followed by EinsumDense for one "
                "kernel per position.",
        status="removed", since="Keras 3.0",
        replacement="Conv2D, or keras.ops.image.extract_patches + keras.layers.EinsumDense",
        error=_no_layer("LocallyConnected2D"),
        example="image = keras.Input(shape=(6, 6, 2))\n"
                "patches = keras.layers.Lambda(lambda t: keras.ops.image.extract_patches(t, size=3, "
                "strides=1, padding='valid'))(image)\n"
                "local = keras.layers.EinsumDense('bhwk,hwkf->bhwf', output_shape=(4, 4, 5), "
                "bias_axes='hwf')(patches)",
        section="locally-connected", lesson=LAYERS, heading=LOCAL,
        runs=("LocallyConnected2D", "EinsumDense", "extract_patches"),
    ),
]

RECURRENT_LAYERS = [
    _layer("RNN", "The generic recurrent loop: RNN(cell) runs a cell (SimpleRNNCell, LSTMCell, GRUCell or "
           "your own) over the steps of a sequence.", "keras.layers.RNN(keras.layers.SimpleRNNCell(4))",
           RECURRENT, "recurrent"),
    _layer("SimpleRNN", "The plain recurrent layer: output_t = activation(W·x_t + U·output_(t-1) + b); it "
           "forgets quickly.", "keras.layers.SimpleRNN(4)", RECURRENT, "recurrent"),
    _layer("GRU", "Gated recurrent unit: a gated cell with one state, which learns what to keep over long "
           "sequences; uses cuDNN on a GPU with the default arguments.",
           "keras.layers.GRU(4, return_sequences=True)", RECURRENT, "recurrent"),
    _layer("LSTM", "Long short-term memory: a gated cell with two states (h and c); return_sequences=True "
           "returns every step, return_state=True also the final states; uses cuDNN on a GPU with the "
           "default arguments.", "keras.layers.LSTM(4, return_sequences=True)", RECURRENT, "recurrent"),
]

EMBEDDING_LAYERS = [
    _layer("Embedding", "Turns integer ids into learned vectors: a lookup table of input_dim rows of "
           "output_dim numbers; mask_zero=True reserves id 0 for padding and masks it downstream.",
           "keras.layers.Embedding(input_dim=10000, output_dim=64, mask_zero=True)", EMBEDDINGS,
           "embeddings"),
]

MERGE_LAYERS = [
    _layer("Add", "Adds a list of tensors of the same shape element by element (residual connections).",
           "a, b = keras.Input(shape=(3,)), keras.Input(shape=(3,))\ntotal = keras.layers.Add()([a, b])",
           MERGE, "merge-layers"),
    _layer("Subtract", "Subtracts the second of exactly two tensors from the first, element by element. "
           "('Substract' is a misspelling: keras.layers.Substract does not exist.)",
           "a, b = keras.Input(shape=(3,)), keras.Input(shape=(3,))\n"
           "difference = keras.layers.Subtract()([a, b])   # a - b",
           MERGE, "merge-layers", aliases=("Substract",)),
    _layer("Multiply", "Multiplies a list of tensors of the same shape element by element (gating).",
           "a, b = keras.Input(shape=(3,)), keras.Input(shape=(3,))\n"
           "product = keras.layers.Multiply()([a, b])",
           MERGE, "merge-layers"),
    _layer("Average", "The element-wise mean of a list of tensors of the same shape (e.g. an ensemble).",
           "a, b = keras.Input(shape=(3,)), keras.Input(shape=(3,))\nmean = keras.layers.Average()([a, b])",
           MERGE, "merge-layers"),
    _layer("Maximum", "The element-wise maximum of a list of tensors of the same shape.",
           "a, b = keras.Input(shape=(3,)), keras.Input(shape=(3,))\n"
           "largest = keras.layers.Maximum()([a, b])",
           MERGE, "merge-layers"),
    _layer("Concatenate", "Joins a list of tensors along one axis (the last by default); the other axes "
           "must match.",
           "a, b = keras.Input(shape=(3,)), keras.Input(shape=(5,))\n"
           "joined = keras.layers.Concatenate()([a, b])   # (None, 8)", MERGE, "merge-layers"),
    _layer("Dot", "The dot product of two tensors along the given axes; normalize=True gives the cosine "
           "similarity.",
           "a, b = keras.Input(shape=(3,)), keras.Input(shape=(3,))\n"
           "score = keras.layers.Dot(axes=1)([a, b])   # (None, 1)", MERGE, "merge-layers"),
]

ACTIVATION_LAYERS = [
    _layer("Softmax", "The softmax activation as a layer: turns scores into probabilities that sum to 1 "
           "along an axis (and can take a mask).", "keras.layers.Softmax(axis=-1)", ACTIVATIONS,
           "advanced-activations", see_also=("softmax",)),
    _layer("ReLU", "max(x, 0) as a layer, with options: max_value (a ceiling), negative_slope, and "
           "threshold, which replaces the removed ThresholdedReLU.",
           "keras.layers.ReLU(max_value=6.0)", ACTIVATIONS, "advanced-activations", see_also=("relu",)),
    _layer("LeakyReLU", "Like ReLU but lets a small slope through for negative inputs "
           "(negative_slope, 0.3 by default; Keras 2's alpha still works, with a deprecation warning).",
           "keras.layers.LeakyReLU(negative_slope=0.1)", ACTIVATIONS, "advanced-activations"),
    _layer("PReLU", "A leaky ReLU whose negative slope is a weight learned per unit (it starts at 0).",
           "keras.layers.PReLU()", ACTIVATIONS, "advanced-activations"),
    _layer("ELU", "Exponential linear unit: x for x > 0, alpha·(exp(x) - 1) below; smooth around 0.",
           "keras.layers.ELU(alpha=1.0)", ACTIVATIONS, "advanced-activations"),
    Concept(
        name="ThresholdedReLU",
        summary="Keras 2's ThresholdedReLU(theta) returned x where x > theta and 0 elsewhere. Keras 3 "
                "removed it: ReLU(threshold=theta) computes the same, as long as negative_slope stays 0.",
        status="removed", since="Keras 3.0", replacement="ReLU(threshold=theta)",
        error=_no_layer("ThresholdedReLU"),
        example="keras.layers.ReLU(threshold=1.0)   # was ThresholdedReLU(theta=1.0)",
        section="advanced-activations", lesson=LAYERS, heading=THRESHOLDED,
    ),
]

OTHER_LAYERS = [
    _layer("BatchNormalization", "Normalizes each feature with the batch's mean and variance in training "
           "(updating running averages) and with the running averages at inference, then applies a learned "
           "scale gamma and offset beta.", "keras.layers.BatchNormalization()", NORMALIZATION,
           "normalization"),
    _layer("GaussianNoise", "Adds zero-mean Gaussian noise of standard deviation stddev during training "
           "only.", "keras.layers.GaussianNoise(stddev=0.1)", NOISE, "noise"),
    _layer("GaussianDropout", "Multiplies inputs by Gaussian noise of mean 1 during training only (rate "
           "sets the variance: rate / (1 - rate)).", "keras.layers.GaussianDropout(0.3)", NOISE, "noise"),
    _layer("AlphaDropout", "Dropout for selu networks: sets dropped values to selu's negative saturation and "
           "rescales, so mean and variance are kept; training only.", "keras.layers.AlphaDropout(0.1)",
           NOISE, "noise"),
    _layer("TimeDistributed", "Applies the same layer (same weights) to every step of a sequence, e.g. a "
           "Conv2D to every frame of a video.",
           "video = keras.Input(shape=(3, 6, 6, 1))\n"
           "frames = keras.layers.TimeDistributed(keras.layers.Conv2D(2, 3))(video)",
           WRAPPERS, "wrappers"),
    _layer("Bidirectional", "Runs a recurrent layer forwards and a copy backwards, and joins their outputs "
           "(concatenated by default: twice the features).",
           "keras.layers.Bidirectional(keras.layers.LSTM(4, return_sequences=True))", WRAPPERS, "wrappers"),
]

_CUSTOM_EXAMPLE = """class Linear(keras.layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units

    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1], self.units), initializer="glorot_uniform")
        self.b = self.add_weight(shape=(self.units,), initializer="zeros")

    def call(self, x):
        return keras.ops.matmul(x, self.w) + self.b

    def compute_output_shape(self, input_shape):
        return (*input_shape[:-1], self.units)

    def get_config(self):
        return {**super().get_config(), "units": self.units}"""

_MAXOUT_EXAMPLE = """class Maxout(keras.layers.Layer):
    def __init__(self, units, pieces, **kwargs):
        super().__init__(**kwargs)
        self.units, self.pieces = units, pieces

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units, self.pieces))
        self.bias = self.add_weight(shape=(self.units, self.pieces), initializer="zeros")

    def call(self, x):
        return keras.ops.max(keras.ops.tensordot(x, self.kernel, axes=1) + self.bias, axis=-1)

    def compute_output_shape(self, input_shape):
        return (*input_shape[:-1], self.units)

    def get_config(self):
        return {**super().get_config(), "units": self.units, "pieces": self.pieces}"""

CUSTOM_LAYERS = [
    Concept(
        name="Layer.build",
        summary="Creates a custom layer's weights with self.add_weight, once, the first time the layer sees "
                "an input, when the number of input features (input_shape[-1]) is known.",
        example=_CUSTOM_EXAMPLE, section="custom-layers", lesson=CUSTOM, heading=FIRST_LAYER,
    ),
    Concept(
        name="Layer.call",
        summary="A custom layer's computation, written with keras.ops; an optional training argument tells "
                "it whether it runs inside fit (True) or predict/evaluate (False).",
        example=_CUSTOM_EXAMPLE, section="custom-layers", lesson=CUSTOM, heading=FIRST_LAYER,
    ),
    Concept(
        name="Layer.compute_output_shape",
        summary="Returns the output shape for an input shape without any data or weights; Keras uses it when "
                "you wire a functional model (Keras 1 called it get_output_shape_for).",
        example=_CUSTOM_EXAMPLE + "\n\nprint(Linear(3).compute_output_shape((None, 8)))   # (None, 3)",
        section="custom-layers", lesson=CUSTOM, heading=OUTPUT_SHAPE,
        aliases=("get_output_shape_for",),
    ),
]

OLD_TUTORIALS = [
    Concept(
        name="Convolution2D",
        summary="Keras 1's name for Conv2D (and Convolution1D/3D for Conv1D/Conv3D). Keras 3 still accepts "
                "the names, but not Keras 1's arguments: Convolution2D(32, 3, 3) now means kernel_size=3 "
                "and strides=3, silently; write Conv2D(32, (3, 3)).",
        status="present", replacement="Conv2D",
        error="TypeError: Conv2D.__init__() missing 2 required positional arguments: 'filters' and "
              "'kernel_size'   (for Convolution2D(nb_filter=32, nb_row=3, nb_col=3))",
        example="keras.layers.Conv2D(32, (3, 3))   # was Convolution2D(32, 3, 3)",
        section="old-tutorials", lesson=LAYERS, heading=IMAGES, aliases=("Convolution1D", "Convolution3D"),
    ),
    Concept(
        name="nb_filter", context="keyword",
        summary="Keras 1's argument for the number of convolution filters, renamed filters in Keras 2.0; "
                "Keras 2.0 to 2.3 still accepted the old name with a warning.",
        status="removed", since="Keras 2.4", replacement="filters",
        error="TypeError: Conv2D.__init__() missing 2 required positional arguments: 'filters' and "
              "'kernel_size'",
        example="keras.layers.Conv2D(filters=32, kernel_size=3)",
        section="old-tutorials",
    ),
    Concept(
        name="nb_row", context="keyword",
        summary="Keras 1's nb_row and nb_col (Conv2D) and filter_length (Conv1D) gave the kernel size; "
                "Keras 2.0 merged them into kernel_size, a number or a tuple (the old names were accepted "
                "with a warning until Keras 2.3).",
        status="removed", since="Keras 2.4", replacement="kernel_size",
        error="TypeError: Conv2D.__init__() missing 2 required positional arguments: 'filters' and "
              "'kernel_size'",
        example="keras.layers.Conv2D(32, kernel_size=(3, 5))   # was nb_row=3, nb_col=5",
        section="old-tutorials", aliases=("nb_col", "filter_length"),
        lesson=OLD_CODE, heading=MIGRATE_REPORT, runs=("kernel_size",),
    ),
    Concept(
        name="border_mode", context="keyword",
        summary="Keras 1's name for a convolution's or pooling's padding ('valid' or 'same'), renamed "
                "padding in Keras 2.0 (the old name was accepted with a warning until Keras 2.3).",
        status="removed", since="Keras 2.4", replacement="padding",
        error=_unknown_keyword("Conv2D", "border_mode", "'same'"),
        example="keras.layers.Conv2D(32, 3, padding='same')",
        section="old-tutorials", lesson=LAYERS, heading=IMAGES,
    ),
    Concept(
        name="subsample", context="keyword",
        summary="Keras 1's name for a convolution's step size, renamed strides in Keras 2.0 (the old name "
                "was accepted with a warning until Keras 2.3).",
        status="removed", since="Keras 2.4", replacement="strides",
        error=_unknown_keyword("Conv2D", "subsample", "(2, 2)"),
        example="keras.layers.Conv2D(32, 3, strides=(2, 2))",
        section="old-tutorials", lesson=LAYERS, heading=IMAGES,
    ),
    Concept(
        name="pool_length", context="keyword",
        summary="Keras 1's window size of MaxPooling1D and AveragePooling1D (with stride for the step), "
                "renamed pool_size (and strides) in Keras 2.0; accepted with a warning until Keras 2.3.",
        status="removed", since="Keras 2.4", replacement="pool_size",
        error=_unknown_keyword("MaxPooling1D", "pool_length", "2"),
        example="keras.layers.MaxPooling1D(pool_size=2)",
        section="old-tutorials",
    ),
    Concept(
        name="merge",
        summary="Keras 1's merge([a, b], mode='sum'|'mul'|'concat'|'ave'|'max'|'dot') function and Merge "
                "layer, which joined tensors or Sequential branches. Each mode is now a merge layer: Add, "
                "Multiply, Concatenate, Average, Maximum, Dot (or the functions keras.layers.add, ...).",
        status="removed", since="Keras 2.2", replacement="Add, Subtract, Multiply, Average, Maximum, "
                                                            "Concatenate, Dot",
        error=_no_layer("merge") + "   (from keras.layers import Merge: ImportError)",
        example="a, b = keras.Input(shape=(3,)), keras.Input(shape=(3,))\n"
                "total = keras.layers.Add()([a, b])   # was merge([a, b], mode='sum')",
        section="old-tutorials", lesson=LAYERS, heading=MERGE, aliases=("Merge", "merge(mode='sum')"),
        runs=("Add", "Concatenate"),
    ),
    Concept(
        name="keras.layers.core", context="module",
        summary="Keras 1 and 2 module paths such as keras.layers.core, keras.layers.convolutional or "
                "keras.layers.recurrent. Keras 3 keeps its modules private: import every layer from "
                "keras.layers.",
        status="removed", since="Keras 3.0", replacement="keras.layers",
        error="ModuleNotFoundError: No module named 'keras.layers.core'",
        example="from keras.layers import Dense, Dropout\n"
                "# was: from keras.layers.core import Dense, Dropout",
        section="old-tutorials", lesson=OLD_CODE, heading=MIGRATE_REPORT,
    ),
    Concept(
        name="CuDNNLSTM",
        summary="A GPU-only LSTM backed by NVIDIA's cuDNN. Since TensorFlow 2.0, LSTM itself uses cuDNN on a "
                "GPU when its arguments allow (default activations, no recurrent_dropout, unroll=False).",
        status="removed", since="TensorFlow 2.0", replacement="LSTM",
        error=_no_layer("CuDNNLSTM"),
        example="keras.layers.LSTM(64)   # uses cuDNN on a GPU with these defaults",
        section="old-tutorials", lesson=LAYERS, heading=RECURRENT,
    ),
    Concept(
        name="CuDNNGRU",
        summary="A GPU-only GRU backed by NVIDIA's cuDNN. Since TensorFlow 2.0, GRU itself uses cuDNN on a "
                "GPU when its arguments allow (default activations, reset_after=True, no recurrent_dropout).",
        status="removed", since="TensorFlow 2.0", replacement="GRU",
        error=_no_layer("CuDNNGRU"),
        example="keras.layers.GRU(64)   # uses cuDNN on a GPU with these defaults",
        section="old-tutorials", lesson=LAYERS, heading=RECURRENT,
    ),
    Concept(
        name="output_dim", context="keyword",
        summary="Keras 1's size argument of Dense and the recurrent layers, renamed units in Keras 2.0 "
                "(accepted with a warning until Keras 2.3). Embedding still calls its vector size "
                "output_dim.",
        status="removed", since="Keras 2.4", replacement="units",
        error="TypeError: Dense.__init__() missing 1 required positional argument: 'units'",
        example="keras.layers.Dense(units=64)   # was Dense(output_dim=64)",
        section="old-tutorials",
    ),
    Concept(
        name="Deconvolution2D",
        summary="Keras 1's name for the transposed convolution; Keras 2 and tf.keras kept it (and Deconv2D) "
                "as an alias of Conv2DTranspose, Keras 3 dropped both aliases.",
        status="removed", since="Keras 3.0", replacement="Conv2DTranspose",
        error=_no_layer("Deconvolution2D"),
        example="keras.layers.Conv2DTranspose(16, 3, strides=2, padding='same')",
        section="old-tutorials", lesson=LAYERS, heading=IMAGES, aliases=("Deconv2D",),
    ),
    Concept(
        name="AtrousConvolution2D",
        summary="Keras 1's dilated ('atrous') convolution, with atrous_rate; deprecated in Keras 2.0 (kept "
                "in keras.legacy until Keras 2.3). Every convolution now takes dilation_rate.",
        status="removed", since="Keras 2.4", replacement="Conv2D(dilation_rate=...)",
        error=_no_layer("AtrousConvolution2D"),
        example="keras.layers.Conv2D(32, 3, dilation_rate=2)",
        section="old-tutorials", aliases=("atrous_rate",),
    ),
    Concept(
        name="MaxoutDense",
        summary="Keras 1's maxout layer: for each unit, the largest of several linear functions of the "
                "input. Deprecated in Keras 2.0 (kept in keras.legacy until Keras 2.3); write it as a custom "
                "layer (an exercise of lesson 5).",
        status="removed", since="Keras 2.4", replacement="a custom Layer subclass",
        error=_no_layer("MaxoutDense"),
        example=_MAXOUT_EXAMPLE,
        section="old-tutorials", lesson=CUSTOM, heading=FIRST_LAYER, runs=("add_weight",),
    ),
    Concept(
        name="TimeDistributedDense",
        summary="Keras 1's Dense applied to every time step. In Keras 2 and 3, wrap the layer: "
                "TimeDistributed(Dense(...)); Dense on a 3D input does the same, on the last axis.",
        status="removed", since="Keras 2.0", replacement="TimeDistributed(Dense(...))",
        error=_no_layer("TimeDistributedDense"),
        example="keras.layers.TimeDistributed(keras.layers.Dense(8))",
        section="old-tutorials", lesson=LAYERS, heading=WRAPPERS, runs=("TimeDistributed",),
    ),
    Concept(
        name="dropout_W", context="keyword",
        summary="Keras 1's dropout_W and dropout_U of the recurrent layers: the dropout of the inputs and of "
                "the recurrent state, renamed dropout and recurrent_dropout in Keras 2.0 (accepted with a "
                "warning until Keras 2.3).",
        status="removed", since="Keras 2.4", replacement="dropout, recurrent_dropout",
        error=_unknown_keyword("LSTM", "dropout_W", "0.2"),
        example="keras.layers.LSTM(32, dropout=0.2, recurrent_dropout=0.2)",
        section="old-tutorials", aliases=("dropout_U",),
    ),
    Concept(
        name="input_length", context="keyword",
        summary="Keras 2's fixed sequence length of Embedding. Keras 3 ignores it (with a warning): give the "
                "length in keras.Input(shape=(length,)), or None for any length.",
        status="removed", since="Keras 3.0", replacement="keras.Input(shape=(length,))",
        error="UserWarning: Argument `input_length` is deprecated. Just remove it.",
        example="tokens = keras.Input(shape=(None,), dtype='int32')\n"
                "vectors = keras.layers.Embedding(1000, 16)(tokens)",
        section="old-tutorials", lesson=LAYERS, heading=EMBEDDINGS, runs=("Embedding",),
    ),
]

ENTRIES: list[Concept] = [*LAYER_COMMON, *CORE_LAYERS, *CONV_LAYERS, *POOLING_LAYERS, *LOCALLY_CONNECTED,
                          *RECURRENT_LAYERS, *EMBEDDING_LAYERS, *MERGE_LAYERS, *ACTIVATION_LAYERS,
                          *OTHER_LAYERS, *CUSTOM_LAYERS, *OLD_TUTORIALS]
