"""Where git's own folders are, found from a work tree (`git_dir`, `git_common_dir`): a
poll asks each second, so what a linked worktree's `.git` file and `commondir` say is
kept while they stand as they were, and read again once git rewrites one."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

from credo.store.paths import git_common_dir, git_dir

from repos import git, loop_behind_dot_git


def test_a_worktree_path_taken_by_another_worktree_is_followed(repo: Path, tmp_path: Path) -> None:
    """`git worktree move` took ../exp elsewhere and `git worktree add` made a new
    worktree at ../exp: its `.git` file names another git folder, which is followed."""
    linked = tmp_path / "exp"
    git(repo, "worktree", "add", "-q", "-b", "exp", str(linked))
    assert git_dir(linked) == (repo / ".git" / "worktrees" / "exp").resolve()
    assert git_common_dir(linked) == (repo / ".git").resolve()
    git(repo, "worktree", "move", str(linked), str(tmp_path / "moved"))
    git(repo, "worktree", "add", "-q", "-b", "other", str(linked))
    assert git_dir(linked) == (repo / ".git" / "worktrees" / "exp1").resolve()
    assert git_dir(tmp_path / "moved") == (repo / ".git" / "worktrees" / "exp").resolve()
    assert git_common_dir(linked) == (repo / ".git").resolve()


def test_a_worktree_repaired_after_its_clone_moved_is_followed(repo: Path, tmp_path: Path) -> None:
    """The main clone moved, then `git worktree repair` there: the linked worktree's
    `.git` file names the clone's new place, which is followed."""
    linked = tmp_path / "exp"
    git(repo, "worktree", "add", "-q", "-b", "exp", str(linked))
    assert git_common_dir(linked) == (repo / ".git").resolve()
    moved = repo.rename(tmp_path / "clone")
    git(moved, "worktree", "repair")
    assert git_dir(linked) == (moved / ".git" / "worktrees" / "exp").resolve()
    assert git_common_dir(linked) == (moved / ".git").resolve()


def test_a_dot_git_naming_a_loop_of_links_refuses_a_write_in_words(
    linked: Path, credo: Callable[..., subprocess.CompletedProcess[str]]
) -> None:
    """A worktree's `.git` file naming its git folder through a loop of links crashed
    every command (Path.resolve raises RuntimeError on Python 3.11), a write too."""
    message = loop_behind_dot_git(linked)
    added = credo(linked, "add", "Plot the loss")
    assert added.returncode == 1 and added.stderr == f"error: {message}\n", added.stderr
    assert list((linked / ".credo" / "tasks").glob("*.toml")) == []
