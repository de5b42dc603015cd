"""A test's processes: whether they live, read from /proc (Linux), a run going, reads
in threads, and SLURM stand-ins that hold an answer."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from credo.domain.models import Run, RunStatus
from credo.store import Store

CREDO = str(Path(sys.executable).parent / "credo")


def last_line(script: str, project: Path, *args: str) -> str:
    """The last line `script` prints, run by a new Python on `project`'s folder (its
    `sys.argv[1]`, `args` after it)."""
    done = subprocess.run(
        [sys.executable, "-c", script, str(project), *args],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()[-1]


def alive(pid: int) -> bool:
    """Whether `pid` still runs (a zombie waiting for its parent does not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def dies_soon(pid: int, within: float = 5.0) -> bool:
    """Whether `pid` is gone within a few seconds: a SIGKILL is sent at once, but on a
    loaded machine the process can show as running for a moment before it exits (it
    would sleep for minutes if never killed)."""
    deadline = time.monotonic() + within
    while alive(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


@contextmanager
def a_run_going(store: Store) -> Iterator[Run]:
    """A `credo run` of a minute-long sleep in the store's project, once its run is
    recorded running; ended with ctrl-c afterwards."""
    sleep = [sys.executable, "-c", "import time; time.sleep(60)"]
    running = subprocess.Popen(
        [CREDO, "run", "--", *sleep],
        cwd=store.project_root,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while not any(r.status == RunStatus.RUNNING for r in store.runs()):
            assert time.monotonic() < deadline and running.poll() is None, "no run started"
            time.sleep(0.05)
        [run] = store.runs()
        assert run.runner is not None
        yield run
    finally:
        running.send_signal(signal.SIGINT)
        running.wait(timeout=60)


def read_in_thread(work: Callable[[], object]) -> tuple[threading.Thread, list[object]]:
    """`work` begun in a thread of its own (as an app's read worker), and what it returned
    or raised, once it has."""
    said: list[object] = []

    def reading() -> None:
        try:
            said.append(work())
        except BaseException as error:
            said.append(error)

    thread = threading.Thread(target=reading)
    thread.start()
    return thread, said


def held_pid(held: Path) -> int:
    """The pid a held stand-in (`held_git`, `held_slurm`) wrote, once it has begun."""
    deadline = time.monotonic() + 60
    while not held.exists() or not held.read_text().strip():
        assert time.monotonic() < deadline, f"{held} never appeared: the held command never began"
        time.sleep(0.02)
    return int(held.read_text())


def held_slurm(folder: Path, held: Path, waits: str, seconds: int = 600) -> Path:
    """A folder of SLURM's commands for a cluster that keeps accounts and knows no job:
    `waits` (squeue or sacct) writes its pid to `held`, then answers nothing for
    `seconds`, as a controller that does not answer. Put first on PATH."""
    folder.mkdir()
    said = {
        "sbatch": "exit 1",
        "squeue": "exit 0",
        "sacct": "exit 0",
        "scontrol": "echo 'ClusterName = test'; "
        "echo 'AccountingStorageType = accounting_storage/slurmdbd'",
    }
    said[waits] = f"echo $$ > {held}; exec sleep {seconds}"
    for name, script in said.items():
        (folder / name).write_text(f"#!/bin/sh\n{script}\n")
        (folder / name).chmod(0o755)
    return folder
