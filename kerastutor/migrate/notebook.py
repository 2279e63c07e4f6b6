"""Notebooks: the code cells of an ``.ipynb`` migrated one by one, everything else kept as it was.

IPython syntax is not Python: line magics (``%time``), shell lines (``!pip``), ``x = !ls`` and help
(``K.sum?``) are masked by a ``pass`` line before parsing and put back exactly afterwards; a cell that
starts with a cell magic (``%%bash``) is left alone. Imports are collected from all cells first, so
``K.mean`` in cell 5 is known to be Keras from ``from keras import backend as K`` in cell 1.
"""

from __future__ import annotations

import json
import re

from .bindings import Bindings, top_level_keras_import
from .report import Finding, Problem
from .source import Migration, parse, unparseable_rewrite
from .transform import add_keras_import, migrate_module, trigger_pattern

_IPYTHON_LINE = re.compile(r"^\s*(?:[%!]|[\w.]+\s*=\s*[%!]|\?|[\w.\[\]()]+\?{1,2}\s*$)")
_MASK = "pass  # kerastutor-masked-line-{}"
_MASKED = re.compile(r"^[ \t]*pass  # kerastutor-masked-line-(\d+)$")


def mask(source: str) -> tuple[str, list[str]] | None:
    """``source`` with its IPython lines masked, and the lines to put back; None for a cell magic."""
    if source.lstrip().startswith("%%"):
        return None
    lines = source.split("\n")
    saved: list[str] = []
    for number, line in enumerate(lines):
        if _IPYTHON_LINE.match(line):
            indent = line[:len(line) - len(line.lstrip())]
            lines[number] = indent + _MASK.format(len(saved))
            saved.append(line)
    return "\n".join(lines), saved


def unmask(source: str, saved: list[str]) -> str:
    """:func:`mask` undone: each masked line is the original line again, character for character."""
    lines = source.split("\n")
    for number, line in enumerate(lines):
        found = _MASKED.match(line)
        if found:
            lines[number] = saved[int(found.group(1))]
    return "\n".join(lines)


def _cells(data: object) -> list[dict] | None:
    """The cells of a notebook's JSON, or None when it does not have the shape of a notebook."""
    if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
        return None
    cells = data["cells"]
    for cell in cells:
        if not isinstance(cell, dict) or not isinstance(cell.get("source", ""), (str, list)) or (
                isinstance(cell.get("source"), list) and not all(isinstance(s, str) for s in cell["source"])):
            return None
    return cells


def migrate_notebook(text: str, report_only: bool = False) -> Migration:
    """Migrate the code cells of a notebook's JSON ``text``; findings and problems carry their cell number
    (1-based, counting every cell). Unchanged cells, outputs and metadata are kept. ``report_only``: only
    the findings (``text`` is returned unchanged)."""
    try:
        data = json.loads(text)
    except ValueError as error:
        return Migration(text, problems=[Problem(f"not a notebook: damaged JSON ({str(error)[:80]}); "
                                                 "left untouched")])
    cells = _cells(data)
    if cells is None:
        return Migration(text, problems=[Problem("not a notebook: no list of cells; left untouched")])
    bindings = Bindings()
    masked: dict[int, tuple[str, list[str], object]] = {}
    problems: list[Problem] = []
    for number, cell in enumerate(cells, start=1):
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        hidden = mask(source if isinstance(source, str) else "".join(source))
        if hidden is None:
            continue
        tree = parse(hidden[0])
        if isinstance(tree, Problem):
            problems.append(Problem(tree.reason, tree.line, number))
            continue
        bindings.add(tree)
        masked[number] = (*hidden, tree)
    findings, changed, importing = _migrate_cells(masked, bindings)
    if report_only:
        return Migration(text, findings, problems)
    if importing is not None:
        changed[importing] = add_keras_import(changed.get(importing, masked[importing][0]))
    updated = False
    for number, new in changed.items():
        problem = unparseable_rewrite(masked[number][0], new)
        if problem:
            problems.append(Problem(problem.reason, cell=number))
            continue
        source = unmask(new, masked[number][1])
        old = cells[number - 1]["source"]
        cells[number - 1]["source"] = source if isinstance(old, str) else source.splitlines(keepends=True)
        updated = True
    return Migration(_dump(data, text) if updated else text, findings, problems)


def _migrate_cells(masked: dict[int, tuple[str, list[str], object]],
                   bindings: Bindings) -> tuple[list[Finding], dict[int, str], int | None]:
    """Each masked cell migrated: the findings, the new text of each changed cell, and the cell that
    gets ``import keras`` when a rewrite needs it (its first Keras import, else the first that needs it)."""
    pattern = trigger_pattern(bindings)
    findings: list[Finding] = []
    changed: dict[int, str] = {}
    needing: int | None = None
    for number, (source, _, tree) in masked.items():
        new, found, needs_import = migrate_module(source, tree, bindings, pattern, add_import=False)
        for finding in found:
            finding.cell = number
        findings.extend(found)
        if new != source:
            changed[number] = new
        if needs_import and needing is None:
            needing = number
    if needing is None:
        return findings, changed, None
    first_import = next((number for number, (_, _, tree) in masked.items()
                         if top_level_keras_import(tree) is not None), needing)
    return findings, changed, first_import


def _dump(data: object, original: str) -> str:
    """The notebook's JSON in the layout of ``original`` (its indent; nbformat writes 1), unescaped."""
    indent = re.search(r"\n( +)\"", original)
    text = json.dumps(data, indent=len(indent.group(1)) if indent else 1, ensure_ascii=False)
    return text + "\n" if original.endswith("\n") else text
