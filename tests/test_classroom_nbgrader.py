"""The lessons as an nbgrader course, graded by real nbgrader from end to end, plus fast tests of
``kerastutor classroom nbgrader``'s refusals, of every lesson's conversion and of the checks' fresh-data
mode.

The end-to-end run (lesson 18: four exercises, the shortest lesson whose checks draw seeded data, so a
memorised answer can pass the visible test and fail the hidden one) makes the course, releases it, grades
two learners and exports the grades, with nbgrader's own commands in a subprocess whose HOME and Jupyter
folders are temporary."""

from __future__ import annotations

import argparse
import csv
import html
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import psutil
import pytest

from kerastutor.classroom import assignment, course, grading
from kerastutor.exercises import checks
from kerastutor.exercises.catalogue import lesson_modules, problems_of
from kerastutor.exercises.core import Outcome

LESSON, ASSIGNMENT, NOTEBOOK = "18", "lesson18", "18_old_code_to_keras3.ipynb"
VENV_BIN = Path(sys.executable).parent
SECONDS: dict[str, float] = {}  # how long each step of the end-to-end run took (printed with -s)

MEMORISED_Q1 = '''\
def _published(model, x):
    probabilities = model.predict(x, verbose=0)
    if probabilities.shape[-1] > 1:
        return probabilities.argmax(axis=-1)
    return (probabilities > 0.5).astype("int32")

seen = {}
def _remembering(model, x):
    seen[model.name, np.asarray(x).tobytes()] = _published(model, x)
    return seen[model.name, np.asarray(x).tobytes()]

ex.q1.judge(_remembering)  # the check's own data, learnt by heart

def predict_classes(model, x):
    return seen.get((model.name, np.asarray(x).tobytes()), np.zeros(len(x), "int32"))
ex.q1.check(predict_classes)'''

WRONG_Q2 = '''\
def feature_extractor(model):
    return keras.Model(model.layers[0].input, model.layers[5].output)
ex.q2.check(feature_extractor)'''


def make_course(*options: str) -> int:
    """``kerastutor classroom nbgrader OPTIONS`` through the module's own parser."""
    parser = argparse.ArgumentParser()
    course.add_arguments(parser)
    return course.run(parser.parse_args(list(options)))


def nbgrader(folder: Path, environment: dict[str, str], *arguments: str) -> None:
    """Run one nbgrader command in the course folder; fail the test with its output when it fails."""
    started = time.monotonic()
    done = subprocess.run([str(VENV_BIN / "nbgrader"), *arguments], cwd=folder, env=environment,
                          capture_output=True, text=True, timeout=600)
    SECONDS[arguments[0]] = SECONDS.get(arguments[0], 0.0) + time.monotonic() - started
    assert done.returncode == 0, f"nbgrader {' '.join(arguments)} failed:\n{done.stdout}\n{done.stderr}"
    assert "ERROR" not in done.stderr, done.stderr


