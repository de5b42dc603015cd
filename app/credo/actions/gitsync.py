"""Commits act on tasks: a closing keyword on the current branch marks a task done.

Call `apply_closing_keywords(store)` whenever the commit index is refreshed (the CLI's
`log`/`show`, the board's git worker). A closing is the commit's doing, not the
board's: it is never on the board's undo stack, and reopening the task (`credo undone`,
x on the done task) undoes it. Each (commit, task) pair acts once, so a task reopened
stays open.
"""

from __future__ import annotations

import functools
import json
import shlex
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from credo.abandoned_reads import landing_whole
from credo.actions.tasks import complete_task
from credo.domain.models import Experiment, Task, short_sha
from credo.errors import CredoError
from credo.gitlink.index import Commit, CommitIndex, Unsure, on_branch, refresh, starting
from credo.gitlink.runner import NOT_INSTALLED
from credo.gitlink.state import refusal
from credo.store.paths import from_here, item_path
from credo.store.store import Change, Store

SEEN_NAME = "closings.json"
REVERT = 'Revert "'
"""How `git revert` begins the subject of the commit that undoes another."""


@dataclass
class GitFacts:
    """What git says about the board's tasks, read in one pass."""

    commits: dict[str, list[Commit]] = field(default_factory=dict)
    """Task id -> the commits that mention it."""
    unsure: dict[str, list[Unsure]] = field(default_factory=dict)
    """Task id -> the commits that name it by a prefix another task's id starts with too."""
    closed: list[Change] = field(default_factory=list)
    """What closing keywords in new commits wrote (tasks marked done)."""
    people: list[str] | None = None
    """The git authors, when asked for (they change only when HEAD moves)."""
    names: dict[str, str] | None = None
    """With `people`: how the people credo records by e-mail are named (`email_names`)."""
    gone: frozenset[str] = frozenset()
    """Of the commits tasks were done at, those no longer in history."""
    said: list[str] = field(default_factory=list)
    """What to say of the tasks `closed` marked done (`closed_words`), and of the closings
    read for the first time that close none, their id the start of several tasks'."""


def git_facts(
    store: Store,
    with_people: bool,
    done_commits: Iterable[str] = (),
    user: Callable[[], tuple[str, str] | None] | None = None,
) -> GitFacts:
    """The commits of every task, the tasks new commits close (marked done now), which
    of `done_commits` are no longer in history, and with `with_people` who commits here
    (who a task can be delegated to) and their names for their e-mails (`user`: git's
    user as the app keeps it, `email_names`)."""
    from credo.gitlink.authors import email_names, read_authors
    from credo.text.words import unsure_line

    facts = GitFacts()
    if with_people:  # none outside git: the board then names people as recorded
        facts.people, by_email = read_authors(store.git_root)
        facts.names = email_names(store.git_root, None, by_email, user)
    index = linked_index(store)  # None with linkage off (the header says why)
    if index is not None and store.git_root is not None:
        unsure: list[Unsure] = []
        facts.closed = apply_closing_keywords(store, index, unsure)
        facts.said = closed_words(store, facts.closed)
        facts.said += [unsure_line(u, closing=True) for u in unsure]
        links = index.links(store.item_ids(Task), store.item_ids(Experiment))  # as the shell's
        facts.commits, facts.unsure = links.commits, links.unsure
        facts.gone = _outside(store.git_root, tuple(index.tips), frozenset(done_commits))
    return facts


@functools.lru_cache(maxsize=1)
def _outside(root: Path, tips: tuple[str, ...], shas: frozenset[str]) -> frozenset[str]:
    """`outside_history`, asked of git again only when a ref moved (`tips`) or `shas`
    changed: the board's look at git every few seconds costs no more."""
    from credo.gitlink.index import outside_history

    return frozenset(outside_history(root, shas))


def linkage_off(store: Store) -> str:
    """Why git linkage is off here, in one line; empty when it is on."""
    if store.git_root is None:
        return "not a git repository: git linkage is off"
    if shutil.which("git") is None:
        return NOT_INSTALLED
    return refusal(store.git_root)


def linked_index(store: Store) -> CommitIndex | None:
    """The up-to-date commit index, or None when git linkage is off (see `linkage_off`)."""
    if linkage_off(store) or store.git_root is None:
        return None
    return refresh(store.git_root, store)


def item_links(
    store: Store, item_id: str, index: CommitIndex | None = None
) -> tuple[list[Commit], list[Unsure]]:
    """The commits that name an item (task or experiment), newest first, and those that
    name it by a prefix another item's id starts with too (linked to neither:
    `CommitIndex.links`)."""
    index = index if index is not None else linked_index(store)
    if index is None:
        return [], []
    links = index.links(store.item_ids(Task), store.item_ids(Experiment))  # as the board's
    return links.commits.get(item_id, []), links.unsure.get(item_id, [])


