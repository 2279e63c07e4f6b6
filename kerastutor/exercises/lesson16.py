"""Exercises for lesson 16, the capstone: build, train, diagnose and save an MNIST model that meets
measured targets; read three runs' curves; find out what a model's mistakes on moved digits come from;
find with ``kt.mistakes`` the mistake an augmented model still makes most often.
"""

from __future__ import annotations

import tempfile
import warnings
import zipfile
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import numpy as np

from .._quiet import import_keras
from .checks import (
    cached_per_draw,
    classification_accuracy,
    held_out_mnist,
    mnist_shape_message,
    need_built,
    need_model,
    on_lesson_data,
    shaped_for,
)
from .core import Problem

keras = import_keras()

LESSON = "16_capstone"
TITLE = "Capstone: a model that meets its targets"

SEED = 16
# The moved test digits: each turned by up to MAX_DEGREES and shifted by up to MAX_PIXELS both ways.
MAX_DEGREES, MAX_PIXELS = 20.0, 3.0
# q1, the capstone's targets, measured by the checker on digits no lesson cell trains on.
CLEAN_TARGET, MOVED_TARGET, MAX_PARAMETERS = 0.97, 0.92, 20_000
# q3: a model must reach this on the held-out digits before its mistakes are worth diagnosing.
TRAINED_ENOUGH = 0.9
# q1: a model this close to chance (0.1) was most likely saved untrained.
CHANCE_LIKE = 0.2
# q3: below this gap in accuracy, shifts and rotations cost the model about the same.
CLEAR_GAP = 0.01
SHIFTS, ROTATIONS = "shifts", "rotations"
MOVES = (SHIFTS, ROTATIONS)


def shift_and_rotate(images, *, degrees: float = MAX_DEGREES, pixels: float = MAX_PIXELS,
                     seed: int = SEED) -> np.ndarray:
    """Each image turned about its centre by a random angle in [-degrees, degrees] and shifted by
    random amounts in [-pixels, pixels] across and down (black fills the uncovered corners).

    The same ``seed`` gives the same moves, so this is a fixed test set, not an augmentation."""
    images = np.asarray(images, dtype="float32")
    count, height, width = images.shape[:3]
    rng = np.random.default_rng(seed)
    angle = np.deg2rad(rng.uniform(-degrees, degrees, count))
    across, down = rng.uniform(-pixels, pixels, (2, count))
    cos, sin = np.cos(angle), np.sin(angle)
    centre_x, centre_y = (width - 1) / 2, (height - 1) / 2
    # output pixel (x, y) reads the input at the inverse move: rotate back about the centre, unshift
    offset_x = centre_x - cos * (centre_x + across) - sin * (centre_y + down)
    offset_y = centre_y + sin * (centre_x + across) - cos * (centre_y + down)
    transforms = np.stack([cos, sin, offset_x, -sin, cos, offset_y, np.zeros(count), np.zeros(count)], axis=1)
    moved = keras.ops.image.affine_transform(images.reshape(count, height, width, 1),
                                             transforms.astype("float32"), interpolation="bilinear",
                                             fill_mode="constant")
    return keras.ops.convert_to_numpy(moved).reshape(images.shape)


# q2: three real training runs on MNIST digits, each with its own problem (which is for the learner to find).
RUN_EPOCHS = 12
RUN_SETTINGS = {  # name -> (training digits, hidden units, optimizer, learning rate, batch size)
    "A": (1000, 64, "sgd", 0.01, 100),
    "B": (300, 256, "adam", 0.002, 50),
    "C": (1000, 1, "adam", 0.01, 100),
}
UNDER_FITS, OVER_FITS, FITS = "under-fits", "over-fits", "fits"
TRAIN_LONGER, BIGGER_MODEL, REGULARIZE, KEEP = "train longer", "bigger model", "regularize", "keep it"
DIAGNOSES = (UNDER_FITS, OVER_FITS, FITS)
FIXES = (TRAIN_LONGER, BIGGER_MODEL, REGULARIZE, KEEP)
# q2: how the curves are read. A model under-fits when it cannot reach this on its own training digits;
# it is still learning when its training accuracy rose by more than STILL_LEARNING over the last LAST_EPOCHS.
FITTED_ACCURACY, STILL_LEARNING, LAST_EPOCHS = 0.9, 0.05, 5
# q2: a model over-fits when its training accuracy beats its validation accuracy by this much.
OVERFIT_GAP = 0.05

