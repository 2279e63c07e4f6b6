"""``kerastutor start``: copy the curriculum into a workspace and open JupyterLab at the welcome lesson
(``kerastutor migrate``, Keras 1/2 code to Keras 3, is in :mod:`kerastutor.migrate.command`;
``kerastutor classroom``, the teacher's tools, in :mod:`kerastutor.classroom.command`).

Bad options are refused the argparse way (a usage line, ``argument --port: ...``, exit
status 2) before anything is copied: ``--port`` must be a whole number from 0 to 65535
(0: the system picks a free port, which Jupyter reads back and prints); ``--dir`` must
name a folder (not empty, not blank, not an existing file). A workspace that cannot be
prepared is one line on stderr and exit status 1, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

from . import _arguments, _files
from .classroom import command as classroom_command
from .migrate import command as migrate_command
from .workspace import sync_workspace

WELCOME = "00_welcome.ipynb"
DEFAULT_WORKSPACE = "kerastutor-notebooks"
LOWEST_PORT, HIGHEST_PORT = 0, 65535
PORT_WORDS = f"a whole number from {LOWEST_PORT} to {HIGHEST_PORT} (0: any free port)"


def _port_number(text: str) -> int:
    """``--port``'s value as an int from 0 to 65535 (an argparse type: refusals name the range)."""
    try:
        port = int(text.strip())
    except ValueError:
        port = None
    if port is None or not LOWEST_PORT <= port <= HIGHEST_PORT:
        raise argparse.ArgumentTypeError(f"{_arguments.shorten(text)} cannot be used; --port must be "
                                         f"{PORT_WORDS}, or left out for 8888 or the next free port")
    return port


def _workspace_folder(text: str) -> Path:
    """``--dir``'s value as a folder path: not empty or blank, no NUL character, not an existing file."""
    if not text.strip() or "\0" in text:
        raise argparse.ArgumentTypeError(f"{_arguments.shorten(text)} cannot be used; --dir must name a "
                                         "folder for your copies of the lessons")
    try:
        folder = Path(text).expanduser()
        is_file = folder.exists() and not folder.is_dir()
    except (OSError, RuntimeError) as error:  # a name too long, ~user of no such user
        raise argparse.ArgumentTypeError(f"{_arguments.shorten(text)} cannot be used ("
                                         f"{getattr(error, 'strerror', None) or error}); --dir must name a "
                                         "folder for your copies of the lessons") from None
    if is_file:
        raise argparse.ArgumentTypeError(f"{_arguments.shorten(text)} is a file; --dir must name a folder "
                                         "(a new one, or one that already holds your lessons)")
    return folder


def parser() -> argparse.ArgumentParser:
    """The command line: ``kerastutor start [--dir DIR] [--port PORT] [--no-browser] [-- JUPYTER ARGS]`` and
    ``kerastutor migrate PATH... [--write] [--diff]`` and ``kerastutor classroom ...``."""
    commands = argparse.ArgumentParser(prog="kerastutor", description="Learn Keras 3 in JupyterLab.")
    sub = commands.add_subparsers(dest="command", required=True)
    start = sub.add_parser("start", help="copy the lessons into a workspace and open JupyterLab")
    start.add_argument("--dir", default=DEFAULT_WORKSPACE, type=_workspace_folder,
                       help=f"folder for your copies of the lessons (default ./{DEFAULT_WORKSPACE})")
    start.add_argument("--port", type=_port_number, default=None,
                       help="JupyterLab's port, 1 to 65535, or 0 for any free one (default 8888, or the next "
                            "free one)")
    start.add_argument("--no-browser", action="store_true", help="do not open a browser; print the address")
    start.add_argument("--copy-only", action="store_true", help="only copy or update the lessons")
    start.add_argument("jupyter_args", nargs=argparse.REMAINDER, help="anything after -- goes to jupyter lab")
    migrate_command.add_parser(sub)
    classroom_command.add_parser(sub)
    return commands


def lab_command(workspace: Path, port: int | None, no_browser: bool, extra: list[str]) -> list[str]:
    """The ``jupyter lab`` command that serves ``workspace`` and opens the welcome lesson."""
    workspace = _arguments.path("lab_command", "workspace", workspace)
    if port is not None:
        _arguments.integer("lab_command", "port", port, LOWEST_PORT, HIGHEST_PORT)
    _arguments.flag("lab_command", "no_browser", no_browser)
    if isinstance(extra, str) or not isinstance(extra, (list, tuple)) or not all(
            isinstance(argument, str) for argument in extra):
        raise _arguments.refuse("lab_command", "extra", extra, "a list of strings (for jupyter lab)")
    command = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={workspace}"]
    if port is not None:
        command += [f"--port={port}", "--ServerApp.port_retries=0"]
    if no_browser:
        command.append("--no-browser")
    if hasattr(os, "getuid") and os.getuid() == 0:
        command.append("--allow-root")  # Jupyter refuses root unless told; usual in containers
    return [*command, *[arg for arg in extra if arg != "--"], str(workspace / WELCOME)]


def main(argv: list[str] | None = None) -> int:
    """Run the command line (``argv``: the arguments after the program name, ``sys.argv[1:]`` when None);
    returns the exit status. Bad options exit with status 2 and a usage line, as argparse does."""
    if argv is not None and (isinstance(argv, str) or not isinstance(argv, (list, tuple)) or not all(
            isinstance(argument, str) for argument in argv)):
        raise _arguments.refuse("main", "argv", argv, "a list of strings, or None for the command line")
    arguments = parser().parse_args(argv)
    if arguments.command == "migrate":
        return migrate_command.run(arguments.paths, arguments.write, arguments.diff)
    if arguments.command == "classroom":
        return classroom_command.run(arguments)
    workspace = arguments.dir.resolve()
    try:
        print(sync_workspace(workspace), flush=True)
    except KeyboardInterrupt:
        print("kerastutor: stopped; run the command again to finish copying the lessons.", file=sys.stderr)
        return 130
    except (OSError, ValueError) as error:
        problem = str(error) if isinstance(error, _files.FileProblem) else (
            f"{workspace} ({getattr(error, 'strerror', None) or error})")
        print(f"kerastutor: cannot prepare the workspace: {problem}", file=sys.stderr)
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
