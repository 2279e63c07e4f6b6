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

from .._arguments import BadArgument, choice, flag, integer, is_real_number, refuse, shorten

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


OWNER = "augment_preview"


def _range(setting: Setting) -> str:
    return f"from {setting.low:g} to {setting.high:g} ({setting.help or setting.label})"


def _number(setting: Setting, value: object) -> float:
    if not (is_real_number(value) and math.isfinite(float(value)) and setting.low <= value <= setting.high):
        raise refuse(OWNER, setting.name, value, f"a finite number {_range(setting)}")
    return float(value)


def _pair(setting: Setting, value: object, low: float, high: float) -> tuple[float, float]:
    """A [lower, upper] pair with ``low <= lower <= upper <= high``."""
    fits = (isinstance(value, (list, tuple)) and len(value) == 2
            and all(is_real_number(v) and math.isfinite(float(v)) for v in value)
            and low <= value[0] <= value[1] <= high)
    if not fits:
        single = "a number or " if setting.kind == "zoom" else "None or "
        raise refuse(OWNER, setting.name, value,
                     f"{single}a pair [lower, upper] with {low:g} <= lower <= upper <= {high:g}")
    return float(value[0]), float(value[1])


def _known(name: object) -> Setting:
    """The setting called ``name``; an unknown name is refused with the closest names."""
    setting = BY_NAME.get(name) if isinstance(name, str) else None
    if setting is None:
        close = difflib.get_close_matches(str(name), BY_NAME, n=3)
        hint = f" Did you mean {', '.join(map(repr, close))}?" if close else ""
        raise BadArgument(f"{OWNER}: unknown augmentation setting {shorten(name)}.{hint} "
                          f"Known settings: {', '.join(BY_NAME)}; and size, rows, columns.")
    return setting


def validate(name: str, value: object) -> object:
    """The canonical value of setting ``name``, or a ``BadArgument`` naming it and what is allowed."""
    setting = _known(name)
    if setting.kind == "bool":
        return flag(OWNER, name, value)
    if setting.kind == "choice":
        return choice(OWNER, name, value, setting.choices)
    if setting.kind == "int":
        return integer(OWNER, name, value, int(setting.low), int(setting.high))
    if setting.kind == "zoom":  # ImageDataGenerator: z means [1 - z, 1 + z]
        if is_real_number(value):
            z = _number(setting, value)
            return (1.0 - z, 1.0 + z)
        return _pair(setting, value, 0.0, 2.0)
    if setting.kind == "brightness":
        return None if value is None else _pair(setting, value, setting.low, setting.high)
    return _number(setting, value)


def resolve(params: Mapping[str, object], base: Mapping[str, object] | None = None) -> dict[str, object]:
    """``base`` (the defaults if None) updated with validated ``params``."""
    if not isinstance(params, Mapping):
        raise refuse(OWNER, "settings", params,
                     "a dict of augmentation settings, such as {'rotation_range': 20}")
    resolved = dict(DEFAULTS if base is None else base)
    for name, value in params.items():
        resolved[name] = validate(name, value)
    return resolved
