"""The commit index on real repositories: trailers, closing keywords, incremental, rewrites."""

from __future__ import annotations

import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from credo import actions
from credo.actions.gitsync import apply_closing_keywords, item_links
from credo.domain.models import Task
from credo.errors import CredoError
from credo.gitlink import index as commit_index
from credo.gitlink.exclude import keep_out_of_git
from credo.store import Store
from credo.store.ids import new_id

from repos import commit_file, git


def test_trailers_link_commits_by_short_id(store: Store) -> None:
    repo = store.project_root
    task, _ = actions.add_task(store, "Check leakage")
    other, _ = actions.add_task(store, "Other")
    short = task.id[:6]
    sha = commit_file(repo, "a.py", "a\n", f"Split by domain\n\nCredo-Task: {short}\n")
    commit_file(repo, "b.py", "b\n", "Unrelated change")
    linked = item_links(store, task.id)[0]
    assert [c.sha for c in linked] == [sha]
    assert linked[0].subject == "Split by domain" and linked[0].author == "Ada Tester"
    assert item_links(store, other.id)[0] == []
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


def test_a_task_closed_by_a_commit_is_done_when_the_commit_was_written(store: Store) -> None:
    repo = store.project_root
    task = Task(id=new_id(), title="Clean the labels", created=datetime(2026, 11, 27, tzinfo=UTC))
    store.create(task)
    (repo / "labels.py").write_text("clean\n")
    git(repo, "add", "labels.py")
    # written two days before credo next looks (the board was not open meanwhile)
    git(repo, "commit", "-q", "--date=2026-11-30T10:00:00+00:00", "-m", f"closes {task.id[:6]}")
    apply_closing_keywords(store)
    done = store.read(Task, task.id)
    assert done.done_at == datetime(2026, 11, 30, 10, 0, tzinfo=UTC)


def test_closing_keyword_on_another_branch_does_not_close(store: Store) -> None:
    repo = store.project_root
    task, _ = actions.add_task(store, "Try dropout")
    git(repo, "checkout", "-q", "-b", "idea")
    commit_file(repo, "d.py", "d\n", f"closes {task.id[:7]}")
    git(repo, "checkout", "-q", "main")
    apply_closing_keywords(store)
    assert store.read(Task, task.id).status == "open"
    assert len(item_links(store, task.id)[0]) == 1  # still linked: it mentions the task


def test_words_after_fix_that_name_no_task_are_ignored(store: Store) -> None:
    commit_file(store.project_root, "x.py", "x\n", "fix typo and closes gaps")
    assert apply_closing_keywords(store) == []


def test_a_closing_word_after_a_subject_ending_in_fix_still_closes(store: Store) -> None:
    """`Quick fix` then `closes ID` read `fix` as the keyword and `closes` as the id it
    named: the task stayed open and the commit unlinked."""
    task, _ = actions.add_task(store, "Fix the tokenizer")
    sha = commit_file(store.project_root, "q.py", "q\n", f"Quick fix\n\ncloses {task.id[:6]}")
    assert [c.sha for c in item_links(store, task.id)[0]] == [sha]
    assert apply_closing_keywords(store) and store.read(Task, task.id).done_commit == sha


def test_incremental_update_reads_only_new_commits(store: Store) -> None:
    repo = store.project_root
    task, _ = actions.add_task(store, "t")
    first = commit_index.refresh(repo, store)
    assert first.commits == {}
    sha = commit_file(repo, "n.py", "n\n", f"work\n\nCredo-Task: {task.id}")
    updated, changed = commit_index.update(repo, commit_index.load(store))
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
    linked = item_links(store, task.id)[0]
    assert {c.sha for c in linked} == {side, merge}
    assert len(next(c for c in linked if c.sha == merge).parents) == 2


def test_rebase_after_indexing_drops_rewritten_commits(store: Store) -> None:
    repo = store.project_root
    task, _ = actions.add_task(store, "rebased")
    git(repo, "checkout", "-q", "-b", "topic")
    old = commit_file(repo, "r.py", "r\n", f"topic\n\nCredo-Task: {task.id}")
    assert [c.sha for c in item_links(store, task.id)[0]] == [old]
    git(repo, "checkout", "-q", "main")
    commit_file(repo, "z.py", "z\n", "main moves on")
    git(repo, "checkout", "-q", "topic")
    git(repo, "rebase", "-q", "main")
    new = git(repo, "rev-parse", "HEAD")
    assert new != old
    assert [c.sha for c in item_links(store, task.id)[0]] == [new]


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
    subjects = [c.subject for c in item_links(store, task.id)[0]]
    assert "Emoji 🚀 ☕ ✅" in subjects
    assert any(s.startswith("Ação em português") for s in subjects)


