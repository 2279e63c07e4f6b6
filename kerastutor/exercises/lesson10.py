"""Exercises for lesson 10: a loss by hand, a loss and metric for a binary problem, an optimizer that
trains fast enough, an old Keras 2 optimizer line written for Keras 3, a network that does not learn, and
the learning rate and epoch of the lowest validation loss, read from runs compared."""

from __future__ import annotations

import math
import numbers
import warnings
from functools import cache

import numpy as np

from .._quiet import import_keras
from .checks import as_float_array, check_rng, need_built, need_function, need_model
from .core import Problem

keras = import_keras()

LESSON = "10_losses_metrics_optimizers"
TITLE = "Losses, metrics, optimizers and activations"

# q3: the task's training budget and the held-out loss it must reach.
Q3_EPOCHS = 3
Q3_BATCH_SIZE = 32
Q3_TARGET = 0.35
# q4: the old line's numbers.
Q4_RATE, Q4_MOMENTUM, Q4_DECAY = 0.1, 0.9, 1e-4
# q5: the stuck network's seed, the check's training budget and the held-out accuracy it must reach.
Q5_SEED, Q5_EPOCHS, Q5_TARGET = 1, 3, 0.9
Q5_PARAMETERS = 64 * 32 + 32 + 32 * 10 + 10
# q6: Adam's learning rates compared, their training budget, and how close to a run's lowest validation
# loss an epoch must be to count as its best (near-ties on a flat stretch are all right answers).
Q6_RATES, Q6_EPOCHS, Q6_BATCH_SIZE, Q6_TOLERANCE = (0.003, 0.03), 10, 64, 0.02


# ---- q1: categorical cross-entropy by hand --------------------------------------------------------

def _crossentropy_probes() -> list[tuple[np.ndarray, np.ndarray]]:
    """One-hot labels and softmax probabilities of two sizes, made fresh by the checker."""
    rng = check_rng(1010)
    probes = []
    for samples, classes in ((6, 4), (5, 3)):
        labels = rng.integers(0, classes, samples)
        y_true = np.eye(classes, dtype="float32")[labels]
        scores = rng.normal(scale=1.5, size=(samples, classes))
        y_pred = (np.exp(scores) / np.exp(scores).sum(axis=-1, keepdims=True)).astype("float32")
        probes.append((y_true, y_pred))
    return probes


def _my_crossentropy(function) -> str | None:
    problem = need_function(function, "my_crossentropy(y_true, y_pred)", such_as=False,
                            advice=": write it with def, then pass the function itself (no parentheses)")
    if problem:
        return problem
    for y_true, y_pred in _crossentropy_probes():
        try:
            answer = function(y_true.copy(), y_pred.copy())
        except Exception as error:  # noqa: BLE001  (a learner's code: say what it raised, calmly)
            return (f"your function raised {type(error).__name__}: {error}, when called with numpy arrays "
                    f"y_true and y_pred of shape {y_true.shape}.")
        try:
            values = as_float_array(answer)
        except (TypeError, ValueError):
            return (f"your function returned {type(answer).__name__}; "
                    "return an array with one loss per sample.")
        expected = keras.ops.convert_to_numpy(keras.losses.categorical_crossentropy(y_true, y_pred))
        expected = expected.astype("float64")
        samples = len(y_true)
        if values.shape != expected.shape:
            if values.size == 1:
                return (f"your function returns a single number for {samples} samples; return one loss per "
                        f"sample (shape ({samples},)): sum over the classes only, with axis=-1.")
            return (f"your function returns shape {values.shape} for y_true of shape {y_true.shape}; "
                    f"one loss per sample has shape ({samples},): sum over the classes only, with axis=-1.")
        if np.allclose(values, expected, rtol=1e-4, atol=1e-5):
            continue
        if np.allclose(values, -expected, rtol=1e-4, atol=1e-5):
            return ("your values have the wrong sign: log of a probability is negative, so cross-entropy is "
                    "MINUS the sum of y_true * log(y_pred).")
        if np.allclose(values, expected / math.log(2), rtol=1e-4, atol=1e-5):
            return "your values are in bits (log base 2); Keras uses the natural logarithm, np.log."
        if np.allclose(values, expected / math.log(10), rtol=1e-4, atol=1e-5):
            return "your values use log base 10; Keras uses the natural logarithm, np.log."
        wrong = int(np.argmax(np.abs(values - expected)))
        return (f"for y_true={y_true[wrong].round(3).tolist()} and y_pred={y_pred[wrong].round(3).tolist()} "
                f"your function gives {values[wrong]:.4f}, keras.losses.categorical_crossentropy gives "
                f"{expected[wrong]:.4f}. Cross-entropy is -sum(y_true * log(y_pred)) over the classes.")
    return None


