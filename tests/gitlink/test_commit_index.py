"""The commit index on real repositories: trailers, closing keywords, incremental, rewrites."""

from __future__ import annotations

import subprocess
from pathlib import Path

from credo import actions
from credo.actions.gitsync import apply_closing_keywords, commits_for
from credo.domain.models import Task
from credo.gitlink import index as commit_index
from credo.store import Store

from repos import commit_file, git


def test_trailers_link_commits_by_short_id(store: Store) -> None:
    repo = store.project_root
    task, _ = actions.add_task(store, "Check leakage")
    other, _ = actions.add_task(store, "Other")
    short = task.id[:6]
    sha = commit_file(repo, "a.py", "a\n", f"Split by domain\n\nCredo-Task: {short}\n")
    commit_file(repo, "b.py", "b\n", "Unrelated change")
    linked = commits_for(store, task.id)
    assert [c.sha for c in linked] == [sha]
    assert linked[0].subject == "Split by domain" and linked[0].author == "Ada Tester"
    assert commits_for(store, other.id) == []
    assert (store.credo_dir / "cache" / "commits.json").exists()


def test_closing_keyword_on_current_branch_closes_task_once(store: Store) -> None:
    repo = store.project_root
    task, _ = actions.add_task(store, "Fix the tokenizer")
    sha = commit_file(repo, "t.py", "t\n", f"Handle accents\n\nfixes {task.id[:7]}")
    assert apply_closing_keywords(store)
    closed = store.read(Task, task.id)
    assert closed.status == "done" and closed.done_commit == sha and closed.closed_by == sha
    actions.reopen_task(store, task.id)  # reversible: reopening by hand sticks
    assert apply_closing_keywords(store) == []
    assert store.read(Task, task.id).status == "open"


def test_closing_keyword_on_another_branch_does_not_close(store: Store) -> None:
    repo = store.project_root
    task, _ = actions.add_task(store, "Try dropout")
    git(repo, "checkout", "-q", "-b", "idea")
    commit_file(repo, "d.py", "d\n", f"closes {task.id[:7]}")
    git(repo, "checkout", "-q", "main")
    apply_closing_keywords(store)
    assert store.read(Task, task.id).status == "open"
    assert len(commits_for(store, task.id)) == 1  # still linked: it mentions the task


def test_words_after_fix_that_name_no_task_are_ignored(store: Store) -> None:
    commit_file(store.project_root, "x.py", "x\n", "fix typo and closes gaps")
    assert apply_closing_keywords(store) == []


def test_incremental_update_reads_only_new_commits(store: Store) -> None:
    repo = store.project_root
    task, _ = actions.add_task(store, "t")
    first = commit_index.refresh(repo, store.credo_dir)
    assert first.commits == {}
    sha = commit_file(repo, "n.py", "n\n", f"work\n\nCredo-Task: {task.id}")
    updated, changed = commit_index.update(repo, commit_index.load(store.credo_dir))
    assert changed and list(updated.commits) == [sha]
    again, changed = commit_index.update(repo, updated)
    assert not changed and again is updated


def test_new_branch_and_merge_commit(store: Store) -> None:
    repo = store.project_root
    task, _ = actions.add_task(store, "merge me")
    git(repo, "checkout", "-q", "-b", "side")
    side = commit_file(repo, "s.py", "s\n", f"side work\n\nCredo-Task: {task.id[:5]}")
    git(repo, "checkout", "-q", "main")
    commit_file(repo, "m.py", "m\n", "main work")
    git(repo, "merge", "-q", "--no-ff", "side", "-m", f"Merge side\n\nCredo-Task: {task.id[:5]}")
    merge = git(repo, "rev-parse", "HEAD")
    linked = commits_for(store, task.id)
    assert {c.sha for c in linked} == {side, merge}
    assert len(next(c for c in linked if c.sha == merge).parents) == 2


def test_rebase_after_indexing_drops_rewritten_commits(store: Store) -> None:
    repo = store.project_root
    task, _ = actions.add_task(store, "rebased")
    git(repo, "checkout", "-q", "-b", "topic")
    old = commit_file(repo, "r.py", "r\n", f"topic\n\nCredo-Task: {task.id}")
    assert [c.sha for c in commits_for(store, task.id)] == [old]
    git(repo, "checkout", "-q", "main")
    commit_file(repo, "z.py", "z\n", "main moves on")
    git(repo, "checkout", "-q", "topic")
    git(repo, "rebase", "-q", "main")
    new = git(repo, "rev-parse", "HEAD")
    assert new != old
    assert [c.sha for c in commits_for(store, task.id)] == [new]


def test_any_encoding_and_emoji(store: Store) -> None:
    repo = store.project_root
    task, _ = actions.add_task(store, "encodings")
    (repo / "e.txt").write_text("e\n")
    git(repo, "add", "e.txt")
    message = f"Ação em português ☕🚀\n\nCredo-Task: {task.id}\n".encode("latin-1", "ignore")
    subprocess.run(
        ["git", "-c", "i18n.commitEncoding=latin1", "commit", "-q", "-F", "-"],
        cwd=repo,
        input=message,
        check=True,
    )
    commit_file(repo, "f.txt", "f\n", f"Emoji 🚀 ☕ ✅\n\nCredo-Task: {task.id}")
    subjects = [c.subject for c in commits_for(store, task.id)]
    assert "Emoji 🚀 ☕ ✅" in subjects
    assert any(s.startswith("Ação em português") for s in subjects)


def test_damaged_cache_is_rebuilt(store: Store) -> None:
    task, _ = actions.add_task(store, "cache")
    commit_file(store.project_root, "c.py", "c\n", f"c\n\nCredo-Task: {task.id}")
    commits_for(store, task.id)
    (store.credo_dir / "cache" / "commits.json").write_text("{nope")
    assert len(commits_for(store, task.id)) == 1


def test_repository_without_commits(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    store, _ = Store.init(tmp_path)
    task, _ = actions.add_task(store, "first")
    assert commits_for(store, task.id) == []
    assert apply_closing_keywords(store) == []
