"""Build hook: ship the lesson notebooks inside the package, as ``kerastutor/curriculum``.

Everything else about the package is in pyproject.toml. The notebooks live in
the top-level ``notebooks/`` folder (where nbval and contributors use them);
``kerastutor start`` copies them from the installed package into a learner's workspace.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

NOTEBOOKS = Path(__file__).resolve().parent / "notebooks"


class BuildWithCurriculum(build_py):
    """The usual build_py, plus a copy of the lesson notebooks into the built package."""

    def run(self) -> None:
        """Build the package, then copy the lessons into it."""
        super().run()
        target = Path(self.build_lib) / "kerastutor" / "curriculum"
        target.mkdir(parents=True, exist_ok=True)
        for notebook in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")):
            shutil.copyfile(notebook, target / notebook.name)


setup(cmdclass={"build_py": BuildWithCurriculum})
