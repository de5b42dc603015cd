"""No ghost runs: a run whose `credo run` died is marked `lost` by the next reader.

Every reader of runs (the CLI commands that show them, the report, the interface's
polls) goes through `settled_runs` (or `settle`): a run still `running` whose
supervising process is gone from this host is written as `lost`, keeping the output,
metrics and params it got to; so is a `queued` one whose sweep is gone. A run
supervised on another host cannot be checked from here: `run_state` shows it running
there with the age of its heartbeat, and `lost?` past the project's `lost_after`; nor
can one in another person's clone on this host (`paths.theirs`: their process, their
record to settle, as from their laptop; one that names no one is mine). Nor is
a copy of the record that a commit brought from another worktree or clone of this host
written lost while that one is there: the `credo run` there settles its own record, and
`run_state` says where it runs, or that it ended there.
A SLURM job is judged by SLURM alone, on any host (`actions.cluster.refresh`): its
process on the node may be gone while SLURM still ends the job, for a reason it tells.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from credo.domain.models import WAITING, Run, Runner, RunStatus, now
from credo.domain.timebox import format_elapsed
from credo.errors import CredoError
from credo.gitlink.authors import me_when_asked
from credo.runs.liveness import gone, heartbeat
from credo.runs.metrics import METRICS_FILE, read_metrics
from credo.runs.output import OUTPUT_FILE
from credo.runs.params import PARAMS_FILE, merge, read_logged_params
from credo.store.paths import CREDO_DIR, elsewhere, from_here, theirs
from credo.store.store import Store

if TYPE_CHECKING:
    from credo.runs.slurm import JobView

Me = Callable[[], str | None]
"""Who is at the keyboard, asked once when a run's record wants it (`me_when_asked`)."""


@dataclass
class Settled:
    """Runs as they stand, and SLURM's view of the cluster runs it still holds."""

    runs: list[Run]
    jobs: dict[str, JobView] = field(default_factory=dict)
    """Run id -> its SLURM job as SLURM sees it now (queued, with why; or running, where)."""


def settled_runs(store: Store) -> list[Run]:
    """Every run, with those found lost on this host written as `lost` first."""
    return settle(store, store.runs()).runs


def settle(
    store: Store, runs: Iterable[Run], *, ask_slurm: bool = True, me: Me | None = None
) -> Settled:
    """`runs` with what SLURM ended written first (one call for all of its jobs; see
    `actions.cluster`), then those whose `credo run` is gone from this host (`me`: who
    asks, else asked here when a record wants it)."""
    found = list(runs)
    jobs: dict[str, JobView] = {}
    if ask_slurm:
        from credo.actions.cluster import refresh

        found, jobs = refresh(store, found)
    me = me or me_when_asked(store.git_root)
    return Settled([settled(store, run, me) for run in found], jobs)


def settled_states(
    store: Store,
    runs: Iterable[Run],
    jobs: dict[str, JobView] | None = None,
    me: Me | None = None,
) -> tuple[list[Run], dict[str, str], dict[str, JobView]]:
    """`runs` settled, the states that say more than their status (`run_state`: running
    on another host, `lost?`, SLURM's word) and SLURM's view of its jobs. SLURM is asked
    (and what it ended written) when `jobs`, its last view, is None. `me`: who asks (the
    app knows), else asked of git once, when a record wants it."""
    me = me or me_when_asked(store.git_root)
    found = settle(store, runs, ask_slurm=jobs is None, me=me)
    jobs = found.jobs if jobs is None else jobs
    states = {}
    for run in found.runs:
        state = run_state(store, run, job=jobs.get(run.id), me=me)
        if state != run.status.value:
            states[run.id] = state
    return found.runs, states, jobs


def settled(store: Store, run: Run, me: Me) -> Run:
    """`run`, written as `lost` first when its `credo run` (or the sweep that was to
    start it) is gone from this host. A SLURM job's end is SLURM's to tell (its node's
    pid may be this host's, and gone while SLURM still ends the job)."""
    runner = _ended_here(store, run, me)
    if runner is not None and not _elsewhere(store, runner, me):
        return mark_lost(store, run) or run
    return run


def _ended_here(store: Store, run: Run, me: Me) -> Runner | None:
    """The runner of `run`, when the run is still waiting (and not SLURM's) but its credo
    on this host is gone (`_gone`); None otherwise."""
    on_slurm = run.slurm is not None and bool(run.slurm.job)
    runner = run.runner
    if run.status in WAITING and not on_slurm and runner is not None and _gone(store, runner, me):
        return runner
    return None


def _gone(store: Store, runner: Runner, me: Me) -> bool | None:
    """Whether the process of `runner` is gone (`liveness.gone`); None (who knows) on
    another host, and in another person's clone on this host (`paths.theirs`): their
    process, and their record to settle."""
    return None if theirs(store.project_root, runner, me) else gone(runner)


def ended_elsewhere(store: Store, run: Run) -> str:
    """The project (another worktree or clone of mine on this host) where the credo that
    ran `run` ended, when this record is a copy a commit brought from there before that
    end: the record there says how. "" otherwise."""
    me = me_when_asked(store.git_root)
    runner = _ended_here(store, run, me)
    return "" if runner is None else _elsewhere(store, runner, me)


