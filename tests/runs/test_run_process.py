"""Real child processes in real git repos: metrics, failure, hard timebox, signals, Ctrl+C."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import signal
import subprocess
import sys
import threading
import time
import tomllib
from datetime import timedelta
from pathlib import Path

import pytest

from credo.domain.models import Run, RunStatus, SlurmJob
from credo.runs.launch import RunRequest, cancel_queued, execute, queue
from credo.store import Store
from credo.store.ids import ShortIds
from credo.text.runs import run_lines
from processes import alive, dies_soon
from terminal import WAITS_FOR_CTRL_C, ctrl_c_a_moment_later, default_signals, on_terminal

from repos import commit_file, git

PY = sys.executable
CREDO = str(Path(sys.executable).parent / "credo")

METRICS_SCRIPT = """
import os
from credo import log_metric
print("training starts", flush=True)
for step in range(5):
    log_metric(step=step, loss=1.0 / (step + 1), acc=step / 10)
print("run dir", os.environ["CREDO_RUN_DIR"])
"""


def script(repo: Path, name: str, body: str) -> str:
    commit_file(repo, name, body, f"add {name}")
    return name


def run_toml(store: Store, run_id: str) -> dict[str, object]:
    return tomllib.loads((store.credo_dir / "runs" / run_id / "run.toml").read_text())


def go(store: Store, *command: str, **options: object) -> tuple[Run, int]:
    request = RunRequest(command=list(command), cwd=store.project_root, **options)  # type: ignore[arg-type]
    outcome = execute(store, request)
    assert outcome.saved
    return outcome.run, outcome.exit_code


def test_metrics_output_and_git_state_are_recorded(store: Store, repo: Path) -> None:
    name = script(repo, "train.py", METRICS_SCRIPT)
    head = git(repo, "rev-parse", "HEAD")
    run, code = go(store, PY, name, experiment=None)
    assert code == 0 and run.status == RunStatus.SUCCEEDED and run.exit_code == 0
    on_disk = run_toml(store, run.id)
    assert on_disk["status"] == "succeeded"
    assert on_disk["metrics"] == {"loss": pytest.approx(0.2), "acc": pytest.approx(0.4)}
    folder = store.run_folder(run.id)
    log = (folder / "output.log").read_text()
    assert "training starts" in log and f"run dir {folder}" in log
    assert len((folder / "metrics.jsonl").read_text().splitlines()) == 5
    assert run.git_start is not None and run.git_start.sha == head
    assert run.git_start.patch_status == "clean" and not run.git_start.dirty
    assert run.git_end is not None and run.git_end.sha == head
    assert run.python == sys.version.split()[0]
    assert run.output.startswith("whole")
    assert run.ended is not None and run.ended >= run.started


def test_streams_to_the_terminal_while_saving(store: Store, repo: Path, tmp_path: Path) -> None:
    sink = tmp_path / "terminal"
    with sink.open("wb") as out:
        outcome = execute(
            store,
            RunRequest(command=[PY, "-c", "print('live line')"], cwd=repo),
            out=out,
        )
    assert sink.read_text() == "live line\n"
    assert (store.run_folder(outcome.run.id) / "output.log").read_text() == "live line\n"


def test_a_terminal_slower_than_the_output_is_shown_all_of_it(store: Store, repo: Path) -> None:
    """With PYTHONUNBUFFERED set (as many ML images set it) credo's stdout is unbuffered:
    a write to a terminal slower than the output takes part of the bytes when a signal
    cuts it short (a SIGWINCH as the window is dragged, the child's SIGCHLD), and says
    how many. credo dropped the rest: lines went missing from the screen, the log had
    them. Here the terminal is a small pipe read slowly, left non-blocking (as another
    program can leave a terminal): a write takes part of the bytes, or none for now."""
    read_end, write_end = os.pipe()
    fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, 4096)
    os.set_blocking(write_end, False)
    shown = bytearray()

    def slow_terminal() -> None:
        while chunk := os.read(read_end, 1000):
            shown.extend(chunk)
            time.sleep(0.001)

    reader = threading.Thread(target=slow_terminal)
    reader.start()
    flood = "for i in range(3000): print('line', i, 'x' * 60)"
    try:
        with open(write_end, "wb", buffering=0) as out:  # what -u makes sys.stdout.buffer
            outcome = execute(store, RunRequest(command=[PY, "-c", flood], cwd=repo), out=out)
    finally:
        reader.join(timeout=60)
        os.close(read_end)
    log = (store.run_folder(outcome.run.id) / "output.log").read_bytes()
    assert log.count(b"\n") == 3000
    assert bytes(shown) == log


def test_a_ctrl_c_the_instant_the_command_ends_hurries_the_record(
    store: Store, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Between the supervisor's handlers coming down and the run's end taking ctrl-c, a
    ctrl-c raised KeyboardInterrupt (or, after a forwarded one, was ignored while credo
    waited up to 20 s for the package probe): it now hurries the record from the instant
    the command's handlers come down, and ctrl-c is as before once the run is recorded."""
    from credo.runs import launch

    supervise = launch._Supervisor.run

    def then_ctrl_c(supervisor: launch._Supervisor) -> dict[str, object]:
        result = supervise(supervisor)
        os.kill(os.getpid(), signal.SIGINT)  # typed as the command ended
        return result

    monkeypatch.setattr(launch._Supervisor, "run", then_ctrl_c)
    before = signal.getsignal(signal.SIGINT)
    run, code = go(store, PY, "-c", "print('done')")
    assert code == 0 and run.status == RunStatus.SUCCEEDED, run.note
    assert signal.getsignal(signal.SIGINT) is before


def test_failing_command_returns_its_code(store: Store, repo: Path) -> None:
    name = script(repo, "fail.py", "import sys\nprint('oops')\nsys.exit(3)\n")
    run, code = go(store, PY, name)
    assert code == 3
    assert run_toml(store, run.id)["status"] == "failed"
    assert run_toml(store, run.id)["exit_code"] == 3


def test_crashing_child_is_recorded_with_its_traceback(store: Store, repo: Path) -> None:
    name = script(repo, "crash.py", "raise RuntimeError('diverged')\n")
    run, code = go(store, PY, name)
    assert code == 1 and run.status == RunStatus.FAILED
    log = (store.run_folder(run.id) / "output.log").read_text()
    assert "RuntimeError: diverged" in log


def test_missing_command_is_a_run_that_did_not_start_not_a_traceback(
    store: Store, repo: Path
) -> None:
    run, code = go(store, "no-such-program-credo-test")
    assert code == 127
    stored = run_toml(store, run.id)
    assert stored["status"] == "did_not_start" and "cannot start" in str(stored["note"])


def test_hard_timebox_stops_a_sleeping_child(store: Store, repo: Path) -> None:
    name = script(repo, "sleepy.py", "import time\nprint('sleeping', flush=True)\ntime.sleep(60)\n")
    run, code = go(store, PY, name, timebox=timedelta(seconds=1), hard=True, grace=5.0)
    stored = run_toml(store, run.id)
    assert stored["status"] == "timed_out"
    assert stored["signal"] == signal.SIGTERM and code == 128 + signal.SIGTERM
    assert "hard timebox of 1s (SIGTERM)" in str(stored["note"])
    assert stored["hard"] is True and stored["timebox"] == "1s"


def test_a_box_from_the_experiment_ends_with_the_experiment_not_a_start_up_later(
    store: Store, repo: Path
) -> None:
    """A run's box from its experiment was what was left of it before the run started
    (`run_timebox`, then git's capture, the gate), counted from the child's start: the
    run ended a start-up after the experiment's end. What is left is asked again as the
    child starts: here 30 s were left before, 1 s is left now, and the run stops then."""
    name = script(repo, "sleepy.py", "import time\nprint('sleeping', flush=True)\ntime.sleep(60)\n")
    ends = time.monotonic() + 1  # the experiment's end

    def left() -> timedelta:
        return timedelta(seconds=ends - time.monotonic())

    run, _ = go(
        store,
        PY,
        name,
        timebox=timedelta(seconds=30),
        hard=True,
        grace=1.0,
        left_of_experiment=left,
    )
    assert run.status == RunStatus.TIMED_OUT and time.monotonic() - ends < 15
    assert run.timebox is not None and run.timebox <= timedelta(seconds=1)


def test_a_running_runs_record_holds_the_box_it_obeys(store: Store, repo: Path) -> None:
    """While a run ran, its record held the box worked out before its start (30 s here,
    `run_timebox`, then git and the gate), though the run obeyed what was left of its
    experiment's as it started (20 s): every view of the record showed a later end than
    the run's. The record holds the box it obeys from its start, counted from its start."""
    body = (
        "import os, pathlib, sys\n"
        "record = pathlib.Path(sys.argv[1], os.environ['CREDO_RUN_ID'], 'run.toml')\n"
        "pathlib.Path(sys.argv[2]).write_bytes(record.read_bytes())\n"
    )
    name = script(repo, "peek.py", body)
    seen = repo.parent / "while-running.toml"
    run, code = go(
        store,
        PY,
        name,
        str(store.credo_dir / "runs"),
        str(seen),
        timebox=timedelta(seconds=30),
        left_of_experiment=lambda: timedelta(seconds=20),
    )
    assert code == 0, run.note
    while_running = tomllib.loads(seen.read_text())
    assert while_running["status"] == "running"
    assert while_running["timebox"] == "20s"  # the run's own end: its start + 20 s
    assert run.timebox == timedelta(seconds=20)


def test_hard_timebox_kills_a_child_that_ignores_sigterm(store: Store, repo: Path) -> None:
    body = (
        "import signal, time\n"
        "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
        "print('stubborn', flush=True)\n"
        "time.sleep(60)\n"
    )
    name = script(repo, "stubborn.py", body)
    run, code = go(store, PY, name, timebox=timedelta(seconds=1), hard=True, grace=1.0)
    assert run.status == RunStatus.TIMED_OUT and run.signal == signal.SIGKILL
    assert "SIGKILL after the grace period" in run.note
    assert code == 128 + signal.SIGKILL


def test_soft_timebox_warns_and_lets_the_child_finish(store: Store, repo: Path) -> None:
    said: list[str] = []
    name = script(repo, "slow.py", "import time\ntime.sleep(1.5)\nprint('finished')\n")
    outcome = execute(
        store,
        RunRequest(command=[PY, name], cwd=repo, timebox=timedelta(seconds=0.5)),
        say=said.append,
    )
    assert outcome.run.status == RunStatus.SUCCEEDED and outcome.exit_code == 0
    assert any("timebox of 0.5s" in line or "is up" in line for line in said)
    assert "ran past its timebox" in outcome.run.note


def test_child_killed_by_a_signal(store: Store, repo: Path) -> None:
    name = script(repo, "suicide.py", "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n")
    run, code = go(store, PY, name)
    stored = run_toml(store, run.id)
    assert stored["status"] == "killed" and stored["signal"] == signal.SIGKILL
    assert stored["note"] == (
        "killed by SIGKILL, which credo did not send: the kernel's out-of-memory killer "
        "sends it (dmesg names what it killed)"
    )
    assert code == 128 + signal.SIGKILL


WORKER_THEN_DEATH = """
import multiprocessing, os, signal, sys, time
def work():
    time.sleep(120)
if __name__ == "__main__":
    multiprocessing.set_start_method("fork")  # as PyTorch's DataLoader starts its workers
    worker = multiprocessing.Process(target=work)
    worker.start()
    open(sys.argv[1], "w").write(str(worker.pid))
    print("worker up", flush=True)
    if sys.argv[2] == "exit":
        os._exit(3)  # leaves the worker running: its own choice, as without credo
    os.kill(os.getpid(), getattr(signal, sys.argv[2]))
"""


@pytest.mark.parametrize("death", ["SIGKILL", "SIGSEGV", "exit"])
def test_a_command_killed_by_a_signal_takes_its_workers_along(
    store: Store, repo: Path, tmp_path: Path, death: str
) -> None:
    """A training killed by the OOM killer (SIGKILL) or a segfault left its data-loader
    workers running after credo returned (through pipes, where no hang-up reaches them),
    holding their memory while the next run started."""
    pid_file = tmp_path / "worker.pid"
    name = script(repo, "loader.py", WORKER_THEN_DEATH)
    try:
        run, code = go(store, PY, name, str(pid_file), death)
        worker = int(pid_file.read_text())
        if death == "exit":
            assert run.status == RunStatus.FAILED and code == 3
            assert alive(worker)
        else:
            assert run.status == RunStatus.KILLED and code == 128 + getattr(signal, death)
            assert dies_soon(worker)
    finally:
        if pid_file.exists():
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(pid_file.read_text()), signal.SIGKILL)


