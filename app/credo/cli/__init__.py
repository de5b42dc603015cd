"""The shell face: `credo COMMAND`. Parses, calls `credo.actions`, prints (Rich) or --json.

Commands live in small modules by area; each registers itself on `main` here.
"""

from __future__ import annotations

# Each module registers its commands on `main` when imported.
from credo.cli import demo, exp, gitcmds, project, report, run, tasks  # noqa: F401
from credo.cli.base import main

__all__ = ["main"]
