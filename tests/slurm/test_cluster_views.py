"""The board's header and the experiment log while SLURM holds a sweep: what they
show comes from SLURM, read by their workers."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from textual.widgets import DataTable, Static

from credo.actions.experiments import start_experiment
from credo.domain.models import RunStatus
from credo.gitlink.authors import me_when_asked
from credo.store import Store
from credo.ui import polling
from credo.ui.app import CredoApp
from credo.ui.polling import SlurmView
from credo.ui.screens.experiments import ExperimentsScreen
from credo.ui.screens.runs import RunsScreen
from gate_evidence import evidence_the_gate_relies_on
from pilots import screen_text, until, workers_done
from slurm_cluster import Cluster

CREDO = str(Path(sys.executable).parent / "credo")


async def test_the_views_show_what_slurm_says_of_a_held_sweep(
    slurm: Cluster, store: Store, repo: Path
) -> None:
    start_experiment(store, "seeds do not matter")
    submitted = subprocess.run(
        [
            CREDO,
            "sweep",
            "--slurm",
            "--skip-gate",
            "--sbatch",
            "--hold",
            "--",
            "true",
            "--seed",
            "{1,2}",
        ],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
    )
    assert submitted.returncode == 0, submitted.stderr
    array = submitted.stderr.split("queued as SLURM job array ")[1].split(":")[0]
    app = CredoApp(store, refresh_seconds=0.05)
    async with app.run_test(size=(130, 40)) as pilot:
        header = app.screen.query_one("#header-runs", Static)
        await until(pilot, lambda: header.display, "the board's count")
        assert str(header.render()) == "runs: 2 queued"

        await pilot.press("E")
        await workers_done(app)
        screen = app.screen
        assert isinstance(screen, ExperimentsScreen)
        table = screen.query_one("#exp-runs", DataTable)
        wanted = {f"queued · SLURM job {array}_{n} (JobHeldUser)" for n in (0, 1)}
        # SLURM's words, once squeue has answered: a loaded controller takes seconds.
        await until(pilot, lambda: set(screen.states.values()) == wanted, "SLURM's words")
        await pilot.pause()
        # the table says the state's word, the highlighted run's facts say it whole
        assert [str(table.get_row_at(row)[0]) for row in range(table.row_count)] == ["queued"] * 2
        facts = str(screen.query_one("#run-facts", Static).render())
        assert any(f"status: {words}" in facts for words in wanted), facts
        assert "runs: 2 queued" in str(screen.query_one("#exp-details", Static).render())
    slurm.command("scancel", array)


def test_a_view_asks_slurm_at_most_every_few_seconds_and_only_while_runs_wait(
    slurm: Cluster, store: Store, repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    start_experiment(store, "seeds do not matter")
    submitted = subprocess.run(
        [CREDO, "sweep", "--slurm", "--skip-gate", "--sbatch", "--hold", "--", "true", "{1,2}"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
    )
    assert submitted.returncode == 0, submitted.stderr
    array = submitted.stderr.split("queued as SLURM job array ")[1].split(":")[0]
    real = shutil.which("squeue")
    assert real is not None
    shim, calls = tmp_path / "shim", tmp_path / "calls"
    shim.mkdir()
    (shim / "squeue").write_text(f'#!/bin/sh\necho "$@" >> {calls}\nexec {real} "$@"\n')
    (shim / "squeue").chmod(0o755)
    monkeypatch.setenv("PATH", f"{shim}{os.pathsep}{os.environ['PATH']}")
    # "A few seconds on" is when the test says (view.due): a scancel slowed by a loaded
    # machine could outlast the 5 s between asks, and the settle after it asked again.
    monkeypatch.setattr(polling, "SLURM_SECONDS", 3600.0)

    def asked() -> int:
        return len(calls.read_text().splitlines()) if calls.exists() else 0

    view = SlurmView(me_when_asked(store.git_root))
    runs, states = view.settle(store, store.runs())
    held = {f"queued · SLURM job {array}_{n} (JobHeldUser)" for n in (0, 1)}
    assert asked() == 1 and set(states.values()) == held
    slurm.command("scancel", array)
    runs, states = view.settle(store, runs)
    assert asked() == 1 and set(states.values()) == held  # its last answer stands
    assert view.due > time.monotonic()

    view.due = time.monotonic()  # a few seconds on
    runs, _ = view.settle(store, runs)
    assert asked() == 2
    assert {run.status for run in runs} == {RunStatus.CANCELLED}
    view.due = time.monotonic()
    view.settle(store, runs)
    assert asked() == 2  # no run waits: SLURM is not asked


async def test_the_runs_view_shows_a_job_ended_before_it_started_did_not_start(
    slurm: Cluster, store: Store, repo: Path
) -> None:
    """SLURM ended the job while it waited (its --deadline passed): the board's poll
    records it, and the runs view says it did not start, with no check relied on, as it
    does for a command that cannot start here (it said `timed out · 1 verified`)."""

    def credo(where: Path, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [CREDO, *args], cwd=where, capture_output=True, text=True, check=False
        )

    evidence_the_gate_relies_on(repo, credo)
    start_experiment(store, "a job that cannot end by its deadline")
    late = "--begin=now+5 --time=1 --deadline=now+30"
    submitted = credo(repo, "run", "--slurm", "--sbatch", late, "--", "true")
    assert submitted.returncode == 0, submitted.stderr
    app = CredoApp(store, refresh_seconds=0.05)
    async with app.run_test(size=(130, 40)) as pilot:
        await pilot.press("r")
        await workers_done(app)
        assert isinstance(app.screen, RunsScreen)

        [run] = store.runs()

        def row() -> str:
            lines = screen_text(app).splitlines()
            return next((line for line in lines if f" {run.id[:4]} " in line), "")

        await until(pilot, lambda: "queued" not in row(), "the job's end")
        assert "did not start" in row() and "verified" not in row(), screen_text(app)
