"""`credo run`: start the child, stream its output, enforce the timebox, record everything.

The run record is created first (status `running`, with who runs it) and updated once
at the end, so a crash, a signal, a Ctrl+C or a full disk leaves either the first
record or the final one, never half a file; a reader that finds the first record's
`credo run` gone marks it `lost` (see `liveness`).

The child always leads a process group of its own, so a hard timebox stops its whole
tree. When credo's stdin and stdout are a terminal it runs on a pseudo-terminal of its
own (`terminal.Terminal`): keys, ctrl-c and ctrl-z reach it as on the real terminal,
and credo stays in the foreground; a hang-up reaches it as SIGHUP. Elsewhere (scripts,
CI, nohup, batch jobs) its output comes through a pipe and credo passes on SIGINT,
SIGQUIT, SIGTERM and SIGTSTP (SIGHUP as SIGTERM); when the reader of credo's output
goes away (`| head`), the command's pipe is closed, and it ends as it would alone.
Either way, a child that stops on ctrl-z stops credo too, so the shell shows the run
stopped and `fg` resumes both; one stopped from elsewhere (kill -STOP) is waited for.
"""

from __future__ import annotations

import functools
import os
import select
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NamedTuple

from credo.domain.models import (
    Experiment,
    GitState,
    ParamValue,
    Run,
    Runner,
    RunStatus,
    SlurmJob,
    now,
    short_sha,
)
from credo.errors import BadFileError, BadInputError, CredoError, open_files_refused
from credo.gitlink.authors import known_person
from credo.runs import environment
from credo.runs.background import Background, joined
from credo.runs.command import recorded_command
from credo.runs.fingerprint import LFS_NOT_PULLED, MISSING, project_fingerprints
from credo.runs.liveness import HEARTBEAT_SECONDS, this_runner
from credo.runs.machine import GpuQuery, capture_machine
from credo.runs.metrics import (
    METRICS_FILE,
    Series,
    append_tensorboard,
    read_metrics,
    read_tensorboard,
    tensorboard_available,
)
from credo.runs.orphans import adopting, end_orphans
from credo.runs.output import DEFAULT_LIMIT, OUTPUT_FILE, CappedLog
from credo.runs.params import PARAMS_FILE, logged_params, merge, params_from_args
from credo.runs.readable import Readable
from credo.runs.shim import shim_path, with_shim
from credo.runs.startable import relied_on_nothing, start_failure
from credo.runs.terminal import Terminal, leaves_line_open
from credo.store.confine import read_capped
from credo.store.files import atomic_write, refused_write
from credo.store.ids import new_id
from credo.store.paths import FULL_COMMAND_FILE, item_path
from credo.store.store import Store
from credo.wording import counted

if TYPE_CHECKING:
    from credo.gitlink.state import RepoState

DEFAULT_GRACE = 10.0
LOCAL_ARTIFACTS = ("output.log", "*.patch", METRICS_FILE, PARAMS_FILE, "slurm.out")
"""What a run keeps in this clone only, unless the project shares run artifacts."""
_CHUNK = 65536
_GATHER = 0.002
_PTY_FULL = 2048
_PTY_GATHER = 0.001
"""Seconds to let output gather after a short read (see `_Supervisor.read_output`):
invisible, and it turns a stream of single lines into a few hundred blocks a second."""
_PTY_HELD_READS = 32
"""Reads that empty a pty of what it holds (some 68 KiB, in reads of 2-4 KiB), and no
more: a child writing on after its window closed does not hold credo."""
_WAITID = hasattr(os, "waitid")
"""Linux has it (a child's exit seen without reaping it); else `waitpid` serves."""
_LINGER = 0.5
"""Seconds the output may stay open after the child left (a grandchild holds it)."""
_PR_SET_PDEATHSIG = 1
"""prctl's option for the signal a process gets when its parent dies (linux/prctl.h)."""
_ENDING = (signal.SIGINT, signal.SIGQUIT, signal.SIGTERM, signal.SIGHUP)
"""The signals credo passes on to the command, and then ends with it."""
_GROUP_WIDE = (signal.SIGINT, signal.SIGQUIT, signal.SIGHUP)
"""Signals a terminal sends the command's whole group (ctrl-c, ctrl-\\, a hang-up)."""


def grace_kept(grace: float) -> float | None:
    """The grace a run's record keeps (`Run.grace`): None for the default."""
    return None if grace == DEFAULT_GRACE else grace


@dataclass
class RunRequest:
    """What to run and how; filled by `actions.runs` (or a test)."""

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
    gpus: GpuQuery | None = None
    """The nvidia-smi query, when the caller started it early; else `execute` starts one."""
    rung: str | None = None
    """The ladder rung this run tries (`--rung overfit-one`): recorded as the `rung` param."""
    terminal: bool = False
    """Give the child a pseudo-terminal when credo's stdin and stdout are a terminal
    (the CLI; tests that call `execute` keep pipes)."""
    queued: Run | None = None
    """The run's `queued` record, which this start takes over (`credo run --job`: a
    SLURM job on its node, or a sweep's next run); `run_id` is its id."""
    actor: str | None = None
    """The coding agent whose shell asked for the run (`agent:NAME`); None for a person."""
    left_of_experiment: Callable[[], timedelta | None] | None = None
    """When the timebox is what was left of the experiment's: what is left of it now
    (None: nothing to go by), asked as the run starts, so that it ends with the
    experiment (not a start-up later), and as the timebox ends, so that time added to
    the experiment meanwhile (`credo exp extend`) moves the run's end too."""


@dataclass
class RunOutcome:
    run: Run
    exit_code: int
    """What `credo run` returns: the child's code, or 128 + signal like a shell."""
    saved: bool = True
    """False when the final record could not be written (the first one stands)."""
    verdict: list[str] = field(default_factory=list)
    """What the run verified or failed, and the next rung (see `checklists.verdict`)."""
    series: Series = field(default_factory=Series)
    """Its curves as read at the end (the verifiers read them, not the file again)."""
    started: bool = True
    """False when the command could not start: nothing ran, so nothing is judged."""


Say = Callable[[str], None]


