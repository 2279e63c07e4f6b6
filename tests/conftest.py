"""Shared fixtures: a tiny real Keras model and its data, and display-mode control."""

from __future__ import annotations  # noqa: I001  (kerastutor is imported first, below)

# kerastutor first: it loads Keras quietly (and, with JAX installed, keeps JAX and the C++ log
# level it sets out of TensorFlow) before anything else imports keras
import kerastutor  # noqa: F401
import keras
import os

import numpy as np
import pytest

# variables that change what every later kernel shows: nbval runs the lessons in kernels that inherit
# this process's environment, so a test that leaves one set would fail lessons it never touched
DISPLAY_VARIABLES = ("KERASTUTOR_DISPLAY", "MPLBACKEND")


@pytest.fixture(autouse=True)
def environment_left_as_found():
    """Fail a test that leaves a display variable changed (and put it back for the tests after it)."""
    before = {name: os.environ.get(name) for name in DISPLAY_VARIABLES}
    yield
    after = {name: os.environ.get(name) for name in DISPLAY_VARIABLES}
    for name, value in before.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    assert after == before, f"the test changed {after} (was {before}): use monkeypatch.setenv"


@pytest.fixture
def data():
    """Linearly separable two-class data: 256 samples, 8 features."""
    rng = np.random.default_rng(0)
    x = rng.normal(size=(256, 8)).astype("float32")
    y = (x[:, 0] + x[:, 1] > 0).astype("float32")
    return x, y


@pytest.fixture
def model():
    """A small compiled binary classifier."""
    keras.utils.set_random_seed(0)
    net = keras.Sequential([keras.Input((8,)), keras.layers.Dense(8, activation="relu"),
                            keras.layers.Dense(1, activation="sigmoid")])
    net.compile(keras.optimizers.SGD(0.1), "binary_crossentropy", metrics=["accuracy"])
    return net


@pytest.fixture
def shipped(tmp_path):
    """A small curriculum of two lessons (and a file that is not a lesson)."""
    source = tmp_path / "shipped"
    source.mkdir()
    (source / "00_welcome.ipynb").write_text('{"v": 1}')
    (source / "01_first.ipynb").write_text('{"v": 1}')
    (source / "notes.txt").write_text("not a lesson")
    return source


class SubclassedNet(keras.Model):
    """A subclassed model: no graph of layer outputs to inspect."""

    def __init__(self) -> None:
        super().__init__()
        self.dense = keras.layers.Dense(2)

    def call(self, x):
        return self.dense(x)


@pytest.fixture
def subclassed_net():
    """A built subclassed model taking 3 features."""
    net = SubclassedNet()
    net(np.ones((1, 3), "float32"))
    return net


@pytest.fixture
def display_as(monkeypatch):
    """Force a display mode: ``display_as("static")``."""
    def choose(mode: str) -> None:
        monkeypatch.setenv("KERASTUTOR_DISPLAY", mode)
    return choose


@pytest.fixture
def shown(monkeypatch):
    """Capture what kerastutor passes to IPython's display (static and widget modes)."""
    import IPython.display

    from kerastutor.training import view

    captured: list = []

    class Handle:
        def update(self, obj, raw=False):
            captured.append(obj)

    def fake_display(obj, raw=False, display_id=None):
        captured.append(obj)
        return Handle() if display_id else None

    monkeypatch.setattr(IPython.display, "display", fake_display)
    monkeypatch.setattr(view, "display", fake_display)
    return captured


@pytest.fixture(autouse=True)
def private_progress_file(tmp_path_factory, monkeypatch):
    """Exercise checks in tests record into a temporary progress file, never the learner's own."""
    monkeypatch.setenv("KERASTUTOR_HOME", str(tmp_path_factory.mktemp("kerastutor_home")))


@pytest.fixture(scope="module")
def browser():
    """Headless system Chromium under Playwright, for the browser tests (skipped where there is none)."""
    from lab_driver import CHROMIUM_ARGS, find_chromium

    executable = find_chromium()
    if executable is None:
        pytest.skip("no Chromium on this machine: install Debian's package (apt-get install chromium) "
                    "or set KERASTUTOR_CHROMIUM to a Chromium binary")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is missing: "
                                   "pip install -e '.[test]'")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
