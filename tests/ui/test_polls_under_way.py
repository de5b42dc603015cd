"""A poll starts no read while the last one of its kind is under way (`under_way` in
credo.ui.workers): a read that outlasts the poll's period (a first index of a fork's
150,000 commits, a slow NFS home, a loaded machine) had each poll begin another beside
it (a cancelled thread worker runs on), and quitting waited for them all. Once the slow
read ends, the next poll reads again: a change made meanwhile shows."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from boards import TODAY, make_task
from textual.app import App

from credo.domain.models import Experiment, Run, Task
from credo.gitlink import state
from credo.store import Store
from credo.ui.app import CredoApp
from credo.ui.screens.board import BoardScreen
from credo.ui.screens.commits import CommitsScreen
from credo.ui.screens.experiments import ExperimentsScreen
from credo.ui.screens.runs import RunsScreen
from credo.ui.workers import credo_work, under_way
from pilots import Held, screen_text, settle, until
from runsets import experiment, one_queued_one_running, run, sweep

from repos import commit_file


class SlowApp(App[None]):
    reads = 0
    go = threading.Event()

    @credo_work("Reading slowly", group="slow", exclusive=True)
    def read(self) -> None:
        self.reads += 1
        self.go.wait(30)

    @credo_work("Reading something else", group="other", exclusive=True)
    def other(self) -> None:
        pass


def held_loads(monkeypatch: pytest.MonkeyPatch, kind: type) -> Held:
    """`Store.load` of `kind` made slow on purpose (other kinds load as ever)."""
    load = Store.load
    held = Held(load)

    def loading(store: Store, asked: type, stamps: object = None) -> object:
        return (held if asked is kind else load)(store, asked, stamps)

    monkeypatch.setattr(Store, "load", loading)
    return held


async def reads_begun(
    pilot: Any, held: Held, poll: Callable[[], object], meanwhile: Callable[[], object], polls: int
) -> int:
    """How many reads `poll` began: once to begin one that `held` holds, then `polls`
    times more while it holds, after `meanwhile` changed what it reads. The read is then
    let go and the screen settles."""
    held.hold()
    try:
        poll()
        await until(pilot, lambda: held.started == 1, "the slow read begun")
        meanwhile()
        for _ in range(polls):
            poll()
            await pilot.pause()
        begun = held.started
    finally:
        held.release()
    await settle(pilot)
    return begun


async def test_a_read_is_under_way_until_its_thread_ends_cancelled_or_not() -> None:
    """Textual says a cancelled thread worker is finished at once, while its thread runs
    on: only the thread's end ends the read."""
    app = SlowApp()
    async with app.run_test() as pilot:
        try:
            assert not under_way(app.read)
            worker = app.read()
            assert under_way(app.read)  # at once, before its thread begins
            await until(pilot, lambda: app.reads == 1, "the read begun")
            assert not under_way(app.other)  # another kind of read
            worker.cancel()
            await until(pilot, lambda: worker.is_finished, "Textual's cancel")
            assert under_way(app.read)  # its thread runs on
        finally:
            app.go.set()
        await until(pilot, lambda: not under_way(app.read), "the thread's end")


async def test_the_boards_task_poll_starts_no_read_while_one_is_under_way(
    board_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a slow disk, each poll (every other one looks for edits in place) began another
    read of every task file beside the one under way."""
    held = held_loads(monkeypatch, Task)
    app = CredoApp(board_store, today=TODAY, refresh_seconds=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BoardScreen)
        make_task(board_store, 8, "Written by a teammate")
        written = functools.partial(make_task, board_store, 9, "Written while the board read")
        assert await reads_begun(pilot, held, screen.poll_store, written, polls=4) == 1
        text = screen_text(app)
        assert "Written by a teammate" in text
        assert "Written while the board read" not in text  # after the slow read's look
        screen.poll_store()  # the read is over: the next poll reads again
        await settle(pilot)
        assert "Written while the board read" in screen_text(app)


async def test_the_boards_git_poll_starts_no_read_while_one_is_under_way(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first index of a fork's 150,000 commits outlasted the 5 s poll, and each poll
    meanwhile began another read of git beside it (a cancelled thread worker runs on):
    four walks of the history at once, each closing commit placed by each."""
    from credo import actions
    from credo.actions import gitsync

    store, _ = Store.init(repo)
    task, _ = actions.add_task(store, "Fix leakage between train and valid")
    held = Held(gitsync.git_facts)
    monkeypatch.setattr(gitsync, "git_facts", held)
    app = CredoApp(repo, today=TODAY, refresh_seconds=3600)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BoardScreen)
        closing = functools.partial(
            commit_file, repo, "split.py", "dedupe()\n", f"Dedupe the splits, closes {task.id[:6]}"
        )
        assert await reads_begun(pilot, held, screen.poll_git, closing, polls=3) == 1
        screen.poll_git()  # the read is over: the next poll reads again
        await settle(pilot)
        assert store.read(Task, task.id).status == "done"
        assert "Fix leakage between train and valid" not in screen_text(app)  # done: gone


