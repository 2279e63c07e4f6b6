"""The instrument protocol: the verbs every kerastutor instrument answers alike.

``show()`` displays it now (a live widget, a static picture or text, as
``_frontend.display_mode()`` says, and so does a cell that ends with it);
``snapshot()`` is a PNG picture of it as bytes; ``save(path)`` writes that picture
as ``.png``, ``.svg`` or ``.pdf`` (and a table as ``.html``); ``.widget`` is its
ipywidgets view. A subclass implements a few small hooks: ``_text()`` (what a
terminal prints), ``_build_widget()``, and where it has more to show than its
text, ``_figure()`` and ``_static()``; a table also ``_html()``.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ._arguments import BadArgument, refuse, shorten
from ._arguments import path as argument_path
from ._files import write_bytes_atomic
from ._frontend import display_mode, figure_to_png, show_outputs

if TYPE_CHECKING:
    from matplotlib.figure import Figure

FIGURE_FORMATS = (".png", ".svg", ".pdf")
HTML_FORMATS = (".html",)
TEXT_POINTS, TEXT_DPI, TEXT_MARGIN = 10, 100, 0.2  # a text picture: font size, resolution, margin (inches)


def target_path(owner: str, value: object, suffixes: Sequence[str], example: str = "curves") -> Path:
    """A file the learner asked to write: its name, suffix and folder checked before writing
    (``example``: the file name a refusal of a folder suggests, without its suffix)."""
    path = argument_path(owner, "path", value)
    if path.is_dir():
        raise BadArgument(f"{owner}: path={shorten(value)} is a folder; name a file inside it, "
                          f"for example {str(path / (example + suffixes[0]))!r}. Nothing was written.")
    if path.suffix.lower() not in suffixes:
        raise refuse(owner, "path", value, f"a file name ending in {', '.join(suffixes)}")
    if not path.parent.is_dir():
        raise BadArgument(f"{owner}: path={shorten(value)} cannot be written: the folder "
                          f"{str(path.parent)!r} does not exist. Create it first "
                          f"(pathlib.Path({str(path.parent)!r}).mkdir(parents=True)) or choose another path.")
    return path


def write_file(owner: str, path: Path, data: bytes | str) -> Path:
    """Write ``data`` to ``path`` whole (never half a file); an OS refusal says where and why."""
    try:
        write_bytes_atomic(path, data.encode("utf-8") if isinstance(data, str) else data)
    except OSError as error:
        raise OSError(f"{owner}: could not write {str(path)!r}: {error.strerror or error}. "
                      "Choose a folder you can write to.") from error
    return path


def figure_bytes(figure: Figure, suffix: str) -> bytes:
    """``figure`` as the bytes of a ``.png``, ``.svg`` or ``.pdf`` file."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format=suffix.lower().lstrip("."))
    return buffer.getvalue()


def text_figure(text: str) -> Figure:
    """A figure showing ``text`` in a monospaced font, sized to fit it (for instruments that are text)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    lines = text.splitlines() or [""]
    inch = TEXT_POINTS / 72
    size = (max(map(len, lines)) * 0.6 * inch + 2 * TEXT_MARGIN, len(lines) * 1.2 * inch + 2 * TEXT_MARGIN)
    pixels = [math.ceil(max(side, least) * TEXT_DPI) for side, least in zip(size, (1.0, 0.5))]
    figure = Figure(figsize=(pixels[0] / TEXT_DPI, pixels[1] / TEXT_DPI), dpi=TEXT_DPI, facecolor="white")
    FigureCanvasAgg(figure)
    figure.text(TEXT_MARGIN / figure.get_figwidth(), 1 - TEXT_MARGIN / figure.get_figheight(), text,
                family="monospace", fontsize=TEXT_POINTS, va="top", ha="left")
    return figure


def image_figure(rgb) -> Figure:
    """A figure showing the uint8 RGB array ``rgb`` at its natural size (one pixel per pixel)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    height, width = rgb.shape[:2]
    figure = Figure(figsize=(width / TEXT_DPI, height / TEXT_DPI), dpi=TEXT_DPI)
    FigureCanvasAgg(figure)
    figure.figimage(rgb, resize=False)
    return figure


class Instrument:
    """The shared verbs (``show``, ``snapshot``, ``save``, ``widget``) over a few hooks."""

    OWNER = "instrument"  # the name messages give the instrument (``Inspector.save: ...``)
    SAVE_EXAMPLE = ""  # the file name (no suffix) a refused folder suggests; OWNER in lower case if empty

    # ---- hooks ---------------------------------------------------------------------------
    def _text(self) -> str:
        """What a terminal shows."""
        raise NotImplementedError

    def _build_widget(self):
        """The ipywidgets view (built once, on first use)."""
        raise NotImplementedError

    def _figure(self) -> Figure:
        """The picture ``snapshot`` and ``save`` draw: the text, unless the instrument has a figure."""
        return text_figure(self._text())

    def _static(self) -> list[str | dict]:
        """What a notebook without live widgets shows: text to print, or raw display bundles."""
        return [self._text()]

    def _html(self) -> str | None:
        """The instrument's table as HTML, if it is a table (``save`` then also writes ``.html``)."""
        return None

    # ---- the verbs --------------------------------------------------------------------------
    @property
    def widget(self):
        """The ipywidgets view (the same object every time)."""
        if getattr(self, "_widget", None) is None:
            self._widget = self._build_widget()
        return self._widget

    def show(self) -> None:
        """Show it now: a live widget, a static picture or text, as this front end allows."""
        from IPython.display import display

        mode = display_mode()
        if mode == "widget":
            display(self.widget)
        else:
            show_outputs(self._static() if mode == "static" else [self._text()])

    def _ipython_display_(self) -> None:
        self.show()

    def snapshot(self) -> bytes:
        """A picture of it as PNG bytes."""
        return figure_to_png(self._figure())

    def save_formats(self) -> tuple[str, ...]:
        """The file suffixes ``save`` writes."""
        return FIGURE_FORMATS + (HTML_FORMATS if self._html() is not None else ())

    def save(self, path: str | Path) -> Path:
        """Save it to ``path`` (see ``save_formats()``), replacing a file of that name; a folder, a
        missing folder or another suffix is refused before anything is written."""
        owner = f"{self.OWNER}.save"
        target = target_path(owner, path, self.save_formats(), self.SAVE_EXAMPLE or self.OWNER.lower())
        if target.suffix.lower() in HTML_FORMATS:
            page = (f"<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>{self.OWNER}</title></head>"
                    f"<body>{self._html()}</body></html>\n")
            return write_file(owner, target, page)
        return write_file(owner, target, figure_bytes(self._figure(), target.suffix))
