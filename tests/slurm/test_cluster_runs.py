"""Runs and sweeps on a real SLURM cluster, through the real `credo` console script.

credo submits, SLURM schedules and runs, `credo run --job` records the run on the
node, and a reader (`credo exp show`) writes what SLURM ended without credo's word.
Each test waits on the state it means (a record's status, SLURM's view of a job),
read again until a deadline; none sleeps a fixed time.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar

import pytest

from credo.actions.experiments import start_experiment
from credo.domain.models import Experiment, Run, RunStatus
from credo.runs import slurm as slurm_commands
from credo.store import Store
from gate_evidence import evidence_the_gate_relies_on
from processes import a_run_going
from slurm_cluster import MAX_ARRAY, NODE, PARTITION, Cluster

from repos import commit_file, git

PY = sys.executable
CREDO = str(Path(sys.executable).parent / "credo")
T = TypeVar("T")

TRAIN = """
import os, sys, time
from credo import log_metric, log_params
log_params(seed=7)
for step in range(3):
    log_metric(step=step, loss=1.0 / (step + 1))
print("trained", sys.argv[1:], flush=True)
go = os.environ.get("GO_FILE")
while go and not os.path.exists(go):
    time.sleep(0.05)
time.sleep(float(os.environ.get("HOLD_SECONDS", "0")))
"""


def credo(
    repo: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [CREDO, *args],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
        check=False,
    )


def ok(result: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert result.returncode == 0, result.stderr
    return result


def output_so_far(store: Store, run_id: str) -> str:
    """What a run has printed so far: nothing before its log exists (the record can say
    running a moment before the job's first write)."""
    log = store.run_folder(run_id) / "output.log"
    return log.read_text() if log.exists() else ""


def until(what: str, check: Callable[[], T | None], seconds: float = 60) -> T:
    """Read `check` again until it gives a value; fails naming `what` after `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        found = check()
        if found is not None and found is not False:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"no {what} within {seconds:g} s")
        time.sleep(0.2)


def the_run(store: Store, run_id: str, *statuses: RunStatus) -> Run | None:
    run = store.read(Run, run_id)
    return run if run.status in statuses else None


def settled_by_reader(repo: Path, store: Store, run_id: str, *statuses: RunStatus) -> Run | None:
    """What a reader records: `credo exp show` asks SLURM, then the record is read."""
    ok(credo(repo, "exp", "show"))
    return the_run(store, run_id, *statuses)


def all_ended(store: Store, count: int, status: RunStatus) -> list[Run] | None:
    runs = [run for run in store.runs() if run.status == status]
    return runs if len(runs) == count else None


def job_over(job: str) -> bool:
    view = (slurm_commands.look([job]) or {}).get(job)
    return view is not None and view.over


def submit(
    repo: Path, *command: str, sbatch: str = "", env: dict[str, str] | None = None
) -> tuple[str, str]:
    """`credo run --slurm --skip-gate [--sbatch ...] -- COMMAND`: (run prefix, job id)."""
    options = ["--sbatch", sbatch] if sbatch else []
    result = credo(repo, "run", "--slurm", "--skip-gate", *options, "--", *command, env=env)
    line = ok(result).stderr.strip().splitlines()[-1]
    words = line.split()
    assert words[:2] == ["credo:", "run"] and "queued as SLURM job" in line, line
    return words[2], words[words.index("job") + 1]


def held_sweep(repo: Path, *command: str) -> str:
    """`credo sweep --slurm --skip-gate --sbatch --hold -- COMMAND`: its job array's id."""
    swept = ok(credo(repo, "sweep", "--slurm", "--skip-gate", "--sbatch", "--hold", "--", *command))
    return swept.stderr.split("queued as SLURM job array ")[1].split(",")[0].split(":")[0]


def job_ids(slurm: Cluster) -> str:
    """SLURM's queue, as the ids of its jobs."""
    return slurm.command("squeue", "--noheader", "--format=%i").stdout


def recorded_nothing(store: Store) -> bool:
    """No run recorded, nor a folder of one."""
    return store.runs() == [] and list((store.credo_dir / "runs").glob("*/")) == []


@pytest.fixture
def project(store: Store, repo: Path) -> Path:
    commit_file(repo, "train.py", TRAIN, "train")
    start_experiment(store, "a lower lr trains smoother")
    return repo


def test_a_submitted_run_is_recorded_end_to_end(
    slurm: Cluster, store: Store, project: Path, tmp_path: Path
) -> None:
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "nvidia-smi").write_text(
        "#!/bin/sh\n"
        'case "$1" in\n'
        '  --query-gpu=*) echo "NVIDIA H100 80GB HBM3, 550.54.15, 81559 MiB";;\n'
        '  *) echo "| NVIDIA-SMI 550.54.15   Driver Version: 550.54.15   CUDA Version: 12.4 |";;\n'
        "esac\n"
    )
    (fake / "nvidia-smi").chmod(0o755)
    go = tmp_path / "go"
    env = {"PATH": f"{fake}{os.pathsep}{os.environ['PATH']}", "GO_FILE": str(go)}
    config = store.credo_dir / "config.toml"
    config.write_text(config.read_text().replace("sbatch = []", 'sbatch = ["--comment=lab"]'))
    prefix, job = submit(
        project, PY, "train.py", "--lr", "0.1", sbatch="--hold --job-name=held", env=env
    )
    [run] = store.runs()
    assert run.id.startswith(prefix) and run.status == RunStatus.QUEUED
    assert run.slurm is not None and run.slurm.job == job and run.slurm.cluster == "credotest"
    assert run.slurm.sbatch == ["--comment=lab", "--hold", "--job-name=held"]
    assert run.runner is None
    told = slurm.command("scontrol", "show", "job", job).stdout
    assert "Comment=lab" in told and "JobName=held" in told
    assert run.params == {"lr": 0.1} and run.git_start is not None and run.git_start.sha
    assert run.experiment is not None and run.gate["passed"] is True  # a first run: never held
    shown = ok(credo(project, "exp", "show")).stdout
    assert f"queued · SLURM job {job} (JobHeldUser)" in shown and "runs (1: 1 queued)" in shown

    slurm.command("scontrol", "release", job)
    running = until("running record", lambda: the_run(store, run.id, RunStatus.RUNNING))
    assert running.runner is not None and running.machine is not None
    shown = ok(credo(project, "exp", "show")).stdout
    assert f"running on {NODE} · SLURM job {job}" in shown and "1 running" in shown
    go.touch()
    done = until("succeeded record", lambda: the_run(store, run.id, RunStatus.SUCCEEDED))

    assert done.exit_code == 0 and done.ended is not None
    assert done.params == {"lr": 0.1, "seed": 7} and done.metrics == {"loss": pytest.approx(1 / 3)}
    machine = done.machine
    assert machine is not None and machine.slurm_job == job and machine.slurm_nodes == NODE
    assert [gpu.name for gpu in machine.gpus] == [
        "NVIDIA H100 80GB HBM3"
    ] and machine.cuda == "12.4"
    assert done.git_start is not None and done.git_start.sha == run.git_start.sha
    assert done.git_queued is None and done.queued is not None and done.started > done.queued
    folder = store.run_folder(run.id)
    assert "trained ['--lr', '0.1']" in (folder / "output.log").read_text()
    # credo says its last words (the run's line, its verdict) after the record is saved
    ended = f"run {store.short_id(Run, run.id)} succeeded"
    said = until(
        "credo's line", lambda: ended in (text := (folder / "slurm.out").read_text()) and text
    )
    assert "Traceback" not in said
    offered = git(project, "status", "--porcelain", "--untracked-files=all")
    assert (folder / "slurm.out").is_file() and "slurm.out" not in offered  # in this clone only
    assert (folder / "metrics.jsonl").exists()