_histories: dict[str, dict[str, list[float]]] = {}


@cache
def _run_digits() -> tuple[np.ndarray, ...]:
    """Flattened training digits of the shipped MNIST, and the last 500 of them kept for validation."""
    from ..datasets import shipped_mnist

    (x, y), _ = shipped_mnist()
    x = x.reshape(len(x), 784).astype("float32") / 255.0
    return x[:-500], y[:-500], x[-500:], y[-500:]


def mystery_run(name: str, callbacks: Sequence = ()):
    """Train run ``name`` ("A", "B" or "C") from scratch, the same way every time; returns its
    ``keras.callbacks.History``.

    Pass ``callbacks=[kt.LivePlot()]`` to watch it. The runs differ in their data, model and optimizer."""
    if name not in RUN_SETTINGS:
        raise ValueError(f"there is no run {name!r}: the runs are {', '.join(RUN_SETTINGS)}.")
    digits, units, optimizer, rate, batch = RUN_SETTINGS[name]
    x, y, x_val, y_val = _run_digits()
    seeded = keras.initializers.GlorotUniform
    model = keras.Sequential([
        keras.Input(shape=(784,)),
        keras.layers.Dense(units, activation="relu", kernel_initializer=seeded(seed=SEED)),
        keras.layers.Dense(10, activation="softmax", kernel_initializer=seeded(seed=SEED + 1)),
    ], name=f"run_{name}")
    chosen = keras.optimizers.SGD(rate) if optimizer == "sgd" else keras.optimizers.Adam(rate)
    model.compile(optimizer=chosen, loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(x[:digits], y[:digits], validation_data=(x_val, y_val), epochs=RUN_EPOCHS,
                        batch_size=batch, shuffle=False, verbose=0, callbacks=list(callbacks))
    if len(history.epoch) == RUN_EPOCHS:  # the whole run, so the checker can read it instead of training it
        _histories[name] = {key: [float(v) for v in values] for key, values in history.history.items()}
    return history


def _run_history(name: str) -> dict[str, list[float]]:
    """The run's per-epoch logs (trained here if the learner has not run it yet)."""
    if name not in _histories:
        mystery_run(name)
    return _histories[name]


def _accuracy_gain(history: dict[str, list[float]]) -> float:
    """How much the training accuracy rose over the last LAST_EPOCHS epochs."""
    return history["accuracy"][-1] - history["accuracy"][-LAST_EPOCHS - 1]


def verdict(history: dict[str, list[float]]) -> tuple[str, str]:
    """(diagnosis, fix) read from a run's curves, by the rules the lesson teaches."""
    accuracy, val_accuracy = history["accuracy"][-1], history["val_accuracy"][-1]
    if accuracy < FITTED_ACCURACY:
        return UNDER_FITS, TRAIN_LONGER if _accuracy_gain(history) > STILL_LEARNING else BIGGER_MODEL
    best = int(np.argmin(history["val_loss"]))
    if accuracy - val_accuracy >= OVERFIT_GAP and best < len(history["val_loss"]) - 1:
        return OVER_FITS, REGULARIZE
    return FITS, KEEP


def _evidence(history: dict[str, list[float]]) -> str:
    """What run ``name``'s curves show, in numbers (without the verdict)."""
    epochs = len(history["loss"])
    best = int(np.argmin(history["val_loss"]))
    return (f"its training accuracy ends at {history['accuracy'][-1]:.3f} and its validation accuracy at "
            f"{history['val_accuracy'][-1]:.3f}; its val_loss is lowest at epoch {best + 1} of {epochs}; "
            f"its training accuracy went from {history['accuracy'][-LAST_EPOCHS - 1]:.3f} to "
            f"{history['accuracy'][-1]:.3f} over the last {LAST_EPOCHS} epochs")


_VERBS = {UNDER_FITS: "under-fit", OVER_FITS: "over-fit", FITS: "fit well"}


def _choice(value: object, choices: tuple[str, ...]) -> str | None:
    """``value`` as one of ``choices``, or None. Case, spaces, hyphens and underscores do not matter, nor
    the ending: "Under-fitting", "underfit" and "under-fits" all name UNDER_FITS."""
    if not isinstance(value, str):
        return None

    def plain(text: str) -> str:
        text = "".join(c for c in text.lower() if c.isalnum())
        for ending in ("ting", "s"):
            text = text.removesuffix(ending)
        return text

    return {plain(choice): choice for choice in choices}.get(plain(value))


def _reads_the_curves(answer) -> str | None:
    names = ", ".join(f"{name!r}" for name in RUN_SETTINGS)
    example = "{'A': ('under-fits', 'train longer'), ...}"
    if not isinstance(answer, dict):
        return (f"expected a dict from run name to (diagnosis, fix), such as {example}; "
                f"got {type(answer).__name__}.")
    keys = {str(key).upper(): value for key, value in answer.items()}
    missing = [name for name in RUN_SETTINGS if name not in keys]
    if missing or len(keys) != len(RUN_SETTINGS):
        return f"give one entry for each run, {names}; your dict has the keys {sorted(map(str, answer))}."
    for name in RUN_SETTINGS:
        value = keys[name]
        if not isinstance(value, (tuple, list)) or len(value) != 2:
            return f"run {name}: expected a pair (diagnosis, fix), such as ('over-fits', 'regularize')."
        diagnosis, fix = _choice(value[0], DIAGNOSES), _choice(value[1], FIXES)
        if diagnosis is None:
            return f"run {name}: {value[0]!r} is not a diagnosis; choose one of {', '.join(DIAGNOSES)}."
        if fix is None:
            return f"run {name}: {value[1]!r} is not one of the fixes: {', '.join(FIXES)}."
        history = _run_history(name)
        right_diagnosis, right_fix = verdict(history)
        if diagnosis != right_diagnosis:
            return (f"run {name} does not {_VERBS[diagnosis]}: {_evidence(history)}. Look at its curves "
                    "again: compare the training and validation curves, then their last epochs.")
        if fix != right_fix:
            return (f"run {name} does {_VERBS[diagnosis]}, but {fix!r} is not the fix its curves ask for: "
                    f"{_evidence(history)}.")
    return None


def _file_problem(path: Path) -> str | None:
    """A sentence when ``path`` is not a .keras file that exists, else None."""
    if path.name.endswith(".weights.h5"):
        return (f"{path.name} holds only weights (save_weights): the checker needs the whole model, saved "
                "with "
                "model.save('capstone.keras').")
    if path.suffix in (".h5", ".hdf5"):
        return (f"{path.name} is a legacy HDF5 file: save the model in the Keras format, "
                "model.save('capstone.keras').")
    if path.suffix != ".keras":
        return f"the file name {path.name!r} should end in .keras: model.save('capstone.keras')."
    if not path.is_file():
        return (f"there is no file at {path}: save your model there first, model.save({str(path)!r}), "
                "in the notebook's folder.")
    if not zipfile.is_zipfile(path):  # a .keras file is a zip archive; Keras would say "File not found"
        return (f"{path} is empty or damaged (a .keras file is a zip archive, and this one is not): save the "
                f"model again, model.save({str(path)!r}), and let the cell finish before checking.")
    return None


def _load(path: Path):
    """The model in ``path``, loaded the way the checker always loads (safe_mode on); or a sentence."""
    try:
        with warnings.catch_warnings():  # e.g. an untrained model's optimizer state that is skipped
            warnings.simplefilter("ignore")
            return keras.saving.load_model(path, safe_mode=True)
    except Exception as error:  # noqa: BLE001  (any load failure is the learner's to fix, in words)
        first = str(error).strip().splitlines()[0][:200] if str(error).strip() else type(error).__name__
        return (f"keras.saving.load_model could not load {path.name} with safe_mode=True: {first}. A Lambda "
                "layer cannot be loaded safely: use built-in layers, or a registered layer class "
                "(lesson 13).")


def _submitted_model(answer):
    """The model to grade: loaded from the learner's .keras file (a model passed directly goes through
    a temporary .keras file first), or a sentence saying what is wrong."""
    if isinstance(answer, keras.Model):
        problem = need_built(answer)
        if problem:
            return problem
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "capstone.keras"
            answer.save(path)
            return _load(path)
    if not isinstance(answer, (str, Path)):
        return (f"expected the path of your saved model (such as 'capstone.keras') or the model itself; "
                f"got {type(answer).__name__}.")
    path = Path(answer)
    return _file_problem(path) or _load(path)


def _largest_layer(model) -> tuple[str, int]:
    """Name and parameter count of the model's layer with the most parameters."""
    layer = max(model.layers, key=lambda item: item.count_params())
    return layer.name, layer.count_params()


def scorecard(model) -> dict[str, float]:
    """What q1 measures: accuracy on the 2,000 held-out digits, on the same digits moved by
    ``shift_and_rotate``, and the number of parameters."""
    x, labels = held_out_mnist()
    return {"clean": classification_accuracy(model, shaped_for(model, x), labels),
            "moved": classification_accuracy(model, shaped_for(model, _moved_held_out()), labels),
            "parameters": model.count_params()}


@cached_per_draw
def _moved_held_out() -> np.ndarray:
    return shift_and_rotate(held_out_mnist()[0])


def moved_digits() -> tuple[np.ndarray, np.ndarray]:
    """The digits q1 and q4 measure on: the 2,000 held-out test digits moved by ``shift_and_rotate``,
    shaped ``(2000, 28, 28, 1)`` in [0, 1], and their labels."""
    return _moved_held_out()[..., None].copy(), held_out_mnist()[1].copy()


def _meets_the_targets(answer) -> str | None:
    model = _submitted_model(answer)
    if isinstance(model, str):
        return model
    problem = need_model(model) or need_built(model)
    if problem:
        return problem
    problem = mnist_shape_message(model, suggested=(28, 28, 1))
    if problem:
        return problem
    outputs = tuple(model.outputs[0].shape[1:])
    if outputs != (10,):
        return f"your model outputs {outputs} per digit; it should output 10 class scores, Dense(10, ...)."
    score = scorecard(model)
    clean, moved, parameters = score["clean"], score["moved"], score["parameters"]
    layer, most = _largest_layer(model)
    results = [  # (met, what was measured, what to try when it is missed)
        (clean >= CLEAN_TARGET,
         f"Accuracy on the 2,000 held-out digits {clean:.3f} (target {CLEAN_TARGET:.2f})",
         "held-out digits: train longer, or give the model more filters" if clean >= CHANCE_LIKE else
         "held-out digits: that is chance level, as if the model was saved before it was trained"),
        (moved >= MOVED_TARGET,
         f"on the same digits shifted and rotated {moved:.3f} (target {MOVED_TARGET:.2f})",
         "moved digits: let the model see moved digits in training, with RandomTranslation and "
         "RandomRotation layers at its front"),
        (parameters <= MAX_PARAMETERS,
         f"{parameters:,} parameters (budget {MAX_PARAMETERS:,})",
         f"parameters: its largest layer, {layer}, holds {most:,} of them: shrink it, or pool more before "
         "Flatten"),
    ]
    missed = [advice for met, _, advice in results if not met]
    if not missed:
        return None
    report = "; ".join(f"{what}: {'met' if met else 'missed'}" for met, what, _ in results)
    return f"{len(missed)} of {len(results)} targets missed. {report}. To do: {'; '.join(missed)}."


def _moves_that_hurt(answer) -> str | None:
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        return (f"expected a pair (model, 'shifts' or 'rotations'), such as (baseline, 'shifts'); "
                f"got {type(answer).__name__}.")
    model, which = answer
    if isinstance(which, keras.Model):
        model, which = which, model
    problem = need_model(model) or need_built(model)
    if problem:
        return problem
    x, labels = held_out_mnist()
    if shaped_for(model, x) is None:
        return (f"your model takes samples of shape {tuple(model.inputs[0].shape[1:])}; pass the lesson's "
                "baseline, which takes (28, 28, 1).")
    named = _choice(which, MOVES)
    if named is None:
        return f"{which!r} is neither of the two moves: answer 'shifts' or 'rotations'."
    clean = classification_accuracy(model, shaped_for(model, x), labels)
    if clean < TRAINED_ENOUGH:
        return (f"this model reaches only {clean:.3f} on the unmoved held-out digits: pass a trained model, "
                "the lesson's baseline.")
    shifted = classification_accuracy(model, shaped_for(model, shift_and_rotate(x, degrees=0)), labels)
    rotated = classification_accuracy(model, shaped_for(model, shift_and_rotate(x, pixels=0)), labels)
    if abs(shifted - rotated) < CLEAR_GAP:
        return (f"for this model shifts alone and rotations alone cost about the same ({shifted:.3f} against "
                f"{rotated:.3f}): it has already learned from moved digits. Ask about the baseline, which "
                "has "
                "only seen centred, upright digits.")
    worse = SHIFTS if shifted < rotated else ROTATIONS
    if named != worse:
        return (f"measure it before you answer: score the model on shift_and_rotate(x_test, degrees=0) "
                f"(shifts only) and on shift_and_rotate(x_test, pixels=0) (rotations only); {named} are not "
                "the move that costs it more.")
    return None


def _digit(value: object) -> int | None:
    """``value`` as a digit 0-9 (an int, a numpy integer or a one-character string), or None."""
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool) and 0 <= value <= 9:
        return int(value)
    return None


