"""One piece of Python source in, its Keras 3 form out: :func:`migrate_source`."""

from __future__ import annotations

import ast
import warnings
from dataclasses import dataclass, field

from .bindings import Bindings
from .report import Finding, Problem
from .transform import migrate_module


@dataclass
class Migration:
    """What :func:`migrate_source` made of a text: the new ``text`` (the same when nothing changed),
    the ``findings`` and the ``problems`` that left a file or a cell untouched."""

    text: str
    findings: list[Finding] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def parse(text: str) -> ast.Module | Problem:
    """``text`` as an ``ast`` tree, or the problem (with its line) when Python 3 cannot parse it."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # invalid escape sequences in old code are not our concern
            return ast.parse(text)
    except SyntaxError as error:
        return Problem(f"not valid Python 3 ({error.msg}); left untouched", line=error.lineno)
    except ValueError as error:  # a NUL byte
        return Problem(f"not valid Python 3 ({error}); left untouched")


def migrate_source(text: str, report_only: bool = False) -> Migration:
    """Rewrite the Keras 1/2 spellings in one Python file's ``text``; mark what a person has to change.

    ``migrate_source("from keras.utils.np_utils import to_categorical\\n").text`` is
    ``"from keras.utils import to_categorical\\n"``. With ``report_only`` only the findings are made
    (``text`` is returned unchanged; a fifth faster).
    """
    if not isinstance(text, str):
        from .._arguments import refuse

        raise refuse("migrate_source", "text", text, "the text of a Python file")
    tree = parse(text)
    if isinstance(tree, Problem):
        return Migration(text, problems=[tree])
    bindings = Bindings()
    bindings.add(tree)
    new, findings, _ = migrate_module(text, tree, bindings, report_only=report_only)
    problem = unparseable_rewrite(text, new)
    return Migration(text, findings, [problem]) if problem else Migration(new, findings)


def unparseable_rewrite(text: str, new: str) -> Problem | None:
    """The problem when a rewrite no longer parses (a bug in a rule: such a text is never written)."""
    if new != text and isinstance(parse(new), Problem):
        return Problem("the rewrite would not parse (please report it); left untouched")
    return None
