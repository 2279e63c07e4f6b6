"""Every playground control in one frozen value: checked, compared, and shared as a short string.

A teacher's share string holds only what differs from the defaults, plus the
controls that are locked (shown but fixed) or hidden, so a class sees only what
the lesson is about.
"""

from __future__ import annotations

import base64
import binascii
import difflib
import json
from dataclasses import asdict, dataclass, field, fields, replace

from .._arguments import BadArgument, choice, integer, number, refuse, shorten
from .data import DATASETS, OWN
from .features import FEATURES

OWNER = "playground"
ACTIVATIONS = ("tanh", "relu", "sigmoid", "linear")
OPTIMIZERS = ("sgd", "adam", "rmsprop", "adagrad")
REGULARIZERS = (None, "l1", "l2")
MAX_LAYERS, MAX_NEURONS = 6, 8
RANGES = {"noise": (0, 0.5), "train_fraction": (0.1, 0.9), "learning_rate": (1e-5, 10),
          "regularization_rate": (0, 10)}
WHOLE = {"samples": (20, 2000), "batch_size": (1, 64), "seed": (0, 2**31 - 1)}
CHOICES = {"dataset": (*DATASETS, OWN), "activation": ACTIVATIONS, "optimizer": OPTIMIZERS,
           "regularization": REGULARIZERS}
SHARE_PREFIX = "kt1."
# Every setting differing from its default, 20 controls locked and 20 hidden: 570 characters.
MAX_SHARE_CHARACTERS = 2000
MAX_SHARE_DEPTH = 2  # the format is an object of lists: {"h": [4, 2]}
MAX_NAMES = 20  # a list of names longer than this is no choice of features or controls
MAX_STEP_EPOCHS = 10_000  # more at once is a typo, or an afternoon of one CPU


class ShareStringError(BadArgument):
    """A share string that is too long, damaged, or holds a field of the wrong kind."""


@dataclass(frozen=True)
class Settings:
    """The data, features, network and training controls of the playground."""

    dataset: str = "circle"
    noise: float = 0.0
    train_fraction: float = 0.5
    samples: int = 400
    seed: int = 0
    features: tuple[str, ...] = ("x1", "x2")
    hidden: tuple[int, ...] = (4, 2)
    activation: str = "tanh"
    learning_rate: float = 0.03
    optimizer: str = "adam"
    batch_size: int = 10
    regularization: str | None = None
    regularization_rate: float = 0.0
    locked: tuple[str, ...] = field(default=())
    hidden_controls: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        for item in fields(self):
            object.__setattr__(self, item.name, check_setting(item.name, getattr(self, item.name)))

    def changed(self, **changes) -> Settings:
        """A copy with ``changes`` applied (checked like the constructor)."""
        for name in changes:
            _known(name)
        return replace(self, **changes)

    def to_dict(self) -> dict:
        """Plain JSON-ready values (tuples as lists)."""
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()}

    @classmethod
    def from_dict(cls, values: dict) -> Settings:
        """Settings from ``to_dict``'s output (missing keys take their defaults). Checked field by field,
        strictly: a list field must be a list (a string is refused, never read as its letters)."""
        if not isinstance(values, dict):
            raise refuse(OWNER, "state", values, "a dict from pg.state() or a string from pg.share()")
        for name, value in values.items():
            _known(name)
            check_setting(name, value, strict=True)
        return cls().changed(**values)

    @classmethod
    def from_state(cls, state) -> Settings:
        """Settings from a dict made by ``pg.state()``, a string made by ``pg.share()``, or Settings."""
        if isinstance(state, cls):
            return state
        if isinstance(state, str):
            return cls.from_share(state)
        if isinstance(state, dict):
            return cls.from_dict(state)
        raise refuse(OWNER, "state", state, "a dict from pg.state() or a string from pg.share()")

    def share(self) -> str:
        """A short string for a lesson: ``kerastutor.playground("kt1....")`` opens these settings."""
        defaults = Settings().to_dict()
        short = {SHORT[k]: _shorten(k, v) for k, v in self.to_dict().items() if defaults[k] != v}
        text = json.dumps(short, separators=(",", ":"))
        return SHARE_PREFIX + base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")

    @classmethod
    def from_share(cls, text: str) -> Settings:
        """Settings from a string made by ``share()``; anything else is a ``ShareStringError`` that says
        what is wrong, checked before anything is built (length and nesting before the JSON is parsed)."""
        short = _share_fields(text)
        values = {}
        for key, value in short.items():
            name = LONG[key]
            try:
                values[name] = check_setting(name, _lengthen(name, value), strict=True)
            except BadArgument as error:
                raise ShareStringError(f"{OWNER}: share string field {key!r} ({name}) is wrong: "
                                       + str(error).removeprefix(f"{OWNER}: ")) from None
        return cls.from_dict(values)


