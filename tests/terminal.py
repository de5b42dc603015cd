"""credo on a real pseudo-terminal, answering its prompts: shared by the terminal tests."""

from __future__ import annotations

import os
import re
import select
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path

CREDO = str(Path(sys.executable).parent / "credo")
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
Answer = bytes | Callable[[], bytes]
"""What to type; a callable is called at the moment of answering (to act meanwhile)."""


def default_signals() -> None:
    """Give a process started by a test the signal handling a shell gives a command.

    An ignored SIGINT is inherited through exec: a test worker found ignoring it on a
    loaded machine passed that on to credo and its child, and ^C reached no one.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def on_terminal(cwd: Path, args: list[str], script: list[tuple[str, Answer]]) -> tuple[int, str]:
    """Run credo on a pseudo-terminal, typing each answer once its prompt has appeared.

    Returns the exit code and what the terminal showed (colours and carriage returns
    removed). A credo still waiting after a minute is killed, so a test fails, not hangs.
    """
    import pty

    pid, master = pty.fork()
    if pid == 0:  # the child: credo on the terminal
        os.chdir(cwd)
        default_signals()
        os.execv(CREDO, [CREDO, *args])
    seen = b""
    step = 0
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # the terminal closed: credo ended
                break
            if not chunk:
                break
            seen += chunk
        text = ANSI.sub("", seen.decode("utf-8", "replace"))
        if step < len(script):
            prompt, answer = script[step]
            asked_before = sum(1 for earlier, _ in script[:step] if earlier == prompt)
            if text.count(prompt) > asked_before:
                os.write(master, answer() if callable(answer) else answer)
                step += 1
    else:
        os.kill(pid, signal.SIGKILL)  # stuck waiting for input: fail, do not hang
    _, status = os.waitpid(pid, 0)
    os.close(master)
    text = ANSI.sub("", seen.decode("utf-8", "replace")).replace("\r", "")
    return os.waitstatus_to_exitcode(status), text
