"""``kerastutor.playground()``: TensorFlow Playground's direct manipulation, on a real ``keras.Model``.

Only wiring: the model, its data and what a change of settings does come from ``session.py``,
training now or in the background from ``player.py``, the controls from ``controls.py``, the
pictures from ``figures.py``, ``diagram.py`` and ``curves.py``. While it plays, the views are
redrawn from Keras callbacks, after the first batch or epoch that ends ``DRAW_INTERVAL`` after the
last redraw ended (or, where redraws are slow, as long as that redraw took): with redraws of
20-50 ms, about eight a second whatever the epoch length (``benchmarks/playground_fps.py``).
"""

from __future__ import annotations

import html
import threading

import ipywidgets as widgets
from ipyevents import Event

from .._arguments import BadArgument, shorten
from .._frontend import PALETTE, display_mode, image_bundle
from .._instrument import Instrument
from .._throttle import Throttle
from ..inspector.view import Inspector
from .controls import CLASS_NAMES, Controls
from .curves import loss_curves_svg
from .data import DRAWN, DRAWN_REGRESSION, DRAWN_SETS, check_data_pair
from .diagram import network_svg
from .drawing import added, click_position, nearest, toggled
from .export import to_code
from .features import transform
from .figures import boundary_png, neuron_sprite, symmetric_range
from .network import output_units
from .player import Player
from .session import Diverged, Session
from .settings import OWNER, Settings
from .snapshot import describe, metrics_text, snapshot_figure

DRAW_INTERVAL = 0.075  # seconds from the end of one redraw to the next
DRAW_SHARE = 0.5  # and where redraws are slow, they take at most half the time
OUTPUT = "output"  # the neuron chooser's first choice (a Dropdown shows a None value as blank)
BOUNDARY_RESOLUTION, NEURON_RESOLUTION = 51, 17  # each neuron's map: every third point


