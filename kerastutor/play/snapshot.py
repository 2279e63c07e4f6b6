"""The playground as one still picture, for places without live widgets: the output map with the points,
and the train and test loss curves (matplotlib, no pyplot state)."""

from __future__ import annotations

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from .curves import TEST_COLOR, TRAIN_COLOR
from .figures import CLASS_NAMES, by_class, neuron_rgb, output_rgb, point_colors
from .network import output_units
from .session import Session

RESOLUTION = 51  # points a side of the still map, as the live one


def metrics_text(session: Session) -> str:
    """The epoch and latest losses (and test accuracy): "epoch 40: train loss 0.051, ..."."""
    metrics = session.metrics()
    shown = [f"train loss {metrics['train_loss']:.3f}", f"test loss {metrics['test_loss']:.3f}"]
    if "test_accuracy" in metrics:
        shown.append(f"test accuracy {metrics['test_accuracy']:.0%}")
    return f"epoch {metrics['epoch']}: " + ", ".join(shown)


def describe(session: Session) -> str:
    """One line: the data, the network and ``metrics_text``."""
    s = session.settings
    network = " -> ".join(map(str, (len(s.features), *s.hidden, output_units(session.classes))))
    return f"playground: {s.dataset}, features {', '.join(s.features)}, network {network}, " \
           + metrics_text(session)


def map_title(classes: int, layer: str | None = None, neuron: int = 0, output: bool = False) -> str:
    """The still map's title: what its colours mean. ``layer`` None: the network's output; otherwise
    neuron ``neuron`` (from 0) of ``layer``, ``output`` saying whether that is the output column."""
    if layer is None:
        if by_class(classes):
            colours = ", ".join(f"{name} {j}" for j, name in enumerate(CLASS_NAMES[:classes]))
            return f"most likely class ({colours}), paler where less sure"
        return "output (orange 0, blue 1)" if classes else "output (orange low, blue high)"
    if output and by_class(classes):
        return f"output: class {neuron} probability (white 0, {CLASS_NAMES[neuron]} 1)"
    return f"{layer} neuron {neuron + 1} (orange low, blue high)"


def snapshot_figure(session: Session, focus: tuple[int, int] | None = None) -> Figure:
    """The output map (train points outlined white, test points black), or neuron ``focus`` = (column,
    neuron)'s own map, beside the loss curves."""
    figure = Figure(figsize=(8, 3.6), dpi=80)
    FigureCanvasAgg(figure)
    left, right = figure.subplots(1, 2, gridspec_kw={"width_ratios": [1, 1.3]})
    maps = session.neuron_maps(RESOLUTION)
    classes = session.classes
    if focus is None:
        image = output_rgb(maps[-1][1], classes, session.value_range)
        title = map_title(classes)
    else:
        column, neuron = focus
        output = column == len(maps) - 1
        image = neuron_rgb(maps[column][1][neuron], classes, neuron if output else None)
        title = map_title(classes, "feature" if column == 0 else maps[column][0], neuron, output)
    x0, x1, y0, y1 = session.extent
    half_x, half_y = (x1 - x0) / (RESOLUTION - 1) / 2, (y1 - y0) / (RESOLUTION - 1) / 2  # pixels centred
    left.imshow(image, extent=(x0 - half_x, x1 + half_x, y0 - half_y, y1 + half_y), interpolation="bilinear")
    for (x, y), outline in (((session.x_train, session.y_train), "white"), ((session.x_test, session.y_test),
                                                                            "black")):
        left.scatter(x[:, 0], x[:, 1], s=14, c=point_colors(y, classes, session.value_range) / 255,
                     edgecolors=outline, linewidths=0.8)
    left.set_xlim(x0, x1)
    left.set_ylim(y0, y1)
    left.set_xlabel("x1")
    left.set_ylabel("x2")
    left.set_title(title, fontsize=9)
    history = session.history
    right.plot(history["epoch"], history["train_loss"], color=TRAIN_COLOR, label="train loss")
    right.plot(history["epoch"], history["test_loss"], color=TEST_COLOR, label="test loss")
    right.set_xlabel("epoch")
    right.xaxis.set_major_locator(MaxNLocator(integer=True))
    right.set_ylim(bottom=0)
    right.set_title(f"loss after {session.epoch} epochs")
    if session.epoch:
        right.legend()
    figure.tight_layout()
    return figure
