"""``kerastutor.progress()``: which exercises of which lessons are done, as a widget or as text,
and the export a learner hands to the teacher (``export()``, or the widget's button).

A progress file that cannot be read or is (partly) damaged is never changed here: the view
shows the results that could be read and says, first, where the file is and what is wrong.

The widget's "Export progress" button puts a download link (a ``data:`` URL with the HTML
``download`` attribute) under it: an ordinary link in an ipywidgets HTML, with no server extension
and no JavaScript of ours, so nothing can break with a front end's release; the browser saves the
file where the learner says (checked in JupyterLab with Chromium). A front end that blocks such
links (some VS Code versions) still has ``export()``, which writes the file beside the notebook.
"""

from __future__ import annotations

import base64
import html
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from .. import __version__, _arguments
from .._instrument import Instrument
from .._text import align_columns, shown_path
from . import export as exporting
from .catalogue import lesson_modules, problems_of
from .progress import ProgressStore, Results, Snapshot

MARKS = {"correct": "✓", "incorrect": "✗", "not attempted": "·"}
# JupyterLab shows a widget's <a> as plain text: make the download link look like one
LINK_STYLE = "color: var(--jp-content-link-color, #1976d2); text-decoration: underline"


@dataclass(frozen=True)
class LessonProgress:
    """One lesson's exercises and the best outcome of each so far."""

    lesson: str
    title: str
    outcomes: tuple[tuple[str, str], ...]  # (exercise, best outcome)

    @property
    def done(self) -> int:
        """How many exercises are solved."""
        return sum(outcome == "correct" for _, outcome in self.outcomes)

    @property
    def total(self) -> int:
        """How many exercises the lesson has."""
        return len(self.outcomes)

    def marks(self) -> str:
        """``q1 ✓  q2 ✗  q3 ·``."""
        return "  ".join(f"{name} {MARKS[outcome]}" for name, outcome in self.outcomes)


def collect(store: ProgressStore | None = None) -> list[LessonProgress]:
    """Every lesson's exercises with the best outcome recorded in ``store``."""
    return _lessons((_store("collect", store)).load())


def _lessons(recorded: Results) -> list[LessonProgress]:
    lessons = []
    for module in lesson_modules():
        seen = recorded.get(module.LESSON, {})
        outcomes = tuple((p.name, seen.get(p.name, {}).get("best", "not attempted"))
                         for p in problems_of(module))
        lessons.append(LessonProgress(module.LESSON, module.TITLE, outcomes))
    return lessons


