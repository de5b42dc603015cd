"""The parts of credo's SLURM support that need no cluster: the job script (run for
real by bash), SLURM's answers as credo reads them, the sweep's grid, and which runs
a reader may call lost while they wait.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from credo.actions.lost_runs import run_state, settled_runs
from credo.domain.models import Run, Runner, RunStatus, SlurmJob
from credo.errors import BadFileError, BadInputError, CredoError
from credo.gitlink.hooks import CREDO_COMMAND
from credo.runs.grid import grid_commands, read_grid
from credo.runs.launch import RunRequest, queue
from credo.runs.liveness import this_runner
from credo.runs.slurm import (
    JOB_LOG,
    UNSEEN_EXIT,
    error_words,
    job_script,
    parse_sacct,
    parse_squeue,
)
from credo.store import Store

PY = sys.executable
READS = (
    "; in braces credo reads a list, {1e-4,3e-4}, or a range of whole numbers, {1..5} or "
    "{0..100..10} (first..last..step)"
)


def test_the_job_script_starts_the_real_credo_never_one_in_the_work_tree(
    store: Store, repo: Path, tmp_path: Path
) -> None:
    # A teammate's commit puts a `credo` package at the root, and PYTHONPATH names
    # another: `python -m credo` from the work tree would run either.
    for where in (repo, tmp_path / "elsewhere"):
        (where / "credo").mkdir(parents=True)
        (where / "credo" / "__main__.py").write_text("print('SHADOWED')\n")
        (where / "credo" / "__init__.py").write_text("")
    first = queue(
        store,
        RunRequest(command=[PY, "-c", "print('first')"], cwd=repo),
        runner=None,
        slurm=SlurmJob(job="81_0"),
    )
    second = queue(
        store,
        RunRequest(command=[PY, "-c", "print('second')"], cwd=repo),
        runner=None,
        slurm=SlurmJob(job="81_1"),
    )
    folders = store.run_folder(first.id).parent
    script = job_script(store.project_root, folders, [first.id, second.id], CREDO_COMMAND)
    assert f"exec {CREDO_COMMAND} -C " in script and " -E -P -m credo" in CREDO_COMMAND
    (tmp_path / "job.sh").write_text(script)
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "elsewhere"), "SLURM_ARRAY_TASK_ID": "1"}
    done = subprocess.run(
        ["bash", str(tmp_path / "job.sh")], cwd=repo, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    ran = store.read(Run, second.id)
    assert ran.status == RunStatus.SUCCEEDED and store.read(Run, first.id).status == "queued"
    folder = store.run_folder(second.id)
    assert (folder / "output.log").read_text() == "second\n"
    said = (folder / "slurm.out").read_text()
    assert "SHADOWED" not in said and f"run {store.short_id(Run, second.id)} succeeded" in said


def test_the_job_script_says_when_its_node_cannot_see_the_run(
    store: Store, repo: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "not-shared"
    script = job_script(elsewhere, elsewhere / "runs", ["a1b2c3d4e5f6g7h8"], CREDO_COMMAND)
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True)
    assert done.returncode == UNSEEN_EXIT
    assert "cannot see" in done.stderr and str(tmp_path / "not-shared") in done.stderr


def test_squeue_lines_are_read_with_a_pending_arrays_elements_spread() -> None:
    text = (
        "81|81|2-5%2|PENDING|JobArrayTaskLimit|0||hpc|N/A|\n"
        "83|81|0|RUNNING|None|0|node[01-02]|hpc|2026-12-02T05:01:16|\n"
        "84|81|1|COMPLETED|None|768|node01|hpc|2026-12-02T05:01:17|\n"
        "90|90|N/A|TIMEOUT|TimeLimit|15|gpu-07|hpc|2026-12-02T05:01:39|\n"
        "91|91|1,7-11:2|PENDING|Priority|0||hpc|N/A|\n"
        "garbage\n"
    )
    seen = parse_squeue(text)
    assert sorted(seen) == sorted(
        ["81_2", "81_3", "81_4", "81_5", "81_0", "81_1", "90", "91_1", "91_7", "91_9", "91_11"]
    )
    assert seen["81_3"].pending and seen["81_3"].reason == "JobArrayTaskLimit"
    assert seen["81_0"].state == "RUNNING" and seen["81_0"].nodes == "node[01-02]"
    assert seen["81_0"].cluster == "hpc"
    assert not seen["81_0"].over and seen["81_0"].reason == ""
    assert seen["81_1"].over and seen["81_1"].exit_code == 3 and seen["81_1"].exit_signal is None
    timed_out = seen["90"]
    assert (timed_out.state, timed_out.reason, timed_out.exit_signal) == (
        "TIMEOUT",
        "TimeLimit",
        15,
    )
    assert timed_out.ended == datetime(2026, 12, 2, 5, 1, 39, tzinfo=UTC)  # asked in UTC


def test_sacct_lines_are_read_where_accounting_keeps_ended_jobs() -> None:
    text = (
        "812_3|CANCELLED by 1000|None|0:15|gpu-07|2026-12-01T10:00:00\n"
        "812_[4-5%2]|PENDING|JobArrayTaskLimit|0:0|None assigned|Unknown\n"
        "813|OUT_OF_MEMORY|OutOfMemory|0:125|gpu-01|2026-12-01T11:00:00\n"
    )
    seen = parse_sacct(text)
    assert sorted(seen) == ["812_3", "812_4", "812_5", "813"]
    assert seen["812_3"].state == "CANCELLED" and seen["812_3"].exit_signal == 15
    assert seen["812_4"].pending and seen["812_4"].nodes == "" and seen["812_4"].ended is None
    assert seen["813"].over and seen["813"].reason == "OutOfMemory"


def test_slurms_complaint_is_one_line() -> None:
    stderr = (
        "sbatch: error: invalid partition specified: nope\n"
        "sbatch: error: Batch job submission failed: Invalid partition name specified\n"
    )
    assert error_words(stderr) == (
        "invalid partition specified: nope; "
        "Batch job submission failed: Invalid partition name specified"
    )


def test_a_json_argument_is_passed_on_whole_not_swept() -> None:
    """`--cfg '{"a": 1, "b": 2}'` was swept over `"a": 1` and `"b": 2`."""
    config = '{"a": 1, "b": {"c": 2, "d": 3}}'
    command = ["python", "train.py", "--cfg", config, f"--opt={config}", "--lr", "{1,2}"]
    assert grid_commands(command) == [
        ["python", "train.py", "--cfg", config, f"--opt={config}", "--lr", "1"],
        ["python", "train.py", "--cfg", config, f"--opt={config}", "--lr", "2"],
    ]
    assert len(grid_commands(["python", "train.py", '--x={"a",2}'])) == 2  # not JSON: an axis


def test_the_grid_is_every_combination_first_axis_slowest(tmp_path: Path) -> None:
    command = ["python", "train.py", "--lr", "{1e-4,3e-4}", "--batch={32,64}", "--fixed", "1"]
    assert grid_commands(command) == [
        ["python", "train.py", "--lr", "1e-4", "--batch=32", "--fixed", "1"],
        ["python", "train.py", "--lr", "1e-4", "--batch=64", "--fixed", "1"],
        ["python", "train.py", "--lr", "3e-4", "--batch=32", "--fixed", "1"],
        ["python", "train.py", "--lr", "3e-4", "--batch=64", "--fixed", "1"],
    ]
    grid = tmp_path / "grid.toml"
    grid.write_text('lr = [1e-4, 3e-4]\nopt = "adamw"\nwarmup = [true, false]\n')
    from_file = grid_commands(["python", "train.py"], read_grid(grid, "grid.toml"))
    assert from_file[0] == [
        "python",
        "train.py",
        "--lr",
        "0.0001",
        "--opt",
        "adamw",
        "--warmup",
        "true",
    ]
    assert len(from_file) == 4 and from_file[-1][-1] == "false"


def test_an_option_both_in_the_command_and_in_the_grid_is_refused(tmp_path: Path) -> None:
    """`--lr '{0.3,0.4}'` with a grid's `lr = [0.1, 0.2]` made four runs of `--lr 0.3 --lr
    0.1` and the like: two of them the same run twice, each command with two --lr."""
    grid = tmp_path / "grid.toml"
    grid.write_text("lr = [0.1, 0.2]\nseed = [1]\n")
    for given in (["--lr", "{0.3,0.4}"], ["--lr=0.5"], ["--lr", "0.5", "--batch={1,2}"]):
        with pytest.raises(BadInputError) as raised:
            grid_commands(["python", "train.py", *given], read_grid(grid, "grid.toml"))
        assert raised.value.message == (
            "--lr is both in the command and in the --grid file: each run would be given "
            "--lr twice; give it in one of them"
        )
    assert len(grid_commands(["train.py", "--lrate", "1"], read_grid(grid, "grid.toml"))) == 2


def test_a_sweep_over_its_cap_is_counted_not_built(tmp_path: Path) -> None:
    """Five axes of 100 values each were expanded to 10,000,000,000 commands in memory
    before anything was said; the count is refused at once, from the axes' sizes."""
    values = ",".join(str(value) for value in range(100))
    axes = [f"--{name}={{{values}}}" for name in "abcde"]
    with pytest.raises(BadInputError) as raised:
        grid_commands(["train.py", *axes])
    assert raised.value.message == (
        "5 axes make 10,000,000,000 runs; a sweep of over 1,000 runs is refused: narrow the "
        "axes (fewer values), or give --max-runs 10000000000 to run them all on purpose"
    )
    thousand = ",".join(str(value) for value in range(1000))
    assert len(grid_commands(["train.py", f"--lr={{{thousand}}}"])) == 1000  # the cap itself
    grid = tmp_path / "grid.toml"
    grid.write_text("seed = [1, 2]\n")
    with pytest.raises(BadInputError) as raised:  # a --grid file's axes count too
        grid_commands(["train.py", f"--lr={{{thousand}}}"], read_grid(grid, "grid.toml"))
    assert raised.value.message.startswith("2 axes make 2,000 runs;")
    assert len(grid_commands(["train.py", "--lr={1,2,3}"], max_runs=3)) == 3
    with pytest.raises(BadInputError, match="^1 axis makes 3 runs; a sweep of over 2 runs"):
        grid_commands(["train.py", "--lr={1,2,3}"], max_runs=2)


def test_one_long_axis_is_refused_by_the_cap() -> None:
    """One axis of 30,000 values is counted as 30,000 runs, and refused. (Looking for a
    value given twice once took 20 s on such an axis; speed is not timed in tests.)"""
    values = ",".join(str(value) for value in range(30_000))
    with pytest.raises(BadInputError, match="^1 axis makes 30,000 runs;"):
        grid_commands(["train.py", f"--lr={{{values}}}"])


@pytest.mark.parametrize(
    "braces",
    ["{1..5}", "{5..1}", "{0..100..25}", "{10..-2..4}", "{1..6..-2}", "{01..10}", "{-05..5..5}"],
)
def test_a_range_in_braces_gives_the_values_bash_gives(braces: str) -> None:
    """`--seed='{1..5}'` passed the literal `{1..5}` to one run: only lists were read."""
    said = subprocess.run(
        ["bash", "-c", f"printf '%s\\n' {braces}"], capture_output=True, check=True
    )
    values = said.stdout.decode().split()
    assert grid_commands(["train.py", f"--seed=x{braces}y"]) == [
        ["train.py", f"--seed=x{value}y"] for value in values
    ]


def test_a_huge_range_is_counted_not_built() -> None:
    with pytest.raises(BadInputError) as raised:  # built, it would never fit in memory
        grid_commands(["train.py", "--seed", "{1..999999999999999999}", "--lr={1,2}"])
    assert raised.value.message == (
        "2 axes make 1,999,999,999,999,999,998 runs; a sweep of over 1,000 runs is refused: "
        "narrow the axes (fewer values), or give --max-runs 1999999999999999998 to run them "
        "all on purpose"
    )


@pytest.mark.parametrize(
    ("command", "says"),
    [
        (["train.py", "--lr", "1e-4"], "nothing to sweep: give values as --lr '{1e-4,3e-4}'"),
        (["train.py", "--lr", "{1,}"], "'{1,}': an empty value in {1,}"),
        (["train.py", "--x={1,2}{3,4}"], "one {a,b} group per argument"),
        (["train.py", "--lr", "{0.1"], "--lr {0.1: the { is never closed; write --lr '{a,b}'"),
        (
            ["train.py", "--bs", "{32,64}", "--lr={0.1,0.2"],
            "--lr={0.1,0.2: the { is never closed; write --lr='{a,b}'",
        ),
        (["train.py", "{0.1"], "{0.1: the { is never closed; write '{a,b}'"),
        (["train.py", "--lr={1e-4,3e-4,1e-4}"], "'--lr={1e-4,3e-4,1e-4}': 1e-4 is given twice"),
        (
            ["train.py", "--seed", "{1..3,7}"],
            "'{1..3,7}': {1..3,7} mixes a range and a list" + READS,
        ),
        (
            ["train.py", "--x={a..z}"],
            "'--x={a..z}': {a..z} is not a range of whole numbers" + READS,
        ),
        (["train.py", "--lr={0.1..0.5}"], "{0.1..0.5} is not a range of whole numbers" + READS),
        (["train.py", "--seed={1..5..0}"], "'--seed={1..5..0}': {1..5..0} has a step of 0" + READS),
    ],
)
def test_a_grid_that_cannot_be_read_is_named(command: list[str], says: str) -> None:
    with pytest.raises(BadInputError) as raised:
        grid_commands(command)
    assert says in raised.value.message


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("lr = [1e-4,", "grid.toml: not valid TOML"),
        ("lr = []", "grid.toml: lr: give a list of numbers"),
        ("[lr]\nx = 1", "grid.toml: lr: give a list of numbers"),
        ("", "grid.toml: no values"),
        ("lr = [0.1, 0.2, 0.1]", "grid.toml: lr: 0.1 is given twice"),  # as '{0.1,0.1}' is
    ],
)
def test_a_grid_file_that_cannot_be_read_is_named(tmp_path: Path, text: str, says: str) -> None:
    (tmp_path / "grid.toml").write_text(text)
    with pytest.raises(BadFileError) as raised:
        read_grid(tmp_path / "grid.toml", "grid.toml")
    assert raised.value.message.startswith(says)


def test_a_waiting_run_is_lost_only_when_what_would_start_it_is_gone(store: Store) -> None:
    dead = Runner(
        host=this_runner(store.project_root, None).host,
        pid=2**22 + 7,
        boot_id=this_runner(store.project_root, None).boot_id,
    )
    orphan = queue(store, RunRequest(command=["x"], cwd=Path(".")), runner=dead, slurm=None)
    waiting = queue(
        store,
        RunRequest(command=["y"], cwd=Path(".")),
        runner=this_runner(store.project_root, None),
        slurm=None,
    )
    # On a cluster: SLURM holds it; the submitting host is nobody's business any more.
    job = queue(
        store,
        RunRequest(command=["z"], cwd=Path(".")),
        runner=None,
        slurm=SlurmJob(job="77", cluster="elsewhere"),
    )
    far = Runner(host="gpu-node-17", pid=1234)
    on_node = store.update(
        Run, job.id, lambda r: r.model_copy(update={"status": RunStatus.RUNNING, "runner": far})
    )[0]
    found = {run.id: run for run in settled_runs(store)}
    assert found[orphan.id].status == RunStatus.LOST
    assert "the credo that queued it" in found[orphan.id].note
    assert found[waiting.id].status == RunStatus.QUEUED
    assert found[job.id].status == RunStatus.RUNNING  # not `lost?`: SLURM tells its life
    assert run_state(store, on_node) == "running · SLURM job 77"


ENDED = "2026-12-02T05:01:39"


def slurm_answers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, line: str) -> None:
    """A SLURM whose squeue says `line` (and whose sbatch refuses), alone on the PATH."""
    slurm_bin = tmp_path / "slurm-bin"
    slurm_bin.mkdir()
    for name, text in (("squeue", f"echo '{line}'"), ("sbatch", "exit 1")):
        (slurm_bin / name).write_text(f"#!/bin/sh\n{text}\n")
        (slurm_bin / name).chmod(0o755)
    monkeypatch.setenv("PATH", str(slurm_bin))


@pytest.mark.parametrize(
    ("state", "reason", "status", "words"),
    [
        ("PREEMPTED", "None", RunStatus.KILLED, "preempted (PREEMPTED, signal 9)"),
        ("OUT_OF_MEMORY", "OutOfMemory", RunStatus.KILLED, "out of memory (OUT_OF_MEMORY, Out"),
        ("NODE_FAIL", "NodeDown", RunStatus.LOST, "its node failed (NODE_FAIL, NodeDown"),
    ],
)
def test_what_slurm_ended_under_a_running_run_is_written_with_its_reason(
    store: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    state: str,
    reason: str,
    status: RunStatus,
    words: str,
) -> None:
    """Ends a one-node test cluster cannot make: SLURM's answer (a squeue that says
    it, on a PATH of its own) read and written by a reader, the run's files kept."""
    queued = queue(
        store, RunRequest(command=["x"], cwd=Path(".")), runner=None, slurm=SlurmJob(job="812_3")
    )
    far = Runner(host="gpu-node-17", pid=1234)
    store.update(
        Run, queued.id, lambda r: r.model_copy(update={"status": RunStatus.RUNNING, "runner": far})
    )
    folder = store.run_folder(queued.id)
    (folder / "output.log").write_text("epoch 1\n")
    (folder / "metrics.jsonl").write_text('{"step": 1, "loss": 0.5}\n')
    slurm_answers(tmp_path, monkeypatch, f"812|812|3|{state}|{reason}|9|gpu-07|hpc|{ENDED}|")

    [ended] = settled_runs(store)
    assert ended.status == status and ended.note.startswith(f"SLURM job 812_3: {words}")
    assert ended.slurm is not None and (ended.slurm.state, ended.slurm.exit) == (state, "0:9")
    assert ended.signal == 9 and ended.ended == datetime(2026, 12, 2, 5, 1, 39, tzinfo=UTC)
    assert ended.metrics == {"loss": 0.5} and ended.output == "as far as it got: 8 bytes"
    assert store.read(Run, queued.id) == ended  # written, not only shown


@pytest.mark.parametrize(
    ("status", "words"),
    [
        (256, "ended before credo started the run on gpu-07 (FAILED, NonZeroExitCode, exit 1)"),
        (32512, "credo could not start on gpu-07 (exit 127); its Python must be on a path"),
    ],
)
def test_a_job_that_ended_before_credo_started_names_its_log(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, status: int, words: str
) -> None:
    """A job that failed on its node before credo started said `see slurm.out in the
    run's folder`, where `.credo/runs/ID/` holds only the record: the log is in the
    clone's git folder. The note names it, as the closing line of a run names its folder."""
    queued = queue(
        store, RunRequest(command=["x"], cwd=Path(".")), runner=None, slurm=SlurmJob(job="812")
    )
    line = f"812|812|N/A|FAILED|NonZeroExitCode|{status}|gpu-07|hpc|{ENDED}|"
    slurm_answers(tmp_path, monkeypatch, line)

    [ended] = settled_runs(store)
    log = store.run_folder(queued.id) / JOB_LOG
    assert ended.status == RunStatus.DID_NOT_START and words in ended.note
    assert ended.note.endswith(f"(see .git/credo/runs/{queued.id}/slurm.out)"), ended.note
    assert store.project_root / ".git" / "credo" / "runs" / queued.id / "slurm.out" == log


