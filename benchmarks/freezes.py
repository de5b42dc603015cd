"""How long the interface stops answering, opening and using each view on a big project.

A probe (`LoopLag`) wakes every 10 ms on the app's own event loop and records how late
each wake came: a wake 300 ms late is 300 ms in which no key was answered and no frame
drawn, whatever held the loop (a draw, a handler, a worker holding the interpreter).
A pilot drives each view on a project with 10,000 tasks, 1,000 experiments, 20,000 runs
(each with a metrics file), three runs with 100 MB of output and 2,000 commits.

Prints, for each view, the median over several runs of the worst wait, beside the floor
measured in the same run: the worst wait of a bare Textual app doing nothing for as
long. Target: no wait over 100 ms in any view.

Run: .venv/bin/python benchmarks/freezes.py [--keep FOLDER] [--only VIEW] [--rounds N]
(FOLDER keeps the project between runs: it is built once, in a minute or two).
"""

from __future__ import annotations

import asyncio
import json
import math
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from board import fill as fill_tasks

from credo.domain.models import Experiment, GitState, Run
from credo.store import Store
from credo.store.files import dump_model
from credo.store.ids import new_id

QUICK = os.environ.get("CREDO_BENCH_QUICK") == "1"
"""A smoke run (tests/test_benchmarks.py): a small project, one run of each."""
TASKS, EXPERIMENTS, RUNS = (300, 30, 300) if QUICK else (10_000, 1_000, 20_000)
BIG_LOGS, LOG_BYTES = 3, (1 if QUICK else 100) * 1_000_000
POINTS = 200
"""Points in each run's metrics file (two metrics)."""
COMMITS = 100 if QUICK else 2_000
ROUNDS = 1 if QUICK else 3
TICK = 0.010
TARGET_MS = 100.0
START = datetime(2026, 6, 1, tzinfo=UTC)