# ---- q2: loss and metric for a binary problem -----------------------------------------------------

def _binary_probe() -> tuple[np.ndarray, np.ndarray]:
    """Two features and 0/1 labels, drawn by the checker (the model has never seen them)."""
    rng = check_rng(2020)
    x = rng.normal(size=(96, 2)).astype("float32")
    y = rng.integers(0, 2, size=(96, 1)).astype("float32")
    return x, y


def _loss_name(loss) -> str:
    if isinstance(loss, str):
        return loss
    inner = getattr(loss, "fn", None)
    return getattr(loss, "name", None) or getattr(inner or loss, "__name__", type(loss).__name__)


def _compiled_for_binary(model) -> str | None:
    problem = need_model(model) or need_built(model)
    if problem:
        return problem
    if tuple(model.inputs[0].shape[1:]) != (2,) or tuple(model.outputs[0].shape[1:]) != (1,):
        return (f"the task's model takes 2 features and gives 1 probability; yours takes "
                f"{tuple(model.inputs[0].shape[1:])} and gives {tuple(model.outputs[0].shape[1:])}. "
                "Compile binary_model as the cell builds it.")
    if not model.compiled:
        return ("binary_model is not compiled yet: call "
                "binary_model.compile(optimizer=..., loss=..., metrics=[...]).")
    x, y = _binary_probe()
    p = np.clip(np.asarray(model.predict(x, verbose=0), dtype="float64"), 1e-7, 1 - 1e-7)
    bce = float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))
    name = _loss_name(model.loss)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = model.evaluate(x, y, verbose=0, return_dict=True)
    except Exception as error:  # noqa: BLE001  (a loss that cannot take 0/1 labels: say which)
        return (f"your loss {name!r} fails on 0/1 labels with one output unit "
                f"({type(error).__name__}); use loss='binary_crossentropy'.")
    loss = float(result.pop("loss"))
    if not math.isclose(loss, bce, rel_tol=1e-3, abs_tol=1e-4):
        if abs(loss) < 1e-6:
            return (f"your loss {name!r} is 0 whatever the model predicts: categorical cross-entropy over a "
                    "single output unit normalises it to probability 1. Use 'binary_crossentropy'.")
        mse = float(np.mean((y - p) ** 2))
        if math.isclose(loss, mse, rel_tol=1e-3):
            return (f"your loss is the mean squared error ({loss:.4f} on the check's data); for a "
                    f"probability and 0/1 labels use binary cross-entropy ({bce:.4f} here): "
                    "loss='binary_crossentropy'.")
        return (f"your loss {name!r} gives {loss:.4f} on the check's data, binary cross-entropy of the same "
                f"predictions is {bce:.4f}: use loss='binary_crossentropy' (on probabilities, "
                "from_logits=False).")
    if not (model.get_compile_config() or {}).get("metrics"):
        return "add a metric that reports the share of right answers: metrics=['accuracy']."
    accuracy = float(np.mean((p > 0.5) == (y > 0.5)))
    if not any(math.isclose(float(v), accuracy, abs_tol=1e-6) for v in result.values()):
        shown = ", ".join(f"{k} = {float(v):.3f}" for k, v in result.items())
        extra = (" categorical_accuracy takes the argmax over the output units; with one unit that is "
                 "always 0, so it says 1.00 whatever the model does." if "categorical" in shown else "")
        return (f"your metrics report {shown}, but the model gets {accuracy:.3f} of the check's samples "
                f"right (probability above 0.5 means class 1).{extra} Use metrics=['accuracy'] or "
                "'binary_accuracy'.")
    return _trains(model)


