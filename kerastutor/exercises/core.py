"""One exercise: check an answer, give hints level by level, show the solution; record progress.

Outcomes follow Kaggle's learntools: not attempted yet (the placeholder ``____`` is
still there: a calm message, no exception, so an unsolved notebook still runs),
incorrect (what is wrong, in words), correct. A checker returns ``None`` when the
answer is right and a sentence saying what is wrong otherwise; whatever it raises
becomes a friendly message, never a traceback.
"""

from __future__ import annotations

import enum
import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .progress import ProgressStore


class Blank:
    """The placeholder a learner replaces with an answer."""

    def __repr__(self) -> str:
        return "____"


BLANK = ____ = Blank()


class Outcome(enum.Enum):
    """How an answer fared."""

    NOT_ATTEMPTED = "not attempted"
    INCORRECT = "incorrect"
    CORRECT = "correct"


@dataclass(frozen=True)
class Result:
    """An outcome and its message; truthy only when correct. Shows nicely in notebooks."""

    outcome: Outcome
    message: str

    def __bool__(self) -> bool:
        return self.outcome is Outcome.CORRECT

    def __str__(self) -> str:
        marks = {Outcome.CORRECT: "Correct", Outcome.INCORRECT: "Incorrect", Outcome.NOT_ATTEMPTED: "Not yet"}
        return f"{marks[self.outcome]}: {self.message}"

    def _repr_html_(self) -> str:
        colours = {Outcome.CORRECT: "#2e7d32", Outcome.INCORRECT: "#c62828", Outcome.NOT_ATTEMPTED: "#1565c0"}
        return f"<p style='color:{colours[self.outcome]}'>{html.escape(str(self))}</p>"

    def __repr__(self) -> str:
        return str(self)


Checker = Callable[[object], str | None]


class Problem:
    """An exercise of a lesson: ``check(answer)``, ``hint()`` (one more level each call), ``solution()``."""

    def __init__(self, lesson: str, name: str, task: str, checker: Checker, hints: Sequence[str],
                 solution: str, store: ProgressStore | None = None) -> None:
        if not hints:
            raise ValueError("a problem needs at least one hint.")
        self.lesson, self.name, self.task = lesson, name, task
        self._checker, self._hints, self._solution = checker, tuple(hints), solution
        self._hints_shown = 0
        self._store = store

    @property
    def store(self) -> ProgressStore:
        """Where results are recorded (the learner's progress file by default)."""
        return self._store or ProgressStore.default()

    def check(self, answer=BLANK) -> Result:
        """Judge ``answer`` and record the outcome (a placeholder is not recorded)."""
        if answer is BLANK:
            return Result(Outcome.NOT_ATTEMPTED,
                          f"{self.task} Replace ____ with your answer, then check again.")
        try:
            problem = self._checker(answer)
        except Exception as error:  # noqa: BLE001  (a learner's answer must never end in a traceback)
            problem = f"checking your answer raised {type(error).__name__}: {error}"
        result = (Result(Outcome.CORRECT, "well done.") if problem is None
                  else Result(Outcome.INCORRECT, problem))
        self.store.record(self.lesson, self.name, result.outcome.value)
        return result

    def hint(self) -> str:
        """The next hint (the last one again once all are shown)."""
        text = self._hints[min(self._hints_shown, len(self._hints) - 1)]
        level = min(self._hints_shown, len(self._hints) - 1) + 1
        self._hints_shown += 1
        return f"Hint {level} of {len(self._hints)}: {text}"

    def solution(self) -> str:
        """The solution, as code."""
        return self._solution

    def __repr__(self) -> str:
        return f"{self.lesson} {self.name}: {self.task}"
