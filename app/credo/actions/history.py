"""Undo and redo: a stack of the changes each action wrote."""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from threading import Lock
from typing import TYPE_CHECKING, NamedTuple

from credo.domain.models import Evidence, Experiment, Item, Review, Run, Task
from credo.errors import CredoError
from credo.store.paths import checked_out
from credo.store.store import Change, Store

if TYPE_CHECKING:
    from credo.gitlink.index import CommitIndex

MAX_STEPS = 300
"""Steps kept on each stack. Each holds the bytes of every file it wrote, before and
after, so a board left open for a week must drop its oldest: nobody takes back three
hundred changes in a row, and 300 steps of a few task files (a few KB each) stay near a MB."""


def undo(store: Store, changes: list[Change]) -> list[Change]:
    """Revert `changes` (last first), all or none; returns the changes that redo them."""
    seen = _refuse_if_committed_now(store, changes)
    # The items' look and the delete under one hold of the write lock, which every
    # credo writer takes: a run or an experiment recorded meanwhile is seen, or waits
    # and finds what it names gone (`Store.create`'s `named`).
    back = store.revert(changes, check=lambda: _refuse_if_named_since(store, changes))
    if seen is None or store.git_root is None:
        return back
    # A commit made between that look at git and the delete: one look more (one git
    # rev-parse); a ref moved and a new commit names what went, its files are put back.
    from credo.gitlink.index import update

    now, moved = update(store.git_root, seen)
    if moved:
        try:
            _refuse_if_committed(store, changes, now)
        except CredoError:
            store.revert(back)  # byte for byte as they were
            raise
    return back


_INSTEAD = {Task: "drop the task instead", Experiment: "close or abandon the experiment instead"}
"""What to do with a task or an experiment whose making cannot be undone."""

_NAMERS: tuple[tuple[type[Item], str, type[Item], str], ...] = (
    (Run, "experiment", Experiment, "run {} was recorded under it"),
    (Review, "experiment", Experiment, "review {} was made for it"),
    (Evidence, "experiment", Experiment, "evidence {} was recorded for it"),
    (Experiment, "task", Task, "experiment {} was started for it"),
    (Task, "experiments", Experiment, "task {} was linked to it"),
)
"""Each kind of item that can name a task or an experiment: by which field, the kind it
names, in words."""


def _made(changes: list[Change]) -> dict[str, type[Item]]:
    """The tasks and experiments `changes` made (a revert deletes them), by id."""
    return {c.item_id: c.kind for c in changes if c.before is None and c.kind in _INSTEAD}


def _refuse_if_named_since(store: Store, changes: list[Change]) -> None:
    """Refuse a revert that would delete a task or an experiment an item made since names
    (a run, a review or evidence recorded under it, an experiment started for it): `credo
    show`, the report and the agents would find them pointing at nothing. The revert's own
    changes take their names with them."""
    made = _made(changes)
    own = {(c.kind, c.item_id) for c in changes}
    for kind, field_name, names, words in _NAMERS:
        if names not in made.values():  # a task's undo reads no run (20,000 on a big project)
            continue
        for item in store.load(kind).items.values():
            named = getattr(item, field_name)
            for item_id in named if isinstance(named, list) else [named]:
                if item_id in made and (kind, item.id) not in own:
                    short = store.short_id(kind, item.id)
                    raise CredoError(
                        f"{words.format(short)} since; it stays ({_INSTEAD[made[item_id]]})"
                    )


def _refuse_if_committed_now(store: Store, changes: list[Change]) -> CommitIndex | None:
    """Refuse a revert that would delete a task or an experiment a commit names (its
    trailer or a closing word, read from git now). Returns the commit index it read
    (None: nothing to delete, or linkage off)."""
    if not _made(changes):
        return None
    from credo.actions.gitsync import linked_index
    from credo.gitlink.index import load

    # Git as it is now: the board's look (every few seconds) missed a commit made just
    # before u. Only the commits since that look are read. With linkage off, its last look.
    index = linked_index(store)
    _refuse_if_committed(store, changes, index or load(store))
    return index


def _refuse_if_committed(store: Store, changes: list[Change], index: CommitIndex) -> None:
    """Refuse a revert that would delete a task or an experiment a commit of `index`
    names (its trailer or a closing word)."""
    made = _made(changes)
    # Its own id too: a look after the delete still knows it, as the one before did.
    tasks = {*store.item_ids(Task), *(i for i, kind in made.items() if kind is Task)}
    experiments = {
        *store.item_ids(Experiment),
        *(i for i, kind in made.items() if kind is not Task),
    }
    for item_id, commits in index.by_item(list(tasks), list(experiments)).items():
        if item_id in made:
            raise CredoError(
                f"commit {commits[-1].sha[:7]} names it since; it stays ({_INSTEAD[made[item_id]]})"
            )


