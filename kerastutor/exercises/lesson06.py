"""Exercises for lesson 06, image preprocessing: rescale, standardize, transform and augment images, and find
the augmentation setting that breaks labels."""

from __future__ import annotations

import numpy as np

from .._quiet import import_keras
from .checks import as_float_array, check_rng, need_function
from .core import Problem

keras = import_keras()

LESSON = "06_image_preprocessing"
TITLE = "Image preprocessing and augmentation"


# q1 · an inverted scanner ----------------------------------------------------------------------

def _inverted_scan_to_mnist(layer) -> str | None:
    if not isinstance(layer, keras.layers.Layer):
        return (f"expected a Keras layer such as keras.layers.Rescaling(...), got {type(layer).__name__}: "
                "a layer can go first in a model and is saved with it.")
    if type(layer).__name__ != "Rescaling":
        return f"expected a keras.layers.Rescaling layer, got {type(layer).__name__}."
    scans = check_rng(6).uniform(0, 255, size=(2, 28, 28, 1)).astype("float32")
    scans[0, 0, 0, 0], scans[0, 0, 1, 0] = 255.0, 0.0  # white paper, black ink
    out = as_float_array(layer(scans))
    if out.shape != scans.shape:
        return f"your layer turned images of shape {scans.shape} into shape {out.shape}."
    if np.allclose(out, 1.0 - scans / 255.0, atol=1e-5):
        return None
    paper, ink = out[0, 0, 0, 0], out[0, 0, 1, 0]
    message = (f"your layer maps the white paper (255) to {paper:.2f} and the black ink (0) to {ink:.2f}; "
               "the model was trained on background 0 and ink 1.")
    if np.allclose(out, scans / 255.0, atol=1e-5):
        return message + (" Scaling by 1 / 255 keeps the digits inverted (paper bright, ink dark): a "
                          "negative scale swaps them.")
    if np.allclose(out, -scans / 255.0, atol=1e-5):
        return message + (" The negative scale swaps paper and ink, but the values are now in [-1, 0]: "
                          "add offset=1.")
    if np.allclose(out, 255.0 - scans, atol=1e-3):
        return message + (" Paper and ink are swapped, but the values still run to 255: scale by -1 / 255, "
                          "not -1.")
    return message + (" Rescaling(scale, offset) returns inputs * scale + offset: which scale and offset "
                      "send 255 to 0 and 0 to 1?")


# q2 · featurewise standardization ---------------------------------------------------------------

def _standardize_data() -> tuple[np.ndarray, np.ndarray]:
    """Training images with very different channels, and a batch that is not like them."""
    rng = check_rng(16)
    means, stds = np.array([10.0, 100.0, 200.0]), np.array([2.0, 20.0, 50.0])
    train = (rng.normal(size=(40, 5, 5, 3)) * stds + means).astype("float32")
    batch = (rng.normal(size=(6, 5, 5, 3)) * stds * 1.5 + means + stds).astype("float32")
    return train, batch


def _standardize_like_generator(function) -> str | None:
    problem = need_function(function, "def standardize(train, batch): ...")
    if problem:
        return problem
    train, batch = _standardize_data()
    train_copy, batch_copy = train.copy(), batch.copy()
    result = function(train_copy, batch_copy)
    if result is None:
        return "your function returned None: return the standardized batch."
    if not np.array_equal(batch_copy, batch) or not np.array_equal(train_copy, train):
        which = "batch" if not np.array_equal(batch_copy, batch) else "train"
        return (f"your function changed the {which} array passed to it; leave its inputs alone "
                "(ImageDataGenerator.standardize works in place, so old code passed it a copy).")
    out = as_float_array(result)
    if out.shape != batch.shape:
        return f"for a batch of shape {batch.shape} your function returned shape {out.shape}."
    mean, std = train.mean(axis=(0, 1, 2)), train.std(axis=(0, 1, 2))
    if np.allclose(out, (batch - mean) / std, rtol=1e-3, atol=1e-3):
        return None
    own = (batch - batch.mean(axis=(0, 1, 2))) / batch.std(axis=(0, 1, 2))
    if np.allclose(out, own, rtol=1e-3, atol=1e-3):
        return ("you used the batch's own mean and standard deviation; they must come from the training "
                "images (that is what fit(train), or Normalization.adapt(train), is for).")
    if np.allclose(out, (batch - train.mean()) / train.std(), rtol=1e-3, atol=1e-3):
        return ("you used one mean and one standard deviation for all channels; featurewise statistics are "
                "kept per channel: average over axes (0, 1, 2), or use Normalization(axis=-1).")
    if np.allclose(out, batch - mean, rtol=1e-3, atol=1e-3):
        return ("the batch is centred on the training mean but not divided by the training standard "
                "deviation (featurewise_std_normalization).")
    channel_means = out.mean(axis=(0, 1, 2)).round(2)
    wanted = ((batch - mean) / std).mean(axis=(0, 1, 2)).round(2)
    return (f"the channel means of your result are {channel_means.tolist()}, expected {wanted.tolist()}: "
            "subtract the training images' per-channel mean, then divide by their per-channel std.")