def _trains(model) -> str | None:
    """Train a copy (same weights, same loss, a fresh copy of the optimizer) on new two-moon data."""
    from sklearn.datasets import make_moons

    x, y = make_moons(128, noise=0.2, random_state=7)
    copy = keras.models.clone_model(model)
    copy.set_weights(model.get_weights())
    optimizer = type(model.optimizer).from_config(model.optimizer.get_config())
    copy.compile(optimizer=optimizer, loss=model.loss)
    losses = copy.fit(x.astype("float32"), y.astype("float32"), epochs=6, batch_size=32, shuffle=False,
                      verbose=0).history["loss"]
    if not all(math.isfinite(v) for v in losses):
        return ("training a copy of binary_model on fresh two-moon data made the loss nan: the optimizer's "
                "learning rate is far too large.")
    if losses[-1] >= losses[0]:
        return (f"training a copy of binary_model for 6 epochs on fresh two-moon data did not lower its loss "
                f"({losses[0]:.3f} -> {losses[-1]:.3f}): check the optimizer and its learning rate.")
    return None


# ---- q3: an optimizer and learning rate that train fast enough ------------------------------------

@cache
def digits_split() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The lesson's split of scikit-learn's digits: x_train, y_train, and the 20% held out."""
    from sklearn.datasets import load_digits

    digits = load_digits()
    x = (digits.images.astype("float32") / 16.0).reshape(len(digits.images), 64)
    order = np.random.default_rng(0).permutation(len(x))
    held, train = order[: len(x) // 5], order[len(x) // 5:]
    return x[train], digits.target[train], x[held], digits.target[held]


def digits_model(seed: int = 0):
    """The task's MLP, 64 -> Dense(32, relu) -> Dense(10, softmax), with seeded initial weights."""
    return keras.Sequential([
        keras.Input(shape=(64,)),
        keras.layers.Dense(32, activation="relu", kernel_initializer=keras.initializers.GlorotUniform(seed)),
        keras.layers.Dense(10, activation="softmax",
                           kernel_initializer=keras.initializers.GlorotUniform(seed + 1)),
    ])


def _fresh_optimizer(answer):
    """A new optimizer with the answer's settings, or a sentence saying why there is none."""
    if isinstance(answer, type) and issubclass(answer, keras.optimizers.Optimizer):
        return (f"you passed the class {answer.__name__}; create an optimizer object with a learning rate: "
                f"keras.optimizers.{answer.__name__}(learning_rate=...).")
    if isinstance(answer, str):
        try:
            return keras.optimizers.get(answer)
        except ValueError:
            return f"{answer!r} is not a Keras optimizer name; try 'adam', or better an optimizer object."
    if isinstance(answer, keras.optimizers.Optimizer):
        return type(answer).from_config(answer.get_config())
    if isinstance(answer, (int, float)):
        return ("a number alone is not an optimizer: pass an optimizer object such as "
                "keras.optimizers.SGD(learning_rate=...).")
    return (f"expected a Keras optimizer (such as keras.optimizers.SGD(learning_rate=0.01)), "
            f"got {type(answer).__name__}.")


def _described(optimizer) -> str:
    rate = float(optimizer.learning_rate)
    return f"{type(optimizer).__name__}(learning_rate={rate:g})"


def _held_out_crossentropy(model, x: np.ndarray, labels: np.ndarray) -> float:
    """Sparse categorical cross-entropy computed here, from the model's probabilities."""
    probabilities = np.asarray(model.predict(x, verbose=0), dtype="float64")
    if not np.all(np.isfinite(probabilities)):
        return math.nan
    return float(-np.mean(np.log(np.clip(probabilities[np.arange(len(labels)), labels], 1e-7, 1.0))))


