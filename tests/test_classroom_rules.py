"""The teacher's classroom setting: solution() hidden and hints capped in a graded session, one sentence
saying why; read at every call, from the environment or a file in the working folder or above it; a
setting that cannot be read hides rather than shows; no setting changes nothing (nbgrader included)."""

from __future__ import annotations

import json

import pytest

from kerastutor.exercises import lesson01
from kerastutor.exercises.classroom_rules import ClassroomRules, current, find_file
from kerastutor.exercises.core import Problem
from kerastutor.exercises.progress import ProgressStore

HIDDEN = ("The solution is hidden during this graded session (set by your teacher); your checks still tell "
          "you what is wrong.")
SOLUTION = "answer = 3\nex.q1.check(answer)"


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A home folder with a course folder inside as the working folder; no setting in the environment."""
    monkeypatch.delenv("KERASTUTOR_CLASSROOM", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    work = tmp_path / "home" / "course" / "week1"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    return tmp_path / "home"


@pytest.fixture
def store(tmp_path):
    return ProgressStore(tmp_path / "progress" / "progress.json")


def problem(store, name="q1") -> Problem:
    return Problem("lesson01", name, "Give 3.", lambda a: None if a == 3 else "not 3.",
                   ["first", "second", "third"], SOLUTION, store)


def setting(folder, **keys) -> None:
    (folder / "kerastutor-classroom.json").write_text(json.dumps(keys))


def test_without_a_setting_nothing_changes(home, store):
    q1 = problem(store)
    assert current() == ClassroomRules() and find_file(home / "course" / "week1") is None
    assert q1.solution() == q1.published_solution() == SOLUTION
    assert [q1.hint() for _ in range(4)] == ["Hint 1 of 3: first", "Hint 2 of 3: second",
                                              "Hint 3 of 3: third", "Hint 3 of 3: third"]
    assert store.load()["lesson01"]["q1"]["hints"] == 4


def test_every_shipped_solution_is_the_published_one_without_a_setting(home):
    for exercise in (lesson01.q1, lesson01.q2, lesson01.q3):
        assert exercise.solution() == exercise.published_solution() and exercise.solution().strip()


def test_the_environment_variable_hides_the_solution_in_one_sentence(home, store, monkeypatch):
    monkeypatch.setenv("KERASTUTOR_CLASSROOM", '{"solutions": false}')
    q1 = problem(store)
    assert q1.solution() == HIDDEN and q1.published_solution() == SOLUTION
    assert q1.hint() == "Hint 1 of 3: first"  # no cap set: hints as usual
    monkeypatch.setenv("KERASTUTOR_CLASSROOM", '{"solutions": false, "session": "the  midterm"}')
    assert q1.solution().startswith("The solution is hidden during the midterm (set by your teacher);")


def test_a_file_in_the_working_folder_or_above_up_to_home_is_found(home, store, tmp_path):
    q1 = problem(store)
    setting(tmp_path, solutions=False)  # above home: not looked at
    assert q1.solution() == SOLUTION
    setting(home, solutions=False)  # added during the session: read at the next call
    assert q1.solution() == HIDDEN
    setting(home / "course", solutions=True)  # the nearest file wins
    assert q1.solution() == SOLUTION
    assert find_file(home / "course" / "week1") == home / "course" / "kerastutor-classroom.json"


def test_the_environment_comes_before_a_file(home, store, monkeypatch):
    setting(home / "course" / "week1", solutions=False)
    monkeypatch.setenv("KERASTUTOR_CLASSROOM", '{"solutions": true}')
    assert problem(store).solution() == SOLUTION
    monkeypatch.setenv("KERASTUTOR_CLASSROOM", "   ")  # blank: as if unset
    assert problem(store).solution() == HIDDEN


def test_hints_stop_at_the_cap_per_exercise_and_a_restart_does_not_reset_it(home, store):
    setting(home, max_hints=2)
    q1 = problem(store)
    assert [q1.hint(), q1.hint()] == ["Hint 1 of 3: first", "Hint 2 of 3: second"]
    refusal = ("You have used the 2 hints per exercise allowed during this graded session (set by your "
               "teacher).")
    assert q1.hint() == refusal and q1.hint() == refusal
    assert store.load()["lesson01"]["q1"]["hints"] == 2  # a refused hint is not counted
    assert problem(store).hint() == refusal  # a new kernel: the progress file remembers
    assert problem(store, "q2").hint() == "Hint 1 of 3: first"  # the cap is per exercise
    assert q1.solution() == SOLUTION  # solutions stay shown unless hidden too
    setting(home, max_hints=1, session="the quiz")
    assert problem(store, "q3").hint() == "Hint 1 of 3: first"
    assert problem(store, "q3").hint() == ("You have used the 1 hint per exercise allowed during the quiz "
                                           "(set by your teacher).")
    setting(home, max_hints=0)
    turned_off = "Hints are turned off during this graded session (set by your teacher)."
    assert problem(store, "q4").hint() == turned_off


def test_a_hint_is_given_when_the_progress_file_cannot_be_written(home, tmp_path):
    blocker = tmp_path / "a_file"
    blocker.write_text("")
    q1 = problem(ProgressStore(blocker / "progress.json"))
    assert q1.hint() == "Hint 1 of 3: first" and q1.hint() == "Hint 2 of 3: second"
    setting(home, max_hints=1)
    assert q1.hint().startswith("You have used the 1 hint")  # counted in the kernel when not in the file


@pytest.mark.parametrize("text, reason", [
    ("{solutions: false}", "not valid JSON"),
    ('["solutions", false]', "it holds a list instead of an object"),
    ('{"solution": false}', "unknown key 'solution'"),
    ('{"solutions": "no"}', '"solutions" must be true or false'),
    ('{"solutions": 0}', '"solutions" must be true or false'),
    ('{"max_hints": "3"}', '"max_hints" must be a whole number of 0 or more, or null'),
    ('{"max_hints": -1}', '"max_hints" must be a whole number'),
    ('{"max_hints": 2.5}', '"max_hints" must be a whole number'),
    ('{"max_hints": true}', '"max_hints" must be a whole number'),
    ('{"session": ""}', '"session" must be a text of 1 to 100 characters'),
    ('{"session": 7}', '"session" must be a text'),
])
def test_a_setting_that_cannot_be_read_hides_solution_and_hints_and_says_where(home, store, monkeypatch,
                                                                               text, reason):
    (home / "kerastutor-classroom.json").write_text(text)
    q1 = problem(store)
    where = "~/kerastutor-classroom.json"  # the home folder shown short
    for said, start in ((q1.solution(), "The solution is hidden because"),
                        (q1.hint(), "No hint is shown because")):
        assert said.startswith(f"{start} the classroom setting in {where} could not be read (")
        assert reason in said and said.endswith("; ask your teacher.") and "\n" not in said
    monkeypatch.setenv("KERASTUTOR_CLASSROOM", text)
    assert "the environment variable KERASTUTOR_CLASSROOM could not be read" in q1.solution()
    assert q1.published_solution() == SOLUTION


@pytest.mark.parametrize("make, reason", [
    (lambda path: path.mkdir(), "Is a directory"),
    (lambda path: path.write_bytes(b"\xff\xfe{"), "not UTF-8 text"),
    (lambda path: path.write_text(" " * 70_000), "larger than 64,000 bytes"),
])
def test_a_setting_file_that_cannot_be_opened_hides_too(home, store, make, reason):
    make(home / "kerastutor-classroom.json")
    said = problem(store).solution()
    assert said.startswith("The solution is hidden because the classroom setting in") and reason in said


def test_a_deleted_working_folder_is_no_setting(home, store, tmp_path, monkeypatch):
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    assert problem(store).solution() == SOLUTION
    monkeypatch.setenv("KERASTUTOR_CLASSROOM", '{"solutions": false}')
    assert problem(store).solution() == HIDDEN