def _moved_confusion(model) -> np.ndarray:
    """The confusion matrix of ``model`` on the moved held-out digits, as ``kt.mistakes`` counts it."""
    from ..confusion.view import mistakes

    labels = held_out_mnist()[1]
    return mistakes(model, shaped_for(model, _moved_held_out()), labels, saliency=None).confusion


@on_lesson_data  # the answer is a count read off the lesson's own moved digits
def _most_confused(answer) -> str | None:
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        return (f"expected a pair (model, (true digit, predicted digit)), such as (improved, (4, 9)); "
                f"got {type(answer).__name__}.")
    model, pair = answer
    if isinstance(pair, keras.Model):
        model, pair = pair, model
    if _digit(model) is not None and _digit(pair) is not None:
        return (f"pass the model with the digits, so that the checker can count its mistakes itself: "
                f"(improved, ({model!r}, {pair!r})).")
    problem = need_model(model) or need_built(model)
    if problem:
        return problem
    if shaped_for(model, held_out_mnist()[0]) is None:
        return (f"your model takes samples of shape {tuple(model.inputs[0].shape[1:])}; pass the lesson's "
                "improved model, which takes (28, 28, 1).")
    digits = (_digit(pair[0]), _digit(pair[1])) if isinstance(pair, (tuple, list)) and len(pair) == 2 \
        else (None, None)
    if None in digits:
        return (f"{pair!r} is not a pair of digits: answer (true digit, predicted digit), such as (4, 9) for "
                "fours read as nines.")
    confusion = _moved_confusion(model)
    accuracy = np.trace(confusion) / confusion.sum()
    if accuracy < MOVED_TARGET:
        return (f"this model reads only {accuracy:.3f} of the moved digits right: ask about the improved "
                "model, the one trained with RandomRotation and RandomTranslation (the lesson already "
                "printed the baseline's mistakes).")
    true, predicted = digits
    if true == predicted:
        return (f"({true}, {predicted}) is a {true} read as a {true}: a right answer, on the diagonal of the "
                "confusion matrix. The mistakes are the counts off the diagonal.")
    wrong = confusion * (1 - np.eye(len(confusion), dtype=confusion.dtype))
    count, most = int(wrong[true, predicted]), int(wrong.max())
    if count == most:
        return None
    if wrong[predicted, true] == most:
        return (f"the other way round: this model reads a {true} as a {predicted} {count} time(s) on the "
                f"moved digits, but a {predicted} as a {true} {most} times. In the confusion matrix the row "
                "is the true digit and the column the prediction.")
    return (f"this model reads a {true} as a {predicted} {count} time(s) on the moved digits; its most "
            f"common mistake happens {most} times. Find the largest count off the diagonal of "
            "kt.mistakes(improved, x, y).confusion.")