# q3 · an affine transformation ------------------------------------------------------------------

def _shifted(image: np.ndarray, right: int, down: int) -> np.ndarray:
    """``image`` (batch, rows, columns, channels) moved right/down, uncovered pixels 0."""
    out = np.zeros_like(image)
    rows, columns = image.shape[1:3]
    src_r = slice(max(0, -down), rows - max(0, down))
    dst_r = slice(max(0, down), rows - max(0, -down))
    src_c = slice(max(0, -right), columns - max(0, right))
    dst_c = slice(max(0, right), columns - max(0, -right))
    out[:, dst_r, dst_c] = image[:, src_r, src_c]
    return out


def _three_pixels_right(numbers) -> str | None:
    try:
        transform = np.asarray(numbers, dtype="float32").ravel()
    except (TypeError, ValueError):
        return f"expected 8 numbers (a list or array), got {type(numbers).__name__}."
    if transform.size != 8:
        return (f"you gave {transform.size} numbers; affine_transform takes 8: "
                "[a0, a1, a2, b0, b1, b2, c0, c1].")
    image = check_rng(3).uniform(0.1, 1.0, size=(1, 10, 10, 1)).astype("float32")
    moved = as_float_array(keras.ops.image.affine_transform(
        image, transform[np.newaxis], interpolation="bilinear", fill_mode="constant", fill_value=0.0))
    if np.allclose(moved, _shifted(image, 3, 0), atol=1e-5):
        return None
    for down in range(-4, 5):
        for right in range(-4, 5):
            if np.allclose(moved, _shifted(image, right, down), atol=1e-5):
                return _describe_shift(right, down)
    return ("your numbers do more than shift the image: keep a0, a1, b0, b1 as the identity (1, 0, 0, 1) and "
            "c0, c1 at 0, and choose only the offsets a2 (columns) and b2 (rows).")


def _describe_shift(right: int, down: int) -> str:
    parts = []
    if right:
        parts.append(f"{abs(right)} pixels to the {'right' if right > 0 else 'left'}")
    if down:
        parts.append(f"{abs(down)} pixels {'down' if down > 0 else 'up'}")
    moved = " and ".join(parts) or "nowhere"
    hint = ""
    if right == -3 and not down:
        hint = (" The numbers say where each output pixel READS from: to move the picture right, "
                "output column x must read input column x - 3.")
    elif down:
        hint = " a2 shifts columns (x, left-right), b2 shifts rows (y, up-down)."
    return f"your numbers move the image {moved}; the task asks for 3 pixels to the right.{hint}"


# q4 · augmentation that matches a scanner ------------------------------------------------------

SCANNER_DEGREES, SCANNER_PIXELS, DIGIT_SIZE = 15, 4, 28
WANTED = ("RandomRotation", "RandomTranslation")


def _extent(value) -> tuple[float, bool]:
    """How far a Random* factor reaches either way, and whether it reaches as far both ways."""
    if value is None:
        return 0.0, True
    if isinstance(value, (int, float)):
        return abs(float(value)), True
    low, high = (float(v) for v in value)
    return max(abs(low), abs(high)), bool(np.isclose(-low, high, atol=1e-3))


def _rotation_message(layer) -> str | None:
    reach, symmetric = _extent(layer.get_config()["factor"])
    degrees = reach * 360
    if not symmetric:
        return "your RandomRotation turns further one way than the other; the scanner tilts both ways alike."
    if abs(degrees - SCANNER_DEGREES) <= 0.5:
        return None
    return (f"your RandomRotation turns digits by up to {degrees:g} degrees either way; the scanner tilts "
            f"them by up to {SCANNER_DEGREES}. Its factor is a fraction of a full turn: what part of 360 "
            "degrees is 15?")


def _translation_message(layer) -> str | None:
    config = layer.get_config()
    for argument, direction in (("height_factor", "up and down"), ("width_factor", "left and right")):
        reach, symmetric = _extent(config[argument])
        pixels = reach * DIGIT_SIZE
        if not symmetric:
            return (f"your {argument} shifts further one way than the other; the scanner shifts both ways "
                    "alike.")
        if abs(pixels - SCANNER_PIXELS) > 0.3:
            return (f"your RandomTranslation shifts digits by up to {pixels:.1f} pixels {direction} "
                    f"({argument}={config[argument]!r}); the scanner shifts them by up to {SCANNER_PIXELS} "
                    f"pixels of {DIGIT_SIZE}. Its factors are fractions of the image's size, not pixels.")
    return None


