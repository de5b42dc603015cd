"""Undo and redo: a stack of the changes each action wrote."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from credo.domain.models import Experiment, Run
from credo.errors import CredoError
from credo.store.paths import checked_out
from credo.store.store import Change, Store

MAX_STEPS = 300
"""Steps kept on each stack. Each holds the bytes of every file it wrote, before and
after, so a board left open for a week must drop its oldest: nobody takes back three
hundred changes in a row, and 300 steps of a few task files (a few KB each) stay near a MB."""


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
    head: str | None = None
    """What was checked out when it was written (`checked_out`): the files of another
    branch are not the ones it wrote, even where they hold the same bytes."""


@dataclass
class History:
    """Undo/redo for one session of the app: the person's own actions since it opened
    (the last `MAX_STEPS`). What others change meanwhile (an agent through `credo mcp`)
    is kept apart in `theirs`: `u` never takes back a change the person did not make."""

    store: Store
    done: list[Step] = field(default_factory=list)
    undone: list[Step] = field(default_factory=list)
    theirs: list[Step] = field(default_factory=list)
    """Agents' changes made while the app is open, newest last (`undo_theirs`)."""
    writes: int = 0
    """Actions written, undone or redone so far: a look at the files that began before
    the last one may not show it (views drop such a look; the next one sees it)."""

    def record(self, changes: list[Change], what: str = "the last change") -> None:
        """Remember an action; `what` names it in the undo and redo notices
        ("done 'Check label balance'")."""
        if changes:
            self._push(self.done, Step(what, changes, checked_out(self.store.git_root)))
            self.undone.clear()
            self.writes += 1

    def record_theirs(self, changes: list[Change], what: str) -> None:
        """Remember a change another process made (an agent's), for `undo_theirs`."""
        if changes:
            self._push(self.theirs, Step(what, changes, head=checked_out(self.store.git_root)))
            self.writes += 1

    def undo_theirs(self) -> Step:
        """Revert the last change an agent made, as the person's own action: `u` puts it
        back, as it takes back any of the person's. Returns the agent's step as reverted."""
        if not self.theirs:
            raise CredoError("no change of an agent's to undo")
        self._here(self.theirs[-1], "undo")
        step = self.theirs.pop()
        taken = Step(f"undo of {step.what}", self._taken(step, "undo"), head=step.head)
        self._push(self.done, taken)
        self.undone.clear()
        self.writes += 1
        return Step(step.what, taken.changes, head=step.head)

    def undo(self) -> Step:
        """Revert the last action; returns it with the changes that put it back."""
        if not self.done:
            raise CredoError("nothing to undo")
        self._here(self.done[-1], "undo")
        step = self.done.pop()
        redo = Step(step.what, self._taken(step, "undo"), head=step.head)
        self._push(self.undone, redo)
        self.writes += 1
        return redo

    def redo(self) -> Step:
        """Write again the last action undone; returns it with the changes that undo it."""
        if not self.undone:
            raise CredoError("nothing to redo")
        self._here(self.undone[-1], "redo")
        step = self.undone.pop()
        again = Step(step.what, self._taken(step, "redo"), head=step.head)
        self._push(self.done, again)
        self.writes += 1
        return again

    @staticmethod
    def _push(stack: list[Step], step: Step) -> None:
        """Put `step` on `stack`, dropping the oldest past `MAX_STEPS`."""
        stack.append(step)
        del stack[:-MAX_STEPS]

    def _taken(self, step: Step, verb: str) -> list[Change]:
        """Undo (or redo) `step`; a refusal names the step it refuses."""
        try:
            return undo(self.store, step.changes)
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
