"""The playground's controls: one ipywidget (or a group) per setting, read into and set from ``Settings``.

Only the widgets and their mapping to settings; what a change does is decided by ``Session.apply``.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets

from .data import DATASETS, DRAWN, DRAWN_REGRESSION, DRAWN_SETS, OWN
from .features import FEATURES
from .figures import CLASS_NAMES
from .settings import ACTIVATIONS, MAX_LAYERS, MAX_NEURONS, OPTIMIZERS, Settings

LEARNING_RATES = (0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
REGULARIZATION_RATES = (0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
DROPOUT_RATES = (0.0, 0.1, 0.2, 0.3, 0.5)
DATASET_LABELS = {"circle": "circle", "xor": "XOR", "gauss": "two gaussians", "spiral": "spiral",
                  "spiral3": "three spirals (3 classes)", "blobs4": "four blobs (4 classes)",
                  "plane": "plane (regression)", "multigauss": "six gaussians (regression)",
                  DRAWN: "draw your own (classes)", DRAWN_REGRESSION: "draw your own (regression)",
                  OWN: "your data"}
WIDTH = "260px"
NONE = "none"  # a Dropdown whose value is None shows nothing selected: no regularization is "none" here


def _with(options: tuple, value: float) -> list[float]:
    """``options`` plus ``value`` if a share string or ``set()`` chose one the list lacks."""
    return sorted({*options, value})


def _look(style: dict) -> dict:
    """Each control's own layout (a shared Layout would hide every control when one is hidden)."""
    return {"style": style, "layout": widgets.Layout(width=WIDTH)}


