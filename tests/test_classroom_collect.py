"""``kerastutor classroom collect``: reading exports, each rejection, the gradebook CSV, the stuck list,
the HTML report's escaping, and the command's exit statuses and outputs."""

from __future__ import annotations

import argparse
import csv
import io
import json
from pathlib import Path

import pytest

from kerastutor.classroom import gradebook
from kerastutor.classroom.class_report import report_html
from kerastutor.classroom.gradebook import ClassTable, Exercise, collect, csv_text
from kerastutor.classroom.records import MAX_BYTES

EXERCISES = (Exercise("01_first", "q1", "First"), Exercise("01_first", "q2", "First"),
             Exercise("02_second", "q1", "Second"), Exercise("02_second", "q2", "Second"))
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> & \'quoted\''


def record(outcome: str = "correct", attempts: int = 1, hints: int = 0, seconds: float | None = 10.0) -> dict:
    return {"outcome": outcome, "attempts": attempts, "hints": hints, "seconds": seconds}


def export(learner: str = "ada", exercises: dict | None = None,
           exported: str = "2026-12-05T10:00:00+00:00", **changes) -> dict:
    data = {"format": "kerastutor-progress", "version": 1, "kerastutor": "0.1.0", "learner": learner,
            "exported": exported,
            "exercises": {"01_first": {"q1": record()}} if exercises is None else exercises}
    return data | changes


def write(folder: Path, name: str, data: object) -> Path:
    path = folder / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def command(*arguments: str) -> int:
    parser = argparse.ArgumentParser(prog="kerastutor classroom collect")
    gradebook.add_arguments(parser)
    return gradebook.run(parser.parse_args([str(argument) for argument in arguments]))


