"""The class report of ``kerastutor classroom collect`` as a teacher sees it: opened from disk in headless
Chromium. The grid cells, the stuck list's order and the formative note are visible; a hostile learner
name stays text; the page asks for nothing but itself. A screenshot goes to ``test-artifacts/screenshots``."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from kerastutor.classroom import gradebook

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "screenshots"
HOSTILE = '<img src=x onerror="alert(1)"><script>alert(2)</script>'
GREEN, ORANGE = "rgb(46, 125, 50)", "rgb(239, 108, 0)"  # PALETTE["good"], PALETTE["warning"]


def export(learner: str, exercises: dict[str, dict[str, tuple[str, int]]]) -> dict:
    """An export in the documented format: per exercise (outcome, hints)."""
    return {"format": "kerastutor-progress", "version": 1, "kerastutor": "0.1.0", "learner": learner,
            "exported": "2026-12-05T10:00:00+00:00",
            "exercises": {lesson: {name: {"outcome": outcome, "attempts": 2, "hints": hints, "seconds": 60.0}
                                   for name, (outcome, hints) in exercises.items()}
                          for lesson, exercises in exercises.items()}}


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    """The report of three learners: ada and bob stuck on 03_models q2, ada alone on 01 q2."""
    folder = tmp_path_factory.mktemp("exports")
    learners = {
        "ada": {"01_keras_workflow": {"q1": ("correct", 1), "q2": ("incorrect", 2)},
                "03_models": {"q2": ("incorrect", 0)}},
        "bob": {"03_models": {"q1": ("correct", 0), "q2": ("incorrect", 1)}},
        HOSTILE: {"01_keras_workflow": {"q1": ("correct", 0)}},
    }
    for number, (learner, exercises) in enumerate(learners.items()):
        text = json.dumps(export(learner, exercises))
        (folder / f"learner{number}.json").write_text(text, encoding="utf-8")
    page = folder.parent / "class.html"
    parser = argparse.ArgumentParser()
    gradebook.add_arguments(parser)
    assert gradebook.run(parser.parse_args([str(folder), "--html", str(page)])) == 0
    return page


def test_the_class_report_shows_the_grid_the_stuck_list_and_the_formative_note(browser, report):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    dialogs, requests = [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("request", lambda request: requests.append(request.url))
    try:
        page.goto(report.as_uri())
        note = page.locator("p.formative")
        assert note.is_visible()
        assert "formative" in note.inner_text() and "Grades come from nbgrader" in note.inner_text()

        stuck = page.locator("table.stuck tbody tr")
        assert stuck.locator("td:first-child").all_inner_texts() == ["03_models q2", "01_keras_workflow q2"]
        assert stuck.first.locator("td").nth(2).inner_text() == "2"  # two learners tried, not solved

        rows = page.locator("table.grid tbody tr")
        assert rows.locator("th").all_inner_texts() == [HOSTILE, "ada", "bob"]  # by name: "<" before "a"
        ada = rows.nth(1).locator("td.cell")
        assert ada.count() == len(gradebook.curriculum())
        first_of_01 = 4  # after lesson 00's four exercises
        done, tried, untouched = ada.nth(first_of_01), ada.nth(first_of_01 + 1), ada.nth(0)
        assert done.is_visible() and done.inner_text() == "✓1"  # the mark and one hint
        assert tried.inner_text() == "✗2" and untouched.inner_text() == "·"
        assert done.evaluate("cell => getComputedStyle(cell).backgroundColor") == GREEN
        assert tried.evaluate("cell => getComputedStyle(cell).backgroundColor") == ORANGE
        assert "01_keras_workflow q2: tried, 2 check(s), 2 hint(s), 1 min" == tried.get_attribute("title")

        assert dialogs == [], "the hostile learner name ran as code"
        assert requests == [report.as_uri()], "the report asked for something besides itself"
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "classroom-report.png"), full_page=True)
    finally:
        context.close()