class Playground(Instrument):
    """Data, features and a small network you change with controls, training live; all from code too.

    ``step(epochs)`` trains and redraws, ``metrics()`` reports, ``set(**settings)`` changes any control,
    ``state()``/``share()`` save the setup, ``model`` is the live ``keras.Model``, ``to_code()`` its code;
    ``show()``, ``snapshot()``, ``save(path)`` and ``.widget`` as every instrument.
    """

    OWNER = "Playground"

    def __init__(self, settings: Settings, data: tuple | None = None) -> None:
        self.player = Player(Session(settings, data))  # a new playground (a cell run again) pauses the others
        self._drawing = threading.Lock()  # the play thread and the learner's clicks both draw
        self._throttle = Throttle(DRAW_INTERVAL, max_share=DRAW_SHARE)
        self.last_message = ""
        self._live = display_mode() == "widget"  # redraw while training only where someone can watch
        self.focus: tuple[int, int] | None = None  # (column, neuron) shown large; None: the output

        self.controls = Controls(own_data=data is not None)
        self.play_button = widgets.Button(description="play", icon="play", button_style="success",
                                          tooltip="train until paused", layout=widgets.Layout(width="90px"))
        self.step_button = widgets.Button(description="step", icon="step-forward", tooltip="train one epoch",
                                          layout=widgets.Layout(width="90px"))
        self.reset_button = widgets.Button(description="reset", icon="undo", tooltip="new seeded weights",
                                           layout=widgets.Layout(width="90px"))
        self.status = widgets.HTML()
        self.boundary_image = widgets.Image(format="png",
                                            layout=widgets.Layout(width="300px", height="300px"))
        self.shown = widgets.Dropdown(description="show", layout=widgets.Layout(width="300px"),
                                      style={"description_width": "40px"})
        self.curves = widgets.HTML()
        self.network = widgets.HTML(layout=widgets.Layout(overflow="auto"))
        self.code = widgets.HTML()
        code_box = widgets.Accordion(children=[self.code], titles=("the Keras code of this network",),
                                     layout=widgets.Layout(width="300px"))
        code_box.selected_index = None  # folded until asked for
        self._widget = widgets.HBox([
            self.controls.layout(),
            widgets.VBox([widgets.HBox([self.play_button, self.step_button, self.reset_button]), self.status,
                          self.network]),
            widgets.VBox([self.shown, self.boundary_image, self.curves, code_box]),
        ])
        for widget, name in ((self.widget, "kt-playground"), (self.status, "kt-playground-status"),
                             (self.boundary_image, "kt-playground-map"), (self.shown, "kt-playground-shown")):
            widget.add_class(name)  # names the browser tests find them by
        self.controls.on_change(self._on_controls)
        self.play_button.on_click(lambda button: self._told(self.pause if self.playing else self.play))
        self.step_button.on_click(lambda button: self._told(self.step, 1))
        self.controls.clear_points.on_click(lambda button: self._told(self.clear_points))
        self._clicks = Event(source=self.boundary_image, watched_events=["click"])
        self._clicks.on_dom_event(self._on_map_click)
        self.reset_button.on_click(lambda button: self.reset())
        self.shown.observe(self._on_shown, names="value")
        self._settings_changed()

    # ---- driving it from code -----------------------------------------------------------------
    @property
    def session(self) -> Session:
        """The pure run behind the views: data, model, history."""
        return self.player.session

    @property
    def settings(self) -> Settings:
        """The current settings."""
        return self.session.settings

    @property
    def model(self):
        """The live ``keras.Model`` being trained."""
        return self.session.model

    @property
    def playing(self) -> bool:
        """Whether training is running in the background."""
        return self.player.playing

    def step(self, epochs: int = 1) -> dict[str, float]:
        """Train ``epochs`` more epochs (pausing play first), redraw, and return ``metrics()``."""
        try:
            self.player.step(epochs, self._after_batch)
        except Diverged:
            self._diverged()
        self.redraw()
        self._show_code()
        return self.metrics()

    def metrics(self) -> dict[str, float]:
        """The latest train and test loss (and accuracy, for classification) and the epoch count."""
        return self.session.metrics()

    def set(self, **changes) -> None:
        """Change any setting, as the controls do: ``pg.set(hidden=(8, 8), learning_rate=0.01)``.
        The learning rate and batch size apply from the next batch; any other change resets the network."""
        self._apply(self.settings.changed(**changes))

    def reset(self) -> None:
        """New seeded weights and an empty history (the settings stay)."""
        self.player.reset()
        self._settings_changed()

    def play(self) -> None:
        """Train in the background until ``pause()`` (or the pause button), redrawing as it goes."""
        self.session.check_trainable()
        if self.player.play(self._after_batch, self._played, self._stopped):
            self.play_button.description, self.play_button.icon = "pause", "pause"
            self.play_button.button_style = "warning"
        elif self.session.diverged and not self.playing:
            self._say(self.session.diverged, error=True)

    def pause(self) -> None:
        """Stop background training after the current batch."""
        self.player.pause()

    def state(self) -> dict:
        """Every setting as a plain dict: ``kt.playground(state)`` opens the same playground."""
        return self.settings.to_dict()

    def share(self, lock=None, hide=None) -> str:
        """A short string for a lesson: ``kt.playground("kt1...")`` opens these settings. ``lock`` names
        controls shown but fixed, ``hide`` controls not shown (``None`` keeps the current choice)."""
        chosen = self.settings
        if lock is not None:
            chosen = chosen.changed(locked=lock)
        if hide is not None:
            chosen = chosen.changed(hidden_controls=hide)
        return chosen.share()

    def to_code(self, epochs: int | None = None) -> str:
        """Keras code that builds and trains this network on this data (``epochs``: as trained so far, or
        100 before any training)."""
        chosen = (self.session.epoch or 100) if epochs is None else epochs
        return to_code(self.settings, chosen, self.session.classes)

    def inspect(self) -> Inspector:
        """The layer inspector on the live model, with eight test points as the sample."""
        sample = transform(self.session.x_test[:8], self.settings.features)
        return Inspector(self.model, sample)

    def show_neuron(self, layer: str | None = None, neuron: int = 1) -> None:
        """Show neuron ``neuron`` (counting from 1) of ``layer`` ("hidden1", ...) in the large map;
        ``show_neuron()`` shows the network's output again."""
        if layer is None:
            self.shown.value = OUTPUT
            return
        names = self._column_names()
        if layer not in names:
            raise BadArgument(f"{OWNER}: no layer {shorten(layer)}; the layers are {', '.join(names)}.")
        column = names.index(layer)
        count = self._column_sizes()[column]
        if not (isinstance(neuron, int) and not isinstance(neuron, bool) and 1 <= neuron <= count):
            raise BadArgument(f"{OWNER}: neuron={shorten(neuron)} cannot be used; {layer} has {count} "
                              f"neurons; choose one from 1 to {count}.")
        self.shown.value = (column, neuron - 1)

    # ---- drawing your own data ----------------------------------------------------------------------
    def add_point(self, x1: float, x2: float, label: float | None = None) -> None:
        """Add a point at (x1, x2) to the drawn data: ``label`` a class from 0 to 3 (``dataset="drawn"``) or a
        target from -1 to 1 (``"drawn_regression"``), by default the brush's. The network starts again."""
        self._drawn_only("add_point")
        self._set_points(added(self.settings.points, x1, x2, self._brush(label)))

    def remove_point(self, x1: float, x2: float) -> bool:
        """Remove the drawn point nearest to (x1, x2), if one is that close; whether one was removed."""
        self._drawn_only("remove_point")
        index = nearest(self.settings.points, x1, x2)
        if index is not None:
            points = self.settings.points
            self._set_points(points[:index] + points[index + 1:])
        return index is not None

    def clear_points(self) -> None:
        """Remove every drawn point."""
        self._drawn_only("clear_points")
        self._set_points(())

    def click(self, x1: float, x2: float) -> None:
        """What a click on the map at (x1, x2) does: remove the drawn point there, or add one with the
        brush's label. On a data set that is not drawn it says how to draw."""
        if self.settings.dataset not in DRAWN_SETS:
            self._say("To draw your own points, choose 'draw your own' under Data first.")
            return
        self._set_points(toggled(self.settings.points, x1, x2, self._brush(None)))

    def _drawn_only(self, name: str) -> None:
        if self.settings.dataset not in DRAWN_SETS:
            raise BadArgument(f"{OWNER}: {name}() draws on your own points: choose them first with "
                              f"pg.set(dataset={DRAWN!r}) (classes) or pg.set(dataset={DRAWN_REGRESSION!r}).")

    def _brush(self, label: float | None) -> float:
        return self.controls.brush_value(self.session.classification) if label is None else label

    def _set_points(self, points: tuple) -> None:
        self._apply(self.settings.changed(points=points))
        count = len(points)
        self._say(f"{count} point{'s' * (count != 1)} drawn: " + (
            "press step or play to train." if count and self._trainable() else
            "draw more; training needs some to train on and some to test on."))

    def _trainable(self) -> bool:
        try:
            self.session.check_trainable()
        except BadArgument:
            return False
        return True

    def _on_map_click(self, event: dict) -> None:
        where = click_position(event, self.session.extent)
        if where is not None:
            self._told(self.click, *where)

    def _told(self, action, *arguments) -> None:
        """Run a button's or a click's ``action``; a mistake it reports is shown, not raised into the log."""
        try:
            action(*arguments)
        except BadArgument as error:
            self._say(str(error), error=True)

    # ---- what changes do -------------------------------------------------------------------------
    def _apply(self, chosen: Settings) -> None:
        self.player.apply(chosen)
        self._settings_changed()

    def _on_controls(self) -> None:
        try:
            chosen = self.controls.read(self.settings)
        except ValueError as error:
            self.controls.show(self.settings)
            self._say(str(error), error=True)
            return
        self._apply(chosen)

    def _settings_changed(self) -> None:
        self.controls.show(self.settings)
        options = [("the network's output", OUTPUT)]
        names, sizes = self._column_names(), self._column_sizes()
        options += [(_neuron_label(name, j, self.session.classes), (i, j))
                    for i, (name, size) in enumerate(zip(names, sizes)) for j in range(size)]
        self.shown.options = options
        self.shown.value = OUTPUT
        self.redraw()
        self._show_code()
        if self.session.diverged:
            self._say(self.session.diverged, error=True)
        elif self.settings.dataset in DRAWN_SETS and not self._trainable():
            self._say("Draw your points: click the map to add one of the chosen class, click a point to "
                      "remove it.")

    def _show_code(self) -> None:
        """The code panel: ``to_code()`` as it stands (not redrawn while playing: it changes per stretch)."""
        self.code.value = f"<pre style='font-size:11px'>{html.escape(self.to_code())}</pre>"

    def _on_shown(self, change) -> None:
        self.focus = None if change["new"] == OUTPUT else change["new"]
        self._draw_focus()

    def _column_names(self) -> list[str]:
        return ["features", *(f"hidden{i}" for i in range(1, len(self.settings.hidden) + 1)), "output"]

    def _column_sizes(self) -> list[int]:
        return [len(self.settings.features), *self.settings.hidden, output_units(self.session.classes)]

    # ---- training ------------------------------------------------------------------------------
    def _after_batch(self) -> None:
        """After each batch and epoch: redraw when it is time, where someone can watch."""
        if self._live and self._throttle.ready():
            self.redraw()

    def _diverged(self) -> None:
        text = self.session.diverged
        self._say(f"{text} (press reset)" if self._live else text, error=True)
        self.reset_button.button_style = "danger"

    def _played(self) -> None:
        """Play has ended (on the play thread): the views as training left them."""
        if self.session.diverged:
            self._diverged()
        else:
            self.redraw()
        self._show_code()

    def _stopped(self, message: str | None) -> None:
        self.play_button.description, self.play_button.icon = "play", "play"
        self.play_button.button_style = "success"
        if message:
            self._say(message, error=True)

    # ---- drawing -------------------------------------------------------------------------------
    def redraw(self) -> None:
        """Bring every view up to date with the model."""
        started = self._throttle.now()
        with self._drawing:
            maps = self.session.neuron_maps(BOUNDARY_RESOLUTION)  # one pass: the output and every neuron
            self._draw_boundary(maps)
            self._draw_network(maps)
            history = self.session.history
            self.curves.value = loss_curves_svg(history["train_loss"], history["test_loss"])
            if not self.session.diverged:
                self._say(metrics_text(self.session))
                self.reset_button.button_style = ""
        self._throttle.done(started)

    def _draw_focus(self) -> None:
        with self._drawing:
            self._draw_boundary(self.session.neuron_maps(BOUNDARY_RESOLUTION))

    def _draw_boundary(self, maps: list) -> None:
        s = self.session
        column, neuron = self.focus or (-1, 0)
        output = maps[column][1][neuron]
        value_range = s.value_range if self.focus is None else symmetric_range(output)
        train, test = (s.x_train, s.y_train), (s.x_test, s.y_test)
        self.boundary_image.value = boundary_png(output, value_range, train, test, size=300, extent=s.extent)

    def _draw_network(self, maps: list) -> None:
        every = BOUNDARY_RESOLUTION // NEURON_RESOLUTION
        small = [values[:, ::every, ::every] for _, values in maps]
        sprite = neuron_sprite(small)
        self.network.value = network_svg(self._column_names(), self._column_sizes(), sprite,
                                         small[0].shape[-1], self.session.kernels())

    def _say(self, text: str, error: bool = False) -> None:
        color = PALETTE["error"] if error else "#333"
        self.status.value = f"<span style='color:{color}'>{html.escape(text)}</span>"
        self.last_message = text
        if error and not self._live:
            print(text)

    # ---- the instrument's hooks: the picture is the output map (or the neuron chosen with
    # ``show_neuron``) beside the loss curves, what is shown where widgets are not live ------------
    def _figure(self):
        return snapshot_figure(self.session, self.focus)

    def _text(self) -> str:
        return describe(self.session)

    def _static(self) -> list[str | dict]:
        return [image_bundle(self.snapshot(), self._text())]

    def __repr__(self) -> str:
        return describe(self.session)


def _neuron_label(layer: str, index: int, classes: int) -> str:
    """The neuron chooser's name for neuron ``index`` of ``layer``: an output neuron of three classes or
    more is one class's probability."""
    if layer == "output" and classes > 2:
        return f"output: class {index} ({CLASS_NAMES[index]})"
    return f"{layer} neuron {index + 1}"


def playground(state=None, *, data=None, **settings) -> Playground:
    """Open the playground: defaults, a ``pg.state()`` dict or a ``pg.share()`` string, changed by any
    ``settings`` (``dataset="xor"``, ``hidden=(4, 2)``...). ``data=(X, y)`` plays with your own two-feature
    data: labels 0 and 1 for classification, any numbers for regression."""
    if data is not None:
        check_data_pair(data)
    chosen = Settings() if state is None else Settings.from_state(state)
    if settings:
        chosen = chosen.changed(**settings)
    return Playground(chosen, data)
