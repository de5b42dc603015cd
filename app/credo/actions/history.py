"""Undo and redo: a stack of the changes each action wrote."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from credo.domain.models import Experiment, Run
from credo.errors import CredoError
from credo.store.paths import checked_out
from credo.store.store import Change, Store

Undoer = Callable[[Store, list[Change]], list[Change]]
"""How an action is undone: given what it wrote, writes and returns what redoes it."""


def undo(store: Store, changes: list[Change]) -> list[Change]:
    """Revert `changes` (last first), all or none; returns the changes that redo them."""
    _refuse_if_run_under(store, changes)
    return store.revert(changes)


def _refuse_if_run_under(store: Store, changes: list[Change]) -> None:
    """Refuse a revert that would delete an experiment a run was recorded under: the run
    (`credo run` in another terminal) names the experiment and leaves its file as it was."""
    gone = {c.item_id for c in changes if c.kind is Experiment and c.before is None}
    if not gone:
        return
    for run in store.load(Run).items.values():
        if run.experiment in gone:
            raise CredoError(
                f"run {run.id[:7]} was recorded under it since; it stays"
                " (close or abandon the experiment instead)"
            )


class Step(NamedTuple):
    """One action as undo sees it: what it did, in words, and the changes it wrote.
    (A tuple: a dataclass compiles its methods as it is made, at every start.)"""

    what: str
    changes: list[Change]
    undoer: Undoer = undo
    """How to undo it: revert its changes, unless the action says more (`undo_closings`)."""
    head: str | None = None
    """What was checked out when it was written (`checked_out`): the files of another
    branch are not the ones it wrote, even where they hold the same bytes."""


@dataclass
class History:
    """Undo/redo for one session of the app: every action since it opened."""

    store: Store
    done: list[Step] = field(default_factory=list)
    undone: list[Step] = field(default_factory=list)
    writes: int = 0
    """Actions written, undone or redone so far: a look at the files that began before
    the last one may not show it (views drop such a look; the next one sees it)."""

    def record(
        self, changes: list[Change], what: str = "the last change", undoer: Undoer = undo
    ) -> None:
        """Remember an action; `what` names it in the undo and redo notices
        ("done 'Check label balance'"), `undoer` undoes it."""
        if changes:
            self.done.append(Step(what, changes, undoer, checked_out(self.store.git_root)))
            self.undone.clear()
            self.writes += 1

    def undo(self) -> Step:
        """Revert the last action; returns it with the changes that put it back."""
        if not self.done:
            raise CredoError("nothing to undo")
        self._here(self.done[-1], "undo")
        step = self.done.pop()
        redo = Step(step.what, self._taken(step, step.undoer, "undo"), head=step.head)
        self.undone.append(redo)
        self.writes += 1
        return redo

    def redo(self) -> Step:
        """Write again the last action undone; returns it with the changes that undo it."""
        if not self.undone:
            raise CredoError("nothing to redo")
        self._here(self.undone[-1], "redo")
        step = self.undone.pop()
        again = Step(step.what, self._taken(step, undo, "redo"), head=step.head)
        self.done.append(again)
        self.writes += 1
        return again

    def _taken(self, step: Step, undoer: Undoer, verb: str) -> list[Change]:
        """Undo (or redo) `step` with `undoer`; a refusal names the step it refuses."""
        try:
            return undoer(self.store, step.changes)
        except CredoError as error:
            raise CredoError(f"Cannot {verb} {step.what}: {error.message}") from None

    def _here(self, step: Step, verb: str) -> None:
        """Refuse to `verb` a step written on another branch than the one checked out now
        (a `git checkout` since): it stays, to be taken back there."""
        now = checked_out(self.store.git_root)
        if step.head is not None and now is not None and now != step.head:
            raise CredoError(
                f"Cannot {verb} {step.what}: made on {_named(step.head)}, and"
                f" {_named(now)} is checked out now (git checkout {step.head}, then {verb})"
            )


def _named(head: str) -> str:
    """A branch by its name, a detached HEAD by its commit."""
    return f"commit {head[:7]}" if len(head) == 40 and head.isalnum() else head