def _trains_fast_enough(answer) -> str | None:
    optimizer = _fresh_optimizer(answer)
    if isinstance(optimizer, str):
        return optimizer
    x_train, y_train, x_held, y_held = digits_split()
    model = digits_model()
    untrained = _held_out_crossentropy(model, x_held, y_held)
    model.compile(optimizer=optimizer, loss="sparse_categorical_crossentropy")
    model.fit(x_train, y_train, epochs=Q3_EPOCHS, batch_size=Q3_BATCH_SIZE, shuffle=False, verbose=0)
    loss = _held_out_crossentropy(model, x_held, y_held)
    described = _described(optimizer)
    if not math.isfinite(loss):
        return (f"with {described} the weights became nan: the learning rate is far too large. "
                "Try one 10 to 100 times smaller.")
    if loss <= Q3_TARGET:
        return None
    where = f"after {Q3_EPOCHS} epochs with {described} the held-out loss is {loss:.2f}, {Q3_TARGET} needed"
    rate = float(optimizer.learning_rate)
    if untrained - loss < 0.25 * (untrained - Q3_TARGET):
        why = ("this learning rate is so large that the steps overshoot; try a smaller one."
               if rate >= 0.5 else
               "the steps are too small to get anywhere in 3 epochs; try a larger learning rate.")
        return f"{where}: hardly better than the untrained model ({untrained:.2f}), {why}"
    return (f"{where}: it learns, but too slowly. Try a larger learning rate, momentum for SGD, "
            "or an adaptive optimizer.")


# ---- q4: an old Keras 2 optimizer line in Keras 3 -------------------------------------------------

def _modernised(optimizer) -> str | None:
    if not isinstance(optimizer, keras.optimizers.SGD):
        return (f"expected a keras.optimizers.SGD object (the old line makes an SGD optimizer), "
                f"got {type(optimizer).__name__}.")
    config = optimizer.get_config()
    if not math.isclose(config["momentum"], Q4_MOMENTUM, rel_tol=1e-6):
        return f"momentum is {config['momentum']}, the old line has momentum={Q4_MOMENTUM}."
    if not config["nesterov"]:
        return "nesterov is False, the old line has nesterov=True."
    rate = config["learning_rate"]
    if not isinstance(rate, dict):
        if math.isclose(rate, Q4_RATE, rel_tol=1e-5):
            return (f"your learning rate stays {Q4_RATE} for ever, but decay={Q4_DECAY} made Keras 2 shrink "
                    f"it as {Q4_RATE} / (1 + {Q4_DECAY} * step); Keras 3 needs a learning-rate schedule for "
                    "that.")
        return f"your learning rate is {rate:g}; the old line starts at lr={Q4_RATE}."
    schedule = keras.optimizers.schedules.deserialize(rate)
    for step in (0, 1_000, 10_000, 100_000):
        got = float(keras.ops.convert_to_numpy(schedule(step)))
        wanted = Q4_RATE / (1 + Q4_DECAY * step)
        if not math.isclose(got, wanted, rel_tol=1e-4):
            return (f"at step {step:,} your schedule gives a learning rate of {got:.5g}; the old decay "
                    f"gives {Q4_RATE} / (1 + {Q4_DECAY} * {step:,}) = {wanted:.5g}.")
    return None


# ---- q5: a network that does not learn, diagnosed from its outputs -------------------------------

def stuck_model():
    """The race's digit MLP compiled wrongly: raw scores (no softmax) fed to a loss that wants probabilities.

    64 -> Dense(32, relu) -> Dense(10) with no activation, and sparse_categorical_crossentropy with
    from_logits=False. Trained, its loss soon sits at ln(10) and its accuracy stays flat.
    """
    model = keras.Sequential([
        keras.Input(shape=(64,)),
        keras.layers.Dense(32, activation="relu", name="hidden",
                           kernel_initializer=keras.initializers.GlorotUniform(Q5_SEED)),
        keras.layers.Dense(10, name="scores",
                           kernel_initializer=keras.initializers.GlorotUniform(Q5_SEED + 1)),
    ], name="stuck")
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model


def _from_logits(loss) -> bool:
    """Whether a compiled loss takes raw scores (from_logits=True); a loss named by a string does not."""
    get_config = getattr(loss, "get_config", None)
    return bool(get_config().get("from_logits", False)) if callable(get_config) else False


