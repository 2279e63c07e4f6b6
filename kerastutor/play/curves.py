"""Train and test loss over the epochs as a small SVG: cheap enough to redraw several times a second."""

from __future__ import annotations

import math

WIDTH, HEIGHT, PAD = 300, 110, 28
TRAIN_COLOR, TEST_COLOR = "#333333", "#999999"


def _points(values: list[float], top: float, count: int) -> str:
    step = (WIDTH - 2 * PAD) / max(count - 1, 1)
    pairs = []
    for index, value in enumerate(values):
        if math.isfinite(value):
            y = HEIGHT - PAD / 2 - (HEIGHT - PAD) * min(value / top, 1.0)
            pairs.append(f"{PAD + index * step:.1f},{y:.1f}")
    return " ".join(pairs)


def loss_curves_svg(train: list[float], test: list[float]) -> str:
    """SVG of the train (dark) and test (grey) loss per epoch, on a scale from 0 to the largest loss."""
    finite = [v for v in (*train, *test) if math.isfinite(v)]
    top = max(finite, default=1.0) or 1.0
    count = max(len(train), len(test))
    axis = HEIGHT - PAD / 2
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
             f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="10">',
             f'<line x1="{PAD}" y1="{axis}" x2="{WIDTH - PAD}" y2="{axis}" stroke="#ccc"/>',
             f'<text x="2" y="{PAD / 2 + 4}">{top:.3g}</text><text x="2" y="{axis}">0</text>',
             f'<text x="{WIDTH - PAD}" y="{HEIGHT - 2}" text-anchor="end">epoch {count}</text>']
    for name, values, color in (("train", train, TRAIN_COLOR), ("test", test, TEST_COLOR)):
        if values:
            parts.append(f'<polyline class="{name}-loss" fill="none" stroke="{color}" stroke-width="1.5" '
                         f'points="{_points(values, top, count)}"><title>{name} loss</title></polyline>')
    parts.append(f'<text x="{WIDTH - PAD - 150}" y="10" fill="{TRAIN_COLOR}">— train loss</text>'
                 f'<text x="{WIDTH - PAD - 70}" y="10" fill="{TEST_COLOR}">— test loss</text></svg>')
    return "".join(parts)
