from dataclasses import fields

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kerastutor.play.data import CLASSIFICATION, DATASETS, REGRESSION, is_classification, make_data, split
from kerastutor.play.features import FEATURE_CODE, FEATURES, transform
from kerastutor.play.settings import MAX_NEURONS, SHORT, Settings


@pytest.mark.parametrize("name", DATASETS)
def test_every_data_set_is_seeded_bounded_and_labelled(name):
    x, y = make_data(name, samples=300, noise=0.2, seed=3)
    assert x.shape == (300, 2) and y.shape == (300,) and x.dtype == np.float32
    assert np.array_equal(x, make_data(name, samples=300, noise=0.2, seed=3)[0])
    assert not np.array_equal(x, make_data(name, samples=300, noise=0.2, seed=4)[0])
    assert np.abs(x).max() <= 7.5
    if is_classification(name):
        assert set(np.unique(y)) == {0.0, 1.0} and 0.3 < y.mean() < 0.7
    else:
        assert -1 <= y.min() < 0 < y.max() <= 1


def test_the_shapes_are_the_playgrounds():
    x, y = make_data("circle", samples=400)
    inside = np.hypot(x[:, 0], x[:, 1]) < 2.5
    assert np.array_equal(inside, y == 1)  # no noise: label 1 exactly inside radius 2.5
    x, y = make_data("xor")
    assert np.array_equal(y == 1, x[:, 0] * x[:, 1] >= 0)
    x, y = make_data("plane")
    assert np.allclose(y, np.clip((x[:, 0] + x[:, 1]) / 12, -1, 1), atol=1e-6)
    assert set(CLASSIFICATION) | set(REGRESSION) == set(DATASETS)


def test_noise_flips_some_labels_and_bad_arguments_are_explained():
    x, y = make_data("xor", noise=0.5, seed=1)
    assert 0 < np.mean((y == 1) != (x[:, 0] * x[:, 1] >= 0)) < 0.5
    with pytest.raises(ValueError, match="dataset='moons' cannot be used; dataset must be one of 'circle'"):
        make_data("moons")
    with pytest.raises(ValueError, match="noise=20 cannot be used; noise must be a finite number from 0 "):
        make_data("circle", noise=20)


def test_split_keeps_every_point_once():
    x, y = make_data("gauss", samples=100)
    x_train, y_train, x_test, y_test = split(x, y, train_fraction=0.7, seed=2)
    assert len(x_train) == 70 and len(x_test) == 30
    together = np.concatenate([x_train, x_test])
    assert sorted(map(tuple, together.tolist())) == sorted(map(tuple, x.tolist()))


def test_features_are_the_columns_they_name():
    x = np.array([[1.0, 2.0], [-0.5, 3.0]], dtype="float32")
    columns = transform(x, ["x1*x2", "x1", "sin(x2)"])  # any order in, the Playground's order out
    assert np.allclose(columns, [[1, 2, np.sin(2)], [-0.5, -1.5, np.sin(3)]])
    assert len(FEATURES) == 7
    with pytest.raises(ValueError, match="unknown feature"):
        transform(x, ["x3"])
    with pytest.raises(ValueError, match="at least one input feature"):
        transform(x, [])


def test_settings_check_every_control_with_clear_messages():
    with pytest.raises(ValueError, match="hidden must be a list of at most 6 layer widths"):
        Settings(hidden=(2,) * 7)
    with pytest.raises(ValueError, match=f"from 1 to {MAX_NEURONS}"):
        Settings(hidden=(9,))
    with pytest.raises(ValueError, match="activation must be one of 'tanh'"):
        Settings(activation="swish")
    with pytest.raises(ValueError, match="did you mean 'learning_rate'"):
        Settings().changed(learnig_rate=0.1)
    with pytest.raises(ValueError, match="cannot lock or hide 'noize'"):
        Settings(locked=("noize",))


@settings(max_examples=40, deadline=None)
@given(dataset=st.sampled_from(DATASETS), noise=st.floats(0, 0.5),
       hidden=st.lists(st.integers(1, 8), max_size=6),
       features=st.sets(st.sampled_from(list(FEATURES)), min_size=1), lr=st.floats(1e-4, 1.0),
       locked=st.sets(st.sampled_from(["dataset", "noise", "hidden", "features"])))
