"""``kerastutor.gallery()``: browse the catalogue, load a model, look inside, see what it predicts.

Only wiring: facts from ``catalogue.py``, models from ``loading.py``, the inside
view from the inspector, pictures from ``figures.py``.
"""

from __future__ import annotations

import html
import os

import ipywidgets as widgets
import numpy as np

from .._arguments import BadArgument, refuse
from .._files import FileProblem
from .._frontend import error_html, show_image
from .._instrument import Instrument
from .._network import never_deleted
from .._text import align_columns
from ..augment.images import image_from_bytes, sample_images
from ..inspector.figures import units_bar_png
from ..inspector.view import Inspector
from .catalogue import CATALOGUE, ModelRecord, record
from .loading import (
    DEFAULT_BUDGET_MB,
    MEASURED_MS,
    ModelTooLarge,
    WeightsUnavailable,
    budget,
    estimated_mb,
    first_line,
    load_pretrained,
    measure_inference,
    models_cache_dir,
)

# the table shows and sorts by published facts only (unpublished ones last); the memory guard and the
# "fits the memory budget" filter also use computed sizes (parameters x 4 bytes)
SORT_KEYS = {"name": lambda r: r.name, "size (MB)": lambda r: r.size_mb or 1e9,
             "top-1 accuracy": lambda r: -(r.top1 or 0), "parameters": lambda r: r.params or 1e12,
             "depth": lambda r: r.depth or 1e9}
# what keeps a model from loading; shown as one line in the widget, never a traceback
REFUSALS = (ModelTooLarge, FileProblem, BadArgument, ValueError)
CLASS_INDEX = "imagenet_class_index.json"  # decode_predictions' labels, in the Keras cache
COLUMNS = ("model", "family", "size MB", "top-1", "top-5", "params", "depth", "input",
           "CPU ms (keras.io)", "CPU ms (measured here)")


def _cell(value, fmt: str = "{}") -> str:
    return "–" if value is None else fmt.format(value)


def catalogue_rows(records: list[ModelRecord]) -> list[tuple[str, ...]]:
    """The table's rows, as text (measured times from this session where there are any)."""
    return [(r.name, r.family, _cell(r.size_mb, "{:g}"), _cell(r.top1, "{:.1%}"), _cell(r.top5, "{:.1%}"),
             _cell(r.params and r.params / 1e6, "{:.1f}M"), _cell(r.depth), f"{r.input_size}",
             _cell(r.cpu_ms_published, "{:g}"), _cell(MEASURED_MS.get(r.name), "{:.0f}")) for r in records]


def catalogue_text(records: list[ModelRecord]) -> str:
    """A plain-text table of ``records``."""
    return "\n".join(align_columns([COLUMNS, *catalogue_rows(records)]))


