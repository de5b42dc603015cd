"""The prepare-commit-msg hook, installed in real repositories and run by real commits."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

from credo import actions
from credo.actions.tasks import start_task
from credo.store import Store

from repos import commit_file, git

Credo = Callable[..., subprocess.CompletedProcess[str]]


def hook_path(repo: Path) -> Path:
    return repo / ".git" / "hooks" / "prepare-commit-msg"


def test_hook_adds_trailer_of_task_in_progress(store: Store, credo: Credo) -> None:
    repo = store.project_root
    task, _ = actions.add_task(store, "Hooked")
    assert credo(repo, "start", task.id[:6]).returncode == 0
    result = credo(repo, "hooks", "install")
    assert result.returncode == 0 and "installed" in result.stdout
    commit_file(repo, "h.py", "h\n", "Work on it")
    assert f"Credo-Task: {task.id}" in git(repo, "log", "-1", "--format=%B")
    commit_file(repo, "i.py", "i\n", f"More\n\nCredo-Task: {task.id}")
    assert git(repo, "log", "-1", "--format=%B").count("Credo-Task") == 1
    shown = credo(repo, "log", task.id[:6], "--json")
    assert shown.returncode == 0 and shown.stdout.count('"sha"') == 2


def test_existing_hook_is_chained_and_restored(store: Store, credo: Credo) -> None:
    repo = store.project_root
    mine = "#!/bin/sh\necho 'Signed-off-by: Mine' >> \"$1\"\n"
    hook = hook_path(repo)
    hook.parent.mkdir(parents=True, exist_ok=True)
    hook.write_text(mine)
    hook.chmod(0o755)
    task, _ = actions.add_task(store, "Chained")
    start_task(store, task.id)
    assert credo(repo, "hooks", "install").returncode == 0
    commit_file(repo, "c.py", "c\n", "Chained commit")
    body = git(repo, "log", "-1", "--format=%B")
    assert "Signed-off-by: Mine" in body and f"Credo-Task: {task.id}" in body
    assert credo(repo, "hooks", "install").stdout.startswith("credo hook already installed")
    result = credo(repo, "hooks", "uninstall")
    assert result.returncode == 0 and "previous hook is back" in result.stdout
    assert hook.read_text() == mine


def test_refuses_when_both_hook_and_chained_exist(store: Store, credo: Credo) -> None:
    repo = store.project_root
    hooks = hook_path(repo).parent
    hooks.mkdir(parents=True, exist_ok=True)
    hook_path(repo).write_text("#!/bin/sh\n")
    (hooks / "prepare-commit-msg.credo-chained").write_text("#!/bin/sh\n")
    result = credo(repo, "hooks", "install")
    assert result.returncode == 1 and "move one of them away" in result.stderr
    assert hook_path(repo).read_text() == "#!/bin/sh\n"


def test_uninstall_without_hook_says_so(store: Store, credo: Credo) -> None:
    result = credo(store.project_root, "hooks", "uninstall")
    assert result.returncode == 1 and "no credo hook" in result.stderr


def test_hooks_outside_git_are_refused(tmp_path: Path, credo: Credo) -> None:
    assert credo(tmp_path, "init").returncode == 0
    result = credo(tmp_path, "hooks", "install")
    assert result.returncode == 1 and "not a git repository" in result.stderr


def test_core_hooks_path_is_honoured(store: Store, credo: Credo) -> None:
    repo = store.project_root
    git(repo, "config", "core.hooksPath", ".githooks")
    assert credo(repo, "hooks", "install").returncode == 0
    assert (repo / ".githooks" / "prepare-commit-msg").exists()
