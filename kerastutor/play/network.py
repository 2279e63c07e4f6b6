"""The playground's network as a real ``keras.Model``, built from the settings."""

from __future__ import annotations

from .._quiet import import_keras
from .data import is_classification
from .settings import Settings

OPTIMIZER_CLASSES = {"sgd": "SGD", "adam": "Adam", "rmsprop": "RMSprop", "adagrad": "Adagrad"}


def output_activation(classification: bool) -> str:
    """``sigmoid`` for the two-class problems, ``linear`` for regression."""
    return "sigmoid" if classification else "linear"


def loss_name(classification: bool) -> str:
    """Binary cross-entropy for classification, mean squared error for regression."""
    return "binary_crossentropy" if classification else "mean_squared_error"


def build_model(settings: Settings, classification: bool | None = None, steps_per_execution: int = 1):
    """A compiled ``keras.Sequential``: the chosen features in, one hidden Dense layer per entry of
    ``settings.hidden``, one output unit. Weights are seeded from ``settings.seed``; the global random
    state is left alone. ``classification`` defaults to what the data set is; ``steps_per_execution``
    is ``compile``'s (batches per call into TensorFlow)."""
    keras = import_keras()
    if classification is None:
        classification = is_classification(settings.dataset)
    regularizer = None
    if settings.regularization and settings.regularization_rate > 0:
        penalty = getattr(keras.regularizers, settings.regularization.upper())
        regularizer = penalty(settings.regularization_rate)
    layers = [keras.Input(shape=(len(settings.features),), name="features")]
    for index, units in enumerate(settings.hidden, start=1):
        layers.append(keras.layers.Dense(
            units, activation=settings.activation, name=f"hidden{index}",
            kernel_initializer=keras.initializers.GlorotUniform(seed=settings.seed * 100 + index),
            kernel_regularizer=regularizer))
    layers.append(keras.layers.Dense(
        1, activation=output_activation(classification), name="output",
        kernel_initializer=keras.initializers.GlorotUniform(seed=settings.seed * 100),
        kernel_regularizer=regularizer))
    model = keras.Sequential(layers, name="playground")
    optimizer = getattr(keras.optimizers, OPTIMIZER_CLASSES[settings.optimizer])(
        learning_rate=settings.learning_rate)
    metrics = ["accuracy"] if classification else []
    model.compile(optimizer=optimizer, loss=loss_name(classification), metrics=metrics,
                  steps_per_execution=steps_per_execution)
    return model
