"""Background work: a worker's failure is told in a note, its traceback kept in a crash
file, and the app goes on (Textual's default exits it, losing what was typed); quitting
waits for the workers that write, not for the reads (`QuitWaitsForWrites`)."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime
from functools import wraps
from pathlib import Path
from threading import Lock, Thread, current_thread
from types import MethodType
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar, cast
from weakref import WeakSet

from textual import work
from textual.worker import Worker, get_current_worker

from credo import __version__
from credo.abandoned_reads import changed as _jobs_changed
from credo.abandoned_reads import end_reads, writing
from credo.errors import NoHomeError
from credo.store.files import atomic_write
from credo.ui.css_cache import cache_root

if TYPE_CHECKING:
    from textual.dom import DOMNode

CRASH_FOLDER = "crashes"
KEPT = 10
"""Crash files kept: the newest ones."""
P = ParamSpec("P")
R = TypeVar("R")

_groups: dict[Callable[..., object], str] = {}
"""Each `credo_work` function's group (`under_way` asks it)."""
_in_threads: set[Worker[Any]] = set()
"""The workers whose work is running in its thread now, cancelled or not."""
_in_threads_lock = Lock()
_reads: WeakSet[Thread] = WeakSet()
"""The threads whose work is a read, which quitting abandons (`QuitWaitsForWrites`)."""


def credo_work(
    name: str, *, group: str, exclusive: bool = False, writes: bool = False
) -> Callable[[Callable[P, R]], Callable[P, Worker[R]]]:
    """Textual's `work` in a thread, named in the user's words ("Reading the board's
    tasks"): the one way credo starts a worker (tests/ui/test_worker_failures.py checks
    it). Textual's default exits the app when the work raises, with a traceback and what
    was typed lost; here the failure is told (`CredoApp.worker_failed`) and the app goes
    on. The worker still ends in error, for whoever waits on it.

    Quitting waits for a worker that `writes` (a save the user asked for lands whole);
    it abandons the others, reads whose answer no one will see, and ends the processes
    they wait on (git, squeue, sacct), once the files a read writes together have landed
    (`QuitWaitsForWrites`)."""
    in_thread = work(name=name, group=group, exclusive=exclusive, thread=True, exit_on_error=False)

    def decorator(method: Callable[P, R]) -> Callable[P, Worker[R]]:
        @wraps(method)
        def told(*args: P.args, **kwargs: P.kwargs) -> R:
            worker = get_current_worker()
            if not writes:
                with _jobs_changed:
                    _reads.add(current_thread())
                    _jobs_changed.notify_all()
            with _in_threads_lock:
                _in_threads.add(worker)
            try:
                return method(*args, **kwargs)
            except Exception as error:
                if not worker.is_cancelled:  # as Textual: a cancelled worker's end is unseen
                    from credo.ui.app import credo_of

                    credo_of(worker.node).worker_failed(name, error)
                raise
            finally:
                with _in_threads_lock:
                    _in_threads.discard(worker)

        started: Callable[P, Worker[R]] = in_thread(told)
        _groups[started] = group
        return started

    return decorator


def under_way(work: Callable[..., Worker[Any]]) -> bool:
    """Whether `work` (a `credo_work` method, bound to its screen or widget) is still
    under way: Textual runs it, or it was cancelled and its thread runs on to its end (a
    thread cannot be stopped). A poll starts no read while one is, and takes its look
    for changes (`FolderWatch.due`) only once it starts one: a read that outlasted the
    poll's period (a first index of a long history, a slow NFS home) had each poll
    begin another beside it, and quitting waited for them all."""
    bound = cast(MethodType, work)
    node, group = cast("DOMNode", bound.__self__), _groups[bound.__func__]
    with _in_threads_lock:
        in_threads = list(_in_threads)
    return any(
        worker.node is node and worker.group == group
        for worker in [*in_threads, *(w for w in node.workers if not w.is_finished)]
    )


class QuitWaitsForWrites(ThreadPoolExecutor):
    """The executor of `run_app`'s event loop, where Textual runs thread workers: each
    job on a daemon thread of its own, so that quitting waits only for the jobs that
    write. With Python's own, quitting joined every thread: a git read held 20 s (a slow
    NFS home, a first index of a long history) held the shell back 15 s after q. The
    reads are abandoned, and the processes they wait on ended (git, squeue: their callers
    get `ReadCut`, and nothing a cut-off read gave is written), once none is writing
    files that land together (`abandoned_reads.landing_whole`)."""

    def __init__(self) -> None:
        super().__init__(max_workers=1)  # the pool of its own is never started
        self._jobs: set[Thread] = set()

    def submit(self, fn: Callable[P, R], /, *args: P.args, **kwargs: P.kwargs) -> Future[R]:
        future: Future[R] = Future()

        def job() -> None:
            try:
                if future.set_running_or_notify_cancel():
                    try:
                        future.set_result(fn(*args, **kwargs))
                    except BaseException as error:  # handed to whoever waits, as Python's
                        future.set_exception(error)
            finally:
                with _jobs_changed:
                    self._jobs.discard(thread)
                    _jobs_changed.notify_all()

        thread = Thread(target=job, name="credo-worker", daemon=True)
        with _jobs_changed:
            self._jobs.add(thread)
        thread.start()
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Wait for every job but the reads (a job not yet begun may be a write) and for
        the reads' writes under way, then end the processes the reads wait on."""
        with _jobs_changed:
            if wait:
                _jobs_changed.wait_for(
                    lambda: all(job in _reads for job in self._jobs) and not writing(self._jobs)
                )
            end_reads(self._jobs)  # holding the lock: no read begins a write meanwhile


def crash_folder() -> Path:
    return cache_root() / CRASH_FOLDER


def write_crash(what: str, error: BaseException) -> Path:
    """A crash file with the traceback and the versions behind it; the oldest beyond
    `KEPT` are deleted. Raises OSError."""
    import platform  # on a failure only: not in the board's start
    import traceback
    from importlib.metadata import version

    at = datetime.now(UTC)
    lines = [
        f"{what} failed at {at:%Y-%m-%d %H:%M:%S} UTC",
        f"credo {__version__}, Python {platform.python_version()}, Textual {version('textual')}",
        "",
        *traceback.format_exception(error),
    ]
    folder = crash_folder()
    path = folder / f"crash-{at:%Y%m%d-%H%M%S-%f}.txt"
    atomic_write(path, "\n".join(line.rstrip("\n") for line in lines).encode() + b"\n")
    for old in sorted(folder.glob("crash-*.txt"))[:-KEPT]:
        old.unlink(missing_ok=True)
    return path


def crash_note(what: str, error: BaseException) -> str:
    """A failure credo did not foresee (a bug, most likely), in a line: what failed, the
    error's first line, and the crash file its traceback went to."""
    said = f"{type(error).__name__}: {error}".splitlines()[0]
    try:
        where = f"The traceback is in {write_crash(what, error)}"
    except NoHomeError as nowhere:
        where = f"Its traceback could not be written: {nowhere.message}"
    except OSError as refused:
        where = f"Its traceback could not be written to {crash_folder()}: {refused.strerror}"
    return f"{what} failed: {said}. {where}"