def _quiet(message: str) -> None:
    """A `Say` that says nothing."""


_DAY_CLOCK = getattr(time, "CLOCK_BOOTTIME", time.CLOCK_MONOTONIC)
"""What a run's timebox and duration count: time of the researcher's day. A laptop's
sleep counts (Linux's boot time; macOS's monotonic clock counts it too), as it does for
the experiment's countdown, while a setting of the wall clock (NTP, by hand) does not:
no run ends early, or took hours or less than nothing, because the clock was set."""


def _clock() -> float:
    return time.clock_gettime(_DAY_CLOCK)


class _Captured(NamedTuple):
    git: GitState
    marks: dict[str, str]
    """Of each untracked file, what the diff hash holds of it (`RepoState.marks`)."""


def _capture_git(
    store: Store,
    folder: Path,
    name: str,
    reuse: GitState | None,
    ready: RepoState | None = None,
    started: GitState | None = None,
) -> _Captured:
    """The repository's state, its patch saved as `name` in the run folder; what appeared
    since `started` (the run's queueing, or its start) and is not code is left out of it."""
    from credo.gitlink.state import capture_project

    try:
        state = ready or capture_project(store.project_root, store.config, started)
    except Exception as error:  # git trouble must not lose the run
        return _Captured(GitState(patch_status=f"off (git state not read: {error})"), {})
    if not state.linkage or not state.patch:
        return _Captured(state.to_git_state(), state.marks)
    if reuse is not None and reuse.diff_hash == state.diff_hash and reuse.patch:
        # same diff as at the start
        return _Captured(state.to_git_state(patch_file=reuse.patch), state.marks)
    try:
        atomic_write(folder / name, state.patch)
    except OSError as error:
        saved = state.to_git_state().model_copy(
            update={"patch_status": f"not saved ({error.strerror}); was {state.patch_status}"}
        )
        return _Captured(saved, state.marks)
    return _Captured(state.to_git_state(patch_file=name), state.marks)


def artifact_ignores(share: bool) -> str:
    """`.credo/runs/.gitignore`: what of each run stays in this clone."""
    secrets = (
        "# A command's secrets are never shared (run.toml keeps it redacted):\n"
        f"*/{FULL_COMMAND_FILE}\n"
    )
    if share:
        return (
            "# share_run_artifacts = true: every other file of a run is shared through git\n"
            + secrets
        )
    return (
        "# Kept in this clone only: each run's run.toml is shared, its heavy files are not\n"
        "# (share_run_artifacts = true in .credo/config.toml shares them).\n"
        + "".join(f"*/{pattern}\n" for pattern in LOCAL_ARTIFACTS)
        + secrets
    )


def write_artifact_ignores(store: Store) -> None:
    """`.credo/runs/.gitignore` as the settings want it (`artifact_ignores`), written where
    it is missing or says otherwise; under the store's lock. `credo init` writes it too, so
    that it is in the board's first commit: two clones that each made it at their first
    run stopped the second one's `git pull` (an untracked file the merge would overwrite)."""
    wanted = artifact_ignores(store.config.share_run_artifacts).encode()
    ignores = store.folder("runs", create=True) / ".gitignore"
    try:
        found: bytes | None = read_capped(ignores, ".credo/runs/.gitignore", 4096, "")
    except (FileNotFoundError, BadFileError):
        found = None  # missing, or not a plain small file: replaced (never followed)
    if found != wanted:
        atomic_write(ignores, wanted)


def _make_folder(store: Store, run_id: str) -> Path:
    """The run's folder of files (refused when a folder on the way is a link), and the
    ignore file that keeps heavy files out of git where they are beside run records."""
    with store.lock():  # a refused write (read-only, full) becomes one clear error
        try:
            folder = store.run_folder(run_id, create=True)
            write_artifact_ignores(store)
        except OSError as error:
            where = store.label(Path(error.filename)) if error.filename else "the runs folder"
            raise CredoError(refused_write(where, error)) from None
    return folder


@contextmanager
def _kept_only_if_recorded(store: Store, run_id: str) -> Iterator[None]:
    """A start refused before its record is written (a folder credo cannot write) takes
    back the run's folders it made, when they are still empty: else each refused try
    left a `.credo/runs/<id>/` and a `.git/credo/runs/<id>/` with nothing in them."""
    record = item_path(store.credo_dir, "runs", run_id).parent
    made = [folder for folder in (store.run_folder(run_id), record) if not folder.exists()]
    try:
        yield
    except BaseException:
        for folder in made:
            with suppress(OSError):  # not empty (a patch saved), or not made after all
                folder.rmdir()
        raise


def _given_params(request: RunRequest) -> dict[str, ParamValue]:
    """The command's `--name value` arguments, and the rung it tries (`credo run --rung`)."""
    params = params_from_args(request.command)
    if request.rung:
        params["rung"] = request.rung
    return params


def queue(
    store: Store, request: RunRequest, *, runner: Runner | None, slurm: SlurmJob | None
) -> Run:
    """Record a run that starts later, as `queued`: its command, params, gate and the
    code as it stands now (the diff saved as `queued.patch`), checked again at its start."""
    run_id = request.run_id or new_id()
    with _kept_only_if_recorded(store, run_id):
        folder = _make_folder(store, run_id)
        moment = now()
        run = Run(
            id=run_id,
            experiment=request.experiment,
            command=recorded_command(store, run_id, request.command),
            cwd=str(request.cwd),
            status=RunStatus.QUEUED,
            started=moment,
            queued=moment,
            git_start=_capture_git(store, folder, "queued.patch", None, request.repo_state).git,
            params=_given_params(request),
            runner=runner,
            slurm=slurm,
            gate=dict(request.gate),
            actor=request.actor,
            timebox=request.timebox,
            own_timebox=request.timebox is not None,  # a queued run's: its own or none
            hard=request.hard,
            grace=grace_kept(request.grace),
        )
        store.create(run, named=(Experiment, run.experiment))
    return run


