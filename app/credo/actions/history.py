"""Undo and redo: a stack of the changes each action wrote."""

from __future__ import annotations

from dataclasses import dataclass, field

from credo.errors import CredoError
from credo.store.store import Change, Store


def undo(store: Store, changes: list[Change]) -> list[Change]:
    """Revert `changes` (last first), all or none; returns the changes that redo them."""
    return store.revert(changes)


@dataclass
class History:
    """Undo/redo for one session of the app: every action since it opened."""

    store: Store
    done: list[list[Change]] = field(default_factory=list)
    undone: list[list[Change]] = field(default_factory=list)
    writes: int = 0
    """Actions written, undone or redone so far: a look at the files that began before
    the last one may not show it (views drop such a look; the next one sees it)."""

    def record(self, changes: list[Change]) -> None:
        if changes:
            self.done.append(changes)
            self.undone.clear()
            self.writes += 1

    def undo(self) -> list[Change]:
        if not self.done:
            raise CredoError("nothing to undo")
        redo = undo(self.store, self.done.pop())
        self.undone.append(redo)
        self.writes += 1
        return redo

    def redo(self) -> list[Change]:
        if not self.undone:
            raise CredoError("nothing to redo")
        again = undo(self.store, self.undone.pop())
        self.done.append(again)
        self.writes += 1
        return again
