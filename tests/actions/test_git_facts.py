"""`git_facts`: what the board's git worker reads in one pass, from a real repository."""

from __future__ import annotations

import pytest

from credo import actions
from credo.actions.gitsync import git_facts
from credo.domain.models import Task
from credo.store import Store

from repos import commit_file, git


def test_commits_closings_and_people_in_one_read(store: Store) -> None:
    task, _ = actions.add_task(store, "Dedupe the splits")
    other, _ = actions.add_task(store, "Plot the loss")
    sha = commit_file(store.project_root, "split.py", "x\n", f"Dedupe, closes {task.id[:6]}")
    facts = git_facts(store, with_people=True)
    assert [c.sha for c in facts.commits[task.id]] == [sha] and other.id not in facts.commits
    assert {c.item_id for c in facts.closed} == {task.id}
    assert store.read(Task, task.id).status == "done"
    assert facts.people == ["Ada Tester"]
    again = git_facts(store, with_people=False)
    assert again.closed == [] and again.people is None  # a closing acts once


def test_outside_git_there_are_no_facts(tmp_path) -> None:  # type: ignore[no-untyped-def]
    store, _ = Store.init(tmp_path)
    facts = git_facts(store, with_people=True)
    assert facts.commits == {} and facts.closed == []
    assert facts.people == [] and facts.names == {}  # read: people are named as recorded


def test_the_people_are_the_authors_of_the_newest_commits_only(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every author of the whole history was read at each commit: in a fork of a big
    project, 80,000 commits' worth (a second and a half) for names long gone from it."""
    from credo.gitlink import authors

    repo = store.project_root
    git(repo, "commit", "-q", "--allow-empty", "--author=Old Timer <old@lab>", "-m", "old")
    for n in range(2):
        git(repo, "commit", "-q", "--allow-empty", "-m", f"new {n}")
    monkeypatch.setattr(authors, "AUTHORS_READ", 2)
    assert git_facts(store, with_people=True).people == ["Ada Tester"]
