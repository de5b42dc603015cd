"""`credo sweep` on this machine, and what `--slurm` says where SLURM is not installed.

The real console script in real repositories: every combination becomes a run of the
running experiment, at most N at once; ctrl-c stops the runs under way (recorded
interrupted) and the rest are recorded as cancelled; bad grids are named in one line.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest

from credo.actions.experiments import start_experiment
from credo.domain.models import Experiment, Run, RunStatus
from credo.store import Store
from processes import dies_soon
from toolpath import bare_path

from repos import commit_file

PY = sys.executable
CREDO = str(Path(sys.executable).parent / "credo")
Credo = Callable[..., subprocess.CompletedProcess[str]]

# Each run waits until a second one has started (or it is alone in its round), so the
# sweep can only finish by running two at once.
TRAIN = """
import os, pathlib, sys, time
from credo import log_metric
here = pathlib.Path(os.environ["SWEEP_DIR"])
(here / f"started-{os.getpid()}").touch()
while len(list(here.glob("started-*"))) < int(os.environ.get("TOGETHER", "1")):
    time.sleep(0.02)
log_metric(step=0, loss=float(sys.argv[sys.argv.index("--lr") + 1]))
print("done", sys.argv[1:], flush=True)
"""


def test_a_local_sweep_runs_every_combination_at_most_n_at_once(
    store: Store, repo: Path, credo: Credo, tmp_path: Path
) -> None:
    commit_file(repo, "train.py", TRAIN, "train")
    experiment, _ = start_experiment(store, "lr and batch interact")
    result = credo(
        repo,
        "sweep",
        "--max-parallel",
        "2",
        "--skip-gate",
        "--",
        PY,
        "train.py",
        "--lr",
        "{0.1,0.2}",
        "--batch",
        "{8,16}",
        env={"SWEEP_DIR": str(tmp_path), "TOGETHER": "2"},
    )
    assert result.returncode == 0, result.stderr
    assert "sweep of 4 runs: 4 succeeded" in result.stderr
    runs = store.runs()
    assert sorted((r.params["lr"], r.params["batch"]) for r in runs) == [
        (0.1, 8),
        (0.1, 16),
        (0.2, 8),
        (0.2, 16),
    ]
    assert {r.experiment for r in runs} == {experiment.id}
    assert all(r.queued is not None and r.started > r.queued for r in runs)
    assert sorted(r.metrics["loss"] for r in runs) == [0.1, 0.1, 0.2, 0.2]
    spans = [(r.started, r.ended) for r in runs if r.ended]
    overlaps = [sum(1 for s, e in spans if s <= start < e) for start, _ in spans]
    assert max(overlaps) == 2  # two at once, never three


def test_ctrl_c_stops_a_local_sweep_and_cancels_what_had_not_started(
    store: Store, repo: Path, tmp_path: Path
) -> None:
    commit_file(repo, "train.py", TRAIN, "train")
    start_experiment(store, "patience")
    sweep = subprocess.Popen(
        [CREDO, "sweep", "--skip-gate", "--", PY, "train.py", "--lr", "{1,2,3}"],
        cwd=repo,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "SWEEP_DIR": str(tmp_path), "TOGETHER": "99"},  # never done
    )
    deadline = time.monotonic() + 60
    while not any(r.status == RunStatus.RUNNING for r in store.runs()):
        assert time.monotonic() < deadline and sweep.poll() is None, "no run started"
        time.sleep(0.05)
    while not list(tmp_path.glob("started-*")):  # the command itself is under way
        assert time.monotonic() < deadline, "the command never started"
        time.sleep(0.05)
    sweep.send_signal(signal.SIGINT)
    _, said = sweep.communicate(timeout=60)
    assert sweep.returncode == 130, said
    statuses = sorted(r.status.value for r in store.runs())
    assert statuses == ["cancelled", "cancelled", "interrupted"]
    assert all(
        r.note == "the sweep was stopped before it started"
        for r in store.runs()
        if r.status == RunStatus.CANCELLED
    )
    assert "Traceback" not in said


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the kernel's parent-death signal")
def test_a_sweep_killed_by_sigkill_takes_its_runs_along(
    store: Store, repo: Path, tmp_path: Path
) -> None:
    """After `kill -9` of a sweep its `credo run --job` processes, and their commands,
    kept running, orphaned."""
    # each command notes its pid and its parent's: the run's `credo run --job`
    body = (
        "import os, pathlib, sys, time\n"
        "here = pathlib.Path(os.environ['SWEEP_DIR'])\n"
        "(here / f'pids-{os.getpid()}').write_text(f'{os.getpid()} {os.getppid()}')\n"
        "time.sleep(300)\n"
    )
    commit_file(repo, "long.py", body, "long")
    start_experiment(store, "patience")
    sweep = subprocess.Popen(
        [CREDO, "sweep", "--max-parallel", "2", "--skip-gate", "--", PY, "long.py", "--lr"]
        + ["{1,2}"],
        cwd=repo,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "SWEEP_DIR": str(tmp_path)},
    )
    deadline = time.monotonic() + 60
    while len(list(tmp_path.glob("pids-*"))) < 2:
        assert time.monotonic() < deadline and sweep.poll() is None, "the runs never started"
        time.sleep(0.05)
    pids = [int(pid) for path in tmp_path.glob("pids-*") for pid in path.read_text().split()]
    sweep.kill()
    sweep.wait(timeout=10)
    # each job records its run before it exits: on a loaded machine, that takes a while
    assert [pid for pid in pids if not dies_soon(pid, within=30)] == []
    runs = store.runs()
    assert [r.status for r in runs] == [RunStatus.KILLED] * 2
    assert all(r.note == "credo received SIGTERM and passed it on" for r in runs)


def test_a_sweeps_runs_have_what_is_left_of_their_experiments_timebox(
    store: Store, repo: Path, credo: Credo
) -> None:
    """`credo run` without --timebox has what is left of its experiment's, as the README
    says; a sweep's runs had no timebox at all: the first went on past its experiment's
    box without a word and was not noted as past it, and a run started once the box was
    spent did not say so."""
    # each run lasts until 4 seconds past the box's end (a run's start takes a moment)
    script = "import os, time; time.sleep(max(0, float(os.environ['BOX_ENDS']) - time.time()))\n"
    commit_file(repo, "slow.py", script, "slow")
    from datetime import UTC, datetime

    # 15 s left: room for the sweep's start on a loaded machine; started 5 s ago, so what
    # is left is under the box even as a record rounds it to the second (on a fast
    # machine the first run started 0.4 s into a fresh box and recorded "15s")
    box = timedelta(seconds=20)
    started = datetime.now(UTC) - timedelta(seconds=5)
    experiment, _ = start_experiment(store, "a short box", timebox=box, at=started)
    assert experiment.started is not None
    ends = str((experiment.started + box).timestamp() + 4)
    command = ("sweep", "--skip-gate", "--", PY, "slow.py", "--lr", "{1,2}")
    swept = credo(repo, *command, env={"BOX_ENDS": ends})
    assert swept.returncode == 0, swept.stderr
    first, second = sorted(store.runs(), key=lambda r: r.started)
    assert first.timebox is not None and first.timebox < box
    assert first.note == "ran past its timebox"
    assert "is up; the run goes on" in swept.stderr
    assert second.timebox is None  # started with the box spent: said, as credo run says it
    assert "the experiment's timebox is spent (" in swept.stderr


def test_a_sweep_started_with_its_experiments_box_spent_says_so_once(
    store: Store, repo: Path, credo: Credo
) -> None:
    """Each run of a local sweep said the experiment's box was spent, a line per run (a
    hundred for a grid of a hundred): the sweep now says it once."""
    from datetime import UTC, datetime

    started = datetime.now(UTC) - timedelta(minutes=2)
    start_experiment(store, "a spent box", timebox=timedelta(minutes=1), at=started)
    swept = credo(repo, "sweep", "--skip-gate", "--", PY, "-c", "pass", "--lr", "{1,2,3}")
    assert swept.returncode == 0, swept.stderr
    assert swept.stderr.count("the experiment's timebox is spent (") == 1, swept.stderr
    assert [r.timebox for r in store.runs()] == [None] * 3


def test_a_box_that_runs_out_as_a_sweeps_run_starts_is_said_before_that_run(
    store: Store, repo: Path
) -> None:
    """The sweep looked at the experiment's box before starting each run, and each run
    again as it started (two rules for one fact): a box that ran out in between was said
    at the next run, after the runs under way had started without it. The run that finds
    it spent says so as it starts, before its command; the first of them only, two at
    once here."""
    commit_file(repo, "quick.py", "pass\n", "quick")
    experiment, _ = start_experiment(store, "a box about to run out", timebox=timedelta(hours=1))
    assert experiment.started is not None
    earlier = experiment.started - timedelta(hours=2)
    sweep = subprocess.Popen(
        [CREDO, "sweep", "-j", "2", "--skip-gate", "--", PY, "quick.py", "--lr", "{1,2,3}"],
        cwd=repo,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert sweep.stderr is not None
    lines = []
    for line in sweep.stderr:
        lines.append(line)
        if " started: lr=1" in line:  # its credo is starting (Python, its imports): the box ends
            store.update(
                Experiment, experiment.id, lambda e: e.model_copy(update={"started": earlier})
            )
    assert sweep.wait(timeout=120) == 0, "".join(lines)
    assert [r.timebox for r in store.runs()] == [None] * 3  # each started with it spent
    spent = [i for i, line in enumerate(lines) if "the experiment's timebox is spent (" in line]
    ended = [i for i, line in enumerate(lines) if " succeeded · exit 0" in line]
    assert len(spent) == 1 and spent[0] < ended[0], "".join(lines)


def test_a_sweep_says_once_that_its_runs_logged_no_train_loss(
    store: Store, repo: Path, credo: Credo
) -> None:
    """Each run of a local sweep whose script prints its losses said "nothing to verify"
    and that printed lines are not read, two lines per run (two hundred for a grid of a
    hundred): the sweep says it once, naming its runs when not all of them; each run
    keeps its own verdict (the checks it answered)."""
    script = (
        "import sys\n"
        "from credo import log_metric\n"
        "lr = sys.argv[sys.argv.index('--lr') + 1]\n"
        "print('loss', lr)\n"
        "if lr == '3':\n"
        "    log_metric(step=0, loss=1.0)\n"
    )
    commit_file(repo, "train.py", script, "train")
    start_experiment(store, "printed losses")
    printed = credo(repo, "sweep", "--skip-gate", "--", PY, "train.py", "--lr", "{1,2}")
    assert printed.returncode == 0, printed.stderr
    lines = printed.stderr.splitlines()
    said = [i for i, line in enumerate(lines) if "nothing to verify" in line]
    assert len(said) == 1, printed.stderr
    assert lines[said[0]].startswith(
        "credo: nothing to verify: the sweep's runs logged no train loss (looked for loss,"
    )
    assert lines[said[0] - 1] == "credo: sweep of 2 runs: 2 succeeded"  # at the sweep's end
    assert printed.stderr.count("(printed lines are not read:") == 1
    assert "verdict:" not in printed.stderr  # nothing else to say of either run
    mixed = credo(repo, "sweep", "--skip-gate", "--", PY, "train.py", "--lr", "{1,2,3}")
    assert mixed.returncode == 0, mixed.stderr
    short = store.short_ids(Run)
    runs = sorted(store.runs(), key=lambda r: r.started)[2:]
    one, two, three = (short[run.id] for run in runs)
    assert mixed.stderr.count("nothing to verify") == 1, mixed.stderr
    assert f"credo: nothing to verify: runs {one}, {two} logged no train loss" in mixed.stderr
    assert mixed.stderr.count("(printed lines are not read:") == 1
    assert mixed.stderr.count("verdict: ✗ losses-logged") == 1  # run three's own verdict


def test_without_slurm_installed_slurm_says_so_in_one_line(
    store: Store, repo: Path, credo: Credo, tmp_path: Path
) -> None:
    bare = bare_path(tmp_path / "bare", "git", "sh")
    for args in (
        ["run", "--slurm", "--", PY, "train.py"],
        ["sweep", "--slurm", "--", PY, "train.py", "--lr", "{1,2}"],
    ):
        result = credo(repo, *args, env={"PATH": bare})
        assert result.returncode == 125
        assert result.stderr.splitlines() == [
            "error: SLURM is not installed here (no sbatch on PATH): submit from a login node "
            "of your cluster, or run without --slurm"
        ]
    assert store.runs() == [] and store.experiments() == []


def test_a_sweep_with_nothing_to_sweep_or_a_bad_grid_file_is_named(
    store: Store, repo: Path, credo: Credo
) -> None:
    bare = credo(repo, "sweep", "--skip-gate", "--", PY, "train.py", "--lr", "1e-4")
    assert bare.returncode == 125
    assert bare.stderr.startswith("error: nothing to sweep: give values as --lr '{1e-4,3e-4}'")
    (repo / "grid.toml").write_text("lr = [1e-4, 3e-4\n")
    broken = credo(repo, "sweep", "--grid", "grid.toml", "--skip-gate", "--", PY, "train.py")
    assert broken.returncode == 125 and broken.stderr.startswith("error: grid.toml: not valid TOML")
    missing = credo(repo, "sweep", "--grid", "no\ngrid.toml", "--skip-gate", "--", PY, "x.py")
    assert missing.stderr == "error: no\u240agrid.toml: no such file\n"  # on one line
    alone = credo(repo, "sweep", "--sbatch", "--time=5", "--", PY, "train.py", "--lr", "{1,2}")
    assert alone.returncode == 125 and "--sbatch goes with --slurm" in alone.stderr
    assert store.runs() == []


def test_values_given_as_sweep_options_are_told_to_go_in_the_command(
    store: Store, repo: Path, credo: Credo
) -> None:
    """`credo sweep --lr 0.1,0.5 -- python train.py`, as sweep tools take it, got
    Click's "No such option '--lr'", with --help, --rung and --slurm as guesses."""
    given = credo(repo, "sweep", "--lr", "0.1,0.5", "--", PY, "train.py")
    assert given.returncode == 125 and store.runs() == []  # credo's refusal: bisect skips
    assert (
        "No such option: --lr. The values to sweep go in the command, after --: "
        "credo sweep -- python train.py --lr '{A,B}'" in given.stderr
    ), given.stderr
    typo = credo(repo, "sweep", "--slrum", "--", PY, "train.py", "--lr", "{1,2}")
    assert typo.returncode == 125 and "Did you mean one of: '--rung', '--slurm'?" in typo.stderr