def test_a_jobs_state_in_words_follows_slurm_and_the_record() -> None:
    from credo.actions.lost_runs import job_words
    from credo.runs.slurm import JobView

    queued = Run(id="r001", command=["x"], status=RunStatus.QUEUED, slurm=SlurmJob(job="812_3"))
    running = queued.model_copy(update={"status": RunStatus.RUNNING})
    waits = JobView(job="812_3", state="PENDING", reason="Priority")
    runs = JobView(job="812_3", state="RUNNING", nodes="gpu-07")
    assert job_words(queued, waits) == "queued · SLURM job 812_3 (Priority)"
    assert job_words(queued, runs) == "starting on gpu-07 · SLURM job 812_3"  # not yet credo's
    assert job_words(running, runs) == "running on gpu-07 · SLURM job 812_3"
    assert job_words(running, waits) == "running · SLURM job 812_3"  # SLURM's view is older
    ending = JobView(job="812_3", state="COMPLETING", nodes="gpu-07")
    assert job_words(running, ending) == "running on gpu-07 · SLURM job 812_3 (completing)"


def test_jobs_come_in_job_order_array_indexes_as_numbers() -> None:
    from credo.actions.cluster import job_order

    names = ["7_10", "12", "7_9", "", "7_0", "7"]
    runs = [
        Run(id=f"r00{n}", command=["x"], status=RunStatus.QUEUED, slurm=SlurmJob(job=name))
        for n, name in enumerate(names)
    ]
    ordered = [run.slurm.job for run in sorted(runs, key=job_order) if run.slurm]
    assert ordered == ["7", "7_0", "7_9", "7_10", "12", ""]


