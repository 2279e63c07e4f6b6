"""LayerStats in words: the terminal table and the classic failures named. Pure."""

from __future__ import annotations

import math

from .record import LayerRecord

VANISHING = 1e-2  # first layer's gradient norm below this share of the last layer's
EXPLODING = 1e2  # ... or above this multiple
LARGE_UPDATE = 1e-1  # an update ratio above this: the learning rate is likely too high
DEAD = 0.5  # a layer with at least this share of dead units
TABLE_COLUMNS = (("gradient_norm", "grad norm"), ("update_ratio", "update ratio"),
                 ("weight_std", "weight std"), ("activation_std", "act std"), ("dead_fraction", "dead"))


def _number(value: object) -> str:
    number = float(value)  # type: ignore[arg-type]
    return "-" if math.isnan(number) else f"{number:.3g}"


def _finite(value: object) -> bool:
    return math.isfinite(float(value))  # type: ignore[arg-type]


def diagnose(record: LayerRecord) -> list[str]:
    """The classic failures visible in the last record, one sentence each (none: nothing stands out)."""
    rows = record.latest()
    found = []
    broken = [row["layer"] for row in rows if not _finite(row["weight_std"])]
    if broken:
        found.append(f"weights of {', '.join(map(str, broken))} hold NaN or infinite values: training "
                     "diverged; lower the learning rate and train again from new weights.")
    graded = [row for row in rows if _finite(row["gradient_norm"])]
    if len(graded) > 1 and float(graded[-1]["gradient_norm"]) > 0:
        first, last = graded[0], graded[-1]
        share = float(first["gradient_norm"]) / float(last["gradient_norm"])
        if share < VANISHING:
            found.append(f"vanishing gradients: the gradient norm of {first['layer']} is {share:.1e} times "
                         f"that of {last['layer']}, so the first layers barely learn; try ReLU activations "
                         "with He initialisation, BatchNormalization, or fewer layers.")
        elif share > EXPLODING:
            found.append(f"exploding gradients: the gradient norm of {first['layer']} is {share:.1e} times "
                         f"that of {last['layer']}; lower the learning rate, clip gradients (clipnorm=1.0 in "
                         "the optimizer) or add BatchNormalization.")
    large = [row for row in rows
             if _finite(row["update_ratio"]) and float(row["update_ratio"]) > LARGE_UPDATE]
    if large:
        worst = max(large, key=lambda row: float(row["update_ratio"]))
        found.append(f"large updates: one record to the next changes the weights of {worst['layer']} by "
                     f"{float(worst['update_ratio']):.2g} of their size (above {LARGE_UPDATE:g}; about 1e-3 "
                     "per batch is usual): the learning rate is likely too high.")
    dead = [row for row in rows if _finite(row["dead_fraction"]) and float(row["dead_fraction"]) >= DEAD]
    for row in dead:
        found.append(f"dead units: {float(row['dead_fraction']):.0%} of the units of {row['layer']} output "
                     "zero for every sample (dying ReLUs): lower the learning rate, check the bias "
                     "initialisation, or try LeakyReLU.")
    return found


def format_table(record: LayerRecord) -> str:
    """The last record as a table (one line per layer), then the failures it shows."""
    rows = record.latest()
    if not rows:
        return "LayerStats: nothing recorded yet (pass it to fit: model.fit(..., callbacks=[stats]))."
    epoch = float(rows[0]["epoch"])
    title = f"LayerStats: {record.count} records; the last at epoch {epoch:g} (step {rows[0]['step']})"
    names = [str(row["layer"]) for row in rows]
    width = max(len("layer"), *map(len, names))
    header = f"{'layer':<{width}}" + "".join(f"  {label:>12}" for _, label in TABLE_COLUMNS)
    lines = [title, header]
    for name, row in zip(names, rows):
        lines.append(f"{name:<{width}}" + "".join(f"  {_number(row[key]):>12}" for key, _ in TABLE_COLUMNS))
    lines.extend(f"- {sentence}" for sentence in diagnose(record))
    return "\n".join(lines)
