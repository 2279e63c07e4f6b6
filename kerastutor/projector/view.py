"""``kerastutor.projection``: a layer's outputs for many samples in 2-D, coloured by label; pick a point to
see its input and the model's prediction.

Only wiring: numbers come from ``compute.py``, the hoverable scatter from ``svg.py``, pictures from
``figures.py``.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import numpy as np

from .._arguments import BadArgument, choice, integer, number
from .._frontend import figure_to_png, image_bundle, show_image
from .._instrument import Instrument
from ..confusion.analysis import check_labels, class_names, read_scores
from ..confusion.figures import is_image
from ..inspector.activations import DEFAULT_BUDGET_MB, as_input_batch, check_budget, check_model
from .compute import (
    MAX_TSNE,
    METHODS,
    MIN_SAMPLES,
    Projection,
    check_size,
    choose_tap,
    nearest,
    output_tap,
    project,
    read_outputs,
)
from .figures import draw_image, draw_scatter, palette
from .svg import MAX_DRAWN, scatter_svg

OWNER = "projection"
VALUES_SHOWN = 12  # input values the detail pane shows for a sample that is not an image


class Projector(Instrument):
    """A layer's outputs for many samples projected to 2-D, a point per sample coloured by its label (or, with
    no labels, by the model's prediction).

    ``points`` are the 2-D positions, ``classes`` the colour of each point, ``selected`` the sample shown in
    detail. The widget draws the scatter as SVG (hover a point: its sample number, label and prediction)
    beside the selected sample's input and prediction; type a sample number to select it, or from code
    ``select(index)`` or ``select_nearest(x, y)``. ``show()``, ``snapshot()`` (the scatter as PNG),
    ``save(path)`` and ``.widget`` as every instrument.
    """

    OWNER = "Projector"
    SAVE_EXAMPLE = "projection"

    def __init__(self, model, x, y=None, layer=None, method: str = "pca", *,
                 budget_mb: float = DEFAULT_BUDGET_MB, seed: int = 0) -> None:
        check_model(OWNER, model)
        method = choice(OWNER, "method", method, METHODS)
        seed = integer(OWNER, "seed", seed, 0, 2**32 - 1)
        budget_mb = check_budget(OWNER, budget_mb)
        arrays, _ = as_input_batch(model, x, OWNER, "x")
        count = len(arrays[0])
        if count < MIN_SAMPLES:
            raise BadArgument(f"{OWNER}: x holds {count} sample(s); a projection needs at least "
                              f"{MIN_SAMPLES}.")
        if method == "tsne" and count > MAX_TSNE:
            raise BadArgument(f"{OWNER}: t-SNE of {count:,} samples would take many minutes on one CPU; "
                              f"pass at most {MAX_TSNE:,} samples (x[:{MAX_TSNE}]), or use method='pca', "
                              "which takes seconds.")
        labels = None if y is None else check_labels(y, count, OWNER)
        taps, tap = choose_tap(model, layer, OWNER)
        check_size(tap, count, budget_mb)
        features, outputs = read_outputs(model, arrays, tap, output_tap(taps, model), budget_mb)
        points, explained = project(features, method, seed)
        self.result = Projection(tap.name, features.shape[1], method, points, outputs, explained)
        scores = None if outputs is None else read_scores(outputs, OWNER)
        self.predicted = None if scores is None else scores.predicted
        self.confidence = None if scores is None else scores.confidence
        self.model = model
        self.inputs = arrays[0]
        self.images = len(arrays) == 1 and is_image(self.inputs.shape[1:])
        self.labels = labels
        self.colored_by = "label" if labels is not None else "none" if scores is None else "prediction"
        self.classes = labels if labels is not None else self.predicted
        width = 0 if self.classes is None else int(self.classes.max()) + 1
        if scores is not None:
            width = max(width, scores.probabilities.shape[1])
        self.names = class_names(None, width, OWNER)
        self.selected = 0

    @property
    def points(self) -> np.ndarray:
        """Each sample's 2-D position (n, 2)."""
        return self.result.points.copy()

    def select(self, index: int) -> None:
        """Show sample ``index`` in detail (and ring it in the scatter)."""
        self.selected = integer(f"{OWNER}.select", "index", index, 0, len(self.result.points) - 1)
        if getattr(self, "_widget", None) is not None:
            if self.index_control.value != self.selected:
                self.index_control.value = self.selected  # its observer redraws
            else:
                self._redraw()

    def select_nearest(self, x: float, y: float) -> int:
        """Select the sample whose point is nearest to (x, y) in the projection's coordinates; return it."""
        owner = f"{OWNER}.select_nearest"
        self.select(nearest(self.result.points, number(owner, "x", x), number(owner, "y", y)))
        return self.selected

    def describe(self, index: int) -> str:
        """One sample in words: its label and what the model said."""
        parts = [f"sample #{index}"]
        if self.labels is not None:
            parts.append(f"label {self.names[int(self.labels[index])]}")
        if self.predicted is not None:
            parts.append(f"predicted {self.names[int(self.predicted[index])]} ({self.confidence[index]:.0%})")
        return " · ".join(parts)

    # ---- the instrument's hooks -------------------------------------------------------------------
    def _summary(self) -> str:
        result = self.result
        how = "PCA" if result.method == "pca" else "t-SNE"
        variance = (f"; the two axes explain {result.explained[0]:.0%} and {result.explained[1]:.0%} of the "
                    "variance" if result.explained else "")
        colour = {"label": f"coloured by label ({len(self.names)} classes)",
                  "prediction": "coloured by the model's prediction (no labels given)",
                  "none": "one colour (no labels, no single output)"}[self.colored_by]
        return (f"projection: layer {result.layer!r} ({result.width:,} values per sample) of "
                f"{len(result.points):,} samples by {how}{variance}; {colour}")

    def _text(self) -> str:
        return f"{self._summary()}\nselected: {self.describe(self.selected)}"

    def _figure(self):
        return draw_scatter(self.result, self.classes, self.names, self.colored_by, self.selected)

    def _static(self) -> list[str | dict]:
        return [image_bundle(figure_to_png(self._figure()), self._summary())]

    def _build_widget(self):
        self.scatter = widgets.HTML()
        last = len(self.result.points) - 1
        self.index_control = widgets.BoundedIntText(value=self.selected, min=0, max=last,
                                                    description="sample", layout=widgets.Layout(width="20em"))
        self.index_control.observe(self._on_index, names="value")
        self.detail_image = widgets.Image(format="png")
        self.detail = widgets.HTML()
        count = len(self.result.points)
        sampled = f" ({MAX_DRAWN:,} of the {count:,} points drawn, spread evenly)" if count > MAX_DRAWN \
            else ""
        hint = widgets.HTML("<i>hover a point for its sample number, label and prediction; type the number "
                            f"to see its input{sampled}</i>")
        pane = widgets.VBox([self.index_control, self.detail_image, self.detail],
                            layout=widgets.Layout(margin="0 0 0 12px"))
        self._redraw()
        return widgets.VBox([widgets.HTML(html.escape(self._summary())), hint,
                             widgets.HBox([self.scatter, pane])])

    # ---- wiring -----------------------------------------------------------------------------------
    def _on_index(self, change) -> None:
        self.selected = int(change["new"])
        self._redraw()

    def _tips(self) -> list[str]:
        if getattr(self, "_tip_cache", None) is None:
            self._tip_cache = [self.describe(i) for i in range(len(self.result.points))]
        return self._tip_cache

    def _redraw(self) -> None:
        self.scatter.value = scatter_svg(self.result.points, self.classes, palette(len(self.names)),
                                         self._tips(), self.selected)
        sample = self.inputs[self.selected]
        show_image(self.detail_image, figure_to_png(draw_image(sample)) if self.images else None)
        lines = [html.escape(self.describe(self.selected))]
        if not self.images:
            values = np.asarray(sample).ravel()
            shown = ", ".join(f"{v:.3g}" for v in values[:VALUES_SHOWN])
            lines.append(f"input: [{shown}{', ...' if values.size > VALUES_SHOWN else ''}]")
        if self.result.predictions is not None:
            output = self.result.predictions[self.selected]
            lines.append("output: [" + ", ".join(f"{v:.3g}" for v in output[:VALUES_SHOWN])
                         + (", ...]" if output.size > VALUES_SHOWN else "]"))
        self.detail.value = "<br>".join(lines)


def projection(model, x, y=None, layer=None, method: str = "pca", *, budget_mb: float = DEFAULT_BUDGET_MB,
               seed: int = 0) -> Projector:
    """What the network thinks is similar: layer ``layer``'s outputs for the samples ``x`` projected to 2-D,
    a point per sample coloured by its label ``y`` (integers or one-hot; without it, by the prediction).

    ``layer``: a layer name (``outer/inner`` inside a nested model) or Layer; by default the penultimate layer
    (the one feeding the output layer). ``method``: ``"pca"`` (scikit-learn's PCA, seconds for thousands of
    samples) or ``"tsne"`` (t-SNE, which keeps neighbours together but is slow on one CPU: refused above
    2,000 samples). Outputs are read a batch at a time so that no layer output exceeds ``budget_mb``
    megabytes, and the projected layer's outputs for all samples must fit in it too; ``seed`` makes the
    projection repeatable. The model is left unchanged.
    """
    return Projector(model, x, y, layer, method, budget_mb=budget_mb, seed=seed)
