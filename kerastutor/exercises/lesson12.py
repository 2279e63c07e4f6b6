"""Exercises for lesson 12, callbacks: record the loss, predict where EarlyStopping stops, schedule the
rate, stop at a target, and choose EarlyStopping's patience from a real run's curves.

Every check runs the learner's answer against real Keras: callbacks in a real ``fit`` on data of its
own (small synthetic problems, or the held-out MNIST digits no lesson cell trains on), with seeded
initializers and no shuffling, so the outcome does not depend on the notebook's random state, and the
checks never reseed it; EarlyStopping answers are compared with a real ``keras.callbacks.EarlyStopping``
fed the same validation losses.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from .._quiet import import_keras
from .checks import cached_per_draw, call_answer, check_rng, held_out_mnist, need_function, need_subclass
from .core import Problem

keras = import_keras()

LESSON = "12_callbacks"
TITLE = "Callbacks"

# q1: a short run whose batches are easy to count.
RECORD_EPOCHS, RECORD_BATCH, RECORD_SAMPLES = 4, 64, 256
# q2: validation-loss sequences and patiences the learner's prediction is compared on (Keras decides).
STOPPING_CASES = (
    ((0.9, 0.7, 0.6, 0.65, 0.62, 0.61, 0.64), 3),
    ((1.0, 0.8, 0.8, 0.8, 0.75), 2),            # an equal value is not an improvement
    ((0.5, 0.4, 0.45, 0.3, 0.35, 0.36, 0.37, 0.2), 2),
    ((0.9, 0.8, 0.7, 0.6, 0.5), 2),             # never stops
    ((0.6, 0.7, 0.8, 0.9), 1),
)
# q3: the schedule's starting rate and the epochs it is checked for.
START_RATE, SCHEDULE_EPOCHS, FIT_EPOCHS = 0.1, 10, 6
# q4: the checker's own target accuracy and the cap on training.
ACCURACY_TARGET, ACCURACY_MAX_EPOCHS = 0.85, 20
# q5: a warm restart: SGD at RESTART_BASE_RATE, raised to RESTART_RATE for one epoch (epoch 6, from 1).
RESTART_EPOCHS, RESTART_EPOCH, RESTART_BASE_RATE, RESTART_RATE = 24, 5, 0.3, 0.9


def _expected_rate(epoch: int) -> float:
    """0.1 halved every 2 epochs: 0.1, 0.1, 0.05, 0.05, 0.025, ..."""
    return START_RATE * 0.5 ** (epoch // 2)


@cached_per_draw
def _recording_data() -> tuple[np.ndarray, ...]:
    """A small two-class problem with a validation split (q1)."""
    rng = check_rng(1201)
    x = rng.normal(size=(RECORD_SAMPLES + 128, 8)).astype("float32")
    y = (x[:, 0] + x[:, 1] > 0).astype("float32")
    return x[:RECORD_SAMPLES], y[:RECORD_SAMPLES], x[RECORD_SAMPLES:], y[RECORD_SAMPLES:]


@cached_per_draw
def _accuracy_data() -> tuple[np.ndarray, np.ndarray]:
    """A two-feature linear rule that plain SGD learns over several epochs (q4)."""
    rng = check_rng(1204)
    x = rng.normal(size=(400, 2)).astype("float32")
    return x, (x[:, 0] - x[:, 1] > 0).astype("float32")


def _binary_model(features: int, units: int, optimizer, metrics: list | None = None):
    """A fresh compiled Dense(units, relu) -> Dense(1, sigmoid) model with seeded initial weights."""
    seeded = keras.initializers.GlorotUniform
    model = keras.Sequential([
        keras.Input(shape=(features,)),
        keras.layers.Dense(units, activation="relu", kernel_initializer=seeded(seed=3)),
        keras.layers.Dense(1, activation="sigmoid", kernel_initializer=seeded(seed=4)),
    ])
    model.compile(optimizer=optimizer, loss="binary_crossentropy", metrics=metrics)
    return model


def _fit(model, callback, x, y, **kwargs) -> tuple[object | None, str | None]:
    """Train with the learner's callback; (history, None), or (None, a sentence) when a log key is missing."""
    logged: set[str] = set()

    class LogKeys(keras.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            logged.update(logs or {})

        def on_epoch_end(self, epoch, logs=None):
            logged.update(logs or {})

    try:
        history = model.fit(x, y, shuffle=False, verbose=0, callbacks=[LogKeys(), callback], **kwargs)
    except KeyError as error:
        keys = ", ".join(repr(k) for k in sorted(logged)) or "'loss'"
        return None, (f"your callback looked up logs[{error.args[0]!r}], which this fit does not log; "
                      f"its logs hold {keys}.")
    return history, None


def _class_answer(answer, name: str, arguments: str) -> str | None:
    """A sentence when ``answer`` is not a Callback subclass (an instance gets its own advice)."""
    return need_subclass(answer, name, "keras.callbacks.Callback",
                         f"pass the class itself ({name}), not an instance of it: the check creates "
                         f"{name}({arguments}) for its own training run.")


def _rounded(values) -> list[float]:
    return [round(float(v), 4) for v in values]


def _records_epoch_losses(answer) -> str | None:
    problem = _class_answer(answer, "LossRecorder", "")
    if problem:
        return problem
    try:
        recorder = answer()
    except TypeError as error:
        return f"LossRecorder() raised TypeError: {error}. The check creates it without arguments."
    x, y, x_val, y_val = _recording_data()
    model = _binary_model(8, 8, keras.optimizers.SGD(learning_rate=0.1))
    history, problem = _fit(model, recorder, x, y, validation_data=(x_val, y_val),
                            epochs=RECORD_EPOCHS, batch_size=RECORD_BATCH)
    if problem:
        return problem
    losses = getattr(recorder, "losses", None)
    if losses is None:
        return ("after training, your callback has no attribute `losses`: create the list with "
                "self.losses = [] in __init__ and append to it in a hook.")
    try:
        values = [float(value) for value in losses]
    except (TypeError, ValueError):
        return f"`losses` should be a list of numbers, got {str(losses)[:80]}."
    expected = history.history["loss"]
    batches = RECORD_SAMPLES // RECORD_BATCH
    if len(values) == RECORD_EPOCHS * batches:
        return (f"`losses` holds {len(values)} values after {RECORD_EPOCHS} epochs of {batches} batches: "
                "one per batch. Record once per epoch, in on_epoch_end.")
    if len(values) != RECORD_EPOCHS:
        return (f"`losses` holds {len(values)} value(s) after {RECORD_EPOCHS} epochs; it should hold one per "
                "epoch, appended in on_epoch_end to a list created once (in __init__).")
    if np.allclose(values, expected, rtol=1e-5):
        return None
    if np.allclose(values, history.history["val_loss"], rtol=1e-5):
        return ("you recorded the validation loss (logs['val_loss']); the task asks for the training loss, "
                "logs['loss'].")
    return f"`losses` is {_rounded(values)}, but History recorded the training losses {_rounded(expected)}."


def early_stopping_run(val_losses, patience: int) -> tuple[int, int]:
    """What a real ``EarlyStopping(monitor="val_loss", patience=patience, restore_best_weights=True)``
    does on these validation losses: (the epoch training stops after, the epoch whose weights it puts
    back), both counted from 1 (the last epoch when it never stops)."""
    holder = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(1)])
    holder.compile(loss="mse")
    holder.stop_training = False
    # restore_best_weights would copy the holder's weights; best_epoch is the epoch it would restore
    early = keras.callbacks.EarlyStopping(monitor="val_loss", patience=patience)
    early.set_model(holder)
    early.on_train_begin()
    last = len(val_losses) - 1
    for epoch, value in enumerate(val_losses):
        early.on_epoch_end(epoch, {"val_loss": float(value)})
        if holder.stop_training:
            last = epoch
            break
    return last + 1, early.best_epoch + 1


