"""Undo and redo against changes made outside the board: a `credo` command in another
terminal, a checkout of another branch, a run recorded in another terminal."""

from __future__ import annotations

import sys
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from boards import TODAY, make_task, task_file

from credo.actions import history
from credo.domain.models import Experiment, Review, Run, Task
from credo.gitlink.index import CommitIndex
from credo.store import Store
from credo.store.store import Change
from credo.ui.app import CredoApp
from pilots import said, settle

from repos import commit_file, git

TASK = "t001aaaabbbbcccc"


def status(store: Store) -> object:
    return tomllib.loads(task_file(store, TASK).read_text())["status"]


def two_branches(repo: Path) -> tuple[Store, str]:
    """A project whose open task is committed on its branch and on `other`, made from it."""
    store, _ = Store.init(repo)
    make_task(store, 1, "Check label balance per domain", important=True, urgent=True)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Start the board")
    git(repo, "branch", "other")
    return store, git(repo, "rev-parse", "--abbrev-ref", "HEAD")


async def added(pilot: Any, store: Store, title: str) -> Task:
    """The task `a` on the board adds, titled `title`."""
    await pilot.press("a", *title, "enter")
    await settle(pilot)
    [task] = [t for t in store.tasks() if t.title == title]
    return task


async def started(pilot: Any, store: Store) -> Path:
    """The file of the experiment `s` on the board starts for the selected task."""
    await pilot.press("s", *"it is off in legal", "enter")
    await settle(pilot)
    [experiment] = (store.credo_dir / "experiments").glob("*.toml")
    return experiment


async def test_redo_after_a_checkout_of_another_branch_leaves_its_file(repo: Path) -> None:
    store, branch = two_branches(repo)
    app = CredoApp(store, today=TODAY, refresh_seconds=0.2)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("x", "u")
        await settle(pilot)
        git(repo, "checkout", "-q", "other")  # the same open task, on another branch
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert status(store) == "open"
        assert git(repo, "status", "--porcelain") == ""
        assert said(app)[-1] == (
            f"Cannot redo done 'Check label balance per domain': made on {branch},"
            f" and other is checked out now (git checkout {branch}, then redo)"
        )
        git(repo, "checkout", "-q", branch)
        await pilot.press("ctrl+r")  # back on its branch: redone
        await settle(pilot)
        assert status(store) == "done"


async def test_undo_after_a_checkout_of_another_branch_leaves_its_file(repo: Path) -> None:
    store, branch = two_branches(repo)
    app = CredoApp(store, today=TODAY, refresh_seconds=0.2)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("x")
        await settle(pilot)
        git(repo, "commit", "-q", "-am", "Done")
        git(repo, "checkout", "-q", "other")
        git(repo, "merge", "-q", "--ff-only", branch)  # other now holds the same done task
        await pilot.press("u")
        await settle(pilot)
        assert status(store) == "done"
        assert git(repo, "status", "--porcelain") == ""
        assert said(app)[-1].startswith("Cannot undo done 'Check label balance per domain'")
        git(repo, "checkout", "-q", branch)
        await pilot.press("u")
        await settle(pilot)
        assert status(store) == "open"


async def test_undo_over_an_edit_made_in_another_terminal_keeps_it_and_says_so(
    repo: Path, credo: Callable[..., Any]
) -> None:
    store, _ = two_branches(repo)
    app = CredoApp(store, today=TODAY, refresh_seconds=0.2)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("x")
        await settle(pilot)
        assert credo(repo, "edit", TASK[:6], "--title", "Count labels").returncode == 0
        theirs = task_file(store, TASK).read_bytes()
        await pilot.press("u")
        await settle(pilot)
        assert task_file(store, TASK).read_bytes() == theirs
        assert said(app)[-1] == (
            "Cannot undo done 'Check label balance per domain': .credo/tasks/"
            f"{TASK}.toml was changed by someone else since; their change is kept"
        )


