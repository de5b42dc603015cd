"""`credo` (the board) with one of its writes held, as a slow disk holds it: run as a
script, `python held_write.py MODULE:FUNCTION BEGAN GO`, it touches BEGAN once a call
of the function (`credo.ui.themes:save_user_config`, the theme's save) has begun, and
lets it go on only once GO exists. `q_waits_for` presses q on it in a terminal."""

from __future__ import annotations

import importlib
import sys
import termios
import time
from pathlib import Path
from typing import Any

from terminal import Shell

HELD_WRITE = Path(__file__).resolve()


def held(module: Any, name: str, began: Path, go: Path) -> None:
    writing = getattr(module, name)

    def waits(*args: Any, **kwargs: Any) -> Any:
        began.write_text(f"{name} {args} {kwargs}\n")
        while not go.exists():
            time.sleep(0.02)
        return writing(*args, **kwargs)

    setattr(module, name, waits)


def appears(path: Path) -> None:
    deadline = time.monotonic() + 60
    while not path.exists() or not path.read_text().strip():
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.05)


def cooked(shell: Shell) -> bool:
    """Whether the terminal is in the shell's mode again (lines and echo), not raw."""
    flags = termios.tcgetattr(shell.master)[3]
    return bool(flags & termios.ICANON and flags & termios.ECHO)


def q_waits_for(target: str, repo: Path, folder: Path) -> None:
    """The board in `repo` with `target` (MODULE:FUNCTION) held, and q pressed once a call
    of it has begun: the interface closes and the terminal is the shell's again, but
    credo ends (well) only once the write goes on. `folder` takes the script's files."""
    import pytest  # here: the file is also the board's script, which pytest would slow

    began, go = folder / "began", folder / "go"
    shell = Shell(repo, columns=120)
    try:
        shell.type(f"{sys.executable} {HELD_WRITE} {target} {began} {go}; echo rc=$?\n")
        shell.expect("palette")  # the board's footer: it is open
        appears(began)
        shell.type("q")
        deadline = time.monotonic() + 60
        while not cooked(shell):
            assert time.monotonic() < deadline, "the terminal was never restored"
            time.sleep(0.05)
        with pytest.raises(AssertionError, match="never saw"):  # the write is held
            shell.expect(r"rc=\d+", timeout=1)
        go.touch()
        assert shell.expect(r"rc=\d+").endswith("rc=0")
    finally:
        go.touch()
        shell.close()


if __name__ == "__main__":
    from credo.store import Store
    from credo.ui.app import run_app

    target, began, go = sys.argv[1:4]
    where, _, name = target.partition(":")
    held(importlib.import_module(where), name, Path(began), Path(go))
    run_app(Store.open(Path.cwd()))
