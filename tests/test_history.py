import math

import numpy as np
import pytest

from kerastutor.training.history import Panel, TrainingHistory, group_panels, smooth


def test_panels_pair_each_metric_with_its_validation_twin_loss_first():
    keys = ["accuracy", "loss", "val_accuracy", "val_loss", "learning_rate"]
    assert group_panels(keys) == [Panel("loss", ("loss", "val_loss")),
                                  Panel("accuracy", ("accuracy", "val_accuracy"))]


def test_validation_only_metric_gets_its_own_panel():
    assert group_panels(["loss", "val_auc"]) == [Panel("loss", ("loss",)), Panel("auc", ("val_auc",))]


def test_only_restricts_and_orders_panels():
    keys = ["loss", "accuracy", "mae", "val_loss"]
    assert [p.metric for p in group_panels(keys, only=["mae", "loss"])] == ["mae", "loss"]


def test_smooth_is_identity_at_zero_and_bias_corrected():
    values = [1.0, 2.0, 3.0]
    assert np.allclose(smooth(values, 0.0), values)
    smoothed = smooth([5.0, 5.0, 5.0], 0.9)
    assert np.allclose(smoothed, 5.0)  # bias correction: no ramp from zero


def test_smooth_skips_nan_and_rejects_bad_weight():
    out = smooth([math.nan, 2.0, math.nan], 0.5)
    assert math.isnan(out[0]) and out[1] == 2.0 and out[2] == 2.0
    with pytest.raises(ValueError, match=r"\[0, 1\)"):
        smooth([1.0], 1.0)


def test_epoch_columns_align_when_a_key_appears_later():
    history = TrainingHistory()
    history.record_epoch({"loss": 1.0})
    history.record_epoch({"loss": 0.5, "val_loss": 0.7, "note": "text is ignored"})
    columns = history.epochs()
    assert columns["epoch"] == [1.0, 2.0]
    assert columns["loss"] == [1.0, 0.5]
    assert math.isnan(columns["val_loss"][0]) and columns["val_loss"][1] == 0.7
    assert "note" not in columns


def test_best_epoch_prefers_val_loss_then_loss_and_ignores_nan():
    history = TrainingHistory()
    for loss, val in [(1.0, 0.9), (0.5, 0.4), (0.3, 0.6)]:
        history.record_epoch({"loss": loss, "val_loss": val})
    best = history.best_epoch()
    assert (best.epoch, best.monitor, best.value) == (2, "val_loss", 0.4)
    only_train = TrainingHistory()
    for loss in [1.0, math.nan, 0.2, 0.4]:
        only_train.record_epoch({"loss": loss})
    assert only_train.best_epoch().epoch == 3
    assert TrainingHistory().best_epoch() is None


def test_batch_positions_use_announced_or_observed_epoch_length():
    history = TrainingHistory()
    for _ in range(4):
        history.record_batch({"loss": 1.0}, steps=4)
    history.record_epoch({"loss": 1.0})
    history.record_batch({"loss": 1.0})  # unknown length: previous epoch had 4 batches
    assert history.batches()["epoch_progress"] == [0.25, 0.5, 0.75, 1.0, 1.25]
    assert set(history.batches()) == {"epoch_progress", "loss"}


def test_learning_rate_changed_and_reset():
    history = TrainingHistory()
    history.record_epoch({"loss": 1.0, "learning_rate": 0.1})
    assert not history.learning_rate_changed()
    history.record_epoch({"loss": 1.0, "learning_rate": 0.05})
    assert history.learning_rate_changed()
    assert [p.metric for p in history.panels()] == ["loss"]
    history.reset()
    assert history.epoch_count == 0 and history.as_dict() == {"epoch": {"epoch": []},
                                                                "batch": {"epoch_progress": []}}