def test_damaged_cache_is_rebuilt(store: Store) -> None:
    task, _ = actions.add_task(store, "cache")
    commit_file(store.project_root, "c.py", "c\n", f"c\n\nCredo-Task: {task.id}")
    item_links(store, task.id)[0]
    (store.credo_dir / "cache" / "commits.json").write_text("{nope")
    assert len(item_links(store, task.id)[0]) == 1


def test_repository_without_commits(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    store, _ = Store.init(tmp_path)
    task, _ = actions.add_task(store, "first")
    assert item_links(store, task.id)[0] == []
    assert apply_closing_keywords(store) == []


def test_undoing_a_closing_sticks(store: Store) -> None:
    from credo.actions.history import undo

    task, _ = actions.add_task(store, "Undo me")
    commit_file(store.project_root, "u.py", "u\n", f"resolves {task.id[:6]}")
    changes = apply_closing_keywords(store)
    assert store.read(Task, task.id).status == "done"
    undo(store, changes)
    reverted = store.read(Task, task.id)
    assert reverted.status == "open" and reverted.done_commit is None
    assert apply_closing_keywords(store) == []
    assert store.read(Task, task.id).status == "open"


def test_task_done_by_hand_then_reopened_is_not_closed_by_an_old_commit(store: Store) -> None:
    task, _ = actions.add_task(store, "Done by hand")
    actions.complete_task(store, task.id)
    commit_file(store.project_root, "h.py", "h\n", f"closes {task.id[:6]}")
    assert apply_closing_keywords(store) == []
    actions.reopen_task(store, task.id)
    assert apply_closing_keywords(store) == []
    assert store.read(Task, task.id).status == "open"


def test_a_reopened_task_stays_open_in_a_fresh_clone(store: Store, tmp_path: Path) -> None:
    """What was applied is cached out of git; that the task was reopened is in its file."""
    closed, _ = actions.add_task(store, "Closed by a commit, then reopened")
    by_hand, _ = actions.add_task(store, "Done by hand, then reopened")
    actions.complete_task(store, by_hand.id)
    commit_file(store.project_root, "r.py", "r\n", f"closes {closed.id[:6]} {by_hand.id[:6]}")
    apply_closing_keywords(store)
    assert store.read(Task, closed.id).status == "done"
    actions.reopen_task(store, closed.id)
    actions.reopen_task(store, by_hand.id)
    git(store.project_root, "add", "-A")
    git(store.project_root, "commit", "-q", "-m", "Task states")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(store.project_root), str(clone))
    cloned = Store.open(clone)
    assert apply_closing_keywords(cloned) == []
    assert [cloned.read(Task, t.id).status for t in (closed, by_hand)] == ["open", "open"]
    (store.project_root / "s.py").write_text("s\n")  # a closing commit written later closes
    git(store.project_root, "add", "s.py")
    later = f"@{int(time.time()) + 5} +0000"
    git(store.project_root, "commit", "-q", f"--date={later}", "-m", f"fixes {closed.id[:6]}")
    assert apply_closing_keywords(store) != []
    assert store.read(Task, closed.id).status == "done"


def test_reopening_an_open_task_or_dropping_a_dropped_one_is_refused(store: Store) -> None:
    task, _ = actions.add_task(store, "Open")
    with pytest.raises(CredoError, match="nothing to reopen"):
        actions.reopen_task(store, task.id)
    actions.drop_task(store, task.id)
    with pytest.raises(CredoError, match="already dropped"):
        actions.drop_task(store, task.id)


def test_recurring_task_closed_by_commit_gets_next_occurrence(store: Store) -> None:
    task, _ = actions.add_task(store, "Weekly data audit", every="weekly")
    sha = commit_file(store.project_root, "w.py", "w\n", f"Audit done, closes {task.id[:6]}")
    apply_closing_keywords(store)
    tasks = store.tasks()
    assert store.read(Task, task.id).done_commit == sha
    assert [t.title for t in tasks if t.is_open] == ["Weekly data audit"]
    assert len(tasks) == 2