def test_a_sweep_runs_as_one_array_never_more_than_n_at_once(
    slurm: Cluster, store: Store, project: Path
) -> None:
    result = ok(
        credo(
            project,
            "sweep",
            "--slurm",
            "--max-parallel",
            "2",
            "--skip-gate",
            "--",
            PY,
            "train.py",
            "--lr",
            "{1e-4,3e-4,1e-3}",
            "--batch={32,64}",
            env={"HOLD_SECONDS": "1.5"},
        )
    )
    array = result.stderr.split("queued as SLURM job array ")[1].split(",")[0]
    assert "at most 2 at once" in result.stderr
    runs = store.runs()
    assert len(runs) == 6 and {run.status for run in runs} <= {RunStatus.QUEUED, RunStatus.RUNNING}
    assert result.stderr.endswith(  # how to stop them, as a run's submission says
        "credo: cancel with credo runs cancel RUN (one of them) or "
        f"credo runs cancel --exp {store.short_id(Experiment, runs[0].experiment or '')} (all "
        "of the experiment's)\n"
    )
    assert sorted(run.slurm.job for run in runs if run.slurm) == [f"{array}_{n}" for n in range(6)]
    # squeue showed every element by the first run's name (credo-RUN)
    names = slurm.command("squeue", "--noheader", "--states=all", "--format=%j", f"--jobs={array}")
    assert set(names.stdout.split()) == {f"credo-sweep-{runs[0].experiment[:7]}"}

    most, seen_pending = 0, False
    deadline = time.monotonic() + 120
    while True:  # SLURM's own view, as often as it answers, until every element ended
        view = slurm_commands.look([array])
        assert view is not None
        elements = [job for name, job in view.items() if name.startswith(f"{array}_")]
        most = max(most, sum(1 for job in elements if job.state == "RUNNING"))
        seen_pending |= any(job.pending for job in elements)
        if len(elements) == 6 and all(job.over for job in elements):
            break
        assert time.monotonic() < deadline, "the sweep did not end within 120 s"
        time.sleep(0.1)
    assert most == 2 and seen_pending

    ended = until("six recorded ends", lambda: all_ended(store, 6, RunStatus.SUCCEEDED))
    grid = sorted((run.params["lr"], run.params["batch"]) for run in ended)
    assert grid == [(lr, b) for lr in (1e-4, 3e-4, 1e-3) for b in (32, 64)]
    assert {run.experiment for run in ended} == {ended[0].experiment} and ended[0].experiment
    tasks = sorted(int(run.machine.slurm_array_task) for run in ended if run.machine)
    assert tasks == list(range(6))
    spans = sorted((run.started, run.ended) for run in ended if run.ended)
    for start, _ in spans:  # the records agree: never three at once
        assert sum(1 for s, e in spans if s <= start < e) <= 2


