"""A credo process killed (-9) in the middle of a write: its temporary file is whole, and
the rename that would give it its name never comes."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

HOLD = """
import os, sys, time
name, code = sys.argv[1], sys.argv[2]
sys.argv = [sys.argv[0], *sys.argv[3:]]
replace = os.replace

def held(source, target, *args, **kwargs):
    if os.path.basename(target) != name:
        return replace(source, target, *args, **kwargs)
    print("writing", flush=True)
    time.sleep(600)

os.replace = held
exec(code)
"""


def killed_writing(name: str, code: str, *args: str, cwd: Path | None = None) -> None:
    """Run `code` (Python; `args` in its sys.argv[1:]) in a process killed with -9 as
    it renames a temporary file to a file named `name`."""
    child = subprocess.Popen(
        [sys.executable, "-c", HOLD, name, code, *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    try:
        for line in child.stdout:  # what it prints before, then "writing"
            if line.strip() == "writing":
                return
        raise AssertionError(f"it ended before it renamed a file to {name}")
    finally:
        child.kill()
        child.wait()


def aged(path: Path, age: float, text: str = "not credo's") -> Path:
    """A file made by hand holding `text`, unchanged for `age` seconds (a temporary file a
    killed write left, when named so)."""
    path.write_text(text)
    then = time.time() - age
    os.utime(path, (then, then))
    return path