def test_closing_commit_on_a_branch_acts_once_merged(store: Store) -> None:
    repo = store.project_root
    task, _ = actions.add_task(store, "Merged later")
    git(repo, "checkout", "-q", "-b", "fix")
    sha = commit_file(repo, "f.py", "f\n", f"fixes {task.id[:6]}")
    git(repo, "checkout", "-q", "main")
    assert apply_closing_keywords(store) == []
    git(repo, "merge", "-q", "--ff-only", "fix")
    assert apply_closing_keywords(store)
    assert store.read(Task, task.id).done_commit == sha


def test_message_bytes_in_no_declared_encoding_still_read(store: Store) -> None:
    repo = store.project_root
    task, _ = actions.add_task(store, "latin1 without header")
    message = f"Ação rápida\n\nCredo-Task: {task.id}\n".encode("latin-1")
    tree = git(repo, "write-tree")
    sha = (
        subprocess.run(
            ["git", "commit-tree", tree, "-p", "HEAD"],
            cwd=repo,
            input=message,
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .strip()
    )
    git(repo, "update-ref", "refs/heads/main", sha)
    assert [c.subject for c in item_links(store, task.id)[0]] == ["Ação rápida"]


def test_trailer_value_on_the_next_line_is_not_read(store: Store) -> None:
    task, _ = actions.add_task(store, "strict trailers")
    commit_file(store.project_root, "s.py", "s\n", f"x\n\nCredo-Task:\n{task.id}")
    assert item_links(store, task.id)[0] == []


def test_cache_whose_tips_vanished_is_rebuilt(store: Store) -> None:
    task, _ = actions.add_task(store, "gone tips")
    sha = commit_file(store.project_root, "g.py", "g\n", f"g\n\nCredo-Task: {task.id}")
    stale = commit_index.CommitIndex(tips=["f" * 40])
    fresh, changed = commit_index.update(store.project_root, stale)
    assert changed and list(fresh.commits) == [sha]


def test_branch_deleted_after_indexing_drops_its_commits(store: Store) -> None:
    repo = store.project_root
    task, _ = actions.add_task(store, "deleted branch")
    git(repo, "checkout", "-q", "-b", "dead")
    commit_file(repo, "d.py", "d\n", f"d\n\nCredo-Task: {task.id}")
    git(repo, "checkout", "-q", "main")
    assert len(item_links(store, task.id)[0]) == 1
    git(repo, "branch", "-q", "-D", "dead")
    assert item_links(store, task.id)[0] == []


def test_a_stash_is_not_a_commit_of_the_task(store: Store) -> None:
    repo = store.project_root
    task, _ = actions.add_task(store, "Fix the split")
    sha = commit_file(repo, "s.py", "s\n", f"Fix split, closes {task.id[:6]}")
    (repo / "s.py").write_text("half done\n")
    git(repo, "stash", "-q")  # git's own commits, named after HEAD's subject
    assert [c.sha for c in item_links(store, task.id)[0]] == [sha]


def test_shallow_clone_indexes_what_it_has(store: Store, tmp_path: Path) -> None:
    repo = store.project_root
    task, _ = actions.add_task(store, "shallow")
    commit_file(repo, "1.py", "1\n", f"one\n\nCredo-Task: {task.id}")
    top = commit_file(repo, "2.py", "2\n", f"two\n\nCredo-Task: {task.id}")
    clone = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(clone))
    cloned, _ = Store.init(clone)
    actions.add_task(cloned, "local")
    (cloned.credo_dir / "tasks" / f"{task.id}.toml").write_bytes(
        (store.credo_dir / "tasks" / f"{task.id}.toml").read_bytes()
    )
    assert [c.sha for c in item_links(cloned, task.id)[0]] == [top]


