"""``kerastutor classroom collect FILES_OR_FOLDER... --csv grades.csv --html class.html``: the class view.

Reads learners' progress exports (a folder: the ``*.json`` files directly in it, not its subfolders,
skipping hidden files), checks each (:mod:`.records`), and builds one table: learners x the exercises
of this curriculum, in lesson order. From it come a gradebook CSV (one row per learner) and an HTML
class report (:mod:`.class_report`).

Decisions, each said on stderr in one line naming the file:
- a file that is not a valid export is rejected; the others are still collected;
- exercises this curriculum does not have (an export from another kerastutor version) are left out,
  the rest of that file is kept;
- two exports of one learner (same name, ignoring case and extra spaces): the newest by ``exported``
  is kept, the older rejected; progress only grows, so a newer export from the same progress file holds
  what an older one did (when the older one has exercises the newer lacks, as from another Binder
  session, the message says how many were not counted: never merged, since two learners may share
  a typed name).

Exit status: 0 all read, 1 some file rejected or cut, 2 bad arguments or nothing could be read
(then nothing is written). Outputs are written atomically, never over an input, and never over an
existing file unless ``--overwrite`` is given.
"""

from __future__ import annotations

import argparse
import csv
import io
import statistics
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from .._text import shown_path
from .records import ExerciseRecord, LearnerExport, Rejected, read_export

HELP = "gather learners' exported progress into a gradebook CSV and an HTML class report"
ALL_READ, SOME_REJECTED, BAD_INPUT = 0, 1, 2
FORMATIVE = ("Self-reported progress, for teaching (formative): it is not a grade. "
             "Grades come from nbgrader.")
DONE, TRIED, NOT_STARTED = "done", "tried", "not started"
CSV_TOTALS = ("done", "tried", "hints")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Exercise:
    """One exercise of the curriculum: its lesson key, its name (q1...) and its lesson's title."""

    lesson: str
    name: str
    lesson_title: str

    @property
    def label(self) -> str:
        """How tables name it: ``"01_keras_workflow q1"``."""
        return f"{self.lesson} {self.name}"


@dataclass(frozen=True)
class Finding:
    """A file not (wholly) collected, and why: one line for stderr."""

    path: Path
    message: str
    rejected: bool = True

    def line(self) -> str:
        """``Rejected <file>: <why>.`` or ``Kept part of <file>: <why>.``"""
        verb = "Rejected" if self.rejected else "Kept part of"
        return f"{verb} {shown_path(self.path)}: {self.message}."


@dataclass(frozen=True)
class Stuck:
    """An exercise some learners tried and have not solved: how many, and their hints and time."""

    exercise: Exercise
    stuck: int
    solved: int
    hints: int
    median_seconds: float | None


@dataclass
class ClassTable:
    """The learners (sorted by name) against the curriculum's exercises, and what was not collected."""

    exercises: tuple[Exercise, ...]
    learners: list[LearnerExport]
    findings: list[Finding] = field(default_factory=list)
    files: int = 0

    def record(self, learner: LearnerExport, exercise: Exercise) -> ExerciseRecord | None:
        """What ``learner`` did on ``exercise`` (None: not touched)."""
        return learner.exercises.get((exercise.lesson, exercise.name))

    def state(self, learner: LearnerExport, exercise: Exercise) -> str:
        """``"done"`` (solved), ``"tried"`` (checked, not solved) or ``"not started"``."""
        return state_of(self.record(learner, exercise))

    def totals(self, learner: LearnerExport) -> dict[str, int]:
        """A learner's exercises done and tried (not solved), and hints shown in all."""
        states = [self.state(learner, exercise) for exercise in self.exercises]
        hints = sum(record.hints for record in learner.exercises.values())
        return {"done": states.count(DONE), "tried": states.count(TRIED), "hints": hints}

    def stuck(self) -> list[Stuck]:
        """Exercises tried and not solved by at least one learner: most learners stuck first, then most
        hints shown on it, then longest median time, then lesson order."""
        found = []
        for exercise in self.exercises:
            records = [r for learner in self.learners if (r := self.record(learner, exercise))]
            stuck = sum(state_of(r) == TRIED for r in records)
            if stuck:
                times = [r.seconds for r in records if r.seconds is not None]
                solved = sum(state_of(r) == DONE for r in records)
                median = statistics.median(times) if times else None
                found.append(Stuck(exercise, stuck, solved, sum(r.hints for r in records), median))
        order = {exercise: index for index, exercise in enumerate(self.exercises)}
        return sorted(found, key=lambda s: (-s.stuck, -s.hints, -(s.median_seconds or 0.0),
                                            order[s.exercise]))


