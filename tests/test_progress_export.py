"""The progress export: its file follows the format the teacher's collect reads (every key, types, the
seconds rule), names the learner as the brief says, never replaces another learner's file, and the
widget's button gives a download link holding exactly that file."""

from __future__ import annotations

import base64
import json
import re
from datetime import datetime, timedelta, timezone

import pytest

import kerastutor as kt
from kerastutor._arguments import BadArgument
from kerastutor.exercises import lesson01
from kerastutor.exercises.core import Problem
from kerastutor.exercises.export import ExportRefused, file_name, learner_name, seconds_spent
from kerastutor.exercises.progress import ProgressStore, sanitize

START = datetime(2026, 12, 5, 10, 0, tzinfo=timezone.utc)
LESSON = lesson01.LESSON
TOP_KEYS = {"format", "version", "kerastutor", "learner", "exported", "exercises"}


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now

    def wait(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def store(tmp_path, clock):
    return ProgressStore(tmp_path / "home" / "progress.json", clock=clock)


@pytest.fixture(autouse=True)
def no_names(monkeypatch, tmp_path):
    """No learner name from the environment, no classroom setting, and a working folder of its own."""
    for variable in ("JUPYTERHUB_USER", "KERASTUTOR_LEARNER", "KERASTUTOR_CLASSROOM"):
        monkeypatch.delenv(variable, raising=False)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setenv("HOME", str(tmp_path))


def same_problem(name: str, store: ProgressStore) -> Problem:
    """A problem recorded under a real lesson's exercise name, judged by a simple checker."""
    return Problem(LESSON, name, "Give 3.", lambda a: None if a == 3 else "not 3.", ["one", "two"], "3",
                   store)


def learner_session(store: ProgressStore, clock: Clock) -> None:
    """q1: a hint, two wrong checks, then right (100 s in all) and a wrong check later;
    q2: one wrong check 30 s after a hint; q3: a hint only."""
    q1, q2, q3 = (same_problem(name, store) for name in ("q1", "q2", "q3"))
    q1.hint()
    clock.wait(20)
    q1.check(1)
    clock.wait(30)
    q1.check(2)
    clock.wait(50)
    q1.check(3)
    clock.wait(400)
    q1.check(4)
    q2.hint()
    clock.wait(30)
    q2.check(5)
    q3.hint()


def test_the_export_follows_the_format_exactly(store, clock):
    learner_session(store, clock)
    path = kt.progress(store).export(learner="ada")
    assert path.name == "kerastutor-progress-ada.json" and path.parent.name == "work"
    assert path.stat().st_size <= 1_000_000
    export = json.loads(path.read_text(encoding="utf-8"))
    assert set(export) == TOP_KEYS
    assert (export["format"], export["version"], export["kerastutor"], export["learner"]) == (
        "kerastutor-progress", 1, kt.__version__, "ada")
    exported = datetime.fromisoformat(export["exported"])
    assert exported.tzinfo is not None and exported.utcoffset() == timedelta(0)
    assert export["exercises"] == {LESSON: {
        "q1": {"outcome": "correct", "attempts": 4, "hints": 1, "seconds": 100.0},
        "q2": {"outcome": "incorrect", "attempts": 1, "hints": 1, "seconds": 30.0},
        "q3": {"outcome": "not attempted", "attempts": 0, "hints": 1, "seconds": None}}}
    for entry in export["exercises"][LESSON].values():
        assert set(entry) == {"outcome", "attempts", "hints", "seconds"}
        assert type(entry["attempts"]) is int and type(entry["hints"]) is int
        assert entry["seconds"] is None or type(entry["seconds"]) is float


def test_results_from_before_the_export_read_with_unknown_time(store):
    store.path.parent.mkdir()
    store.path.write_text(json.dumps({LESSON: {"q1": {"best": "correct", "last": "incorrect"},
                                               "q2": {"best": "incorrect", "last": "incorrect"}},
                                      "my_own_lesson": {"q1": {"best": "correct", "last": "correct"}}}))
    before = store.path.read_bytes()
    export = json.loads(kt.progress(store).export_bytes("ada"))
    assert export["exercises"] == {LESSON: {
        "q1": {"outcome": "correct", "attempts": 1, "hints": 0, "seconds": None},
        "q2": {"outcome": "incorrect", "attempts": 1, "hints": 0, "seconds": None}}}
    assert store.path.read_bytes() == before  # exporting never changes the progress file
    same_problem("q2", store).check(3)  # an old entry solved now: counted on, its start still unknown
    entry = json.loads(kt.progress(store).export_bytes("ada"))["exercises"][LESSON]["q2"]
    assert entry == {"outcome": "correct", "attempts": 2, "hints": 0, "seconds": None}


def test_seconds_follow_the_rule_and_never_go_below_zero():
    at = ["2026-12-05T10:00:00.000+00:00", "2026-12-05T10:02:05.500+00:00", "2026-12-05T09:00:00+00:00"]
    assert seconds_spent({"best": "correct", "started": at[0], "solved": at[1], "checked": at[0]}) == 125.5
    assert seconds_spent({"best": "incorrect", "started": at[0], "checked": at[1]}) == 125.5
    assert seconds_spent({"best": "correct", "started": at[0], "checked": at[1]}) is None
    assert seconds_spent({"best": "correct", "started": at[0], "solved": at[2]}) == 0.0


def test_the_learner_name_comes_from_the_argument_then_the_hub_then_kerastutor(monkeypatch):
    with pytest.raises(BadArgument, match=r"no learner name: pass your name.*KERASTUTOR_LEARNER"):
        learner_name()
    monkeypatch.setenv("KERASTUTOR_LEARNER", "grace")
    assert learner_name() == "grace" and learner_name("  ") == "grace"
    monkeypatch.setenv("JUPYTERHUB_USER", "ada")
    assert learner_name() == "ada" and learner_name("  Alan   Turing ") == "Alan Turing"


def test_on_a_hub_the_export_is_named_after_the_hub_user(store, monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_USER", "ada")
    path = kt.progress(store).export()
    assert path.name == "kerastutor-progress-ada.json" and json.loads(path.read_text())["learner"] == "ada"


@pytest.mark.parametrize("name", [5, "x" * 101, "nul\x00here", ["ada"]])
def test_an_unusable_learner_name_is_refused_before_anything_is_written(store, name):
    with pytest.raises(BadArgument, match=r"export: learner=.* cannot be used"):
        kt.progress(store).export(learner=name)
    assert not list(store.path.parent.parent.glob("work/*"))


@pytest.mark.parametrize("learner, name", [
    ("ada", "kerastutor-progress-ada.json"),
    ("Alan Turing", "kerastutor-progress-Alan-Turing.json"),
    ("../../etc/passwd", "kerastutor-progress-etc-passwd.json"),
    ("zoë", "kerastutor-progress-zoë.json"),
    ("...", "kerastutor-progress-learner.json"),
])
def test_the_file_name_is_safe_whatever_the_name(learner, name):
    assert file_name(learner) == name


def test_only_an_earlier_export_of_the_same_learner_is_replaced(store, clock, tmp_path):
    progress = kt.progress(store)
    first = progress.export(learner="ada")
    same_problem("q1", store).check(3)
    assert progress.export(learner="ada") == first  # the same learner: refreshed
    assert json.loads(first.read_text())["exercises"][LESSON]["q1"]["outcome"] == "correct"
    shared = tmp_path / "work" / "class.json"
    progress.export(shared, learner="grace")
    with pytest.raises(ExportRefused, match=r"class.json already exists and is the export of 'grace'; it was "
                                            r"left as it is"):
        progress.export(shared, learner="ada")
    notes = tmp_path / "work" / "notes.json"
    notes.write_text("my own notes")
    with pytest.raises(ExportRefused, match=r"notes.json already exists and is not a kerastutor progress"):
        progress.export(notes, learner="ada")
    assert notes.read_text() == "my own notes" and json.loads(shared.read_text())["learner"] == "grace"
    folder = tmp_path / "exports"
    folder.mkdir()
    assert progress.export(folder, learner="ada") == folder / "kerastutor-progress-ada.json"
    with pytest.raises(ExportRefused, match=r"the folder .*missing.* does not exist"):
        progress.export(tmp_path / "missing" / "a.json", learner="ada")


def test_a_folder_that_cannot_be_written_says_so(store, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if (locked / "probe").exists() or _writable(locked):
            pytest.skip("running as a user who can write anywhere")
        with pytest.raises(ExportRefused, match=r"could not write .* choose a folder you can write to"):
            kt.progress(store).export(locked, learner="ada")
    finally:
        locked.chmod(0o700)


def _writable(folder) -> bool:
    try:
        (folder / "probe").write_text("")
    except OSError:
        return False
    (folder / "probe").unlink()
    return True


def test_the_widget_button_gives_a_download_link_holding_the_export(store, clock, monkeypatch):
    monkeypatch.setenv("KERASTUTOR_LEARNER", "grace")
    learner_session(store, clock)
    view = kt.progress(store).widget
    refresh, name, button = view.children[2].children
    link = view.children[3]
    assert name.value == "grace"  # prefilled from the environment
    name.value = ""
    button.click()
    assert "Type your name in the Name box" in link.value
    name.value = "Ada Lovelace"
    button.click()
    found = re.fullmatch(r'<a download="([^"]+)" href="data:application/json;base64,([^"]+)" style="[^"]+">'
                         r"Download \1</a> and hand it to your teacher\.", link.value)
    assert found and found.group(1) == "kerastutor-progress-Ada-Lovelace.json"
    export = json.loads(base64.b64decode(found.group(2)))
    assert set(export) == TOP_KEYS and export["learner"] == "Ada Lovelace"
    assert export["exercises"][LESSON]["q1"] == {"outcome": "correct", "attempts": 4, "hints": 1,
                                                 "seconds": 100.0}
    assert not list(store.path.parent.parent.glob("work/*"))  # the button writes nothing
    name.value = "x" * 101
    button.click()
    assert "at most 100 characters" in link.value and "<a" not in link.value


def test_bad_counts_and_times_are_left_out_and_said():
    entry = {"best": "correct", "last": "correct", "attempts": True, "hints": 2, "started": "2026-12-05",
             "solved": "2026-12-05T10:00:00+00:00", "checked": "x" * 100}
    clean, said = sanitize({"l": {"q1": entry}})
    assert clean == {"l": {"q1": {"best": "correct", "last": "correct", "hints": 2,
                                  "solved": "2026-12-05T10:00:00+00:00"}}}
    assert said == ["the number of checks, start time, latest check time of 'l' 'q1'"]


def test_a_hint_on_a_damaged_progress_file_moves_it_aside_and_says_so(store):
    store.path.parent.mkdir()
    store.path.write_text("{not json")
    said = same_problem("q1", store).hint()
    assert said.startswith("Hint 1 of 2: one\nkerastutor: your progress file")
    assert "progress.json.damaged" in said
    assert store.load()[LESSON]["q1"]["hints"] == 1


def test_an_export_from_a_deleted_working_folder_says_what_to_do(store, tmp_path, monkeypatch):
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    with pytest.raises(ExportRefused, match="the working folder no longer exists; pass path="):
        kt.progress(store).export(learner="ada")
