"""The shell face: `credo COMMAND`. Parses, calls `credo.actions`, prints (Rich) or --json.

Commands live in small modules by area; each registers its commands on `main` when
imported, and `credo.cli.base.COMMAND_MODULES` says which module holds which command
(so only the needed one is imported).
"""

from __future__ import annotations

import gc
import sys
from types import ModuleType

from credo.cli.base import main

# pydantic looks for plugins when it builds its first validator, reading the metadata of
# every installed package (importlib.metadata): a tenth of `credo add`. credo uses none.
_NO_PLUGINS = ModuleType("pydantic.plugin._loader")
_NO_PLUGINS.get_plugins = tuple  # type: ignore[attr-defined]
sys.modules.setdefault(_NO_PLUGINS.__name__, _NO_PLUGINS)

__all__ = ["main", "run"]


def run() -> None:
    """The `credo` command (its script, and `python -m credo`): `main`, then out.

    Whatever the command built (pydantic's schemas and models, ten thousand loaded tasks)
    dies with the process: frozen, it is left out of the collections the interpreter
    makes on its way out, which would walk all of it several times (80 ms of `credo ls`
    with 10,000 tasks).
    """
    from credo.cli.streams import sound_streams
    from credo.store import collector

    sound_streams()
    collector.hold()  # until the command's modules are in (CredoGroup.resolve_command)
    try:
        main()
    finally:
        gc.freeze()