def _scanner_augmentation(pipeline) -> str | None:
    if not isinstance(pipeline, keras.Sequential):
        return f"expected a keras.Sequential([...]) of augmentation layers, got {type(pipeline).__name__}."
    kinds = [type(layer).__name__ for layer in pipeline.layers]
    if "RandomFlip" in kinds:
        return ("your pipeline flips digits: the scanner never does, and a flipped digit is often another "
                "digit or none. Remove the RandomFlip layer.")
    extra = [kind for kind in kinds if kind not in WANTED]
    if extra:
        return (f"the scanner only tilts and shifts digits; remove {', '.join(extra)}: it trains the model "
                "on variations its new digits never have.")
    for kind in WANTED:
        if kinds.count(kind) != 1:
            return f"your pipeline has {kinds.count(kind)} {kind} layers; the scanner needs one."
    layers = {type(layer).__name__: layer for layer in pipeline.layers}
    problem = _rotation_message(layers["RandomRotation"]) or _translation_message(layers["RandomTranslation"])
    if problem:
        return problem
    digits = check_rng(64).uniform(size=(8, DIGIT_SIZE, DIGIT_SIZE, 1)).astype("float32")
    augmented = as_float_array(pipeline(digits, training=True))
    if augmented.shape != digits.shape:
        return f"your pipeline turned digits of shape {digits.shape} into {augmented.shape}."
    if not np.allclose(as_float_array(pipeline(digits, training=False)), digits):
        return ("with training=False your pipeline still changes the digits; augmentation is for training "
                "only.")
    return None


# q5 · which setting turns a 6 into a 9 ----------------------------------------------------------

COLLEAGUE_SETTINGS = {"rotation_range": 180, "width_shift_range": 0.1, "height_shift_range": 0.1,
                      "zoom_range": 0.1, "shear_range": 10}
GEOMETRY = ("rotation_range", "width_shift_range", "height_shift_range", "zoom_range", "shear_range")
SAFE_DEGREES = (5, 30)


def _settings_of(answer) -> dict:
    """The resolved settings of an AugmentPreview, or of a dict of settings."""
    from ..augment.settings import resolve
    from ..augment.view import AugmentPreview

    if isinstance(answer, AugmentPreview):
        return dict(answer.params)
    if isinstance(answer, dict):
        return resolve(answer)
    raise TypeError("expected your augmentation preview (or a dict of its settings), got "
                    f"{type(answer).__name__}")


def _labels_kept(answer) -> str | None:
    from ..augment.settings import resolve

    try:
        settings = _settings_of(answer)
    except TypeError as error:
        return str(error).rstrip(".") + "."
    colleague = resolve(COLLEAGUE_SETTINGS)
    flips = [name for name in ("horizontal_flip", "vertical_flip") if settings[name]]
    if flips:
        return (f"{' and '.join(flips)} is on: a flipped 6 is not a 6 either (two flips make a 180-degree "
                "turn, a 9). Turn flips off.")
    changed = [name for name in GEOMETRY[1:] if settings[name] != colleague[name]]
    rotation = settings["rotation_range"]
    if rotation > SAFE_DEGREES[1]:
        if changed:
            return (f"you changed {', '.join(changed)}, but with rotation_range={rotation:g} the grid still "
                    "shows 6s that read as 9s. Put those back as your colleague had them, and try the "
                    "settings one at a time in the preview.")
        return ("with these settings the preview still turns 6s into 9s. Turn one setting at a time off in "
                "the preview and watch the 6s: which one makes them read as 9s?")
    if changed:
        return (f"the labels are safe now, but you also changed {', '.join(changed)}: a shifted, zoomed or "
                "sheared 6 is still a 6, and those variations help the model (section 7). Keep them as your "
                "colleague had them and change only the setting that breaks the labels.")
    if rotation < SAFE_DEGREES[0]:
        return (f"rotation_range={rotation:g} keeps every 6 a 6, but the model no longer learns tilted "
                f"digits (section 7): keep small rotations, from {SAFE_DEGREES[0]} to {SAFE_DEGREES[1]} "
                "degrees.")
    return None


q1 = Problem(
    LESSON, "q1",
    "A second scanner delivers digits the other way round: white paper is 255 and black ink is 0 (28x28 grey "
    "images, values 0..255). Make one keras.layers.Rescaling layer that turns them into what our model was "
    "trained on: background 0, ink 1, values in [0, 1].",
    _inverted_scan_to_mnist,
    hints=["Rescaling(scale, offset=0.0) returns inputs * scale + offset. Write down where 255 (paper) and 0 "
           "(ink) must go.",
           "0 must become 1, so offset=1. Then 255 * scale + 1 must be 0.",
           "keras.layers.Rescaling(-1 / 255, offset=1)."],
    solution="""scan_to_mnist = keras.layers.Rescaling(-1 / 255, offset=1)
ex.q1.check(scan_to_mnist)""",
)

