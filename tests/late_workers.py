"""`pytest --late-workers`: every Textual thread worker starts late, by a random delay up
to `--late-workers-max` seconds, as on a loaded machine (CI's two cores) where the
interface thread runs ahead of the workers. A test that reads the screen or a file before
the worker that makes it has run fails under it. Seeded: each test draws its delays from
the run's seed and its own id, so `--late-workers-seed=N` replays a failure, alone or not."""

from __future__ import annotations

import inspect
import random
import time
from collections.abc import Callable
from typing import Any

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("late workers")
    group.addoption(
        "--late-workers",
        action="store_true",
        help="start every Textual thread worker late, as on a loaded machine (off by default)",
    )
    group.addoption(
        "--late-workers-max",
        type=float,
        default=0.3,
        metavar="SECONDS",
        help="the longest delay of --late-workers (default 0.3)",
    )
    group.addoption(
        "--late-workers-seed",
        type=int,
        default=None,
        metavar="N",
        help="the seed of --late-workers' delays (default: a new one, printed)",
    )


def pytest_configure(config: pytest.Config) -> None:
    workerinput = getattr(config, "workerinput", None)  # an xdist worker: its controller's seed
    if workerinput is not None and "late_workers_seed" in workerinput:
        config.option.late_workers_seed = workerinput["late_workers_seed"]
    elif config.option.late_workers_seed is None:
        config.option.late_workers_seed = random.randrange(1_000_000)


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """Each xdist worker draws from the controller's seed (the one printed)."""
    node.workerinput["late_workers_seed"] = node.config.option.late_workers_seed


def replay(config: pytest.Config) -> str | None:
    """The line naming the run's seed, when --late-workers is on."""
    option = config.option
    if not option.late_workers:
        return None
    return (
        f"late workers: up to {option.late_workers_max} s, seed {option.late_workers_seed}"
        f" (replay: --late-workers --late-workers-seed={option.late_workers_seed})"
    )


def pytest_report_header(config: pytest.Config) -> str | None:
    return replay(config)


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    line = replay(config)
    if line is not None:
        terminalreporter.write_line(line)


@pytest.fixture(autouse=True)
def late_workers(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The delays given to the test's thread workers so far, in the order they started
    (none without --late-workers)."""
    delays: list[float] = []
    option = request.config.option
    if not option.late_workers:
        return delays
    from textual.worker import Worker

    draw = random.Random(f"{option.late_workers_seed} {request.node.nodeid}")
    run_threaded = Worker._run_threaded

    async def late(worker: Worker[Any]) -> Any:
        work = worker._work
        if callable(work) and not inspect.iscoroutinefunction(getattr(work, "func", work)):
            delay = draw.uniform(0, option.late_workers_max)
            delays.append(delay)
            worker._work = delayed(work, delay)
        return await run_threaded(worker)

    monkeypatch.setattr(Worker, "_run_threaded", late)
    return delays


def delayed(work: Callable[[], Any], delay: float) -> Callable[[], Any]:
    def after_a_while() -> Any:
        time.sleep(delay)
        return work()

    return after_a_while
