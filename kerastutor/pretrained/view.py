"""``kerastutor.gallery()``: browse the catalogue, load a model, look inside, see what it predicts.

Only wiring: facts from ``catalogue.py``, the table from ``table.py``, models from
``loading.py``, predictions and code from ``predictions.py``, the inside view from the
inspector, the chart from the inspector's ``figures.py``, the Grad-CAM overlay beside it from
``kerastutor.attribution``.
"""

from __future__ import annotations

import html
import os

import ipywidgets as widgets
import numpy as np

from .._arguments import BadArgument, text
from .._files import FileProblem
from .._frontend import error_html, figure_to_png, notice_html, show_image
from .._instrument import Instrument
from .._quiet import import_keras
from ..attribution.compute import explain
from ..attribution.figures import overlay_figure
from ..augment.images import image_from_bytes, sample_images
from ..inspector.figures import units_bar_png
from ..inspector.view import Inspector
from .catalogue import CATALOGUE, ModelRecord, record
from .loading import (
    DEFAULT_BUDGET_MB,
    ModelTooLarge,
    budget,
    first_line,
    load_or_architecture,
    measure_inference,
)
from .predictions import predicts_imagenet, rgb_image, to_code, top_predictions
from .table import SORT_KEYS, catalogue_html, catalogue_text, visible_records

# what keeps a model from loading; shown as one line in the widget, never a traceback
REFUSALS = (ModelTooLarge, FileProblem, BadArgument, ValueError)