def _load_seen(store: Store) -> set[str]:
    raw = store.read_cache(SEEN_NAME)
    try:
        return {str(pair) for pair in json.loads(raw)} if raw is not None else set()
    except (ValueError, TypeError, RecursionError):
        return set()


def _save_seen(store: Store, seen: set[str]) -> None:
    # Skipped on a read-only checkout: a reopened task may be closed again, nothing worse.
    store.write_cache(SEEN_NAME, json.dumps(sorted(seen)).encode())


def apply_closing_keywords(
    store: Store, index: CommitIndex | None = None, unsure: list[Unsure] | None = None
) -> list[Change]:
    """Mark done (at that commit) every open task a commit on the current branch closes.

    Each (commit, task) pair is considered once: after that, reopening the task
    sticks. Returns the changes written. `unsure`, when given (by a face that says it),
    gets each closing on the current branch whose id several tasks' start with, read for
    the first time: it closes none of them (`mentions`' rule), said once.
    """
    index = index if index is not None else linked_index(store)
    if index is None or store.git_root is None:
        return []
    # A revert quotes the subject it undoes ('Revert "Clip grads, fixes 3kf"'): not a closing.
    closing = [c for c in index.commits.values() if c.closes and not c.subject.startswith(REVERT)]
    if not closing:
        return []
    tasks = sorted(store.item_ids(Task))
    seen = _load_seen(store)
    before = len(seen)
    pending: list[tuple[Commit, str]] = []
    unclear: list[Unsure] = []
    for commit in sorted(closing, key=lambda c: c.time):
        for prefix in dict.fromkeys(commit.closes):
            ids = starting(tasks, prefix)
            if len(ids) == 1 and f"{commit.sha} {ids[0]}" not in seen:
                pending.append((commit, ids[0]))
            elif len(ids) > 1 and unsure is not None and f"{commit.sha} {prefix}" not in seen:
                unclear.append(Unsure(commit, prefix, len(ids)))
    # only the current branch closes tasks (another may be merged later)
    shas = {commit.sha for commit, _ in pending} | {u.commit.sha for u in unclear}
    here = on_branch(store.git_root, shas)
    for said in unclear:
        if unsure is not None and said.commit.sha in here:
            seen.add(f"{said.commit.sha} {said.written}")
            unsure.append(said)
    changes: list[Change] = []
    for commit, task_id in pending:
        if commit.sha not in here:
            continue
        try:
            task = store.read(Task, task_id)
        except CredoError:  # a broken file (conflict markers...): its own row says why,
            continue  # and the closing acts once it is fixed
        seen.add(f"{commit.sha} {task_id}")
        if task.is_open and not _reopened_since(task, commit):
            changes += _close(store, task_id, commit)
    if len(seen) != before:
        _save_seen(store, seen)
    return changes


def _reopened_since(task: Task, commit: Commit) -> bool:
    """The task's own file says it was opened again after this commit closed it, or after
    the commit was written: the cache of pairs seen is not in a fresh clone, the file is."""
    if task.closed_by == commit.sha:
        return True
    return task.reopened is not None and commit.time <= task.reopened.timestamp()


def closed_words(store: Store, changes: Iterable[Change]) -> list[str]:
    """A "Done:" line for each task `changes` (of `apply_closing_keywords`) marked done,
    for the CLI and the board alike.

    Every clone with the commit writes its closing into the task's file: one teammate's
    commit of it stops the others' `git pull` on their own uncommitted copy (git refuses
    to overwrite a changed file, even one changed alike), so the line says to commit it;
    the two commits then merge (the merge driver keeps the one closing)."""
    said: list[str] = []
    for task_id in dict.fromkeys(c.item_id for c in changes if c.kind is Task):
        task = store.read(Task, task_id)
        if task.closed_by and task.status == "done":
            short = store.short_id(Task, task.id)
            path = item_path(store.credo_dir, task.folder, task.id)
            where = shlex.quote(from_here(path, store.project_root))
            said.append(
                f"Done: {task.title} (closed by commit {short_sha(task.closed_by)}; "
                f"`credo undone {short}` reopens it); commit {where} before you pull: "
                "every clone with that commit writes this closing, and git pull stops "
                "on a copy left uncommitted"
            )
    return said


def _close(store: Store, task_id: str, commit: Commit) -> list[Change]:
    # done when the commit was written, not when credo next read the history
    at = datetime.fromtimestamp(commit.time, UTC)
    # Three files at most: the task done, its next occurrence, the commit that closed it.
    # The board writes them in a read worker, which quitting abandons: cut after the
    # first, a weekly task had no next week (the next start found it done, not to close).
    with landing_whole():
        try:
            _, changes = complete_task(store, task_id, commit=commit.sha, at=at)
        except CredoError:
            return []  # another credo closed it a moment ago
        _, marked = store.update(
            Task, task_id, lambda t: t.model_copy(update={"closed_by": commit.sha})
        )
    return [*changes, marked]