def _predicts_early_stopping(answer) -> str | None:
    problem = need_function(answer, "def stopping_epochs(val_losses, patience): ...")
    if problem:
        return problem
    for losses, patience in STOPPING_CASES:
        stops, best = early_stopping_run(losses, patience)
        call = f"stopping_epochs({list(losses)}, {patience})"
        given, problem = call_answer(answer, call, list(losses), patience)
        if problem:
            return problem
        if not (isinstance(given, (tuple, list)) and len(given) == 2):
            return (f"stopping_epochs should return a pair (stop epoch, restored epoch); for {list(losses)} "
                    f"it returned {str(given)[:60]}.")
        try:
            given = (int(given[0]), int(given[1]))
        except (TypeError, ValueError):
            return f"return two epoch numbers (whole numbers counted from 1), got {str(given)[:60]}."
        if given == (stops, best):
            continue
        case = f"with val_loss {list(losses)} and patience={patience}, EarlyStopping"
        if given == (stops - 1, best - 1):
            return (f"{case} stops after epoch {stops} and puts back epoch {best}'s weights; you gave "
                    f"{given}: count epochs from 1, as Keras prints them.")
        if 0.0 in np.diff(losses) and given[0] != stops:
            return (f"{case} stops after epoch {stops}, you said {given[0]}: a value equal to the best so "
                    "far is not an improvement (it must be lower), so it counts as an epoch without one.")
        if given[0] != stops:
            return (f"{case} stops after epoch {stops}, you said {given[0]}: it counts the epochs since the "
                    "last improvement and stops at the end of the epoch where that count reaches patience "
                    "(or runs every epoch if it never does).")
        return (f"{case} stops after epoch {stops} and puts back the weights of epoch {best}, the lowest "
                f"val_loss it saw; you said epoch {given[1]}.")
    return None


