"""The playground widget, driven from Python as a learner drives it: set a control, assert what changed."""

import base64
import html
import io
import math
import time

import numpy as np
import pytest
from sklearn.datasets import make_moons

import kerastutor as kt
from kerastutor.inspector.view import Inspector
from kerastutor.play.settings import Settings
from kerastutor.play.view import Playground

PNG = b"\x89PNG"


def wait_for(condition, timeout=60.0):
    deadline = time.perf_counter() + timeout
    while not condition():
        assert time.perf_counter() < deadline, "timed out"
        time.sleep(0.05)


class CountedPlayground(Playground):
    """The playground, counting its redraws (as benchmarks/playground_fps.py does)."""

    updates = 0

    def redraw(self):
        super().redraw()
        self.updates += 1


@pytest.fixture
def pg():
    playground = kt.playground(dataset="xor", batch_size=20)
    yield playground
    playground.pause()


def test_it_opens_with_every_view_drawn(pg):
    assert bytes(pg.boundary_image.value).startswith(PNG)
    assert pg.network.value.startswith("<svg") and pg.network.value.count('class="neuron"') == 2 + 4 + 2 + 1
    assert "<svg" in pg.curves.value
    assert pg.status.value and "epoch 0" in pg.last_message
    assert pg.controls.dataset.value == "xor" and pg.controls.layers.value == 2
    assert [row.layout.display for row in pg.controls.layer_rows[:3]] == [None, None, "none"]
    # no Dropdown shows a blank: "none" and "output" stand for the settings' None
    assert pg.controls.regularization.value == "none" and pg.shown.value == "output"


def test_the_step_button_trains_one_epoch_and_redraws(pg):
    before = (bytes(pg.boundary_image.value), pg.network.value, pg.curves.value)
    assert "epochs=100" in pg.code.value  # the code panel: 100 epochs until trained
    pg.step_button.click()
    assert pg.metrics()["epoch"] == 1 and "epoch 1" in pg.last_message
    assert "epochs=1," in pg.code.value and html.unescape(pg.code.value).count(pg.to_code()) == 1
    assert bytes(pg.boundary_image.value) != before[0]
    assert pg.network.value != before[1] and pg.curves.value != before[2]


def test_step_from_code_returns_the_metrics(pg):
    metrics = pg.step(3)
    assert set(metrics) == {"epoch", "train_loss", "test_loss", "train_accuracy", "test_accuracy"}
    assert metrics["epoch"] == 3 and metrics == pg.metrics()
    with pytest.raises(ValueError, match="epochs must be a whole number from 1 to 10,000"):
        pg.step(0)


def test_a_data_control_makes_new_data_and_a_new_network(pg):
    pg.step(2)
    model = pg.model
    pg.controls.dataset.value = "circle"
    assert pg.settings.dataset == "circle" and pg.metrics()["epoch"] == 0 and pg.model is not model
    pg.controls.noise.value = 30
    assert pg.settings.noise == 0.3
    pg.controls.train_fraction.value = 70
    assert len(pg.session.x_train) == 280


def test_feature_buttons_change_the_input_columns(pg):
    pg.controls.features["x1*x2"].value = True
    assert pg.settings.features == ("x1", "x2", "x1*x2")
    assert pg.model.inputs[0].shape[-1] == 3 and pg.controls.features["x1*x2"].button_style == "info"


def test_turning_off_the_last_feature_is_refused_and_undone(pg):
    pg.controls.features["x1"].value = False
    pg.controls.features["x2"].value = False
    assert pg.settings.features == ("x2",) and pg.controls.features["x2"].value
    assert "choose at least one input feature" in pg.last_message


def test_layer_and_neuron_sliders_reshape_the_network(pg):
    pg.controls.layers.value = 3
    assert pg.settings.hidden == (4, 2, 2)
    assert pg.controls.neurons[2].layout.display is None
    pg.controls.neurons[0].value = 8
    assert [layer.units for layer in pg.model.layers] == [8, 2, 2, 1]
    assert 'keras.layers.Dense(8, activation="tanh", name="hidden1"' in html.unescape(pg.code.value)
    pg.controls.layers.value = 0
    assert pg.settings.hidden == () and len(pg.model.layers) == 1


def test_the_learning_rate_changes_live_and_keeps_the_training(pg):
    pg.step(2)
    model = pg.model
    pg.controls.learning_rate.value = 0.003
    assert pg.model is model and pg.metrics()["epoch"] == 2
    assert math.isclose(float(pg.model.optimizer.learning_rate), 0.003, rel_tol=1e-6)
    pg.controls.optimizer.value = "sgd"
    assert pg.model is not model and pg.model.optimizer.__class__.__name__ == "SGD"


