"""Several training runs side by side: their histories, best epochs and a table of final and best values.

Pure computation: plain Python and numpy. A run is read into LivePlot's own ``TrainingHistory``, so its
panels and best epoch are exactly the ones its LivePlot shows.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .._arguments import BadArgument, shorten
from ..training.history import LEARNING_RATE, VALIDATION_PREFIX, BestEpoch, TrainingHistory, group_panels
from ..training.report import format_value, table_columns

OWNER = "compare"
MAX_RUNS = 20  # more curves than this in one panel cannot be told apart
NAME_LIMIT = 40
RUN_ALLOWED = ("a LivePlot, a keras History (what fit returns), LivePlot.history, or a dict of per-epoch "
               "lists such as History.history ({'loss': [...], 'val_loss': [...]})")
# a metric whose name holds one of these is better when higher; any other (loss, mae, mse...) when lower
HIGHER_IS_BETTER = ("acc", "auc", "precision", "recall", "f1", "fbeta", "iou", "r2", "cosine_similarity")


@dataclass(frozen=True)
class Run:
    """One run: its name, its per-epoch values (vector metrics as their mean) and its best epoch."""

    name: str
    columns: dict[str, list[float]]
    best: BestEpoch | None

    @property
    def epochs(self) -> int:
        """Number of epochs recorded."""
        return len(self.columns.get("epoch", []))


@dataclass(frozen=True)
class Summary:
    """One row of the table: a run's final and best value of one series, and the epoch of the best."""

    run: str
    series: str
    final: float
    best: float
    best_epoch: int


def higher_is_better(series: str) -> bool:
    """Whether a larger value of ``series`` is better (``val_accuracy``: yes; ``loss``, ``mae``: no)."""
    name = series[len(VALIDATION_PREFIX):] if series.startswith(VALIDATION_PREFIX) else series
    return "loss" not in name and "error" not in name and any(word in name for word in HIGHER_IS_BETTER)


def _epoch_rows(owner: str, name: str, value: object) -> list[dict[str, object]]:
    """A run given in any accepted form, as one dict of logged values per epoch."""
    if hasattr(value, "history") and not isinstance(value, Mapping):  # a LivePlot or a keras History
        value = value.history
    if not isinstance(value, Mapping):
        raise BadArgument(f"{owner}: {name}={shorten(value)} cannot be compared; give {RUN_ALLOWED}.")
    if isinstance(value.get("epoch"), Mapping):  # LivePlot.history: {"epoch": {...}, "batch": {...}}
        value = {key: column for key, column in value["epoch"].items() if key != "epoch"}
    columns = {}
    for key, column in value.items():
        if not isinstance(key, str) or isinstance(column, (str, bytes)) or not isinstance(column, Sequence) \
                and not isinstance(column, np.ndarray):
            raise BadArgument(f"{owner}: {name} holds {shorten(key)}: {shorten(column)}, not a list of "
                              f"per-epoch values; give {RUN_ALLOWED}.")
        columns[key] = list(column)
    lengths = {len(column) for column in columns.values()}
    if not columns or lengths == {0}:
        raise BadArgument(f"{owner}: {name} has no epoch recorded yet; train it first (model.fit(...)).")
    if len(lengths) > 1:
        raise BadArgument(f"{owner}: the lists in {name} have different lengths ({sorted(lengths)}); "
                          "give one value per epoch for every metric.")
    count = lengths.pop()
    return [{key: column[i] for key, column in columns.items()} for i in range(count)]


def read_run(name: str, value: object, owner: str = OWNER) -> Run:
    """One run (any form ``RUN_ALLOWED`` names) as a ``Run``, read through LivePlot's ``TrainingHistory``."""
    history = TrainingHistory()
    for row in _epoch_rows(owner, name, value):
        history.record_epoch(row)
    return Run(name, table_columns(history.epochs()), history.best_epoch())


def read_runs(positional: Sequence[object], named: Mapping[str, object], owner: str = OWNER) -> list[Run]:
    """Positional runs named ``run 1``, ``run 2``... in order, then the named ones; all checked first."""
    given = [(f"run {i + 1}", value) for i, value in enumerate(positional)] + list(named.items())
    if not given:
        raise BadArgument(f"{owner}: no run given; name each one: {owner}(adam=live_a, sgd=live_b) "
                          f"(each {RUN_ALLOWED}).")
    if len(given) > MAX_RUNS:
        raise BadArgument(f"{owner}: {len(given)} runs are too many to tell apart in one figure; "
                          f"compare at most {MAX_RUNS}.")
    for name, _ in given:
        if len(name) > NAME_LIMIT:
            raise BadArgument(f"{owner}: the run name {shorten(name)} is longer than {NAME_LIMIT} "
                              "characters; choose a short one (it labels curves and the table).")
    return [read_run(name, value, owner) for name, value in given]


def metrics(runs: Sequence[Run]) -> list[str]:
    """The metrics any run logged, ``loss`` first (one panel each, as LivePlot groups them)."""
    keys = [key for run in runs for key in run.columns if key not in ("epoch", LEARNING_RATE)]
    return [panel.metric for panel in group_panels(keys)]


def series_of(run: Run, metric: str) -> list[str]:
    """The series of ``metric`` that ``run`` logged: training first, then validation."""
    return [key for key in (metric, VALIDATION_PREFIX + metric) if key in run.columns]


def summarize(runs: Sequence[Run]) -> list[Summary]:
    """Each run's final and best value of each series it logged (best: highest for accuracy-like
    metrics, lowest otherwise; NaNs skipped)."""
    rows = []
    for run in runs:
        for metric in metrics([run]):
            for key in series_of(run, metric):
                values = np.asarray(run.columns[key], dtype=float)
                finite = np.where(np.isfinite(values), values, np.nan)
                if not np.isfinite(finite).any():
                    rows.append(Summary(run.name, key, float(values[-1]), math.nan, 0))
                    continue
                index = int(np.nanargmax(finite) if higher_is_better(key) else np.nanargmin(finite))
                rows.append(Summary(run.name, key, float(values[-1]), float(values[index]), index + 1))
    return rows


def format_summary(runs: Sequence[Run], only: Sequence[str] | None = None) -> str:
    """The table as text: a row per run (those in ``only``, all by default) with its best epoch, then for
    each series its final value and, in brackets, its best value and the epoch of it."""
    shown = [run for run in runs if only is None or run.name in only]
    rows = summarize(shown)
    series = list(dict.fromkeys(row.series for row in rows))
    cells = {(row.run, row.series): f"{format_value(row.final)} ({format_value(row.best)} @{row.best_epoch})"
             if row.best_epoch else format_value(row.final) for row in rows}
    header = ["run", "best epoch", *series]
    table = [[run.name, f"{run.best.epoch} of {run.epochs}" if run.best else "-",
              *(cells.get((run.name, key), "-") for key in series)] for run in shown]
    widths = [max(len(h), *(len(r[c]) for r in table)) if table else len(h) for c, h in enumerate(header)]
    lines = ["final value of each series (best value @ its epoch); best epoch: lowest val_loss, else loss, "
             "as LivePlot marks it",
             "  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip()]
    lines.extend("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in table)
    return "\n".join(lines)
