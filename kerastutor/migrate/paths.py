"""Files and folders: which files a run covers, reading them, and writing them back with a ``.bak``."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .. import _files
from .notebook import migrate_notebook
from .report import Finding, Problem
from .source import migrate_source

SUFFIXES = (".py", ".ipynb")
_SKIPPED_FOLDERS = ("__pycache__", "node_modules", "site-packages")
BOM = "\ufeff"


@dataclass
class FileResult:
    """One file of a run: its text before and after, findings, problems, and the backup when written."""

    path: Path
    original: str = ""
    text: str = ""
    findings: list[Finding] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    backup: Path | None = None

    @property
    def changed(self) -> bool:
        """Whether the migrated text differs from the file's."""
        return self.text != self.original


def files_in(paths: Iterable[str | os.PathLike]) -> Iterator[tuple[Path, Problem | None]]:
    """Each ``.py`` and ``.ipynb`` file named or inside a named folder (recursively, in name order,
    hidden folders and caches skipped), or the problem with a path that cannot be used."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for found in sorted(path.rglob("*")):
                parts = found.relative_to(path).parts
                if found.suffix in SUFFIXES and found.is_file() and not any(
                        part.startswith(".") or part in _SKIPPED_FOLDERS for part in parts):
                    yield found, None
        elif not path.exists():
            yield path, Problem("no such file or folder")
        elif path.suffix not in SUFFIXES:
            yield path, Problem("not a Python file (.py) or a notebook (.ipynb); skipped")
        else:
            yield path, None


def migrate_file(path: Path, write: bool = False, report_only: bool = False) -> FileResult:
    """Migrate one file; with ``write``, rewrite it in place when anything changed, after moving the
    original aside as ``<name>.bak`` (``.bak-2``... when a backup is already there: none is overwritten).
    ``report_only`` (not with ``write``): the findings only, the text is not rebuilt."""
    try:
        raw = _files.read_bytes(path, "the file")
        original = raw.decode("utf-8")
    except _files.FileProblem as error:
        return FileResult(path, problems=[Problem(str(error))])
    except UnicodeDecodeError as error:
        return FileResult(path, problems=[Problem(f"not UTF-8 text (byte {error.start}); left untouched")])
    bom = BOM if original.startswith(BOM) else ""
    body = original[len(bom):]
    report_only = report_only and not write
    migration = (migrate_notebook if path.suffix == ".ipynb" else migrate_source)(body, report_only)
    result = FileResult(path, original, bom + migration.text, migration.findings, migration.problems)
    if write and result.changed:
        try:
            result.backup = _write_with_backup(path, result.text)
        except OSError as error:
            result.problems.append(Problem(f"cannot be written ({error.strerror or error}); left untouched"))
            result.text = original
    return result


def migrate_paths(paths: Iterable[str | os.PathLike], write: bool = False,
                  report_only: bool = False) -> list[FileResult]:
    """:func:`migrate_file` for every file :func:`files_in` finds; a path that cannot be used is a result
    with a problem, and the run goes on."""
    return [FileResult(path, problems=[problem]) if problem else migrate_file(path, write, report_only)
            for path, problem in files_in(paths)]


def _write_with_backup(path: Path, text: str) -> Path:
    """Move ``path`` aside as ``.bak`` and write ``text`` in its place, with the same permissions; if the
    write fails the original is put back."""
    mode = path.stat().st_mode
    backup = _files.move_aside(path, "bak")
    try:
        _files.write_text_atomic(path, text)
        os.chmod(path, mode & 0o7777)
    except BaseException:
        os.replace(backup, path)
        raise
    return backup

