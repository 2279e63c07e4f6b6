"""``kerastutor migrate PATH... [--write] [--diff]``: the report, the diff and the exit status.

Exit status: 0 when nothing was found, 1 when there were findings (rewritten or manual), 2 when a
path, file or cell could not be used (bad input wins over findings, as argparse's own status 2 does).
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from .paths import FileResult

BOM = "\ufeff"

NO_FINDINGS, FINDINGS, PROBLEMS = 0, 1, 2


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Register ``migrate`` on the ``kerastutor`` command line."""
    migrate = commands.add_parser(
        "migrate", help="rewrite Keras 1/2 code (.py, .ipynb) for Keras 3, or report what to change",
        description="Report Keras 1/2 names in .py files and notebooks, with what each is in Keras 3 and "
                    "the lesson that teaches it; --write rewrites what is mechanical (keeping a .bak) and "
                    "marks the rest with a comment. Exit status: 0 nothing found, 1 findings, 2 errors.")
    migrate.add_argument("paths", nargs="+", metavar="PATH", help="a .py file, a notebook or a folder")
    migrate.add_argument("--write", action="store_true", help="rewrite the files in place (keeping a .bak)")
    migrate.add_argument("--diff", action="store_true", help="print the changes as a unified diff")


def run(paths: list[str], write: bool = False, diff: bool = False, out: TextIO | None = None) -> int:
    """Migrate ``paths`` and print the report (and the diff) to ``out``; returns the exit status."""
    from .paths import migrate_paths  # LibCST is loaded only when migrate runs, not for `kerastutor start`
    from .report import finding_line, problem_line, summary_line

    out = out or sys.stdout
    results = migrate_paths(paths, write=write, report_only=not (write or diff))
    for result in results:
        place = str(result.path)
        for problem in result.problems:
            print(problem_line(place, problem), file=out)
        for finding in sorted(result.findings, key=lambda f: (f.cell or 0, f.line, f.column)):
            print(finding_line(place, finding), file=out)
        if diff and result.changed:
            out.writelines(_diff(result))
    findings = [finding for result in results for finding in result.findings]
    problems = sum(len(result.problems) for result in results)
    written = sum(result.backup is not None for result in results) if write else None
    print(summary_line(len(results), findings, problems, written), file=out)
    return PROBLEMS if problems else FINDINGS if findings else NO_FINDINGS


def _diff(result: FileResult) -> list[str]:
    """The unified diff of one file (of each changed cell's source, for a notebook)."""
    name = str(result.path)
    if result.path.suffix != ".ipynb":
        pairs = [(name, result.original, result.text)]
    else:
        before, after = (json.loads(text.lstrip(BOM))["cells"] for text in (result.original, result.text))
        pairs = [(f"{name}[cell {number}]", _source(old), _source(new))
                 for number, (old, new) in enumerate(zip(before, after), start=1) if old != new]
    lines: list[str] = []
    for label, old, new in pairs:
        diff = difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                    fromfile=label, tofile=f"{label} (Keras 3)")
        lines.extend(line if line.endswith("\n") else line + "\n" for line in diff)  # a last line without one
    return lines


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return source if isinstance(source, str) else "".join(source)