def _halves_every_two_epochs(answer) -> str | None:
    if isinstance(answer, keras.callbacks.LearningRateScheduler):
        return ("pass the function itself (halve_every_2), not a LearningRateScheduler: the check wraps it "
                "in one.")
    problem = need_function(answer, "schedule(epoch, lr)", such_as=False)
    if problem:
        return problem
    rate = float(np.float32(START_RATE))  # Keras passes the optimizer's rate as a float32 number
    for epoch in range(SCHEDULE_EPOCHS):
        try:
            new_rate = answer(epoch, rate)
        except TypeError as error:
            return (f"LearningRateScheduler calls your function with two arguments, schedule(epoch, lr); "
                    f"calling it raised TypeError: {error}")
        if isinstance(new_rate, bool) or not isinstance(new_rate, (int, float, np.floating)):
            return (f"for epoch {epoch} your function returned {type(new_rate).__name__} "
                    f"{str(new_rate)[:40]}; return the learning rate as a float.")
        expected = _expected_rate(epoch)
        if not np.isclose(float(new_rate), expected, rtol=1e-5):
            return (f"for epoch {epoch} (called with lr={rate:.6g}) your function returns "
                    f"{float(new_rate):.6g}, but the rate should be {expected:.6g}: starting from "
                    f"{START_RATE}, halve it every 2 epochs (0.1, 0.1, 0.05, 0.05, 0.025, 0.025, ...).")
        rate = float(np.float32(new_rate))
    return _schedule_in_fit(answer)


def _schedule_in_fit(schedule) -> str | None:
    """Run the schedule in a real fit and compare the optimizer's rate after every epoch."""
    rates: list[float] = []
    reader = keras.callbacks.LambdaCallback(
        on_epoch_end=lambda epoch, logs: rates.append(float(model.optimizer.learning_rate.numpy())))
    x, y, _, _ = _recording_data()
    model = _binary_model(8, 8, keras.optimizers.SGD(learning_rate=START_RATE))
    model.fit(x, y, epochs=FIT_EPOCHS, batch_size=len(x), shuffle=False, verbose=0,
              callbacks=[keras.callbacks.LearningRateScheduler(schedule), reader])
    expected = [_expected_rate(epoch) for epoch in range(FIT_EPOCHS)]
    if not np.allclose(rates, expected, rtol=1e-5):
        return (f"in a real fit the optimizer's rate after epochs 1..{FIT_EPOCHS} was {_rounded(rates)}, "
                f"expected {_rounded(expected)}.")
    return None


def _stops_at_target_accuracy(answer) -> str | None:
    problem = _class_answer(answer, "StopAtAccuracy", "target")
    if problem:
        return problem
    try:
        callback = answer(ACCURACY_TARGET)
    except TypeError as error:
        return (f"StopAtAccuracy({ACCURACY_TARGET}) raised TypeError: {error}. Its __init__ should take the "
                "target accuracy: def __init__(self, target).")
    x, y = _accuracy_data()
    model = _binary_model(2, 4, keras.optimizers.SGD(learning_rate=0.02), metrics=["accuracy"])
    history, problem = _fit(model, callback, x, y, epochs=ACCURACY_MAX_EPOCHS, batch_size=100)
    if problem:
        return problem
    accuracies = history.history["accuracy"]
    ran = len(accuracies)
    first = next((epoch for epoch, value in enumerate(accuracies) if value >= ACCURACY_TARGET), None)
    if first is None:
        return (f"training stopped after epoch {ran}, with accuracy {accuracies[-1]:.3f}, below the target "
                f"{ACCURACY_TARGET}: stop only once logs['accuracy'] >= self.target.")
    if ran == first + 1:
        return None
    if ran == ACCURACY_MAX_EPOCHS:
        return (f"training ran all {ACCURACY_MAX_EPOCHS} epochs although the accuracy reached "
                f"{accuracies[first]:.3f} >= {ACCURACY_TARGET} at epoch {first + 1}: in on_epoch_end, set "
                "self.model.stop_training = True when logs['accuracy'] >= self.target.")
    return (f"training stopped after epoch {ran}, but the accuracy first reached the target "
            f"{ACCURACY_TARGET} at epoch {first + 1} ({accuracies[first]:.3f}): stop at the end of that "
            "epoch, comparing with the target given to __init__.")