async def test_redo_of_a_task_deleted_in_another_terminal_does_not_bring_it_back(
    repo: Path, credo: Callable[..., Any]
) -> None:
    store, _ = two_branches(repo)
    app = CredoApp(store, today=TODAY, refresh_seconds=0.2)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("x", "u")
        await settle(pilot)
        assert credo(repo, "rm", "--yes", TASK[:6]).returncode == 0
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert not task_file(store, TASK).exists()
        assert said(app)[-1] == (
            "Cannot redo done 'Check label balance per domain': .credo/tasks/"
            f"{TASK}.toml was deleted since; nothing is put back"
        )


async def test_undo_of_a_start_keeps_the_experiment_a_run_was_recorded_under(
    repo: Path, credo: Callable[..., Any]
) -> None:
    """`s` on the board, `credo run` in another terminal, then u: the experiment's file
    was deleted (the board had not changed it since), and the run named an experiment
    that no longer was."""
    store, _ = two_branches(repo)
    app = CredoApp(store, today=TODAY, refresh_seconds=0.2)
    async with app.run_test(size=(120, 40)) as pilot:
        experiment = await started(pilot, store)
        task = task_file(store, TASK).read_bytes()
        ran = credo(repo, "run", "--", sys.executable, "-c", "print('loss 1.0')")
        assert ran.returncode == 0, ran.stderr
        [run] = (store.credo_dir / "runs").glob("*/run.toml")
        await pilot.press("u")
        await settle(pilot)
        assert experiment.exists() and task_file(store, TASK).read_bytes() == task
        assert said(app)[-1] == (
            "Cannot undo start 'Check label balance per domain: it is off in legal': run"
            f" {store.short_id(Run, run.parent.name)} was recorded under it since; it stays"
            " (close or abandon the experiment instead)"
        )


async def test_undo_of_an_add_keeps_the_task_an_experiment_was_started_for(
    repo: Path, credo: Callable[..., Any]
) -> None:
    """`a` on the board, `credo exp start --task` in another terminal, then u: the task
    went, and the experiment named a task no longer there."""
    store, _ = two_branches(repo)
    app = CredoApp(store, today=TODAY, refresh_seconds=0.2)
    async with app.run_test(size=(120, 40)) as pilot:
        task = await added(pilot, store, "Plot the loss curves")
        started = credo(repo, "exp", "start", "Curves show it", "--task", task.id[:8], "--json")
        assert started.returncode == 0, started.stderr
        [experiment] = (store.credo_dir / "experiments").glob("*.toml")
        await pilot.press("u")
        await settle(pilot)
        assert task_file(store, task.id).exists()
        assert said(app)[-1] == (
            "Cannot undo add 'Plot the loss curves': experiment"
            f" {store.short_id(Experiment, experiment.stem)} was started for it since; it"
            " stays (drop the task instead)"
        )