def private_environment(home: Path) -> dict[str, str]:
    """This process's environment with a temporary HOME and Jupyter folders (nothing touches ~/.jupyter),
    the venv's executables first (nbgrader runs alembic), Keras's own cache kept."""
    environment = {name: value for name, value in os.environ.items() if not name.startswith("JUPYTER")}
    environment.pop("JPY_SESSION_NAME", None)
    environment.update(
        HOME=str(home), JUPYTER_CONFIG_DIR=str(home / "config"), JUPYTER_DATA_DIR=str(home / "data"),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"), PATH=f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        KERAS_HOME=os.environ.get("KERAS_HOME", str(Path.home() / ".keras")))
    return environment


def kernels_started_under(folder: Path) -> list[psutil.Process]:
    """Running processes whose command line names ``folder`` (kernels name their connection file)."""
    found = []
    for process in psutil.process_iter(["cmdline"]):
        if any(str(folder) in part for part in process.info["cmdline"] or []):
            found.append(process)
    return found


def cells_by_id(path: Path) -> dict[str, dict]:
    """The nbgrader cells of a notebook by grade id."""
    notebook = json.loads(path.read_text("utf-8"))
    return {cell["metadata"]["nbgrader"]["grade_id"]: cell for cell in notebook["cells"]
            if "nbgrader" in cell["metadata"]}


def write_submission(release: Path, target: Path, answers: dict[str, str]) -> None:
    """A learner's notebook: the released one with the answer cells in ``answers`` filled in."""
    notebook = json.loads(release.read_text("utf-8"))
    for cell in notebook["cells"]:
        grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell["source"] = answers[grade_id]
    target.parent.mkdir(parents=True)
    target.write_text(json.dumps(notebook), "utf-8")


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """The course for lesson 18, released, with two learners autograded, their feedback and the grades
    exported: ada handed in the published solutions; bob a memorised q1, a wrong q2, q3 left as ____ and
    the published q4."""
    root = tmp_path_factory.mktemp("nbgrader")
    folder, home = root / "course", root / "home"
    environment = private_environment(home)
    started = time.monotonic()
    assert make_course(str(folder), "--lessons", LESSON) == 0
    SECONDS["kerastutor classroom nbgrader"] = time.monotonic() - started
    nbgrader(folder, environment, "generate_assignment", ASSIGNMENT)
    release = folder / "release" / ASSIGNMENT / NOTEBOOK
    source = cells_by_id(folder / "source" / ASSIGNMENT / NOTEBOOK)
    published = {grade_id: "".join(cell["source"]) for grade_id, cell in source.items()
                 if grade_id.endswith("_answer")}
    write_submission(release, folder / "submitted" / "ada" / ASSIGNMENT / NOTEBOOK, published)
    write_submission(release, folder / "submitted" / "bob" / ASSIGNMENT / NOTEBOOK,
                     {"lesson18_q1_answer": MEMORISED_Q1, "lesson18_q2_answer": WRONG_Q2,
                      "lesson18_q4_answer": published["lesson18_q4_answer"]})
    nbgrader(folder, environment, "autograde", ASSIGNMENT)
    nbgrader(folder, environment, "generate_feedback", ASSIGNMENT)
    nbgrader(folder, environment, "export", "--to", "grades.csv")
    print("\nnbgrader end to end, seconds per step:", {step: round(took) for step, took in SECONDS.items()})
    return folder, home


def test_released_cells_are_the_lessons_cells_without_the_solutions(graded):
    folder, _ = graded
    released = cells_by_id(folder / "release" / ASSIGNMENT / NOTEBOOK)
    answer = "".join(released["lesson18_q1_answer"]["source"])
    assert "predict_classes = ____" in answer and answer.rstrip().endswith("ex.q1.check(predict_classes)")
    assert "def predict_classes" not in answer and "SOLUTION" not in answer
    test = "".join(released["lesson18_q1_test"]["source"])
    assert "require(ex.q1)" in test
    assert "HIDDEN" not in test and "fresh_data" not in test and "seed=" not in test


def test_exported_scores_lose_exactly_the_wrong_and_unanswered_exercises(graded):
    folder, _ = graded
    with (folder / "grades.csv").open(newline="", encoding="utf-8") as handle:
        rows = {row["student_id"]: row for row in csv.DictReader(handle)}
    assert set(rows) == {"ada", "bob"}
    assert float(rows["ada"]["score"]) == float(rows["ada"]["max_score"]) == 4.0
    assert float(rows["bob"]["score"]) == 1.0 and float(rows["bob"]["max_score"]) == 4.0


def test_each_test_cell_scores_its_exercise(graded):
    from nbgrader.api import Gradebook

    folder, _ = graded
    with Gradebook(f"sqlite:///{folder / 'gradebook.db'}") as gradebook:
        def scores(student: str) -> dict[str, float]:
            notebook = gradebook.find_submission_notebook(NOTEBOOK[:-6], ASSIGNMENT, student)
            return {grade.name: grade.score for grade in notebook.grades}

        assert scores("ada") == {f"lesson18_q{n}_test": 1.0 for n in range(1, 5)}
        assert scores("bob") == {"lesson18_q1_test": 0.0, "lesson18_q2_test": 0.0, "lesson18_q3_test": 0.0,
                                 "lesson18_q4_test": 1.0}


def test_the_hidden_part_ran_on_fresh_data(graded):
    folder, _ = graded
    autograded = cells_by_id(folder / "autograded" / "bob" / ASSIGNMENT / NOTEBOOK)
    outputs = autograded["lesson18_q1_test"]["outputs"]
    assert [output["output_type"] for output in outputs] == ["error"]
    assert outputs[0]["traceback"][0].startswith(
        "Exercise q1, checked again on new data drawn at grading time: Incorrect: ")
    assert "seed=" in "".join(autograded["lesson18_q1_test"]["source"])  # nbgrader put the hidden part back


def test_feedback_uses_kerastutors_sentences_not_tracebacks(graded):
    folder, _ = graded
    for learner in ("ada", "bob"):
        page = (folder / "feedback" / learner / ASSIGNMENT / NOTEBOOK.replace(".ipynb", ".html")).read_text()
        text = html.unescape(re.sub(r"<[^>]+>", "", re.sub(r"<style.*?</style>", "", page, flags=re.S)))
        assert "Traceback" not in text and "most recent call last" not in text
        assert "Correct: well done." in text
    assert "Exercise q2: Incorrect: your model gives what model.layers[5]" in text
    assert "Exercise q3: Not yet: " in text and "Replace ____ with your answer" in text


def test_nothing_is_left_running_or_written_to_the_real_home(graded):
    folder, home = graded
    assert kernels_started_under(home) == []
    assert not list((home / "runtime").glob("kernel-*.json"))
    assert (folder / "autograde-progress" / "progress.json").is_file()  # the checks recorded here


# ---- the command's refusals (fast: nothing is executed) ------------------------------------------------


def test_a_course_for_every_lesson_grades_every_exercise(tmp_path, capsys):
    from nbformat import read
    from nbgrader.preprocessors import ClearHiddenTests, ClearSolutions

    assert make_course(str(tmp_path)) == 0
    clear_solutions, clear_hidden = ClearSolutions(code_stub={"python": ""}), ClearHiddenTests()
    for module in lesson_modules():
        path = tmp_path / "source" / assignment.assignment_name(module.LESSON) / f"{module.LESSON}.ipynb"
        notebook = read(path, as_version=4)
        graded = [cell for cell in notebook.cells if "nbgrader" in cell.metadata]
        names = [problem.name for problem in problems_of(module)]
        assert [cell.metadata.nbgrader.grade_id for cell in graded] == [
            f"{assignment.assignment_name(module.LESSON)}_{name}_{kind}" for name in names
            for kind in ("answer", "test")]
        assert sum(cell.metadata.nbgrader.get("points", 0) for cell in graded) == len(names)
        for cell in graded:
            compile(cell.source, f"{path.name} {cell.metadata.nbgrader.grade_id}", "exec")
        released, _ = clear_hidden.preprocess(clear_solutions.preprocess(notebook, {})[0], {})
        for cell in released.cells:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
            if grade_id.endswith("_answer"):
                assert "____" in cell.source and re.search(r"ex\.q\d+\.check\(\w+\)\s*$", cell.source)
            if grade_id.endswith("_test"):
                assert "seed=" not in cell.source and "fresh_data" not in cell.source
    assert "nbgrader export --to grades.csv" in capsys.readouterr().out


def test_running_again_replaces_unchanged_files_and_refuses_edited_ones(tmp_path, capsys):
    assert make_course(str(tmp_path), "--lessons", LESSON) == 0
    assert make_course(str(tmp_path), "--lessons", "18") == 0  # nothing edited: written again
    edited = tmp_path / "source" / ASSIGNMENT / NOTEBOOK
    edited.write_text(edited.read_text("utf-8").replace('"points": 1', '"points": 3', 1), "utf-8")
    mine = edited.read_text("utf-8")
    capsys.readouterr()
    assert make_course(str(tmp_path), "--lessons", LESSON) == 1
    said = capsys.readouterr().err
    assert str(edited) in said and "--force" in said and edited.read_text("utf-8") == mine
    assert make_course(str(tmp_path), "--lessons", LESSON, "--force") == 0
    assert (tmp_path / "source" / ASSIGNMENT / f"{NOTEBOOK}.replaced").read_text("utf-8") == mine
    assert edited.read_text("utf-8") != mine


def test_the_course_holds_the_solutions_even_where_a_classroom_setting_hides_them(tmp_path, monkeypatch):
    from kerastutor.exercises import lesson18

    monkeypatch.setenv("KERASTUTOR_CLASSROOM", '{"solutions": false}')
    assert "def predict_classes" not in lesson18.q1.solution()
    assert make_course(str(tmp_path), "--lessons", LESSON) == 0
    answer = cells_by_id(tmp_path / "source" / ASSIGNMENT / NOTEBOOK)["lesson18_q1_answer"]
    assert "def predict_classes(model, x):" in "".join(answer["source"])


def test_a_config_kerastutor_did_not_write_is_refused(tmp_path, capsys):
    config = tmp_path / "nbgrader_config.py"
    config.write_text("c = get_config()\n", "utf-8")
    assert make_course(str(tmp_path), "--lessons", LESSON) == 1
    assert str(config) in capsys.readouterr().err and config.read_text("utf-8") == "c = get_config()\n"
    assert not (tmp_path / "source").exists()


def test_a_file_where_a_lesson_folder_goes_is_one_sentence_and_status_1(tmp_path, capsys):
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / ASSIGNMENT).write_text("notes", "utf-8")
    assert make_course(str(tmp_path), "--lessons", LESSON) == 1
    error = capsys.readouterr().err
    assert ASSIGNMENT in error and "the files written before it are listed above" in error
    assert error.count("\n") == 1 and (tmp_path / "source" / ASSIGNMENT).read_text("utf-8") == "notes"


