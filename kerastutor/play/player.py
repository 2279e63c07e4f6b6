"""Who trains a playground's ``Session``, and when: now, or on a background thread until paused.

``Player.step`` trains on the caller's thread; ``Player.play`` trains on a background thread, one
``fit`` call per ``PLAY_CHUNK`` epochs, until ``pause()``, which stops after the current call into
TensorFlow (one epoch, or at most ``batches.MAX_STEPS_PER_EXECUTION`` batches of a long one:
about 10 ms on one CPU).
Every change of settings, and every reset, pauses first. Only one player plays at a time, so a
class on one shared CPU does not slow itself down (a new player, such as a cell run again, pauses
the others), and play stops itself after ``MAX_PLAY_SECONDS`` so a forgotten tab does not hold the
CPU. What is drawn, and when, is left to the callbacks the view passes in.
"""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Callable

from .session import Diverged, Session
from .settings import Settings, check_epochs

# Epochs per fit call while playing: pausing stops within the call, so a long one costs no latency and
# pays Keras's set-up of a fit (about 20 ms) once per 100 epochs.
PLAY_CHUNK = 100
MAX_PLAY_SECONDS = 300  # a forgotten playground stops using the CPU after five minutes
TIME_UP = (f"paused after {MAX_PLAY_SECONDS // 60} minutes of play, to leave the CPU free: "
           "press play to go on.")

_PLAYERS: weakref.WeakSet = weakref.WeakSet()


class Player:
    """Trains one ``Session``: ``step()`` now, ``play()`` in the background until ``pause()``;
    ``apply()`` and ``reset()`` pause first."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._training = threading.Lock()
        self._pause_others()

    @property
    def playing(self) -> bool:
        """Whether training is running in the background."""
        return self._thread is not None and self._thread.is_alive()

    def step(self, epochs: int, after_batch: Callable[[], None] | None = None) -> None:
        """Pause, then train ``epochs`` epochs on this thread, calling ``after_batch()`` after every
        call into TensorFlow (every epoch, and inside a long one). A bad ``epochs`` is refused before
        anything stops; raises ``Diverged``."""
        check_epochs(epochs)
        self.pause()
        self._train(epochs, after_batch)

    def apply(self, settings: Settings) -> bool:
        """Pause, then ``Session.apply(settings)``: whether a new network was built."""
        self.pause()
        return self.session.apply(settings)

    def reset(self) -> None:
        """Pause, then new seeded weights and an empty history."""
        self.pause()
        self.session.reset()

    def play(self, after_batch: Callable[[], None], finish: Callable[[], None],
             stopped: Callable[[str | None], None]) -> bool:
        """Train in the background until ``pause()``, pausing every other player. On the play thread:
        ``after_batch()`` after every call into TensorFlow (as ``step``); ``finish()`` once training
        ends (its errors count as training's); then ``stopped(message)``, with why play stopped by
        itself (None when paused or diverged). Returns False, starting nothing, when playing already
        or diverged."""
        if self.playing or self.session.diverged:
            return False
        self._pause_others()
        self._stop.clear()
        self._thread = threading.Thread(target=self._play, args=(after_batch, finish, stopped),
                                        name="kerastutor-playground", daemon=True)
        self._thread.start()
        return True

    def pause(self) -> None:
        """Stop background training after the current call into TensorFlow, and wait for it."""
        self._stop.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join()

    def _pause_others(self) -> None:
        for other in list(_PLAYERS):
            if other is not self:
                other.pause()
        _PLAYERS.add(self)

    def _train(self, epochs: int, after_batch: Callable[[], None] | None) -> None:
        def watch(session: Session) -> bool:
            if after_batch is not None:
                after_batch()
            return threading.current_thread() is self._thread and self._stop.is_set()

        with self._training:
            self.session.step(epochs, on_epoch=watch, on_batch=watch)

    def _play(self, after_batch: Callable[[], None], finish: Callable[[], None],
              stopped: Callable[[str | None], None]) -> None:
        started = time.perf_counter()
        message = None
        try:
            while not self._stop.is_set() and not self.session.diverged:
                if time.perf_counter() - started > MAX_PLAY_SECONDS:
                    message = TIME_UP
                    break
                try:
                    self._train(PLAY_CHUNK, after_batch)
                except Diverged:
                    break  # session.diverged says why; finish() shows it
            finish()
        except Exception as error:  # noqa: BLE001  (a background thread must say what stopped it)
            message = f"training stopped: {type(error).__name__}: {error}"
        finally:
            stopped(message)
