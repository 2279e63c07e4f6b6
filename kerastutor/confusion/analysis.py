"""A classifier's answers against the true labels: the scores read as probabilities, the confusion matrix,
per-class precision and recall (scikit-learn), and the most confident mistakes. Pure computation."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .._arguments import BadArgument, shorten

ROW_SUM_TOLERANCE = 1e-3  # softmax rows sum to 1 up to float rounding
SINGLE_OUTPUT = ("sigmoid", "sigmoid logit")  # kinds read from one output (a binary classifier)


@dataclass(frozen=True)
class Scores:
    """The model's outputs as per-class probabilities: ``kind`` says how they were read."""

    probabilities: np.ndarray  # (n, classes)
    kind: str                  # "softmax", "logits", "sigmoid", "sigmoid logit", "per-class sigmoid"

    @property
    def predicted(self) -> np.ndarray:
        """The predicted class of each sample."""
        return self.probabilities.argmax(axis=1)

    @property
    def confidence(self) -> np.ndarray:
        """The probability the model gives its predicted class."""
        return self.probabilities.max(axis=1)


def _softmax(values: np.ndarray) -> np.ndarray:
    shifted = np.exp(values - values.max(axis=1, keepdims=True))
    return shifted / shifted.sum(axis=1, keepdims=True)


def read_scores(outputs: np.ndarray, owner: str) -> Scores:
    """Softmax probabilities, logits, one sigmoid probability (binary) or a sigmoid per class, as
    probabilities per class; a binary output becomes two classes (0: below 0.5, 1: above)."""
    values = np.asarray(outputs, dtype=np.float64)
    if values.ndim == 2 and values.shape[1] == 1 or values.ndim == 1:
        values = values.reshape(-1)
        inside = bool(((values >= 0) & (values <= 1)).all())
        positive = values if inside else 1 / (1 + np.exp(-values))
        return Scores(np.stack([1 - positive, positive], axis=1), "sigmoid" if inside else "sigmoid logit")
    if values.ndim != 2:
        raise BadArgument(f"{owner}: the model's output has shape {values.shape}; a classifier gives one "
                          "row of class scores per sample (shape (samples, classes)) or one probability.")
    inside = bool(((values >= 0) & (values <= 1)).all())
    if inside and np.allclose(values.sum(axis=1), 1, atol=ROW_SUM_TOLERANCE):
        return Scores(values, "softmax")
    if inside:
        return Scores(values, "per-class sigmoid")
    return Scores(_softmax(values), "logits")


def check_labels(y: object, count: int, owner: str) -> np.ndarray:
    """``y`` as one integer label per sample: integer labels ((n,) or (n, 1)) or one-hot rows ((n, k))."""
    allowed = (f"the true labels of the {count:,} samples: integers (shape ({count},)) or one-hot rows "
               f"(shape ({count}, classes))")
    try:
        labels = np.asarray(y)
    except (TypeError, ValueError) as error:
        raise BadArgument(f"{owner}: y={shorten(y)} cannot be used; y must be {allowed}.") from error
    if labels.dtype.kind not in "biuf" or labels.ndim not in (1, 2) or len(labels) != count:
        raise BadArgument(f"{owner}: y of shape {labels.shape} ({labels.dtype}) cannot be used; y must be "
                          f"{allowed}.")
    if labels.ndim == 2 and labels.shape[1] > 1:
        one_hot = np.isin(labels, (0, 1)).all() and (labels.sum(axis=1) == 1).all()
        if not one_hot:
            raise BadArgument(f"{owner}: y has {labels.shape[1]} columns but its rows are not one-hot "
                              "(one 1, the rest 0); give integer labels or one-hot rows.")
        return labels.argmax(axis=1)
    labels = labels.reshape(-1)
    if not (np.isfinite(labels).all() and (labels == np.round(labels)).all() and (labels >= 0).all()):
        raise BadArgument(f"{owner}: y holds values that are not class numbers 0, 1, 2...; give integer "
                          "labels (or one-hot rows).")
    return labels.astype(np.int64)


def class_names(labels: object, count: int, owner: str) -> list[str]:
    """The names of the ``count`` classes: ``labels`` when given (a list of ``count`` names), else 0, 1..."""
    if labels is None:
        return [str(i) for i in range(count)]
    if isinstance(labels, (str, bytes)) or not isinstance(labels, Sequence) or len(labels) != count:
        raise BadArgument(f"{owner}: labels={shorten(labels)} cannot be used; labels must be a list of "
                          f"{count} class names, one per class the model scores (or None).")
    return [str(name) for name in labels]


@dataclass(frozen=True)
class Analysis:
    """What a classifier got right and wrong on labelled samples."""

    true: np.ndarray
    scores: Scores
    names: list[str]
    confusion: np.ndarray  # rows: true class, columns: predicted class
    precision: np.ndarray
    recall: np.ndarray
    support: np.ndarray

    @property
    def predicted(self) -> np.ndarray:
        """Each sample's predicted class."""
        return self.scores.predicted

    @property
    def accuracy(self) -> float:
        """The share of samples classified right."""
        return float((self.predicted == self.true).mean())

    def mistakes(self, top: int, true_class: int | None = None) -> np.ndarray:
        """Indices of the ``top`` most confident mistakes (of one true class if given), surest first."""
        wrong = np.flatnonzero((self.predicted != self.true) & (
            True if true_class is None else self.true == true_class))
        order = np.argsort(-self.scores.confidence[wrong], kind="stable")
        return wrong[order][:top]

    def report(self) -> dict[str, dict[str, float]]:
        """Per class: precision, recall and support (the number of true samples), as plain data."""
        return {name: {"precision": float(p), "recall": float(r), "support": int(s)}
                for name, p, r, s in zip(self.names, self.precision, self.recall, self.support)}


def analyse(true: np.ndarray, scores: Scores, names: list[str], owner: str) -> Analysis:
    """The confusion matrix, precision and recall (scikit-learn; a class never predicted has precision 0)."""
    from sklearn.metrics import confusion_matrix, precision_recall_fscore_support

    count = scores.probabilities.shape[1]
    if true.max() >= count:
        raise BadArgument(f"{owner}: y holds class {int(true.max())} but the model scores {count} classes "
                          f"(0 to {count - 1}); check that y belongs to this model.")
    classes = list(range(count))
    confusion = confusion_matrix(true, scores.predicted, labels=classes)
    precision, recall, _, support = precision_recall_fscore_support(
        true, scores.predicted, labels=classes, zero_division=0)
    return Analysis(true, scores, names, confusion, precision, recall, support)


def format_report(analysis: Analysis) -> str:
    """Accuracy, then one line per class: precision, recall, support."""
    width = max(5, *(len(name) for name in analysis.names))
    lines = [f"accuracy {analysis.accuracy:.3f} on {len(analysis.true):,} samples "
             f"({int((analysis.predicted != analysis.true).sum()):,} mistakes; outputs read as "
             f"{analysis.scores.kind})",
             f"{'class'.ljust(width)}  precision  recall  support"]
    for name, values in analysis.report().items():
        lines.append(f"{name.ljust(width)}  {values['precision']:9.3f}  {values['recall']:6.3f}  "
                     f"{values['support']:7,}")
    return "\n".join(lines)
