"""How often the playground's views move while it plays, on one CPU (target: at least 5 updates a second).

The process is pinned to one CPU before TensorFlow starts, as on Binder. For each
setup the playground plays for a few seconds in live-widget mode (redrawing as in
JupyterLab, without a browser: the comm messages are not sent). Printed side by
side, from the same run:

- updates a second (redraws of the output map, network diagram and loss curves,
  counted by a subclass that wraps the playground's public ``redraw``), and that
  figure over the 5-a-second target;
- epochs a second while playing, against the same training without any drawing
  (the playground's own ``Session``, in the same stretches of epochs): what the
  display costs;
- the median time of one redraw.
"""

from __future__ import annotations

import os
import statistics
import time

os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one CPU, before TensorFlow reads the count
os.environ["KERASTUTOR_DISPLAY"] = "widget"

from kerastutor.play.player import PLAY_CHUNK  # noqa: E402
from kerastutor.play.session import Session  # noqa: E402
from kerastutor.play.settings import Settings  # noqa: E402
from kerastutor.play.view import Playground  # noqa: E402

MIN_UPDATES_PER_SECOND = 5  # the target: below this, play looks like a slide show
PLAY_SECONDS = 8.0
SETUPS = {
    "default (circle, 2-4-2-1, batch 10)": {},
    "spiral, 7 features, 8-8-8, batch 10": {"dataset": "spiral", "hidden": (8, 8, 8),
                                            "features": ("x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)",
                                                         "sin(x2)")},
    "largest: 6x8 neurons, batch 1": {"hidden": (8,) * 6, "batch_size": 1},
}


class CountedPlayground(Playground):
    """The playground as ``kt.playground`` opens it, counting its redraws."""

    updates = 0

    def redraw(self) -> None:
        """Redraw, and count it."""
        super().redraw()
        self.updates += 1


def bare_epochs_per_second(settings) -> float:
    """Training speed with no display at all, in the same stretches of epochs as play, for about as long."""
    session = Session(settings)
    session.step(1)  # build and trace first
    started = time.perf_counter()
    epochs = 0
    while time.perf_counter() - started < PLAY_SECONDS:
        session.step(PLAY_CHUNK)
        epochs += PLAY_CHUNK
    return epochs / (time.perf_counter() - started)


def redraw_ms(pg, rounds: int = 15) -> float:
    """Median time of one full redraw."""
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        pg.redraw()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def play(pg) -> tuple[float, float]:
    """Play for ``PLAY_SECONDS``: (updates a second, epochs a second)."""
    pg.step(1)  # the first epoch traces the training function; leave it out, as a learner's second press
    updates, epochs = pg.updates, pg.metrics()["epoch"]
    started = time.perf_counter()
    pg.play()
    time.sleep(PLAY_SECONDS)
    pg.pause()
    elapsed = time.perf_counter() - started
    return (pg.updates - updates) / elapsed, (pg.metrics()["epoch"] - epochs) / elapsed


def main() -> None:
    """Play each setup and print the rates side by side."""
    cpus = len(os.sched_getaffinity(0))
    print(f"CPUs this process may use: {cpus}; playing {PLAY_SECONDS:.0f} s per setup")
    for title, changes in SETUPS.items():
        pg = CountedPlayground(Settings().changed(**changes))
        bare = bare_epochs_per_second(pg.settings)
        redraw = redraw_ms(pg)
        updates, epochs = play(pg)
        print(f"{title}:")
        print(f"  {updates:5.1f} updates/s = {updates / MIN_UPDATES_PER_SECOND:.2f}x the target of "
              f"{MIN_UPDATES_PER_SECOND}/s; one redraw {redraw:.0f} ms")
        print(f"  {epochs:5.1f} epochs/s while playing vs {bare:5.1f} without display "
              f"({epochs / bare:.2f} of the speed)")


if __name__ == "__main__":
    main()
