"""The playground's network as a real ``keras.Model``, built from the settings."""

from __future__ import annotations

from .._quiet import import_keras
from .data import class_count
from .settings import Settings

OPTIMIZER_CLASSES = {"sgd": "SGD", "adam": "Adam", "rmsprop": "RMSprop", "adagrad": "Adagrad"}


def output_units(classes: int) -> int:
    """One unit for regression and two classes (the probability of class 1), one per class beyond."""
    return classes if classes > 2 else 1


def output_activation(classes: int) -> str:
    """``sigmoid`` for two classes, ``softmax`` for more, ``linear`` for regression (``classes`` 0)."""
    return "linear" if not classes else "sigmoid" if classes == 2 else "softmax"


def loss_name(classes: int) -> str:
    """Binary cross-entropy for two classes, its sparse categorical form for more (labels 0..k-1), mean
    squared error for regression."""
    return ("mean_squared_error" if not classes else "binary_crossentropy" if classes == 2
            else "sparse_categorical_crossentropy")


def dropout_seed(seed: int, layer: int) -> int:
    """The seed of hidden layer ``layer``'s dropout (counting from 1): its own, apart from the weights'."""
    return seed * 100 + 50 + layer


def build_model(settings: Settings, classes: int | None = None, steps_per_execution: int = 1):
    """A compiled ``keras.Sequential``: the chosen features in, one hidden Dense layer per entry of
    ``settings.hidden`` (each with its activation, and a Dropout layer after it when its rate is above
    0), then the output layer. Weights and dropout are seeded from ``settings.seed``; the global random
    state is left alone. ``classes`` (0 for regression) defaults to the data set's;
    ``steps_per_execution`` is ``compile``'s (batches per call into TensorFlow)."""
    keras = import_keras()
    if classes is None:
        classes = class_count(settings.dataset)
    regularizer = None
    if settings.regularization and settings.regularization_rate > 0:
        penalty = getattr(keras.regularizers, settings.regularization.upper())
        regularizer = penalty(settings.regularization_rate)
    layers = [keras.Input(shape=(len(settings.features),), name="features")]
    shape = zip(settings.hidden, settings.layer_activations, settings.layer_dropout)
    for index, (units, activation, rate) in enumerate(shape, start=1):
        layers.append(keras.layers.Dense(
            units, activation=activation, name=f"hidden{index}",
            kernel_initializer=keras.initializers.GlorotUniform(seed=settings.seed * 100 + index),
            kernel_regularizer=regularizer))
        if rate > 0:
            layers.append(keras.layers.Dropout(rate, seed=dropout_seed(settings.seed, index),
                                               name=f"dropout{index}"))
    layers.append(keras.layers.Dense(
        output_units(classes), activation=output_activation(classes), name="output",
        kernel_initializer=keras.initializers.GlorotUniform(seed=settings.seed * 100),
        kernel_regularizer=regularizer))
    model = keras.Sequential(layers, name="playground")
    optimizer = getattr(keras.optimizers, OPTIMIZER_CLASSES[settings.optimizer])(
        learning_rate=settings.learning_rate)
    metrics = ["accuracy"] if classes else []
    model.compile(optimizer=optimizer, loss=loss_name(classes), metrics=metrics,
                  steps_per_execution=steps_per_execution)
    return model
