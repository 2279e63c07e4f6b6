"""Exercises for lesson 06, image preprocessing: rescale, standardize, transform and augment images."""

from __future__ import annotations

import numpy as np

from .checks import as_float_array, need_function
from .core import Problem

LESSON = "06_image_preprocessing"
TITLE = "Image preprocessing and augmentation"




# q1 · Rescaling ---------------------------------------------------------------------------------

def _rescaling_to_plus_minus_one(layer) -> str | None:
    import keras

    if not isinstance(layer, keras.layers.Layer):
        return (f"expected a Keras layer such as keras.layers.Rescaling(...), got {type(layer).__name__}: "
                "a layer can go first in a model and is saved with it.")
    if type(layer).__name__ != "Rescaling":
        return f"expected a keras.layers.Rescaling layer, got {type(layer).__name__}."
    pixels = np.random.default_rng(6).uniform(0, 255, size=(2, 4, 4, 3)).astype("float32")
    pixels[0, 0, 0] = [0.0, 255.0, 127.5]
    out = as_float_array(layer(pixels))
    if out.shape != pixels.shape:
        return f"your layer turned images of shape {pixels.shape} into shape {out.shape}."
    if np.allclose(out, pixels / 127.5 - 1.0, atol=1e-5):
        return None
    low, high = out[0, 0, 0, 0], out[0, 0, 0, 1]
    message = f"your layer maps 0 to {low:.2f} and 255 to {high:.2f}; the task asks for -1 and 1."
    if np.allclose(out, pixels / 255.0, atol=1e-5):
        return message + " Rescaling(1 / 255) gives [0, 1]: use scale=1 / 127.5 and offset=-1."
    if np.allclose(out, pixels / 127.5, atol=1e-5):
        return message + " The scale 1 / 127.5 is right (0..255 becomes 0..2): now add offset=-1."
    return message + " Rescaling(scale, offset) returns inputs * scale + offset."


# q2 · featurewise standardization ---------------------------------------------------------------

def _standardize_data() -> tuple[np.ndarray, np.ndarray]:
    """Training images with very different channels, and a batch that is not like them."""
    rng = np.random.default_rng(16)
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
    import keras

    try:
        transform = np.asarray(numbers, dtype="float32").ravel()
    except (TypeError, ValueError):
        return f"expected 8 numbers (a list or array), got {type(numbers).__name__}."
    if transform.size != 8:
        return (f"you gave {transform.size} numbers; affine_transform takes 8: "
                "[a0, a1, a2, b0, b1, b2, c0, c1].")
    image = np.random.default_rng(3).uniform(0.1, 1.0, size=(1, 10, 10, 1)).astype("float32")
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


# q4 · an augmentation pipeline ------------------------------------------------------------------

GEOMETRIC = ("RandomRotation", "RandomTranslation", "RandomZoom")


def _symmetric_range(value) -> tuple[float, float] | None:
    """``0.1`` -> (-0.1, 0.1); ``(-0.1, 0.2)`` stays; None stays None."""
    if value is None:
        return None
    if isinstance(value, (int, float)):
        return (-abs(float(value)), abs(float(value)))
    low, high = value
    return (float(low), float(high))


def _near(found: tuple[float, float] | None, wanted: float) -> bool:
    return found is not None and np.allclose(found, (-wanted, wanted), atol=1e-3)


def _factor_message(layer, wanted: float, what: str, **factors) -> str | None:
    for argument, value in factors.items():
        found = _symmetric_range(value)
        if not _near(found, wanted):
            return (f"{type(layer).__name__}'s {argument} is {value!r}; the task asks for {what} "
                    f"of up to {wanted:g} either way ({argument}={wanted:g}).")
    return None


