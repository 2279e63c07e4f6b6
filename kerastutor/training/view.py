"""The live view of LivePlot: a progress bar, a status line and the curves image.

Only wiring: the figure comes from ``figure.py`` and the text from ``report.py``.
The view is shown once per ``fit`` as a single output that is updated in place
(no ``clear_output``), so nothing else the cell printed is ever wiped. When
training ends, the same output also gets the final PNG, which renderers that do
not run widgets (GitHub, nbconvert HTML) show instead of the widget.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
from IPython.display import display

from .._frontend import error_html, image_bundle

PLAIN_TEXT = "LivePlot: live training curves (shown as a widget in JupyterLab)"


class LivePlotView:
    """ipywidgets view: progress bar and status above the figure image."""

    def __init__(self) -> None:
        self.progress = widgets.FloatProgress(value=0.0, min=0.0, max=1.0, bar_style="info",
                                              layout=widgets.Layout(width="220px"))
        self.status = widgets.HTML(value="waiting for the first batch…",
                                   layout=widgets.Layout(flex="1", margin="0 0 0 8px"))
        self.image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%"))
        self.box = widgets.VBox([widgets.HBox([self.progress, self.status]), self.image])
        self._handle = None

    def _bundle(self, png: bytes | None = None) -> dict:
        final = image_bundle(png, PLAIN_TEXT) if png else {"text/plain": PLAIN_TEXT}
        return {**self.box._repr_mimebundle_(), **final}

    def show(self) -> None:
        """Display the view in the current cell's output."""
        self._handle = display(self._bundle(), raw=True, display_id=True)

    def set_progress(self, fraction: float | None, text: str) -> None:
        """Move the bar (``None``: length unknown, bar pulses full) and set the status line."""
        self.progress.value = 1.0 if fraction is None else min(max(fraction, 0.0), 1.0)
        self.status.value = html.escape(text)

    def set_image(self, png: bytes) -> None:
        """Replace the curves image in place."""
        self.image.value = png

    def warn(self, text: str) -> None:
        """Show a problem (such as a NaN loss) in the status line, bar turned red."""
        self.progress.bar_style = "danger"
        self.status.value = error_html(text)

    def finish(self, png: bytes) -> None:
        """Show the final image, and attach it to the output for non-widget renderers."""
        self.set_image(png)
        if self.progress.bar_style != "danger":
            self.progress.bar_style = "success"
        if self._handle is not None:
            self._handle.update(self._bundle(png), raw=True)