def test_dash_c_runs_the_command_in_its_folder_as_git_does(
    store: Store, repo: Path, tmp_path: Path, credo: Credo
) -> None:
    """`credo -C REPO run -- python where.py` ran where.py in the folder credo was started
    from (python: can't open file), and `credo -C REPO sweep --grid grid.toml` looked for
    the grid there too, while `credo -C REPO data` read its paths from REPO."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (repo / "where.py").write_text("import os\nprint(os.getcwd())\n")
    ran = credo(elsewhere, "-C", str(repo), "run", "--skip-gate", "--", PY, "where.py")
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout == f"{repo.resolve()}\n"
    (repo / "grid.toml").write_text("n = [1, 2]\n")
    sweep = ["sweep", "--grid", "grid.toml", "--skip-gate", "--", PY, "where.py"]
    swept = credo(elsewhere, "-C", str(repo), *sweep)
    assert swept.returncode == 0, swept.stderr
    assert {run.cwd for run in store.runs()} == {str(repo.resolve())}
    assert len(store.runs()) == 3


def test_a_sweep_of_one_combination_counts_it_as_one_run(
    store: Store, repo: Path, credo: Credo
) -> None:
    """A grid of one value said 'sweep of 1 runs: 1 succeeded'."""
    (repo / "grid.toml").write_text("lr = [0.1]\n")
    result = credo(repo, "sweep", "--grid", "grid.toml", "--skip-gate", "--", PY, "-c", "pass")
    assert result.returncode == 0, result.stderr
    assert "sweep of 1 run: 1 succeeded" in result.stderr


def test_each_run_started_is_named_by_the_values_swept(
    store: Store, repo: Path, credo: Credo
) -> None:
    """'run 2s5rtvx started: steps=300 sleep=0.05 seed=1' named every param of the
    command, the one value swept last among the ones every run shares."""
    start_experiment(store, "the seed does not matter")
    command = [PY, "-c", "pass", "--steps", "300", "--seed", "{1,2}"]
    result = credo(repo, "sweep", "--skip-gate", "--", *command)
    assert result.returncode == 0, result.stderr
    said = result.stderr.splitlines()
    started = sorted(line.split(" started: ")[1] for line in said if " started: " in line)
    assert started == ["seed=1", "seed=2"]


def test_a_sweep_over_its_cap_is_refused_before_anything_is_queued(
    store: Store, repo: Path, credo: Credo, tmp_path: Path
) -> None:
    """Five axes of 100 values each would have queued 10,000,000,000 runs, built in
    memory first; a sweep over 1,000 runs is refused unless --max-runs says more."""
    bare = {"PATH": bare_path(tmp_path / "bare", "git", "sh")}  # past the cap: "no SLURM"
    five = [f"--{name}={{1,2,3,4}}" for name in "abcde"]  # 4**5 = 1,024 runs
    command = ["sweep", "--slurm", "--skip-gate", "--", PY, "train.py", *five]
    refused = credo(repo, *command, env=bare)
    assert refused.returncode == 125
    assert refused.stderr == (
        "error: 5 axes make 1,024 runs; a sweep of over 1,000 runs is refused: narrow the "
        "axes (fewer values), or give --max-runs 1024 to run them all on purpose\n"
    )
    raised = credo(repo, "sweep", "--max-runs", "1024", *command[1:], env=bare)
    assert raised.stderr.startswith("error: SLURM is not installed here"), raised.stderr
    small = ["sweep", "--max-runs", "4", "--skip-gate", "--", PY, "-c", "pass", "--a", "{1,2}"]
    six = credo(repo, *small, "--b", "{1,2,3}")
    assert six.returncode == 125
    assert six.stderr.startswith("error: 2 axes make 6 runs; a sweep of over 4 runs is refused")
    assert store.runs() == [] and store.experiments() == []
    four = credo(repo, *small, "--b", "{1,2}")
    assert four.returncode == 0, four.stderr
    assert "sweep of 4 runs: 4 succeeded" in four.stderr


def test_a_range_sweeps_each_number_and_a_bad_one_is_refused(
    store: Store, repo: Path, credo: Credo
) -> None:
    """`credo sweep -- python train.py --seed='{1..5}'` ran once, with the seed `{1..5}`."""
    sweep = ["sweep", "-j", "2", "--skip-gate", "--", PY, "-c", "pass"]
    result = credo(repo, *sweep, "--seed={3..-3..3}", "--fold", "{09..10}")
    assert result.returncode == 0, result.stderr
    assert "sweep of 6 runs: 6 succeeded" in result.stderr
    assert sorted(run.command[3:] for run in store.runs()) == sorted(
        [f"--seed={seed}", "--fold", fold] for seed in ("3", "0", "-3") for fold in ("09", "10")
    )
    huge = credo(repo, *sweep, "--seed", "{1..100000000}")
    assert huge.returncode == 125
    assert huge.stderr == (
        "error: 1 axis makes 100,000,000 runs; a sweep of over 1,000 runs is refused: narrow "
        "the axes (fewer values), or give --max-runs 100000000 to run them all on purpose\n"
    )
    mixed = credo(repo, *sweep, "--seed={1..3,7}")
    assert mixed.returncode == 125
    assert mixed.stderr == (
        "error: '--seed={1..3,7}': {1..3,7} mixes a range and a list; in braces credo reads a "
        "list, {1e-4,3e-4}, or a range of whole numbers, {1..5} or {0..100..10} "
        "(first..last..step)\n"
    )
    assert len(store.runs()) == 6


VALID_LOSS_AT_3 = """
import sys
from credo import log_metric
lr = float(sys.argv[sys.argv.index("--lr") + 1])
for step in range(5):
    log_metric(step=step, loss=2.0 + lr * step)
    if lr == 3:
        log_metric(step=step, valid_loss=2.0)