async def test_undo_of_an_add_keeps_the_task_a_commit_names(repo: Path) -> None:
    """`a` on the board, a commit with its trailer, then u at once: `credo show` of the
    commit and the report named a task that was gone. The board looks at git every few
    seconds (here: once, as it opens); the undo read the index that look left, without
    the commit made since."""
    store, _ = two_branches(repo)
    app = CredoApp(store, today=TODAY, refresh_seconds=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        task = await added(pilot, store, "Plot the loss curves")
        sha = commit_file(repo, "plot.py", "plot()\n", f"Plot\n\nCredo-Task: {task.id[:8]}")
        await pilot.press("u")
        await settle(pilot)
        assert task_file(store, task.id).exists()
        assert said(app)[-1] == (
            f"Cannot undo add 'Plot the loss curves': commit {sha[:7]} names it since;"
            " it stays (drop the task instead)"
        )


async def test_undo_of_an_add_keeps_the_task_a_commit_names_made_as_it_was_checked(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A commit naming the task that lands after the undo's look at git and before the
    delete: the task was deleted all the same, and the commit named a task that was gone.
    The commit is made there, in the undo's worker, right after its check."""
    store, _ = two_branches(repo)
    check = history._refuse_if_named_since
    commits: list[str] = []

    def then_a_commit(store: Store, changes: list[Change]) -> CommitIndex | None:
        seen = check(store, changes)
        commits.append(
            commit_file(repo, "plot.py", "plot()\n", f"Plot\n\nCredo-Task: {task.id[:8]}")
        )
        return seen

    monkeypatch.setattr(history, "_refuse_if_named_since", then_a_commit)
    app = CredoApp(store, today=TODAY, refresh_seconds=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        task = await added(pilot, store, "Plot the loss curves")
        written = task_file(store, task.id).read_bytes()
        await pilot.press("u")
        await settle(pilot)
        [sha] = commits
        assert task_file(store, task.id).read_bytes() == written
        assert said(app)[-1] == (
            f"Cannot undo add 'Plot the loss curves': commit {sha[:7]} names it since;"
            " it stays (drop the task instead)"
        )
        assert [t.title for t in store.tasks() if t.id == task.id] == ["Plot the loss curves"]


async def test_undo_of_a_start_keeps_the_experiment_a_review_was_made_for(
    repo: Path, credo: Callable[..., Any]
) -> None:
    """`s` on the board, a checklist review in another terminal (made for the running
    experiment), then u: the review named an experiment that was gone."""
    store, _ = two_branches(repo)
    app = CredoApp(store, today=TODAY, refresh_seconds=0.2)
    async with app.run_test(size=(120, 40)) as pilot:
        experiment = await started(pilot, store)
        ticked = credo(repo, "check", "training-recipe", "--tick", "valid-not-augmented")
        assert ticked.returncode == 0, ticked.stderr
        [review] = (store.credo_dir / "reviews").glob("*.toml")
        await pilot.press("u")
        await settle(pilot)
        assert experiment.exists()
        assert said(app)[-1] == (
            "Cannot undo start 'Check label balance per domain: it is off in legal': review"
            f" {store.short_id(Review, review.stem)} was made for it since; it stays (close"
            " or abandon the experiment instead)"
        )


NOT_TEXT = b"\xff\xfe ref: refs/heads/main\n"


async def undone(pilot: Any, store: Store) -> tuple[object, str]:
    """u, once its worker is done: the task's status, and what the app said last."""
    await pilot.press("u")
    await settle(pilot)
    return status(store), said(pilot.app)[-1]


@pytest.mark.parametrize("unreadable", ["not text", "a folder"])
async def test_a_head_git_cannot_read_after_a_change_is_said_by_its_undo(
    repo: Path, unreadable: str
) -> None:
    """What was checked out is read after each change, for its undo; a HEAD that could
    not be read there (not text, a folder) was taken as outside git: the undo skipped
    the branch check without a word. It still goes on (its own check of the files holds,
    and waiting would not tell the branch), and says why the branch was not checked."""
    store, branch = two_branches(repo)
    head = repo / ".git" / "HEAD"
    app = CredoApp(store, today=TODAY, refresh_seconds=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        if unreadable == "not text":
            head.write_bytes(NOT_TEXT)
        else:
            head.unlink()
            head.mkdir()
        await pilot.press("x")
        await settle(pilot)
        assert status(store) == "done"
        if unreadable == "a folder":
            head.rmdir()
        head.write_text(f"ref: refs/heads/{branch}\n")
        assert await undone(pilot, store) == (
            "open",
            "Undid: done 'Check label balance per domain' (its branch was not checked: "
            f"what was checked out could not be read when it was made: .git/HEAD {unreadable})",
        )


async def test_an_undo_while_git_cannot_read_head_waits_for_it(repo: Path) -> None:
    """An undo when HEAD cannot be read now cannot tell whether the change was made on
    the branch checked out: it is refused, in words, and stays until git reads it."""
    store, branch = two_branches(repo)
    head = repo / ".git" / "HEAD"
    app = CredoApp(store, today=TODAY, refresh_seconds=3600)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("x")
        await settle(pilot)
        head.write_bytes(NOT_TEXT)
        assert await undone(pilot, store) == (
            "done",
            "Cannot undo done 'Check label balance per domain': what is checked out now "
            "could not be read: .git/HEAD not text; it stays (undo again once git reads it)",
        )
        head.write_text(f"ref: refs/heads/{branch}\n")
        assert (await undone(pilot, store))[0] == "open"
