"""Which changed files an answer is about: code checks follow the code paths, data checks
the data, and docs or `.credo/` bookkeeping touch neither.

So a commit that edits only `README.md` keeps every answer, and a new untracked data file
re-asks the data checks but not the code ones.
"""

from __future__ import annotations

from collections.abc import Iterable
from fnmatch import fnmatchcase
from typing import Literal

from credo.domain.config import ProjectConfig

About = Literal["code", "data"]
_BOOKKEEPING = ".credo/"


def _under(path: str, folder: str) -> bool:
    folder = folder.strip("/")
    return bool(folder) and (path == folder or path.startswith(folder + "/"))


def _matches(path: str, pattern: str) -> bool:
    """A glob with a `/` matches the whole path, one without it the file name; a pattern
    ending in `/` is a folder."""
    if pattern.endswith("/"):
        return _under(path, pattern)
    if "/" in pattern:
        return fnmatchcase(path, pattern.lstrip("/"))
    return fnmatchcase(path.rsplit("/", 1)[-1], pattern)


def is_docs(path: str) -> bool:
    return path.endswith(".md") or path.startswith("docs/") or "/docs/" in path


def kind_of(path: str, config: ProjectConfig, *, new: bool = False) -> About | None:
    """What a changed file is: `code`, `data`, or None (docs, bookkeeping, other files).

    A new untracked file that is neither code nor docs counts as data.
    """
    if path.startswith(_BOOKKEEPING):
        return None
    if any(_under(path, folder) for folder in config.data_paths):
        return "data"
    if is_docs(path):
        return None
    if any(_matches(path, pattern) for pattern in config.code_paths):
        return "code"
    return "data" if new else None


def touching(
    about: About, changed: Iterable[str], new: Iterable[str], config: ProjectConfig
) -> list[str]:
    """The files among those changed (tracked) and new (untracked) that an answer about
    `about` depends on, sorted."""
    found = {p for p in changed if kind_of(p, config) == about}
    found |= {p for p in new if kind_of(p, config, new=True) == about}
    return sorted(found)
