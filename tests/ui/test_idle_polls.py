"""Left open all day: a poll while nothing changed looks at no item file and starts no
git (a project of months has tens of thousands of runs, and each look stats them all)."""

from __future__ import annotations

import os
import subprocess
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from credo.domain.models import Item
from credo.gitlink import state
from credo.store import Store
from credo.ui.app import CredoApp
from credo.ui.screens.board import BoardScreen
from credo.ui.screens.experiments import ExperimentsScreen
from credo.ui.screens.runs import RunsScreen
from credo.ui.widgets.countdown import Countdown
from pilots import settle, until
from processes import CREDO
from runsets import experiment, sweep

EVERY = 10
"""`StoreFeed`'s polls between two looks for edits in place (no folder's mtime moved)."""


@pytest.fixture
def looks(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Each look at the files of a folder of items (`Store.stamps`: a stat of each file)."""
    counted: Counter[str] = Counter()
    stamps = Store.stamps

    def counting(store: Store, kind: type[Item]) -> object:
        counted[kind.folder] += 1
        return stamps(store, kind)

    monkeypatch.setattr(Store, "stamps", counting)
    return counted


async def idle_polls(pilot: Any, poll: Callable[[], object], looks: Counter[str]) -> list[int]:
    """The looks at the runs and experiments each of `EVERY` polls made, with nothing
    changed (the first poll's look is the one before it)."""
    made = []
    for _ in range(EVERY):
        looks.clear()
        poll()
        await settle(pilot)
        made.append(looks["runs"] + looks["experiments"])
    return made


async def test_the_boards_runs_poll_looks_at_no_file_while_nothing_changed(
    tmp_path: Path, looks: Counter[str]
) -> None:
    """The board settled its 20,000 runs every 5 s, a stat of each: 5% of a core idle."""
    store = sweep(tmp_path / "ptvid")
    app = CredoApp(store, refresh_seconds=3600)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
        app.screen.settle_runs()  # the first: the runs are read, their table made ready
        await settle(pilot)
        assert app.runs_ready is not None
        made = await idle_polls(pilot, app.screen.settle_runs, looks)
        assert made == [0] * (EVERY - 1) + [2]  # the look for edits in place, when due
        experiment(store, 3, "A new one")  # a file renamed in: seen at the next poll
        looks.clear()
        app.screen.settle_runs()
        await settle(pilot)
        assert looks["runs"] == 1  # the runs looked at again with it


async def test_the_experiment_logs_poll_looks_at_no_file_while_nothing_changed(
    tmp_path: Path, looks: Counter[str]
) -> None:
    """The log looked at every run and experiment each second."""
    store = sweep(tmp_path / "ptvid")
    app = CredoApp(store, refresh_seconds=3600)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("E")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ExperimentsScreen)
        assert await idle_polls(pilot, screen.poll, looks) == [0] * (EVERY - 1) + [2]


async def test_the_runs_views_poll_looks_at_no_file_while_nothing_changed(
    tmp_path: Path, looks: Counter[str]
) -> None:
    store = sweep(tmp_path / "ptvid")
    app = CredoApp(store, refresh_seconds=3600)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("r")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RunsScreen)
        assert await idle_polls(pilot, screen.poll, looks) == [0] * (EVERY - 1) + [2]


