"""The shapes research repositories take: git stopped mid-operation, submodules, LFS."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

from credo.gitlink.state import capture
from credo.runs.launch import RunRequest, execute
from credo.store import Store
from credo.text.runs import run_lines

from repos import commit_file, git


def _run_record(store: Store) -> dict[str, object]:
    """Run `python -c pass` in the project; its run.toml as saved."""
    request = RunRequest(command=[sys.executable, "-c", "pass"], cwd=store.project_root)
    outcome = execute(store, request)
    assert outcome.saved and outcome.exit_code == 0
    record = store.credo_dir / "runs" / outcome.run.id / "run.toml"
    return {"run": outcome.run, **tomllib.loads(record.read_text())}


def _conflicting_branches(repo: Path) -> str:
    """`feat` and the checked-out branch (its name returned) each change README.md their
    own way."""
    start = git(repo, "branch", "--show-current")
    git(repo, "checkout", "-q", "-b", "feat")
    commit_file(repo, "README.md", "feat\n", "feat's take")
    git(repo, "checkout", "-q", start)
    commit_file(repo, "README.md", "main\n", "main's take")
    return start


def test_a_run_during_a_stopped_rebase_names_the_rebase_and_its_branch(
    store: Store, repo: Path
) -> None:
    start = _conflicting_branches(repo)
    git(repo, "checkout", "-q", "feat")
    assert "CONFLICT" in _git_fails(repo, "rebase", start)
    state = capture(repo)
    assert state.branch is None and state.operation == "rebasing feat"
    assert state.summary().endswith("· dirty · rebasing feat")
    assert state.summary(short=True).endswith("* (rebasing)")
    record = _run_record(store)
    assert record["git_start"]["operation"] == "rebasing feat"  # type: ignore[index]
    assert "branch" not in record["git_start"]  # type: ignore[operator]
    assert "    git was in the middle of: rebasing feat" in run_lines(record["run"])  # type: ignore[arg-type]


def _git_fails(repo: Path, *args: str) -> str:
    """git's words when it stops (a conflict): it must stop."""
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=False)
    assert done.returncode != 0
    return done.stdout + done.stderr


def test_a_run_during_a_bisect_says_so_and_where_it_started(store: Store, repo: Path) -> None:
    start = git(repo, "branch", "--show-current")
    first = git(repo, "rev-parse", "HEAD")
    for n in range(3):
        commit_file(repo, "train.py", f"lr = {n}\n", f"lr {n}")
    git(repo, "bisect", "start", "HEAD", first)
    state = capture(repo)
    assert state.branch is None and state.operation == f"bisecting from {start}"
    record = _run_record(store)
    assert record["git_start"]["operation"] == f"bisecting from {start}"  # type: ignore[index]
    git(repo, "bisect", "reset")
    assert capture(repo).operation is None and capture(repo).branch == start


def test_a_merge_and_a_cherry_pick_stopped_on_a_conflict_are_named(repo: Path) -> None:
    start = _conflicting_branches(repo)
    feat = git(repo, "rev-parse", "feat")
    _git_fails(repo, "merge", "feat")
    state = capture(repo)
    assert state.branch == start and state.operation == f"merging {feat[:7]}"
    git(repo, "merge", "--abort")
    _git_fails(repo, "cherry-pick", "feat")
    assert capture(repo).operation == f"cherry-picking {feat[:7]}"
    git(repo, "cherry-pick", "--abort")
    assert capture(repo).operation is None
