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
import io
import os
import sys
import time
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


def shown_path(path: str | os.PathLike) -> str:
    """``path`` with the home folder written ``~``, so that messages read the same on every machine."""
    path, home = str(path), os.path.expanduser("~")
    return "~" + path[len(home):] if home not in ("", "/") and path.startswith(home) else path


def align_columns(rows: list[tuple[str, ...]]) -> list[str]:
    """Text rows as left-aligned columns two spaces apart (the first row is usually a header)."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)) for row in rows]


def image_bundle(data: bytes, text: str, mime: str = "image/png") -> dict[str, str]:
    """A raw display bundle: the image, and the text that nbval compares and terminals show."""
    return {mime: base64.b64encode(data).decode("ascii"), "text/plain": text}


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


class Throttle:
    """Wall-time throttle in the spirit of tqdm's ``mininterval``.

    ``ready()`` is true when at least ``min_interval`` seconds have passed since
    the last ``done()``, and, when ``max_share`` is given, long enough that the
    measured cost of the throttled work stays within that share of wall time.
    """

    def __init__(self, min_interval: float, max_share: float | None = None,
                 clock=time.perf_counter) -> None:
        if min_interval <= 0:
            raise ValueError(f"min_interval must be a positive number of seconds, got {min_interval!r}.")
        if max_share is not None and not 0 < max_share <= 1:
            raise ValueError(f"max_share must be in (0, 1], got {max_share!r}.")
        self.min_interval = min_interval
        self.max_share = max_share
        self._clock = clock
        self._last_end: float | None = None
        self._last_cost = 0.0

    def interval(self) -> float:
        """Seconds that must pass after the last run before the next one."""
        if self.max_share is None:
            return self.min_interval
        return max(self.min_interval, self._last_cost * (1 / self.max_share - 1))

    def ready(self) -> bool:
        """Whether the throttled work may run now."""
        return self._last_end is None or self._clock() - self._last_end >= self.interval()

    def done(self, started: float | None = None) -> None:
        """Record that the work ran; ``started`` (a clock reading) measures its cost."""
        now = self._clock()
        if started is not None:
            self._last_cost = now - started
        self._last_end = now

    def now(self) -> float:
        """The throttle's clock reading, to pass back to ``done``."""
        return self._clock()
