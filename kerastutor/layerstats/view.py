"""The live view of LayerStats: two dropdowns (the heatmap's statistic, the histogram's layer), a status
line and the figure image.

Only wiring: the picture comes from ``figure.py`` through the ``render`` the callback gives. Shown once
per ``fit`` as one output updated in place (no ``clear_output``); when training ends that output also
gets the final PNG, which renderers that do not run widgets (GitHub, nbconvert HTML) show instead.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence

import ipywidgets as widgets
from IPython.display import display

from .._frontend import error_html, image_bundle
from .record import LABELS

PLAIN_TEXT = "LayerStats: per-layer statistics over training (shown as a widget in JupyterLab)"


class LayerStatsView:
    """ipywidgets view; ``choose(statistic, layer)`` is called when the learner picks another one."""

    def __init__(self, statistics: Sequence[str], statistic: str, layers: Sequence[str], layer: str | None,
                 choose: Callable[[str, str | None], None]) -> None:
        self.statistic = widgets.Dropdown(options=[(LABELS[s], s) for s in statistics], value=statistic,
                                          description="heatmap", layout=widgets.Layout(width="300px"))
        self.layer = widgets.Dropdown(options=list(layers), value=layer, description="histogram",
                                      layout=widgets.Layout(width="300px"))
        self.status = widgets.HTML(value="waiting for the first record…")
        self.image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%"))
        self.box = widgets.VBox([widgets.HBox([self.statistic, self.layer]), self.status, self.image])
        self._choose = choose
        self._quiet = False
        self._handle = None
        self.statistic.observe(self._changed, names="value")
        self.layer.observe(self._changed, names="value")

    def _changed(self, change: dict) -> None:
        if not self._quiet:
            self._choose(self.statistic.value, self.layer.value)

    def _bundle(self, png: bytes | None = None) -> dict:
        final = image_bundle(png, PLAIN_TEXT) if png else {"text/plain": PLAIN_TEXT}
        return {**self.box._repr_mimebundle_(), **final}

    def show(self) -> None:
        """Display the view in the current cell's output."""
        self._handle = display(self._bundle(), raw=True, display_id=True)

    def set_layers(self, layers: Sequence[str], layer: str | None) -> None:
        """Offer ``layers`` in the histogram dropdown, ``layer`` chosen (without calling ``choose``)."""
        self._quiet = True
        try:
            self.layer.options = list(layers)
            self.layer.value = layer
        finally:
            self._quiet = False

    def set_choice(self, statistic: str, layer: str | None) -> None:
        """Show ``statistic`` and ``layer`` as chosen (without calling ``choose``)."""
        self._quiet = True
        try:
            self.statistic.value = statistic
            self.layer.value = layer
        finally:
            self._quiet = False

    def set_image(self, png: bytes) -> None:
        """Replace the picture in place."""
        self.image.value = png

    def set_status(self, text: str) -> None:
        """Set the status line."""
        self.status.value = html.escape(text)

    def warn(self, text: str) -> None:
        """Show a problem in the status line."""
        self.status.value = error_html(text)

    def finish(self, png: bytes) -> None:
        """Show the final picture, and attach it to the output for non-widget renderers."""
        self.set_image(png)
        if self._handle is not None:
            self._handle.update(self._bundle(png), raw=True)
