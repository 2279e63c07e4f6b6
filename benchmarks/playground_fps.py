"""How fast the playground trains and how often its views move while it plays, on one CPU.

Training (``training_rates``): for each setup, epochs a second of the playground's own training with no
display (``Session.step`` in stretches of ``STRETCH`` epochs, recording every epoch as it does), of a plain
``model.fit(features, y, epochs=STRETCH, batch_size=..., verbose=0)`` of the same network and data, and
of the playground's training as it was before issue 19 (a copy kept here: one ``fit`` over a
``PyDataset`` of seeded batches, one call into TensorFlow per batch, an eager model call per epoch).
``ROUNDS`` rounds, the order of the three rotated each round; printed: the medians, and the medians
of the per-round ratios (target: at least 5x plain ``fit`` for the default setup, and never slower than
before for the largest).

Redraws (target: at least 5 updates a second):

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

import argparse
import math
import os
import statistics
import time

os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one CPU, before TensorFlow reads the count
os.environ["KERASTUTOR_DISPLAY"] = "widget"

import numpy as np  # noqa: E402

from kerastutor._quiet import import_keras  # noqa: E402
from kerastutor.play.features import transform  # noqa: E402
from kerastutor.play.network import build_model  # noqa: E402
from kerastutor.play.player import PLAY_CHUNK, Player  # noqa: E402
from kerastutor.play.session import Session, _outputs  # noqa: E402
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


TRAINING_TARGET = 5  # the playground's training over a plain fit's, for the default setup
ROUNDS = 3
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
        self.model = build_model(session.settings, session.classification)
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


def training_rates(settings: Settings, stretch: int, rounds: int = ROUNDS) -> Rates:
    """Epochs a second, per round, by the wall clock and per second of this process's CPU time, of the
    playground's training (``"playground"``), of a plain ``fit`` of the same network and data
    (``"plain fit"``) and of the training before issue 19 (``"before"``), each timed over ``stretch``
    epochs after a one-epoch warm-up, in an order rotated every round."""
    session = Session(settings)
    plain = build_model(settings, session.classification)
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
    """Train, then play, each setup and print the rates side by side."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--training-only", action="store_true", help="measure training only, no redraws")
    arguments = parser.parse_args()
    cpus = len(os.sched_getaffinity(0))
    print(f"CPUs this process may use: {cpus}; training: {ROUNDS} rounds per setup")
    for title, changes in SETUPS.items():
        print_training_rates(title, Settings().changed(**changes))
    if arguments.training_only:
        return
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
