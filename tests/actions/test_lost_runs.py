"""No ghost runs: a run whose `credo run` died is marked lost by the next reader.

The real thing first (kill -9 of a `credo run` in the middle of its child's work),
then the cases a test builds by hand: a reused pid, a reboot, a run on another host
(running there, then `lost?` once it has been silent past `lost_after`), and the
report, whose Markdown and Rich say what the JSON says.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from credo.actions.experiments import start_experiment
from credo.actions.lost_runs import run_state, settled_runs
from credo.actions.report import build_report
from credo.domain.models import Run, Runner, RunStatus
from credo.runs.liveness import boot_id, gone, start_ticks, this_runner
from credo.runs.machine import host_name
from credo.store import Store
from credo.store.ids import new_id
from credo.text.report import to_json, to_markdown, to_rich
from terminal import family_states

from repos import git

PY = sys.executable
CREDO = str(Path(sys.executable).parent / "credo")

TRAIN = """
import sys, time
from credo import log_metric, log_params
log_params(lr=0.1)
for step in range(3):
    log_metric(step=step, loss=1.0 / (step + 1))
    print("step", step, flush=True)
print("waiting", flush=True)
time.sleep(120)
"""


def credo(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [CREDO, *args], cwd=repo, capture_output=True, text=True, timeout=120, check=False
    )


def _runs(pid: int, script: bytes) -> bool:
    try:
        return script in Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:  # it ended meanwhile
        return False


def waiting_run(cwd: Path, *python_args: str) -> subprocess.Popen[bytes]:
    """`credo run` of Python with `python_args` in `cwd`, once its command printed "waiting"."""
    proc = subprocess.Popen(
        [CREDO, "run", "--skip-gate", "--", PY, *python_args],
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert proc.stdout is not None
    while proc.stdout.readline() != b"waiting\n":
        pass
    return proc


def test_a_killed_credo_run_is_marked_lost_by_the_next_command(store: Store, repo: Path) -> None:
    start_experiment(store, "ghosts never stay")
    (repo / "train.py").write_text(TRAIN)
    proc = waiting_run(repo, "train.py", "--batch", "8")
    [running] = store.runs()
    assert running.status == RunStatus.RUNNING and running.runner is not None
    assert running.runner.pid == proc.pid and running.runner.host == host_name()
    # the training child (credo's question to the run's Python about its versions may
    # still be running beside it on a loaded machine)
    family = family_states(proc.pid)
    [child] = [pid for pid in family if pid != proc.pid and _runs(pid, b"train.py")]
    proc.kill()  # kill -9: no end is written
    proc.wait()
    os.killpg(child, signal.SIGKILL)  # its own group, left behind by credo's death

    shown = credo(repo, "exp", "show")
    assert shown.returncode == 0, shown.stderr
    assert "\n  lost " in shown.stdout and "\n  running " not in shown.stdout
    [lost] = store.runs()
    assert lost.status == RunStatus.LOST and lost.ended is not None
    assert lost.metrics == {"loss": pytest.approx(1 / 3)}  # up to the last line logged
    assert lost.params == {"batch": 8, "lr": 0.1}
    assert "ended without recording" in lost.note
    log = (store.run_folder(lost.id) / "output.log").read_text()
    assert "step 2\nwaiting\n" in log
    # it ended at its last sign of life: it ran that long at least (not "took 0.0s")
    [row] = [line for line in credo(repo, "runs", "ls").stdout.splitlines() if "lost" in line]
    assert " ≥" in row, row


WAIT_FOR_GO = """
import os, time
print("waiting", flush=True)
deadline = time.monotonic() + 120
while not os.path.exists("go") and time.monotonic() < deadline:
    time.sleep(0.05)
