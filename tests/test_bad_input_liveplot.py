"""``LivePlot`` under careless and hostile input: a clear error naming the argument before any
training, or a documented graceful behaviour; never the end of the fit it watches."""

from __future__ import annotations

import math
import os

import keras
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kerastutor import LivePlot
from kerastutor._arguments import BadArgument
from kerastutor.training import figure as figure_module
from kerastutor.training.report import format_progress, format_table

PNG = b"\x89PNG"


# ---- the constructor: every argument checked, named, before any training ----------------------
class NotAMetric:
    """An object with neither a name nor a call."""


@pytest.mark.parametrize("kwargs, fragments", [
    ({"metrics": 5}, ("metrics=5 cannot be used", "metrics must be a metric name")),
    ({"metrics": 2.5}, ("metrics=2.5 cannot be used", "a list of them")),
    ({"metrics": b"loss"}, ("metrics=b'loss'", "metrics must be a metric name")),
    ({"metrics": {"loss": 1}}, ("metrics={'loss': 1}", "metrics must be")),
    ({"metrics": {"loss"}}, ("metrics={'loss'}", "metrics must be")),
    ({"metrics": []}, ("metrics=[] cannot be used", "None: every metric fit logs")),
    ({"metrics": ()}, ("metrics=() cannot be used",)),
    ({"metrics": [42]}, ("metrics=[42] cannot be used", "keras.metrics object")),
    ({"metrics": [None]}, ("metrics=[None] cannot be used",)),
    ({"metrics": [NotAMetric()]}, ("metrics=[<", "metrics must be a metric name")),
    ({"metrics": [keras.metrics.AUC]}, ("metrics=[<class", "keras.metrics object")),
    ({"metrics": [""]}, ("metrics='' cannot be used", "non-empty string")),
    ({"metrics": ["   "]}, ("metrics='   ' cannot be used", "non-empty string")),
    ({"metrics": ["x" * 100_000]}, ("(100,000 characters)", "at most 200 characters")),
    ({"per_batch": "yes"}, ("per_batch='yes' cannot be used", "True or False")),
    ({"per_batch": 1}, ("per_batch=1 cannot be used", "True or False")),
    ({"per_batch": None}, ("per_batch=None cannot be used",)),
    ({"min_interval": math.nan}, ("min_interval=nan cannot be used", "finite number above 0")),
    ({"min_interval": math.inf}, ("min_interval=inf cannot be used",)),
    ({"min_interval": 0}, ("min_interval=0 cannot be used", "a finite number above 0", "3600")),
    ({"min_interval": -1}, ("min_interval=-1 cannot be used",)),
    ({"min_interval": "1"}, ("min_interval='1' cannot be used",)),
    ({"min_interval": True}, ("min_interval=True cannot be used",)),
    ({"min_interval": 1e6}, ("min_interval=1000000.0 cannot be used", "up to 3600")),
    ({"smoothing": 1}, ("smoothing=1 cannot be used", "not including, 1")),
    ({"smoothing": math.nan}, ("smoothing=nan cannot be used",)),
    ({"smoothing": -0.1}, ("smoothing=-0.1 cannot be used",)),
    ({"smoothing": "0.5"}, ("smoothing='0.5' cannot be used",)),
    ({"stop_on_nan": None}, ("stop_on_nan=None cannot be used", "True or False")),
    ({"stop_on_nan": "False"}, ("stop_on_nan='False' cannot be used",)),
    ({"reset": "no"}, ("reset='no' cannot be used", "True or False")),
    ({"reset": 0}, ("reset=0 cannot be used",)),
])
def test_a_bad_argument_is_refused_naming_it(kwargs, fragments):
    with pytest.raises(BadArgument) as caught:
        LivePlot(**kwargs)
    message = str(caught.value)
    assert message.startswith("LivePlot: ")
    for fragment in fragments:
        assert fragment in message
    assert len(message) < 600  # a 100,000-character name is shortened


@pytest.mark.parametrize("metrics, names", [
    (["out1_loss"], ["out1_loss"]),
    (["val_out1_loss", "out1_loss"], ["out1_loss"]),
    ("out_2_sparse_categorical_accuracy", ["out_2_sparse_categorical_accuracy"]),
    (("f1_score", "val_f1_score"), ["f1_score"]),
    (["f1_score[3]"], ["f1_score"]),
    ([" loss "], ["loss"]),
    (["accuarcy"], ["accuarcy"]),  # named after the first epoch, with "Did you mean 'accuracy'?"
    (["my_own_metric", "loss"], ["my_own_metric", "loss"]),  # Mean(name="my_own_metric") logs it
])
def test_any_key_fit_can_log_is_accepted(metrics, names):
    assert LivePlot(metrics=metrics).metrics == names