"""
"""A train loss every step; a valid loss too, with `--lr 3` alone."""


def test_a_sweep_whose_every_run_failed_a_check_names_every_ack_in_one_line(
    store: Store, repo: Path, credo: Credo
) -> None:
    """A sweep whose runs all failed a check ended with `credo gate --ack -- CMD` of its
    last run's command alone: typed, it let that one command go on, and the gate still
    held the others. It names each command's, in one line that pasted lets every one go
    on (and the check once, not once a run)."""
    commit_file(repo, "train.py", VALID_LOSS_AT_3, "train")
    start_experiment(store, "no valid loss")
    swept = credo(repo, "sweep", "--skip-gate", "--", PY, "train.py", "--lr", "{1,2}")
    assert swept.returncode == 0, swept.stderr
    [first] = [line for line in swept.stderr.splitlines() if line.startswith("credo: first:")]
    assert first.startswith("credo: first: losses-logged failed, and each step"), first
    assert "the gate holds the next runs of these 2 commands at this code" in first
    acks = first.partition("or read what failed and ")[2]
    assert acks == " && ".join(f"credo gate --ack -- {PY} train.py --lr {lr}" for lr in (1, 2)), (
        first
    )
    held = credo(repo, "sweep", "--", PY, "train.py", "--lr", "{1,2}")
    assert held.returncode != 0 and "the runs of 2 commands" in held.stderr, held.stderr
    path = f"{Path(CREDO).parent}{os.pathsep}{os.environ['PATH']}"
    subprocess.run(["sh", "-c", acks], cwd=repo, env={**os.environ, "PATH": path}, check=True)
    again = credo(repo, "sweep", "--", PY, "train.py", "--lr", "{1,2}")
    assert again.returncode == 0, again.stderr


def test_a_sweep_whose_every_run_failed_a_check_names_every_command_to_run_again(
    store: Store, repo: Path, credo: Credo
) -> None:
    """A sweep whose runs all failed a check said to fix it and run it again with its
    last run's command alone (`credo run -- ... --lr 2`): `--lr 1` was left unchecked. It
    names each command's run, in one line that pasted after a fix runs every one again."""
    commit_file(repo, "train.py", VALID_LOSS_AT_3, "train")
    start_experiment(store, "no valid loss")
    swept = credo(repo, "sweep", "--skip-gate", "--", PY, "train.py", "--lr", "{1,2}")
    assert swept.returncode == 0, swept.stderr
    [first] = [line for line in swept.stderr.splitlines() if line.startswith("credo: first:")]
    again = first.partition("until you fix it and run each again (")[2].partition("), or read")[0]
    assert again == " && ".join(f"credo run -- {PY} train.py --lr {lr}" for lr in (1, 2)), first
    commit_file(repo, "train.py", VALID_LOSS_AT_3.replace("lr == 3", "lr"), "log a valid loss")
    path = f"{Path(CREDO).parent}{os.pathsep}{os.environ['PATH']}"
    subprocess.run(["sh", "-c", again], cwd=repo, env={**os.environ, "PATH": path}, check=True)
    ran = sorted(store.runs(), key=lambda run: run.started)[2:]
    assert [run.command[-1] for run in ran] == ["1", "2"]
    assert all(run.status == RunStatus.SUCCEEDED and "valid_loss" in run.metrics for run in ran)


