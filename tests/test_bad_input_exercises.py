"""Exercises and progress under careless and hostile input: every check ends in one sentence, the
kernel survives, and no result is lost (a damaged or shared progress file included)."""

from __future__ import annotations

import json
import math
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kerastutor as kt
from kerastutor._arguments import BadArgument
from kerastutor.exercises import Outcome, Problem, Result
from kerastutor.exercises.core import TIME_LIMIT_SECONDS
from kerastutor.exercises.progress import ProgressNotSaved, ProgressStore
from kerastutor.exercises.report import Progress

ROOT = Path(__file__).resolve().parent.parent
GOOD = {"best": "correct", "last": "correct"}


def outcomes(entry: dict) -> dict:
    """An entry's best and last outcome (without its counts and times)."""
    return {key: entry[key] for key in ("best", "last")}


def all_outcomes(data: dict) -> dict:
    """Every entry of progress ``data`` as its outcomes."""
    return {lesson: {name: outcomes(entry) for name, entry in exercises.items()}
            for lesson, exercises in data.items()}


@pytest.fixture
def store(tmp_path):
    return ProgressStore(tmp_path / "progress.json")


def problem(checker, store=None, **options) -> Problem:
    return Problem("lesson01", "q1", "Do it.", checker, ["a hint"], "answer = 1", store, **options)


# --- Problem's own arguments ---------------------------------------------------------------------

@pytest.mark.parametrize("field, value, allowed", [
    ("lesson", None, "non-empty string"),
    ("lesson", "", "non-empty string"),
    ("lesson", 5, "non-empty string"),
    ("lesson", "x" * 1000, "at most 200"),
    ("name", ["q1"], "non-empty string"),
    ("task", b"bytes", "non-empty string"),
    ("checker", "not callable", "a function of the answer"),
    ("checker", None, "a function of the answer"),
    ("hints", [], "at least one hint"),
    ("hints", "one hint as a string", "at least one hint"),
    ("hints", ["ok", 3], "at least one hint"),
    ("hints", None, "at least one hint"),
    ("solution", None, "a string"),
    ("store", "progress.json", "a ProgressStore or None"),
    ("time_limit", 0, "above 0"),
    ("time_limit", -1, "above 0"),
    ("time_limit", math.nan, "finite number"),
    ("time_limit", math.inf, "finite number"),
    ("time_limit", "60", "finite number"),
    ("time_limit", True, "finite number"),
])
def test_a_problem_made_with_a_bad_argument_is_refused_naming_it(field, value, allowed):
    arguments = {"lesson": "l", "name": "q1", "task": "t", "checker": lambda a: None, "hints": ["h"],
                 "solution": "", "store": None, "time_limit": 5}
    arguments[field] = value
    with pytest.raises(BadArgument, match=rf"Problem: {field}=.* cannot be used; {field} must be") as caught:
        Problem(**arguments)
    assert allowed in str(caught.value)


@pytest.mark.parametrize("arguments, name", [
    (("correct", "well done."), "outcome"),
    ((None, "well done."), "outcome"),
    ((Outcome.CORRECT, None), "message"),
    ((Outcome.CORRECT, "well done.", 5), "note"),
])
def test_a_result_made_with_a_bad_argument_is_refused(arguments, name):
    with pytest.raises(BadArgument, match=rf"Result: {name}=.* cannot be used; {name} must be"):
        Result(*arguments)


@pytest.mark.parametrize("limit", [0, -5, math.nan, "1", 10**9])
def test_a_bad_time_limit_for_one_check_is_refused(store, limit):
    with pytest.raises(BadArgument, match=r"check: time_limit=.* cannot be used; time_limit must be a fin"):
        problem(lambda a: None, store).check(1, time_limit=limit)
    assert store.load() == {}


# --- whatever the checker or the answer does becomes one sentence ----------------------------------

