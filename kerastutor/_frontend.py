"""The one place that knows how kerastutor can show things.

Three display modes:

- ``"widget"``: a kernel whose front end renders ipywidgets live
  (JupyterLab, Notebook 7, Binder, VS Code, Colab);
- ``"static"``: a kernel with no live widget front end (nbconvert, nbval,
  ``jupyter console``): figures are shown once, as PNG images;
- ``"text"``: no IPython kernel at all (a script or a terminal).

Set ``KERASTUTOR_DISPLAY`` to one of these names to override the detection.
"""

from __future__ import annotations

import base64
import html
import io
import os
import sys
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from matplotlib.figure import Figure

DisplayMode = Literal["widget", "static", "text"]
DISPLAY_MODES: tuple[DisplayMode, ...] = ("widget", "static", "text")

# Environment variables set only by front ends that render widgets live:
# a Jupyter server sets JPY_SESSION_NAME for every kernel it starts
# (JupyterLab, Notebook 7, Binder, Voila); VS Code sets VSCODE_PID.
_LIVE_FRONTEND_VARIABLES = ("JPY_SESSION_NAME", "VSCODE_PID")


def display_mode() -> DisplayMode:
    """Return how output can be shown in the current process."""
    chosen = os.environ.get("KERASTUTOR_DISPLAY", "").strip().lower()
    if chosen:
        if chosen not in DISPLAY_MODES:
            raise ValueError(
                f"KERASTUTOR_DISPLAY={chosen!r} is not a display mode; "
                f"use one of {', '.join(DISPLAY_MODES)} or unset it."
            )
        return chosen  # type: ignore[return-value]
    if not _in_kernel():
        return "text"
    live = any(os.environ.get(name) for name in _LIVE_FRONTEND_VARIABLES)
    return "widget" if live or "google.colab" in sys.modules else "static"


def _in_kernel() -> bool:
    """True inside a Jupyter kernel (not a plain or terminal IPython)."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    return shell is not None and getattr(shell, "kernel", None) is not None


# the one palette of statuses: a right answer or present name, a wrong one or removed name, a note
# not yet tried, a moved name, a refusal or failure said inside a widget, and the ground of a note
PALETTE = {"good": "#2e7d32", "bad": "#c62828", "info": "#1565c0", "warning": "#ef6c00", "error": "#b00",
           "notice": "#fff3cd"}


def error_html(message: object, tag: str = "span") -> str:
    """``message`` as red HTML in a ``tag`` element: a refusal or failure said inside a widget."""
    return f"<{tag} style='color:{PALETTE['error']}'>{html.escape(str(message))}</{tag}>"


def notice_html(message: object, tag: str = "span") -> str:
    """``message`` as HTML on a pale amber ground in a ``tag`` element: a note said inside a widget, such as
    a fallback taken (weights that could not be had)."""
    return f"<{tag} style='background:{PALETTE['notice']};padding:4px'>{html.escape(str(message))}</{tag}>"


def image_bundle(data: bytes, text: str, mime: str = "image/png") -> dict[str, str]:
    """A raw display bundle: the image, and the text that nbval compares and terminals show."""
    return {mime: base64.b64encode(data).decode("ascii"), "text/plain": text}


def show_outputs(outputs: list[str | dict]) -> None:
    """Show a static display: each text printed, each raw display bundle (``image_bundle``) displayed."""
    from IPython.display import display

    for output in outputs:
        if isinstance(output, str):
            print(output)
        else:
            display(output, raw=True)


def show_image(widget, data: bytes | None) -> None:
    """Put ``data`` in an ipywidgets Image, hiding the widget when there is nothing to show
    (an empty Image draws a broken-image icon)."""
    widget.value = data or b""
    widget.layout.display = "" if data else "none"


def figure_to_png(figure: Figure) -> bytes:
    """Render a matplotlib figure to PNG bytes (Agg, no pyplot state)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = figure.canvas if isinstance(figure.canvas, FigureCanvasAgg) else FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    canvas.print_png(buffer)
    return buffer.getvalue()
