"""The everyday commands with 10,000 tasks, whole processes, each beside its floor.

Medians of alternating runs (each command next to its floor, turn by turn):
- `credo ls` to a pipe and to a terminal (a pty) vs the floor: a process that only
  loads the tasks as `credo ls --json` does (imports included). Targets: within 2x of
  it, and under 0.5 s;
- `credo add`, `done`, `mv`, `start` vs Taskwarrior's `task add`, `done`, `modify`,
  `start` on the same 10,000 tasks (a temporary TASKRC and TASKDATA). Target: within
  2x. Skipped, with a note, where `task` is not installed;
- TAB after `credo done ` (every open task's id and title, as bash asks) vs `credo done
  --help` (the command's imports, no store read). Target: within 2x;
- `credo --version` and `credo --help` vs `python -c "import click"` (Python's start
  and Click's import). Target: within 2x;
- beside them, for information: `credo ls --json`, and the import floor of a command
  that touches one task (Python, Click, pydantic and the Task model); and where valgrind
  is installed, the instructions `credo add`, `task add`, that floor and pydantic's own
  import execute (a count a busy machine does not skew).
"""

from __future__ import annotations

import json
import os
import pty
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from board import QUICK, TASKS, fill
from pyc import compiled

from credo.domain.models import Task

RUNS = 1 if QUICK else 9
CREDO = str(Path(sys.executable).parent / "credo")
PY = sys.executable


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    """Seconds for a whole process, its output read through a pipe."""
    start = time.perf_counter()
    subprocess.run(
        command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=True
    )
    return time.perf_counter() - start


