"""The playground's data: TensorFlow Playground's six 2-D problems and two with more classes, generated
with numpy, and the points a learner draws.

Classification sets have labels 0..k-1: circle, xor, gauss and spiral two classes, spiral3 three and
blobs4 four. Regression sets (plane, multigauss) have targets in [-1, 1]. Points lie in [-6, 6]^2.
``noise`` is a fraction, 0 to 0.5, as the Playground's 0-50 slider. ``DRAWN`` and ``DRAWN_REGRESSION``
are the points drawn on the map (``drawn_data``); ``OWN`` names the learner's own ``(X, y)``, checked by
``check_own_data``.
"""

from __future__ import annotations

import numpy as np

from .._arguments import BadArgument, choice, integer, number, refuse

CLASSIFICATION = ("circle", "xor", "gauss", "spiral", "spiral3", "blobs4")
REGRESSION = ("plane", "multigauss")
DATASETS = CLASSIFICATION + REGRESSION
CLASS_COUNTS = {"spiral3": 3, "blobs4": 4}  # the other classification sets have two
DRAWN, DRAWN_REGRESSION = "drawn", "drawn_regression"
DRAWN_SETS = (DRAWN, DRAWN_REGRESSION)
OWN = "own"
MAX_CLASSES = 4  # the map has a colour for each; more would be hard to tell apart
RADIUS = 6.0
MIN_OWN_SAMPLES = 10
MAX_OWN_SAMPLES = 50_000  # more points than this makes every epoch and every redraw slow: take a sample
MAX_SAMPLES = 100_000
MAX_OWN_MAGNITUDE = 1e6
OWNER = "playground"


def is_classification(name: str) -> bool:
    """Whether the data set ``name`` is a classification problem."""
    if name in DRAWN_SETS:
        return name == DRAWN
    return _known(name) in CLASSIFICATION


def class_count(name: str) -> int:
    """How many classes generated set ``name`` has: 2 or more, 0 for regression."""
    return CLASS_COUNTS.get(name, 2) if is_classification(name) else 0


def _known(name: str) -> str:
    if name == OWN:
        raise BadArgument("the data set 'own' is data you pass yourself: kt.playground(data=(X, y)).")
    return choice(OWNER, "dataset", name, DATASETS)


