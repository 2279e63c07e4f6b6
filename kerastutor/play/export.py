"""The Keras code that builds and trains the playground's network on the playground's data."""

from __future__ import annotations

from .._arguments import refuse
from .data import DRAWN_SETS, OWN, class_count
from .features import FEATURE_CODE
from .network import OPTIMIZER_CLASSES, dropout_seed, loss_name, output_activation, output_units
from .settings import OWNER, Settings, check_epochs

INDENT = " " * 23  # lines up keyword arguments under keras.layers.Dense(


def _dense(units: int, activation: str, seed: int, regularizer: str | None, name: str) -> list[str]:
    lines = [f'    keras.layers.Dense({units}, activation="{activation}", name="{name}",',
             f"{INDENT}kernel_initializer=keras.initializers.GlorotUniform(seed={seed}),"]
    if regularizer:
        lines.append(f"{INDENT}kernel_regularizer={regularizer},")
    lines[-1] = lines[-1][:-1] + "),"
    return lines


def _dropout(rate: float, seed: int, name: str) -> list[str]:
    return [f'    keras.layers.Dropout({rate!r}, seed={seed}, name="{name}"),']


def _points_lines(s: Settings) -> list[str]:
    """The drawn points as a numpy array, a few per line."""
    rows = [f"[{x1!r}, {x2!r}, {value!r}]" for x1, x2, value in s.points]
    lines = ["points = np.array(["]
    lines += ["    " + ", ".join(rows[i:i + 4]) + "," for i in range(0, len(rows), 4)]
    return [*lines, '], dtype="float32").reshape(-1, 3)  # x1, x2, and the label or target of each point']


def _data_lines(s: Settings) -> list[str]:
    if s.dataset in DRAWN_SETS:
        return ["from kerastutor.play.data import split",
                "",
                f"keras.utils.set_random_seed({s.seed})",
                *_points_lines(s),
                "x, y = points[:, :2], points[:, 2]"]
    if s.dataset == OWN:
        return ["from kerastutor.play.data import check_own_data, split",
                "",
                f"keras.utils.set_random_seed({s.seed})",
                "# x, y: your own data, as you gave it to kt.playground(data=(x, y))",
                "x, y, _ = check_own_data(x, y)"]
    return ["from kerastutor.play.data import make_data, split",
            "",
            f"keras.utils.set_random_seed({s.seed})",
            f'x, y = make_data("{s.dataset}", samples={s.samples}, noise={s.noise!r}, seed={s.seed})']


def to_code(settings: Settings, epochs: int = 100, classes: int | None = None) -> str:
    """Runnable code: the same data (same seed), the same features, the same seeded network and training.
    ``classes`` (0 for regression) defaults to the data set's (it must be given for your own or drawn
    data)."""
    if not isinstance(settings, Settings):
        raise refuse(OWNER, "settings", settings, "a Settings value (pg.settings)")
    check_epochs(epochs)
    s = settings
    regularizer = None
    if s.regularization and s.regularization_rate > 0:
        regularizer = f"keras.regularizers.{s.regularization.upper()}({s.regularization_rate!r})"
    if classes is None:
        classes = class_count(s.dataset)
    lines = [
        "import keras",
        "import numpy as np",
        "",
        *_data_lines(s),
        f"x_train, y_train, x_test, y_test = split(x, y, train_fraction={s.train_fraction!r}, seed={s.seed})",
        "",
        "",
        "def features(x):",
        '    """The input columns the network sees."""',
        "    return np.stack([",
        *(f"        {FEATURE_CODE[name]},  # {name}" for name in s.features),
        '    ], axis=1).astype("float32")',
        "",
        "",
        "model = keras.Sequential([",
        f"    keras.Input(shape=({len(s.features)},)),",
    ]
    for index, (units, activation, rate) in enumerate(zip(s.hidden, s.layer_activations, s.layer_dropout),
                                                      start=1):
        lines += _dense(units, activation, s.seed * 100 + index, regularizer, f"hidden{index}")
        if rate > 0:
            lines += _dropout(rate, dropout_seed(s.seed, index), f"dropout{index}")
    lines += _dense(output_units(classes), output_activation(classes), s.seed * 100, regularizer, "output")
    lines += [
        '], name="playground")',
        f"optimizer = keras.optimizers.{OPTIMIZER_CLASSES[s.optimizer]}(learning_rate={s.learning_rate!r})",
        f'model.compile(optimizer=optimizer, loss="{loss_name(classes)}"'
        + (', metrics=["accuracy"])' if classes else ")"),
        f"model.fit(features(x_train), y_train, batch_size={s.batch_size}, epochs={epochs}, verbose=0,",
        "          validation_data=(features(x_test), y_test))",
        ("test_loss, test_accuracy" if classes else "test_loss")
        + " = model.evaluate(features(x_test), y_test, verbose=0)",
    ]
    return "\n".join(lines) + "\n"
