"""kt.compare: training runs overlaid, best epochs marked, a table of final and best values."""

from __future__ import annotations

import base64

import ipywidgets
import numpy as np
import pytest

import kerastutor as kt
from kerastutor._arguments import BadArgument
from kerastutor.comparison.runs import higher_is_better

PNG = b"\x89PNG\r\n\x1a\n"


def fitted(model, data, epochs: int, learning_rate: float):
    """A LivePlot that watched ``model`` train with SGD at ``learning_rate``."""
    import keras

    model.compile(keras.optimizers.SGD(learning_rate), "binary_crossentropy", metrics=["accuracy"])
    live = kt.LivePlot()
    x, y = data
    model.fit(x, y, validation_split=0.25, epochs=epochs, verbose=0, callbacks=[live])
    return live


@pytest.fixture
def two_runs(model, data, display_as):
    """Two LivePlots of two fits (a fast and a slow learning rate), in text display mode."""
    import keras

    display_as("text")
    fast = fitted(model, data, 4, 0.5)
    slow = fitted(keras.models.clone_model(model), data, 3, 0.01)
    return fast, slow


def history(losses, val_losses=None, accuracy=None):
    """A keras-style History.history dict."""
    columns = {"loss": list(losses)}
    if val_losses is not None:
        columns["val_loss"] = list(val_losses)
    if accuracy is not None:
        columns["accuracy"] = list(accuracy)
    return columns


def test_each_runs_best_epoch_matches_its_own_liveplot(two_runs):
    fast, slow = two_runs
    compared = kt.compare(fast=fast, slow=slow)
    own = {"fast": fast._record.best_epoch().epoch, "slow": slow._record.best_epoch().epoch}
    assert compared.best_epochs == own
    assert [run.epochs for run in compared.runs] == [4, 3]


def test_liveplots_histories_and_keras_histories_are_read_alike(two_runs, model, data):
    fast, _ = two_runs
    from_history = kt.compare(a=fast.history).table
    assert kt.compare(a=fast).table == from_history
    fit = model.fit(*data, epochs=2, verbose=0)
    assert kt.compare(fit).runs[0].name == "run 1" and kt.compare(fit).runs[0].epochs == 2


def test_table_gives_final_and_best_with_the_right_direction():
    compared = kt.compare(h=history([0.9, 0.5, 0.7], [1.0, 0.4, 0.6], accuracy=[0.5, 0.9, 0.8]))
    rows = {row["series"]: row for row in compared.table}
    assert rows["loss"] == {"run": "h", "series": "loss", "final": 0.7, "best": 0.5, "best_epoch": 2}
    assert rows["accuracy"]["best"] == 0.9 and rows["accuracy"]["final"] == 0.8  # higher is better
    assert compared.best_epochs == {"h": 2}  # lowest val_loss
    assert higher_is_better("val_auc") and not higher_is_better("mae") and not higher_is_better("val_loss")


def test_positional_runs_are_named_by_order_before_named_ones():
    compared = kt.compare(history([1, 2]), history([3, 1]), last=history([2, 2]))
    assert [run.name for run in compared.runs] == ["run 1", "run 2", "last"]
    assert compared.best_epochs == {"run 1": 1, "run 2": 2, "last": 1}


@pytest.mark.parametrize(("runs", "named", "message"), [
    ((), {}, "no run given"),
    (("adam",), {}, r"run 1='adam' cannot be compared"),
    ((), {"a": {"loss": [1.0, 2.0], "val_loss": [1.0]}}, "different lengths"),
    ((), {"a": {"loss": []}}, "no epoch recorded yet"),
    ((), {"a": {"loss": "0.5"}}, "not a list of per-epoch values"),
])
def test_bad_runs_are_refused_with_one_message(runs, named, message):
    with pytest.raises(BadArgument, match=message):
        kt.compare(*runs, **named)


def test_text_mode_prints_the_table(display_as, capsys):
    display_as("text")
    kt.compare(a=history([1.0, 0.5]), b=history([0.8, 0.9])).show()
    out = capsys.readouterr().out
    assert out.startswith("runs compared: a, b")
    rows = {line.split()[0]: line.split() for line in out.splitlines()[2:]}
    assert rows["run"] == ["run", "best", "epoch", "loss"]
    assert rows["a"] == ["a", "2", "of", "2", "0.5", "(0.5", "@2)"]
    assert rows["b"] == ["b", "1", "of", "2", "0.9", "(0.8", "@1)"]


def test_static_mode_shows_the_figure_and_the_table(display_as, shown, capsys):
    display_as("static")
    kt.compare(a=history([1.0, 0.5], [1.1, 0.7])).show()
    assert shown[0]["text/plain"] == "runs compared: a (loss)"
    assert base64.b64decode(shown[0]["image/png"]).startswith(PNG)
    assert "a    2 of 2      0.5 (0.5 @2)  0.7 (0.7 @2)" in capsys.readouterr().out


def test_snapshot_and_save(tmp_path):
    compared = kt.compare(a=history([1.0, 0.5]), b=history([0.8, 0.9]))
    assert compared.snapshot().startswith(PNG)
    for suffix, magic in ((".png", PNG), (".svg", b"<svg"), (".pdf", b"%PDF")):
        assert magic in compared.save(tmp_path / f"runs{suffix}").read_bytes()[:400]
    with pytest.raises(BadArgument, match=r"RunsCompared.save: path=.* ending in \.png, \.svg, \.pdf"):
        compared.save(tmp_path / "runs.txt")


def test_figure_has_a_panel_per_metric_and_a_curve_per_run_and_series():
    compared = kt.compare(a=history([1.0, 0.5], [1.1, 0.7], [0.5, 0.6]),
                          b=history([0.8, 0.9], [0.9, 0.9], [0.4, 0.5]))
    figure = compared.figure()
    assert [ax.get_title() for ax in figure.axes] == ["loss", "accuracy"]
    solid = [line for line in figure.axes[0].lines if line.get_linestyle() == "-"]
    dashed = [line for line in figure.axes[0].lines if line.get_linestyle() == "--"]
    assert len(solid) == 2 and len(dashed) == 2
    assert {line.get_color() for line in solid} == {line.get_color() for line in dashed}  # one colour a run
    stars = [line for line in figure.axes[0].lines if line.get_marker() == "*"]
    assert sorted(float(np.asarray(s.get_xdata())[0]) for s in stars) == [1.0, 2.0]  # b's best 1, a's best 2


def test_widget_controls_change_what_is_shown():
    compared = kt.compare(a=history([1.0, 0.5], accuracy=[0.5, 0.6]),
                          b=history([0.8, 0.9], accuracy=[0.4, 0.5]))
    widget = compared.widget
    assert isinstance(widget, ipywidgets.VBox)
    before = compared.image.value
    compared._boxes["b"].value = False
    assert compared.shown == ["a"] and compared.image.value != before
    rows = [line.split()[0] for line in compared.table_view.value.removesuffix("</pre>").splitlines()[2:]]
    assert rows == ["a"]
    compared.metric_control.value = "accuracy"
    assert [ax.get_title() for ax in compared.figure().axes] == ["accuracy"]
    compared.select(runs=["a", "b"], metric="every metric")
    assert compared._boxes["b"].value and compared.metric_control.value == "every metric"
    with pytest.raises(BadArgument, match="metric='mae' cannot be used"):
        compared.select(metric="mae")
