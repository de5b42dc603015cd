"""`git rm -r .credo`, then `credo add` in the shell: the task makes a store again (the
user's explicit act), in the `.credo/` git left behind, its git-ignored cache still
there. What that cache held (tasks, experiments, the commit index) must not come back."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

from repos import commit_file, git

Credo = Callable[..., subprocess.CompletedProcess[str]]


def test_a_store_made_again_by_add_shows_only_what_it_holds_and_git_ignores_its_cache(
    repo: Path, credo: Credo
) -> None:
    """The task added showed alone everywhere; but the store it made had no `.gitignore`
    (nor settings, nor `.gitattributes`): the leftover cache was untracked, and `git add
    .credo` committed the caches with the task."""
    credo(repo, "init")
    old = credo(repo, "add", "Check label balance per domain").stdout.strip()
    credo(repo, "exp", "start", "Masking names keeps accuracy", "--timebox", "1h")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Track the board")
    commit_file(repo, "balance.py", "count()\n", f"Count labels\n\nCredo-Task: {old}")
    for look in (["ls"], ["exp", "ls"], ["log", old], ["report"]):  # each fills a cache
        assert credo(repo, *look).returncode == 0
    git(repo, "rm", "-r", "-q", ".credo")
    cache = sorted(p.name for p in (repo / ".credo" / "cache").iterdir())
    assert {"commits.json", "tasks.json", "experiments.json"} <= set(cache)

    added = credo(repo, "add", "Write the abstract")
    assert added.returncode == 0, added.stderr
    new = json.loads(credo(repo, "ls", "--json").stdout)
    assert [task["title"] for task in new] == ["Write the abstract"]
    assert json.loads(credo(repo, "exp", "ls", "--json").stdout) == []
    assert json.loads(credo(repo, "log", "--json", added.stdout.strip()).stdout) == []
    assert credo(repo, "log", old).returncode != 0  # no such task: the commit names nothing
    report = json.loads(credo(repo, "report", "--format", "json").stdout)
    assert [task["title"] for task in report["added"]] == ["Write the abstract"]
    assert report["started"] == report["under_way"] == []
    assert [(c["subject"], c["tasks"]) for c in report["commits"]][0] == ("Count labels", [])

    git(repo, "add", "-A")  # what a commit of the board made again would hold
    tracked = git(repo, "ls-files", ".credo").splitlines()
    assert tracked == [
        ".credo/.gitattributes",
        ".credo/.gitignore",
        ".credo/config.toml",
        f".credo/tasks/{new[0]['id']}.toml",
    ]
