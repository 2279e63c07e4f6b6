"""Exercises for lesson 04, the layer families: a CNN that beats lesson 01's MLP, convolution output lengths,
a merge model, a bidirectional LSTM over masked sentences, and a network with a dead layer to repair."""

from __future__ import annotations

import numpy as np

from .._quiet import import_keras
from .checks import (
    cached_per_draw,
    call_answer,
    check_rng,
    dead_layers,
    held_out_mnist,
    layers_of,
    mnist_accuracy_message,
    need_built,
    need_function,
    need_model,
    shaped_for,
)
from .core import Problem

keras = import_keras()

LESSON = "04_layers"
TITLE = "The layer families"

MLP_PARAMETERS = 101_770  # lesson 01's MLP: Flatten -> Dense(128, relu) -> Dense(10, softmax)
CNN_MAX_PARAMETERS = MLP_PARAMETERS // 4
CNN_ACCURACY = 0.96  # q1: held-out MNIST accuracy the learner's CNN must reach
FIXED_ACCURACY = 0.95  # q5: held-out MNIST accuracy of the repaired network
DEAD_LAYER = "conv_2"
DEAD_BIAS = -5.0  # every pre-activation of DEAD_LAYER is below 0 on MNIST digits: its relu outputs only 0
DIAGNOSIS_SAMPLES = 500  # held-out digits the q5 check runs through the layers


def _not_input(model) -> list:
    """The model's layers without its InputLayers (a functional model lists them, a Sequential does not)."""
    return [layer for layer in model.layers if type(layer).__name__ != "InputLayer"]


def _sample_shape(tensor) -> tuple:
    """A symbolic tensor's shape without the batch axis, as a tuple."""
    return tuple(tensor.shape[1:])


def _run(model, x) -> np.ndarray:
    """The model's output for ``x`` as numpy, called directly (no predict: no tf.function retracing)."""
    return keras.ops.convert_to_numpy(model(x, training=False))


def _model_problem(model) -> str | None:
    """The shared first checks: a Keras model that knows its input shape."""
    return need_model(model) or need_built(model)


def _cnn_beats_the_mlp(model) -> str | None:
    problem = _model_problem(model)
    if problem:
        return problem
    if not layers_of(model, "Conv2D"):
        return "your model has no Conv2D layer: the task asks for a convolutional network."
    parameters = model.count_params()
    if parameters > CNN_MAX_PARAMETERS:
        return (f"your model has {parameters:,} parameters; the task allows {CNN_MAX_PARAMETERS:,}, "
                f"a quarter of the MLP's {MLP_PARAMETERS:,}. Use fewer filters, or pool before Flatten "
                "so the Dense layer reads fewer numbers.")
    return mnist_accuracy_message(model, CNN_ACCURACY)


def broken_cnn():
    """The network of exercise 5, compiled and ready to train: it does not learn (find out why)."""
    keras.utils.set_random_seed(5)
    layers = keras.layers
    model = keras.Sequential([
        keras.Input(shape=(28, 28), name="digit"),
        layers.Reshape((28, 28, 1), name="one_channel"),
        layers.Conv2D(16, 5, activation="relu", name="conv_1"),
        layers.MaxPooling2D(2, name="pool_1"),
        layers.Conv2D(32, 5, activation="relu", name=DEAD_LAYER,
                      bias_initializer=keras.initializers.Constant(DEAD_BIAS)),
        layers.MaxPooling2D(2, name="pool_2"),
        layers.Flatten(name="flatten"),
        layers.Dense(10, activation="softmax", name="digits"),
    ], name="broken_cnn")
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.002),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def _revived(model) -> str | None:
    problem = _model_problem(model)
    if problem:
        return problem
    names = [layer.name for layer in model.layers]
    missing = [name for name in ("conv_1", DEAD_LAYER, "digits") if name not in names]
    if missing:
        return (f"this is not the exercise's network (it has no layer {missing[0]!r}): repair the model "
                "that broken = ex.broken_cnn() gave you, train it, and check it.")
    x, _ = held_out_mnist()
    shaped = shaped_for(model, x[:DIAGNOSIS_SAMPLES])
    if shaped is not None:
        dead = dead_layers(model, shaped)
        if dead:
            return (f"layer {dead[0]!r} still outputs only zeros on {DIAGNOSIS_SAMPLES} held-out digits: "
                    "a relu whose inputs are all negative passes no gradient back, so training can never "
                    f"revive it. Look at its weights (kt.inspect(model).weights({dead[0]!r})): which one "
                    "pushes every input below zero?")
    return mnist_accuracy_message(model, FIXED_ACCURACY)


