"""Whether a test's processes live, read from /proc (Linux)."""

from __future__ import annotations

import time
from pathlib import Path


def alive(pid: int) -> bool:
    """Whether `pid` still runs (a zombie waiting for its parent does not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def dies_soon(pid: int, within: float = 5.0) -> bool:
    """Whether `pid` is gone within a few seconds: a SIGKILL is sent at once, but on a
    loaded machine the process can show as running for a moment before it exits (it
    would sleep for minutes if never killed)."""
    deadline = time.monotonic() + within
    while alive(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True
