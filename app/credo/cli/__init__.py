"""The shell face: `credo COMMAND`. Parses, calls `credo.actions`, prints (Rich) or --json.

Commands live in small modules by area; each registers itself on `main` here.
"""

from __future__ import annotations

from credo.cli import project, tasks  # noqa: F401  (registers the commands)
from credo.cli import exp  # noqa: F401  (registers the commands)
from credo.cli import run  # noqa: F401  (registers the commands)
from credo.cli import demo  # noqa: F401  (registers the commands)
from credo.cli import report  # noqa: F401  (registers the commands)
from credo.cli.base import main

__all__ = ["main"]
