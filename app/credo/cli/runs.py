"""`credo runs ...`: the project's runs as a whole (`cancel`: their SLURM jobs)."""

from __future__ import annotations

import click

from credo.cli.base import Context, main, note, pass_context


@main.group("runs")
def runs() -> None:
    """The project's runs: cancel SLURM jobs."""


@runs.command("cancel")
@click.argument("run_id", required=False, metavar="[RUN]")
@click.option("-e", "--exp", "exp_id", help="Every queued or running SLURM job of this experiment.")
@pass_context
def cancel(context: Context, run_id: str | None, exp_id: str | None) -> None:
    """Cancel a run's SLURM job (or an experiment's) through scancel.

    A run still queued is recorded as cancelled at once; one running ends as SLURM
    stops it, and credo records SLURM's word for it.
    """
    from credo.actions.cluster import cancel as cancel_jobs
    from credo.actions.lost_runs import settle
    from credo.domain.models import Experiment, Run, RunStatus
    from credo.errors import CredoError

    if (run_id is None) == (exp_id is None):
        raise click.UsageError("name a run, or an experiment with --exp")
    store = context.store
    if run_id is not None:
        chosen = [store.get(Run, run_id)]
        what = f"run {chosen[0].id[:7]}"
    else:
        experiment = store.get(Experiment, exp_id or "")
        chosen = [run for run in store.runs() if run.experiment == experiment.id]
        what = f"experiment {experiment.id[:7]}"
    chosen = settle(store, chosen).runs
    waiting = [r for r in chosen if r.status in (RunStatus.QUEUED, RunStatus.RUNNING)]
    on_slurm = [r for r in waiting if r.slurm is not None and r.slurm.job]
    if not on_slurm:
        here = [r for r in waiting if r.runner is not None]
        if here and here[0].runner is not None:
            raise CredoError(
                f"{what}: run {here[0].id[:7]} runs on {here[0].runner.host} under credo "
                f"(pid {here[0].runner.pid}), not SLURM: ctrl-c where it runs stops it"
            )
        status = f" (it is {chosen[0].status.value})" if run_id is not None else ""
        raise CredoError(f"{what} has no queued or running SLURM job{status}")
    for run in cancel_jobs(store, on_slurm):
        job = run.slurm.job if run.slurm is not None else "?"
        if run.status == RunStatus.CANCELLED:
            note(f"run {run.id[:7]} (SLURM job {job}) cancelled before it started")
        else:
            note(f"run {run.id[:7]} (SLURM job {job}) is being stopped by SLURM")
