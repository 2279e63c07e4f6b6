import base64
import io
import subprocess
import sys
import textwrap

import keras
import matplotlib.image
import numpy as np
import pytest
import tensorflow as tf

from kerastutor import LivePlot

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(png: bytes) -> tuple[int, int]:
    height, width = matplotlib.image.imread(io.BytesIO(png), format="png").shape[:2]
    return width, height


# ---- construction ---------------------------------------------------------------
def test_a_misspelt_metric_is_named_after_the_first_epoch_with_a_suggestion(model, data, display_as,
                                                                          capsys):
    display_as("text")
    x, y = data
    model.fit(x, y, epochs=2, verbose=0, callbacks=[LivePlot(metrics=["accuarcy", "loss"])])
    out = capsys.readouterr().out
    assert out.count("LivePlot: this fit logs no 'accuarcy', so it has no panel.") == 1
    assert "It logs: accuracy, loss. Did you mean 'accuracy'?" in out


def test_metric_objects_functions_and_validation_names_are_accepted():
    def my_metric(y_true, y_pred):
        return y_pred

    auc = keras.metrics.AUC()  # "auc", or "auc_1" when another test made one before
    plot = LivePlot(metrics=[auc, my_metric, "val_loss", "loss", "mae"])
    assert plot.metrics == [auc.name, "my_metric", "loss", "mae"]


# ---- recording across fits ----------------------------------------------------------
def test_history_records_every_epoch_and_continues_across_fits(model, data, display_as):
    display_as("text")
    x, y = data
    plot = LivePlot()
    model.fit(x, y, epochs=3, validation_split=0.25, verbose=0, callbacks=[plot])
    model.fit(x, y, epochs=2, validation_split=0.25, verbose=0, callbacks=[plot])
    epochs = plot.history["epoch"]
    assert epochs["epoch"] == [1.0, 2.0, 3.0, 4.0, 5.0]
    assert set(epochs) >= {"loss", "val_loss", "accuracy", "val_accuracy", "learning_rate"}
    assert epochs["loss"][-1] < epochs["loss"][0]
    assert plot.history["batch"]["epoch_progress"] == []  # per-batch is off by default


def test_reset_starts_fresh_at_each_fit(model, data, display_as):
    display_as("text")
    x, y = data
    plot = LivePlot(reset=True)
    model.fit(x, y, epochs=3, verbose=0, callbacks=[plot])
    model.fit(x, y, epochs=2, verbose=0, callbacks=[plot])
    assert plot.history["epoch"]["epoch"] == [1.0, 2.0]


def test_per_batch_records_every_batch_on_a_fractional_epoch_axis(model, data, display_as):
    display_as("text")
    x, y = data
    plot = LivePlot(per_batch=True)
    model.fit(x, y, epochs=2, batch_size=64, verbose=0, callbacks=[plot])
    batches = plot.history["batch"]
    assert len(batches["loss"]) == 8
    assert batches["epoch_progress"] == [0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 1.75, 2.0]


# ---- the three display modes -----------------------------------------------------------
def test_text_mode_prints_a_table_once_at_the_end(model, data, display_as, capsys):
    display_as("text")
    x, y = data
    model.fit(x, y, epochs=4, validation_split=0.25, verbose=0, callbacks=[LivePlot()])
    out = capsys.readouterr().out
    assert out.count("learning_rate") == 1  # one table, one header
    assert out.splitlines()[0].split() == ["epoch", "loss", "val_loss", "accuracy", "val_accuracy",
                                           "learning_rate"]
    assert "best epoch" in out


def test_static_mode_shows_one_png_with_one_panel_per_metric(model, data, display_as, shown):
    display_as("static")
    x, y = data
    plot = LivePlot()
    model.fit(x, y, epochs=3, validation_split=0.25, verbose=0, callbacks=[plot])
    assert len(shown) == 1
    bundle = shown[0]
    assert bundle["text/plain"] == "LivePlot: training curves (loss, accuracy)"
    png = base64.b64decode(bundle["image/png"])
    assert png.startswith(PNG_SIGNATURE)
    two_panels = png_size(png)
    plot_loss_only = LivePlot(metrics=["loss"])
    model.fit(x, y, epochs=1, verbose=0, callbacks=[plot_loss_only])
    one_panel = png_size(base64.b64decode(shown[1]["image/png"]))
    assert two_panels[0] > 1.8 * one_panel[0] and two_panels[1] == one_panel[1]
    assert plot.figure().axes[0].get_title().startswith("loss  (best epoch")


