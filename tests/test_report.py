from kerastutor.training.history import TrainingHistory
from kerastutor.training.report import estimate_remaining, format_duration, format_progress, format_table


def test_format_duration():
    assert format_duration(75.3) == "1:15"
    assert format_duration(3725) == "1:02:05"
    assert format_duration(None) == "?"


def test_estimate_remaining():
    assert estimate_remaining(10.0, 25, 100) == 30.0
    assert estimate_remaining(10.0, 25, None) is None
    assert estimate_remaining(0.0, 0, 100) is None


def test_progress_line_with_and_without_known_steps():
    line = format_progress(3, 20, 120, 282, 5.0, 28.0, {"loss": 0.31244, "learning_rate": 0.1})
    assert line == "Epoch 3/20 · step 120/282 · 0:05 elapsed · ETA 0:28 · loss 0.3124"
    assert "step 7 ·" in format_progress(1, 2, 7, None, 1.0, None, {}) + " ·"
    assert "ETA ?" in format_progress(1, 2, 7, None, 1.0, None, {})


def test_table_is_compact_and_keeps_the_best_epoch():
    history = TrainingHistory()
    for epoch in range(40):
        history.record_epoch({"loss": 1.0 / (epoch + 1), "val_loss": abs(epoch - 17) + 0.5})
    table = format_table(history, max_rows=8)
    lines = table.splitlines()
    assert lines[0].split() == ["epoch", "loss", "val_loss"]
    assert any(line.split()[0] == "18" and line.endswith("<- best") for line in lines)
    assert lines[-1] == "best epoch 18 by val_loss = 0.5"
    assert len(lines) < 20
    assert "no epoch" in format_table(TrainingHistory())