class Controls:
    """Every setting's widget. ``read()`` gives the settings they show, ``show(settings)`` sets them
    without reporting changes, and ``on_change(callback)`` reports the learner's changes."""

    def __init__(self, own_data: bool) -> None:
        names = [*DATASETS, *DRAWN_SETS, *([OWN] if own_data else [])]
        style = {"description_width": "110px"}
        self.dataset = widgets.Dropdown(options=[(DATASET_LABELS[n], n) for n in names], description="data",
                                        **_look(style))
        self.noise = widgets.IntSlider(min=0, max=50, step=5, description="noise %", **_look(style))
        self.train_fraction = widgets.IntSlider(min=10, max=90, step=10, description="training %",
                                                **_look(style))
        self.seed = widgets.BoundedIntText(min=0, max=2**31 - 1, description="seed", **_look(style))
        self.features = {name: widgets.ToggleButton(description=name, layout=widgets.Layout(width="80px"))
                         for name in FEATURES}
        self.layers = widgets.IntSlider(min=0, max=MAX_LAYERS, description="hidden layers",
                                        **_look(style))
        self.neurons = [widgets.IntSlider(value=2, min=1, max=MAX_NEURONS, description=f"layer {i + 1}",
                                          tooltip=f"layer {i + 1}'s neurons",
                                          style={"description_width": "50px"},
                                          layout=widgets.Layout(width="210px")) for i in range(MAX_LAYERS)]
        self.activation = widgets.Dropdown(options=ACTIVATIONS, description="activation",
                                           **_look(style))
        short = {"layout": widgets.Layout(width="80px")}
        self.layer_activations = [widgets.Dropdown(options=ACTIVATIONS, tooltip=f"layer {i + 1}'s activation",
                                                   **short) for i in range(MAX_LAYERS)]
        self.dropout = [widgets.Dropdown(options=DROPOUT_RATES, tooltip=f"layer {i + 1}'s dropout rate",
                                         **short) for i in range(MAX_LAYERS)]
        self.layer_rows = [widgets.HBox([neurons, activation, dropout]) for neurons, activation, dropout
                           in zip(self.neurons, self.layer_activations, self.dropout)]
        classes = [(f"class {i} ({name})", i) for i, name in enumerate(CLASS_NAMES)]
        self.brush = widgets.Dropdown(options=classes, description="a click adds", **_look(style))
        self.brush_target = widgets.FloatSlider(min=-1, max=1, step=0.1, value=1.0,
                                                description="a click adds", **_look(style))
        self.clear_points = widgets.Button(description="clear the points", icon="eraser",
                                           layout=widgets.Layout(width=WIDTH))
        self.drawing = widgets.VBox([widgets.HTML("<b>Draw</b> <span style='font-size:11px'>click the map to "
                                                  "add a point, click a point to remove it</span>"),
                                     self.brush, self.brush_target, self.clear_points])
        self.learning_rate = widgets.Dropdown(options=LEARNING_RATES, description="learning rate",
                                              **_look(style))
        self.optimizer = widgets.Dropdown(options=OPTIMIZERS, description="optimizer", **_look(style))
        self.batch_size = widgets.IntSlider(min=1, max=64, description="batch size", **_look(style))
        self.regularization = widgets.Dropdown(options=[("none", NONE), ("L1", "l1"), ("L2", "l2")],
                                               description="regularization", **_look(style))
        self.regularization_rate = widgets.Dropdown(options=REGULARIZATION_RATES, description="its rate",
                                                    **_look(style))
        self.groups = {
            "dataset": [self.dataset], "noise": [self.noise], "train_fraction": [self.train_fraction],
            "seed": [self.seed], "features": list(self.features.values()),
            "hidden": [self.layers, *self.neurons], "activation": [self.activation],
            "activations": list(self.layer_activations), "dropout": list(self.dropout),
            "learning_rate": [self.learning_rate], "optimizer": [self.optimizer],
            "batch_size": [self.batch_size], "regularization": [self.regularization],
            "regularization_rate": [self.regularization_rate],
        }
        self._quiet = False
        self._callback: Callable[[], None] | None = None
        self._last = None  # the control the learner changed last
        for group in self.groups.values():
            for control in group:
                control.observe(self._changed, names="value")

    def _changed(self, change) -> None:
        if not self._quiet and self._callback is not None:
            self._last = change["owner"]
            self._callback()

    def on_change(self, callback: Callable[[], None]) -> None:
        """Call ``callback()`` whenever the learner changes a control."""
        self._callback = callback

    def read(self, settings: Settings) -> Settings:
        """``settings`` changed to what the controls show (raises ``ValueError`` for an impossible choice).
        The activation control sets every layer's; a layer's own sets that layer's."""
        layers = self.layers.value
        changes = {}
        if self._last is not self.layers:  # a new layer starts with the activation control's, no dropout
            changes["dropout"] = tuple(d.value for d in self.dropout[:layers])
            if self._last is not self.activation:
                changes["activations"] = tuple(d.value for d in self.layer_activations[:layers])
        return settings.changed(
            dataset=self.dataset.value, noise=self.noise.value / 100,
            train_fraction=self.train_fraction.value / 100, seed=self.seed.value,
            features=tuple(n for n, b in self.features.items() if b.value),
            hidden=tuple(s.value for s in self.neurons[:layers]), activation=self.activation.value,
            learning_rate=self.learning_rate.value, optimizer=self.optimizer.value,
            batch_size=self.batch_size.value,
            regularization=None if self.regularization.value == NONE else self.regularization.value,
            regularization_rate=self.regularization_rate.value, **changes)

    def brush_value(self, classification: bool) -> float:
        """The label (or, for regression, the target) a click on the map gives its new point."""
        return float(self.brush.value) if classification else round(float(self.brush_target.value), 1)

    def show(self, settings: Settings) -> None:
        """Set every control to ``settings``, disable the locked ones and hide the hidden ones."""
        self._quiet = True
        try:
            s = settings
            self.dataset.value = s.dataset
            self.noise.value = round(s.noise * 100)
            self.train_fraction.value = round(s.train_fraction * 100)
            self.seed.value = s.seed
            for name, button in self.features.items():
                button.value = name in s.features
                button.button_style = "info" if button.value else ""
            self.layers.value = len(s.hidden)
            for index, slider in enumerate(self.neurons):
                slider.value = s.hidden[index] if index < len(s.hidden) else slider.value
            self.activation.value = s.activation
            for dropdown, activation in zip(self.layer_activations, s.layer_activations):
                dropdown.value = activation
            for dropdown, rate in zip(self.dropout, s.layer_dropout):
                dropdown.options = _with(DROPOUT_RATES, rate)
                dropdown.value = rate
            self.learning_rate.options = _with(LEARNING_RATES, s.learning_rate)
            self.learning_rate.value = s.learning_rate
            self.optimizer.value = s.optimizer
            self.batch_size.value = s.batch_size
            self.regularization.value = s.regularization or NONE
            self.regularization_rate.options = _with(REGULARIZATION_RATES, s.regularization_rate)
            self.regularization_rate.value = s.regularization_rate
            generated = s.dataset not in (OWN, *DRAWN_SETS)
            for name, group in self.groups.items():
                hidden = name in s.hidden_controls or (not generated and name == "noise")
                for control in group:
                    control.disabled = name in s.locked
                    control.layout.display = "none" if hidden else None
            for index, row in enumerate(self.layer_rows):
                row.layout.display = "none" if index >= len(s.hidden) else None
            self.drawing.layout.display = None if s.dataset in DRAWN_SETS else "none"
            self.brush.layout.display = None if s.dataset == DRAWN else "none"
            self.brush_target.layout.display = None if s.dataset == DRAWN_REGRESSION else "none"
            self.clear_points.disabled = "dataset" in s.locked
        finally:
            self._quiet = False

    def layout(self) -> widgets.Widget:
        """The controls in three columns' worth of groups: data, features, network and training."""
        def titled(title: str, *children) -> widgets.VBox:
            return widgets.VBox([widgets.HTML(f"<b>{title}</b>"), *children])

        feature_rows = list(self.features.values())
        return widgets.VBox([
            titled("Data", self.dataset, self.noise, self.train_fraction, self.seed, self.drawing),
            titled("Features", widgets.HBox(feature_rows[:2]), widgets.HBox(feature_rows[2:5]),
                   widgets.HBox(feature_rows[5:])),
            titled("Network", self.layers, self.activation,
                   widgets.HTML("<span style='font-size:11px'>each layer: neurons, activation, "
                                "dropout</span>"),
                   *self.layer_rows),
            titled("Training", self.learning_rate, self.optimizer, self.batch_size, self.regularization,
                   self.regularization_rate),
        ])
