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
from .data import DATASETS, DRAWN, DRAWN_REGRESSION, DRAWN_SETS, MAX_CLASSES, OWN, RADIUS
from .features import FEATURES

OWNER = "playground"
ACTIVATIONS = ("tanh", "relu", "sigmoid", "linear")
OPTIMIZERS = ("sgd", "adam", "rmsprop", "adagrad")
REGULARIZERS = (None, "l1", "l2")
MAX_LAYERS, MAX_NEURONS = 6, 8
RANGES = {"noise": (0, 0.5), "train_fraction": (0.1, 0.9), "learning_rate": (1e-5, 10),
          "regularization_rate": (0, 10)}
WHOLE = {"samples": (20, 2000), "batch_size": (1, 64), "seed": (0, 2**31 - 1)}
CHOICES = {"dataset": (*DATASETS, *DRAWN_SETS, OWN), "activation": ACTIVATIONS, "optimizer": OPTIMIZERS,
           "regularization": REGULARIZERS}
MAX_DROPOUT = 0.9  # a rate of 1 would drop every neuron's output
MAX_POINTS = 150  # drawn points: enough for any shape, and the share string stays pasteable
SHARE_PREFIX = "kt1."
# Every setting differing from its default, 20 controls locked and 20 hidden: 570 characters; with
# MAX_POINTS drawn points too about 2,800.
MAX_SHARE_CHARACTERS = 4000
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
    dropout: tuple[float, ...] = field(default=())
    activations: tuple[str, ...] = field(default=())
    points: tuple[tuple[float, float, float], ...] = field(default=())

    def __post_init__(self) -> None:
        for item in fields(self):
            object.__setattr__(self, item.name, check_setting(item.name, getattr(self, item.name)))
        layers = len(self.hidden)
        object.__setattr__(self, "dropout", _per_layer("dropout", self.dropout, layers, 0.0))
        object.__setattr__(self, "activations", _per_layer("activations", self.activations, layers,
                                                           self.activation))
        _check_points_fit(self.dataset, self.points)

    def changed(self, **changes) -> Settings:
        """A copy with ``changes`` applied (checked like the constructor). A new ``hidden`` keeps each
        remaining layer's dropout and activation (new layers get none and ``activation``); a new
        ``activation`` is every layer's; a new drawn data set keeps only the points it can use."""
        for name in changes:
            _known(name)
        layers = len(check_setting("hidden", changes["hidden"])) if "hidden" in changes else len(self.hidden)
        if "activation" in changes and "activations" not in changes:
            changes["activations"] = ()
        activation = changes.get("activation", self.activation)
        if "dropout" not in changes:
            changes["dropout"] = _resized(self.dropout, layers, 0.0)
        if "activations" not in changes:
            changes["activations"] = _resized(self.activations, layers, activation)
        dataset = changes.get("dataset", self.dataset)
        if "points" not in changes and dataset in DRAWN_SETS and _points_misfit(dataset, self.points):
            changes["points"] = ()
        return replace(self, **changes)

    @property
    def layer_activations(self) -> tuple[str, ...]:
        """Each hidden layer's activation."""
        return self.activations or (self.activation,) * len(self.hidden)

    @property
    def layer_dropout(self) -> tuple[float, ...]:
        """Each hidden layer's dropout rate (0: none)."""
        return self.dropout or (0.0,) * len(self.hidden)

    def to_dict(self) -> dict:
        """Plain JSON-ready values (tuples as lists)."""
        return {k: _listed(v) for k, v in asdict(self).items()}

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


def _listed(value):
    """Tuples, and tuples inside them, as lists."""
    return [_listed(v) for v in value] if isinstance(value, tuple) else value


# One letter per setting keeps share strings short enough to paste into a lesson's prose.
SHORT = {"dataset": "d", "noise": "n", "train_fraction": "t", "samples": "s", "seed": "e", "features": "f",
         "hidden": "h", "activation": "a", "learning_rate": "r", "optimizer": "o", "batch_size": "b",
         "regularization": "g", "regularization_rate": "q", "locked": "L", "hidden_controls": "H",
         "dropout": "x", "activations": "A", "points": "D"}
LONG = {short: name for name, short in SHORT.items()}


CONTROLS = tuple(name for name in SHORT if name not in ("locked", "hidden_controls", "points"))
ALIASES = {"layers": "hidden (one width per layer: hidden=(4, 4, 4) is three layers of 4 neurons)",
           "neurons": "hidden", "units": "hidden", "lr": "learning_rate", "data": "dataset",
           "epochs": "none: train with pg.step(epochs)", "regularizer": "regularization"}


