"""Which lessons have exercises: every ``lessonNN`` module in this package, and its problems."""

from __future__ import annotations

import importlib
import pkgutil
import re
from types import ModuleType

from .core import Problem

_LESSON_MODULE = re.compile(r"lesson\d\d$")


def lesson_modules() -> list[ModuleType]:
    """The exercise modules, in lesson order (``lesson00``, ``lesson01``, ...)."""
    package = importlib.import_module(__package__)
    names = sorted(info.name for info in pkgutil.iter_modules(package.__path__)
                   if _LESSON_MODULE.match(info.name))
    return [importlib.import_module(f"{__package__}.{name}") for name in names]


def problems_of(module: ModuleType) -> list[Problem]:
    """A lesson module's problems in question order (q1, q2, ..., q10)."""
    found = [value for value in vars(module).values() if isinstance(value, Problem)]
    return sorted(found, key=lambda problem: int(re.sub(r"\D", "", problem.name) or 0))
