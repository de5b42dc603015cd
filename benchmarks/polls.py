"""What an idle board costs while it is left open: `git status` runs per idle minute,
and the interface thread's CPU per poll.

The board is opened on a project (a work tree of FILES tracked files) with its timers
quickened to every PERIOD seconds (the app's are every second, git's facts and the runs
every fifth), and left idle for SECONDS. Counted: the app's polls (`CredoApp.poll`:
git and the countdown's look, in one worker), `git status` runs (`state.capture`, in
that worker), and the CPU of the interface thread (`time.thread_time` on the app's
loop, the workers' CPU being theirs). The floor: the same board with its timers held
off, left as long (the countdown's clock, on a timer of its own, ticks in both: its
cost is in the floor). Medians of ROUNDS runs, the two
kinds in turns.

Run: .venv/bin/python benchmarks/polls.py
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

QUICK = os.environ.get("CREDO_BENCH_QUICK") == "1"
"""A smoke run (tests/test_benchmarks.py): a small project, one short run."""
FILES = 100 if QUICK else 5_000
PERIOD = 0.1
SECONDS = 1.0 if QUICK else 6.0
ROUNDS = 1 if QUICK else 5


def project(root: Path) -> Path:
    """A git repository with FILES tracked files in folders of 100, and credo in it."""
    from credo.store import Store

    for index in range(FILES):
        path = root / f"src/m{index // 100}/f{index}.py"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"x = {index}\n", encoding="utf-8")
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "b",
        "GIT_AUTHOR_EMAIL": "b@b",
        "GIT_COMMITTER_NAME": "b",
    }
    env["GIT_COMMITTER_EMAIL"] = "b@b"
    for args in (["init", "-q"], ["add", "."], ["commit", "-qm", "The work tree"]):
        subprocess.run(["git", *args], cwd=root, env=env, check=True)
    Store.init(root)
    return root


async def one_round(root: Path, polling: bool) -> tuple[float, int, int]:
    """The interface thread's CPU (ms) over SECONDS of an idle board, the app's polls and
    the `git status` runs meanwhile; with its timers held off unless `polling`."""
    from credo.gitlink import state
    from credo.ui.app import CredoApp

    polls = captures = 0
    capture, poll = state.capture, CredoApp.poll

    def counting(*args: Any, **kwargs: Any) -> Any:
        nonlocal captures
        captures += 1
        return capture(*args, **kwargs)

    def polled(app: CredoApp) -> None:
        nonlocal polls
        polls += 1
        poll(app)

    state.capture, CredoApp.poll = counting, polled  # type: ignore[method-assign]
    try:
        app = CredoApp(root, refresh_seconds=PERIOD if polling else 3600)
        async with app.run_test(size=(120, 40)) as pilot:
            # the first looks done (wait_for_complete raises for a look a later one
            # replaced, cancelled, which a loaded machine sees)
            while any(not worker.is_finished for worker in app.workers):
                await asyncio.sleep(0.01)
            await pilot.pause()
            await asyncio.sleep(10 * PERIOD)  # the first looks: git's files, the board's
            polls = captures = 0
            begun = time.thread_time()
            await asyncio.sleep(SECONDS)
            cpu = time.thread_time() - begun
            counted = polls, captures
    finally:
        state.capture, CredoApp.poll = capture, poll  # type: ignore[method-assign]
    return cpu * 1000, *counted


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = project(Path(folder))
        floors, rounds = [], []
        for _ in range(ROUNDS):
            floors.append(asyncio.run(one_round(root, polling=False))[0])
            rounds.append(asyncio.run(one_round(root, polling=True)))
    floor = statistics.median(floors)
    per_poll = statistics.median((cpu - floor) / polls for cpu, polls, _ in rounds)
    status = statistics.median(60 * captures / polls for _, polls, captures in rounds)
    print(
        f"An idle board on {FILES:,} tracked files, polled every {PERIOD} s for {SECONDS} s,"
        f" median of {ROUNDS} runs:"
    )
    print(f"  git status per idle minute (a poll a second)  {status:6.1f}")
    print(
        f"  interface CPU per poll (the board's timers)   {per_poll:6.2f} ms"
        f"   above the floor: {floor / SECONDS:.1f} ms a second with no poll"
    )


if __name__ == "__main__":
    sys.exit(main())