q2 = Problem(
    LESSON, "q2",
    "Write a function standardize(train, batch) that does what ImageDataGenerator(featurewise_center=True, "
    "featurewise_std_normalization=True) did with fit(train), then standardize(batch): it returns the batch "
    "minus the per-channel mean of the training images, divided by their per-channel standard deviation, "
    "and leaves both arrays unchanged. The check runs it on its own random images.",
    _standardize_like_generator,
    hints=["The statistics come from train, one mean and one standard deviation per channel (last axis).",
           "keras.layers.Normalization(axis=-1): adapt(train) measures them, calling the layer applies them. "
           "Or with numpy: train.mean(axis=(0, 1, 2)) and train.std(axis=(0, 1, 2)).",
           "layer = keras.layers.Normalization(axis=-1); layer.adapt(train); "
           "return keras.ops.convert_to_numpy(layer(batch))."],
    solution="""def standardize(train, batch):
    layer = keras.layers.Normalization(axis=-1)
    layer.adapt(train)
    return keras.ops.convert_to_numpy(layer(batch))


ex.q2.check(standardize)""",
)

q3 = Problem(
    LESSON, "q3",
    "Give the 8 numbers [a0, a1, a2, b0, b1, b2, c0, c1] for keras.ops.image.affine_transform that move "
    "an image 3 pixels to the right, and change nothing else.",
    _three_pixels_right,
    hints=["For each output pixel (x, y), affine_transform reads the input at "
           "(a0*x + a1*y + a2, b0*x + b1*y + b2). Start from the identity [1, 0, 0, 0, 1, 0, 0, 0].",
           "Only a2 changes. Output column x should show what input column x - 3 held.",
           "[1, 0, -3, 0, 1, 0, 0, 0]."],
    solution="""shift_right = [1, 0, -3, 0, 1, 0, 0, 0]
ex.q3.check(shift_right)""",
)

q4 = Problem(
    LESSON, "q4",
    "The digits your model will meet come from a scanner that tilts them by up to 15 degrees either way and "
    "shifts them by up to 4 pixels (of 28) up, down, left or right. Build a keras.Sequential augmentation "
    "pipeline that trains the model on exactly that range of variation: a RandomRotation and a "
    "RandomTranslation, nothing else.",
    _scanner_augmentation,
    hints=["Keras's factors are not in degrees or pixels: RandomRotation's factor is a fraction of a full "
           "turn, RandomTranslation's height_factor and width_factor are fractions of the image's height and "
           "width.",
           "15 degrees is 15 / 360 of a turn; 4 pixels of a 28-pixel digit is 4 / 28 of its size.",
           "keras.Sequential([keras.layers.RandomRotation(15 / 360), keras.layers.RandomTranslation(4 / 28, "
           "4 / 28)]); fill_mode='constant' fills the uncovered border with background 0."],
    solution="""scanner_augmentation = keras.Sequential([
    keras.layers.RandomRotation(15 / 360, fill_mode="constant", seed=1),
    keras.layers.RandomTranslation(4 / 28, 4 / 28, fill_mode="constant", seed=2),
])
ex.q4.check(scanner_augmentation)""",
)

q5 = Problem(
    LESSON, "q5",
    "A colleague trained on digits augmented with ex.COLLEAGUE_SETTINGS, and the model now mixes up 6s and "
    "9s. Show some 6s and 9s in kt.augment_preview with those settings, find the one setting that turns a 6 "
    "into a 9, and lower it to a value that keeps every 6 a 6 (small rotations still help), leaving the "
    "other settings as they were. Pass the preview (or a dict of its settings).",
    _labels_kept,
    hints=["In the preview, turn the settings off one at a time (colleague.set(name=0)) and watch the 6s: "
           "which one makes them read as 9s?",
           "A 9 is a 6 turned by 180 degrees, and rotation_range=180 allows any angle up to 180 either way.",
           "colleague.set(rotation_range=20): up to 20 degrees a 6 stays a 6; keep the shifts, zoom and "
           "shear."],
    solution="""sixes_and_nines = np.stack([x_train[y_train == digit][i] for digit in (6, 9)
                            for i in range(2)])
colleague = kt.augment_preview(images=sixes_and_nines, **ex.COLLEAGUE_SETTINGS)
colleague.set(rotation_range=20)
ex.q5.check(colleague)""",
)
