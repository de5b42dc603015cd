"""Board speed with 10,000 open tasks.

Prints, as medians (and p95 for latency), beside a floor measured in the same run:
- process start to the first frame in a real terminal (a pty, 120x40), for credo and for
  a bare Textual app that shows one Static (target: within 1.5x the bare app), and for
  credo on an empty store: what the board costs before it reads a single task;
- key-to-frame latency for 200 cursor moves and 50 moves between quadrants, timed from
  handing the key event to the driver until the first frame the compositor produces
  after the key's action has finished (headless; target p95 < 30 ms);
- peak RSS of the credo process (target < 120 MB).
"""

from __future__ import annotations

import asyncio
import gc
import os
import pty
import resource
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

from credo.domain.models import Task
from credo.store import Store
from credo.store.files import dump_model
from credo.store.ids import new_id

TASKS = 10_000
RUNS = 5
BARE_APP = """
from textual.app import App
from textual.widgets import Static
class Bare(App):
    def compose(self):
        yield Static("Eliminate")
Bare().run()
"""


def fill(root: Path) -> Store:
    store, _ = Store.init(root)
    for i in range(TASKS):
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


def first_frame(command: list[str], marker: bytes, cwd: Path) -> float:
    """Seconds from spawning `command` in a 120x40 pty until `marker` is drawn."""
    master, slave = pty.openpty()
    termios_size = struct.pack("HHHH", 40, 120, 0, 0)
    import fcntl

    fcntl.ioctl(slave, termios.TIOCSWINSZ, termios_size)
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40"}
    start = time.perf_counter()
    child = subprocess.Popen(
        command, stdin=slave, stdout=slave, stderr=slave, cwd=cwd, env=env, start_new_session=True
    )
    os.close(slave)
    seen = b""
    try:
        while marker not in seen:
            ready, _, _ = select.select([master], [], [], 20)
            if not ready:
                raise RuntimeError(f"no frame from {command}: {seen[-300:]!r}")
            seen += os.read(master, 65536)
        return time.perf_counter() - start
    finally:
        os.killpg(child.pid, signal.SIGTERM)
        child.wait()
        os.close(master)


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

        for i in range(200):
            key = "j" if (i // 50) % 2 == 0 else "k"
            cursor.append(await press(key, key))
        for i in range(50):
            key = "2143"[i % 4]
            moves.append(await press(key, key))
    return cursor, moves


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def main() -> None:
    root = Path(tempfile.mkdtemp(prefix="credo-bench-board-"))
    try:
        print(f"filling a store with {TASKS:,} open tasks...")
        store = fill(root)
        empty = root / "empty"
        empty.mkdir()
        Store.init(empty)
        credo = [sys.executable, "-m", "credo", "-C", str(root)]
        credo_empty = [sys.executable, "-m", "credo", "-C", str(empty)]
        bare = [sys.executable, "-c", BARE_APP]
        bare_times, empty_times, credo_times = [], [], []
        for _ in range(RUNS):
            bare_times.append(first_frame(bare, b"Eliminate", root))
            empty_times.append(first_frame(credo_empty, b"Eliminate", empty))
            credo_times.append(first_frame(credo, b"Eliminate", root))
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        cursor, moves = asyncio.run(key_latencies(store))
        bare_ms, empty_ms, credo_ms = (
            statistics.median(times) * 1000 for times in (bare_times, empty_times, credo_times)
        )
        print(f"median of {RUNS} runs in a 120x40 pty")
        print(f"  bare Textual app, first frame   {bare_ms:8.0f} ms")
        print(
            f"  credo board, empty store        {empty_ms:8.0f} ms   {empty_ms / bare_ms:.2f}x bare"
        )
        print(
            f"  credo board, first frame        {credo_ms:8.0f} ms"
            f"   {credo_ms / bare_ms:.2f}x bare, target < 1.5x"
        )
        for name, values in (("200 cursor moves", cursor), ("50 quadrant moves", moves)):
            ms = [v * 1000 for v in values]
            print(
                f"  {name:<18} key-to-frame median {statistics.median(ms):6.1f} ms"
                f"   p95 {p95(ms):6.1f} ms   target p95 < 30 ms"
            )
        print(f"  peak RSS (largest child)        {peak_mb:8.0f} MB   target < 120 MB")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
