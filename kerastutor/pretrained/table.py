"""The gallery's catalogue table: which models it lists, in what order, and as text or HTML. Pure.

The table shows and sorts by published facts only (unpublished ones last); the "fits the memory
budget" filter also uses computed sizes (parameters x 4 bytes), as the memory guard does.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from .._text import align_columns
from .catalogue import CATALOGUE, ModelRecord
from .loading import MEASURED_MS, estimated_mb

SORT_KEYS: dict[str, Callable[[ModelRecord], object]] = {
    "name": lambda r: r.name, "size (MB)": lambda r: r.size_mb or 1e9,
    "top-1 accuracy": lambda r: -(r.top1 or 0), "parameters": lambda r: r.params or 1e12,
    "depth": lambda r: r.depth or 1e9}
COLUMNS = ("model", "family", "size MB", "top-1", "top-5", "params", "depth", "input",
           "CPU ms (keras.io)", "CPU ms (measured here)")


def visible_records(text: str = "", sort: str = "size (MB)",
                    fits_mb: float | None = None) -> list[ModelRecord]:
    """The catalogue's models whose name or family holds ``text``, sorted by ``sort`` (a key of
    ``SORT_KEYS``), and with ``fits_mb`` only those whose weights fit that many MB."""
    text = text.strip().lower()
    records = [r for r in CATALOGUE if text in r.name.lower() or text in r.family.lower()]
    if fits_mb is not None:
        records = [r for r in records if estimated_mb(r) <= fits_mb]
    return sorted(records, key=SORT_KEYS[sort])


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


def catalogue_html(records: list[ModelRecord]) -> str:
    """An HTML table of ``records``."""
    head = "".join(f"<th style='padding:0 6px;text-align:left'>{c}</th>" for c in COLUMNS)
    body = "".join("<tr>" + "".join(f"<td style='padding:0 6px'>{html.escape(v)}</td>" for v in row)
                   + "</tr>" for row in catalogue_rows(records))
    return f"<table><tr>{head}</tr>{body}</table>"
