"""What an app quitting does to the reads it abandons (threads it will not wait for): it
ends the child processes they wait on (git, squeue, sacct), each read then raising
`ReadCut`, and it waits for the files a read writes together (`landing_whole`) to land.

The writes in reads that land whole: a commit's closing of a task (`actions.gitsync`:
a weekly task done with no next week), and the ends SLURM tells of a project's jobs
(`actions.cluster.refresh`: SLURM forgets an ended job within minutes, and one cut was
later written lost). The others are safe to cut, each one atomic file that the next
start writes again: the runs found lost here (their runner is still gone), the commit
index, the closings seen and the store's load caches (rebuilt). A write cut leaves its
temporary file: a later credo's first write in that folder removes it once it is an hour
old (`store.files.atomic_write`).

Below every package that starts a process (git's `gitlink.runner`, SLURM's
`runs.slurm`), so that there is one way to end them; the app's executor
(`ui.workers.QuitWaitsForWrites`) calls `end_reads`.
"""

from __future__ import annotations

import threading
import weakref
from contextlib import contextmanager

TYPE_CHECKING = False  # not `typing`'s: the commit hook imports this module (through git's)
if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from typing import Protocol

    class Process(Protocol):
        """What a read waits on: a Popen, or git's runner's own (`git_answer`)."""

        def terminate(self) -> None: ...


class ReadCut(Exception):
    """A read ended by `end_reads`: what its process wrote before its end is not an
    answer. Not a CredoError, so that no caller takes it for git's (or SLURM's) refusal
    and goes on (an index rebuilt, an empty answer cached, a job taken for forgotten)."""


changed = threading.Condition()
"""Held while a read begins or ends a process or a write, and notified after: an app
quitting waits on it until no thread it abandons is writing."""
_reading: dict[Process, threading.Thread] = {}
"""The processes reads wait on now, each with the thread that waits."""
_writing: set[threading.Thread] = set()
"""The threads inside `landing_whole` now."""
_ended: weakref.WeakSet[threading.Thread] = weakref.WeakSet()
"""The threads whose reads `end_reads` ended."""


def end_reads(threads: Iterable[threading.Thread]) -> None:
    """End the processes these threads wait on (an app quitting abandons them), and every
    process they begin later: each read gets ReadCut, and so does a later
    `landing_whole`."""
    with changed:
        _ended.update(threads)
        ending = [process for process, thread in _reading.items() if thread in _ended]
    for process in ending:
        process.terminate()  # a process already ended and reaped is left alone


def writing(threads: Iterable[threading.Thread]) -> bool:
    """Whether any of these threads is inside `landing_whole` (call holding `changed`)."""
    return any(thread in _writing for thread in threads)


@contextmanager
def waited_on(process: Process, what: str) -> Iterator[None]:
    """The time a read waits on `process` (`what`: `git log`, `squeue`): `end_reads`
    ends it then, and the read raises ReadCut at the end of the block."""
    with changed:
        _reading[process] = thread = threading.current_thread()
    if thread in _ended:  # begun by a read already abandoned
        process.terminate()
    try:
        yield
    finally:
        with changed:
            cut = _reading.pop(process) in _ended
    if cut:
        raise ReadCut(f"{what} was ended: the app is quitting")


@contextmanager
def landing_whole() -> Iterator[None]:
    """Files a read writes that must land together or not at all (a task marked done
    and the commit that closed it): an app quitting waits for the block to end. In a
    read it has abandoned already, the block does not begin (ReadCut)."""
    thread = threading.current_thread()
    with changed:
        if thread in _ended:
            raise ReadCut("the app is quitting: nothing more is written")
        _writing.add(thread)
    try:
        yield
    finally:
        with changed:
            _writing.discard(thread)
            changed.notify_all()
