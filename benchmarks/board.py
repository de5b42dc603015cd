"""Board speed, each figure against its target (MISSED said plainly when one is missed).

Medians of alternating runs (p95 for latency), each beside a floor measured in the same run:
- process start to the first frame in a real terminal (a pty, 120x40): a bare Textual app
  that shows one Static; credo's board on an empty store and on 1,000 tasks (targets:
  <= 2.0x the bare app); on 10,000 tasks (target: <= 1.3x credo's own empty-store board);
- key-to-frame latency for 200 cursor moves and 60 moves between quadrants at 10,000
  tasks, timed from handing the key event to the driver until the first frame the
  compositor produces after the key's action has finished (headless; target p95 < 30 ms);
- peak RSS of the credo process at 10,000 tasks (target < 120 MB);
- for comparison, dooit (the Textual to-do app) showing its 0, 1,000 and 10,000 todos,
  installed from PyPI into a temporary venv (skipped, saying why, when that fails).

`--keys` measures the key-to-frame latencies alone (a minute, not ten: to compare a change).
"""

from __future__ import annotations

import asyncio
import fcntl
import gc
import os
import pty
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

from pyc import compiled

from credo.domain.models import Task
from credo.store import Store
from credo.store.files import dump_model
from credo.store.ids import new_id

QUICK = os.environ.get("CREDO_BENCH_QUICK") == "1"
"""A smoke run (tests/test_benchmarks.py): a few tasks, one run of each; its figures mean
nothing, its lines show the benchmark still works."""
TASKS = 300 if QUICK else 10_000
SOME = TASKS // 10
RUNS = 1 if QUICK else 9  # first frames swing by 15% run to run here: more runs, steadier medians
BARE_APP = """
from textual.app import App
from textual.widgets import Static
class Bare(App):
    def compose(self):
        yield Static("Eliminate")
Bare().run()
"""
DOOIT = "dooit==3.3.4"
DOOIT_FILL = """
import sys
from dooit.api.manager import manager
manager.connect(sys.argv[1])
from dooit.api import Todo, Workspace
root = Workspace._get_or_create_root()
root.save()
bench = root.add_workspace()
bench.description = "Bench"
bench.save()
for i in range(int(sys.argv[2])):
    manager.session.add(
        Todo(description=f"Todo {i}: look at raw samples", parent_workspace=bench, order_index=i)
    )
manager.commit()
"""


def fill(root: Path, count: int = TASKS) -> Store:
    store, _ = Store.init(root)
    for i in range(count):
        task = Task(
            id=new_id(),
            title=f"Task {i}: look at raw samples from domain {i % 7}",
            important=i % 2 == 0,
            urgent=i % 4 < 2,
            tags=["data"] if i % 3 == 0 else [],
            order=float(i),
        )
        (store.credo_dir / "tasks" / f"{task.id}.toml").write_bytes(dump_model(task))
    store.tasks()  # warm the load cache, as any earlier credo command would have
    return store


FRAME_TIMEOUT = 60.0
"""Seconds a process may draw nothing before first_frame gives up on it."""


class NoFrame(Exception):
    """A process drew nothing for FRAME_TIMEOUT seconds (dooit at 10,000 todos under load)."""


def first_frame(
    command: list[str],
    marker: bytes,
    cwd: Path,
    env: dict[str, str] | None = None,
    key: tuple[bytes, bytes] | None = None,
) -> tuple[float, int]:
    """Seconds from spawning `command` in a 120x40 pty until `marker` is drawn, and the
    process's peak RSS (KB) by then. `key`: (what to wait for, what to type then)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40", **(env or {})}
    start = time.perf_counter()
    child = subprocess.Popen(
        command, stdin=slave, stdout=slave, stderr=slave, cwd=cwd, env=env, start_new_session=True
    )
    os.close(slave)
    seen = b""
    try:
        while marker not in seen:
            ready, _, _ = select.select([master], [], [], FRAME_TIMEOUT)
            if not ready:
                raise NoFrame(f"no frame from {command}: {seen[-300:]!r}")
            seen += os.read(master, 65536)
            if key is not None and key[0] in seen:
                os.write(master, key[1])
                key = None
        return time.perf_counter() - start, _stop(child)
    finally:
        if child.returncode is None:
            _stop(child)
        os.close(master)


UNTIL_FIRST_FRAME = """
import os, sys
from textual.app import App
shown = App._display
def display(self, screen, renderable):
    shown(self, screen, renderable)
    if renderable is not None and type(screen).__name__ == sys.argv[1]:
        os._exit(0)  # the first frame of that screen is out: stop counting here