def _augmentation_for_digits(pipeline) -> str | None:
    import keras

    if not isinstance(pipeline, keras.Sequential):
        return (f"expected a keras.Sequential([...]) of augmentation layers, got {type(pipeline).__name__}.")
    kinds = [type(layer).__name__ for layer in pipeline.layers]
    if "RandomFlip" in kinds:
        return ("your pipeline flips images: a mirrored digit is not a digit anyone writes, and a 6 turned "
                "upside down reads as a 9. Remove the RandomFlip layer.")
    extra = [kind for kind in kinds if kind not in GEOMETRIC]
    if extra:
        return f"the task asks only for rotations, shifts and zooms; remove {', '.join(extra)}."
    for kind in GEOMETRIC:
        if kinds.count(kind) != 1:
            return f"your pipeline has {kinds.count(kind)} {kind} layers, the task asks for one."
    layers = {type(layer).__name__: layer for layer in pipeline.layers}
    rotation = _symmetric_range(layers["RandomRotation"].get_config()["factor"])
    if not _near(rotation, 10 / 360):
        turn = max(abs(rotation[0]), abs(rotation[1])) * 360
        return (f"your RandomRotation turns images by up to {turn:g} degrees; the task asks for 10. "
                "Its factor is a fraction of a full turn: 10 degrees is factor=10 / 360.")
    config = layers["RandomTranslation"].get_config()
    problem = _factor_message(layers["RandomTranslation"], 0.1, "shifts",
                              height_factor=config["height_factor"], width_factor=config["width_factor"])
    if problem:
        return problem
    config = layers["RandomZoom"].get_config()
    zoom = {"height_factor": config["height_factor"]}
    if config["width_factor"] is not None:
        zoom["width_factor"] = config["width_factor"]
    problem = _factor_message(layers["RandomZoom"], 0.1, "zooms", **zoom)
    if problem:
        return problem
    for kind in GEOMETRIC:
        fill = layers[kind].get_config()["fill_mode"]
        if fill != "nearest":
            return (f"your {kind} fills uncovered pixels with fill_mode={fill!r}; the task asks for "
                    "fill_mode='nearest' (repeat the nearest edge pixel, as ImageDataGenerator did).")
    images = np.random.default_rng(60).uniform(0.0, 1.0, size=(8, 32, 32, 1)).astype("float32")
    augmented = as_float_array(pipeline(images, training=True))
    if augmented.shape != images.shape:
        return f"your pipeline turned images of shape {images.shape} into {augmented.shape}."
    if augmented.min() < -1e-5 or augmented.max() > 1 + 1e-5:
        return (f"augmented values run from {augmented.min():.2f} to {augmented.max():.2f}; "
                "geometric augmentation should keep pixels in [0, 1].")
    if np.allclose(augmented, images):
        return "your pipeline left the images unchanged while training: it should augment them."
    if not np.allclose(as_float_array(pipeline(images, training=False)), images):
        return ("with training=False your pipeline still changes the images; augmentation is for training "
                "only.")
    return None


q1 = Problem(
    LESSON, "q1",
    "Make a keras.layers.Rescaling layer that maps pixel values 0..255 to the range [-1, 1] "
    "(0 becomes -1, 255 becomes 1), what MobileNet expects.",
    _rescaling_to_plus_minus_one,
    hints=["Rescaling(scale, offset=0.0) returns inputs * scale + offset.",
           "Which scale stretches 0..255 to a range of width 2? Then shift it down by 1.",
           "keras.layers.Rescaling(1 / 127.5, offset=-1)."],
    solution="""to_plus_minus_one = keras.layers.Rescaling(1 / 127.5, offset=-1)
ex.q1.check(to_plus_minus_one)""",
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
    "Build a keras.Sequential augmentation pipeline for the digits: random rotations of up to 10 degrees "
    "either way, random shifts of up to 10% of the height and of the width, random zooms of up to 10% in "
    "or out, each filling uncovered pixels with fill_mode='nearest', and no flips.",
    _augmentation_for_digits,
    hints=["Three layers: keras.layers.RandomRotation, RandomTranslation and RandomZoom.",
           "RandomRotation's factor is a fraction of a full turn (10 degrees = 10 / 360); RandomTranslation "
           "takes height_factor and width_factor; RandomZoom a height_factor (the width follows it).",
           "Pass fill_mode='nearest' to each one, and leave RandomFlip out: a flipped digit changes its "
           "label."],
    solution="""digit_pipeline = keras.Sequential([
    keras.layers.RandomRotation(10 / 360, fill_mode="nearest", seed=1),
    keras.layers.RandomTranslation(0.1, 0.1, fill_mode="nearest", seed=2),
    keras.layers.RandomZoom(0.1, fill_mode="nearest", seed=3),
])
ex.q4.check(digit_pipeline)""",
)
