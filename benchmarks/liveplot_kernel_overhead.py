"""Cost of LivePlot during training inside a real Jupyter kernel, as a ratio to training with no callback.

``liveplot_overhead.py`` measures LivePlot in a plain Python process (script mode, a stand-in display
handle). Learners run it in a kernel, where every progress update and redraw goes through ipywidgets'
comm messages and the kernel's output machinery. This script starts ONE real ``python3`` kernel (the
venv's, through jupyter_client) and drives it from a client that reads every iopub message as a front
end does: ``comm_open`` of widgets and their ``comm_msg`` updates are received and counted, never
answered (an unattended front end with no widget manager; ipywidgets' kernel-side widgets wait for no
reply). The kernel gets the caller's environment without ``MPLBACKEND`` and ``JPY_SESSION_NAME``, so
matplotlib uses the kernel's own inline backend as in a learner's kernel, and the display mode is set
only through ``KERASTUTOR_DISPLAY`` (read by LivePlot at every ``fit``'s start) before each run.

Workload: ``liveplot_overhead.py``'s own ``workload`` and ``build_model``, imported in the kernel (an
MLP on scikit-learn's digits tiled to ~18k samples, 20 epochs, batch 64, ``validation_split=0.1``, the
same seeded model for every configuration). Each ``fit`` is timed inside the kernel
(``time.perf_counter`` around it) and its time is printed there as JSON on stdout.

Configurations: plain ``fit(verbose=0)``; a no-op callback with ``on_train_batch_end``/``on_epoch_end``
(Keras's own cost of a callback with batch hooks: logs turned into numbers every batch); ``LivePlot()``
and ``LivePlot(per_batch=True)``, each in widget and static mode; ``LayerStats()`` (a 64-sample
``sample``) in widget and static mode; livelossplot's ``PlotLossesKeras()`` when the kernel can
import it. At least 7 rounds, the order of the configurations rotated each round; printed: the median of
the per-round ratios to plain ``fit`` by the clock and by the kernel's CPU time, for LivePlot the median
per-round ratio to the no-op floor too, and "inside": 1 + (the training thread's CPU time inside the
callbacks' hooks + the iopub thread's CPU time beyond plain fit's) / plain fit's time, each a median.
"Inside" is the same cost as the ratios, measured where it is spent, so the run-to-run noise of training
itself (plain fits vary by 10-20% between rounds on a shared VM) does not drown it.

Then a profile per epoch of where LivePlot's time goes in widget mode: timers (exclusive time, so
nothing is counted twice) wrapped inside the kernel around LivePlot's hooks, the status text's
formatting, each widget's ``send_state`` (by widget: progress bar, status HTML, image), the comm's
``publish_msg`` (serialize, sign, hand to the iopub thread), the figure's draw and PNG encoding and the
view's ``display`` calls; Keras's hook floor comes from the rounds (no-op minus plain), "other" is what
the timers do not explain; the iopub traffic the client received is counted per epoch.

Last, the playground: ``playground_fps.py``'s own measurement (each setup played for a few seconds
taking turns with the same training without display) run inside this kernel, so its redraws go through
the kernel's real comms and iopub thread: redraws a second, epochs a second while playing and without
display, and the iopub traffic while playing.

    .venv/bin/python benchmarks/liveplot_kernel_overhead.py [--rounds 7] [--cpu N|all] [--only NAME ...]
                                                            [--quick]

``--cpu``: the kernel runs pinned to that one CPU (default: the machine's last), as on Binder's one
CPU, and this client on the others, so reading iopub never competes with the fit it measures and
TensorFlow's thread pools do not wander between cores (the main source of round-to-round noise on a
2-core machine); ``--cpu all`` leaves both unpinned. ``--only``: those configurations, with plain fit
and the no-op floor, and no profile or playground. ``--quick``: 2 rounds, 3 epochs (a smoke test: its
figures mean nothing).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EPOCHS, BATCH = 20, 64
MARKER = "KTBENCH "
CELL_TIMEOUT_SECONDS = 1800
# kept out of the kernel's environment: the inline backend and the display mode are the kernel's own
DROPPED_VARIABLES = ("MPLBACKEND", "JPY_SESSION_NAME", "VSCODE_PID", "KERASTUTOR_DISPLAY")

# name -> (display mode or None, Python expression making the callbacks list inside the kernel)
CONFIGURATIONS: dict[str, tuple[str | None, str]] = {
    "plain fit": (None, "[]"),
    "no-op batch+epoch hooks": (None, "[NoOp()]"),
    "LivePlot() widget": ("widget", "[LivePlot()]"),
    "LivePlot(per_batch) widget": ("widget", "[LivePlot(per_batch=True)]"),
    "LivePlot() static": ("static", "[LivePlot()]"),
    "LivePlot(per_batch) static": ("static", "[LivePlot(per_batch=True)]"),
    "LayerStats() widget": ("widget", "[LayerStats(sample=SAMPLE)]"),
    "LayerStats() static": ("static", "[LayerStats(sample=SAMPLE)]"),
    "livelossplot": (None, "[PlotLossesKeras()]"),
}
BASELINE, FLOOR = "plain fit", "no-op batch+epoch hooks"
LIVEPLOTS = [name for name in CONFIGURATIONS if name.startswith("LivePlot")]
TARGETS = {"LivePlot() widget": 1.03, "LivePlot(per_batch) widget": 1.10, "LivePlot() static": 1.03,
           "LivePlot(per_batch) static": 1.10,
           "LayerStats() widget": 1.15, "LayerStats() static": 1.15}

SETUP = """\
import json, sys, time
import keras
from ipykernel.kernelapp import IPKernelApp
from kerastutor.layerstats.callback import LayerStats
from kerastutor.training.callback import LivePlot