@settings(max_examples=25, deadline=None)
@given(st.text(max_size=300))
def test_any_text_as_a_metric_name_is_accepted_or_refused_clearly(name):
    try:
        plot = LivePlot(metrics=[name])
    except BadArgument as error:
        assert str(error).startswith("LivePlot: metrics=")
    else:
        assert plot.metrics and all(isinstance(m, str) for m in plot.metrics)


# ---- files the learner asks to write ---------------------------------------------------------
@pytest.fixture
def trained(model, data, display_as):
    display_as("text")
    plot = LivePlot()
    x, y = data
    model.fit(x[:64], y[:64], epochs=2, verbose=0, callbacks=[plot])
    return plot


@pytest.mark.parametrize("method", ["save", "to_csv"])
@pytest.mark.parametrize("path, fragments", [
    ("", ("path='' cannot be used", "a file or folder path")),
    ("   ", ("path='   ' cannot be used",)),
    (None, ("path=None cannot be used",)),
    (5, ("path=5 cannot be used",)),
    (b"curves.png", ("path=b'curves.png' cannot be used",)),
    ("curves.txt", ("path='curves.txt' cannot be used", "a file name ending in")),
    ("curves", ("path='curves' cannot be used", "a file name ending in")),
])
def test_a_bad_path_is_refused_naming_it(trained, method, path, fragments, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(BadArgument) as caught:
        getattr(trained, method)(path)
    assert str(caught.value).startswith(f"LivePlot.{method}: ")
    for fragment in fragments:
        assert fragment in str(caught.value)
    assert list(tmp_path.iterdir()) == []  # nothing written


@pytest.mark.parametrize("method, suffix", [("save", ".png"), ("to_csv", ".csv")])
def test_a_folder_is_never_overwritten(trained, method, suffix, tmp_path):
    folder = tmp_path / f"curves{suffix}"
    folder.mkdir()
    (folder / "mine.txt").write_text("the learner's")
    for target in (tmp_path, folder):
        with pytest.raises(BadArgument, match="is a folder; name a file inside it"):
            getattr(trained, method)(target)
    assert (folder / "mine.txt").read_text() == "the learner's"


@pytest.mark.parametrize("method, name", [("save", "curves.png"), ("to_csv", "curves.csv")])
def test_a_missing_folder_is_named_with_how_to_create_it(trained, method, name, tmp_path):
    with pytest.raises(BadArgument, match=r"the folder .*missing' does not exist. Create it first"):
        getattr(trained, method)(tmp_path / "missing" / name)
    file = tmp_path / "file"
    file.write_text("x")
    with pytest.raises(BadArgument, match="does not exist"):
        getattr(trained, method)(file / name)
    assert file.read_text() == "x"


def test_save_to_csv_formats_and_per_batch_argument(trained, tmp_path):
    assert trained.save(tmp_path / "CURVES.PNG").read_bytes().startswith(PNG)
    assert trained.save(tmp_path / "curves.pdf").read_bytes().startswith(b"%PDF")
    (tmp_path / "curves.csv").write_text("old")
    assert trained.to_csv(tmp_path / "curves.csv").read_text().startswith("epoch,")  # replaced
    for bad in ("yes", 1, None):
        with pytest.raises(BadArgument, match=r"LivePlot.to_csv: per_batch=.* True or False"):
            trained.to_csv(tmp_path / "batches.csv", per_batch=bad)
    assert not (tmp_path / "batches.csv").exists()


def test_an_empty_record_writes_a_header_only(tmp_path):
    plot = LivePlot()
    assert plot.to_csv(tmp_path / "empty.csv").read_text().strip() == "epoch"
    assert plot.save(tmp_path / "empty.png").read_bytes().startswith(PNG)


# ---- vector metrics: never the end of fit, in every mode ---------------------------------------
def classifier(classes: int, **metric_kwargs):
    keras.utils.set_random_seed(0)
    net = keras.Sequential([keras.Input((8,)), keras.layers.Dense(classes, activation="softmax")])
    net.compile("adam", "categorical_crossentropy",
                metrics=[keras.metrics.F1Score(average=None, **metric_kwargs), "accuracy"])
    return net


def one_hot(data, classes):
    x, _ = data
    labels = np.arange(len(x)) % classes
    return x, keras.utils.to_categorical(labels, classes)


@pytest.mark.parametrize("mode", ["widget", "static", "text"])
def test_a_vector_metric_is_kept_per_value_in_every_mode(mode, data, display_as, shown, capsys, tmp_path):
    display_as(mode)
    x, y = one_hot(data, 3)
    plot = LivePlot(per_batch=True)
    classifier(3).fit(x, y, epochs=2, batch_size=64, validation_split=0.25, verbose=0, callbacks=[plot])
    epochs = plot.history["epoch"]
    assert epochs["epoch"] == [1.0, 2.0]  # the fit ran to its end
    assert {"f1_score[0]", "f1_score[2]", "val_f1_score[1]"} <= set(epochs)
    assert len(plot.history["batch"]["f1_score[1]"]) == 6
    out = capsys.readouterr().out
    assert out.count("LivePlot: f1_score logs 3 values") == 1
    assert "failed" not in out
    titles = [ax.get_title() for ax in plot.figure().axes]
    assert "f1_score per value (dashed: validation)" in titles
    header = plot.to_csv(tmp_path / "c.csv").read_text().splitlines()[0].split(",")
    assert "f1_score[2]" in header and "val_f1_score[0]" in header
    if mode == "widget":
        assert "f1_score [" in plot._view.status.value and plot._view.progress.bar_style == "success"


def test_many_values_are_all_kept_and_ten_are_drawn(data, display_as, capsys):
    display_as("text")
    x, y = one_hot(data, 12)
    plot = LivePlot()
    classifier(12).fit(x, y, epochs=1, verbose=0, callbacks=[plot])
    assert "f1_score[11]" in plot.history["epoch"]
    out = capsys.readouterr().out
    assert "its panel draws the first 10" in out and "f1_score mean" in out
    f1_axis = next(ax for ax in plot.figure().axes if ax.get_title().startswith("f1_score"))
    assert len(f1_axis.get_lines()) == 10 + 1  # ten values and the best-epoch mark


class Huge(keras.metrics.Metric):
    """A metric of 2,000 values (more than LivePlot keeps)."""

    def update_state(self, y_true, y_pred, sample_weight=None):
        pass

    def result(self):
        return keras.ops.zeros((2000,))


def test_a_huge_vector_is_left_out_with_one_note(model, data, display_as, capsys):
    display_as("text")
    model.compile("sgd", "binary_crossentropy", metrics=[Huge(name="huge")])
    x, y = data
    plot = LivePlot()
    model.fit(x, y, epochs=2, verbose=0, callbacks=[plot])
    assert len(plot.history["epoch"]["loss"]) == 2 and not any("huge" in k for k in plot.history["epoch"])
    assert capsys.readouterr().out.count("huge logs 2,000 values per step") == 1


@pytest.mark.parametrize("value, expected", [
    (np.array([0.5, 0.25]), "f1 [0.5, 0.25]"),
    (np.arange(6.0), "f1 [0, 1, 2, 3, …]"),
    (np.float32(0.125), "f1 0.125"),
    ("text", None),
    (None, None),
    ({"a": 1}, None),
])
def test_the_progress_line_writes_vectors_and_skips_what_is_not_a_number(value, expected):
    line = format_progress(1, 2, 3, 4, 1.0, 2.0, {"loss": 0.5, "f1": value})
    assert "loss 0.5" in line
    assert (expected in line) if expected else "f1" not in line


# ---- LivePlot's own failures never end the fit --------------------------------------------------
def broken(*args, **kwargs):
    raise RuntimeError("the figure broke")


@pytest.mark.parametrize("mode", ["widget", "static"])
def test_a_drawing_failure_is_said_once_and_fit_goes_on(mode, model, data, display_as, shown, capsys,
                                                        monkeypatch):
    display_as(mode)
    monkeypatch.setattr(figure_module.CurvesFigure, "draw", broken)
    x, y = data
    plot = LivePlot(per_batch=True, min_interval=0.001)
    model.fit(x, y, epochs=3, batch_size=32, verbose=0, callbacks=[plot])
    assert plot.history["epoch"]["epoch"] == [1.0, 2.0, 3.0]
    out = capsys.readouterr().out
    assert out.count("LivePlot: drawing failed (RuntimeError: the figure broke); training goes on") == 1


def test_a_broken_progress_view_does_not_stop_training(model, data, display_as, shown, capsys, monkeypatch):
    from kerastutor.training import view

    display_as("widget")
    monkeypatch.setattr(view.LivePlotView, "set_progress", broken)
    x, y = data
    plot = LivePlot()
    model.fit(x, y, epochs=2, verbose=0, callbacks=[plot])
    assert len(plot.history["epoch"]["loss"]) == 2
    assert capsys.readouterr().out.count("drawing failed") == 1


def test_a_broken_display_mode_variable_does_not_stop_training(model, data, display_as, capsys):
    display_as("bogus")
    x, y = data
    plot = LivePlot()
    model.fit(x, y, epochs=2, verbose=0, callbacks=[plot])
    assert len(plot.history["epoch"]["loss"]) == 2
    assert "KERASTUTOR_DISPLAY='bogus' is not a display mode" in capsys.readouterr().out


@pytest.mark.parametrize("key", ["$x^", "a$b$c{", "\\frac", "ünï😀", "k" * 500, "_hidden", ""])
def test_any_logged_key_is_drawn_as_written(key):
    from kerastutor.training.figure import CurvesFigure
    from kerastutor.training.history import TrainingHistory

    history = TrainingHistory()
    history.record_epoch({"loss": 1.0, key: 2.0})
    figure = CurvesFigure()
    figure.draw(history, history.panels())
    assert key in figure.panel_titles and figure.png().startswith(PNG)


@pytest.mark.filterwarnings("ignore:Glyph")
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(logs=st.dictionaries(st.text(max_size=12), st.one_of(
    st.floats(), st.integers(-10**30, 10**30), st.none(), st.text(max_size=5), st.booleans(),
    st.lists(st.floats(), max_size=4), st.lists(st.lists(st.floats(), max_size=2), max_size=2)),
    max_size=6))
def test_any_logs_never_raise_out_of_the_hooks(logs, model, shown, capsys):
    os.environ["KERASTUTOR_DISPLAY"] = "widget"
    try:
        plot = LivePlot(per_batch=True, stop_on_nan=False)
        plot.set_model(model)
        plot.set_params({"epochs": 1, "steps": 1, "verbose": 0})
        plot.on_train_begin()
        plot.on_epoch_begin(0)
        plot.on_train_batch_end(0, logs)
        plot.on_epoch_end(0, logs)
        plot.on_train_end()
    finally:
        del os.environ["KERASTUTOR_DISPLAY"]
    assert plot.history["epoch"]["epoch"] == [1.0]
    assert "Traceback" not in capsys.readouterr().out


# ---- multi-output keys and metrics that are never logged -------------------------------------------
def two_outputs():
    keras.utils.set_random_seed(0)
    inputs = keras.Input((8,))
    hidden = keras.layers.Dense(4)(inputs)
    net = keras.Model(inputs, [keras.layers.Dense(1, name="out1")(hidden),
                               keras.layers.Dense(1, name="out2")(hidden)])
    net.compile("sgd", ["mse", "mse"], metrics=[["mae"], ["mae"]])
    return net


def test_a_multi_output_key_gets_its_panel(data, display_as, capsys):
    display_as("text")
    x, y = data
    plot = LivePlot(metrics=["out1_loss", "out2_mae"])
    two_outputs().fit(x, [y, y], epochs=2, validation_split=0.25, verbose=0, callbacks=[plot])
    assert [ax.get_title() for ax in plot.figure().axes][1] == "out2_mae"
    assert plot.figure().axes[0].get_title().startswith("out1_loss")
    assert "logs no" not in capsys.readouterr().out


def test_a_metric_never_logged_is_named_once_with_what_is_logged(data, display_as, capsys):
    display_as("text")
    x, y = data
    plot = LivePlot(metrics=["out3_loss", "auc"])
    two_outputs().fit(x, [y, y], epochs=3, verbose=0, callbacks=[plot])
    out = capsys.readouterr().out
    assert out.count("LivePlot: this fit logs no 'out3_loss', 'auc', so they have no panel.") == 1
    assert "It logs: loss, out1_loss, out1_mae, out2_loss, out2_mae." in out
    assert "Did you mean 'out1_loss', 'out2_loss'?" in out
    assert len(plot.history["epoch"]["loss"]) == 3


# ---- one LivePlot reused for another model ----------------------------------------------------------
def test_another_model_starts_new_curves_and_keeps_the_earlier_run(model, data, display_as, capsys):
    display_as("text")
    x, y = data
    plot = LivePlot()
    model.fit(x, y, epochs=3, verbose=0, callbacks=[plot])
    model.fit(x, y, epochs=1, verbose=0, callbacks=[plot])  # the same model continues
    assert plot.history["epoch"]["epoch"] == [1.0, 2.0, 3.0, 4.0]
    other = keras.models.clone_model(model)  # same layers, same keys: still another model
    other.compile(keras.optimizers.SGD(10.0), "binary_crossentropy", metrics=["accuracy"])
    other.fit(x, y, epochs=2, verbose=0, callbacks=[plot])
    out = capsys.readouterr().out
    assert out.count("LivePlot: this fit trains another model object") == 1
    assert plot.history["epoch"]["epoch"] == [1.0, 2.0]
    assert [run["epoch"]["epoch"] for run in plot.earlier_runs] == [[1.0, 2.0, 3.0, 4.0]]
    best = format_table(plot._record).splitlines()[-1]  # the best epoch of this run only
    assert best.startswith("best epoch ") and int(best.split()[2]) in (1, 2)


def test_with_reset_another_model_needs_no_note(model, data, display_as, capsys):
    display_as("text")
    x, y = data
    plot = LivePlot(reset=True)
    model.fit(x, y, epochs=1, verbose=0, callbacks=[plot])
    other = keras.models.clone_model(model)
    other.compile("sgd", "binary_crossentropy")
    other.fit(x, y, epochs=1, verbose=0, callbacks=[plot])
    assert "another model" not in capsys.readouterr().out and plot.earlier_runs == []


def test_checking_names_creates_no_metric_that_would_rename_the_learners(monkeypatch):
    created = []
    original = keras.metrics.Metric.__init__
    monkeypatch.setattr(keras.metrics.Metric, "__init__",
                        lambda self, *a, **k: created.append(type(self).__name__) or original(self, *a, **k))
    LivePlot(metrics=["auc", "out1_auc", "precision", "f1_score", "accuarcy_typo_loss", "kld"])
    assert created == []  # a created AUC would make the learner's next AUC() log as auc_1


def test_a_name_the_learner_gave_their_own_metric_gets_its_panel(model, data, display_as, capsys):
    display_as("text")
    model.compile("sgd", "binary_crossentropy", metrics=[keras.metrics.MeanSquaredError(name="my_mse")])
    x, y = data
    plot = LivePlot(metrics=["my_mse"])
    model.fit(x, y, epochs=1, verbose=0, callbacks=[plot])
    assert [ax.get_title() for ax in plot.figure().axes] == ["my_mse  (best epoch 1: loss " +
                                                             f"{plot.history['epoch']['loss'][0]:.4g})"]
    assert "logs no" not in capsys.readouterr().out


def test_a_reloaded_model_that_resumes_the_run_continues_the_curves(model, data, display_as, capsys,
                                                                     tmp_path):
    display_as("text")
    x, y = data
    plot = LivePlot()
    model.fit(x, y, epochs=2, verbose=0, callbacks=[plot])
    model.save(tmp_path / "m.keras")
    resumed = keras.saving.load_model(tmp_path / "m.keras")
    resumed.fit(x, y, epochs=4, initial_epoch=2, verbose=0, callbacks=[plot])
    assert plot.history["epoch"]["epoch"] == [1.0, 2.0, 3.0, 4.0] and plot.earlier_runs == []
    assert "another model" not in capsys.readouterr().out
    keras.saving.load_model(tmp_path / "m.keras").fit(x, y, epochs=1, verbose=0, callbacks=[plot])
    assert plot.history["epoch"]["epoch"] == [1.0] and len(plot.earlier_runs) == 1  # starts afresh


@pytest.mark.parametrize("method, name", [("save", "curves.png"), ("to_csv", "curves.csv")])
def test_a_write_the_system_refuses_says_where_and_why(trained, method, name, tmp_path, monkeypatch):
    import errno

    from kerastutor import _instrument

    def refused(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(_instrument, "write_bytes_atomic", refused)
    with pytest.raises(OSError, match=rf"LivePlot.{method}: could not write '.*{name}': Permission denied. "
                                      "Choose a folder you can write to."):
        getattr(trained, method)(tmp_path / name)