def _unstuck(model) -> str | None:
    problem = need_model(model) or need_built(model)
    if problem:
        return problem
    if tuple(model.inputs[0].shape[1:]) != (64,) or tuple(model.outputs[0].shape[1:]) != (10,):
        return (f"your model takes {tuple(model.inputs[0].shape[1:])} and gives "
                f"{tuple(model.outputs[0].shape[1:])}; the stuck network takes 64 pixels and gives 10 "
                "outputs, one per digit. Repair that network, do not build another.")
    if model.count_params() != Q5_PARAMETERS:
        return (f"your model has {model.count_params():,} parameters, the stuck network "
                f"{Q5_PARAMETERS:,}: keep its two Dense layers, Dense(32, relu) and Dense(10). Nothing is "
                "wrong with its size; what is wrong is how its outputs and its loss fit together.")
    if not model.compiled:
        return "your model is not compiled: compile it with the loss that fits its outputs."
    name = _loss_name(model.loss)
    if "sparse_categorical_crossentropy" not in name:
        return (f"your loss is {name!r}; the labels are the integers 0 to 9, so the loss stays "
                "sparse_categorical_crossentropy. What must change is how the outputs and the loss fit "
                "together.")
    outputs = as_float_array(model(digits_split()[2][:50]))
    probabilities = bool(np.all(outputs >= 0) and np.allclose(outputs.sum(axis=-1), 1.0, atol=1e-3))
    from_logits = _from_logits(model.loss)
    if not probabilities and not from_logits:
        return ("the last layer's outputs are raw scores (kt.activations shows negative numbers, and rows "
                "that do not add up to 1), but the loss takes them for probabilities (from_logits=False). "
                "End the network with activation='softmax', or tell the loss that it gets scores: "
                "keras.losses.SparseCategoricalCrossentropy(from_logits=True).")
    if probabilities and from_logits:
        return ("your outputs are already probabilities (a softmax), and the loss applies a softmax again "
                "(from_logits=True): do one or the other, not both.")
    copy = keras.models.clone_model(model)
    copy.set_weights(stuck_model().get_weights())
    copy.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss=model.loss)
    x_train, y_train, x_held, y_held = digits_split()
    copy.fit(x_train, y_train, epochs=Q5_EPOCHS, batch_size=32, shuffle=False, verbose=0)
    accuracy = float(np.mean(np.argmax(keras.ops.convert_to_numpy(copy(x_held)), axis=-1) == y_held))
    if accuracy < Q5_TARGET:
        return (f"trained {Q5_EPOCHS} epochs from the stuck network's starting weights, your version gets "
                f"{accuracy:.0%} of the held-out digits right, {Q5_TARGET:.0%} needed: the outputs and the "
                "loss fit, but something else holds it back.")
    return None


# ---- q6: the learning rate and epoch of the lowest validation loss, from runs compared -------------

def _run_name(rate: float) -> str:
    return f"lr={rate:g}"


@cache
def _learning_rate_histories() -> tuple[tuple[str, tuple[tuple[str, tuple[float, ...]], ...]], ...]:
    """Adam at each of ``Q6_RATES`` on the digits split, one seeded start for all; trained once, kept."""
    x_train, y_train, x_held, y_held = digits_split()
    runs = []
    for rate in Q6_RATES:
        model = digits_model()
        model.compile(optimizer=keras.optimizers.Adam(learning_rate=rate),
                      loss="sparse_categorical_crossentropy", metrics=["accuracy"])
        history = model.fit(x_train, y_train, validation_data=(x_held, y_held), epochs=Q6_EPOCHS,
                            batch_size=Q6_BATCH_SIZE, shuffle=False, verbose=0).history
        runs.append((_run_name(rate), tuple((key, tuple(float(v) for v in values))
                                            for key, values in history.items())))
    return tuple(runs)


def learning_rate_runs() -> dict[str, dict[str, list[float]]]:
    """The runs exercise 6 asks about, as ``History.history`` dicts named ``lr=0.003``...: the race's digit
    network trained with Adam at each learning rate of ``Q6_RATES`` (one start for all, validation on the
    held-out 20%). Trained on the first call (some seconds), then the same runs every time."""
    return {name: {key: list(values) for key, values in history}
            for name, history in _learning_rate_histories()}


