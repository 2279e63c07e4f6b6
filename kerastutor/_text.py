"""Text for learners: paths as they read on every machine, rows as aligned columns."""

from __future__ import annotations

import os


def shown_path(path: str | os.PathLike) -> str:
    """``path`` with the home folder written ``~``, so that messages read the same on every machine."""
    path, home = str(path), os.path.expanduser("~")
    return "~" + path[len(home):] if home not in ("", "/") and path.startswith(home) else path


def align_columns(rows: list[tuple[str, ...]]) -> list[str]:
    """Text rows as left-aligned columns two spaces apart (the first row is usually a header)."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)) for row in rows]
