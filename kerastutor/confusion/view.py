"""``kerastutor.mistakes``: what a classifier gets wrong, as a confusion matrix, per-class precision and
recall, and its most confident mistakes.

Only wiring: predictions come from ``batches.py``, the numbers from ``analysis.py``, pictures from
``figures.py``.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import numpy as np

from .._arguments import BadArgument, integer
from .._frontend import figure_to_png, image_bundle, show_image
from .._instrument import Instrument
from .._quiet import import_keras
from ..inspector.activations import DEFAULT_BUDGET_MB, as_input_batch, check_budget, check_model
from .analysis import SINGLE_OUTPUT, analyse, check_labels, class_names, format_report, read_scores
from .batches import predict
from .figures import NORMALIZE, draw_confusion, draw_grid, draw_summary, is_image, values_table
from .overlays import AUTO, Overlays, check_method

keras = import_keras()

OWNER = "mistakes"
MAX_TOP = 64
EVERY_CLASS = "every class"


def _output_classes(model) -> int | None:
    """The number of classes a graph model scores (1: one sigmoid output), None when unknown; a model with
    several outputs is refused."""
    try:
        outputs = model.outputs
    except AttributeError:
        return None
    if outputs is not None and len(outputs) > 1:
        raise BadArgument(f"{OWNER}: this model has {len(outputs)} outputs; give a classifier with one "
                          "output (or keras.Model(model.inputs, model.outputs[k]) for output k).")
    shape = tuple(outputs[0].shape) if outputs else ()
    return shape[-1] if len(shape) == 2 else None


class Mistakes(Instrument):
    """What a classifier gets wrong on labelled samples.

    ``confusion`` is the confusion matrix (rows: true class, columns: predicted), ``report`` per-class
    precision, recall and support, ``examples`` the most confident mistakes (sample index, true and
    predicted class, confidence), all plain data. Images are shown in a grid, each with a saliency overlay
    (``overlays``: where the model looked to give its answer); other inputs as a table of their values.
    The widget chooses counts or shares in the matrix and the true class whose mistakes are shown;
    ``select(normalize=..., true_class=...)`` does the same from code. ``show()``, ``snapshot()``,
    ``save(path)`` and ``.widget`` as every instrument.
    """

    OWNER = "Mistakes"

    def __init__(self, model, x, y, *, labels=None, top: int = 16, saliency: str | None = AUTO,
                 budget_mb: float = DEFAULT_BUDGET_MB) -> None:
        check_model(OWNER, model)
        self.top = integer(OWNER, "top", top, 1, MAX_TOP)
        budget_mb = check_budget(OWNER, budget_mb)
        method = check_method(OWNER, saliency)
        arrays, _ = as_input_batch(model, x, OWNER, "x")
        true = check_labels(y, len(arrays[0]), OWNER)
        known = _output_classes(model)
        if known is not None:
            class_names(labels, max(known, 2), OWNER)
        scores = read_scores(predict(model, arrays, budget_mb), OWNER)
        names = class_names(labels, scores.probabilities.shape[1], OWNER)
        self.analysis = analyse(true, scores, names, OWNER)
        self.model = model
        self.inputs = arrays[0]
        self.images = self.inputs if len(arrays) == 1 and is_image(self.inputs.shape[1:]) else None
        explainable = self.images is not None and method is not None and scores.kind not in SINGLE_OUTPUT
        self.overlays = Overlays(model, self.images, self.analysis.predicted, method, budget_mb) \
            if explainable else None
        self.normalize: str | None = None
        self.true_class: int | None = None

    # ---- plain data -------------------------------------------------------------------------------
    @property
    def confusion(self) -> np.ndarray:
        """The confusion matrix: ``confusion[i, j]`` samples of true class i predicted as class j."""
        return self.analysis.confusion.copy()

    @property
    def report(self) -> dict[str, dict[str, float]]:
        """Per class name: ``{"precision", "recall", "support"}``."""
        return self.analysis.report()

    @property
    def examples(self) -> list[dict]:
        """The mistakes shown, most confident first: ``{"index", "true", "predicted", "confidence"}``."""
        names = self.analysis.names
        return [{"index": int(i), "true": names[int(self.analysis.true[i])],
                 "predicted": names[int(self.analysis.predicted[i])],
                 "confidence": float(self.analysis.scores.confidence[i])} for i in self._indices()]

    def select(self, normalize: str | None = None, true_class: str | None = None) -> None:
        """Show the matrix as ``"counts"``, ``"by true class (recall)"`` or ``"by predicted class
        (precision)"``, and the mistakes of one true class (by name; ``"every class"``: all)."""
        if normalize is not None:
            if normalize not in NORMALIZE:
                raise BadArgument(f"{OWNER}.select: normalize={normalize!r} cannot be used; normalize must "
                                  f"be one of {', '.join(map(repr, NORMALIZE))}.")
            self.normalize = NORMALIZE[normalize]
        if true_class is not None:
            names = self.analysis.names
            if true_class != EVERY_CLASS and true_class not in names:
                raise BadArgument(f"{OWNER}.select: true_class={true_class!r} cannot be used; true_class "
                                  f"must be {EVERY_CLASS!r} or one of the class names {names[:20]}.")
            self.true_class = None if true_class == EVERY_CLASS else names.index(true_class)
        if getattr(self, "_widget", None) is not None:
            self._sync_controls()
            self._redraw()

    # ---- the instrument's hooks -------------------------------------------------------------------
    def _indices(self) -> np.ndarray:
        return self.analysis.mistakes(self.top, self.true_class)

    def _heatmaps(self, indices: np.ndarray) -> tuple[np.ndarray | None, str]:
        """The saliency maps of the mistakes shown (None without overlays) and the method's name."""
        if self.overlays is None:
            return None, ""
        heatmaps = self.overlays.maps(indices)
        return heatmaps, self.overlays.used(indices)

    def _table(self) -> str:
        return values_table(self.analysis, self.inputs, self._indices())

    def _text(self) -> str:
        return f"{format_report(self.analysis)}\n\nmost confident mistakes\n{self._table()}{self._note()}"

    def _note(self) -> str:
        """A line saying why there are no saliency overlays, once they were tried and failed."""
        note = None if self.overlays is None else self.overlays.note
        return f"\n{note}" if note else ""

    def _figure(self):
        indices = self._indices()
        return draw_summary(self.analysis, self.normalize, self.images, indices, self._table(),
                            *self._heatmaps(indices))

    def _static(self) -> list[str | dict]:
        caption = (f"mistakes: confusion matrix of {len(self.analysis.names)} classes and the "
                   f"{len(self._indices())} most confident mistakes")
        picture = image_bundle(figure_to_png(self._figure()), caption)
        return [format_report(self.analysis) + self._note(), picture]

    def _build_widget(self):
        self.normalize_control = widgets.Dropdown(options=list(NORMALIZE), description="matrix",
                                                  layout=widgets.Layout(width="330px"))
        self.class_control = widgets.Dropdown(options=[EVERY_CLASS, *self.analysis.names],
                                              description="true class", layout=widgets.Layout(width="260px"))
        self._sync_controls()
        for control in (self.normalize_control, self.class_control):
            control.observe(self._on_control, names="value")
        self.report_view = widgets.HTML(f"<pre>{html.escape(format_report(self.analysis))}</pre>")
        self.matrix_image = widgets.Image(format="png")
        self.grid_image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%"))
        self.table_view = widgets.HTML()
        self._redraw()
        return widgets.VBox([widgets.HBox([self.normalize_control, self.class_control]),
                             widgets.HBox([self.matrix_image, self.report_view]), self.grid_image,
                             self.table_view])

    # ---- wiring -----------------------------------------------------------------------------------
    def _on_control(self, change) -> None:
        if getattr(self, "_syncing", False):
            return
        self.select(self.normalize_control.value, self.class_control.value)

    def _sync_controls(self) -> None:
        self._syncing = True
        try:
            self.normalize_control.value = next(k for k, v in NORMALIZE.items() if v == self.normalize)
            names = self.analysis.names
            self.class_control.value = EVERY_CLASS if self.true_class is None else names[self.true_class]
        finally:
            self._syncing = False

    def _redraw(self) -> None:
        self.matrix_image.value = figure_to_png(draw_confusion(self.analysis, self.normalize))
        indices = self._indices()
        if self.images is not None:
            heatmaps, method = self._heatmaps(indices)
            grid = draw_grid(self.analysis, self.images, indices, heatmaps, method=method)
            show_image(self.grid_image, figure_to_png(grid))
            self.table_view.value = ""
        else:
            show_image(self.grid_image, None)
            self.table_view.value = f"<pre>{html.escape(self._table())}</pre>"


def mistakes(model, x, y, *, labels=None, top: int = 16, saliency: str | None = AUTO,
             budget_mb: float = DEFAULT_BUDGET_MB) -> Mistakes:
    """What classifier ``model`` gets wrong on samples ``x`` with true labels ``y``.

    ``model``: a Keras classifier with one output: softmax probabilities, logits, one sigmoid probability
    (binary) or a sigmoid per class. ``y``: integer labels or one-hot rows. ``labels``: the class names
    (default 0, 1, ...). ``top``: how many of the most confident mistakes to show (1 to 64). ``saliency``:
    over each image mistake, where the model looked to give its (wrong) answer (``kt.saliency`` of the
    predicted class, for a model with one output of class scores): ``"auto"`` (Grad-CAM on a model with a
    convolution, plain gradients otherwise), a ``kt.saliency`` method name, or None for none. Predictions
    run in batches sized so that no layer output exceeds ``budget_mb`` megabytes; every argument is checked
    before the model runs, and the model is left unchanged.
    """
    return Mistakes(model, x, y, labels=labels, top=top, saliency=saliency, budget_mb=budget_mb)