def test_state_and_share_strings_round_trip(dataset, noise, hidden, features, lr, locked):
    chosen = Settings(dataset=dataset, noise=noise, hidden=tuple(hidden), features=tuple(features),
                      learning_rate=lr, locked=tuple(sorted(locked)))
    assert Settings.from_dict(chosen.to_dict()) == chosen
    assert Settings.from_share(chosen.share()) == chosen


def test_share_strings_are_short_and_damage_is_reported():
    assert Settings().share() == "kt1.e30" and Settings.from_share("kt1.e30") == Settings()
    lesson = Settings(dataset="xor", hidden=(), features=("x1", "x2", "x1*x2"), locked=("dataset",))
    assert len(lesson.share()) < 100
    with pytest.raises(ValueError, match="not a playground share string"):
        Settings.from_share("circle")
    with pytest.raises(ValueError, match="damaged"):
        Settings.from_share(lesson.share()[:-6])
    assert set(SHORT) == {f.name for f in fields(Settings)} and len(set(SHORT.values())) == len(SHORT)


@pytest.mark.parametrize("dataset", ["circle", "xor"])
def test_the_default_network_learns_circle_and_xor(dataset):
    import keras

    from kerastutor.play.network import build_model

    chosen = Settings(dataset=dataset)
    x, y = make_data(dataset, chosen.samples, chosen.noise, chosen.seed)
    x_train, y_train, x_test, y_test = split(x, y, chosen.train_fraction, chosen.seed)
    keras.utils.set_random_seed(0)  # fit's shuffling
    model = build_model(chosen)
    assert [layer.units for layer in model.layers] == [4, 2, 1]
    features = transform(x_train, chosen.features)
    model.fit(features, y_train, batch_size=chosen.batch_size, epochs=40, verbose=0)
    predicted = np.asarray(model(transform(x_test, chosen.features))).ravel() > 0.5
    assert np.mean(predicted == y_test) > 0.95


def test_the_network_follows_the_settings():
    from kerastutor.play.network import build_model

    chosen = Settings(dataset="plane", hidden=(3,), activation="relu", features=("x1", "x1^2", "x2"),
                      regularization="l2", regularization_rate=0.01, optimizer="sgd", learning_rate=0.1)
    model = build_model(chosen)
    assert model.inputs[0].shape[1:] == (3,) and [layer.units for layer in model.layers] == [3, 1]
    hidden, output = model.layers
    assert hidden.get_config()["activation"] == "relu" and output.get_config()["activation"] == "linear"
    assert hidden.kernel_regularizer.get_config() == {"l2": 0.01}
    assert type(model.optimizer).__name__ == "SGD" and model.loss == "mean_squared_error"
    assert np.isclose(float(model.optimizer.learning_rate), 0.1)
    same, other = build_model(chosen), build_model(chosen.changed(seed=1))  # seeded, global state untouched
    assert np.array_equal(same.layers[0].get_weights()[0], hidden.get_weights()[0])
    assert not np.array_equal(other.layers[0].get_weights()[0], hidden.get_weights()[0])


def test_feature_code_computes_the_same_columns():
    x = make_data("spiral", samples=50, noise=0.3, seed=5)[0]
    for name, code in FEATURE_CODE.items():
        assert np.allclose(eval(code, {"np": np, "x": x}), transform(x, [name])[:, 0], atol=1e-5), name


def test_the_exported_code_runs_and_trains_like_the_playground():
    import ast

    import keras

    from kerastutor.play.export import to_code
    from kerastutor.play.network import build_model

    chosen = Settings(dataset="circle", noise=0.1, features=("x1", "x2", "x1^2"), hidden=(3,),
                      regularization="l2", regularization_rate=0.001)
    code = to_code(chosen, epochs=20)
    ast.parse(code)  # valid Python, and every line fits a notebook cell
    assert max(len(line) for line in code.splitlines()) <= 110
    namespace: dict = {}
    exec(code, namespace)
    exported = namespace["model"]
    assert [layer.get_config()["activation"] for layer in exported.layers] == ["tanh", "sigmoid"]
    assert exported.layers[0].kernel_regularizer.get_config() == {"l2": 0.001}

    keras.utils.set_random_seed(chosen.seed)
    ours = build_model(chosen)
    first = keras.models.clone_model(exported)  # same architecture and seeded initializers: same start
    assert np.array_equal(first.layers[0].get_weights()[0], ours.layers[0].get_weights()[0])
    x, y = make_data("circle", chosen.samples, chosen.noise, chosen.seed)
    x_train, y_train, x_test, y_test = split(x, y, chosen.train_fraction, chosen.seed)
    ours.fit(transform(x_train, chosen.features), y_train, batch_size=chosen.batch_size, epochs=20, verbose=0)
    _, our_accuracy = ours.evaluate(transform(x_test, chosen.features), y_test, verbose=0)
    assert namespace["test_accuracy"] > 0.85 and abs(namespace["test_accuracy"] - our_accuracy) < 0.05


