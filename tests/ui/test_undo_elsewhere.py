"""Undo and redo against changes made outside the board: a checkout of another branch."""

from __future__ import annotations

import tomllib
from pathlib import Path

from boards import TODAY, make_task, task_file

from credo.store import Store
from credo.ui.app import CredoApp
from pilots import said, settle

from repos import git

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
