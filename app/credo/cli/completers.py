"""What TAB offers for an argument, as commands declare it: `shell_complete=completers.TASK`
names the completer `TASK` of `credo.cli.complete`, which is imported only when a shell
asks for a TAB's answer. Every command declares its completers this way: one that runs
(`credo add`, `credo done`) imports nothing of completion (Click's shell_completion, the
completers' module).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import click


class Deferred:
    """The completer `name` of `credo.cli.complete`, looked up on its first call."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, ctx: click.Context, param: click.Parameter, incomplete: str) -> Any:
        from credo.cli import complete

        return getattr(complete, self.name)(ctx, param, incomplete)


def __getattr__(name: str) -> Deferred:
    if name.startswith("__"):  # what `import` and tools ask a module for
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return Deferred(name)