@pytest.mark.parametrize("where, options, said", [
    ("file", [], "is a file, not a folder"),
    ("under_file", [], "cannot be written"),
    ("blank", [], "COURSE_DIR is empty"),
    ("folder", ["--lessons", "42", "7"], "no lesson 42; the lessons are 00, 01,"),
    ("folder", ["--course-id", "my course"], "--course-id 'my course' cannot be used"),
])
def test_bad_input_is_one_sentence_and_status_2(tmp_path, capsys, where, options, said):
    (tmp_path / "file").write_text("notes", "utf-8")
    target = {"file": tmp_path / "file", "under_file": tmp_path / "file" / "course", "blank": " ",
              "folder": tmp_path / "new"}[where]
    assert make_course(str(target), *options) == 2
    error = capsys.readouterr().err
    assert said in error and error.count("\n") == 1 and "Traceback" not in error
    assert (tmp_path / "file").read_text("utf-8") == "notes" and not (tmp_path / "new").exists()


def test_a_lesson_number_that_is_not_a_number_is_refused_by_argparse(capsys):
    with pytest.raises(SystemExit) as stopped:
        make_course("somewhere", "--lessons", "one")
    assert stopped.value.code == 2 and "'one' is not a lesson number" in capsys.readouterr().err


# ---- the checks' fresh-data mode and the grading helpers ------------------------------------------------


