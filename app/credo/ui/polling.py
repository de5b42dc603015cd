"""Cheap polling of the store for changes made outside this app, and the one rule that
keeps a view from showing a look older than the app's own last write."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from threading import Lock
from time import monotonic
from typing import TYPE_CHECKING, NamedTuple

from credo.domain.models import WAITING, Experiment
from credo.gitlink.authors import me_when_asked
from credo.store.paths import CREDO_DIR, git_common_dir, said_elsewhere
from credo.store.stamps import Stamp, fingerprint
from credo.store.worktrees import other_projects

if TYPE_CHECKING:
    from credo.actions.history import History
    from credo.actions.lost_runs import Me
    from credo.domain.models import Item, Run
    from credo.runs.slurm import JobView
    from credo.store.store import Store

SLURM_SECONDS = 5.0
"""How often a view asks SLURM about the project's jobs while some are waiting."""


class SlurmView:
    """The views' runs settled (the app holds one for all), with SLURM asked about their
    jobs at most every `SLURM_SECONDS` while some run waits, and never while an ask is
    under way (a controller that does not answer holds `squeue` up to a minute);
    between asks, its last answer stands."""

    def __init__(self, me: Me) -> None:
        self.me = me
        """Who is at the keyboard (`lost_runs.Me`): what tells a copy of a run of my other
        worktree from a run in another person's clone, asked of the app, not of git at
        each poll (`CredoApp.me_for_reads`)."""
        self.due = 0.0
        """When SLURM may be asked again (`time.monotonic`)."""
        self.jobs: dict[str, JobView] = {}
        """What SLURM said of the runs it holds, at the last ask."""
        self.asking = Lock()
        """Held by the poll that asks SLURM (the views poll in thread workers)."""

    def settle(self, store: Store, runs: Iterable[Run]) -> tuple[list[Run], dict[str, str]]:
        """`runs` settled and the states worth words (`lost_runs.settled_states`)."""
        from credo.actions.lost_runs import settled_states

        runs = list(runs)
        due = any(run.status in WAITING for run in runs) and monotonic() >= self.due
        ask = due and self.asking.acquire(blocking=False)
        try:
            settled, states, jobs = settled_states(store, runs, None if ask else self.jobs, self.me)
        finally:
            if ask:
                self.due = monotonic() + SLURM_SECONDS  # counted from the answer
                self.asking.release()
        if ask:
            self.jobs = jobs
        return settled, states


class FolderWatch:
    """Says when a folder of items (or some files: git's own) may have changed since the
    last look.

    credo, git and most editors replace a file through a rename, which changes the
    folder's own mtime: one `stat` per poll sees those at once. A file edited in
    place does not touch the folder, so every `every`-th poll says "look" anyway.
    Reading all of ten thousand files' stamps each second cost ~100 ms of a core.
    """

    def __init__(self, *paths: Path, every: int = 10) -> None:
        self.paths = paths
        """What it watches; a feed may change them between polls (a new one is a change)."""
        self.every = every
        self._stamp: tuple[tuple[Path, ...], tuple[int | None, ...]] | None = None
        self._polls = every - 1  # so the first poll always looks

    def due(self) -> bool:
        stamp = (self.paths, tuple(map(_mtime, self.paths)))
        self._polls += 1
        if stamp != self._stamp or self._polls >= self.every:
            self._stamp = stamp
            self._polls = 0
            return True
        return False

    def again(self) -> None:
        """Say "look" at the next poll too (the last look found something half made)."""
        self._polls = self.every - 1


def unless_under_way(lock: Lock, look: Callable[[], object]) -> None:
    """In a poll's worker: `look`, unless the last one is still under way in an earlier
    poll's worker (it holds `lock`: a slow `git status`, a hung mount). It is skipped,
    the poll's other looks go on, and a poll after it ends takes it, with its look for
    changes (a `FolderWatch`): no read begins beside one under way."""
    if lock.acquire(blocking=False):
        try:
            look()
        finally:
            lock.release()


def records_elsewhere(store: Store) -> tuple[Path, ...]:
    """The experiment folders of the clone's other worktrees (`other_projects`): none
    outside git, nor when git's own files cannot be read (the next poll asks again)."""
    if store.git_root is None:
        return ()
    try:
        projects = other_projects(store.project_root, store.git_root)
    except (OSError, ValueError):  # `.git` gone or not text: no other worktree to watch
        return ()
    return tuple(project / CREDO_DIR / Experiment.folder for project in projects)


def worktree_list(store: Store) -> tuple[Path, ...]:
    """The folder of git's own where it lists the clone's linked worktrees (its mtime
    moves when one is added or removed): none outside git, nor when `.git` cannot be read."""
    if store.git_root is None:
        return ()
    try:
        return (git_common_dir(store.git_root) / "worktrees",)
    except (OSError, ValueError):
        return ()


def _mtime(path: Path) -> int | None:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return None


def _half_made(runs: Path, stamps: dict[str, Stamp]) -> bool:
    """Whether a run's folder has no record yet (`credo run` makes the folder, then
    captures git, then writes run.toml): the look took no stamp for it."""
    try:
        return sum(name[0] != "." for name in os.listdir(runs)) > len(stamps)
    except OSError:
        return False


def stamps_signature(*stamps: dict[str, Stamp]) -> int:
    """One number for what some folders of items look like on disk (store stamps).

    Order-sensitive but cheap: a folder listed in a new order costs one needless redraw.
    """
    return hash(tuple((tuple(each), tuple(each.values())) for each in stamps))


class Look(NamedTuple):
    """One look at some kinds' files: their stamps, those in one number, and the app's
    count of writes when it began. (A tuple: see `LoadProblem`.)"""

    stamps: tuple[dict[str, Stamp], ...]
    signature: int
    writes: int