def cancel_queued(store: Store, run_id: str, note: str, slurm_reason: str = "") -> Run:
    """Write a run that never started as cancelled, saying why (`note`; `slurm_reason`:
    its SLURM job, as the record holds it then, is marked CANCELLED for that reason); one
    that started meanwhile is left to record its own end. Returns the record."""

    def cancelled(current: Run) -> Run:
        if current.status != RunStatus.QUEUED:
            return current
        update: dict[str, Any] = {"status": RunStatus.CANCELLED, "ended": now(), "note": note}
        if slurm_reason:
            update["slurm"] = (current.slurm or SlurmJob()).model_copy(
                update={"state": "CANCELLED", "reason": slurm_reason}
            )
        return current.model_copy(update=update)

    written, _ = store.update(Run, run_id, cancelled)
    return written


def _claim(store: Store, run_id: str, start: dict[str, Any]) -> Run:
    """Take over a queued run (once: a run cancelled or started meanwhile is refused)."""

    def take(current: Run) -> Run:
        if current.status != RunStatus.QUEUED:
            raise CredoError(
                f"run {store.short_id(Run, run_id)} is {current.status.label}, not queued: "
                "not started again"
            )
        return current.model_copy(update=start)

    run, _ = store.update(Run, run_id, take)
    return run


def _moved(root: Path, queued: GitState | None, started: GitState) -> str:
    """How the code changed between a run's queueing and its start, or "": nothing did
    when only `.credo/` moved (the queued run's record committed to share it)."""
    if queued is None or (queued.sha, queued.diff_hash) == (started.sha, started.diff_hash):
        return ""
    from credo.gitlink.state import files_changed_since

    if files_changed_since(root, queued, started) == (set(), set()):
        return ""

    def words(git: GitState, other: str = "") -> str:
        at = short_sha(git.sha) if git.sha else "no commit"
        if git.diff_hash is None:
            return at
        return f"{at} with {other}uncommitted changes" + (f" ({git.patch})" if git.patch else "")

    edited = queued.diff_hash is not None and queued.sha == started.sha
    return (
        "the code changed after the run was queued: "
        f"queued at {words(queued)}, ran at {words(started, 'other ' if edited else '')}"
    )


def execute(
    store: Store,
    request: RunRequest,
    *,
    out: IO[bytes] | None = None,
    err: IO[bytes] | None = None,
    say: Say = _quiet,
) -> RunOutcome:
    """Run `request.command` as a recorded run; returns the final record and exit code.

    On a terminal the command has a pty of its own, copied to `out`; else its stdout
    goes to `out` and its stderr to `err` (`out` when None), both into the one log."""
    run_id = request.run_id or new_id()
    with _kept_only_if_recorded(store, run_id):
        folder = _make_folder(store, run_id)
        base_env = dict(os.environ if request.env is None else request.env)
        versions = request.versions or environment.VersionQuery(request.command, base_env)
        versions.ask(store.project_root)
        gpus = request.gpus or GpuQuery(base_env)

        queued = request.queued
        reuse = queued.git_start if queued is not None else None
        # What the sweep's earlier runs wrote while it waited (results, logs) is not code.
        at_start = _capture_git(store, folder, "start.patch", reuse, request.repo_state, reuse)
        git_start = at_start.git
        given_params = _given_params(request)
        start: dict[str, Any] = {
            "status": RunStatus.RUNNING,
            "git_start": git_start,
            "env": environment.capture_env(base_env, store.config.env_keep),
            "params": given_params,
            "machine": capture_machine(base_env, gpus),
            "runner": this_runner(store.project_root, known_person(store.git_root)),
            "data": project_fingerprints(store),
        }
        # The run starts now, as its command does: its duration and its box count from
        # here, and its record holds the box it obeys: what is left of the experiment's
        # now, not a start-up ago (git, the gate, the machine and the data read).
        began = _clock()
        start["started"] = datetime.now(UTC)
        if request.timebox is not None and request.left_of_experiment is not None:
            left = request.left_of_experiment()
            if left is not None:
                request.timebox = timedelta(seconds=max(round(left.total_seconds()), 0))
        start["timebox"] = request.timebox
        start["own_timebox"] = request.timebox is not None and request.left_of_experiment is None
        for path, fingerprint in start["data"].items():
            if fingerprint.startswith(LFS_NOT_PULLED):  # the run reads pointers, not data
                say(f"{path}: {fingerprint.partition(' ')[2]}")
            elif fingerprint == MISSING:  # a typo in the setting, or data still to come
                say(
                    f"{path}: not there (data_paths in .credo/config.toml names it): the run "
                    "records its data as missing"
                )
        moved = _moved(store.project_root, reuse, git_start)
        if queued is None:
            run = Run(
                id=run_id,
                experiment=request.experiment,
                command=recorded_command(store, run_id, request.command),
                cwd=str(request.cwd),
                gate=dict(request.gate),
                actor=request.actor,
                hard=request.hard,
                grace=grace_kept(request.grace),
                **start,
            )
            store.create(run, named=(Experiment, run.experiment))
        else:
            if moved:  # said from the start: a run SLURM ends (or that is lost) keeps it
                start.update(git_queued=reuse, note=moved)
                say(moved)
            run = _claim(store, run_id, start)

    child_env = {
        **base_env,
        "CREDO_RUN_DIR": str(folder),
        "CREDO_METRICS": str(folder / METRICS_FILE),
        "CREDO_PARAMS": str(folder / PARAMS_FILE),
        "CREDO_RUN_ID": run_id,
    }
    if request.experiment:
        child_env["CREDO_EXPERIMENT"] = request.experiment
    child_env.setdefault("PYTHONUNBUFFERED", "1")  # live output through the pipe
    child_env = with_shim(child_env, shim_path(store))  # `import credo` in any environment

    log = CappedLog(folder / OUTPUT_FILE, request.log_limit)
    readable = Readable(log)
    started_wall = time.time()
    result: dict[str, Any] = {}
    ctrl_c = signal.getsignal(signal.SIGINT)  # back once the run is recorded
    hurry = threading.Event()
    supervisor = _Supervisor(request, began, child_env, readable, (out, err), say, log.path, hurry)
    try:
        result = supervisor.run()
    except BaseException as error:  # credo itself failed: still write what happened
        ended_by_key = not isinstance(error, Exception)
        if supervisor.started:
            result.setdefault("status", RunStatus.FAILED)
            result.setdefault("note", f"credo stopped supervising the run: {error!r}")
            if ended_by_key:
                result.setdefault("exit_code", 130)
        else:  # nothing ran (a pipe, the pty, refused): credo's own failure, 125
            what = "credo could not start the command"
            note = open_files_refused(error, what) or f"{what}: {error!r}"
            readable.feed(f"credo: {note}\n".encode())  # as a command that cannot start
            result = {
                "status": RunStatus.DID_NOT_START,
                "note": note,
                "exit_code": 130 if ended_by_key else 125,
                "started": False,
            }
    with _hurried_by_ctrl_c(hurry, ctrl_c, told_to_end=bool(supervisor.forwarded)):
        # git reads the end state (its own processes) while the log is synced to disk
        # and the metrics are read: the run's end costs the longer of them, not the sum.
        end_capture = Background(
            lambda: _capture_git(store, folder, "end.patch", git_start, started=git_start)
        )
        readable.close()
        log.close()

        metrics_path = folder / METRICS_FILE
        notes = [result.get("note", ""), moved]
        tensorboard_dir = store.config.tensorboard_dir
        if tensorboard_dir and not tensorboard_available():
            notes.append(
                f"TensorBoard files in {tensorboard_dir} not read: pip install 'credo[tensorboard]'"
            )
        elif tensorboard_dir:
            try:
                lines = read_tensorboard(store.project_root, tensorboard_dir, started_wall)
                append_tensorboard(metrics_path, lines)
            except OSError as error:
                notes.append(f"TensorBoard scalars not saved: {error.strerror}")
            except BadInputError as error:  # a tensorboard_dir that leads out of the project
                notes.append(error.message)
        series = read_metrics(metrics_path)
        if series.problem:
            notes.append(series.problem)
        if series.bad_lines:
            notes.append(
                f"{counted(series.bad_lines, 'unreadable line')} in {METRICS_FILE} skipped"
            )
        params, bad_params = logged_params(folder / PARAMS_FILE)
        if bad_params:
            notes.append(f"{counted(bad_params, 'unreadable line')} in {PARAMS_FILE} skipped")
        if log.error:
            notes.append(log.error)
        answer = versions.result(timeout=20, stop=hurry)
        at_end = end_capture.result() if joined(end_capture, None, hurry) else None
        git_end = at_end.git if at_end is not None else None
        python, packages = answer or ("", {})
        missing = []
        if answer is None:
            missing.append("its package versions")
        if git_end is None:
            missing.append("git's state at the end")
        if missing:
            cut = " and ".join(missing)
            say(f"ctrl-c: the run is recorded without {cut}")
            notes.append(f"recorded without {cut} (ctrl-c cut the wait short)")
        if at_end is not None:
            notes.append(_written_code_note(store, at_start, at_end))

        final = {
            "status": result.get("status", RunStatus.FAILED),
            "ended": start["started"] + timedelta(seconds=_clock() - began),
            "exit_code": result.get("exit_code"),
            "signal": result.get("signal"),
            "timebox": request.timebox,  # grown if the experiment's was extended meanwhile
            "git_end": git_end,
            "python": python,
            "packages": packages,
            "params": merge(given_params, params),
            "metrics": series.last(),
            "diverged": series.diverged,
            "best": series.best(),
            "output": log.summary(),
            "note": "; ".join(n for n in notes if n),
        }
        if not result.get("started", True):  # no checks it relied on: it never ran
            final["gate"] = relied_on_nothing(run.gate)
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
    started = result.get("started", True)
    return RunOutcome(run=run, exit_code=int(code), saved=saved, series=series, started=started)