def test_cancelled_jobs_queued_or_running(
    slurm: Cluster, store: Store, project: Path, tmp_path: Path
) -> None:
    go = tmp_path / "never"
    env = {"GO_FILE": str(go)}
    running_id, running_job = submit(project, PY, "train.py", env=env)
    held_id, held_job = submit(project, PY, "train.py", sbatch="--hold")
    running = until(
        "a running record",
        lambda: [r for r in store.runs() if r.status == RunStatus.RUNNING] or None,
    )[0]
    assert running.id.startswith(running_id)
    exp_id = running.experiment
    assert exp_id is not None

    result = ok(credo(project, "runs", "cancel", "--exp", exp_id[:6]))
    assert f"Run {held_id} (SLURM job {held_job}) cancelled before it started" in result.stdout
    assert f"Run {running_id} (SLURM job {running_job}) is being stopped by SLURM" in (
        result.stdout
    )
    [held] = [r for r in store.runs() if r.id.startswith(held_id)]
    assert held.status == RunStatus.CANCELLED and held.machine is None
    assert held.slurm is not None and held.slurm.state == "CANCELLED"

    # credo on the node ends the run first (a SIGTERM: killed), as it does when no one
    # looks meanwhile; a reader asking SLURM before that records cancelled from running
    until("credo on the node's end", lambda: the_run(store, running.id, RunStatus.KILLED))
    # and its last words in slurm.out (said after the record), before the reader's
    until("the job's end", lambda: job_over(running_job))
    stopped = until(
        "the running job recorded cancelled",
        lambda: settled_by_reader(project, store, running.id, RunStatus.CANCELLED),
    )
    assert stopped.slurm is not None and stopped.slurm.state == "CANCELLED"
    assert f"SLURM job {running_job}: cancelled" in stopped.note
    folder = store.run_folder(running.id)
    assert "trained" in (folder / "output.log").read_text()  # kept
    # the job's own log said killed (credo on the node saw only a SIGTERM); it now agrees
    said = (folder / "slurm.out").read_text().splitlines()
    why = stopped.note.split("; ")[0]
    assert (
        said[-1]
        == f"credo: run {store.short_id(Run, running.id)} recorded cancelled, not killed: {why}"
    )
    shown = ok(credo(project, "exp", "show")).stdout
    assert "cancelled" in shown and "never started" in shown
    report = ok(credo(project, "report")).stdout  # in the words of exp show's slurm: line
    assert "| cancelled · SLURM CANCELLED (credo runs cancel) |" in report
    assert "| cancelled · SLURM CANCELLED |" in report and "signal" not in report

    once_more, _ = submit(project, PY, "train.py", sbatch="--hold")
    shown = json.loads(ok(credo(project, "runs", "cancel", once_more, "--json")).stdout)
    [run] = shown["runs"]
    assert run["id"].startswith(once_more) and run["status"] == "cancelled"
    assert list(shown) == ["runs"] and run == json.loads(
        ok(credo(project, "show", once_more, "--json")).stdout
    )

    again = credo(project, "runs", "cancel", held_id)
    assert again.returncode == 1
    assert again.stderr.strip() == (
        f"error: run {store.short_id(Run, held.id)} has no queued or running SLURM job "
        "(it is cancelled)"
    )


def test_cancelling_an_experiments_jobs_lists_them_in_job_order(
    slurm: Cluster, store: Store, project: Path
) -> None:
    """`credo runs cancel --exp` listed a sweep's elements in the order of the runs' ids
    (7_1, 7_0, 7_2): they come by job id, then array index."""
    _, single = submit(project, PY, "train.py", sbatch="--hold")
    array = held_sweep(project, PY, "train.py", f"{{0..{MAX_ARRAY - 1}}}")
    exp = store.short_id(Experiment, store.runs()[0].experiment or "")
    said = ok(credo(project, "runs", "cancel", "--exp", exp)).stdout.splitlines()
    jobs = [line.split("(SLURM job ")[1].split(")")[0] for line in said]
    assert jobs == [single] + [f"{array}_{n}" for n in range(MAX_ARRAY)], said


def test_a_job_past_its_time_limit_is_recorded_timed_out_with_slurms_reason(
    slurm: Cluster, store: Store, project: Path, tmp_path: Path
) -> None:
    env = {"GO_FILE": str(tmp_path / "never")}
    prefix, job = submit(project, PY, "train.py", sbatch="--time=0:01", env=env)
    [queued] = store.runs()
    # SLURM rounds the limit up to a minute and checks limits every half minute. credo
    # on the node ends first (its SIGTERM: killed), its last words in slurm.out said
    # after its record: the reader's line comes after them once the job is over.
    until("the job's end", lambda: job_over(job), seconds=240)
    ended = until(
        "a timed-out record",
        lambda: settled_by_reader(project, store, queued.id, RunStatus.TIMED_OUT),
        seconds=240,
    )
    assert ended.slurm is not None
    assert (ended.slurm.state, ended.slurm.reason) == ("TIMEOUT", "TimeLimit")
    assert f"SLURM job {job}: its time limit was reached (TIMEOUT, TimeLimit" in ended.note
    assert ended.ended is not None and ended.metrics == {"loss": pytest.approx(1 / 3)}
    folder = store.run_folder(queued.id)
    assert "trained" in (folder / "output.log").read_text()
    said = (folder / "slurm.out").read_text().splitlines()
    assert said[-1] == (
        f"credo: run {store.short_id(Run, queued.id)} recorded timed out, not killed: "
        f"{ended.note.split('; ')[0]}"
    )
    shown = ok(credo(project, "show", prefix)).stdout
    assert "timed out" in shown and "TIMEOUT (TimeLimit)" in shown
    # the report said "timed out (signal 15)": credo's SIGTERM, not why SLURM sent it
    report = ok(credo(project, "report")).stdout
    assert "| timed out · SLURM TIMEOUT (TimeLimit) |" in report and "signal" not in report


def test_closing_an_experiment_while_its_jobs_wait_names_the_command_that_cancels_them(
    slurm: Cluster, store: Store, project: Path
) -> None:
    """credo exp stop said 'credo runs cancel for a SLURM job', which cancels nothing
    without a run or --exp: it now gives the command, and ctrl-c only for a run here."""
    stop = ["exp", "stop", "-o", "confirmed", "-l", "learnt"]
    with a_run_going(store) as here:
        assert here.runner is not None
        _, job = submit(project, PY, "train.py", sbatch="--hold")
        [held] = [run for run in store.runs() if run.id != here.id]
        exp = held.experiment
        assert exp is not None and exp == here.experiment
        # each named as `credo exp ls` and `credo runs ls` list it
        e, r_here, r_held = (
            store.short_id(Experiment, exp),
            store.short_id(Run, here.id),
            store.short_id(Run, held.id),
        )
        both = credo(project, *stop)
        assert both.returncode == 1
        assert both.stderr == (
            f"error: experiment {e} has 2 runs that have not ended: run {r_here} "
            f"running (pid {here.runner.pid} on {here.runner.host}), run {r_held} queued "
            f"· SLURM job {job}. Stop them first (ctrl-c where it runs; credo runs cancel "
            f"--exp {e} for a SLURM job), or close the experiment anyway with --force\n"
        )
    refused = credo(project, *stop)
    assert refused.returncode == 1
    assert refused.stderr.endswith(
        f"run {r_held} queued · SLURM job {job}. Stop it first (credo runs cancel "
        f"--exp {e}), or close the experiment anyway with --force\n"
    )
    ok(credo(project, "runs", "cancel", "--exp", e))  # the command it gave
    ok(credo(project, *stop))


