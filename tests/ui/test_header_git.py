"""The header's look at git: git's own files stat'ed in the poll's worker, a change of
the index or HEAD read at the next poll, and the answer shown by the header on top."""

from __future__ import annotations

from pathlib import Path

import pytest

from credo.gitlink import state
from credo.store import Store
from credo.ui.app import CredoApp
from credo.ui.screens.report import ReportScreen
from credo.ui.widgets.header import HeaderLine
from pilots import Held, settle, until

from repos import commit_file, git


async def test_an_add_shows_dirty_at_the_next_poll(repo: Path) -> None:
    """An edit of a tracked file, then `git add`: the index moved, so the next poll
    reads git and the header says dirty."""
    Store.init(repo)
    commit_file(repo, "train.py", "print(1)\n", "Add the script")
    app = CredoApp(repo, refresh_seconds=3600)  # only the polls below
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        header = app.screen.query_one(HeaderLine)
        app.poll()
        await settle(pilot)
        assert "dirty" not in header.shown[0]
        (repo / "train.py").write_text("print(2)\n", encoding="utf-8")
        git(repo, "add", "train.py")
        app.poll()
        await settle(pilot)
        assert "dirty" in header.shown[0]


async def test_a_read_begun_under_r_shows_on_the_board_once_r_is_closed(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A commit, then R: the report's header began the look at git, and esc closed the
    report while git answered. The answer went to the closed report's header and was
    lost, and the board's header, its look at git's files already taken, showed the sha
    before the commit for polls more. It shows the new one at its next poll."""
    Store.init(repo)
    held = Held(state.capture)
    monkeypatch.setattr(state, "capture", held)
    app = CredoApp(repo, refresh_seconds=3600)  # only the polls below
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        board_header = app.screen.query_one(HeaderLine)
        sha = commit_file(repo, "train.py", "print(1)\n", "Add the script")
        held.hold()
        try:
            await pilot.press("R")  # its header's first poll begins the read
            await until(pilot, lambda: held.started == 1, "the report header's read begun")
            assert isinstance(app.screen, ReportScreen)
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen.query_one(HeaderLine) is board_header
        finally:
            held.release()
        await settle(pilot)
        app.poll()
        await settle(pilot)
        assert board_header.shown[2] == sha
        assert app.head_sha == sha


async def test_a_read_that_ends_under_r_shows_in_rs_header(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The board's header began the look at git, then R opened the report: the answer
    is shown by the header on top when it comes, the report's, which builds again at
    the new sha (it waited for that header's next poll)."""
    Store.init(repo)
    held = Held(state.capture)
    monkeypatch.setattr(state, "capture", held)
    app = CredoApp(repo, refresh_seconds=3600)  # only the polls below
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        sha = commit_file(repo, "train.py", "print(1)\n", "Add the script")
        held.hold()
        try:
            app.poll()
            await until(pilot, lambda: held.started == 1, "the board's read begun")
            await pilot.press("R")
            await pilot.pause()
            report = app.screen
            assert isinstance(report, ReportScreen)
        finally:
            held.release()
        await settle(pilot)
        assert report.query_one(HeaderLine).shown[2] == sha
        assert report.head == sha


async def test_a_linked_worktree_repointed_at_its_moved_clone_is_followed(
    repo: Path, linked: Path, tmp_path: Path
) -> None:
    """The board open in a linked worktree; its main clone moved, then `git worktree
    repair`: git's files of this worktree are in the clone's new place, and a commit
    there shows at the next poll (not only at the look every `GIT_EVERY` polls)."""
    app = CredoApp(linked, refresh_seconds=3600)  # only the polls below
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        moved = repo.rename(tmp_path / "clone")
        git(moved, "worktree", "repair")
        app.poll()  # git's files moved: read again
        await settle(pilot)
        sha = commit_file(linked, "train.py", "print(1)\n", "Add the script")
        app.poll()
        await settle(pilot)
        assert app.head_sha == sha