class StoreFeed:
    """A view's feed of some kinds of items (the board's tasks, the log's experiments and
    runs, the countdown's experiments).

    `due()` says when to look (a folder watch: renames at once, edits in place every
    `every` polls); `look()` takes the stamps, in a worker; `changed()` says whether they
    differ from what the view shows (`signature`); `fresh()` whether the app wrote
    nothing since the look began: a look from before a write would put an item back
    where it was, for a poll, so a view drops it and the next look sees the write.

    With `worktrees`, the feed also watches what says where an experiment runs
    (`running_in`): the experiment records of the clone's other worktrees (one resumed
    in `../exp-b` shows at the next poll, not at the view's next change of its own), and
    whether the other projects of mine the records here say run one are there (a clone
    where one runs deleted, its copy here counts down again at the next poll; another
    person's clone is not looked at: `said_elsewhere`). Its `kinds` then hold
    `Experiment`. Those places are looked at in the poll's worker, never on
    the interface thread, where a clone on a hung network mount (NFS, sshfs) froze the
    view at each poll: `due()` stats this project's own folders; while other places are
    watched (`watches_elsewhere`: in git, git's list of worktrees at least) a poll starts
    its worker anyway (`poll` says both), whose `look_after` stats them and looks only
    when something moved.
    """

    def __init__(
        self,
        store: Store,
        history: History,
        kinds: tuple[type[Item], ...],
        every: int = 10,
        *,
        worktrees: bool = False,
        me: Me | None = None,
    ) -> None:
        self.store = store
        self.history = history
        self.kinds = kinds
        self.watches = [FolderWatch(store.credo_dir / k.folder, every=every) for k in kinds]
        self.me = me or me_when_asked(store.git_root)
        """Who is at the keyboard (`lost_runs.Me`), which tells my other projects from
        another person's clone (`said_elsewhere`): the app's (`CredoApp.me_for_reads`),
        else asked of git the first time a record wants it."""
        self.elsewhere = FolderWatch(every=every) if worktrees else None
        """With `worktrees`: git's list of worktrees (one added is looked at the next poll),
        `records`, then `places`, each stat'ed in the worker (`look_after`): a linked
        worktree's list is in the main clone's `.git`, maybe on a hung network mount."""
        self.records: tuple[Path, ...] = ()
        """The other worktrees' experiment folders (`records_elsewhere`), at the last look."""
        self.places: tuple[Path, ...] = ()
        """The other projects of mine the records here say run experiments (`said_elsewhere`):
        another person's clone decides nothing here, and is not looked at."""
        self.places_of: int | None = None
        """The stamps `places` were read at, in one number: a look reads them only anew."""
        self.signature: int | None = None
        """The stamps of what the view shows, in one number."""

    def due(self) -> bool:
        """Whether this project's folders may have changed since the last look: a stat of
        each, nothing of other places (on the interface thread, but for the countdown's,
        which the app's poll asks in its worker: that worker starts at every poll)."""
        return any([watch.due() for watch in self.watches])  # each watch takes its look

    def again(self) -> None:
        """Look at the next poll, whatever moved (the last look began before a write of
        the app's own: see `fresh`)."""
        for watch in self.watches:
            watch.again()

    def watches_elsewhere(self) -> bool:
        """On the interface thread: whether other places are watched (git's list of
        worktrees, other worktrees' records, other projects the records here name): then
        each poll starts its worker, whatever `due` said, for `look_after` to stat them
        there."""
        if self.elsewhere is None:
            return False
        return self.store.git_root is not None or bool(self.places)

    def poll(self) -> bool | None:
        """On the interface thread, at a poll: the `due` to give the worker's `look_after`,
        or None when the worker need not start (nothing here may have changed and no
        other place is watched)."""
        due = self.due()  # other places, in the worker (a hung mount holds it)
        return due if due or self.watches_elsewhere() else None

    def look_after(self, due: bool) -> Look | None:
        """In a poll's worker: the look when `due` (this project's folders may have
        changed) or the other places watched moved (a stat of each: one on a hung mount
        holds this worker, not the view); None when neither did."""
        moved = False
        if self.elsewhere is not None:
            self.records = records_elsewhere(self.store)
            self.elsewhere.paths = (*worktree_list(self.store), *self.records, *self.places)
            moved = self.elsewhere.due()
        return self.look() if due or moved else None

    def look(self) -> Look:
        writes = self.history.writes
        stamps = tuple(self.store.stamps(kind) for kind in self.kinds)
        for watch, kind, each in zip(self.watches, self.kinds, stamps, strict=True):
            if kind.folder == "runs" and _half_made(watch.paths[0], each):
                watch.again()  # its run.toml goes in its own folder: the runs' mtime stays
        signature = stamps_signature(*stamps)
        if self.elsewhere is not None:  # the records there; whether the places are there
            there = self.records = records_elsewhere(self.store)
            if signature != self.places_of:  # the records may say other places
                experiments = self.store.load(Experiment, stamps[self.kinds.index(Experiment)])
                self.places = said_elsewhere(
                    self.store.project_root,
                    experiments.items.values(),
                    self.me,
                )
                self.places_of = signature
            signature = hash(
                (
                    signature,
                    there,
                    tuple(fingerprint(str(f)) for f in there),
                    tuple(place.is_dir() for place in self.places),  # which ones: the stamps say
                )
            )
        return Look(stamps, signature, writes)

    def changed(self, look: Look) -> bool:
        return look.signature != self.signature

    def fresh(self, look: Look) -> bool:
        return look.writes == self.history.writes