REJECTIONS = {
    "malformed JSON": ('{"format": "kerastutor-progress", "version": 1,', "not valid JSON"),
    "not UTF-8": (b"\xff\xfe{}".decode("latin-1"), "not valid JSON"),
    "NaN": (json.dumps(export()).replace('"seconds": 10.0', '"seconds": NaN'), "not valid JSON"),
    "another JSON": ({"name": "package", "version": "1.0"}, "not a progress export"),
    "a JSON list": ([1, 2, 3], "JSON list"),
    "a notebook": ({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, "it is a notebook"),
    "progress.json": ({"01_first": {"q1": {"best": "correct", "last": "correct"}}}, "own progress.json"),
    "wrong format name": (export(format="kerastutor-notes"), "its format is \"kerastutor-notes\""),
    "newer version": (export(version=2), "update kerastutor"),
    "version as text": (export(version="1"), "format version is \"1\""),
    "version true": (export(version=True), "format version is true"),
    "no learner": (export(learner=""), "'learner'"),
    "blank learner": (export(learner="   "), "'learner'"),
    "long learner": (export(learner="a" * 101), "1 to 100 characters"),
    "learner on two lines": (export(learner="ada\nbob"), "on one line"),
    "no time zone": (export(exported="2026-12-05T10:00:00"), "with its time zone"),
    "not a date": (export(exported="yesterday"), "'exported'"),
    "no kerastutor version": (export(kerastutor=None), "'kerastutor'"),
    "exercises a list": (export(exercises=[]), "'exercises'"),
    "lesson a list": (export(exercises={"01_first": []}), "'exercises'"),
    "record a number": (export(exercises={"01_first": {"q1": 3}}), "01_first q1"),
    "unknown outcome": (export(exercises={"01_first": {"q1": record("great")}}), "outcome is \"great\""),
    "negative attempts": (export(exercises={"01_first": {"q1": record(attempts=-1)}}), "attempts is -1"),
    "fractional hints": (export(exercises={"01_first": {"q1": record(hints=1.5)}}), "hints is 1.5"),
    "hints true": (export(exercises={"01_first": {"q1": record(hints=True)}}), "hints is true"),
    "negative seconds": (export(exercises={"01_first": {"q1": record(seconds=-3)}}), "seconds is -3"),
    "seconds as text": (export(exercises={"01_first": {"q1": record(seconds="10")}}), "seconds is \"10\""),
}


@pytest.mark.parametrize("case", REJECTIONS)
def test_a_bad_file_is_rejected_with_its_reason_and_the_rest_collected(tmp_path, case):
    content, reason = REJECTIONS[case]
    good = write(tmp_path, "good.json", export("ada"))
    bad = tmp_path / "bad.json"
    if case == "not UTF-8":
        bad.write_bytes(b"\xff\xfe{\x00}")
        reason = "not UTF-8"
    else:
        write(tmp_path, "bad.json", content)
    table = collect([good, bad], EXERCISES)
    assert [learner.learner for learner in table.learners] == ["ada"]
    [finding] = table.findings
    assert finding.rejected and finding.path == bad
    assert reason in finding.message
    line = finding.line()
    assert line.startswith(f"Rejected {bad}: ") and "\n" not in line


def test_a_file_too_large_is_rejected_before_it_is_parsed(tmp_path):
    big = write(tmp_path, "big.json", json.dumps(export()) + " " * MAX_BYTES)
    [finding] = collect([big], EXERCISES).findings
    assert "more than an export's 1,000,000" in finding.message


def test_exercises_not_in_the_curriculum_are_left_out_and_the_rest_kept(tmp_path):
    path = write(tmp_path, "ada.json", export(exercises={"01_first": {"q1": record(), "q9": record()},
                                                         "99_future": {"q1": record()}}))
    table = collect([path], EXERCISES)
    [learner] = table.learners
    assert set(learner.exercises) == {("01_first", "q1")}
    [finding] = table.findings
    assert not finding.rejected
    assert finding.line().startswith(f"Kept part of {path}: 2 exercise(s)")
    assert "01_first q9, 99_future q1" in finding.message


def test_of_two_exports_of_one_learner_the_newest_is_kept_whatever_the_file_order(tmp_path):
    older = write(tmp_path, "a-older.json", export("Ada", exported="2026-12-01T09:00:00+01:00"))
    newer = write(tmp_path, "b-newer.json", export(" ada ", {"02_second": {"q1": record()}},
                                                   exported="2026-12-01T08:30:00+00:00"))
    for order in ([older, newer], [newer, older]):
        table = collect(order, EXERCISES)
        [kept] = table.learners
        assert kept.path == newer
        [finding] = table.findings
        assert finding.path == older and finding.rejected
        assert "an older export of learner 'Ada'" in finding.message and str(newer) in finding.message
        assert finding.message.endswith("is kept; it has 1 exercise(s) the kept one has not (work from "
                                        "another session?), not counted")


def test_two_exports_of_one_learner_at_the_same_time_keep_the_first_file(tmp_path):
    first = write(tmp_path, "a.json", export("ada"))
    second = write(tmp_path, "b.json", export("ada"))
    table = collect([first, second], EXERCISES)
    assert [learner.path for learner in table.learners] == [first]
    assert "a second export of learner 'ada'" in table.findings[0].message


def class_of(tmp_path: Path, exports: dict[str, dict]) -> ClassTable:
    paths = [write(tmp_path, f"{name}.json", export(name, exercises)) for name, exercises in exports.items()]
    return collect(paths, EXERCISES)


def test_the_gradebook_has_one_header_row_and_one_row_per_learner(tmp_path):
    table = class_of(tmp_path, {
        "zoë": {"01_first": {"q1": record("correct", 3, 2), "q2": record("incorrect", 4, 1)}},
        "bob": {"02_second": {"q2": record("not attempted", 0, 1, None)}},
    })
    rows = list(csv.reader(io.StringIO(csv_text(table))))
    assert rows[0] == ["learner", "done", "tried", "hints", "kerastutor", "exported", "01_first q1",
                       "01_first q2", "02_second q1", "02_second q2", "note"]
    assert rows[1][:10] == ["bob", "0", "0", "1", "0.1.0", "2026-12-05T10:00:00+00:00",
                            "not attempted", "not attempted", "not attempted", "not attempted"]
    assert rows[2][:10] == ["zoë", "1", "1", "3", "0.1.0", "2026-12-05T10:00:00+00:00",
                            "correct", "incorrect", "not attempted", "not attempted"]
    assert len(rows) == 3
    assert all("formative" in row[-1] and "nbgrader" in row[-1] for row in rows[1:])


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_a_learner_name_that_looks_like_a_formula_is_written_as_text(tmp_path, start):
    name = f"{start}HYPERLINK(\"http://x\")"
    table = collect([write(tmp_path, "evil.json", export(name))], EXERCISES)
    [_, row] = list(csv.reader(io.StringIO(csv_text(table))))
    assert row[0] == "'" + name


def test_the_stuck_list_puts_most_learners_stuck_first_then_hints_then_time(tmp_path):
    table = class_of(tmp_path, {
        "ann": {"01_first": {"q1": record("correct"), "q2": record("incorrect", hints=1, seconds=50)},
                "02_second": {"q1": record("incorrect", seconds=900), "q2": record("incorrect", hints=3)}},
        "ben": {"01_first": {"q2": record("incorrect", seconds=70)},
                "02_second": {"q1": record("incorrect", seconds=600)}},
        "cat": {"01_first": {"q1": record("incorrect"), "q2": record("correct", hints=2)},
                "02_second": {"q2": record("incorrect")}},
    })
    stuck = table.stuck()
    # three exercises with 2 stuck: 01 q2 and 02 q2 have 3 hints each (01 q2 the longer median time),
    # 02 q1 none; 01 q1 has 1 stuck
    assert [(s.exercise.label, s.stuck, s.solved, s.hints) for s in stuck] == [
        ("01_first q2", 2, 1, 3), ("02_second q2", 2, 0, 3), ("02_second q1", 2, 0, 0),
        ("01_first q1", 1, 1, 0)]
    assert stuck[0].median_seconds == 50.0 and stuck[1].median_seconds == 10.0
    assert stuck[2].median_seconds == 750.0


def test_nobody_stuck_gives_an_empty_list_and_says_so(tmp_path):
    table = class_of(tmp_path, {"ann": {"01_first": {"q1": record("correct")}}})
    assert table.stuck() == []
    assert "No learner is stuck" in report_html(table, _now())


def _now():
    from datetime import datetime, timezone

    return datetime(2026, 12, 5, 11, 0, tzinfo=timezone.utc)


def test_the_report_escapes_a_hostile_name_and_needs_nothing_from_outside(tmp_path):
    evil = write(tmp_path, "evil.json", export(HOSTILE, {"01_first": {"q1": record("incorrect")}}))
    table = collect([evil], EXERCISES)
    page = report_html(table, _now())
    assert "<script" not in page and "<img" not in page and "onerror=alert(1)>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; &amp; " \
           "&#x27;quoted&#x27;" in page
    for outside in ("http://", "https://", "<link", "src=", "url("):
        assert outside not in page.replace("&lt;img src=x", "")


def test_the_report_has_a_cell_per_learner_and_exercise_with_a_mark_and_the_formative_note(tmp_path):
    table = class_of(tmp_path, {"ann": {"01_first": {"q1": record("correct", hints=2),
                                                     "q2": record("incorrect")}},
                                "ben": {}})
    page = report_html(table, _now())
    assert page.count('<td class="cell ') == 2 * len(EXERCISES)
    assert page.count('<td class="cell done"') == 1 and page.count('<td class="cell tried"') == 1
    assert '>✓<sup>2</sup></td>' in page and ">✗</td>" in page
    assert "Self-reported progress, for teaching (formative): it is not a grade. Grades come from nbgrader." \
           in page
    assert "#2e7d32" in page and "#ef6c00" in page  # the palette's good and warning


def test_the_command_writes_both_outputs_and_exits_0_when_every_file_is_read(tmp_path, capsys):
    folder = tmp_path / "class"
    folder.mkdir()
    write(folder, "ada.json", export("ada", {"01_keras_workflow": {"q1": record(),
                                                                   "q2": record("incorrect")}}))
    write(folder, "bob.json", export("bob", {"01_keras_workflow": {"q2": record("incorrect", hints=1)}}))
    write(folder, ".hidden.json", "not read")
    write(folder, "notes.txt", "not read")
    (folder / "sub").mkdir()
    write(folder / "sub", "carl.json", export("carl"))  # folders are not read recursively
    grades, report = tmp_path / "grades.csv", tmp_path / "class.html"
    assert command(folder, "--csv", grades, "--html", report) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert "Collected 2 learner(s) from 2 file(s)." in out
    assert "Most stuck: 01_keras_workflow q2 (2 tried, not solved)." in out
    rows = list(csv.DictReader(io.StringIO(grades.read_text(encoding="utf-8"))))
    assert [row["learner"] for row in rows] == ["ada", "bob"]
    assert rows[0]["01_keras_workflow q1"] == "correct" and rows[1]["01_keras_workflow q2"] == "incorrect"
    assert list(rows[0])[6:10] == ["00_welcome q1", "00_welcome q2", "00_welcome q3", "00_welcome q4"]
    assert list(rows[0])[-2] == "18_old_code_to_keras3 q4"
    assert "<h2>Where the class is stuck</h2>" in report.read_text(encoding="utf-8")


def test_the_command_names_each_rejected_file_on_stderr_and_exits_1(tmp_path, capsys):
    good = write(tmp_path, "ada.json", export("ada", {"01_keras_workflow": {"q1": record()}}))
    notebook = write(tmp_path, "lesson.ipynb", {"cells": [], "metadata": {}, "nbformat": 4})
    old = write(tmp_path, "ada-old.json", export("ada", {}, exported="2026-11-01T10:00:00+00:00"))
    grades = tmp_path / "grades.csv"
    assert command(good, notebook, old, "--csv", grades) == 1
    out, err = capsys.readouterr()
    assert err.splitlines() == [
        f"Rejected {notebook}: it is a notebook, not a progress export: ask the learner for the file that "
        "kt.progress().export() writes.",
        f"Rejected {old}: an older export of learner 'ada' (exported 2026-11-01T10:00:00+00:00); {good} "
        "(exported 2026-12-05T10:00:00+00:00) is kept."]
    assert "Collected 1 learner(s) from 3 file(s); 2 rejected (each named on stderr)." in out
    assert grades.exists()


def bad_arguments(tmp_path: Path) -> dict[str, tuple[list, str]]:
    good = write(tmp_path, "ada.json", export("ada", {"01_keras_workflow": {"q1": record()}}))
    foreign = write(tmp_path, "other.json", {"name": "x"})
    kept = write(tmp_path, "kept.csv", "the teacher's own edits\n")
    empty = tmp_path / "empty"
    empty.mkdir()
    return {
        "missing input": ([tmp_path / "nope.json"], "nope.json does not exist"),
        "empty folder": ([empty], "no .json files in"),
        "nothing readable": ([foreign, "--csv", tmp_path / "out.csv"], "none of the 1 file(s) is a progress"),
        "output a folder": ([good, "--csv", empty], "is a folder"),
        "output folder missing": ([good, "--html", tmp_path / "no" / "c.html"], "does not exist"),
        "output is an input": ([good, "--csv", good, "--overwrite"], "is one of the exports being read"),
        "same output twice": ([good, "--csv", tmp_path / "a", "--html", tmp_path / "a"], "are the same file"),
        "output exists": ([good, "--csv", kept], "exists and was left as it is"),
    }


@pytest.mark.parametrize("case", ["missing input", "empty folder", "nothing readable", "output a folder",
                                  "output folder missing", "output is an input", "same output twice",
                                  "output exists"])
def test_bad_arguments_exit_2_with_one_line_and_write_nothing(tmp_path, capsys, case):
    arguments, reason = bad_arguments(tmp_path)[case]
    before = {path: path.read_bytes() for path in tmp_path.rglob("*") if path.is_file()}
    assert command(*arguments) == 2
    out, err = capsys.readouterr()
    [line] = [line for line in err.splitlines() if line.startswith("kerastutor classroom collect: ")]
    assert reason in line
    assert {path: path.read_bytes() for path in tmp_path.rglob("*") if path.is_file()} == before


def test_overwrite_replaces_an_earlier_report(tmp_path, capsys):
    good = write(tmp_path, "ada.json", export("ada", {"01_keras_workflow": {"q1": record()}}))
    grades = write(tmp_path, "grades.csv", "last week's\n")
    assert command(good, "--csv", grades, "--overwrite") == 0
    assert grades.read_text(encoding="utf-8").startswith("learner,done,tried,hints,")


def test_exports_written_by_kt_progress_are_collected_as_they_were_recorded(tmp_path, monkeypatch, capsys):
    import kerastutor as kt
    from kerastutor.exercises import lesson01
    from kerastutor.exercises.core import Problem
    from kerastutor.exercises.progress import ProgressStore

    for variable in ("JUPYTERHUB_USER", "KERASTUTOR_LEARNER", "KERASTUTOR_CLASSROOM"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "handed_in"
    folder.mkdir()
    for learner, answers in {"ada": {"q1": [1, 3], "q2": [5]}, "Zoë Ñ": {"q2": [4], "q3": []}}.items():
        store = ProgressStore(tmp_path / learner / "progress.json")
        for name, tries in answers.items():
            problem = Problem(lesson01.LESSON, name, "Give 3.", lambda a: None if a == 3 else "not 3.",
                              ["one"], "3", store)
            problem.hint()
            for answer in tries:
                problem.check(answer)
        kt.progress(store).export(folder, learner=learner)
    grades = tmp_path / "grades.csv"
    assert command(folder, "--csv", grades) == 0
    rows = {row["learner"]: row for row in csv.DictReader(io.StringIO(grades.read_text(encoding="utf-8")))}
    assert list(rows) == ["ada", "Zoë Ñ"]
    ada, zoe = rows["ada"], rows["Zoë Ñ"]
    assert (ada["done"], ada["tried"], ada["hints"]) == ("1", "1", "2")
    assert (ada["01_keras_workflow q1"], ada["01_keras_workflow q2"]) == ("correct", "incorrect")
    assert (zoe["done"], zoe["tried"], zoe["hints"]) == ("0", "1", "2")
    assert zoe["01_keras_workflow q3"] == "not attempted" and zoe["kerastutor"] == kt.__version__
    assert "Most stuck: 01_keras_workflow q2 (2 tried, not solved)." in capsys.readouterr().out


def test_a_file_named_twice_or_inside_a_folder_named_too_is_read_once(tmp_path, capsys):
    ada = write(tmp_path, "ada.json", export("ada", {"01_keras_workflow": {"q1": record()}}))
    assert command(tmp_path, ada, tmp_path / "." / "ada.json") == 0
    out, err = capsys.readouterr()
    assert err == "" and out.startswith("Collected 1 learner(s) from 1 file(s).")
