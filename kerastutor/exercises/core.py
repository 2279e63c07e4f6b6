"""One exercise: check an answer, give hints level by level, show the solution; record progress.

Outcomes follow Kaggle's learntools: not attempted yet (the placeholder ``____`` is
still there: a calm message, no exception, so an unsolved notebook still runs),
incorrect (what is wrong, in words), correct. A checker returns ``None`` when the
answer is right and a sentence saying what is wrong otherwise.

The check runs the learner's code under a time limit (:data:`TIME_LIMIT_SECONDS`,
per problem or per call ``time_limit=``), and whatever happens there becomes one
sentence, never a traceback and never the end of the kernel or script:

- an exception: ``checking your answer raised ZeroDivisionError: division by zero`` (incorrect);
- ``sys.exit()`` / ``exit()`` in the answer: stopped, incorrect (a script goes on; it does not exit 0);
- still running after the limit: stopped, incorrect, the limit stated. The limit is a
  ``SIGALRM`` timer, so it works in the main thread of a POSIX kernel or script; in
  another thread or on Windows the check runs without a limit. A single long
  TensorFlow operation is stopped when it returns to Python;
- ``KeyboardInterrupt`` (the notebook's Stop button, Ctrl-C): "the check was
  interrupted", outcome not attempted and nothing recorded: stopping a slow check is
  not a wrong answer.

When the result cannot be saved (``KERASTUTOR_HOME`` is a file or read-only) the
outcome is still returned, with one more line saying why the progress was not saved.
Hints are recorded too (counted in the progress file, best effort: a file that cannot
be written never stops a hint).

In a graded session (:mod:`.classroom_rules`: the teacher's setting) ``solution()`` says in
one sentence why the solution is hidden, and ``hint()`` stops at the teacher's cap per exercise;
``published_solution()`` always gives the solution (for the teacher's own tools).
"""

from __future__ import annotations

import enum
import html
import signal
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .. import _arguments
from .._frontend import PALETTE
from . import classroom_rules
from .progress import ProgressStore, hints_of

TIME_LIMIT_SECONDS = 60.0
LONGEST_LIMIT_SECONDS = 24 * 3600.0
ERROR_CHARACTERS = 300
VERDICT_CHARACTERS = 5_000
_REPEAT_SECONDS = 0.5  # after the limit, stop again every half second (an answer that catches everything)


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
    """An outcome and its message (plus a note, e.g. that progress was not saved); truthy only when correct.
    Shows nicely in notebooks."""

    outcome: Outcome
    message: str
    note: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.outcome, Outcome):
            raise _arguments.refuse("Result", "outcome", self.outcome, "an Outcome (Outcome.CORRECT, ...)")
        for name in ("message", "note"):
            _arguments.text("Result", name, getattr(self, name), empty=name == "note", limit=1_000_000)

    def __bool__(self) -> bool:
        return self.outcome is Outcome.CORRECT

    def __str__(self) -> str:
        marks = {Outcome.CORRECT: "Correct", Outcome.INCORRECT: "Incorrect", Outcome.NOT_ATTEMPTED: "Not yet"}
        return f"{marks[self.outcome]}: {self.message}" + (f"\n{self.note}" if self.note else "")

    def _repr_html_(self) -> str:
        status = {Outcome.CORRECT: "good", Outcome.INCORRECT: "bad", Outcome.NOT_ATTEMPTED: "info"}
        lines = html.escape(str(self)).replace("\n", "<br>")
        return f"<p style='color:{PALETTE[status[self.outcome]]}'>{lines}</p>"

    def __repr__(self) -> str:
        return str(self)


Checker = Callable[[object], str | None]


class _TimeUp(BaseException):
    """Raised into the learner's code when the time limit is reached; a BaseException, so that
    ``except Exception`` in an answer cannot swallow it."""


