"""The shell face: `credo COMMAND`. Parses, calls `credo.actions`, prints (Rich) or --json.

Commands live in small modules by area; each registers its commands on `main` when
imported, and `credo.cli.base.COMMAND_MODULES` says which module holds which command
(so only the needed one is imported).
"""

from __future__ import annotations

from credo.cli.base import main

__all__ = ["main"]
