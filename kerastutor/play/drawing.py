"""Drawing your own data on the playground's map: where a click lands, and what it does to the points.

A click near a drawn point (within ``REACH``) removes it; anywhere else it adds a point with the brush's
label (a class for ``drawn``, a target for ``drawn_regression``). Pure functions; the view wires the
clicks (ipyevents) to them.
"""

from __future__ import annotations

import math

from .._arguments import BadArgument
from .data import RADIUS
from .figures import pixels_to_data
from .settings import MAX_POINTS, OWNER

REACH = 0.4  # data units: a click this close to a point removes it (the drawn squares are about 0.25 wide)


def click_position(event: dict, extent: tuple[float, float, float, float]) -> tuple[float, float] | None:
    """The data coordinates (x1, x2) of an ipyevents click on the map (``relativeX``/``relativeY`` inside
    its ``boundingRectWidth`` x ``boundingRectHeight``), to the nearest tenth; None when outside it."""
    try:
        across = event["relativeX"] / event["boundingRectWidth"]
        down = event["relativeY"] / event["boundingRectHeight"]
    except (KeyError, TypeError, ZeroDivisionError):
        return None
    if not (0 <= across <= 1 and 0 <= down <= 1):
        return None
    x1, x2 = pixels_to_data(across, down, 1.0, extent)
    return round(x1, 1), round(x2, 1)


def nearest(points: tuple, x1: float, x2: float, reach: float = REACH) -> int | None:
    """The index of the drawn point closest to (x1, x2) within ``reach``; None when there is none."""
    distances = [math.hypot(p[0] - x1, p[1] - x2) for p in points]
    if not distances or min(distances) > reach:
        return None
    return distances.index(min(distances))


def added(points: tuple, x1: float, x2: float, value: float) -> tuple:
    """``points`` with (x1, x2, value) added; a ``BadArgument`` when the drawing is full or the point lies
    outside the square."""
    if len(points) >= MAX_POINTS:
        raise BadArgument(f"{OWNER}: the drawing holds at most {MAX_POINTS} points; remove some (click a "
                          "point) or clear them first.")
    if max(abs(x1), abs(x2)) > RADIUS:
        raise BadArgument(f"{OWNER}: ({x1}, {x2}) is outside the square; points lie from -{RADIUS:g} to "
                          f"{RADIUS:g} on both axes.")
    return (*points, (round(x1, 1), round(x2, 1), round(value, 1)))


def toggled(points: tuple, x1: float, x2: float, value: float) -> tuple:
    """What a click at (x1, x2) makes of ``points``: the nearby point removed, or a new one added."""
    index = nearest(points, x1, x2)
    if index is not None:
        return points[:index] + points[index + 1:]
    return added(points, x1, x2, value)
