"""Drive a real JupyterLab in headless Chromium with Playwright: start the server, open, run, read.

Used by ``test_browser.py``. The browser is the system's Chromium (Debian's
``chromium`` package); Playwright never downloads one.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# Settings that make a headless run deterministic: every cell in the DOM (no virtual scrolling),
# no news or update pop-ups over the notebook.
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false",
                                                                        "checkForUpdates": False},
}
VISIBLE = ".jp-NotebookPanel:not(.lm-mod-hidden)"


def find_chromium() -> str | None:
    """The system Chromium: ``$KERASTUTOR_CHROMIUM``, else the usual names on PATH."""
    chosen = os.environ.get("KERASTUTOR_CHROMIUM")
    if chosen:
        return chosen if Path(chosen).exists() else None
    return next((path for name in CHROMIUM_NAMES if (path := shutil.which(name))), None)


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class LabServer:
    """JupyterLab on localhost with a token, started by ``kerastutor start`` in the workspace ``root``
    (which it fills with the lessons); its settings and state live in ``home``."""

    def __init__(self, root: Path, home: Path) -> None:
        self.root, self.home = root, home
        self.port, self.token = free_port(), secrets.token_hex(16)
        self.url = f"http://127.0.0.1:{self.port}"
        settings = home / "lab-settings"
        for name, values in LAB_SETTINGS.items():
            path = settings / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values))
        environment = {k: v for k, v in os.environ.items()
                       if k not in ("KERASTUTOR_DISPLAY", "JPY_SESSION_NAME", "VSCODE_PID")}
        # Kernels talk to the server over Unix sockets in a short folder (a socket path has at most 107
        # characters), not localhost ports: with tests side by side, a port picked free for a kernel can be
        # taken by another process before the kernel binds it.
        self.runtime = Path(tempfile.mkdtemp(prefix="kt-lab-"))
        environment.update(KERASTUTOR_HOME=str(home / "kerastutor"), JUPYTER_CONFIG_DIR=str(home / "config"),
                           JUPYTER_DATA_DIR=str(home / "data"), JUPYTER_RUNTIME_DIR=str(self.runtime))
        command = [sys.executable, "-m", "kerastutor", "start", "--dir", str(root), "--port", str(self.port),
                   "--no-browser", "--", f"--IdentityProvider.token={self.token}",
                   "--KernelManager.transport=ipc", f"--LabApp.user_settings_dir={settings}",
                   f"--LabApp.workspaces_dir={home / 'workspaces'}"]
        self.log = (home / "lab.log").open("w")
        self.process = subprocess.Popen(command, stdout=self.log, stderr=subprocess.STDOUT, env=environment)

    def wait_ready(self, timeout: float = 90) -> None:
        """Block until the server answers its API, or raise with the end of its log."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                with urllib.request.urlopen(f"{self.url}/api/status?token={self.token}", timeout=2):
                    return
            except OSError:
                time.sleep(0.5)
        raise RuntimeError("JupyterLab did not start:\n" + (self.home / "lab.log").read_text()[-3000:])

    def address(self, notebook: str) -> str:
        """The browser address that opens ``notebook`` alone, in a workspace of its own (``reset``: no
        notebook restored from an earlier page, so the menus act on this one)."""
        return f"{self.url}/lab/workspaces/{Path(notebook).stem}/tree/{notebook}?reset&token={self.token}"

    def _api(self, path: str, method: str = "GET"):
        request = urllib.request.Request(f"{self.url}/api/{path}", method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shut_down_kernels(self) -> None:
        """End every notebook session and its kernel (a lesson's kernel holds hundreds of MB)."""
        for session in self._api("sessions"):
            self._api(f"sessions/{session['id']}", method="DELETE")

    def stop(self) -> None:
        """Stop the server and its kernels."""
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()
        shutil.rmtree(self.runtime, ignore_errors=True)

    def log_tail(self, characters: int = 3000) -> str:
        """The end of the server's log (kernel deaths and restarts are written there)."""
        return (self.home / "lab.log").read_text(errors="replace")[-characters:]


# Read in one round trip: the state of every cell and output of the visible notebook.
_SNAPSHOT_JS = """(visible) => {
  const panel = document.querySelector(visible);
  if (!panel) return null;
  const cells = Array.from(panel.querySelectorAll('.jp-CodeCell'));
  const outputs = Array.from(panel.querySelectorAll('.jp-OutputArea-output'));
  const live = outputs.filter(o => o.querySelector('.widget-hprogress') && o.querySelector('.widget-image'));
  return {
    prompts: cells.map(c => (c.querySelector('.jp-InputPrompt') || {}).textContent || ''),
    errors: outputs.filter(o => o.dataset.mimeType === 'application/vnd.jupyter.error'
                           || o.dataset.mimeType === 'application/vnd.jupyter.stderr').map(o => o.innerText),
    widgetOutputs: outputs.filter(o => o.querySelector('.jupyter-widgets')
                                       || /Loading widget|Error displaying widget/.test(o.innerText))
                          .map(o => ({rendered: !!o.querySelector('.jupyter-widgets'), text: o.innerText})),
    plainFallbacks: outputs.filter(o => o.dataset.mimeType === 'text/plain'
                                   && /^(VBox|HBox|Box|Tab)\\(|shown as a widget/.test(o.innerText))
                           .map(o => o.innerText),
    liveplots: live.map(o => ({image: o.querySelector('.widget-image').src,
                               bar: (o.querySelector('.progress-bar') || {style: {}}).style.width || ''})),
  };
}"""


class NotebookPage:
    """One notebook open in JupyterLab, driven like a learner would."""

    def __init__(self, page, server: LabServer, notebook: str, code_cells: int) -> None:
        self.page, self.server, self.notebook = page, server, notebook
        page.goto(server.address(notebook))
        self.wait_prompts(lambda prompts: len(prompts) == code_cells, 120, "to show all its cells")
        self.wait_kernel_idle(120)

    def wait_prompts(self, done, timeout: float, what: str) -> dict:
        """Poll until ``done(prompts)`` holds for the code cells' prompts; return that snapshot."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            snapshot = self.snapshot()
            if snapshot and done([p.strip() for p in snapshot["prompts"]]):
                return snapshot
            time.sleep(0.2)
        raise TimeoutError(f"{self.notebook} took more than {timeout} s {what}")

    def wait_kernel_idle(self, timeout: float) -> None:
        """Wait until the notebook's kernel reports idle."""
        self.page.locator(f"{VISIBLE} .jp-Notebook-ExecutionIndicator[data-status='idle']").wait_for(
            timeout=timeout * 1000)

    def snapshot(self) -> dict:
        """Prompts, errors, widget outputs and LivePlot states, read from the page."""
        return self.page.evaluate(_SNAPSHOT_JS, VISIBLE)

    def run_all(self, timeout: float = 300, every: float = 0.25) -> list[dict]:
        """Clear the stored outputs, then run all cells, from the menus; return the snapshots taken while
        they ran (the last one after the kernel went idle)."""
        self.menu("Edit", "Clear Outputs of All Cells")
        self.wait_prompts(lambda prompts: all(p == "[ ]:" for p in prompts), 30, "to clear its outputs")
        for attempt in range(3):  # a menu item can be inert while the kernel connects: try again
            self.menu("Run", "Run All Cells")
            try:
                self.wait_prompts(lambda prompts: "[*]:" in prompts, 15, "to start running")
                break
            except TimeoutError:
                if attempt == 2:
                    raise
                self.page.keyboard.press("Escape")
                self.wait_kernel_idle(60)
        snapshots, deadline = [], time.monotonic() + timeout
        while time.monotonic() < deadline:
            time.sleep(every)
            snapshot = self.snapshot()
            snapshots.append(snapshot)
            if all(re.fullmatch(r"\[\d+\]:", p.strip()) for p in snapshot["prompts"]):
                self.wait_kernel_idle(60)
                time.sleep(1.0)  # let the last widget messages arrive
                snapshots.append(self.snapshot())
                return snapshots
        prompts = snapshots[-1]["prompts"] if snapshots else []
        raise TimeoutError(f"{self.notebook} did not finish within {timeout} s: prompts {prompts}\n"
                           f"JupyterLab's log ends with:\n{self.server.log_tail()}")

    def menu(self, menu: str, item: str) -> None:
        """Choose ``item`` from the menu bar's ``menu``."""
        self.page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(f"^{menu}$")).first.click()
        self.page.locator(".lm-Menu-itemLabel", has_text=re.compile(f"^{item}$")).first.click()

    def outputs(self, selector: str):
        """A locator over elements in the notebook's outputs."""
        return self.page.locator(f"{VISIBLE} .jp-OutputArea-output {selector}")

    def screenshot_of(self, locator, path: Path) -> None:
        """Save a picture of one element (scrolled into view first)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        locator.scroll_into_view_if_needed()
        locator.screenshot(path=str(path))
