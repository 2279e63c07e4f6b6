"""One lesson notebook as an nbgrader source notebook: every exercise cell becomes a graded answer cell
holding the published solution, followed by an autograder test cell with a hidden re-check on fresh data.

Pure: a notebook (nbformat node) and the lesson's exercise module in, a new notebook out.

An exercise cell of the lessons ends with ``ex.qN.check(NAME)`` (``NAME = ____`` above it) or
``ex.qN.check(____)``. Its source version keeps the cell's comments and the ``NAME = ____`` line, then
the solution region (the published solution, its own check line turned into ``NAME = ...``), then the
check. nbgrader's ``generate_assignment`` removes the region (the course's ``ClearSolutions.code_stub``
is empty), so the learner gets the lesson's own cell back (``ex.qN.check(____)`` reads
``answer = ____`` / ``ex.qN.check(answer)``).
"""

from __future__ import annotations

import copy
import re
from types import ModuleType

from ..exercises.catalogue import problems_of
from ..exercises.core import Problem

BEGIN_SOLUTION, END_SOLUTION = "### BEGIN SOLUTION", "### END SOLUTION"
BEGIN_HIDDEN, END_HIDDEN = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
POINTS_PER_EXERCISE = 1
PLACEHOLDER_NAME = "answer"  # what ex.qN.check(____) becomes: answer = ____ / ex.qN.check(answer)
_CHECK_LINE = re.compile(r"^ex\.(q\d+)\.check\((.*)\)\s*$")
_NAME = re.compile(r"^[A-Za-z_]\w*$")


class NotAnExerciseCell(ValueError):
    """A lesson cell or a published solution has a shape this converter does not know (a kerastutor bug)."""


def assignment_name(lesson: str) -> str:
    """The nbgrader assignment of a lesson: ``01_keras_workflow`` -> ``lesson01``."""
    return f"lesson{lesson[:2]}"


def source_notebook(notebook, module: ModuleType, hidden_seeds: dict[str, int]):
    """A copy of the lesson ``notebook`` with every exercise graded (``POINTS_PER_EXERCISE`` each); the
    hidden part of exercise ``qN`` re-checks on fresh data drawn with ``hidden_seeds["qN"]``."""
    from nbformat.v4 import new_code_cell

    problems = {problem.name: problem for problem in problems_of(module)}
    prefix = assignment_name(module.LESSON)
    result = copy.deepcopy(notebook)
    cells, graded = [], set()
    for cell in result.cells:
        name = _exercise_of(cell)
        if name is None or name not in problems:
            cells.append(cell)
            continue
        cell.source = _answer_source(cell.source, problems[name])
        cell.outputs, cell.execution_count = [], None
        cell.metadata.pop("execution", None)
        cell.metadata["nbgrader"] = _metadata(f"{prefix}_{name}_answer", solution=True)
        test = new_code_cell(_test_source(name, hidden_seeds[name]))
        test.metadata["nbgrader"] = _metadata(f"{prefix}_{name}_test", grade=True)
        cells += [cell, test]
        graded.add(name)
    missing = sorted(set(problems) - graded)
    if missing:
        raise NotAnExerciseCell(f"lesson {module.LESSON} has no cell checking {', '.join(missing)}: its "
                                "notebook and its exercises disagree (a kerastutor bug: please report it).")
    result.cells = cells
    return result


def _exercise_of(cell) -> str | None:
    """``"q1"`` for a code cell whose last code line is ``ex.q1.check(...)``, else None."""
    if cell.cell_type != "code":
        return None
    code = [line for line in cell.source.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    match = _CHECK_LINE.match(code[-1]) if code else None
    return match.group(1) if match else None


def _answer_source(source: str, problem: Problem) -> str:
    """The answer cell's source: the lesson cell around a solution region holding the published solution."""
    lines = source.splitlines()
    last = max(index for index, line in enumerate(lines) if _CHECK_LINE.match(line))
    target = _CHECK_LINE.match(lines[last]).group(2).strip()
    name = PLACEHOLDER_NAME if target == "____" else target
    if not _NAME.match(name):
        raise NotAnExerciseCell(f"{problem.lesson} {problem.name}: the lesson cell checks {target!r}, "
                                "not a name or ____ (a kerastutor bug: please report it).")
    before = lines[:last]
    placeholder = f"{name} = ____"
    code = [line for line in before if line.strip() and not line.lstrip().startswith("#")]
    if any("____" in line for line in code if line != placeholder):
        before = [f"# {line}" if line in code else line for line in before]
    if placeholder not in before:
        before.append(placeholder)
    return "\n".join([*before, BEGIN_SOLUTION, *_solution_lines(problem, name), END_SOLUTION,
                      f"ex.{problem.name}.check({name})", *lines[last + 1:]])


def _solution_lines(problem: Problem, name: str) -> list[str]:
    """The published solution, its final ``ex.qN.check(EXPRESSION)`` turned into ``name = EXPRESSION``."""
    lines = problem.published_solution().rstrip().splitlines()
    match = _CHECK_LINE.match(lines[-1]) if lines else None
    if not match or match.group(1) != problem.name:
        raise NotAnExerciseCell(f"{problem.lesson} {problem.name}: its published solution does not end with "
                                f"ex.{problem.name}.check(...) (a kerastutor bug: please report it).")
    expression = match.group(2).strip()
    body = "\n".join(lines[:-1]).rstrip().splitlines()
    return body + ([] if expression == name else [f"{name} = {expression}"])


def _test_source(name: str, seed: int) -> str:
    """The autograder test cell of exercise ``name``: the answer must be correct, on the lesson's data
    and (hidden from learners) on fresh data."""
    return "\n".join([
        f"# Autograder test of exercise {name}: your latest ex.{name}.check(...) answer must be correct.",
        "from kerastutor.classroom.grading import require",
        f"require(ex.{name})",
        BEGIN_HIDDEN,
        "from kerastutor.classroom.grading import require_on_fresh_data",
        f"require_on_fresh_data(ex.{name}, seed={seed})",
        END_HIDDEN,
    ])


def _metadata(grade_id: str, *, solution: bool = False, grade: bool = False) -> dict:
    """nbgrader's cell metadata (schema 3) for an answer cell (``solution``) or a test cell (``grade``)."""
    return {"grade": grade, "grade_id": grade_id, "locked": grade, "schema_version": 3,
            "solution": solution, "task": False, **({"points": POINTS_PER_EXERCISE} if grade else {})}