@contextmanager
def _hurried_by_ctrl_c(hurry: threading.Event, ctrl_c: Any, *, told_to_end: bool) -> Iterator[None]:
    """The run's end, once the command has ended: a ctrl-c now (mostly a second one, the
    first having ended the command) sets `hurry`, and credo stops waiting for what is
    slow (the package probe, git) and writes the record at once with what it has. Raised
    where it landed, it left the record from the start (`running`, found lost later).
    The supervisor hands ctrl-c to `hurry` as its own handlers come down (`_signals`);
    once the run is recorded, ctrl-c is ignored if credo was told to end (it ends now),
    else `ctrl_c` again, the handler from before the run."""
    if ctrl_c is signal.SIG_IGN:  # started with ctrl-c ignored (a background job): it stays so
        yield
        return
    signal.signal(signal.SIGINT, _setting(hurry))  # also where the supervisor never started
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN if told_to_end else ctrl_c)


def _setting(event: threading.Event) -> Callable[[int, Any], None]:
    """A signal handler that sets `event`."""
    return lambda signum, frame: event.set()


def _show(sink: IO[bytes], data: bytes) -> None:
    """Write all of `data` where the user sees it. With PYTHONUNBUFFERED set (many ML
    images set it) `sys.stdout.buffer` is unbuffered: a write that a signal interrupts
    (the child's SIGCHLD, a SIGWINCH) while a slow terminal holds it takes part of the
    bytes and says how many, and the rest was lost from the screen. A stream another
    program left non-blocking takes none for now (None): wait until it can."""
    view = memoryview(data)
    while view:
        written = sink.write(view)
        if written is None:
            select.select([], [sink], [])
            continue
        view = view[written:]
    sink.flush()


def _signal_group(pgid: int, sig: int) -> None:
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def dies_with_credo() -> dict[str, Any]:
    """`subprocess.Popen` options that have the kernel send the child SIGTERM when credo
    dies, even by SIGKILL, so the command does not run on orphaned (Linux; none elsewhere).
    The kernel sends it when the thread that started the child ends: start it from the
    main thread. On a terminal the child needs none: the end of credo hangs up its pty."""
    if not sys.platform.startswith("linux"):
        return {}
    import ctypes

    prctl = ctypes.CDLL(None, use_errno=True).prctl
    # one C call between fork and exec (no Python code runs in the child)
    return {"preexec_fn": functools.partial(prctl, _PR_SET_PDEATHSIG, int(signal.SIGTERM))}


