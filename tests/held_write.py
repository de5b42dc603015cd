"""`credo` (the board) with its theme save held, as a slow disk holds a write: run as a
script, `python held_write.py BEGAN GO`, it touches BEGAN once the save has begun and
saves only once GO exists."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from credo.store import Store
from credo.ui import themes
from credo.ui.app import run_app

saving = themes.save_user_config


def held_save(**changes: Any) -> Any:
    began, go = (Path(name) for name in sys.argv[1:3])
    began.write_text(f"saving {changes}\n")
    while not go.exists():
        time.sleep(0.02)
    return saving(**changes)


if __name__ == "__main__":
    themes.save_user_config = held_save
    run_app(Store.open(Path.cwd()))
