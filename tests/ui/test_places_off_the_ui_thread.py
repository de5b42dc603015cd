"""The polls look at other places (a clone or a linked worktree where an experiment runs)
in their workers, never on the interface thread: on a hung network mount (NFS, sshfs)
a stat there waits for minutes, and the view froze at each poll."""

from __future__ import annotations

import io
import os
import threading
import tomllib
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from boards import TODAY, make_task, task_file
from textual.worker import get_current_worker

from credo.store import Store
from credo.ui import typed_ahead
from credo.ui.app import CredoApp
from credo.ui.screens.experiments import ExperimentsScreen
from credo.ui.screens.help import HelpScreen
from credo.ui.screens.report import ReportScreen
from credo.ui.widgets.countdown import Countdown
from pilots import opened, settle, until

from repos import experiment_merged_from_worktree


class HungPlace:
    """Stats and reads (`os.stat`; `io.open`, which pathlib's `read_text` opens with) of
    anything under `places` held, as on a hung mount, from its making until `release()`,
    each such call counted with its thread and each file read named (`read`), and the
    workers held there now counted by name (`waiting`). One on the interface thread is
    counted, not held: the test, on that thread's loop, would be held with it. The
    test's monkeypatch puts both back at its end."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, *places: Path) -> None:
        self.places = places
        self.threads: list[threading.Thread] = []
        self.read: list[Path] = []
        self.waiting: Counter[str] = Counter()
        self.holding = threading.Event()
        self.go = threading.Event()
        monkeypatch.setattr(os, "stat", self.held(os.stat))
        monkeypatch.setattr(io, "open", self.held(io.open, self.read))

    def held(self, call: Any, named: list[Path] | None = None) -> Any:
        def holding(path: Any, *args: Any, **kwargs: Any) -> Any:
            if isinstance(path, str | os.PathLike):
                where = Path(os.fsdecode(path))
                if any(where.is_relative_to(place) for place in self.places):
                    self.hold(where, named)
            return call(path, *args, **kwargs)

        return holding

    def hold(self, path: Path, named: list[Path] | None) -> None:
        here = threading.current_thread()
        self.threads.append(here)
        if named is not None:
            named.append(path)
        if here is not threading.main_thread():
            worker = get_current_worker().name
            self.waiting[worker] += 1
            self.holding.set()
            self.go.wait(30)
            self.holding.clear()
            self.waiting[worker] -= 1

    def release(self) -> None:
        self.go.set()


async def view_poll(app: CredoApp, pilot: Any, view: str) -> Callable[[], None]:
    """The poll of `view` (the board's countdown, the log's, the report's), opened."""
    if view == "log":
        return (await opened(pilot, "E", ExperimentsScreen)).poll
    if view == "report":
        return (await opened(pilot, "R", ReportScreen)).poll
    return app.poll


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
        poll = await view_poll(app, pilot, view)
        for _ in range(2):  # the first looks, there and here
            poll()
            await settle(pilot)
        assert str(countdown.render()) == "running in ../exp-b: warmup helps"
        hung = HungPlace(monkeypatch, there)
        try:
            poll()
            await until(pilot, hung.holding.is_set, "a look at ../exp-b begun")
            await pilot.press("question_mark")
            assert isinstance(app.screen, HelpScreen)  # the key answered...
            assert hung.holding.is_set()  # ...while the look at ../exp-b still waited
        finally:
            hung.release()
        assert threading.main_thread() not in hung.threads
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert str(countdown.render()) == "running in ../exp-b: warmup helps"


@pytest.mark.parametrize("view", ["board", "log", "report"])
async def test_a_poll_never_looks_at_a_teammates_clone_on_this_host(
    store: Store, repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, view: str
) -> None:
    """Bob's experiment, merged here from his clone beside this one on a shared server,
    counts here (as from his laptop), whether his clone is there or not: the polls
    stat'ed his clone all the same (the watch of the places where experiments run, and
    the look at whether his clone still holds its records), work for nothing, and a
    wait on a hung mount. No look there now."""
    bob = tmp_path / "bob"
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "bob@example.com")
    experiment_merged_from_worktree(repo, bob, "warmup helps", clone=True)
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "ada@example.com")
    monkeypatch.chdir(repo)
    looked: list[str] = []

    def counted(call: Any) -> Any:
        def counting(path: Any, *args: Any, **kwargs: Any) -> Any:
            if isinstance(path, str | os.PathLike) and Path(os.fsdecode(path)).is_relative_to(bob):
                looked.append(f"{call.__name__} {os.fsdecode(path)}")
            return call(path, *args, **kwargs)

        return counting

    for name in ("stat", "lstat", "listdir", "scandir"):
        monkeypatch.setattr(os, name, counted(getattr(os, name)))
    monkeypatch.setattr(io, "open", counted(io.open))
    app = CredoApp(store, today=TODAY, refresh_seconds=3600)  # only the polls below
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        countdown = app.screen.query_one(Countdown)
        poll = await view_poll(app, pilot, view)
        for _ in range(3):
            poll()
            await settle(pilot)
        assert str(countdown.render()).startswith("⏱ ")  # it counts down here
        assert looked == []


