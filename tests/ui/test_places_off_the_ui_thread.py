"""The polls look at other places (a clone or a linked worktree where an experiment runs)
in their workers, never on the interface thread: on a hung network mount (NFS, sshfs)
a stat there waits for minutes, and the view froze at each poll."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

import pytest
from boards import TODAY

from credo.store import Store
from credo.ui.app import CredoApp
from credo.ui.screens.experiments import ExperimentsScreen
from credo.ui.screens.help import HelpScreen
from credo.ui.screens.report import ReportScreen
from credo.ui.widgets.countdown import Countdown
from pilots import opened, settle, until

from repos import experiment_merged_from_worktree


class HungPlace:
    """`os.stat` of anything under `place` held, as on a hung mount, until `release()`,
    each such call counted with its thread. One on the interface thread is counted, not
    held: the test, on that thread's loop, would be held with it."""

    def __init__(self, place: Path) -> None:
        self.place = place
        self.stat = os.stat
        self.threads: list[threading.Thread] = []
        self.holding = threading.Event()
        self.go = threading.Event()

    def __call__(self, path: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        if isinstance(path, str | os.PathLike) and Path(os.fsdecode(path)).is_relative_to(
            self.place
        ):
            here = threading.current_thread()
            self.threads.append(here)
            if here is not threading.main_thread():
                self.holding.set()
                self.go.wait(30)
                self.holding.clear()
        return self.stat(path, *args, **kwargs)

    def release(self) -> None:
        self.go.set()


@pytest.mark.parametrize("other", ["clone", "worktree"])
@pytest.mark.parametrize("view", ["board", "log", "report"])
async def test_a_poll_waits_on_a_hung_place_in_a_worker_while_keys_answer(
    store: Store,
    repo: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    view: str,
    other: str,
) -> None:
    """The experiment runs in ../exp-b (its record merged here), a place that stops
    answering: the view's poll (the board's countdown, the log's, the report's) stat'ed
    it on the interface thread, and held every key until it answered. The look waits in
    the poll's worker now; ? opens the help meanwhile, and once the place answers the
    view goes on as before."""
    there = tmp_path / "exp-b"
    experiment_merged_from_worktree(repo, there, "warmup helps", clone=other == "clone")
    monkeypatch.chdir(repo)
    app = CredoApp(store, today=TODAY, refresh_seconds=3600)  # only the polls below
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        countdown = app.screen.query_one(Countdown)
        poll = app.poll
        if view == "log":
            poll = (await opened(pilot, "E", ExperimentsScreen)).poll
        elif view == "report":
            poll = (await opened(pilot, "R", ReportScreen)).poll
        for _ in range(2):  # the first looks, there and here
            poll()
            await settle(pilot)
        assert str(countdown.render()) == "running in ../exp-b: warmup helps"
        hung = HungPlace(there)
        monkeypatch.setattr(os, "stat", hung)
        try:
            poll()
            await until(pilot, hung.holding.is_set, "a look at ../exp-b begun")
            await pilot.press("question_mark")
            assert isinstance(app.screen, HelpScreen)  # the key answered...
            assert hung.holding.is_set()  # ...while the look at ../exp-b still waited
        finally:
            hung.release()
        assert threading.main_thread() not in hung.threads
        monkeypatch.setattr(os, "stat", hung.stat)
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert str(countdown.render()) == "running in ../exp-b: warmup helps"


async def test_a_look_at_gits_own_folder_waits_in_a_worker_while_keys_answer(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A linked worktree's git folder is in the main clone's `.git`, maybe on a network
    mount: the header's poll stat'ed git's files there (HEAD, the index), and the
    countdown's git's list of worktrees, on the interface thread, and a hung stat held
    every key. The stats wait in the app's poll worker now; ? opens the help meanwhile,
    and once git's folder answers the header shows the commit made meanwhile."""
    from credo.ui.widgets.header import HeaderLine

    from repos import commit_file, git

    linked = tmp_path / "linked"
    git(repo, "worktree", "add", "-q", "-b", "exp", str(linked))
    Store.init(linked)
    app = CredoApp(linked, refresh_seconds=3600)  # only the polls below
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        header = app.screen.query_one(HeaderLine)
        sha = commit_file(linked, "train.py", "print(1)\n", "Add the script")
        hung = HungPlace(repo / ".git" / "worktrees")  # the list, the worktree's HEAD...
        monkeypatch.setattr(os, "stat", hung)
        try:
            app.poll()
            await until(pilot, hung.holding.is_set, "a look at git's folder begun")
            await pilot.press("question_mark")
            assert isinstance(app.screen, HelpScreen)  # the key answered...
            assert hung.holding.is_set()  # ...while the stat in git's folder still waited
        finally:
            hung.release()
        await settle(pilot)  # the poll's looks after the one held: git's own, there too
        assert threading.main_thread() not in hung.threads
        monkeypatch.setattr(os, "stat", hung.stat)
        await pilot.press("escape")
        app.poll()
        await settle(pilot)
        assert header.shown[2] == sha
