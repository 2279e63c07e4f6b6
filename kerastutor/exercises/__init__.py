"""Auto-checked exercises: ``Problem`` (check / hint / solution) and the progress they record."""

from .core import BLANK, Outcome, Problem, Result, ____

__all__ = ["BLANK", "Outcome", "Problem", "Result", "____"]
