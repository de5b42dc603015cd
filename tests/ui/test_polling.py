"""FolderWatch: one stat per poll, a full look every few polls; SlurmView: one ask at a time."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from credo.domain.models import SlurmJob
from credo.gitlink.authors import me_when_asked
from credo.runs.launch import RunRequest, queue
from credo.store import Store
from credo.ui import polling
from credo.ui.app import CredoApp
from credo.ui.polling import FolderWatch, Look, SlurmView, StoreFeed
from pilots import until


def test_a_rename_into_the_folder_is_seen_at_the_next_poll(tmp_path: Path) -> None:
    folder = tmp_path / "tasks"
    folder.mkdir()
    watch = FolderWatch(folder, every=100)
    assert watch.due()  # the first look
    assert not watch.due()
    time.sleep(0.05)  # past the file system's coarse clock tick of the first stat
    (tmp_path / "new.tmp").write_text("title = 'x'\n")
    os.replace(tmp_path / "new.tmp", folder / "new.toml")  # how credo and git write
    assert watch.due()
    assert not watch.due()


def test_an_edit_in_place_is_seen_within_every_polls(tmp_path: Path) -> None:
    folder = tmp_path / "tasks"
    folder.mkdir()
    item = folder / "a.toml"
    item.write_text("title = 'a'\n")
    watch = FolderWatch(folder, every=3)
    assert watch.due()
    time.sleep(0.05)
    item.write_text("title = 'b'\n")  # in place: the folder's mtime stays
    assert [watch.due() for _ in range(3)] == [False, False, True]


def test_a_missing_folder_is_not_an_error(tmp_path: Path) -> None:
    watch = FolderWatch(tmp_path / "gone", every=2)
    assert watch.due()
    assert not watch.due()
    (tmp_path / "gone").mkdir()
    assert watch.due()


def silent_slurm(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Callable[[], int], Path]:
    """A run SLURM holds, and a controller that answers only once `answer` exists: how
    many times squeue was started, and that file. Every poll may ask."""
    queue(store, RunRequest(command=["true"], cwd=Path(".")), runner=None, slurm=SlurmJob(job="81"))
    shim, calls, answer = tmp_path / "shim", tmp_path / "calls", tmp_path / "answer"
    shim.mkdir()
    (shim / "sbatch").write_text("#!/bin/sh\nexit 1\n")
    (shim / "squeue").write_text(
        f"#!/bin/sh\necho asked >> {calls}\nwhile [ ! -e {answer} ]; do sleep 0.05; done\nexit 1\n"
    )
    for command in shim.iterdir():
        command.chmod(0o755)
    monkeypatch.setenv("PATH", f"{shim}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(polling, "SLURM_SECONDS", 0.0)

    def asked() -> int:
        return len(calls.read_text().splitlines()) if calls.exists() else 0

    return asked, answer


def test_an_ask_of_slurm_never_overlaps_itself(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Against a controller that does not answer (squeue waits up to a minute), each
    poll a few seconds on started one more squeue: the last answer now stands while
    one ask is under way."""
    asked, answer = silent_slurm(store, tmp_path, monkeypatch)
    view, runs = SlurmView(me_when_asked(store.git_root)), store.runs()
    first = threading.Thread(target=view.settle, args=(store, runs))
    first.start()
    try:
        deadline = time.monotonic() + 10
        while asked() == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert asked() == 1
        second = threading.Thread(target=view.settle, args=(store, runs))
        second.start()
        second.join(timeout=5)
        assert not second.is_alive()  # the next poll did not wait on SLURM
        assert asked() == 1
    finally:
        answer.touch()
        first.join(timeout=10)
    view.settle(store, runs)  # the ask over, the next poll asks again
    assert asked() == 2


