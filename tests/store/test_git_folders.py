"""Where git's own folders are, found from a work tree (`git_dir`, `git_common_dir`): a
poll asks each second, so what a linked worktree's `.git` file and `commondir` say is
kept while they stand as they were, and read again once git rewrites one."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from credo.store.paths import git_common_dir, git_dir

from repos import bytes_in_dot_git, git, loop_behind_dot_git


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


@pytest.mark.parametrize("spoil", [loop_behind_dot_git, bytes_in_dot_git])
def test_a_dot_git_naming_no_git_folder_refuses_a_write_in_words(
    linked: Path,
    credo: Callable[..., subprocess.CompletedProcess[str]],
    spoil: Callable[[Path], str],
) -> None:
    """A worktree's `.git` file naming its git folder through a loop of links crashed
    every command (Path.resolve raises RuntimeError on Python 3.11), a write too; one
    holding a byte that is not UTF-8 crashed a write (UnicodeDecodeError)."""
    message = spoil(linked)
    added = credo(linked, "add", "Plot the loss")
    assert added.returncode == 1 and added.stderr == f"error: {message}\n", added.stderr
    assert list((linked / ".credo" / "tasks").glob("*.toml")) == []


def test_a_worktree_of_a_clone_in_a_latin1_folder_is_written(
    tmp_path: Path, credo: Callable[..., subprocess.CompletedProcess[str]]
) -> None:
    """A clone in a folder named in latin-1 (`caf\\xe9`, from an old disk): git names it in
    a linked worktree's `.git` file by those bytes, and git works there; credo read the
    file as UTF-8 and crashed on every write."""
    clone = tmp_path / os.fsdecode(b"caf\xe9")
    clone.mkdir()
    git(clone, "init", "-q")
    git(clone, "commit", "-q", "--allow-empty", "-m", "Start")
    linked = tmp_path / "linked"
    git(clone, "worktree", "add", "-q", "-b", "exp", str(linked))
    assert b"caf\xe9" in (linked / ".git").read_bytes()
    assert credo(linked, "init").returncode == 0
    added = credo(linked, "add", "Plot the loss")
    assert added.returncode == 0, added.stderr
    assert len(list((linked / ".credo" / "tasks").glob("*.toml"))) == 1
