"""Textual's parsed CSS, kept between starts: a view's first frame does not tokenise it
again.

Parsing credo.tcss and the default CSS of each widget on the board (20 sources) was
16 ms of its first frame; reading them back is 2 ms. Each source's rules, parsed with
one set of theme variables, are pickled into a file of their own in the user's cache
folder, named by a digest of all that makes them: the CSS text, where it was read from,
Textual's flags for it and the variables (a changed file or theme is a new name, so a
stale entry is never read). The folder is named by the Python and the Textual code that
parse and define the rules; a new one (an upgrade) removes the others, and a full one
is emptied.

It is read and written as the app starts, up to its first frame (`CredoApp.on_ready`
lets go of it): it is in the user's home, maybe on a network mount that hangs, and a
view opened later parses its own CSS on the interface thread rather than wait there.

Only rules that parsed without an error are kept. A pickle runs code as it loads, so an
entry is read only when the user owns it and no one else may write it; anything wrong
with one (missing, damaged, from other code) means parsing it as Textual does.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import stat
import sys
from pathlib import Path
from typing import Any

import textual.color
import textual.css.parse

from credo.errors import NoHomeError
from credo.store.paths import personal_folder

CACHE_ENV = "CREDO_CACHE_DIR"
LIMIT = 1000
"""Entries kept at most (every view's sources for a few themes is a few hundred, of a
few kB each): a theme edited over and over, or credo.tcss, leaves old ones behind."""


def cache_root() -> Path:
    """`$CREDO_CACHE_DIR`, or the platform's cache folder for credo."""
    return personal_folder(CACHE_ENV, "cache")


def user_css_cache() -> CssCache | None:
    """The cache in the user's cache folder; None for a user with no home (the CSS is
    parsed at each start)."""
    try:
        return CssCache(cache_root())
    except NoHomeError:
        return None


def _code_stamp() -> str:
    """The Python and the Textual code behind a pickled rule: every module of
    `textual.css` (which parses and defines it) and of the values it holds."""
    folder = Path(textual.css.parse.__file__).parent
    files = [*sorted(folder.glob("*.py")), Path(textual.color.__file__)]
    files.append(folder.parent / "geometry.py")
    found = [sys.version]
    for file in files:
        info = os.stat(file)
        found.append(f"{file.name}:{info.st_mtime_ns}:{info.st_size}")
    return hashlib.sha256("\n".join(found).encode()).hexdigest()[:16]


class CssCache:
    """Parsed rule sets by what made them, one file each under `root/css-<code stamp>`."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._folder: Path | None = None

    @property
    def folder(self) -> Path:
        if self._folder is None:
            self._folder = self.root / f"css-{_code_stamp()}"
        return self._folder

    @staticmethod
    def variables_key(variables: dict[str, str]) -> bytes:
        """The theme's variables as `name` takes them (worked out once per set)."""
        return repr(sorted(variables.items())).encode()

    @staticmethod
    def name(source: tuple[Any, ...], variables_key: bytes) -> str:
        """The file name of a source's rules (`source`: Textual's own cache key)."""
        return hashlib.sha256(repr(source).encode() + b"\0" + variables_key).hexdigest()

    def get(self, name: str) -> Any:
        """The rules stored under `name`, or None."""
        try:
            fd = os.open(self.folder / name, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
        except OSError:
            return None
        try:
            with os.fdopen(fd, "rb") as handle:
                info = os.fstat(handle.fileno())
                if info.st_uid != os.getuid() or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
                    return None  # someone else could have written it: not run as code
                return pickle.load(handle)
        except Exception:  # damaged, or made by other code: parse it again
            return None

    def put(self, name: str, rules: Any) -> None:
        """Keep `rules` under `name` (skipped when the folder cannot be written)."""
        from credo.store.files import atomic_write

        folder = self.folder
        try:
            if not folder.is_dir():
                self._make(folder)
            elif len(os.listdir(folder)) >= LIMIT:  # old themes and edits: start again
                shutil.rmtree(folder, ignore_errors=True)
                self._make(folder)
            atomic_write(folder / name, pickle.dumps(rules, pickle.HIGHEST_PROTOCOL), sync=False)
        except (OSError, pickle.PicklingError, TypeError, AttributeError):
            pass

    def _make(self, folder: Path) -> None:
        """Create this code's folder, private, and remove other code's."""
        folder.mkdir(parents=True, mode=0o700, exist_ok=True)
        for old in folder.parent.glob("css-*"):
            if old != folder:
                shutil.rmtree(old, ignore_errors=True)
