"""``kerastutor.playground()``: TensorFlow Playground's direct manipulation, on a real ``keras.Model``.

Only wiring: the model, its data and what a change of settings does come from ``session.py``,
training now or in the background from ``player.py``, the controls from ``controls.py``, the
pictures from ``figures.py``, ``diagram.py`` and ``curves.py``. While it plays, the views are
redrawn from Keras callbacks, after the first batch or epoch that ends ``DRAW_INTERVAL`` after the
last redraw ended (or, where redraws are slow, long enough that they take at most ``DRAW_SHARE`` of
the time): a redraw of the default network takes a few milliseconds, so about twenty a second
(``benchmarks/playground_fps.py`` prints where its time goes).

The output map is two layers in one 300 x 300 pixel box, ``map_area``: the map itself, a PNG at the
resolution it is computed at (51 x 51, about 2 kB) that the browser scales up, sent at every redraw;
and the data points, an SVG laid over it that is sent only when the data change. Clicks on either
layer reach ``map_area``'s ipyevents handler, which turns them into data coordinates
(``drawing.click_position``) and adds or removes a drawn point.
"""

from __future__ import annotations

import html
import threading

import ipywidgets as widgets
import numpy as np
from ipyevents import Event

from .._arguments import BadArgument, shorten
from .._frontend import PALETTE, display_mode, image_bundle
from .._instrument import Instrument
from .._throttle import Throttle
from ..inspector.view import Inspector
from .controls import Controls
from .curves import loss_curves_svg
from .data import DRAWN, DRAWN_REGRESSION, DRAWN_SETS, check_data_pair
from .diagram import network_svg
from .drawing import added, click_position, nearest, toggled
from .export import to_code
from .features import transform
from .figures import CLASS_NAMES, by_class, map_png, neuron_rgb, neuron_sprite, output_rgb, points_svg
from .forward import column_maps
from .network import output_units
from .player import Player
from .session import Diverged, Session
from .settings import OWNER, Settings
from .snapshot import describe, metrics_text, snapshot_figure

DRAW_INTERVAL = 0.035  # seconds from the end of one redraw to the next: twenty-odd a second
DRAW_SHARE = 0.1  # and where redraws are slow, they take at most a tenth of the time
OUTPUT = "output"  # the neuron chooser's first choice (a Dropdown shows a None value as blank)
BOUNDARY_RESOLUTION, NEURON_RESOLUTION = 51, 17  # each neuron's map: every third point
MAP_SIZE = 300  # pixels: the output map's displayed side
# the map's pixels are centred on the points the network is computed at, the outermost on the box's
# edges: the image reaches half a pixel beyond the box on every side, cut off by the box
MAP_OVERHANG = MAP_SIZE / (BOUNDARY_RESOLUTION - 1) / 2


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
        shown_side = f"{MAP_SIZE + 2 * MAP_OVERHANG:g}px"
        self.boundary_image = widgets.Image(format="png", layout=widgets.Layout(
            width=shown_side, height=shown_side, max_width="none", grid_area="1 / 1",
            margin=f"-{MAP_OVERHANG:g}px 0 0 -{MAP_OVERHANG:g}px"))
        self.map_points = widgets.HTML(layout=widgets.Layout(width=f"{MAP_SIZE}px", height=f"{MAP_SIZE}px",
                                                             margin="0", grid_area="1 / 1"))
        self.map_area = widgets.GridBox([self.boundary_image, self.map_points], layout=widgets.Layout(
            width=f"{MAP_SIZE}px", height=f"{MAP_SIZE}px", grid_template_columns=f"{MAP_SIZE}px",
            grid_template_rows=f"{MAP_SIZE}px", overflow="hidden", margin="2px"))
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
            widgets.VBox([self.shown, self.map_area, self.curves, code_box]),
        ])
        for widget, name in ((self.widget, "kt-playground"), (self.status, "kt-playground-status"),
                             (self.boundary_image, "kt-playground-map"), (self.shown, "kt-playground-shown"),
                             (self.map_area, "kt-playground-map-area")):
            widget.add_class(name)  # names the browser tests find them by
        self.controls.on_change(self._on_controls)
        self.play_button.on_click(lambda button: self._told(self.pause if self.playing else self.play))
        self.step_button.on_click(lambda button: self._told(self.step, 1))
        self.controls.clear_points.on_click(lambda button: self._told(self.clear_points))
        self._clicks = Event(source=self.map_area, watched_events=["click"])
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
        """Stop background training after the current call into TensorFlow (within about 10 ms)."""
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
        options += [(label, (i, j)) for i, labels in enumerate(self._neuron_labels())
                    for j, label in enumerate(labels)]
        self.shown.options = options
        self.shown.value = OUTPUT
        self._draw_points()
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

    def _neuron_labels(self) -> list[list[str]]:
        """Each neuron's name, column by column: "hidden1 neuron 2"; "output: class 0 (orange)" for three
        or more classes, where output neuron j is the probability of class j."""
        names, sizes = self._column_names(), self._column_sizes()
        labels = [[f"{name} neuron {j + 1}" for j in range(size)] for name, size in zip(names, sizes)]
        if by_class(self.session.classes):
            labels[-1] = [f"output: class {j} ({CLASS_NAMES[j]})" for j in range(sizes[-1])]
        return labels

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
        """Bring every view that follows training up to date with the model (the data points change only
        with the data: ``_draw_points``)."""
        started = self._throttle.now()
        with self._drawing:
            maps, kernels = self._maps()  # one pass: the output and every neuron
            self._draw_map(maps)
            self._draw_network(maps, kernels)
            self._draw_curves()
            if not self.session.diverged:
                self._say(metrics_text(self.session))
                self.reset_button.button_style = ""
        self._throttle.done(started)

    def _maps(self) -> tuple[list[tuple[str, np.ndarray]], list[np.ndarray]]:
        """``Session.neuron_maps`` at ``BOUNDARY_RESOLUTION``, computed in numpy, and the kernels."""
        s = self.session
        columns = transform(s.grid(BOUNDARY_RESOLUTION), s.settings.features)
        return column_maps(s.model, columns, s.settings.features, BOUNDARY_RESOLUTION)

    def _draw_focus(self) -> None:
        with self._drawing:
            self._draw_map(self._maps()[0])

    def _draw_map(self, maps: list) -> None:
        """The large map: the network's output, or the neuron chosen to be shown."""
        s = self.session
        if self.focus is None:
            rgb = output_rgb(maps[-1][1], s.classes, s.value_range)
        else:
            column, neuron = self.focus
            rgb = neuron_rgb(maps[column][1][neuron], s.classes, neuron if column == len(maps) - 1 else None)
        self.boundary_image.value = map_png(rgb)

    def _draw_points(self) -> None:
        """The data points' layer over the map: drawn again only when the data change."""
        s = self.session
        self.map_points.value = points_svg((s.x_train, s.y_train), (s.x_test, s.y_test), s.classes,
                                           s.value_range, MAP_SIZE, s.extent)

    def _draw_network(self, maps: list, kernels: list[np.ndarray]) -> None:
        every = BOUNDARY_RESOLUTION // NEURON_RESOLUTION
        small = [values[:, ::every, ::every] for _, values in maps]
        sprite = neuron_sprite(small, self.session.classes)
        self.network.value = network_svg(self._column_names(), self._neuron_labels(), sprite,
                                         small[0].shape[-1], kernels)

    def _draw_curves(self) -> None:
        history = self.session.history
        self.curves.value = loss_curves_svg(history["train_loss"], history["test_loss"])

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