def test_a_run_whose_code_moved_while_it_waited_says_so(store: Store, repo: Path) -> None:
    from credo.actions.runs import run_job
    from credo.gitlink.state import capture

    from repos import commit_file

    before = capture(repo)
    # The command reads its record as the views do while it runs, and as it stays when
    # SLURM ends the job (or credo on the node dies) before credo writes the end.
    record = "open('.credo/runs/' + os.environ['CREDO_RUN_ID'] + '/run.toml', 'rb')"
    reads = f"import os, tomllib; print(tomllib.load({record})['note'])"
    queued = queue(
        store,
        RunRequest(command=[PY, "-c", reads], cwd=repo, repo_state=before),
        runner=None,
        slurm=SlurmJob(job="90"),
    )
    after = commit_file(repo, "train.py", "lr = 3e-4\n", "a new lr while the job waited")
    said: list[str] = []
    outcome = run_job(store, queued.id, say=said.append)
    run = outcome.run
    assert run.status == RunStatus.SUCCEEDED and run.git_start is not None
    assert run.git_start.sha == after and run.git_queued is not None
    assert run.git_queued.sha == before.sha
    words = f"queued at {before.sha[:7]}, ran at {after[:7]}"  # type: ignore[index]
    assert said == [f"the code changed after the run was queued: {words}"]
    assert words in run.note
    assert (store.run_folder(run.id) / "output.log").read_text().strip() == said[0]

    again = queue(store, RunRequest(command=[PY, "-c", "pass"], cwd=repo), runner=None, slurm=None)
    assert run_job(store, again.id, say=said.append).run.git_queued is None  # same code
    with pytest.raises(CredoError) as refused:
        run_job(store, again.id, say=said.append)
    assert (
        refused.value.message
        == f"run {store.short_id(Run, again.id)} is succeeded, not queued: not started again"
    )