class LoopLag:
    """Records how late each `TICK` wake comes on the running event loop (seconds).

    `async with LoopLag() as lag:` around what drives the app; `lag.worst()` after.
    `section(name)` starts a new part, so one probe names where the worst wait was."""

    def __init__(self, tick: float = TICK) -> None:
        self.tick = tick
        self.late: dict[str, list[float]] = {"": []}
        self._part = ""
        self._task: asyncio.Task[None] | None = None

    def section(self, name: str) -> None:
        self._part = name
        self.late.setdefault(name, [])

    async def _watch(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            due = loop.time() + self.tick
            await asyncio.sleep(self.tick)
            self.late[self._part].append(max(loop.time() - due, 0.0))

    async def __aenter__(self) -> LoopLag:
        self._task = asyncio.create_task(self._watch())
        await asyncio.sleep(0)
        return self

    async def __aexit__(self, *_: object) -> None:
        assert self._task is not None
        self._task.cancel()

    def worst(self, part: str | None = None) -> float:
        """The longest wait (ms), in one part or in all."""
        parts = [self.late[part]] if part is not None else list(self.late.values())
        return max((max(p) for p in parts if p), default=0.0) * 1000


# -- the big project ------------------------------------------------------------


def git(root: Path, *args: str, stdin: bytes | None = None) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Ada", "GIT_AUTHOR_EMAIL": "ada@example.org"}
    env |= {"GIT_COMMITTER_NAME": "Ada", "GIT_COMMITTER_EMAIL": "ada@example.org"}
    subprocess.run(["git", *args], cwd=root, env=env, input=stdin, check=True, capture_output=True)


def history(root: Path, tasks: list[str], experiments: list[str]) -> None:
    """`COMMITS` commits by `git fast-import`, one in ten naming a task or an experiment."""
    parts = []
    for i in range(COMMITS):
        message = f"Change {i} to the training loop\n"
        if i % 10 == 0:
            message += f"\nCredo-Task: {tasks[i % len(tasks)]}\n"
        elif i % 10 == 5:
            message += f"\nCredo-Experiment: {experiments[i % len(experiments)]}\n"
        data = message.encode()
        content = f"step = {i}\n".encode()
        when = int(START.timestamp()) + i * 600
        parts.append(
            b"commit refs/heads/main\n"
            + f"committer Ada <ada@example.org> {when} +0000\n".encode()
            + f"data {len(data)}\n".encode()
            + data
            + f"M 644 inline train.py\ndata {len(content)}\n".encode()
            + content
            + b"\n"
        )
    git(root, "fast-import", "--quiet", stdin=b"".join(parts))
    git(root, "reset", "--hard", "-q", "main")


def fill(root: Path) -> Store:
    """The big project: a git repository with credo's items, runs and their files."""
    root.mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    store = fill_tasks(root, TASKS)
    tasks = [task.id for task in store.tasks()]
    rng = random.Random(7)
    experiments = []
    for i in range(EXPERIMENTS):
        began = START + timedelta(hours=i)
        exp = Experiment.model_validate(
            {
                "id": new_id(),
                "hypothesis": f"Char 3-grams beat words on domain {i}",
                "timebox": "25m",
                "status": "done",
                "outcome": "refuted" if i % 3 else "confirmed",
                "learning": "It did not." if i % 2 else "",
                "started": began,
                "created": began,
                "baseline": i == 0,
            }
        )
        (store.credo_dir / "experiments" / f"{exp.id}.toml").write_bytes(dump_model(exp))
        experiments.append(exp)
    for i in range(RUNS):
        exp = experiments[i * EXPERIMENTS // RUNS]  # the newest experiments have runs too
        began = (exp.started or START) + timedelta(minutes=i % 20)
        run = Run(
            id=new_id(),
            experiment=exp.id,
            command=["python", "train.py", f"--lr={rng.choice([1e-4, 3e-4, 1e-3])}"],
            status="succeeded",
            started=began,
            ended=began + timedelta(minutes=3),
            exit_code=0,
            git_start=GitState(sha="1a2b3c4d5e6f7a8b9c0d1a2b3c4d5e6f7a8b9c0d", branch="main"),
            params={"lr": rng.choice([1e-4, 3e-4, 1e-3]), "batch": rng.choice([32, 64])},
            metrics={"loss": rng.random(), "acc": rng.random()},
            best={"loss": rng.random(), "acc": rng.random()},
            gate={"passed": True},
        )
        folder = store.credo_dir / "runs" / run.id
        folder.mkdir()
        (folder / "run.toml").write_bytes(dump_model(run))
        lines = (
            json.dumps(
                {
                    "step": s,
                    "time": began.timestamp() + s,
                    "loss": 2 / math.sqrt(s + 1),
                    "acc": 1 - 1 / (s + 2),
                }
            )
            for s in range(POINTS)
        )
        (folder / "metrics.jsonl").write_text("\n".join(lines) + "\n")
        logged = LOG_BYTES if i >= RUNS - BIG_LOGS else 2_000
        line = f"step {i} loss 0.4321 acc 0.8765 lr 3e-4 samples/s 1234.5\n"
        (folder / "output.log").write_text(line * (logged // len(line)))
    history(root, tasks, [e.id for e in experiments])
    store.load(Experiment)  # the load caches, as any earlier credo command leaves them
    store.load(Run)
    return store


# -- driving each view -------------------------------------------------------------


async def workers_done(pilot: Any) -> None:
    from textual.worker import WorkerCancelled

    try:
        await pilot.app.workers.wait_for_complete()
    except WorkerCancelled:  # an exclusive worker gave way to a newer one
        pass


async def settle(pilot: Any, seconds: float = 1.5) -> None:
    """Let the view's workers and a poll or two run, as a person looks at it."""
    await workers_done(pilot)
    await asyncio.sleep(seconds)
    await workers_done(pilot)


async def until(pilot: Any, done: Callable[[], bool], limit: float = 120.0) -> None:
    waited = 0.0
    while not done():
        await asyncio.sleep(0.05)
        waited += 0.05
        if waited > limit:
            raise RuntimeError("the view never showed what it read")
    await pilot.pause()


async def board(pilot: Any) -> None:
    await settle(pilot, 6)  # its git and runs workers come after a few seconds
    for key in ("j", "j", "l", "k", "tab"):
        await pilot.press(key)
    await settle(pilot)


async def experiment_log(pilot: Any) -> None:
    from credo.ui.screens.experiments import ExperimentsScreen

    await pilot.press("E")
    await until(pilot, lambda: getattr(pilot.app.screen, "runs_read", False))
    assert isinstance(pilot.app.screen, ExperimentsScreen)
    await settle(pilot)
    await pilot.press("4")  # the metrics tab: this run's curve and the baseline's
    for key in ("j", "j", "m", "k"):
        await pilot.press(key)
        await settle(pilot, 0.3)
    await settle(pilot)


async def runs_view(pilot: Any) -> None:
    from credo.ui.widgets.runs_table import RunsTable

    await pilot.press("r")
    await until(pilot, lambda: bool(pilot.app.screen.query(RunsTable).first().rows))
    await settle(pilot)
    await pilot.press("right", "s", "s", "slash", *"lr>1e-4", "escape")
    await settle(pilot, 2.5)  # polls


async def run_and_curves(pilot: Any) -> None:
    from credo.ui.widgets.runs_table import RunsTable

    await pilot.press("r")
    await until(pilot, lambda: bool(pilot.app.screen.query(RunsTable).first().rows))
    await pilot.press("enter")  # the newest run: 100 MB of output
    await settle(pilot)
    await pilot.press("4", "m", "e")
    await settle(pilot)
    await pilot.press("escape", "space", "space", "space", "c")
    await settle(pilot)
    await pilot.press("m", "e", "escape")
    await settle(pilot)


async def commits_view(pilot: Any) -> None:
    await pilot.press("H")
    await until(pilot, lambda: getattr(pilot.app.screen, "shown", None) is not None)
    await settle(pilot, 6)  # its poll reads again every 5 s
    await pilot.press("m")
    await settle(pilot)
    for key in ("j", "j", "L", "L"):
        await pilot.press(key)
    await settle(pilot)


async def data_view(pilot: Any) -> None:
    await pilot.press("D")
    await settle(pilot)
    await pilot.press("j", "k")
    await settle(pilot)


async def checklists(pilot: Any) -> None:
    await pilot.press("C")
    await settle(pilot)
    for key in ("j", "j", "tab", "j"):
        await pilot.press(key)
    await settle(pilot)


VIEWS: dict[str, Callable[[Any], Awaitable[None]]] = {
    "board": board,
    "experiment log": experiment_log,
    "runs view": runs_view,
    "a run and curves": run_and_curves,
    "commits view": commits_view,
    "data view": data_view,
    "checklists": checklists,
}


async def view_lag(root: Path, drive: Callable[[Any], Awaitable[None]]) -> tuple[float, float]:
    """The worst wait (ms) opening credo on `root` and driving one view, and how long
    the whole took (s)."""
    from credo.ui.app import CredoApp

    began = time.perf_counter()
    async with LoopLag() as lag:
        app = CredoApp(Store(root), refresh_seconds=1.0)
        async with app.run_test(size=(160, 50)) as pilot:
            await pilot.pause()
            lag.section("view")  # the app's start is issue 19's first frame: not counted
            await drive(pilot)
    return lag.worst("view"), time.perf_counter() - began


async def bare_lag(seconds: float) -> float:
    """The floor: the worst wait of a bare Textual app left alone as long."""
    from textual.app import App

    async with LoopLag() as lag:
        async with App().run_test(size=(160, 50)) as pilot:
            await pilot.pause()
            lag.section("view")
            await asyncio.sleep(seconds)
    return lag.worst("view")


def main() -> None:
    keep = sys.argv[sys.argv.index("--keep") + 1] if "--keep" in sys.argv else None
    only = sys.argv[sys.argv.index("--only") + 1] if "--only" in sys.argv else None
    rounds = int(sys.argv[sys.argv.index("--rounds") + 1]) if "--rounds" in sys.argv else ROUNDS
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(keep) if keep else Path(tmp) / "project"
        if not (root / ".credo").is_dir():
            began = time.perf_counter()
            fill(root)
            print(f"built the project in {time.perf_counter() - began:.0f} s")
        print(
            f"worst wait of the interface, {TASKS:,} tasks, {EXPERIMENTS:,} experiments, "
            f"{RUNS:,} runs, {BIG_LOGS} logs of {LOG_BYTES // 1_000_000} MB, {COMMITS:,} commits "
            f"(median of {rounds}; load {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores):"
        )
        for name, drive in VIEWS.items():
            if only and only != name:
                continue
            worst, floors = [], []
            for _ in range(rounds):
                lag, took = asyncio.run(view_lag(root, drive))
                worst.append(lag)
                floors.append(asyncio.run(bare_lag(min(took, 1.0 if QUICK else 10.0))))
            median = statistics.median(worst)
            verdict = "met" if median <= TARGET_MS else "MISSED"
            print(
                f"  {name:<18} {median:6.0f} ms  (each: {', '.join(f'{w:.0f}' for w in worst)};"
                f" bare app {statistics.median(floors):.0f} ms)"
                f"  target < {TARGET_MS:.0f} ms: {verdict}"
            )


if __name__ == "__main__":
    main()