def make_data(name: str, samples: int = 400, noise: float = 0.0,
              seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """``samples`` points of data set ``name``: ``(x, y)``, x of shape (samples, 2), float32."""
    _known(name)
    integer(OWNER, "samples", samples, 4, MAX_SAMPLES)
    number(OWNER, "noise", noise, 0, 0.5)
    integer(OWNER, "seed", seed, 0)
    rng = np.random.default_rng(seed)
    x, y = _GENERATORS[name](rng, samples, noise)
    return x.astype("float32"), y.astype("float32")


def _circle(rng, samples, noise):
    radius = 5.0
    inner = samples // 2
    r = np.concatenate([rng.uniform(0, radius * 0.5, inner),
                        rng.uniform(radius * 0.7, radius, samples - inner)])
    angle = rng.uniform(0, 2 * np.pi, samples)
    x = np.stack([r * np.sin(angle), r * np.cos(angle)], axis=1)
    shaken = x + rng.uniform(-radius, radius, x.shape) * noise
    return x, (np.hypot(shaken[:, 0], shaken[:, 1]) < radius * 0.5).astype(float)


def _xor(rng, samples, noise):
    x = rng.uniform(-5, 5, (samples, 2))
    x += np.where(x > 0, 0.3, -0.3)  # keep points off the axes, as the Playground does
    shaken = x + rng.uniform(-5, 5, x.shape) * noise
    return x, (shaken[:, 0] * shaken[:, 1] >= 0).astype(float)


def _gauss(rng, samples, noise):
    spread = np.sqrt(0.5 + (4 - 0.5) * noise / 0.5)  # variance 0.5 without noise, 4 at the most
    half = samples // 2
    positive = rng.normal(2, spread, (half, 2))
    negative = rng.normal(-2, spread, (samples - half, 2))
    return np.concatenate([positive, negative]), np.concatenate([np.ones(half), np.zeros(samples - half)])


def _spiral(rng, samples, noise):
    half = samples // 2
    parts, labels = [], []
    for count, turn, label in ((half, 0.0, 1.0), (samples - half, np.pi, 0.0)):
        step = np.arange(count) / count
        r, t = step * 5, 1.75 * step * 2 * np.pi + turn
        arm = np.stack([r * np.sin(t), r * np.cos(t)], axis=1)
        parts.append(arm + rng.uniform(-1, 1, (count, 2)) * noise)
        labels.append(np.full(count, label))
    return np.concatenate(parts), np.concatenate(labels)


def _spiral3(rng, samples, noise):
    """Three arms winding out from the centre, each three quarters of a turn, a third of a turn apart."""
    parts, labels = [], []
    for label in range(3):
        count = samples // 3 + (label < samples % 3)
        step = np.arange(count) / count
        r, t = step * 5, 0.75 * step * 2 * np.pi + label * 2 * np.pi / 3
        arm = np.stack([r * np.sin(t), r * np.cos(t)], axis=1)
        parts.append(arm + rng.uniform(-1, 1, (count, 2)) * noise)
        labels.append(np.full(count, float(label)))
    return np.concatenate(parts), np.concatenate(labels)


def _blobs4(rng, samples, noise):
    """Four round clouds, one in each quarter of the square."""
    spread = np.sqrt(0.5 + (4 - 0.5) * noise / 0.5)  # as the two gaussians
    centres = np.array([[2.5, 2.5], [-2.5, 2.5], [-2.5, -2.5], [2.5, -2.5]])
    parts, labels = [], []
    for label, centre in enumerate(centres):
        count = samples // 4 + (label < samples % 4)
        parts.append(rng.normal(centre, spread, (count, 2)))
        labels.append(np.full(count, float(label)))
    return np.concatenate(parts), np.concatenate(labels)


def _plane(rng, samples, noise):
    x = rng.uniform(-RADIUS, RADIUS, (samples, 2))
    shaken = x + rng.uniform(-RADIUS, RADIUS, x.shape) * noise
    return x, np.clip((shaken[:, 0] + shaken[:, 1]) / (2 * RADIUS), -1, 1)


def _multigauss(rng, samples, noise):
    centres = np.array([[-4, 2.5], [0, 2.5], [4, 2.5], [-4, -2.5], [0, -2.5], [4, -2.5]])
    signs = np.array([-1, 1, -1, 1, -1, 1])
    x = rng.uniform(-RADIUS, RADIUS, (samples, 2))
    shaken = x + rng.uniform(-RADIUS, RADIUS, x.shape) * noise
    distance = np.linalg.norm(shaken[:, None, :] - centres[None], axis=2)
    bumps = signs * np.exp(-(distance ** 2) / 2)
    strongest = np.abs(bumps).argmax(axis=1)
    return x, bumps[np.arange(samples), strongest]


_GENERATORS = {"circle": _circle, "xor": _xor, "gauss": _gauss, "spiral": _spiral, "spiral3": _spiral3,
               "blobs4": _blobs4, "plane": _plane, "multigauss": _multigauss}


def drawn_data(points: tuple, regression: bool) -> tuple[np.ndarray, np.ndarray, int]:
    """The drawn ``points`` ((x1, x2, label or target), ...) as ``(x, y, classes)``: classes is 0 for
    regression, else the largest label + 1 (at least 2, so one drawn class is still a yes-or-no)."""
    values = np.asarray(points, dtype="float32").reshape(-1, 3)
    x, y = values[:, :2], values[:, 2]
    if regression:
        return x, y, 0
    return x, y, max(2, int(y.max()) + 1 if len(y) else 2)


def split(x: np.ndarray, y: np.ndarray, train_fraction: float = 0.5, seed: int = 0):
    """Shuffle and cut into ``(x_train, y_train, x_test, y_test)``."""
    number(OWNER, "train_fraction", train_fraction, 0.1, 0.9)
    integer(OWNER, "seed", seed, 0)
    order = np.random.default_rng(seed + 1).permutation(len(x))
    cut = int(round(len(x) * train_fraction))
    train, test = order[:cut], order[cut:]
    return x[train], y[train], x[test], y[test]


def _refuse_data(problem: str) -> BadArgument:
    return BadArgument(f"{OWNER}: data cannot be used: {problem}")


def _rows(part: object) -> int:
    """``len(part)``, or ``MIN_OWN_SAMPLES`` when it has none (the shape checks then say what is wrong)."""
    try:
        return MIN_OWN_SAMPLES if isinstance(part, str) else len(part)
    except TypeError:
        return MIN_OWN_SAMPLES


def _check_rows(rows: int) -> None:
    if not MIN_OWN_SAMPLES <= rows <= MAX_OWN_SAMPLES:
        raise _refuse_data(f"the playground needs from {MIN_OWN_SAMPLES} to {MAX_OWN_SAMPLES:,} samples (at "
                           f"least {MIN_OWN_SAMPLES} to split into training and test points, at most "
                           f"{MAX_OWN_SAMPLES:,} to keep training live); got {rows:,}. For more, take a "
                           "sample: X[:5000], y[:5000].")


def check_data_pair(data: object) -> tuple[object, object]:
    """``data`` as ``(X, y)``: a pair, not one array or a longer tuple."""
    if not isinstance(data, (tuple, list)) or len(data) != 2:
        raise refuse(OWNER, "data", data, "a pair (X, y): X of shape (samples, 2) and y of shape (samples,)")
    return data[0], data[1]


def check_own_data(x, y) -> tuple[np.ndarray, np.ndarray, int]:
    """The learner's ``(X, y)`` as float32 arrays, and how many classes: k for class labels 0..k-1
    (2 <= k <= ``MAX_CLASSES``), 0 for regression targets; a ``BadArgument`` for anything the playground
    cannot draw."""
    for part in (x, y):  # the row count before any copy: a huge array is refused without one
        _check_rows(_rows(part))
    if np.iscomplexobj(x) or np.iscomplexobj(y):
        raise _refuse_data("X and y must be real numbers, not complex ones.")
    try:
        x = np.asarray(x, dtype="float32")
        y = np.asarray(y, dtype="float32")
    except (TypeError, ValueError, OverflowError) as error:
        raise _refuse_data(f"the playground needs numbers: X of shape (samples, 2) and y of shape (samples,) "
                           f"({str(error)[:80]}).") from None
    if x.ndim != 2 or x.shape[1] != 2:
        raise _refuse_data(f"X must have two features, shape (samples, 2), to be drawn on the plane; got "
                           f"shape {x.shape}. Pick two columns, for example X[:, :2], or project with PCA "
                           "first.")
    if y.ndim == 2 and y.shape[1] == 1:
        y = y[:, 0]
    if y.ndim != 1 or len(y) != len(x):
        raise _refuse_data(f"y must hold one label or target per row of X: X has {len(x)} rows, y has shape "
                           f"{y.shape}.")
    _check_rows(len(x))
    if not (np.isfinite(x).all() and np.isfinite(y).all()):
        raise _refuse_data("X and y must be finite numbers: remove or fill the rows with NaN or infinity "
                           "first.")
    largest = max(float(np.abs(x).max()), float(np.abs(y).max()))
    if largest > MAX_OWN_MAGNITUDE:
        raise _refuse_data(f"X and y reach {largest:.3g}; the playground takes values within "
                           f"±{MAX_OWN_MAGNITUDE:,.0f} (their squares must stay finite in float32): scale "
                           "them first, for example with sklearn's StandardScaler.")
    return x, y, _classes(np.unique(y))


def _classes(values: np.ndarray) -> int:
    """The class count that labels ``values`` (sorted, unique) stand for; 0 when they are targets."""
    labels = [int(v) for v in values.tolist() if v == int(v)]
    if len(labels) != len(values) or len(values) > 10:
        return 0  # fractions, or many values: regression targets
    if labels == list(range(len(labels))) or labels in ([0], [1]):
        if len(labels) > MAX_CLASSES:
            raise _refuse_data(f"y has {len(labels)} classes; the playground colours at most {MAX_CLASSES}. "
                               f"Keep {MAX_CLASSES} of them: mask = y < {MAX_CLASSES}; X, y = X[mask], "
                               "y[mask].")
        return max(2, len(labels))
    raise _refuse_data(f"y looks like class labels {values.tolist()}, but the playground's classes are "
                       "numbered 0, 1, 2, ... without gaps: renumber them, for example with "
                       "np.unique(y, return_inverse=True)[1], or give it regression targets.")
