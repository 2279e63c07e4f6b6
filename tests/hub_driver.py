"""Drive a real JupyterHub started from ``classroom/jupyterhub_config.py``, the way hubtraf does.

``Hub`` starts the hub (and so configurable-http-proxy and the idle culler) in a
temporary folder on free ports, with an admin service token; learners are created
and their servers started through the hub's REST API; ``run_lesson`` then runs
every code cell of a notebook in the learner's kernel through the hub's proxy (REST
for the session, the kernel's websocket for one ``execute_request`` per cell,
waiting for the kernel to be idle again). Used by ``tests/test_classroom_hub.py``
and ``benchmarks/classroom_load.py``.
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import psutil
from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPRequest
from tornado.websocket import websocket_connect

ROOT = Path(__file__).resolve().parent.parent
HUB_CONFIG = ROOT / "classroom" / "jupyterhub_config.py"
BIN = Path(sys.executable).parent
CELL_TIMEOUT_S = 900.0
READY_TIMEOUT_S = 300.0
LESSON_01 = "kerastutor-notebooks/01_keras_workflow.ipynb"


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def port_is_free(port: int) -> bool:
    """True when a server could listen on ``port`` of localhost now."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def peak_memory_bytes(pid: int) -> int:
    """The process's peak resident memory (VmHWM) in bytes, 0 when it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return 0


def kernel_pid(kernel_id: str) -> int | None:
    """The process id of the kernel ``kernel_id`` (its connection file, ``kernel-ID.json``, names it)."""
    marker = f"kernel-{kernel_id}.json"
    for process in psutil.process_iter(["pid", "cmdline"]):
        if any(marker in part for part in process.info["cmdline"] or ()):
            return process.info["pid"]
    return None


@dataclass
class LessonRun:
    """One learner's run of one notebook."""

    learner: str
    seconds: float = 0.0
    cells: int = 0
    failures: list[str] = field(default_factory=list)
    kernel_peak_bytes: int = 0


