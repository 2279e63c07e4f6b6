"""End to end: the lessons in a real JupyterLab, in headless Chromium, driven like a learner would.

For every lesson: open it, run all cells, and check that no cell errors, that
widgets render as widgets, and that each instrument a lesson uses responds.
Screenshots of each instrument go to ``test-artifacts/screenshots``.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import nbformat
import pytest
from lab_driver import LabServer, NotebookPage

from kerastutor.workspace import curriculum_dir, lessons

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
INSTRUMENTS = {"LivePlot": "kt.LivePlot(", "inspect": "kt.inspect(", "augment_preview": "kt.augment_preview(",
               "gallery": "kt.gallery(", "progress": "kt.progress(", "playground": "kt.playground(",
               "LayerStats": "kt.LayerStats(", "saliency_view": "kt.saliency_view(", "compare": "kt.compare(",
               "mistakes": "kt.mistakes(", "projection": "kt.projection("}
PLAY_SECONDS = 4.0
COUNT_IMAGE_CHANGES_JS = """image => {
  window.ktImageChanges = 0;
  new MutationObserver(() => { window.ktImageChanges += 1; })
    .observe(image, {attributes: true, attributeFilter: ['src']});
}"""


def instruments_in(path: Path) -> set[str]:
    """The instruments a lesson's code cells use (comment lines, such as a hint, do not count)."""
    code = "\n".join(line for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"
                     for line in c.source.splitlines() if not line.lstrip().startswith("#"))
    return {name for name, call in INSTRUMENTS.items() if call in code}


# the lessons that show an instrument: nbval already runs every lesson and fails on an error or stderr; a
# real JupyterLab adds what only a browser shows, the widgets rendering and responding
LESSONS = [lesson for lesson in lessons(curriculum_dir()) if instruments_in(lesson)]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab on localhost, launched by ``kerastutor start`` in a new workspace."""
    workspace = tmp_path_factory.mktemp("workspace")
    server = LabServer(workspace, tmp_path_factory.mktemp("lab_home"))
    try:
        server.wait_ready()
        log = (server.home / "lab.log").read_text()
        assert f"Copied {len(lessons(curriculum_dir()))} lesson notebooks into {workspace}" in log
        assert "Opening JupyterLab at 00_welcome.ipynb" in log
        yield server
    finally:
        server.stop()


@pytest.fixture
def page(browser, lab):
    context = browser.new_context(viewport={"width": 1400, "height": 1600})
    yield context.new_page()
    context.close()
    lab.shut_down_kernels()


def changed_within(read, before, timeout: float = 30.0) -> bool:
    """Whether ``read()`` returns something other than ``before`` within ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if read() != before:
            return True
        time.sleep(0.25)
    return False


def check_liveplot_updated_while_training(snapshots: list[dict]) -> None:
    """Some LivePlot showed two or more pictures and two or more bar positions before training ended."""
    running = snapshots[:-1]
    best_images, best_bars = 0, 0
    for index in range(max((len(s["liveplots"]) for s in running), default=0)):
        states = [s["liveplots"][index] for s in running if len(s["liveplots"]) > index]
        images = {state["image"] for state in states if state["image"]}
        bars = {state["bar"] for state in states if state["bar"]}
        best_images, best_bars = max(best_images, len(images)), max(best_bars, len(bars))
    assert best_images >= 2, "no LivePlot redrew its curves while training ran"
    assert best_bars >= 2, "no LivePlot progress bar moved while training ran"


def check_inspector(notebook: NotebookPage, name: str) -> None:
    inspector = notebook.outputs(".widget-hbox:has(> .widget-vbox .widget-select):has(.widget-tab)").first
    notebook.screenshot_of(inspector, SCREENSHOTS / f"{name}-inspector.png")
    shown = inspector.locator(".widget-tab").first
    before = shown.inner_text()
    inspector.locator(".widget-select select").first.select_option(index=1)
    assert changed_within(shown.inner_text, before), "selecting another layer changed nothing shown"


def check_augment_preview(notebook: NotebookPage, name: str) -> None:
    preview = notebook.outputs(".widget-hbox:has(.widget-checkbox):has(.widget-image)").first
    grid = preview.locator(".widget-image").first
    before = grid.get_attribute("src")
    preview.locator(".widget-checkbox input[type=checkbox]").first.click()
    assert changed_within(lambda: grid.get_attribute("src"), before), "the grid did not change with a control"
    notebook.screenshot_of(preview, SCREENSHOTS / f"{name}-augment_preview.png")


def check_gallery(notebook: NotebookPage, name: str) -> None:
    gallery = notebook.outputs(".widget-vbox:has(.widget-html table):has(button)").first
    rows = gallery.locator("table tr")
    assert rows.count() >= 10, "the gallery table did not render"
    notebook.screenshot_of(gallery, SCREENSHOTS / f"{name}-gallery.png")
    gallery.locator(".widget-dropdown select").nth(1).select_option("MobileNet")
    gallery.locator("button", has_text="load").first.click()
    gallery.locator(".widget-tab").first.wait_for(timeout=90_000)  # the chosen model's inspector
    assert "MobileNet" in gallery.inner_text()


