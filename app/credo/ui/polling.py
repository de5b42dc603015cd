"""Cheap polling of a store folder for changes made outside this app."""

from __future__ import annotations

from pathlib import Path

from credo.store.stamps import Stamp

SLURM_SECONDS = 5.0
"""How often a view asks SLURM about the project's jobs while some are waiting."""


class FolderWatch:
    """Says when a folder of items may have changed since the last look.

    credo, git and most editors replace a file through a rename, which changes the
    folder's own mtime: one `stat` per poll sees those at once. A file edited in
    place does not touch the folder, so every `every`-th poll says "look" anyway.
    Reading all of ten thousand files' stamps each second cost ~100 ms of a core.
    """

    def __init__(self, folder: Path, every: int = 10) -> None:
        self.folder = folder
        self.every = every
        self._stamp: int | None = None
        self._polls = every - 1  # so the first poll always looks

    def due(self) -> bool:
        try:
            stamp: int | None = self.folder.stat().st_mtime_ns
        except OSError:
            stamp = None
        self._polls += 1
        if stamp != self._stamp or self._polls >= self.every:
            self._stamp = stamp
            self._polls = 0
            return True
        return False


def stamps_signature(*stamps: dict[str, Stamp]) -> int:
    """One number for what some folders of items look like on disk (store stamps).

    Order-sensitive but cheap: a folder listed in a new order costs one needless redraw.
    """
    return hash(tuple((tuple(each), tuple(each.values())) for each in stamps))