class Gallery(Instrument):
    """The pretrained-model gallery: a sortable, filterable catalogue; choosing a model loads it.

    ``show()``, ``snapshot()`` (the table as a picture), ``save(path)`` (also ``.html``) and
    ``.widget`` as every instrument.
    """

    OWNER = "Gallery"

    def __init__(self, budget_mb: float = DEFAULT_BUDGET_MB) -> None:
        self.budget_mb = budget("gallery", budget_mb)
        self.model = None
        self.chosen: ModelRecord | None = None
        self.weights_loaded = False
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
        self.inside = widgets.Box()
        for control in (self.sort, self.filter, self.fits):
            control.observe(lambda change: self.refresh_table(), names="value")
        self.load_button.on_click(lambda button: self.choose(self.choice.value, self.weights.value))
        self.upload.observe(self._on_upload, names="value")
        self.refresh_table()

    def visible_records(self) -> list[ModelRecord]:
        """The catalogue as filtered and sorted by the controls."""
        text = self.filter.value.strip().lower()
        records = [r for r in CATALOGUE if text in r.name.lower() or text in r.family.lower()]
        if self.fits.value:
            records = [r for r in records if estimated_mb(r) <= self.budget_mb]
        return sorted(records, key=SORT_KEYS[self.sort.value])

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
        try:
            self.chosen = record(name, "Gallery.choose")
            self.model = load_pretrained(self.chosen.name, weights=None if weights == "random" else weights,
                                         budget_mb=self.budget_mb, **kwargs)
            self.weights_loaded = weights != "random"
        except WeightsUnavailable as error:
            self.model = load_pretrained(self.chosen.name, weights=None, budget_mb=self.budget_mb, **kwargs)
            self.banner.value = (f"<p style='background:#fff3cd;padding:4px'>{html.escape(str(error))} "
                                 "Showing the architecture with random weights: no predictions.</p>")
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
            image = _rgb_image(image)
        if image is None or self.model is None or not self.weights_loaded:
            return self._no_predictions("the model has no trained weights here")
        if not _predicts_imagenet(self.model):
            return self._no_predictions("the model has no ImageNet classifier of a fixed input size "
                                        "(include_top=False, other classes, or no input_shape)")
        from .._quiet import import_keras

        keras = import_keras()
        module = getattr(keras.applications, self.chosen.module)
        size = tuple(self.model.inputs[0].shape[1:3])
        batch = keras.ops.image.resize(image[None].astype("float32"), size)
        scores = np.asarray(self.model.predict(module.preprocess_input(batch), verbose=0))[0]
        top = np.argsort(scores)[::-1][:5]
        try:  # a damaged cached class index is put back if Keras removes it (offline it cannot replace it)
            with never_deleted([models_cache_dir() / CLASS_INDEX]):
                names = [label for _, label, _ in module.decode_predictions(scores[None], top=5)[0]]
        except Exception:  # noqa: BLE001  (the class index downloads once; offline or damaged, show indices)
            names = [f"class {i}" for i in top]
        pairs = [(name, float(scores[i])) for name, i in zip(names, top)]
        listed = ", ".join(f"{html.escape(n)} {p:.1%}" for n, p in pairs)
        self.predictions.value = f"<p>top-5: {listed}</p>"
        show_image(self.prediction_chart, units_bar_png(np.array([p for _, p in pairs])))
        return pairs

    def _no_predictions(self, why: str) -> list[tuple[str, float]]:
        self.predictions.value = f"<p>No predictions: {html.escape(why)}.</p>"
        show_image(self.prediction_chart, None)
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
            widgets.HBox([self.upload]), self.predictions, self.prediction_chart, self.inside])

    def _text(self) -> str:
        return catalogue_text(self.visible_records())

    def _html(self) -> str:
        """The catalogue table as filtered and sorted by the controls."""
        head = "".join(f"<th style='padding:0 6px;text-align:left'>{c}</th>" for c in COLUMNS)
        body = "".join("<tr>" + "".join(f"<td style='padding:0 6px'>{html.escape(v)}</td>" for v in row)
                       + "</tr>" for row in catalogue_rows(self.visible_records()))
        return f"<table><tr>{head}</tr>{body}</table>"


def _predicts_imagenet(model) -> bool:
    """Whether ``model`` maps images of a known size to the 1,000 ImageNet classes."""
    inputs, outputs = tuple(model.inputs[0].shape[1:]), tuple(model.outputs[0].shape[1:])
    return all(inputs) and outputs == (1000,)


def _rgb_image(image: object) -> np.ndarray:
    """``image`` as a float (H, W, 3) array of finite values; refused otherwise."""
    try:
        array = np.asarray(image, dtype="float32")
    except (TypeError, ValueError):
        array = None
    if array is None or array.ndim != 3 or array.shape[-1] != 3 or min(array.shape[:2]) < 1 or not (
            np.isfinite(array).all()):
        raise refuse("Gallery.predict", "image", image, "an RGB image: an array of shape (height, width, 3) "
                     "with finite values in [0, 255]")
    return array


def gallery(budget_mb: float = DEFAULT_BUDGET_MB) -> Gallery:
    """Open the pretrained-model gallery (``budget_mb``: the memory guard's limit, in MB)."""
    return Gallery(budget_mb)
