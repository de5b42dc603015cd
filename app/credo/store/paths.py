"""Where things live: finding the project and keeping every path inside `.credo/`."""

from __future__ import annotations

from pathlib import Path

from credo.domain.models import ID_PATTERN
from credo.errors import BadFileError, NoProjectError

CREDO_DIR = ".credo"
CONFIG_FILE = "config.toml"
ITEM_FOLDERS = ("tasks", "experiments", "reviews", "checklists", "runs", "evidence")
CACHE_FOLDER = "cache"
GITIGNORE = "cache/\n*.tmp\n"
GITATTRIBUTES = """\
# Merge credo's files field by field; `credo hooks install` sets the driver up in a
# clone, and without it git merges them line by line as usual.
*.toml merge=credo
"""


def find_git_root(start: Path) -> Path | None:
    """The work tree holding `start` (a `.git` folder or file), or None."""
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return None


def find_project(start: Path) -> Path:
    """The folder holding `.credo/`, searching `start` and its parents up to the git root."""
    start = start.resolve()
    if not start.exists():
        raise NoProjectError(f"{start} does not exist")
    git_root = find_git_root(start)
    for folder in (start, *start.parents):
        if (folder / CREDO_DIR).is_dir():
            return folder
        if folder == git_root:
            break
    raise NoProjectError(f"no credo project in {start}: run `credo init` to start one")


def item_path(credo_dir: Path, folder: str, item_id: str) -> Path:
    """The file of an item; refuses ids that could point anywhere else."""
    if not ID_PATTERN.match(item_id):
        raise BadFileError(f"{folder}/{item_id}", "is not a valid credo id")
    if folder == "runs":
        return credo_dir / folder / item_id / "run.toml"
    return credo_dir / folder / f"{item_id}.toml"


def inside(credo_dir: Path, path: Path) -> bool:
    """True when `path` resolves to somewhere inside `.credo/`."""
    try:
        path.resolve().relative_to(credo_dir.resolve())
    except ValueError:
        return False
    return True
