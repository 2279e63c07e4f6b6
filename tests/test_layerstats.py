"""LayerStats records which layer is not learning, and never changes the training it watches."""

from __future__ import annotations

import csv
import math

import keras
import numpy as np
import pytest

import kerastutor as kt
from kerastutor._arguments import BadArgument
from kerastutor.layerstats import callback as layerstats_callback
from kerastutor.layerstats.record import BINS, LayerRecord, activation_statistics, histogram, histogram_edges


@pytest.fixture(autouse=True)
def text_mode(display_as):
    display_as("text")


def random_data(features: int = 8, count: int = 128, seed: int = 0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(count, features)).astype("float32")
    return x, (x[:, 0] > 0).astype("float32")


def fit(model, x, y, stats=None, epochs: int = 1, batch_size: int = 32):
    return model.fit(x, y, epochs=epochs, batch_size=batch_size, verbose=0,
                     callbacks=[stats] if stats is not None else [])


def column(stats, statistic: str, layer: str) -> list[float]:
    history = stats.history
    return [value for value, name in zip(history[statistic], history["layer"]) if name == layer]


# ---- the classic failures, made visible ---------------------------------------------------
def test_a_deep_sigmoid_stack_shows_vanishing_gradients():
    keras.utils.set_random_seed(0)
    x, y = random_data()
    stack = [keras.layers.Dense(16, activation="sigmoid") for _ in range(8)]
    model = keras.Sequential([keras.Input((8,)), *stack, keras.layers.Dense(1, activation="sigmoid")])
    model.compile(keras.optimizers.SGD(0.1), "binary_crossentropy")
    stats = kt.LayerStats(sample=(x[:64], y[:64]))
    fit(model, x, y, stats)
    first, last = stats.layers[0], stats.layers[-1]
    for record in range(2):  # before training and after the epoch
        share = column(stats, "gradient_norm", first)[record] / column(stats, "gradient_norm", last)[record]
        assert share < 1e-2
    assert any(p.startswith("vanishing gradients") for p in stats.problems())


def test_a_too_high_learning_rate_shows_update_ratios_above_a_tenth():
    keras.utils.set_random_seed(0)
    x, y = random_data()
    model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(16, activation="relu"),
                              keras.layers.Dense(1, activation="sigmoid")])
    model.compile(keras.optimizers.SGD(10.0), "binary_crossentropy")
    stats = kt.LayerStats(sample=(x[:64], y[:64]))
    fit(model, x, y, stats)
    assert math.isnan(column(stats, "update_ratio", stats.layers[0])[0])  # no earlier weights to compare
    assert all(column(stats, "update_ratio", layer)[1] > 1e-1 for layer in stats.layers)
    assert any(p.startswith("large updates") for p in stats.problems())


def test_a_sane_learning_rate_shows_small_update_ratios():
    keras.utils.set_random_seed(0)
    x, y = random_data()
    model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(16, activation="relu"),
                              keras.layers.Dense(1, activation="sigmoid")])
    model.compile(keras.optimizers.SGD(0.001), "binary_crossentropy")
    stats = kt.LayerStats(sample=(x[:64], y[:64]))
    fit(model, x, y, stats)
    assert all(column(stats, "update_ratio", layer)[1] < 1e-2 for layer in stats.layers)
    assert not stats.problems()


def test_dying_relus_show_as_dead_units():
    keras.utils.set_random_seed(0)
    x, y = random_data()
    model = keras.Sequential([
        keras.Input((8,)),
        keras.layers.Dense(16, activation="relu", name="dying",
                           bias_initializer=keras.initializers.Constant(-10.0)),
        keras.layers.Dense(16, activation="relu", name="alive"),
        keras.layers.Dense(1, activation="sigmoid", name="out")])
    model.compile(keras.optimizers.SGD(0.1), "binary_crossentropy")
    stats = kt.LayerStats(sample=(x[:64], y[:64]))
    fit(model, x, y, stats)
    assert column(stats, "dead_fraction", "dying")[-1] == 1.0
    assert column(stats, "gradient_norm", "dying")[-1] == 0.0  # dead units pass no gradient back
    assert column(stats, "dead_fraction", "out")[-1] == 0.0
    assert any("dead units" in p and "dying" in p for p in stats.problems())


def test_dead_units_are_counted_per_filter_over_every_position():
    output = np.ones((4, 3, 3, 2), "float32")
    output[..., 1] = 0.0
    output[0, 0, 0, 0] = 0.0  # one zero somewhere does not make a filter dead
    assert activation_statistics(output)["dead_fraction"] == 0.5