async def test_the_apps_asks_of_slurm_never_overlap(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The board's header counts the runs under way from SLURM's answer: its poll
    started one more squeue each time too, and so did the log's beside it."""
    asked, answer = silent_slurm(store, tmp_path, monkeypatch)
    app = CredoApp(store, refresh_seconds=0.05)  # the board settles the runs every 0.25 s
    async with app.run_test(size=(120, 40)) as pilot:
        try:
            await until(pilot, asked, "the first ask")
            await pilot.pause(1.0)  # four polls on
            await pilot.press("E")  # the log polls too, every 0.05 s
            await pilot.pause(1.0)
            assert asked() == 1
        finally:
            answer.touch()


def test_a_run_caught_half_made_is_looked_at_again_at_the_next_poll(tmp_path: Path) -> None:
    """`credo run` makes the run's folder, captures git, then writes run.toml inside it:
    a look between the two saw no run, and the runs folder's mtime did not move again,
    so the run showed only at the tenth poll (50 s on the board)."""
    from credo.actions.history import History
    from credo.domain.models import Run, RunStatus
    from credo.ui.polling import StoreFeed

    store, _ = Store.init(tmp_path)
    runs = store.folder("runs", create=True)
    os.utime(runs, ns=(0, 0))  # the folder made below moves its mtime, whatever the clock
    feed = StoreFeed(store, History(store), (Run,), every=100)
    assert feed.due()
    feed.signature = feed.look().signature
    store.run_folder("r001aaaabbbbcccc", create=True)  # the run begins
    assert feed.due()
    half_made = feed.look()
    assert not feed.changed(half_made)  # no record yet, nothing to show
    store.create(Run(id="r001aaaabbbbcccc", command=["true"], status=RunStatus.RUNNING))
    assert feed.due()
    assert feed.changed(feed.look())
    assert not feed.due()


def polled(feed: StoreFeed) -> Look | None:
    """One poll of a feed that watches other places, as the views make it: `poll` on the
    interface thread, then the worker's look when it says to start the worker."""
    due = feed.poll()
    return None if due is None else feed.look_after(due)


def test_a_feed_with_worktrees_sees_their_records_change_at_the_next_poll(
    store: Store, repo: Path, tmp_path: Path
) -> None:
    """An experiment resumed in ../exp-b changes no file here: the log's feed looked at
    this worktree's folders only, and showed it paused here until a change of its own.
    A worktree added meanwhile is watched from the next poll; one removed, no longer."""
    from credo.actions.experiments import resume_experiment
    from credo.actions.history import History
    from credo.domain.models import Experiment

    from repos import experiment_paused_in_worktree, git

    there = tmp_path / "exp-b"
    exp_id = experiment_paused_in_worktree(repo, there, "warmup helps")
    os.utime(there / ".credo" / "experiments", ns=(0, 0))  # the resume moves it, whatever the clock
    feed = StoreFeed(store, History(store), (Experiment,), every=100, worktrees=True)
    first = polled(feed)
    assert first is not None
    feed.signature = first.signature
    assert polled(feed) is None
    resume_experiment(Store.open(there), exp_id)
    look = polled(feed)
    assert look is not None and feed.changed(look)
    feed.signature = look.signature
    assert polled(feed) is None
    third = tmp_path / "exp-c"
    git(repo, "worktree", "add", "-q", str(third), "-b", "c")
    with_third = polled(feed)
    assert with_third is not None and feed.changed(with_third)
    feed.signature = with_third.signature
    git(repo, "worktree", "remove", str(third))
    gone = polled(feed)
    assert gone is not None and gone.signature == look.signature  # as before it came


def test_a_feeds_first_other_worktree_is_watched_from_the_next_poll(
    store: Store, repo: Path, tmp_path: Path
) -> None:
    """With no other worktree, a poll looks at no other place: git's list of worktrees,
    which the poll's worker stats (in a linked worktree it is in the main clone's
    `.git`: never on the interface thread), says when one is added, and an experiment
    resumed there shows at the next poll after."""
    from credo.actions.experiments import pause_experiment, resume_experiment, start_experiment
    from credo.actions.history import History
    from credo.domain.models import Experiment

    from repos import git

    exp, _ = start_experiment(store, "warmup helps")
    pause_experiment(store, exp.id)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "An experiment paused")
    feed = StoreFeed(store, History(store), (Experiment,), every=100, worktrees=True)
    first = polled(feed)
    assert first is not None and feed.records == ()
    feed.signature = first.signature
    assert polled(feed) is None
    there = tmp_path / "exp-b"
    git(repo, "worktree", "add", "-q", str(there), "-b", "b")
    added = polled(feed)
    assert added is not None and feed.records == (there / ".credo" / "experiments",)
    feed.signature = added.signature
    assert polled(feed) is None
    resume_experiment(Store.open(there), exp.id)
    resumed = polled(feed)
    assert resumed is not None and feed.changed(resumed)