def check_progress(notebook: NotebookPage, name: str) -> None:
    progress = notebook.outputs(".widget-vbox:has(.widget-hprogress):has(button)").first
    assert "exercises done" in progress.inner_text()
    progress.locator("button", has_text="Refresh").click()  # answers without an error
    progress.locator("input[placeholder='your name']").fill("Ada Lovelace")
    progress.locator("button", has_text="Export progress").click()
    link = progress.locator("a[download]")
    link.wait_for(timeout=30_000)
    assert link.get_attribute("download") == "kerastutor-progress-Ada-Lovelace.json"
    assert link.get_attribute("href").startswith("data:application/json;base64,")
    notebook.screenshot_of(progress, SCREENSHOTS / f"{name}-progress.png")


def check_playground(notebook: NotebookPage, name: str) -> None:
    """Step, play and pause, a control and the neuron chooser all change what the playground shows."""
    playground = notebook.outputs(".kt-playground").first
    output_map = playground.locator(".kt-playground-map")
    status = playground.locator(".kt-playground-status")
    before = output_map.get_attribute("src")
    playground.locator("button", has_text="step").click()
    assert changed_within(lambda: output_map.get_attribute("src"), before), "step did not redraw the map"
    output_map.evaluate(COUNT_IMAGE_CHANGES_JS)
    playground.locator("button", has_text="play").click()
    time.sleep(PLAY_SECONDS)
    notebook.screenshot_of(playground, SCREENSHOTS / f"{name}-playground.png")
    playground.locator("button", has_text="pause").click()
    playground.locator("button", has_text="play").wait_for(timeout=30_000)
    changes = notebook.page.evaluate("window.ktImageChanges")
    print(f"{name}: the playground's map changed {changes / PLAY_SECONDS:.1f} times a second in JupyterLab")
    assert changes >= 4, f"the map changed only {changes} times in {PLAY_SECONDS:.0f} s of play"
    epochs = status.inner_text()
    assert re.search(r"epoch [1-9]", epochs), f"no epochs shown after play: {epochs!r}"
    preview = playground.locator(".kt-p1-0")  # the first hidden neuron's large map
    assert preview.evaluate("g => getComputedStyle(g).display") == "none"
    playground.locator(".kt-n1-0").hover()
    assert preview.evaluate("g => getComputedStyle(g).display") != "none", "hovering showed no neuron map"
    notebook.screenshot_of(playground, SCREENSHOTS / f"{name}-playground-hover.png")
    data_sets = playground.locator(".widget-dropdown select").first
    data_sets.select_option(index=(data_sets.evaluate("select => select.selectedIndex") + 1) % 4)
    assert changed_within(status.inner_text, epochs), "choosing another data set changed nothing"
    assert "epoch 0" in status.inner_text()
    before = output_map.get_attribute("src")
    playground.locator(".kt-playground-shown select").select_option(index=3)  # a hidden neuron
    assert changed_within(lambda: output_map.get_attribute("src"), before), "showing a neuron changed nothing"
    check_drawing(playground, status)


def check_drawing(playground, status) -> None:
    """Choosing to draw, a click on the map (on its points layer, as a learner's click lands) adds a point
    (the map changes); a second click removes it."""
    playground.locator(".widget-dropdown select").first.select_option(label="draw your own (classes)")
    playground.locator("button", has_text="clear the points").wait_for(timeout=30_000)
    area = playground.locator(".kt-playground-map-area")
    points = area.locator(".widget-html")  # the layer of data points over the map
    assert points.inner_html().count("<circle") == 0
    area.click(position={"x": 75, "y": 75})
    assert changed_within(lambda: "1 point drawn" in status.inner_text(), False), \
        f"a click on the map drew no point: {status.inner_text()!r}"
    assert changed_within(lambda: points.inner_html().count("<circle"), 0), "the new point is not on the map"
    area.click(position={"x": 75, "y": 75})
    assert changed_within(lambda: "0 points drawn" in status.inner_text(), False), \
        f"a second click did not remove the point: {status.inner_text()!r}"


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda path: path.stem)
def test_lesson_runs_in_jupyterlab_and_its_instruments_respond(lesson, lab, page):
    used = instruments_in(lesson)
    cells = nbformat.read(lesson, as_version=4).cells
    notebook = NotebookPage(page, lab, lesson.name, sum(cell.cell_type == "code" for cell in cells))
    snapshots = notebook.run_all()
    final = snapshots[-1]
    assert not final["errors"], f"{lesson.name}: cells printed errors or stderr: {final['errors'][:2]}"
    widgets = final["widgetOutputs"]
    assert widgets or not used, f"{lesson.name}: no widget output"
    unrendered = [w["text"][:80] for w in widgets
                  if not w["rendered"] or re.search(r"Loading widget|Error displaying widget", w["text"])]
    assert not unrendered, f"{lesson.name}: widgets not rendered: {unrendered}"
    assert not final["plainFallbacks"], f"{lesson.name}: text fallback shown: {final['plainFallbacks'][:2]}"
    if "LivePlot" in used:
        check_liveplot_updated_while_training(snapshots)
        notebook.screenshot_of(notebook.outputs(".widget-vbox:has(.widget-hprogress)").first,
                               SCREENSHOTS / f"{lesson.stem}-liveplot.png")
    if "inspect" in used:
        check_inspector(notebook, lesson.stem)
    if "augment_preview" in used:
        check_augment_preview(notebook, lesson.stem)
    if "gallery" in used:
        check_gallery(notebook, lesson.stem)
    if "progress" in used:
        check_progress(notebook, lesson.stem)
    if "playground" in used:
        check_playground(notebook, lesson.stem)