async def test_a_look_at_gits_own_folder_waits_in_a_worker_while_keys_answer(
    repo: Path, linked: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A linked worktree's git folder is in the main clone's `.git`, maybe on a network
    mount: the header's poll stat'ed git's files there (HEAD, the index), and the
    countdown's git's list of worktrees, on the interface thread, and a hung stat held
    every key. The stats wait in the app's poll worker now; ? opens the help meanwhile,
    and once git's folder answers the header shows the commit made meanwhile."""
    from credo.ui.widgets.header import HeaderLine

    from repos import commit_file

    app = CredoApp(linked, refresh_seconds=3600)  # only the polls below
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        header = app.screen.query_one(HeaderLine)
        sha = commit_file(linked, "train.py", "print(1)\n", "Add the script")
        hung = HungPlace(monkeypatch, repo / ".git" / "worktrees")  # the list, its HEAD...
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
        await pilot.press("escape")
        app.poll()
        await settle(pilot)
        assert header.shown[2] == sha


async def test_reads_of_gits_pointers_wait_in_a_worker_while_keys_answer(
    repo: Path, linked: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A linked worktree's `.git` file and its git folder's `commondir` say where git's
    files are; the poll reads them again once git rewrote them (here the main clone
    moved, then `git worktree repair`). Held there (a network mount), they hold the
    poll's worker, never the keys: ? opens the help meanwhile, both files are read in
    the worker once they answer, and the header shows the commit made meanwhile."""
    from repos import commit_file, git

    app = CredoApp(linked, refresh_seconds=3600)  # only the polls below
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        moved = repo.rename(tmp_path / "clone")
        git(moved, "worktree", "repair")
        sha = commit_file(linked, "train.py", "print(1)\n", "Add the script")
        folder = moved / ".git" / "worktrees" / "linked"
        hung = HungPlace(monkeypatch, linked / ".git", folder)
        try:
            app.poll()
            await until(pilot, hung.holding.is_set, "a look at git's pointers begun")
            await pilot.press("question_mark")
            assert isinstance(app.screen, HelpScreen)  # the key answered...
            assert hung.holding.is_set()  # ...while the look there still waited
        finally:
            hung.release()
        await settle(pilot)
        assert {linked / ".git", folder / "commondir"} <= set(hung.read)
        await pilot.press("escape")
        await settle(pilot)
        assert threading.main_thread() not in hung.threads
        assert app.head_sha == sha


async def test_the_merge_driver_warning_waits_on_a_hung_git_config_while_keys_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, credo: Any
) -> None:
    """The board's start-up warning that this clone has no merge driver read git's config
    on the interface thread: in a linked worktree it is in the main clone's `.git`, and a
    hung read there held the first frame's keys. It is read in a worker now; ? opens the
    help meanwhile, and the warning comes once the config answers."""
    from pilots import said

    from repos import git, shared_board

    _, bob = shared_board(tmp_path, credo)
    linked = tmp_path / "bob-exp"
    git(bob, "worktree", "add", "-q", "-b", "exp", str(linked))
    app = CredoApp(Store.open(linked), refresh_seconds=3600)
    hung = HungPlace(monkeypatch, bob / ".git" / "config")
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await until(pilot, hung.holding.is_set, "a read of git's config begun")
            await pilot.press("question_mark")
            assert isinstance(app.screen, HelpScreen)  # the key answered...
            assert hung.holding.is_set()  # ...while the read of the config still waited
            hung.release()
            await until(pilot, lambda: any("has no merge driver" in line for line in said(app)))
    finally:
        hung.release()
    assert threading.main_thread() not in hung.threads


async def test_write_keys_and_undo_read_a_hung_head_in_a_worker(
    repo: Path, linked: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """x (done), and u, read what is checked out (the undo history's, for u to refuse on
    another branch) on the interface thread: in a linked worktree HEAD is in the main
    clone's `.git`, and a hung read there held every key that writes. Each write is on
    disk at once and HEAD is read in a worker, one for all the writes made while it
    waits; u waits for that read, in its own worker, and takes the last one back once
    HEAD answers."""
    store = Store.open(linked)
    tasks = [make_task(store, n, f"Task {n}", important=True, urgent=True) for n in (1, 2, 3)]

    def done() -> list[bool]:
        files = (tomllib.loads(task_file(store, t.id).read_text()) for t in tasks)
        return [each["status"] == "done" for each in files]

    app = CredoApp(store, today=TODAY, refresh_seconds=3600)  # only the reads below
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        hung = HungPlace(monkeypatch, repo / ".git" / "worktrees" / "linked" / "HEAD")
        try:
            for n in (1, 2, 3):
                await pilot.press("x")
                assert done() == [True] * n + [False] * (3 - n)  # written at once...
            await until(pilot, hung.holding.is_set, "a read of HEAD begun")
            assert hung.waiting["Reading what git has checked out"] == 1  # ...read once
            await pilot.press("u")
            await pilot.pause()
            assert done() == [True] * 3  # u waits for HEAD, in its worker
        finally:
            hung.release()
        await settle(pilot)
        assert done() == [True, True, False]
        assert threading.main_thread() not in hung.threads


async def test_the_reports_keys_start_one_build_while_a_hung_clone_holds_one(
    repo: Path, linked: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a linked worktree whose main clone hangs, the report's build waits on git's
    list of worktrees there, and each period key started one more build beside it, each
    held in a thread of its own. One build waits now; the period chosen last is built
    once it is over."""
    make_task(Store.open(linked), 1, "Check label balance per domain", important=True)
    app = CredoApp(linked, today=TODAY, refresh_seconds=3600)  # only the reads below
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        report = await opened(pilot, "R", ReportScreen)
        assert "## Added" not in report.markdown  # made five days ago: not since yesterday
        hung = HungPlace(monkeypatch, repo / ".git")
        try:
            for key in "wmdw":
                await pilot.press(key)
            await until(pilot, hung.holding.is_set, "a build held")
            await pilot.pause(0.5)  # time for more to come
            assert hung.waiting["Building the stand-up report"] == 1
        finally:
            hung.release()
        await settle(pilot)
        assert "## Added (1)" in report.markdown  # the week's


async def test_the_views_countdowns_look_one_at_a_time_while_a_hung_clone_holds_one(
    repo: Path, linked: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each view's header has a countdown, whose look waits on git's list of worktrees in
    a hung main clone: each view opened (each R too, which makes a new one) started one
    more look beside the one held. One countdown's look waits now, with git's."""
    app = CredoApp(linked, today=TODAY, refresh_seconds=3600)  # only the polls below
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        hung = HungPlace(monkeypatch, repo / ".git" / "worktrees")
        try:
            app.poll()
            await until(pilot, hung.holding.is_set, "a countdown's look held")
            for key in ("E", "escape", "R", "escape", "R"):
                await pilot.press(key)  # each view in sight polls
                await pilot.pause(0.2)
            assert hung.waiting["Looking at git and the timebox"] == 2  # a countdown, git
        finally:
            hung.release()
        await settle(pilot)
        assert threading.main_thread() not in hung.threads


async def test_the_log_reads_its_experiments_in_a_worker_while_keys_answer(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The experiment log read every experiment file as it opened, on the interface
    thread: a file that does not answer (`.credo/` on a network mount) held every key
    from E on. They are read in a worker now; ? opens the help meanwhile, and once the
    file answers the log lists the experiment as before."""
    from textual.widgets import OptionList

    from credo.actions.experiments import start_experiment

    exp, _ = start_experiment(store, "warmup helps")
    monkeypatch.setattr(typed_ahead, "WAIT_AT_MOST", 0.0)  # a key typed after: at once
    app = CredoApp(store, today=TODAY, refresh_seconds=3600)  # only the reads below
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        hung = HungPlace(monkeypatch, store.credo_dir / "experiments" / f"{exp.id}.toml")
        monkeypatch.setattr(os, "lstat", hung.held(os.lstat))  # each load's look (`scan`)
        try:
            await pilot.press("E")
            await until(
                pilot,
                lambda: hung.waiting["Reading the experiments"] == 1,
                "the first read of the experiments begun",
            )
            await pilot.press("question_mark")
            await until(pilot, lambda: isinstance(app.screen, HelpScreen), "the help")  # answered
            assert hung.holding.is_set()  # while the read of the experiments still waited
        finally:
            hung.release()
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ExperimentsScreen)
        listing = app.screen.query_one("#exp-list", OptionList)
        assert "warmup helps" in str(listing.get_option_at_index(0).prompt)
        assert threading.main_thread() not in hung.threads


async def test_p_looks_where_the_experiment_was_paused_in_a_worker_while_keys_answer(
    store: Store, repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """p on an experiment paused in ../exp-b (its record merged here) looked at ../exp-b,
    to say it moves here, on the interface thread before anything else: a hung mount
    there held every key. The look waits in a worker now; ? opens the help meanwhile,
    and once ../exp-b answers, p resumes it here and says it moved, as before."""
    from credo.domain.models import Experiment
    from pilots import said

    from repos import experiment_paused_in_worktree

    there = tmp_path / "exp-b"
    exp_id = experiment_paused_in_worktree(repo, there, "warmup helps")
    monkeypatch.setattr(typed_ahead, "WAIT_AT_MOST", 0.0)  # a key typed after: at once
    monkeypatch.chdir(repo)
    app = CredoApp(store, today=TODAY, refresh_seconds=3600)  # only the reads below
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = await opened(pilot, "E", ExperimentsScreen)
        assert screen.selected_id == exp_id
        hung = HungPlace(monkeypatch, there)
        try:
            await pilot.press("p")
            await until(pilot, hung.holding.is_set, "a look at ../exp-b begun")
            assert threading.main_thread() not in hung.threads  # p looked in a worker...
            await pilot.press("question_mark")
            await until(pilot, lambda: isinstance(app.screen, HelpScreen), "the help")
            assert hung.holding.is_set()
        finally:
            hung.release()
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert said(app)[-1].endswith(
            f"; experiment {store.short_id(Experiment, exp_id)} was paused in ../exp-b: "
            "it runs here now, and its record in ../exp-b says paused until this one is "
            "merged there"
        )