q1 = Problem(
    LESSON, "q1",
    f"The capstone: train a model of your own that reaches at least {CLEAN_TARGET:.0%} on the held-out "
    f"digits and at least {MOVED_TARGET:.0%} on the same digits shifted and rotated, with at most "
    f"{MAX_PARAMETERS:,} parameters; save it with model.save('capstone.keras') and check the path.",
    _meets_the_targets,
    hints=["Start from the lesson's improved model: it meets both accuracy targets. Its parameters are "
           "the problem: count them layer by layer (layer.count_params()).",
           "Nearly all of them sit in the Dense layer after Flatten. Remove that hidden Dense layer (Flatten "
           "straight into Dense(10)), or make it much smaller.",
           "Keep the augmentation layers, train 15 epochs with EarlyStopping(restore_best_weights=True), "
           "then model.save('capstone.keras') and ex.q1.check('capstone.keras')."],
    solution="""keras.utils.set_random_seed(1)
capstone = keras.Sequential([
    keras.Input(shape=(28, 28, 1)),
    keras.layers.RandomRotation(20 / 360, fill_mode="constant"),
    keras.layers.RandomTranslation(0.1, 0.1, fill_mode="constant"),
    keras.layers.Conv2D(32, 3, activation="relu"),
    keras.layers.MaxPooling2D(),
    keras.layers.Conv2D(32, 3, activation="relu"),
    keras.layers.MaxPooling2D(),
    keras.layers.Flatten(),
    keras.layers.Dropout(0.3),
    keras.layers.Dense(10, activation="softmax"),
])
capstone.compile(optimizer=keras.optimizers.Adam(0.003), loss="sparse_categorical_crossentropy",
                 metrics=["accuracy"])
stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience=3, restore_best_weights=True)
capstone.fit(x_train, y_train, validation_data=(x_val, y_val), epochs=15, batch_size=128,
             callbacks=[stop], verbose=0)
capstone.save("capstone.keras")
ex.q1.check("capstone.keras")""",
)