sys.path.insert(0, {benchmarks!r})
from liveplot_overhead import build_model, fresh_start, workload  # script mode's, as the issue asks

EPOCHS, BATCH = {epochs}, {batch}
X, Y = workload()
SAMPLE = (X[:64], Y[:64])  # LayerStats' sample, as its documentation suggests
HOOKS = ("on_train_begin", "on_epoch_begin", "on_train_batch_begin", "on_train_batch_end", "on_epoch_end",
         "on_test_begin", "on_test_batch_end", "on_test_end", "on_train_end")
IOPUB = IPKernelApp.instance().iopub_thread.thread  # sends every message this kernel publishes
try:
    from livelossplot import PlotLossesKeras
    HAVE_LIVELOSSPLOT = True
except ImportError:
    HAVE_LIVELOSSPLOT = False


class NoOp(keras.callbacks.Callback):
    \"\"\"Keras's floor for a callback with batch hooks: it does nothing in them.\"\"\"

    def on_train_batch_end(self, batch, logs=None):
        pass

    def on_epoch_end(self, epoch, logs=None):
        pass


def iopub_cpu():
    \"\"\"CPU seconds the kernel's iopub thread has used (serializing and sending messages).\"\"\"
    return time.clock_gettime(time.pthread_getcpuclockid(IOPUB.ident))


def time_hooks(callback, inside):
    \"\"\"Add the CPU time (this thread's) of every hook ``callback`` overrides to ``inside[0]``.\"\"\"
    for hook in HOOKS:
        if getattr(type(callback), hook) is getattr(keras.callbacks.Callback, hook):
            continue
        def timed(*args, _hook=getattr(callback, hook), **kwargs):
            started = time.thread_time()
            try:
                return _hook(*args, **kwargs)
            finally:
                inside[0] += time.thread_time() - started
        setattr(callback, hook, timed)


def bench_run(name, mode, make_callbacks, epochs=EPOCHS):
    fresh_start(mode)
    model = build_model()
    callbacks, inside = make_callbacks(), [0.0]
    for callback in callbacks:
        time_hooks(callback, inside)
    started, started_cpu, started_iopub = time.perf_counter(), time.process_time(), iopub_cpu()
    model.fit(X, Y, epochs=epochs, batch_size=BATCH, validation_split=0.1, verbose=0, callbacks=callbacks)
    wall, cpu = time.perf_counter() - started, time.process_time() - started_cpu
    record = {{"name": name, "wall": wall, "cpu": cpu, "hooks": inside[0],
              "iopub": iopub_cpu() - started_iopub}}
    print({marker!r} + json.dumps(record))
    return callbacks
"""

# timers inside the kernel: exclusive time per category (a timed call inside another is not counted twice)
PROFILE_SETUP = """\
import ipywidgets
import ipykernel.comm.comm
from matplotlib.backends.backend_agg import FigureCanvasAgg
from kerastutor.training import callback as _kt_callback, figure as _kt_figure, view as _kt_view

_PROFILE, _CALLS, _STACK, _PATCHED = {}, {}, [], []