# One letter per setting keeps share strings short enough to paste into a lesson's prose.
SHORT = {"dataset": "d", "noise": "n", "train_fraction": "t", "samples": "s", "seed": "e", "features": "f",
         "hidden": "h", "activation": "a", "learning_rate": "r", "optimizer": "o", "batch_size": "b",
         "regularization": "g", "regularization_rate": "q", "locked": "L", "hidden_controls": "H"}
LONG = {short: name for name, short in SHORT.items()}


CONTROLS = tuple(name for name in SHORT if name not in ("locked", "hidden_controls"))
ALIASES = {"layers": "hidden (one width per layer: hidden=(4, 4, 4) is three layers of 4 neurons)",
           "neurons": "hidden", "units": "hidden", "lr": "learning_rate", "data": "dataset",
           "epochs": "none: train with pg.step(epochs)", "regularizer": "regularization"}


def _shorten(name: str, value):
    return [SHORT[v] for v in value] if name in ("locked", "hidden_controls") else value


def _lengthen(name: str, value):
    """A share string's value in the setting's own terms (control letters -> control names)."""
    if name not in ("locked", "hidden_controls"):
        return value
    letters = {SHORT[control]: control for control in CONTROLS}
    if not isinstance(value, list) or not all(isinstance(v, str) and v in letters for v in value):
        raise refuse(OWNER, name, value, f"a list of control letters from {', '.join(letters)}")
    return [letters[v] for v in value]


def _did_you_mean(name: object) -> str:
    if isinstance(name, str) and name in ALIASES:
        return f"; did you mean {ALIASES[name]}?"
    close = difflib.get_close_matches(str(name), [f.name for f in fields(Settings)], n=1)
    return f"; did you mean {close[0]!r}?" if close else "."


def _known(name: object) -> str:
    """``name`` when it is a setting; else a ``BadArgument`` naming the closest ones."""
    if not isinstance(name, str) or name not in SHORT:
        raise BadArgument(f"{OWNER}: the playground has no setting {shorten(name)}{_did_you_mean(name)} "
                          f"Settings: {', '.join(SHORT)}.")
    return name


def _sequence(name: str, value: object, strict: bool, allowed: str) -> list:
    """``value`` as a list: a list or tuple (a single string too, unless ``strict``)."""
    if isinstance(value, str) and not strict:
        return [value]
    if not isinstance(value, (list, tuple)) or len(value) > MAX_NAMES:
        raise refuse(OWNER, name, value, allowed)
    return list(value)


def _features(value: object, strict: bool) -> tuple[str, ...]:
    allowed = f"a list of features from {', '.join(FEATURES)} (at least one)"
    chosen = _sequence("features", value, strict, allowed)
    if not all(isinstance(name, str) and name in FEATURES for name in chosen):
        raise refuse(OWNER, "features", value, allowed)
    if not chosen:
        raise BadArgument(f"{OWNER}: features={shorten(value)} cannot be used; choose at least one input "
                          f"feature, such as 'x1' (the features: {', '.join(FEATURES)}).")
    return tuple(name for name in FEATURES if name in chosen)


def _hidden(value: object) -> tuple[int, ...]:
    allowed = (f"a list of at most {MAX_LAYERS} layer widths from 1 to {MAX_NEURONS}, one per hidden layer: "
               "(4,) is one layer of 4 neurons, (4, 2) two layers, () none")
    if not isinstance(value, (list, tuple)) or len(value) > MAX_LAYERS:
        raise refuse(OWNER, "hidden", value, allowed)
    for units in value:
        integer(OWNER, "each hidden layer's width", units, 1, MAX_NEURONS)
    return tuple(int(units) for units in value)


