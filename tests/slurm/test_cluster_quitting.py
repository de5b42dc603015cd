"""q while the board's poll writes what SLURM said of the project's jobs, on a real
cluster and a real pseudo-terminal: quitting waits for those writes."""

from __future__ import annotations

from pathlib import Path

from credo.actions.cluster import submit
from credo.domain.models import Run, RunStatus
from credo.runs.launch import RunRequest
from credo.store import Store
from held_write import q_waits_for
from slurm_cluster import Cluster


def test_q_waits_for_a_jobs_end_the_boards_poll_is_writing(
    slurm: Cluster, store: Store, repo: Path, tmp_path: Path
) -> None:
    """A job cancelled before it started; q as the board's poll writes its end. The poll
    was abandoned like any read, its write cut, and SLURM forgets an ended job after
    MinJobAge (5 minutes by default): on a cluster without accounting (as this one), a
    later look found no such job and wrote the run lost ("SLURM no longer knows job"),
    not cancelled. Now q waits for the ends SLURM told to land."""
    job, [queued] = submit(store, [RunRequest(["true"], repo)], sbatch=["--hold"])
    assert slurm.command("scancel", job).returncode == 0  # squeue says CANCELLED at once
    q_waits_for("credo.actions.cluster:_record_end", repo, tmp_path)
    ended = store.read(Run, queued.id)
    assert ended.status == RunStatus.CANCELLED, ended.note
    assert ended.slurm is not None and ended.slurm.state == "CANCELLED"
    assert ended.note == f"SLURM job {job}: cancelled while it waited (JobHeldUser)"
    said = (store.run_folder(queued.id) / "slurm.out").read_text()
    assert said.endswith(f"recorded cancelled: {ended.note}\n")