def _timed(category, function):
    def timed(*args, **kwargs):
        started = time.perf_counter()
        _STACK.append(0.0)
        try:
            return function(*args, **kwargs)
        finally:
            inner = _STACK.pop()
            elapsed = time.perf_counter() - started
            name = category(*args) if callable(category) else category
            _PROFILE[name] = _PROFILE.get(name, 0.0) + elapsed - inner
            _CALLS[name] = _CALLS.get(name, 0) + 1
            if _STACK:
                _STACK[-1] += elapsed
    return timed


def _patch(owner, attribute, category):
    original = getattr(owner, attribute)
    _PATCHED.append((owner, attribute, original))
    setattr(owner, attribute, _timed(category, original))


def _widget_sync(widget, *args):
    kind = {"FloatProgress": "progress bar: value syncs", "HTML": "status text: HTML syncs",
            "Image": "image widget: PNG sync"}.get(type(widget).__name__, "other widget syncs")
    return kind


def profile_on():
    _PROFILE.clear()
    _CALLS.clear()
    live = _kt_callback.LivePlot
    _patch(live, "on_train_batch_end", "LivePlot batch hook: own work (throttles, guards)")
    _patch(live, "_record_batch", "LivePlot per batch: NaN check + record")
    for hook in ("on_train_begin", "on_epoch_begin", "on_epoch_end", "on_train_end"):
        _patch(live, hook, "LivePlot begin/epoch/end hooks: own work")
    _patch(live, "_learning_rate", "LivePlot learning-rate read (per epoch)")
    _patch(live, "_record_epoch", "LivePlot epoch record")
    _patch(live, "_update_progress", "progress: LivePlot's glue (_update_progress)")
    _patch(_kt_callback, "format_progress", "status text: formatting")
    _patch(_kt_callback, "estimate_remaining", "status text: formatting")
    _patch(_kt_view.LivePlotView, "set_progress", "progress + status: trait sets (traitlets)")
    _patch(_kt_view.LivePlotView, "set_image", "image: trait set")
    _patch(ipywidgets.Widget, "send_state", _widget_sync)
    _patch(ipykernel.comm.comm.BaseComm, "publish_msg", "comm send: serialize, sign, to iopub")
    _patch(_kt_figure.CurvesFigure, "draw", "figure update (artists' data, limits)")
    _patch(_kt_figure.CurvesFigure, "png", "figure PNG encoding (PIL), print_png's rest")
    _patch(FigureCanvasAgg, "draw", "figure render (Agg rasterizing)")
    _patch(_kt_view.LivePlotView, "show", "view display (shown, final bundle)")
    _patch(_kt_view.LivePlotView, "finish", "view display (shown, final bundle)")
    _patch(_kt_view.LivePlotView, "__init__", "view creation (widgets, comm_open)")


def profile_off():
    while _PATCHED:
        owner, attribute, original = _PATCHED.pop()
        setattr(owner, attribute, original)
    print(%MARKER% + json.dumps({"profile": _PROFILE, "calls": _CALLS}))
"""


# the playground's own benchmark, run in this kernel: its comms are the kernel's real ones (the stand-in
# it installs replaces only ``comm.DummyComm``, which a kernel does not use)
PLAYGROUND_SETUP = """\
import playground_fps
from IPython.display import display


def playground_in_kernel(seconds, setups):
    playground_fps.PLAY_SECONDS = seconds
    rows = {}
    for title in list(playground_fps.SETUPS)[:setups]:
        settings = playground_fps.Settings().changed(**playground_fps.SETUPS[title])
        pg = playground_fps.CountedPlayground(settings)
        display(pg)  # as a learner's cell shows it; the client receives every message it sends
        rows[title] = playground_fps.play_against_bare(pg)
    print(%MARKER% + json.dumps(rows))
