"""`credo init --private`: `.credo/` kept out of git in this clone only."""

from __future__ import annotations

from credo.gitlink.runner import git
from credo.store.files import atomic_write
from credo.store.paths import git_common_dir, git_file_label
from credo.store.store import Store


def keep_out_of_git(store: Store) -> str | None:
    """Add `.credo/` to the clone's `info/exclude` (shared by its worktrees, never
    committed) and name that file; None outside git. Running it again adds nothing."""
    if store.git_root is None:
        return None
    with store.lock():
        exclude = git_common_dir(store.git_root) / "info" / "exclude"
        line = "/" + store.credo_dir.relative_to(store.git_root).as_posix() + "/"
        existing = exclude.read_text(encoding="utf-8") if exclude.exists() else ""
        if line not in existing.splitlines():
            text = existing + ("" if not existing or existing.endswith("\n") else "\n")
            atomic_write(exclude, (text + line + "\n").encode())
    return git_file_label(store.git_root, "info/exclude")


def committed_files(store: Store) -> int:
    """How many files in `.credo/` git tracks already: an exclude does not untrack them."""
    if store.git_root is None:
        return 0
    folder = store.credo_dir.relative_to(store.git_root).as_posix()
    return git(store.git_root, "ls-files", "-z", "--", folder).count(b"\0")


def unshared_files(store: Store) -> int:
    """How many files of `.credo/` have changes git has not committed (new or edited;
    none that git ignores): teammates see none of them until they are."""
    if store.git_root is None:
        return 0
    folder = store.credo_dir.relative_to(store.git_root).as_posix()
    changed = git(
        store.git_root,
        "status",
        "--porcelain",
        "-z",
        "--no-renames",
        "--untracked-files=all",
        "--",
        folder,
    )
    return changed.count(b"\0")
