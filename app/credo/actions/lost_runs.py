"""No ghost runs: a run whose `credo run` died is marked `lost` by the next reader.

Every reader of runs (the CLI commands that show them, the report, the interface's
polls) goes through `settled_runs`: a run still `running` whose supervising process is
gone from this host is written as `lost`, keeping the output, metrics and params it
got to. A run supervised on another host cannot be checked from here: `run_state`
shows it running there with the age of its heartbeat, and `lost?` past the project's
`lost_after`.
"""

from __future__ import annotations

from datetime import datetime

from credo.domain.models import Run, RunStatus, now
from credo.domain.timebox import format_elapsed
from credo.errors import CredoError
from credo.runs.liveness import gone, heartbeat
from credo.runs.metrics import METRICS_FILE, read_metrics
from credo.runs.output import OUTPUT_FILE
from credo.runs.params import PARAMS_FILE, merge, read_logged_params
from credo.store.store import Store


def settled_runs(store: Store) -> list[Run]:
    """Every run, with those found lost on this host written as `lost` first."""
    return [settled(store, run) for run in store.runs()]


def settled(store: Store, run: Run) -> Run:
    """`run`, written as `lost` first when its `credo run` is gone from this host."""
    if run.status == RunStatus.RUNNING and run.runner is not None and gone(run.runner):
        return mark_lost(store, run) or run
    return run


def mark_lost(store: Store, run: Run) -> Run | None:
    """Write `run` as lost, with what its files hold; None when it ended meanwhile (or
    its folder is not one credo reads: a link)."""
    try:
        folder = store.run_folder(run.id)
    except CredoError:
        return None
    ended = heartbeat(folder, run)
    series = read_metrics(folder / METRICS_FILE)
    try:
        size = (folder / OUTPUT_FILE).stat().st_size
    except OSError:
        size = 0
    runner = run.runner
    who = f"pid {runner.pid} on {runner.host}" if runner is not None else "its process"
    update = {
        "status": RunStatus.LOST,
        "ended": ended,
        "metrics": series.last() or run.metrics,
        "best": series.best() or run.best,
        "params": merge(run.params, read_logged_params(folder / PARAMS_FILE)),
        "output": f"as far as it got: {size} bytes",
        "note": f"credo run ({who}) ended without recording the run's end: lost",
    }

    def lost(current: Run) -> Run:
        if current.status != RunStatus.RUNNING:
            return current  # it wrote its own end meanwhile
        return current.model_copy(update=update)

    try:
        marked, _ = store.update(Run, run.id, lost)
    except Exception:  # a read-only checkout, a broken file: shown as it is
        return None
    return marked if marked.status == RunStatus.LOST else None


def run_state(store: Store, run: Run, at: datetime | None = None) -> str:
    """A run's status in words; for one running on another host, where and how lately
    it gave a sign of life (`lost?` when that is longer ago than `lost_after`)."""
    if run.status != RunStatus.RUNNING or run.runner is None or gone(run.runner) is not None:
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
