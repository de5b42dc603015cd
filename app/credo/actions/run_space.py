"""The space runs' files take in the clone's git folder, and reclaiming what no run uses.

A run keeps its files (output.log, metrics, patches) in `.git/credo/runs/<id>/`
(`Store.run_folder`), and nothing else ever removes them: not when the run's record
(`.credo/runs/<id>/run.toml`) went with a dropped branch, nor when its experiment's file
was deleted. Such a folder is unused when no worktree of the clone has the record in its
checkout (committed or not) and no ref (branch, tag, remote branch), stash entry,
worktree HEAD nor reflog entry holds it: a run on a branch kept for later keeps its
files, and so does one of a commit reset away, while `git reflog` can bring it back. So
does one changed in the last hour (`credo run` makes the folder a moment before the
record), and all of them while a worktree git lists cannot be looked in (a disk not
mounted).
"""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from credo.domain.ids import ID_PATTERN
from credo.errors import CredoError
from credo.gitlink.runner import git
from credo.store.files import clear_stale_temporaries
from credo.store.paths import CREDO_DIR, RUN_FILES, git_common_dir
from credo.store.store import Store

YOUNG_SECONDS = 3600.0
"""A folder changed this recently is kept: its run's record may be moments away."""


@dataclass
class Unused:
    """A run folder no run uses any more."""

    run_id: str
    folder: Path
    size: int
    """Bytes of its files."""


@dataclass
class RunSpace:
    """The run folders of the clone's git folder, those no run uses apart."""

    folder: Path | None
    """`.git/credo/runs` (None outside git: runs keep their files beside their records)."""
    unused: list[Unused] = field(default_factory=list)
    used: int = 0
    """Folders whose run's record a checkout or a ref holds."""
    on_refs_only: int = 0
    """Of those, the ones only a ref holds (a branch not checked out, a tag, a stash, an
    entry of a reflog)."""
    young: int = 0
    """Folders no run uses that changed in the last hour: kept."""
    missing: list[str] = field(default_factory=list)
    """Worktrees git lists whose folder is not there: while any is, nothing is unused."""

    @property
    def size(self) -> int:
        return sum(found.size for found in self.unused)


def run_space(store: Store) -> RunSpace:
    """The clone's run folders, and which of them no run uses (see the module). On its
    way it clears what writes killed midway left in the folders of runs in use and in
    their records' (`clear_stale_temporaries`): no write comes to an old run's again."""
    _clear_records(store)
    if store.git_root is None:
        return RunSpace(None)
    common = git_common_dir(store.git_root)
    runs = common / RUN_FILES
    space = RunSpace(runs)
    try:
        entries = sorted(os.scandir(runs), key=lambda entry: entry.name)
    except FileNotFoundError:
        return space
    except OSError as error:
        raise CredoError(f"cannot read {runs}: {error.strerror}") from None
    folders = [e for e in entries if ID_PATTERN.match(e.name) and e.is_dir(follow_symlinks=False)]
    if not folders:
        return space
    records = Path(os.path.relpath(store.project_root, store.git_root)) / CREDO_DIR / "runs"
    checkouts, heads, space.missing = _worktrees(store.git_root)
    on_refs = _held_by_refs(store.git_root, heads, records.as_posix())
    now = time.time()
    for entry in folders:
        run_id = entry.name
        checked_out = any((tree / records / run_id / "run.toml").exists() for tree in checkouts)
        if checked_out or run_id in on_refs:
            space.used += 1
            space.on_refs_only += not checked_out
            clear_stale_temporaries(Path(entry.path))  # an unused one goes whole, or stays
        elif not space.missing:
            size, newest = _size_and_newest(Path(entry.path))
            if now - newest < YOUNG_SECONDS:
                space.young += 1
            else:
                space.unused.append(Unused(run_id, Path(entry.path), size))
    return space