class Gallery(Instrument):
    """The pretrained-model gallery: a sortable, filterable catalogue; choosing a model loads it.

    ``show()``, ``snapshot()`` (the table as a picture), ``save(path)`` (also ``.html``) and
    ``.widget`` as every instrument; ``to_code()`` gives the plain Keras code that loads the chosen
    model and classifies an image file.
    """

    OWNER = "Gallery"

    def __init__(self, budget_mb: float = DEFAULT_BUDGET_MB) -> None:
        self.budget_mb = budget("gallery", budget_mb)
        self.model = None
        self.chosen: ModelRecord | None = None
        self.weights_loaded = False
        self._built_with: dict[str, object] = {}
        self.sort = widgets.Dropdown(options=list(SORT_KEYS), value="size (MB)", description="sort by")
        self.filter = widgets.Text(placeholder="name or family", description="filter",
                                   continuous_update=False)
        self.fits = widgets.Checkbox(value=False, description="fits the memory budget", indent=False)
        self.table = widgets.HTML()
        self.choice = widgets.Dropdown(options=[r.name for r in CATALOGUE], value="MobileNetV2",
                                       description="model")
        self.weights = widgets.ToggleButtons(options=["imagenet", "random"], value="imagenet",
                                             description="weights")
        self.load_button = widgets.Button(description="load", icon="download", button_style="primary")
        self.banner = widgets.HTML()
        self.upload = widgets.FileUpload(accept="image/*", multiple=False, description="your image")
        self.predictions = widgets.HTML()
        self.prediction_chart = widgets.Image(format="png")
        show_image(self.prediction_chart, None)  # hidden until there is a chart (no broken-image icon)
        self.overlay = widgets.Image(format="png")  # Grad-CAM of the top class over the image
        show_image(self.overlay, None)
        self.inside = widgets.Box()
        for control in (self.sort, self.filter, self.fits):
            control.observe(lambda change: self.refresh_table(), names="value")
        self.load_button.on_click(lambda button: self.choose(self.choice.value, self.weights.value))
        self.upload.observe(self._on_upload, names="value")
        self.refresh_table()

    def visible_records(self) -> list[ModelRecord]:
        """The catalogue as filtered and sorted by the controls."""
        fits_mb = self.budget_mb if self.fits.value else None
        return visible_records(self.filter.value, self.sort.value, fits_mb)

    def refresh_table(self) -> None:
        """Redraw the catalogue table."""
        self.table.value = f"<div style='max-height:320px;overflow:auto'>{self._html()}</div>"

    def choose(self, name: str, weights: str | os.PathLike = "imagenet", **kwargs) -> None:
        """Load model ``name`` ("imagenet" weights, "random", or a weights file path) and show it.

        A model that cannot be loaded (too large for the budget, a damaged or missing weights file,
        a bad argument) is said in one line in the banner, never as a traceback; ImageNet weights
        that cannot be downloaded give the architecture with random weights, said so."""
        self.banner.value = ""
        self.model, self.chosen, self.weights_loaded = None, None, False
        self._built_with = {"weights": None if weights == "random" else weights, "options": dict(kwargs)}
        try:
            self.chosen = record(name, "Gallery.choose")
            self.model, self.weights_loaded, missing = load_or_architecture(
                self.chosen.name, self._built_with["weights"], budget_mb=self.budget_mb, **kwargs)
            if missing:
                self.banner.value = notice_html(f"{missing} Showing the architecture with random weights: "
                                                "no predictions.", "p")
        except REFUSALS as error:
            self.banner.value = error_html(first_line(error, 1000), "p")
            self.inside.children = []
            self.predict(None)
            return
        if all(self.model.inputs[0].shape[1:]):  # a time per image needs a known input size
            measure_inference(self.model, self.chosen.name)
        self.refresh_table()
        self.inside.children = [Inspector(self.model).widget]
        self.predict(sample_images()[0])

    def predict(self, image: np.ndarray | None) -> list[tuple[str, float]]:
        """Top-5 predictions for ``image`` (H, W, 3 in [0, 255]) as a bar chart; none without weights."""
        if image is not None:
            image = rgb_image(image)
        if image is None or self.model is None or not self.weights_loaded:
            return self._no_predictions("the model has no trained weights here")
        if not predicts_imagenet(self.model):
            return self._no_predictions("the model has no ImageNet classifier of a fixed input size "
                                        "(include_top=False, other classes, or no input_shape)")
        pairs = top_predictions(self.model, self.chosen, image)
        listed = ", ".join(f"{html.escape(n)} {p:.1%}" for n, p in pairs)
        self.predictions.value = f"<p>top-5: {listed}</p>"
        show_image(self.prediction_chart, units_bar_png(np.array([p for _, p in pairs])))
        show_image(self.overlay, self._overlay(image, pairs[0][0]))
        return pairs

    def _overlay(self, image: np.ndarray, label: str) -> bytes | None:
        """Grad-CAM of the top class over ``image`` as the model sees it (resized, preprocessed)."""
        keras = import_keras()
        module = getattr(keras.applications, self.chosen.module)
        size = tuple(self.model.inputs[0].shape[1:3])
        resized = keras.ops.convert_to_numpy(keras.ops.image.resize(image[None], size))
        try:
            result = explain(self.model, module.preprocess_input(resized.copy()), "grad_cam",
                             budget_mb=self.budget_mb, owner="Gallery.predict")
        except (BadArgument, ValueError) as error:  # no convolution (ViT-like), or over the budget
            self.predictions.value += error_html(f"No Grad-CAM: {first_line(error, 300)}", "p")
            return None
        caption = f"Grad-CAM: where it sees {label}"
        return figure_to_png(overlay_figure(resized[0], result.heatmaps[0], caption))

    def to_code(self, image: str = "my_photo.jpg") -> str:
        """Plain Keras code that loads the chosen model (before any choice: the one in the ``model`` box,
        with ImageNet weights) and prints its top-5 classes for the image file ``image``."""
        name = self.chosen.name if self.chosen is not None else self.choice.value
        built = self._built_with if self.chosen is not None else {"weights": "imagenet", "options": {}}
        weights = built["weights"]
        weights = str(weights) if isinstance(weights, os.PathLike) else weights
        return to_code(record(name, "Gallery.to_code"), weights, built["options"],
                       text("Gallery.to_code", "image", image))

    def _no_predictions(self, why: str) -> list[tuple[str, float]]:
        self.predictions.value = f"<p>No predictions: {html.escape(why)}.</p>"
        show_image(self.prediction_chart, None)
        show_image(self.overlay, None)
        return []

    def _on_upload(self, change) -> None:
        for item in change["new"]:
            try:
                self.predict(image_from_bytes(bytes(item["content"])))
            except (BadArgument, FileProblem, ValueError, OSError) as error:
                self.predictions.value = error_html(first_line(error, 1000), "p")

    # ---- the instrument's hooks -------------------------------------------------------------
    def _build_widget(self) -> widgets.Widget:
        return widgets.VBox([
            widgets.HBox([self.sort, self.filter, self.fits]), self.table,
            widgets.HBox([self.choice, self.weights, self.load_button]), self.banner,
            widgets.HBox([self.upload]), self.predictions,
            widgets.HBox([self.prediction_chart, self.overlay]), self.inside])

    def _text(self) -> str:
        return catalogue_text(self.visible_records())

    def _html(self) -> str:
        """The catalogue table as filtered and sorted by the controls."""
        return catalogue_html(self.visible_records())


def gallery(budget_mb: float = DEFAULT_BUDGET_MB) -> Gallery:
    """Open the pretrained-model gallery (``budget_mb``: the memory guard's limit, in MB)."""
    return Gallery(budget_mb)