def test_a_failing_command_is_recorded_failed(slurm: Cluster, store: Store, project: Path) -> None:
    submit(project, PY, "-c", "import sys; print('no data here'); sys.exit(3)")
    [queued] = store.runs()
    failed = until("a failed record", lambda: the_run(store, queued.id, RunStatus.FAILED))
    assert failed.exit_code == 3 and failed.machine is not None
    assert (store.run_folder(queued.id) / "output.log").read_text() == "no data here\n"


def test_a_submission_names_the_experiment_its_runs_go_to(
    slurm: Cluster, store: Store, project: Path
) -> None:
    """`credo run --slurm` said only `run 5gpr queued as SLURM job 8`: a coding agent had
    paused the experiment its user was running and started its own, and the user's job,
    the evidence of their hypothesis, went to the agent's without a word until it was
    read back. The receipt names the experiment, for a sweep too."""
    agents = ok(credo(project, "exp", "start", "--pause-running", "baseline reproduces 0.82"))
    short = agents.stdout.strip()  # piped: the id alone
    held = ["--slurm", "--skip-gate", "--sbatch", "--hold", "--", PY, "train.py"]
    run = ok(credo(project, "run", *held)).stderr
    assert f" of experiment {short} ('baseline reproduces 0.82') queued as SLURM job " in run
    swept = ok(credo(project, "sweep", *held, "--lr", "{1,2}")).stderr
    assert f"sweep of 2 runs of experiment {short} ('baseline reproduces 0.82') queued" in swept
    slurm.command("scancel", "--full", f"--partition={PARTITION}")


def test_a_refused_submission_says_why_in_one_line_and_records_nothing(
    slurm: Cluster, store: Store, project: Path
) -> None:
    result = credo(
        project,
        "run",
        "--slurm",
        "--skip-gate",
        "--sbatch",
        "--partition=nope",
        "--",
        PY,
        "train.py",
    )
    assert result.returncode == 125
    [line] = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert line.startswith("error: SLURM refused the job: invalid partition specified: nope")
    assert "Traceback" not in result.stderr
    assert recorded_nothing(store)


def test_a_test_only_submission_says_when_it_would_start_and_records_nothing(
    slurm: Cluster, store: Store, project: Path
) -> None:
    """sbatch --test-only only estimates when SLURM would start the job: credo called
    that a refusal, in sbatch's words, naming a job (24) that never existed."""
    jobs = job_ids(slurm)
    for command in (["run"], ["sweep"]):
        result = credo(
            project,
            *command,
            "--slurm",
            "--skip-gate",
            "--sbatch",
            "--test-only",
            "--",
            PY,
            "train.py",
            "--lr={0.1,0.2}",
        )
        assert result.returncode == 125, command
        line = result.stderr.splitlines()[-1]
        assert line.startswith("error: sbatch --test-only queued nothing: the job would start ")
        assert line.endswith(
            f"on nodes {NODE} in partition debug. No run is recorded; leave out --test-only "
            "to submit it"
        ), line
        assert "refused" not in result.stderr and "Job " not in result.stderr
        assert recorded_nothing(store)
    assert job_ids(slurm) == jobs


def test_a_sweep_past_slurms_max_array_size_is_refused_before_anything_is_queued(
    slurm: Cluster, store: Store, project: Path, tmp_path: Path
) -> None:
    """A sweep of more runs than MaxArraySize wrote every run, then sbatch refused it in
    its own words and the runs were taken back: now credo says why, and what to do."""
    sweep = ["sweep", "--slurm", "--skip-gate", "--sbatch", "--hold", "--", "true", "--seed"]
    jobs = job_ids(slurm)
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "scontrol").write_text("#!/bin/sh\nexit 1\n")
    (broken / "scontrol").chmod(0o755)
    unsaid = credo(
        project,
        *sweep,
        f"{{0..{MAX_ARRAY}}}",
        env={"PATH": f"{broken}{os.pathsep}{os.environ['PATH']}"},
    )
    # where SLURM does not say its MaxArraySize, sbatch speaks
    assert unsaid.returncode == 125
    assert unsaid.stderr.splitlines()[-1] == (
        "error: SLURM refused the job: Batch job submission failed: Invalid job array specification"
    )
    over = credo(project, *sweep, f"{{0..{MAX_ARRAY}}}")
    assert over.returncode == 125
    assert over.stderr == (
        f"error: a sweep of {MAX_ARRAY + 1} runs is one SLURM job array, and this cluster's "
        f"MaxArraySize ({MAX_ARRAY}) takes at most {MAX_ARRAY} runs in one: narrow the axes "
        "(fewer values), or split the sweep into several, each over part of an axis's values\n"
    )
    assert recorded_nothing(store)
    assert job_ids(slurm) == jobs
    largest = ok(credo(project, *sweep, f"{{1..{MAX_ARRAY}}}"))
    array = largest.stderr.split("queued as SLURM job array ")[1].split(":")[0]
    assert len(store.runs()) == MAX_ARRAY
    slurm.command("scancel", array)