async def test_the_headers_git_poll_starts_no_read_while_one_is_under_way(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`git status` on a slow NFS home outlasted the header's 1 s poll; a commit meanwhile
    (git's files moved) had the next poll begin another beside it, and so on."""
    Store.init(repo)
    held = Held(state.capture)
    monkeypatch.setattr(state, "capture", held)
    app = CredoApp(repo, refresh_seconds=3600)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        commit_file(repo, "train.py", "print(1)\n", "Add the script")
        shas: list[str] = []

        def commit() -> None:
            shas.append(commit_file(repo, "train.py", "print(2)\n", "Print two"))

        assert await reads_begun(pilot, held, app.poll, commit, polls=3) == 1
        app.poll()  # git's files moved since the last look: read again
        await settle(pilot)
        assert shas[0][:7] in screen_text(app)


async def test_the_commits_views_poll_starts_no_read_while_one_is_under_way(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each poll of the commits view began another read of the history beside the one
    under way."""
    from credo.ui.screens import commits

    Store.init(repo)
    held = Held(commits.read_branch)
    monkeypatch.setattr(commits, "read_branch", held)
    app = CredoApp(repo, refresh_seconds=3600)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("H")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CommitsScreen)
        commit_file(repo, "train.py", "print(1)\n", "Add the training script")
        commit = functools.partial(
            commit_file, repo, "train.py", "print(2)\n", "Print two while it read"
        )
        assert await reads_begun(pilot, held, screen.poll, commit, polls=3) == 1
        screen.poll()  # HEAD moved since the slow read's look: read again
        await settle(pilot)
        assert "Print two while it read" in screen_text(app)


async def test_the_runs_views_poll_starts_no_read_while_one_is_under_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While a run runs, the runs view reads every run each second (its metrics grow):
    on a slow disk each poll began another read beside the one under way."""
    store = sweep(tmp_path / "ptvid")
    one_queued_one_running(store)
    held = held_loads(monkeypatch, Run)
    app = CredoApp(store, refresh_seconds=3600)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("r")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RunsScreen)
        listed = len(screen.all_rows)
        started = functools.partial(
            run, store, 8, store.read(Experiment, "e002aaaabbbbcccc"), {"lr": 0.3}, [0.9], [0.6]
        )
        assert await reads_begun(pilot, held, screen.poll, started, polls=3) == 1
        assert f"{listed} of {listed} runs" in screen_text(app)
        screen.poll()  # a run still runs: the next poll reads again
        await settle(pilot)
        assert f"{listed + 1} of {listed + 1} runs" in screen_text(app)


async def test_the_experiment_logs_poll_starts_no_read_while_one_is_under_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While a run is queued or running, the log reads the experiments and the runs each
    second: on a slow disk each poll began another read beside the one under way."""
    store = sweep(tmp_path / "ptvid")
    one_queued_one_running(store)
    held = held_loads(monkeypatch, Run)
    app = CredoApp(store, refresh_seconds=3600)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("E")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ExperimentsScreen)
        written = functools.partial(experiment, store, 4, "Written while the log read")
        assert await reads_begun(pilot, held, screen.poll, written, polls=3) == 1
        assert "Written while the log read" not in screen_text(app)  # after its look
        screen.poll()  # a run still waits: the next poll reads again
        await settle(pilot)
        assert "Written while the log read" in screen_text(app)
