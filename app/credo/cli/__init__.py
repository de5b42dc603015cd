"""The shell face: `credo COMMAND`. Parses, calls `credo.actions`, prints (Rich) or --json.

Commands live in small modules by area; each registers its commands on `main` when
imported, and `credo.cli.base.COMMAND_MODULES` says which module holds which command
(so only the needed one is imported). `credo hooks trailers`, which a team's hooks kept
in git call on every commit, runs before any of it: no Click, no store (`run`).
"""

from __future__ import annotations

import gc
import sys
from types import ModuleType

TYPE_CHECKING = False  # not `typing`'s: the hooks' path imports no more than it needs
if TYPE_CHECKING:
    from credo.cli.base import main

# pydantic looks for plugins when it builds its first validator, reading the metadata of
# every installed package (importlib.metadata): a tenth of `credo add`. credo uses none.
_NO_PLUGINS = ModuleType("pydantic.plugin._loader")
_NO_PLUGINS.get_plugins = tuple  # type: ignore[attr-defined]
sys.modules.setdefault(_NO_PLUGINS.__name__, _NO_PLUGINS)

__all__ = ["main", "run"]

TEAM_HOOK = ("hooks", "trailers")
"""What the lines of a team's hooks kept in git call (`credo.gitlink.hooks.TEAM_HOOK_LINES`),
then `MSG [SOURCE [STAGE]]`, and what hooks an older credo installed call."""


def __getattr__(name: str) -> object:
    if name == "main":  # the group, imported (Click and all) when asked for
        from credo.cli.base import main

        return main
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _hook_arguments(args: list[str]) -> list[str] | None:
    """git's arguments, when `args` are `hooks trailers MSG [SOURCE [STAGE]]` and nothing
    else (no option: `-C`, `--help` go to Click); else None."""
    given = args[len(TEAM_HOOK) :]
    if tuple(args[: len(TEAM_HOOK)]) != TEAM_HOOK or not 1 <= len(given) <= 3:
        return None
    return None if any(arg.startswith("-") for arg in given) else given


def run(*, hook_at_once: bool = True) -> None:
    """The `credo` command (its script, and `python -m credo`): `main`, then out.

    Whatever the command built (pydantic's schemas and models, ten thousand loaded tasks)
    dies with the process: frozen, it is left out of the collections the interpreter
    makes on its way out, which would walk all of it several times (80 ms of `credo ls`
    with 10,000 tasks).

    `credo hooks trailers` (`TEAM_HOOK`) goes straight to the hook, as the hook credo
    installs runs it: every teammate pays it on every commit, where Click, pydantic and
    the store would cost ten times the hook (the hook loads the store itself when its
    small file is stale, and says nothing where this folder has no `.credo`). Not with
    `hook_at_once` False (`python -m credo`, which only hooks an older credo installed
    call it with): the whole CLI rewrites them, on that commit.
    """
    if hook_at_once and (hook_arguments := _hook_arguments(sys.argv[1:])) is not None:
        from credo.gitlink.commit_hook import main as hook

        sys.exit(hook(hook_arguments))
    from credo.cli.base import main
    from credo.cli.streams import sound_streams
    from credo.store import collector

    sound_streams()
    collector.hold()  # until the command's modules are in (CredoGroup.resolve_command)
    try:
        main()
    finally:
        gc.freeze()
