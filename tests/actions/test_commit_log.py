"""The commits view's reading of the branch: HEAD's newest commits, and what each links."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from credo import actions
from credo.actions.commit_log import read_branch
from credo.domain.models import GitState, Run, Task
from credo.store import Store

from repos import commit_file, git, give_away, submodule


def test_the_newest_commits_of_head_only_and_whether_older_ones_are_left(store: Store) -> None:
    root = store.project_root
    for n in range(4):
        commit_file(root, f"f{n}.py", "1\n", f"Step {n}\n\nThe body of step {n}.")
    git(root, "checkout", "-q", "-b", "side")
    commit_file(root, "side.py", "1\n", "On a side branch")
    git(root, "checkout", "-q", "main")
    log = read_branch(store, 3)
    assert [c.subject for c in log.commits] == ["Step 3", "Step 2", "Step 1"]
    assert log.more and log.branch == "main" and not log.shallow
    assert not read_branch(store, 5).more  # the four steps and the first commit
    assert log.commits[0].message == "Step 3\n\nThe body of step 3.\n"
    assert log.links == {}


def test_items_are_named_with_how_and_runs_with_their_commit(store: Store) -> None:
    root = store.project_root
    task, _ = actions.add_task(store, "Check label balance")
    other, _ = actions.add_task(store, "Plot the loss")
    trailer = commit_file(root, "a.py", "1\n", f"Count labels\n\nCredo-Task: {task.id[:6]}")
    closing = commit_file(root, "b.py", "1\n", f"Fix it, closes {task.id[:6]} and fixes zzzz")
    revert = commit_file(root, "c.py", "1\n", f'Revert "Plot, closes {other.id[:6]}"')
    run = Run(id="r001aaaabbbbcccc", command=["true"], git_start=GitState(sha=trailer))
    log = read_branch(store, 10, [run])
    [named] = log.links[trailer].items
    assert (named.kind, named.item_id, named.title, named.how) == (
        Task,
        task.id,
        "Check label balance",
        "trailer",
    )
    assert log.links[trailer].runs == [run]
    assert [i.how for i in log.links[closing].items] == ["closes"]  # zzzz names no task
    assert [i.how for i in log.links[revert].items] == ["named: a revert closes nothing"]


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a folder away needs root")
def test_a_repository_git_refuses_is_said_not_taken_for_one_without_commits(
    store: Store,
) -> None:
    """The commits view of a clone another user owns said "no commits yet"."""
    root = store.project_root
    give_away(root)
    said = read_branch(store, 10).none
    assert said.startswith(f"git linkage is off: git refuses the repository at {root}: ")
    assert said.endswith(f"run `git config --global --add safe.directory {root}`")


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a folder away needs root")
def test_a_submodule_whose_git_folder_another_user_owns_is_refused_too(tmp_path: Path) -> None:
    """git refuses a submodule whose folder in the superproject's .git/modules/ is
    another user's, though the work tree and its `.git` file are yours."""
    mod = submodule(tmp_path)
    store, _ = Store.init(mod)
    give_away(tmp_path / "top" / ".git" / "modules" / "mod")
    assert read_branch(store, 10).none.startswith("git linkage is off: git refuses the ")


def test_outside_git_and_before_the_first_commit_it_says_why(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    outside, _ = Store.init(plain)
    assert read_branch(outside, 10).none == "not a git repository: git linkage is off"
    fresh = tmp_path / "fresh"
    git(tmp_path, "init", "-q", str(fresh))
    unborn, _ = Store.init(fresh)
    assert read_branch(unborn, 10).none.startswith("no commits yet")
