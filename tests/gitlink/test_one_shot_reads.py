"""git's one-shot answers (`git_answer`): who is at the keyboard (`git var`), HEAD's sha.
They spawn git without Python's subprocess, answer as git does in every shape of
repository, keep git's words off the person's terminal, and are ended as every read is
when an app quitting abandons them."""

from __future__ import annotations

import getpass
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from credo import actions
from credo.abandoned_reads import ReadCut, end_reads
from credo.domain.models import Task
from credo.gitlink.authors import GitUser, git_user, person
from credo.gitlink.state import head_sha
from credo.store import Store
from processes import dies_soon, held_pid, read_in_thread

from repos import commit_file, git, held_git

Credo = Callable[..., subprocess.CompletedProcess[str]]


def _as_configured(monkeypatch: pytest.MonkeyPatch) -> None:
    """git's identity from its config alone, as at a person's terminal (no commit hook)."""
    for name in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL"):
        monkeypatch.delenv(name)


def test_head_and_author_are_gits_own_answers_in_every_shape(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A branch, its refs packed, a detached HEAD, a linked worktree on a branch of its
    own, a repository with no commit yet and a folder outside git."""
    _as_configured(monkeypatch)
    repo = tmp_path / "project"
    repo.mkdir()
    git(repo, "init", "-q")
    git(repo, "config", "user.name", "Grace Hopper")
    git(repo, "config", "user.email", "Grace@Example.com")
    first = commit_file(repo, "a.txt", "a\n", "First")
    second = commit_file(repo, "a.txt", "b\n", "Second")
    linked, detached = tmp_path / "linked", tmp_path / "detached"
    git(repo, "worktree", "add", "-q", str(linked), "-b", "try")
    third = commit_file(linked, "a.txt", "c\n", "Third, in the worktree")
    git(repo, "worktree", "add", "-q", "--detach", str(detached), first)
    git(repo, "pack-refs", "--all")
    empty, outside = tmp_path / "empty", tmp_path / "outside"
    empty.mkdir()
    outside.mkdir()
    git(empty, "init", "-q")
    git(empty, "config", "user.email", "ada@example.com")
    git(empty, "config", "user.name", "Ada")
    for folder, sha in ((repo, second), (linked, third), (detached, first), (empty, None)):
        assert head_sha(folder) == sha, folder
    assert head_sha(outside) is None
    for folder in (repo, linked, detached):
        assert git_user(folder) == ("Grace Hopper", "Grace@Example.com")
        assert person(folder) == "grace@example.com"
    assert git_user(empty) == ("Ada", "ada@example.com")


def test_start_with_no_git_identity_shows_none_of_gits_words(
    store: Store, credo: Credo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No user.name or user.email anywhere (a HOME with no gitconfig): git's "Please tell
    me who you are" is no answer for the terminal; `credo start` records the login name."""
    _as_configured(monkeypatch)
    home = tmp_path / "bare-home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(home / ".gitconfig"))  # none there
    root = store.project_root
    git(root, "config", "user.useConfigOnly", "true")  # git guesses nothing from the host
    assert subprocess.run(["git", "var", "GIT_AUTHOR_IDENT"], cwd=root, check=False).returncode
    task, _ = actions.add_task(store, "Plot the loss")
    result = credo(root, "start", task.id[:6])
    assert result.returncode == 0, result.stderr
    assert "tell me who you are" not in result.stderr and "fatal" not in result.stderr
    assert Store.open(root).read(Task, task.id).in_progress_by == getpass.getuser()


def test_an_app_quitting_ends_the_read_of_who_is_at_the_keyboard(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The board asks git who is at the keyboard in a worker (`person`): held, as on a
    slow NFS home, it is ended as every read is when the app quits (ReadCut, no git left
    running), not waited for."""
    _as_configured(monkeypatch)
    held = tmp_path / "git.pid"
    shim = held_git(tmp_path / "shim", held, command="var")
    monkeypatch.setenv("PATH", f"{shim}{os.pathsep}{os.environ['PATH']}")
    thread, said = read_in_thread(lambda: person(repo))
    pid = held_pid(held)
    end_reads([thread])
    thread.join(60)
    assert len(said) == 1 and isinstance(said[0], ReadCut)
    assert dies_soon(pid)


@pytest.mark.parametrize("included_by", ["include.path", "includeIf.gitdir:~/.path"])
def test_the_apps_git_user_follows_a_config_file_included(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, included_by: str
) -> None:
    """The app asks git who is at the keyboard again only when a git config file changed
    (`GitUser`): it watched the repository's, the person's and the system's, not one they
    include, so a work e-mail kept in `~/.gitconfig-work` (include.path, or includeIf
    for a folder of work repositories) and changed there stayed the old one until credo
    was restarted. The files git says it read are watched too now."""
    _as_configured(monkeypatch)
    included = tmp_path / "work.inc"
    included.write_text("[user]\n\tname = Grace Hopper\n\temail = grace@old.example\n")
    home = Path(os.environ["HOME"])
    key = included_by.replace("~/", f"{repo.parent.as_posix()}/")
    git(home, "config", "--file", str(home / ".gitconfig"), key, str(included))
    asked = GitUser(repo)
    assert asked() == ("Grace Hopper", "grace@old.example")
    included.write_text("[user]\n\tname = Grace Hopper\n\temail = grace@new.example.org\n")
    assert asked() == ("Grace Hopper", "grace@new.example.org")


@pytest.mark.parametrize(
    ("at_start", "named_as"),
    [("missing", "absolute"), ("empty", "absolute"), ("missing", "~/"), ("empty", "relative")],
)
def test_the_apps_git_user_sees_an_included_file_made_after_it_asked(
    repo: Path, monkeypatch: pytest.MonkeyPatch, at_start: str, named_as: str
) -> None:
    """An included file git did not read at the app's first ask (missing, or empty: git
    names no key of it) was not watched (`GitUser`): one made or filled later, a work
    e-mail in it, was seen only at the next change of a file watched. The files the
    include paths name are watched too now, there or not, named as git reads them: from
    the home folder (`~/`), else from the folder of the file that names them."""
    _as_configured(monkeypatch)
    home = Path(os.environ["HOME"])
    included = home / "work.inc"
    if at_start == "empty":
        included.write_text("")
    path = {"absolute": str(included), "~/": "~/work.inc", "relative": "work.inc"}[named_as]
    config = str(home / ".gitconfig")
    git(home, "config", "--file", config, "user.name", "Grace Hopper")
    git(home, "config", "--file", config, "user.email", "grace@home.example")
    git(home, "config", "--file", config, "include.path", path)
    asked = GitUser(repo)
    assert asked() == ("Grace Hopper", "grace@home.example")
    included.write_text("[user]\n\temail = grace@work.example\n")
    assert asked() == ("Grace Hopper", "grace@work.example")
