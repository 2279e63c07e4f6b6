"""Train and test loss over the epochs as a small SVG: cheap enough to redraw twenty times a second, at
any length of training (long histories are drawn from one value per two pixel columns)."""

from __future__ import annotations

import numpy as np

WIDTH, HEIGHT, PAD = 300, 110, 28
TRAIN_COLOR, TEST_COLOR = "#333333", "#999999"
MAX_POINTS = (WIDTH - 2 * PAD) // 2  # one point per two pixel columns of the plot


def _points(values: np.ndarray, top: float, count: int) -> str:
    """The polyline of ``values`` (epochs 0 .. len - 1 of ``count``), at most ``MAX_POINTS`` of them,
    evenly spread and ending at the latest; values that are not finite are left out."""
    chosen = np.unique(np.linspace(0, len(values) - 1, min(len(values), MAX_POINTS)).round().astype(int))
    chosen = chosen[np.isfinite(values[chosen])]
    x = PAD + chosen * (WIDTH - 2 * PAD) / max(count - 1, 1)
    y = HEIGHT - PAD / 2 - (HEIGHT - PAD) * np.minimum(values[chosen] / top, 1.0)
    return " ".join(f"{a:.1f},{b:.1f}" for a, b in zip(x.tolist(), y.tolist()))


def loss_curves_svg(train: list[float], test: list[float]) -> str:
    """SVG of the train (dark) and test (grey) loss per epoch, on a scale from 0 to the largest loss."""
    curves = {"train": np.asarray(train, dtype=float), "test": np.asarray(test, dtype=float)}
    finite = np.concatenate([values[np.isfinite(values)] for values in curves.values()])
    top = float(finite.max()) if finite.size and finite.max() > 0 else 1.0
    count = max(len(train), len(test))
    axis = HEIGHT - PAD / 2
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
             f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="10">',
             f'<line x1="{PAD}" y1="{axis}" x2="{WIDTH - PAD}" y2="{axis}" stroke="#ccc"/>',
             f'<text x="2" y="{PAD / 2 + 4}">{top:.3g}</text><text x="2" y="{axis}">0</text>',
             f'<text x="{WIDTH - PAD}" y="{HEIGHT - 2}" text-anchor="end">epoch {count}</text>']
    for (name, values), color in zip(curves.items(), (TRAIN_COLOR, TEST_COLOR)):
        if values.size:
            parts.append(f'<polyline class="{name}-loss" fill="none" stroke="{color}" stroke-width="1.5" '
                         f'points="{_points(values, top, count)}"><title>{name} loss</title></polyline>')
    parts.append(f'<text x="{WIDTH - PAD - 150}" y="10" fill="{TRAIN_COLOR}">— train loss</text>'
                 f'<text x="{WIDTH - PAD - 70}" y="10" fill="{TEST_COLOR}">— test loss</text></svg>')
    return "".join(parts)
