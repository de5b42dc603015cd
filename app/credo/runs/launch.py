"""`credo run`: start the child, stream its output, enforce the timebox, record everything.

The run record is created first (status `running`) and updated once at the end, so a
crash, a signal, a Ctrl+C or a full disk leaves either the first record or the final
one, never half a file. The child runs in its own process group so a hard timebox
stops its whole tree; on a terminal that group gets the terminal (Ctrl+C reaches it
directly, stdin works), elsewhere credo forwards SIGINT/SIGTERM/SIGHUP to it.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Generic, TypeVar, cast

from credo.domain.models import GitState, Run, RunStatus
from credo.errors import BadInputError
from credo.runs import environment
from credo.runs.fingerprint import project_fingerprints
from credo.runs.metrics import METRICS_FILE, append_tensorboard, read_metrics, read_tensorboard
from credo.runs.output import DEFAULT_LIMIT, CappedLog
from credo.store.files import atomic_write
from credo.store.ids import new_id
from credo.store.store import Store

if TYPE_CHECKING:
    from credo.gitlink.state import RepoState

T = TypeVar("T")

OUTPUT_FILE = "output.log"
DEFAULT_GRACE = 10.0
_CHUNK = 65536
_GATHER = 0.002
"""Seconds to let output gather after a short read (see `_stream`): invisible, and it
turns a stream of single lines into a few hundred blocks a second."""


@dataclass
class RunRequest:
    """What to run and how; filled by the CLI (or a test)."""

    command: list[str]
    cwd: Path
    experiment: str | None = None
    timebox: timedelta | None = None
    hard: bool = False
    grace: float = DEFAULT_GRACE
    gate: dict[str, object] = field(default_factory=dict)
    log_limit: int = DEFAULT_LIMIT
    run_id: str | None = None
    env: dict[str, str] | None = None
    """The child's environment before credo's additions (default: this process's)."""
    repo_state: RepoState | None = None
    """The repository state at the start, when the caller (the gate) already read it."""
    versions: environment.VersionQuery | None = None
    """The Python/package query, when the caller started it early (it runs beside credo's
    own start-up); else `execute` starts one."""


@dataclass
class RunOutcome:
    run: Run
    exit_code: int
    """What `credo run` returns: the child's code, or 128 + signal like a shell."""
    saved: bool = True
    """False when the final record could not be written (the first one stands)."""


Say = Callable[[str], None]


def _quiet(message: str) -> None:
    pass


def _capture_git(
    store: Store,
    folder: Path,
    name: str,
    reuse: GitState | None,
    ready: RepoState | None = None,
) -> GitState:
    """The repository's state, its patch saved as `name` in the run folder."""
    from credo.gitlink.state import capture

    try:
        state = ready or capture(
            store.project_root, with_patch=True, patch_limit=store.config.patch_limit_bytes
        )
    except Exception as error:  # git trouble must not lose the run
        return GitState(patch_status=f"off (git state not read: {error})")
    if not state.linkage or not state.patch:
        return state.to_git_state()
    if reuse is not None and reuse.diff_hash == state.diff_hash and reuse.patch:
        return state.to_git_state(patch_file=reuse.patch)  # same diff as at the start
    try:
        atomic_write(folder / name, state.patch)
    except OSError as error:
        saved = state.to_git_state()
        return saved.model_copy(
            update={"patch_status": f"not saved ({error.strerror}); was {state.patch_status}"}
        )
    return state.to_git_state(patch_file=name)


class _Background(threading.Thread, Generic[T]):
    """`work()` in a thread, started at once; `result()` waits and returns (or raises) it."""

    def __init__(self, work: Callable[[], T]) -> None:
        super().__init__(daemon=True)
        self.work = work
        self.value: T | None = None
        self.error: BaseException | None = None
        self.start()

    def run(self) -> None:
        try:
            self.value = self.work()
        except BaseException as error:  # handed to the caller by result()
            self.error = error

    def result(self) -> T:
        self.join()
        if self.error is not None:
            raise self.error
        return cast(T, self.value)  # set by run(): None only when work() returned None


class _Terminal:
    """Gives the terminal to the child's process group, and takes it back."""

    def __init__(self) -> None:
        self.fd: int | None = None
        try:
            if sys.stdin is not None and sys.stdin.isatty():
                fd = sys.stdin.fileno()
                if os.tcgetpgrp(fd) == os.getpgrp():
                    self.fd = fd
        except (OSError, ValueError, AttributeError):
            self.fd = None

    @property
    def active(self) -> bool:
        return self.fd is not None

    def preexec(self) -> Callable[[], None] | None:
        fd = self.fd
        if fd is None:
            return None

        def become_foreground() -> None:
            os.setpgid(0, 0)
            signal.signal(signal.SIGTTOU, signal.SIG_IGN)
            try:
                os.tcsetpgrp(fd, os.getpgrp())
            finally:
                signal.signal(signal.SIGTTOU, signal.SIG_DFL)

        return become_foreground

    def give(self, pgid: int) -> None:
        if self.fd is not None:
            try:
                os.tcsetpgrp(self.fd, pgid)
            except OSError:
                pass

    def take_back(self) -> None:
        if self.fd is not None:
            try:
                os.tcsetpgrp(self.fd, os.getpgrp())
            except OSError:
                pass


def _signal_group(pid: int, sig: int) -> None:
    try:
        os.killpg(pid, sig)
    except (ProcessLookupError, PermissionError):
        try:
            os.kill(pid, sig)
        except (ProcessLookupError, PermissionError):
            pass


def execute(
    store: Store,
    request: RunRequest,
    *,
    out: IO[bytes] | None = None,
    say: Say = _quiet,
) -> RunOutcome:
    """Run `request.command` as a recorded run; returns the final record and exit code."""
    run_id = request.run_id or new_id()
    folder = store.run_folder(run_id, create=True)  # refuses a runs folder that is a link
    base_env = dict(os.environ if request.env is None else request.env)
    versions = request.versions or environment.VersionQuery(request.command, base_env)
    versions.ask(store.project_root)

    git_start = _capture_git(store, folder, "start.patch", None, request.repo_state)
    run = Run(
        id=run_id,
        experiment=request.experiment,
        command=list(request.command),
        cwd=str(request.cwd),
        status=RunStatus.RUNNING,
        started=datetime.now(UTC),
        git_start=git_start,
        env=environment.capture_env(base_env),
        data=project_fingerprints(store),
        gate=dict(request.gate),
        timebox=request.timebox,
        hard=request.hard,
    )
    store.create(run)

    child_env = {
        **base_env,
        "CREDO_RUN_DIR": str(folder),
        "CREDO_METRICS": str(folder / METRICS_FILE),
        "CREDO_RUN_ID": run_id,
    }
    if request.experiment:
        child_env["CREDO_EXPERIMENT"] = request.experiment
    child_env.setdefault("PYTHONUNBUFFERED", "1")  # live output through the pipe

    log = CappedLog(folder / OUTPUT_FILE, request.log_limit)
    started_wall = time.time()
    result: dict[str, Any] = {}
    try:
        result = _supervise(request, child_env, log, out, say)
    except BaseException as error:  # credo itself failed: still write what happened
        result.setdefault("status", RunStatus.FAILED)
        result.setdefault("note", f"credo stopped supervising the run: {error!r}")
        if not isinstance(error, Exception):
            result.setdefault("exit_code", 130)
    finally:
        # git reads the end state (its own processes) while the log is synced to disk
        # and the metrics are read: the run's end costs the longer of them, not the sum.
        end_capture = _Background(lambda: _capture_git(store, folder, "end.patch", git_start))
        log.close()

    metrics_path = folder / METRICS_FILE
    notes = [result.get("note", "")]
    if store.config.tensorboard_dir:
        try:
            curves = read_tensorboard(
                store.project_root, store.config.tensorboard_dir, started_wall
            )
            append_tensorboard(metrics_path, curves)
        except OSError as error:
            notes.append(f"TensorBoard scalars not saved: {error.strerror}")
        except BadInputError as error:  # a tensorboard_dir that leads out of the project
            notes.append(error.message)
    series = read_metrics(metrics_path)
    if series.problem:
        notes.append(series.problem)
    if series.bad_lines:
        notes.append(f"{series.bad_lines} unreadable line(s) in {METRICS_FILE} skipped")
    if log.error:
        notes.append(log.error)
    python, packages = versions.result(timeout=20)
    git_end = end_capture.result()

    final = {
        "status": result.get("status", RunStatus.FAILED),
        "ended": datetime.now(UTC),
        "exit_code": result.get("exit_code"),
        "signal": result.get("signal"),
        "git_end": git_end,
        "python": python,
        "packages": packages,
        "metrics": series.last(),
        "output": log.summary(),
        "note": "; ".join(n for n in notes if n),
    }
    saved = True
    try:
        run, _ = store.update(Run, run_id, lambda r: r.model_copy(update=final))
    except Exception as error:
        saved = False
        say(f"could not save the final run record ({error}); the one from the start stands")
        run = run.model_copy(update=final)
    code = result.get("exit_code")
    if code is None:
        code = 128 + int(result["signal"]) if result.get("signal") else 1
    return RunOutcome(run=run, exit_code=int(code), saved=saved)


def _supervise(
    request: RunRequest,
    env: dict[str, str],
    log: CappedLog,
    out: IO[bytes] | None,
    say: Say,
) -> dict[str, Any]:
    """Start the child and stay with it to the end: stream, time, forward signals."""
    terminal = _Terminal()
    state: dict[str, Any] = {"forwarded": None}
    try:
        proc = subprocess.Popen(
            request.command,
            cwd=request.cwd,
            env=env,
            stdin=None,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            preexec_fn=terminal.preexec(),
            process_group=None if terminal.active else 0,
        )
    except (FileNotFoundError, PermissionError, NotADirectoryError) as error:
        message = f"cannot start {request.command[0]!r}: {error.strerror}"
        say(message)
        log.write(f"credo: {message}\n".encode())
        return {"status": RunStatus.FAILED, "exit_code": 127, "note": message}

    terminal.give(proc.pid)

    def forward(signum: int, frame: object) -> None:
        state["forwarded"] = signum
        _signal_group(proc.pid, signum if signum != signal.SIGHUP else signal.SIGTERM)

    previous: dict[int, Any] = {}
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        previous[signum] = signal.signal(signum, forward)
    previous[signal.SIGTTOU] = signal.signal(signal.SIGTTOU, signal.SIG_IGN)
    try:
        return _stream(proc, request, log, out, say, state)
    finally:
        if proc.poll() is None:  # credo is leaving early: do not leave the child behind
            _signal_group(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=request.grace)
            except subprocess.TimeoutExpired:
                _signal_group(proc.pid, signal.SIGKILL)
                proc.wait()
        terminal.take_back()
        for number, handler in previous.items():
            signal.signal(number, handler)


def _stream(
    proc: subprocess.Popen[bytes],
    request: RunRequest,
    log: CappedLog,
    out: IO[bytes] | None,
    say: Say,
    state: dict[str, Any],
) -> dict[str, Any]:
    assert proc.stdout is not None
    fd = proc.stdout.fileno()
    start = time.monotonic()
    deadline = start + request.timebox.total_seconds() if request.timebox else None
    term_sent_at: float | None = None
    killed = False
    warned = False
    exited_at: float | None = None
    pipe_open = True
    idle = True
    while True:
        moment = time.monotonic()
        if deadline is not None and moment >= deadline and not warned:
            warned = True
            if request.hard:
                say(f"timebox of {_words(request.timebox)} is up: stopping the run (SIGTERM)")
                _signal_group(proc.pid, signal.SIGTERM)
                term_sent_at = moment
            else:
                say(
                    f"timebox of {_words(request.timebox)} is up; the run goes on "
                    "(credo run --hard stops it)"
                )
        if term_sent_at is not None and not killed and moment - term_sent_at >= request.grace:
            if proc.poll() is None:
                say(f"still running {request.grace:g}s after SIGTERM: SIGKILL")
                _signal_group(proc.pid, signal.SIGKILL)
            killed = True
        # While output flows the pipe tells when it ends; ask the process only when idle.
        if exited_at is None and (idle or not pipe_open) and proc.poll() is not None:
            exited_at = moment
        if not pipe_open or (exited_at is not None and moment - exited_at > 0.5):
            break  # done, or a grandchild holds the pipe open after the child left
        waits = [0.5]
        if deadline is not None and not warned:
            waits.append(deadline - moment)
        if term_sent_at is not None and not killed:
            waits.append(term_sent_at + request.grace - moment)
        if exited_at is not None:
            waits.append(0.1)
        ready, _, _ = select.select([fd], [], [], max(min(waits), 0.0))
        idle = not ready
        if not ready:
            continue
        try:
            data = os.read(fd, _CHUNK)
        except OSError:
            data = b""
        if not data:
            pipe_open = False
            continue
        if out is not None:
            try:
                out.write(data)
                out.flush()
            except (BrokenPipeError, OSError, ValueError):
                out = None  # the terminal went away; the log keeps going
        log.write(data)
        if len(data) < _CHUNK:
            # A child printing line by line (unbuffered) writes one line per syscall:
            # waking for each costs more than the child's printing. Shown at once, the
            # chunk is followed by a pause far below what an eye notices, in which the
            # next lines gather in the pipe and come as one block. A full chunk means
            # the pipe is backing up: read on without pausing.
            time.sleep(_GATHER)
    proc.stdout.close()
    if proc.poll() is None:
        proc.wait()
    code = proc.returncode
    result: dict[str, Any] = {}
    if code < 0:
        result["signal"] = -code
    else:
        result["exit_code"] = code
    forwarded = state["forwarded"]
    if term_sent_at is not None:
        result["status"] = RunStatus.TIMED_OUT
        how = "SIGKILL after the grace period" if killed else "SIGTERM"
        result["note"] = f"stopped by the hard timebox of {_words(request.timebox)} ({how})"
    elif forwarded == signal.SIGINT or code in (-signal.SIGINT, 130):
        result["status"] = RunStatus.INTERRUPTED
        result["note"] = "interrupted (Ctrl+C)"
    elif forwarded is not None:
        result["status"] = RunStatus.KILLED
        result["note"] = f"credo received {signal.Signals(forwarded).name} and passed it on"
    elif code < 0:
        result["status"] = RunStatus.KILLED
        result["note"] = f"killed by {_signal_name(-code)}"
    else:
        result["status"] = RunStatus.SUCCEEDED if code == 0 else RunStatus.FAILED
    if warned and not request.hard:
        result["note"] = (result.get("note", "") + "; ran past its timebox").lstrip("; ")
    return result


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def _words(value: timedelta | None) -> str:
    from credo.domain.durations import format_duration

    return format_duration(value) if value is not None else "?"