class _Supervisor:
    """Stays with the child from start to end: streams, times, passes signals, suspends."""

    def __init__(
        self,
        request: RunRequest,
        began: float,
        env: dict[str, str],
        log: Readable,
        outs: tuple[IO[bytes] | None, IO[bytes] | None],
        say: Say,
        heartbeat: Path,
        hurry: threading.Event,
    ) -> None:
        self.request = request
        self.began = began
        """The run's start on credo's clock, which its timebox counts from."""
        self.hurry = hurry
        """Set by a ctrl-c once the command has ended (`_hurried_by_ctrl_c`)."""
        self.env = env
        self.log = log
        self.heartbeat = heartbeat
        self.outs = outs
        self.sinks: dict[int, IO[bytes] | None] = {}
        """Each open output of the child (its pty, or its stdout and stderr pipes), and
        where it is copied to (None: nowhere, or no longer)."""
        self.say_to_user = say
        self.terminal: Terminal | None = None
        self.started = False
        """Whether the command has started (signals before are passed on once it has)."""
        self.forwarded: list[int] = []
        """The signals credo received and passed on to the command, in order."""
        self.typed_interrupt = False
        """Whether the last key typed was ctrl-c: a failure then counts as interrupted."""
        self.pending_input = b""
        self.input_open = True
        self.said_stopped = False
        self.stop_asked = False
        """Whether credo stopped the child (ctrl-z), and follows it when it stops."""
        self.line_open = False
        """Whether the child left its last line on the terminal unfinished."""
        self.output_closed = False
        """Whether the reader of credo's output went away, and the child's was closed."""
        self.woken = {"child": True, "resize": False}

    # -- start and end ----------------------------------------------------------

    def run(self) -> dict[str, Any]:
        request = self.request
        if request.terminal:
            self.terminal = Terminal.open(sys.stdin.fileno(), sys.stdout.fileno())
        try:
            if self.terminal is not None:
                self.terminal.take()
                options = self.terminal.child_options()
            else:
                options = {
                    "stdout": subprocess.PIPE,
                    "stderr": subprocess.PIPE,
                    "process_group": 0,
                    **dies_with_credo(),
                }
            # the handlers first: a signal while the command starts (a sweep's job told to
            # end by its dying sweep) is passed on, never credo's death with no record
            with adopting(), self._signals():
                try:
                    proc = subprocess.Popen(
                        request.command, cwd=request.cwd, env=self.env, **options
                    )
                except OSError as error:
                    if open_files_refused(error, ""):  # credo's own limit, not the command
                        raise
                    # said with the record's note
                    search = os.get_exec_path(self.env)
                    failed = start_failure(request.command[0], request.cwd, search, error)
                    self.log.feed(f"credo: {failed['note']}\n".encode())
                    return {"status": RunStatus.DID_NOT_START, **failed}
                if self.terminal is not None:
                    self.terminal.child_started()
                    fd = self.terminal.master
                    self.sinks = {fd: self.outs[0]}
                else:
                    assert proc.stdout is not None and proc.stderr is not None
                    fd = proc.stdout.fileno()
                    out, err = self.outs
                    self.sinks = {fd: out, proc.stderr.fileno(): err or out}
                self.proc, self.pgid, self.fd = proc, proc.pid, fd
                self.started = True
                if self.forwarded:  # came while it started
                    self._pass_on(self.forwarded[-1])
                try:
                    return self._stream()
                finally:
                    if self._exit_status() is None:  # credo leaves early: take the child along
                        self._stop_group()
        finally:
            if self.terminal is not None:
                self._end_line()
                self.terminal.close()

    def _stop_group(self) -> None:
        _signal_group(self.pgid, signal.SIGTERM)
        _signal_group(self.pgid, signal.SIGCONT)
        try:
            self.proc.wait(timeout=self.request.grace)
        except subprocess.TimeoutExpired:
            _signal_group(self.pgid, signal.SIGKILL)
            self.proc.wait()

    def say(self, message: str) -> None:
        if self.terminal is not None:
            self._end_line()
            with self.terminal.cooked():
                self.say_to_user(message)
        else:
            self.say_to_user(message)

    # -- signals ------------------------------------------------------------------

    @contextmanager
    def _signals(self) -> Iterator[None]:
        """Handlers for the run's length; a wake-up pipe makes `select` see each signal."""
        wake_read, wake_write = os.pipe()
        for fd in (wake_read, wake_write):
            os.set_blocking(fd, False)
        self.wake = wake_read
        previous: dict[int, Any] = {}
        old_wake = signal.set_wakeup_fd(wake_write, warn_on_full_buffer=False)
        try:
            for signum in (*_ENDING, signal.SIGTSTP):
                if signal.getsignal(signum) != signal.SIG_IGN:  # nohup's SIGHUP stays ignored
                    previous[signum] = signal.signal(signum, self._forward)
            previous[signal.SIGCHLD] = signal.signal(signal.SIGCHLD, self._note)
            if self.terminal is not None:
                previous[signal.SIGWINCH] = signal.signal(signal.SIGWINCH, self._note)
                previous[signal.SIGCONT] = signal.signal(signal.SIGCONT, self._note)
            yield
        finally:
            for number, handler in previous.items():
                # told to end, credo ends once the run is recorded: the same word again (a
                # dying sweep sends one per thread of it) must not cut the record short;
                # ctrl-c hurries it from this instant (before the terminal is cooked again,
                # when a typed ctrl-c becomes credo's SIGINT), with no gap where it is lost
                # or ends credo with the record unwritten
                if number == signal.SIGINT:
                    handler = _setting(self.hurry)
                elif self.forwarded and number in _ENDING:
                    handler = signal.SIG_IGN
                signal.signal(number, handler)
            signal.set_wakeup_fd(old_wake)
            os.close(wake_read)
            os.close(wake_write)

    def _forward(self, signum: int, frame: object) -> None:
        if not self.started:  # passed on once the command has started
            if signum != signal.SIGTSTP:
                self.forwarded.append(signum)
            return
        if signum == signal.SIGTSTP:  # the child stops; credo follows when it sees it
            self._stop_child()
            return
        self.forwarded.append(signum)
        self._pass_on(signum)

    def _pass_on(self, signum: int) -> None:
        _signal_group(self.pgid, self._passed_on(signum))
        _signal_group(self.pgid, signal.SIGCONT)  # a stopped child must see it too

    def _passed_on(self, signum: int) -> int:
        """What the child is sent for `signum`: a hang-up hangs up its pty as the user's
        terminal hung up (an interactive shell ignores SIGTERM); through pipes, which no
        terminal hangs up, it is asked to end (SIGTERM)."""
        if signum == signal.SIGHUP and self.terminal is None:
            return signal.SIGTERM
        return signum

    def _cause(self, code: int) -> int | None:
        """The signal credo passed on that ended the command: the one it died of (closing
        a window sends a hang-up, then maybe SIGTERM), else the last one."""
        for signum in reversed(self.forwarded):
            if code == -self._passed_on(signum):
                return signum
        return self.forwarded[-1] if self.forwarded else None

    def _note(self, signum: int, frame: object) -> None:
        if signum == signal.SIGWINCH:
            self.woken["resize"] = True
        else:  # SIGCHLD, or SIGCONT (credo resumed, maybe in the foreground again)
            self.woken["child"] = True

    # -- the child's state ------------------------------------------------------------

    def _exit_status(self) -> int | None:
        """The child's exit as Popen's returncode, without reaping it: while it is a
        zombie its pid, the group's id, cannot be reused, so the group can be killed."""
        if self.proc.returncode is not None:
            return self.proc.returncode
        if not _WAITID:
            return self._reap_or_stop()[0]
        try:
            found = os.waitid(os.P_PID, self.pgid, os.WEXITED | os.WNOHANG | os.WNOWAIT)
        except ChildProcessError:
            return self.proc.poll()
        if found is None or found.si_pid == 0:
            return None
        if found.si_code == os.CLD_EXITED:
            return found.si_status
        return -found.si_status

    def _stopped_by(self) -> int | None:
        """The signal that stopped the child, when it just stopped (ctrl-z)."""
        if not _WAITID:
            return self._reap_or_stop()[1]
        try:
            found = os.waitid(os.P_PID, self.pgid, os.WSTOPPED | os.WNOHANG)
        except ChildProcessError:
            return None
        if found is None or found.si_pid == 0 or found.si_code != os.CLD_STOPPED:
            return None
        return found.si_status

    def _reap_or_stop(self) -> tuple[int | None, int | None]:
        """Without `waitid` (macOS): (exit code, stop signal) from `waitpid`, which reaps."""
        if self.proc.returncode is not None:
            return self.proc.returncode, None
        try:
            pid, status = os.waitpid(self.pgid, os.WNOHANG | os.WUNTRACED)
        except ChildProcessError:
            return self.proc.poll(), None
        if pid == 0:
            return None, None
        if os.WIFSTOPPED(status):
            return None, os.WSTOPSIG(status)
        self.proc.returncode = os.waitstatus_to_exitcode(status)
        return self.proc.returncode, None

    def _follow_stop(self, signum: int) -> None:
        """The child stopped: when credo stopped it (ctrl-z), stop credo too, so the shell
        shows the run stopped; stopped from elsewhere, wait on (a stopped credo would not
        read the output of a child continued by `kill -CONT`, which then froze)."""
        if self.terminal is None and signum in (signal.SIGTTIN, signal.SIGTTOU):
            if not self.said_stopped:  # it wants the terminal, which only the pty path gives
                self.said_stopped = True
                self.say(
                    "the command stopped to use the terminal, which credo gives it only "
                    "when credo's own input and output are the terminal; ctrl-c ends it"
                )
            return
        if not self.stop_asked:
            self.say(
                f"the command was stopped by {_signal_name(signum)}, not by credo: "
                "the run waits until it goes on (kill -CONT); ctrl-c ends it"
            )
            return
        self.stop_asked = False
        if self.terminal is not None:
            self.terminal.give_back()
        previous = signal.signal(signal.SIGTSTP, signal.SIG_DFL)
        try:
            os.kill(os.getpid(), signal.SIGTSTP)  # returns once the shell resumes credo
        finally:
            signal.signal(signal.SIGTSTP, previous)
        if self.terminal is not None:
            self.terminal.take()
            self.terminal.resize()
        _signal_group(self.pgid, signal.SIGCONT)

    def _hang_up_if_window_closed(self) -> None:
        """Closing the window hangs up the child's pty too, once credo has passed on the
        hang-up and read what the child had written: the signal alone can be missed (an
        interactive bash stayed at its prompt, and so did credo, the run `running`)."""
        terminal = self.terminal
        if (
            terminal is None
            or signal.SIGHUP not in self.forwarded
            or self.fd not in self.sinks
            or not terminal.gone()
        ):
            return
        for _ in range(_PTY_HELD_READS):  # what it wrote before goes to the log
            if self.fd not in self.sinks or not select.select([self.fd], [], [], 0)[0]:
                break
            self._read_output(self.fd)
        self.sinks.pop(self.fd, None)
        terminal.hang_up_child()

    def _look(self) -> None:
        """After a signal: resize, follow a stop, take the terminal back in the foreground."""
        if self.woken["resize"] and self.terminal is not None:
            self.woken["resize"] = False
            self.terminal.resize()
        if self.woken["child"]:
            self.woken["child"] = False
            if self._exit_status() is None:
                stop = self._stopped_by()
                if stop is not None:
                    self._follow_stop(stop)
            if self.terminal is not None and not self.terminal.raw:
                self.terminal.take()  # `fg` after `bg`
                self.terminal.resize()

    # -- streaming ------------------------------------------------------------------

    def _stream(self) -> dict[str, Any]:
        request, start = self.request, self.began
        deadline = None if request.timebox is None else start + request.timebox.total_seconds()
        term_sent_at: float | None = None
        killed = False
        warned = False
        exited_at: float | None = None
        next_beat = start + HEARTBEAT_SECONDS
        while True:
            moment = _clock()
            if deadline is not None and moment >= deadline and not warned:
                deadline = self._extended(start, moment)
            if deadline is not None and moment >= deadline and not warned:
                warned = True
                if request.hard:
                    self.say(
                        f"timebox of {_words(request.timebox)} is up: stopping the run (SIGTERM)"
                    )
                    _signal_group(self.pgid, signal.SIGTERM)
                    _signal_group(self.pgid, signal.SIGCONT)
                    term_sent_at = moment
                else:
                    self.say(
                        f"timebox of {_words(request.timebox)} is up; the run goes on "
                        "(credo run --hard stops it)"
                    )
            if term_sent_at is not None and not killed and moment - term_sent_at >= request.grace:
                if self._exit_status() is None:
                    self.say(f"still running {request.grace:g}s after SIGTERM: SIGKILL")
                # the whole group: grandchildren that ignored SIGTERM too
                _signal_group(self.pgid, signal.SIGKILL)
                killed = True
            if moment >= next_beat:
                self._beat()
                next_beat = moment + HEARTBEAT_SECONDS
            self._look()
            self._hang_up_if_window_closed()
            if exited_at is None and (status := self._exit_status()) is not None:
                exited_at = moment
                if term_sent_at is None:
                    self._take_helpers_along(status)
            if exited_at is not None:
                if not self.sinks:
                    break
                # A grandchild holds the output open after the child left: leave it,
                # unless the hard timebox is still giving the group its grace period.
                if moment - exited_at > _LINGER and (term_sent_at is None or killed):
                    break
            waits = [HEARTBEAT_SECONDS / 2]
            if deadline is not None and not warned:
                waits.append(deadline - moment)
            if term_sent_at is not None and not killed:
                waits.append(term_sent_at + request.grace - moment)
            if exited_at is not None:
                waits.append(0.1)
            self._wait(max(min(waits), 0.0))
        if term_sent_at is not None and not killed:
            _signal_group(self.pgid, signal.SIGKILL)  # whoever is left of the group
        if term_sent_at is not None:  # and out of it: torchrun's ranks, in sessions of their own
            end_orphans(self.pgid, signal.SIGKILL)
        self.proc.wait()
        for pipe in (self.proc.stdout, self.proc.stderr):
            if pipe is not None:
                pipe.close()
        return self._result(self.proc.returncode, term_sent_at is not None, killed, warned)

    def _take_helpers_along(self, status: int) -> None:
        """The command died of a signal meant for it alone (the OOM killer's SIGKILL, a
        segfault): its helpers (data-loader workers) were left running without it, holding
        memory after credo returned (through pipes, where no hang-up reaches them). They
        are told to end (SIGTERM), as the command would have told them. A signal the whole
        group got (a key of the terminal, one credo passed on) left each to answer it."""
        if status >= 0 or -status in _GROUP_WIDE or self.forwarded:
            return
        _signal_group(self.pgid, signal.SIGTERM)
        _signal_group(self.pgid, signal.SIGCONT)
        end_orphans(self.pgid, signal.SIGTERM)  # torchrun's ranks

    def _wait(self, timeout: float) -> None:
        """One wait for output, input or a signal (an output at its end leaves `sinks`)."""
        terminal = self.terminal
        reading = [self.wake, *self.sinks]
        keys = terminal is not None and self.input_open and terminal.raw
        if keys and terminal is not None:
            reading.append(terminal.fd)
        writing = [self.fd] if self.pending_input and self.fd in self.sinks else []
        try:
            ready, writable, _ = select.select(reading, writing, [], timeout)
        except InterruptedError:
            return
        if self.wake in ready:
            try:
                while os.read(self.wake, 512):
                    pass
            except BlockingIOError:
                pass
        if keys and terminal is not None and terminal.fd in ready:
            self._read_keys(terminal.fd)
        if writable:
            self._send_keys()
        for fd in ready:
            if fd in self.sinks:
                self._read_output(fd)

    def _read_keys(self, fd: int) -> None:
        assert self.terminal is not None
        try:
            data = os.read(fd, 4096)
        except OSError:
            data = b""
        if not data:
            self.input_open = False  # the terminal went away
            return
        interrupt, suspend = self.terminal.signal_keys()
        if interrupt is not None:  # keys after a ctrl-c went to a program that went on
            self.typed_interrupt = data.endswith(interrupt)
        if suspend is not None and suspend in data and self.terminal.child_in_front(self.pgid):
            before, _, after = data.partition(suspend)
            self.pending_input += before
            self._send_keys()
            self._suspend_child()
            data = after
        self.pending_input += data
        self._send_keys()
        if interrupt is not None and interrupt in data:
            _signal_group(self.pgid, signal.SIGCONT)  # a child stopped from elsewhere too

    def _suspend_child(self) -> None:
        """ctrl-z: the pty's own stop would be dropped (an orphaned group), so credo stops
        the child; seeing it stopped, credo stops too (`_follow_stop`)."""
        shown = self.sinks.get(self.fd)
        if shown is not None:
            try:
                _show(shown, b"^Z")
            except (OSError, ValueError):
                pass
        self._stop_child()

    def _stop_child(self) -> None:
        """SIGTSTP to the child's group, for a handler; on its pty the group is orphaned,
        where the kernel does not stop for SIGTSTP, so SIGSTOP follows."""
        self.stop_asked = True
        _signal_group(self.pgid, signal.SIGTSTP)
        if self.terminal is not None:
            _signal_group(self.pgid, signal.SIGSTOP)

    def _send_keys(self) -> None:
        try:
            sent = os.write(self.fd, self.pending_input)
        except BlockingIOError:
            return
        except OSError:
            sent = len(self.pending_input)  # the child's side is gone: drop them
        self.pending_input = self.pending_input[sent:]

    def _read_output(self, fd: int) -> None:
        """Copy what the child wrote on `fd` to its sink and the log; at its end, drop it
        from `sinks`."""
        try:
            data = os.read(fd, _CHUNK)
        except BlockingIOError:
            return
        except OSError:  # EIO: every holder of the pty's other end closed it
            data = b""
        if not data:
            del self.sinks[fd]
            return
        self.log.feed(data)  # first: whatever was seen is in the log, even if credo is killed
        sink = self.sinks[fd]
        if sink is not None:
            try:
                _show(sink, data)
            except (OSError, ValueError) as error:
                if isinstance(error, BrokenPipeError) and self.terminal is None:
                    self._close_pipe(fd)
                    return
                self.sinks[fd] = None  # the terminal went away; the log keeps going
            else:
                self.line_open = self.terminal is not None and leaves_line_open(
                    data, self.line_open
                )
        full, pause = (_PTY_FULL, _PTY_GATHER) if self.terminal else (_CHUNK, _GATHER)
        if len(data) < full:
            # A child printing line by line (unbuffered) writes one line per syscall:
            # waking for each costs more than the child's printing. Shown at once, the
            # block is followed by a pause far below what an eye notices, in which the
            # next lines gather and come as one block. A full read means the output is
            # backing up: read on without pausing. A pty holds a few KiB, not a pipe's
            # 64: it counts as full sooner, and its pause is shorter.
            time.sleep(pause)

    def _close_pipe(self, fd: int) -> None:
        """The reader of what credo copies from `fd` went away (`| head` had enough):
        the command's pipe is closed too, so that its next write there fails (SIGPIPE)
        as it would without credo, and it ends as it would."""
        del self.sinks[fd]
        self.output_closed = True
        for pipe in (self.proc.stdout, self.proc.stderr):
            if pipe is not None and not pipe.closed and pipe.fileno() == fd:
                pipe.close()

    def _end_line(self) -> None:
        """Start credo's own lines on a line of their own after the child's unfinished
        one (a progress bar, a prompt, an echoed ^C); the log keeps what the child wrote."""
        shown = self.outs[0]
        if not self.line_open or shown is None:
            return
        self.line_open = False
        try:
            _show(shown, b"\r\n")
        except (OSError, ValueError):
            pass

    def _beat(self) -> None:
        """The run's heartbeat: `output.log` moves at least once a minute while it lives."""
        try:
            os.utime(self.heartbeat)
        except OSError:
            pass

    def _extended(self, start: float, moment: float) -> float:
        """The run's end on credo's clock: later than `moment` when the experiment's
        timebox this run follows was extended since it started (said, and the run's
        timebox grows by as much), else `moment` (the end is now)."""
        request = self.request
        left = request.left_of_experiment() if request.left_of_experiment else None
        if left is None or left < timedelta(seconds=1):
            return moment
        self.say(f"the experiment's timebox was extended: the run may go on {_words(left)} more")
        end = moment + left.total_seconds()
        request.timebox = timedelta(seconds=round(end - start))
        return end

    def _result(self, code: int, hard_stop: bool, killed: bool, warned: bool) -> dict[str, Any]:
        request = self.request
        result: dict[str, Any] = {}
        if code < 0:
            result["signal"] = -code
        else:
            result["exit_code"] = code
        forwarded = self._cause(code)
        if hard_stop:
            result["status"] = RunStatus.TIMED_OUT
            how = "SIGKILL after the grace period" if killed else "SIGTERM"
            result["note"] = f"stopped by the hard timebox of {_words(request.timebox)} ({how})"
        elif (
            forwarded == signal.SIGINT
            or code in (-signal.SIGINT, 130)
            or (self.typed_interrupt and code != 0)
        ):
            result["status"] = RunStatus.INTERRUPTED
            result["note"] = "interrupted (Ctrl+C)"
        elif forwarded is not None:
            result["status"] = RunStatus.KILLED
            result["note"] = (
                f"hung up: credo sent {_signal_name(self._passed_on(forwarded))} to the command"
                if forwarded == signal.SIGHUP
                else f"credo received {signal.Signals(forwarded).name} and passed it on"
            )
        elif code < 0:
            result["status"] = RunStatus.KILLED
            result["note"] = f"killed by {_signal_name(-code)}"
            if code == -signal.SIGKILL:  # "killed by SIGKILL" alone baffled a researcher
                result["note"] += (
                    ", which credo did not send: the kernel's out-of-memory killer sends it "
                    "(dmesg names what it killed)"
                )
        else:
            result["status"] = RunStatus.SUCCEEDED if code == 0 else RunStatus.FAILED
        if self.output_closed:
            closed = "the reader of its output went away (`| head`?), so its output was closed"
            result["note"] = (result.get("note", "") + "; " + closed).lstrip("; ")
        if warned and not request.hard:
            result["note"] = (result.get("note", "") + "; ran past its timebox").lstrip("; ")
        return result


