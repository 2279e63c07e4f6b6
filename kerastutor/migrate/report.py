"""Findings and the report: one line per finding, a summary, and the words a manual marker says.

What a name is in Keras 3 and which lesson teaches it come from the concept index
(``kerastutor.explain``), the single source; a finding only knows what was written and, when it was
rewritten, what it became.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

MARKER = "# kerastutor migrate:"


@dataclass
class Finding:
    """One Keras 1/2 spelling: where (``line``, ``column``, 1-based; ``cell`` in a notebook), what was
    written (``old``), the name looked up in the concept index (``topic``), and what it became
    (``new``, when rewritten) or None when a person has to change it. ``where`` is the kind of code and
    its text (``("keyword", "lr")``) that :func:`.positions.locate` finds in the file."""

    old: str
    topic: str
    new: str | None = None
    line: int = 0
    column: int = 0
    cell: int | None = None
    where: tuple[str, str] = field(default=("", ""), repr=False, compare=False)

    @property
    def rewritten(self) -> bool:
        """Whether the tool rewrote it (otherwise a person has to)."""
        return self.new is not None


@dataclass(frozen=True)
class Explained:
    """What the concept index says about a topic: its Keras 3 form and the lesson (None when unknown)."""

    keras3: str | None
    lesson: str | None


@cache
def explained(topic: str) -> Explained:
    """The concept index's answer for ``topic`` (cached: a report asks about the same names often)."""
    from ..concepts.index import explain

    try:
        concept = explain(topic)
    except KeyError:
        return Explained(None, None)
    keras3 = concept.replacement or concept.name
    if concept.status == "removed" and not concept.replacement:
        keras3 = f"gone since {concept.since}"
    return Explained(keras3, concept.lesson)


def marker(old: str, topic: str) -> str:
    """The comment put above a line a person has to change: the Keras 3 way and the lesson."""
    answer = explained(topic)
    if answer.keras3 is None:
        return f"{MARKER} {old} has no mechanical Keras 3 form (no kerastutor entry)"
    lesson = f"; see lesson {answer.lesson[:2]}" if answer.lesson else ""
    return f"{MARKER} {old} -> {answer.keras3}{lesson}"


def finding_line(place: str, finding: Finding) -> str:
    """``place:line:col  old  ->  Keras 3  [rewritten|manual]  (lesson NN_x.ipynb)``."""
    answer = explained(finding.topic)
    keras3 = finding.new if finding.rewritten else (answer.keras3 or "no kerastutor entry")
    where = f"{place}:{finding.line}:{finding.column}" if finding.cell is None else (
        f"{place}[cell {finding.cell}]:{finding.line}:{finding.column}")
    lesson = f"lesson {answer.lesson}" if answer.lesson else (
        "no lesson yet" if answer.keras3 else f"kt.explain({finding.topic!r}) has no entry")
    state = "rewritten" if finding.rewritten else "manual"
    return f"{where}  {finding.old}  ->  {keras3}  [{state}]  ({lesson})"


def summary_line(files: int, findings: list[Finding], errors: int, written: int | None) -> str:
    """``N files, N findings (N rewritten, N manual)``, plus errors and what was written."""
    rewritten = sum(finding.rewritten for finding in findings)
    text = (f"{files} file{'s' * (files != 1)}, {len(findings)} finding{'s' * (len(findings) != 1)} "
            f"({rewritten} rewritten, {len(findings) - rewritten} manual)")
    if errors:
        text += f", {errors} error{'s' * (errors != 1)}"
    if written is not None:
        text += f"; {written} file{'s' * (written != 1)} written (each kept as .bak)"
    elif rewritten:
        text += "; --write rewrites them"
    return text


@dataclass(frozen=True)
class Problem:
    """Something that stopped one file or cell from being migrated (it is left untouched)."""

    reason: str
    line: int | None = None
    cell: int | None = None


def problem_line(place: str, problem: Problem) -> str:
    """``place[cell N]:line: reason``: one line."""
    where = place if problem.cell is None else f"{place}[cell {problem.cell}]"
    if problem.line is not None:
        where += f":{problem.line}"
    return f"{where}: {problem.reason}"