App._display = display
if sys.argv[2] == "bare":
    exec(sys.argv[3])
else:
    from credo.cli import main
    main(["-C", sys.argv[2]])
"""
"""Runs the bare app (`Screen`, "bare", its code) or credo's board (`BoardScreen`, a
project) until that screen's first frame is drawn."""


def frame_instructions(screen: str, what: str, cwd: Path) -> tuple[int, int]:
    """Instructions (valgrind's callgrind) from process start to the first frame of
    `screen` in a 120x40 pty, the main thread's and all threads' (Textual's driver and
    the workers run beside it): the same count on a busy machine, unlike seconds."""
    log, out = cwd / "callgrind.log", cwd / "callgrind.out"
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40"}
    command = ["valgrind", "--tool=callgrind", "--separate-threads=yes"]
    command += [f"--callgrind-out-file={out}", f"--log-file={log}"]
    command += [sys.executable, "-c", UNTIL_FIRST_FRAME, screen, what]
    child = subprocess.Popen(
        [*command, *([BARE_APP] if what == "bare" else [])],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        cwd=cwd,
        env=env,
    )
    os.close(slave)
    try:
        while child.poll() is None:  # drain the terminal until the process ends itself
            if select.select([master], [], [], 0.1)[0]:
                try:
                    os.read(master, 65536)
                except OSError:
                    break
        child.wait(timeout=600)
    finally:
        os.close(master)
    first = out.with_name(f"{out.name}-01")  # thread 1: the one the process began with
    counted = int(first.read_text().split("\ntotals: ")[1].split()[0])
    for each in cwd.glob(f"{out.name}*"):
        each.unlink()
    return counted, int(log.read_text().split("Collected : ")[1].split()[0])


def _stop(child: subprocess.Popen[bytes]) -> int:
    """End the process group; the child's peak RSS in KB."""
    os.killpg(child.pid, signal.SIGTERM)
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_maxrss