def test_a_sweep_says_each_check_its_runs_share_once(
    store: Store, repo: Path, credo: Credo
) -> None:
    """Every run of a local sweep printed the same ✗ and ? lines under it (three long
    lines a run, three hundred for a grid of a hundred). The first run says each in
    full; a later run that got the same names them in one line, and keeps its own."""
    commit_file(repo, "train.py", VALID_LOSS_AT_3, "train")
    start_experiment(store, "shared checks")
    swept = credo(repo, "sweep", "--skip-gate", "--", PY, "train.py", "--lr", "{1,2,3}")
    assert swept.returncode == 0, swept.stderr
    short = store.short_ids(Run)
    first, second, third = (short[r.id] for r in sorted(store.runs(), key=lambda r: r.started))
    failed = "✗ losses-logged, log-every-step: train loss at 5 steps, no valid loss"
    assert swept.stderr.count(failed) == 1, swept.stderr
    assert swept.stderr.count("? seed-fixed: no seed param recorded") == 1, swept.stderr
    lines = swept.stderr.splitlines()
    after_second = next(i for i, line in enumerate(lines) if f"run {second} succeeded" in line)
    assert lines[after_second + 1] == (
        f"credo: verdict: same as run {first}: {failed.split(':')[0]}; ? loss-at-init; ? seed-fixed"
    ), swept.stderr
    after_third = next(i for i, line in enumerate(lines) if f"run {third} succeeded" in line)
    own = lines[after_third + 1 : lines.index("credo: sweep of 3 runs: 3 succeeded")]
    assert own[-1] == f"credo:   same as run {first}: ? loss-at-init; ? seed-fixed", swept.stderr
    assert not any("✗ losses-logged" in line for line in own), swept.stderr  # it logged both