def test_a_node_that_cannot_see_the_repository_is_named(
    slurm: Cluster, store: Store, project: Path
) -> None:
    """SLURM ended the job before credo on the node could start the run (its script
    found no repository): the command never ran, so the run did not start, rather than
    `failed` with the checks its gate passed on counted as relied on."""
    evidence_the_gate_relies_on(project, credo)
    ok(credo(project, "run", "--slurm", "--sbatch", "--hold", "--", PY, "train.py"))
    [queued] = store.runs()
    assert queued.slurm is not None and queued.gate["evidence_ids"]
    job = queued.slurm.job
    away = project.with_name("moved-away")
    project.rename(away)  # the node looks for the repository where it was submitted
    try:
        slurm.command("scontrol", "release", job)
        until("the job's end", lambda: job_over(job))
    finally:
        away.rename(project)
    ended = until(
        "a did-not-start record",
        lambda: settled_by_reader(project, store, queued.id, RunStatus.DID_NOT_START),
    )
    assert ended.note.startswith(
        f"SLURM job {job}: {NODE} cannot see {project}; the repository must be on a file "
        "system the compute nodes share"
    )
    assert ended.slurm is not None and ended.slurm.exit == f"{slurm_commands.UNSEEN_EXIT}:0"
    assert "evidence_ids" not in ended.gate
    row = ok(credo(project, "runs", "ls")).stdout.splitlines()[1]
    assert row.startswith("did not start ") and "verified" not in row, row


def test_a_command_the_node_cannot_start_did_not_start_as_it_does_here(
    slurm: Cluster, store: Store, project: Path
) -> None:
    """`credo run --slurm -- pyhton train.py`: nothing can tell before the job whether
    the node's PATH has it (said, and submitted all the same); credo on the node records
    the run as one here does."""
    evidence_the_gate_relies_on(project, credo)
    submitted = ok(credo(project, "run", "--slurm", "--", "pyhton", "train.py"))
    assert (
        "credo: on this host, cannot start 'pyhton': command not found; the node may have it, "
        "so the job goes to SLURM all the same"
    ) in submitted.stderr.splitlines(), submitted.stderr
    [queued] = store.runs()
    ended = until("its end", lambda: the_run(store, queued.id, *TERMINAL))
    assert (ended.status, ended.exit_code) == (RunStatus.DID_NOT_START, 127)
    assert ended.note == "cannot start 'pyhton': command not found"
    assert "evidence_ids" not in ended.gate and not store.evidence()[1:]
    said = until("credo's last words", lambda: _said_and_over(store, queued))
    assert f"run {queued.id[:4]} did not start · exit 127 · " in said and "verdict" not in said
    row = ok(credo(project, "runs", "ls")).stdout.splitlines()[1]
    assert row.startswith("did not start ") and "verified" not in row, row
    assert the_run(store, queued.id, RunStatus.DID_NOT_START)  # a reader leaves it so


@pytest.mark.parametrize(
    ("command", "code", "said"),
    [
        (
            ["run", "--", "train.py"],  # python left out
            127,
            "cannot start 'train.py': command not found (a file here, not a command: "
            "credo run --slurm -- python train.py)",
        ),
        (
            ["sweep", "--", "./train.py", "--lr", "{0.1,0.2}"],
            126,
            "cannot start './train.py': Permission denied (not executable: "
            "credo sweep --slurm -- python ./train.py, or chmod +x ./train.py)",
        ),
        (["run", "--", "./data"], 126, "cannot start './data': Is a directory"),
        (["sweep", "--", "./trian.py", "{1,2}"], 127, "cannot start './trian.py': No such file"),
        (
            ["run", "--", "WANDB_API_KEY=0123456789abcdef0123", "python", "train.py"],
            127,
            "cannot start 'WANDB_API_KEY=<redacted>': command not found (only a shell sets",
        ),
    ],
)
def test_a_command_the_node_would_not_start_either_is_refused_before_submitting(
    slurm: Cluster, store: Store, project: Path, command: list[str], code: int, said: str
) -> None:
    """`credo run --slurm -- train.py` (python left out) was submitted unchecked, and
    ended did_not_start once SLURM ran it: the node sees the repository as this host does
    (it must), so what this host finds wrong with a path into it, a variable set as only
    a shell sets it, or a file here named as a command, the node would too. Refused as
    `credo run` refuses it here, before the gate, nothing recorded or queued."""
    (project / "data").mkdir()
    jobs = job_ids(slurm)
    verb, *rest = command
    result = credo(project, verb, "--slurm", "--skip-gate", *rest)
    assert result.returncode == code, result.stderr
    assert result.stderr.startswith(f"error: {said}"), result.stderr
    assert "Traceback" not in result.stderr and "gate" not in result.stderr
    assert recorded_nothing(store) and job_ids(slurm) == jobs  # nothing queued, here or there


def test_a_path_out_of_the_repository_is_left_to_the_node_to_start(
    slurm: Cluster, store: Store, project: Path, tmp_path: Path
) -> None:
    """A program on a node's own disk (`/scratch/env/bin/python`) may be missing here:
    said, and the job submitted, as a name no folder of this PATH holds."""
    missing = str(tmp_path / "node-only" / "python")
    args = ["--slurm", "--skip-gate", "--sbatch", "--hold", "--", missing, "train.py"]
    result = ok(credo(project, "run", *args))
    assert (
        f"credo: on this host, cannot start {missing!r}: No such file or directory; the node "
        "may have it, so the job goes to SLURM all the same"
    ) in result.stderr.splitlines(), result.stderr
    [queued] = store.runs()
    assert queued.status == RunStatus.QUEUED and queued.slurm is not None
    slurm.command("scancel", queued.slurm.job)


