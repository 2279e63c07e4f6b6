"""``kerastutor classroom nbgrader COURSE_DIR [--lessons NN ...]``: the lessons as an nbgrader course.

Writes ``COURSE_DIR/nbgrader_config.py`` and ``COURSE_DIR/source/lessonNN/NN_name.ipynb``, one
assignment per lesson (:mod:`.assignment` makes each source notebook). Teachers then run nbgrader's own
commands from COURSE_DIR: ``generate_assignment``, ``collect``, ``autograde``, ``generate_feedback``,
``export``.

A manifest (``.kerastutor-course.json``) keeps the SHA-256 of every file written here, so running the
command again replaces only files nobody changed since. A file the teacher edited, or one kerastutor did
not write, is refused by name (exit status 1, nothing written) unless ``--force``: then it is moved aside
to ``NAME.replaced`` (``.replaced-2``...) and the new version written. Exit status: 0 written, 1 refused
or a write failed, 2 bad arguments (a COURSE_DIR that is a file or cannot be written, unknown lessons).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import secrets
import sys
from pathlib import Path

from .._text import shown_path

HELP = "turn the lessons into an nbgrader course: one assignment per lesson, every exercise a graded cell"
MANIFEST = ".kerastutor-course.json"
CONFIG = "nbgrader_config.py"
WRITTEN, REFUSED, BAD_INPUT = 0, 1, 2
_HIDDEN_SEED_LIMIT = 2**31

CONFIG_TEXT = '''\
"""nbgrader settings of the kerastutor course, written by `kerastutor classroom nbgrader`.

Run nbgrader's commands from this folder, e.g. nbgrader generate_assignment lesson01."""
import os

