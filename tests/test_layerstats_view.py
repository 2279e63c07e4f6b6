"""LayerStats shows itself like LivePlot: live in JupyterLab, a picture in other notebooks, a table in
terminals; the dropdowns change the picture; the instrument verbs work."""

from __future__ import annotations

import importlib.util
import io
import os
from pathlib import Path

import keras
import numpy as np
import pytest
from PIL import Image

import kerastutor as kt
from kerastutor._arguments import BadArgument
from kerastutor.layerstats import view as layerstats_view
from kerastutor.layerstats.figure import StatsFigure
from kerastutor.layerstats.record import LayerRecord

PNG = b"\x89PNG\r\n\x1a\n"
ROOT = Path(__file__).resolve().parent.parent


def three_layers() -> keras.Model:
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(8, activation="relu", name="first"),
                              keras.layers.Dense(8, activation="relu", name="second"),
                              keras.layers.Dense(1, activation="sigmoid", name="out")])
    model.compile(keras.optimizers.SGD(0.1), "binary_crossentropy")
    return model


def watch(data, epochs: int = 2, **options) -> kt.LayerStats:
    x, y = data
    stats = kt.LayerStats(sample=(x[:32], y[:32]), **options)
    three_layers().fit(x, y, epochs=epochs, verbose=0, callbacks=[stats])
    return stats


@pytest.fixture
def live(monkeypatch):
    """What the live view displays: [(bundle, display_id)], and the final updates of its output."""
    shown, updates = [], []

    class Handle:
        def update(self, bundle, raw=False):
            updates.append(bundle)

    def display(bundle, raw=False, display_id=None):
        shown.append((bundle, display_id))
        return Handle()

    monkeypatch.setattr(layerstats_view, "display", display)
    return shown, updates


def test_a_terminal_gets_the_table_once_at_the_end_of_fit(data, display_as, capsys):
    display_as("text")
    stats = watch(data)
    printed = capsys.readouterr().out
    assert printed.count("LayerStats: 3 records") == 1
    for layer in ("first", "second", "out"):
        assert f"\n{layer} " in printed
    stats.show()
    assert "grad norm" in capsys.readouterr().out


def test_a_notebook_without_widgets_gets_one_picture_at_the_end(data, display_as, shown):
    display_as("static")
    stats = watch(data)
    pictures = [item for item in shown if isinstance(item, dict) and "image/png" in item]
    assert len(pictures) == 1
    assert pictures[0]["text/plain"] == ("LayerStats: gradient norm of 3 layers over 3 records; the weights "
                                         "of first over time")
    stats.show()
    assert len([item for item in shown if isinstance(item, dict) and "image/png" in item]) == 2


def test_jupyterlab_gets_one_live_view_per_fit_finished_with_the_final_picture(data, display_as, live):
    display_as("widget")
    stats = watch(data, epochs=3)
    shown, updates = live
    assert len(shown) == 1 and shown[0][1] is True  # one output, kept to be updated in place
    assert len(updates) == 1 and updates[0]["image/png"]
    view = stats._view
    assert bytes(view.image.value).startswith(PNG)
    assert list(view.layer.options) == ["first", "second", "out"] and view.layer.value == "first"
    assert "record 4 (epoch 3)" in view.status.value
    assert stats.widget is view.box


def test_the_dropdowns_change_the_picture(data, display_as):
    display_as("text")
    stats = watch(data)
    view_box = stats.widget
    view = stats._view
    assert view_box is view.box and view.statistic.value == "gradient_norm"
    before = bytes(view.image.value)
    view.statistic.value = "weight_std"
    assert stats.statistic == "weight_std" and bytes(view.image.value) != before
    before = bytes(view.image.value)
    view.layer.value = "out"
    assert stats.layer == "out" and bytes(view.image.value) != before


def test_choose_moves_the_dropdowns_and_refuses_what_is_not_there(data, display_as):
    display_as("text")
    stats = watch(data)
    view = stats._view if stats._view is not None else (stats.widget and stats._view)
    stats.choose(statistic="update_ratio", layer="second")
    assert (view.statistic.value, view.layer.value) == ("update_ratio", "second")
    with pytest.raises(BadArgument, match="LayerStats: statistic='loss' .* one of 'gradient_norm'"):
        stats.choose(statistic="loss")
    with pytest.raises(BadArgument, match="LayerStats: layer='third' .* one of 'first', 'second', 'out'"):
        stats.choose(layer="third")
    narrow = watch(data, statistics=["dead_fraction", "weight_std"])
    assert narrow.statistic == "dead_fraction"
    with pytest.raises(BadArgument, match="statistic='gradient_norm'"):
        narrow.choose(statistic="gradient_norm")  # not recorded: no gradient pass ran
    assert all(np.isnan(narrow.history["gradient_norm"]))


def test_snapshot_and_save_draw_the_picture(data, display_as, tmp_path):
    display_as("text")
    stats = watch(data)
    picture = stats.snapshot()
    assert picture.startswith(PNG)
    figure = stats._figure()
    assert Image.open(io.BytesIO(picture)).size == tuple(round(side * figure.dpi)
                                                         for side in figure.get_size_inches())
    for suffix, magic in ((".png", PNG), (".svg", b"<svg"), (".pdf", b"%PDF")):
        assert magic in stats.save(tmp_path / f"stats{suffix}").read_bytes()[:400]
    with pytest.raises(BadArgument, match=r"LayerStats.save: path=.* ending in \.png, \.svg, \.pdf"):
        stats.save(tmp_path / "stats.bmp")


def test_the_heatmap_turns_logarithmic_when_values_span_orders_of_magnitude():
    record = LayerRecord()
    for step in range(3):
        record.add(step, step, {"early": np.full(4, 0.5 + step), "late": np.full(4, 1.0 + step)},
                   gradients={"early": 1e-6, "late": 1.0})
    picture = StatsFigure()
    picture.draw(record, "gradient_norm", "early")
    assert picture.scale == "log"
    picture.draw(record, "weight_std", "early")
    assert picture.scale == "linear"
    empty = picture.draw(LayerRecord(), "dead_fraction", None)
    assert [ax.get_title() for ax in empty.axes] == [
        "nothing recorded yet: pass it to fit (callbacks=[stats])", ""]


def test_a_drawing_failure_is_said_once_and_training_goes_on(data, display_as, live, monkeypatch, capsys):
    display_as("widget")

    def broken(*args):
        raise RuntimeError("no canvas")

    monkeypatch.setattr(StatsFigure, "draw", broken)
    stats = watch(data, epochs=3)
    said = [line for line in capsys.readouterr().out.splitlines() if "failed" in line]
    assert said == ["LayerStats: drawing failed (RuntimeError: no canvas); training goes on unchanged."]
    assert stats.history["record"][-1] == 3


def test_the_benchmark_runs_at_a_tiny_size(capsys, monkeypatch):
    for name in ("MPLBACKEND", "KERASTUTOR_DISPLAY"):  # the benchmark sets them: restored after the test
        monkeypatch.setenv(name, os.environ.get(name, ""))
        monkeypatch.delenv(name)
    path = ROOT / "benchmarks" / "layerstats_overhead.py"
    spec = importlib.util.spec_from_file_location("layerstats_overhead", path)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    monkeypatch.setattr(bench.view, "display", bench._no_browser_display)
    ratios = bench.main(rounds=1, mlp_size=64, cnn_size=64, epochs=(1, 1), only="MNIST CNN")
    assert set(ratios) == {f"MNIST CNN, {c}" for c in ("none", "LayerStats (script)", "LayerStats (widget)")}
    assert "target: LayerStats <= 1.15x" in capsys.readouterr().out
