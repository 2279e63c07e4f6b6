"""Exercises for lesson 01, the Keras workflow: build, compile, train and evaluate a digit classifier."""

from __future__ import annotations

from .checks import (
    accuracy_message,
    classification_accuracy,
    count_message,
    held_out_digits,
    input_shape_message,
    layers_of,
    need_built,
    need_model,
)
from .core import Problem

LESSON = "01_keras_workflow"
TITLE = "The Keras workflow"




def _three_dense_layers(model) -> str | None:
    problem = need_model(model) or need_built(model)
    if problem:
        return problem
    problem = input_shape_message(model, (64,))
    dense = layers_of(model, "Dense")
    problem = problem or count_message(len(dense), 3, "Dense layer")
    if problem:
        return problem
    units = [layer.units for layer in dense]
    if units != [64, 32, 10]:
        return f"your Dense layers have {units} units, the task asks for [64, 32, 10]."
    activations = [layer.get_config()["activation"] for layer in dense]
    if activations[:2] != ["relu", "relu"]:
        return f"the hidden layers use {activations[:2]} activations, the task asks for relu."
    if activations[2] != "softmax":
        return f"the last layer uses {activations[2]!r}; 10 class probabilities need 'softmax'."
    return None


def _compiled_for_integer_labels(model) -> str | None:
    import keras

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


def _trained_to_ninety(model) -> str | None:
    problem = need_model(model) or need_built(model)
    problem = problem or input_shape_message(model, (64,))
    if problem:
        return problem
    x, labels = held_out_digits()
    return accuracy_message(classification_accuracy(model, x, labels), 0.90, f"the {len(x)} held-out digits")


q1 = Problem(
    LESSON, "q1",
    "Build a Sequential model for the 64-pixel digits: Dense(64, relu), Dense(32, relu), Dense(10, softmax).",
    _three_dense_layers,
    hints=["Start with keras.Sequential() and model.add(keras.Input(shape=(64,))).",
           "Add three keras.layers.Dense layers; the hidden ones take activation='relu'.",
           "The last layer has one unit per digit (10) and activation='softmax'."],
    solution="""model = keras.Sequential()
model.add(keras.Input(shape=(64,)))
model.add(keras.layers.Dense(64, activation="relu"))
model.add(keras.layers.Dense(32, activation="relu"))
model.add(keras.layers.Dense(10, activation="softmax"))
ex.q1.check(model)""",
)

q2 = Problem(
    LESSON, "q2",
    "Compile your q1 model for integer labels 0..9, with the Adam optimizer and accuracy as a metric.",
    _compiled_for_integer_labels,
    hints=["model.compile(optimizer=..., loss=..., metrics=[...]).",
           "Integer labels take the *sparse* categorical cross-entropy.",
           "loss='sparse_categorical_crossentropy', optimizer=keras.optimizers.Adam(0.01), "
           "metrics=['accuracy']."],
    solution="""model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01),
              loss="sparse_categorical_crossentropy", metrics=["accuracy"])
ex.q2.check(model)""",
)

q3 = Problem(
    LESSON, "q3",
    "Train your model on x_train, y_train until it classifies at least 90% of the held-out test digits "
    "right.",
    _trained_to_ninety,
    hints=["model.fit(x_train, y_train, epochs=..., batch_size=32, verbose=0).",
           "Fifteen epochs with Adam(0.01) are plenty; check the validation accuracy as it trains.",
           "Never train on x_test: the check measures accuracy on those held-out digits."],
    solution="""model.fit(x_train, y_train, batch_size=32, epochs=15, verbose=0)
ex.q3.check(model)""",
)