def instructions(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> int:
    """Instructions a whole process executes (valgrind's callgrind): unlike seconds, the
    same on a loaded machine, so a floor and a peer compare without noise."""
    found = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    return int(found.split("Collected : ")[1].split()[0])


def run_in_pty(command: list[str], cwd: Path) -> float:
    """Seconds for a whole process writing to a terminal (120 columns), output drained."""
    master, slave = pty.openpty()
    import fcntl
    import struct
    import termios

    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40"}
    start = time.perf_counter()
    child = subprocess.Popen(command, cwd=cwd, env=env, stdin=slave, stdout=slave, stderr=slave)
    os.close(slave)
    try:
        while True:
            try:
                if not os.read(master, 1 << 16):
                    break
            except OSError:  # EIO: the child closed the terminal
                break
        child.wait()
    finally:
        os.close(master)
    return time.perf_counter() - start


def alternating(timers: dict[str, Callable[[int], float]], runs: int = RUNS) -> dict[str, float]:
    """Median seconds of each timer, called in turn `runs` times (with the turn number)."""
    samples: dict[str, list[float]] = {name: [] for name in timers}
    for turn in range(runs):
        for name, timer in timers.items():
            samples[name].append(timer(turn))
    return {name: statistics.median(values) for name, values in samples.items()}


def line(name: str, value: float, floor: float, target: float, floor_name: str) -> None:
    ratio = value / floor
    verdict = "met" if ratio <= target else "MISSED"
    print(
        f"  {name:<26} {value * 1000:7.0f} ms   {floor_name} {floor * 1000:6.0f} ms"
        f"   {ratio:4.2f}x, target <= {target:.1f}x: {verdict}"
    )


def taskwarrior(base: Path, tasks: int) -> tuple[dict[str, str], list[str]] | None:
    """A Taskwarrior data folder holding `tasks` pending tasks; (env, uuids) or None."""
    if shutil.which("task") is None:
        return None
    data = base / "taskdata"
    data.mkdir()
    rc = base / "taskrc"
    rc.write_text(f"data.location={data}\nconfirmation=off\nnews.version=2.6.0\n")
    env = {**os.environ, "TASKRC": str(rc), "TASKDATA": str(data)}
    uuids = [str(uuid.uuid4()) for _ in range(tasks)]
    records = [
        {
            "uuid": u,
            "status": "pending",
            "entry": "20260101T000000Z",
            "description": f"Task {i}: look at raw samples from domain {i % 7}",
            **({"tags": ["data"]} if i % 3 == 0 else {}),
        }
        for i, u in enumerate(uuids)
    ]
    dump = base / "tasks.json"
    dump.write_text(json.dumps(records))
    subprocess.run(["task", "import", str(dump)], env=env, capture_output=True, check=True)
    return env, uuids


def main() -> None:
    print(compiled())
    base = Path(tempfile.mkdtemp(prefix="credo-bench-cli-"))
    root = base / "repo"
    root.mkdir()
    try:
        subprocess.run(["git", "init", "-q"], cwd=root, check=True)
        for key, value in (("user.email", "bench@example.com"), ("user.name", "Bench")):
            subprocess.run(["git", "config", key, value], cwd=root, check=True)
        subprocess.run(
            ["git", "commit", "-q", "--allow-empty", "-m", "start"], cwd=root, check=True
        )
        print(f"filling a store with {TASKS:,} open tasks...")
        store = fill(root)
        ids = sorted(store.short_ids(Task).values())  # as people type them
        load_only = [  # credo.cli first, in both floors: as in the credo command, pydantic
            PY,  # looks for no plugins (82 M instructions, importlib.metadata's scan)
            "-c",
            "import credo.cli\nfrom credo.store import Store\n"
            "from credo.domain.models import Task\n"
            f"Store.open({str(root)!r}).load(Task)",
        ]
        floor_one = [
            PY,
            "-c",
            "import credo.cli\nimport click\nfrom credo.domain.models import Task\n"
            "Task(id='0000aaaa0000aaaa', title='x')",
        ]
        click_only = [PY, "-c", "import click"]
        load = os.getloadavg()[0]

        print(f"median of {RUNS} alternating runs, whole processes (load {load:.1f})")
        print(f"credo ls, {TASKS:,} open tasks:")
        ls = alternating(
            {
                "floor": lambda _: run(load_only, root),
                "pipe": lambda _: run([CREDO, "ls"], root),
                "terminal": lambda _: run_in_pty([CREDO, "ls"], root),
                "json": lambda _: run([CREDO, "ls", "--json"], root),
            }
        )
        for name in ("pipe", "terminal"):
            line(f"credo ls, to a {name}", ls[name], ls["floor"], 2.0, "load alone")
            verdict = "met" if ls[name] < 0.5 else "MISSED"
            print(f"  {'':<26} {'':>10}   target < 500 ms: {verdict}")
        print(f"  credo ls --json            {ls['json'] * 1000:7.0f} ms   (for information)")

        print(f"one task at a time, vs Taskwarrior {TASKS:,} pending tasks:")
        warrior = taskwarrior(base, len(ids))
        if warrior is None:
            print("  skipped: Taskwarrior (`task`) is not installed (apt-get install taskwarrior)")
        else:
            env, uuids = warrior
            # Each turn works on other tasks: done and start cannot be repeated on one.
            pairs = {
                "add": (
                    lambda i: run([CREDO, "add", f"Bench task {i} #data"], root),
                    lambda i: run(["task", "add", f"Bench task {i} +data"], root, env),
                ),
                "done": (
                    lambda i: run([CREDO, "done", ids[i]], root),
                    lambda i: run(["task", uuids[i], "done"], root, env),
                ),
                "mv": (
                    lambda i: run([CREDO, "mv", ids[100 + i], "do"], root),
                    lambda i: run(["task", uuids[100 + i], "modify", "priority:H"], root, env),
                ),
                "start": (
                    lambda i: run([CREDO, "start", ids[200 + i]], root),
                    lambda i: run(["task", uuids[200 + i], "start"], root, env),
                ),
            }
            timers: dict[str, Callable[[int], float]] = {"floor": lambda _: run(floor_one, root)}
            for name, (ours, theirs) in pairs.items():
                timers[f"credo {name}"], timers[f"task {name}"] = ours, theirs
            one = alternating(timers)
            for name in pairs:
                line(f"credo {name}", one[f"credo {name}"], one[f"task {name}"], 2.0, "task")
            print(
                f"  {'import floor':<26} {one['floor'] * 1000:7.0f} ms"
                "   (Python + Click + pydantic + the Task model, for information)"
            )
            counted = {
                "task add": (["task", "add", "Counted task +data"], env),
                "credo add": ([CREDO, "add", "Counted task #data"], None),
                "import floor": (floor_one, None),
                "import pydantic.main": ([PY, "-c", "import pydantic.main"], None),
            }
            if shutil.which("valgrind") is None or QUICK:
                print("  instructions: skipped (valgrind is not installed, or a smoke run)")
            else:
                print("  instructions (valgrind's callgrind: the same count on a busy machine):")
                for name, (command, with_env) in counted.items():
                    print(f"  {name:<26} {instructions(command, root, with_env) / 1e6:7.0f} M")

        print(f"tab completion, {TASKS:,} open tasks:")
        tab = {**os.environ, "_CREDO_COMPLETE": "bash_complete", "COMP_LINE": "credo done "}
        # what is timed is a TAB offering every open task (not, say, the command names a
        # line the script no longer hands over in that form would get)
        said = subprocess.run([CREDO], cwd=root, env=tab, capture_output=True, check=True)
        open_tasks = sum(task.is_open for task in store.tasks())
        assert said.stdout.count(b"plain,") == open_tasks, said.stdout[:200]
        completing = alternating(
            {
                "floor": lambda _: run([CREDO, "done", "--help"], root),
                "tab": lambda _: run([CREDO], root, tab),
            }
        )
        line("TAB after `credo done `", completing["tab"], completing["floor"], 2.0, "done --help")

        print("startup:")
        start = alternating(
            {
                "floor": lambda _: run(click_only, root),
                "version": lambda _: run([CREDO, "--version"], root),
                "help": lambda _: run([CREDO, "--help"], root),
            },
            RUNS * 2,
        )
        for name in ("version", "help"):
            line(f"credo --{name}", start[name], start["floor"], 2.0, "python+click")
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
