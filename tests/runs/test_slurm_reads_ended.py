"""SLURM's reads ended as git's are (`abandoned_reads.end_reads`): an app quitting ends
the squeue or sacct its abandoned poll waits on, and what the cut read would have said
is never taken for SLURM's answer."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from credo.abandoned_reads import ReadCut, end_reads
from credo.actions.cluster import refresh
from credo.domain.models import Run, RunStatus, SlurmJob
from credo.runs.launch import RunRequest, queue
from credo.store import Store
from processes import dies_soon, held_pid, held_slurm, read_in_thread


def test_a_cut_sacct_is_no_word_that_slurm_forgot_the_job(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """q while a poll waited on sacct (squeue no longer lists the job): sacct was left
    running, and had the read gone on, its end would have read as accounting's empty
    answer, writing the run `lost` ("SLURM no longer knows job 81"). Now sacct is ended,
    the read raises ReadCut, nothing is written, and the next start asks again."""
    run = queue(
        store, RunRequest(command=["true"], cwd=Path(".")), runner=None, slurm=SlurmJob(job="81")
    )
    held = tmp_path / "sacct.pid"
    shim = held_slurm(tmp_path / "shim", held, "sacct", seconds=2)
    monkeypatch.setenv("PATH", f"{shim}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("SLURM_CONF", str(tmp_path / "slurm.conf"))  # this cluster's own answer
    thread, said = read_in_thread(lambda: refresh(store, store.runs()))
    pid = held_pid(held)
    end_reads([thread])
    thread.join(60)
    assert [type(answer) for answer in said] == [ReadCut]
    assert dies_soon(pid)
    assert store.read(Run, run.id).status == RunStatus.QUEUED
    [again], _ = refresh(store, store.runs())  # the next start: accounting answers, late
    assert again.status == RunStatus.LOST and "SLURM no longer knows job 81" in again.note
