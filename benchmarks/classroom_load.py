"""A class on one machine: N learners run lesson 01 at the same time through a real JupyterHub.

Starts JupyterHub from ``classroom/jupyterhub_config.py`` (with configurable-http-proxy
and the idle culler) in a temporary folder on free ports, creates the learners through
the hub's REST API (an admin service token), starts their servers, and runs every code
cell of lesson 01, in order, in every learner's kernel at once, through the hub's
proxy, the way hubtraf does (REST for the session, the kernel's websocket for one
execute_request per cell). One learner first runs it alone, for the ratio. Then it
stops everything it started and checks that nothing is left running.

Prints: the kernel's memory after ``import kerastutor``; the time until all servers
were ready; each learner's lesson time (median, slowest) against one learner alone;
peak memory (VmHWM) per learner kernel and of all kernels together; the peak resident
memory of the whole hub (hub, proxy, servers, kernels); failures. Exit status 1 when
a lesson failed or something was left running.

``--plain-kernels`` runs the kernels without the hub's KERNEL_ENVIRONMENT (one TF
thread, MALLOC_ARENA_MAX=2), to measure what those settings change.

Usage: python benchmarks/classroom_load.py --learners N [--plain-kernels]
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
import hub_driver  # noqa: E402

MB = 2**20
KERNEL_SETTINGS = ("MALLOC_ARENA_MAX", "TF_NUM_INTRAOP_THREADS", "TF_NUM_INTEROP_THREADS", "OMP_NUM_THREADS")


def _positive(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"{text!r} cannot be used; --learners must be a whole number, "
                                         "1 or more")
    return number


async def _baseline(hub: hub_driver.Hub, learner: str, token: str) -> tuple[int, int]:
    """Resident and peak memory of a fresh kernel after ``import kerastutor``, in bytes."""
    kernel = hub_driver.Kernel(hub, learner, token)
    await kernel.open(hub_driver.LESSON_01)
    try:
        errors = await kernel.execute("import kerastutor")
        if errors:
            raise RuntimeError(f"import kerastutor failed in the learner's kernel: {errors}")
        status = Path(f"/proc/{kernel.pid()}/status").read_text()
        resident = next(int(line.split()[1]) * 1024 for line in status.splitlines()
                        if line.startswith("VmRSS:"))
        return resident, hub_driver.peak_memory_bytes(kernel.pid())
    finally:
        await kernel.close()


async def _sample_peak(hub: hub_driver.Hub, peak: list[int], stop: asyncio.Event) -> None:
    """Keep ``peak[0]`` at the largest resident memory of the hub's whole process tree seen so far."""
    while not stop.is_set():
        total = 0
        for process in hub.tree():
            try:
                total += process.memory_info().rss
            except Exception:  # noqa: BLE001  (a process that ended between listing and reading)
                pass
        peak[0] = max(peak[0], total)
        try:
            await asyncio.wait_for(stop.wait(), 1.0)
        except asyncio.TimeoutError:
            pass


async def measure(hub: hub_driver.Hub, learners: int) -> dict:
    """Run the solo learner, then the class of ``learners``; the figures, by name."""
    await hub.wait_ready()
    figures: dict = {}
    solo_token = await hub.create_learner("solo")
    await hub.start_server("solo")
    figures["import_rss"], figures["import_peak"] = await _baseline(hub, "solo", solo_token)
    figures["solo"] = await hub_driver.run_lesson(hub, "solo", solo_token)
    await hub.stop_server("solo")

    names = [f"learner-{number:02d}" for number in range(1, learners + 1)]
    tokens = await asyncio.gather(*(hub.create_learner(name) for name in names))
    started = time.monotonic()
    await asyncio.gather(*(hub.start_server(name) for name in names))
    figures["ready"] = time.monotonic() - started
    peak, stop = [0], asyncio.Event()
    sampler = asyncio.ensure_future(_sample_peak(hub, peak, stop))
    try:
        figures["runs"] = await asyncio.gather(*(hub_driver.run_lesson(hub, name, token)
                                                 for name, token in zip(names, tokens)))
    finally:
        stop.set()
        await sampler
    figures["hub_peak"] = peak[0]
    await asyncio.gather(*(hub.stop_server(name) for name in names))
    return figures


def report(figures: dict, learners: int, plain: bool) -> list[str]:
    """The printed lines (computation above, wording here)."""
    solo, runs = figures["solo"], figures["runs"]
    times = [run.seconds for run in runs]
    peaks = [run.kernel_peak_bytes for run in runs]
    median, slowest = statistics.median(times), max(times)
    kernels = "without the hub's kernel settings" if plain else "with the hub's kernel settings"
    return [
        f"classroom load: {learners} learner(s) at once, lesson 01 ({solo.cells} code cells), "
        f"kernels {kernels}",
        f"kernel after `import kerastutor`: {figures['import_rss'] / MB:.0f} MB resident "
        f"(peak {figures['import_peak'] / MB:.0f} MB)",
        f"one learner alone: lesson {solo.seconds:.1f} s, kernel peak {solo.kernel_peak_bytes / MB:.0f} MB",
        f"all {learners} servers ready after {figures['ready']:.1f} s",
        f"lesson time with {learners} at once: median {median:.1f} s ({median / solo.seconds:.2f}x alone), "
        f"slowest {slowest:.1f} s ({slowest / solo.seconds:.2f}x alone)",
        f"peak memory per learner kernel: median {statistics.median(peaks) / MB:.0f} MB, largest "
        f"{max(peaks) / MB:.0f} MB; all kernels {sum(peaks) / MB:.0f} MB; the whole hub (hub, proxy, "
        f"servers, kernels) {figures['hub_peak'] / MB:.0f} MB",
    ]


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; exit status 1 when a lesson failed or something was left running."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=_positive, required=True,
                        help="how many learners at once (1 or more)")
    parser.add_argument("--plain-kernels", action="store_true",
                        help="run the kernels without the hub's KERNEL_ENVIRONMENT settings")
    arguments = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="kerastutor-classroom-load-"))
    extra = ("c.Spawner.environment = {name: value for name, value in c.Spawner.environment.items() "
             f"if name not in {KERNEL_SETTINGS!r}}}\n") if arguments.plain_kernels else ""
    hub = hub_driver.Hub(folder, extra_config=extra)
    figures, problems = None, []
    try:
        figures = asyncio.run(measure(hub, arguments.learners))
    except Exception as error:  # noqa: BLE001  (said, then the hub is stopped and the status is 1)
        problems.append(f"the run stopped: {error}")
    finally:
        hub.stop()
        left = hub.leftovers()
        if left:
            hub.kill_leftovers()
            problems += [f"left running after the hub stopped: {item}" for item in left]
    if figures is not None:
        print("\n".join(report(figures, arguments.learners, arguments.plain_kernels)))
        runs = [figures["solo"], *figures["runs"]]
        problems = [failure for run in runs for failure in run.failures] + problems
    print(f"failures: {len(problems)}")
    for problem in problems:
        print(f"  {problem}")
    if problems:
        print(f"the hub's log and the learners' folders are kept in {folder}")
        return 1
    shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
