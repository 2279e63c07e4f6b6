"""``kerastutor start``: copy the curriculum into a workspace and open JupyterLab at the welcome lesson."""

from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

from .workspace import sync_workspace

WELCOME = "00_welcome.ipynb"
DEFAULT_WORKSPACE = "kerastutor-notebooks"


def parser() -> argparse.ArgumentParser:
    """The command line: ``kerastutor start [--dir DIR] [--port PORT] [--no-browser] [-- JUPYTER ARGS]``."""
    commands = argparse.ArgumentParser(prog="kerastutor", description="Learn Keras 3 in JupyterLab.")
    sub = commands.add_subparsers(dest="command", required=True)
    start = sub.add_parser("start", help="copy the lessons into a workspace and open JupyterLab")
    start.add_argument("--dir", default=DEFAULT_WORKSPACE,
                       help=f"folder for your copies of the lessons (default ./{DEFAULT_WORKSPACE})")
    start.add_argument("--port", type=int, default=None,
                       help="JupyterLab's port (default 8888, or the next free one)")
    start.add_argument("--no-browser", action="store_true", help="do not open a browser; print the address")
    start.add_argument("--copy-only", action="store_true", help="only copy or update the lessons")
    start.add_argument("jupyter_args", nargs=argparse.REMAINDER, help="anything after -- goes to jupyter lab")
    return commands


def lab_command(workspace: Path, port: int | None, no_browser: bool, extra: list[str]) -> list[str]:
    """The ``jupyter lab`` command that serves ``workspace`` and opens the welcome lesson."""
    command = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={workspace}"]
    if port is not None:
        command += [f"--port={port}", "--ServerApp.port_retries=0"]
    if no_browser:
        command.append("--no-browser")
    if hasattr(os, "getuid") and os.getuid() == 0:
        command.append("--allow-root")  # Jupyter refuses root unless told; usual in containers
    return [*command, *[arg for arg in extra if arg != "--"], str(workspace / WELCOME)]


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    arguments = parser().parse_args(argv)
    workspace = Path(arguments.dir).expanduser().resolve()
    try:
        print(sync_workspace(workspace), flush=True)
    except (OSError, FileNotFoundError) as error:
        print(f"kerastutor: cannot prepare the workspace: {error}", file=sys.stderr)
        return 1
    if arguments.copy_only:
        return 0
    if importlib.util.find_spec("jupyterlab") is None:
        print('kerastutor: JupyterLab is not installed; install it with  pip install "kerastutor[lab]"',
              file=sys.stderr)
        return 1
    print(f"Opening JupyterLab at {WELCOME} (Ctrl-C here stops it).", flush=True)
    command = lab_command(workspace, arguments.port, arguments.no_browser, arguments.jupyter_args)
    if os.name == "posix":  # become JupyterLab, so that signals (Ctrl-C, a teacher's kill) reach it directly
        os.execv(command[0], command)
    try:
        return subprocess.call(command)
    except KeyboardInterrupt:
        return 0