def _controls(name: str, value: object, strict: bool) -> tuple[str, ...]:
    chosen = _sequence(name, value, strict, f"a list of control names from {', '.join(CONTROLS)}")
    for control in chosen:
        if control not in CONTROLS:
            raise BadArgument(f"{OWNER}: cannot lock or hide {shorten(control)}: it is not a control"
                              f"{_did_you_mean(control)} Controls: {', '.join(CONTROLS)}.")
    return tuple(chosen)


def check_epochs(epochs: object) -> int:
    """``epochs`` (of ``pg.step`` and ``pg.to_code``) as a whole number from 1 to ``MAX_STEP_EPOCHS``."""
    return integer(OWNER, "epochs", epochs, 1, MAX_STEP_EPOCHS)


def check_setting(name: str, value: object, strict: bool = False) -> object:
    """The canonical value of setting ``name`` (floats as floats, lists as tuples), or a ``BadArgument``
    naming it and what is allowed. ``strict`` (state dicts and share strings) refuses a string where a
    list belongs; from code, one string is one feature or one control."""
    if name in RANGES:
        return number(OWNER, name, value, *RANGES[name])
    if name in WHOLE:
        return integer(OWNER, name, value, *WHOLE[name])
    if name in CHOICES:
        return choice(OWNER, name, value, CHOICES[name])
    if name == "features":
        return _features(value, strict)
    if name == "hidden":
        return _hidden(value)
    return _controls(name, value, strict)


# ---- share strings, checked before they are parsed ---------------------------------------------------
BASE64URL = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=")


def _damaged(detail: str) -> ShareStringError:
    return ShareStringError(f"{OWNER}: this share string is damaged ({detail}); copy the whole string that "
                            "pg.share() printed again.")


def _depth(text: str) -> int:
    """The deepest nesting of [ and { in JSON ``text``, outside strings: one linear scan."""
    deepest = depth = 0
    inside = escaped = False
    for character in text:
        if inside:
            if escaped:
                escaped = False
            elif character == "\\":
                escaped = True
            elif character == '"':
                inside = False
        elif character == '"':
            inside = True
        elif character in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif character in "]}":
            depth -= 1
    return deepest


def _no_duplicates(pairs: list[tuple[str, object]]) -> dict:
    keys = [key for key, _ in pairs]
    twice = sorted({key for key in keys if keys.count(key) > 1})
    if twice:
        raise _damaged(f"field {twice[0]!r} appears twice")
    return dict(pairs)


def _share_fields(text: object) -> dict:
    """The fields of share string ``text`` (letters -> JSON values), with every check on the way."""
    if not isinstance(text, str):
        raise refuse(OWNER, "state", text, "a dict from pg.state() or a string from pg.share()")
    if len(text) > MAX_SHARE_CHARACTERS:
        raise ShareStringError(f"{OWNER}: this share string is {len(text):,} characters long; share strings "
                               f"are at most {MAX_SHARE_CHARACTERS:,}. Copy the one pg.share() printed.")
    text = text.strip()  # pasted with spaces or a newline around it
    if not text.startswith(SHARE_PREFIX):
        raise ShareStringError(f"{OWNER}: {shorten(text)} is not a playground share string (they start with "
                               "'kt1.'); copy the whole string that pg.share() printed.")
    body = text[len(SHARE_PREFIX):]
    strange = next((c for c in body if c not in BASE64URL), None)
    if strange is not None:
        raise _damaged(f"{strange!r} is not a character of share strings")
    try:
        raw = base64.b64decode(body.rstrip("=") + "=" * (-len(body.rstrip("=")) % 4), altchars=b"-_",
                               validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        raise _damaged("cut short or changed") from None
    if _depth(raw) > MAX_SHARE_DEPTH:
        raise _damaged(f"nested {_depth(raw)} deep; the format nests at most {MAX_SHARE_DEPTH} deep")
    try:
        short = json.loads(raw, object_pairs_hook=_no_duplicates)
    except ValueError as error:
        if isinstance(error, ShareStringError):
            raise
        raise _damaged("cut short or changed") from None
    if not isinstance(short, dict):
        raise _damaged(f"it holds {type(short).__name__}, not a set of fields")
    for key in short:
        if key not in LONG:
            raise ShareStringError(f"{OWNER}: share string field {shorten(key)} is unknown; the fields are "
                                   + ", ".join(f"{letter} ({name})" for letter, name in LONG.items()) + ".")
    return short
