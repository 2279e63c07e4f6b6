"""``kerastutor migrate``: Keras 1/2 code in, Keras 3 code out.

:func:`migrate_source` rewrites one text; :func:`migrate_paths` runs over files and folders (``.py`` and
``.ipynb``) and, with ``write=True``, rewrites them in place, keeping each original as ``.bak``. Modules:
``rules`` (the rewrite tables), ``bindings`` (what a name resolves to), ``transform`` (the LibCST
transformer), ``positions`` (line and column of each finding), ``source`` and ``notebook`` (one file),
``paths`` (files, folders, writing), ``report`` (findings and the summary) and ``command`` (the
``kerastutor migrate`` command line).
LibCST is loaded when a function is first used, not when the command line starts.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .paths import FileResult, migrate_paths
    from .source import Migration, migrate_source

__all__ = ["FileResult", "Migration", "migrate_paths", "migrate_source"]
_HOMES = {"FileResult": ".paths", "migrate_paths": ".paths", "Migration": ".source",
          "migrate_source": ".source"}


def __getattr__(name: str) -> Any:
    """The public names, imported on first use (LibCST takes a tenth of a second to load)."""
    if name in _HOMES:
        return getattr(import_module(_HOMES[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
