"""The interface on a real terminal: a crash ends it with a non-zero exit code."""

from __future__ import annotations

import sys
from pathlib import Path

from credo.store import Store
from terminal import on_terminal

CRASHING = """
import sys
from credo.ui.app import CredoApp

def crash(self):
    raise RuntimeError("a bug in credo")

CredoApp.on_mount = crash
from credo.cli import main
sys.argv = ["credo"]
main()
"""


def test_the_interface_exits_non_zero_after_a_crash(tmp_path: Path) -> None:
    Store.init(tmp_path)
    code, shown = on_terminal(tmp_path, ["-c", CRASHING], [], program=sys.executable)
    assert code == 1 and "a bug in credo" in shown