def test_a_run_whose_record_alone_was_committed_while_it_waited_says_nothing_moved(
    store: Store, repo: Path
) -> None:
    """A teammate submitted a job and committed `.credo/` to share it while it waited
    (`git add .credo && git commit`): the run said `the code changed after the run was
    queued: queued at 10aef74, ran at 56281d7`, where only its own record had."""
    from credo.actions.runs import run_job
    from credo.gitlink.state import capture

    from repos import git

    before = capture(repo)
    queued = queue(
        store,
        RunRequest(command=[PY, "-c", "pass"], cwd=repo, repo_state=before),
        runner=None,
        slurm=SlurmJob(job="91"),
    )
    git(repo, "add", ".credo")
    git(repo, "commit", "-q", "-m", "Share the queued run")
    said: list[str] = []
    run = run_job(store, queued.id, say=said.append).run
    assert run.status == RunStatus.SUCCEEDED and run.git_start is not None
    assert run.git_start.sha != before.sha  # it ran at the new commit, as recorded
    assert said == [] and "code changed" not in run.note


def test_a_queued_hard_run_with_no_box_is_refused_as_credo_run_refuses_one(
    store: Store, repo: Path
) -> None:
    """`credo run --hard` with no box (no --timebox, no running experiment) is refused: it
    would stop nothing; a sweep refuses it as it queues. A queued one (a record no sweep
    makes) started all the same: `run_job` had its own rule for the box. One rule
    (`run_timebox`) serves both now; the run stays queued, as for other refusals."""
    from credo.actions.runs import run_job

    request = RunRequest(command=[PY, "-c", "pass"], cwd=repo, hard=True)
    queued = queue(store, request, runner=None, slurm=SlurmJob(job="92"))
    with pytest.raises(CredoError, match="--hard goes with a timebox"):
        run_job(store, queued.id, say=print)
    assert store.read(Run, queued.id).status == RunStatus.QUEUED


