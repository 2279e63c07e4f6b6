"""How often the playground's views move while it plays, on one CPU (target: at least 20 redraws a second,
slowing training by at most 10%), and where a redraw's time goes.

The process is pinned to one CPU before TensorFlow starts, as on Binder. For each
setup the playground plays for a few seconds in live-widget mode (redrawing as in
JupyterLab, without a browser: each comm message is serialized and signed as a
kernel does, then dropped). Printed side by side, from the same run:

- redraws a second (of the output map, network diagram, loss curves and status,
  counted by a subclass that wraps the playground's public ``redraw``), against the
  target of 20;
- epochs a second while playing, against the same training without any drawing
  (the playground's own ``Session``, in the same stretches of epochs, taking turns
  with play so that the machine's load weighs on both alike): what the display
  costs, against the 10% allowed; and the share of play's time spent redrawing,
  which is that cost measured directly (the two runs' rates move with a shared
  machine's load);
- the median time of one redraw (after an epoch, so that every view changes), and
  of each of its parts, measured after play (so the loss curves are as long as a
  learner's), with the comm messages' count and size.
"""

from __future__ import annotations

import os
import statistics
import time

os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one CPU, before TensorFlow reads the count
os.environ["KERASTUTOR_DISPLAY"] = "widget"

import comm  # noqa: E402
from ipykernel.jsonutil import json_clean  # noqa: E402
from jupyter_client.session import Session as KernelSession  # noqa: E402

from kerastutor.play import view  # noqa: E402
from kerastutor.play.curves import loss_curves_svg  # noqa: E402
from kerastutor.play.diagram import network_svg  # noqa: E402
from kerastutor.play.figures import map_png, neuron_sprite, output_rgb, points_svg  # noqa: E402
from kerastutor.play.player import PLAY_CHUNK  # noqa: E402
from kerastutor.play.session import Session  # noqa: E402
from kerastutor.play.settings import Settings  # noqa: E402
from kerastutor.play.snapshot import metrics_text  # noqa: E402

TARGET_REDRAWS = 20  # a second: below this, play looks jerky
MAX_SLOWDOWN = 0.10  # of training speed, against no display
PLAY_SECONDS = 8.0  # of play, and as long without display, per setup
ROUNDS = 4  # turns each
SETUPS = {
    "default (circle, 2-4-2-1, batch 10)": {},
    "spiral, 7 features, 8-8-8, batch 10": {"dataset": "spiral", "hidden": (8, 8, 8),
                                            "features": ("x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)",
                                                         "sin(x2)")},
    "largest: 6x8 neurons, batch 1": {"hidden": (8,) * 6, "batch_size": 1},
}


class KernelComms:
    """Comm messages serialized and signed as an ipykernel kernel does on the sending thread (the
    socket's own sending happens on the kernel's IOPub thread), timed and counted, then dropped."""

    def __init__(self) -> None:
        self.session = KernelSession(key=b"benchmark")
        self.seconds, self.messages, self.bytes = 0.0, 0, 0

    def publish(self, comm_self, msg_type, data=None, metadata=None, buffers=None, **keys) -> None:
        """``DummyComm.publish_msg``'s replacement."""
        started = time.perf_counter()
        content = json_clean(dict(data=data or {}, comm_id=comm_self.comm_id, **keys))
        message = self.session.msg(msg_type, content, metadata=json_clean(metadata or {}))
        frames = self.session.serialize(message, ident=b"comm-" + comm_self.comm_id.encode())
        self.bytes += sum(len(frame) for frame in frames) + sum(len(memoryview(b)) for b in buffers or ())
        self.messages += 1
        self.seconds += time.perf_counter() - started


COMMS = KernelComms()
comm.DummyComm.publish_msg = lambda self, *args, **kwargs: COMMS.publish(self, *args, **kwargs)


class CountedPlayground(view.Playground):
    """The playground as ``kt.playground`` opens it, counting its redraws and the time they take."""

    updates = 0
    drawing = 0.0  # seconds

    def redraw(self) -> None:
        """Redraw, and count it."""
        started = time.perf_counter()
        super().redraw()
        self.drawing += time.perf_counter() - started
        self.updates += 1