class Hostile:
    """An answer whose repr, equality and truth all raise."""

    def __repr__(self):
        raise RuntimeError("no repr for you")

    def __eq__(self, other):
        raise RuntimeError("no equality for you")

    __hash__ = object.__hash__

    def __bool__(self):
        raise RuntimeError("no truth for you")

    def __getattr__(self, name):
        raise RuntimeError(f"no {name} for you")


class UnprintableError(Exception):
    def __str__(self):
        raise RuntimeError("no message either")


class CustomBaseError(BaseException):
    pass


def recurse(answer):
    return recurse(answer)


def raises(error):
    def checker(answer):
        raise error
    return checker


@pytest.mark.parametrize("checker, answer, fragment", [
    (lambda a: 1 / 0, 1, "raised ZeroDivisionError: division by zero"),
    (raises(SystemExit(0)), 1, "your answer called sys.exit()"),
    (raises(SystemExit(3)), 1, "your answer called sys.exit()"),
    (raises(SystemExit("bye")), 1, "your answer called sys.exit()"),
    (lambda a: sys.exit(), 1, "Remove that call and check again"),
    (raises(UnprintableError()), 1, "raised UnprintableError: (its message could not be shown)"),
    (raises(ValueError("x" * 1_000_000)), 1, "raised ValueError: xxx"),
    (raises(ValueError("line one\n\n  line two")), 1, "raised ValueError: line one line two"),
    (raises(ValueError()), 1, "raised ValueError: (no message)"),
    (raises(CustomBaseError("odd")), 1, "raised CustomBaseError: odd"),
    (raises(GeneratorExit()), 1, "raised GeneratorExit"),
    (raises(MemoryError()), 1, "raised MemoryError"),
    (recurse, 1, "raised RecursionError"),
    (lambda a: 42, 1, "the check gave 42 instead of a verdict"),
    (lambda a: False, 1, "the check gave False instead of a verdict"),
    (lambda a: "", 1, "the check gave '' instead of a verdict"),
    (lambda a: "z" * 2_000_000, 1, "zzz..."),
    (lambda a: None if a == 3 else "wrong", Hostile, "raised RuntimeError: no equality for you"),
    (lambda a: f"you gave {a!r}", Hostile, "raised RuntimeError: no repr for you"),
    (lambda a: None if a else "empty", Hostile, "raised RuntimeError: no truth for you"),
    (lambda a: None if hasattr(a, "layers") else "no", Hostile, "raised RuntimeError: no layers for you"),
])
def test_whatever_the_check_runs_into_is_one_incorrect_sentence(store, checker, answer, fragment):
    result = problem(checker, store).check(Hostile() if answer is Hostile else answer)
    assert result.outcome is Outcome.INCORRECT and not result
    assert fragment in result.message and "\n" not in result.message and len(result.message) <= 5_000
    assert "raised" not in fragment or len(result.message) < 400  # an error's message is cut short
    assert outcomes(store.load()["lesson01"]["q1"]) == {"best": "incorrect", "last": "incorrect"}


def test_an_interrupted_check_is_said_so_and_not_recorded(store):
    result = problem(raises(KeyboardInterrupt()), store).check(1)
    assert result.outcome is Outcome.NOT_ATTEMPTED and "the check was interrupted" in result.message
    assert "nothing was recorded" in result.message and store.load() == {}


