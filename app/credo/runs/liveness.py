"""Whether a run's `credo run` process still lives: who runs it, and its last sign of life.

A run records its `Runner` (host, pid, boot id, process start). On the same host a
reader can tell for sure that the process is gone (no such pid, a pid reused by a later
process, or a reboot since). On another host it cannot: it sees the run's heartbeat,
the last time its output, metrics or params file moved (credo touches `output.log`
every minute while the command is silent).
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from credo.domain.models import Place, Run, Runner
from credo.store.paths import host_name

HEARTBEAT_SECONDS = 60.0
_SIGNS = ("output.log", "metrics.jsonl", "params.jsonl")  # not run.toml: `git pull` rewrites it


def boot_id() -> str:
    try:
        with open("/proc/sys/kernel/random/boot_id", encoding="ascii") as handle:
            return handle.read().strip()
    except OSError:
        return ""


def start_ticks(pid: int) -> int | None:
    """When process `pid` started, in clock ticks since boot (Linux), or None."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            stat = handle.read()
    except OSError:
        return None
    fields = stat[stat.rfind(b")") + 2 :].split()  # the name, in parentheses, may hold spaces
    try:
        return int(fields[19])  # field 22 of the file; these start at field 3
    except (IndexError, ValueError):
        return None


def this_place(project: Path, by: str | None) -> Place:
    """Here: this host and the project at `project`, whose records the experiments
    started here are, by the person `by` (`gitlink.authors.person`)."""
    return Place(host=host_name(), project=str(project), by=by)


def this_runner(project: Path, by: str | None) -> Runner:
    """This process, supervising runs whose records it writes in the project at `project`,
    run by the person `by` (`gitlink.authors.person`)."""
    pid = os.getpid()
    return Runner(
        host=host_name(),
        project=str(project),
        by=by,
        pid=pid,
        boot_id=boot_id(),
        start_ticks=start_ticks(pid),
    )


def gone(runner: Runner) -> bool | None:
    """True when the runner's process no longer exists; None on another host (who knows)."""
    if runner.host != host_name():
        return None
    booted = boot_id()
    if runner.boot_id and booted and runner.boot_id != booted:
        return True
    try:
        os.kill(runner.pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        pass  # it exists (another user's): the start time says whether it is the same one
    if runner.start_ticks is not None:
        ticks = start_ticks(runner.pid)
        if ticks is not None and ticks != runner.start_ticks:
            return True
    return False


def heartbeat(folder: Path, run: Run) -> datetime:
    """The run's last sign of life: its newest file's mtime, else its start."""
    newest = run.started
    for name in _SIGNS:
        try:
            moment = datetime.fromtimestamp((folder / name).stat().st_mtime, UTC)
        except OSError:
            continue
        newest = max(newest, moment)
    return newest