def test_a_job_slurm_ends_before_it_starts_did_not_start_unless_cancelled(
    slurm: Cluster, store: Store, project: Path
) -> None:
    """A job whose deadline passed while it waited was recorded `timed out` (as a node
    failure before the start was `lost`): no command ran, so the run did not start, in
    SLURM's words, and relied on no check. A cancel stays `cancelled` (see above)."""
    evidence_the_gate_relies_on(project, credo)
    late = "--begin=now+5 --time=1 --deadline=now+30"  # cannot end by its deadline
    ok(credo(project, "run", "--slurm", "--sbatch", late, "--", PY, "train.py"))
    [queued] = store.runs()
    assert queued.slurm is not None and queued.gate["evidence_ids"]
    job = queued.slurm.job
    until("the job's end", lambda: job_over(job))
    ended = until(
        "a did-not-start record",
        lambda: settled_by_reader(project, store, queued.id, RunStatus.DID_NOT_START),
    )
    assert (
        ended.note
        == f"SLURM job {job}: its deadline passed before credo started the run (DEADLINE, DeadLine)"
    )
    assert (ended.exit_code, ended.signal) == (None, None) and ended.machine is None
    assert "evidence_ids" not in ended.gate
    row = ok(credo(project, "runs", "ls")).stdout.splitlines()[1]
    assert row.startswith("did not start ") and "verified" not in row, row
    said = (store.run_folder(queued.id) / slurm_commands.JOB_LOG).read_text()
    short = store.short_id(Run, queued.id)  # as `credo runs ls` lists it
    assert said == f"credo: run {short} recorded did not start: {ended.note}\n"


TERMINAL = tuple(
    status for status in RunStatus if status not in (RunStatus.QUEUED, RunStatus.RUNNING)
)


def _said_and_over(store: Store, run: Run) -> str | None:
    assert run.slurm is not None
    if not job_over(run.slurm.job):
        return None
    return (store.run_folder(run.id) / slurm_commands.JOB_LOG).read_text()


def test_one_look_asks_slurm_once_for_all_of_the_projects_jobs(
    slurm: Cluster, store: Store, project: Path, tmp_path: Path
) -> None:
    _, single = submit(project, PY, "train.py", sbatch="--hold")
    array = held_sweep(project, "true", "--seed", "{1,2,3}")
    real = shutil.which("squeue")
    assert real is not None
    shim = tmp_path / "shim"
    shim.mkdir()
    calls = tmp_path / "calls"
    (shim / "squeue").write_text(f'#!/bin/sh\necho "$@" >> {calls}\nexec {real} "$@"\n')
    (shim / "squeue").chmod(0o755)
    env = {"PATH": f"{shim}{os.pathsep}{os.environ['PATH']}"}

    shown = ok(credo(project, "exp", "show", env=env)).stdout
    [call] = calls.read_text().splitlines()
    assert f"--jobs={','.join(sorted([single, array]))}" in call.split()
    assert f"queued · SLURM job {array}_2 (JobHeldUser)" in shown
    assert "runs (4: 4 queued)" in shown
    slurm.command("scancel", single, array)


def test_a_teammates_job_on_another_cluster_is_never_judged_by_this_one(
    slurm: Cluster, store: Store, project: Path
) -> None:
    from credo.domain.models import SlurmJob
    from credo.runs.launch import RunRequest, queue

    _, job = submit(project, "true")
    [mine] = store.runs()
    until("the job's end", lambda: job_over(job))
    # Pulled from a clone on another cluster, where a job of the same number waits.
    theirs = queue(
        store,
        RunRequest(command=["python", "train.py"], cwd=project, experiment=mine.experiment),
        runner=None,
        slurm=SlurmJob(job=job, cluster="their-cluster"),
    )
    shown = ok(credo(project, "exp", "show")).stdout
    assert store.read(Run, theirs.id).status == RunStatus.QUEUED
    theirs_short = store.short_id(Run, theirs.id)
    assert f"queued {theirs_short}  " in shown  # as the runs view's row, then as recorded:
    assert f"status: queued · SLURM job {job}\n" in shown  # no view of it
    assert until("my end", lambda: the_run(store, mine.id, RunStatus.SUCCEEDED))


def test_a_teammates_job_on_this_cluster_is_left_to_the_clone_it_came_from(
    slurm: Cluster, store: Store, project: Path, tmp_path: Path
) -> None:
    """Bruno's run, submitted from his clone and pulled into mine while it waited, ran and
    succeeded on the node, which wrote its end in his clone: my board saw SLURM's
    COMPLETED beside a record still queued and wrote `did not start · ended before credo
    started the run`, wrong, and a conflict at the next pull of his record."""
    from credo.domain.models import SlurmJob
    from credo.runs.launch import RunRequest, queue

    _, job = submit(project, "true")
    until("the job's end", lambda: job_over(job))
    [mine] = store.runs()
    assert mine.slurm is not None
    theirs = queue(  # his record as pulled: the same job, on this cluster, from his clone
        store,
        RunRequest(command=["true"], cwd=tmp_path / "bruno", experiment=mine.experiment),
        runner=None,
        slurm=SlurmJob(job=job, cluster=mine.slurm.cluster),
    )
    ok(credo(project, "exp", "show"))
    assert until("my end", lambda: the_run(store, mine.id, RunStatus.SUCCEEDED))
    assert store.read(Run, theirs.id).status == RunStatus.QUEUED  # his clone says its end


def test_a_job_cancelled_while_it_waited_for_its_begin_time_says_it_waited(
    slurm: Cluster, store: Store, project: Path
) -> None:
    """A pending job (`--begin`) cancelled with scancel read `cancelled (CANCELLED,
    BeginTime)`: what it waited for read as why it ended."""
    _, job = submit(project, PY, "train.py", sbatch="--begin=now+1hour")
    until("SLURM's reason", lambda: "BeginTime" in ok(credo(project, "exp", "show")).stdout)
    ok(slurm.command("scancel", job))
    [queued] = store.runs()
    ended = until(
        "a cancelled record",
        lambda: settled_by_reader(project, store, queued.id, RunStatus.CANCELLED),
    )
    assert ended.note == f"SLURM job {job}: cancelled while it waited (BeginTime)"


