"""The playground's data: TensorFlow Playground's six 2-D problems, generated with numpy.

Classification sets (circle, xor, gauss, spiral) have labels 0 and 1; regression
sets (plane, multigauss) have targets in [-1, 1]. Points lie in [-6, 6]^2.
``noise`` is a fraction, 0 to 0.5, as the Playground's 0-50 slider.
``OWN`` names the learner's own ``(X, y)``, checked by ``check_own_data``.
"""

from __future__ import annotations

import numpy as np

from .._arguments import BadArgument, choice, integer, number, refuse

CLASSIFICATION = ("circle", "xor", "gauss", "spiral")
REGRESSION = ("plane", "multigauss")
DATASETS = CLASSIFICATION + REGRESSION
OWN = "own"
RADIUS = 6.0
MIN_OWN_SAMPLES = 10
MAX_OWN_SAMPLES = 50_000  # more points than this makes every epoch and every redraw slow: take a sample
MAX_SAMPLES = 100_000
MAX_OWN_MAGNITUDE = 1e6
OWNER = "playground"


def is_classification(name: str) -> bool:
    """Whether the data set ``name`` is a classification problem."""
    return _known(name) in CLASSIFICATION


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


_GENERATORS = {"circle": _circle, "xor": _xor, "gauss": _gauss, "spiral": _spiral, "plane": _plane,
               "multigauss": _multigauss}


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


def check_own_data(x, y) -> tuple[np.ndarray, np.ndarray, bool]:
    """The learner's ``(X, y)`` as float32 arrays, and whether it is classification (labels 0 and 1)
    rather than regression; a ``BadArgument`` for anything the playground cannot draw."""
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
    values = np.unique(y)
    classification = set(values.tolist()) <= {0.0, 1.0}
    if not classification and len(values) <= 10 and np.all(values == np.round(values)):
        raise _refuse_data(f"y looks like class labels {values.tolist()}, but the playground separates two "
                           "classes labelled 0 and 1: pass y == some_class, or give it regression targets.")
    return x, y, classification