def _shorten(name: str, value):
    if name == "points":  # one flat list of tenths: [x1, x2, label, x1, x2, label, ...]
        return [round(number * 10) for point in value for number in point]
    return [SHORT[v] for v in value] if name in ("locked", "hidden_controls") else value


def _lengthen(name: str, value):
    """A share string's value in the setting's own terms (control letters -> control names, tenths ->
    points)."""
    if name == "points":
        if not (isinstance(value, list) and len(value) % 3 == 0 and len(value) <= 3 * MAX_POINTS
                and all(isinstance(v, int) and not isinstance(v, bool) for v in value)):
            raise refuse(OWNER, name, value, f"a flat list of whole tenths, three per point, at most "
                                             f"{MAX_POINTS} points")
        return [[value[i] / 10, value[i + 1] / 10, value[i + 2] / 10] for i in range(0, len(value), 3)]
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


def _rates(value: object) -> float | tuple[float, ...]:
    """Dropout: one rate for every hidden layer, or a list of one rate per hidden layer."""
    allowed = (f"a rate from 0 to {MAX_DROPOUT} for every hidden layer, or a list of one rate per hidden "
               "layer: (0.2, 0) drops 20% of the first layer's outputs while training, none of the second's")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return number(OWNER, "dropout", value, 0, MAX_DROPOUT)
    if not isinstance(value, (list, tuple)) or len(value) > MAX_LAYERS:
        raise refuse(OWNER, "dropout", value, allowed)
    return tuple(number(OWNER, "each hidden layer's dropout", rate, 0, MAX_DROPOUT) for rate in value)


def _activations(value: object) -> tuple[str, ...]:
    allowed = f"a list of one activation per hidden layer, each from {', '.join(ACTIVATIONS)}"
    if not isinstance(value, (list, tuple)) or len(value) > MAX_LAYERS:
        raise refuse(OWNER, "activations", value, allowed)
    return tuple(choice(OWNER, "each hidden layer's activation", name, ACTIVATIONS) for name in value)


def _points(value: object) -> tuple[tuple[float, float, float], ...]:
    """Drawn points as ((x1, x2, label or target), ...), coordinates and values to the nearest tenth."""
    allowed = (f"a list of at most {MAX_POINTS} points (x1, x2, label), x1 and x2 from -{RADIUS:g} to "
               f"{RADIUS:g}, the label a class 0 to {MAX_CLASSES - 1} or a target from -1 to 1")
    if not isinstance(value, (list, tuple)) or len(value) > MAX_POINTS:
        raise refuse(OWNER, "points", value, allowed)
    points = []
    for point in value:
        if not isinstance(point, (list, tuple)) or len(point) != 3:
            raise refuse(OWNER, "each point", point, "(x1, x2, label)")
        x1, x2 = (number(OWNER, "a point's coordinate", v, -RADIUS, RADIUS) for v in point[:2])
        label = number(OWNER, "a point's label", point[2], -1, MAX_CLASSES - 1)
        points.append((round(x1, 1), round(x2, 1), round(label, 1)))
    return tuple(points)


def _per_layer(name: str, value, layers: int, default) -> tuple:
    """``value`` (one setting for every layer, or one per layer) as one per hidden layer, () when every
    layer has ``default``; a ``BadArgument`` when a list does not have one entry per hidden layer."""
    values = (value,) * layers if not isinstance(value, tuple) else value
    if len(values) != layers and values:
        raise BadArgument(f"{OWNER}: {name}={shorten(list(values))} has {len(values)} entries, but the "
                          f"network has {layers} hidden layer{'s' * (layers != 1)}: give one per layer, "
                          "or one value for all of them.")
    return () if all(v == default for v in values) else values


def _resized(values: tuple, layers: int, default) -> tuple:
    """Per-layer ``values`` for ``layers`` layers: the first ones kept, new layers ``default``."""
    return (*values[:layers], *(default,) * (layers - len(values))) if values else ()


def _points_misfit(dataset: str, points: tuple) -> str | None:
    """Why ``points`` cannot be data set ``dataset``'s (None when they can)."""
    if dataset == DRAWN and any(label != int(label) or label < 0 for _, _, label in points):
        return f"the drawn classes are numbered 0 to {MAX_CLASSES - 1}"
    if dataset == DRAWN_REGRESSION and any(abs(target) > 1 for _, _, target in points):
        return "drawn regression targets lie from -1 to 1"
    return None


def _check_points_fit(dataset: str, points: tuple) -> None:
    problem = _points_misfit(dataset, points)
    if problem:
        raise BadArgument(f"{OWNER}: these points cannot be the data set {dataset!r}: {problem}.")


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
    if name == "dropout":
        return _rates(value)
    if name == "activations":
        return _activations(value)
    if name == "points":
        return _points(value)
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
