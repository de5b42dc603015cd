"""`pytest --late-workers` (tests/late_workers.py) starts thread workers late, replayably."""

from __future__ import annotations

import pytest

TINY = """
import asyncio
import time

from textual.app import App


class Tiny(App[None]):
    def on_mount(self) -> None:
        self.asked = time.monotonic()
        self.run_worker(self.work, thread=True)

    def work(self) -> None:
        self.started = time.monotonic()


def test_a_worker(late_workers):
    async def main():
        app = Tiny()
        async with app.run_test():
            await app.workers.wait_for_complete()
        return app

    app = asyncio.run(main())
    print("delays", late_workers, "started after", app.started - app.asked)
    assert all(app.started - app.asked >= delay for delay in late_workers)
"""


def delays_of(result: pytest.RunResult) -> str:
    """The delays the test printed ("delays [0.21]")."""
    return "delays" + result.stdout.str().split("delays")[1].split(" started after ")[0]


def test_late_workers_start_each_thread_worker_late_and_a_seed_replays_it(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(test_tiny=TINY)
    plugins = ("-p", "late_workers", "-p", "no:textual-snapshot", "-p", "no:asyncio")
    options = (*plugins, "-s", "--late-workers", "--late-workers-max=0.5")

    first = pytester.runpytest(*options, "--late-workers-seed=7")
    first.assert_outcomes(passed=1)
    delay = float(delays_of(first).removeprefix("delays [").removesuffix("]"))
    assert delay > 0.1  # the seed's draw: the worker started at least this late
    first.stdout.fnmatch_lines(
        ["late workers: up to 0.5 s, seed 7 (replay: --late-workers --late-workers-seed=7)"]
    )
    again = pytester.runpytest(*options, "--late-workers-seed=7")
    assert delays_of(again) == delays_of(first)
    other = pytester.runpytest(*options, "--late-workers-seed=8")
    assert delays_of(other) != delays_of(first)

    off = pytester.runpytest(*plugins, "-s")
    off.assert_outcomes(passed=1)
    assert delays_of(off) == "delays []"
    assert "late workers" not in off.stdout.str()