@cached_per_draw
def _length_cases() -> tuple[tuple[int, int, int, str, int], ...]:
    """(length, kernel_size, strides, padding, Keras's output length) for 60 settings, from Keras itself."""
    rng = check_rng(44)
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
    refusal = need_function(function, "out_length(length, kernel_size, strides, padding)", such_as=False)
    if refusal:
        return refusal
    for length, kernel, strides, padding, wanted in _length_cases():
        call = f"out_length({length}, {kernel}, {strides}, {padding!r})"
        found, problem = call_answer(function, call, length, kernel, strides, padding)
        if problem:
            return problem
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
    rng = check_rng(7)
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
    rng = check_rng(5)
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
    "Build and train a convolutional network for MNIST that beats lesson 1's MLP with a quarter of its "
    f"parameters: at least one Conv2D, at most {CNN_MAX_PARAMETERS:,} parameters, and at least "
    f"{CNN_ACCURACY:.0%} of held-out digits right (the check measures it on 2,000 digits no cell trains on).",
    _cnn_beats_the_mlp,
    hints=["Start from the lesson's cnn: keras.Input(shape=(28, 28)), Reshape((28, 28, 1)), then "
           "Conv2D → MaxPooling2D → Conv2D → MaxPooling2D → Flatten → Dense(10, softmax).",
           "model.count_params() counts the parameters before any training; most of them usually sit in "
           "the Dense layer after Flatten, so pool twice before it.",
           "Compile with Adam(learning_rate=0.003) and train on x_train for 5 epochs with batch_size=64; "
           "watch the validation accuracy with kt.LivePlot()."],
    solution="""keras.utils.set_random_seed(1)
my_cnn = keras.Sequential([
    keras.Input(shape=(28, 28)),
    L.Reshape((28, 28, 1)),
    L.Conv2D(16, 5, activation="relu"),
    L.MaxPooling2D(2),
    L.Conv2D(32, 5, activation="relu"),
    L.MaxPooling2D(2),
    L.Flatten(),
    L.Dropout(0.5),
    L.Dense(10, activation="softmax"),
])
my_cnn.compile(optimizer=keras.optimizers.Adam(learning_rate=0.003),
               loss="sparse_categorical_crossentropy", metrics=["accuracy"])
my_cnn.fit(x_train, y_train, batch_size=64, epochs=5, verbose=0)
ex.q1.check(my_cnn)""",
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

q5 = Problem(
    LESSON, "q5",
    "The network that broken = ex.broken_cnn() gives you (compiled, ready to train) does not learn. Train "
    "it with kt.LivePlot to see it, find with kt.activations the layer whose outputs are all zero, find "
    "out why with the inspector, repair that layer, train the same network again and check it: it must "
    f"get at least {FIXED_ACCURACY:.0%} of held-out digits right.",
    _revived,
    hints=["outputs = kt.activations(broken, x_test[:100]) gives every layer's outputs; print, for each "
           "layer, the share of its outputs that are exactly 0: (value == 0).mean().",
           "kt.inspect(broken).weights('conv_2') shows that layer's weight statistics: compare its bias "
           "with the size of what the layer adds up.",
           f"Its bias is {DEAD_BIAS:g} everywhere: every sum ends below zero and relu turns it into 0, so no "
           "gradient flows back. Set the bias to zeros with layer.set_weights([kernel, np.zeros_like(bias)]) "
           "and train again."],
    solution="""broken = ex.broken_cnn()
layer = broken.get_layer("conv_2")
kernel, bias = layer.get_weights()
layer.set_weights([kernel, np.zeros_like(bias)])
broken.fit(x_train, y_train, batch_size=64, epochs=3, verbose=0)
ex.q5.check(broken)""",
)
