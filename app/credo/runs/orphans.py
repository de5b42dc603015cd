"""The processes a command's tree leaves behind in sessions of their own (Linux).

torchrun starts each rank in a session of its own, out of the command's process group:
when torchrun is killed (the hard timebox's SIGKILL after its grace, the OOM killer),
its ranks went on training, orphaned, after `credo run` had returned and recorded the
run. For the run's length credo is the "child subreaper" of what it runs: such orphans
become credo's children, and the run's hard end (see `launch`) ends them too.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_PR_SET_CHILD_SUBREAPER = 36
"""prctl's option that makes orphaned descendants children of this process (linux/prctl.h)."""
_REAPED_WITHIN = 1.0
"""Seconds to wait for orphans sent SIGKILL to be gone (one stuck in the kernel is left)."""


def _subreaper(on: bool) -> bool:
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    prctl = ctypes.CDLL(None, use_errno=True).prctl
    return bool(prctl(_PR_SET_CHILD_SUBREAPER, int(on), 0, 0, 0) == 0)


@contextmanager
def adopting() -> Iterator[None]:
    """Within it, what the command's tree orphans becomes credo's child, not init's."""
    adopted = _subreaper(True)
    try:
        yield
    finally:
        if adopted:
            _subreaper(False)


def _stat(pid: int | str) -> list[str]:
    """/proc/PID/stat's fields from the state on (the third field); [] once it is gone."""
    try:
        return Path("/proc", str(pid), "stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return []


def _orphans(command: int) -> list[tuple[int, bool]]:
    """(pid, whether it has ended) of each process credo adopted from the command's tree:
    its children outside its own process group (where its helpers, git and the package
    probe, run) started after the command (`command`, not yet reaped; a shell's `job &
    exec credo run ...` leaves credo older children, none of the command's)."""
    me, group = os.getpid(), os.getpgrp()
    started = _stat(command)
    try:
        entries = os.listdir("/proc") if started else []
    except OSError:
        return []
    found = []
    for name in entries:
        if not name.isdigit() or int(name) == command:
            continue
        fields = _stat(name)
        if len(fields) < 20 or int(fields[1]) != me or int(fields[2]) == group:
            continue
        if int(fields[19]) >= int(started[19]):  # start times, in clock ticks since boot
            found.append((int(name), fields[0] in ("Z", "X")))
    return found


def end_orphans(command: int, signum: int) -> None:
    """Send `signum` to each orphan credo adopted, and to the group it leads (a rank's
    data-loader workers), and reap those that ended; after SIGKILL, wait a moment for
    them and for the orphans they leave in turn."""
    sent: set[int] = set()
    deadline = time.monotonic() + (_REAPED_WITHIN if signum == signal.SIGKILL else 0.0)
    while True:
        found = _orphans(command)
        for pid, ended in found:
            if ended:
                _reap(pid)
            elif pid not in sent:
                sent.add(pid)
                _send(pid, signum)
        if all(ended for _, ended in found) or time.monotonic() >= deadline:
            return
        time.sleep(0.02)


def _send(pid: int, signum: int) -> None:
    try:
        if os.getpgid(pid) == pid:
            os.killpg(pid, signum)
            os.killpg(pid, signal.SIGCONT)
        else:
            os.kill(pid, signum)
            os.kill(pid, signal.SIGCONT)
    except (ProcessLookupError, PermissionError):
        pass


def _reap(pid: int) -> None:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass
