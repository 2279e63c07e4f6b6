"""One entry of the concept index: what a name is, where it went in Keras 3, and where it is taught."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any, Literal

from .._frontend import PALETTE

Status = Literal["present", "moved", "removed"]
STATUSES: tuple[Status, ...] = ("present", "moved", "removed")
# Where a name is written: a class, function or constant (``name``), an import path (``module``), a keyword
# argument (``keyword``), a backend function (``K.sum``: ``backend``) or a Model/Layer method (``method``).
Context = Literal["name", "module", "keyword", "backend", "method"]
CONTEXTS: tuple[Context, ...] = ("name", "module", "keyword", "backend", "method")


@dataclass(frozen=True)
class Concept:
    """A name a learner meets, as Keras 3 sees it.

    ``status`` is ``"present"`` (in Keras 3 as is), ``"moved"`` (same thing, new
    path: see ``replacement``) or ``"removed"`` (gone ``since`` some version;
    ``replacement`` is what to use instead, or None). ``lesson`` is the notebook
    that teaches it and ``heading`` the section there; ``runs`` lists the code
    names that lesson runs for it (by default the last part of ``name`` and of
    ``replacement``). ``context`` says where the name is written (see ``CONTEXTS``),
    so that ``K.sum`` (a backend function) is not taken for ``Sum`` (a metric).
    """

    name: str
    summary: str
    status: Status = "present"
    replacement: str | None = None
    since: str | None = None
    error: str | None = None
    example: str = ""
    lesson: str | None = None
    heading: str | None = None
    section: str | None = None
    aliases: tuple[str, ...] = ()
    runs: tuple[str, ...] = ()
    see_also: tuple[str, ...] = ()
    context: Context = "name"

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"{self.name}: status must be one of {STATUSES}, got {self.status!r}.")
        if self.context not in CONTEXTS:
            raise ValueError(f"{self.name}: context must be one of {CONTEXTS}, got {self.context!r}.")
        if self.status == "moved" and not self.replacement:
            raise ValueError(f"{self.name}: a moved name needs its new path as replacement.")
        if self.status != "present" and not self.since:
            raise ValueError(f"{self.name}: say since which version it is {self.status}.")

    def code_names(self) -> tuple[str, ...]:
        """Identifiers a lesson's code must contain to teach this concept."""
        if self.runs:
            return self.runs
        return tuple(_last_part(text) for text in (self.name, self.replacement) if text)

    def headline(self) -> str:
        """``name: status`` in a few words."""
        if self.status == "present":
            return f"{self.name}: in Keras 3 as is"
        verb = "moved" if self.status == "moved" else "removed"
        return f"{self.name}: {verb} in {self.since}"

    def rows(self) -> list[tuple[str, str]]:
        """(label, text) pairs, in display order; empty fields are left out."""
        rows = [("What", self.summary)]
        if self.replacement:
            rows.append(("Keras 3" if self.status != "present" else "See", self.replacement))
        if self.error:
            rows.append(("Old code fails with", self.error))
        if self.example:
            rows.append(("Example", self.example))
        if self.lesson:
            where = f"{self.lesson}, section \"{self.heading}\"" if self.heading else self.lesson
            rows.append(("Taught in", where))
        if self.see_also:
            rows.append(("See also", ", ".join(self.see_also)))
        return rows

    def __str__(self) -> str:
        lines = [self.headline()]
        for label, text in self.rows():
            if "\n" in text or label == "Example":
                lines.append(f"  {label}:")
                lines.extend("      " + line for line in text.splitlines())
            else:
                lines.append(f"  {label}: {text}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        color = PALETTE[{"present": "good", "moved": "warning", "removed": "bad"}[self.status]]
        cells = []
        for label, text in self.rows():
            body = (f"<pre style='margin:0'>{html.escape(text)}</pre>" if label == "Example"
                    else html.escape(text))
            cells.append(f"<tr><th style='text-align:left;vertical-align:top'>{label}</th>"
                         f"<td style='text-align:left'>{body}</td></tr>")
        return (f"<div><b style='color:{color}'>{html.escape(self.headline())}</b>"
                f"<table>{''.join(cells)}</table></div>")


def entry(name: str, summary: str, example: str, heading: str, section: str, **fields: Any) -> Concept:
    """A concept from the fields every entry gives; an entry module fixes its ``lesson`` (and often its
    ``section``) once with ``functools.partial(entry, lesson=...)``."""
    return Concept(name=name, summary=summary, example=example, heading=heading, section=section, **fields)


def _last_part(name: str) -> str:
    """``keras.layers.Dense`` -> ``Dense``; ``Model.fit(...)`` -> ``fit``."""
    return re.sub(r"\(.*$", "", name).rstrip("=").split(".")[-1]