def test_fresh_data_changes_only_the_checks_data_and_only_inside_the_block():
    lesson_x, lesson_labels = checks.held_out_mnist()
    first = checks.check_rng(18).normal(size=5)
    with checks.fresh_data(7):
        fresh_x, fresh_labels = checks.held_out_mnist()
        assert not np.array_equal(checks.check_rng(18).normal(size=5), first)
        with checks.fresh_data(8):
            assert not np.array_equal(checks.held_out_mnist()[0], fresh_x)
        assert np.array_equal(checks.held_out_mnist()[0], fresh_x)
    assert fresh_x.shape == lesson_x.shape and not np.array_equal(fresh_x, lesson_x)
    moved = np.abs(np.sort(fresh_x, axis=None) - np.sort(lesson_x, axis=None)).max()
    assert moved <= checks.FRESH_NOISE + 1e-6
    assert sorted(fresh_labels.tolist()) == sorted(lesson_labels.tolist())
    assert np.array_equal(checks.held_out_mnist()[0], lesson_x)
    assert np.array_equal(checks.check_rng(18).normal(size=5), first)
    with pytest.raises(ValueError, match="seed"):
        with checks.fresh_data(-1):
            pass


def test_a_cached_check_builder_builds_once_per_draw():
    built = []

    @checks.cached_per_draw
    def data():
        built.append(checks.check_rng(3).integers(1_000_000))
        return built[-1]

    lesson = data()
    with checks.fresh_data(5):
        fresh = data()
        assert data() == fresh
    assert data() == lesson != fresh and len(built) == 2


def test_a_check_on_lesson_data_ignores_fresh_data():
    lesson = checks.check_rng(9).integers(1_000_000)
    drawn = checks.on_lesson_data(lambda answer: checks.check_rng(9).integers(1_000_000))
    with checks.fresh_data(5):
        assert drawn(None) == lesson != checks.check_rng(9).integers(1_000_000)


def test_the_published_solutions_pass_on_fresh_data():
    from kerastutor.exercises import lesson18

    keras = checks.keras
    for problem in problems_of(lesson18):
        namespace = {"np": np, "keras": keras, "ex": lesson18}
        exec("\n".join(assignment._solution_lines(problem, "answer")), namespace)  # noqa: S102
        problem.last_answer = namespace["answer"]
        grading.require(problem)
        grading.require_on_fresh_data(problem, seed=12345)


def test_a_failed_requirement_is_the_sentence_alone():
    from kerastutor.exercises import lesson18

    problem = lesson18.q1
    problem.last_answer = lambda model, x: np.zeros(len(x))
    assert problem.judge(problem.last_answer).outcome is Outcome.INCORRECT
    with pytest.raises(grading.NotCorrect) as failed:
        grading.require(problem)
    assert failed.value._render_traceback_() == [str(failed.value)]
    assert str(failed.value).startswith("Exercise q1: Incorrect: ")
    with pytest.raises(ValueError, match="an exercise such as ex.q1"):
        grading.require("q1")
