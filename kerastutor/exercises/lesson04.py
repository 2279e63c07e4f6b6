"""Exercises for lesson 04, the layer families: a small CNN, convolution output lengths, a merge model
and a bidirectional LSTM over masked sentences."""

from __future__ import annotations

from functools import cache

import numpy as np

from .checks import layers_of, need_built, need_model
from .core import Problem

LESSON = "04_layers"
TITLE = "The layer families"

CNN_LAYERS = ("Conv2D", "MaxPooling2D", "Conv2D", "GlobalAveragePooling2D", "Dense")
CNN_SHAPES = ((8, 8, 16), (4, 4, 16), (2, 2, 32), (32,), (10,))


def _not_input(model) -> list:
    """The model's layers without its InputLayers (a functional model lists them, a Sequential does not)."""
    return [layer for layer in model.layers if type(layer).__name__ != "InputLayer"]


def _sample_shape(tensor) -> tuple:
    """A symbolic tensor's shape without the batch axis, as a tuple."""
    return tuple(tensor.shape[1:])


def _run(model, x) -> np.ndarray:
    """The model's output for ``x`` as numpy, called directly (no predict: no tf.function retracing)."""
    import keras

    return keras.ops.convert_to_numpy(model(x, training=False))


def _model_problem(model) -> str | None:
    """The shared first checks: a Keras model that knows its input shape."""
    return need_model(model) or need_built(model)


def _small_cnn(model) -> str | None:
    problem = _model_problem(model)
    if problem:
        return problem
    shape = _sample_shape(model.inputs[0])
    if shape != (8, 8, 1):
        return f"your model takes images of shape {shape}, the digits have shape (8, 8, 1)."
    layers = _not_input(model)
    kinds = tuple(type(layer).__name__ for layer in layers)
    if kinds != CNN_LAYERS:
        return (f"your layers are {' → '.join(kinds) or 'none'}, the task asks for "
                f"{' → '.join(CNN_LAYERS)}.")
    for position, (layer, wanted) in enumerate(zip(layers, CNN_SHAPES), start=1):
        found = _sample_shape(layer.output)
        if found != wanted:
            tip = (" (padding='valid' shrinks each spatial axis by kernel_size − 1, "
                   "padding='same' keeps the size)" if type(layer).__name__ == "Conv2D" else "")
            return (f"layer {position} ({type(layer).__name__} {layer.name!r}) outputs {found} per sample, "
                    f"the task asks for {wanted}{tip}.")
    convolutions = layers_of(model, "Conv2D")
    activations = [layer.get_config()["activation"] for layer in convolutions]
    if activations != ["relu", "relu"]:
        return f"your convolutions use {activations} activations, the task asks for relu."
    last = layers[-1].get_config()["activation"]
    if last != "softmax":
        return f"the Dense layer uses {last!r}; 10 class probabilities need 'softmax'."
    images = np.random.default_rng(4).uniform(size=(6, 8, 8, 1)).astype("float32")
    scores = _run(model, images)
    if scores.shape != (6, 10) or not np.allclose(scores.sum(axis=1), 1.0, atol=1e-4):
        return f"on 6 checker images your model returned shape {scores.shape}, not 10 probabilities each."
    return None


@cache
def _length_cases() -> tuple[tuple[int, int, int, str, int], ...]:
    """(length, kernel_size, strides, padding, Keras's output length) for 60 settings, from Keras itself."""
    import keras

    rng = np.random.default_rng(44)
    cases = [(10, 3, 1, "valid"), (10, 3, 1, "same"), (10, 3, 2, "valid"), (10, 3, 2, "same"),
             (7, 7, 1, "valid"), (9, 2, 3, "same")]
    while len(cases) < 60:
        length, kernel, strides = int(rng.integers(1, 33)), int(rng.integers(1, 7)), int(rng.integers(1, 5))
        padding = str(rng.choice(["valid", "same"]))
        if padding == "valid" and length < kernel:
            continue
        cases.append((length, kernel, strides, padding))
    result = []
    for length, kernel, strides, padding in cases:
        layer = keras.layers.Conv1D(1, kernel, strides=strides, padding=padding)
        result.append((length, kernel, strides, padding, layer.compute_output_shape((None, length, 1))[1]))
    return tuple(result)


