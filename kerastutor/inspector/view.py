"""``kerastutor.inspect(model, sample)``: the layer inspector widget.

Only wiring: the facts come from ``facts.py``, the weights from ``weights.py``, the
pictures from ``figures.py`` and ``architecture.py``, the activations from ``activations.py``, the Why
tab's heatmap from ``kerastutor.attribution``. Each tab is
drawn when it is visible, so switching layers redraws one tab, not all six.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import ipywidgets as widgets
import numpy as np

from .._arguments import BadArgument, flag
from .._frontend import error_html, figure_to_png, image_bundle, show_image
from .._instrument import Instrument
from ..attribution.compute import METHODS, explain
from ..attribution.figures import overlay_figure
from ..attribution.summary import image_line
from .activations import (
    DEFAULT_BUDGET_MB,
    MemoryBudgetExceeded,
    Tap,
    as_input_batch,
    cached_output,
    check_budget,
    check_model,
    find_taps,
    layer_taps,
)
from .architecture import ArchitectureUnavailable, architecture_png
from .code import layer_code
from .facts import LayerFacts, layer_facts, summary_rows, summary_table
from .figures import activation_png
from .weights import WEIGHT_COLUMNS, WeightsView, weights_view

STATIC_NESTED_LIMIT = 60  # layer outputs up to which a static display unfolds nested models
INDENT = "\u00a0" * 4  # browsers collapse plain spaces in a select's options
TAB_TITLES = ("Layer", "Weights", "Activations", "Summary", "Architecture", "Why")
LAYER, WEIGHTS, ACTIVATIONS, SUMMARY, ARCHITECTURE, WHY = range(len(TAB_TITLES))


def _table(rows: Sequence[Sequence[str]], header: Sequence[str] | None = None) -> str:
    head = "".join(f"<th style='text-align:left;padding:0 8px'>{html.escape(h)}</th>" for h in header or ())
    body = "".join("<tr>" + "".join(f"<td style='padding:0 8px'>{html.escape(str(c))}</td>" for c in row)
                   + "</tr>" for row in rows)
    return f"<table>{'<tr>' + head + '</tr>' if header else ''}{body}</table>"


def _facts_html(facts: LayerFacts) -> str:
    shapes = [("class", facts.class_name), ("input shape", ", ".join(map(str, facts.input_shapes))),
              ("output shape", str(facts.output_shape)),
              ("parameters", f"{facts.trainable_params:,} trainable, {facts.non_trainable_params:,} "
                             "non-trainable")]
    return (f"<h4 style='margin:4px 0'>{html.escape(facts.name)}</h4>{_table(shapes)}"
            f"<h5 style='margin:8px 0 2px'>Configuration</h5>{_table(facts.config)}"
            f"<h5 style='margin:8px 0 2px'>From Keras 2 to Keras 3</h5>"
            f"{_table(facts.equivalents, ('Keras 2', 'Keras 3'))}")


class Inspector(Instrument):
    """Browse a model's layers: what each is, holds (weights) and does (activations); for an image
    classifier with a sample, the Why tab shows which pixels its prediction comes from (``why()``).

    Shows itself when it is the last expression of a cell (or with ``show()``); ``snapshot()``
    and ``save(path)`` give its summary as a picture, ``.widget`` the ipywidgets view.
    Drive it from code with ``select(name)``, ``expand(name)`` and ``sample_index``;
    ``to_code()`` gives the plain Keras code that reads the selected layer.
    Layer names are full names (``outer/inner``) or, for a layer inside one nested
    model only, its own name. Arguments are checked as ``kt.activations`` checks them.
    """

    OWNER = "Inspector"

    def __init__(self, model, sample=None, *, budget_mb: float = DEFAULT_BUDGET_MB) -> None:
        check_model("inspect", model)
        budget_mb = check_budget("inspect", budget_mb)
        self.model = model
        self.taps = layer_taps(model)
        self._by_name = {tap.name: tap for tap in self.taps}
        self._nested = {tap.name for tap in self.taps if any(t.parent[-1:] == (tap.name,) for t in self.taps)}
        self._expanded: set[str] = set()
        self.budget_mb = budget_mb
        self.sample = None if sample is None else as_input_batch(model, sample, "inspect", "sample")[0]
        self._activations: dict[str, np.ndarray] = {}
        self._architecture: bytes | None = None
        self._stale = set(range(len(TAB_TITLES)))

        self.layer_list = widgets.Select(options=self._options(), rows=18,
                                         layout=widgets.Layout(width="380px"))
        self.expand_button = widgets.Button(description="expand / collapse", icon="sitemap",
                                            tooltip="show or hide the layers inside a nested model",
                                            layout=widgets.Layout(width="380px"))
        batch = 0 if self.sample is None else len(self.sample[0])
        self.sample_index = widgets.IntSlider(value=0, min=0, max=max(batch - 1, 0), description="sample",
                                              layout=widgets.Layout(display="flex" if batch > 1 else "none"))
        self.info = widgets.HTML()
        self.weights_html = widgets.HTML()
        self.histograms = widgets.Image(format="png")
        self.kernels = widgets.Image(format="png")
        self.activation_html = widgets.HTML()
        self.activation_image = widgets.Image(format="png")
        self.summary_html = widgets.HTML()
        self.architecture_html = widgets.HTML()
        self.architecture_image = widgets.Image(format="png")
        self.why_method = widgets.Dropdown(options=list(METHODS), value="grad_cam", description="method")
        self.why_html = widgets.HTML()
        self.why_image = widgets.Image(format="png")
        self._why: dict[tuple[str, int], tuple[str, bytes | None]] = {}
        self.tabs = widgets.Tab(children=[
            self.info,
            widgets.VBox([self.weights_html, self.histograms, self.kernels]),
            widgets.VBox([self.sample_index, self.activation_html, self.activation_image]),
            self.summary_html,
            widgets.VBox([self.architecture_html, self.architecture_image]),
            widgets.VBox([widgets.HBox([self.why_method, self.sample_index]), self.why_html, self.why_image]),
        ], titles=TAB_TITLES, layout=widgets.Layout(flex="1"))

        self.layer_list.observe(lambda change: self._refresh(), names="value")
        self.tabs.observe(lambda change: self._draw(change["new"]), names="selected_index")
        self.sample_index.observe(lambda change: self._refresh({ACTIVATIONS, WHY}), names="value")
        self.why_method.observe(lambda change: self._refresh({WHY}), names="value")
        self.expand_button.on_click(lambda button: self.expand(self.selected))
        self.layer_list.value = self.taps[0].name if self.taps else None
        self._refresh()

    # ---- driving it from code ----------------------------------------------------------
    @property
    def selected(self) -> str | None:
        """Name of the selected layer."""
        return self.layer_list.value

    def _full_name(self, name: object, owner: str) -> str:
        """The tap name of layer ``name`` (a full name, or a nested layer's own unambiguous name)."""
        return find_taps(self.taps, name, owner, "name")[0].name

    def select(self, name: str) -> None:
        """Select a layer by its name (nested layers as ``outer/inner``), expanding its parents."""
        name = self._full_name(name, "Inspector.select")
        for parent in self._by_name[name].parent:
            self._expanded.add(parent)
        self.layer_list.options = self._options()
        self.layer_list.value = name

    def expand(self, name: str | None) -> None:
        """Show (or, if shown, hide) the layers inside the nested model ``name``; nothing happens
        for None or a layer that is not a nested model."""
        if name is None:
            return
        name = self._full_name(name, "Inspector.expand")
        if name not in self._nested:
            return
        self._expanded.symmetric_difference_update({name})
        selected = self.selected
        self.layer_list.options = self._options()
        self.layer_list.value = selected

    def summary(self, nested: bool = True) -> str:
        """The model summary as plain text (same numbers as ``model.summary()``); ``nested=False``
        lists the model's own layers only, counting those inside nested models in one line."""
        if flag("Inspector.summary", "nested", nested):
            return summary_table(self.model, self.taps)
        own = [tap for tap in self.taps if tap.depth == 0]
        inside = len(self.taps) - len(own)
        note = f"\n(+{inside} layers inside nested models: browse them in the inspector)" if inside else ""
        return summary_table(self.model, own) + note

    def to_code(self, name: str | None = None) -> str:
        """Plain Keras code that reads layer ``name`` (the selected one by default) as the tabs show it:
        its configuration, its weights and, where Keras has a public route to it, its output."""
        tap = self._by_name[self.selected if name is None else self._full_name(name, "Inspector.to_code")]
        path = [self._by_name[parent].layer.name for parent in tap.parent] + [tap.layer.name]
        several = len(tap.call.outputs) > 1
        return layer_code(path, tap.output if several else None, tap.depth == 0 and tap.call.count == 1)

    # ---- what is shown -------------------------------------------------------------------
    def _visible(self, tap: Tap) -> bool:
        return all(parent in self._expanded for parent in tap.parent)

    def _options(self) -> list[tuple[str, str]]:
        options = []
        for row, tap in zip(summary_rows(self.taps), self.taps):
            if not self._visible(tap):
                continue
            marker = ("▾ " if tap.name in self._expanded else "▸ ") if tap.name in self._nested else ""
            short_name = tap.name.rsplit("/", 1)[-1]
            label = f"{INDENT * tap.depth}{marker}{short_name} · {row.class_name} · {tap.shape}"
            options.append((label + (f" · {row.params:,}" if row.params else ""), tap.name))
        return options

    def _refresh(self, tabs: set[int] | None = None) -> None:
        self._stale |= {LAYER, WEIGHTS, ACTIVATIONS} if tabs is None else tabs
        self._draw(self.tabs.selected_index or 0)

    def _draw(self, index: int) -> None:
        if index not in self._stale or self.selected is None:
            return
        self._stale.discard(index)
        tap = self._by_name[self.selected]
        if index == LAYER:
            self.info.value = _facts_html(layer_facts(tap))
        elif index == WEIGHTS:
            self._draw_weights(tap)
        elif index == ACTIVATIONS:
            self._draw_activation(tap)
        elif index == SUMMARY:
            self.summary_html.value = f"<pre>{html.escape(self.summary())}</pre>"
        elif index == ARCHITECTURE:
            self._draw_architecture()
        elif index == WHY:
            self._draw_why()

    def _draw_weights(self, tap: Tap) -> None:
        view = self.weights(tap.name)
        if not view.rows:
            self.weights_html.value = f"<p>{html.escape(tap.name)} has no weights.</p>"
        else:
            self.weights_html.value = _table(view.rows, WEIGHT_COLUMNS)
        show_image(self.histograms, view.histograms)
        show_image(self.kernels, view.kernels)

    def weights(self, name: str | None = None) -> WeightsView:
        """The Weights tab of layer ``name`` (the selected one by default): statistics and histograms,
        displayable on its own, also where widgets are not live."""
        name = self.selected if name is None else self._full_name(name, "Inspector.weights")
        return weights_view(self._by_name[name].layer, name)

    def activation(self, name: str) -> np.ndarray:
        """The selected sample batch's output of layer ``name`` (all layers computed once)."""
        name = self._full_name(name, "Inspector.activation")
        if self.sample is None:
            raise ValueError("no sample was given: kt.inspect(model, sample=x) shows activations.")
        return cached_output(self._activations, self.model, self.sample, name, self.budget_mb)

    def _draw_activation(self, tap: Tap) -> None:
        if self.sample is None:
            self.activation_html.value = ("<p>Pass a sample to see what each layer does to it: "
                                          "<code>kt.inspect(model, sample=x_test[:8])</code></p>")
            show_image(self.activation_image, None)
            return
        try:
            values = self.activation(tap.name)[self.sample_index.value]
        except MemoryBudgetExceeded as reason:  # a huge sample: say so in the tab, keep browsing
            self.activation_html.value = error_html(reason, "p")
            show_image(self.activation_image, None)
            return
        kind, png = activation_png(values)
        if kind == "text":
            summary = html.escape(repr(values.tolist())[:300])
        elif kind == "empty":
            summary = "no values"
        else:
            summary = f"min {values.min():.4g}, mean {values.mean():.4g}, max {values.max():.4g}"
        where = f"<b>{html.escape(tap.name)}</b> on sample {self.sample_index.value}"
        self.activation_html.value = f"<p>{where}: {kind}, shape {values.shape}, {summary}</p>"
        show_image(self.activation_image, png)

    def why(self, method: str | None = None, index: int | None = None) -> tuple[str, bytes | None]:
        """The Why tab for sample ``index`` (the slider's by default) with ``method`` (the dropdown's): a line
        saying what the model predicts and where it looks, and the heatmap over the sample as PNG (None when
        the model is not an image classifier or there is no sample; the line then says why)."""
        method = self.why_method.value if method is None else method
        index = self.sample_index.value if index is None else index
        if self.sample is None:
            return ("Pass a sample to see which pixels the prediction comes from: "
                    "kt.inspect(model, sample=x_test[:8])", None)
        if (method, index) not in self._why:
            try:
                result = explain(self.model, self.sample[0][index:index + 1], method,
                                 budget_mb=self.budget_mb, owner="Inspector.why")
            except (BadArgument, ValueError, RuntimeError) as reason:  # not an image classifier, no conv...
                self._why[method, index] = (str(reason), None)
            else:
                line = image_line(result, 0).replace("image 0", f"sample {index}", 1)
                caption = f"{method}: predicted {result.predicted[0]}"
                self._why[method, index] = (line, figure_to_png(overlay_figure(
                    result.images[0], result.heatmaps[0], caption)))
        return self._why[method, index]

    def _draw_why(self) -> None:
        line, png = self.why()
        self.why_html.value = (f"<p>{html.escape(line)}</p>" if png is not None or self.sample is None
                               else error_html(line, "p"))
        show_image(self.why_image, png)

    def _draw_architecture(self) -> None:
        try:
            if self._architecture is None:
                self._architecture = architecture_png(self.model)
            self.architecture_image.value = self._architecture
            self.architecture_html.value = ""
        except ArchitectureUnavailable as reason:
            self.architecture_html.value = error_html(reason, "p")

    # ---- the instrument's hooks -------------------------------------------------------------
    def _build_widget(self) -> widgets.Widget:
        return widgets.HBox([widgets.VBox([self.layer_list, self.expand_button]), self.tabs])

    def _small(self) -> bool:
        """Whether a static copy unfolds nested models (a pretrained base's hundred layers stay folded)."""
        return len(self.taps) <= STATIC_NESTED_LIMIT

    def _text(self) -> str:
        return self.summary(nested=self._small())

    def _static(self) -> list[str | dict]:
        try:
            picture = architecture_png(self.model, expand_nested=self._small())
        except ArchitectureUnavailable as reason:
            return [self._text(), str(reason)]
        return [self._text(), image_bundle(picture, f"architecture of {self.model.name!r}")]

    def __repr__(self) -> str:
        return (f"Inspector(model {self.model.name!r}, {len(self.taps)} layer outputs, "
                f"selected {self.selected!r})")


def inspect(model, sample=None, *, budget_mb: float = DEFAULT_BUDGET_MB) -> Inspector:
    """Open the layer inspector on ``model``; with ``sample`` (one input or a batch), activations too.

    ``model`` must be a functional or built Sequential ``keras.Model``; ``sample`` is checked as
    ``kt.activations`` checks ``x`` (shape, numbers, at least one sample; NaN warned about);
    ``budget_mb`` (a finite number above 0) caps the memory of the activations computed.
    Each wrong argument is refused by name before any TensorFlow work."""
    return Inspector(model, sample, budget_mb=budget_mb)