@cache
def _restart_run() -> dict[str, tuple[float, ...]]:
    """A real run on held-out MNIST digits whose learning rate restarts high for one epoch (q5)."""
    x, y = held_out_mnist()
    seeded = keras.initializers.GlorotUniform
    model = keras.Sequential([
        keras.Input(shape=(28, 28)),
        keras.layers.Flatten(),
        keras.layers.Dense(64, activation="relu", kernel_initializer=seeded(seed=2)),
        keras.layers.Dense(10, activation="softmax", kernel_initializer=seeded(seed=102)),
    ])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=RESTART_BASE_RATE),
                  loss="sparse_categorical_crossentropy")
    restart = keras.callbacks.LearningRateScheduler(
        lambda epoch, lr: RESTART_RATE if epoch == RESTART_EPOCH else RESTART_BASE_RATE)
    history = model.fit(x[:1000], y[:1000], batch_size=50, epochs=RESTART_EPOCHS, shuffle=False,
                        validation_data=(x[1000:1300], y[1000:1300]), validation_batch_size=300,
                        callbacks=[restart], verbose=0)
    return {key: tuple(float(value) for value in history.history[key])
            for key in ("loss", "val_loss", "learning_rate")}


def restart_run() -> dict[str, list[float]]:
    """The curves of q5's run: ``{"loss": [...], "val_loss": [...], "learning_rate": [...]}``, one value
    per epoch. Trains once (a few seconds), then remembered."""
    return {key: list(values) for key, values in _restart_run().items()}


def smallest_patience(val_losses) -> int:
    """The smallest patience with which EarlyStopping reaches, and puts back, the run's lowest val_loss."""
    lowest = int(np.argmin(val_losses)) + 1
    patience = 1
    while early_stopping_run(val_losses, patience)[1] != lowest:
        patience += 1
    return patience


def _chooses_patience(answer) -> str | None:
    if isinstance(answer, bool) or not isinstance(answer, (int, np.integer)):
        return (f"expected a whole number of epochs (the patience), got {type(answer).__name__} "
                f"{str(answer)[:40]}.")
    if answer < 1:
        return f"patience={answer} stops at the first epoch without improvement or before: choose 1 or more."
    val_losses = _restart_run()["val_loss"]
    lowest = int(np.argmin(val_losses)) + 1
    needed = smallest_patience(val_losses)
    stops, kept = early_stopping_run(val_losses, int(answer))
    if kept != lowest:
        return (f"with patience={answer}, EarlyStopping stops after epoch {stops} and puts back epoch "
                f"{kept}'s weights (val_loss {val_losses[kept - 1]:.3f}), but the run reaches its lowest "
                f"val_loss {val_losses[lowest - 1]:.3f} at epoch {lowest}. Count, on the curve, the epochs "
                "the restart kept val_loss above its earlier best.")
    if answer > needed:
        sooner = early_stopping_run(val_losses, needed)[0]
        return (f"patience={answer} keeps epoch {lowest}'s weights and stops after epoch {stops}; a smaller "
                f"patience keeps them too and stops sooner, after epoch {sooner}: choose the smallest that "
                "still reaches the lowest val_loss.")
    return None


q1 = Problem(
    LESSON, "q1",
    "Write a class LossRecorder (a keras.callbacks.Callback) that collects the training loss of every epoch "
    "in a list attribute `losses`; pass the class to the check.",
    _records_epoch_losses,
    hints=["Subclass keras.callbacks.Callback; in __init__, call super().__init__() and create "
           "self.losses = [].",
           "Override on_epoch_end(self, epoch, logs=None): it runs once per epoch, and logs['loss'] is the "
           "epoch's training loss.",
           "def on_epoch_end(self, epoch, logs=None): self.losses.append(logs['loss']); then "
           "ex.q1.check(LossRecorder), the class, not LossRecorder()."],
    solution="""class LossRecorder(keras.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.losses = []

    def on_epoch_end(self, epoch, logs=None):
        self.losses.append(logs["loss"])

ex.q1.check(LossRecorder)""",
)

