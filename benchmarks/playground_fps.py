"""How fast the playground trains, and how often its views move while it plays, on one CPU (targets:
training at least 5x a plain ``fit``; at least 20 redraws a second, slowing training by at most 10%),
and where a redraw's time goes.

Training (``training_rates``): for each setup, epochs a second of the playground's own training with no
display (``Session.step`` in stretches of ``STRETCH`` epochs, recording every epoch as it does), of a plain
``model.fit(features, y, epochs=STRETCH, batch_size=..., verbose=0)`` of the same network and data, and
of the playground's training as it was before issue 19 (a copy kept here: one ``fit`` over a
``PyDataset`` of seeded batches, one call into TensorFlow per batch, an eager model call per epoch).
``TRAINING_ROUNDS`` rounds, the order of the three rotated each round; printed: the medians, and the medians
of the per-round ratios (target: at least 5x plain ``fit`` for the default setup, and never slower than
before for the largest).

The process is pinned to one CPU before TensorFlow starts, as on Binder. Redraws
(``redraw_rates``): for each setup the playground plays for a few seconds in live-widget mode (redrawing as in
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

import argparse
import math
import os
import statistics
import time

os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one CPU, before TensorFlow reads the count
os.environ["KERASTUTOR_DISPLAY"] = "widget"

import comm  # noqa: E402
import numpy as np  # noqa: E402
from ipykernel.jsonutil import json_clean  # noqa: E402
from jupyter_client.session import Session as KernelSession  # noqa: E402

from kerastutor._quiet import import_keras  # noqa: E402
from kerastutor.play import view  # noqa: E402
from kerastutor.play.curves import loss_curves_svg  # noqa: E402
from kerastutor.play.diagram import network_svg  # noqa: E402
from kerastutor.play.features import transform  # noqa: E402
from kerastutor.play.figures import map_png, neuron_sprite, output_rgb, points_svg  # noqa: E402
from kerastutor.play.network import build_model  # noqa: E402
from kerastutor.play.player import PLAY_CHUNK, Player  # noqa: E402
from kerastutor.play.session import Session, _outputs  # noqa: E402
from kerastutor.play.settings import Settings  # noqa: E402
from kerastutor.play.snapshot import metrics_text  # noqa: E402

TARGET_REDRAWS = 20  # a second: below this, play looks jerky
MAX_SLOWDOWN = 0.10  # of training speed, against no display
PLAY_SECONDS = 8.0  # of play, and as long without display, per setup
ROUNDS = 4  # turns each of play and training without display
SETUPS = {
    "default (circle, 2-4-2-1, batch 10)": {},
    "spiral, 7 features, 8-8-8, batch 10": {"dataset": "spiral", "hidden": (8, 8, 8),
                                            "features": ("x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)",
                                                         "sin(x2)")},
    "largest: 6x8 neurons, batch 1": {"hidden": (8,) * 6, "batch_size": 1},
}


TRAINING_TARGET = 5  # the playground's training over a plain fit's, for the default setup
TRAINING_ROUNDS = 3
STRETCH, SHORT_STRETCH = 50, 10  # epochs per timed step or fit call; the short one for batch size 1
PAUSES = 5  # pause latency: the longest of this many pauses while playing
keras = import_keras()


class BeforeBatches(keras.utils.PyDataset):
    """The playground's batches before issue 19: epochs ``first, ...`` of seeded orders, a batch per call."""

    def __init__(self, x: np.ndarray, y: np.ndarray, seed: int, batch_size: int) -> None:
        super().__init__()
        self.x, self.y, self.batch_size = x, y, batch_size
        self._rng = np.random.default_rng(seed)
        self._orders: dict[int, np.ndarray] = {}
        self.first, self.epochs = 0, 1
        self.per_epoch = math.ceil(len(x) / batch_size)

    def order(self, epoch: int) -> np.ndarray:
        """Epoch ``epoch``'s order (drawn in epoch order)."""
        while len(self._orders) <= epoch:
            self._orders[len(self._orders)] = self._rng.permutation(len(self.x))
        return self._orders[epoch]

    def __len__(self) -> int:
        """Batches in the planned epochs."""
        return self.epochs * self.per_epoch

    def __getitem__(self, index: int) -> tuple[np.ndarray, np.ndarray]:
        """Batch ``index`` of the planned epochs."""
        epoch, batch = divmod(index, self.per_epoch)
        chosen = self.order(self.first + epoch)[batch * self.batch_size:(batch + 1) * self.batch_size]
        return self.x[chosen], self.y[chosen]


