"""The playground's input features: x1, x2 and five functions of them, each one column."""

from __future__ import annotations

import numpy as np

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
    """``names`` as a tuple in the Playground's order; a clear error for an unknown or empty choice."""
    chosen = tuple(names)
    unknown = [name for name in chosen if name not in FEATURES]
    if unknown:
        raise ValueError(f"unknown feature(s) {unknown}; choose from {', '.join(FEATURES)}.")
    if not chosen:
        raise ValueError("choose at least one input feature, such as 'x1'.")
    return tuple(name for name in FEATURES if name in chosen)


def transform(x: np.ndarray, names) -> np.ndarray:
    """The columns of the chosen features for points ``x`` (shape (n, 2)): shape (n, len(names))."""
    return np.stack([FEATURES[name](x) for name in check_features(names)], axis=1).astype("float32")