def _output_length(function) -> str | None:
    if not callable(function):
        return (f"expected a function out_length(length, kernel_size, strides, padding), "
                f"got {type(function).__name__}.")
    for length, kernel, strides, padding, wanted in _length_cases():
        call = f"out_length({length}, {kernel}, {strides}, {padding!r})"
        try:
            found = function(length, kernel, strides, padding)
        except Exception as error:  # noqa: BLE001  (the learner's function: report, never crash)
            return f"{call} raised {type(error).__name__}: {error}"
        number = isinstance(found, (int, float, np.integer, np.floating))
        if isinstance(found, (bool, np.bool_)) or not number:
            return f"{call} returned {found!r}; return one whole number, the length of the axis."
        if found != wanted:
            return (f"{call} returned {found!r}, but Conv1D(filters, kernel_size={kernel}, "
                    f"strides={strides}, padding={padding!r}) makes {length} steps into {wanted}.")
    return None


def _merge_model(model) -> str | None:
    problem = _model_problem(model)
    if problem:
        return problem
    if len(model.inputs) != 2:
        return f"your model has {len(model.inputs)} input(s), the task asks for 2: a and b."
    shapes = [_sample_shape(tensor) for tensor in model.inputs]
    if shapes != [(4,), (4,)]:
        return f"your inputs have shapes {shapes}, the task asks for [(4,), (4,)]."
    if len(model.outputs) != 1:
        return (f"your model has {len(model.outputs)} outputs, the task asks for one: join the two "
                "results with Concatenate.")
    for kind in ("Add", "Subtract", "Concatenate"):
        if not layers_of(model, kind):
            return (f"your model has no {kind} layer: the task asks for the merge layers Add, Subtract "
                    "and Concatenate.")
    shape = _sample_shape(model.outputs[0])
    if shape != (8,):
        return f"your model outputs {shape} per sample, the task asks for (8,): a + b, then a − b."
    rng = np.random.default_rng(7)
    a, b = rng.normal(size=(2, 16, 4)).astype("float32")
    out = _run(model, [a, b])
    if not np.allclose(out[:, :4], a + b, atol=1e-5):
        return "on the checker's inputs the first 4 output values are not a + b."
    if np.allclose(out[:, 4:], b - a, atol=1e-5):
        return ("the last 4 output values are b − a: Subtract computes first input minus second, "
                "so give it [a, b].")
    if not np.allclose(out[:, 4:], a - b, atol=1e-5):
        return "on the checker's inputs the last 4 output values are not a − b."
    return None


def _masked_sentence_classifier(model) -> str | None:
    problem = _model_problem(model)
    if problem:
        return problem
    shape = _sample_shape(model.inputs[0])
    if len(model.inputs) != 1 or shape != (None,):
        return (f"your model takes inputs of shape {shape}; sentences of any length need "
                "keras.Input(shape=(None,), dtype='int32').")
    embeddings = layers_of(model, "Embedding")
    if not embeddings:
        return "your model has no Embedding layer to turn the ids into vectors."
    embedding = embeddings[0]
    if embedding.input_dim < 20:
        return (f"your Embedding has input_dim={embedding.input_dim}, but the ids run up to 19: "
                "input_dim counts the 0, so it must be at least 20.")
    if not embedding.mask_zero:
        return "your Embedding does not mask the padding: pass mask_zero=True, so the LSTM skips the 0s."
    wrappers = layers_of(model, "Bidirectional")
    if not wrappers:
        return "your model has no Bidirectional layer: wrap the LSTM, Bidirectional(LSTM(8))."
    forward = wrappers[0].forward_layer
    if type(forward).__name__ != "LSTM":
        return f"your Bidirectional layer wraps a {type(forward).__name__}, the task asks for an LSTM."
    if forward.units != 8:
        return f"your LSTM has {forward.units} units per direction, the task asks for 8."
    if forward.return_sequences:
        return ("your LSTM returns every step (return_sequences=True); a sentence classifier needs only "
                "its last output.")
    output = _sample_shape(model.outputs[0])
    if len(model.outputs) != 1 or output != (1,):
        return f"your model outputs {output} per sentence, the task asks for one probability, (1,)."
    last = _not_input(model)[-1]
    activation = last.get_config().get("activation")
    if type(last).__name__ != "Dense" or activation != "sigmoid":
        return (f"the last layer is a {type(last).__name__} with activation {activation!r}; "
                "use Dense(1, activation='sigmoid').")
    rng = np.random.default_rng(5)
    for length in (3, 5, 8):
        sentence = rng.integers(1, 20, size=(1, length)).astype("int32")
        padded = np.concatenate([sentence, np.zeros((1, 4), dtype="int32")], axis=1)
        short = float(_run(model, sentence).ravel()[0])
        long = float(_run(model, padded).ravel()[0])
        if abs(short - long) > 1e-5:
            return (f"padding changes your model's prediction ({short:.6f} without, {long:.6f} with 4 zeros "
                    f"after {sentence[0].tolist()}): the mask must reach the LSTM.")
    return None