def test_a_script_whose_answer_calls_sys_exit_goes_on_and_exits_with_its_own_status(tmp_path):
    script = ("import sys\nfrom kerastutor.exercises import Problem\n"
              "p = Problem('l', 'q1', 't', lambda a: sys.exit(0), ['h'], '')\n"
              "print(p.check(1))\nsys.exit(7)\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "KERASTUTOR_HOME": str(tmp_path)}, cwd=ROOT)
    assert done.returncode == 7, done.stderr
    assert done.stdout.startswith("Incorrect: your answer called sys.exit()")


# --- the time limit ------------------------------------------------------------------------------

def sleeper(answer):
    time.sleep(answer)


def swallowing_sleeper(answer):
    try:
        time.sleep(answer)
    except Exception:  # noqa: BLE001  (a learner's catch-all: must not swallow the time limit)
        return None


def stubborn_sleeper(answer):
    try:
        time.sleep(answer)
    except BaseException:  # noqa: BLE001  (even a bare except: the check still says it was too slow)
        return None


@pytest.mark.parametrize("checker", [sleeper, swallowing_sleeper, stubborn_sleeper])
def test_an_answer_still_running_after_the_limit_is_stopped_and_said_so(store, checker):
    started = time.monotonic()
    result = problem(checker, store).check(5, time_limit=1)
    assert time.monotonic() - started < 3
    assert result.outcome is Outcome.INCORRECT
    assert result.message.startswith("your answer was still running after 1 s, so the check stopped it")
    assert store.load()["lesson01"]["q1"]["last"] == "incorrect"


def test_the_limit_is_per_problem_and_60_s_by_default(store):
    assert TIME_LIMIT_SECONDS == 60 and problem(sleeper).time_limit == 60
    result = problem(sleeper, store, time_limit=0.5).check(5)
    assert "still running after 0.5 s" in result.message
    assert problem(sleeper, store, time_limit=0.5).check(0.01)  # fast enough: correct


def test_the_previous_alarm_handler_and_timer_are_restored(store):
    def outer(signum, frame):
        raise AssertionError("the outer alarm fired")

    previous = signal.signal(signal.SIGALRM, outer)
    signal.setitimer(signal.ITIMER_REAL, 100)
    try:
        assert problem(sleeper, store).check(0.01, time_limit=2)
        assert signal.getsignal(signal.SIGALRM) is outer
        assert 90 < signal.getitimer(signal.ITIMER_REAL)[0] <= 100
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_a_limit_so_short_it_fires_at_once_leaves_no_alarm_behind(store):
    handler = signal.getsignal(signal.SIGALRM)
    for _ in range(50):
        result = problem(sleeper, store).check(0, time_limit=1e-6)
        assert result.outcome is Outcome.CORRECT or "still running after 1e-06 s" in result.message
    assert signal.getsignal(signal.SIGALRM) is handler
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    time.sleep(0.6)  # longer than the repeat interval: nothing fires here


def test_outside_the_main_thread_the_check_runs_without_a_limit(store):
    results = []
    slow = problem(sleeper, store)
    worker = threading.Thread(target=lambda: results.append(slow.check(0.2, time_limit=0.1)))
    worker.start()
    worker.join(10)
    assert results and results[0].outcome is Outcome.CORRECT  # no SIGALRM there: documented


# --- progress that cannot be saved: the outcome is still shown ---------------------------------

@pytest.mark.parametrize("home, reason", [
    ("a_file", "is a file, not a folder"),
    ("a_file/below", "is a file, not a folder"),
    ("/proc/kerastutor-home", "No such file or directory"),  # a folder nobody can create, root included
])
def test_a_home_that_cannot_hold_progress_still_gives_the_outcome(tmp_path, monkeypatch, home, reason):
    (tmp_path / "a_file").write_text("not a folder")
    monkeypatch.setenv("KERASTUTOR_HOME", str(tmp_path / home) if not home.startswith("/") else home)
    result = problem(lambda a: None).check(1)
    assert result.outcome is Outcome.CORRECT and result.message == "well done."
    assert result.note.startswith("kerastutor: your progress could not be saved") and reason in result.note
    assert "KERASTUTOR_HOME" in result.note and str(result).count("\n") == 1
    assert "could not be saved" in result._repr_html_()
    shown = str(kt.progress())  # never a raw error
    assert "exercises done" in shown
    assert (tmp_path / "a_file").read_text() == "not a folder"


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_home_still_gives_the_outcome(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    home.chmod(0o500)
    monkeypatch.setenv("KERASTUTOR_HOME", str(home))
    try:
        result = problem(lambda a: None).check(1)
    finally:
        home.chmod(0o700)
    assert result and "could not be saved" in result.note and "Permission denied" in result.note


def test_a_folder_in_place_of_the_progress_file_is_said_so_and_left_alone(store):
    store.path.mkdir()
    (store.path / "inside.txt").write_text("keep")
    result = problem(lambda a: None, store).check(1)
    assert result and "could not be saved" in result.note and "is a folder" in result.note
    assert "is a folder, not a file" in str(Progress(store))
    assert (store.path / "inside.txt").read_text() == "keep"
    with pytest.raises(ProgressNotSaved, match="is a folder"):
        store.record("l", "q1", "correct")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_pipe_in_place_of_the_progress_file_is_never_opened(store):
    os.mkfifo(store.path)  # opening it to read would wait for ever
    assert "is not a regular file (a pipe or a device)" in str(Progress(store))
    result = problem(lambda a: None, store).check(1)
    assert result and "could not be saved" in result.note and "not a regular file" in result.note


# --- a damaged progress file: shown as far as it can be read, moved aside before any write ---------

DAMAGED = [
    (b"{not json", {}),
    (b"", {}),
    (b"\xff\xfe\x00garbage", {}),
    (b"[" * 100_000, {}),
    (b"[]", {}),
    (b'[{"lesson01": {}}]', {}),
    (b'"text"', {}),
    (b"null", {}),
    (b'{"lesson01": []}', {}),
    (b'{"lesson01": {"q1": "correct"}}', {}),
    (b'{"lesson01": {"q1": {"best": "great", "last": "great"}}}', {}),
    (b'{"lesson01": {"q1": {"last": "correct"}}}', {}),
    (b'{"lesson01": {"q1": {"best": 2, "last": "correct"}}}', {}),
    (b'{"lesson01": {"q1": {"best": "correct", "last": 5}}}', {"lesson01": {"q1": GOOD}}),
    (b'{"lesson01": {"q1": {"best": "correct", "last": "correct"}, "q2": 7}, "lesson02": null}',
     {"lesson01": {"q1": GOOD}}),
    (b'{"lesson01": {"q1": {"best": "correct", "last": "correct", "attempts": -1, "hints": "2"}}}',
     {"lesson01": {"q1": GOOD}}),
    (b'{"lesson01": {"q1": {"best": "correct", "last": "correct", "started": "2026-12-05T10:00:00", '
     b'"solved": "yesterday", "checked": 5}}}', {"lesson01": {"q1": GOOD}}),
]


@pytest.mark.parametrize("content, readable", DAMAGED)
def test_progress_on_a_damaged_file_says_where_it_is_and_that_it_was_not_changed(store, content, readable):
    store.path.write_bytes(content)
    shown = str(kt.progress(store))
    first = shown.splitlines()[0]
    assert "your progress file at" in first and str(store.path) in first and "damaged" in first
    assert "It was not changed; your next check keeps it aside" in first
    assert store.load() == readable and store.path.read_bytes() == content
    assert store.summary().splitlines()[0] == first


@pytest.mark.parametrize("content, readable", DAMAGED)
def test_a_check_moves_a_damaged_file_aside_and_carries_over_what_could_be_read(store, content, readable):
    store.path.write_bytes(content)
    result = problem(lambda a: None, store).check(1)
    backup = store.path.with_name("progress.json.damaged")
    assert result and backup.read_bytes() == content
    assert f"was damaged; it is kept as {backup.name}" in result.note
    expected = {**readable, "lesson01": {**readable.get("lesson01", {}), "q1": GOOD}}
    assert all_outcomes(json.loads(store.path.read_text())) == expected


def test_a_second_damaged_file_never_overwrites_the_first_backup(store):
    for number, content in enumerate([b"first damage", b"second damage", b"[3]"], start=1):
        store.path.write_bytes(content)
        notice = store.record("lesson01", f"q{number}", "incorrect")
        name = "progress.json.damaged" + ("" if number == 1 else f"-{number}")
        assert name in notice and store.path.with_name(name).read_bytes() == content
    assert sorted(store.load()["lesson01"]) == ["q3"]


def test_a_huge_progress_file_is_not_read_into_memory(store):
    with open(store.path, "wb") as handle:
        handle.truncate(6_000_000)
    assert "far more than progress takes" in str(Progress(store))


json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.sampled_from(
    ["correct", "incorrect", "not attempted", "best", "last", ""]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(["best", "last", "q1", "lesson01"]), inner, max_size=3), max_leaves=12)


@settings(max_examples=25, deadline=None)
@given(json_values)
def test_any_json_in_the_progress_file_is_read_without_error_and_kept_on_write(tmp_path_factory, data):
    store = ProgressStore(tmp_path_factory.mktemp("any") / "progress.json")
    raw = json.dumps(data).encode()
    store.path.write_bytes(raw)
    str(Progress(store))
    store.record("lessonX", "qX", "correct")
    backups = list(store.path.parent.glob("progress.json.damaged*"))
    assert backups == [] or backups[0].read_bytes() == raw
    assert outcomes(store.load()["lessonX"]["qX"]) == GOOD


# --- the store's and the report's own arguments ----------------------------------------------------

@pytest.mark.parametrize("arguments, name", [
    ((None, "q1", "correct"), "lesson"),
    (("", "q1", "correct"), "lesson"),
    (("x" * 10_000, "q1", "correct"), "lesson"),
    (("l", 5, "correct"), "exercise"),
    (("l", "q1", "great"), "outcome"),
    (("l", "q1", None), "outcome"),
    (("l", "q1", 2), "outcome"),
])
def test_record_refuses_bad_arguments_before_touching_the_file(store, arguments, name):
    with pytest.raises(BadArgument, match=rf"record: {name}=.* cannot be used; {name} must be"):
        store.record(*arguments)
    assert not store.path.exists()


@pytest.mark.parametrize("path", [None, 5, "", "   ", ["progress.json"]])
def test_a_store_without_a_path_is_refused(path):
    with pytest.raises(BadArgument, match=r"ProgressStore: path=.* cannot be used; path must be a file"):
        ProgressStore(path)


@pytest.mark.parametrize("store", ["progress.json", 5, {"lesson01": {}}])
def test_progress_of_something_that_is_not_a_store_is_refused(store):
    with pytest.raises(BadArgument, match=r"progress: store=.* cannot be used; store must be a ProgressSt"):
        kt.progress(store)


def test_a_blank_kerastutor_home_means_the_default_folder(monkeypatch):
    monkeypatch.setenv("KERASTUTOR_HOME", "   ")
    assert ProgressStore.default().path == Path.home() / ".kerastutor" / "progress.json"


# --- several kernels recording at once: no result lost ---------------------------------------------

WRITER = """
import sys, time, types
package = types.ModuleType("kerastutor")  # the progress module alone: no Keras import in the writers
package.__path__ = [sys.argv[1]]
sys.modules["kerastutor"] = package
from pathlib import Path
from kerastutor.exercises.progress import ProgressStore
store, go, worker = ProgressStore(Path(sys.argv[2])), Path(sys.argv[3]), sys.argv[4]
while not go.exists():
    time.sleep(0.001)
for number in range(int(sys.argv[5])):
    store.record(f"lesson{worker}", f"q{number}", "correct" if number % 2 else "incorrect")
"""


def test_processes_recording_at_the_same_time_lose_no_result(tmp_path):
    writers, records = 4, 10
    for run in range(20):
        folder = tmp_path / f"run{run}"
        folder.mkdir()
        path, go = folder / "progress.json", folder / "go"
        command = [sys.executable, "-c", WRITER, str(ROOT / "kerastutor"), str(path), str(go)]
        children = [subprocess.Popen([*command, str(worker), str(records)]) for worker in range(writers)]
        time.sleep(0.15)  # all started and waiting: then all write at once
        go.touch()
        assert [child.wait(60) for child in children] == [0] * writers
        recorded = ProgressStore(path).load()
        assert sorted(recorded) == [f"lesson{worker}" for worker in range(writers)], f"run {run}"
        assert all(len(recorded[lesson]) == records for lesson in recorded), f"run {run}: results lost"
        assert outcomes(recorded["lesson0"]["q1"]) == GOOD and not list(folder.glob("progress.json.damaged*"))