def median_ms(work, rounds: int = 30, between=None) -> float:
    """Median time of ``work()``, in milliseconds; ``between()``, untimed, runs before each."""
    times = []
    for _ in range(rounds):
        if between is not None:
            between()
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def redraw_parts(pg) -> dict[str, float]:
    """Milliseconds of one redraw and of each of its parts (the same calls as ``Playground.redraw``), and
    the comm messages one redraw sends (their serializing time, count and kB)."""
    s, resolution = pg.session, view.BOUNDARY_RESOLUTION
    maps, kernels = pg._maps()
    every = resolution // view.NEURON_RESOLUTION
    small = [values[:, ::every, ::every] for _, values in maps]
    sprite = neuron_sprite(small, s.classes)
    history = s.history
    parts = {
        "forward pass, Keras (Session.neuron_maps)": median_ms(lambda: s.neuron_maps(resolution)),
        "forward pass, numpy (+ kernels), as drawn": median_ms(pg._maps),
        "output map + PNG": median_ms(lambda: map_png(output_rgb(maps[-1][1], s.classes, s.value_range))),
        "neuron sprite PNG": median_ms(lambda: neuron_sprite(small, s.classes)),
        "diagram SVG": median_ms(lambda: network_svg(pg._column_names(), pg._neuron_labels(), sprite,
                                                     small[0].shape[-1], kernels)),
        "loss curves SVG": median_ms(lambda: loss_curves_svg(history["train_loss"], history["test_loss"])),
        "status": median_ms(lambda: metrics_text(s)),
    }
    seconds, messages, sent = COMMS.seconds, COMMS.messages, COMMS.bytes
    rounds = 30
    parts["whole redraw"] = median_ms(pg.redraw, rounds, between=lambda: s.step(1))  # so every view changes
    parts["  of which comm messages"] = (COMMS.seconds - seconds) / rounds * 1000
    parts["messages a redraw"] = (COMMS.messages - messages) / rounds
    parts["kB a redraw"] = (COMMS.bytes - sent) / rounds / 1000
    parts["data points SVG (when the data change)"] = median_ms(
        lambda: points_svg((s.x_train, s.y_train), (s.x_test, s.y_test), s.classes, s.value_range,
                           view.MAP_SIZE, s.extent), rounds=5)
    return parts


def bare_epochs(session: Session, seconds: float) -> tuple[int, float]:
    """Train ``session`` with no display at all, in the same stretches of epochs as play, for about
    ``seconds``: (epochs, seconds taken)."""
    started = time.perf_counter()
    epochs = 0
    while time.perf_counter() - started < seconds:
        session.step(PLAY_CHUNK)
        epochs += PLAY_CHUNK
    return epochs, time.perf_counter() - started


def played(pg, seconds: float) -> tuple[int, int, float, float]:
    """Play ``pg`` for about ``seconds``, pausing just after an epoch ends (so that a slow epoch's
    unfinished part is not counted as time without epochs): (redraws, epochs, seconds taken, of which
    seconds drawing)."""
    updates, epochs, drawing = pg.updates, pg.metrics()["epoch"], pg.drawing
    started = time.perf_counter()
    pg.play()
    time.sleep(seconds)
    reached = pg.session.epoch
    while pg.session.epoch == reached:
        time.sleep(0.001)
    pg.pause()
    return (pg.updates - updates, pg.metrics()["epoch"] - epochs, time.perf_counter() - started,
            pg.drawing - drawing)


def play_against_bare(pg) -> tuple[float, float, float, float]:
    """(redraws a second, epochs a second while playing, epochs a second with no display, the share of
    play's time spent drawing): play and the
    same training without display take turns, ``ROUNDS`` times, so that a shared machine's load weighs
    on both alike."""
    bare = Session(pg.settings)
    bare.step(1)  # build and trace first
    pg.step(1)  # the first epoch traces the training function; leave it out, as a learner's second press
    totals = [0, 0, 0.0, 0.0, 0, 0.0]  # redraws, epochs, seconds, seconds drawing; epochs, seconds bare
    for _ in range(ROUNDS):
        turn = played(pg, PLAY_SECONDS / ROUNDS) + bare_epochs(bare, PLAY_SECONDS / ROUNDS)
        totals = [total + value for total, value in zip(totals, turn)]
    updates, epochs, seconds, drawing, bare_count, bare_seconds = totals
    return updates / seconds, epochs / seconds, bare_count / bare_seconds, drawing / seconds


def redraw_rates(title: str, changes: dict) -> None:
    """Play one setup and print its redraw rate, the training slowdown and the redraw's parts."""
    pg = CountedPlayground(Settings().changed(**changes))
    updates, epochs, bare, drawing = play_against_bare(pg)
    slowdown = 1 - epochs / bare
    print(f"{title}:")
    print(f"  {updates:5.1f} redraws/s = {updates / TARGET_REDRAWS:.2f}x the target of {TARGET_REDRAWS}/s")
    print(f"  {epochs:5.1f} epochs/s while playing vs {bare:5.1f} without display: {slowdown:+.0%} slower "
          f"(allowed {MAX_SLOWDOWN:.0%}); drawing took {drawing:.0%} of play's time")
    print(f"  one redraw, after {pg.metrics()['epoch']} epochs (ms unless said):")
    for part, value in redraw_parts(pg).items():
        print(f"    {part:45s} {value:7.2f}")


def main() -> None:
    """Play each setup and print the rates side by side."""
    cpus = len(os.sched_getaffinity(0))
    print(f"CPUs this process may use: {cpus}; playing {PLAY_SECONDS:.0f} s per setup")
    for title, changes in SETUPS.items():
        redraw_rates(title, changes)


if __name__ == "__main__":
    main()