def test_regularization_controls_reach_the_model(pg):
    pg.controls.regularization.value = "l2"
    pg.controls.regularization_rate.value = 0.01
    regularizer = pg.model.layers[0].kernel_regularizer
    assert regularizer.__class__.__name__ == "L2" and math.isclose(regularizer.l2, 0.01, rel_tol=1e-6)
    pg.controls.regularization.value = "none"
    assert pg.settings.regularization is None and pg.model.layers[0].kernel_regularizer is None


def test_set_changes_controls_too_and_names_are_checked(pg):
    pg.set(hidden=(3,), activation="relu", learning_rate=0.5)
    assert pg.controls.layers.value == 1 and pg.controls.neurons[0].value == 3
    assert pg.controls.activation.value == "relu" and pg.controls.learning_rate.value == 0.5
    with pytest.raises(ValueError, match="no setting 'learning_rat'; did you mean 'learning_rate'"):
        pg.set(learning_rat=0.1)


def test_play_trains_in_the_background_until_paused(pg, display_as):
    display_as("widget")
    live = CountedPlayground(Settings(dataset="circle", batch_size=20))
    live.play_button.click()
    assert live.playing and live.play_button.description == "pause"
    # three epochs can take less than the redraw interval thrice on a quiet machine: wait for both
    wait_for(lambda: live.metrics()["epoch"] >= 3 and live.updates >= 3)
    live.play_button.click()
    assert not live.playing and live.play_button.description == "play"
    epochs, updates = live.metrics()["epoch"], live.updates
    assert updates >= 3  # it redrew while training, not only at the end
    assert f"epochs={epochs}," in live.code.value
    time.sleep(0.3)
    assert live.metrics()["epoch"] == epochs


def test_only_one_playground_plays_at_a_time(pg):
    other = kt.playground(dataset="circle", batch_size=20)
    pg.play()
    wait_for(lambda: pg.metrics()["epoch"] >= 1)
    other.play()
    assert other.playing and not pg.playing
    kt.playground()  # a cell run again: the playground it replaces stops
    assert not other.playing


def test_changing_a_control_while_playing_pauses_first(pg):
    pg.play()
    wait_for(lambda: pg.metrics()["epoch"] >= 1)
    pg.controls.activation.value = "relu"
    assert not pg.playing and pg.metrics()["epoch"] == 0


def test_state_and_share_strings_restore_the_playground(pg):
    pg.set(hidden=(5, 3), features=("x1", "x2", "sin(x1)"), noise=0.2)
    again = kt.playground(pg.state())
    assert again.settings == pg.settings
    shared = pg.share(lock=["dataset", "hidden"], hide=["noise", "regularization"])
    assert shared.startswith("kt1.") and len(shared) < 140
    lesson = kt.playground(shared)
    assert lesson.settings.hidden == (5, 3) and lesson.settings.locked == ("dataset", "hidden")
    assert lesson.controls.dataset.disabled and all(s.disabled for s in lesson.controls.neurons)
    assert not lesson.controls.activation.disabled
    assert lesson.controls.noise.layout.display == "none"
    assert lesson.controls.regularization.layout.display == "none"
    with pytest.raises(ValueError, match="cannot lock or hide 'datset'"):
        pg.share(lock=["datset"])
    with pytest.raises(TypeError, match="a dict from pg.state\\(\\) or a string from pg.share\\(\\)"):
        kt.playground(42)


def test_a_neuron_can_be_shown_large(pg):
    output = bytes(pg.boundary_image.value)
    pg.show_neuron("hidden1", 3)
    assert pg.focus == (1, 2) and pg.shown.value == (1, 2)
    assert bytes(pg.boundary_image.value) != output
    pg.show_neuron()
    assert bytes(pg.boundary_image.value) == output and pg.focus is None
    with pytest.raises(ValueError, match="hidden2 has 2 neurons; choose one from 1 to 2"):
        pg.show_neuron("hidden2", 3)
    with pytest.raises(ValueError, match="no layer 'hidden9'"):
        pg.show_neuron("hidden9")


@pytest.mark.filterwarnings("error")
def test_a_diverging_run_stops_says_why_and_offers_reset(capsys):
    pg = kt.playground(dataset="plane", optimizer="sgd", learning_rate=10.0, hidden=(8, 8))
    metrics = pg.step(30)
    assert metrics["epoch"] < 30 and not math.isfinite(metrics["train_loss"])
    assert "learning rate 10.0 is probably too high" in pg.last_message
    assert "(press reset)" not in pg.last_message  # no button to press outside JupyterLab
    assert pg.reset_button.button_style == "danger" and "probably too high" in capsys.readouterr().out
    pg.step(1)  # refused: says again what to do, trains nothing
    assert "reset" in pg.last_message and pg.metrics()["epoch"] == metrics["epoch"]
    pg.set(learning_rate=0.03)
    assert pg.metrics()["epoch"] == 0 and math.isfinite(pg.step(1)["train_loss"])
    assert "epoch 1" in pg.last_message
    assert pg.reset_button.button_style == ""


