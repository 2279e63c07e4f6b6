"""What kerastutor's Keras callbacks share: their own failures said once and never raised into the
learner's ``fit``, and the model they recorded remembered without keeping it alive."""

from __future__ import annotations

import weakref
from collections.abc import Callable


class Guarded:
    """A mix-in for callbacks: ``_guard`` runs one of their own steps, ``_say`` prints a line once per fit
    (the callback empties ``self._said`` when a fit begins)."""

    OWNER = "callback"
    FAILURE_NOTE = "training goes on unchanged."  # what a failure's line says happens next
    FAILURE_CHARS = 160  # how much of the error's message that line quotes

    _said: set[str]

    def _guard(self, what: str, action: Callable, *args):
        """Run ``action``; an exception there is said once, in one line, never raised into fit."""
        try:
            return action(*args)
        except Exception as error:  # noqa: BLE001  (the learner's training matters more than an instrument)
            self._say(f"{what} failed", f"{self.OWNER}: {what} failed ({type(error).__name__}: "
                      f"{str(error)[:self.FAILURE_CHARS]}); {self.FAILURE_NOTE}")
            return None

    def _say(self, topic: str, message: str) -> None:
        """Print ``message`` once per fit for ``topic``."""
        if topic not in self._said:
            self._said.add(topic)
            print(message)


def remembered(model: object) -> Callable[[], object]:
    """A call that gives ``model`` back: a weak reference where the object allows one (a model the
    learner deleted is not kept alive), else the object itself."""
    try:
        return weakref.ref(model)
    except TypeError:
        return lambda: model