def _rate_and_epoch(answer) -> tuple[float, int] | str:
    """The answer as (a learning rate of the runs, an epoch), or a sentence saying what is wrong with it."""
    example = f"({Q6_RATES[0]}, 4)"
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        return (f"give two things in a pair, (learning_rate, epoch), such as {example}: the learning rate of "
                "the run whose validation loss got lower, and the epoch where it did.")
    rate, epoch = answer
    if isinstance(rate, str) and rate in map(_run_name, Q6_RATES):
        rate = Q6_RATES[[_run_name(r) for r in Q6_RATES].index(rate)]
    if isinstance(rate, bool) or not isinstance(rate, numbers.Real):
        return f"the first item is the learning rate, a number such as {Q6_RATES[0]}; you gave {rate!r}."
    matches = [r for r in Q6_RATES if math.isclose(float(rate), r, rel_tol=1e-6)]
    if not matches:
        return (f"no run used learning_rate={float(rate):g}; the runs compared used "
                f"{', '.join(f'{r:g}' for r in Q6_RATES)}.")
    if isinstance(epoch, bool) or not isinstance(epoch, numbers.Integral):
        return f"the second item is an epoch, a whole number from 1 to {Q6_EPOCHS}; you gave {epoch!r}."
    if not 1 <= int(epoch) <= Q6_EPOCHS:
        return (f"epoch {int(epoch)} is not one of the runs' epochs: kt.compare counts them from 1 to "
                f"{Q6_EPOCHS}, as LivePlot does.")
    return matches[0], int(epoch)


def _lowest_validation_loss(answer) -> str | None:
    parsed = _rate_and_epoch(answer)
    if isinstance(parsed, str):
        return parsed
    rate, epoch = parsed
    runs = learning_rate_runs()
    lowest = {name: float(np.nanmin(run["val_loss"])) for name, run in runs.items()}
    winner = min(lowest, key=lowest.get)
    name, run = _run_name(rate), runs[_run_name(rate)]
    best = int(np.nanargmin(run["val_loss"])) + 1
    if name != winner:
        return (f"{name}'s validation loss is lowest at epoch {best}, {lowest[name]:.3f}; the other run gets "
                "lower. Compare the dashed curves, or the best values in brackets in the val_loss column.")
    value = run["val_loss"][epoch - 1]
    if value <= lowest[name] * (1 + Q6_TOLERANCE):
        return None
    if epoch == Q6_EPOCHS:
        return (f"the right run, but epoch {epoch} is its last: its validation loss ends at {value:.3f}, and "
                "it was lower before. The star on its dashed curve marks the lowest, and the table gives "
                "its epoch after the @.")
    return (f"the right run, but at epoch {epoch} its validation loss is {value:.3f}, above its lowest. The "
            "star on its dashed curve marks the lowest, and the table gives its epoch after the @.")


q1 = Problem(
    LESSON, "q1",
    "Write a function my_crossentropy(y_true, y_pred) that returns the categorical cross-entropy of "
    "one-hot labels and predicted probabilities, one value per sample, as "
    "keras.losses.categorical_crossentropy does.",
    _my_crossentropy,
    hints=["Per sample: minus the sum over the classes of y_true times the log of y_pred.",
           "np.log(y_pred) is an array of the same shape; multiply by y_true and sum with axis=-1.",
           "return -np.sum(y_true * np.log(y_pred), axis=-1)"],
    solution="""def my_crossentropy(y_true, y_pred):
    return -np.sum(y_true * np.log(y_pred), axis=-1)

ex.q1.check(my_crossentropy)""",
)

q2 = Problem(
    LESSON, "q2",
    "Compile binary_model (2 features in, one sigmoid probability out, labels 0 or 1) with the right loss, "
    "an optimizer, and a metric that reports the share of right answers.",
    _compiled_for_binary,
    hints=["One probability per sample and labels 0/1: which cross-entropy is made for two classes?",
           "loss='binary_crossentropy'; for the metric, 'accuracy' makes Keras pick binary accuracy here.",
           "binary_model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])"],
    solution="""binary_model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
ex.q2.check(binary_model)""",
)

q3 = Problem(
    LESSON, "q3",
    f"Choose an optimizer and learning rate so that the lesson's digit MLP (64 -> Dense(32, relu) -> "
    f"Dense(10, softmax)), trained {Q3_EPOCHS} epochs with batch size {Q3_BATCH_SIZE} on x_train, reaches a "
    f"held-out loss of at most {Q3_TARGET}. The check trains a fresh copy with your optimizer.",
    _trains_fast_enough,
    hints=["Look at the comparison table: which optimizers got the validation loss down quickly?",
           "The default learning rates are small; 3 epochs are few. A 10 times larger learning rate helps.",
           "keras.optimizers.Adam(learning_rate=0.01), or SGD(learning_rate=0.1, momentum=0.9)."],
    solution="""optimizer = keras.optimizers.Adam(learning_rate=0.01)
ex.q3.check(optimizer)""",
)