def test_linked_worktree_has_its_own_index(store: Store, tmp_path: Path) -> None:
    repo = store.project_root
    tree = tmp_path / "wt"
    git(repo, "worktree", "add", "-q", "-b", "feature", str(tree))
    other, _ = Store.init(tree)
    keep_out_of_git(other)
    task, _ = actions.add_task(other, "in the worktree")
    sha = commit_file(tree, "w.py", "w\n", f"w, closes {task.id[:6]}")
    assert [c.sha for c in item_links(other, task.id)[0]] == [sha]
    apply_closing_keywords(other)
    assert other.read(Task, task.id).done_commit == sha
    assert (tree / ".credo" / "cache" / "commits.json").exists()


def test_experiment_trailer_links_the_experiment(store: Store) -> None:
    from credo.actions.experiments import start_experiment

    exp, _ = start_experiment(store, "Smaller batch trains faster")
    sha = commit_file(store.project_root, "e.py", "e\n", f"bs 32\n\nCredo-Experiment: {exp.id[:5]}")
    linked = item_links(store, exp.id)[0]
    assert [c.sha for c in linked] == [sha] and linked[0].experiments == [exp.id[:5]]


def test_parse_log_skips_records_out_of_step() -> None:
    sha = "a" * 40
    trailers = [b"abcd1234", b""]  # Credo-Task, Credo-Experiment values as git found them
    record = [
        sha.encode(),
        b"",
        b"1700000000",
        b"Ada",
        b"s",
        *trailers,
        b"s\n\nCredo-Task: abcd1234\n",
    ]
    raw = b"\0".join([b"junk", *record, b""])
    parsed = commit_index.parse_log(raw)
    assert list(parsed) == [sha] and parsed[sha].tasks == ["abcd1234"]


def test_sha256_repository_index(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q", "--object-format=sha256")
    commit_file(tmp_path, "a.txt", "a\n", "first")
    store, _ = Store.init(tmp_path)
    task, _ = actions.add_task(store, "sha256")
    sha = commit_file(tmp_path, "b.txt", "b\n", f"b, closes {task.id[:6]}")
    assert len(sha) == 64 and [c.sha for c in item_links(store, task.id)[0]] == [sha]
    apply_closing_keywords(store)
    assert store.read(Task, task.id).done_commit == sha


def test_trailers_are_what_git_calls_trailers(store: Store) -> None:
    """A `Credo-Task:` line in the middle of the body is no trailer for git
    (`git interpret-trailers --parse` finds none), so it links nothing; one in the
    last paragraph does, with git's own rules (any case of the key, several values)."""
    repo = store.project_root
    task, _ = actions.add_task(store, "Check leakage")
    other, _ = actions.add_task(store, "Other")
    exp_id = "e" * 16
    body = f"Credo-Task: {task.id[:6]}\nwas quoted from the issue, then more words."
    mid = commit_file(repo, "a.py", "a\n", f"Quote an issue\n\n{body}\n\nMore text.")
    parsed = git(repo, "log", "-1", "--format=%B", mid)
    assert git(repo, "interpret-trailers", "--parse", input_text=parsed) == ""
    last = commit_file(
        repo,
        "b.py",
        "b\n",
        f"Both\n\nBody.\n\ncredo-task: {task.id[:6]}\nCREDO-TASK: {other.id[:6]}\n"
        f"Credo-Experiment: {exp_id}\nSigned-off-by: Ada <ada@example.com>",
    )
    assert [c.sha for c in item_links(store, task.id)[0]] == [last]
    assert [c.sha for c in item_links(store, other.id)[0]] == [last]
    [commit] = commit_index.refresh(repo, store).commits.values()
    assert commit.experiments == [exp_id]


def test_closing_keywords_stay_free_text(store: Store) -> None:
    task, _ = actions.add_task(store, "Fix the tokenizer")
    sha = commit_file(
        store.project_root, "t.py", "t\n", f"Accents\n\nThis fixes {task.id[:6]} at last.\n\nMore."
    )
    assert [c.sha for c in item_links(store, task.id)[0]] == [sha]


def test_a_commit_that_closes_and_has_the_trailer_is_one_commit(store: Store) -> None:
    task, _ = actions.add_task(store, "Fix leakage")
    message = f"Dedup splits, closes {task.id[:4]}\n\nCredo-Task: {task.id}"
    sha = commit_file(store.project_root, "d.py", "d\n", message)
    assert [c.sha for c in item_links(store, task.id)[0]] == [sha]


def test_outside_history_names_the_commits_no_ref_reaches(repo: Path, tmp_path: Path) -> None:
    """An amended commit is gone, one a branch keeps is not; a commit this clone never had
    is gone, unless the clone is shallow; what is not a commit's sha (a blob's, words
    a teammate wrote) is neither, and does not hide the others."""
    kept = commit_file(repo, "a.py", "a\n", "Add a")
    amended = commit_file(repo, "b.py", "b\n", "Add b")
    git(repo, "commit", "-q", "--amend", "-m", "Add b, again")
    never = "1" * 40
    blob = git(repo, "rev-parse", "HEAD:b.py")
    asked = [kept, amended, never, blob, "--all", "HEAD"]
    assert commit_index.outside_history(repo, asked) == {amended, never}
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(shallow))
    assert commit_index.outside_history(shallow, [kept, amended, never]) == set()