q1 = Problem(
    LESSON, "q1",
    "Build a Sequential CNN for the (8, 8, 1) digit images with the layers Conv2D(16 filters, relu) → "
    "MaxPooling2D → Conv2D(32 filters, relu) → GlobalAveragePooling2D → Dense(10, softmax), choosing kernel "
    "sizes, padding and pool size so that they output, per sample, (8, 8, 16), (4, 4, 16), (2, 2, 32), "
    "(32,) and (10,).",
    _small_cnn,
    hints=["Start with keras.Sequential([keras.Input(shape=(8, 8, 1)), ...]) and print model.summary() "
           "to compare the shapes.",
           "The first convolution must keep 8×8: padding='same'. The pooling halves it: pool size 2.",
           "The second convolution turns 4×4 into 2×2: kernel size 3 with the default padding='valid'."],
    solution="""model = keras.Sequential([
    keras.Input(shape=(8, 8, 1)),
    L.Conv2D(16, 3, padding="same", activation="relu"),
    L.MaxPooling2D(2),
    L.Conv2D(32, 3, activation="relu"),
    L.GlobalAveragePooling2D(),
    L.Dense(10, activation="softmax"),
])
ex.q1.check(model)""",
)

q2 = Problem(
    LESSON, "q2",
    "Write a function out_length(length, kernel_size, strides, padding) that returns how many steps "
    "Conv1D(filters, kernel_size, strides=strides, padding=padding) makes of a sequence of `length` "
    "steps; padding is 'valid' or 'same'. The check compares it with Keras on 60 settings.",
    _output_length,
    hints=["Try a few settings first: L.Conv1D(1, 3, strides=2).compute_output_shape((None, 10, 1)).",
           "'valid': the kernel fits at length − kernel_size + 1 positions, and strides keeps every "
           "strides-th of them. 'same': one output per strides input steps, rounded up.",
           "'valid': (length − kernel_size) // strides + 1; 'same': ceil(length / strides), which is "
           "(length + strides − 1) // strides."],
    solution="""def out_length(length, kernel_size, strides, padding):
    if padding == "same":
        return (length + strides - 1) // strides
    return (length - kernel_size) // strides + 1

ex.q2.check(out_length)""",
)

q3 = Problem(
    LESSON, "q3",
    "Build a functional model with two inputs, a and b (in that order), each of shape (4,), and one "
    "output of shape (8,): a + b followed by a − b. Use the merge layers Add, Subtract and Concatenate.",
    _merge_model,
    hints=["Two keras.Input(shape=(4,)) tensors; the model is keras.Model([a, b], output).",
           "Merge layers take a list: L.Add()([a, b]), L.Subtract()([a, b]).",
           "Join the two results with L.Concatenate()([total, difference])."],
    solution="""a = keras.Input(shape=(4,), name="a")
b = keras.Input(shape=(4,), name="b")
total = L.Add()([a, b])
difference = L.Subtract()([a, b])
sum_and_difference = keras.Model([a, b], L.Concatenate()([total, difference]))
ex.q3.check(sum_and_difference)""",
)

q4 = Problem(
    LESSON, "q4",
    "Build a sentence classifier for integer ids 1..19 (0 is padding) of any length: an Embedding to 8 "
    "numbers that masks the padding → a Bidirectional LSTM with 8 units per direction that returns its last "
    "output → Dense(1, sigmoid). Padding a sentence with zeros must not change its prediction.",
    _masked_sentence_classifier,
    hints=["The input is keras.Input(shape=(None,), dtype='int32'): None leaves the length open.",
           "L.Embedding(input_dim=20, output_dim=8, mask_zero=True): input_dim counts the 0.",
           "L.Bidirectional(L.LSTM(8)) reads the masked vectors both ways; "
           "then L.Dense(1, activation='sigmoid')."],
    solution="""tokens = keras.Input(shape=(None,), dtype="int32")
vectors = L.Embedding(input_dim=20, output_dim=8, mask_zero=True)(tokens)
both_ways = L.Bidirectional(L.LSTM(8))(vectors)
classifier = keras.Model(tokens, L.Dense(1, activation="sigmoid")(both_ways))
ex.q4.check(classifier)""",
)
