"""The playground as one still picture, for places without live widgets: the output map with the points,
and the train and test loss curves (matplotlib, no pyplot state)."""

from __future__ import annotations

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from .._frontend import figure_to_png
from .curves import TEST_COLOR, TRAIN_COLOR
from .figures import boundary_image, symmetric_range
from .session import Session


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
    network = " -> ".join(map(str, (len(s.features), *s.hidden, 1)))
    return f"playground: {s.dataset}, features {', '.join(s.features)}, network {network}, " \
           + metrics_text(session)


def snapshot_figure(session: Session, focus: tuple[int, int] | None = None) -> Figure:
    """The output map (train points outlined white, test points black), or neuron ``focus`` = (column,
    neuron)'s own map, beside the loss curves."""
    figure = Figure(figsize=(8, 3.6), dpi=80)
    FigureCanvasAgg(figure)
    left, right = figure.subplots(1, 2, gridspec_kw={"width_ratios": [1, 1.3]})
    if focus is None:
        output, value_range = session.boundary(), session.value_range
        title = "output (orange 0, blue 1)" if session.classification else "output"
    else:
        name, maps = session.neuron_maps(50)[focus[0]]
        output = maps[focus[1]]
        value_range = symmetric_range(output)
        title = f"{'feature' if focus[0] == 0 else name} neuron {focus[1] + 1} (orange low, blue high)"
    image = boundary_image(output, value_range, (session.x_train, session.y_train),
                           (session.x_test, session.y_test), size=300, extent=session.extent)
    x0, x1, y0, y1 = session.extent
    left.imshow(image, extent=(x0, x1, y0, y1))
    left.set_xlabel("x1")
    left.set_ylabel("x2")
    left.set_title(title)
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


def snapshot_png(session: Session, focus: tuple[int, int] | None = None) -> bytes:
    """``snapshot_figure`` as PNG bytes."""
    return figure_to_png(snapshot_figure(session, focus))
