"""Issue 19's learner features: more than two classes, dropout and an activation per layer, drawn data."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kerastutor as kt
from kerastutor._arguments import BadArgument
from kerastutor.play.data import MAX_CLASSES, class_count, drawn_data, make_data
from kerastutor.play.drawing import click_position, nearest, toggled
from kerastutor.play.network import build_model
from kerastutor.play.session import Session
from kerastutor.play.settings import ACTIVATIONS, MAX_POINTS, MAX_SHARE_CHARACTERS, Settings

CORNERS = [(-4.0, -4.0, 0.0), (-3.0, -4.5, 0.0), (4.0, 4.0, 1.0), (3.5, 4.5, 1.0),
           (-4.0, 4.0, 2.0), (-3.5, 3.0, 2.0), (4.0, -4.0, 0.0), (3.0, -3.5, 1.0)]


@pytest.fixture
def pg():
    playground = kt.playground(dataset="spiral3")
    yield playground
    playground.pause()


# ---- data and settings ---------------------------------------------------------------------------------
@pytest.mark.parametrize("name, classes", [("spiral3", 3), ("blobs4", 4), ("circle", 2), ("plane", 0)])
def test_each_generated_set_says_how_many_classes_it_has(name, classes):
    x, y = make_data(name, samples=90, seed=1)
    assert class_count(name) == classes
    if classes:
        assert set(np.unique(y)) == set(range(classes))


def test_drawn_points_are_data_with_as_many_classes_as_labels_drawn():
    x, y, classes = drawn_data(CORNERS, regression=False)
    assert x.shape == (8, 2) and classes == 3 and y.tolist() == [p[2] for p in CORNERS]
    assert drawn_data([(0, 0, 0)], regression=False)[2] == 2  # one class drawn is still yes-or-no
    assert drawn_data([(0, 0, 0.5)], regression=True)[2] == 0
    assert drawn_data((), regression=False)[0].shape == (0, 2)


def test_dropout_and_activations_are_one_per_hidden_layer_and_follow_the_layers():
    chosen = Settings(hidden=(4, 2), dropout=0.2, activations=("relu", "tanh"))
    assert chosen.dropout == (0.2, 0.2) and chosen.layer_activations == ("relu", "tanh")
    assert Settings(hidden=(4, 2), activations=("tanh", "tanh")).activations == ()  # as `activation`: none
    assert Settings(hidden=(4, 2), dropout=(0, 0)).dropout == ()
    assert Settings.from_dict({"hidden": [4, 2], "dropout": 0.3}).dropout == (0.3, 0.3)  # a state dict too
    grown = chosen.changed(hidden=(4, 2, 3))
    assert grown.dropout == (0.2, 0.2, 0.0) and grown.layer_activations == ("relu", "tanh", "tanh")
    assert chosen.changed(hidden=(4,)).dropout == (0.2,)
    assert chosen.changed(activation="sigmoid").layer_activations == ("sigmoid", "sigmoid")
    with pytest.raises(BadArgument, match=r"dropout=\[0.1, 0.2, 0.3\] has 3 entries, but the network has 2"):
        Settings(hidden=(4, 2), dropout=(0.1, 0.2, 0.3))
    with pytest.raises(BadArgument, match="dropout=0.95"):
        Settings(dropout=0.95)
    with pytest.raises(BadArgument, match="each hidden layer's activation"):
        Settings(activations=("relu", "swish"))


def test_points_are_checked_and_kept_to_a_tenth():
    drawn = Settings(dataset="drawn", points=[(1.234, -2.26, 1)])
    assert drawn.points == ((1.2, -2.3, 1.0),)
    with pytest.raises(BadArgument, match="the drawn classes are numbered 0 to 3"):
        Settings(dataset="drawn", points=[(0, 0, 0.5)])
    with pytest.raises(BadArgument, match="a point's coordinate"):
        Settings(dataset="drawn", points=[(7, 0, 1)])
    with pytest.raises(BadArgument, match=f"at most {MAX_POINTS} points"):
        Settings(dataset="drawn", points=[(0, 0, 1)] * (MAX_POINTS + 1))
    regression = Settings(dataset="drawn_regression", points=[(0, 0, 0.5)])
    assert regression.changed(dataset="drawn").points == ()  # targets are no classes: a fresh drawing
    assert drawn.changed(dataset="circle").changed(dataset="drawn").points == drawn.points  # kept meanwhile


POINTS = st.lists(st.tuples(st.integers(-60, 60), st.integers(-60, 60), st.integers(0, MAX_CLASSES - 1)),
                  max_size=MAX_POINTS)


@settings(max_examples=60, deadline=None)
@given(hidden=st.lists(st.integers(1, 8), min_size=1, max_size=6), data=st.data(), points=POINTS,
       dataset=st.sampled_from(["drawn", "spiral3", "blobs4", "circle"]))
def test_state_and_share_strings_round_trip_the_new_fields(hidden, data, points, dataset):
    layers = len(hidden)
    dropout = data.draw(st.lists(st.sampled_from([0.0, 0.1, 0.25, 0.5, 0.9]), min_size=layers,
                                 max_size=layers))
    activations = data.draw(st.lists(st.sampled_from(ACTIVATIONS), min_size=layers, max_size=layers))
    chosen = Settings(dataset=dataset, hidden=tuple(hidden), dropout=tuple(dropout),
                      activations=tuple(activations), points=[(a / 10, b / 10, c) for a, b, c in points])
    assert Settings.from_dict(chosen.to_dict()) == chosen
    share = chosen.share()
    assert Settings.from_share(share) == chosen and len(share) <= MAX_SHARE_CHARACTERS


def test_a_full_drawing_with_every_setting_changed_still_fits_a_share_string():
    points = tuple((-5.5 + (i % 12) * 0.9, -5.5 + (i // 12) * 0.9, float(i % 4)) for i in range(MAX_POINTS))
    everything = Settings(dataset="drawn", points=points, noise=0.35, train_fraction=0.7, seed=123456,
                          features=("x1", "x2", "x1^2", "sin(x2)"), hidden=(8,) * 6, dropout=0.35,
                          activations=("relu",) * 6, learning_rate=0.003, optimizer="rmsprop", batch_size=33,
                          regularization="l2", regularization_rate=0.003, locked=("dataset", "hidden"))
    assert len(everything.share()) <= MAX_SHARE_CHARACTERS
    assert Settings.from_share(everything.share()) == everything


# ---- the network and its training ----------------------------------------------------------------------
def test_three_classes_get_three_softmax_units_and_their_loss():
    model = build_model(Settings(dataset="spiral3", hidden=(4, 3), dropout=(0.2, 0), activations=("relu",
                                                                                                  "sigmoid")))
    output = model.get_layer("output")
    assert output.units == 3 and output.activation.__name__ == "softmax"
    assert model.loss == "sparse_categorical_crossentropy"
    assert [layer.name for layer in model.layers] == ["hidden1", "dropout1", "hidden2", "output"]
    assert model.get_layer("dropout1").rate == 0.2
    assert [model.get_layer(n).activation.__name__ for n in ("hidden1", "hidden2")] == ["relu", "sigmoid"]
    assert build_model(Settings()).get_layer("output").units == 1  # two classes: one sigmoid unit, as before


def test_the_default_three_class_network_learns_three_spirals():
    session = Session(Settings(dataset="spiral3"))
    assert session.classes == 3 and session.boundary(10).shape == (3, 10, 10)
    metrics = session.step(100)
    assert metrics["test_accuracy"] > 0.9


def test_multi_class_loss_and_accuracy_are_keras_own():
    session = Session(Settings(dataset="blobs4", noise=0.4))
    session.step(3)
    features = np.stack([session.x_test[:, 0], session.x_test[:, 1]], axis=1)
    loss, accuracy = session.model.evaluate(features, session.y_test, verbose=0, batch_size=1000)
    metrics = session.metrics()
    assert metrics["test_loss"] == pytest.approx(loss, rel=1e-4)
    assert metrics["test_accuracy"] == pytest.approx(accuracy, abs=1e-6)


def test_dropout_trains_the_same_in_one_step_or_many_and_is_left_out_of_the_pictures():
    chosen = Settings(dataset="circle", hidden=(6, 4), dropout=(0.3, 0.1))
    once, twice = Session(chosen), Session(chosen)
    once.step(6)
    twice.step(2)
    twice.step(4)
    for a, b in zip(once.model.get_weights(), twice.model.get_weights()):
        np.testing.assert_array_equal(a, b)
    assert [name for name, _ in once.neuron_maps(5)] == ["x1, x2", "hidden1", "hidden2", "output"]
    assert [kernel.shape for kernel in once.kernels()] == [(2, 6), (6, 4), (4, 1)]


def test_own_data_with_three_classes(pg):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(120, 2)).astype("float32") + np.repeat([[0, 3], [3, 0], [-3, -3]], 40, axis=0)
    y = np.repeat([0, 1, 2], 40)
    own = kt.playground(data=(x, y))
    assert own.session.classes == 3 and own.model.get_layer("output").units == 3
    assert own.step(30)["test_accuracy"] > 0.9
    assert 'keras.layers.Dense(3, activation="softmax"' in own.to_code()


def test_the_exported_code_builds_the_same_network_with_dropout_and_three_classes():
    pg = kt.playground(dataset="spiral3", hidden=(5, 3), dropout=(0.1, 0.0), activations=("relu", "tanh"))
    namespace = {}
    exec(pg.to_code(epochs=2), namespace)
    exported, ours = namespace["model"], pg.model
    assert [(layer.name, type(layer).__name__) for layer in exported.layers] == \
        [(layer.name, type(layer).__name__) for layer in ours.layers]
    assert exported.get_layer("dropout1").seed == ours.get_layer("dropout1").seed
    assert exported.loss == ours.loss == "sparse_categorical_crossentropy"


# ---- the widget, driven from Python --------------------------------------------------------------------
def test_choosing_three_spirals_shows_one_output_neuron_per_class(pg):
    assert pg.model.get_layer("output").units == 3
    labels = [label for label, _ in pg.shown.options]
    assert labels[-3:] == ["output: class 0 (orange)", "output: class 1 (blue)", "output: class 2 (green)"]
    pg.shown.value = pg.shown.options[-1][1]
    assert pg.focus == (3, 2)
    pg.controls.dataset.value = "blobs4"
    assert pg.model.get_layer("output").units == 4


def test_a_layers_activation_control_changes_that_layer_and_the_activation_control_all(pg):
    pg.controls.layer_activations[1].value = "relu"
    assert pg.settings.layer_activations == ("tanh", "relu")
    assert pg.model.get_layer("hidden2").activation.__name__ == "relu"
    pg.controls.activation.value = "sigmoid"
    assert pg.settings.layer_activations == ("sigmoid", "sigmoid")
    assert [d.value for d in pg.controls.layer_activations[:2]] == ["sigmoid", "sigmoid"]


def test_a_layers_dropout_control_reaches_the_model_and_survives_a_new_layer(pg):
    pg.controls.dropout[0].value = 0.3
    assert pg.settings.dropout == (0.3, 0.0) and pg.model.get_layer("dropout1").rate == 0.3
    pg.controls.layers.value = 3
    assert pg.settings.dropout == (0.3, 0.0, 0.0) and pg.controls.dropout[0].value == 0.3
    assert "keras.layers.Dropout(0.3" in pg.to_code()


def test_clicks_on_the_map_draw_and_remove_points():
    pg = kt.playground(dataset="drawn")
    assert pg.last_message.startswith("Draw your points: click the map")
    assert pg.controls.drawing.layout.display is None and pg.controls.noise.layout.display == "none"
    before = bytes(pg.boundary_image.value)
    for x1, x2, label in CORNERS:
        pg.controls.brush.value = int(label)
        pg.click(x1, x2)
    assert pg.settings.points == tuple(CORNERS) and pg.session.classes == 3
    assert bytes(pg.boundary_image.value) != before  # the points are on the map
    assert "8 points drawn: press step or play to train." in pg.last_message
    pg._on_map_click({"relativeX": 0, "relativeY": 0, "boundingRectWidth": 300, "boundingRectHeight": 300})
    assert pg.settings.points[-1] == (-6.0, 6.0, 1.0)  # the top left corner, in the brush's class (1)
    pg.click(-5.9, 5.9)  # near it: removed again
    assert len(pg.settings.points) == 8
    pg.step(5)
    assert pg.metrics()["epoch"] == 5
    share = pg.share()
    assert kt.playground(share).settings.points == tuple(CORNERS)
    pg.controls.clear_points.click()
    assert pg.settings.points == () and "0 points drawn" in pg.last_message
    pg.step_button.click()  # nothing to train on: said, not raised
    assert "0 points drawn is too few to train on" in pg.last_message


def test_drawing_regression_targets_and_where_clicks_land():
    pg = kt.playground(dataset="drawn_regression")
    assert pg.controls.brush_target.layout.display is None and pg.controls.brush.layout.display == "none"
    pg.controls.brush_target.value = -0.5
    pg.click(1, 1)
    pg.add_point(-1, -1, 0.75)
    assert pg.settings.points == ((1.0, 1.0, -0.5), (-1.0, -1.0, 0.8))
    assert pg.remove_point(1.1, 0.9) and not pg.remove_point(5, 5)
    assert click_position({"relativeX": 150, "relativeY": 75, "boundingRectWidth": 300,
                           "boundingRectHeight": 300}, (-6, 6, -6, 6)) == (0.0, 3.0)
    assert click_position({"relativeX": 400, "relativeY": 0, "boundingRectWidth": 300,
                           "boundingRectHeight": 300}, (-6, 6, -6, 6)) is None
    assert nearest(((0, 0, 1),), 1, 1) is None and toggled(((0, 0, 1),), 0.1, 0, 0) == ()


def test_drawing_needs_a_drawn_data_set_and_a_free_place(pg):
    with pytest.raises(BadArgument, match=r"add_point\(\) draws on your own points: .*dataset='drawn'"):
        pg.add_point(0, 0, 1)
    pg.click(0, 0)
    assert "choose 'draw your own' under Data first" in pg.last_message and pg.settings.points == ()
    drawn = kt.playground(dataset="drawn")
    with pytest.raises(BadArgument, match="a point's label"):
        drawn.add_point(0, 0, 7)
    with pytest.raises(BadArgument, match="outside the square"):
        drawn.add_point(9, 0, 1)
    assert drawn.settings.points == ()  # nothing half-done
