"""``Throttle``: run costly work (a redraw) at most so often, by wall time."""

from __future__ import annotations

import time

# The share of wall time an instrument's redraws may take while it watches ``fit`` (LivePlot, LayerStats):
# a 50 ms redraw (mostly matplotlib laying out and rasterizing tick labels) then waits at least ~5 s
# for the next one, whatever the instrument's ``min_interval`` allows.
REDRAW_SHARE = 0.01


class Throttle:
    """Wall-time throttle in the spirit of tqdm's ``mininterval``.

    ``ready()`` is true when at least ``min_interval`` seconds have passed since
    the last ``done()``, and, when ``max_share`` is given, long enough that the
    measured cost of the throttled work stays within that share of wall time.
    """

    def __init__(self, min_interval: float, max_share: float | None = None,
                 clock=time.perf_counter) -> None:
        if min_interval <= 0:
            raise ValueError(f"min_interval must be a positive number of seconds, got {min_interval!r}.")
        if max_share is not None and not 0 < max_share <= 1:
            raise ValueError(f"max_share must be in (0, 1], got {max_share!r}.")
        self.min_interval = min_interval
        self.max_share = max_share
        self._clock = clock
        self._last_end: float | None = None
        self._last_cost = 0.0

    def interval(self) -> float:
        """Seconds that must pass after the last run before the next one."""
        if self.max_share is None:
            return self.min_interval
        return max(self.min_interval, self._last_cost * (1 / self.max_share - 1))

    def ready(self) -> bool:
        """Whether the throttled work may run now."""
        return self._last_end is None or self._clock() - self._last_end >= self.interval()

    def done(self, started: float | None = None) -> None:
        """Record that the work ran; ``started`` (a clock reading) measures its cost."""
        now = self._clock()
        if started is not None:
            self._last_cost = now - started
        self._last_end = now

    def now(self) -> float:
        """The throttle's clock reading, to pass back to ``done``."""
        return self._clock()
