"""The playground's controls: one ipywidget (or a group) per setting, read into and set from ``Settings``.

Only the widgets and their mapping to settings; what a change does is decided by ``Session.apply``.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets

from .data import DATASETS, OWN
from .features import FEATURES
from .settings import ACTIVATIONS, MAX_LAYERS, MAX_NEURONS, OPTIMIZERS, Settings

LEARNING_RATES = (0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
REGULARIZATION_RATES = (0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
DATASET_LABELS = {"circle": "circle", "xor": "XOR", "gauss": "two gaussians", "spiral": "spiral",
                  "plane": "plane (regression)", "multigauss": "six gaussians (regression)", OWN: "your data"}
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
        names = [*DATASETS, *([OWN] if own_data else [])]
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
        self.neurons = [widgets.IntSlider(value=2, min=1, max=MAX_NEURONS, description=f"neurons in {i + 1}",
                                          **_look(style)) for i in range(MAX_LAYERS)]
        self.activation = widgets.Dropdown(options=ACTIVATIONS, description="activation",
                                           **_look(style))
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
            "learning_rate": [self.learning_rate], "optimizer": [self.optimizer],
            "batch_size": [self.batch_size], "regularization": [self.regularization],
            "regularization_rate": [self.regularization_rate],
        }
        self._quiet = False
        self._callback: Callable[[], None] | None = None
        for group in self.groups.values():
            for control in group:
                control.observe(self._changed, names="value")

    def _changed(self, change) -> None:
        if not self._quiet and self._callback is not None:
            self._callback()

    def on_change(self, callback: Callable[[], None]) -> None:
        """Call ``callback()`` whenever the learner changes a control."""
        self._callback = callback

    def read(self, settings: Settings) -> Settings:
        """``settings`` changed to what the controls show (raises ``ValueError`` for an impossible choice)."""
        return settings.changed(
            dataset=self.dataset.value, noise=self.noise.value / 100,
            train_fraction=self.train_fraction.value / 100, seed=self.seed.value,
            features=tuple(n for n, b in self.features.items() if b.value),
            hidden=tuple(s.value for s in self.neurons[:self.layers.value]), activation=self.activation.value,
            learning_rate=self.learning_rate.value, optimizer=self.optimizer.value,
            batch_size=self.batch_size.value,
            regularization=None if self.regularization.value == NONE else self.regularization.value,
            regularization_rate=self.regularization_rate.value)

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
            self.learning_rate.options = _with(LEARNING_RATES, s.learning_rate)
            self.learning_rate.value = s.learning_rate
            self.optimizer.value = s.optimizer
            self.batch_size.value = s.batch_size
            self.regularization.value = s.regularization or NONE
            self.regularization_rate.options = _with(REGULARIZATION_RATES, s.regularization_rate)
            self.regularization_rate.value = s.regularization_rate
            own = s.dataset == OWN
            for name, group in self.groups.items():
                hidden = name in s.hidden_controls or (own and name == "noise")
                for control in group:
                    control.disabled = name in s.locked
                    control.layout.display = "none" if hidden else None
            for index, slider in enumerate(self.neurons):
                if index >= len(s.hidden):
                    slider.layout.display = "none"
        finally:
            self._quiet = False

    def layout(self) -> widgets.Widget:
        """The controls in three columns' worth of groups: data, features, network and training."""
        def titled(title: str, *children) -> widgets.VBox:
            return widgets.VBox([widgets.HTML(f"<b>{title}</b>"), *children])

        feature_rows = list(self.features.values())
        return widgets.VBox([
            titled("Data", self.dataset, self.noise, self.train_fraction, self.seed),
            titled("Features", widgets.HBox(feature_rows[:2]), widgets.HBox(feature_rows[2:5]),
                   widgets.HBox(feature_rows[5:])),
            titled("Network", self.layers, *self.neurons, self.activation),
            titled("Training", self.learning_rate, self.optimizer, self.batch_size, self.regularization,
                   self.regularization_rate),
        ])