def test_a_revert_of_a_closing_commit_does_not_close_the_task_again(store: Store) -> None:
    """`git revert` quotes the subject it undoes ('Revert "Clip grads, fixes 3kf"'): the task,
    reopened because the fix was wrong, was closed again by the commit that took the fix
    away. The revert is still one of the task's commits."""
    repo = store.project_root
    task, _ = actions.add_task(store, "Fix the NaN loss")
    sha = commit_file(repo, "n.py", "n\n", f"Clip grads, fixes {task.id[:6]}")
    assert apply_closing_keywords(store)
    actions.reopen_task(store, task.id)
    time.sleep(1)  # the revert is written after the reopening
    git(repo, "revert", "--no-edit", "HEAD")
    assert apply_closing_keywords(store) == []
    assert store.read(Task, task.id).status == "open"
    assert [c.subject for c in item_links(store, task.id)[0]] == [
        f'Revert "Clip grads, fixes {task.id[:6]}"',
        f"Clip grads, fixes {task.id[:6]}",
    ]
    assert store.read(Task, task.id).closed_by == sha


def test_closing_commits_are_placed_on_the_branch_by_one_git_walk(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A `git merge-base --is-ancestor` per closing commit walked the history once each:
    a fresh clone of a 150,000-commit fork with 100 closing commits opened in 38 s."""
    from credo.gitlink import runner

    repo = store.project_root
    tasks = [actions.add_task(store, f"Task {n}")[0] for n in range(4)]
    for n, task in enumerate(tasks[:3]):
        commit_file(repo, f"f{n}.py", "f\n", f"Work, closes {task.id[:6]}")
    git(repo, "checkout", "-q", "-b", "side")
    commit_file(repo, "s.py", "s\n", f"fixes {tasks[3].id[:6]}")
    git(repo, "checkout", "-q", "main")
    index = commit_index.refresh(repo, store)
    started: list[tuple[str, ...]] = []
    run = runner.run

    def counting(root: str | Path, *args: str, stdin: bytes | None = None) -> object:
        started.append(args)
        return run(root, *args, stdin=stdin)

    monkeypatch.setattr(runner, "run", counting)
    assert len(apply_closing_keywords(store, index)) > 0
    assert [store.read(Task, t.id).status for t in tasks] == ["done"] * 3 + ["open"]
    assert len(started) == 1  # one walk places all four commits


def test_a_prefix_two_ids_start_with_links_to_neither_and_the_board_says_so(
    store: Store,
) -> None:
    """A short trailer that a later task also matches vanished from both tasks' commits,
    said nowhere; the board's detail now names the commit under each task's commits."""
    from credo.ui.app import CredoApp

    repo = store.project_root
    first, _ = actions.add_task(store, "Check leakage")
    written = first.id[:4]
    sha = commit_file(repo, "a.py", "a\n", f"Split by domain\n\nCredo-Task: {written}\n")
    later = Task(id=written + ("z" if first.id[4] != "z" else "y") * 12, title="Alike")
    store.create(later)
    index = commit_index.refresh(repo, store)
    ids = [first.id, later.id]
    assert index.by_item(ids) == {}
    unsure = index.links(ids).unsure
    assert [u.commit.sha for u in unsure[first.id]] == [u.commit.sha for u in unsure[later.id]]
    app = CredoApp(store)
    app.commits_read, app.unsure_commits = True, unsure
    assert f"commit {sha[:7]} names {written}, the start of 2 ids here" in app.commits_text(
        later.id
    )
