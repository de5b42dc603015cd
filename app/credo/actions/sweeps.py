"""`credo run --slurm` and `credo sweep`: runs that start later, on a cluster or here.

The gate is checked once, at submission, for the code as it stands; each run is
queued with its command and params, then started by `credo run --job RUN` -- in its
SLURM job (one job array for a sweep, `%N` at most at once), or by this process for a
local sweep, at most N at a time. Either way the run is recorded where it runs.
"""

from __future__ import annotations

import os
import queue as queues
import shlex
import signal
import subprocess
import tempfile
import threading
from dataclasses import dataclass

from credo.actions.runs import (
    HARD_WITHOUT_TIMEBOX,
    SAID_ONCE,
    Ask,
    Review,
    RunOptions,
    Say,
    check_gate,
    prepare,
)
from credo.domain.actors import actor_from_env
from credo.domain.models import Run, RunStatus
from credo.errors import CredoError
from credo.gitlink.authors import known_person
from credo.runs.launch import RunRequest, cancel_queued, dies_with_credo, queue
from credo.runs.liveness import this_runner
from credo.runs.params import sweep_words
from credo.runs.startable import refuse_unstartable, refuse_unstartable_on_node
from credo.store.store import Store


@dataclass
class Submitted:
    """What was queued: the runs, their SLURM job (None for a local sweep), how it went."""

    runs: list[Run]
    job: str | None = None
    exit_code: int = 0
    """For a local sweep: 0 when every run succeeded, 1 when one did not, 130 on ctrl-c."""


def submit(
    store: Store,
    options: RunOptions,
    commands: list[list[str]],
    *,
    on_slurm: bool,
    sbatch: list[str],
    max_parallel: int | None,
    say: Say,
    ask: Ask | None = None,
    review: Review | None = None,
    sweep: bool = False,
) -> Submitted:
    """Check the gate once, then queue the runs: as a SLURM job (an array for a sweep),
    or here, started at most `max_parallel` at a time (default 1)."""
    if options.hard and options.timebox is None:  # its runs follow no experiment's
        raise CredoError(HARD_WITHOUT_TIMEBOX)
    face = "credo sweep" if sweep else "credo run"
    for program in dict.fromkeys(command[0] for command in commands):
        if on_slurm:  # what only the node's start can tell is said, not refused
            where = (options.cwd, os.environ, store.project_root)
            refuse_unstartable_on_node(program, *where, f"{face} --slurm", say)
        else:
            refuse_unstartable(program, options.cwd, os.environ, face)
    if on_slurm:
        from credo.runs.slurm import refuse_array, refuse_options, require

        refuse_options(store.config.sbatch, sbatch)  # before the gate asks anything
        require()
        if sweep:
            refuse_array(len(commands))
    experiment, state = prepare(store, options, say=say, ask=ask)
    gate = check_gate(store, experiment, options, state, say, review, commands)
    requests = [
        RunRequest(
            command=command,
            cwd=options.cwd,
            experiment=experiment.id if experiment else None,
            timebox=options.timebox,
            hard=options.hard,
            grace=options.grace,
            gate=gate,
            repo_state=state,
            rung=options.rung,
            actor=actor_from_env(os.environ),
        )
        for command in commands
    ]
    if on_slurm:
        from credo.actions.cluster import submit as submit_job

        job, runs = submit_job(
            store, requests, sbatch=sbatch, max_parallel=max_parallel, array=sweep
        )
        return Submitted(runs, job)
    # this process starts them: its end leaves none queued
    waiting = this_runner(store.project_root, known_person(store.git_root))
    runs = [queue(store, request, runner=waiting, slurm=None) for request in requests]
    return run_here(store, runs, max_parallel or 1, say)


def run_here(store: Store, runs: list[Run], at_once: int, say: Say) -> Submitted:
    """Start the queued runs here, each as `credo run --job`, at most `at_once` at a time.

    ctrl-c (or SIGTERM) is passed to the runs under way, which record their ends; the
    runs not started yet are written as cancelled.
    """
    from credo.gitlink.hooks import CREDO_COMMAND

    program = [*shlex.split(CREDO_COMMAND), "-C", str(store.project_root), "run", "--job"]
    short = store.short_ids(Run)  # each run's id as `credo runs ls` and the closing lines say it
    ended: queues.Queue[tuple[str, int]] = queues.Queue()
    waiting = list(runs)
    going: dict[str, subprocess.Popen[bytes]] = {}
    stopped: list[int] = []

    def stop(signum: int, frame: object) -> None:
        stopped.append(signum)
        for proc in going.values():
            try:
                os.killpg(proc.pid, signum)
            except ProcessLookupError:
                pass

    def watch(run_id: str, proc: subprocess.Popen[bytes]) -> None:
        ended.put((run_id, proc.wait()))

    # each run works out its box as it starts (the box may run out between two runs, or
    # as one starts): the first to find it spent says so, once for the sweep
    told = tempfile.TemporaryDirectory(prefix="credo-sweep-")
    env = {**os.environ, SAID_ONCE: os.path.join(told.name, "spent")}
    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        while going or (waiting and not stopped):
            while waiting and not stopped and len(going) < at_once:
                run = waiting.pop(0)
                # A group of its own: the terminal's ctrl-c reaches it once, from here.
                # Started from the main thread (signal handlers need it too), which
                # lives as long as the sweep: the job dies with the sweep, not before.
                proc = subprocess.Popen(
                    [*program, run.id],
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    env=env,
                    process_group=0,
                    **dies_with_credo(),
                )
                going[run.id] = proc
                threading.Thread(target=watch, args=(run.id, proc), daemon=True).start()
                say(f"run {short[run.id]} started: {sweep_words(run, runs)}")
            run_id, _ = ended.get()  # its own record says how it ended
            going.pop(run_id, None)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        told.cleanup()
    for run in waiting:
        cancel_queued(store, run.id, "the sweep was stopped before it started")
    final = [store.read(Run, run.id) for run in runs]
    if stopped:
        code = 130 if signal.SIGINT in stopped else 128 + stopped[0]
    else:
        code = 0 if all(run.status == RunStatus.SUCCEEDED for run in final) else 1
    return Submitted(final, None, code)
