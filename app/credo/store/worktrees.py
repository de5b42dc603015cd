"""The clone's other worktrees (`git worktree add`), and what their records say.

An experiment resumed in one worktree is paused in the copies the others hold until a
merge brings its record there: only that worktree's own record says it runs. The list
of worktrees is read from git's own files, with no git process: the interface asks
it when a person resumes an experiment, and its polls at each tick (`StoreFeed`).
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
    (not those whose folder is gone or not mounted). Asked for each paused experiment
    (1,000 of them took 0.35 s), so the answer is kept while git's list is unchanged
    (adding or removing a worktree changes its folder's mtime) and the same trees are
    there (a tree moved, unmounted or mounted again is read anew)."""
    common = git_common_dir(git_root)
    try:
        listed = os.stat(common / "worktrees").st_mtime_ns
    except OSError:
        listed = None
    key = (common, git_root, listed)
    kept = _KNOWN.get(key)
    if kept is not None and tuple(tree.is_dir() for tree in kept[0]) == kept[1]:
        return kept[2]
    named = _named(common)
    there = tuple(tree.is_dir() for tree in named)
    here = git_root.resolve()
    trees = [tree.resolve() for tree, is_there in zip(named, there, strict=True) if is_there]
    found = [tree for tree in trees if tree != here]
    _KNOWN.clear()
    _KNOWN[key] = (named, there, found)
    return found


_KNOWN: dict[tuple[Path, Path, int | None], tuple[list[Path], tuple[bool, ...], list[Path]]] = {}
"""`other_worktrees`' last answer: the trees git names, which of them were there, and it."""


def _named(common: Path) -> list[Path]:
    """The work trees git's folder `common` names: the main one (unless bare), then each
    linked one, as its `worktrees/<name>/gitdir` says."""
    found = [common.parent] if common.name == ".git" else []
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
    return found


def other_projects(project_root: Path, git_root: Path) -> list[Path]:
    """This project (at `project_root`, in the work tree `git_root`) as the clone's other
    worktrees hold it (`other_worktrees`): where their own records are."""
    inside = project_root.relative_to(git_root)
    return [tree / inside for tree in other_worktrees(git_root)]


def resumed_elsewhere(project_root: Path, git_root: Path, exp_id: str) -> str:
    """The project of another worktree of this clone whose own record of experiment
    `exp_id` says it runs there (resumed or started there since the copy here was
    merged), or "". A record there that cannot be read tells nothing."""
    for project in other_projects(project_root, git_root):
        folder = project / CREDO_DIR / Experiment.folder
        try:
            if not real_folder(project, folder):
                continue
            path = item_path(project / CREDO_DIR, "experiments", exp_id)
            raw = read_capped(path, str(path), ITEM_CAP, "an experiment")
            if b"running" not in raw:  # paused there too, as most are: no need to parse
                continue
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
