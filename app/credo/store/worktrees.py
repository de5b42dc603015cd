"""The clone's other worktrees (`git worktree add`), and what their records say.

An experiment resumed in one worktree is paused in the copies the others hold until a
merge brings its record there: only that worktree's own record says it runs. The list
of worktrees is read from git's own files, with no git process: the interface asks
it when a person resumes an experiment.
"""

from __future__ import annotations

import os
from pathlib import Path

from credo.domain.models import Experiment
from credo.errors import CredoError
from credo.store.confine import ITEM_CAP, read_capped, real_folder
from credo.store.files import validate_item
from credo.store.paths import CREDO_DIR, git_common_dir, host_name, item_path


def other_worktrees(git_root: Path) -> list[Path]:
    """The work trees of the clone `git_root` is one of, but that one, that are there
    (not those whose folder is gone or not mounted)."""
    common = git_common_dir(git_root)
    found = [common.parent] if common.name == ".git" else []  # the main one (not bare)
    try:
        linked = sorted(os.scandir(common / "worktrees"), key=lambda entry: entry.name)
    except OSError:
        linked = []
    for entry in linked:
        try:  # `<tree>/.git`, absolute or (worktree.useRelativePaths) from here
            told = (Path(entry.path) / "gitdir").read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError):
            continue
        found.append((Path(entry.path) / told).parent)
    here = git_root.resolve()
    trees = [tree.resolve() for tree in found if tree.is_dir()]
    return [tree for tree in trees if tree != here]


def resumed_elsewhere(project_root: Path, git_root: Path, exp_id: str) -> str:
    """The project of another worktree of this clone whose own record of experiment
    `exp_id` says it runs there (resumed or started there since the copy here was
    merged), or "". A record there that cannot be read tells nothing."""
    inside = project_root.relative_to(git_root)
    for tree in other_worktrees(git_root):
        project = tree / inside
        folder = project / CREDO_DIR / "experiments"
        try:
            if not real_folder(project, folder):
                continue
            path = item_path(project / CREDO_DIR, "experiments", exp_id)
            raw = read_capped(path, str(path), ITEM_CAP, "an experiment")
            there = validate_item(Experiment, raw, str(path))
        except (OSError, CredoError):
            continue
        place = there.place
        if (
            there.status == "running"
            and place is not None
            and place.host == host_name()
            and Path(place.project) == project
        ):
            return place.project
    return ""
