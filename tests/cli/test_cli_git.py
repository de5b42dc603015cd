"""`credo log`, `credo show`, `credo start` through the real console script."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

from repos import commit_file

Credo = Callable[..., subprocess.CompletedProcess[str]]


def test_log_and_show_list_linked_commits(repo: Path, credo: Credo) -> None:
    assert credo(repo, "init").returncode == 0
    short = credo(repo, "add", "Balance labels !").stdout.strip()
    sha = commit_file(repo, "b.py", "b\n", f"Balance per domain\n\nCredo-Task: {short}")
    log = json.loads(credo(repo, "log", short, "--json").stdout)
    assert [c["sha"] for c in log] == [sha]
    assert log[0]["subject"] == "Balance per domain" and log[0]["author"] == "Ada Tester"
    shown = credo(repo, "show", short)
    assert shown.returncode == 0
    assert "Balance labels" in shown.stdout and sha[:8] in shown.stdout
    data = json.loads(credo(repo, "show", short, "--json").stdout)
    assert data["commits"][0]["sha"] == sha and data["quadrant"] == "schedule"


def test_closing_commit_marks_done_visibly(repo: Path, credo: Credo) -> None:
    credo(repo, "init")
    short = credo(repo, "add", "Fix leakage").stdout.strip()
    sha = commit_file(repo, "l.py", "l\n", f"Dedup across splits, closes {short}")
    shown = credo(repo, "show", short, "--json")
    data = json.loads(shown.stdout)
    assert data["status"] == "done" and data["done_commit"] == sha


def test_show_unknown_id(repo: Path, credo: Credo) -> None:
    credo(repo, "init")
    result = credo(repo, "show", "zzzz")
    assert result.returncode == 1 and "no task or experiment" in result.stderr


def test_log_with_no_commits_explains_trailers(repo: Path, credo: Credo) -> None:
    credo(repo, "init")
    short = credo(repo, "add", "Lonely").stdout.strip()
    out = credo(repo, "log", short).stdout
    assert "Credo-Task:" in out and "credo hooks install" in out
