"""Argument checks written once: every refusal names the argument, shows its value (shortened)
and says what is allowed, before anything is built or any TensorFlow code runs.

``BadArgument`` is both a ``TypeError`` and a ``ValueError``, so code that catches either
(as learners' and Keras's code does) still catches it.
"""

from __future__ import annotations

import math
import numbers
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

VALUE_CHARACTERS = 60


class BadArgument(TypeError, ValueError):
    """An argument of the wrong type or out of range; the message says which and what to pass."""


def shorten(value: object, limit: int = VALUE_CHARACTERS) -> str:
    """``repr(value)`` cut to ``limit`` characters (a 1 MB string is shown as its start and length)."""
    try:
        text = repr(value)
    except Exception:  # noqa: BLE001  (a hostile __repr__ must not hide the real message)
        text = f"<{type(value).__name__} object>"
    if len(text) <= limit:
        return text
    size = f"{len(value):,} characters" if isinstance(value, str) else type(value).__name__
    return f"{text[:limit - 3]}... ({size})"


def refuse(owner: str, name: str, value: object, allowed: str) -> BadArgument:
    """The error for ``owner(name=value)``: ``"owner: name=<value> is not allowed; allowed."``."""
    return BadArgument(f"{owner}: {name}={shorten(value)} cannot be used; {name} must be {allowed}.")


def is_real_number(value: object) -> bool:
    """A real number that is not a bool (``True`` is an int in Python, never a size)."""
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def integer(owner: str, name: str, value: object, low: int | None = None,
            high: int | None = None) -> int:
    """``value`` as an int in ``[low, high]``; integral floats such as ``3.0`` are refused too."""
    if not isinstance(value, numbers.Integral) or isinstance(value, bool) or not (
            (low is None or value >= low) and (high is None or value <= high)):
        raise refuse(owner, name, value, _range_words("a whole number", low, high))
    return int(value)


def number(owner: str, name: str, value: object, low: float | None = None, high: float | None = None,
           *, low_open: bool = False) -> float:
    """``value`` as a finite float in ``[low, high]`` (``(low, high]`` with ``low_open``); NaN and
    infinities are refused."""
    fits = is_real_number(value) and math.isfinite(float(value)) and (
        low is None or (float(value) > low if low_open else float(value) >= low)) and (
        high is None or float(value) <= high)
    if not fits:
        words = _range_words("a finite number", low, high)
        if low_open and low is not None:
            words = words.replace(f"from {_show(low)} to", f"above {_show(low)}, up to").replace(
                f"of at least {_show(low)}", f"above {_show(low)}")
        raise refuse(owner, name, value, words)
    return float(value)


def flag(owner: str, name: str, value: object) -> bool:
    """``value`` as a bool; ``"no"``, ``0`` and ``None`` are refused (``bool("no")`` is True)."""
    if not isinstance(value, bool):
        raise refuse(owner, name, value, "True or False")
    return value


def choice(owner: str, name: str, value: object, allowed: Iterable[object]) -> object:
    """``value`` when it is one of ``allowed`` (compared by equality, strings case-sensitive)."""
    options = list(allowed)
    try:
        found = any(value == option and type(value) is type(option) for option in options)
    except Exception:  # noqa: BLE001  (arrays and other values with odd equality)
        found = False
    if not found:
        raise refuse(owner, name, value, "one of " + ", ".join(map(repr, options)))
    return value


def text(owner: str, name: str, value: object, *, empty: bool = False, limit: int = 10_000) -> str:
    """``value`` as a string (non-empty unless ``empty``), at most ``limit`` characters."""
    if not isinstance(value, str) or (not empty and not value.strip()) or len(value) > limit:
        words = "a string" if empty else "a non-empty string"
        raise refuse(owner, name, value, f"{words} of at most {limit:,} characters")
    return value


def path(owner: str, name: str, value: object) -> Path:
    """``value`` as a ``Path`` (a str or os.PathLike that is not empty)."""
    if not isinstance(value, (str, os.PathLike)) or not os.fspath(value).strip():
        raise refuse(owner, name, value, "a file or folder path (a non-empty string or pathlib.Path)")
    return Path(value)


def names(owner: str, name: str, value: object, *, empty: bool = False) -> list[str]:
    """``value`` as a list of strings: one string, or a list or tuple of strings."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, Sequence) or not all(isinstance(item, str) and item for item in value) or (
            not empty and not value):
        raise refuse(owner, name, value, "a name or a list of names (strings)")
    return list(value)


def _show(bound: float) -> str:
    return f"{bound:,}" if isinstance(bound, int) else f"{bound:g}"


def _range_words(kind: str, low: float | None, high: float | None) -> str:
    if low is not None and high is not None:
        return f"{kind} from {_show(low)} to {_show(high)}"
    if low is not None:
        return f"{kind} of at least {_show(low)}"
    if high is not None:
        return f"{kind} of at most {_show(high)}"
    return kind
