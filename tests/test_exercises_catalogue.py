import re
from pathlib import Path

import nbformat
import pytest

import kerastutor as kt
from kerastutor.exercises import Outcome, ____
from kerastutor.exercises.catalogue import lesson_modules, problems_of
from kerastutor.exercises.progress import ProgressStore
from kerastutor.exercises.report import Progress

ROOT = Path(__file__).resolve().parent.parent
LESSONS = sorted(path.stem for path in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def test_every_lesson_has_an_exercise_module_and_every_module_a_lesson():
    modules = {module.LESSON: module for module in lesson_modules()}
    assert sorted(modules) == LESSONS
    for lesson, module in modules.items():
        assert module.__name__.endswith(f"lesson{lesson[:2]}") and module.TITLE
        problems = problems_of(module)
        assert len(problems) >= 3, lesson
        assert [p.name for p in problems] == [f"q{i}" for i in range(1, len(problems) + 1)]
        for problem in problems:
            assert problem.lesson == lesson and len(problem._hints) >= 2, (lesson, problem.name)
            assert problem.solution().strip().splitlines()[-1].startswith(f"ex.{problem.name}.check("), (
                lesson, problem.name)


def test_every_placeholder_answer_is_not_attempted_and_not_recorded(store):
    for module in lesson_modules():
        for problem in problems_of(module):
            problem._store = store
            try:
                result = problem.check(____)
            finally:
                problem._store = None
            assert result.outcome is Outcome.NOT_ATTEMPTED and "Replace ____" in result.message, (
                module.LESSON, problem.name)
    assert store.load() == {}


@pytest.mark.parametrize("lesson", LESSONS)
def test_every_lesson_ends_with_its_exercises_unsolved(lesson):
    notebook = nbformat.read(ROOT / "notebooks" / f"{lesson}.ipynb", as_version=4)
    starts = [i for i, cell in enumerate(notebook.cells)
              if cell.cell_type == "markdown" and cell.source.startswith("## Exercises")]
    assert starts, f"{lesson} has no '## Exercises' section"
    tail = notebook.cells[starts[-1]:]
    assert not any(cell.source.startswith("## ") for cell in tail[1:]), "the exercises come last"
    code = "\n".join(cell.source for cell in tail if cell.cell_type == "code")
    assert f"from kerastutor.exercises import lesson{lesson[:2]} as ex" in code
    checked = set(re.findall(r"ex\.(q\d+)\.check\(", code))
    assert len(checked) >= 3, checked
    for cell in tail:
        if cell.cell_type == "code" and ".check(" in cell.source:
            shown = "".join(out.get("data", {}).get("text/plain", "") for out in cell.outputs)
            assert shown.startswith("Not yet:"), f"{lesson}: an exercise is stored solved or failing: {shown}"


@pytest.fixture
def store(tmp_path):
    return ProgressStore(tmp_path / "progress.json")


def test_progress_lists_every_lesson_and_counts_what_is_done(store):
    first = lesson_modules()[0]
    store.record(first.LESSON, "q1", "correct")
    store.record(first.LESSON, "q2", "incorrect")
    report = Progress(store)
    done, total = report.totals()
    assert done == 1 and total == sum(len(problems_of(m)) for m in lesson_modules())
    text = str(report)
    assert text.startswith(f"1 of {total} exercises done (kept in {store.path})")
    row = next(line for line in text.splitlines() if line.startswith(first.LESSON))
    assert "q1 ✓  q2 ✗  q3 ·" in row and f"1/{len(problems_of(first))}" in row
    assert "<table>" in report._repr_html_()


def test_progress_widget_refreshes_from_the_file(store):
    report = kt.progress(store)
    view = report.widget
    header, body, controls, _ = view.children
    refresh = controls.children[0]

    def lesson_one():
        return next(row for row in body.children if row.children[0].value == "01_keras_workflow")

    assert lesson_one().children[1].value == 0 and header.value.startswith("<b>0 of")
    store.record("01_keras_workflow", "q1", "correct")  # the learner solves q1 in another cell...
    refresh.click()  # ...and presses Refresh
    assert lesson_one().children[1].value == 1 and header.value.startswith("<b>1 of")
    assert "q1 ✓" in lesson_one().children[2].value


def test_progress_shows_as_text_outside_widgets(store, display_as, capsys):
    from IPython.display import display

    display_as("static")
    display(kt.progress(store))
    assert "exercises done" in capsys.readouterr().out