def _clear_records(store: Store) -> None:
    """`clear_stale_temporaries` in the folder of each run's record here (`.credo/runs/<id>/`,
    links never followed)."""
    try:
        entries = list(os.scandir(store.folder("runs")))
    except (OSError, CredoError):
        return  # none yet, or a folder credo refuses (its load says why)
    for entry in entries:
        if ID_PATTERN.match(entry.name) and entry.is_dir(follow_symlinks=False):
            clear_stale_temporaries(Path(entry.path))


def reclaim(space: RunSpace) -> int:
    """Remove the unused folders of `space`; returns the bytes freed. A folder that
    became a link meanwhile is left alone (never followed)."""
    freed = 0
    for found in space.unused:
        if os.path.islink(found.folder) or not found.folder.is_dir():
            continue
        try:
            shutil.rmtree(found.folder)
        except OSError as error:
            where = error.filename or found.folder
            raise CredoError(
                f"cannot remove {where}: {error.strerror} ({freed} bytes freed before it)"
            ) from None
        freed += found.size
    return freed


def _worktrees(root: Path) -> tuple[list[Path], list[str], list[str]]:
    """Each worktree's folder, the commits their HEADs are at, and the worktrees whose
    folder is missing (`git worktree list`)."""
    listed = git(root, "worktree", "list", "--porcelain", "-z").decode("utf-8", "surrogateescape")
    trees: list[Path] = []
    heads: list[str] = []
    missing: list[str] = []
    for line in listed.split("\0"):
        word, _, value = line.partition(" ")
        if word == "worktree":
            trees.append(Path(value))
            if not Path(value).is_dir():
                missing.append(value)
        elif word == "HEAD":
            heads.append(value)
    return [tree for tree in trees if tree.is_dir()], heads, missing


def _held_by_refs(root: Path, heads: list[str], records: str) -> set[str]:
    """The run ids whose records any ref, worktree HEAD, reflog entry or stash entry
    holds (a commit reset away keeps its run while `git reflog` can bring it back; a
    stash's index and untracked files too: `git stash -u` keeps a record never added),
    with one `cat-file` for all their `.credo/runs` folders and one for their names."""
    logged = git(root, "rev-list", "--no-walk", "--all", "--reflog").decode().split()
    stashed = git(root, "stash", "list", "--format=%H %P").decode().split()
    commits = sorted({*logged, *heads, *stashed})
    if not commits:
        return set()
    asked = "".join(f"{commit}:{records}\n" for commit in commits).encode()
    answers = git(root, "cat-file", "--batch-check", stdin=asked).decode().splitlines()
    found = [answer.rsplit(" ", 2) for answer in answers]  # `OID tree SIZE`, or `... missing`
    trees = sorted({parts[0] for parts in found if len(parts) == 3 and parts[1] == "tree"})
    return _names_in_trees(root, trees)


def _names_in_trees(root: Path, trees: list[str]) -> set[str]:
    """The names of the entries of git's tree objects `trees`, read by one `rev-list`,
    which names each object once however many trees hold it (a reflog holds a
    `.credo/runs` tree for each run committed: one `ls-tree` each took seconds)."""
    if not trees:
        return set()
    stdin = "".join(f"{tree}\n" for tree in trees).encode()
    out = git(root, "rev-list", "--objects", "--no-walk", "--stdin", stdin=stdin)
    names: set[str] = set()
    for line in out.decode("utf-8", "replace").splitlines():
        _, _, path = line.partition(" ")  # `OID PATH`, the path from the tree given
        names.add(path.partition("/")[0])
    names.discard("")  # the trees themselves
    return names


def _size_and_newest(folder: Path) -> tuple[int, float]:
    """The bytes of the files in `folder` and the last time anything in it changed
    (links are counted as links, never followed)."""
    size, newest = 0, os.lstat(folder).st_mtime
    for parent, dirs, files in os.walk(folder):
        for name in dirs + files:
            try:
                found = os.lstat(os.path.join(parent, name))
            except FileNotFoundError:
                continue
            newest = max(newest, found.st_mtime)
            if name in files:
                size += found.st_size
    return size, newest