q2 = Problem(
    LESSON, "q2",
    "Read the curves of runs A, B and C: for each, say whether it under-fits, over-fits or fits, and choose "
    f"its fix from {', '.join(repr(fix) for fix in FIXES)}; check a dict such as "
    "{'A': ('over-fits', 'regularize'), ...}.",
    _reads_the_curves,
    hints=["A model that under-fits does badly even on its own training digits; one that over-fits does "
           "much better on its training digits than on the validation digits, and its val_loss turns up.",
           "Two runs may have the same diagnosis and still need different fixes: is the training accuracy "
           "still climbing at the end (the run stopped too early), or has it flattened out (the model cannot "
           "do more)?",
           "Read the numbers behind the curves: runs[name].history['accuracy'] and ['val_accuracy'] at the "
           "last epoch, and how much ['accuracy'] rose over the last 5 epochs."],
    solution="""# A: accuracy low but still climbing; B: training far above validation, val_loss turned up;
# C: accuracy low and flat.
diagnosis = {"A": ("under-fits", "train longer"),
             "B": ("over-fits", "regularize"),
             "C": ("under-fits", "bigger model")}
ex.q2.check(diagnosis)""",
)

q3 = Problem(
    LESSON, "q3",
    "Which part of the moved test costs the baseline more accuracy, the shifts or the rotations? Measure it "
    "(shift_and_rotate(x_test, degrees=0) shifts only; pixels=0 rotates only) and check (baseline, "
    "'shifts' or 'rotations').",
    _moves_that_hurt,
    hints=["shift_and_rotate(x_test, degrees=0) keeps the shifts and drops the rotations; "
           "shift_and_rotate(x_test, pixels=0) does the opposite. Score the baseline on each, as the "
           "lesson's scorecard does.",
           "np.mean(baseline.predict(images, verbose=0).argmax(axis=1) == y_test) is an accuracy; "
           "the move with the lower accuracy costs more.",
           "Pass the baseline itself, not the improved model: the improved one has learned both moves."],
    solution="""shifted_only = ex.shift_and_rotate(x_test, degrees=0)
rotated_only = ex.shift_and_rotate(x_test, pixels=0)
for name, images in (("shifts", shifted_only), ("rotations", rotated_only)):
    accuracy = np.mean(baseline.predict(images, verbose=0).argmax(axis=1) == y_test)
    print(f"{name}: {accuracy:.3f}")
ex.q3.check((baseline, "shifts"))""",
)