def merge_its_end(store: Store, run: Run, where: str) -> str:
    """How to bring here the end of `run` that the record in `where` says (see
    `ended_elsewhere`)."""
    record = from_here(Path(where) / CREDO_DIR / "runs" / run.id / "run.toml", store.project_root)
    return f"commit {record} there if it is not yet, then merge that branch here"


def _elsewhere(store: Store, runner: Runner, me: Me) -> str:
    """The project (another worktree or clone of mine) whose record of the run `runner`
    writes, when it is not this one and is still there: this record is a copy a commit
    brought here. "" otherwise (here, or gone with its record: nobody else will settle
    it; or another person's: see `_gone`)."""
    return elsewhere(store.project_root, runner, me)


def mark_lost(store: Store, run: Run) -> Run | None:
    """Write `run` as lost, with what its files hold; None when it ended meanwhile (or
    its folder is not one credo reads: a link)."""
    try:
        folder = store.run_folder(run.id)
    except CredoError:
        return None
    runner = run.runner
    who = f"pid {runner.pid} on {runner.host}" if runner is not None else "its process"
    if run.status == RunStatus.QUEUED:
        update: dict[str, Any] = {
            "note": f"the credo that queued it ({who}) ended before it started"
        }
    else:
        update = {
            **files_update(store, run),
            "note": f"credo run ({who}) ended without recording the run's end: lost",
        }
    update.update(status=RunStatus.LOST, ended=heartbeat(folder, run))

    def lost(current: Run) -> Run:
        if current.status != run.status:
            return current  # it wrote its own end (or started) meanwhile
        return current.model_copy(update=update)

    try:
        marked, _ = store.update(Run, run.id, lost)
    except Exception:  # a read-only checkout, a broken file: shown as it is
        return None
    return marked if marked.status == RunStatus.LOST else None


def files_update(store: Store, run: Run) -> dict[str, Any]:
    """What a run's files hold that its record may lack (it ended unrecorded): the last
    metrics and logged params, and how much output it got to."""
    try:
        folder = store.run_folder(run.id)
    except CredoError:
        return {}
    series = read_metrics(folder / METRICS_FILE)
    try:
        size = (folder / OUTPUT_FILE).stat().st_size
    except OSError:
        size = 0
    return {
        "metrics": series.last() or run.metrics,
        "diverged": series.diverged or run.diverged,
        "best": series.best() or run.best,
        "params": merge(run.params, read_logged_params(folder / PARAMS_FILE)),
        "output": f"as far as it got: {size} bytes",
    }


def run_state(
    store: Store,
    run: Run,
    at: datetime | None = None,
    job: JobView | None = None,
    me: Me | None = None,
) -> str:
    """A run's status in words; for one running on another host (or in another person's
    clone on this one), where and how lately it gave a sign of life (`lost?` when that is
    longer ago than `lost_after`); for one whose record here is a copy of another
    worktree's (or clone's) of mine on this host, where it runs, or that its credo there
    ended (`running?`); for a SLURM job still queued or running, what SLURM says (`job`,
    from `settle`). `me`: who asks, else asked here when the record wants it."""
    waiting = run.status in WAITING
    if waiting and run.slurm is not None and run.slurm.job:
        return job_words(run, job)
    if not waiting or run.runner is None:
        return run.status.value
    me = me or me_when_asked(store.git_root)
    ended = _gone(store, run.runner, me)
    if ended is not None:  # on this host: here, or a copy of another worktree's record
        where = _elsewhere(store, run.runner, me)
        if where:
            where = from_here(Path(where), store.project_root)
        if where and ended:
            return f"{run.status.value}? (its credo in {where} ended: the record there says how)"
        return f"{run.status.value} in {where}" if where else run.status.value
    if run.status != RunStatus.RUNNING:
        return run.status.value
    try:
        folder = store.run_folder(run.id)
    except CredoError:
        return run.status.value
    age = (at or now()) - heartbeat(folder, run)
    ago = format_elapsed(age)
    if age > store.config.lost_after:
        return f"lost? (no sign from {run.runner.host} for {ago})"
    return f"running on {run.runner.host} (last sign {ago} ago)"


def job_words(run: Run, job: JobView | None) -> str:
    """`queued · SLURM job 812_3 (Priority)`, `running on gpu-07 · SLURM job 812_3`
    (`starting on gpu-07` while credo on the node has not yet taken the run), or as
    recorded: `queued? · SLURM job 812_3 (SLURM did not answer)`."""
    from credo.runs.slurm import NO_ANSWER

    name = f"SLURM job {run.slurm.job}" if run.slurm is not None else "SLURM"
    if job is not None and job.pending and run.status == RunStatus.RUNNING:
        job = None  # a view from before its node started it
    if job is None or job.state == NO_ANSWER:  # SLURM not asked (or not here): as recorded
        on = run.machine is not None and run.machine.host and run.status == RunStatus.RUNNING
        where = f" on {run.machine.host}" if on and run.machine is not None else ""
        if job is None:
            return f"{run.status.value}{where} · {name}"
        return f"{run.status.value}?{where} · {name} (SLURM did not answer)"
    if job.pending:
        return f"queued · {name}{f' ({job.reason})' if job.reason else ''}"
    doing = "starting" if run.status == RunStatus.QUEUED else "running"
    return f"{doing} on {job.nodes or '?'} · {name}" + (
        f" ({job.state.lower()})" if job.state != "RUNNING" else ""
    )
