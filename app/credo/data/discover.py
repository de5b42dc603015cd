"""Finding a project's data without reading it: the folders `credo init` proposes for
fingerprints, and the data files the Data screen lists."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from credo.data.readers import FORMATS, readable
from credo.errors import BadInputError
from credo.store.paths import inside_project

DATA_FOLDERS = {"data", "datasets", "dataset", "corpus", "corpora"}
BIG_FILE = 50 * 1024 * 1024
"""A file this big outside the data folders is proposed too (a dataset left at the top)."""
SKIPPED = {"node_modules", "__pycache__", "site-packages", "venv", "env", "wandb", "mlruns"}
"""Folders that hold tools, caches or logs, not data (hidden folders are skipped too)."""
MAX_ENTRIES = 50_000
"""A walk stops after this many entries, so `credo init` stays quick in a huge tree."""


def _walk(root: Path) -> Iterator[tuple[str, list[str], list[str]]]:
    """os.walk without hidden and tool folders, cut at MAX_ENTRIES; emptying `dirs`
    skips a folder's insides."""
    seen = 0
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIPPED)
        seen += len(dirs) + len(files)
        yield folder, dirs, sorted(f for f in files if not f.startswith("."))
        if seen > MAX_ENTRIES:
            return


def propose_data_paths(root: Path) -> list[str]:
    """Folders named like data (at the top or one level down) and big files elsewhere,
    relative to `root`, folders with a trailing slash."""
    proposed: list[str] = []
    for folder, dirs, files in _walk(root):
        here = Path(folder)
        relative = here.relative_to(root)
        if len(relative.parts) <= 1:
            for name in [d for d in dirs if d.lower() in DATA_FOLDERS]:
                proposed.append((relative / name).as_posix() + "/")
                dirs.remove(name)  # a data folder is fingerprinted whole, not walked here
        for name in files:
            try:
                size = (here / name).stat().st_size
            except OSError:
                continue
            if size >= BIG_FILE:
                proposed.append((relative / name).as_posix())
    return sorted(proposed)


def none_found(data_paths: list[str]) -> str:
    """Where the data files were looked for, none found, and how to add one (the Data
    view's words for an empty list)."""
    suffixes: dict[str, str] = {}  # a format's first suffix: .jsonl, not .ndjson too
    for suffix, kind in FORMATS.items():
        suffixes.setdefault(kind, suffix)
    kinds = " ".join(suffixes.values())
    if data_paths:
        return (
            f"No data files in data_paths ({', '.join(data_paths)}) in .credo/config.toml: "
            f"put one there ({kinds}, compressed too), or add its path to them"
        )
    folders = ", ".join(f"{name}/" for name in sorted(DATA_FOLDERS))
    return (
        f"No data files: none in a folder named {folders} (at the top or one level down), "
        f"nor any file over {BIG_FILE // 2**20} MB. Put yours in data/ ({kinds}, compressed "
        "too), or list its path in data_paths in .credo/config.toml"
    )


@dataclass(frozen=True)
class DataFile:
    """A file (or folder-per-class tree) the data commands can read."""

    path: Path
    name: str
    """Relative to the project."""
    size: int
    is_tree: bool = False


def data_files(root: Path, data_paths: list[str]) -> list[DataFile]:
    """The readable data under the project's data paths (or its data folders if none)."""
    from credo.gitlink.state import is_own_link

    roots = [root / p for p in data_paths] or [root / p for p in propose_data_paths(root)]
    own_link = functools.cache(functools.partial(is_own_link, root))  # git, once a link
    found: dict[Path, DataFile] = {}
    for top in roots:
        if not _inside(root, top, own_link):  # as a run's fingerprint refuses it
            continue
        if top.is_file():
            found[top] = _file(root, top)
            continue
        if not top.is_dir():
            continue
        for folder, dirs, files in _walk(top):
            here = Path(folder)
            if _is_class_tree(here, dirs, files):
                found[here] = DataFile(here, _name(root, here) + "/", _tree_size(here), True)
                dirs[:] = []
                continue
            for name in files:
                path = here / name
                if readable(path) and _inside(root, path, own_link):
                    found[path] = _file(root, path)
    return sorted(found.values(), key=lambda f: f.name)


def _is_class_tree(folder: Path, dirs: list[str], files: list[str]) -> bool:
    """Sub-folders and no data files of its own, and the sub-folders hold files that are
    not data files (images, texts): `label/file` or `split/label/file`."""
    if not dirs or any(readable(folder / f) for f in files):
        return False
    for name in dirs[:3]:
        inner = folder / name
        try:
            entries = list(os.scandir(inner))[:20]
        except OSError:
            return False
        if any(e.is_file() and readable(Path(e.path)) for e in entries):
            return False
        if not any(e.is_file() or e.is_dir() for e in entries):
            return False
    return True


def _inside(root: Path, path: Path, own_link: Callable[[Path], bool]) -> bool:
    """Whether `path` resolves inside the project (or leads out through a link of the
    user's own): nothing else is listed or read."""
    try:
        inside_project(root, os.path.relpath(path, root), "data path", own_link)
    except BadInputError:
        return False
    return True


def _file(root: Path, path: Path) -> DataFile:
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    return DataFile(path, _name(root, path), size)


def _tree_size(folder: Path) -> int:
    total = 0
    for top, _, files in _walk(folder):
        for name in files:
            try:
                total += (Path(top) / name).stat().st_size
            except OSError:
                continue
    return total


def _name(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)
