"""What the autograder test cells of a kerastutor nbgrader course call: judge the learner's latest
answer again, on the lesson's data and on fresh data, and fail with kerastutor's sentence.

A failure is a :class:`NotCorrect` error whose traceback, as IPython shows it, is just that sentence:
nbgrader marks the test cell failed (it has an error output) and the learner's feedback shows the
sentence, not a Python traceback."""

from __future__ import annotations

from .. import _arguments
from ..exercises.checks import fresh_data
from ..exercises.core import Problem


class NotCorrect(AssertionError):
    """An exercise the autograder found not correct; shown as its sentence alone, without a traceback."""

    def _render_traceback_(self) -> list[str]:
        """What IPython shows for this error: the sentence, line by line."""
        return str(self).splitlines()


def require(problem: Problem) -> None:
    """Raise :class:`NotCorrect` with kerastutor's sentence unless the latest answer checked for
    ``problem`` is correct (judged again now, nothing recorded)."""
    result = _problem(problem).judge(problem.last_answer)
    if not result:
        raise NotCorrect(f"Exercise {problem.name}: {result}")


def require_on_fresh_data(problem: Problem, seed: int) -> None:
    """Raise :class:`NotCorrect` unless the latest answer checked for ``problem`` is also correct when
    the check draws fresh data (:func:`kerastutor.exercises.checks.fresh_data` with ``seed``)."""
    _problem(problem)
    seed = _arguments.integer("require_on_fresh_data", "seed", seed, 0)
    with fresh_data(seed):
        result = problem.judge(problem.last_answer)
    if not result:
        raise NotCorrect(f"Exercise {problem.name}, checked again on new data drawn at grading time: "
                         f"{result}")


def _problem(problem: object) -> Problem:
    """``problem`` when it is an exercise (``ex.q1``), else a refusal saying so."""
    if not isinstance(problem, Problem):
        raise _arguments.refuse("require", "problem", problem, "an exercise such as ex.q1")
    return problem