class _TimeLimit:
    """``start()``: from then on :class:`_TimeUp` is raised in this thread after ``seconds`` (and every
    half second after that, while ``armed``); ``stop()`` restores the previous handler and timer.

    A ``SIGALRM`` interval timer, in the main thread only; elsewhere (another thread, Windows) nothing
    is limited. An outer timer due sooner than this limit is left to fire as it would have. Callers set
    ``armed = False`` first thing in their ``finally`` (a plain attribute store: no alarm can be handled
    before it), so that an alarm already due is ignored, then call ``stop()``.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds, self.armed, self.fired, self._active = seconds, False, False, False
        self._previous_handler: object = None
        self._previous_timer = (0.0, 0.0)
        self._started = 0.0

    def start(self) -> None:
        """Arm the timer (in the main thread of a POSIX process; elsewhere do nothing)."""
        if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
            return
        outer = signal.getitimer(signal.ITIMER_REAL)
        if 0 < outer[0] <= self.seconds:  # an outer timer fires first: leave it alone
            return
        self._previous_timer, self._started = outer, time.monotonic()
        self._previous_handler = signal.signal(signal.SIGALRM, self._on_alarm)
        self._active = self.armed = True
        signal.setitimer(signal.ITIMER_REAL, self.seconds, _REPEAT_SECONDS)

    def _on_alarm(self, signum: int, frame: object) -> None:
        if self.armed:
            self.fired = True
            raise _TimeUp

    def stop(self) -> None:
        """Disarm, and give back the previous handler and what is left of the previous timer."""
        self.armed = False
        if not self._active:
            return
        self._active = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        previous = self._previous_handler  # None: a handler installed outside Python; the default is closest
        signal.signal(signal.SIGALRM, signal.SIG_DFL if previous is None else previous)
        delay, interval = self._previous_timer
        if delay > 0:
            left = delay - (time.monotonic() - self._started)
            signal.setitimer(signal.ITIMER_REAL, max(left, 1e-3), interval)


def _said(error: BaseException) -> str:
    """``str(error)`` on one line, shortened; a message that itself raises is not shown."""
    try:
        words = " ".join(str(error).split())
    except Exception:  # noqa: BLE001  (an exception whose __str__ raises)
        return "(its message could not be shown)"
    if len(words) > ERROR_CHARACTERS:
        words = words[:ERROR_CHARACTERS - 3] + "..."
    return words or "(no message)"


class Problem:
    """An exercise of a lesson: ``check(answer)``, ``hint()`` (one more level each call), ``solution()``."""

    def __init__(self, lesson: str, name: str, task: str, checker: Checker, hints: Sequence[str],
                 solution: str, store: ProgressStore | None = None, *,
                 time_limit: float = TIME_LIMIT_SECONDS) -> None:
        owner = "Problem"
        self.lesson = _arguments.text(owner, "lesson", lesson, limit=200)
        self.name = _arguments.text(owner, "name", name, limit=200)
        self.task = _arguments.text(owner, "task", task)
        if not callable(checker):
            raise _arguments.refuse(owner, "checker", checker, "a function of the answer returning None or a "
                                    "sentence")
        if isinstance(hints, str) or not isinstance(hints, Sequence) or not all(
                isinstance(hint, str) for hint in hints) or not hints:
            raise _arguments.refuse(owner, "hints", hints, "a list of at least one hint (strings)")
        if store is not None and not isinstance(store, ProgressStore):
            raise _arguments.refuse(owner, "store", store, "a ProgressStore or None")
        self._checker, self._hints = checker, tuple(hints)
        self._solution = _arguments.text(owner, "solution", solution, empty=True, limit=100_000)
        self.time_limit = _limit(owner, time_limit)
        self._hints_shown = 0
        self._store = store
        self.last_answer: object = BLANK  # the answer of the latest check (graders judge it again)

    @property
    def store(self) -> ProgressStore:
        """Where results are recorded (the learner's progress file by default)."""
        return self._store or ProgressStore.default()

    def check(self, answer=BLANK, *, time_limit: float | None = None) -> Result:
        """Judge ``answer`` within ``time_limit`` seconds (the problem's, 60 s unless set) and record the
        outcome; a placeholder or an interrupted check is not recorded."""
        result = self.judge(answer, time_limit=time_limit)
        self.last_answer = answer
        if result.outcome is Outcome.NOT_ATTEMPTED:
            return result
        return self._recorded(result)

    def judge(self, answer=BLANK, *, time_limit: float | None = None) -> Result:
        """Judge ``answer`` as :meth:`check` does, without recording anything (for graders)."""
        limit = self.time_limit if time_limit is None else _limit("check", time_limit)
        if answer is BLANK:
            return Result(Outcome.NOT_ATTEMPTED,
                          f"{self.task} Replace ____ with your answer, then check again.")
        return self._judge(answer, limit)

    def _judge(self, answer: object, limit: float) -> Result:
        """Run the checker on ``answer``; everything it can do becomes a Result."""
        timer = _TimeLimit(limit)
        try:
            try:
                timer.start()
                verdict = self._checker(answer)
            finally:
                timer.armed = False  # first: an alarm due from here on does nothing
                timer.stop()
        except _TimeUp:
            return _too_slow(limit)
        except KeyboardInterrupt:
            return Result(Outcome.NOT_ATTEMPTED, "the check was interrupted before it finished; nothing was "
                          "recorded. Run the check again when you are ready.")
        except SystemExit:
            return Result(Outcome.INCORRECT, "your answer called sys.exit() (or exit()), which would end the "
                          "notebook; the check stopped it. Remove that call and check again.")
        except BaseException as error:  # noqa: BLE001  (a learner's answer must never end in a traceback)
            if timer.fired:  # the answer caught the stop and failed in another way
                return _too_slow(limit)
            return Result(Outcome.INCORRECT, f"checking your answer raised {type(error).__name__}: "
                          f"{_said(error)}")
        if timer.fired:  # the answer caught the stop (a bare except) and went on
            return _too_slow(limit)
        if verdict is None:
            return Result(Outcome.CORRECT, "well done.")
        if isinstance(verdict, str) and verdict.strip():
            cut = len(verdict) > VERDICT_CHARACTERS
            return Result(Outcome.INCORRECT, verdict[:VERDICT_CHARACTERS - 3] + "..." if cut else verdict)
        return Result(Outcome.INCORRECT, f"the check gave {_arguments.shorten(verdict)} instead of a "
                      "verdict, so your answer could not be judged (a kerastutor bug: please report it).")

    def _recorded(self, result: Result) -> Result:
        """``result`` once recorded, with a line saying so when the progress file was moved aside or
        the result could not be saved."""
        try:
            notice = self.store.record(self.lesson, self.name, result.outcome.value)
        except (OSError, ValueError) as error:
            notice = f"kerastutor: {_said(error)}"
        return Result(result.outcome, result.message, notice) if notice else result

    def hint(self) -> str:
        """The next hint (the last one again once all are shown), or one sentence saying why no more
        hints are given when the teacher's cap for this exercise is reached."""
        rules = classroom_rules.current()
        shown = self._hints_shown
        if rules.max_hints is not None:
            shown = max(shown, self._hints_recorded())
        refused = rules.hint_refused(shown)
        if refused is not None:
            return refused
        level = min(self._hints_shown, len(self._hints) - 1) + 1
        self._hints_shown += 1
        text = f"Hint {level} of {len(self._hints)}: {self._hints[level - 1]}"
        try:
            notice = self.store.record_hint(self.lesson, self.name)
        except (OSError, ValueError):  # best effort: a hint is never lost to a progress file
            notice = None
        return f"{text}\n{notice}" if notice else text

    def _hints_recorded(self) -> int:
        """Hints of this exercise in the progress file (so a restarted kernel does not reset a cap)."""
        entry = self.store.load().get(self.lesson, {}).get(self.name)
        return hints_of(entry) if entry is not None else 0

    def solution(self) -> str:
        """The solution, as code; during a graded session one sentence saying why it is hidden."""
        hidden = classroom_rules.current().solution_hidden()
        return self._solution if hidden is None else hidden

    def published_solution(self) -> str:
        """The solution, as code, whatever the classroom setting (for a teacher's tools, e.g. nbgrader)."""
        return self._solution

    def __repr__(self) -> str:
        return f"{self.lesson} {self.name}: {self.task}"


def _too_slow(limit: float) -> Result:
    return Result(Outcome.INCORRECT, f"your answer was still running after {limit:g} s, so the check stopped "
                  "it; make it faster (fewer epochs, fewer samples) or look for a loop that never ends, then "
                  "check again.")


def _limit(owner: str, seconds: object) -> float:
    """A time limit in seconds: above 0, at most a day."""
    return _arguments.number(owner, "time_limit", seconds, 0, LONGEST_LIMIT_SECONDS, low_open=True)
