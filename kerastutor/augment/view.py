"""``kerastutor.augment_preview``: see what each augmentation setting does, and take the code.

Only wiring: settings come from ``settings.py``, layers and code from
``pipeline.py``, images from ``images.py``, the picture and its size limits from ``grid.py``.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import numpy as np

from .._arguments import BadArgument, flag
from .._frontend import error_html, image_bundle
from .._instrument import Instrument, image_figure
from .grid import MAX_SOURCES, check_grid, compose_grid, grid_jpeg
from .images import OWNER, decode_upload, read_images
from .pipeline import build_pipeline, concrete_specs, keras_code, legacy_code
from .settings import BY_NAME, SETTINGS, Setting, resolve


def _control(setting: Setting, value) -> widgets.Widget:
    """The ipywidget for one setting, showing ``value``."""
    common = {"description": setting.label, "tooltip": setting.help,
              "style": {"description_width": "150px"}, "layout": widgets.Layout(width="360px"),
              "continuous_update": False}
    if setting.kind == "bool":
        return widgets.Checkbox(value=value, description=setting.label, indent=False)
    if setting.kind == "choice":
        return widgets.Dropdown(options=setting.choices, value=value, description=setting.label,
                                style=common["style"], layout=common["layout"])
    if setting.name == "seed":
        return widgets.BoundedIntText(value=value, min=0, max=int(setting.high), description="seed",
                                      layout=widgets.Layout(width="200px"))
    if setting.kind == "int":
        return widgets.IntSlider(value=value, min=int(setting.low), max=int(setting.high), **common)
    if setting.kind == "zoom":
        return widgets.FloatRangeSlider(value=value, min=0.0, max=2.0, step=0.01, **common)
    if setting.kind == "brightness":
        return widgets.FloatRangeSlider(value=value or (1.0, 1.0), min=setting.low, max=setting.high,
                                        step=0.01, **common)
    return widgets.FloatSlider(value=value, min=setting.low, max=setting.high, step=setting.step, **common)


def _widget_value(setting: Setting, value):
    return (1.0, 1.0) if setting.kind == "brightness" and value is None else value


def _setting_value(setting: Setting, value):
    """A control's value in the setting's terms (a (1, 1) brightness range means off)."""
    if setting.kind in ("zoom", "brightness"):
        value = tuple(round(v, 6) for v in value)
        return None if setting.kind == "brightness" and value == (1.0, 1.0) else value
    return value


class AugmentPreview(Instrument):
    """A grid of the original image(s) beside augmented versions, redrawn on every change.

    ``set(**settings)`` changes settings from code (``ImageDataGenerator``'s keyword
    names for the classic ones); ``images()`` is the augmented batch shown;
    ``pipeline()`` the ``keras.Sequential`` of augmentation layers; ``to_code()`` the
    Keras 3 code that builds it, ``to_code(legacy=True)`` the old ``ImageDataGenerator`` call.
    ``show()``, ``snapshot()`` (the grid as PNG), ``save(path)`` and ``.widget`` as every instrument.
    """

    OWNER = "AugmentPreview"

    def __init__(self, images=None, *, size: int = 128, rows: int = 3, columns: int = 3,
                 **params) -> None:
        size, rows, columns = check_grid(size, rows, columns)
        self.params = resolve(params)
        self.size = size
        self.sources, self.note = read_images(images, size, MAX_SOURCES)
        self._augmented = np.zeros((0, size, size, 3), np.float32)
        self._originals = self.sources[:1]
        self._syncing = False
        self.controls = {s.name: _control(s, _widget_value(s, self.params[s.name])) for s in SETTINGS}
        for name, control in self.controls.items():
            control.observe(lambda change, name=name: self._on_control(name, change["new"]), names="value")
        self.rows = widgets.IntSlider(value=rows, min=1, max=6, description="rows", continuous_update=False)
        self.columns = widgets.IntSlider(value=columns, min=1, max=6, description="columns",
                                         continuous_update=False)
        for control in (self.rows, self.columns):
            control.observe(self._on_grid, names="value")
        self.upload = widgets.FileUpload(accept="image/*", multiple=True, description="your images")
        self.upload.observe(self._on_upload, names="value")
        self.grid = widgets.Image(format="jpeg")
        self.message = widgets.HTML()
        self.code = widgets.HTML()
        self.legacy = widgets.HTML()
        self._redraw()

    # ---- from code ---------------------------------------------------------------------
    def set(self, **params) -> None:
        """Change settings exactly as the controls do; a bad name or value raises ValueError."""
        self.params = resolve(params, self.params)
        self._syncing = True
        try:
            for name in params:
                setting = BY_NAME[name]
                self.controls[name].value = _widget_value(setting, self.params[name])
        finally:
            self._syncing = False
        self._redraw()

    def images(self) -> np.ndarray:
        """The augmented images shown, float32 (N, H, W, 3) in [0, 255]."""
        return self._augmented.copy()

    def pipeline(self):
        """The ``keras.Sequential`` of augmentation layers for the current settings."""
        return build_pipeline(self._specs())

    def to_code(self, legacy: bool = False) -> str:
        """Keras 3 code for the pipeline, or (``legacy=True``) the ``ImageDataGenerator`` call."""
        return legacy_code(self.params) if flag(OWNER, "legacy", legacy) else keras_code(self._specs())

    # ---- drawing -------------------------------------------------------------------------
    def _specs(self):
        return concrete_specs(self.params, (self.size, self.size))

    def _on_control(self, name: str, value) -> None:
        if self._syncing:
            return
        setting = BY_NAME[name]
        try:
            self.params = resolve({name: _setting_value(setting, value)}, self.params)
        except ValueError as error:
            self.message.value = error_html(error)
            return
        self._redraw()

    def _on_upload(self, change) -> None:
        try:
            uploaded = [decode_upload(bytes(item["content"])) for item in list(change["new"])[:MAX_SOURCES]]
            if uploaded:
                self.sources, self.note = read_images(uploaded, self.size, MAX_SOURCES)
        except ValueError as error:
            self.message.value = error_html(error)
            return
        self._redraw()

    def _on_grid(self, change) -> None:
        """A rows or columns slider moved: redraw, or put it back when the grid would not fit in memory."""
        try:
            check_grid(self.size, self.rows.value, self.columns.value)
        except BadArgument as error:
            change["owner"].value = change["old"]
            self.message.value = error_html(error)
            return
        self._redraw()

    def _redraw(self) -> None:
        cells = self.rows.value * self.columns.value
        originals = self.sources[:max(cells - 1, 1)]
        count = max(cells - len(originals), 1)
        batch = self.sources[np.arange(count) % len(self.sources)]
        augmented = self.pipeline()(batch, training=True)
        self._augmented = np.asarray(augmented, dtype=np.float32)
        self._originals = originals
        self.grid.value = grid_jpeg(originals, self._augmented, self.columns.value)
        self.code.value = f"<pre>{html.escape(self.to_code())}</pre>"
        self.legacy.value = f"<pre>{html.escape(self.to_code(legacy=True))}</pre>"
        self.message.value = (f"framed: the original{'s' if len(originals) > 1 else ''}; then {count} "
                              "augmented versions (same seed, same grid)"
                              + (f"; {html.escape(self.note)}" if self.note else ""))

    # ---- the instrument's hooks -------------------------------------------------------------
    def _build_widget(self) -> widgets.Widget:
        by_group = {group: [self.controls[s.name] for s in SETTINGS if s.group == group]
                    for group in ("classic", "advanced")}
        advanced = widgets.Accordion(children=[widgets.VBox(by_group["advanced"])], titles=("advanced",))
        advanced.selected_index = None
        code = widgets.Tab(children=[self.code, self.legacy],
                           titles=("Keras 3 code", "ImageDataGenerator (Keras 2)"))
        settings = widgets.VBox([*by_group["classic"], advanced,
                                 widgets.HBox([self.controls["seed"], self.upload]), self.rows, self.columns])
        return widgets.HBox([settings, widgets.VBox([self.message, self.grid, code])])

    def _figure(self):
        return image_figure(compose_grid(self._originals, self._augmented, self.columns.value))

    def _text(self) -> str:
        return "augmentation preview (no display here); the pipeline:\n" + self.to_code()

    def _static(self) -> list[str | dict]:
        text = "augmentation preview: " + self.message.value
        return [image_bundle(bytes(self.grid.value), text, "image/jpeg")]


def augment_preview(images=None, **params) -> AugmentPreview:
    """Preview augmentation settings on ``images`` (scikit-learn's sample photos by default).

    ``size`` (8 to 512, less for large grids: see ``check_grid``), ``rows`` and ``columns`` (1 to 6)
    shape the grid; every other keyword is an augmentation setting (``settings.SETTINGS``)."""
    return AugmentPreview(images, **params)