# ---- training unchanged ---------------------------------------------------------------------
def two_headed_model() -> keras.Model:
    keras.utils.set_random_seed(3)
    inputs = keras.Input((8,))
    hidden = keras.layers.Dense(16, activation="relu")(inputs)
    hidden = keras.layers.Dropout(0.5)(hidden)
    hidden = keras.layers.BatchNormalization()(hidden)
    model = keras.Model(inputs, {"a": keras.layers.Dense(1, activation="sigmoid", name="a")(hidden),
                                 "b": keras.layers.Dense(1, name="b")(hidden)})
    model.compile("adam", {"a": "binary_crossentropy", "b": "mse"}, metrics={"a": ["accuracy"]})
    return model


def test_training_is_identical_with_and_without_layerstats():
    x, y = random_data()
    targets = {"a": y, "b": x[:, 1]}
    runs = []
    for stats in (None, kt.LayerStats(sample=(x[:32], {"a": y[:32], "b": x[:32, 1]}), every_batches=2)):
        model = two_headed_model()
        history = fit(model, x, targets, stats, epochs=2)
        runs.append(([w.numpy() for w in model.weights], history.history))
        if stats is not None:
            assert np.isfinite(column(stats, "gradient_norm", "a")).all()
            assert np.isfinite(column(stats, "dead_fraction", "dense")).all()
    (plain_weights, plain_logs), (watched_weights, watched_logs) = runs
    assert all(np.array_equal(a, b) for a, b in zip(plain_weights, watched_weights))
    assert plain_logs == watched_logs  # the per-output losses the gradient pass computes are put back


# ---- records, history, CSV --------------------------------------------------------------------
def test_every_batches_adds_records_between_epochs(model, data):
    x, y = data
    stats = kt.LayerStats(sample=(x[:32], y[:32]), every_batches=3)
    fit(model, x, y, stats, epochs=2)  # 8 batches an epoch: records after batches 3 and 6, and at its end
    positions = stats.history["epoch"][::len(stats.layers)]
    assert positions == [0.0, 3 / 8, 6 / 8, 1.0, 1 + 3 / 8, 1 + 6 / 8, 2.0]
    assert stats.history["step"][::len(stats.layers)] == [0, 3, 6, 8, 11, 14, 16]


def test_only_every_batches_adds_a_batch_hook_so_fit_stays_asynchronous_by_default():
    default = keras.callbacks.Callback.on_train_batch_end
    assert kt.LayerStats().on_train_batch_end.__func__ is default
    assert kt.LayerStats(every_batches=2).on_train_batch_end.__func__ is not default


def test_history_and_csv_have_one_row_per_layer_per_record(model, data, tmp_path):
    x, y = data
    stats = kt.LayerStats(sample=(x[:32], y[:32]))
    fit(model, x, y, stats, epochs=2)
    history = stats.history
    assert stats.layers == ["dense", "dense_1"] or len(stats.layers) == 2
    assert len(history["layer"]) == 2 * 3 and history["record"] == [0, 0, 1, 1, 2, 2]
    weights = [sum(w.size for w in layer.get_weights()) for layer in model.layers]
    assert [sum(counts) for counts in history["weight_histogram"][:2]] == weights
    written = stats.to_csv(tmp_path / "stats.csv")
    with written.open() as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 6 and rows[1]["layer"] == stats.layers[1]
    assert float(rows[5]["gradient_norm"]) == pytest.approx(history["gradient_norm"][5])
    assert sum(int(rows[0][f"bin_{i}"]) for i in range(BINS)) == weights[0]
    with pytest.raises(BadArgument, match="to_csv: path=.* ending in .csv"):
        stats.to_csv(tmp_path / "stats.txt")


def test_histogram_bins_are_fixed_at_the_first_record_and_overflow_piles_at_the_edges():
    edges = histogram_edges(np.array([-0.5, 0.25, 0.5]))
    assert edges[0] == -1.0 and edges[-1] == 1.0 and len(edges) == BINS + 1
    counts = histogram(np.array([-7.0, 0.0, 3.0, np.nan]), edges)
    assert counts[0] == 1 and counts[-1] == 1 and counts.sum() == 3
    record = LayerRecord()
    record.add(0, 0, {"dense": np.array([1.0, -1.0])})
    record.add(1, 5, {"dense": np.array([10.0, -1.0])})
    low, high = record.as_dict()["histogram_low"], record.as_dict()["histogram_high"]
    assert low == [-2.0, -2.0] and high == [2.0, 2.0]
    assert record.as_dict()["update_ratio"][1] == pytest.approx(9 / math.sqrt(2))


def test_a_second_fit_continues_and_another_model_starts_afresh(model, data, capsys):
    x, y = data
    stats = kt.LayerStats(sample=(x[:32], y[:32]))
    fit(model, x, y, stats)
    fit(model, x, y, stats)
    assert stats.history["epoch"][::2] == [0.0, 1.0, 2.0]  # fit's epochs count on (no second "before")
    other = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1, activation="sigmoid")])
    other.compile("sgd", "binary_crossentropy")
    capsys.readouterr()
    fit(other, x, y, stats)
    assert "another model object" in capsys.readouterr().out
    assert stats.history["record"] == [0, 1] and len(stats.layers) == 1