def test_a_job_whose_pid_here_is_gone_is_judged_by_slurm_not_called_lost(
    slurm: Cluster, store: Store, project: Path
) -> None:
    from credo.domain.models import Runner
    from credo.runs.liveness import this_runner

    _, job = submit(project, PY, "train.py", sbatch="--hold")
    [queued] = store.runs()
    # What a node on this host leaves when its credo is gone while SLURM holds the job.
    here = this_runner(store.project_root, None)
    dead = Runner(host=here.host, pid=2**22 + 11, boot_id=here.boot_id)
    store.update(
        Run, queued.id, lambda r: r.model_copy(update={"status": RunStatus.RUNNING, "runner": dead})
    )
    shown = ok(credo(project, "exp", "show")).stdout
    assert store.read(Run, queued.id).status == RunStatus.RUNNING  # SLURM still holds it
    assert f"running · SLURM job {job}" in shown and "lost" not in shown

    slurm.command("scancel", job)
    until("the job's end", lambda: job_over(job))
    ended = until(
        "SLURM's end recorded",
        lambda: settled_by_reader(project, store, queued.id, RunStatus.CANCELLED),
    )
    assert f"SLURM job {job}: cancelled (CANCELLED" in ended.note
    assert ended.slurm is not None and ended.slurm.state == "CANCELLED"


def test_a_job_whose_node_fails_is_recorded_lost_with_slurms_reason(
    slurm: Cluster, store: Store, project: Path, tmp_path: Path
) -> None:
    env = {"GO_FILE": str(tmp_path / "never")}
    _, job = submit(project, PY, "train.py", sbatch="--no-requeue", env=env)
    [queued] = store.runs()
    until("a running record", lambda: the_run(store, queued.id, RunStatus.RUNNING))
    until("its output", lambda: "trained" in output_so_far(store, queued.id))
    try:
        slurm.command("scontrol", "update", f"nodename={NODE}", "state=down", "reason=test")
        until("the job's end", lambda: job_over(job))
    finally:
        slurm.command("scontrol", "update", f"nodename={NODE}", "state=resume")
        until("the node back", lambda: slurm.node_state() == "idle", seconds=60)
    lost = until(
        "a lost record", lambda: settled_by_reader(project, store, queued.id, RunStatus.LOST)
    )
    assert lost.slurm is not None and lost.slurm.state == "NODE_FAIL"
    assert f"SLURM job {job}: its node failed (NODE_FAIL, NodeDown" in lost.note
    assert lost.metrics == {"loss": pytest.approx(1 / 3)}  # what it got to, kept
    assert "trained" in (store.run_folder(queued.id) / "output.log").read_text()


def test_a_queued_job_cancelled_outside_credo_has_no_exit_code(
    slurm: Cluster, store: Store, project: Path
) -> None:
    prefix, job = submit(project, PY, "train.py", sbatch="--hold")
    ok(slurm.command("scancel", job))
    [queued] = store.runs()
    ended = until(
        "a cancelled record",
        lambda: settled_by_reader(project, store, queued.id, RunStatus.CANCELLED),
    )
    # SLURM says exit 0:0 of a job it never started: no command exited, nothing succeeded
    assert (ended.exit_code, ended.signal) == (None, None)
    assert ended.note == f"SLURM job {job}: cancelled while it waited (JobHeldUser)"
    shown = ok(credo(project, "exp", "show")).stdout
    assert "exit 0" not in shown and "never started" in shown
    # it has no start, and no output anywhere: said so, with when it was submitted
    alone = ok(credo(project, "show", prefix)).stdout
    assert f"\n    submitted to SLURM {ended.started.astimezone():%Y-%m-%d %H:%M}\n" in alone
    assert "\n    output: none (never started)\n" in alone
    row = ok(credo(project, "runs", "ls")).stdout.splitlines()[1]
    assert row.startswith("cancelled ") and " never started " in row, row


def test_a_sweep_of_positional_values_lists_each_runs_command(
    slurm: Cluster, store: Store, project: Path
) -> None:
    result = ok(credo(project, "sweep", "--slurm", "--skip-gate", "--", PY, "train.py", "{a,b}"))
    listed = result.stderr.split("queued as SLURM job array ")[1].splitlines()[1:-1]
    # no param names these values: each line said only the run's id
    ids = {run.command[-1]: store.short_id(Run, run.id) for run in store.runs()}
    assert listed == [
        f"credo:   {ids['a']}  {PY} train.py a",
        f"credo:   {ids['b']}  {PY} train.py b",
    ]


def test_a_controller_that_does_not_answer_is_not_called_a_refusal(
    slurm: Cluster, store: Store, project: Path
) -> None:
    held, job = submit(project, PY, "train.py", sbatch="--hold")
    controller = next(p for p in slurm.procs if Path(str(p.args[0])).name == "slurmctld")
    controller.send_signal(signal.SIGSTOP)  # up, but answering no one
    try:
        sent = credo(project, "run", "--slurm", "--skip-gate", "--", PY, "train.py")
        cancelled = credo(project, "runs", "cancel", held)
    finally:
        controller.send_signal(signal.SIGCONT)
    # SLURM may act on both once it answers again: neither was refused
    assert sent.returncode == 125 and "refused" not in sent.stderr
    assert sent.stderr.splitlines()[-1] == (
        "error: SLURM did not answer sbatch (Batch job submission failed: Socket timed out on "
        "send/recv operation): is it up? "
        "Nothing is recorded; a job it queues anyway finds no run and ends at once"
    )
    assert [store.short_id(Run, run.id) for run in store.runs()] == [held]
    assert cancelled.returncode == 1 and "did not cancel" not in cancelled.stderr
    assert cancelled.stderr.splitlines()[-1] == (
        f"error: SLURM did not answer scancel (Kill job error on job id {job}: Socket timed out "
        "on send/recv operation): is it up? credo runs ls shows whether it cancelled"
    )