def state_of(record: ExerciseRecord | None) -> str:
    """The grid state of one record: a correct check is done, any other check is tried."""
    if record is None or record.outcome == "not attempted":
        return NOT_STARTED
    return DONE if record.outcome == "correct" else TRIED


def curriculum() -> tuple[Exercise, ...]:
    """This kerastutor's exercises in lesson and question order (imports the lesson modules: Keras)."""
    from ..exercises.catalogue import lesson_modules, problems_of

    return tuple(Exercise(module.LESSON, problem.name, module.TITLE)
                 for module in lesson_modules() for problem in problems_of(module))


def export_files(inputs: Iterable[Path]) -> list[Path]:
    """The files to read: each file given, and each folder's ``*.json`` files (not hidden, not in
    subfolders), in name order; a file reached twice is read once."""
    found: list[Path] = []
    seen: set[Path] = set()
    for path in inputs:
        candidates = (sorted(p for p in path.iterdir() if p.suffix.lower() == ".json"
                             and not p.name.startswith(".") and p.is_file())
                      if path.is_dir() else [path])
        for candidate in candidates:
            if (key := candidate.resolve()) not in seen:
                seen.add(key)
                found.append(candidate)
    return found


def collect(files: Sequence[Path], exercises: tuple[Exercise, ...]) -> ClassTable:
    """Read ``files`` into a class table over ``exercises``, with a finding per file not (wholly) kept."""
    findings: list[Finding] = []
    newest: dict[str, LearnerExport] = {}
    known = {(exercise.lesson, exercise.name) for exercise in exercises}
    for path in files:
        try:
            export = read_export(path)
        except Rejected as why:
            findings.append(Finding(path, str(why)))
            continue
        unknown = [key for key in export.exercises if key not in known]
        if unknown:
            shown = ", ".join(" ".join(key) for key in unknown[:3]) + (" ..." if len(unknown) > 3 else "")
            findings.append(Finding(path, f"{len(unknown)} exercise(s) of {export.learner!r} are not in this "
                                          f"curriculum ({shown}) and were left out; the export is from "
                                          f"kerastutor {export.kerastutor}", rejected=False))
            export = LearnerExport(export.path, export.learner, export.kerastutor, export.exported,
                                   {key: r for key, r in export.exercises.items() if key in known})
        earlier = newest.get(export.identity)
        if earlier is None:
            newest[export.identity] = export
            continue
        kept, dropped = (export, earlier) if export.exported > earlier.exported else (earlier, export)
        newest[export.identity] = kept
        which = "an older" if dropped.exported < kept.exported else "a second"
        lost = sum(key not in kept.exercises for key in dropped.exercises)
        lost_words = (f"; it has {lost} exercise(s) the kept one has not (work from another session?), not "
                      "counted" if lost else "")
        findings.append(Finding(dropped.path, f"{which} export of learner {dropped.learner!r} (exported "
                                              f"{_when(dropped.exported)}); {shown_path(kept.path)} "
                                              f"(exported {_when(kept.exported)}) is kept{lost_words}"))
    learners = sorted(newest.values(), key=lambda export: (export.identity, export.learner))
    return ClassTable(exercises, learners, findings, len(files))


