"""Commits act on tasks: a closing keyword on the current branch marks a task done."""

from __future__ import annotations

from collections.abc import Callable

from credo.domain.models import Experiment, Task, TaskStatus, now
from credo.errors import CredoError
from credo.gitlink.index import Commit, CommitIndex, refresh
from credo.gitlink.runner import git_ok
from credo.store.ids import resolve
from credo.store.store import Change, Store


def linked_index(store: Store) -> CommitIndex | None:
    """The up-to-date commit index, or None when git linkage is off (see `linkage_off`)."""
    if linkage_off(store) or store.git_root is None:
        return None
    return refresh(store.git_root, store.credo_dir)


def linkage_off(store: Store) -> str:
    """Why git linkage is off here, in one line; empty when it is on."""
    if store.git_root is None:
        return "not a git repository: git linkage is off"
    from credo.gitlink.runner import GitUnavailable, git

    try:
        git(store.git_root, "rev-parse", "--git-dir")
    except GitUnavailable as error:
        return error.message
    return ""


def commits_for(store: Store, item_id: str, index: CommitIndex | None = None) -> list[Commit]:
    """Commits that name an item (task or experiment), newest first."""
    index = index if index is not None else linked_index(store)
    if index is None:
        return []
    known = [*store.load(Task).stamps, *store.load(Experiment).stamps]
    return index.by_item(known).get(item_id, [])


def _closer(sha: str) -> Callable[[Task], Task]:
    def close(task: Task) -> Task:
        update = {"status": TaskStatus.DONE, "done_at": now(), "done_commit": sha, "closed_by": sha}
        return task.model_copy(update=update)

    return close


def apply_closing_keywords(store: Store, index: CommitIndex | None = None) -> list[Change]:
    """Mark done every open task that a commit on the current branch closes.

    Each (commit, task) pair acts once: a task reopened by hand stays open.
    """
    index = index if index is not None else linked_index(store)
    if index is None or store.git_root is None:
        return []
    closing = [c for c in index.commits.values() if c.closes]
    if not closing:
        return []
    tasks = store.load(Task).stamps
    changes: list[Change] = []
    for commit in sorted(closing, key=lambda c: c.time):
        for prefix in commit.closes:
            try:
                task_id = resolve(prefix, tasks, "task")
            except CredoError:
                continue  # a word after "fixes" that names no task
            task = store.read(Task, task_id)
            if not task.is_open or task.closed_by == commit.sha:
                continue
            if not git_ok(store.git_root, "merge-base", "--is-ancestor", commit.sha, "HEAD"):
                continue  # only the current branch closes tasks
            changes.append(store.update(Task, task_id, _closer(commit.sha))[1])
    return changes