"""


def test_a_copy_of_a_run_from_another_worktree_is_never_written_lost(
    store: Store, repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run committed while it ran in a second worktree (`git worktree add`) came here
    with a merge: its copy said only 'running', and once its credo there ended (the run
    succeeded), the next reader here wrote the copy lost, a change the next merge of the
    branch met as a conflict. The copy says where the run is, then that its credo there
    ended, and is left as it came."""
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Start the board")
    linked = tmp_path / "second-branch"
    git(repo, "worktree", "add", "-q", str(linked), "-b", "try")
    proc = waiting_run(linked, "-c", WAIT_FOR_GO)
    git(linked, "add", ".credo")
    git(linked, "commit", "-q", "-m", "A run under way")
    git(repo, "merge", "-q", "try")
    [copy] = settled_runs(store)
    assert run_state(store, copy) == f"running in {linked.resolve()}"  # from afar: whole
    # from the project, the shorter way to it: the CLI's and the app's words alike
    deep = repo.joinpath(*["d"] * (len(str(linked)) // 3))  # ../ that many times: longer
    deep.mkdir(parents=True)
    for cwd, shown in [(repo, "../second-branch"), (deep, str(linked.resolve()))]:
        monkeypatch.chdir(cwd)
        assert run_state(store, copy) == f"running in {shown}"
        listed = credo(cwd, "runs", "ls")
        assert f"running in {shown}" in " ".join(listed.stdout.split()), listed.stdout
        assert f"running in {shown}" in credo(cwd, "show", copy.id).stdout
    (linked / "go").write_text("")
    assert proc.wait(timeout=120) == 0
    [copy] = settled_runs(store)
    assert copy.status == RunStatus.RUNNING  # as it came: its end is the other worktree's
    assert run_state(store, copy) == (
        f"running? (its credo in {linked.resolve()} ended: the record there says how)"
    )
    assert git(repo, "status", "--porcelain") == ""
    git(linked, "add", ".credo")
    git(linked, "commit", "-q", "-m", "The run's end")
    git(repo, "merge", "-q", "try")
    assert [run.status for run in settled_runs(store)] == [RunStatus.SUCCEEDED]


def test_a_copy_whose_worktree_is_gone_is_written_lost_as_any_other(
    store: Store, tmp_path: Path
) -> None:
    """Nobody else will settle it: its worktree went (`git worktree remove`) with the
    record its credo wrote there."""
    other = tmp_path / "second-branch"
    (other / ".credo").mkdir(parents=True)
    dead = subprocess.Popen([PY, "-c", "pass"])
    dead.wait()
    ghost = this_runner(other, None).model_copy(update={"pid": dead.pid, "start_ticks": None})
    run = record(store, ghost)
    [copy] = settled_runs(store)
    assert copy.status == RunStatus.RUNNING and run_state(store, copy).startswith("running? (")
    (other / ".credo").rmdir()
    assert [(lost.id, lost.status) for lost in settled_runs(store)] == [(run.id, "lost")]


def test_closing_here_for_a_run_that_ended_in_another_worktree_says_to_merge_its_end(
    store: Store, repo: Path, tmp_path: Path
) -> None:
    """`credo exp stop` here, for a run whose credo in a second worktree ended, said
    'Stop it first (ctrl-c where it runs)': nothing runs to stop. It says to bring the
    end here from the record there (commit it there, merge it here), or to force."""
    exp, _ = start_experiment(store, "worktrees share experiments")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Start the board")
    linked = tmp_path / "second-branch"
    git(repo, "worktree", "add", "-q", str(linked), "-b", "try")
    dead = subprocess.Popen([PY, "-c", "pass"])
    dead.wait()
    ghost = this_runner(linked, None).model_copy(update={"pid": dead.pid, "start_ticks": None})
    run = record(Store.open(linked), ghost, experiment=exp.id)
    git(linked, "add", ".credo")
    git(linked, "commit", "-q", "-m", "A run under way")
    git(repo, "merge", "-q", "try")
    stop = credo(repo, "exp", "stop", "--outcome", "confirmed", "--learning", "y")
    assert stop.returncode == 1
    said = " ".join(stop.stderr.split())
    assert "ctrl-c" not in said and "Stop it" not in said, said
    record_there = f"../second-branch/.credo/runs/{run.id}/run.toml"  # from here: shorter
    short = Store.open(repo).short_id(Run, run.id)  # as `credo runs ls` lists it
    assert (
        f"run {short} running? (its credo in ../second-branch ended: the record there "
        f"says how). Merge the end of run {short} first (commit {record_there} there if "
        "it is not yet, then merge that branch here), or close the experiment anyway with --force"
    ) in said


def record(store: Store, runner: Runner, **fields: object) -> Run:
    run = Run.model_validate(
        {
            "id": new_id(),
            "command": ["python", "train.py"],
            "status": "running",
            "runner": runner.model_dump(),
            **fields,
        }
    )
    store.create(run)
    return run


def test_same_host_pid_reused_or_rebooted_is_gone(store: Store) -> None:
    me = this_runner(store.project_root, None)
    assert gone(me) is False
    assert gone(me.model_copy(update={"start_ticks": (me.start_ticks or 0) + 1})) is True
    if boot_id():
        assert gone(me.model_copy(update={"boot_id": "another-boot"})) is True
    dead = subprocess.Popen([PY, "-c", "pass"])
    dead.wait()
    assert gone(me.model_copy(update={"pid": dead.pid, "start_ticks": None})) is True
    assert start_ticks(os.getpid()) == me.start_ticks
    assert gone(me.model_copy(update={"host": "elsewhere"})) is None


def test_a_run_on_another_host_shows_where_and_how_long_ago(store: Store) -> None:
    far = Runner(host="gpu-node-07", pid=1234)
    started = datetime.now(UTC) - timedelta(minutes=3)
    run = record(store, far, started=started)
    [seen] = settled_runs(store)
    assert seen.status == RunStatus.RUNNING  # from here, nobody can tell it died
    assert run_state(store, seen).startswith("running on gpu-node-07 (last sign 3m")
    folder = store.credo_dir / "runs" / run.id
    (folder / "output.log").write_text("step 1\n")  # a sign of life on the shared disk
    fresh = run_state(store, seen)
    assert fresh.startswith("running on gpu-node-07 (last sign") and fresh.endswith("s ago)")
    an_hour_on = datetime.now(UTC) + timedelta(hours=1, seconds=5)
    assert run_state(store, seen, at=an_hour_on) == "lost? (no sign from gpu-node-07 for 1h00m)"
    silent = record(store, far, started=started - timedelta(hours=2))
    assert run_state(store, silent) == "lost? (no sign from gpu-node-07 for 2h03m)"


def test_the_report_says_what_the_json_says(store: Store) -> None:
    exp, _ = start_experiment(store, "statuses show")
    here = this_runner(store.project_root, None)
    started = datetime.now(UTC) - timedelta(minutes=5)
    ended = started + timedelta(minutes=1)
    common = {"experiment": exp.id, "started": started, "ended": ended}
    record(store, here, status="timed_out", signal=15, **common)
    record(store, here, status="interrupted", signal=2, **common)
    record(store, here, status="failed", exit_code=3, **common)
    dead = subprocess.Popen([PY, "-c", "pass"])
    dead.wait()
    ghost = here.model_copy(update={"pid": dead.pid, "start_ticks": None})
    record(store, ghost, experiment=exp.id, started=started)
    record(store, here, status="succeeded", exit_code=0, started=started)
    report = build_report(store, started - timedelta(hours=1), datetime.now(UTC))
    data = to_json(report)
    statuses = sorted(r["status"] for r in data["runs"])
    assert statuses == ["failed", "interrupted", "lost", "timed_out"]
    assert [r["status"] for r in data["adhoc_runs"]] == ["succeeded"]
    text = to_markdown(report)
    assert "timed out (signal 15)" in text and "interrupted (signal 2)" in text  # in words
    rows = [line for line in text.splitlines() if line.startswith("| `")]
    assert "| lost |" in text and "failed (exit 3)" in text
    assert len(rows) == 5 and not any("running" in row for row in rows)
    assert "## Ad-hoc runs (1)" in text and "succeeded (exit 0)" in text
    from rich.console import Console

    console = Console(record=True, width=140)
    console.print(to_rich(report))
    rendered = console.export_text()
    assert "timed out (signal 15)" in rendered and "lost" in rendered
    assert "Ad-hoc runs (1)" in rendered
    assert json.dumps(data)  # plain data


def test_the_report_words_a_lost_runs_time_as_a_lower_bound(store: Store, repo: Path) -> None:
    exp, _ = start_experiment(store, "a lost run took this long at least")
    dead = subprocess.Popen([PY, "-c", "pass"])
    dead.wait()
    ghost = this_runner(store.project_root, None).model_copy(
        update={"pid": dead.pid, "start_ticks": None}
    )
    started = datetime.now(UTC) - timedelta(minutes=5)
    run = record(store, ghost, experiment=exp.id, started=started)
    log = store.run_folder(run.id) / "output.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_text("step 1\n")  # its last sign of life, two minutes in
    sign = (started + timedelta(minutes=2, seconds=5)).timestamp()
    os.utime(log, (sign, sign))
    shown = credo(repo, "report", "--format", "md")
    assert shown.returncode == 0, shown.stderr
    [row] = [line for line in shown.stdout.splitlines() if line.startswith(f"| `{run.id[:4]}")]
    assert "| lost | ≥2m05s |" in row, row  # as `runs ls`, the log and `show` word it