def _written_code_note(store: Store, started: _Captured, ended: _Captured) -> str:
    """What a run's record says of the code that appeared or changed while it ran (its
    outputs, as often as not), and how to keep them out of the next run's code; empty
    when none."""
    from credo.gitlink.state import rewritten_files, runs_wrote, written_code

    written = written_code(
        store.project_root,
        started.git,
        ended.git,
        store.config,
        rewritten=rewritten_files(started.marks, ended.marks),
        earlier=lambda: runs_wrote((run.git_start, run.git_end) for run in store.runs()),
    )
    if not (written.new or written.changed):
        return ""
    said = []
    if written.new:
        said.append(f"{_names(written.new)}, new since the run started")
    if written.changed:
        said.append(
            f"{_names(written.changed)}, changed" + ("" if said else " since the run started")
        )
    one = len(written.new) + len(written.changed) == 1
    it, counts = ("it", "counts") if one else ("them", "count")
    return (
        f"{', and '.join(said)}, {counts} as code (code_paths): if the run wrote "
        f"{it}, add {it} to .gitignore, or the next run's code differs from this one's"
    )


def _names(paths: list[str]) -> str:
    """Up to five of `paths`, and how many more."""
    return ", ".join(paths[:5]) + (f" and {len(paths) - 5} more" if len(paths) > 5 else "")


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def _words(value: timedelta | None) -> str:
    from credo.domain.durations import format_duration

    return format_duration(value) if value is not None else "?"