def test_your_own_data_is_played_with_over_its_own_area():
    x, y = make_moons(200, noise=0.1, random_state=0)
    pg = kt.playground(data=(x * 3, y), hidden=(6,))
    assert pg.settings.dataset == "own" and pg.controls.dataset.value == "own"
    assert pg.controls.noise.layout.display == "none"
    left, right, bottom, top = pg.session.extent
    assert left < (x * 3)[:, 0].min() and right > (x * 3)[:, 0].max() and top < 6
    assert pg.step(30)["test_accuracy"] > 0.8
    pg.controls.dataset.value = "circle"
    pg.controls.dataset.value = "own"
    assert len(pg.session.x_train) + len(pg.session.x_test) == 200
    with pytest.raises(ValueError, match="pass it again"):
        kt.playground(pg.state())


def test_your_own_regression_targets_are_shaded_on_their_range():
    rng = np.random.default_rng(0)
    x = rng.uniform(-1, 1, (100, 2))
    pg = kt.playground(data=(x, 10 * x[:, 0]))
    assert pg.session.value_range == pytest.approx((10 * x[:, 0].min(), 10 * x[:, 0].max()))
    assert "test_accuracy" not in pg.step(2)


@pytest.mark.parametrize("x, y, message", [
    (np.zeros((50, 3)), np.zeros(50), "X must have two features, shape \\(samples, 2\\)"),
    (np.zeros((50, 2)), np.zeros(40), "X has 50 rows, y has shape \\(40,\\)"),
    (np.zeros((5, 2)), np.zeros(5), "needs from 10 to 50,000 samples"),
    (np.full((50, 2), np.nan), np.zeros(50), "must be finite numbers"),
    (np.zeros((50, 2)), np.arange(50) % 3 + 1, "looks like class labels \\[1.0, 2.0, 3.0\\]"),
    (np.zeros((50, 2)), np.array(["a", "b"] * 25), "the playground needs numbers"),
])
def test_bad_own_data_is_explained(x, y, message):
    with pytest.raises(ValueError, match=message):
        kt.playground(data=(x, y))


def test_to_code_for_your_own_data_runs_on_your_variables():
    x, y = make_moons(100, noise=0.1, random_state=1)
    pg = kt.playground(data=(x, y), hidden=(4,))
    pg.step(2)
    code = pg.to_code()
    assert "epochs=2" in code and "check_own_data(x, y)" in code
    namespace = {"x": x, "y": y}
    exec(code, namespace)
    assert 0 <= namespace["test_accuracy"] <= 1


def test_inspect_opens_the_inspector_on_the_live_model(pg):
    inspector = pg.inspect()
    assert isinstance(inspector, Inspector) and inspector.model is pg.model
    assert inspector.activation("hidden1").shape == (8, 4)


def test_without_live_widgets_it_shows_a_snapshot(pg, display_as, monkeypatch):
    pg.step(2)
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj, raw=False: shown.append(obj))
    display_as("static")
    pg._ipython_display_()
    assert base64.b64decode(shown[0]["image/png"]).startswith(PNG)
    line = "playground: xor, features x1, x2, network 2 -> 4 -> 2 -> 1, epoch 2:"
    assert shown[0]["text/plain"].startswith(line)
    pg.show_neuron("hidden1", 2)  # the snapshot shows the chosen neuron too
    pg._ipython_display_()
    assert shown[1]["image/png"] != shown[0]["image/png"]
    display_as("widget")
    pg._ipython_display_()
    assert shown[2] is pg.widget


def test_in_a_terminal_it_prints_one_line(pg, display_as, capsys):
    display_as("text")
    pg._ipython_display_()
    assert capsys.readouterr().out.startswith("playground: xor")
    assert repr(pg).startswith("playground: xor")


def test_settings_given_as_integers_become_floats_keras_accepts():
    assert Settings(learning_rate=1).learning_rate == 1.0 and isinstance(Settings(noise=0).noise, float)
    assert kt.playground(learning_rate=1, optimizer="sgd").model.optimizer.learning_rate.dtype == "float32"


def test_the_map_is_a_small_picture_under_a_points_layer_sent_only_when_the_data_change(pg):
    from PIL import Image

    assert pg.map_area.children == (pg.boundary_image, pg.map_points)
    assert pg.map_area.layout.width == pg.map_area.layout.height == "300px"
    assert Image.open(io.BytesIO(bytes(pg.boundary_image.value))).size == (51, 51)  # the browser scales it
    points = pg.map_points.value
    assert points.count("<circle") == len(pg.session.x_train) + len(pg.session.x_test)
    pg.step(2)
    assert pg.map_points.value == points  # training moves the map, not the points
    pg.set(noise=0.3)
    assert pg.map_points.value != points


def test_the_neuron_chooser_names_every_neuron(pg):
    labels = [label for label, _ in pg.shown.options]
    assert labels[:3] == ["the network's output", "features neuron 1", "features neuron 2"]
    assert labels[-1] == "output neuron 1" and len(labels) == 1 + 2 + 4 + 2 + 1