def test_a_session_trains_records_and_maps_its_output():
    from kerastutor.play.session import Session

    session = Session(Settings(dataset="gauss", noise=0.1))
    before = session.metrics()
    assert before["epoch"] == 0 and set(before) == {"epoch", "train_loss", "test_loss", "train_accuracy",
                                                    "test_accuracy"}
    seen = []
    after = session.step(epochs=5, on_epoch=lambda s: seen.append(s.epoch))
    assert seen == [1, 2, 3, 4, 5] and session.history["epoch"] == [1, 2, 3, 4, 5]
    assert after["train_loss"] < before["train_loss"] and after["test_accuracy"] > 0.9
    predicted = np.asarray(session.model(transform(session.x_test, session.settings.features))).ravel()
    assert np.isclose(after["test_accuracy"], np.mean((predicted > 0.5) == session.y_test))
    boundary = session.boundary(resolution=20)
    assert boundary.shape == (20, 20) and boundary[-1, 0] < 0.5 < boundary[0, -1]  # (-6,-6) low, (6,6) high
    session.reset()
    assert session.epoch == 0 and session.metrics()["train_loss"] == pytest.approx(before["train_loss"])


def test_a_diverging_run_stops_and_says_why():
    from kerastutor.play.session import Diverged, Session

    session = Session(Settings(dataset="plane", optimizer="sgd", learning_rate=10.0, hidden=(8, 8)))
    with pytest.raises(Diverged, match="learning rate 10.0 is probably too high: lower it, then reset"):
        session.step(epochs=30)
    assert session.epoch < 30
    with pytest.raises(Diverged):
        session.step()
    session.reset()
    assert session.diverged is None and session.metrics()["epoch"] == 0
    assert set(session.metrics()) == {"epoch", "train_loss", "test_loss"}


def test_neuron_maps_are_each_columns_output_over_the_square():
    from kerastutor.play.session import Session

    session = Session(Settings(hidden=(3,), features=("x1", "x2", "x1*x2")))
    maps = session.neuron_maps(resolution=8)
    assert [(name, values.shape) for name, values in maps] == [
        ("x1, x2, x1*x2", (3, 8, 8)), ("hidden1", (3, 8, 8)), ("output", (1, 8, 8))]
    inputs = maps[0][1]
    assert inputs[0, 0, 0] == -6 and inputs[0, 0, -1] == 6  # x1 grows left to right
    assert inputs[1, 0, 0] == 6 and inputs[1, -1, 0] == -6  # x2 grows bottom to top
    assert np.allclose(maps[-1][1][0], session.boundary(resolution=8), atol=1e-6)
    assert [kernel.shape for kernel in session.kernels()] == [(3, 3), (3, 1)]


def test_the_same_settings_train_the_same_way_whatever_the_global_seed():
    import keras

    from kerastutor.play.session import Session

    chosen = Settings(dataset="spiral", hidden=(5, 3), noise=0.1)
    keras.utils.set_random_seed(1)
    in_one_go = Session(chosen)
    in_one_go.step(5)
    keras.utils.set_random_seed(2)
    numpy_state = np.random.get_state()[1].copy()
    in_two_steps = Session(chosen)
    in_two_steps.step(3)
    in_two_steps.step(2)
    assert in_two_steps.history == in_one_go.history
    assert np.array_equal(np.random.get_state()[1], numpy_state)  # the learner's random state is untouched
    in_two_steps.reset()
    in_two_steps.step(5)
    assert in_two_steps.history == in_one_go.history
    other_seed = Session(chosen.changed(seed=1))
    other_seed.step(5)
    assert other_seed.history["train_loss"] != in_one_go.history["train_loss"]


