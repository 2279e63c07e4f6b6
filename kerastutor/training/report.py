"""Text for training: the progress line, the ETA, and the terminal table. Pure."""

from __future__ import annotations

import math
from collections.abc import Mapping

from .history import LEARNING_RATE, VALIDATION_PREFIX, TrainingHistory, as_values, component_index, metric_of

VECTOR_SHOWN = 4  # values of a vector metric written in the progress line


def format_duration(seconds: float | None) -> str:
    """``75.3`` -> ``"1:15"``; ``3725`` -> ``"1:02:05"``; unknown -> ``"?"``."""
    if seconds is None or not math.isfinite(seconds):
        return "?"
    whole = int(round(max(seconds, 0.0)))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def format_value(value: float) -> str:
    """Four significant digits, scientific notation for very small or large values."""
    if not math.isfinite(value):
        return str(value)
    return f"{value:.4g}"


def format_logged(value: object) -> str:
    """A logged value for the progress line: ``0.3124``; a vector as ``[0.5, 0.25, 0.1, 0.9, …]``;
    text or other objects as ``""`` (left out)."""
    array = as_values(value)
    if array is None:
        return ""
    if array.ndim == 0:
        return format_value(float(array))
    values = [format_value(float(v)) for v in array.ravel()[:VECTOR_SHOWN]]
    return "[" + ", ".join(values + (["…"] if array.size > VECTOR_SHOWN else [])) + "]"


def estimate_remaining(elapsed: float, done_steps: float, total_steps: float | None) -> float | None:
    """Seconds left at the average pace so far; None when the total is unknown."""
    if total_steps is None or done_steps <= 0 or elapsed <= 0:
        return None
    return elapsed / done_steps * max(total_steps - done_steps, 0.0)


def format_progress(epoch: int, epochs: int, step: int, steps: int | None, elapsed: float,
                    remaining: float | None, logs: Mapping[str, float]) -> str:
    """``Epoch 3/20 · step 120/282 · 0:05 elapsed · ETA 0:28 · loss 0.3124``."""
    step_text = f"step {step}/{steps}" if steps else f"step {step}"
    shown = ((key, format_logged(value)) for key, value in logs.items() if key != LEARNING_RATE)
    metrics = " · ".join(f"{key} {text}" for key, text in shown if text)
    parts = [f"Epoch {epoch}/{epochs}", step_text, f"{format_duration(elapsed)} elapsed",
             f"ETA {format_duration(remaining)}"]
    return " · ".join(parts + ([metrics] if metrics else []))


def table_columns(columns: dict[str, list[float]]) -> dict[str, list[float]]:
    """The epoch columns with each vector metric's values (``f1_score[0]``...) replaced by one
    column of their mean, ``f1_score mean`` (a table of every class would not fit a terminal)."""
    table: dict[str, list[float]] = {}
    vectors: dict[str, list[list[float]]] = {}
    for key, values in columns.items():
        if component_index(key) is None:
            table[key] = values
        else:
            side = VALIDATION_PREFIX if key.startswith(VALIDATION_PREFIX) else ""
            vectors.setdefault(f"{side}{metric_of(key)} mean", []).append(values)
    for key, parts in vectors.items():
        rows = zip(*parts)
        table[key] = [_mean(row) for row in rows]
    return table


def _mean(values: tuple[float, ...]) -> float:
    finite = [v for v in values if math.isfinite(v)]
    return sum(finite) / len(finite) if finite else math.nan


def _table_keys(metric: str, keys: list[str]) -> list[str]:
    """The table columns of one panel: ``loss``, ``val_loss``, or ``f1_score mean``..."""
    wanted = (metric, VALIDATION_PREFIX + metric, f"{metric} mean", f"{VALIDATION_PREFIX}{metric} mean")
    return [key for key in wanted if key in keys]


def format_table(history: TrainingHistory, max_rows: int = 12) -> str:
    """A compact table of the epochs (first, last, best and evenly spaced ones); a vector metric
    is shown by the mean of its values."""
    columns = history.epochs()
    count = history.epoch_count
    if count == 0:
        return "LivePlot: no epoch has completed yet."
    columns = table_columns(columns)
    keys = [key for key in columns if key != "epoch" and key != LEARNING_RATE]
    keys = [key for panel in history.panels() for key in _table_keys(panel.metric, keys)]
    keys += [LEARNING_RATE] if LEARNING_RATE in columns else []
    best = history.best_epoch()
    if count <= max_rows:
        shown = list(range(count))
    else:
        shown = sorted({round(i * (count - 1) / (max_rows - 2)) for i in range(max_rows - 1)}
                       | ({best.epoch - 1} if best else set()))
    header = ["epoch", *keys]
    rows = [[str(i + 1), *(format_value(columns[key][i]) for key in keys)] for i in shown]
    widths = [max(len(h), *(len(r[c]) for r in rows)) for c, h in enumerate(header)]
    lines = ["  ".join(h.rjust(w) for h, w in zip(header, widths))]
    previous = -1
    for index, row in zip(shown, rows):
        if index > previous + 1:
            lines.append("  ".join("...".rjust(w) for w in widths[:1]))
        marker = "  <- best" if best and index + 1 == best.epoch else ""
        lines.append("  ".join(cell.rjust(w) for cell, w in zip(row, widths)) + marker)
        previous = index
    if best:
        lines.append(f"best epoch {best.epoch} by {best.monitor} = {format_value(best.value)}")
    return "\n".join(lines)