q4 = Problem(
    LESSON, "q4",
    "After augmentation, which mistake does the improved model still make most often on the moved digits? "
    "Run kt.mistakes(improved, x, y) on the digits the checker uses, x, y = ex.moved_digits(), read its "
    "confusion matrix, and check (improved, (true digit, predicted digit)).",
    _most_confused,
    hints=["kt.mistakes(improved, x, y) shows the confusion matrix; .confusion is the same matrix as a "
           "numpy array, confusion[true, predicted] counts the digits of class true read as predicted.",
           "The right answers are on the diagonal. Zero it, confusion * (1 - np.eye(10, dtype=int)), and "
           "find the largest count left: np.unravel_index(matrix.argmax(), matrix.shape) gives its (row, "
           "column).",
           "The row is the true digit, the column what the model said: (row, column) is the pair to check."],
    solution="""x_check, y_check = ex.moved_digits()
found = kt.mistakes(improved, x_check, y_check)
off_diagonal = found.confusion * (1 - np.eye(10, dtype=int))
true, predicted = np.unravel_index(off_diagonal.argmax(), off_diagonal.shape)
print(f"most common mistake: a {true} read as a {predicted}, {off_diagonal[true, predicted]} times")
ex.q4.check((improved, (int(true), int(predicted))))""",
)