class Progress(Instrument):
    """The learner's progress; shows as a widget in JupyterLab, as a table elsewhere.

    ``show()``, ``snapshot()`` (the table as a picture), ``save(path)`` (also ``.html``) and
    ``.widget`` (progress bars, a Refresh button, a name box and an Export button) as every instrument;
    ``export()`` writes the file a learner hands to the teacher.
    """

    OWNER = "Progress"

    def __init__(self, store: ProgressStore | None = None) -> None:
        self.store = _store("progress", store)
        self.problem: str | None = None
        self.lessons: list[LessonProgress] = []
        self.recorded: Results = {}
        self._widget = None
        self._read()

    def _read(self) -> None:
        snapshot: Snapshot = self.store.read()
        self.problem, self.recorded, self.lessons = snapshot.problem, snapshot.data, _lessons(snapshot.data)

    def export(self, path: str | os.PathLike | None = None, learner: str | None = None) -> Path:
        """Write the progress export (see :mod:`.export`) and return its path: ``path``, a folder for
        it, or ``kerastutor-progress-<learner>.json`` in the working folder. ``learner`` defaults to
        ``JUPYTERHUB_USER``, then ``KERASTUTOR_LEARNER``. Only an earlier export of the same learner is
        ever replaced."""
        name = exporting.learner_name(learner)
        target = exporting.target(path, name)
        return exporting.write(target, self.export_bytes(name), name)

    def export_bytes(self, learner: str | None = None) -> bytes:
        """The progress export's file content, read afresh from the progress file."""
        name = exporting.learner_name(learner)
        self._read()
        curriculum = {lesson.lesson: [exercise for exercise, _ in lesson.outcomes] for lesson in self.lessons}
        content = exporting.build(self.recorded, curriculum, name, datetime.now(timezone.utc), __version__)
        return exporting.encode(content)

    def totals(self) -> tuple[int, int]:
        """(exercises done, exercises in all)."""
        return sum(p.done for p in self.lessons), sum(p.total for p in self.lessons)

    def headline(self) -> str:
        """``7 of 45 exercises done.`` plus where the progress file is (after what is wrong with it, if
        anything)."""
        done, total = self.totals()
        line = f"{done} of {total} exercises done (kept in {shown_path(self.store.path)})."
        return f"{self.problem}\n{line}" if self.problem else line

    def __str__(self) -> str:
        rows = [("lesson", "done", "exercises")]
        rows += [(p.lesson, f"{p.done}/{p.total}", p.marks()) for p in self.lessons]
        return "\n".join([self.headline(), *align_columns(rows), "✓ correct  ✗ not yet right  · not tried"])

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        return self._html()

    def _html(self) -> str:
        """The headline and the table, as HTML."""
        rows = "".join(f"<tr><td style='text-align:left'>{html.escape(p.lesson)}</td>"
                       f"<td>{p.done}/{p.total}</td>"
                       f"<td style='text-align:left'>{html.escape(p.marks())}</td></tr>"
                       for p in self.lessons)
        return (f"<p>{_lines_html(self.headline())}</p><table><tr><th>lesson</th><th>done</th>"
                f"<th>exercises</th></tr>{rows}</table>")

    def refresh(self) -> None:
        """Read the progress file again and update the widget, if shown."""
        self._read()
        if self._widget is not None:
            self._fill(self._widget)

    # ---- the instrument's hooks -------------------------------------------------------------
    def _build_widget(self):
        """One progress bar per lesson, a Refresh button, a name box and an Export button with the
        download link it makes."""
        import ipywidgets as widgets

        refresh = widgets.Button(description="Refresh", icon="refresh",
                                 tooltip="Read the progress file again")
        refresh.on_click(lambda _: self.refresh())
        name = widgets.Text(value=exporting.environment_name(), placeholder="your name",
                            description="Name", layout={"width": "18em"})
        export = widgets.Button(description="Export progress", icon="download",
                                tooltip="Make a file of your progress to hand to your teacher")
        link = widgets.HTML()
        export.on_click(lambda _: self._offer_download(name.value, link))
        view = widgets.VBox([widgets.HTML(), widgets.VBox(), widgets.HBox([refresh, name, export]), link])
        self._fill(view)
        return view

    def _offer_download(self, learner: str, link) -> None:
        """Fill ``link`` with a download link to the export for ``learner``, or say why there is none."""
        if not learner.strip():
            link.value = "Type your name in the Name box, then click Export progress again."
            return
        try:
            name = exporting.learner_name(learner)
            data = self.export_bytes(name)
        except (OSError, ValueError) as error:
            link.value = f"<span>{html.escape(str(error))}</span>"
        else:
            file = html.escape(exporting.file_name(name))
            address = "data:application/json;base64," + base64.b64encode(data).decode("ascii")
            link.value = (f"<a download=\"{file}\" href=\"{address}\" style=\"{LINK_STYLE}\">"
                          f"Download {file}</a> and hand it to your teacher.")
        if self._widget is not None:
            self._fill(self._widget)

    def _text(self) -> str:
        return str(self)

    def _static(self) -> list[str | dict]:
        return [{"text/plain": str(self), "text/html": self._html()}]

    def _fill(self, view) -> None:
        import ipywidgets as widgets

        header, body = view.children[:2]
        header.value = f"<b>{_lines_html(self.headline())}</b>"
        rows = []
        for lesson in self.lessons:
            bar = widgets.IntProgress(value=lesson.done, max=max(lesson.total, 1),
                                      bar_style="success" if lesson.done == lesson.total else "")
            rows.append(widgets.HBox([widgets.Label(lesson.lesson, layout={"width": "24em"}), bar,
                                      widgets.Label(f"{lesson.done}/{lesson.total}   {lesson.marks()}")]))
        body.children = rows


def progress(store: ProgressStore | None = None) -> Progress:
    """Which exercises of which lessons are done: ``kt.progress()`` in a notebook, ``print()`` elsewhere."""
    return Progress(_store("progress", store))


def _store(owner: str, store: object) -> ProgressStore:
    """``store``, or the learner's own when None; anything else is refused."""
    if store is None:
        return ProgressStore.default()
    if not isinstance(store, ProgressStore):
        raise _arguments.refuse(owner, "store", store, "a ProgressStore or None (the learner's own)")
    return store


def _lines_html(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")