def test_files_a_sweeps_earlier_runs_wrote_are_not_a_change_of_the_code(
    store: Store, repo: Path
) -> None:
    from credo.actions.runs import run_job
    from credo.gitlink.state import WRITTEN_IN_THE_RUN, capture

    queued = queue(
        store,
        RunRequest(command=[PY, "-c", "pass"], cwd=repo, repo_state=capture(repo)),
        runner=None,
        slurm=SlurmJob(job="91_1"),
    )
    # While it waited, the array's first element wrote its results into the work tree.
    (repo / "ckpt").mkdir()
    (repo / "ckpt" / "lr0.1.pt").write_bytes(b"\0weights")
    (repo / "slurm-91_0.out").write_text("epoch 1\n")
    said: list[str] = []
    run = run_job(store, queued.id, say=said.append).run
    assert said == [] and run.git_queued is None and "code changed" not in run.note
    assert run.git_start is not None and run.git_start.patch is None
    assert run.git_start.left_out == dict.fromkeys(
        ["ckpt/lr0.1.pt", "slurm-91_0.out"], WRITTEN_IN_THE_RUN
    )

    # A new file of code is a change of the code, as an edit is.
    waits = queue(
        store,
        RunRequest(command=[PY, "-c", "pass"], cwd=repo, repo_state=capture(repo)),
        runner=None,
        slurm=SlurmJob(job="92"),
    )
    (repo / "helpers.py").write_text("LR = 3e-4\n")
    assert run_job(store, waits.id, say=said.append).run.git_queued is not None
    assert len(said) == 1 and said[0].startswith("the code changed after the run was queued")


def test_a_run_whose_uncommitted_edit_changed_while_it_waited_says_where_each_is(
    store: Store, repo: Path
) -> None:
    from credo.actions.runs import run_job
    from credo.gitlink.state import capture

    from repos import commit_file

    sha = commit_file(repo, "train.py", "lr = 1e-3\n", "train")[:7]
    (repo / "train.py").write_text("lr = 3e-4\n")
    queued = queue(
        store,
        RunRequest(command=[PY, "-c", "pass"], cwd=repo, repo_state=capture(repo)),
        runner=None,
        slurm=SlurmJob(job="93"),
    )
    (repo / "train.py").write_text("lr = 1e-4\n")  # edited again, not committed
    said: list[str] = []
    run_job(store, queued.id, say=said.append)
    assert said == [
        f"the code changed after the run was queued: queued at {sha} with uncommitted "
        f"changes (queued.patch), ran at {sha} with other uncommitted changes (start.patch)"
    ]
    folder = store.run_folder(queued.id)
    assert "+lr = 1e-4" in (folder / "start.patch").read_text()
    assert "+lr = 3e-4" in (folder / "queued.patch").read_text()
