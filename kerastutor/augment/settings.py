"""The augmentation settings: names, ranges and defaults, and their validation. Pure.

Classic settings carry ``ImageDataGenerator``'s own keyword names, so a learner's
old settings paste straight in; advanced settings are named after the Keras 3
``Random*`` layer they drive. A setting at its default is off.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping
from dataclasses import dataclass

FILL_MODES = ("nearest", "constant", "reflect", "wrap")


@dataclass(frozen=True)
class Setting:
    """One control: ``kind`` is "float", "int", "bool", "choice", "zoom" or "brightness"."""

    name: str
    label: str
    group: str
    kind: str
    default: object
    low: float = 0.0
    high: float = 1.0
    step: float = 0.01
    choices: tuple[str, ...] = ()
    help: str = ""


SETTINGS: tuple[Setting, ...] = (
    Setting("rotation_range", "rotation (°)", "classic", "float", 0.0, 0, 180, 1,
            help="rotate by a random angle in [-r, r] degrees"),
    Setting("width_shift_range", "width shift", "classic", "float", 0.0, 0, 1,
            help="shift left/right by up to this fraction of the width"),
    Setting("height_shift_range", "height shift", "classic", "float", 0.0, 0, 1,
            help="shift up/down by up to this fraction of the height"),
    Setting("zoom_range", "zoom", "classic", "zoom", (1.0, 1.0), 0, 1,
            help="z: scale by a random factor in [1 - z, 1 + z] (or give [lower, upper])"),
    Setting("shear_range", "shear (°)", "classic", "float", 0.0, 0, 45, 1,
            help="shear by a random angle up to this many degrees"),
    Setting("horizontal_flip", "horizontal flip", "classic", "bool", False),
    Setting("vertical_flip", "vertical flip", "classic", "bool", False),
    Setting("brightness_range", "brightness", "classic", "brightness", None, 0, 2,
            help="[lower, upper] around 1.0 = unchanged; 0 is black"),
    Setting("contrast", "contrast", "classic", "float", 0.0, 0, 1,
            help="scale contrast by a random factor in [1 - c, 1 + c]"),
    Setting("fill_mode", "fill mode", "classic", "choice", "nearest", choices=FILL_MODES,
            help="how to fill pixels that a shift, rotation or zoom uncovers"),
    Setting("cval", "fill value", "classic", "float", 0.0, 0, 255, 1,
            help="the value used with fill_mode='constant'"),
    Setting("hue", "hue", "advanced", "float", 0.0, help="shift hue by up to this much (1 = anywhere)"),
    Setting("saturation", "saturation", "advanced", "float", 0.0, 0, 0.5,
            help="0.5 ranges from grey to fully saturated"),
    Setting("grayscale", "grayscale", "advanced", "float", 0.0, help="probability of turning grey"),
    Setting("gaussian_blur", "gaussian blur", "advanced", "float", 0.0, help="blur strength"),
    Setting("sharpness", "sharpness", "advanced", "float", 0.0, 0, 0.5,
            help="0.5 ranges from fully blurred to extra sharp"),
    Setting("color_degeneration", "colour degeneration", "advanced", "float", 0.0,
            help="blend towards grey by up to this much"),
    Setting("posterization", "posterize (bits, 0 = off)", "advanced", "int", 0, 0, 8, 1,
            help="keep this many bits per channel"),
    Setting("invert", "invert", "advanced", "float", 0.0, help="probability of inverting colours"),
    Setting("erasing", "random erasing", "advanced", "float", 0.0,
            help="probability of erasing a random rectangle"),
    Setting("perspective", "perspective", "advanced", "float", 0.0,
            help="probability of a random perspective change"),
    Setting("elastic", "elastic", "advanced", "float", 0.0,
            help="probability of a random elastic deformation"),
    Setting("crop", "random crop (fraction kept)", "advanced", "float", 1.0, 0.3, 1.0,
            help="crop a random window of this fraction of each side (1 = off)"),
    Setting("seed", "seed", "preview", "int", 0, 0, 2**31 - 1, 1, help="same seed, same grid"),
)
BY_NAME: dict[str, Setting] = {setting.name: setting for setting in SETTINGS}
DEFAULTS: dict[str, object] = {setting.name: setting.default for setting in SETTINGS}


def _number(setting: Setting, value) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(f"{setting.name} must be a number, got {value!r}.")
    if not setting.low <= value <= setting.high:
        raise ValueError(f"{setting.name}={value!r} is out of range: use a value from {setting.low:g} "
                         f"to {setting.high:g} ({setting.help or setting.label}).")
    return float(value)


def _pair(setting: Setting, value, low: float, high: float) -> tuple[float, float]:
    if not isinstance(value, (list, tuple)) or len(value) != 2:
        raise ValueError(f"{setting.name} must be a number or a pair [lower, upper], got {value!r}.")
    lower, upper = (float(v) for v in value)
    if not low <= lower <= upper <= high:
        raise ValueError(f"{setting.name}={list(value)!r} must satisfy "
                         f"{low:g} <= lower <= upper <= {high:g}.")
    return lower, upper


def validate(name: str, value) -> object:
    """The canonical value of setting ``name``, or a ValueError saying what is wrong."""
    setting = BY_NAME.get(name)
    if setting is None:
        close = difflib.get_close_matches(name, BY_NAME, n=3)
        hint = f" Did you mean {', '.join(map(repr, close))}?" if close else ""
        raise ValueError(f"unknown augmentation setting {name!r}.{hint} "
                         f"Known settings: {', '.join(BY_NAME)}.")
    if setting.kind == "bool":
        if not isinstance(value, bool):
            raise ValueError(f"{name} must be True or False, got {value!r}.")
        return value
    if setting.kind == "choice":
        if value not in setting.choices:
            raise ValueError(f"{name}={value!r} is not one of {', '.join(map(repr, setting.choices))}.")
        return value
    if setting.kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"{name} must be a whole number, got {value!r}.")
        return int(_number(setting, value))
    if setting.kind == "zoom":  # ImageDataGenerator: z means [1 - z, 1 + z]
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            z = _number(setting, value)
            return (1.0 - z, 1.0 + z)
        return _pair(setting, value, 0.0, 2.0)
    if setting.kind == "brightness":
        return None if value is None else _pair(setting, value, setting.low, setting.high)
    return _number(setting, value)


def resolve(params: Mapping[str, object], base: Mapping[str, object] | None = None) -> dict[str, object]:
    """``base`` (the defaults if None) updated with validated ``params``."""
    resolved = dict(DEFAULTS if base is None else base)
    for name, value in params.items():
        resolved[name] = validate(name, value)
    return resolved