q2 = Problem(
    LESSON, "q2",
    "Write a function stopping_epochs(val_losses, patience) that returns what "
    "EarlyStopping(monitor='val_loss', patience=patience, restore_best_weights=True) does on these "
    "validation losses (one per epoch): the pair (epoch after which training stops, epoch whose weights it "
    "puts back), counted from 1; the last epoch if it never stops.",
    _predicts_early_stopping,
    hints=["Walk through the losses keeping the best value so far, its epoch, and a count of epochs since "
           "it improved.",
           "A value improves only if it is strictly lower than the best; otherwise the count grows by one, "
           "and training stops at the end of the epoch where the count reaches patience.",
           "for epoch, loss in enumerate(val_losses, start=1): if loss < best: best, best_epoch, wait = "
           "loss, epoch, 0 / else: wait += 1; if wait >= patience: return epoch, best_epoch"],
    solution="""def stopping_epochs(val_losses, patience):
    best, best_epoch, wait = float("inf"), 0, 0
    for epoch, loss in enumerate(val_losses, start=1):
        if loss < best:
            best, best_epoch, wait = loss, epoch, 0
        else:
            wait += 1
            if wait >= patience:
                return epoch, best_epoch
    return len(val_losses), best_epoch

ex.q2.check(stopping_epochs)""",
)

q3 = Problem(
    LESSON, "q3",
    "Write a function halve_every_2(epoch, lr) for LearningRateScheduler that keeps the rate for epochs 0 "
    "and 1, halves it for epochs 2 and 3, halves it again for 4 and 5, and so on.",
    _halves_every_two_epochs,
    hints=["LearningRateScheduler calls schedule(epoch, lr) at the start of every epoch, with the current "
           "rate; return the rate for this epoch.",
           "The rate changes only at the start of epochs 2, 4, 6, ...: when epoch > 0 and epoch % 2 == 0.",
           "return lr * 0.5 if epoch > 0 and epoch % 2 == 0 else lr"],
    solution="""def halve_every_2(epoch, lr):
    if epoch > 0 and epoch % 2 == 0:
        return lr * 0.5
    return lr

ex.q3.check(halve_every_2)""",
)

q4 = Problem(
    LESSON, "q4",
    "Write a class StopAtAccuracy (a keras.callbacks.Callback) whose __init__ takes a target and that stops "
    "training at the end of the first epoch whose training accuracy is at least target; pass the class.",
    _stops_at_target_accuracy,
    hints=["Keep the target: def __init__(self, target): super().__init__(); self.target = target.",
           "In on_epoch_end(self, epoch, logs=None), logs['accuracy'] is the epoch's training accuracy.",
           "if logs['accuracy'] >= self.target: self.model.stop_training = True"],
    solution="""class StopAtAccuracy(keras.callbacks.Callback):
    def __init__(self, target):
        super().__init__()
        self.target = target

    def on_epoch_end(self, epoch, logs=None):
        if logs["accuracy"] >= self.target:
            self.model.stop_training = True

ex.q4.check(StopAtAccuracy)""",
)

q5 = Problem(
    LESSON, "q5",
    "Choose EarlyStopping's patience for the run ex.restart_run() (its learning rate restarts high for one "
    "epoch): the smallest patience with which EarlyStopping(monitor='val_loss', restore_best_weights=True) "
    "ends with the weights of the run's lowest val_loss.",
    _chooses_patience,
    hints=["Plot curves['val_loss'] against the epochs 1, 2, ...: find the lowest point, then the stretch "
           "before it where val_loss stayed above its best so far.",
           "EarlyStopping stops at the end of the epoch where the count of epochs without improvement "
           "reaches patience: to outlast a stretch of n such epochs, patience must be n + 1.",
           "Count, before the lowest val_loss, the longest run of epochs none of which beat the best so "
           "far, and add 1."],
    solution="""val_losses = ex.restart_run()["val_loss"]
best, wait, longest = float("inf"), 0, 0
for loss in val_losses[: int(np.argmin(val_losses)) + 1]:
    if loss < best:
        best, wait = loss, 0
    else:
        wait += 1
        longest = max(longest, wait)
patience = longest + 1
ex.q5.check(patience)""",
)
