"""``kt.saliency_view(model, images)``: heatmaps over the images, with a method and an image control.

Only wiring: the maps come from ``compute.py``, the words from ``summary.py``, the pictures from
``figures.py``. Each method is computed once, when it is first shown.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import ipywidgets as widgets

from .._arguments import BadArgument, integer, refuse
from .._frontend import figure_to_png, image_bundle, show_image
from .._instrument import Instrument
from ..inspector.activations import DEFAULT_BUDGET_MB
from .compute import METHODS, N_SAMPLES, NOISE, STEPS, Explanation, explain, is_graph_model
from .figures import detail_figure, grid_figure
from .summary import image_line, summary_text


def _class_names(owner: str, names: object, classes: int | None) -> list[str] | None:
    """``names`` checked: None, or one name per class (``classes`` None: not known yet)."""
    if names is None:
        return None
    wrong_count = classes is not None and isinstance(names, Sequence) and len(names) != classes
    if isinstance(names, str) or not isinstance(names, Sequence) or wrong_count:
        count = classes or "the"
        raise refuse(owner, "class_names", names, f"None or a list of {count} names, one per class")
    return [str(name) for name in names]


def _class_count(model) -> int | None:
    """How many classes a graph model outputs (None for a subclassed model: known after it runs)."""
    outputs = getattr(model, "outputs", None) if is_graph_model(model) else None
    return outputs[0].shape[-1] if outputs and len(outputs[0].shape) == 2 else None


class SaliencyView(Instrument):
    """Where a model looks: each image with its heatmap over it, titled with the prediction.

    ``.widget`` has a method dropdown (``.method``) and an image slider (``.index``) that shows one image
    large; ``show()``, ``snapshot()`` and ``save(path)`` give the grid of all images; text mode prints
    one line per image (prediction, and where the heat's centre of mass is). ``.heatmaps`` is the
    current method's numpy maps, ``.result`` everything computed with them.
    """

    OWNER = "SaliencyView"
    SAVE_EXAMPLE = "saliency"

    def __init__(self, model, images, method: str = "grad_cam", class_index=None, layer=None, *,
                 class_names: Sequence[str] | None = None, budget_mb: float = DEFAULT_BUDGET_MB,
                 seed: int = 0, n_samples: int = N_SAMPLES, noise: float = NOISE, steps: int = STEPS) -> None:
        self._settings = {"class_index": class_index, "budget_mb": budget_mb, "seed": seed,
                          "n_samples": n_samples, "noise": noise, "steps": steps}
        self.model, self.layer, self._images = model, layer, images
        self._results: dict[str, Explanation] = {}
        _class_names("saliency_view", class_names, _class_count(model))  # refused before TensorFlow runs
        first = self._compute(method, "saliency_view")
        self.class_names = _class_names("saliency_view", class_names, first.probabilities.shape[1])
        self.method = widgets.Dropdown(options=list(METHODS), value=method, description="method")
        count = len(first.heatmaps)
        self.index = widgets.IntSlider(value=0, min=0, max=count - 1, description="image",
                                       layout=widgets.Layout(display="flex" if count > 1 else "none"))
        self.note = widgets.HTML()
        self.detail = widgets.Image(format="png")
        self.grid = widgets.Image(format="png")
        self.method.observe(lambda change: self._redraw(), names="value")
        self.index.observe(lambda change: self._redraw(grid=False), names="value")
        self._redraw()

    def _compute(self, method: str, owner: str = "SaliencyView") -> Explanation:
        if method not in self._results:
            layer = self.layer if method == "grad_cam" else None
            self._results[method] = explain(self.model, self._images, method, layer=layer, owner=owner,
                                            **self._settings)
            self._images = self._results[method].images  # checked once: a batch of float32 images
        return self._results[method]

    @property
    def result(self) -> Explanation:
        """What the method chosen in the dropdown computed (maps, classes, predictions, layer)."""
        return self._compute(self.method.value)

    @property
    def heatmaps(self):
        """The chosen method's maps: numpy ``(n, H, W)`` in [0, 1]."""
        return self.result.heatmaps

    def _redraw(self, grid: bool = True) -> None:
        try:
            result = self.result
        except (BadArgument, ValueError) as error:  # a method that cannot run here (Grad-CAM without conv)
            self.note.value = f"<p>{html.escape(str(error))}</p>"
            show_image(self.detail, None)
            show_image(self.grid, None)
            return
        index = integer("SaliencyView", "index", self.index.value, 0, len(result.heatmaps) - 1)
        self.note.value = f"<pre>{html.escape(image_line(result, index, self.class_names))}</pre>"
        show_image(self.detail, figure_to_png(detail_figure(result, index, self.class_names)))
        if grid:
            show_image(self.grid, figure_to_png(grid_figure(result, self.class_names)))

    # ---- the instrument's hooks -------------------------------------------------------------
    def _build_widget(self) -> widgets.Widget:
        return widgets.VBox([widgets.HBox([self.method, self.index]), self.note, self.detail, self.grid])

    def _text(self) -> str:
        return summary_text(self.result, self.class_names)

    def _figure(self):
        return grid_figure(self.result, self.class_names)

    def _static(self) -> list[str | dict]:
        return [self._text(), image_bundle(self.snapshot(), f"saliency maps ({self.method.value})")]

    def __repr__(self) -> str:
        return f"SaliencyView({self.method.value}, {len(self.heatmaps)} image(s), model {self.model.name!r})"


def saliency_view(model, images, method: str = "grad_cam", class_index=None, layer=None, *,
                  class_names: Sequence[str] | None = None, budget_mb: float = DEFAULT_BUDGET_MB,
                  seed: int = 0, n_samples: int = N_SAMPLES, noise: float = NOISE,
                  steps: int = STEPS) -> SaliencyView:
    """Show where ``model`` looks in ``images``: the arguments of ``kt.saliency`` (checked the same way),
    plus ``class_names`` (one name per class) for the titles. Returns the instrument; a cell ending with
    it shows it (a widget with method and image controls, a picture, or text)."""
    return SaliencyView(model, images, method, class_index, layer, class_names=class_names,
                        budget_mb=budget_mb, seed=seed, n_samples=n_samples, noise=noise, steps=steps)