q4 = Problem(
    LESSON, "q4",
    f"Write the Keras 2 line SGD(lr={Q4_RATE}, momentum={Q4_MOMENTUM}, decay={Q4_DECAY}, nesterov=True) for "
    "Keras 3: the same optimizer, with a learning rate that decays as it did.",
    _modernised,
    hints=["lr= became learning_rate=; decay= is gone, its job is done by a learning-rate schedule.",
           "Keras 2 used lr / (1 + decay * step): keras.optimizers.schedules.InverseTimeDecay computes "
           "initial_learning_rate / (1 + decay_rate * step / decay_steps).",
           f"InverseTimeDecay(initial_learning_rate={Q4_RATE}, decay_steps=1, decay_rate={Q4_DECAY}), "
           "passed as learning_rate= to keras.optimizers.SGD."],
    solution=f"""schedule = keras.optimizers.schedules.InverseTimeDecay(
    initial_learning_rate={Q4_RATE}, decay_steps=1, decay_rate={Q4_DECAY})
modern = keras.optimizers.SGD(learning_rate=schedule, momentum={Q4_MOMENTUM}, nesterov=True)
ex.q4.check(modern)""",
)

q5 = Problem(
    LESSON, "q5",
    "stuck = ex.stuck_model() is the race's digit network, compiled by someone in a hurry: trained, its loss "
    "soon sits at 2.303 (ln 10) and its accuracy stays flat, far below the race's. Find out why with "
    "kt.activations on a few digits, "
    "then build and compile `unstuck`: the same two Dense layers, repaired so that it learns. The check "
    f"trains it {Q5_EPOCHS} epochs from the stuck network's starting weights and needs {Q5_TARGET:.0%} of "
    "the held-out digits right.",
    _unstuck,
    hints=["kt.activations(stuck, x_val[:3])['scores']: are these probabilities? Negative numbers? Do the "
           "rows add up to 1?",
           "sparse_categorical_crossentropy takes its inputs for probabilities unless it is told "
           "from_logits=True. Raw scores clipped into (0, 1) give no gradient, so nothing moves.",
           "Either Dense(10, activation='softmax') with loss='sparse_categorical_crossentropy', or Dense(10) "
           "with keras.losses.SparseCategoricalCrossentropy(from_logits=True)."],
    solution="""unstuck = keras.Sequential([
    keras.Input(shape=(64,)),
    keras.layers.Dense(32, activation="relu"),
    keras.layers.Dense(10),                                   # raw scores, as in the stuck network ...
])
unstuck.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01),
                loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),   # ... and a loss told so
                metrics=["accuracy"])
ex.q5.check(unstuck)""",
)

q6 = Problem(
    LESSON, "q6",
    f"lr_runs = ex.learning_rate_runs() holds {len(Q6_RATES)} runs of the race's digit network trained with "
    f"Adam at learning rates {', '.join(f'{r:g}' for r in Q6_RATES)}, {Q6_EPOCHS} epochs each. Compare them "
    "with kt.compare(**lr_runs): which learning rate reached the lower validation loss, and at which epoch? "
    "Answer with a pair (learning_rate, epoch), epochs counted from 1.",
    _lowest_validation_loss,
    hints=["Validation loss is the dashed curve. Each run's star marks the epoch of its own lowest; compare "
           "the stars' heights; lr_compared.select(metric='loss') shows the loss panel alone.",
           "The table under the figure gives, per run and series, the final value and in brackets the best "
           "value @ its epoch: read the val_loss column.",
           "lr_compared = kt.compare(**lr_runs); the rows of lr_compared.table with series 'val_loss' hold "
           "'best' and 'best_epoch': take the row with the smallest 'best'."],
    solution="""lr_compared = kt.compare(**lr_runs)
rows = [row for row in lr_compared.table if row["series"] == "val_loss"]
lowest = min(rows, key=lambda row: row["best"])               # its run is named "lr=..."
ex.q6.check((float(lowest["run"].removeprefix("lr=")), lowest["best_epoch"]))""",
)