async def key_latencies(store: Store) -> tuple[list[float], list[float]]:
    from textual import events

    from credo.ui.app import CredoApp

    app = CredoApp(store, refresh_seconds=3600)
    frames: asyncio.Queue[float] = asyncio.Queue()
    display = app._display

    def timed_display(screen, renderable):  # type: ignore[no-untyped-def]
        display(screen, renderable)
        if renderable is not None:
            frames.put_nowait(time.perf_counter())

    app._display = timed_display  # type: ignore[method-assign]
    dispatch = app._dispatch_action
    handled = asyncio.Event()
    done_at = [0.0]

    async def timed_dispatch(*args, **kwargs):  # type: ignore[no-untyped-def]
        result = await dispatch(*args, **kwargs)
        done_at[0] = time.perf_counter()
        handled.set()
        return result

    app._dispatch_action = timed_dispatch  # type: ignore[method-assign]
    cursor, moves = [], []
    async with app.run_test(size=(120, 40)) as pilot:
        while not gc.get_freeze_count():  # as in use: the tasks are out of the GC's walks
            await pilot.pause(0.05)

        async def press(key: str, char: str) -> float:
            await pilot.pause()
            while not frames.empty():
                frames.get_nowait()
            handled.clear()
            event = events.Key(key, char)
            event.set_sender(app)
            start = time.perf_counter()
            app._driver.send_message(event)  # type: ignore[union-attr]
            await asyncio.wait_for(handled.wait(), 5)
            frame = await asyncio.wait_for(frames.get(), 5)
            while frame < done_at[0]:  # frames drawn before the action finished don't count
                frame = await asyncio.wait_for(frames.get(), 5)
            await pilot.pause()
            return frame - start

        for i in range(20 if QUICK else 200):
            key = "j" if (i // 50) % 2 == 0 else "k"
            cursor.append(await press(key, key))
        for i in range(
            6 if QUICK else 60
        ):  # Do, Schedule, Eliminate (Delegate asks who takes the task)
            key = "214"[i % 3]
            moves.append(await press(key, key))
    return cursor, moves


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def dooit(base: Path) -> tuple[Path, dict[str, str]] | str:
    """dooit in a venv of its own (the venv's bin folder, the environment to run it in),
    or why it cannot be."""
    venv = base / "dooit-venv"
    made = subprocess.run(
        [sys.executable, "-m", "venv", str(venv)], capture_output=True, text=True, check=False
    )
    if made.returncode != 0:
        return f"no venv: {made.stderr.strip()[-200:]}"
    pip = subprocess.run(
        [str(venv / "bin" / "pip"), "install", "-q", DOOIT],
        capture_output=True,
        text=True,
        check=False,
    )
    if pip.returncode != 0:
        return f"pip install {DOOIT} failed: {pip.stderr.strip().splitlines()[-1:]}"
    home = base / "dooit-home"
    env = {
        "HOME": str(home),
        **{f"XDG_{n}_HOME": str(home / n.lower()) for n in ("DATA", "CONFIG", "CACHE", "STATE")},
    }
    return venv / "bin", env


def verdict(value: float, target: float) -> str:
    return "met" if value <= target else "MISSED"


def print_latencies(cursor: list[float], moves: list[float]) -> None:
    for name, values in (
        (f"{len(cursor)} cursor moves", cursor),
        (f"{len(moves)} quadrant moves", moves),
    ):
        latency = [v * 1000 for v in values]
        print(
            f"  {name:<18} key-to-frame median {statistics.median(latency):6.1f} ms"
            f"   p95 {p95(latency):6.1f} ms, target < 30 ms: {verdict(p95(latency), 29.999)}"
        )


def keys_only(base: Path) -> None:
    """`--keys`: the key-to-frame latencies alone, at TASKS tasks."""
    print(f"filling a store of {TASKS:,} open tasks...")
    folder = base / f"tasks-{TASKS}"
    folder.mkdir()
    cursor, moves = asyncio.run(key_latencies(fill(folder)))
    print(f"key to frame at {TASKS:,} tasks (load {os.getloadavg()[0]:.1f})")
    print_latencies(cursor, moves)


def main() -> None:
    # Each line as it is printed, to a file too (a full run takes up to 25 minutes).
    sys.stdout.reconfigure(line_buffering=True)
    print(compiled())
    base = Path(tempfile.mkdtemp(prefix="credo-bench-board-"))
    try:
        if sys.argv[1:] == ["--keys"]:
            keys_only(base)
            return
        print(f"filling stores of 0, {SOME:,} and {TASKS:,} open tasks...")
        stores = {}
        for count in (0, SOME, TASKS):
            folder = base / f"tasks-{count}"
            folder.mkdir()
            stores[count] = fill(folder, count)
        commands = {
            "bare": [sys.executable, "-c", BARE_APP],
            **{
                count: [sys.executable, "-m", "credo", "-C", str(stores[count].project_root)]
                for count in stores
            },
        }
        # credo's parsed CSS, kept between starts (credo.ui.css_cache), here and not in the
        # user's cache; made by one start first, as any earlier start would have.
        os.environ["CREDO_CACHE_DIR"] = str(base / "cache")
        first_frame(commands[0], b"Eliminate", base)
        frames: dict[object, list[float]] = {name: [] for name in commands}
        peak_kb = 0
        for _ in range(RUNS):
            for name, command in commands.items():
                took, rss = first_frame(command, b"Eliminate", base)
                frames[name].append(took)
                if name == TASKS:
                    peak_kb = max(peak_kb, rss)
        ms = {name: statistics.median(times) * 1000 for name, times in frames.items()}
        counted = {}
        if shutil.which("valgrind") is not None and not QUICK:
            counted["bare"] = frame_instructions("Screen", "bare", base)
            for count in stores:
                counted[count] = frame_instructions(
                    "BoardScreen", str(stores[count].project_root), base
                )
        # last: its moves write task files, which the next start would read again (their
        # stamps no longer match the load cache's), not as a start after a quiet day does
        cursor, moves = asyncio.run(key_latencies(stores[TASKS]))

        print(
            f"first frame, median of {RUNS} alternating runs in a 120x40 pty "
            f"(load {os.getloadavg()[0]:.1f})"
        )
        print(f"  bare Textual app                 {ms['bare']:7.0f} ms")
        for count, floor, target, against in (
            (0, "bare", 2.0, "the bare app"),
            (SOME, "bare", 2.0, "the bare app"),
            (TASKS, 0, 1.3, "credo's empty board"),
        ):
            ratio = ms[count] / ms[floor]
            print(
                f"  credo board, {count:>6,} tasks      {ms[count]:7.0f} ms"
                f"   {ratio:.2f}x {against}, target <= {target}x: {verdict(ratio, target)}"
            )
        if counted:
            print(
                "  instructions to the first frame, the main thread's (all threads': the"
                " driver's and the workers' too; valgrind's callgrind: steady on a busy machine)"
            )
            bare = counted["bare"]
            print(
                f"  bare Textual app               {bare[0] / 1e6:7.0f} M ({bare[1] / 1e6:.0f} M)"
            )
            for count, floor, against in (
                (0, "bare", "the bare app"),
                (SOME, "bare", "the bare app"),
                (TASKS, 0, "credo's empty board"),
            ):
                thread, every = counted[count]
                print(
                    f"  credo board, {count:>6,} tasks    {thread / 1e6:7.0f} M"
                    f" ({every / 1e6:.0f} M)"
                    f"   {thread / counted[floor][0]:.2f}x {against}"
                    f" ({every / counted[floor][1]:.2f}x)"
                )
        else:
            print("  instructions: skipped (valgrind is not installed, or a smoke run)")
        print_latencies(cursor, moves)
        peak_mb = peak_kb / 1024
        print(
            f"  peak RSS at {TASKS:,} tasks         {peak_mb:7.0f} MB"
            f"   target < 120 MB: {verdict(peak_mb, 119.999)}"
        )
        compare_dooit(base)
    finally:
        shutil.rmtree(base, ignore_errors=True)


def compare_dooit(base: Path) -> None:
    """dooit showing its todos (its workspace opened with `j`, as a user does) vs the bare
    app, measured again beside it."""
    print("for comparison, dooit showing its todos (fewer runs: it is slow at 10,000):")
    found = "a quick run" if QUICK else dooit(base)
    if isinstance(found, str):
        print(f"  skipped: {found}")
        return
    folder, env = found
    bare = [sys.executable, "-c", BARE_APP]
    for count in (0, SOME, TASKS):
        database = base / f"dooit-{count}.db"
        subprocess.run(
            [str(folder / "python"), "-c", DOOIT_FILL, str(database), str(count)],
            env={**os.environ, **env},
            check=True,
            capture_output=True,
        )
        marker = b"Todo 0:" if count else b"Todos"
        runs = 3 if count == TASKS else RUNS
        theirs, ours = [], []
        try:
            for _ in range(runs):
                ours.append(first_frame(bare, b"Eliminate", base)[0])
                theirs.append(
                    first_frame(
                        [str(folder / "dooit"), "--db", str(database)],
                        marker,
                        base,
                        env,
                        key=(b"Bench", b"j"),
                    )[0]
                )
        except NoFrame:
            print(
                f"  dooit, {count:>6,} todos            no frame within {FRAME_TIMEOUT:.0f} s"
                f" (load {os.getloadavg()[0]:.1f}): not measured, nor larger counts"
            )
            return
        ratio = statistics.median(theirs) / statistics.median(ours)
        print(
            f"  dooit, {count:>6,} todos            {statistics.median(theirs) * 1000:7.0f} ms"
            f"   {ratio:.2f}x the bare app"
        )


if __name__ == "__main__":
    main()
