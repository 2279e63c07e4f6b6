"""Exercises for lesson 12, callbacks: record the loss, stop early, schedule the rate, stop at a target.

Every check runs the learner's callback in a real ``fit`` on data of its own (small synthetic
problems the lesson never shows), with seeded initializers and no shuffling, so the outcome does
not depend on the notebook's random state, and the checks never reseed it.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from .core import Problem

LESSON = "12_callbacks"
TITLE = "Callbacks"

# q1: a short run whose batches are easy to count.
RECORD_EPOCHS, RECORD_BATCH, RECORD_SAMPLES = 4, 64, 256
# q2: a model that overfits noisy labels within a few epochs; training is capped here.
EARLY_MAX_EPOCHS, EARLY_PATIENCE = 20, 3
# q3: the schedule's starting rate and the epochs it is checked for.
START_RATE, SCHEDULE_EPOCHS, FIT_EPOCHS = 0.1, 10, 6
# q4: the checker's own target accuracy and the cap on training.
ACCURACY_TARGET, ACCURACY_MAX_EPOCHS = 0.85, 20


def _expected_rate(epoch: int) -> float:
    """0.1 halved every 2 epochs: 0.1, 0.1, 0.05, 0.05, 0.025, ..."""
    return START_RATE * 0.5 ** (epoch // 2)


@cache
def _recording_data() -> tuple[np.ndarray, ...]:
    """A small two-class problem with a validation split (q1)."""
    rng = np.random.default_rng(1201)
    x = rng.normal(size=(RECORD_SAMPLES + 128, 8)).astype("float32")
    y = (x[:, 0] + x[:, 1] > 0).astype("float32")
    return x[:RECORD_SAMPLES], y[:RECORD_SAMPLES], x[RECORD_SAMPLES:], y[RECORD_SAMPLES:]


@cache
def _overfitting_data() -> tuple[np.ndarray, ...]:
    """120 training samples with 30% flipped labels and clean validation samples (q2): overfits fast."""
    rng = np.random.default_rng(7)

    def sample(n: int, flip: float) -> tuple[np.ndarray, np.ndarray]:
        x = rng.normal(size=(n, 20)).astype("float32")
        y = (x[:, 0] + 0.5 * x[:, 1] > 0).astype("float32")
        flipped = rng.random(n) < flip
        y[flipped] = 1 - y[flipped]
        return x, y

    return (*sample(120, 0.3), *sample(300, 0.0))


@cache
def _accuracy_data() -> tuple[np.ndarray, np.ndarray]:
    """A two-feature linear rule that plain SGD learns over several epochs (q4)."""
    rng = np.random.default_rng(1204)
    x = rng.normal(size=(400, 2)).astype("float32")
    return x, (x[:, 0] - x[:, 1] > 0).astype("float32")


def _binary_model(features: int, units: int, optimizer, metrics: list | None = None):
    """A fresh compiled Dense(units, relu) -> Dense(1, sigmoid) model with seeded initial weights."""
    import keras

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
    import keras

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
    import keras

    if isinstance(answer, keras.callbacks.Callback):
        return (f"pass the class itself ({name}), not an instance of it: the check creates "
                f"{name}({arguments}) for its own training run.")
    if not (isinstance(answer, type) and issubclass(answer, keras.callbacks.Callback)):
        return (f"expected a class that subclasses keras.callbacks.Callback "
                f"(class {name}(keras.callbacks.Callback): ...), got {type(answer).__name__}.")
    return None


def _rounded(values) -> list[float]:
    return [round(float(v), 4) for v in values]


def _records_epoch_losses(answer) -> str | None:
    import keras

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


def _stops_early_and_restores(answer) -> str | None:
    import keras

    if isinstance(answer, type):
        return "pass an EarlyStopping object, keras.callbacks.EarlyStopping(...), not the class itself."
    if not isinstance(answer, keras.callbacks.EarlyStopping):
        return f"expected a keras.callbacks.EarlyStopping(...) object, got {type(answer).__name__}."
    if answer.monitor != "val_loss":
        return (f"your callback watches {answer.monitor!r}; the task asks to watch the validation loss, "
                "monitor='val_loss'.")
    if answer.mode == "max":
        return "mode='max' treats a larger val_loss as better; leave mode='auto' (or 'min') for a loss."
    x, y, x_val, y_val = _overfitting_data()
    model = _binary_model(20, 64, keras.optimizers.Adam(learning_rate=0.05))
    history, problem = _fit(model, answer, x, y, validation_data=(x_val, y_val),
                            epochs=EARLY_MAX_EPOCHS, batch_size=len(x))
    if problem:
        return problem
    val_losses = history.history["val_loss"]
    ran, best = len(val_losses), int(np.argmin(val_losses))
    if ran == EARLY_MAX_EPOCHS and ran - 1 - best > EARLY_PATIENCE:
        return (f"training ran all {EARLY_MAX_EPOCHS} epochs although val_loss was lowest at epoch "
                f"{best + 1}: stop after {EARLY_PATIENCE} epochs without improvement "
                f"(patience={EARLY_PATIENCE}).")
    waited = ran - 1 - best
    if waited != EARLY_PATIENCE:
        return (f"training stopped after epoch {ran}, {waited} epoch(s) after the best epoch ({best + 1}); "
                f"the task asks to stop after {EARLY_PATIENCE} epochs without improvement "
                f"(patience={EARLY_PATIENCE}, min_delta left at 0).")
    final = float(np.ravel(model.evaluate(x_val, y_val, batch_size=len(x), verbose=0))[0])
    if not np.isclose(final, val_losses[best], rtol=1e-4, atol=1e-6):
        return (f"training stopped at the right time (after epoch {ran}), but the model kept the weights "
                f"of its last epoch (val_loss {final:.4f}) instead of those of its best epoch {best + 1} "
                f"(val_loss {val_losses[best]:.4f}): pass restore_best_weights=True.")
    return None


def _halves_every_two_epochs(answer) -> str | None:
    import keras

    if isinstance(answer, keras.callbacks.LearningRateScheduler):
        return ("pass the function itself (halve_every_2), not a LearningRateScheduler: the check wraps it "
                "in one.")
    if isinstance(answer, type) or not callable(answer):
        return f"expected a function schedule(epoch, lr), got {type(answer).__name__}."
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
    import keras

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
    import keras

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
    "Create an EarlyStopping callback that watches the validation loss, stops once it has not improved for "
    "3 epochs, and leaves the model with the weights of its best epoch.",
    _stops_early_and_restores,
    hints=["keras.callbacks.EarlyStopping(monitor=..., patience=..., ...).",
           "The validation loss is logged as 'val_loss'; 'epochs without improvement' is patience.",
           "keras.callbacks.EarlyStopping(monitor='val_loss', patience=3, restore_best_weights=True)."],
    solution="""early_stopping = keras.callbacks.EarlyStopping(monitor="val_loss", patience=3,
                                               restore_best_weights=True)
ex.q2.check(early_stopping)""",
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