async def test_the_headers_poll_starts_git_only_when_its_files_moved_or_every_few(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The header ran `git status` each second: on a project of 30,000 files, most of
    a core's fifth, idle. Git's own files say when a commit or an add moved something;
    an edit of the work tree shows within `GIT_EVERY` polls."""
    from credo.ui.widgets.header import GIT_EVERY

    from repos import commit_file

    Store.init(repo)
    captures = []
    capture = state.capture

    def counting(*args: Any, **kwargs: Any) -> state.RepoState:
        captures.append(1)
        return capture(*args, **kwargs)

    monkeypatch.setattr(state, "capture", counting)
    app = CredoApp(repo, refresh_seconds=3600)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        made = []
        for _ in range(GIT_EVERY):
            captures.clear()
            app.poll()
            await settle(pilot)
            made.append(len(captures))
        assert made == [0] * (GIT_EVERY - 1) + [1]
        commit_file(repo, "train.py", "print(1)\n", "Add the script")
        captures.clear()
        app.poll()
        await settle(pilot)
        assert captures == [1]


async def test_the_countdowns_look_reads_no_experiment_while_nothing_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The header's countdown read every experiment (and, for each paused one, its record
    in the other worktrees) at each look, changed or not: 40 ms of a core every ten ticks
    with 500 paused. A pause in another process still shows at the next poll."""
    store = sweep(tmp_path / "ptvid")
    now = datetime.now(UTC)
    experiment(store, 3, "Warmup helps", status="running", started=now, updated=now)
    read: list[str] = []
    load = Store.load

    def counting(store: Store, kind: type[Item], stamps: object = None) -> object:
        read.append(kind.folder)
        return load(store, kind, stamps)  # type: ignore[arg-type]

    app = CredoApp(store, refresh_seconds=3600)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        countdown = app.screen.query_one(Countdown)
        assert "⏱" in str(countdown.render())
        monkeypatch.setattr(Store, "load", counting)
        for _ in range(EVERY):  # the last one looks for edits in place
            app.poll()
            await settle(pilot)
        assert "experiments" not in read
        paused = subprocess.run(
            [CREDO, "exp", "pause"], cwd=store.project_root, capture_output=True, text=True
        )
        assert paused.returncode == 0, paused.stderr
        app.poll()
        await settle(pilot)
        assert "experiments" in read
        assert "⏸" in str(countdown.render())  # at the first poll after it


async def test_an_idle_poll_starts_one_worker_for_git_and_the_countdown(
    linked: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The header and the countdown each started a worker at every poll, whose start and
    end each cost the interface thread (benchmarks/polls.py): one worker now looks at
    both, in a linked worktree too (where the countdown watches git's list of them)."""
    from textual.worker_manager import WorkerManager

    started: list[str] = []
    add = WorkerManager.add_worker

    def counting(manager: WorkerManager, worker: Any, **kwargs: Any) -> None:
        started.append(worker.name)
        add(manager, worker, **kwargs)

    app = CredoApp(linked, refresh_seconds=3600)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        monkeypatch.setattr(WorkerManager, "add_worker", counting)
        for _ in range(EVERY):
            app.poll()
            await settle(pilot)
        assert started == ["Looking at git and the timebox"] * EVERY


async def test_the_runs_poll_asks_git_who_i_am_once_not_at_each_poll(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A copy of a run waiting in another worktree of mine made each runs poll (and each
    poll of the run's own view) ask git who is at the keyboard (`git var`, a process each
    time, seconds each on a slow NFS home) to tell my worktree from another person's
    clone. The app asks once and keeps the answer, as `p` does (`CredoApp.with_me`): the
    one the git worker asked for the people's names (`CredoApp.git_user`)."""
    from credo.domain.models import Run
    from credo.runs.liveness import this_runner
    from credo.store.ids import new_id
    from credo.ui.screens.run_view import RunScreen

    from repos import git, logged_git

    for name in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL"):  # git's config says who, as at a desk
        monkeypatch.delenv(name)
    git(repo, "config", "user.name", "Ada Tester")
    git(repo, "config", "user.email", "ada@example.com")
    store, _ = Store.init(repo)
    linked = tmp_path / "second-branch"
    git(repo, "worktree", "add", "-q", str(linked), "-b", "try")
    mine_there = this_runner(linked, "ada@example.com")  # this process: alive, waiting
    run = {"id": new_id(), "command": ["python", "train.py"], "status": "running"}
    store.create(Run.model_validate({**run, "runner": mine_there.model_dump()}))
    log = tmp_path / "git.log"
    shim = logged_git(tmp_path / "shim", log)
    monkeypatch.setenv("PATH", f"{shim}{os.pathsep}{os.environ['PATH']}")
    app = CredoApp(store, refresh_seconds=3600)

    def asked() -> int:
        return sum(" var " in f" {line} " for line in log.read_text().splitlines())

    async with app.run_test(size=(120, 30)) as pilot:
        await until(pilot, lambda: app.names is not None, "the git worker's read")
        board = app.screen
        assert isinstance(board, BoardScreen)
        assert asked() == 1  # the git worker's, for the people's names
        for _ in range(4):
            board.settle_runs()
            await settle(pilot)
        assert asked() == 1
        await pilot.press("p")  # known now: asked no more
        await settle(pilot)
        opened = RunScreen(run["id"])  # the run's own view polls its facts
        await app.push_screen(opened)
        for _ in range(4):
            opened.read_facts()
            await settle(pilot)
        assert asked() == 1
