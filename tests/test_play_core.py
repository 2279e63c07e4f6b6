from dataclasses import fields

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kerastutor.play.data import (
    CLASSIFICATION,
    DATASETS,
    REGRESSION,
    class_count,
    is_classification,
    make_data,
    split,
)
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
        classes = class_count(name)
        counts = np.bincount(y.astype(int))
        assert set(np.unique(y)) == set(range(classes)) and counts.min() >= 0.6 * 300 / classes
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
    assert player.session.epoch == 2 and len(batches) == 2  # an epoch of 5 batches: one call into TensorFlow
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


def test_epoch_batches_shuffle_each_epoch_from_the_seed_and_keep_a_smaller_last_batch():
    import keras

    from kerastutor.play.batches import EpochBatches, steps_per_execution

    x = np.arange(23, dtype="float32").reshape(23, 1)
    batches = EpochBatches(x, np.arange(23, dtype="float32"), seed=4, batch_size=5)
    assert batches.batches_per_epoch == 5 and batches.steps_per_execution == 5
    keras.utils.set_random_seed(1)
    batches.start(2)
    served = [(bx[:, 0].astype(int).tolist(), by.astype(int).tolist())
              for bx, by in batches.dataset.take(10).as_numpy_iterator()]
    assert [len(bx) for bx, _ in served] == [5, 5, 5, 5, 3] * 2 and all(bx == by for bx, by in served)
    epochs = [sum((bx for bx, _ in served[i:i + 5]), []) for i in (0, 5)]
    keras.utils.set_random_seed(2)  # the order is the seed's, whatever the global state
    assert epochs == [batches.order(2).tolist(), batches.order(3).tolist()]
    assert sorted(epochs[0]) == list(range(23)) and epochs[0] != epochs[1]
    assert batches.order(3).tolist() != EpochBatches(x, x[:, 0], seed=5, batch_size=5).order(3).tolist()
    # whole epochs per call into TensorFlow, at most 25 batches: the largest divisor
    assert [steps_per_execution(n) for n in (20, 25, 60, 200, 199)] == [20, 25, 20, 25, 1]


def test_long_epochs_run_in_several_calls_and_on_batch_can_stop_inside_one():
    from kerastutor.play.session import Session

    session = Session(Settings(dataset="xor", samples=120, batch_size=1))  # 60 batches: 3 calls of 20
    calls = []
    session.step(2, on_epoch=lambda s: calls.append(("epoch", s.epoch)),
                 on_batch=lambda s: calls.append(("batch", s.epoch)))
    assert calls == [("batch", 0), ("batch", 0), ("epoch", 1), ("batch", 1), ("batch", 1), ("epoch", 2)]
    iterations = int(session.model.optimizer.iterations)
    session.step(5, on_batch=lambda s: True)  # stopped after the first call of epoch 3
    assert session.epoch == 2 and int(session.model.optimizer.iterations) == iterations + 20
    session.step(2)  # the rest of epoch 3, then epoch 4: as if it had not stopped
    assert session.epoch == 4 and int(session.model.optimizer.iterations) == iterations + 2 * 60
    uninterrupted = Session(session.settings)
    uninterrupted.step(4)
    assert uninterrupted.history == session.history


def test_a_live_batch_size_keeps_the_network_and_optimizer_and_trains_the_same_in_any_steps():
    from kerastutor.play.session import Session

    chosen = Settings(dataset="circle", samples=100)  # 50 training samples
    in_one_go, in_steps = Session(chosen), Session(chosen)
    in_one_go.step(2)
    model, optimizer = in_one_go.model, in_one_go.model.optimizer
    moments = [v.numpy().copy() for v in optimizer.variables]
    assert int(optimizer.iterations) == 2 * 5
    in_one_go.apply(chosen.changed(batch_size=7))  # 8 batches an epoch, the last of 1 sample
    assert in_one_go.model is model and in_one_go.model.optimizer is optimizer
    assert all(np.array_equal(v.numpy(), m) for v, m in zip(optimizer.variables, moments))
    in_one_go.step(3)
    assert int(optimizer.iterations) == 2 * 5 + 3 * 8 and in_one_go.epoch == 5
    in_steps.step(1)
    in_steps.step(1)
    in_steps.apply(chosen.changed(batch_size=7))
    in_steps.step(1)
    in_steps.step(2)
    assert in_steps.history == in_one_go.history


def test_seeded_dropout_trains_the_same_in_one_step_or_many(monkeypatch):
    import keras

    from kerastutor.play import session as module
    from kerastutor.play.network import build_model

    def with_dropout(settings, classification, steps_per_execution):
        plain = build_model(settings, classification, steps_per_execution)
        dense = plain.layers
        model = keras.Sequential([plain.inputs[0], dense[0], keras.layers.Dropout(0.3, seed=7), *dense[1:]])
        model.compile(optimizer=plain.optimizer, loss=plain.loss, steps_per_execution=steps_per_execution)
        return model

    monkeypatch.setattr(module, "build_model", with_dropout)
    chosen = Settings(dataset="xor", samples=100)
    keras.utils.set_random_seed(1)
    in_one_go = module.Session(chosen)
    in_one_go.step(4)
    keras.utils.set_random_seed(2)
    in_steps = module.Session(chosen)
    in_steps.step(1)
    in_steps.step(3)
    assert in_steps.history == in_one_go.history
    both = transform(np.concatenate([in_steps.x_train, in_steps.x_test]), chosen.features)
    assert np.array_equal(module._forward(in_steps.model, both), np.asarray(in_steps.model(both)))


def test_new_networks_stepped_one_epoch_at_a_time_print_no_retracing_warning(caplog):
    import logging
    import threading

    from kerastutor.play.retracing import RETRACING, quiet_retracing
    from kerastutor.play.session import Session

    session = Session(Settings(samples=40))
    with caplog.at_level(logging.WARNING, logger="tensorflow"):
        for width in range(1, 8):  # every change builds and traces a new network
            session.apply(session.settings.changed(hidden=(width,)))
            session.step(1)
    assert not [r for r in caplog.records if RETRACING in r.getMessage()]
    logger = logging.getLogger("tensorflow")
    with caplog.at_level(logging.WARNING, logger="tensorflow"):
        with quiet_retracing():
            logger.warning(f"here: 5 calls {RETRACING}")  # dropped: this thread trains
            other = threading.Thread(target=logger.warning, args=(f"there: 5 calls {RETRACING}",))
            other.start()
            other.join()
            logger.warning("here: something else")
        logger.warning(f"after: 5 calls {RETRACING}")
    assert [r.getMessage().split(":")[0] for r in caplog.records] == ["there", "here", "after"]
