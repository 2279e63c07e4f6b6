"""Settings -> Keras 3 augmentation layers, the code that builds them, and the
``ImageDataGenerator(...)`` call an old tutorial would have written. Pure, except
``build_pipeline``, which instantiates the layers."""

from __future__ import annotations

import math
from collections.abc import Mapping

from .._quiet import import_keras

LayerSpec = tuple[str, dict]  # (class name in keras.layers, keyword arguments)

# settings ImageDataGenerator had, in its own words (the others have no legacy equivalent)
LEGACY_NAMES = ("rotation_range", "width_shift_range", "height_shift_range", "zoom_range",
                "shear_range", "horizontal_flip", "vertical_flip", "brightness_range", "fill_mode", "cval")
# ImageDataGenerator's defaults, left out of the legacy call
LEGACY_DEFAULTS = {"rotation_range": 0.0, "width_shift_range": 0.0, "height_shift_range": 0.0,
                   "zoom_range": (1.0, 1.0), "shear_range": 0.0, "horizontal_flip": False,
                   "vertical_flip": False, "brightness_range": None, "fill_mode": "nearest", "cval": 0.0}


def _fill(params: Mapping) -> dict:
    fill = {"fill_mode": params["fill_mode"]}
    if params["fill_mode"] == "constant":
        fill["fill_value"] = float(params["cval"])
    return fill


def layer_specs(params: Mapping) -> list[LayerSpec]:
    """The augmentation layers for ``params`` (as resolved by ``settings.resolve``), in order:
    geometry first, then colour. Settings at their default add no layer."""
    p, specs = params, []
    flips = [mode for mode, on in (("horizontal", p["horizontal_flip"]), ("vertical", p["vertical_flip"]))
             if on]
    if flips:
        specs.append(("RandomFlip", {"mode": "_and_".join(flips)}))
    if p["rotation_range"]:
        specs.append(("RandomRotation", {"factor": round(p["rotation_range"] / 360, 6), **_fill(p)}))
    if p["width_shift_range"] or p["height_shift_range"]:
        specs.append(("RandomTranslation", {"height_factor": p["height_shift_range"],
                                            "width_factor": p["width_shift_range"], **_fill(p)}))
    lower, upper = p["zoom_range"]
    if (lower, upper) != (1.0, 1.0):  # ImageDataGenerator's zoom > 1 zooms out, as a positive factor does
        factor = (round(lower - 1, 6), round(upper - 1, 6))
        specs.append(("RandomZoom", {"height_factor": factor, "width_factor": factor, **_fill(p)}))
    if p["shear_range"]:
        specs.append(("RandomShear", {"x_factor": round(math.tan(math.radians(p["shear_range"])), 6),
                                      **_fill(p)}))
    if p["crop"] < 1.0:
        specs.append(("RandomCrop", {"height": None, "width": None, "fraction": p["crop"]}))
    if p["perspective"]:
        specs.append(("RandomPerspective", {"factor": p["perspective"]}))
    if p["elastic"]:
        specs.append(("RandomElasticTransform", {"factor": p["elastic"]}))
    if p["brightness_range"] is not None:
        lower, upper = p["brightness_range"]
        specs.append(("RandomBrightness", {"factor": (round(max(lower - 1, -1.0), 6),
                                                      round(min(upper - 1, 1.0), 6))}))
    simple = (("contrast", "RandomContrast"), ("hue", "RandomHue"), ("grayscale", "RandomGrayscale"),
              ("gaussian_blur", "RandomGaussianBlur"), ("color_degeneration", "RandomColorDegeneration"),
              ("invert", "RandomInvert"), ("erasing", "RandomErasing"))
    centred = (("saturation", "RandomSaturation"), ("sharpness", "RandomSharpness"))
    for name, layer in simple[:2]:
        if p[name]:
            specs.append((layer, {"factor": p[name]}))
    for name, layer in centred:  # 0.5 is "unchanged" for these layers
        if p[name]:
            specs.append((layer, {"factor": (round(0.5 - p[name], 6), round(0.5 + p[name], 6))}))
    for name, layer in simple[2:5]:
        if p[name]:
            specs.append((layer, {"factor": p[name]}))
    if p["posterization"]:
        specs.append(("RandomPosterization", {"factor": int(p["posterization"])}))
    for name, layer in simple[5:]:
        if p[name]:
            specs.append((layer, {"factor": p[name]}))
    return specs


def concrete_specs(params: Mapping, image_size: tuple[int, int]) -> list[LayerSpec]:
    """``layer_specs`` with sizes filled in for ``image_size`` and a seed for every layer."""
    height, width = image_size
    concrete = []
    for index, (name, kwargs) in enumerate(layer_specs(params)):
        kwargs = dict(kwargs)
        if name == "RandomCrop":
            fraction = kwargs.pop("fraction")
            kwargs["height"] = max(1, round(height * fraction))
            kwargs["width"] = max(1, round(width * fraction))
        kwargs["seed"] = int(params["seed"]) + index
        concrete.append((name, kwargs))
    return concrete


def _or_identity(specs: list[LayerSpec]) -> list[LayerSpec]:
    """No augmentation chosen: one Identity layer, so the pipeline still passes images through."""
    return specs or [("Identity", {})]


def build_pipeline(specs: list[LayerSpec], name: str = "augmentation"):
    """A ``keras.Sequential`` of the augmentation layers (``Identity`` when there are none)."""
    keras = import_keras()
    layers = [getattr(keras.layers, layer)(**kwargs) for layer, kwargs in _or_identity(specs)]
    return keras.Sequential(layers, name=name)


def _arguments(kwargs: Mapping) -> str:
    return ", ".join(f"{key}={value!r}" for key, value in kwargs.items())


def keras_code(specs: list[LayerSpec], name: str = "augmentation") -> str:
    """Keras 3 code that rebuilds the pipeline from ``specs``."""
    lines = ["import keras", "", "augmentation = keras.Sequential(["]
    lines += [f"    keras.layers.{layer}({_arguments(kwargs)})," for layer, kwargs in _or_identity(specs)]
    lines.append(f"], name={name!r})")
    return "\n".join(lines)


def legacy_code(params: Mapping) -> str:
    """The ``ImageDataGenerator(...)`` call with the same classic settings, for old tutorials;
    settings it did not have are named in a comment."""
    arguments = []
    for name in LEGACY_NAMES:
        value = params[name]
        if value == LEGACY_DEFAULTS[name]:
            continue
        if name == "zoom_range":
            lower, upper = value
            value = round(1 - lower, 6) if math.isclose(1 - lower, upper - 1) else [lower, upper]
        elif name == "brightness_range":
            value = list(value)
        arguments.append(f"    {name}={value!r},")
    lines = ["# Keras 2 (removed from Keras 3; a deprecated copy lives in tf.keras.preprocessing.image)",
             "from tensorflow.keras.preprocessing.image import ImageDataGenerator", "",
             "datagen = ImageDataGenerator(" + ("" if arguments else ")")]
    if arguments:
        lines += arguments + [")"]
    others = [name for name, kwargs in layer_specs(params)
              if name not in ("RandomFlip", "RandomRotation", "RandomTranslation", "RandomZoom",
                              "RandomShear", "RandomBrightness")]
    if others:
        lines.append(f"# no ImageDataGenerator equivalent: {', '.join(others)} (Keras 3 layers only)")
    if params["brightness_range"] is not None:
        lines.append("# note: ImageDataGenerator scales brightness; keras.layers.RandomBrightness shifts it")
    return "\n".join(lines)
