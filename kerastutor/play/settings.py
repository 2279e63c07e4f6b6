"""Every playground control in one frozen value: checked, compared, and shared as a short string.

A teacher's share string holds only what differs from the defaults, plus the
controls that are locked (shown but fixed) or hidden, so a class sees only what
the lesson is about.
"""

from __future__ import annotations

import base64
import difflib
import json
from dataclasses import asdict, dataclass, field, fields, replace

from .data import DATASETS, OWN
from .features import check_features

ACTIVATIONS = ("tanh", "relu", "sigmoid", "linear")
OPTIMIZERS = ("sgd", "adam", "rmsprop", "adagrad")
REGULARIZERS = (None, "l1", "l2")
MAX_LAYERS, MAX_NEURONS = 6, 8
RANGES = {"noise": (0, 0.5), "train_fraction": (0.1, 0.9), "learning_rate": (1e-5, 10),
          "regularization_rate": (0, 10)}
SHARE_PREFIX = "kt1."


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
        object.__setattr__(self, "features", check_features(self.features))
        object.__setattr__(self, "hidden", tuple(self.hidden))
        object.__setattr__(self, "locked", tuple(self.locked))
        object.__setattr__(self, "hidden_controls", tuple(self.hidden_controls))
        for name in ("noise", "train_fraction", "learning_rate", "regularization_rate"):
            value = getattr(self, name)
            _number(name, value, *RANGES[name])
            object.__setattr__(self, name, float(value))  # Keras wants floats: learning_rate=1 is 1.0
        _choice("dataset", self.dataset, (*DATASETS, OWN))
        _choice("activation", self.activation, ACTIVATIONS)
        _choice("optimizer", self.optimizer, OPTIMIZERS)
        _choice("regularization", self.regularization, REGULARIZERS)
        _whole("samples", self.samples, 20, 2000)
        _whole("batch_size", self.batch_size, 1, 64)
        _whole("seed", self.seed, 0, 2**31 - 1)
        if len(self.hidden) > MAX_LAYERS:
            raise ValueError(f"at most {MAX_LAYERS} hidden layers, got {len(self.hidden)}.")
        for units in self.hidden:
            _whole("neurons in a hidden layer", units, 1, MAX_NEURONS)
        names = {f.name for f in fields(self)}
        for control in (*self.locked, *self.hidden_controls):
            if control not in names:
                hint = _did_you_mean(control)
                raise ValueError(f"cannot lock or hide {control!r}: it is not a control{hint}")

    def changed(self, **changes) -> Settings:
        """A copy with ``changes`` applied (checked like the constructor)."""
        names = {f.name for f in fields(self)}
        for name in changes:
            if name not in names:
                raise ValueError(f"the playground has no setting {name!r}{_did_you_mean(name)}")
        return replace(self, **changes)

    def to_dict(self) -> dict:
        """Plain JSON-ready values (tuples as lists)."""
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()}

    @classmethod
    def from_dict(cls, values: dict) -> Settings:
        """Settings from ``to_dict``'s output (missing keys take their defaults)."""
        if not isinstance(values, dict):
            raise TypeError(f"expected a dict of settings or a share string, got {type(values).__name__}.")
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
        raise TypeError(f"kt.playground(state) takes a dict from pg.state() or a string from pg.share(), "
                        f"not {type(state).__name__}.")

    def share(self) -> str:
        """A short string for a lesson: ``kerastutor.playground("kt1....")`` opens these settings."""
        defaults = Settings().to_dict()
        short = {SHORT[k]: _shorten(k, v) for k, v in self.to_dict().items() if defaults[k] != v}
        text = json.dumps(short, separators=(",", ":"))
        return SHARE_PREFIX + base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")

    @classmethod
    def from_share(cls, text: str) -> Settings:
        """Settings from a string made by ``share()``."""
        if not isinstance(text, str) or not text.startswith(SHARE_PREFIX):
            raise ValueError("this is not a playground share string (they start with 'kt1.'); "
                             "copy the whole string that pg.share() printed.")
        body = text[len(SHARE_PREFIX):].strip()
        try:
            short = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
            values = {LONG[k]: _lengthen(LONG[k], v) for k, v in short.items()}
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise ValueError("this share string is damaged (cut short or changed); copy it again whole.") \
                from error
        return cls.from_dict(values)


# One letter per setting keeps share strings short enough to paste into a lesson's prose.
SHORT = {"dataset": "d", "noise": "n", "train_fraction": "t", "samples": "s", "seed": "e", "features": "f",
         "hidden": "h", "activation": "a", "learning_rate": "r", "optimizer": "o", "batch_size": "b",
         "regularization": "g", "regularization_rate": "q", "locked": "L", "hidden_controls": "H"}
LONG = {short: name for name, short in SHORT.items()}


def _shorten(name: str, value):
    return [SHORT[v] for v in value] if name in ("locked", "hidden_controls") else value


def _lengthen(name: str, value):
    return [LONG[v] for v in value] if name in ("locked", "hidden_controls") else value


def _did_you_mean(name: str) -> str:
    close = difflib.get_close_matches(str(name), [f.name for f in fields(Settings)], n=1)
    return f"; did you mean {close[0]!r}?" if close else "."


def _choice(name: str, value, options: tuple) -> None:
    if value not in options:
        shown = ", ".join(repr(o) for o in options)
        raise ValueError(f"{name} must be one of {shown}; got {value!r}.")


def _number(name: str, value, low: float, high: float) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
        raise ValueError(f"{name} must be a number from {low} to {high}; got {value!r}.")


def _whole(name: str, value, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"{name} must be a whole number from {low} to {high}; got {value!r}.")