c = get_config()  # noqa: F821  (nbgrader's configuration loader defines get_config)
here = os.path.dirname(os.path.abspath(__file__))
c.CourseDirectory.course_id = {course_id!r}
c.CourseDirectory.root = here
# A released answer cell is the lesson's own cell: the solution region goes and nothing replaces it.
c.ClearSolutions.code_stub = {{"python": ""}}
# Lesson cells train small models: each cell may take up to 10 minutes when autograding.
c.Execute.timeout = 600
# What the autograded checks record goes here, not into your own kerastutor progress.
os.environ["KERASTUTOR_HOME"] = os.path.join(here, "autograde-progress")
# On a shared hub, nbgrader's exchange (release_assignment, fetch, submit, collect) is c.Exchange.root,
# /srv/nbgrader/exchange unless set here.
'''


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``kerastutor classroom nbgrader``."""
    parser.description = (f"{HELP[0].upper()}{HELP[1:]}. Writes COURSE_DIR/nbgrader_config.py and "
                          "COURSE_DIR/source/lessonNN/. Exit status: 0 written, 1 refused, 2 bad arguments.")
    parser.add_argument("course_dir", type=Path, metavar="COURSE_DIR", help="the nbgrader course folder")
    parser.add_argument("--lessons", nargs="+", type=_lesson_number, metavar="NN",
                        help="only these lessons (numbers such as 1 or 01); every lesson when left out")
    parser.add_argument("--course-id", default="kerastutor", help="nbgrader's course id (default kerastutor)")
    parser.add_argument("--force", action="store_true",
                        help="replace files you edited (or kerastutor did not write); each old one is kept "
                             "as NAME.replaced")


def run(arguments: argparse.Namespace) -> int:
    """Write the course; print what was written and the nbgrader commands that come next."""
    from .. import workspace
    from ..exercises.catalogue import lesson_modules

    modules = {module.LESSON: module for module in lesson_modules()}
    notebooks = {path.stem: path for path in workspace.lessons(workspace.curriculum_dir())
                 if path.stem in modules}
    numbers = {int(stem[:2]): stem for stem in notebooks}
    wanted = arguments.lessons or sorted(numbers)
    unknown = [number for number in dict.fromkeys(wanted) if number not in numbers]
    if unknown:
        return _bad(f"no lesson {', '.join(f'{number:02d}' for number in unknown)}; the lessons are "
                    f"{', '.join(f'{number:02d}' for number in sorted(numbers))}")
    course = arguments.course_dir
    problem = _course_id_problem(arguments.course_id) or _folder_problem(course)
    if problem:
        return _bad(problem)
    try:
        files = {CONFIG: CONFIG_TEXT.format(course_id=arguments.course_id).encode("utf-8")}
        for number in dict.fromkeys(wanted):
            stem = numbers[number]
            files.update(_lesson_file(notebooks[stem], modules[stem]))
    except OSError as error:
        return _failed(f"{error}; nothing was written")
    try:
        return _write(course, files, arguments.force)
    except OSError as error:
        return _failed(f"{error}; the files written before it are listed above")


def _lesson_file(notebook_path: Path, module) -> dict[str, bytes]:
    """``{"source/lessonNN/NN_name.ipynb": bytes}`` for one lesson, with new hidden seeds."""
    import nbformat

    from .. import _files
    from ..exercises.catalogue import problems_of
    from .assignment import assignment_name, source_notebook

    try:
        text = _files.read_bytes(notebook_path, "the lesson").decode("utf-8")
        notebook = nbformat.reads(text, as_version=4)
    except (ValueError, UnicodeDecodeError) as error:
        raise _files.FileCorrupt(f"the lesson {shown_path(notebook_path)} cannot be read ({error}); "
                                 "reinstall kerastutor") from None
    seeds = {problem.name: secrets.randbelow(_HIDDEN_SEED_LIMIT) for problem in problems_of(module)}
    graded = source_notebook(notebook, module, seeds)
    relative = f"source/{assignment_name(module.LESSON)}/{notebook_path.name}"
    return {relative: (nbformat.writes(graded) + "\n").encode("utf-8")}


def _write(course: Path, files: dict[str, bytes], force: bool) -> int:
    """Write ``files`` (relative path -> bytes) into ``course`` unless one would replace a file that is
    not kerastutor's unchanged copy (then name each and write nothing, or with ``force`` move it aside)."""
    from .. import _files

    manifest_path = course / MANIFEST
    try:
        known = json.loads(manifest_path.read_text("utf-8")) if manifest_path.is_file() else {}
    except (OSError, ValueError):
        known = {}  # an unreadable manifest vouches for nothing: every existing file is the teacher's
    known = known if isinstance(known, dict) else {}
    theirs = [relative for relative in files if _changed(course / relative, known.get(relative))]
    if theirs and not force:
        for relative in theirs:
            print(f"kerastutor classroom nbgrader: {shown_path(course / relative)} was changed since "
                  "kerastutor wrote it (or kerastutor did not write it); kept as it is.", file=sys.stderr)
        print("Nothing was written. Run again with --force to replace these files (each old one is kept "
              "as NAME.replaced), or remove them.", file=sys.stderr)
        return REFUSED
    try:
        for relative, data in files.items():
            target = course / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            if relative in theirs:
                kept = _files.move_aside(target, "replaced")
                print(f"kept your {shown_path(target)} as {shown_path(kept)}")
            _files.write_bytes_atomic(target, data)
            target.chmod(0o644)
            known[relative] = hashlib.sha256(data).hexdigest()
            print(f"wrote {shown_path(target)}")
    finally:
        _files.write_text_atomic(manifest_path, json.dumps(known, indent=1, sort_keys=True) + "\n")
    assignments = sorted({relative.split("/")[1] for relative in files if relative.startswith("source/")})
    print(_next_steps(course, assignments))
    return WRITTEN


def _changed(path: Path, digest: object) -> bool:
    """Whether ``path`` exists and is not the file kerastutor wrote (``digest``, its SHA-256)."""
    if not path.exists():
        return False
    try:
        return not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != digest
    except OSError:
        return True


def _next_steps(course: Path, assignments: list[str]) -> str:
    """What the teacher runs next, with nbgrader, from the course folder."""
    first = assignments[0] if assignments else "lesson01"
    return "\n".join([
        f"Next, from {shown_path(course)}:",
        f"  nbgrader generate_assignment {first}      # release/{first}: what learners get",
        f"  nbgrader collect {first}                  # or copy notebooks to submitted/NAME/{first}/",
        f"  nbgrader autograde {first}",
        f"  nbgrader generate_feedback {first}        # feedback/NAME/{first}/*.html",
        "  nbgrader export --to grades.csv",
    ])


def _folder_problem(course: Path) -> str | None:
    """Why ``course`` cannot be the course folder (blank, a file, not writable), or None."""
    if not str(course).strip():
        return "COURSE_DIR is empty; name a folder for the course"
    if course.exists() and not course.is_dir():
        return f"COURSE_DIR {shown_path(course)} is a file, not a folder; name a folder for the course"
    try:
        course.mkdir(parents=True, exist_ok=True)
        probe = course / f".{MANIFEST}.probe"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as error:
        return (f"COURSE_DIR {shown_path(course)} cannot be written ({error.strerror or error}); "
                "choose another folder")
    return None


def _course_id_problem(course_id: str) -> str | None:
    """Why ``course_id`` cannot be nbgrader's course id, or None (nbgrader wants letters, digits, - and _)."""
    if course_id and all(character.isalnum() or character in "-_" for character in course_id) and \
            len(course_id) <= 100:
        return None
    return f"--course-id {course_id!r} cannot be used; use letters, digits, - and _ (at most 100)"


def _lesson_number(text: str) -> int:
    """``--lessons``' value as a lesson number (an argparse type)."""
    if text.strip().isdigit() and len(text.strip()) <= 2:
        return int(text)
    raise argparse.ArgumentTypeError(f"{text!r} is not a lesson number; use numbers such as 1 or 01")


def _bad(message: str) -> int:
    print(f"kerastutor classroom nbgrader: {message}.", file=sys.stderr)
    return BAD_INPUT


def _failed(message: str) -> int:
    print(f"kerastutor classroom nbgrader: {message}", file=sys.stderr)
    return REFUSED