LAUNCHER = """
import os, signal, subprocess, sys, time
rank = (  # as torchrun starts each rank: in a session of its own, out of the command's group
    "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN) if %r else None; "
    "time.sleep(120)"
) % (sys.argv[2] == "hard-timebox",)
quiet = subprocess.DEVNULL
ranks = [
    subprocess.Popen([sys.executable, "-c", rank], start_new_session=True, stdout=quiet)
    for _ in range(2)
]
open(sys.argv[1], "w").write(" ".join(str(r.pid) for r in ranks))
print("ranks up", flush=True)
if sys.argv[2] == "hard-timebox":  # it waits for its ranks, longer than credo's grace
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    time.sleep(120)
os.kill(os.getpid(), signal.SIGKILL)  # the OOM killer's choice
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the kernel's child subreaper")
@pytest.mark.parametrize("end", ["hard-timebox", "oom-killed"])
def test_a_launcher_ended_hard_takes_its_ranks_in_their_own_sessions_along(
    store: Store, repo: Path, tmp_path: Path, end: str
) -> None:
    """torchrun starts each rank in a session of its own: once the hard timebox's SIGKILL
    (or the OOM killer's) had ended torchrun, its ranks went on training after credo run
    had returned and recorded the run stopped."""
    pid_file = tmp_path / "ranks.pid"
    name = script(repo, "launcher.py", LAUNCHER)
    hard = {"timebox": timedelta(seconds=1), "hard": True, "grace": 1.0}
    try:
        run, code = go(
            store, PY, name, str(pid_file), end, **(hard if end == "hard-timebox" else {})
        )
        assert code == 128 + signal.SIGKILL
        assert run.status == (RunStatus.TIMED_OUT if end == "hard-timebox" else RunStatus.KILLED)
        ranks = [int(pid) for pid in pid_file.read_text().split()]
        assert all(dies_soon(rank) for rank in ranks)
    finally:
        for pid in pid_file.read_text().split() if pid_file.exists() else []:
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(pid), signal.SIGKILL)


def test_full_disk_while_saving_the_log_still_records_the_run(store: Store, repo: Path) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("needs /dev/full to simulate a full disk")
    run_id = "fulldisk0000aaaa"
    folder = store.credo_dir / "runs" / run_id
    folder.mkdir(parents=True)
    (folder / "output.log").symlink_to("/dev/full")
    run, code = go(store, PY, "-c", "print('x' * 1000)", run_id=run_id)
    stored = run_toml(store, run_id)
    assert code == 0 and stored["status"] == "succeeded"
    assert "No space left on device" in str(stored["output"])
    assert "No space left on device" in str(stored["note"])


def test_a_terminal_that_goes_away_does_not_stop_the_run(store: Store, repo: Path) -> None:
    """A closed terminal fails writes with EIO: the run goes on into its log. (A pipe's
    reader gone, EPIPE, closes the command's output: tests/cli/test_cli_run.py.)"""

    class Broken:
        def write(self, data: bytes) -> int:
            raise OSError(errno.EIO, os.strerror(errno.EIO))

        def flush(self) -> None:
            pass

    outcome = execute(
        store,
        RunRequest(command=[PY, "-c", "print('a'); print('b')"], cwd=repo),
        out=Broken(),  # type: ignore[arg-type]
    )
    assert outcome.run.status == RunStatus.SUCCEEDED
    assert (store.run_folder(outcome.run.id) / "output.log").read_text() == "a\nb\n"


def test_dirty_tree_patch_and_untracked_files_are_saved(store: Store, repo: Path) -> None:
    (repo / "README.md").write_text("# project\nchanged line\n")
    (repo / "notes.txt").write_text("a new file\n")
    run, _ = go(store, PY, "-c", "pass")
    assert run.git_start is not None
    assert run.git_start.dirty and run.git_start.patch_status == "whole"
    assert run.git_start.untracked == ["notes.txt"]
    patch = (store.run_folder(run.id) / "start.patch").read_text()
    assert "+changed line" in patch and "+a new file" in patch
    assert run.git_end is not None and run.git_end.patch == "start.patch"  # same diff: reused


def test_diff_changed_during_the_run_is_saved_again(store: Store, repo: Path) -> None:
    (repo / "README.md").write_text("# project\nbefore\n")
    code = "open('README.md', 'a').write('during\\n')"
    run, _ = go(store, PY, "-c", code)
    assert run.git_start is not None and run.git_end is not None
    assert run.git_end.patch == "end.patch"
    assert "+during" in (store.run_folder(run.id) / "end.patch").read_text()


def test_files_the_run_writes_stay_out_of_its_end_patch(store: Store, repo: Path) -> None:
    """end.patch copied the results and logs a run wrote into the repository (up to
    patch_limit_bytes a run), and `credo show` said the code changed while it ran."""
    (repo / "README.md").write_text("# project\nbefore\n")
    (repo / "notes.txt").write_text("there before the run\n")
    outputs = (
        "import os; os.makedirs('outputs', exist_ok=True);"
        "open('outputs/train.log', 'w').write('loss 0.5\\n');"
        "open('results.txt', 'w').write('acc 0.9\\n')"
    )
    run, _ = go(store, PY, "-c", outputs)
    assert run.git_start is not None and run.git_end is not None
    assert run.git_end.left_out == {
        "outputs/train.log": "new during the run, not code",
        "results.txt": "new during the run, not code",
    }
    assert run.git_end.diff_hash == run.git_start.diff_hash
    assert run.git_end.patch == "start.patch"  # the same code: no end.patch
    assert not any(
        "the code changed while it ran" in line for line in run_lines(run, ShortIds(), reviews={})
    )

    (repo / "outputs" / "train.log").unlink()
    (repo / "results.txt").unlink()
    code = outputs + ";open('notes.txt', 'a').write('during\\n'); open('extra.py', 'w')"
    run, _ = go(store, PY, "-c", code)
    assert run.git_end is not None and run.git_end.patch == "end.patch"
    patch = (store.run_folder(run.id) / "end.patch").read_text()
    assert "+during" in patch and "b/extra.py" in patch  # the code it ended with
    assert "loss 0.5" not in patch and "acc 0.9" not in patch
    assert sorted(run.git_end.left_out) == ["outputs/train.log", "results.txt"]


def test_big_diff_is_cut_and_says_so(store: Store, repo: Path) -> None:
    (store.credo_dir / "config.toml").write_text("patch_limit_bytes = 200\n")
    store = Store(store.project_root)
    (repo / "README.md").write_text("".join(f"line {i}\n" for i in range(200)))
    run, _ = go(store, PY, "-c", "pass")
    assert run.git_start is not None and run.git_start.patch_status == "cut"
    assert run.git_start.patch_bytes > 200
    assert len((store.run_folder(run.id) / "start.patch").read_bytes()) <= 200


def test_outside_git_the_run_is_recorded_with_linkage_off(tmp_path: Path) -> None:
    root = tmp_path / "plain"
    root.mkdir()
    store, _ = Store.init(root)
    run, code = go(store, PY, "-c", "print(1)")
    assert code == 0 and run.git_start is not None and run.git_start.patch_status == "off"


def run_until_ready(repo: Path, name: str, program: str = PY) -> subprocess.Popen[bytes]:
    """`credo run` of the script `name`, from a pipe, once its child printed `ready`.
    credo leads a process group, as a shell's job: a terminal's ctrl-c goes to it all."""
    proc = subprocess.Popen(
        [CREDO, "run", "--skip-gate", "--hypothesis", "signals", "--", program, name],
        cwd=repo,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        process_group=0,
        preexec_fn=default_signals,  # as a shell starts it, whatever the test worker ignores
    )
    assert proc.stdout is not None
    assert proc.stdout.readline() == b"ready\n"
    return proc


def test_sigint_to_credo_is_passed_to_the_child(store: Store, repo: Path) -> None:
    proc = run_until_ready(repo, script(repo, "wait.py", WAITS_FOR_CTRL_C))
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert b"child saw ctrl-c" in out
    assert proc.returncode == 128 + signal.SIGINT
    [run] = store.runs()
    assert run.status == RunStatus.INTERRUPTED and run.signal == signal.SIGINT
    assert b"interrupted" in err


@pytest.mark.parametrize("code", [1, 130])
@pytest.mark.parametrize("piped", [True, False], ids=["piped", "pty"])
def test_a_script_that_exits_with_a_code_on_ctrl_c_is_interrupted(
    store: Store, repo: Path, code: int, piped: bool
) -> None:
    """bash (and many scripts) answer ctrl-c with an exit status, 1 or 130, not by dying
    of SIGINT: the run is interrupted, not failed."""
    # short sleeps: bash runs its trap once the sleep ends, and a ctrl-c that comes as it
    # forks one is missed by that sleep (a `sleep 60` then held the run for a minute)
    body = f"trap 'echo child saw ctrl-c; exit {code}' INT\necho ready\n"
    body += "while :; do sleep 0.1; done\n"
    name = script(repo, "wait.sh", body)
    if piped:  # the terminal's ctrl-c reaches credo's whole process group
        proc = run_until_ready(repo, name, program="bash")
        os.killpg(proc.pid, signal.SIGINT)
        out, _ = proc.communicate(timeout=60)
        ended, seen = proc.returncode, out.decode()
    else:
        args = ["run", "--skip-gate", "--hypothesis", "tty", "--", "bash", name]
        ended, seen = on_terminal(repo, args, [("ready", ctrl_c_a_moment_later)])
    assert "child saw ctrl-c" in seen and ended == code
    [run] = store.runs()
    assert run.status == RunStatus.INTERRUPTED and run.exit_code == code


@pytest.mark.parametrize(
    ("sent", "seen", "note"),
    [
        (signal.SIGTERM, "SIGTERM", "credo received SIGTERM and passed it on"),
        (signal.SIGHUP, "SIGTERM", "hung up: credo sent SIGTERM to the command"),
        # ctrl-\ with credo's output piped: credo died of it, its run left to be `lost`
        (signal.SIGQUIT, "SIGQUIT", "credo received SIGQUIT and passed it on"),
    ],
)
def test_the_note_says_which_signal_the_child_was_sent(
    store: Store, repo: Path, sent: int, seen: str, note: str
) -> None:
    """After SIGHUP the note said credo "passed it on"; the child was sent SIGTERM."""
    body = (
        "import signal, sys, time\n"
        "def said(signum, frame):\n"
        "    print('child got', signal.Signals(signum).name, flush=True)\n"
        "    sys.exit(1)\n"
        "signal.signal(signal.SIGTERM, said)\n"
        "signal.signal(signal.SIGHUP, said)\n"
        "signal.signal(signal.SIGQUIT, said)\n"
        "print('ready', flush=True)\n"
        "time.sleep(60)\n"
    )
    proc = run_until_ready(repo, script(repo, "wait.py", body))
    proc.send_signal(sent)
    out, err = proc.communicate(timeout=60)
    assert f"child got {seen}".encode() in out
    [run] = store.runs()
    assert run.status == RunStatus.KILLED and run.note == note
    assert note.encode() in err


def test_closing_the_window_is_named_as_the_hang_up_that_ended_the_command(
    store: Store, repo: Path
) -> None:
    """Closing the terminal sends credo a hang-up and then, from the shell or the terminal,
    SIGTERM: the command died of the hang-up, yet the note named the last signal,
    'credo received SIGTERM and passed it on', beside signal 1."""
    body = (  # both reach the command before either ends it: it dies of the first
        "import os, signal, time\n"
        "both = {signal.SIGHUP, signal.SIGTERM}\n"
        "signal.pthread_sigmask(signal.SIG_BLOCK, both)\n"
        "os.kill(os.getppid(), signal.SIGHUP)\n"  # the parent is credo
        "os.kill(os.getppid(), signal.SIGTERM)\n"
        "time.sleep(2)\n"  # credo passes both on
        "signal.pthread_sigmask(signal.SIG_UNBLOCK, both)\n"
        "time.sleep(60)\n"
    )
    name = script(repo, "closed.py", body)
    code, screen = on_terminal(
        repo, ["run", "--skip-gate", "--hypothesis", "hang-up", "--", PY, name], []
    )
    [run] = store.runs()
    assert run.status == RunStatus.KILLED and run.signal == signal.SIGHUP, screen
    assert run.note == "hung up: credo sent SIGHUP to the command"


def test_ctrl_c_on_a_terminal_reaches_the_child(store: Store, repo: Path) -> None:
    """On a real pseudo-terminal the child's group owns the terminal: ^C goes straight to it."""

    name = script(repo, "wait_tty.py", WAITS_FOR_CTRL_C)
    code, screen = on_terminal(
        repo,
        ["run", "--skip-gate", "--hypothesis", "tty", "--", PY, name],
        [("ready", b"\x03")],
    )
    assert "child saw ctrl-c" in screen, screen
    assert code == 128 + signal.SIGINT
    [run] = store.runs()
    assert run.status == RunStatus.INTERRUPTED


@pytest.mark.parametrize(
    ("printed", "shown"),
    [
        ("epoch 3/10 [#####     ]", "epoch 3/10 [#####     ]\ncredo: run "),
        # a full-screen program (less, vim) leaves the cursor where it found it
        ("\x1b[?1049h\x1b[Hdrawn\x1b[?1049l", "drawncredo: run "),
    ],
    ids=["progress-bar", "full-screen"],
)
def test_credos_lines_start_on_a_line_of_their_own_after_an_unfinished_one(
    store: Store, repo: Path, printed: str, shown: str
) -> None:
    """A progress bar left without its newline had credo's summary glued to it
    (`epoch 3/10 [#####     ]credo: run ... succeeded`)."""
    name = script(repo, "bar.py", f"print({printed!r}, end='')\n")
    code, screen = on_terminal(
        repo, ["run", "--skip-gate", "--hypothesis", "tty", "--", PY, name], []
    )
    assert code == 0
    assert shown in screen, screen


@pytest.mark.parametrize("holds_output", [True, False])
def test_hard_timebox_kills_grandchildren_that_outlive_the_child(
    store: Store, repo: Path, tmp_path: Path, holds_output: bool
) -> None:
    """The child leaves on SIGTERM; a grandchild ignoring it is killed after the grace."""
    pid_file = tmp_path / "grandchild.pid"
    output = "None" if holds_output else "subprocess.DEVNULL"
    body = (
        "import subprocess, sys, time\n"
        "grandchild = subprocess.Popen([sys.executable, '-c', "
        "'import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
        'print("grandchild up", flush=True); time.sleep(120)\'],'
        f" stdout={output})\n"
        f"open({str(pid_file)!r}, 'w').write(str(grandchild.pid))\n"
        "print('child up', flush=True)\n"
        "time.sleep(120)\n"
    )
    name = script(repo, "family.py", body)
    started = time.monotonic()
    # the box counts from the run's start, its record written: room for two Pythons' start
    run, code = go(store, PY, name, timebox=timedelta(seconds=2), hard=True, grace=1.0)
    assert time.monotonic() - started < 30
    grandchild = int(pid_file.read_text())
    assert dies_soon(grandchild)
    assert run.status == RunStatus.TIMED_OUT and code == 128 + signal.SIGTERM


@pytest.mark.parametrize("nohup", ["", "nohup "], ids=["plain", "nohup"])
@pytest.mark.parametrize("piped", [True, False], ids=["piped", "pty"])
def test_the_run_ends_when_the_command_does_not_when_its_background_child_does(
    store: Store, repo: Path, tmp_path: Path, nohup: str, piped: bool
) -> None:
    """A child left in the background holds the command's output open: credo records the
    run as the command ends, and returns (a minute's deadline, the child sleeps five)."""
    pid_file = tmp_path / "sleeper.pid"
    line = f"{nohup}sleep 300 & echo $! > {pid_file}; echo hi"
    args = ["run", "--skip-gate", "--hypothesis", "background", "--", "sh", "-c", line]
    try:
        if piped:
            done = subprocess.run(
                [CREDO, *args], cwd=repo, capture_output=True, stdin=subprocess.DEVNULL, timeout=60
            )
            ended, seen = done.returncode, done.stdout.decode()
        else:
            ended, seen = on_terminal(repo, args, [])  # killed at its deadline: fails
        assert ended == 0 and "hi" in seen
        [run] = store.runs()
        assert run.status == RunStatus.SUCCEEDED and run.ended is not None
    finally:
        if pid_file.exists():
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(pid_file.read_text()), signal.SIGKILL)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the kernel's parent-death signal")
def test_a_killed_credo_takes_its_command_along(store: Store, repo: Path, tmp_path: Path) -> None:
    """After `kill -9` of credo its command kept running, orphaned, until the run was lost."""
    pid_file = tmp_path / "child.pid"
    body = (
        f"import os, time\nopen({str(pid_file)!r}, 'w').write(str(os.getpid()))\n"
        "print('ready', flush=True)\ntime.sleep(300)\n"
    )
    proc = run_until_ready(repo, script(repo, "long.py", body))
    proc.kill()
    proc.wait(timeout=10)
    assert dies_soon(int(pid_file.read_text()))


@pytest.mark.parametrize(
    ("prepare", "code", "words"),
    [
        ("no-shebang", 126, "no #! line naming its interpreter"),
        ("not-executable", 126, "Permission denied"),
        ("missing", 127, "No such file or directory"),  # a path, as bash says it
        ("bad-interpreter", 126, "its #! line names an interpreter that is not there"),
    ],
)
def test_a_command_that_cannot_start_gets_a_shells_code(
    store: Store, repo: Path, prepare: str, code: int, words: str
) -> None:
    target = repo / "train.sh"
    if prepare != "missing":  # a bad interpreter's was "command not found", 127
        shebang = "#!/no/such/shell\n" if prepare == "bad-interpreter" else ""
        target.write_text(f"{shebang}echo hello\n")
        target.chmod(0o644 if prepare == "not-executable" else 0o755)
    run, exit_code = go(store, str(target))
    assert exit_code == code and run.exit_code == code and run.signal is None
    assert run.status == RunStatus.DID_NOT_START and words in run.note
    log = (store.run_folder(run.id) / "output.log").read_text()
    assert words in log


def test_cancelling_a_queued_run_leaves_one_that_started_meanwhile(
    store: Store, repo: Path
) -> None:
    request = RunRequest(command=[PY, "-c", "pass"], cwd=repo)
    waiting = queue(store, request, runner=None, slurm=None)
    started = queue(store, request, runner=None, slurm=None)
    store.update(Run, started.id, lambda run: run.model_copy(update={"status": RunStatus.RUNNING}))

    # what a look at SLURM wrote after the caller read the record is kept
    store.update(Run, waiting.id, lambda run: run.model_copy(update={"slurm": SlurmJob(job="77")}))
    cancelled = cancel_queued(store, waiting.id, "stopped before it started", "credo runs cancel")
    assert store.read(Run, waiting.id) == cancelled
    assert cancelled.status == RunStatus.CANCELLED and cancelled.ended is not None
    assert cancelled.note == "stopped before it started"
    assert cancelled.slurm == SlurmJob(job="77", state="CANCELLED", reason="credo runs cancel")
    left = cancel_queued(store, started.id, "stopped before it started")
    assert left.status == RunStatus.RUNNING and left.note == "" and left.ended is None
    assert store.read(Run, started.id) == left