# ---- nested and subclassed models ----------------------------------------------------------
def test_nested_models_are_followed_and_named_as_activations_names_them(data):
    x, y = data
    keras.utils.set_random_seed(0)
    inner = keras.Sequential([keras.Input((8,)), keras.layers.Dense(4, activation="relu", name="d1"),
                              keras.layers.Dense(4, activation="relu", name="d2")], name="base")
    inputs = keras.Input((8,))
    outer = keras.Model(inputs, keras.layers.Dense(1, activation="sigmoid", name="head")(inner(inputs)))
    outer.compile("sgd", "binary_crossentropy")
    stats = kt.LayerStats(sample=(x[:32], y[:32]))
    fit(outer, x, y, stats)
    assert stats.layers == ["base/d1", "base/d2", "head"]
    assert np.isfinite(column(stats, "activation_std", "base/d1")).all()
    assert np.isfinite(column(stats, "gradient_norm", "base/d2")).all()


def test_a_subclassed_model_gets_weights_and_gradients_and_says_why_not_activations(subclassed_net, capsys):
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(64, 3)).astype("float32"), rng.normal(size=(64, 2)).astype("float32")
    subclassed_net.compile("sgd", "mse")
    stats = kt.LayerStats(sample=(x[:16], y[:16]))
    fit(subclassed_net, x, y, stats)
    assert "subclassed model" in capsys.readouterr().out
    assert np.isfinite(column(stats, "gradient_norm", "dense")).all()
    assert all(math.isnan(v) for v in column(stats, "dead_fraction", "dense"))


# ---- what is missing or wrong ----------------------------------------------------------------
def test_without_a_sample_only_weights_are_recorded_and_it_says_so_once(model, data, capsys):
    x, y = data
    stats = kt.LayerStats()
    fit(model, x, y, stats, epochs=2)
    said = capsys.readouterr().out
    assert said.count("no sample given") == 1 and "sample=(x_train[:64], y_train[:64])" in said
    assert stats.statistic == "update_ratio"  # the heatmap shows what was recorded
    assert all(math.isnan(v) for v in stats.history["gradient_norm"])
    assert np.isfinite(stats.history["weight_std"]).all()
    assert np.isfinite(stats.history["update_ratio"][2:]).all()


@pytest.mark.parametrize(("arguments", "message"), [
    ({"sample": np.zeros((4, 8))}, "sample=.* must be a pair \\(x, y\\)"),
    ({"every_batches": 0}, "every_batches=0 .* a whole number of at least 1"),
    ({"statistics": ["gradient"]}, "statistics='gradient' .* one of 'gradient_norm'"),
    ({"statistics": []}, "statistics=\\[\\] .* non-empty list"),
    ({"min_interval": 0}, "min_interval=0 .* above 0"),
    ({"budget_mb": float("nan")}, "budget_mb=nan"),
])
def test_bad_arguments_are_refused_when_made(arguments, message):
    with pytest.raises(BadArgument, match="(?s)^LayerStats: " + message):
        kt.LayerStats(**arguments)


@pytest.mark.parametrize(("sample", "message"), [
    ((np.zeros((4, 5)), np.zeros(4)), "expects samples of shape \\(8,\\)"),
    ((np.zeros((4, 8)), np.zeros(3)), "holds 4 input sample\\(s\\) but 3 target"),
    ((np.zeros(8), np.zeros(1)), "needs a batch of samples"),
])
def test_a_sample_that_does_not_fit_the_model_is_refused_before_any_training(model, data, sample, message):
    before = [w.numpy() for w in model.weights]
    with pytest.raises(BadArgument, match=message):
        fit(model, *data, kt.LayerStats(sample=sample))
    assert all(np.array_equal(a, w.numpy()) for a, w in zip(before, model.weights))


def test_its_own_failure_is_said_once_and_never_ends_the_fit(model, data, monkeypatch, capsys):
    def broken(*args):
        raise RuntimeError("no gradients today")

    monkeypatch.setattr(layerstats_callback, "gradient_norms", broken)
    x, y = data
    stats = kt.LayerStats(sample=(x[:32], y[:32]))
    history = fit(model, x, y, stats, epochs=3)
    said = [line for line in capsys.readouterr().out.splitlines() if "failed" in line]
    assert said == ["LayerStats: gradient norms failed (RuntimeError: no gradients today); training goes on "
                    "unchanged."]
    assert len(history.history["loss"]) == 3 and stats.history["record"][-1] == 3
    assert np.isfinite(stats.history["dead_fraction"]).all()
