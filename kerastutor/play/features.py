"""The playground's input features: x1, x2 and five functions of them, each one column."""

from __future__ import annotations

import numpy as np

from .._arguments import BadArgument, shorten

FEATURES = {
    "x1": lambda x: x[:, 0],
    "x2": lambda x: x[:, 1],
    "x1^2": lambda x: x[:, 0] ** 2,
    "x2^2": lambda x: x[:, 1] ** 2,
    "x1*x2": lambda x: x[:, 0] * x[:, 1],
    "sin(x1)": lambda x: np.sin(x[:, 0]),
    "sin(x2)": lambda x: np.sin(x[:, 1]),
}


# The same columns as numpy code, for the Keras code the playground writes out.
FEATURE_CODE = {
    "x1": "x[:, 0]",
    "x2": "x[:, 1]",
    "x1^2": "x[:, 0] ** 2",
    "x2^2": "x[:, 1] ** 2",
    "x1*x2": "x[:, 0] * x[:, 1]",
    "sin(x1)": "np.sin(x[:, 0])",
    "sin(x2)": "np.sin(x[:, 1])",
}


def check_features(names) -> tuple[str, ...]:
    """``names`` as a tuple in the Playground's order; a clear error for an unknown or empty choice
    (one string is one feature, never a list of its letters)."""
    chosen = (names,) if isinstance(names, str) else tuple(names) if isinstance(names, (list, tuple)) \
        else None
    if chosen is None:
        raise BadArgument(f"playground: features={shorten(names)} cannot be used; features must be a list "
                          f"of names from {', '.join(FEATURES)}.")
    unknown = [name for name in chosen if name not in FEATURES]
    if unknown:
        raise BadArgument(f"playground: unknown feature(s) {shorten(unknown)}; choose from "
                          f"{', '.join(FEATURES)}.")
    if not chosen:
        raise BadArgument("playground: choose at least one input feature, such as 'x1'.")
    return tuple(name for name in FEATURES if name in chosen)


def transform(x: np.ndarray, names) -> np.ndarray:
    """The columns of the chosen features for points ``x`` (shape (n, 2)): shape (n, len(names))."""
    return np.stack([FEATURES[name](x) for name in check_features(names)], axis=1).astype("float32")
