"""The board on a terminal slower than credo draws (ssh, a loaded machine), on a real
pseudo-terminal, with signals landing while a frame is written."""

from __future__ import annotations

import ctypes
import signal
import time
from pathlib import Path

from credo import actions
from credo.store import Store
from terminal import Shell

tgkill = ctypes.CDLL(None, use_errno=True).tgkill
"""Send a signal to one thread of a process (glibc's; Python's only reaches its own)."""


def test_a_slow_terminal_is_drawn_the_whole_board_though_signals_land_meanwhile(
    store: Store, repo: Path
) -> None:
    """With PYTHONUNBUFFERED set (as many ML images set it) the stream Textual draws on is
    unbuffered: a frame is one write(2), whose count it does not read. A slow terminal
    held the write, a signal landing in the thread that writes (a git child's SIGCHLD, a
    SIGWINCH) ended it with part of the frame written, and the rest never came: the board
    stopped at a row, no footer, until something drew those rows again. Here the terminal
    takes a little at a time, and each of credo's threads gets a SIGWINCH before each
    read (the size unchanged: nothing to draw again)."""
    actions.add_task(store, "Check label balance ! ^")
    actions.add_task(store, "Write the related work !")
    shell = Shell(repo, env={"PYTHONUNBUFFERED": "1"})  # 200 columns: a frame the pty cannot hold
    try:
        shell.type("exec credo\n")  # credo in bash's place: its pid is the shell's
        deadline = time.monotonic() + 60
        while "palette" not in shell.screen:  # the footer, the frame's last line
            if time.monotonic() > deadline:
                raise AssertionError(f"the board never came whole; the last: {shell.seen[-600:]!r}")
            for thread in Path(f"/proc/{shell.pid}/task").iterdir():
                tgkill(shell.pid, int(thread.name), signal.SIGWINCH)
            shell.read(most=1024)
        shell.type("q")
        assert shell.ended() == 0
    finally:
        shell.close()