class Hub:
    """A real JupyterHub from ``classroom/jupyterhub_config.py`` in ``folder``, on free localhost ports.

    ``extra_config``: Python lines appended to the hub's configuration (after the classroom's).
    ``environment``: extra environment variables for the hub.
    """

    def __init__(self, folder: Path, extra_config: str = "",
                 environment: dict[str, str] | None = None) -> None:
        self.folder = folder
        self.port, self.hub_port, self.api_port = free_port(), free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.token = secrets.token_hex(32)
        self.state = folder / "state"
        config = folder / "hub_config.py"
        config.write_text(
            f"load_subconfig({str(HUB_CONFIG)!r})\n"
            f"c.JupyterHub.bind_url = 'http://127.0.0.1:{self.port}'\n"
            f"c.JupyterHub.hub_bind_url = 'http://127.0.0.1:{self.hub_port}'\n"
            f"c.ConfigurableHTTPProxy.api_url = 'http://127.0.0.1:{self.api_port}'\n"
            "c.Authenticator.allowed_users = set()\n"
            f"c.JupyterHub.services = [*c.JupyterHub.services, {{'name': 'classroom-driver', "
            f"'api_token': {self.token!r}}}]\n"
            "c.JupyterHub.load_roles = [*c.JupyterHub.load_roles, {'name': 'admin', "
            "'services': ['classroom-driver']}]\n" + extra_config)
        variables = {"KERASTUTOR_HUB_STATE": str(self.state), "KERASTUTOR_HUB_TRIAL": "trial-learner"}
        self.environment = {**{k: v for k, v in os.environ.items()
                               if k not in ("KERASTUTOR_DISPLAY", "MPLBACKEND", "JPY_SESSION_NAME")},
                            **variables, **(environment or {})}
        self.log_path = folder / "hub.log"
        self._log = self.log_path.open("w")
        self.process = subprocess.Popen([str(BIN / "jupyterhub"), "-f", str(config)], cwd=folder,
                                        stdout=self._log, stderr=subprocess.STDOUT, env=self.environment)
        self.seen: set[int] = set()  # every process of the hub's tree seen so far
        self.seen_ports: set[int] = {self.port, self.hub_port, self.api_port}

    def log(self) -> str:
        """What the hub has written to its log so far."""
        return self.log_path.read_text(errors="replace")

    async def wait_ready(self, timeout: float = 120) -> None:
        """Wait until the hub answers its API through the proxy, or raise with the end of its log."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                await self.api("GET", "")
                return
            except (OSError, HTTPClientError):
                await asyncio.sleep(0.5)
        raise RuntimeError("JupyterHub did not start:\n" + self.log()[-4000:])

    async def api(self, method: str, path: str, body: dict | None = None, token: str | None = None,
                  prefix: str = "/hub/api/", timeout: float = 60):
        """Call a REST API through the hub's proxy; the decoded JSON answer (None when empty)."""
        request = HTTPRequest(f"{self.url}{prefix}{path}", method=method,
                              body=None if body is None and method != "POST" else json.dumps(body or {}),
                              headers={"Authorization": f"token {token or self.token}"},
                              request_timeout=timeout)
        response = await AsyncHTTPClient().fetch(request)
        return json.loads(response.body) if response.body else None

    async def create_learner(self, name: str) -> str:
        """Create the learner ``name`` and return an API token of theirs (as hubtraf logs in)."""
        await self.api("POST", f"users/{quote(name)}")
        answer = await self.api("POST", f"users/{quote(name)}/tokens", {"note": "classroom driver"})
        return answer["token"]

    async def start_server(self, name: str, timeout: float = READY_TIMEOUT_S) -> float:
        """Start the learner's server and wait until the hub says it is ready; returns the seconds taken."""
        started = time.monotonic()
        await self.api("POST", f"users/{quote(name)}/server")
        while time.monotonic() - started < timeout:
            server = (await self.api("GET", f"users/{quote(name)}"))["servers"].get("", {})
            if server.get("ready"):
                self.remember_processes()
                return time.monotonic() - started
            if not server.get("pending") and not server:
                raise RuntimeError(f"{name}'s server stopped while starting:\n" + self.log()[-3000:])
            await asyncio.sleep(0.5)
        raise RuntimeError(f"{name}'s server was not ready after {timeout:.0f} s:\n" + self.log()[-3000:])

    async def stop_server(self, name: str, timeout: float = 120) -> None:
        """Stop the learner's server and wait until the hub says it is gone."""
        self.remember_processes()
        try:
            await self.api("DELETE", f"users/{quote(name)}/server")
        except HTTPClientError as error:
            if error.code != 400:  # 400: not running
                raise
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not (await self.api("GET", f"users/{quote(name)}"))["servers"]:
                return
            await asyncio.sleep(0.5)
        raise RuntimeError(f"{name}'s server did not stop in {timeout:.0f} s")

    def home(self, name: str) -> Path:
        """The learner's home folder (the spawner's ``home_dir_template``)."""
        return self.state / "homes" / name

    def tree(self) -> list[psutil.Process]:
        """The hub and every process it started (proxy, culler, servers, kernels)."""
        try:
            hub = psutil.Process(self.process.pid)
            return [hub, *hub.children(recursive=True)]
        except psutil.Error:
            return []

    def remember_processes(self) -> None:
        """Note the processes of the hub's tree and the ports they listen on (for :meth:`leftovers`)."""
        for process in self.tree():
            self.seen.add(process.pid)
            try:
                self.seen_ports.update(connection.laddr.port for connection in process.net_connections("tcp")
                                       if connection.status == psutil.CONN_LISTEN)
            except psutil.Error:
                pass

    def stop(self, timeout: float = 90) -> None:
        """Stop the hub as Ctrl-C does (it stops the servers, the proxy and the culler); kill what is left
        after ``timeout`` so a failed test leaves nothing running."""
        self.remember_processes()
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()

    def leftovers(self) -> list[str]:
        """Processes this hub started that still run, and ports it used that are still taken."""
        alive = []
        for pid in sorted(self.seen):
            try:
                process = psutil.Process(pid)
                if process.status() != psutil.STATUS_ZOMBIE:
                    alive.append(f"process {pid}: {' '.join(process.cmdline())[:200]}")
            except psutil.Error:
                pass
        marker = str(self.folder)
        for process in psutil.process_iter(["pid", "cmdline"]):
            command = process.info["cmdline"] or ()
            if process.info["pid"] not in self.seen and any(marker in part for part in command):
                alive.append(f"process {process.info['pid']}: {' '.join(command)[:200]}")
        taken = [f"port {port} still taken by process {pid}" for port in sorted(self.seen_ports)
                 if not port_is_free(port) for pid in self._holders(port, marker)]
        return alive + taken

    def _holders(self, port: int, marker: str) -> list[int | None]:
        """Processes of this hub (seen in its tree, or naming its folder) listening on ``port``: tests run
        side by side, so a port this hub freed may already serve another test's server."""
        holders = []
        for connection in psutil.net_connections("tcp"):
            if connection.status != psutil.CONN_LISTEN or connection.laddr.port != port:
                continue
            try:
                ours = connection.pid is None or connection.pid in self.seen or any(
                    marker in part for part in psutil.Process(connection.pid).cmdline())
            except psutil.Error:
                continue
            if ours:
                holders.append(connection.pid)
        return holders

    def kill_leftovers(self) -> None:
        """Kill whatever :meth:`leftovers` found (after a failed stop), so that nothing outlives a test."""
        for pid in self.seen:
            try:
                psutil.Process(pid).kill()
            except psutil.Error:
                pass


def _message(msg_type: str, content: dict, session: str, channel: str = "shell") -> dict:
    return {"header": {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "username": "learner",
                       "session": session, "version": "5.3", "date": ""},
            "parent_header": {}, "metadata": {}, "content": content, "channel": channel}