def _when(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def csv_text(table: ClassTable) -> str:
    """The gradebook: a header row, then one row per learner: learner, done, tried, hints, kerastutor,
    exported, one column per exercise (``correct`` / ``incorrect`` / ``not attempted``), and a note that
    this is formative. No cell starts like a formula."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["learner", *CSV_TOTALS, "kerastutor", "exported",
                     *(exercise.label for exercise in table.exercises), "note"])
    for learner in table.learners:
        totals = table.totals(learner)
        outcomes = [(record.outcome if (record := table.record(learner, exercise)) else "not attempted")
                    for exercise in table.exercises]
        row = [learner.learner, *(totals[name] for name in CSV_TOTALS), learner.kerastutor,
               _when(learner.exported), *outcomes, FORMATIVE]
        writer.writerow([_no_formula(cell) for cell in row])
    return buffer.getvalue()


def _no_formula(cell: object) -> object:
    """A text cell a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``...) gets a ``'`` first."""
    return "'" + cell if isinstance(cell, str) and cell.startswith(FORMULA_STARTS) else cell


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``kerastutor classroom collect``."""
    parser.description = (f"{HELP[0].upper()}{HELP[1:]}. A folder means the .json files directly in it. "
                          "Exit status: 0 all read, 1 some file rejected, 2 bad arguments or nothing read.")
    parser.add_argument("inputs", nargs="+", type=Path, metavar="FILE_OR_FOLDER",
                        help="progress exports (kerastutor-progress-NAME.json), or folders of them")
    parser.add_argument("--csv", type=Path, metavar="GRADES.csv", help="write the gradebook CSV here")
    parser.add_argument("--html", type=Path, metavar="CLASS.html", help="write the HTML class report here")
    parser.add_argument("--overwrite", action="store_true", help="replace --csv/--html files that exist")


def run(arguments: argparse.Namespace) -> int:
    """Collect, write the outputs, print a summary (stdout) and each file not collected (stderr)."""
    from .. import _files
    from .class_report import report_html

    problem = _input_problem(arguments.inputs)
    try:
        files = [] if problem else export_files(arguments.inputs)
    except OSError as error:
        files, problem = [], f"{shown_path(error.filename or '')} cannot be read ({error.strerror or error})"
    if not problem and not files:
        problem = "no .json files in " + ", ".join(shown_path(path) for path in arguments.inputs)
    chosen = (("--csv", arguments.csv), ("--html", arguments.html))
    outputs = {option: path for option, path in chosen if path}
    problem = problem or _output_problem(outputs, files, arguments.overwrite)
    if problem:
        return _bad(problem)
    table = collect(files, curriculum())
    for finding in table.findings:
        print(finding.line(), file=sys.stderr)
    if not table.learners:
        return _bad(f"none of the {len(files)} file(s) is a progress export that can be read; "
                    "nothing written")
    contents = {"--csv": lambda: csv_text(table),
                "--html": lambda: report_html(table, datetime.now(timezone.utc))}
    for option, path in outputs.items():
        try:
            _files.write_text_atomic(path, contents[option]())
        except OSError as error:
            return _bad(f"{option} {shown_path(path)} cannot be written ({error.strerror or error})")
    print(_summary(table, list(outputs.values())))
    return SOME_REJECTED if table.findings else ALL_READ


def _bad(message: str) -> int:
    print(f"kerastutor classroom collect: {message}.", file=sys.stderr)
    return BAD_INPUT


def _input_problem(inputs: list[Path]) -> str | None:
    for path in inputs:
        try:
            exists = path.exists()
        except (OSError, ValueError):  # a name too long, a NUL character
            exists = False
        if not exists:
            return f"{shown_path(path)} does not exist; give export files or folders of them"
    return None


def _output_problem(outputs: dict[str, Path], inputs: list[Path], overwrite: bool) -> str | None:
    read = {path.resolve() for path in inputs}
    chosen: dict[Path, str] = {}
    for option, path in outputs.items():
        where = path.resolve()
        if where in chosen:
            return f"{option} and {chosen[where]} are the same file {shown_path(path)}; give two names"
        chosen[where] = option
        if where in read:
            return f"{option} {shown_path(path)} is one of the exports being read; choose another file"
        if path.is_dir():
            return f"{option} {shown_path(path)} is a folder; give a file name such as {path / 'class'}"
        if not path.parent.is_dir():
            return f"{option} {shown_path(path)}: its folder {shown_path(path.parent)} does not exist"
        if path.exists() and not overwrite:
            return (f"{option} {shown_path(path)} exists and was left as it is; choose another name, or add "
                    "--overwrite to replace it")
    return None


def _summary(table: ClassTable, written: list[Path]) -> str:
    rejected = sum(finding.rejected for finding in table.findings)
    cut = len(table.findings) - rejected
    notes = [f"{rejected} rejected"] * bool(rejected) + [f"{cut} kept in part"] * bool(cut)
    lines = [f"Collected {len(table.learners)} learner(s) from {table.files} file(s)"
             + (f"; {', '.join(notes)} (each named on stderr)." if notes else ".")]
    if written:
        lines.append("Wrote " + " and ".join(shown_path(path) for path in written) + ".")
    stuck = table.stuck()[:3]
    if stuck:
        lines.append("Most stuck: " + "; ".join(f"{s.exercise.label} ({s.stuck} tried, not solved)"
                                                for s in stuck) + ".")
    lines.append(FORMATIVE)
    return "\n".join(lines)
