"""`credo runs clean`: the run files in the clone's git folder that no run uses any more.

Real repositories and worktrees: a run's files stay in use while any worktree's checkout
has its record (committed or not), or any branch, tag or stash holds it; a folder whose
record is gone from all of them is listed with its size, and removed only when asked.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from credo.domain.models import Run
from credo.store import Store
from credo.store.ids import new_id
from killed_writes import aged
from terminal import on_terminal

from repos import git

Credo = Callable[..., subprocess.CompletedProcess[str]]
HOURS_AGO = 2 * 3600


def a_run(store: Store, output: str = "step 1\n", *, aged: bool = True) -> str:
    """A run's record in `store` and its files in the clone's git folder (an output.log
    of `output`), changed two hours ago unless not `aged`; returns its id."""
    run = Run(id=new_id(), command=["python", "train.py"], status="succeeded")
    store.create(run)
    folder = store.run_folder(run.id, create=True)
    (folder / "output.log").write_text(output)
    (folder / "metrics.jsonl").write_text('{"step": 1, "loss": 0.5}\n')
    if aged:
        then = time.time() - HOURS_AGO
        for path in (*folder.iterdir(), folder):
            os.utime(path, (then, then))
    return run.id


def commit_all(tree: Path, message: str) -> None:
    git(tree, "add", "-A")
    git(tree, "commit", "-q", "-m", message)


def forget(store: Store, run_id: str) -> None:
    """Its record gone from the checkout (a branch dropped, a hand's `rm`)."""
    shutil.rmtree(store.credo_dir / "runs" / run_id)


@pytest.fixture
def clone(store: Store, repo: Path, tmp_path: Path) -> dict[str, str]:
    """A clone whose git folder holds the files of five runs: one recorded in the main
    checkout, one in a linked worktree's checkout (not committed), one only on a branch
    no worktree has out, one whose record is gone from them all, and one the same but
    changed a moment ago. Returns their ids by those names."""
    runs = {"here": a_run(store)}
    commit_all(repo, "The board and a run")
    linked = tmp_path / "exp-b"
    git(repo, "worktree", "add", "-q", str(linked), "-b", "exp-b")
    runs["linked"] = a_run(Store.open(linked))
    later = tmp_path / "later"
    git(repo, "worktree", "add", "-q", str(later), "-b", "later")
    runs["on a branch"] = a_run(Store.open(later))
    commit_all(later, "A run kept for later")
    git(repo, "worktree", "remove", str(later))
    runs["gone"] = a_run(store, "x" * 5000)
    forget(store, runs["gone"])
    runs["young"] = a_run(store, aged=False)
    forget(store, runs["young"])
    return runs


def folders(repo: Path) -> set[str]:
    return {path.name for path in (repo / ".git" / "credo" / "runs").iterdir()}


def test_it_lists_what_no_run_uses_and_removes_nothing_unasked(
    repo: Path, clone: dict[str, str], credo: Credo
) -> None:
    """Each run's output, metrics and patches stayed in .git/credo/runs/ for ever, also
    once its record was gone from every checkout and branch: nothing showed them or
    took them away."""
    before = folders(repo)
    listed = credo(repo, "runs", "clean", stdin="y\n")  # a pipe never says yes
    assert listed.returncode == 0, listed.stderr
    said = listed.stdout
    short = Store.open(repo).short_ids(Run)  # a gone run's: the prefix no run's id shares
    gone = short[clone["gone"]]
    assert f"1 run folder no run uses any more (5 KB) in .git/credo/runs:\n  {gone}  5 KB" in said
    assert "Kept: 3 run folders in use (1 of them by runs only another branch" in said
    assert "1 changed in the last hour, kept" in said
    assert "Nothing removed: credo runs clean --yes removes them" in said
    for name in ("here", "linked", "on a branch", "young"):
        assert short[clone[name]] not in said
    assert folders(repo) == before


def test_yes_removes_only_those(repo: Path, clone: dict[str, str], credo: Credo) -> None:
    before = folders(repo)
    status = git(repo, "status", "--porcelain")
    removed = credo(repo, "runs", "clean", "--yes")
    assert removed.returncode == 0, removed.stderr
    assert "Removed 1 run folder: 5 KB freed." in removed.stdout
    assert folders(repo) == before - {clone["gone"]}
    assert git(repo, "status", "--porcelain") == status  # no checkout touched
    again = credo(repo, "runs", "clean", "--json")
    found = json.loads(again.stdout)
    assert found["unused"] == [] and found["used"] == 3 and found["young"] == 1


def test_a_yes_at_the_terminal_removes_them(repo: Path, clone: dict[str, str]) -> None:
    code, shown = on_terminal(repo, ["runs", "clean"], [("Remove them? [y/N]", b"y\n")])
    assert code == 0, shown
    assert "Removed 1 run folder" in shown
    assert clone["gone"] not in folders(repo)


def test_the_json_says_what_and_how_big(repo: Path, clone: dict[str, str], credo: Credo) -> None:
    listed = credo(repo, "runs", "clean", "--json")
    found = json.loads(listed.stdout)
    folder = repo / ".git" / "credo" / "runs" / clone["gone"]
    assert found["unused"] == [{"id": clone["gone"], "folder": str(folder), "bytes": 5025}]
    assert (found["used"], found["used_on_refs_only"], found["removed_bytes"]) == (3, 1, 0)
    assert folder.is_dir()


def test_nothing_goes_while_a_worktree_cannot_be_looked_in(
    repo: Path, tmp_path: Path, clone: dict[str, str], credo: Credo
) -> None:
    """A worktree on a disk not mounted may hold records nobody committed."""
    (tmp_path / "exp-b").rename(tmp_path / "away")
    before = folders(repo)
    cleaned = credo(repo, "runs", "clean", "--yes")
    assert cleaned.returncode == 0, cleaned.stderr
    assert f"worktree {tmp_path / 'exp-b'} is missing" in " ".join(cleaned.stderr.split())
    assert "No unused run files" in cleaned.stdout
    assert folders(repo) == before


def test_it_clears_what_killed_writes_left_in_the_folders_of_runs(
    store: Store, repo: Path, tmp_path: Path, credo: Credo
) -> None:
    """A write killed midway (a kill -9 of credo run) in a run's folder, its record's or
    its files', left its temporary file there for good: a write clears them only in its
    own folder, and none comes to an old run's folder again. credo runs clean removes
    those unchanged for an hour, unasked, as a write does; a younger one (a write under
    way), a file credo did not name so, and one behind a link stay."""
    here, gone = a_run(store), a_run(store)
    forget(store, gone)  # unused: its folder goes whole, only when asked
    record = store.credo_dir / "runs" / here
    files = repo / ".git" / "credo" / "runs" / here
    stale = [
        aged(record / ".run.toml.0123456789ab.tmp", HOURS_AGO, "half a record"),
        aged(files / ".metrics.jsonl.0123456789ab.tmp", HOURS_AGO, "half the metrics"),
    ]
    away = tmp_path / "away"
    away.mkdir()
    linked = new_id()
    (repo / ".git" / "credo" / "runs" / linked).symlink_to(away)
    (store.credo_dir / "runs" / linked).symlink_to(away)
    kept = [
        aged(record / ".run.toml.abcdef012345.tmp", 60, "a write under way"),
        aged(files / "notes.0123456789ab.tmp", HOURS_AGO),
        aged(away / ".run.toml.0123456789ab.tmp", HOURS_AGO),
        aged(repo / ".git" / "credo" / "runs" / gone / ".x.0123456789ab.tmp", HOURS_AGO),
    ]
    then = time.time() - HOURS_AGO
    os.utime(kept[-1].parent, (then, then))
    listed = credo(repo, "runs", "clean")
    assert listed.returncode == 0, listed.stderr
    assert "Nothing removed" in listed.stdout
    assert [path for path in stale if path.exists()] == []
    assert [path for path in kept if not path.exists()] == []


def test_outside_git_there_is_nothing_to_clean(tmp_path: Path, credo: Credo) -> None:
    (tmp_path / "plain").mkdir()
    Store.init(tmp_path / "plain")
    said = credo(tmp_path / "plain", "runs", "clean", "--yes")
    assert said.returncode == 0 and "Not a git repository" in said.stdout


def test_a_record_in_an_older_stash_keeps_its_files(store: Store, repo: Path, credo: Credo) -> None:
    """`git stash -u` took a record never added; a later stash hid it from refs/stash:
    `git stash pop` of it would bring back a record whose output was gone."""
    commit_all(repo, "The board")
    stashed = a_run(store)
    git(repo, "stash", "-q", "-u")
    (repo / "notes.txt").write_text("later work\n")
    git(repo, "stash", "-q", "-u")
    found = json.loads(credo(repo, "runs", "clean", "--json").stdout)
    assert (found["unused"], found["used_on_refs_only"]) == ([], 1)
    assert stashed in folders(repo)


def test_a_run_only_a_reflog_holds_keeps_its_files(
    store: Store, repo: Path, tmp_path: Path, credo: Credo
) -> None:
    """A commit reset away yesterday still has its run in `git reflog` (`git reset
    --hard HEAD@{1}` brings the record back), and runs clean listed its files as unused:
    in the main worktree's reflog and in a linked worktree's own HEAD's (detached there,
    so no branch's reflog holds it too). Once the reflogs expire, they are unused."""
    commit_all(repo, "The board")
    reset_here = a_run(store)
    commit_all(repo, "A run")
    git(repo, "reset", "-q", "--hard", "HEAD~1")
    linked = tmp_path / "exp-b"
    git(repo, "worktree", "add", "-q", "--detach", str(linked))
    reset_there = a_run(Store.open(linked))
    commit_all(linked, "A run there")
    git(linked, "reset", "-q", "--hard", "HEAD~1")
    found = json.loads(credo(repo, "runs", "clean", "--json").stdout)
    assert (found["unused"], found["used_on_refs_only"]) == ([], 2)
    said = credo(repo, "runs", "clean").stdout
    assert "2 of them by runs only another branch, tag, stash or the reflog holds" in said
    git(repo, "reflog", "expire", "--expire=now", "--expire-unreachable=now", "--all")
    found = json.loads(credo(repo, "runs", "clean", "--json").stdout)
    assert {unused["id"] for unused in found["unused"]} == {reset_here, reset_there}