def _json_part(raw: str | bytes) -> str | bytes:
    """The JSON of a websocket message: all of a text frame, the first part of a binary one (a message
    with buffers, e.g. a widget's image: 4 bytes part count, 4 bytes per part offset, then the parts)."""
    if isinstance(raw, str):
        return raw
    parts = int.from_bytes(raw[:4], "big")
    offsets = [int.from_bytes(raw[4 + 4 * index:8 + 4 * index], "big") for index in range(parts)]
    return raw[offsets[0]:offsets[1] if parts > 1 else None]


class Kernel:
    """A learner's kernel reached through the hub's proxy: a notebook session and its websocket."""

    def __init__(self, hub: Hub, learner: str, token: str) -> None:
        self.hub, self.learner, self.token = hub, learner, token
        self.prefix = f"/user/{quote(learner)}/api/"
        self.session_id = self.kernel_id = ""
        self.connection = None
        self.session = uuid.uuid4().hex

    async def open(self, notebook: str) -> None:
        """Start a session for ``notebook`` (its kernel runs in the notebook's folder) and connect."""
        answer = await self.hub.api("POST", "sessions", {"path": notebook, "type": "notebook",
                                                         "kernel": {"name": "python3"}},
                                    token=self.token, prefix=self.prefix, timeout=120)
        self.session_id, self.kernel_id = answer["id"], answer["kernel"]["id"]
        address = f"ws://127.0.0.1:{self.hub.port}{self.prefix}kernels/{self.kernel_id}/channels"
        self.connection = await websocket_connect(HTTPRequest(
            address, headers={"Authorization": f"token {self.token}"}, request_timeout=120))

    async def execute(self, code: str, timeout: float = CELL_TIMEOUT_S) -> list[str]:
        """Run ``code`` and wait until the kernel is idle again; the errors it raised (empty: none)."""
        request = _message("execute_request", {"code": code, "silent": False, "store_history": True,
                                               "user_expressions": {}, "allow_stdin": False,
                                               "stop_on_error": True}, self.session)
        await self.connection.write_message(json.dumps(request))
        msg_id, errors, replied, idle = request["header"]["msg_id"], [], False, False
        deadline = time.monotonic() + timeout
        while not (replied and idle):
            left = deadline - time.monotonic()
            if left <= 0:
                return [*errors, f"no answer after {timeout:.0f} s"]
            try:
                raw = await asyncio.wait_for(self.connection.read_message(), left)
            except asyncio.TimeoutError:
                return [*errors, f"no answer after {timeout:.0f} s"]
            if raw is None:
                return [*errors, "the kernel's connection closed"]
            message = json.loads(_json_part(raw))
            kind, content = message["header"]["msg_type"], message["content"]
            if kind == "status" and content.get("execution_state") in ("restarting", "dead"):
                return [*errors, f"the kernel died ({content['execution_state']})"]
            if message.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            if kind == "error":
                errors.append(f"{content['ename']}: {content['evalue']}")
            elif kind == "execute_reply":
                replied = True
            elif kind == "status" and content["execution_state"] == "idle":
                idle = True
        return errors

    async def wait_restarted(self, timeout: float = 120, attempt_s: float = 10) -> None:
        """Wait until Jupyter has restarted the kernel after it died and it runs code again.

        A request sent while the kernel restarts can be lost, so each attempt waits ``attempt_s`` at most.
        """
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            if not await self.execute("pass", timeout=min(left, attempt_s)):
                return
            await asyncio.sleep(0.5)
        raise RuntimeError(f"{self.learner}'s kernel was not restarted after {timeout:.0f} s")

    def pid(self) -> int | None:
        """The kernel's process id."""
        return kernel_pid(self.kernel_id)

    async def close(self) -> None:
        """Close the websocket and end the session (and so the kernel)."""
        if self.connection is not None:
            self.connection.close()
        if self.session_id:
            await self.hub.api("DELETE", f"sessions/{self.session_id}", token=self.token, prefix=self.prefix)


async def code_cells(hub: Hub, learner: str, token: str, notebook: str) -> list[str]:
    """The code cells of ``notebook`` in the learner's folder, read through the contents API."""
    model = await hub.api("GET", f"contents/{quote(notebook)}?content=1", token=token,
                          prefix=f"/user/{quote(learner)}/api/")
    return ["".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            for cell in model["content"]["cells"] if cell["cell_type"] == "code"]


async def run_lesson(hub: Hub, learner: str, token: str, notebook: str = LESSON_01) -> LessonRun:
    """Run every code cell of ``notebook`` in order in a new kernel of the learner, as a learner would;
    stops at the first cell that fails."""
    run = LessonRun(learner)
    cells = await code_cells(hub, learner, token, notebook)
    kernel = Kernel(hub, learner, token)
    await kernel.open(notebook)
    pid = None
    try:
        started = time.monotonic()
        for number, source in enumerate(cells, 1):
            errors = await kernel.execute(source)
            pid = pid or kernel.pid()
            run.cells = number
            if errors:
                run.failures.append(f"{learner}, cell {number}: {'; '.join(errors)}")
                break
        run.seconds = time.monotonic() - started
        run.kernel_peak_bytes = peak_memory_bytes(pid) if pid else 0
        hub.remember_processes()
    finally:
        await kernel.close()
    return run