def verb_of(which: str) -> str:
    """What a step (`History.begin`'s `which`) does, as the notices say it: `undo`
    (an agent's too) or `redo`."""
    return "redo" if which == "redo" else "undo"


class Step(NamedTuple):
    """One action as undo sees it: what it did, in words, and the changes it wrote.
    (A tuple: a dataclass compiles its methods as it is made, at every start.)"""

    what: str
    changes: list[Change]
    head: Future[str | None]
    """What was checked out when it was written (`checked_out`): the files of another
    branch are not the ones it wrote, even where they hold the same bytes. Read just
    after, off the interface thread (`History.read_heads`); undo waits for it."""

    @property
    def unchecked(self) -> str:
        """Why its branch cannot be checked (its head could not be read: a CredoError),
        as its undo says it; "" once read. Waits for the read."""
        error = self.head.exception()
        if not isinstance(error, CredoError):
            return ""
        return f"what was checked out could not be read when it was made: {error.message}"


class Taking(NamedTuple):
    """An undo or redo under way (`History.begin`): which one, the step it takes, its
    verb (`undo`, `redo`) as refusals say it, and when it began (`time.monotonic`)."""

    which: str
    step: Step
    verb: str
    began: float

    @property
    def doing(self) -> str:
        """ "undoing" or "redoing", and what: while it is under way."""
        return f"{'undoing' if self.verb == 'undo' else 'redoing'} {self.step.what}"


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
    taking: Taking | None = None
    """The undo or redo being written now (`begin`), if any."""
    asked: list[str] = field(default_factory=list)
    """Steps asked for while one was being taken (`u` typed twice fast), to begin in
    order once it ends (the app's): each `which`, as `begin` takes it."""
    start_reading: Callable[[], object] | None = None
    """Starts `read_heads` in a worker (the app's); None: it reads at once, here."""
    _unread: list[Future[str | None]] = field(default_factory=list)
    """The steps' `head`s `read_heads` has not read yet."""
    _reading: bool = False
    """`read_heads` is under way: it reads the heads recorded meanwhile too."""
    _heads_lock: Lock = field(default_factory=Lock)

    def record(self, changes: list[Change], what: str = "the last change") -> None:
        """Remember an action; `what` names it in the undo and redo notices
        ("done 'Check label balance'")."""
        if changes:
            self._push(self.done, Step(what, changes, self._head()))
            self.undone.clear()
            self.writes += 1

    def record_theirs(self, changes: list[Change], what: str) -> None:
        """Remember a change another process made (an agent's), for `undo_theirs`."""
        if changes:
            self._push(self.theirs, Step(what, changes, self._head()))
            self.writes += 1

    def _head(self) -> Future[str | None]:
        """What is checked out now, as `read_heads` will read it: in a linked worktree
        HEAD is in the main clone's `.git`, maybe on a hung network mount, where a read
        on the interface thread held every key that writes."""
        head: Future[str | None] = Future()
        with self._heads_lock:
            self._unread.append(head)
            start, self._reading = not self._reading, True
        if start:
            (self.start_reading or self.read_heads)()
        return head

    def read_heads(self) -> None:
        """Read what is checked out for the steps recorded since the last read, once for
        all of them, until none waits: one read at a time, however many writes come
        while a hung HEAD holds it."""
        while True:
            with self._heads_lock:
                waiting, self._unread = self._unread, []
                self._reading = bool(waiting)
            if not waiting:
                return
            try:
                head = checked_out(self.store.git_root)
            except CredoError as error:  # the steps' undo says it (`Step.unchecked`)
                for each in waiting:
                    each.set_exception(error)
                continue
            except BaseException as error:  # a bug: undo says it, rather than wait for ever
                with self._heads_lock:
                    waiting += self._unread
                    self._unread, self._reading = [], False
                for each in waiting:
                    each.set_exception(error)
                raise
            for each in waiting:
                each.set_result(head)

    def undo_theirs(self) -> Step:
        """Revert the last change an agent made, as the person's own action: `u` puts it
        back, as it takes back any of the person's. Returns the agent's step as reverted."""
        return self._whole("undo_theirs")

    def undo(self) -> Step:
        """Revert the last action; returns it with the changes that put it back."""
        return self._whole("undo")

    def redo(self) -> Step:
        """Write again the last action undone; returns it with the changes that undo it."""
        return self._whole("redo")

    def _whole(self, which: str) -> Step:
        taking = self.begin(which)
        try:
            changes = self.write(taking)
        except BaseException as error:
            self.end(taking, None, stays=isinstance(error, MadeElsewhere))
            raise
        step = self.end(taking, changes)
        assert step is not None  # it was written
        return step

    def begin(self, which: str) -> Taking:
        """Start to take one step back or forth (`which`: `undo`, `redo`, `undo_theirs`),
        in three parts so that the app writes it in a worker (its checks read every run,
        review and the commit index: 0.2 s on a big project; what is checked out, maybe
        on a hung mount) and moves it between the stacks on its own thread, where
        actions are recorded. Refused when there is nothing to take, and while another
        step is being taken (`free`)."""
        self.free()
        stack = self._stack(which)
        verb = verb_of(which)
        if not stack:
            raise CredoError(
                "no change of an agent's to undo"
                if which == "undo_theirs"
                else f"nothing to {verb}"
            )
        self.taking = Taking(which, stack[-1], verb, time.monotonic())
        return self.taking

    def write(self, taking: Taking) -> list[Change]:
        """Revert `taking`'s changes, all or none (in any thread: no stack is touched);
        returns the changes that take them back in turn. Refused (`MadeElsewhere`) when
        it was made on another branch than the one checked out now."""
        self._here(taking.step, taking.verb)
        return self._taken(taking.step, taking.verb)

    def end(
        self, taking: Taking, changes: list[Change] | None, *, stays: bool = False
    ) -> Step | None:
        """`taking` is over. Written (`changes`, from `write`), it moves to the other
        stack, and is returned as `undo`, `redo` and `undo_theirs` return it. Refused
        (None: its files changed since, or something made since names what it would
        delete), it is dropped: the next undo takes the step under it; but a step made
        on another branch (`stays`: `MadeElsewhere`) stays, to be taken there."""
        self.taking = None
        if stays:
            return None
        step, stack = taking.step, self._stack(taking.which)
        # An action recorded meanwhile (a save whose worker began before) may stand above
        # it, or have cleared the redo stack under it.
        stack[:] = [each for each in stack if each is not step]
        if changes is None:
            return None
        back = Step(step.what, changes, head=step.head)
        if taking.which == "undo":
            self._push(self.undone, back)
        elif taking.which == "redo":
            self._push(self.done, back)
        else:  # the agent's change is taken back as the person's own action
            self._push(self.done, back._replace(what=f"undo of {step.what}"))
            self.undone.clear()
        self.writes += 1
        return back

    def _stack(self, which: str) -> list[Step]:
        return {"undo": self.done, "redo": self.undone, "undo_theirs": self.theirs}[which]

    def free(self) -> None:
        """Refuse a change while a step is being taken (`begin`): a change to its files
        written meanwhile would have it refused (changed since), and a second undo would
        take the same step again."""
        if self.taking is not None:
            raise CredoError(f"Still {self.taking.doing}: try again once it is done")

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
        (a `git checkout` since): it stays, to be taken back there. Waits for the step's
        head to be read (`read_heads`): off the interface thread, as the read of now. A
        head that could not be read then is not checked (`Step.unchecked`: its undo says
        so; waiting would not tell it), one that cannot be read now is waited for."""
        if step.unchecked:
            return
        made = step.head.result()
        try:
            now = checked_out(self.store.git_root)
        except CredoError as error:  # git may read it again: the step stays till then
            raise MadeElsewhere(
                f"Cannot {verb} {step.what}: what is checked out now could not be read: "
                f"{error.message}; it stays ({verb} again once git reads it)"
            ) from None
        if made is not None and now is not None and now != made:
            raise MadeElsewhere(
                f"Cannot {verb} {step.what}: made on {_named(made)}, and"
                f" {_named(now)} is checked out now (git checkout {made}, then {verb})"
            )


class MadeElsewhere(CredoError):
    """An undo or redo refused: its step was made on another branch than the one checked
    out now, or what is checked out now cannot be read. It stays, to be taken there, or
    once git reads it (`History.end`'s `stays`)."""


def _named(head: str) -> str:
    """A branch by its name, a detached HEAD by its commit."""
    return f"commit {head[:7]}" if len(head) == 40 and head.isalnum() else head
