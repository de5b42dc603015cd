"""The optional `prepare-commit-msg` hook that adds credo trailers to commit messages.

Installed only on request; an existing hook is chained (kept and called first),
never overwritten, and `uninstall` puts it back.
"""

from __future__ import annotations

import os
import shlex
import stat
import sys
from pathlib import Path

from credo.domain.models import ExperimentStatus, TaskStatus
from credo.errors import CredoError
from credo.gitlink.runner import git
from credo.store.store import Store

HOOK = "prepare-commit-msg"
CHAINED = HOOK + ".credo-chained"
MARKER = "# installed by credo (credo hooks install)"


def hooks_dir(root: Path) -> Path:
    """Where git looks for hooks here (honours core.hooksPath and worktrees)."""
    out = git(root, "rev-parse", "--git-path", "hooks").decode().strip()
    path = Path(out)
    return path if path.is_absolute() else (root / path)


def hook_script() -> str:
    """The hook: call a chained hook first, then ask credo for the trailers."""
    python = shlex.quote(sys.executable)
    return f"""#!/bin/sh
{MARKER}
chained="$(dirname "$0")/{CHAINED}"
if [ -x "$chained" ]; then
    "$chained" "$@" || exit $?
fi
{python} -m credo hooks trailers "$1" "${{2:-}}" || true
"""


def install(root: Path) -> str:
    """Install the hook; returns what was done, in words."""
    folder = hooks_dir(root)
    folder.mkdir(parents=True, exist_ok=True)
    hook, chained = folder / HOOK, folder / CHAINED
    note = "installed"
    if hook.exists():
        if MARKER in hook.read_text(errors="replace"):
            return f"already installed in {hook}"
        if chained.exists():
            raise CredoError(
                f"{hook} exists and {chained} too; move one of them away, then run this again"
            )
        os.replace(hook, chained)
        note = f"installed; your existing hook now runs first from {chained.name}"
    hook.write_text(hook_script())
    hook.chmod(hook.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    if not _inside(folder, root) and not _inside(folder, _common_dir(root)):
        note += "; this hooks folder (core.hooksPath) is shared with other repositories"
    return f"{note} ({hook})"


def _common_dir(root: Path) -> Path:
    out = git(root, "rev-parse", "--git-common-dir").decode().strip()
    path = Path(out)
    return path if path.is_absolute() else root / path


def _inside(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


def uninstall(root: Path) -> str:
    """Remove credo's hook and restore the one it chained, if any."""
    folder = hooks_dir(root)
    hook, chained = folder / HOOK, folder / CHAINED
    if not hook.exists() or MARKER not in hook.read_text(errors="replace"):
        raise CredoError(f"no credo hook in {folder}; nothing to remove")
    hook.unlink()
    if chained.exists():
        os.replace(chained, hook)
        return f"removed; your previous hook is back at {hook}"
    return "removed"


def add_trailers(message_file: Path, trailers: list[str], root: Path) -> None:
    """Append trailers (`Key: value`) to a commit message, skipping ones already there."""
    if not trailers:
        return
    args = ["interpret-trailers", "--in-place", "--if-exists", "doNothing"]
    for trailer in trailers:
        args += ["--trailer", trailer]
    git(root, *args, str(message_file))


def active_trailers(store: Store) -> list[str]:
    """The trailers for a commit made now: the task in progress and the running experiment.

    When several tasks are in progress, the one touched last is the one being worked on.
    """
    trailers: list[str] = []
    tasks = [t for t in store.tasks() if t.status == TaskStatus.IN_PROGRESS]
    if tasks:
        trailers.append(f"Credo-Task: {max(tasks, key=lambda t: (t.updated, t.id)).id}")
    running = [e for e in store.experiments() if e.status == ExperimentStatus.RUNNING]
    if running:
        latest = max(running, key=lambda e: (e.started or e.updated, e.id))
        trailers.append(f"Credo-Experiment: {latest.id}")
    return trailers