def test_learning_rate_panel_appears_when_the_rate_changes(model, data, display_as, shown):
    display_as("static")
    x, y = data
    plot = LivePlot()
    halve = keras.callbacks.LearningRateScheduler(lambda epoch, rate: rate * 0.5 if epoch else rate)
    model.fit(x, y, epochs=3, verbose=0, callbacks=[halve, plot])
    assert plot.history["epoch"]["learning_rate"] == pytest.approx([0.1, 0.05, 0.025])
    titles = [ax.get_title() for ax in plot.figure().axes]
    assert titles[-1] == "learning rate" and len(titles) == 3


def test_widget_mode_updates_one_view_in_place(model, data, display_as, shown):
    display_as("widget")
    x, y = data
    plot = LivePlot(per_batch=True)
    model.fit(x, y, epochs=3, batch_size=8, validation_split=0.25, verbose=0, callbacks=[plot])
    view = plot._view
    assert bytes(view.image.value).startswith(PNG_SIGNATURE)
    assert view.progress.value == pytest.approx(1.0)
    assert view.progress.bar_style == "success"
    assert view.status.value.startswith("Epoch 3/3 · step 24/24")
    # shown once, then updated once at the end with the final PNG for non-widget renderers
    assert len(shown) == 2
    assert "application/vnd.jupyter.widget-view+json" in shown[0] and "image/png" not in shown[0]
    assert base64.b64decode(shown[1]["image/png"]) == bytes(view.image.value)


def test_redraws_are_throttled_never_once_per_batch(model, data, display_as, shown, monkeypatch):
    display_as("widget")
    x, y = data
    plot = LivePlot(per_batch=True, min_interval=0.5)
    renders = []
    original = plot._render
    monkeypatch.setattr(plot, "_render", lambda: renders.append(1) or original())
    model.fit(x, y, epochs=3, batch_size=4, verbose=0, callbacks=[plot])  # 192 batches
    assert len(plot.history["batch"]["loss"]) == 192
    assert 1 <= len(renders) <= 8


# ---- trouble --------------------------------------------------------------------------
def test_nan_loss_stops_training_with_a_clear_message(model, data, display_as, capsys):
    display_as("text")
    x, y = data
    y = y.copy()
    y[5] = np.nan
    plot = LivePlot()
    model.fit(x, y, epochs=5, batch_size=32, shuffle=False, verbose=0, callbacks=[plot])
    assert plot.nan_message.startswith("LivePlot: the loss became nan at epoch 1, batch 1;")
    assert "training stopped" in capsys.readouterr().out
    assert plot.history["epoch"]["epoch"] == [1.0]


def test_nan_validation_loss_stops_at_the_end_of_the_epoch(model, data, display_as):
    display_as("text")
    x, y = data
    y_val = y[:64].copy()
    y_val[0] = np.nan
    plot = LivePlot()
    model.fit(x, y, epochs=4, validation_data=(x[:64], y_val), verbose=0, callbacks=[plot])
    assert plot.nan_message.startswith("LivePlot: the val loss became nan at the end of epoch 1;")
    assert len(plot.history["epoch"]["loss"]) == 1


def test_nan_loss_can_be_reported_without_stopping(model, data, display_as):
    display_as("text")
    x, y = data
    y = y.copy()
    y[5] = np.nan
    plot = LivePlot(stop_on_nan=False)
    model.fit(x, y, epochs=3, verbose=0, callbacks=[plot])
    assert "training goes on" in plot.nan_message
    assert len(plot.history["epoch"]["loss"]) == 3


class InterruptAfter(keras.callbacks.Callback):
    def __init__(self, epochs):
        super().__init__()
        self.epochs = epochs

    def on_epoch_end(self, epoch, logs=None):
        if epoch + 1 == self.epochs:
            raise KeyboardInterrupt


def test_keyboard_interrupt_leaves_history_and_plot_as_they_were(model, data, display_as, shown):
    display_as("widget")
    x, y = data
    plot = LivePlot()
    with pytest.raises(KeyboardInterrupt):
        model.fit(x, y, epochs=10, verbose=0, callbacks=[plot, InterruptAfter(2)])
    assert plot.history["epoch"]["epoch"] == [1.0, 2.0]
    assert bytes(plot._view.image.value).startswith(PNG_SIGNATURE)
    model.fit(x, y, epochs=1, verbose=0, callbacks=[plot])
    assert plot.history["epoch"]["epoch"] == [1.0, 2.0, 3.0]


# ---- inputs without a known length -------------------------------------------------------
def test_tf_data_of_unknown_length(model, data, display_as, shown):
    display_as("widget")
    x, y = data
    dataset = tf.data.Dataset.from_tensor_slices((x, y)).filter(lambda a, b: True).batch(32)
    plot = LivePlot()
    model.fit(dataset, epochs=2, verbose=0, callbacks=[plot])
    assert len(plot.history["epoch"]["loss"]) == 2
    # the first epoch taught LivePlot the length, so epoch 2 shows it
    assert plot._view.status.value.startswith("Epoch 2/2 · step 8/8 ·")


