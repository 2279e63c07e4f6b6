"""``kerastutor classroom nbgrader COURSE_DIR`` and ``kerastutor classroom collect FILES...``.

Each subcommand lives in its own module, which gives ``HELP``, ``add_arguments(parser)`` and
``run(arguments) -> exit status``; this module only wires them onto the command line.
"""

from __future__ import annotations

import argparse
from importlib import import_module

SUBCOMMANDS = {
    "nbgrader": "kerastutor.classroom.course",
    "collect": "kerastutor.classroom.gradebook",
}


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Register ``classroom`` and its subcommands on the ``kerastutor`` command line."""
    classroom = commands.add_parser("classroom", help="an nbgrader course, and the class view for teachers",
                                    description="Tools for teachers: turn the lessons into an nbgrader "
                                                "course, or collect learners' exported progress into a "
                                                "gradebook and a class report.")
    actions = classroom.add_subparsers(dest="classroom_command", required=True)
    for name, module_name in SUBCOMMANDS.items():
        module = import_module(module_name)
        module.add_arguments(actions.add_parser(name, help=module.HELP, description=module.HELP))


def run(arguments: argparse.Namespace) -> int:
    """Run the chosen classroom subcommand; returns its exit status."""
    return import_module(SUBCOMMANDS[arguments.classroom_command]).run(arguments)
