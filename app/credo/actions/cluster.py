"""Runs on a SLURM cluster: submitted as jobs, watched through SLURM, cancelled by it.

SLURM schedules, runs and accounts; credo records. A job's run is recorded on its node
by `credo run --job`. What SLURM ended without that record, or with one that cannot
know why (a time limit, a cancel, a preemption, a node failure, a node that cannot see
the repository), is written here from SLURM's state and reason, keeping the output the
run got to. SLURM is asked about all of a project's jobs in one call per look.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from credo.abandoned_reads import landing_whole
from credo.domain.models import WAITING, Run, RunStatus, SlurmJob, now
from credo.errors import CredoError
from credo.gitlink.authors import known_person
from credo.runs import slurm
from credo.runs.launch import RunRequest, cancel_queued, queue
from credo.runs.liveness import this_runner
from credo.runs.slurm import JOB_LOG, JobView
from credo.runs.startable import relied_on_nothing
from credo.store.confine import append_plain
from credo.store.paths import CREDO_DIR
from credo.store.store import Store

WATCHED = (RunStatus.QUEUED, RunStatus.RUNNING, RunStatus.KILLED, RunStatus.LOST)
"""A cluster run in these may have an end SLURM can tell (or tell better): a run killed
by a signal (SLURM's time limit, scancel) or lost (a node failure)."""
_ENDS = {
    "TIMEOUT": (RunStatus.TIMED_OUT, "its time limit was reached"),
    "DEADLINE": (RunStatus.TIMED_OUT, "its deadline passed"),
    "CANCELLED": (RunStatus.CANCELLED, "cancelled"),
    "PREEMPTED": (RunStatus.KILLED, "preempted"),
    "OUT_OF_MEMORY": (RunStatus.KILLED, "out of memory"),
    "NODE_FAIL": (RunStatus.LOST, "its node failed"),
    "BOOT_FAIL": (RunStatus.LOST, "its node failed to boot"),
}
"""SLURM's end states that say why a run stopped, better than credo can on the node."""


def submit(
    store: Store,
    requests: list[RunRequest],
    *,
    sbatch: list[str],
    max_parallel: int | None = None,
    array: bool = False,
) -> tuple[str, list[Run]]:
    """Queue one run per request and submit them as one SLURM job (a job array when
    `array`, at most `max_parallel` at once); returns the job id and the runs.

    A refused submission leaves no record behind.
    """
    from credo.gitlink.hooks import CREDO_COMMAND

    slurm.require()
    options = [*store.config.sbatch, *sbatch]
    cwd = requests[0].cwd
    # watches over the records until SLURM's job id is in them
    submitter = this_runner(store.project_root, known_person(store.git_root))
    runs: list[Run] = []
    try:
        for request in requests:
            runs.append(queue(store, request, runner=submitter, slurm=SlurmJob(sbatch=options)))
        fixed = [f"--job-name={job_name(runs, array)}", "--output=/dev/null", f"--chdir={cwd}"]
        if array:
            limit = f"%{max_parallel}" if max_parallel else ""
            fixed.append(f"--array=0-{len(runs) - 1}{limit}")
        folders = store.run_folder(runs[0].id).parent  # new runs: all in one place
        script = slurm.job_script(
            store.project_root, folders, [run.id for run in runs], CREDO_COMMAND
        )
        job, cluster = slurm.submit(script, [*fixed, *options], cwd)
    except BaseException:
        _forget(store, runs)
        raise
    named = []
    for index, run in enumerate(runs):
        named.append(_name_job(store, run, f"{job}_{index}" if array else job, cluster))
    return job, named


def job_name(runs: list[Run], array: bool) -> str:
    """What squeue calls the job: `credo-RUN` for one run; for a sweep's array, whose
    elements all bear its one name, `credo-sweep-EXP` (`credo-sweep` for an ad-hoc one).
    Seven characters of the id, not the lists' short one: SLURM's accounting keeps the
    name for months, while a short id may grow as runs are added."""
    if not array:
        return f"credo-{runs[0].id[:7]}"
    experiment = runs[0].experiment
    return f"credo-sweep-{experiment[:7]}" if experiment else "credo-sweep"


def _name_job(store: Store, run: Run, job: str, cluster: str) -> Run:
    def name(current: Run) -> Run:
        update: dict[str, Any] = {
            "slurm": (current.slurm or SlurmJob()).model_copy(
                update={"job": job, "cluster": cluster}
            )
        }
        if current.status == RunStatus.QUEUED:
            update["runner"] = None  # SLURM watches over it now
        return current.model_copy(update=update)

    try:
        named, _ = store.update(Run, run.id, name)
    except CredoError:
        return run
    return named


def _forget(store: Store, runs: list[Run]) -> None:
    """Take back the records of a submission SLURM refused."""
    for run in runs:
        try:
            store.delete(Run, run.id)
            files = [store.run_folder(run.id, private=private) for private in (True, False)]
        except CredoError:
            continue
        for folder in dict.fromkeys([*files, store.credo_dir / "runs" / run.id]):
            try:
                for leftover in folder.iterdir():
                    leftover.unlink()
                folder.rmdir()
            except OSError:
                pass


def watched(runs: Iterable[Run]) -> list[Run]:
    """The cluster runs whose end SLURM may still tell."""
    return [
        run
        for run in runs
        if run.slurm is not None and run.slurm.job and not run.slurm.state and run.status in WATCHED
    ]


def refresh(store: Store, runs: list[Run]) -> tuple[list[Run], dict[str, JobView]]:
    """Ask SLURM once about every watched run; write the ends it tells. Returns the runs
    (those written, as written) and SLURM's view of those still queued or running (each
    in state `NO_ANSWER` when SLURM did not answer)."""
    asked = watched(runs)
    if not asked or not slurm.installed():
        return runs, {}
    seen = slurm.look(job_of(run) for run in asked)
    if seen is None:  # nothing is judged, and the views say SLURM did not answer
        return runs, {run.id: JobView(job_of(run), slurm.NO_ANSWER) for run in asked}
    # a job of the same number on another cluster (a teammate's clone) is not this run's
    asked = [run for run in asked if not _elsewhere(run, seen.get(job_of(run)))]
    missing = [run for run in asked if job_of(run) not in seen]
    if missing:
        cluster, accounting = slurm.cluster()
        missing = [r for r in missing if not r.slurm or r.slurm.cluster in ("", cluster)]
        if accounting:
            seen.update(slurm.accounted(job_of(run) for run in missing) or {})
    written: dict[str, Run] = {}
    # Quitting waits for these: SLURM forgets an ended job after MinJobAge, and an end
    # cut here, asked again later without accounting, was written lost, its reason gone
    with landing_whole():
        for run in asked:
            view = seen.get(job_of(run))
            if view is None and run not in missing:
                continue  # another cluster's job: not ours to judge
            if view is not None and not view.over:
                continue
            if not _submitted_here(store, run):
                continue  # its node wrote its end in the clone it came from: theirs to say
            ended = _record_end(store, run, view)
            if ended is not None:
                written[run.id] = ended
    live = {
        run.id: seen[job_of(run)]
        for run in asked
        if run.id not in written and job_of(run) in seen and not seen[job_of(run)].over
    }
    return [written.get(run.id, run) for run in runs], live


def _elsewhere(run: Run, view: JobView | None) -> bool:
    recorded = run.slurm.cluster if run.slurm is not None else ""
    return bool(view is not None and view.cluster and recorded and view.cluster != recorded)


def _submitted_here(store: Store, run: Run) -> bool:
    """Whether this project submitted the run, so that its job records the run's end here
    (`credo run --job` on the node writes to the project it was submitted from): the
    folder it was submitted from is in this project, not in a project inside it (a
    worktree). A teammate's run, pulled while it waited, is not: SLURM's end of it, with
    no start recorded here, is no sign that it did not start. An old record with no such
    folder is judged here, as before."""
    if not Path(run.cwd).is_absolute():
        return True
    cwd, root = Path(run.cwd), store.project_root
    if not cwd.is_relative_to(root):
        return False
    inside = [folder for folder in (cwd, *cwd.parents) if folder.is_relative_to(root)]
    return not any((folder / CREDO_DIR).is_dir() for folder in inside if folder != root)


def job_of(run: Run) -> str:
    return run.slurm.job if run.slurm is not None else ""


def job_order(run: Run) -> tuple[int, int]:
    """Where `run` comes among its jobs: by job id, then array index, as numbers (`7_10`
    after `7_9`); a job id not yet given (or not SLURM's digits) last."""
    job, _, index = job_of(run).partition("_")
    last = 2**63
    return (int(job) if job.isdigit() else last, int(index) if index.isdigit() else -1)


def _record_end(store: Store, run: Run, view: JobView | None) -> Run | None:
    """Write what SLURM says of a job it ended (`view`), or of one it forgot (None)."""
    from credo.actions.lost_runs import files_update

    job = job_of(run)
    if view is None:
        state, reason, words = "", "", f"SLURM no longer knows job {job}"
        status = RunStatus.LOST if run.status in WAITING else None
        note = f"{words} (it forgets ended jobs after a while, and accounting is off)"
    else:
        state, reason = view.state, view.reason
        known = _ENDS.get(state)
        if known is not None and run.status == RunStatus.QUEUED:
            # SLURM's exit (0:0) of a job it ended before it started is no command's
            view = replace(view, exit_code=None, exit_signal=None)
        if state == "CANCELLED" and run.status == RunStatus.QUEUED:
            # its reason is still what it waited for (JobHeldUser, BeginTime), not why it
            # ended: said as such, with no state beside it to read as the cause
            view = replace(view, state="")
            known = (RunStatus.CANCELLED, "cancelled while it waited")
        status, note = (known[0], _slurm_words(job, known[1], view)) if known else (None, "")
        if run.status == RunStatus.QUEUED and state != "CANCELLED":
            # credo on the node records running before it starts the command: none ran
            what = known[1] if known else None
            status, note = RunStatus.DID_NOT_START, _never_started(store, run, view, what)
        elif known is None and run.status == RunStatus.RUNNING:
            status = RunStatus.LOST
            note = _slurm_words(job, "credo on the node ended without recording the run", view)
    if status is None:
        note = ""  # credo's own end (killed, lost) stands; SLURM's state is kept with it
    slurm_job = (run.slurm or SlurmJob()).model_copy(
        update={"state": state or "UNKNOWN", "reason": reason, "exit": _exit_pair(view)}
    )
    update: dict[str, Any] = {"slurm": slurm_job}
    if status is not None:
        update.update(status=status, note="; ".join(n for n in (note, run.note) if n))
        if run.ended is None:
            update["ended"] = (view.ended if view is not None else None) or now()
        if run.exit_code is None and run.signal is None and view is not None:
            update.update(exit_code=view.exit_code, signal=view.exit_signal)
        if run.status == RunStatus.RUNNING:
            update.update(files_update(store, run))
        if status == RunStatus.DID_NOT_START:
            update["gate"] = relied_on_nothing(run.gate)

    judged = False

    def end(current: Run) -> Run:
        nonlocal judged
        if current.status != run.status or current.slurm != run.slurm:
            return current  # it moved meanwhile (its node wrote): the next look judges
        judged = True
        return current.model_copy(update=update)

    try:
        written, _ = store.update(Run, run.id, end)
    except Exception:  # a read-only checkout, a broken file: shown as it is
        return None
    if judged and status is not None:
        _tell_job_log(store, run, status, note)
    return written


def _tell_job_log(store: Store, run: Run, status: RunStatus, words: str) -> None:
    """Add the record's end to the job's own log (`slurm.out`), which may end on what
    credo on the node could see (`killed`: a SIGTERM, not why SLURM sent it)."""
    was = f", not {run.status.label}" if run.status not in WAITING else ""
    short = store.short_id(Run, run.id)  # as the node's closing line above says it
    line = f"credo: run {short} recorded {status.label}{was}: {words}\n"
    try:
        append_plain(store.run_folder(run.id) / JOB_LOG, line.encode())
    except CredoError:  # a run folder credo does not use (a link): no log to tell
        pass


def _slurm_words(job: str, what: str, view: JobView) -> str:
    why = ", ".join(part for part in (view.state, view.reason, view.exit_words()) if part)
    return f"SLURM job {job}: {what} ({why})"


def _never_started(store: Store, run: Run, view: JobView, what: str | None) -> str:
    """Why a job ended before credo started its run on the node, as far as SLURM says
    (`what`: SLURM's end in words, where its state says one), naming the job's log
    where the rest is said."""
    job = job_of(run)
    if what is not None:  # a job that waited has no node yet
        where = f" on {view.nodes}" if view.nodes else ""
        return _slurm_words(job, f"{what} before credo started the run{where}", view)
    node = view.nodes or "its node"
    try:
        log = store.label(store.run_folder(run.id) / JOB_LOG)
    except CredoError:  # a run folder credo does not use (a link): named as it was
        log = f"{JOB_LOG} in the run's folder"
    if view.exit_code == slurm.UNSEEN_EXIT:
        return (
            f"SLURM job {job}: {node} cannot see {store.project_root}; the repository must "
            "be on a file system the compute nodes share"
        )
    if view.exit_code in (126, 127):
        return (
            f"SLURM job {job}: credo could not start on {node} (exit {view.exit_code}); "
            f"its Python must be on a path the nodes share (see {log})"
        )
    return _slurm_words(job, f"ended before credo started the run on {node}", view) + (
        f" (see {log})"
    )


def _exit_pair(view: JobView | None) -> str:
    if view is None or (view.exit_code is None and view.exit_signal is None):
        return ""
    return f"{view.exit_code or 0}:{view.exit_signal or 0}"


def cancel(store: Store, runs: list[Run]) -> list[Run]:
    """Cancel these runs' SLURM jobs in one `scancel`. A run still queued is written as
    cancelled at once; a running one ends as SLURM stops it (the next look records it).
    Returns them in job order (`job_order`)."""
    jobs = sorted((run for run in runs if run.status in WAITING and job_of(run)), key=job_order)
    if not jobs:
        return []
    slurm.require()
    slurm.cancel(job_of(run) for run in jobs)
    done = []
    for run in jobs:
        if run.status != RunStatus.QUEUED:
            done.append(run)
            continue
        # one that started meanwhile is left as it is: SLURM's end comes with the next look
        done.append(
            cancel_queued(
                store,
                run.id,
                f"SLURM job {job_of(run)}: cancelled before it started",
                slurm_reason="credo runs cancel",
            )
        )
    return done