def test_apply_changes_the_learning_rate_and_batch_size_live_and_rebuilds_for_the_rest():
    from kerastutor._arguments import BadArgument
    from kerastutor.play.session import Session

    session = Session(Settings(dataset="xor", samples=100, hidden=(3,)))
    session.step(2)
    model = session.model
    live = session.settings.changed(learning_rate=0.003, batch_size=5, locked=["noise"])
    assert session.apply(live) is False
    assert session.model is model and session.epoch == 2 and session.settings.batch_size == 5
    assert float(model.optimizer.learning_rate) == pytest.approx(0.003)
    assert session.apply(session.settings.changed(activation="relu")) is True
    assert session.model is not model and session.epoch == 0 and session.settings.activation == "relu"
    before = session.settings
    with pytest.raises(BadArgument, match="settings=.* must be a Settings value"):
        session.apply(before.to_dict())
    assert session.settings is before


def test_apply_after_divergence_always_builds_a_new_network():
    from kerastutor.play.player import Player
    from kerastutor.play.session import Diverged, Session

    session = Session(Settings(dataset="plane", optimizer="sgd", learning_rate=10.0, hidden=(8, 8)))
    with pytest.raises(Diverged):
        session.step(30)
    assert not Player(session).play(lambda: None, lambda: None, lambda message: None)  # reset first
    assert session.apply(session.settings.changed(learning_rate=0.03)) is True
    assert session.diverged is None and session.epoch == 0


def test_apply_keeps_your_own_data_for_when_it_is_chosen_again():
    from kerastutor._arguments import BadArgument
    from kerastutor.play.session import Session

    x = np.random.default_rng(0).uniform(-1, 1, (60, 2))
    y = (x[:, 0] > 0).astype("float32")
    session = Session(Settings(), data=(x, y))
    assert session.settings.dataset == "own" and len(session.x_train) + len(session.x_test) == 60
    session.apply(session.settings.changed(dataset="circle"))
    assert len(session.x_train) + len(session.x_test) == 400 and session.extent == (-6, 6, -6, 6)
    session.apply(session.settings.changed(dataset="own"))
    assert len(session.x_train) + len(session.x_test) == 60 and session.extent[1] < 2
    generated = Session(Settings(dataset="xor"))
    before = (generated.settings, generated.x_train)
    with pytest.raises(BadArgument, match="pass it again"):
        generated.apply(generated.settings.changed(dataset="own"))
    assert (generated.settings, generated.x_train) == before  # nothing changed


def test_a_player_steps_plays_in_the_background_and_pauses():
    import threading

    from kerastutor._arguments import BadArgument
    from kerastutor.play.player import Player
    from kerastutor.play.session import Session

    player = Player(Session(Settings(dataset="xor", samples=100, batch_size=10)))
    batches = []
    player.step(2, lambda: batches.append(threading.current_thread()))
    assert player.session.epoch == 2 and len(batches) == 2 * 5
    assert set(batches) == {threading.current_thread()}  # step trains on the caller's thread
    with pytest.raises(BadArgument, match="epochs=True"):
        player.step(True)
    ended, stopped = threading.Event(), []
    assert player.play(lambda: None, ended.set, stopped.append) and player.playing
    assert not player.play(lambda: None, ended.set, stopped.append)  # playing already
    while player.session.epoch < 4:
        threading.Event().wait(0.02)
    player.pause()
    assert not player.playing and ended.is_set() and stopped == [None]
    epoch = player.session.epoch
    threading.Event().wait(0.2)
    assert player.session.epoch == epoch
    player.play(lambda: None, lambda: None, stopped.append)
    player.apply(player.session.settings.changed(hidden=(2,)))  # a change pauses first
    assert not player.playing and player.session.epoch == 0


def test_only_one_player_plays_and_play_stops_itself(monkeypatch):
    import threading

    from kerastutor.play import player as module
    from kerastutor.play.player import TIME_UP, Player
    from kerastutor.play.session import Session

    first = Player(Session(Settings(samples=100)))
    first.play(lambda: None, lambda: None, lambda message: None)
    second = Player(Session(Settings(samples=100)))  # a new player (a cell run again) pauses the others
    assert not first.playing
    monkeypatch.setattr(module, "MAX_PLAY_SECONDS", 0)
    done = threading.Event()
    said = []
    second.play(lambda: None, lambda: None, lambda message: (said.append(message), done.set()))
    assert done.wait(30) and said == [TIME_UP] and "5 minutes" in TIME_UP
    monkeypatch.setattr(module, "MAX_PLAY_SECONDS", 300)
    done.clear()

    def broken():
        raise OSError("disk full")

    second.play(lambda: None, broken, lambda message: (said.append(message), done.set()))
    threading.Event().wait(0.1)
    second.pause()
    assert done.wait(30) and said[-1] == "training stopped: OSError: disk full"