class BeforeTraining:
    """The playground's ``Session.step`` before issue 19, on its own model: the same work per epoch."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.model = build_model(session.settings, session.classes)
        features = transform(session.x_train, session.settings.features)
        self.batches = BeforeBatches(features, session.y_train, session.settings.seed,
                                     session.settings.batch_size)
        self.both = transform(np.concatenate([session.x_train, session.x_test]), session.settings.features)
        self.epoch = 0

    def step(self, epochs: int) -> None:
        """Train ``epochs`` epochs, recording the whole sets' loss after each (an eager model call)."""
        trainer = self
        self.batches.first, self.batches.epochs = self.epoch, epochs
        per_epoch = self.batches.per_epoch

        class Watch(keras.callbacks.Callback):
            def on_train_batch_end(self, batch, logs=None):
                if (batch + 1) % per_epoch == 0:
                    predicted = _outputs(trainer.model, trainer.both)[0]
                    cut = len(trainer.session.y_train)
                    trainer.session._scores(predicted[:cut], trainer.session.y_train)
                    trainer.session._scores(predicted[cut:], trainer.session.y_test)
                    trainer.epoch += 1

        self.model.fit(self.batches, epochs=1, shuffle=False, verbose=0, callbacks=[Watch()])


Rates = dict[str, list[tuple[float, float]]]  # per method, per round: (epochs/s, epochs per CPU-second)


def training_rates(settings: Settings, stretch: int, rounds: int = TRAINING_ROUNDS) -> Rates:
    """Epochs a second, per round, by the wall clock and per second of this process's CPU time, of the
    playground's training (``"playground"``), of a plain ``fit`` of the same network and data
    (``"plain fit"``) and of the training before issue 19 (``"before"``), each timed over ``stretch``
    epochs after a one-epoch warm-up, in an order rotated every round."""
    session = Session(settings)
    plain = build_model(settings, session.classes)
    features = transform(session.x_train, settings.features)
    before = BeforeTraining(session)
    methods = {
        "playground": lambda epochs: session.step(epochs),
        "plain fit": lambda epochs: plain.fit(features, session.y_train, epochs=epochs,
                                              batch_size=settings.batch_size, verbose=0),
        "before": lambda epochs: before.step(epochs),
    }
    for run in methods.values():  # trace every training function first
        run(1)
    rates: Rates = {name: [] for name in methods}
    names = list(methods)
    for round_ in range(rounds):
        for name in names[round_ % len(names):] + names[:round_ % len(names)]:
            started, cpu = time.perf_counter(), time.process_time()
            methods[name](stretch)
            rates[name].append((stretch / (time.perf_counter() - started),
                                stretch / (time.process_time() - cpu)))
    return rates


def pause_ms(settings: Settings, pauses: int = PAUSES) -> float:
    """The longest time ``Player.pause()`` took to stop play (no display), over ``pauses`` pauses."""
    player = Player(Session(settings))
    player.step(1)
    times = []
    for _ in range(pauses):
        player.play(lambda: None, lambda: None, lambda message: None)
        time.sleep(0.3)
        started = time.perf_counter()
        player.pause()
        times.append(time.perf_counter() - started)
    return max(times) * 1000


def print_training_rates(title: str, settings: Settings) -> None:
    """One setup's training rates: medians, and the medians of the per-round ratios, by the wall clock
    and by CPU time (the CPU may be shared with other processes: then only the CPU figures are steady)."""
    rates = training_rates(settings, SHORT_STRETCH if settings.batch_size == 1 else STRETCH)
    print(f"{title}:")
    for index, unit in enumerate(("s", "CPU-s")):
        ours, plain, before = ([r[index] for r in rates[name]] for name in ("playground", "plain fit",
                                                                             "before"))
        over_plain = statistics.median(a / b for a, b in zip(ours, plain))
        over_before = statistics.median(a / b for a, b in zip(ours, before))
        print(f"  training {statistics.median(ours):6.1f} epochs/{unit} vs plain fit "
              f"{statistics.median(plain):5.1f} = {over_plain:5.2f}x (target {TRAINING_TARGET}x for the "
              f"default), vs before issue 19 {statistics.median(before):5.1f} = {over_before:5.2f}x")
    print(f"  pause stops play within {pause_ms(settings):.0f} ms (the longest of {PAUSES})")


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
    """Train, then play, each setup and print the rates side by side."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--training-only", action="store_true", help="measure training only, no redraws")
    arguments = parser.parse_args()
    cpus = len(os.sched_getaffinity(0))
    print(f"CPUs this process may use: {cpus}; training: {TRAINING_ROUNDS} rounds per setup")
    for title, changes in SETUPS.items():
        print_training_rates(title, Settings().changed(**changes))
    if arguments.training_only:
        return
    print(f"playing {PLAY_SECONDS:.0f} s per setup, in {ROUNDS} turns with training without display")
    for title, changes in SETUPS.items():
        redraw_rates(title, changes)


if __name__ == "__main__":
    main()
