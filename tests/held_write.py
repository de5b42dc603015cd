"""`credo` (the board) with one of its writes held, as a slow disk holds it: run as a
script, `python held_write.py MODULE:FUNCTION BEGAN GO`, it touches BEGAN once a call
of the function (`credo.ui.themes:save_user_config`, the theme's save) has begun, and
lets it go on only once GO exists."""

from __future__ import annotations

import importlib
import sys
import time
from pathlib import Path
from typing import Any

from credo.store import Store
from credo.ui.app import run_app


def held(module: Any, name: str, began: Path, go: Path) -> None:
    writing = getattr(module, name)

    def waits(*args: Any, **kwargs: Any) -> Any:
        began.write_text(f"{name} {args} {kwargs}\n")
        while not go.exists():
            time.sleep(0.02)
        return writing(*args, **kwargs)

    setattr(module, name, waits)


if __name__ == "__main__":
    target, began, go = sys.argv[1:4]
    where, _, name = target.partition(":")
    held(importlib.import_module(where), name, Path(began), Path(go))
    run_app(Store.open(Path.cwd()))