class Batches(keras.utils.PyDataset):
    def __init__(self, x, y):
        super().__init__()
        self.x, self.y = x, y

    def __len__(self):
        return len(self.x) // 64

    def __getitem__(self, index):
        part = slice(index * 64, (index + 1) * 64)
        return self.x[part], self.y[part]


def test_py_dataset_generator_and_steps_per_epoch(model, data, display_as):
    display_as("text")
    x, y = data
    plot = LivePlot(per_batch=True)
    model.fit(Batches(x, y), epochs=2, verbose=0, callbacks=[plot])

    def endless():
        while True:
            yield x[:32], y[:32]

    model.fit(endless(), steps_per_epoch=3, epochs=2, verbose=0, callbacks=[plot])
    assert len(plot.history["epoch"]["loss"]) == 4
    assert len(plot.history["batch"]["loss"]) == 4 + 4 + 3 + 3


# ---- keeping the curves ----------------------------------------------------------------
def test_save_and_csv(model, data, display_as, tmp_path):
    display_as("text")
    x, y = data
    plot = LivePlot()
    model.fit(x, y, epochs=2, validation_split=0.25, verbose=0, callbacks=[plot])
    assert plot.save(tmp_path / "curves.png").read_bytes().startswith(PNG_SIGNATURE)
    assert b"<svg" in plot.save(tmp_path / "curves.svg").read_bytes()
    with pytest.raises(ValueError, match="path must be a file name ending in .png, .svg, .pdf"):
        plot.save(tmp_path / "curves.txt")
    lines = plot.to_csv(tmp_path / "curves.csv").read_text().splitlines()
    assert lines[0].startswith("epoch,") and len(lines) == 3


def test_works_under_mirrored_strategy():
    script = textwrap.dedent("""
        import os
        os.environ["KERASTUTOR_DISPLAY"] = "text"
        import kerastutor as kt
        import numpy as np, tensorflow as tf, keras
        cpu = tf.config.list_physical_devices("CPU")[0]
        tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()] * 2)
        strategy = tf.distribute.MirroredStrategy(["/cpu:0", "/cpu:1"])
        with strategy.scope():
            model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
            model.compile("sgd", "mse")
        plot = kt.LivePlot()
        x = np.ones((64, 4), "float32"); y = np.ones((64, 1), "float32")
        model.fit(x, y, epochs=2, batch_size=16, verbose=0, callbacks=[plot])
        print("replicas", strategy.num_replicas_in_sync, "epochs", len(plot.history["epoch"]["loss"]))
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "replicas 2 epochs 2" in result.stdout


# ---- cost while training (issue 20) ------------------------------------------------------
def test_the_progress_line_updates_at_least_five_times_a_second_when_batches_are_fast():
    from kerastutor._throttle import Throttle
    from kerastutor.training.callback import PROGRESS_INTERVAL

    now = [0.0]
    for batch_seconds in (0.001, 0.002, 0.01, 0.03):
        now[0] = 0.0
        throttle = Throttle(PROGRESS_INTERVAL, clock=lambda: now[0])
        updates = 0
        while now[0] < 10.0:  # ten seconds of batches, the progress hook after each
            now[0] += batch_seconds
            if throttle.ready():
                updates += 1
                throttle.done()
        assert updates / 10.0 >= 5.0, (batch_seconds, updates)


def test_the_last_epoch_is_drawn_once_by_the_final_render_not_twice(model, data, display_as, shown,
                                                                        monkeypatch):
    display_as("widget")
    x, y = data
    plot = LivePlot()
    renders = []
    original = plot._render
    monkeypatch.setattr(plot, "_render",
                        lambda: renders.append(plot.history["epoch"]["epoch"][-1]) or original())
    model.fit(x, y, epochs=1, batch_size=8, verbose=0, callbacks=[plot])
    assert renders == [1]  # a one-epoch fit: only the final image, which shows that epoch
    assert bytes(plot._view.image.value).startswith(PNG_SIGNATURE)


def test_a_loss_that_keras_hands_over_as_a_float_or_an_array_is_checked_alike(model):
    plot = LivePlot(stop_on_nan=False)
    plot.set_model(model)
    plot._check_finite({"loss": 0.5, "accuracy": float("nan")}, "here")  # only losses are checked
    assert plot.nan_message is None
    plot._check_finite({"loss": np.float32("inf")}, "batch 3")
    assert "the loss became inf at batch 3" in plot.nan_message
    plot = LivePlot(stop_on_nan=False)
    plot.set_model(model)
    plot._check_finite({"val_loss": float("nan")}, "epoch 2")
    assert "the val loss became nan at epoch 2" in plot.nan_message