"""


@dataclass
class Traffic:
    """What the client received on iopub during one cell: messages and bytes by type."""

    messages: Counter = field(default_factory=Counter)
    bytes: Counter = field(default_factory=Counter)
    comm_models: Counter = field(default_factory=Counter)  # comm_msg count by widget model


def pin(cpus: set[int]) -> None:
    """Pin every thread of this process to ``cpus`` (processes started afterwards inherit it)."""
    for thread in os.listdir("/proc/self/task"):
        os.sched_setaffinity(int(thread), cpus)


class Kernel:
    """One real kernel and a client that reads every iopub message, as a front end does."""

    def __init__(self, kernel_cpu: int | None = None) -> None:
        from jupyter_client.manager import KernelManager

        everywhere = os.sched_getaffinity(0)
        if kernel_cpu is not None:  # the kernel inherits this, from its first thread on
            pin({kernel_cpu})
        environment = {key: value for key, value in os.environ.items() if key not in DROPPED_VARIABLES}
        environment["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), environment.get("PYTHONPATH")]))
        self.manager = KernelManager(kernel_name="python3")
        self.manager.start_kernel(env=environment, cwd=str(ROOT))
        if kernel_cpu is not None:
            pin(everywhere - {kernel_cpu} or everywhere)
        self.client = self.manager.client()
        self.client.start_channels()
        self.client.wait_for_ready(timeout=120)
        self.comm_model: dict[str, str] = {}  # comm id -> widget model name (from comm_open)

    def run(self, code: str) -> tuple[list[dict], Traffic]:
        """Run ``code``; return the JSON records it printed after MARKER, and the iopub traffic."""
        msg_id = self.client.execute(code, store_history=False)
        traffic, text = Traffic(), []
        while True:
            message = self.client.get_iopub_msg(timeout=CELL_TIMEOUT_SECONDS)
            if message["parent_header"].get("msg_id") != msg_id:
                continue
            kind, content = message["msg_type"], message["content"]
            traffic.messages[kind] += 1
            traffic.bytes[kind] += len(json.dumps(content, default=str)) + sum(
                len(memoryview(buffer)) for buffer in message.get("buffers") or [])
            if kind == "comm_open":  # received, not answered: no widget manager runs here
                model = content.get("data", {}).get("state", {}).get("_model_name", "?")
                self.comm_model[content["comm_id"]] = model
            elif kind == "comm_msg":
                traffic.comm_models[self.comm_model.get(content["comm_id"], "?")] += 1
            elif kind == "stream" and content["name"] == "stdout":
                text.append(content["text"])
            elif kind == "error":
                raise RuntimeError("the kernel failed:\n" + "\n".join(content["traceback"]))
            elif kind == "status" and content["execution_state"] == "idle":
                break
        reply = self.client.get_shell_msg(timeout=60)
        if reply["content"]["status"] != "ok":
            raise RuntimeError(f"the cell failed: {reply['content']}")
        records = [json.loads(line[len(MARKER):]) for line in "".join(text).splitlines()
                   if line.startswith(MARKER)]
        return records, traffic

    def close(self) -> None:
        self.client.stop_channels()
        self.manager.shutdown_kernel(now=True)


@dataclass
class Run:
    """One timed fit in the kernel."""

    wall: float  # seconds, perf_counter around fit
    cpu: float  # CPU seconds of the whole kernel process (every thread)
    hooks: float  # CPU seconds of the training thread inside the callbacks' own hooks (0 for plain fit)
    iopub: float  # CPU seconds of the kernel's iopub thread (sending what the hooks published)
    traffic: Traffic


def run_config(kernel: Kernel, name: str, epochs: int) -> Run:
    """One timed fit of configuration ``name`` in the kernel."""
    mode, factory = CONFIGURATIONS[name]
    records, traffic = kernel.run(f"_ = bench_run({name!r}, {mode!r}, lambda: {factory}, epochs={epochs})")
    (record,) = records
    return Run(record["wall"], record["cpu"], record["hooks"], record["iopub"], traffic)


def median_ratio(values: list[Run], bases: list[Run], measure) -> float:
    """The median of the per-round ratios ``measure(value) / measure(base)``."""
    return statistics.median(measure(v) / measure(b) for v, b in zip(values, bases, strict=True))


def rounds_table(times: dict[str, list[Run]], rounds: int, epochs: int) -> None:
    """Print the median per-round ratios: to plain fit by the clock and by CPU time, LivePlot's to the
    no-op floor; and the cost measured inside the kernel (the hooks' CPU time and the iopub thread's
    beyond plain fit's) over plain fit's median time."""
    print(f"\nin a real kernel: {epochs} epochs, batch {BATCH}, {rounds} rounds, order rotated each round")
    print(f"{'configuration':<28} {'wall':>7} {'x plain':>8} {'x no-op':>8} {'CPU x':>7} {'inside x':>9} "
          f"{'target':>7} {'hooks ms/ep':>11} {'iopub ms/ep':>11} {'iopub msg/ep':>12} {'KB/ep':>7}   "
          "wall per round")
    base = times[BASELINE]
    plain_wall = statistics.median(r.wall for r in base)
    plain_iopub = statistics.median(r.iopub for r in base)
    for name, values in times.items():
        floor = f"{median_ratio(values, times[FLOOR], lambda r: r.wall):.3f}x" if name in LIVEPLOTS else ""
        hooks = statistics.median(r.hooks for r in values)
        iopub = statistics.median(r.iopub for r in values) - plain_iopub
        inside = 1 + (hooks + iopub) / plain_wall
        target = f"{TARGETS[name]:.2f}x" if name in TARGETS else ""
        messages = statistics.median(sum(r.traffic.messages.values()) for r in values) / epochs
        kilobytes = statistics.median(sum(r.traffic.bytes.values()) for r in values) / epochs / 1024
        walls = " ".join(f"{r.wall:5.2f}" for r in values)
        print(f"{name:<28} {statistics.median(r.wall for r in values):6.2f}s "
              f"{median_ratio(values, base, lambda r: r.wall):7.3f}x {floor:>8} "
              f"{median_ratio(values, base, lambda r: r.cpu):6.3f}x {inside:8.3f}x {target:>7} "
              f"{hooks / epochs * 1000:11.1f} {iopub / epochs * 1000:11.1f} {messages:12.1f} "
              f"{kilobytes:7.1f}   {walls}")
    print("x plain, CPU x: median per-round ratio to plain fit (the clock; the kernel's CPU time). inside x: "
          "1 + (CPU time in the callbacks' hooks + the iopub thread's CPU beyond plain fit's) / plain fit's "
          "time (medians): the same cost, without the run-to-run noise of training itself")


def profile_table(kernel: Kernel, times: dict, epochs: int) -> None:
    """Profile one LivePlot() and one LivePlot(per_batch=True) fit in widget mode, per epoch."""
    kernel.run(PROFILE_SETUP.replace("%MARKER%", repr(MARKER)))
    plain = statistics.median(r.wall for r in times[BASELINE])
    plain_iopub = statistics.median(r.iopub for r in times[BASELINE])
    columns, calls = {}, {}
    for name in ("LivePlot() widget", "LivePlot(per_batch) widget"):
        kernel.run("profile_on()")
        try:
            run = run_config(kernel, name, epochs)
        finally:
            (record,), _ = kernel.run("profile_off()")
        columns[name] = (run.wall, record["profile"], run.traffic)
        calls[name] = record["calls"]
    # what to explain: the cost measured inside the kernel in the rounds (one profiled fit's clock is
    # too noisy for it): the hooks' CPU time and the iopub thread's beyond plain fit's
    iopub = {name: statistics.median(r.iopub for r in times[name]) - plain_iopub for name in columns}
    overhead = {name: statistics.median(r.hooks for r in times[name]) + iopub[name] for name in columns}
    categories = sorted({category for _, profile, _ in columns.values() for category in profile})
    print("\nwhere LivePlot's time goes in the kernel, widget mode, ms per epoch (share of its cost "
          f"measured inside the kernel in the rounds; plain fit {plain / epochs * 1000:.0f} ms per epoch)")
    print(f"{'part':<58}" + "".join(f"{name:>31}" for name in columns))
    print(f"{'':<58}" + f"{'ms/epoch  share  calls/ep':>31}" * len(columns))

    def row(label: str, values: list[float]) -> None:
        cells = []
        for value, name in zip(values, columns, strict=True):
            share = value / overhead[name] * 100 if overhead[name] > 0 else 0.0
            count = calls[name].get(label)
            count = f"{count / epochs:9.1f}" if count is not None else ""
            cells.append(f"{value / epochs * 1000:10.1f} ms {share:6.1f}%{count:>9}")
        print(f"{label:<58}" + "".join(f"{cell:>31}" for cell in cells))

    for category in categories:
        row(category, [profile.get(category, 0.0) for _, profile, _ in columns.values()])
    row("iopub thread: sending the messages (CPU, the rounds)", [iopub[n] for n in columns])
    explained = {name: sum(profile.values()) + iopub[name] for name, (_, profile, _) in columns.items()}
    row("other (the cost inside minus the timed parts, with timers)",
        [overhead[n] - explained[n] for n in columns])
    row("LivePlot's cost measured inside (median of the rounds)", [overhead[n] for n in columns])
    row("the rounds' clock overhead over plain fit (noisy)",
        [statistics.median(r.wall for r in times[n]) - plain for n in columns])
    floor, base = times[FLOOR], times[BASELINE]
    print(f"Keras's floor: a no-op callback with the same hooks spends "
          f"{statistics.median(r.hooks for r in floor) / epochs * 1000:.1f} ms per epoch in them; by the "
          f"clock it ran at {median_ratio(floor, base, lambda r: r.wall):.3f}x plain fit, by CPU time at "
          f"{median_ratio(floor, base, lambda r: r.cpu):.3f}x (Keras 3 turns the logs into numbers every "
          "batch whether or not a callback has batch hooks)")
    print("iopub received per epoch (messages, KB):")
    for name, (_, _, traffic) in columns.items():
        parts = ", ".join(f"{kind} {count / epochs:.1f} ({traffic.bytes[kind] / epochs / 1024:.1f} KB)"
                          for kind, count in traffic.messages.most_common())
        models = ", ".join(f"{model} {count / epochs:.1f}"
                           for model, count in traffic.comm_models.most_common())
        print(f"  {name}: {parts}; comm_msg by widget: {models or 'none'}")


def playground_table(kernel: Kernel, seconds: float, setups: int) -> None:
    """The playground played in the kernel (real comms, an unattended front end) against the same
    training without display, taking turns: playground_fps.py's measurement, inside a kernel."""
    kernel.run(PLAYGROUND_SETUP.replace("%MARKER%", repr(MARKER)))
    (rows,), traffic = kernel.run(f"playground_in_kernel({seconds}, {setups})")
    played = seconds * len(rows)  # the messages come while it plays (it takes turns with bare training)
    print(f"\nthe playground in the kernel ({seconds:.0f} s of play per setup, taking turns with the same "
          "training without display)")
    print(f"{'setup':<38} {'redraws/s':>9} {'epochs/s playing':>17} {'without display':>16} "
          f"{'slower':>7} {'drawing share':>14}")
    for title, (redraws, playing, bare, drawing) in rows.items():
        print(f"{title:<38} {redraws:9.1f} {playing:17.1f} {bare:16.1f} {1 - playing / bare:7.1%} "
              f"{drawing:14.1%}")
    print(f"iopub while playing: {sum(traffic.messages.values()) / played:.0f} messages/s, "
          f"{sum(traffic.bytes.values()) / played / 1024:.0f} KB/s; targets: at least 20 redraws a second, "
          "at most 10% slower (the default setup)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=7, help="rounds of every configuration (default 7)")
    parser.add_argument("--cpu", default=None,
                        help="the one CPU the kernel runs on (default: the last), or 'all' (unpinned)")
    parser.add_argument("--only", nargs="+", metavar="CONFIGURATION", choices=list(CONFIGURATIONS),
                        help="measure only these configurations (with plain fit and the no-op floor); "
                             "the profile and the playground are left out")
    parser.add_argument("--quick", action="store_true", help="a smoke test: 2 rounds, 3 epochs")
    arguments = parser.parse_args()
    cpus = sorted(os.sched_getaffinity(0))
    kernel_cpu = None if arguments.cpu == "all" else int(arguments.cpu or cpus[-1])
    print(f"kernel pinned to CPU {kernel_cpu}, this client on the others" if kernel_cpu is not None
          else "kernel and client unpinned")
    rounds, epochs = (2, 3) if arguments.quick else (arguments.rounds, EPOCHS)
    started = time.perf_counter()
    kernel = Kernel(kernel_cpu)
    try:
        kernel.run(SETUP.format(benchmarks=str(ROOT / "benchmarks"), epochs=epochs, batch=BATCH,
                                marker=MARKER))
        names = list(dict.fromkeys([BASELINE, FLOOR, *arguments.only])) if arguments.only \
            else list(CONFIGURATIONS)
        (have,), _ = kernel.run(f"print({MARKER!r} + json.dumps(HAVE_LIVELOSSPLOT))")
        if not have and "livelossplot" in names:
            names.remove("livelossplot")
            print("livelossplot is not installed in the kernel: its row is left out "
                  "(pip install livelossplot)")
        # warm-up: graph tracing, the first imports of ipywidgets and matplotlib (not in a smoke test)
        warm = "LivePlot() widget" if "LivePlot() widget" in names else names[-1]
        for name in () if arguments.quick else (BASELINE, warm):
            run_config(kernel, name, 1)
        times: dict[str, list[Run]] = {name: [] for name in names}
        for round_index in range(rounds):
            shift = round_index % len(names)
            for name in names[shift:] + names[:shift]:
                times[name].append(run_config(kernel, name, epochs))
        rounds_table(times, rounds, epochs)
        if not arguments.only:
            profile_table(kernel, times, epochs)
            playground_table(kernel, *((2.0, 1) if arguments.quick else (8.0, 3)))
    finally:
        kernel.close()
    print(f"\nbenchmark run time: {time.perf_counter() - started:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
