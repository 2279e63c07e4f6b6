"""Exercises for lesson 01, the Keras workflow: build, compile, train and evaluate an MNIST classifier,
and find out from its curves why a colleague's one does not learn."""

from __future__ import annotations

import numpy as np

from .._quiet import import_keras
from .checks import (
    accuracy_message,
    classification_accuracy,
    count_message,
    held_out_mnist,
    layers_of,
    learning_rate_of,
    mnist_accuracy_message,
    need_built,
    need_model,
    shaped_for,
)
from .core import Problem

keras = import_keras()

LESSON = "01_keras_workflow"
TITLE = "The Keras workflow"

HIDDEN_UNITS = [128, 64]
TRAINED_ACCURACY = 0.93  # q3: held-out MNIST accuracy of the learner's own MLP
FIXED_ACCURACY = 0.92  # q4: held-out MNIST accuracy of the colleague's model once fixed
COLLEAGUE_RATE = 0.1  # q4: the colleague's SGD learning rate, which is not the problem
CHANCE_LIKE = 0.2  # q4: below this a model has learned (almost) nothing


def _mlp_for_digits(model) -> str | None:
    problem = need_model(model) or need_built(model)
    if problem:
        return problem
    shape = tuple(model.inputs[0].shape[1:])
    if shape != (28, 28):
        return (f"your model takes samples of shape {shape}; the task asks for the images as they come, "
                "keras.Input(shape=(28, 28)).")
    dense = layers_of(model, "Dense")
    problem = count_message(len(dense), 3, "Dense layer")
    if problem:
        return problem
    output = tuple(model.outputs[0].shape[1:])
    if output != (10,):
        return (f"your model outputs {output} per image, not 10 scores: a Dense layer works on the last "
                "axis only, so on a (28, 28) image it treats each of the 28 rows separately. Put "
                "keras.layers.Flatten() before the first Dense layer.")
    units = [layer.units for layer in dense]
    if units != [*HIDDEN_UNITS, 10]:
        return f"your Dense layers have {units} units, the task asks for {[*HIDDEN_UNITS, 10]}."
    activations = [layer.get_config()["activation"] for layer in dense]
    if activations[:2] != ["relu", "relu"]:
        return f"the hidden layers use {activations[:2]} activations, the task asks for relu."
    if activations[2] != "softmax":
        return f"the last layer uses {activations[2]!r}; 10 class probabilities need 'softmax'."
    return None


def _compiled_for_integer_labels(model) -> str | None:
    problem = need_model(model) or need_built(model)
    if problem:
        return problem
    if not model.compiled:
        return "your model is not compiled yet: call model.compile(optimizer=..., loss=..., metrics=[...])."
    loss = model.loss
    name = loss if isinstance(loss, str) else getattr(loss, "name", getattr(loss, "__name__", str(loss)))
    if "categorical_crossentropy" in name and "sparse" not in name:
        return ("categorical_crossentropy expects one-hot labels, but these labels are integers 0..9: "
                "use 'sparse_categorical_crossentropy'.")
    if "sparse_categorical_crossentropy" not in name:
        return f"the loss is {name!r}; for integer class labels use 'sparse_categorical_crossentropy'."
    if not isinstance(model.optimizer, keras.optimizers.Adam):
        return f"the optimizer is {type(model.optimizer).__name__}, the task asks for Adam."
    metrics = str((model.get_compile_config() or {}).get("metrics", "")).lower()
    if "acc" not in metrics:
        return "add metrics=['accuracy'] to compile, so fit and evaluate report it."
    return None


def _trained(model) -> str | None:
    return need_model(model) or need_built(model) or mnist_accuracy_message(model, TRAINED_ACCURACY)


def _colleague_fixed(model) -> str | None:
    problem = need_model(model) or need_built(model)
    if problem:
        return problem
    if not model.compiled:
        return "this model is not compiled: compile it as the colleague did, then train it."
    rate = learning_rate_of(model.optimizer)
    if not isinstance(model.optimizer, keras.optimizers.SGD) or not np.isclose(rate, COLLEAGUE_RATE):
        return (f"the task keeps the colleague's optimizer, SGD(learning_rate={COLLEAGUE_RATE}); yours is "
                f"{type(model.optimizer).__name__}(learning_rate={rate:g}). That setting "
                "trains this MLP well on the lesson's data: put it back and look for what else differs.")
    x, labels = held_out_mnist()
    shaped = shaped_for(model, x)
    if shaped is None:
        return mnist_accuracy_message(model, FIXED_ACCURACY)
    # a model that scales its own inputs (a Rescaling layer) is judged on pixels as they come, 0..255
    accuracy = max(classification_accuracy(model, shaped, labels),
                   classification_accuracy(model, shaped * 255, labels))
    if accuracy < CHANCE_LIKE:
        return (f"your model classifies {accuracy:.0%} of the held-out digits right, about what guessing "
                "gives (10%): it has learned nothing. Read its curves: a loss that stays at ln(10) ≈ 2.30 "
                "is the loss of a model that gives every digit 1/10. Then compare the numbers the "
                "colleague trains on with the ones the lesson trained on.")
    return accuracy_message(accuracy, FIXED_ACCURACY, f"the {len(x):,} held-out MNIST digits")


