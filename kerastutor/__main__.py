"""``python -m kerastutor start``: the same as the ``kerastutor`` command."""

import sys

from .cli import main

sys.exit(main())