@pytest.mark.parametrize(
    ("where", "option"),
    [("--sbatch", "--array=0-2"), ("--sbatch", "-a 0-2"), ("config", "--array=1-3")],
)
def test_an_array_option_is_refused_before_anything_is_queued(
    slurm: Cluster, store: Store, project: Path, where: str, option: str
) -> None:
    given = ["--sbatch", option] if where == "--sbatch" else []
    if where == "config":
        config = store.credo_dir / "config.toml"
        config.write_text(config.read_text().replace("sbatch = []", f'sbatch = ["{option}"]'))
    result = credo(project, "run", "--slurm", "--skip-gate", *given, "--", PY, "train.py")
    # the extra elements found no run of their own: they wrote .credo/runs/slurm.out
    source = "--sbatch" if where == "--sbatch" else "sbatch in .credo/config.toml"
    assert result.returncode == 125
    assert result.stderr.splitlines()[-1] == (
        f"error: {option.split()[0]!r} ({source}): credo makes the job array itself; "
        "to run several, use credo sweep"
    )
    assert store.runs() == [] and list((store.credo_dir / "runs").iterdir()) == []


def test_runs_ls_says_when_slurm_did_not_answer_rather_than_showing_old_states(
    slurm: Cluster, store: Store, project: Path
) -> None:
    held, job = submit(project, PY, "train.py", sbatch="--hold")
    controller = next(p for p in slurm.procs if Path(str(p.args[0])).name == "slurmctld")
    controller.send_signal(signal.SIGSTOP)  # up, but answering no one
    try:
        listed = ok(credo(project, "runs", "ls"))
        [row] = json.loads(ok(credo(project, "runs", "ls", "--json")).stdout)
    finally:
        controller.send_signal(signal.SIGCONT)
    # it had shown "queued · SLURM job N", as if SLURM had said so
    assert f"queued? · SLURM job {job} (SLURM did not answer)" in listed.stdout
    assert row["status"] == "queued" and row["state"] == (
        f"queued? · SLURM job {job} (SLURM did not answer)"
    )
    answered = ok(credo(project, "runs", "ls")).stdout
    assert f"queued · SLURM job {job} (JobHeldUser)" in answered and "?" not in answered
    assert store.read(Run, store.resolve(Run, held)).status == RunStatus.QUEUED
    slurm.command("scancel", job)


def test_the_clusters_name_is_asked_again_after_slurm_did_not_answer(slurm: Cluster) -> None:
    """A process that asked while the controller hung kept 'no name, no accounting' for
    good: the app then never judged a job SLURM had forgotten."""
    slurm_commands._CLUSTERS.clear()  # as in a process started now
    controller = next(p for p in slurm.procs if Path(str(p.args[0])).name == "slurmctld")
    controller.send_signal(signal.SIGSTOP)
    try:
        assert slurm_commands.cluster() == ("", False)
    finally:
        controller.send_signal(signal.SIGCONT)
    assert slurm_commands.cluster() == ("credotest", False)


def falling_back_now() -> str:
    """A POSIX time zone whose clocks went back half an hour ago: the hour around now is
    on its clocks twice, as an autumn night's is (UTC+1 until then, UTC after)."""
    local = datetime.now(UTC).replace(tzinfo=None) + timedelta(minutes=30)  # in summer time
    last_day = local.timetuple().tm_yday - 1  # counted from 0; summer began half a year ago
    return f"XST0XDT-1,{(last_day + 183) % 365}/0,{last_day}/{local:%H:%M:%S}"


@pytest.mark.parametrize("reader", ["clocks-going-back", "relative-times"])
def test_a_job_slurm_ended_keeps_slurms_end_whatever_the_readers_clock_says(
    slurm: Cluster, store: Store, project: Path, reader: str
) -> None:
    """SLURM prints its times on the reader's clock: in the hour clocks go back twice
    over, or in the words of a SLURM_TIME_FORMAT set in the reader's shell (`relative`)."""
    if reader == "clocks-going-back":
        env = {"TZ": falling_back_now()}
    else:
        env = {"SLURM_TIME_FORMAT": "relative"}
    _, job = submit(project, PY, "train.py", sbatch="--hold")
    ok(slurm.command("scancel", job))
    [queued] = store.runs()
    until("the job's end", lambda: job_over(job))
    said = subprocess.run(  # SLURM's end in seconds since 1970: on no clock
        ["squeue", "--noheader", "--states=all", f"--jobs={job}", "--Format=EndTime"],
        env={**os.environ, "SLURM_TIME_FORMAT": "%s"},
        capture_output=True,
        text=True,
        check=True,
    )
    slurms_end = datetime.fromtimestamp(int(said.stdout.strip()), UTC)
    ok(credo(project, "exp", "show", env=env))
    ended = the_run(store, queued.id, RunStatus.CANCELLED)
    assert ended is not None and ended.ended == slurms_end


def test_a_hard_jobs_grace_is_kept_for_its_start_on_the_node(
    slurm: Cluster, store: Store, project: Path
) -> None:
    """`credo run --slurm --hard --grace 30s` queued its run without the grace: on the
    node, --hard would have waited its default 10 s after SIGTERM. The queued record keeps
    it, and the start on the node reads it from there."""
    queued = credo(
        project,
        "run",
        "--slurm",
        "--skip-gate",
        "--sbatch",
        "--hold",
        "--hard",
        "--grace",
        "30s",
        "-b",
        "5m",
        "--",
        PY,
        "train.py",
    )
    ok(queued)
    [run] = store.runs()
    assert run.status == RunStatus.QUEUED and run.hard and run.grace == 30
    assert run.slurm is not None and run.slurm.job
    slurm.command("scancel", run.slurm.job)