q1 = Problem(
    LESSON, "q1",
    "Build a Sequential model that takes the MNIST images as they come, (28, 28), and classifies them "
    f"with three Dense layers: {HIDDEN_UNITS[0]} units (relu), {HIDDEN_UNITS[1]} units (relu) and 10 "
    "units (softmax).",
    _mlp_for_digits,
    hints=["Start with keras.Sequential() and model.add(keras.Input(shape=(28, 28))).",
           "A Dense layer works on the last axis only: flatten each image into 784 numbers first, "
           "with keras.layers.Flatten().",
           f"Then Dense({HIDDEN_UNITS[0]}, activation='relu'), Dense({HIDDEN_UNITS[1]}, activation='relu'), "
           "Dense(10, activation='softmax')."],
    solution=f"""my_model = keras.Sequential()
my_model.add(keras.Input(shape=(28, 28)))
my_model.add(keras.layers.Flatten())
my_model.add(keras.layers.Dense({HIDDEN_UNITS[0]}, activation="relu"))
my_model.add(keras.layers.Dense({HIDDEN_UNITS[1]}, activation="relu"))
my_model.add(keras.layers.Dense(10, activation="softmax"))
ex.q1.check(my_model)""",
)

q2 = Problem(
    LESSON, "q2",
    "Compile your q1 model for the integer labels 0..9 of MNIST, with the Adam optimizer and accuracy as a "
    "metric.",
    _compiled_for_integer_labels,
    hints=["model.compile(optimizer=..., loss=..., metrics=[...]).",
           "y_train holds integers such as 5 and 0, not one-hot rows: integer labels take the *sparse* "
           "categorical cross-entropy.",
           "loss='sparse_categorical_crossentropy', optimizer=keras.optimizers.Adam(learning_rate=0.001), "
           "metrics=['accuracy']."],
    solution="""my_model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.001),
                 loss="sparse_categorical_crossentropy", metrics=["accuracy"])
ex.q2.check(my_model)""",
)

q3 = Problem(
    LESSON, "q3",
    f"Train your model on x_train, y_train until it classifies at least {TRAINED_ACCURACY:.0%} of held-out "
    "MNIST digits right (the check measures it on 2,000 digits that no cell of this lesson trains on).",
    _trained,
    hints=["model.fit(x_train, y_train, epochs=..., batch_size=32, validation_split=0.1, verbose=0, "
           "callbacks=[kt.LivePlot()]): watch the validation accuracy.",
           "About 8 epochs with Adam(learning_rate=0.001) are enough; if the validation accuracy still "
           "rises, call fit again: it continues from the current weights.",
           "Train on x_train (scaled to [0, 1]), never on mnist.x_train: the check gives your model "
           "scaled digits."],
    solution="""my_model.fit(x_train, y_train, batch_size=32, epochs=8, validation_split=0.1, verbose=0)
ex.q3.check(my_model)""",
)

q4 = Problem(
    LESSON, "q4",
    "A colleague's copy of the lesson's MLP does not learn: its curves go flat after the first epoch. Find "
    "out why from the curves and the data, fix the colleague's cell (keep SGD with learning_rate=0.1), "
    f"train it again and check the trained model: it must classify at least {FIXED_ACCURACY:.0%} of "
    "held-out digits right.",
    _colleague_fixed,
    hints=["Print the recorded losses, live.history['epoch']['loss'] (or history.history['loss']): the first "
           "epoch's loss is huge, then it stays at 2.30 = ln(10), the loss of a model that gives each digit "
           "probability 1/10. Something blew up in the first steps.",
           "Compare what the colleague trains on with what the lesson trained on: print the largest pixel "
           "value of mnist.x_train and of x_train.",
           "The colleague feeds raw pixels 0..255: the first gradient steps are so large that every relu "
           "unit dies. Train the same cell on x_train (mnist.x_train / 255)."],
    solution="""keras.utils.set_random_seed(0)
colleague = keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Flatten(),
                              keras.layers.Dense(128, activation="relu"),
                              keras.layers.Dense(10, activation="softmax")])
colleague.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
colleague.fit(x_train, y_train, epochs=5, validation_split=0.1, verbose=0)   # x_train: scaled to [0, 1]
ex.q4.check(colleague)""",
)
